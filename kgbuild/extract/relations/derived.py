"""Visits and places that follow from what the sentences state.

- the visiting guest of a meeting went to its place ("met visiting President X in Jeddah");
- a participant of a meeting abroad visited the place (also when only one side of the meeting is named: "X met
  with Armenian leaders in Yerevan"), and so did someone of an international body meeting a local there;
- a meeting stated with a visit takes the visit's place ("During his visit to Turkey, X met Y");
- the article's dateline places its first sentence's meetings, and a visitor to the dateline's country was in
  the dateline's city;
- a visit to a city is a visit to its country, when the article names that country ("arrived in Hanoi" and
  "Vietnamese" elsewhere: VISITED Hanoi and VISITED Vietnam);
- nobody visits their own country ("returned to Kyiv");
- a visit is to a city, a country or a site, never to a world region or continent ("a tour of Latin America").

"Home" is the country a person's roles or other cues give them in this document (by surname, so "Cameron"
shares "David Cameron"'s); a person whose roles are all in international bodies ("U.N. Secretary-General") is
at home nowhere.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ...gazetteer import Gazetteer
from ...resources import data_lines, triggers
from ..entities.base import region_key
from ..docindex import DocIndex
from .facts import Candidate, RoleFact
from .grammar import governor, name_head, np_mentions, places_in_subtree, places_under, subjects
from .sentence import SentenceView

MEETING, VISIT = "MET", "VISITED"
HOSTS = frozenset(triggers().get("host_verbs_of_arrival", ()))  # "X received Y": X is the host, at home
VISITING_CONFIDENCE = 0.7  # "... met visiting President X in Jeddah": X came to Jeddah
MET_ABROAD_CONFIDENCE = 0.6  # a meeting in a country that is not the participant's own
DATELINE_CONFIDENCE = 0.55  # a visitor to the dateline's country was in the dateline's city
INFERRED_VISITS = ("met-abroad", "met-where-travelling")  # visits read off a meeting's place: no country added
COUNTRY_OF_PLACE_FACTOR = 0.9  # a visit to a city is a visit to its country, a little less surely
NOWHERE = ""  # the home of someone whose roles are all in international bodies


def visiting_adjectives() -> frozenset[str]:
    return frozenset(triggers()["visiting_adjectives"])


def visiting(view: SentenceView, stated_here: list[Candidate], adjectives: frozenset[str]) -> list[Candidate]:
    """'... met visiting President X in Jeddah': X travelled to the meeting's place (and its country)."""
    out: list[Candidate] = []
    for tok in view.sent:
        if tok.lower_ not in adjectives:
            continue
        if tok.dep_ in ("amod", "acl", "compound"):
            head = name_head(tok.head)  # "the visiting President X": from the title word up to the name
            persons = np_mentions(view.person_at, head) or \
                [view.person_at[t.i] for t in head.subtree if t.i in view.person_at][:1]
        elif adjective_gerund(tok):
            # "met with visiting President X": the parse reads a gerund, the sense is the adjective
            persons = [p for c in tok.children if c.dep_ == "dobj" for p in np_mentions(view.person_at, c)]
        else:
            continue
        places = [c.place for c in stated_here if c.type == MEETING and c.place is not None]
        places += beside(view, places)
        for p in persons:
            for pl in dict.fromkeys(places):
                out.append(Candidate(VISIT, p, pl, view.sent, tok, "visiting+meeting-place", VISITING_CONFIDENCE,
                                     date=view.date))
    return out


ATTEND_VERBS = frozenset(triggers()["gatherings"]["attend_verbs"]) | {"take"}  # "took part in"
ATTEND_CONFIDENCE = 0.6  # "X attended the summit in Rome": X was there (a visit when X is from elsewhere)


def attended_at(view: SentenceView, blockers) -> list[tuple[int, int, Candidate]]:
    """'X attended the G20 summit in Rome', 'took part in the talks in Doha', 'joined other leaders at the summit in
    Tokyo': the attendee was at the place (as at a meeting there; met_abroad reads a visit from it)."""
    from .grammar import blocked
    out: list[tuple[int, int, Candidate]] = []
    for v in view.sent:
        lemma = v.lemma_.lower()
        if v.pos_ != "VERB" or lemma not in ATTEND_VERBS or blocked(v, blockers):
            continue
        if lemma == "take" and not any(c.dep_ == "dobj" and c.lower_ == "part" for c in v.children):
            continue
        subj = subjects(view.person_at, v)[0]
        places = places_in_subtree(view.place_at, v, skip_clauses=True)
        if not subj or not places:
            continue
        out += _there(view, subj, places[0], v, f"attend:{lemma}")
    return out


