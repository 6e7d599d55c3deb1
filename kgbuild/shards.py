"""Extraction shards: the map step's output on disk, the reduce step's input.

A shard is a JSONL file holding one `DocExtraction.to_json()` per line (`records.encode_record`), the same
format a store keeps in STORE/shards/. Extraction (the per-document map step) can therefore run anywhere —
`kgbuild extract --shards DIR`, several machines, or an engine such as Dask calling
`extract_shard` on chunks of a corpus — and `kgbuild build --from-shards DIR` (the reduce step:
resolve, assemble, store) reads what they wrote.

Each shard file appears whole or not at all: it is written under a `.tmp` name and renamed, so a
reduce step never reads half a shard from a map step that is still running or was killed.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .interrupt import check as check_interrupt
from .records import DocExtraction, Document, Skipped, decode_record, encode_record

SHARD_SUFFIX = ".jsonl"
DOCS_PER_SHARD = 1000


def shard_name(prefix: str, n: int) -> str:
    """The file name of shard `n` of a run with `prefix`: PREFIX-00000.jsonl, PREFIX-00001.jsonl, ..."""
    return f"{prefix}-{n:05d}{SHARD_SUFFIX}"


def partition_plan(documents: Iterable[Document], docs_per_shard: int = DOCS_PER_SHARD) -> Iterator[list[Document]]:
    """Which documents go to which shard: the k-th run of `docs_per_shard` documents, in reading order, is shard k.
    A local `kgbuild extract` (ShardWriter, one record per document) and the Dask map step (kgbuild.dask_map, one
    task per partition) both follow it, so they write the same shards."""
    size = max(1, docs_per_shard)
    part: list[Document] = []
    for doc in documents:
        part.append(doc)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


class ShardWriter:
    """Writes DocExtraction records to DIR/<prefix>-00000.jsonl, -00001, ... `docs_per_shard` per file (the
    partition plan of `partition_plan`)."""

    def __init__(self, directory: str | os.PathLike, prefix: str = "part", docs_per_shard: int = DOCS_PER_SHARD) -> None:
        self.dir = Path(directory)
        self.prefix = prefix
        self.docs_per_shard = max(1, docs_per_shard)
        self.files: list[Path] = []
        self.documents = 0
        self._fh = None
        self._tmp: Path | None = None
        self._in_file = 0
        self.dir.mkdir(parents=True, exist_ok=True)

    def write(self, ext: DocExtraction) -> None:
        if self._fh is None:
            path = self.dir / shard_name(self.prefix, len(self.files))
            self._tmp = path.with_name(path.name + ".tmp")
            self._fh = open(self._tmp, "w", encoding="utf-8", errors="backslashreplace")
            self.files.append(path)
        self._fh.write(encode_record(ext) + "\n")
        self.documents += 1
        self._in_file += 1
        if self._in_file >= self.docs_per_shard:
            self._finish()

    def _finish(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.files[-1])
        self._fh, self._tmp, self._in_file = None, None, 0

    def close(self) -> list[Path]:
        self._finish()
        return self.files

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            Path(self._tmp).unlink(missing_ok=True)
            self.files.pop()
            self._fh = None

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_shard(extractions: Iterable[DocExtraction], path: str | os.PathLike) -> int:
    """Write one shard file atomically; returns the number of documents in it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as fh:
        for ext in extractions:
            fh.write(encode_record(ext) + "\n")
            n += 1
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return n


def shard_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The shard files named by `paths`: a folder gives its *.jsonl files (sorted, not recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.name.endswith(SHARD_SUFFIX) and f.is_file()))
        else:
            out.append(p)
    return out


def read_shards(paths: Iterable[str | os.PathLike],
                on_skip: Callable[[Skipped], None] | None = None) -> Iterator[DocExtraction]:
    """Stream the DocExtraction records of shard files and folders, in order; bad lines are reported, not fatal."""
    def skip(where: str, reason: str) -> None:
        if on_skip:
            on_skip(Skipped(where, reason))

    for f in shard_files(paths):
        try:
            fh = open(f, "rb")
        except OSError as e:
            skip(str(f), f"cannot read shard: {e.strerror or e}")
            continue
        with fh:
            for n, raw in enumerate(fh, 1):
                check_interrupt()
                if not raw.strip():
                    continue
                try:
                    yield decode_record(raw.decode("utf-8"))
                except UnicodeDecodeError as e:
                    skip(f"{f}:{n}", f"not a DocExtraction record (not UTF-8 at byte {e.start})")
                except (ValueError, TypeError, KeyError) as e:
                    skip(f"{f}:{n}", f"not a DocExtraction record ({str(e).splitlines()[0][:200] if str(e) else type(e).__name__})")
                except RecursionError:
                    skip(f"{f}:{n}", "not a DocExtraction record (JSON nested too deeply to read)")


def replace_shards(staging: Path, out: Path, prefix: str) -> list[Path]:
    """Move the finished shards of `staging` into `out`, then remove the shards of `prefix` the new run did not
    write: the old shards stay whole until the new ones are all there. Returns the new shard files."""
    new = sorted(p for p in staging.iterdir() if p.name.endswith(SHARD_SUFFIX))
    names = {p.name for p in new}
    for p in new:
        os.replace(p, out / p.name)
    for old in out.iterdir():
        if old.name not in names and is_prefix_shard(old.name, prefix):
            old.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    return [out / p.name for p in new]


def is_prefix_shard(name: str, prefix: str) -> bool:
    """Whether a file name is a shard (or its temporary file) that `ShardWriter` writes for `prefix`."""
    import re

    return re.fullmatch(re.escape(prefix) + r"-\d{5,}\.jsonl(\.tmp)?", name) is not None


# ------------------------------------------------------------------ for engines
_extractors: dict = {}


def extract_shard(documents: Iterable[Document], path: str | os.PathLike, model: str | None = None,
                  batch_size: int = 50) -> int:
    """Map step for an engine's task: extract `documents` in this process and write them to one shard.

    The model loads once per process and is reused by every later task the process runs.
    """
    from .extract import Extractor

    ex = _extractors.get(model)
    if ex is None:
        ex = _extractors[model] = Extractor(model)
    return write_shard(ex.extract(documents, batch_size=batch_size), path)
