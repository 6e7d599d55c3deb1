"""Relations from dependency patterns (patterns.json and the user's --patterns files) as candidates.

A pattern's 'a' and 'b' nodes head the noun phrases of the two sides; each side holds the mentions whose
labels the relation type's endpoints allow (people for MET, a country or body too for a type a user declares).
A type whose targets are all places (VISITED) takes them from the 'place' node when there is no 'b'.
"""
from __future__ import annotations

from spacy.tokens import Token

from ...schema import RelType
from ..docindex import PLACE_LABELS
from ..patterns import PatternMatch
from .facts import Candidate
from .gatherings import GatherWords
from .grammar import Blockers, best_place, blocked, np_mentions, pairs, phrase, places_in_subtree
from .sentence import SentenceView


def pattern_candidates(view: SentenceView, m: PatternMatch, rel: RelType, words: Blockers,
                       placed: bool = True) -> list[Candidate]:
    """The candidates of one match: each of side a with each of side b (and, for a symmetric type, side a
    among itself), or with each place of the 'place' node for a relation to a place."""
    doc, ix = view.ix.doc, view.ix
    trigger: Token = doc[m.tokens["trigger"]]
    if blocked(trigger, words):
        return []
    sources, targets = frozenset(rel.sources), frozenset(rel.targets)
    a = np_mentions(view.at(sources), doc[m.tokens["a"]], view.person_at)
    to_place = targets <= PLACE_LABELS and "b" not in m.tokens
    places: list[int] = []
    if "place" in m.tokens:
        place_at = view.at(targets) if to_place else view.place_at
        places = [place_at[t.i] for t in phrase(doc[m.tokens["place"]]) if t.i in place_at]
    rule, conf = f"pattern:{m.pattern.name}", m.pattern.confidence
    if to_place:
        return [Candidate(rel.name, p, pl, view.sent, trigger, rule, conf, date=view.date) for p in a for pl in places]
    b = np_mentions(view.at(targets), doc[m.tokens["b"]], view.person_at) if "b" in m.tokens else []
    if "b" in m.tokens and not b:
        return []
    place = best_place(ix, places or places_in_subtree(view.place_at, trigger)) if placed else None
    found = ix.found
    b = [p for p in b if p not in a]
    # One person meeting one other ("paid a courtesy call on X") is a meeting later sentences may add people to
    # ("A and B were present."); a pattern listing several on a side (credentials of several envoys) is not one.
    group = trigger.i if rel.name == GatherWords.load().relation and len(a) == 1 and len(b) == 1 else None
    return [Candidate(rel.name, x, y, view.sent, trigger, rule, conf, place=place, date=view.date, group=group)
            for x, y in pairs(a, b, rel.symmetric)
            if rel.allows(found[x].label, found[y].label)]
