"""Titles -> HOLDS_ROLE facts, and what they tell about the document's people and ministries.

A title right before a name ("Defence Minister Rustem Umerov", "Foreign Minister, Sir X") or in apposition
after it ("X, Ukraine's defence minister") gives the person that role; the body is the title's own "of the
Sovereign Council", a country or body right before the title ("Saudi Foreign Minister"), or the one ministry
of the document whose portfolio the title names ("External Affairs Minister" -> "Ministry of External
Affairs"). A role with a country gives the person that country; a ministry named without its country takes
the country of the person whose title names its portfolio; and a title alone ("the Russian president")
names its holder when exactly one person of the document holds it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...resources import load_data
from ..docindex import BODY_LABELS, DocIndex
from ..entities import TitleSpan
from .facts import People, RoleFact

ROLE_WITH_BODY = 0.9  # confidence of a HOLDS_ROLE whose body the text names
ROLE_WITHOUT_BODY = 0.7  # ... and of one with a title alone ("spokesman")
APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "his", "her"})  # "X, the/his ... Title"
POSSESSIVES = ("'s", "\u2019s")


@dataclass(frozen=True)
class Portfolios:
    """The subject words of ministries ("defence", "foreign affairs"), from ministries.json, compiled once."""

    words: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    longest_first: tuple[str, ...]

    @classmethod
    def load(cls) -> Portfolios:
        words = tuple(load_data("ministries.json")["portfolios"])
        return cls(words, tuple((p, re.compile(rf"\b{re.escape(p)}\b")) for p in words),
                   tuple(sorted(words, key=len, reverse=True)))


def find_people(ix: DocIndex, portfolios: Portfolios) -> People:
    """Every role fact of the document, and what the roles tell about its people and ministries."""
    roles = role_facts(ix, portfolios)
    return People(roles=roles, person_country=person_countries(roles),
                  title_refs=title_references(ix, roles),
                  ministry_country=ministry_countries(ix, roles, portfolios))


def role_facts(ix: DocIndex, portfolios: Portfolios) -> list[RoleFact]:
    """Titles before each person's name (a chain: "Deputy Prime Minister and Foreign Minister X") and a title
    in apposition after it."""
    doc, found = ix.doc, ix.found
    out: list[RoleFact] = []
    for i, f in enumerate(found):
        if f.label != "Person":
            continue
        before: list[TitleSpan] = []
        k = f.written_start
        while True:
            t = ix.title_at_end.get(k)
            if t is None and k > 0 and doc[k - 1].text == ",":
                t = ix.title_at_end.get(k - 1)
            if t is None or t in before:
                break
            before.append(t)
            k = t.start
        for t in before:
            out.append(role_fact(ix, i, t, "title-before", portfolios))
        # Apposition after: "X, (the) [Country('s)] Title"
        k = f.end
        if k < len(doc) and doc[k].text == ",":
            k += 1
            while k < len(doc) and doc[k].lower_ in APPOSITION_OPENERS:
                k += 1
            m = ix.first_at_start.get(k)
            if m is not None and found[m].label in BODY_LABELS:
                k = found[m].end
                if k < len(doc) and doc[k].text in POSSESSIVES:
                    k += 1
            t = ix.title_at_start.get(k)
            if t is not None:
                out.append(role_fact(ix, i, t, "apposition", portfolios))
    return out


def role_fact(ix: DocIndex, person: int, t: TitleSpan, rule: str, portfolios: Portfolios) -> RoleFact:
    """The role a title gives: its words (with its "of X"), its body, and that body's country."""
    doc = ix.doc
    text = doc[t.start:t.end].text
    org = t.org
    if org is not None:
        text = doc[t.start:ix.found[org].end].text
    else:
        k = t.start
        if k > 0 and doc[k - 1].text in POSSESSIVES:
            k -= 1
        org = ix.body_at_end.get(k)
    title = text.strip()
    if title.lower().startswith("the "):
        title = title[4:]
    if org is None:
        org = ministry_for_title(ix, title, portfolios)
    country = None
    if org is not None:
        of = ix.found[org]
        country = of.key if of.label == "Country" else of.country
    return RoleFact(person, title, org, ix.sentence_of(t.start), rule, country,
                    ROLE_WITH_BODY if org is not None else ROLE_WITHOUT_BODY)


def ministry_for_title(ix: DocIndex, title: str, portfolios: Portfolios) -> int | None:
    """'External Affairs Minister' belongs to the one 'Ministry of External Affairs' this document names."""
    low = title.lower()
    words = [(p, pat) for p, pat in portfolios.patterns if pat.search(low)]
    if not words:
        return None
    _, pattern = max(words, key=lambda w: len(w[0]))
    hits = {i for i in ix.ministries if pattern.search(ix.text(i).lower())}
    names = {ix.text(i).lower() for i in hits}
    countries = {ix.found[i].country for i in hits}
    if hits and len(countries) == 1 and (len(names) == 1 or None not in countries):
        return min(hits)
    return None


def person_countries(roles: list[RoleFact]) -> dict[int, str]:
    """A person's country: that of the first of their roles that has one."""
    out: dict[int, str] = {}
    for r in roles:
        if r.country:
            out.setdefault(r.person, r.country)
    return out


def ministry_countries(ix: DocIndex, roles: list[RoleFact], portfolios: Portfolios) -> dict[int, tuple[str, str]]:
    """A ministry named without its country belongs to the country of the person whose title
    names its portfolio ('UK Defence Secretary' ... 'the Ministry of Defence'): mention -> (country, reason)."""
    out: dict[int, tuple[str, str]] = {}
    for i, f in enumerate(ix.found):
        if f.label != "Ministry" or f.country:
            continue
        name = ix.text(i).lower()
        portfolio = next((p for p in portfolios.longest_first if p in name), None)
        if not portfolio:
            continue
        countries = {r.country for r in roles if r.country and portfolio.split()[0] in r.title.lower()}
        if len(countries) == 1:
            out[i] = (countries.pop(), f"country of the {portfolio} title holder in this document")
    return out


def title_references(ix: DocIndex, roles: list[RoleFact]) -> dict[int, int]:
    """'the Saudi crown prince', 'the Russian president': a title alone names its holder when
    exactly one person in the document holds that title (with that country, when given)."""
    holders: dict[str, set[tuple[int, str | None]]] = {}
    for r in roles:
        head = r.title.lower().split()[-1] if r.title else ""
        holders.setdefault(head, set()).add((r.person, r.country))
    out: dict[int, int] = {}
    if not holders:
        return out
    doc, found, at = ix.doc, ix.found, ix.mention_at
    for tok in doc:
        if tok.i in at or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        cands = holders.get(tok.lower_)
        if not cands:
            continue
        det = [c for c in tok.children if c.dep_ == "det"]
        has_country = any(at.get(c.i) is not None and found[at[c.i]].label == "Country" for c in tok.children)
        if not has_country and (not det or det[0].lower_ != "the"):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
            continue
        country = None
        for c in tok.children:
            j = at.get(c.i)
            if j is not None and found[j].label == "Country":
                country = found[j].key
        people = {p for p, pc in cands if country is None or pc == country}
        names = {ix.text(p).split()[-1] for p in people}
        if len(names) == 1:
            out[tok.i] = min(people)
    return out
