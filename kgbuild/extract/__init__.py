"""Extract: the per-document map step. Documents in, DocExtraction records out.

Each worker process loads the model once and runs `nlp.pipe` over a task of
documents, then reads mentions and relations off each parsed Doc, so only the
small records (never the Docs) travel between processes.
"""
from __future__ import annotations

import ctypes
import hashlib
import math
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from ..records import DocExtraction, Document, Mention, RelationCandidate
from .dates import parse_published
from .docindex import DocIndex
from .entities import EntityFinder, surface
from .nlp import available_model, load_pipeline, one_blas_thread
from .patterns import PatternMatcher, load_patterns, patterns_fingerprint
from .relations import DocRelations, RelationFinder

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


class Extractor:
    """Turns parsed Docs into DocExtraction records."""

    def __init__(self, model: str | None = None, pattern_files: list[str] | None = None) -> None:
        self.nlp = load_pipeline(model)
        self.entities = EntityFinder()
        patterns = load_patterns(pattern_files)
        self.relations = RelationFinder(PatternMatcher(self.nlp.vocab, patterns.patterns), patterns.schema)
        self.fingerprint = extraction_fingerprint(pattern_files, model)

    def extract(self, docs: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[DocExtraction]:
        pairs = ((piece, (d, offset)) for d in docs for piece, offset in _pieces(d.text))
        current: DocExtraction | None = None
        for sdoc, (document, offset) in self._parse(pairs, batch_size):
            if current is not None and current.document.doc_id != document.doc_id:
                yield current
                current = None
            part = self.extract_doc(sdoc, document, offset)
            if current is None:
                current = part
            else:
                _append(current, part)
        if current is not None:
            yield current

    def _parse(self, pairs: Iterable[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Doc, Any]]:
        """nlp.pipe over batches bounded by documents AND characters: the parser's memory grows with
        the words in a batch, so fifty long articles must not be parsed at once."""
        batch: list[tuple[str, Any]] = []
        chars = 0
        for pair in pairs:
            batch.append(pair)
            chars += len(pair[0])
            if len(batch) >= batch_size or chars >= BATCH_CHARS:
                yield from self._pipe(batch)
                batch, chars = [], 0
        if batch:
            yield from self._pipe(batch)

    def _pipe(self, batch: list[tuple[str, Any]]) -> list[tuple[Doc, Any]]:
        with one_blas_thread():
            return list(self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))

    def extract_doc(self, sdoc: Doc, document: Document, offset: int = 0) -> DocExtraction:
        """The records of one parsed Doc (a piece of `document` starting at character `offset`)."""
        found, titles = self.entities.find(sdoc)
        ix = DocIndex.build(sdoc, found, titles, parse_published(document.published))
        found_rels = self.relations.find(ix)
        mentions = [self._mention(ix, document, i, found_rels, offset) for i in range(len(ix.found))]
        rels: list[RelationCandidate] = []
        for c in found_rels.candidates:
            rels.append(RelationCandidate(
                doc_id=document.doc_id, type=c.type, source=c.a, target=c.b,
                evidence=c.sent.text.strip(), sent_start=c.sent.start_char + offset,
                sent_end=c.sent.end_char + offset, trigger=c.trigger.text, rule=c.rule,
                confidence=c.confidence, place=c.place, date=c.date))
        for r in found_rels.roles:
            rels.append(RelationCandidate(
                doc_id=document.doc_id, type="HOLDS_ROLE", source=r.person,
                target=r.org if r.org is not None else -1, evidence=r.evidence.text.strip(),
                sent_start=r.evidence.start_char + offset, sent_end=r.evidence.end_char + offset,
                trigger=r.title, rule=r.rule, confidence=r.confidence, title=r.title))
        return DocExtraction(document=document, mentions=mentions, relations=rels,
                             digest=digest(document, self.fingerprint))

    @staticmethod
    def _mention(ix: DocIndex, document: Document, i: int, rels: DocRelations, offset: int) -> Mention:
        f, doc = ix.found[i], ix.doc
        country, reason = f.country, f.reason
        if f.label == "Person":
            country = rels.person_country.get(i)
        elif f.label == "Place" and f.context_country:
            country = f.context_country
        elif i in rels.ministry_country:
            country, reason = rels.ministry_country[i]
        return Mention(
            doc_id=document.doc_id, text=surface(doc, f), label=f.label,
            start=doc[f.written_start].idx + offset, end=doc[f.end - 1].idx + len(doc[f.end - 1].text) + offset,
            sent=ix.sent_of[f.start], key=f.key, canonical=f.canonical, country=country,
            cluster=f.cluster, reason=reason or f.source)


def _pieces(text: str) -> Iterator[tuple[str, int]]:
    """Very long articles are parsed in paragraph-aligned pieces so memory stays bounded."""
    if len(text) <= MAX_CHARS:
        yield text, 0
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + MAX_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + MAX_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        yield text[start:end], start
        start = end


def _append(into: DocExtraction, part: DocExtraction) -> None:
    """Join the pieces of one long article; mention indexes of the later piece shift."""
    shift = len(into.mentions)
    sent_shift = (max(m.sent for m in into.mentions) + 1) if into.mentions else 0
    into.mentions.extend(replace(m, sent=m.sent + sent_shift) for m in part.mentions)
    for r in part.relations:
        into.relations.append(replace(r, source=r.source + shift, target=r.target + shift if r.target >= 0 else -1,
                                      place=r.place + shift if r.place is not None else None))


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
    """Extract every document, in order, with `workers` processes (each loads the model once)."""
    if workers <= 1:
        yield from Extractor(model, pattern_files).extract(docs, batch_size=batch_size)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, pattern_files, batch_size)) as pool:
        # imap keeps order and holds only a few tasks in flight, so memory stays flat.
        for result in pool.imap(_run_task, _tasks(docs, workers, batch_size)):
            yield from result