def _there(view: SentenceView, people: list[int], place: int, trigger, rule: str) -> list[tuple[int, int, Candidate]]:
    """Each of `people` at `place`, read from `trigger` (a meeting with nobody named: it only places them)."""
    here = Candidate(MEETING, people[0], people[0], view.sent, trigger, rule, ATTEND_CONFIDENCE, place=place,
                     date=view.date)
    return [(p, place, here) for p in people]


LIGHT_VERBS = frozenset(triggers().get("light_verbs", ()))  # "held talks", "had a meeting"


def talks_held_at(view: SentenceView, stated_here: list[Candidate], nouns: frozenset[str],
                  blockers) -> list[tuple[int, int, Candidate]]:
    """'X held talks in Tokyo with business leaders': talks (the object of a light verb: 'held', 'had') whose other
    side the text does not name place their
    subject there, as a meeting with people the text does not name does ('met with Armenian leaders in Yerevan')."""
    from .grammar import blocked
    out: list[tuple[int, int, Candidate]] = []
    told = {c.trigger.i for c in stated_here if c.type == MEETING}
    for n in view.sent:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in nouns or n.i in told or n.dep_ != "dobj" \
                or n.head.lemma_.lower() not in LIGHT_VERBS or blocked(n, blockers) or blocked(n.head, blockers) or in_sequence(n):
            continue
        places = places_under(view.place_at, n, {"in", "at"}) or places_under(view.place_at, n.head, {"in", "at"})
        subj = subjects(view.person_at, n.head)[0]
        if not places or not subj:
            continue
        out += _there(view, subj, places[0], n, f"noun:{n.lemma_.lower()}")
    return out


def adjective_gerund(tok) -> bool:
    """'visiting' after 'with'/'by' with a person as its object: "met with visiting President X"."""
    return tok.dep_ == "pcomp" and tok.head.lower_ in ("with", "by", "for")


def beside(view: SentenceView, places: list[int]) -> list[int]:
    """'in Jeddah, Saudi Arabia', 'at the airport, Abuja': the country or city apposed to a place is visited too."""
    ix = view.ix
    out: list[int] = []
    for p in places:
        f = ix.found[p]
        if f.end + 1 < view.sent.end and ix.doc[f.end].text == ",":
            j = ix.first_at_start.get(f.end + 1)
            if j is not None and ix.found[j].label in ("Country", "Place") and j not in places and j not in out:
                out.append(j)
    return out


def place_from_their_meeting(view: SentenceView, cands: list[Candidate], nouns: frozenset[str]) -> list[Candidate]:
    """'... attend a news conference following their meeting in Lviv': meetings of the sentence that name no place
    happened where 'their meeting' did."""
    if not any(c.type == MEETING and c.place is None for c in cands):
        return cands
    place = None
    for t in view.sent:
        if t.lemma_.lower() in nouns and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children):
            got = places_under(view.place_at, t)
            if got:
                place = got[0]
                break
    if place is None:
        return cands
    return [replace(c, place=place) if c.type == MEETING and c.place is None else c for c in cands]


def place_from_visit(cands: list[Candidate]) -> list[Candidate]:
    """'During his visit to Turkey, X met Y': a meeting without a place of its own happened where the visit went."""
    went: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.type == VISIT:
            went.setdefault(c.a, []).append(c)
    if not went:
        return cands
    out = []
    for c in cands:
        if c.type == MEETING and c.place is None and not in_sequence(c.trigger):
            visits = went.get(c.a, []) + went.get(c.b, [])
            if visits:
                c = replace(c, place=visits[0].b)
        out.append(c)
    return out


SEQUENCE_PREPS = frozenset({"after", "before", "following", "since", "until", "ahead"})


def in_sequence(trigger) -> bool:
    """'flew home after his meeting with X', 'before the talks': a meeting told as what came before or after the
    travel the sentence states, so not placed where that travel went."""
    t = trigger
    for _ in range(3):
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in SEQUENCE_PREPS:
            return True
        if t.head is t or t.dep_ not in ("pobj", "pcomp", "dobj", "prep"):
            return False
        t = t.head
    return False


