"""The records every stage speaks: small frozen dataclasses, passed one way.

ingest -> Document; extract -> DocExtraction (Mention, RelationCandidate);
resolve -> Entity, Relation; assemble -> networkx graph; stores write it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from .schema import ENTITY_LABELS  # noqa: F401  (re-exported: the labels a Mention may have)


@dataclass(frozen=True)
class Document:
    """One article as read from disk or a JSONL line."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date when known
    source: str | None = None  # file path or URL
    # What the document is across builds: a file's absolute path, or a JSONL id with the feed or source it
    # came from (see kgbuild.ingest.DocumentIds). None in records an older kgbuild wrote.
    origin: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with the reason a user can act on."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {printable(self.where)}: {printable(self.reason)}"


@dataclass(frozen=True)
class Notice:
    """Something a build did that the user should know (a document updated, an id qualified), not a failure."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{printable(self.where)}: {printable(self.message)}"


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def printable(text: object) -> str:
    """`text` safe for one line of a terminal: control characters (line breaks, ESC, BEL, ...), direction
    overrides and undecodable bytes of file names become visible escapes (`\\n`, `\\x1b`, `\\xff`)."""
    s = str(text)
    if s.isprintable() and not any(c in _BIDI for c in s):
        return s
    out = []
    for c in s:
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode's surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif c in _BIDI or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(c.encode("unicode_escape").decode("ascii") if o > 0xFF or c in "\n\r\t" else f"\\x{o:02x}")
        else:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class Mention:
    """One span of text that names an entity, with what extraction learnt about it.

    `key` is a provisional identity from extraction: the ISO code of a country,
    the GeoNames id of a gazetteer place, or None when only resolution can tell.
    `cluster` groups mentions that extraction already knows are one thing within
    the document (a surname after the full name, an acronym after its expansion).
    """

    doc_id: str
    text: str  # the surface string as written (possessive 's removed)
    label: str  # one of schema.ENTITY_LABELS
    start: int  # character offsets in the document text
    end: int
    sent: int  # index of the sentence in the document
    key: str | None = None
    canonical: str | None = None  # gazetteer name when known
    country: str | None = None  # ISO alpha-2 the thing belongs to, when known
    cluster: int = -1
    reason: str = ""  # why key/cluster were given (shown by `kgbuild explain`)


@dataclass(frozen=True)
class RelationCandidate:
    """A relation stated in one sentence, between mention indexes of one document."""

    doc_id: str
    type: str  # a text relation type of the schema (MET, ..., or one a patterns file declared)
    source: int  # index into DocExtraction.mentions
    target: int
    evidence: str
    sent_start: int
    sent_end: int
    trigger: str
    rule: str
    confidence: float
    title: str | None = None  # HOLDS_ROLE
    place: int | None = None  # mention index of the place, MET/VISITED
    date: str | None = None  # ISO date, when the text gives one


@dataclass
class DocExtraction:
    """Everything extraction found in one document: the map step's output."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationCandidate] = field(default_factory=list)
    digest: str = ""  # content hash, so unchanged documents are not extracted twice

    def to_json(self) -> dict[str, Any]:
        """The shard form: the document, then mentions and relations as rows of values (MENTION_COLUMNS and
        RELATION_COLUMNS): repeated words (labels, reasons, rules, ...) as numbers into a per-record word list,
        offsets as the step from the one before and a length, a mention's text or a relation's evidence left out
        when it is just the article text at its offsets, and trailing empty values left off. About a seventh of
        the size of one JSON object per mention and relation (a 1 MB article: 2.2 MB instead of 15 MB)."""
        text = self.document.text
        words: dict[str, int] = {}

        def word(v: str | None) -> int | None:
            return None if v is None else words.setdefault(v, len(words))

        mentions, start, sent = [], 0, 0
        for m in self.mentions:
            mentions.append(_trimmed([word(m.label), m.start - start, m.end - m.start, m.sent - sent, m.cluster,
                                      word(m.reason), word(m.country), word(m.key), word(m.canonical),
                                      None if text[m.start:m.end] == m.text else m.text]))
            start, sent = m.start, m.sent
        relations, start = [], 0
        for r in self.relations:
            relations.append(_trimmed([word(r.type), r.source, r.target, r.sent_start - start,
                                       r.sent_end - r.sent_start, word(r.trigger), word(r.rule), r.confidence,
                                       None if text[r.sent_start:r.sent_end].strip() == r.evidence else r.evidence,
                                       word(r.title), r.place, word(r.date)]))
            start = r.sent_start
        return {"document": {k: v for k, v in vars(self.document).items() if v is not None},
                "mentions": {"columns": MENTION_COLUMNS, "words": list(words), "rows": mentions},
                "relations": {"columns": RELATION_COLUMNS, "rows": relations},
                "digest": self.digest}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocExtraction:
        """A record in the shard form, or in the older one (a JSON object per mention and relation). Everything is
        checked (types, offsets inside the text, mention numbers of relations), so a damaged or hand-made record
        raises ValueError naming what is wrong instead of failing later. Fields another kgbuild version wrote that
        this one does not know are left out."""
        if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
            raise ValueError("not a record: no \"document\" object")
        d = data["document"]
        doc = Document(**{k: _string(d.get(k), f"document {k}", optional=k not in ("doc_id", "text"))
                          for k in _fields(Document)})
        if not doc.doc_id:
            raise ValueError("the document has an empty doc_id")
        mentions, relations = data.get("mentions"), data.get("relations")
        if isinstance(mentions, dict):
            ms, rs = _compact_rows(doc, mentions, relations)
        elif isinstance(mentions, list) and isinstance(relations, list):
            ms = [Mention(**_checked(Mention, m, "mention")) for m in mentions]
            rs = [RelationCandidate(**_checked(RelationCandidate, r, "relation")) for r in relations]
        else:
            raise ValueError("no \"mentions\" and \"relations\"")
        ext = cls(document=doc, mentions=ms, relations=rs, digest=_string(data.get("digest", ""), "digest") or "")
        _check_offsets(ext)
        return ext


