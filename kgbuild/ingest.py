"""Ingest: files, folders and JSONL lines in; Document records out.

Bad inputs never abort the run: each one is reported once as a Skipped record through `on_skip`, and
reading goes on with the next. What is read:

- files named on the command line, and the `.txt`, `.md`, `.jsonl` and `.ndjson` files of folders
  (recursively; names starting with `.` are left out);
- regular files only: a FIFO, socket or device is reported, never opened for reading (a FIFO would block);
- at most `max_bytes` per file (per line for JSONL, which is streamed whatever its size);
- in folders, symbolic links only to files and folders inside the folder given, unless `follow_links`:
  a link leading elsewhere (`corpus/x.txt -> /etc/shadow`) is reported, not followed.

Each Document carries an `origin` (what it is across builds: the file's absolute path, or a JSONL id with
the feed or source it came from); `DocumentIds` turns origins into document ids that stay stable from one
build to the next and never silently stand for two articles.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from .interrupt import check as check_interrupt
from .records import Document, Notice, Skipped

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES
DEFAULT_MAX_MB = 20
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1_000_000  # an article (a file, or a JSONL line) larger than this is skipped
_READ = 1 << 20

SkipHandler = Callable[[Skipped], None]


def iter_documents(paths: Iterable[str | os.PathLike], on_skip: SkipHandler, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   follow_links: bool = False, ids: DocumentIds | None = None) -> Iterator[Document]:
    """Yield a Document for every article under `paths`, in a stable order (see the module doc), each under the
    id `ids` gives it (a DocumentIds that knows the store's documents; by default one that knows this run's)."""
    ids = ids if ids is not None else DocumentIds()
    seen: dict[str, str] = {}  # origin -> where it was first read
    for path in paths:
        check_interrupt()
        p = Path(path)
        if _is_dir(p):
            files = _walk(p, on_skip, follow_links)
            if not files:
                on_skip(Skipped(str(p), "no .txt, .md or .jsonl files in this folder"))
        elif os.path.lexists(p):
            files = [_Found(p, p, named=True)]
        else:
            on_skip(Skipped(str(p), "no such file or folder"))
            continue
        for f in files:
            check_interrupt()
            if not _utf8(str(f.path)):
                on_skip(Skipped(str(f.path), "the file name is not valid UTF-8; rename the file to read it"))
                continue
            if f.path.suffix.lower() in JSONL_SUFFIXES:
                docs: Iterable[Document] = _read_jsonl(f, on_skip, max_bytes)
            elif f.path.suffix.lower() in TEXT_SUFFIXES or f.named:
                doc = _read_text(f, on_skip, max_bytes)
                docs = [doc] if doc else []
            else:
                continue
            for doc in docs:
                key = doc.origin or doc.doc_id
                if key in seen:
                    on_skip(Skipped(doc.source or doc.doc_id, f"the same file as {seen[key]}; read once"
                                    if key.startswith("file:") else
                                    f"duplicate document id {doc.doc_id!r} (first read at {seen[key]}); the first one "
                                    "is kept"))
                    continue
                seen[key] = doc.source or doc.doc_id
                doc = ids.assign(doc, on_skip)
                if doc is not None:
                    yield doc


@dataclass(frozen=True)
class _Found:
    path: Path  # as the user will read it in messages (the folder given, joined with names)
    target: Path  # what to open: the path itself, or where an allowed link inside the folder leads
    named: bool = False  # named on the command line (read whatever its suffix, links followed)


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _walk(root: Path, on_skip: SkipHandler, follow_links: bool) -> list[_Found]:
    """Files under a folder, sorted; links followed only inside the folder (or everywhere with follow_links),
    and never in a loop."""
    found: list[_Found] = []
    try:
        inside = os.path.realpath(root)
    except OSError as e:
        on_skip(Skipped(str(root), f"cannot read folder: {e.strerror or e}"))
        return found
    visited: set[tuple[int, int]] = set()

    def within(target: str) -> bool:
        return target == inside or target.startswith(inside.rstrip(os.sep) + os.sep)

    def visit(folder: Path, real: Path) -> None:
        check_interrupt()
        try:
            st = os.stat(real)
            entries = sorted(os.scandir(real), key=lambda e: e.name)
        except OSError as e:
            on_skip(Skipped(str(folder), f"cannot read folder: {e.strerror or e}"))
            return
        if (st.st_dev, st.st_ino) in visited:
            on_skip(Skipped(str(folder), "a folder already read (a link loop, or a second link to it); not read again"))
            return
        visited.add((st.st_dev, st.st_ino))
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            shown = folder / name
            try:
                is_link = entry.is_symlink()
                target = Path(os.path.realpath(entry.path)) if is_link else Path(entry.path)
                is_dir = target.is_dir()
            except OSError as e:
                on_skip(Skipped(str(shown), f"cannot read: {e.strerror or e}"))
                continue
            wanted = is_dir or (name.lower().endswith(SUPPORTED) and not name.endswith(".gold.json"))
            if not wanted:
                continue
            if is_link:
                if not os.path.exists(target):
                    on_skip(Skipped(str(shown), "a symbolic link to nothing (broken link)"))
                    continue
                if not follow_links and not within(str(target)):
                    on_skip(Skipped(str(shown), f"a symbolic link to {target}, outside {root}; not followed "
                                                "(pass --follow-links to read it)"))
                    continue
            if is_dir:
                visit(shown, target)
            else:
                found.append(_Found(shown, target))

    visit(root, Path(root))
    return found


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _open_regular(f: _Found, on_skip: SkipHandler):
    """An open binary file for a regular file, else None (reported). Opening never blocks: a FIFO is opened
    non-blocking and refused; a file found in a folder is opened without following a link that appeared since."""
    where = str(f.path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not f.named:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(f.target, flags)
    except OSError as e:
        if e.errno == errno.ELOOP and not f.named:
            on_skip(Skipped(where, "became a symbolic link while the folder was read; not followed"))
        elif e.errno == errno.ENXIO:
            on_skip(Skipped(where, "not a regular file (a socket or FIFO); only regular files are read"))
        else:
            on_skip(Skipped(where, f"cannot read: {e.strerror or e}"))
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
            on_skip(Skipped(where, f"{kind}, not a regular file; only regular files are read"))
            os.close(fd)
            return None
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError as e:
        os.close(fd)
        on_skip(Skipped(where, f"cannot read: {e.strerror or e}"))
        return None


def _too_big(max_bytes: int) -> str:
    return f"larger than the limit of {max_bytes / 1_000_000:g} MB per article (--max-mb raises it)"


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


def _read_text(f: _Found, on_skip: SkipHandler, max_bytes: int) -> Document | None:
    where = str(f.path)
    fh = _open_regular(f, on_skip)
    if fh is None:
        return None
    with fh:
        try:
            if os.fstat(fh.fileno()).st_size > max_bytes:
                on_skip(Skipped(where, _too_big(max_bytes)))
                return None
            raw = fh.read(max_bytes + 1)
        except OSError as e:
            on_skip(Skipped(where, f"cannot read: {e.strerror or e}"))
            return None
    if len(raw) > max_bytes:  # it grew while being read
        on_skip(Skipped(where, _too_big(max_bytes)))
        return None
    text = _decode(raw, where, on_skip)
    if text is None:
        return None
    if not text.strip():
        on_skip(Skipped(where, "empty file"))
        return None
    first = text.strip().split("\n", 1)[0].strip().lstrip("# ").strip()
    return Document(doc_id=f.path.stem, text=text, title=first or None, source=where,
                    origin="file:" + os.path.abspath(f.target))


def _read_jsonl(f: _Found, on_skip: SkipHandler, max_bytes: int) -> Iterator[Document]:
    """Stream a JSONL file line by line: memory stays flat whatever its size; a line over max_bytes is skipped."""
    fh = _open_regular(f, on_skip)
    if fh is None:
        return
    feed = "file:" + os.path.abspath(f.target)
    with fh:
        n = 0
        while True:
            try:
                raw = fh.readline(max_bytes + 1)
            except OSError as e:
                on_skip(Skipped(f"{f.path}:{n + 1}", f"cannot read: {e.strerror or e}"))
                return
            if not raw:
                return
            n += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                on_skip(Skipped(f"{f.path}:{n}", _too_big(max_bytes)))
                while raw and not raw.endswith(b"\n"):  # the rest of the line, not kept
                    raw = fh.readline(_READ)
                continue
            doc = document_from_jsonl_line(raw, f"{f.path}:{n}", on_skip, feed=feed)
            if doc is not None:
                yield doc


def document_from_jsonl_line(raw: bytes, where: str, on_skip: SkipHandler, feed: str | None = None) -> Document | None:
    """One JSONL article line as a Document, or None (reported through on_skip unless blank).

    `feed` names the file the line came from (what qualifies its id when the record names no source; by default
    `where` without its `:line`). Also what a map step running on an engine (kgbuild.dask_map) uses.
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
    except ValueError as e:  # e.g. an integer of more digits than Python converts
        on_skip(Skipped(where, f"not valid JSON ({str(e).split(';')[0]})"))
        return None
    except RecursionError:
        on_skip(Skipped(where, "JSON nested too deeply to read"))
        return None
    if not isinstance(obj, dict):
        on_skip(Skipped(where, "not a JSON object; expected {\"id\": ..., \"text\": ...}"))
        return None
    doc_id, text = obj.get("id"), obj.get("text")
    if isinstance(doc_id, (dict, list)):
        on_skip(Skipped(where, "the \"id\" is not a string or a number"))
        return None
    if doc_id is None or str(doc_id).strip() == "":
        on_skip(Skipped(where, "no \"id\" field"))
        return None
    doc_id = str(doc_id)
    if not _utf8(doc_id):
        on_skip(Skipped(where, "the \"id\" holds a lone surrogate escape (such as \\ud800), which is not text"))
        return None
    if not isinstance(text, str) or not text.strip():
        on_skip(Skipped(where, "no \"text\" or an empty one"))
        return None
    text = _clean_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    declared = _opt_str(obj.get("source") or obj.get("url"))
    qualifier = declared or feed or "file:" + os.path.abspath(where.rsplit(":", 1)[0])
    return Document(
        doc_id=doc_id,
        text=text,
        title=_opt_str(obj.get("title")),
        published=_opt_str(obj.get("published")),
        source=declared or where,
        origin=json.dumps([qualifier, doc_id], ensure_ascii=False),
    )


