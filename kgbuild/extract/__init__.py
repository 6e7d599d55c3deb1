"""Extract: the per-document map step. Documents in, DocExtraction records out.

Each worker process loads the model once and runs `nlp.pipe` over a task of
documents, then reads mentions and relations off each parsed Doc, so only the
small records (never the Docs) travel between processes.

The parsing itself is kgbuild.extract.extractor's `Extractor` (also reachable as
kgbuild.extract.Extractor). This package does not import spaCy: a build whose
extraction runs in worker processes never loads it in its own process, which
gets ready to resolve and write while the workers start instead.
"""
from __future__ import annotations

import ctypes
import hashlib
import math
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from ..records import DocExtraction, Document
from .models import available_model
from .patterns import patterns_fingerprint

if TYPE_CHECKING:
    from .extractor import Extractor

BATCH_SIZE = 50  # documents per nlp.pipe batch: larger batches cost memory and speed
MIN_TASK = 5  # the fewest documents in a worker's task, at the end of the input (see _tasks)
MAX_CHARS = 100_000  # longer articles are parsed in paragraph-aligned pieces of about this size
BATCH_CHARS = 250_000  # at most this much text in one nlp.pipe batch (about 40,000 words): bounded memory


def extraction_fingerprint(pattern_files: list[str] | None = None, model: str | None = None) -> str:
    """Changes whenever what extraction would produce may change: kgbuild's version, its data
    files, the user's pattern files. Stored documents with another fingerprint are extracted again."""
    from .. import __version__
    from ..resources import data_fingerprint

    h = hashlib.sha256(f"{__version__}|{available_model(model)}|{data_fingerprint()}".encode())
    h.update(patterns_fingerprint(pattern_files).encode())
    return h.hexdigest()[:16]


def digest(doc: Document, fingerprint: str = "") -> str:
    h = hashlib.sha256(fingerprint.encode())
    for part in (doc.text, doc.title or "", doc.published or "", doc.source or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


# ---------------------------------------------------------------- processes
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # mallopt's parameters (glibc's malloc.h)


def keep_freed_memory() -> bool:
    """Tell glibc's malloc to keep freed memory for reuse: blocks up to 32 MB come from the heap (not mmap), the
    heap grows 64 MB at a time and is given back only when 1 GB lies free at its top. Called in the extraction
    workers' processes (kgbuild.workers), which parse a batch, send its records away and free the rest: by
    default glibc hands those pages back, and the next batch faults them in again (8 % of a worker's CPU). A
    caller's own process is left as it is. False (and nothing done) where the C library is not glibc."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return False
        mallopt = ctypes.CDLL(None).mallopt
    except (ValueError, OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return all([mallopt(M_MMAP_THRESHOLD, 32 << 20), mallopt(M_TRIM_THRESHOLD, 1 << 30),
                mallopt(M_TOP_PAD, 64 << 20)])


_worker: Extractor | None = None
_worker_batch = BATCH_SIZE


def _init_worker(model: str | None, pattern_files: list[str] | None = None, batch_size: int = BATCH_SIZE) -> None:
    global _worker, _worker_batch
    from .extractor import Extractor

    _worker = Extractor(model, pattern_files)
    _worker_batch = batch_size


def _run_task(task: list[Document]) -> list[DocExtraction]:
    assert _worker is not None
    return list(_worker.extract(task, batch_size=_worker_batch))


def _tasks(docs: Iterable[Document], workers: int, batch_size: int = BATCH_SIZE,
           batch_chars: int = BATCH_CHARS) -> Iterator[list[Document]]:
    """The documents cut into the workers' tasks, in order.

    A task is one nlp.pipe batch (`batch_size` documents, at most about `batch_chars` characters), as in one
    process: the parser costs about 4 % more per word in batches of ten. Big tasks would leave one worker
    idle at the end while the other finishes the last, so a few tasks' worth of documents are read ahead,
    and once the input has ended what is left is dealt out in shrinking tasks (a share of what remains,
    down to MIN_TASK documents): the workers finish within a small task of each other."""
    it = iter(docs)
    ahead: deque[Document] = deque()
    held = 0  # characters read ahead
    ended = False
    limit = 2 * workers  # tasks' worth of documents read ahead
    while True:
        while not ended and len(ahead) < limit * batch_size and held < limit * batch_chars:
            doc = next(it, None)
            if doc is None:
                ended = True
            else:
                ahead.append(doc)
                held += len(doc.text)
        if not ahead:
            return
        size = min(batch_size, max(MIN_TASK, math.ceil(len(ahead) / (2 * workers)))) if ended else batch_size
        task: list[Document] = []
        chars = 0
        while ahead and len(task) < size and chars < batch_chars:
            doc = ahead.popleft()
            task.append(doc)
            chars += len(doc.text)
            held -= len(doc.text)
        yield task


def extract_documents(docs: Iterable[Document], model: str | None = None, workers: int = 1,
                      batch_size: int = BATCH_SIZE, pattern_files: list[str] | None = None) -> Iterator[DocExtraction]:
    """Extract every document, in order, with `workers` processes (each loads the model once). Nothing is loaded,
    and no process started, until a first document comes: a build in which every document is unchanged does not
    wait for spaCy and the model."""
    it = iter(docs)
    first = next(it, None)
    if first is None:
        return
    docs = chain([first], it)
    if workers <= 1:
        from .extractor import Extractor

        yield from Extractor(model, pattern_files).extract(docs, batch_size=batch_size)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, pattern_files, batch_size)) as pool:
        # imap keeps order and holds only a few tasks in flight, so memory stays flat.
        for result in pool.imap(_run_task, _tasks(docs, workers, batch_size)):
            yield from result


def __getattr__(name: str) -> Any:
    if name == "Extractor":  # imported when first asked for: it brings spaCy
        from .extractor import Extractor

        return Extractor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