# Columns of the shard form. `+` marks the step from the row before; `#` a length from the start.
MENTION_COLUMNS = ["label", "start+", "end#", "sent+", "cluster", "reason", "country", "key", "canonical", "text"]
RELATION_COLUMNS = ["type", "source", "target", "sent_start+", "sent_end#", "trigger", "rule", "confidence",
                    "evidence", "title", "place", "date"]


def _trimmed(row: list[Any]) -> list[Any]:
    while row and row[-1] is None:
        row.pop()
    return row



def encode_record(ext: DocExtraction) -> str:
    """One shard line (without the line end). Characters some line readers take for a line end are escaped."""
    import json
    import re

    text = json.dumps(ext.to_json(), ensure_ascii=False, separators=(",", ":"))
    return re.sub("[\x1c\x1d\x1e\x85\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)


def decode_record(line: str) -> DocExtraction:
    """A shard line as a record; ValueError (or RecursionError) says what is wrong with a damaged one."""
    import json

    return DocExtraction.from_json(json.loads(line))


def _compact_rows(doc: Document, mentions: dict[str, Any],
                  relations: Any) -> tuple[list[Mention], list[RelationCandidate]]:
    """The rows of the shard form as records, each value checked (unrolled for speed: a store's every record is
    read at every build)."""
    if not isinstance(relations, dict):
        raise ValueError("\"relations\" is not of the shape of \"mentions\"")
    words = mentions.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("the word list is not a list of strings")
    words = [_string(w, "a word") for w in words]
    m_rows, r_rows = mentions.get("rows"), relations.get("rows")
    if mentions.get("columns") != MENTION_COLUMNS or relations.get("columns") != RELATION_COLUMNS \
            or not isinstance(m_rows, list) or not isinstance(r_rows, list):
        raise ValueError("the mentions and relations are not the columns and rows this kgbuild writes")
    text, doc_id, n_words = doc.text, doc.doc_id, len(words)

    def word(v: Any, optional: bool = True) -> str | None:
        if v is None and optional:
            return None
        if type(v) is not int or not 0 <= v < n_words:
            raise ValueError("a value is not a number into the word list")
        return words[v]

    ms: list[Mention] = []
    start = sent = 0
    pad = [None] * len(MENTION_COLUMNS)
    for row in m_rows:
        if not isinstance(row, list) or not 4 <= len(row) <= len(MENTION_COLUMNS):
            raise ValueError("a mention row has not the values its columns name")
        label, d_start, length, d_sent, cluster, reason, country, key, canonical, written = row + pad[len(row):]
        if type(d_start) is not int or type(length) is not int or type(d_sent) is not int \
                or type(cluster if cluster is not None else -1) is not int:
            raise ValueError("a mention's offsets are not whole numbers")
        start += d_start
        sent += d_sent
        if written is not None:
            written = _string(written, "mention text")
        ms.append(Mention(doc_id, text[start:start + length] if written is None else written, word(label, False),
                          start, start + length, sent, word(key), word(canonical), word(country),
                          -1 if cluster is None else cluster, word(reason) or ""))
    rs: list[RelationCandidate] = []
    start = 0
    pad = [None] * len(RELATION_COLUMNS)
    for row in r_rows:
        if not isinstance(row, list) or not 5 <= len(row) <= len(RELATION_COLUMNS):
            raise ValueError("a relation row has not the values its columns name")
        rtype, source, target, d_start, length, trigger, rule, confidence, evidence, title, place, date = \
            row + pad[len(row):]
        if not all(type(v) is int for v in (source, target, d_start, length)) \
                or (place is not None and type(place) is not int):
            raise ValueError("a relation's mentions or offsets are not whole numbers")
        if confidence is None:
            confidence = 0.0
        if type(confidence) not in (int, float) or confidence != confidence or confidence in (_INF, -_INF):
            raise ValueError("a relation's confidence is not a finite number")
        start += d_start
        if evidence is not None:
            evidence = _string(evidence, "relation evidence")
        rs.append(RelationCandidate(doc_id, word(rtype, False), source, target,
                                    text[start:start + length].strip() if evidence is None else evidence,
                                    start, start + length, word(trigger) or "", word(rule) or "", float(confidence),
                                    word(title), place, word(date)))
    return ms, rs


_INF = float("inf")


_FIELDS: dict[type, frozenset[str]] = {}
_TYPES: dict[type, dict[str, tuple[type, ...]]] = {}


def _fields(cls: type) -> frozenset[str]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    return names


def _types(cls: type) -> dict[str, tuple[type, ...]]:
    """Field name -> the JSON types a value may have (from the annotations: str, int, float, optional)."""
    out = _TYPES.get(cls)
    if out is None:
        out = {}
        for f in fields(cls):
            ann = str(f.type)
            kinds: tuple[type, ...] = ()
            for name, kind in (("str", str), ("int", int), ("float", float)):
                if name in ann:
                    kinds += (kind,)
            if kinds == (float,):
                kinds = (float, int)
            out[f.name] = kinds + ((type(None),) if "None" in ann else ())
        _TYPES[cls] = out
    return out


def _checked(cls: type, data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"a {what} is not a JSON object")
    types = _types(cls)
    out = {}
    for f in fields(cls):
        if f.name not in data:
            if f.default is MISSING:
                raise ValueError(f"a {what} has no {f.name}")
            continue
        v = data[f.name]
        if type(v) is bool or not isinstance(v, types[f.name]):
            raise ValueError(f"a {what}'s {f.name} is {type(v).__name__}, not {' or '.join(t.__name__ for t in types[f.name])}")
        if isinstance(v, str):
            v = _string(v, f"{what} {f.name}")
        elif isinstance(v, float) and v != v or v in (float("inf"), float("-inf")):
            raise ValueError(f"a {what}'s {f.name} is not a finite number")
        out[f.name] = v
    return out


def _string(v: Any, what: str, optional: bool = False) -> str | None:
    if v is None and optional:
        return None
    if not isinstance(v, str):
        raise ValueError(f"the {what} is {type(v).__name__}, not a string")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape: not text any store can hold
        v = v.encode("utf-8", "replace").decode("utf-8")
    return v


def _check_offsets(ext: DocExtraction) -> None:
    n, size = len(ext.mentions), len(ext.document.text)
    for m in ext.mentions:
        if not 0 <= m.start <= m.end <= size or m.label not in ENTITY_LABELS or m.sent < 0:
            raise ValueError(f"the mention {m.text[:40]!r} has offsets outside the text or an unknown label")
    for r in ext.relations:
        if not (0 <= r.source < n and -1 <= r.target < n and (r.place is None or 0 <= r.place < n)) \
                or not 0 <= r.sent_start <= r.sent_end <= size or not r.type:
            raise ValueError(f"a {r.type} relation names a mention or offsets the record does not have")


@dataclass
class Entity:
    """One real thing after resolution."""

    id: str
    label: str
    name: str
    aliases: list[str]
    country: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)  # alias -> why it joined
    docs: dict[str, list[str]] = field(default_factory=dict)  # alias -> documents


@dataclass(frozen=True)
class Relation:
    """A relationship of the graph, between entity ids (or a Document id)."""

    type: str
    source: str
    target: str
    properties: dict[str, Any]