def homes(ix: DocIndex, person_country: Mapping[int, str], roles: list[RoleFact]) -> dict[int, str]:
    """Each person mention's country in this document, shared by the mentions with the same surname (when the
    surname's mentions agree); NOWHERE for people whose every role is in a body of no country."""
    by_name: dict[str, set[str]] = {}
    people = [i for i, f in enumerate(ix.found) if f.label == "Person"]
    for i in people:
        c = person_country.get(i)
        if c:
            by_name.setdefault(ix.text(i).split()[-1], set()).add(c)
    stateless: set[str] = set()
    for r in roles:
        if r.org is not None and ix.found[r.org].label == "Organization" and not ix.found[r.org].country \
                and not r.country:
            stateless.add(ix.text(r.person).split()[-1])
    # "Moon" of "Moon Jae-in", "Xi" of "Xi Jinping": a name written family name first is short for its first word
    by_first: dict[str, set[str]] = {}
    for i in people:
        words = ix.text(i).split()
        c = person_country.get(i)
        if c and len(words) > 1:
            by_first.setdefault(words[0], set()).add(c)
    out: dict[int, str] = {}
    for i in people:
        words = ix.text(i).split()
        name = words[-1]
        countries = by_name.get(name, set())
        if not countries and len(words) == 1:
            countries = by_first.get(name, set())
        if len(countries) == 1:
            out[i] = next(iter(countries))
        elif not countries and name in stateless:
            out[i] = NOWHERE
    return out


IN_COUNTRY_FACTOR = 0.9  # "her trip to Latvia began at the castle in Riga": Riga, a little less surely


