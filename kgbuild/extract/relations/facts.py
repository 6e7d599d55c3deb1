"""What relation finding produces for one document: candidates, role facts, and what roles tell about mentions."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token


@dataclass
class Candidate:
    """A relation one sentence states, between mention indexes of the document (`a` -> `b`)."""

    type: str
    a: int
    b: int
    sent: Span
    trigger: Token
    rule: str
    confidence: float
    place: int | None = None
    date: str | None = None
    group: int | None = None  # the gathering this places both people at (gatherings.py), when it is one


@dataclass(frozen=True)
class RoleFact:
    """A title the text gives a person, with the body (mention index) it belongs to when the text names one."""

    person: int
    title: str
    org: int | None
    evidence: Span
    rule: str
    country: str | None = None
    confidence: float = 0.0
    head: str = ""  # the title's head word, lower case ("envoy" in "Special Envoy for the Middle East")
    tok: int = -1  # the token of that head word


@dataclass(frozen=True)
class People:
    """What the titles of one document tell about its people and ministries (see roles.py)."""

    roles: list[RoleFact]
    person_country: dict[int, str]  # Person mention -> ISO country of a title that names one
    title_refs: dict[int, int]  # token of "the president" -> the one Person holding that title here
    ministry_country: dict[int, tuple[str, str]]  # Ministry mention -> (country, reason) learnt from titles


@dataclass(frozen=True)
class DocRelations:
    """Everything relation finding learnt from one document."""

    candidates: list[Candidate]
    roles: list[RoleFact]
    person_country: dict[int, str] = field(default_factory=dict)
    ministry_country: dict[int, tuple[str, str]] = field(default_factory=dict)
