"""Visits that follow from what a sentence already states: the visiting guest of a meeting went to its place,
and a participant of a meeting abroad visited the country."""
from __future__ import annotations

from collections.abc import Mapping

from ...gazetteer import Gazetteer
from ...resources import triggers
from ..docindex import DocIndex
from .facts import Candidate
from .grammar import name_head, np_mentions
from .sentence import SentenceView

MEETING, VISIT = "MET", "VISITED"
VISITING_CONFIDENCE = 0.7  # "... met visiting President X in Jeddah": X came to Jeddah
MET_ABROAD_CONFIDENCE = 0.6  # a meeting in a country that is not the participant's own


def visiting_adjectives() -> frozenset[str]:
    return frozenset(triggers()["visiting_adjectives"])


def visiting(view: SentenceView, stated_here: list[Candidate], adjectives: frozenset[str]) -> list[Candidate]:
    """'... met visiting President X in Jeddah': X travelled to the meeting's place (and its country)."""
    out: list[Candidate] = []
    for tok in view.sent:
        if tok.lower_ not in adjectives or tok.dep_ not in ("amod", "acl", "compound"):
            continue
        head = name_head(tok.head)  # "the visiting President X": from the title word up to the name
        persons = np_mentions(view.person_at, head) or \
            [view.person_at[t.i] for t in head.subtree if t.i in view.person_at][:1]
        places = [c.place for c in stated_here if c.type == MEETING and c.place is not None]
        places += countries_after(view, places)
        for p in persons:
            for pl in dict.fromkeys(places):
                out.append(Candidate(VISIT, p, pl, view.sent, tok, "visiting+meeting-place", VISITING_CONFIDENCE,
                                     date=view.date))
    return out


def countries_after(view: SentenceView, places: list[int]) -> list[int]:
    """'in Jeddah, Saudi Arabia': the country apposed to a place is visited too."""
    ix = view.ix
    out = []
    for p in places:
        f = ix.found[p]
        if f.end + 1 < view.sent.end and ix.doc[f.end].text == ",":
            j = ix.mention_at.get(f.end + 1)
            if j is not None and ix.found[j].label == "Country":
                out.append(j)
    return out


def met_abroad(ix: DocIndex, stated_here: list[Candidate], person_country: Mapping[int, str],
               gaz: Gazetteer) -> list[Candidate]:
    """A meeting placed in a country that is not the participant's own is a visit there."""
    out = []
    for c in stated_here:
        if c.type != MEETING or c.place is None:
            continue
        pc = place_country(ix, c.place, gaz)
        if not pc:
            continue
        for p in (c.a, c.b):
            home = person_country.get(p)
            if home and home != pc:
                out.append(Candidate(VISIT, p, c.place, c.sent, c.trigger, "met-abroad", MET_ABROAD_CONFIDENCE,
                                     date=c.date))
    return out


def place_country(ix: DocIndex, i: int, gaz: Gazetteer) -> str | None:
    """The country of a Country or Place mention: its own key, the country written beside it, the gazetteer's."""
    f = ix.found[i]
    if f.label == "Country":
        return f.key
    if f.context_country:
        return f.context_country
    p = gaz.best_place(ix.text(i))
    return p.country if p else None
