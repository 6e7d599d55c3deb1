"""Ingest: files, folders and JSONL lines in; Document records out.

Bad inputs never abort the run: each one is reported once as a Skipped record
through `on_skip`, and reading goes on with the next.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .records import Document, Skipped

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES

SkipHandler = Callable[[Skipped], None]


def iter_documents(paths: Iterable[str | os.PathLike], on_skip: SkipHandler) -> Iterator[Document]:
    """Yield a Document for every article under `paths`, in a stable order."""
    seen: set[str] = set()
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files = _walk(p, on_skip)
            if not files:
                on_skip(Skipped(str(p), "no .txt, .md or .jsonl files in this folder"))
        elif p.exists():
            files = [p]
        else:
            on_skip(Skipped(str(p), "no such file or folder"))
            continue
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                docs = _read_jsonl(f, on_skip)
            elif f.suffix.lower() in TEXT_SUFFIXES or not p.is_dir():
                doc = _read_text(f, on_skip)
                docs = [doc] if doc else []
            else:
                continue
            for doc in docs:
                if doc.doc_id in seen:
                    on_skip(Skipped(doc.source or doc.doc_id, f"duplicate document id {doc.doc_id!r}; the first one is kept"))
                    continue
                seen.add(doc.doc_id)
                yield doc


def _walk(root: Path, on_skip: SkipHandler) -> list[Path]:
    """Files under a folder, sorted, following links once and never in a loop."""
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        on_skip(Skipped(str(err.filename), f"cannot read folder: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:
            on_skip(Skipped(dirpath, "folder link loop; not followed again"))
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.lower().endswith(SUPPORTED) and not name.endswith(".gold.json"):
                found.append(Path(dirpath) / name)
    return found


def _decode(raw: bytes, where: str, on_skip: SkipHandler) -> str | None:
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        on_skip(Skipped(where, "binary file (contains NUL bytes), not text"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        on_skip(Skipped(where, f"not valid UTF-8 (byte {e.start}); convert it with iconv -t UTF-8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_text(path: Path, on_skip: SkipHandler) -> Document | None:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        on_skip(Skipped(where, f"cannot read: {e.strerror or e}"))
        return None
    text = _decode(raw, where, on_skip)
    if text is None:
        return None
    if not text.strip():
        on_skip(Skipped(where, "empty file"))
        return None
    first = text.strip().split("\n", 1)[0].strip().lstrip("# ").strip()
    return Document(doc_id=path.stem, text=text, title=first or None, source=str(path))


def _read_jsonl(path: Path, on_skip: SkipHandler) -> Iterator[Document]:
    """Stream a JSONL file line by line: memory stays flat whatever its size."""
    try:
        fh = path.open("rb")
    except OSError as e:
        on_skip(Skipped(str(path), f"cannot read: {e.strerror or e}"))
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            doc = document_from_jsonl_line(raw, f"{path}:{n}", on_skip)
            if doc is not None:
                yield doc


def document_from_jsonl_line(raw: bytes, where: str, on_skip: SkipHandler) -> Document | None:
    """One JSONL article line as a Document, or None (reported through on_skip unless blank).

    Also what a map step running on an engine (benchmarks/dask_map.py) uses on its chunks of lines.
    """
    if not raw.strip():
        return None
    line = _decode(raw, where, on_skip)
    if line is None:
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        on_skip(Skipped(where, f"not valid JSON ({e.msg} at column {e.colno})"))
        return None
    if not isinstance(obj, dict):
        on_skip(Skipped(where, "not a JSON object; expected {\"id\": ..., \"text\": ...}"))
        return None
    doc_id, text = obj.get("id"), obj.get("text")
    if doc_id is None or str(doc_id).strip() == "":
        on_skip(Skipped(where, "no \"id\" field"))
        return None
    if not isinstance(text, str) or not text.strip():
        on_skip(Skipped(where, "no \"text\" or an empty one"))
        return None
    text = _clean_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    return Document(
        doc_id=str(doc_id),
        text=text,
        title=_opt_str(obj.get("title")),
        published=_opt_str(obj.get("published")),
        source=_opt_str(obj.get("source") or obj.get("url")) or where,
    )


def _opt_str(v: object) -> str | None:
    return None if v is None else _clean_surrogates(str(v))


def _clean_surrogates(s: str) -> str:
    # JSON escapes may encode lone surrogates, which no store or file can hold.
    return s.encode("utf-8", "replace").decode("utf-8") if any(0xD800 <= ord(c) <= 0xDFFF for c in s) else s
