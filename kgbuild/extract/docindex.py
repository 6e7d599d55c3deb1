"""The per-document index: facts about one parsed article, built once after its mentions are final.

Every relation and role function takes a `DocIndex` as an argument and reads positions from it (which
mention covers a token, which body ends where, the sentences, their DATE entities) instead of walking the
Doc again or keeping per-document state on a long-lived object. Long articles have thousands of mentions,
so each lookup here is a dictionary or a bisect, built once.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .dates import resolve_date
from .entities import Found, TitleSpan

BODY_LABELS = frozenset({"Country", "Organization", "Ministry"})  # what a title may belong to
PLACE_LABELS = frozenset({"Place", "Country"})  # where someone can be


@dataclass(frozen=True)
class DocIndex:
    """One parsed document, its final mentions and titles, and the position lookups built from them."""

    doc: Doc
    found: tuple[Found, ...]
    titles: tuple[TitleSpan, ...]
    published: dt.date | None
    sentences: tuple[Span, ...]
    sent_of: Sequence[int]  # token index -> number of its sentence
    mention_at: Mapping[int, int]  # token index -> the longest mention over it (an Event over its Country)
    first_at_start: Mapping[int, int]  # token index -> the first mention starting there
    body_at_end: Mapping[int, int]  # token index -> the first Country/Organization/Ministry ending there
    country_ends: Sequence[tuple[int, int]]  # (end, mention) of every Country, sorted
    ministries: tuple[int, ...]  # mentions labelled Ministry, in order
    title_at_end: Mapping[int, TitleSpan]  # token index -> the title span ending there
    title_at_start: Mapping[int, TitleSpan]
    dates: Mapping[int, tuple[Span, ...]]  # sentence start -> its DATE entities
    _date_of: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, doc: Doc, found: Sequence[Found], titles: Sequence[TitleSpan],
              published: dt.date | None = None) -> DocIndex:
        found = tuple(found)
        sentences = tuple(doc.sents)
        sent_of = [0] * len(doc)
        for n, s in enumerate(sentences):
            sent_of[s.start:s.end] = [n] * (s.end - s.start)
        mention_at: dict[int, int] = {}
        first_at_start: dict[int, int] = {}
        body_at_end: dict[int, int] = {}
        for i, f in enumerate(found):
            # An event's complement ("summit in Ankara") still reads as the place or person named in it.
            for k in range(f.start, f.end if f.head_end is None else f.head_end):
                old = mention_at.get(k)
                if old is None or (found[old].end - found[old].start) < (f.end - f.start):
                    mention_at[k] = i
            first_at_start.setdefault(f.start, i)
            if f.label in BODY_LABELS:
                body_at_end.setdefault(f.end, i)
        # DATE entities by sentence, read once (Span.ents walks the whole document each time).
        dates: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ == "DATE":
                dates.setdefault(sentences[sent_of[ent.start]].start, []).append(ent)
        title_at_end: dict[int, TitleSpan] = {}
        title_at_start: dict[int, TitleSpan] = {}
        for t in titles:
            title_at_end[t.end] = t
            title_at_start[t.start] = t
        return cls(
            doc=doc, found=found, titles=tuple(titles), published=published, sentences=sentences, sent_of=sent_of,
            mention_at=mention_at, first_at_start=first_at_start, body_at_end=body_at_end,
            country_ends=sorted((f.end, i) for i, f in enumerate(found) if f.label == "Country"),
            ministries=tuple(i for i, f in enumerate(found) if f.label == "Ministry"),
            title_at_end=title_at_end, title_at_start=title_at_start,
            dates={k: tuple(v) for k, v in dates.items()})

    # ------------------------------------------------------------ mentions
    def text(self, i: int) -> str:
        """The words of mention `i` as the Doc has them (without the honorific)."""
        f = self.found[i]
        return self.doc[f.start:f.end].text

    def label_at(self, tok: int) -> str | None:
        i = self.mention_at.get(tok)
        return self.found[i].label if i is not None else None

    def country_before(self, tok: int) -> int | None:
        """The Country mention that ends last at or before token `tok` ("... the country")."""
        n = bisect.bisect_right(self.country_ends, (tok, len(self.found)))
        return self.country_ends[n - 1][1] if n else None

    def sentence_of(self, tok: int) -> Span:
        return self.sentences[self.sent_of[tok]]

    # ------------------------------------------------------------ dates
    def date_of(self, sent: Span) -> str | None:
        """The first DATE of the sentence that resolves to an ISO date (against the publication date)."""
        if sent.start not in self._date_of:
            iso = None
            for ent in self.dates.get(sent.start, ()):
                iso = resolve_date(ent.text, self.published)
                if iso:
                    break
            self._date_of[sent.start] = iso
        return self._date_of[sent.start]