def places_of_the_visit(view: SentenceView, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """'X began her trip to Latvia with a ceremony at Riga Castle in Riga', 'During his
    visit to Kenya, X laid a wreath in Nairobi': a stated visit to a country reaches the cities and sites of that
    country that the clause of its word places it in ('in', 'at'; not in a clause of their own)."""
    ix = view.ix
    out: list[Candidate] = []
    have = {(c.a, c.b) for c in cands if c.type == VISIT}
    for c in cands:
        if c.type != VISIT or not c.rule.startswith(("verb:", "noun:")) or ix.found[c.b].label != "Country":
            continue
        head = c.trigger if c.trigger.pos_ in ("VERB", "AUX") else governor(c.trigger)
        if head is None:
            continue
        for pl in places_in_subtree(view.place_at, head, skip_clauses=True):
            if (c.a, pl) in have or ix.found[pl].label != "Place" or world_region(ix, pl, gaz) \
                    or _country_near(ix, pl, gaz) != ix.found[c.b].key:
                continue
            have.add((c.a, pl))
            out.append(Candidate(VISIT, c.a, pl, c.sent, c.trigger, c.rule + "+in-country",
                                 round(c.confidence * IN_COUNTRY_FACTOR, 3), date=c.date))
    return out


def _country_near(ix: DocIndex, i: int, gaz: Gazetteer) -> str | None:
    """The country of a place, read first from the city written beside it ('the Presidential Palace in Vilnius')."""
    city = next((j for j in _beside(ix, i) if ix.found[j].label == "Place"), None)
    return (place_country(ix, city, gaz) if city is not None else None) or place_country(ix, i, gaz)


WELCOMED_TO_CONFIDENCE = 0.75  # "X welcomed Y to Windsor Castle": Y came there


def welcomed_to(ix: DocIndex, stated_here: list[Candidate], people: Mapping[int, int]) -> list[Candidate]:
    """'X welcomed Y to Windsor Castle', 'Y was welcomed to State House, Nairobi': the guest of a verb of receiving
    came to the place after 'to' (and to the city written beside it)."""
    out: list[Candidate] = []
    place_at: dict[int, int] | None = None
    for c in stated_here:
        if c.type != MEETING or not c.rule.startswith("verb:") or c.trigger.lemma_.lower() not in HOSTS:
            continue
        v = c.trigger
        heads = [v] + [d for d in v.children if d.dep_ == "dobj"]  # the parse may hang 'to P' on the guest
        if not any(d.dep_ == "prep" and d.lower_ == "to" for h in heads for d in h.children):
            continue
        guests = [p for d in v.children if d.dep_ in ("dobj", "nsubjpass") for p in np_mentions(people, d)]
        if place_at is None:
            place_at = {k: j for k, j in ix.mention_at.items() if ix.found[j].label in ("Place", "Country")}
        for pl in dict.fromkeys(i for h in heads for i in places_under(place_at, h, {"to"})):
            for x in [pl] + [b for b in _beside(ix, pl) if ix.found[b].label == "Place"]:
                out += [Candidate(VISIT, g, x, c.sent, v, "welcomed-to", WELCOMED_TO_CONFIDENCE, date=c.date)
                        for g in guests]
    return out


RECEIVED_AT_CONFIDENCE = 0.7  # "X received Y at the airport": Y arrived there


def arrival_sites() -> frozenset[str]:
    return frozenset(triggers().get("arrival_sites", ()))


def received_at_arrival(ix: DocIndex, stated_here: list[Candidate], sites: frozenset[str],
                        verbs: frozenset[str] = frozenset({"receive", "welcome", "greet"}),
                        people: Mapping[int, int] | None = None) -> list[Candidate]:
    """'X received Y at the airport', 'Y was welcomed at Z International Airport by X': the guest arrived there
    (and in the city written beside it). Only an airport says so: a palace or an office is where a meeting took
    place, not a sign that the guest travelled (ANNOTATION.md). With `people` (token -> person of the sentence),
    the hosts who receive together ("Welcoming X at the airport were A and B") are not guests."""
    out: list[Candidate] = []
    for c in stated_here:
        if c.type != MEETING or c.place is None or not c.rule.startswith("verb:") \
                or c.trigger.lemma_.lower() not in verbs:
            continue
        if people is not None and c.b in subjects(people, c.trigger)[0]:
            continue
        words = {w.lower() for w in ix.text(c.place).split()}
        if not words & sites:
            continue
        for pl in [c.place] + [b for b in _beside(ix, c.place) if ix.found[b].label == "Place"]:
            out.append(Candidate(VISIT, c.b, pl, c.sent, c.trigger, "received-at-arrival", RECEIVED_AT_CONFIDENCE,
                                 date=c.date))
    return out


def met_abroad(ix: DocIndex, stated_here: list[Candidate], presences: list[tuple[int, int, Candidate]],
               home: Mapping[int, str], gaz: Gazetteer) -> list[Candidate]:
    """A meeting placed in a country that is not the participant's own is a visit there; someone at home nowhere
    who meets a local there visited too."""
    out = []
    seen: set[tuple[int, int]] = set()
    meetings = [(c, (c.a, c.b)) for c in stated_here if c.type == MEETING and c.place is not None]
    meetings += [(c, (p,)) for p, _, c in presences]
    for c, people in meetings:
        place = c.place
        if _planned(ix, place):
            continue  # "discussions centred on the forthcoming summit in Addis Ababa": not where they met
        place = _site_in_city(ix, place, gaz) or place
        pc = place_country(ix, place, gaz)
        if not pc:
            continue
        local = any(home.get(p) == pc for p in (c.a, c.b))
        hosting = c.rule.startswith("verb:") and c.trigger.lemma_.lower() in HOSTS
        for p in people:
            h = home.get(p)
            if h is None or h == pc or (h == NOWHERE and not local) or (p, place) in seen:
                continue
            if hosting and p == c.a and len(people) == 2:
                continue  # "X hosted Y at his estate": the host is where he receives
            seen.add((p, place))
            went = [place] + [b for b in _beside(ix, place) if ix.found[b].label == "Place"]
            if ix.found[place].label == "Place" and region_country(ix.text(place), gaz):
                # "in eastern Ukraine": a part of a country named by it; the visit is to the country
                same = [j for j in range(len(ix.found)) if ix.found[j].label == "Country" and ix.found[j].key == pc]
                went = sorted(same, key=lambda j: not ix.text(place).endswith(ix.text(j)))[:1]
            for pl in went:
                out.append(Candidate(VISIT, p, pl, c.sent, c.trigger, "met-abroad", MET_ABROAD_CONFIDENCE,
                                     date=c.date))
    return out


PLAN_MODIFIERS = frozenset(triggers()["blockers"]["plan_modifiers"])


def _planned(ix: DocIndex, i: int) -> bool:
    """A place inside the phrase of something planned ('the upcoming summit in Addis Ababa')."""
    t = ix.doc[ix.found[i].end - 1]
    for _ in range(6):
        if t.head is t:
            return False
        t = t.head
        if t.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("amod", "compound") and c.lower_ in PLAN_MODIFIERS
                                               for c in t.children):
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _beside(ix: DocIndex, i: int) -> list[int]:
    """The place written right after a place: 'the airport, Abuja', 'State House in Nairobi'."""
    f = ix.found[i]
    if f.end + 1 < len(ix.doc) and ix.doc[f.end].lower_ in (",", "in"):
        j = ix.first_at_start.get(f.end + 1)
        if j is not None and j != i and ix.found[j].label in ("Place", "Country"):
            return [j]
    return []


