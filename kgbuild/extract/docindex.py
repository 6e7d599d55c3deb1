"""The per-document index: facts about one parsed article, built once after its mentions are final.

Every relation and role function takes a `DocIndex` as an argument and reads positions from it (which
mention covers a token, which body ends where, the sentences, their DATE entities) instead of walking the
Doc again or keeping per-document state on a long-lived object. Long articles have thousands of mentions,
so each lookup here is a dictionary or a bisect, built once.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .dates import MONTHS, full_date, resolve_date
from .entities import Found, TitleSpan

BODY_LABELS = frozenset({"Country", "Organization", "Ministry"})  # what a title may belong to
PLACE_LABELS = frozenset({"Place", "Country"})  # where someone can be
# A dateline opens one of the first paragraphs: "KYIV, June 3 (Reuters) -", "Abuja —", "MANILA, Philippines —".
DATELINE_LINES = 8  # first lines (headline, date and byline lines included) in which a dateline is looked for
DASHES = frozenset({"\u2014", "\u2013", "-", "--"})
DATELINE_DATE_WINDOW = 8  # tokens after the dateline's place within which its date is written


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
    dateline: int | None = None  # the Place or Country mention of the article's dateline
    stated_published: dt.date | None = None  # the publication date the document came with
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
        line = find_dateline(doc, found, first_at_start, sentences)
        stated = published
        if published is None:
            published = article_date(doc, found, line, sentences, dates)
        return cls(
            doc=doc, found=found, titles=tuple(titles), published=published, sentences=sentences, sent_of=sent_of,
            mention_at=mention_at, first_at_start=first_at_start, body_at_end=body_at_end,
            country_ends=sorted((f.end, i) for i, f in enumerate(found) if f.label == "Country"),
            ministries=tuple(i for i, f in enumerate(found) if f.label == "Ministry"),
            title_at_end=title_at_end, title_at_start=title_at_start,
            dates={k: tuple(v) for k, v in dates.items()}, dateline=line, stated_published=stated)

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
        """The first DATE of the sentence that resolves to an ISO date (against the publication date, or the
        date the article gives itself when it came without one)."""
        if sent.start not in self._date_of:
            iso = None
            line_end = -1
            if self.dateline is not None:  # the dateline's own date is the article's, not an event's
                f = self.found[self.dateline]
                line_end = f.end + DATELINE_DATE_WINDOW if sent.start <= f.start < sent.end else -1
            for ent in self.dates.get(sent.start, ()):
                if ent.start < line_end:
                    continue
                iso = resolve_date(ent.text, self.published)
                if iso:
                    break
            self._date_of[sent.start] = iso
        return self._date_of[sent.start]


# ------------------------------------------------------------------ the article's dateline and date
def find_dateline(doc: Doc, found: Sequence[Found], first_at_start: Mapping[int, int],
                  sentences: Sequence[Span]) -> int | None:
    """The mention that opens a wire dateline: a place the entity passes read as one ('KYIV (Reuters) -'), or
    a place or country opening one of the first lines, followed by a dash ('Abuja \u2014', 'Armenia - ...'), or
    by a comma and a date or a country ('HANOI, June 22 -', 'MANILA, Philippines \u2014')."""
    lines = 0
    for k in range(len(doc)):
        if k > 0 and "\n" not in doc[k - 1].whitespace_ and "\n" not in doc[k - 1].text:
            continue
        if doc[k].is_space:
            continue
        lines += 1
        if lines > DATELINE_LINES:
            break
        i = first_at_start.get(k)
        if i is None:
            continue
        f = found[i]
        if f.label not in PLACE_LABELS:
            continue  # a credit line ("This Day (Lagos)") or a byline
        if f.source == "dateline":
            return i
        if f.end + 1 >= len(doc):
            continue
        e = f.end
        if doc[e].text == "," and first_at_start.get(e + 1) is not None and found[first_at_start[e + 1]].label == "Country":
            e = found[first_at_start[e + 1]].end  # "MANILA, Philippines \u2014"
        if e < len(doc) and (doc[e].text in DASHES or (doc[e].text == "," and (doc[f.start].is_upper or (
                e + 1 < len(doc) and doc[e + 1].ent_type_ == "DATE")))):
            return i
        if e + 1 < len(doc) and e == f.end and _dateline_break(doc, f, e):
            return i
    return None


def _dateline_break(doc: Doc, f: Found, e: int) -> bool:
    """The other ways agency copy ends a dateline's place: a colon before a capitalised word ("NAIROBI: Foreign
    Minister X", "Lima: President X"), a date written right after it ("Accra March 12/ 2021 President X"), or a
    full stop after a place in capitals ("ASTANA. AGENCY President X")."""
    nxt = doc[e + 1]
    if doc[e].text == ":":
        return nxt.is_title or nxt.is_upper
    # a calendar date ("March 12/ 2021", "12 March 2021"), not a weekday ("Ukraine Tuesday said")
    month_first = doc[e].is_title and doc[e].lower_.rstrip(".") in MONTHS and nxt.text[:1].isdigit()
    day_first = doc[e].like_num and nxt.is_title and nxt.lower_.rstrip(".") in MONTHS
    if month_first or day_first:
        return True
    return doc[e].text == "." and all(t.is_upper for t in doc[f.start:f.end] if t.is_alpha) and nxt.is_upper


def article_date(doc: Doc, found: Sequence[Found], dateline: int | None, sentences: Sequence[Span],
                 dates: Mapping[int, list[Span]]) -> dt.date | None:
    """When the document came without a publication date: the dateline's date ('HANOI, June 22, 2023 -'), or
    the first full date written in its first lines ('23 January 2024', 'Monday, September 28, 2020'); a
    dateline without a year takes the year those lines give."""
    lines = _first_lines(doc)
    if dateline is not None:
        f = found[dateline]
        window = doc[f.end:min(len(doc), f.end + DATELINE_DATE_WINDOW)].text
        d = full_date(window)
        if d is not None:
            return d
    year = None
    for line in lines:
        d = full_date(line)
        if d is not None:
            if dateline is None:
                return d
            year = year or d.year
        year = year or _month_year(line)
    if dateline is not None and year is not None:
        iso = resolve_date(doc[found[dateline].end:min(len(doc), found[dateline].end + DATELINE_DATE_WINDOW)].text,
                           dt.date(year, 1, 1))
        if iso and len(iso) == 10:
            return dt.date.fromisoformat(iso)
    return None


_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _month_year(text: str) -> int | None:
    """The year of 'January 2024' (a month name before it, so 'EXPO 2027' is no year)."""
    for m in _MONTH_YEAR.finditer(text):
        if m.group(1).lower() in MONTHS:
            return int(m.group(2))
    return None


def _first_lines(doc: Doc) -> list[str]:
    """The first DATELINE_LINES non-empty lines of the text, stripped (the tokenizer makes every line break a
    token of its own, so these are the token lines too)."""
    out: list[str] = []
    text, start = doc.text, 0
    while start <= len(text) and len(out) < DATELINE_LINES:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end].strip()
        if line:
            out.append(line)
        start = end + 1
    return out
