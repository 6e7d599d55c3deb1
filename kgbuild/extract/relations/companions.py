"""Who travels with someone: "X was accompanied by A and B", "A and B accompanied X", "the delegation
accompanying X includes A and B", "officials who accompanied X are A and B".

ANNOTATION.md: people said only to travel with someone get VISITED, not MET. So accompanying alone states no
meeting (a meeting the companions are placed at does: gatherings.py reads "X, accompanied by A, met Y"); the
companions went where the one they accompany went, as the sentences around it tell (`companion_visits`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from ...resources import triggers
from .facts import Candidate
from .gatherings import listed
from .grammar import Blockers, blocked, np_mentions
from .sentence import SentenceView

VISIT = "VISITED"
COMPANION_FACTOR = 0.85  # a companion's visit is a little less sure than the visit of the one accompanied
COMPANION_WINDOW = 1  # sentences either side whose visits of the one accompanied the companions share
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