def _site_in_city(ix: DocIndex, i: int, gaz: Gazetteer) -> int | None:
    """'State House in Nairobi', 'the palace, Riyadh': a site the gazetteer does not know, with the city it is in
    written beside it; the city (a meeting at a site abroad is a visit to the city, not to the venue)."""
    if ix.found[i].label != "Place" or gaz.best_place(ix.text(i).rstrip(".")) is not None:
        return None
    city = next((j for j in _beside(ix, i) if ix.found[j].label == "Place"), None)
    return city


def place_country(ix: DocIndex, i: int, gaz: Gazetteer) -> str | None:
    """The country of a Country or Place mention: its own key, the country written beside it, the country of
    the city written beside it ('the airport, Abuja'), the gazetteer's."""
    f = ix.found[i]
    if f.label == "Country":
        return f.key
    if f.context_country:
        return f.context_country
    if f.end + 1 < len(ix.doc) and ix.doc[f.end].text == ",":
        j = ix.first_at_start.get(f.end + 1)
        if j is not None and ix.found[j].label == "Place" and j != i:
            c = ix.found[j].context_country or _gaz_country(ix, j, gaz)
            if c:
                return c
    return _gaz_country(ix, i, gaz)


def _gaz_country(ix: DocIndex, i: int, gaz: Gazetteer) -> str | None:
    text = ix.text(i).rstrip(".")
    p = gaz.best_place(text)
    if p:
        return p.country
    return region_country(text, gaz)


def region_country(text: str, gaz: Gazetteer) -> str | None:
    """'eastern Ukraine', 'northern Syria': a region named by a country's name."""
    words = text.split()
    for k in range(1, len(words)):
        hit = gaz.country(" ".join(words[k:]))
        if hit is not None and hit.kind == "name":
            return hit.code
    return None


# ------------------------------------------------------------------ the whole document
def dateline_places(ix: DocIndex, cands: list[Candidate], home: Mapping[int, str], gaz: Gazetteer) -> list[Candidate]:
    """The dateline places the meetings of its own sentence that name no place ("BELGRADE - X met Y"), and a
    visitor to the dateline's country was in its city."""
    d = ix.dateline
    if d is None or ix.found[d].label != "Place":
        return cands
    # The dateline's own sentence (the next one too when the parser cut "KYIV (Reuters) -" off on its own).
    first = ix.sentence_of(ix.found[d].start)
    lead_end = first.end
    if not any(t.pos_ in ("VERB", "AUX") for t in first) and first.end < len(ix.doc):
        lead_end = ix.sentence_of(first.end).end
    line_end = lead_end
    country = place_country(ix, d, gaz)
    out: list[Candidate] = []
    extra: list[Candidate] = []
    for c in cands:
        vague = c.place is None or (ix.found[c.place].label == "Country" and ix.found[c.place].key == country)
        if c.type == MEETING and vague and ix.found[d].start <= c.sent.start < line_end:
            c = replace(c, place=d, rule=c.rule + "+dateline")  # "BELGRADE - X visited Serbia, meeting Y"
        out.append(c)
        if c.type == VISIT and country and c.b != d and home.get(c.a) != country and c.sent.start <= lead_end \
                and (ix.found[c.b].label == "Country" and ix.found[c.b].key == country):
            extra.append(Candidate(VISIT, c.a, d, c.sent, c.trigger, "dateline", DATELINE_CONFIDENCE, date=c.date))
    return out + extra


WORLD_REGIONS = frozenset(region_key(r) for r in data_lines("regions.txt"))
DIRECTIONS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                        "northeast", "northwest", "southeast", "southwest"})