def _opt_str(v: object) -> str | None:
    return None if v is None or isinstance(v, (dict, list)) else _clean_surrogates(str(v))


def _clean_surrogates(s: str) -> str:
    # JSON escapes may encode lone surrogates, which no store or file can hold.
    return s if _utf8(s) else s.encode("utf-8", "replace").decode("utf-8")


# ------------------------------------------------------------------ document identity
def content_key(doc: Document) -> str:
    """What a document says (text, title, date): equal keys are the same article, wherever it was read."""
    h = hashlib.sha256()
    for part in (doc.text, doc.title or "", doc.published or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:24]


class _Held(NamedTuple):
    origin: str | None
    content: str
    source: str | None


class DocumentIds:
    """Document ids that mean one article, in one build and across builds.

    A document keeps the id its origin had before (a file edited since is an *update*, reported). A new
    document gets its natural id (the file name without suffix, the JSONL id) when that is free, or is the
    same article moved (same text); otherwise a qualified one — the folder it is in (`b/x`), the feed or
    source of a JSONL line (`17@feed`), or a short hash — and a notice says so. Records an older kgbuild
    stored (no origin) keep their ids, and a new document with that id is taken to be them, as before.
    The same article read twice in one run (a copy under another path) is reported and read once.
    """

    def __init__(self, on_notice: Callable[[Notice], None] | None = None) -> None:
        self._by_origin: dict[str, str] = {}
        self._held: dict[str, _Held] = {}  # or the stored rows themselves (`hold_stored`): the same attributes
        self._this_run: set[str] = set()
        self._on_notice = on_notice
        self.updated: list[str] = []

    def hold(self, doc: Document, content: str) -> None:
        """A stored document (a later call for the same id supersedes)."""
        self.hold_id(doc.doc_id, doc.origin, doc.source, content)

    def hold_stored(self, rows: list[Any]) -> None:
        """`hold` for every document of the store's digest index at once: rows with a doc_id, origin, source and
        content (kgbuild.stores.embedded.IndexRow), held as they are."""
        held = {r.doc_id: r for r in rows}
        if self._held or len(held) != len(rows):  # not the first thing held, or an id twice: one at a time
            for r in rows:
                self.hold_id(r.doc_id, r.origin, r.source, r.content)
            return
        self._held = held
        self._by_origin = {r.origin: r.doc_id for r in rows if r.origin}

    def hold_id(self, doc_id: str, origin: str | None, source: str | None, content: str) -> None:
        """`hold` for what the store's digest index says of a document (no Document made for each of many)."""
        old = self._held.get(doc_id)
        if old is not None and old.origin and self._by_origin.get(old.origin) == doc_id:
            del self._by_origin[old.origin]
        self._held[doc_id] = _Held(origin, content, source)
        if origin:
            self._by_origin[origin] = doc_id

    def assign(self, doc: Document, on_skip: SkipHandler, content: str | None = None) -> Document | None:
        """`doc` under the id it has in this store (its doc_id replaced when that differs), now held; None (reported
        through on_skip) when it is an article already read in this run under another path."""
        content = content or content_key(doc)
        origin = doc.origin
        doc_id = self._by_origin.get(origin) if origin else None
        if doc_id is None:
            held = self._held.get(doc.doc_id)
            if held is not None and origin and held.origin and held.content == content and doc.doc_id in self._this_run:
                on_skip(Skipped(doc.source or doc.doc_id, f"the same article as {held.source or doc.doc_id}, "
                                                          "read once"))
                return None
            if held is None or not origin or held.origin is None or held.content == content:
                doc_id = doc.doc_id  # free; no origin to tell; an older record; or the same article moved
            else:
                doc_id = self._qualified(doc)
                self._notice(doc, f"stored as document {doc_id!r}, because {doc.doc_id!r} is another article "
                                  f"({'from ' + held.source if held.source else 'stored before'})")
        held = self._held.get(doc_id)
        if held is not None and held.content != content and (held.origin == origin or held.origin is None):
            self.updated.append(doc_id)
            self._notice(doc, f"updated: document {doc_id!r} differs from the one stored before, which it replaces")
        self.hold(replace(doc, doc_id=doc_id), content)
        self._this_run.add(doc_id)
        return doc if doc_id == doc.doc_id else replace(doc, doc_id=doc_id)

    def _qualified(self, doc: Document) -> str:
        base = doc.doc_id
        candidates: list[str] = []
        origin = doc.origin or ""
        if origin.startswith("file:"):
            parts = [p for p in Path(origin[5:]).parent.parts if p not in ("", os.sep)][::-1]
            candidates += ["/".join(reversed(parts[:i])) + "/" + base for i in range(1, min(len(parts), 3) + 1)]
        elif origin.startswith("["):
            qualifier = json.loads(origin)[0]
            name = Path(qualifier[5:]).stem if qualifier.startswith("file:") else qualifier
            candidates.append(f"{base}@{name}")
        candidates.append(f"{base}~{hashlib.sha256(origin.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}")
        return next((c for c in candidates if c not in self._held), candidates[-1])

    def _notice(self, doc: Document, message: str) -> None:
        if self._on_notice is not None:
            self._on_notice(Notice(doc.source or doc.doc_id, message))
