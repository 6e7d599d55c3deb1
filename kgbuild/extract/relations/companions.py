"""Who travels with someone: "X was accompanied by A and B", "A and B accompanied X", "the delegation
accompanying X includes A and B", "officials who accompanied X are A and B".

ANNOTATION.md: people said only to travel with someone get VISITED, not MET. So accompanying alone states no
meeting (a meeting the companions are placed at does: gatherings.py reads "X, accompanied by A, met Y"); the
companions went where the one they accompany went, as the sentences around it tell (`companion_visits`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from spacy.tokens import Token

from ...resources import triggers
from .facts import Candidate
from .gatherings import listed
from .grammar import Blockers, blocked, np_mentions
from .sentence import SentenceView

VISIT = "VISITED"
COMPANION_FACTOR = 0.85  # a companion's visit is a little less sure than the visit of the one accompanied
COMPANION_WINDOW = 1  # sentences either side whose visits of the one accompanied the companions share
DELEGATES_FACTOR = 0.8  # a companion placed at a meeting by "X and his delegation" is less sure than one named
LIST_VERBS = frozenset({"include", "comprise", "be"})  # "the delegation accompanying X includes A, B"


@dataclass(frozen=True)
class Accompanied:
    companions: tuple[int, ...]
    whom: tuple[int, ...]
    sent_no: int


def companion_verbs() -> frozenset[str]:
    return frozenset(triggers()["gatherings"]["star_verbs"])


def accompaniments(view: SentenceView, sent_no: int, verbs: frozenset[str], blockers: Blockers) -> list[Accompanied]:
    """Who accompanies whom in one sentence."""
    at = view.person_at
    out: list[Accompanied] = []
    for tok in view.sent:
        if tok.lemma_.lower() not in verbs or tok.pos_ not in ("VERB", "AUX") or blocked(tok, blockers):
            continue
        whom: list[int] = []
        comp: list[int] = []
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                whom += np_mentions(at, c)  # "X was accompanied by A"
            elif c.dep_ == "agent":
                comp += [i for g in c.children if g.dep_ == "pobj" for i in listed(at, g)]
            elif c.dep_ == "dobj":
                whom += np_mentions(at, c)  # "A accompanied X"
            elif c.dep_ == "nsubj":
                comp += listed(at, c)  # "A delegation including A and B is accompanying X"
        if tok.dep_ in ("acl", "relcl") and not comp:
            comp = _listed_by_head(at, tok.head)  # "the delegation accompanying X includes A and B"
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and not whom:
            whom = np_mentions(at, tok.head)  # "X, accompanied by A, ..."
        comp = [p for p in comp if p not in whom]
        if comp and whom:
            out.append(Accompanied(tuple(dict.fromkeys(comp)), tuple(dict.fromkeys(whom)), sent_no))
    return out


def _listed_by_head(at, noun: Token) -> list[int]:
    """The people a group noun's sentence lists: '<noun> ... includes A, B', '<noun> ... are A, B'."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in LIST_VERBS:
        return []
    return [i for c in verb.children if c.dep_ in ("dobj", "attr") for i in listed(at, c)]


def companion_visits(view_text, cands: list[Candidate], found: list[Accompanied], sent_of) -> list[Candidate]:
    """The companions of X visited the places X visited in the sentences around the accompaniment (X by the words
    of a name, so that 'President Park' and 'Park Min' are one)."""
    if not found:
        return cands
    visits = [c for c in cands if c.type == VISIT]
    extra: list[Candidate] = []
    have = {(c.a, c.b) for c in visits}
    for acc in found:
        names = [set(view_text(w).split()) for w in acc.whom]
        for c in visits:
            n = sent_of[c.sent.start]
            if abs(n - acc.sent_no) > COMPANION_WINDOW:
                continue
            words = set(view_text(c.a).split())
            if not any(w <= words or words <= w for w in names):
                continue
            for p in acc.companions:
                if (p, c.b) in have:
                    continue
                have.add((p, c.b))
                extra.append(replace(c, a=p, rule=c.rule + "+companion",
                                     confidence=round(c.confidence * COMPANION_FACTOR, 3), group=None))
    return cands + extra


def delegates_at_meetings(ix, cands: list[Candidate], found: list[Accompanied], relation: str,
                          group_nouns: frozenset[str]) -> list[Candidate]:
    """'X and his delegation were welcomed by Y', 'Y received X and the visiting delegates': the people the
    article says accompany X (anywhere in it) were at that meeting too, with everyone the meeting word places
    there. The group noun must be joined to X ('X and his delegation'); a delegation alone is read elsewhere."""
    if not found:
        return cands
    by_trigger: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.type == relation:
            by_trigger.setdefault(c.trigger.i, []).append(c)
    have = {(c.trigger.i, frozenset((c.a, c.b))) for c in cands if c.type == relation}
    extra: list[Candidate] = []
    for key, group in by_trigger.items():
        parties = list(dict.fromkeys(p for c in group for p in (c.a, c.b)))
        sent = group[0].sent
        heads = {ix.found[p].end - 1: p for p in parties}
        companions: list[int] = []
        for tok in sent:
            if tok.lower_ not in group_nouns or tok.dep_ != "conj" or tok.head.i not in heads:
                continue
            owner = set(ix.text(heads[tok.head.i]).split())
            for acc in found:
                if any(set(ix.text(w).split()) <= owner or owner <= set(ix.text(w).split()) for w in acc.whom):
                    companions += [p for p in acc.companions if p not in parties and p not in companions]
        if not companions:
            continue
        best = max(group, key=lambda c: c.confidence)
        conf = round(best.confidence * DELEGATES_FACTOR, 3)
        everyone = parties + companions
        for a, b in combinations(everyone, 2):
            if (key, frozenset((a, b))) in have or ix.text(a).split()[-1] == ix.text(b).split()[-1]:
                continue
            have.add((key, frozenset((a, b))))
            extra.append(replace(best, a=a, b=b, rule=best.rule + "+delegates", confidence=conf, group=None))
    return cands + extra
