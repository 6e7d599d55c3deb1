"""The extractor: parsed Docs in, DocExtraction records out (see kgbuild.extract). This module imports spaCy; the
package itself does not, so a build whose extraction runs in worker processes never imports spaCy in its own."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from ..records import DocExtraction, Document, Mention, RelationCandidate
from . import BATCH_CHARS, BATCH_SIZE, MAX_CHARS, digest, extraction_fingerprint
from .dates import parse_published
from .docindex import DocIndex
from .entities import EntityFinder, surface
from .nlp import load_pipeline, one_blas_thread
from .patterns import PatternMatcher, load_patterns
from .relations import DocRelations, RelationFinder


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