def world_region(ix: DocIndex, i: int, gaz: Gazetteer) -> bool:
    """'Latin America', 'the Middle East', 'Asia', 'West Africa': a continent or a world region (regions.txt)."""
    f = ix.found[i]
    if f.label != "Place":
        return False
    name = (f.canonical or ix.text(i)).rstrip(".")
    if region_key(name) in WORLD_REGIONS:
        return True
    words = name.split()
    if len(words) == 2 and words[0].lower() in DIRECTIONS:
        name = words[1]
    p = gaz.best_place(name)
    return p is not None and p.kind == "continent"


def not_to_regions(ix: DocIndex, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """A visit is to a city, a country or a site (ANNOTATION.md): 'his visit to Latin America', 'a tour of Asia'
    name where the travel went, and the cities and countries the text names are the visits."""
    return [c for c in cands if c.type != VISIT or not world_region(ix, c.b, gaz)]


TRAVELLER_CONFIDENCE = 0.6  # "X's tour first took her to Chile ... In Santiago, X met Y": X was in Santiago


def met_where_travelling(ix: DocIndex, cands: list[Candidate], presences: list[tuple[int, int, Candidate]],
                         home: Mapping[int, str], gaz: Gazetteer) -> list[Candidate]:
    """Someone the article says travelled to a country, whose own country it does not give, was at the meetings it
    places in that country ('X's tour took her to Chile. She met officials in the capital, Santiago':
    she visited Santiago). The travel must be stated (a visit word), not read off another meeting."""
    went: dict[str, set[str]] = {}
    for c in cands:
        if c.type == VISIT and ix.found[c.b].label == "Country" and ix.found[c.b].key and \
                not c.rule.startswith(INFERRED_VISITS) and home.get(c.a) is None:
            went.setdefault(ix.text(c.a).split()[-1], set()).add(ix.found[c.b].key)
    if not went:
        return cands
    have = {(ix.text(c.a).split()[-1], c.b) for c in cands if c.type == VISIT}
    meetings = [(c, (c.a, c.b)) for c in cands if c.type == MEETING and c.place is not None]
    meetings += [(c, (p,)) for p, _, c in presences]
    extra: list[Candidate] = []
    for c, people in meetings:
        place = c.place
        if ix.found[place].label != "Place" or _planned(ix, place) or world_region(ix, place, gaz):
            continue
        pc = place_country(ix, place, gaz)
        for p in people:
            name = ix.text(p).split()[-1]
            if home.get(p) is not None or pc not in went.get(name, ()) or (name, place) in have:
                continue
            have.add((name, place))
            extra.append(Candidate(VISIT, p, place, c.sent, c.trigger, "met-where-travelling", TRAVELLER_CONFIDENCE,
                                   date=c.date))
    return cands + extra


def not_at_home(ix: DocIndex, cands: list[Candidate], home: Mapping[int, str], gaz: Gazetteer) -> list[Candidate]:
    """Travel within one's own country is no visit (ANNOTATION.md)."""
    return [c for c in cands if c.type != VISIT or not home.get(c.a) or home.get(c.a) != place_country(ix, c.b, gaz)]


def country_of_visited_place(ix: DocIndex, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """A visit to a city or site is also a visit to the country it lies in ("arrived in Hanoi"), when the article
    mentions that country (as a name or a demonym) so that the edge has a node to join. Only for travel the text
    states (a visit verb or noun, a dateline), not for visits inferred from where a meeting took place. The
    country mention nearest before the visit's sentence is taken, else the first after it."""
    by_key: dict[str, list[int]] = {}
    for j, f in enumerate(ix.found):
        if f.label == "Country" and f.key:
            by_key.setdefault(f.key, []).append(j)
    if not by_key:
        return cands
    have = {(c.a, ix.found[c.b].key) for c in cands if c.type == VISIT and ix.found[c.b].label == "Country"}
    extra: list[Candidate] = []
    for c in cands:
        if c.type != VISIT or ix.found[c.b].label != "Place" or c.rule.startswith(INFERRED_VISITS):
            continue
        pc = place_country(ix, c.b, gaz)
        if not pc or pc not in by_key or (c.a, pc) in have:
            continue
        at = c.sent.start
        before = [j for j in by_key[pc] if ix.found[j].start < at]
        j = before[-1] if before else by_key[pc][0]
        have.add((c.a, pc))
        extra.append(Candidate(VISIT, c.a, j, c.sent, c.trigger, c.rule + "+country-of-place",
                               round(c.confidence * COUNTRY_OF_PLACE_FACTOR, 3), date=c.date))
    return cands + extra
