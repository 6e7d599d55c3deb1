"""The map step (extraction into shards) on a Dask cluster: `kgbuild extract PATHS --shards DIR --dask ADDRESS`.

    pip install 'kgbuild[dask]'
    kgbuild extract articles/ --shards shards/ --dask local:2            # a LocalCluster of two processes
    kgbuild extract articles/ --shards shards/ --dask tcp://sched:8786    # a running `dask scheduler`
    kgbuild build --from-shards shards/ --store kg                        # the reduce step, on one machine

This process reads the inputs exactly as a local `kgbuild extract` does (the same skips, the same document
ids) and cuts the documents into partitions by `kgbuild.shards.partition_plan`: partition k is shard k,
PREFIX-0000k.jsonl, holding the same documents a local run puts there. Each partition is one Dask task that
extracts it with the worker's model (loaded once per worker process, then reused by every later task there)
and writes its shard, so the shards are byte for byte those of a local `kgbuild extract` of the same input.
Only a few partitions are in flight at once, so this process never holds the whole corpus.

The workers write the shards themselves, so DIR must be a folder they all see (on one machine any folder; on
a cluster a shared file system). As locally, the shards are written beside the old ones (DIR/.PREFIX.new/)
and moved in at the end: a run that fails or is interrupted leaves DIR as it was.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import KgbuildError
from .records import Document, Notice, Skipped
from .shards import DOCS_PER_SHARD, partition_plan, replace_shards, shard_name, write_shard

IN_FLIGHT_PER_WORKER = 2  # partitions queued per worker: enough to keep each busy, few enough to bound memory


class DaskMissing(KgbuildError):
    def __init__(self) -> None:
        super().__init__("--dask needs Dask's distributed scheduler: pip install 'kgbuild[dask]'")


def parse_scheduler(spec: str) -> tuple[str, int | str]:
    """('local', N) for 'local:N' (a LocalCluster of N worker processes), ('address', ADDRESS) for a scheduler's
    address (tcp://host:8786, or any address dask.distributed.Client accepts)."""
    spec = spec.strip()
    if spec == "local" or spec.startswith("local:"):
        n = spec.partition(":")[2] or "2"
        if not n.isdigit() or not 1 <= int(n) <= 64:
            raise KgbuildError(f"--dask {spec!r}: write local:N with N worker processes from 1 to 64 (e.g. local:2)")
        return "local", int(n)
    if not spec or any(c.isspace() for c in spec):
        raise KgbuildError(f"--dask {spec!r} is neither local:N nor a scheduler address such as tcp://host:8786")
    return "address", spec


# ------------------------------------------------------------------ on the workers
_extractors: dict[tuple[str | None, str], Any] = {}


def _extractor(model: str | None, patterns: list[tuple[str, str]]):
    """This worker process's extractor for (model, pattern files): loaded by its first task, reused by the rest."""
    key = (model, hashlib.sha256(repr(patterns).encode()).hexdigest())
    ex = _extractors.get(key)
    if ex is None:
        from .extract import Extractor

        folder = Path(tempfile.mkdtemp(prefix="kgbuild-dask-patterns-"))
        files = []
        for n, (name, text) in enumerate(patterns):
            path = folder / f"{n:02d}-{Path(name).name or 'patterns.json'}"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        ex = _extractors[key] = Extractor(model, files)
    return ex


def extract_partition(docs: list[Document], path: str, model: str | None, batch_size: int,
                      patterns: list[tuple[str, str]]) -> int:
    """One Dask task: extract one partition with this worker's model and write it as one shard (whole or not at
    all). Returns the number of documents written."""
    return write_shard(_extractor(model, patterns).extract(docs, batch_size=batch_size), path)


# ------------------------------------------------------------------ on the client
def extract_dask(paths: Iterable[str | os.PathLike], shards: str | os.PathLike, scheduler: str, result, *,
                 max_bytes: int, model: str | None = None, batch_size: int = 50, patterns: list[str] | None = None,
                 docs_per_shard: int = DOCS_PER_SHARD, prefix: str = "part",
                 on_skip: Callable[[Skipped], None] | None = None, on_progress: Callable[[int], None] | None = None,
                 on_notice: Callable[[Notice], None] | None = None, follow_links: bool = False):
    """The map step with the extraction on a Dask cluster (`scheduler`: 'local:N' or an address), filling `result`
    (a kgbuild.api.ExtractResult): the shards `kgbuild.api.extract` writes, byte for byte. Call it through
    `kgbuild.api.extract_dask`, which checks the target folder first."""
    from .ingest import DocumentIds, iter_documents
    from .interrupt import check as check_interrupt

    kind, where = parse_scheduler(scheduler)
    try:
        from distributed import Client, LocalCluster, wait
    except ImportError:
        raise DaskMissing() from None
    out = Path(shards)
    pattern_texts = []
    for p in patterns or []:
        from .builder import PatternFile

        f = PatternFile.read(p)
        pattern_texts.append((f.name, f.text))
    t0 = time.perf_counter()
    stop = "interrupted; the shards folder is as it was before this command."

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    def counted() -> Iterator[Document]:
        for doc in iter_documents(paths, skip, ids=DocumentIds(on_notice), max_bytes=max_bytes,
                                  follow_links=follow_links):
            check_interrupt(stop)
            result.documents_read += 1
            yield doc

    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".{prefix}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    cluster = None
    try:
        if kind == "local":
            cluster = LocalCluster(n_workers=int(where), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        try:
            client = Client(cluster if cluster is not None else where)
        except (OSError, TimeoutError) as e:
            raise KgbuildError(f"cannot reach the Dask scheduler at {where}: {e}") from None
        with client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            window = IN_FLIGHT_PER_WORKER * workers
            pending: list[Any] = []

            def settle(futures: list[Any]) -> None:
                for f in futures:
                    try:
                        n = f.result()
                    except Exception as e:  # a task's error, raised here: one line, the shards folder untouched
                        raise KgbuildError(f"a Dask task failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
                    result.documents_extracted += n
                    if on_progress:
                        on_progress(n)

            for k, part in enumerate(partition_plan(counted(), docs_per_shard)):
                check_interrupt(stop)
                pending.append(client.submit(extract_partition, part, str(staging / shard_name(prefix, k)), model,
                                             batch_size, pattern_texts, pure=False))
                if len(pending) >= window:
                    done, _ = wait(pending, return_when="FIRST_COMPLETED")
                    settle([f for f in pending if f in done])
                    pending = [f for f in pending if f not in done]
                    check_interrupt(stop)
            wait(pending)
            settle(pending)
        check_interrupt(stop)
        if result.documents_extracted:
            result.shards = [str(f) for f in replace_shards(staging, out, prefix)]
        elif on_notice:
            on_notice(Notice(str(out), f"no document was extracted, so the shards of prefix {prefix!r} there "
                                       "were left as they were"))
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - t0
    return result
