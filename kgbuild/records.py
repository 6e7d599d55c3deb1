"""The records every stage speaks: small frozen dataclasses, passed one way.

ingest -> Document; extract -> DocExtraction (Mention, RelationCandidate);
resolve -> Entity, Relation; assemble -> networkx graph; stores write it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
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


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with the reason a user can act on."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.where}: {self.reason}"


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
        # vars() equals asdict() for these flat records (no nested dataclasses or containers) and is
        # about 20 times faster: shards of a large corpus hold hundreds of thousands of mentions.
        return {
            "document": vars(self.document).copy(),
            "mentions": [vars(m).copy() for m in self.mentions],
            "relations": [vars(r).copy() for r in self.relations],
            "digest": self.digest,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocExtraction:
        # Fields a newer or older kgbuild wrote that this one does not know are left out, so stores and
        # shards written by another version still read (their documents are extracted again anyway when
        # the extraction fingerprint differs).
        return cls(
            document=Document(**_known(Document, data["document"])),
            mentions=[Mention(**_known(Mention, m)) for m in data["mentions"]],
            relations=[RelationCandidate(**_known(RelationCandidate, r)) for r in data["relations"]],
            digest=data.get("digest", ""),
        )


_FIELDS: dict[type, frozenset[str]] = {}


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    return data if data.keys() <= names else {k: v for k, v in data.items() if k in names}


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
