"""Relations a trigger word states ("met", "talks", "called", "visited", "a trip"), driven by triggers.json.

triggers.json lists, per relation type of the schema, the verbs and nouns that state it, what each needs
besides itself (`verb_needs`, `noun_needs`: see VERB_NEEDS and NOUN_NEEDS), its confidences and whether it
happens at a place.
A relation type's endpoints in the schema choose its grammar:

- *between parties* (MET, TALKED_TO, or any type whose targets are not all places): the subject of the verb
  (or of the verb that governs the noun, or the noun's possessor) on one side; the objects, the people after
  "with", "between" or a passive "by" on the other; for a symmetric type the parties of one side are related
  to each other too ("A and B met").
- *to a place* (VISITED, or any type whose targets are all Place/Country): the subject travels to the places
  under the word ("arrived in Riyadh", "a visit to the country").

A word states at most one relation of each grammar: the first type in the file whose needs it meets (so
"conferred by video" is TALKED_TO, and "conferred" alone is MET). Plans, negations and conditions block a
word (grammar.blocked). A new relation type is a schema row and an entry in triggers.json.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from spacy import symbols as spacy_symbols
from spacy.tokens import Span, Token

from ...errors import KgbuildError
from ...gazetteer import get_gazetteer
from ...resources import triggers
from ...schema import RelType, Schema
from ..docindex import PLACE_LABELS
from .derived import adjective_gerund, in_sequence
from .facts import Candidate
from .gatherings import GatherWords
from .grammar import (
    PARTICIPANT_PREPS,
    Blockers,
    best_place,
    blocked,
    coordinated_antecedent,
    governor,
    np_mentions,
    objects,
    pairs,
    phrase_places,
    places_in_subtree,
    places_under,
    subjects,
    the_country,
)
from .messages import MessageWords
from .sentence import SentenceView

BETWEEN, TO_PLACE = "between", "to a place"
# What a trigger may need besides itself. Verbs of a relation between parties:
#   object        a party on the other side as object or after with/between ("called X", "met with X")
#   object_or_to  ... or after "to" ("wrote to X")
#   remote        a word of remote contact nearby ("spoke by phone"); the other side may follow "to"
#   with          "with" and a party after it ("sat with X")
#   on            a party after "on" and no infinitive after it ("called on X", not "called on X to resign")
# Verbs of a relation to a place:
#   place_to      the place after "to"/"into" ("flew to Paris"); place_in: after "in"/"at" ("landed in Paris")
#   place_for     the place after "for" ("departed for Paris", "left for Paris"; not "left Paris")
#   place_object  the place as object or after any place preposition ("reached Paris") - the default
# Nouns:  remote (as for verbs); with  the other side after with/between/among ("letters with X");
#         word:W  the word W in the phrase around the noun ("a video call").
VERB_NEEDS = {BETWEEN: {"object", "object_or_to", "remote", "with", "on"},
              TO_PLACE: {"place_to", "place_in", "place_object", "place_for"}}
NOUN_NEEDS = {BETWEEN: {"remote", "with"}, TO_PLACE: set()}
WITH_PREPS = frozenset({"with", "between", "among", "alongside"})  # the other side of a noun ("talks with X")
NOUN_PLACE_PREPS = frozenset({"to", "in", "of", "at"})  # "a visit to Kyiv", "his trip of Asia"
REMOTE_CONTEXT_FACTOR = 0.85  # a word that needs a remote word, read as a call because the calls came just before


class TriggerDataError(KgbuildError):
    def __init__(self, problem: str):
        super().__init__(f"kgbuild/data/triggers.json: {problem}")


@dataclass(frozen=True, eq=False)
class TriggerType:
    """One relation type as triggers.json describes it, with its endpoints from the schema."""

    rel: RelType
    grammar: str  # BETWEEN or TO_PLACE
    verbs: Mapping[str, str | None]  # lemma -> need
    nouns: Mapping[str, str | None]  # lemma or word -> need
    verb_confidence: float
    noun_confidence: float
    placed: bool  # the relation happens at a place (a meeting does; a call does not)
    sources: frozenset[str]
    targets: frozenset[str]

    @property
    def name(self) -> str:
        return self.rel.name


@dataclass(frozen=True)
class Triggers:
    """Every trigger type of triggers.json (in file order), with lookups by verb lemma and noun."""

    types: tuple[TriggerType, ...]
    by_verb: Mapping[str, tuple[TriggerType, ...]]
    by_noun: Mapping[str, tuple[TriggerType, ...]]
    remote_words: frozenset[str]
    source_labels: frozenset[str]  # labels one side of some trigger type can hold

    @classmethod
    def load(cls, schema: Schema, data: Mapping[str, Any] | None = None) -> Triggers:
        data = triggers() if data is None else data
        types = tuple(_trigger_type(name, spec, schema) for name, spec in data["relations"].items()
                      if not name.startswith("_"))
        by_verb: dict[str, list[TriggerType]] = {}
        by_noun: dict[str, list[TriggerType]] = {}
        for t in types:
            for w in t.verbs:
                by_verb.setdefault(w, []).append(t)
            for w in t.nouns:
                by_noun.setdefault(w, []).append(t)
        return cls(types, {k: tuple(v) for k, v in by_verb.items()}, {k: tuple(v) for k, v in by_noun.items()},
                   frozenset(data["remote_words"]), frozenset(lab for t in types for lab in t.sources))

    def noun_types(self, tok: Token) -> list[TriggerType]:
        """The types a noun may state, by its lemma or its word, in file order."""
        found = self.by_noun.get(tok.lemma_.lower(), ()) + self.by_noun.get(tok.lower_, ())
        if len(found) <= 1:
            return list(found)
        return [t for t in self.types if t in found]


def _trigger_type(name: str, spec: Mapping[str, Any], schema: Schema) -> TriggerType:
    if name not in schema or schema.relations[name].origin != "text" or name == "HOLDS_ROLE":
        raise TriggerDataError(f"{name} is not a relation type that sentences state in the schema")
    rel = schema.relations[name]
    targets = frozenset(rel.targets)
    grammar = TO_PLACE if targets <= PLACE_LABELS else BETWEEN
    verb_needs, noun_needs = spec.get("verb_needs", {}), spec.get("noun_needs", {})
    for kind, needs, known in (("verb", verb_needs, VERB_NEEDS[grammar]), ("noun", noun_needs, NOUN_NEEDS[grammar])):
        for word, need in needs.items():
            if word not in spec.get(kind + "s", []):
                raise TriggerDataError(f"{name}: {kind}_needs names {word!r}, which is not one of its {kind}s")
            if need not in known and not (kind == "noun" and need.startswith("word:")):
                raise TriggerDataError(f"{name}: unknown need {need!r} for the {kind} {word!r} "
                                       f"(known: {', '.join(sorted(known)) or 'none'}{', word:W' if kind == 'noun' else ''})")
    conf = spec.get("confidence", {})
    for kind in ("verb", "noun"):
        if spec.get(kind + "s") and not isinstance(conf.get(kind), (int, float)):
            raise TriggerDataError(f"{name}: its {kind}s need a confidence ({{\"confidence\": {{\"{kind}\": 0.8}}}})")
    return TriggerType(
        rel=rel, grammar=grammar,
        verbs={w: verb_needs.get(w) for w in spec.get("verbs", [])},
        nouns={w: noun_needs.get(w) for w in spec.get("nouns", [])},
        verb_confidence=float(conf.get("verb", 0)), noun_confidence=float(conf.get("noun", 0)),
        placed=bool(spec.get("placed", True)), sources=frozenset(rel.sources), targets=targets)


# ------------------------------------------------------------------ lemmas
def verb_words(data: Mapping[str, Any] | None = None) -> frozenset[str]:
    """Every verb lemma triggers.json names: trigger verbs, and the verbs of messages, gatherings and light verbs."""
    data = triggers() if data is None else data
    out = {w for spec in data["relations"].values() if isinstance(spec, Mapping) for w in spec.get("verbs", ())}
    for section in ("messages", "gatherings"):
        out |= {w for k, ws in data.get(section, {}).items() if k.endswith("_verbs") for w in ws}
    out |= set(data.get("light_verbs", ())) | set(data.get("host_verbs_of_arrival", ()))
    return frozenset(out)


VERB_POS = (spacy_symbols.VERB, spacy_symbols.AUX)  # integer parts of speech: cheaper to test than tag_ strings


def repair_lemmas(doc, known: frozenset[str]) -> None:
    """The lemmatiser misreads some regular forms of trigger verbs, taking a final "e" for part of the ending or
    of the stem ("dined" -> "din", "texted" -> "texte"): a verb whose lemma is no known verb but is one with that
    "e" added or dropped gets the known one ("dine", "text"). Only words tagged as verbs, and only to a verb of
    triggers.json, so nothing else of the parse changes."""
    for tok in doc:
        if tok.pos not in VERB_POS or not tok.tag_.startswith("VB"):
            continue
        lemma = tok.lemma_.lower()
        if lemma in known or len(lemma) < 3:
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma + "e"
        if stem in known:
            tok.lemma_ = stem


# ------------------------------------------------------------------ sentences
def is_verb_trigger(tok: Token) -> bool:
    """A verb, or a participle used as an adjective ("the visiting minister", "talks held ...")."""
    return tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("VBG", "VBN") and tok.dep_ in ("amod", "acl"))


def stated(view: SentenceView, trig: Triggers, words: Blockers) -> list[Candidate]:
    """Every relation a trigger word of the sentence states."""
    out: list[Candidate] = being_there(view, trig, words) + where_the_tour_went(view, trig, words)
    for tok in view.sent:
        if is_verb_trigger(tok):
            types = trig.by_verb.get(tok.lemma_.lower())
            if types:
                out += verb_candidates(view, tok, types, trig, words)
        elif tok.pos_ in ("NOUN", "PROPN"):
            types = trig.noun_types(tok)
            if types:
                out += noun_candidates(view, tok, types, trig, words)
    return out


IN_PERSON_MODIFIERS = frozenset(triggers().get("in_person_modifiers", ()))
HOSTING = frozenset(triggers().get("host_verbs_of_arrival", ()))  # "greeted X upon arrival": X arrived
LIGHT_VERBS = frozenset(triggers().get("light_verbs", ()))  # "had lunch with X": the verb's 'with' is the noun's
BEING_THERE_CONFIDENCE = 0.7  # "X was in Kyiv for talks"
# "X was in Nairobi on Monday" with no reason given: a visit only for someone whose home country the article gives
# and is another (relations/__init__.py keeps it then; not_at_home drops the rest)
BEING_ABROAD_RULE, BEING_ABROAD_CONFIDENCE = "be-in-abroad", 0.6


def being_there(view: SentenceView, trig: Triggers, words: Blockers) -> list[Candidate]:
    """'X was in Kyiv for talks', 'X is in Beijing on a three-day visit', 'X was in the capital for a visit': a
    person said to be in a place for a visit or talks went there (the sentence must name why: a trigger noun of
    a visit or a meeting)."""
    visit = next((t for t in trig.types if t.grammar == TO_PLACE), None)
    if visit is None:
        return []
    out: list[Candidate] = []
    for tok in view.sent:
        if tok.lemma_.lower() != "be" or blocked(tok, words):
            continue
        why = any(_purpose(g, trig) for c in tok.children if c.dep_ == "prep"
                  and c.lower_ in ("for", "on", "as") for g in c.children if g.dep_ == "pobj")
        if not why and (tok.dep_ != "ROOT" or tok.tag_ not in ("VBD", "VBZ", "VBP")):
            continue
        places: list[int] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for g in c.children:
                    if g.dep_ == "pobj":
                        i = view.place_at.get(g.i)
                        places += [i] if i is not None else the_country(view.ix, tok, {"in"})
        people = [p for c in tok.children if c.dep_ == "nsubj" for p in np_mentions(view.person_at, c)]
        if not people and tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")
                                                      for c in tok.children):
            people = np_mentions(view.person_at, tok.head)  # "X, who is in Tokyo on a state visit, ..."
        rule, conf = ("be-in", BEING_THERE_CONFIDENCE) if why else (BEING_ABROAD_RULE, BEING_ABROAD_CONFIDENCE)
        out += [Candidate(visit.name, p, pl, view.sent, tok, rule, conf, date=view.date)
                for p in people for pl in dict.fromkeys(places)]
    return out


RETURN_WORDS = frozenset(triggers().get("return_words", ()))
TOUR_VERBS = frozenset(triggers().get("tour_verbs", ()))


def where_the_tour_went(view: SentenceView, trig: Triggers, words: Blockers) -> list[Candidate]:
    """'X returned from Minsk', 'after his return from Minsk': X had been there. 'Her tour first took her to Chile':
    the verbs of tour_verbs with a visit noun as subject take its traveller (their object, else the noun's
    possessor) to the place after 'to'. 'Brazil is the first stop of X's tour': a place said to be a stop of a
    visit noun was visited by the noun's possessor."""
    visit = next((t for t in trig.types if t.grammar == TO_PLACE), None)
    if visit is None:
        return []
    t_at, people = view.at(visit.targets), view.person_at
    out: list[Candidate] = []

    def add(tok: Token, persons: list[int], places: list[int], rule: str, conf: float) -> None:
        out.extend(Candidate(visit.name, p, pl, view.sent, tok, rule, conf, date=view.date)
                   for p in dict.fromkeys(persons) for pl in dict.fromkeys(places))

    for tok in view.sent:
        lemma = tok.lemma_.lower()
        if lemma in RETURN_WORDS and not blocked(tok, words):
            places = places_under(t_at, tok, {"from"})
            if not places:
                continue
            if tok.pos_ == "VERB":
                persons = subjects(people, tok)[0]
            else:
                persons = [p for c in tok.children if c.dep_ == "poss" for p in np_mentions(people, c)]
                gov = governor(tok)
                if not persons and gov is not None and not blocked(gov, words):
                    persons = subjects(people, gov)[0]
            add(tok, persons, places, f"return-from:{lemma}", visit.verb_confidence)
        elif lemma in TOUR_VERBS and tok.pos_ == "VERB" and not blocked(tok, words):
            nouns = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "NOUN" and visit in trig.noun_types(c)]
            places = places_under(t_at, tok, {"to"})
            if not nouns or not places:
                continue
            persons = [p for c in tok.children if c.dep_ == "dobj" for p in np_mentions(people, c)] or \
                [p for c in nouns[0].children if c.dep_ == "poss" for p in np_mentions(people, c)]
            add(tok, persons, places, f"tour-verb:{lemma}", visit.noun_confidence)
        elif tok.dep_ in ("attr", "nsubj") and tok.head.lemma_.lower() == "be" and visit in trig.noun_types(tok) \
                and not blocked(tok.head, words):
            # "Brazil is the first stop of X's tour", "X's first stop was Tokyo"
            other = "nsubj" if tok.dep_ == "attr" else "attr"
            places = [i for c in tok.head.children if c.dep_ == other for i in phrase_places(t_at, c)]
            tours = [tok] + [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "in")
                             for g in c.children if g.dep_ == "pobj" and visit in trig.noun_types(g)]
            persons = [p for n in tours for c in n.children if c.dep_ == "poss" for p in np_mentions(people, c)]
            add(tok, persons, places, f"stop-of:{tok.lemma_.lower()}", visit.noun_confidence)
        elif tok.dep_ == "prep" and tok.lower_ == "in" and tok.head.pos_ in ("VERB", "AUX") \
                and not blocked(tok.head, words):
            # "X, in Tokyo for talks, said ...": in a place for a visit or talks, said aside
            places = [i for g in tok.children if g.dep_ == "pobj" for i in phrase_places(t_at, g)]
            why = any(_purpose(x, trig) for h in [tok] + [g for g in tok.children if g.dep_ == "pobj"]
                      for c in h.children if c.dep_ == "prep" and c.lower_ in ("for", "on")
                      for x in c.children if x.dep_ == "pobj")
            if places and why:
                add(tok, subjects(people, tok.head)[0], places, "be-in", BEING_THERE_CONFIDENCE)
    return out


def _purpose(g: Token, trig: Triggers, depth: int = 2) -> bool:
    """A trigger noun, or one it is a part of: 'for talks', 'on the first leg of a tour', 'as part of a visit'."""
    if g.pos_ == "NOUN" and trig.noun_types(g):
        return True
    return depth > 0 and any(_purpose(x, trig, depth - 1) for c in g.children if c.dep_ == "prep" and c.lower_ == "of"
                             for x in c.children if x.dep_ == "pobj")


OWN_CLAUSES = frozenset({"conj", "relcl", "advcl"})  # clauses of a trigger that say something of their own


def remote(tok: Token, remote_words: frozenset[str]) -> bool:
    """A word of remote contact in the trigger's phrase or beside it ("spoke by phone", "a video call"), not in a
    clause of its own ("met X and conveyed a message from Y", "met X, who later spoke by phone")."""
    words: set[str] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        words.add(t.lower_)
        stack += [c for c in t.children if c.dep_ not in OWN_CLAUSES or (c.dep_ == "conj" and t is not tok)]
    if tok.head is not tok:
        words |= {t.lower_ for t in tok.head.children}
    return bool(words & remote_words)


def _the_country(view: SentenceView, head: Token, t: TriggerType, preps: set[str]) -> list[int]:
    return the_country(view.ix, head, preps) if "Country" in t.targets else []


def _allowed(view: SentenceView, t: TriggerType, pairs_: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = view.ix.found
    return [(a, b) for a, b in pairs_ if t.rel.allows(found[a].label, found[b].label)]


# ------------------------------------------------------------------ verbs
def verb_candidates(view: SentenceView, v: Token, types: tuple[TriggerType, ...], trig: Triggers,
                    words: Blockers) -> list[Candidate]:
    if blocked(v, words) or (adjective_gerund(v) and not _thanked_for(v)):
        return []  # "met with visiting X": 'visiting' describes X (the meeting verb and derived.py read it)
    ix = view.ix
    lemma = v.lemma_.lower()
    rule = f"verb:{lemma}"
    date = view.date
    place_at = view.place_at
    places = places_under(place_at, v) or the_country(ix, v, {"to", "in"})
    out: list[Candidate] = []
    done: set[str] = set()
    for t in types:
        if t.grammar in done:
            continue
        need = t.verbs[lemma]
        a_at = view.at(t.sources)
        subj, psubj = subjects(a_at, v)
        if t.grammar == TO_PLACE:
            # A person travels to a place: "visited Kyiv", "flew to Paris", "arrived in Riyadh".
            if not subj or (v.dep_ == "amod" and v.tag_ == "VBG"):
                continue  # "the visiting minister": derived.visiting reads it
            t_at = view.at(t.targets)
            if need == "place_to":
                targets = places_under(t_at, v, {"to", "into"})
            elif need == "place_in":
                targets = places_under(t_at, v, {"in", "at"})
            elif need == "place_for":
                targets = places_under(t_at, v, {"for"})
            else:
                targets = list(places) if t.targets == PLACE_LABELS else \
                    (places_under(t_at, v) or _the_country(view, v, t, {"to", "in"}))
                for c in v.children:
                    if c.dep_ == "dobj":
                        targets += [i for i in phrase_places(t_at, c) if i not in targets]
            if not targets and lemma in ARRIVAL_VERBS:
                targets = _dateline_arrival(view, v)
            # "flew to Kyiv with his deputy A": who travels with the subject travels too
            travellers = subj + [p for p in objects(a_at, v, {"with"}) if p not in subj]
            for p in travellers:
                for pl in targets:
                    out.append(Candidate(t.name, p, pl, view.sent, v, rule, t.verb_confidence, date=date))
            done.add(t.grammar)
            continue
        # Between parties: "A met B", "A and B met", "B was received by A", "A spoke to B by phone".
        b_at = view.at(t.targets)
        if b_at is not a_at:
            psubj = subjects(b_at, v)[1]
        objs = objects(b_at, v, PARTICIPANT_PREPS - {"to"}) + psubj
        passive = bool(psubj)
        others = [o for o in objs if o not in subj]
        if not subj and v.dep_ == "ROOT" and not passive:
            # long titles the parse wrapped the names in: the people before and after the verb
            before, after = linear_sides(view, v, a_at, b_at)
            if before:
                subj = before
                others = [o for o in others + after if o not in subj]
                others = list(dict.fromkeys(others))
        if not others and not passive and t.rel.symmetric and len(subj) == 1:
            subj = coordinated_antecedent(a_at, v) or subj  # "A and B, who met in Tunis, agreed ..."
        if not others and not passive and v.dep_ == "acl" and v.tag_ == "VBD" and t.rel.symmetric:
            # "X, Emir of Qatar, received at Lusail Palace today Y": a finite verb the parse hung on X as a clause,
            # its object lost behind the place and the time; the people after it in its stretch are the other side
            others = [o for o in linear_sides(view, v, a_at, b_at)[1] if o not in subj]
        if not others and lemma in HOSTING and t.placed:
            # "X received in audience Y": the parse makes Y the object of 'in', with 'audience' a word of its name
            others = [p for c in v.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                      if g.dep_ == "pobj" and any(w.lower_ in AUDIENCE_WORDS for w in g.subtree)
                      for p in np_mentions(b_at, g) if p not in subj]
        if not others and _thanked_for(v):
            # "X thanked Y for hosting him": the one thanked hosted the one thanking
            others = [p for p in subjects(a_at, v.head.head)[0] if p not in subj]
        if need == "object" and not others and not passive and not t.placed:
            others = [o for o in purpose_objects(b_at, v) if o not in subj]  # "X called to congratulate Y"
        if need == "object" and not others:
            continue
        if lemma in HOSTING and not others and not passive:
            continue  # "A and B welcomed the decision", "A and B received the award": not each other
        conf, by_context = t.verb_confidence, False
        if need == "object_or_to" or need == "remote":
            if need == "remote" and not remote(v, trig.remote_words):
                meeting = next((m for m in trig.types if m.grammar == BETWEEN and m.placed), None)
                if meeting is not None and in_person(view, v, trig):
                    # "A and B spoke on the sidelines of the summit", "A talked with B at the dinner": in person
                    t, rule, conf = meeting, rule + "+in-person", round(meeting.verb_confidence * IN_PERSON_FACTOR, 3)
                elif not view.remote_context:
                    continue
                else:
                    by_context = True  # "Sybiha also spoke with X" after the calls the article is about
                    conf = round(conf * REMOTE_CONTEXT_FACTOR, 3)
            others = others or objects(b_at, v, {"to"})
            if need == "object_or_to" and not others:
                continue
        # "exchanged views with X": the 'with' may hang from the verb's object
        via_object = [p for c in v.children if c.dep_ == "dobj" for p in objects(b_at, c, {"with"})
                      if p not in subj and p not in others] if need in ("with", "remote") else []
        others += via_object
        if need == "with" and not objects(b_at, v, {"with"}) and not via_object and not (
                len(subj) >= 2 and not others and any(c.dep_ == "dobj" for c in v.children)):
            continue  # "sat with X"; "A and B exchanged views" (each with the other), not "A and B sat in a row"
        if need == "on":
            if others or any(c.dep_ in ("xcomp", "ccomp", "advcl") for c in v.subtree):
                continue  # "called X", "called on X to resign"
            others = [o for o in objects(b_at, v, {"on"}) if o not in subj]
            if not others:
                continue
        if t.placed and _remote_object(v, trig):
            continue  # "received a telephone call from X": the call says who talked (noun rules)
        place = best_place(ix, places or places_in_subtree(place_at, v) or where_clause(view, v)) \
            if t.placed else None
        gw = GatherWords.load()
        # "B was accompanied by C and D": each of C, D was with B; C and D are not said to meet each other.
        star = (passive and lemma in gw.star_verbs) or separately(v, gw)
        found = [(x, y) for x in subj for y in others if x != y] if passive and star else \
            pairs(subj, others, t.rel.symmetric)
        group = v.i if t.name == gw.relation and not star else None
        for a, b in _allowed(view, t, found):
            out.append(Candidate(t.name, a, b, view.sent, v, rule + ("+remote-context" if by_context else ""),
                                 conf, place=place, date=date, group=group))
        if t.name == gw.relation and place is not None and not found and subj:
            # "X met with Armenian leaders in Yerevan": X was in Yerevan though the others are not named
            here = Candidate(t.name, subj[0], subj[0], view.sent, v, rule, conf, place=place, date=date)
            view.presences += [(p, place, here) for p in subj]
        done.add(t.grammar)
    return out


HEADLINE_CONFIDENCE = 0.7  # "Sato, Kamau hold talks": a headline the parser cannot read names the two who met
HEADLINE_LOOSE = frozenset({"ahead", "before", "after", "plan", "plans", "seek", "seeks", "eye", "eyes", "mull",
                            "mulls", "urge", "urges", "hope", "hopes", "expected", "set", "next", "upcoming", "no",
                            "not", "won't", "cancel", "cancels", "cancelled", "postpone", "postpones", "snub",
                            "snubs", "refuse", "refuses", "without", "if", "whether", "?", "to"})


def headline_line(ix) -> Span | None:
    """The article's headline: its first sentence when it is a line of its own with no full stop."""
    if not ix.sentences:
        return None
    first = ix.sentences[0]
    end = first.end
    line = first.text.rstrip()
    if not line or line.endswith((".", "!")) or "\n" in line or \
            ("\n" not in first.text_with_ws[len(line):] and end < len(ix.doc) and "\n" not in ix.doc[end].text):
        return None  # not a line of its own, or a sentence of the body
    return first


def headline_contact(ix, trig: Triggers, words: Blockers) -> list[Candidate]:
    """'Sato, Kamau hold talks', 'Okafor, Henning discuss trade in Oslo talks', 'Menon meets Kenyan president,
    counterpart': a headline line (the article's first line, with no full stop) that names exactly two people
    and a meeting or call word, and no word of a plan, a refusal or a time ahead, states that they met (or spoke,
    with a word of remote contact). Headlines drop articles and commas stand for 'and', so the parse is not read:
    the words are."""
    from .gatherings import headline_pair
    first = headline_line(ix)
    if first is None:
        return []
    pair = headline_pair(ix)
    if pair is None:
        return []
    lowered = {t.lower_ for t in first}
    if lowered & HEADLINE_LOOSE or lowered & words.modal or lowered & words.plan_modifiers:
        return []
    remote_word = bool(lowered & trig.remote_words)
    between = [t for t in trig.types if t.grammar == BETWEEN]
    met = next((t for t in between if t.name == GatherWords.load().relation), None)
    call = next((t for t in between if not t.placed), None)
    for tok in first:
        if ix.mention_at.get(tok.i) is not None:
            continue
        lemma = tok.lemma_.lower()
        meeting = met is not None and (lemma in met.verbs and met.verbs[lemma] is None
                                       or (tok.lower_ in met.nouns or lemma in met.nouns)
                                       and met.nouns.get(tok.lower_, met.nouns.get(lemma)) is None)
        calling = call is not None and (lemma in call.verbs and call.verbs[lemma] in (None, "object")
                                        or tok.lower_ in call.nouns and call.nouns[tok.lower_] is None)
        t = call if calling or (meeting and remote_word) else met if meeting else None
        if t is None:
            continue
        a, b = pair
        return [Candidate(t.name, a, b, first, tok, f"headline:{lemma}", HEADLINE_CONFIDENCE,
                          date=ix.date_of(first))]
    return []


ARRIVAL_VERBS = frozenset(triggers().get("dateline_arrival_verbs", ()))
ARRIVAL_NOUNS = frozenset(triggers().get("arrival_nouns", ()))
DATELINE_LEAD = 2  # sentences from the dateline's in which an arrival with no place is an arrival at the dateline


def _dateline_arrival(view: SentenceView, v: Token) -> list[int]:
    """'MUSCAT: ... King X, who arrived to pay respects', 'Y, who arrived here on Monday', 'Z arrived from Cairo': an
    arrival that names no place of arrival is at the dateline's place when it says "here", or when it is told in
    the dateline's own lead."""
    ix = view.ix
    d = ix.dateline
    if d is None or ix.found[d].label != "Place":
        return []
    if any(c.dep_ == "prep" and c.lower_ in ("to", "in", "at", "into", "for") for c in v.children):
        return []  # "arrived at the palace", "arrived in a city the text does not name as a place"
    if any(c.lower_ == "here" and c.dep_ == "advmod" for c in v.children):
        return [d]
    first = ix.sent_of[ix.found[d].start]
    return [d] if 0 <= ix.sent_of[v.i] - first < DATELINE_LEAD else []


DELEGATION_CONFIDENCE = 0.75  # "X welcomed the delegation": X met the travellers the sentences before told of


def delegation_meetings(view: SentenceView, trig: Triggers, words: Blockers, travellers: list[int]) -> list[Candidate]:
    """'Welcoming the Chilean delegation at the airport were A and B', 'A received the delegation': a delegation
    the sentence names no one of is the people whose arrival or visit the sentences just before told of."""
    if not travellers:
        return []
    gw = GatherWords.load()
    at = view.person_at
    out: list[Candidate] = []
    for v in view.sent:
        types = trig.by_verb.get(v.lemma_.lower(), ()) if v.pos_ == "VERB" else ()
        t = next((t for t in types if t.name == gw.relation), None)
        if t is None or blocked(v, words):
            continue
        groups = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in gw.group_nouns
                  and not np_mentions(at, c)]
        if not groups:
            continue
        subj = [p for p in subjects(at, v)[0] if p not in travellers]
        pairs_ = [(a, b) for a in subj for b in travellers]
        pairs_ += list(combinations(travellers, 2))
        place = best_place(view.ix, places_under(view.place_at, v) or places_in_subtree(view.place_at, v))
        out += [Candidate(t.name, a, b, view.sent, v, f"verb:{v.lemma_.lower()}+delegation", DELEGATION_CONFIDENCE,
                          place=place, date=view.date, group=v.i) for a, b in pairs_ if subj]
    return out


def linear_sides(view: SentenceView, v: Token, a_at, b_at) -> tuple[list[int], list[int]]:
    """The people before and after a main verb, in its own stretch of the sentence (no other verb, no ';'
    between): "Head of the Office of A X met with Chief Adviser to the President of B Y and National Security
    Adviser to the President of C Z", where the titles' 'of' phrases made the parse lose the names. Used only when
    the parse gives the verb no subject; both sides must name someone."""
    def stop(t: Token) -> bool:
        return (t.pos_ in ("VERB", "AUX") and t.i not in b_at and t.i not in a_at) or t.text in (";", ":")
    before: list[int] = []
    k = v.i - 1
    while k >= view.sent.start and not stop(view.ix.doc[k]):
        i = a_at.get(k)
        if i is not None and i not in before:
            before.insert(0, i)
        k -= 1
    after: list[int] = []
    k = v.i + 1
    while k < view.sent.end and not stop(view.ix.doc[k]):
        i = b_at.get(k)
        if i is not None and i not in after and i not in before:
            after.append(i)
        k += 1
    return (before, after) if before and after else ([], [])


AUDIENCE_WORDS = frozenset({"audience"})  # "received in audience X"
OBJECT_PRONOUNS = frozenset({"him", "her", "them"})  # "thanked Y for receiving him"


def _thanked_for(v: Token) -> bool:
    """'X thanked Y for hosting him': a verb of receiving a guest after 'for', its object a pronoun."""
    return v.lemma_.lower() in HOSTING and v.dep_ == "pcomp" and v.head.lower_ == "for" and any(
        c.dep_ == "dobj" and c.lower_ in OBJECT_PRONOUNS for c in v.children)
CALL_PURPOSES = frozenset(triggers().get("call_purpose_verbs", ()))


def purpose_objects(at, v: Token) -> list[int]:
    """'X called on Tuesday to wish Y well', 'X phoned to congratulate Y': whom the call was made to (the object of
    its purpose clause, for a verb of triggers.json "call_purpose_verbs")."""
    return [p for c in v.children if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in CALL_PURPOSES
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for g in c.children if g.dep_ in ("dobj", "dative") for p in np_mentions(at, g)]


IN_PERSON_FACTOR = 0.85  # "spoke on the sidelines of the summit": a meeting read from where the talk was
SIDELINES = frozenset({"sidelines", "margins", "sideline", "margin"})
# plural nouns that name one meeting ("two days of talks" is one meeting; "two meetings" are two)
ROUNDS_OF_ONE = frozenset({"talks", "negotiations", "discussions", "consultations"})


def in_person(view: SentenceView, v: Token, trig: Triggers) -> bool:
    """Where a verb of talking says the talk was in person: 'on the sidelines of X', 'in person', 'face to face',
    'at the dinner' (a meeting noun), 'in Rio' or 'at the palace' (a place)."""
    for c in v.children:
        if c.dep_ == "advmod" and c.lower_ in ("face-to-face", "personally"):
            return True
        if c.dep_ != "prep":
            continue
        for g in c.children:
            if g.dep_ != "pobj":
                continue
            if c.lower_ == "on" and g.lower_ in SIDELINES:
                return True
            if c.lower_ == "in" and g.lower_ == "person":
                return True
            if c.lower_ in ("at", "during") and any(m.placed and m.grammar == BETWEEN for m in trig.noun_types(g)):
                return True
            if c.lower_ in ("at", "in") and g.i in view.place_at:
                return True
    return False


def _remote_object(v: Token, trig: Triggers) -> bool:
    """A verb whose object is a call, a letter or a message ("received a call from X")."""
    return any(c.dep_ == "dobj" and c.lower_ in trig.remote_words for c in v.children)


def separately(tok: Token, gw: GatherWords) -> bool:
    """'met A and B separately', 'held separate talks with A and B': one word, several meetings."""
    near = list(tok.children) + ([c for c in tok.head.children] if tok.head is not tok else [])
    if tok.tag_ == "NNS" and tok.lower_ not in ROUNDS_OF_ONE and any(
            c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in tok.children):
        return True  # "held two meetings: with A, and with B": a meeting each
    if any(c.dep_ == "dobj" and (any(d.dep_ in ("amod", "det") and d.lower_ in gw.several_words for d in c.children)
                                 or any(d.dep_ == "conj" and d.lower_ in ("others", "number") for d in c.subtree))
           for c in tok.children):
        return True  # "met several people, including A and B", "met A, B and a number of others": one after another
    return any(c.lower_ in gw.separate_words and c.dep_ in ("advmod", "amod", "npadvmod") for c in near)


def where_clause(view: SentenceView, v: Token) -> list[int]:
    """'visited Kiev, where he held talks with B': the place a relative clause with 'where' hangs from."""
    t = v
    for _ in range(3):
        if t.dep_ in ("relcl", "advcl", "acl") and any(c.lower_ == "where" for c in t.children):
            head = t.head
            i = view.place_at.get(head.i)
            return [i] if i is not None else []
        if t.head is t:
            break
        t = t.head
    return []


# ------------------------------------------------------------------ nouns
@dataclass(frozen=True)
class NounSides:
    """Who a trigger noun relates: its own parties (possessor, compound, "by"), the subject of the verb it
    hangs from, the parties after "with"/"between", the object of its verb."""

    own: list[int]
    a: list[int]  # own, else the governing verb's subject
    b: list[int]  # the with-phrase, else the governing verb's object
    with_side: list[int]
    between: bool  # "talks between A and B": the with-side parties are related to each other


def noun_candidates(view: SentenceView, n: Token, types: list[TriggerType], trig: Triggers,
                    words: Blockers) -> list[Candidate]:
    if blocked(n, words):
        return []
    gov = governor(n)
    if gov is not None and blocked(gov, words) and not (_own_parties(n, GatherWords.load()) and _nested(n, gov)):
        return []  # ("did not mention ... a statement on X's meeting with Y": the meeting is not what is denied)
    ix = view.ix
    lemma = n.lemma_.lower()
    rule = f"noun:{lemma}"
    out: list[Candidate] = []
    done: set[str] = set()
    for t in types:
        if t.grammar in done:
            continue
        need = t.nouns[lemma] if lemma in t.nouns else t.nouns.get(n.lower_)
        conf, by_context = t.noun_confidence, False
        if need == "remote" and not remote(n, trig.remote_words):
            if not view.remote_context:
                continue
            by_context, conf = True, round(conf * REMOTE_CONTEXT_FACTOR, 3)  # "In a conversation with X, ..."
        if need is not None and need.startswith("word:") and need[5:] not in {x.lower_ for x in n.head.subtree}:
            continue
        if not t.placed and any(c.lower_ in IN_PERSON_MODIFIERS and c.dep_ in ("amod", "compound")
                                for c in n.children):
            continue  # "a courtesy call with X": a visit (the MET nouns read it), not a phone call
        gw = GatherWords.load()
        if t.name == gw.relation and gov is not None and gov.lemma_.lower() in gw.attend_verbs | gw.membership_verbs \
                | {"take", "lead", "head"} and not _own_parties(n, gw):
            continue  # "the meeting was attended by A", "took part in the talks": gatherings.py adds them
        mw = MessageWords.load()
        if gov is not None and lemma in mw.nouns and gov.lemma_.lower() in mw.carrying_verbs | mw.sending_verbs:
            continue  # "conveyed a message from A to B": messages.py says who talked
        sides = noun_sides(view, n, gov, t)
        if need == "with" and not sides.with_side:
            continue
        place = None
        group = None
        if t.grammar == TO_PLACE:
            travellers = sides.a
            if not sides.own and gov is not None and gov.lemma_.lower() in HOSTING and n.dep_ == "pobj":
                # "X was greeted by Y upon arrival in Z", "Y greeted X upon her arrival in Z": the guest of the
                # receiving verb arrived, not its host
                psubj = subjects(view.at(t.sources), gov)[1]
                guests = psubj or ([p for c in gov.children if c.dep_ == "dobj" for p in np_mentions(view.person_at, c)]
                                   if n.i > gov.i else [])  # not "During his visit to Z, X received Y"
                travellers = guests or travellers
            found = visits_by_noun(view, n, t, travellers)
            if not found and n.lower_ in ARRIVAL_NOUNS and gov is not None and n.dep_ == "pobj" and not sides.own:
                # "Upon arrival, X was welcomed at Merhrabad Airport": an arrival of no place of its own is where
                # the clause it opens places the traveller
                found = [(p, pl) for p in travellers for pl in places_in_subtree(view.at(t.targets), gov, True)]
            elif not found and gov is not None and n.dep_ == "pobj" and n.head.lower_ == "during":
                # "During his visit, X laid a wreath at the memorial in Tokyo": a visit of no place of its own went to
                # the cities and countries its clause places the traveller in (not the venues)
                gaz = get_gazetteer()
                found = [(p, pl) for p in travellers for pl in places_in_subtree(view.at(t.targets), gov, True)
                         if ix.found[pl].label == "Country" or gaz.best_place(ix.text(pl).rstrip(".")) is not None]
        else:
            if n.dep_ in ("nsubj", "nsubjpass") and not sides.with_side and not sides.own:
                continue  # "the meeting took place in X": who met is said elsewhere
            if sides.between and t.rel.symmetric:  # "talks between A and B"
                found = list(combinations(sides.with_side, 2))
            else:
                found = pairs(sides.a, [x for x in sides.b if x not in sides.a], t.rel.symmetric)
            found = _allowed(view, t, found)
            if t.placed:
                # "arrived in B after his meeting with X": what happened after the meeting is not where it was
                gov_places = gov is not None and not in_sequence(n)
                place = best_place(ix, places_under(view.place_at, n) or
                                   (places_under(view.place_at, gov) if gov_places else []) or
                                   (where_clause(view, gov) if gov_places else []) or
                                   # "talks with X in Nairobi": the parse hangs 'in Nairobi' on X
                                   [p for t in n.subtree if view.person_at.get(t.i) in sides.with_side
                                    for p in places_under(view.place_at, t, {"in", "at"})])
            if t.name == gw.relation and not separately(n, gw) and not (gov is not None and separately(gov, gw)):
                group = n.i
        out += [Candidate(t.name, a, b, view.sent, n, rule + ("+remote-context" if by_context else ""), conf,
                          place=place, date=view.date, group=group) for a, b in found]
        done.add(t.grammar)
    return out


def noun_sides(view: SentenceView, n: Token, gov: Token | None, t: TriggerType) -> NounSides:
    a_at, b_at = view.at(t.sources), view.at(t.targets)
    # A call or a letter "from X" has X on the other side; a meeting "of X, Y and Z" gathers them.
    preps = WITH_PREPS | ({"from", "to"} if not t.placed else set())
    with_side = objects(b_at, n, preps)
    # "discussions with A of X, B of Y and C of Z": the parse may hang the rest of the list on the noun as an
    # apposition; a person in apposition to a meeting or call noun is never the meeting itself (nor when the
    # parse took the style 'HE' in "a call with HE Secretary X" for a pronoun after 'with')
    with_side += [p for c in n.children if c.dep_ == "appos" and any(
        w.dep_ == "prep" and w.lower_ in preps and w.i < c.i for w in n.children)
        for p in np_mentions(b_at, c) if p not in with_side]
    if with_side:
        with_side += _dangling_conjunct(b_at, n, with_side)
    if not with_side and gov is not None and n.dep_ == "dobj" and n.head.i == gov.i \
            and gov.lemma_.lower() in LIGHT_VERBS:
        # "gave an audience to X", "made a phone call to X", "had lunch with X", "held a meeting on Monday with
        # X": the parse hangs the other side's preposition on the verb whose object the noun is
        with_side = [p for c in list(gov.children) + list(n.children) if c.dep_ in ("prep", "dative")
                     and (c.lower_ == "to" or (c.lower_ in WITH_PREPS and c.head.i == gov.i))
                     for g in _with_conjuncts(c) if g.dep_ == "pobj" for p in np_mentions(b_at, g)]
    if not with_side and t.placed:
        # "hosted a dinner in honour of X", "a banquet in X's honour": the guest of honour is the other side
        with_side = [p for c in list(n.children) + (list(gov.children) if gov is not None and n.dep_ == "dobj" else [])
                     if c.dep_ == "prep" and c.lower_ == "in" for h in c.children
                     if h.dep_ == "pobj" and h.lower_ in HONOUR_WORDS
                     for p in [q for x in h.children if x.dep_ == "poss" for q in np_mentions(b_at, x)] + _of(b_at, h)]
    if not with_side and n.dep_ == "nsubj" and n.head.lemma_.lower() == "be":
        with_side = objects(b_at, n.head, preps)  # "Sybiha's first call was with X"
    gw = GatherWords.load()
    if t.name == gw.relation:
        with_side += [p for p in hosts(b_at, n, gw) if p not in with_side]  # "talks with X hosted by Y"
    of_side = objects(b_at, n, {"of"}) if t.name == gw.relation and t.rel.symmetric else []
    if not with_side:
        # "talks at the Lusail Palace with X": the parser hangs 'with' on the place.
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("at", "in", "on"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        with_side += objects(b_at, g, {"with"})
    own: list[int] = []
    own_pronoun = False  # "their meeting": the parties are said elsewhere in the clause
    for c in n.children:
        if c.dep_ == "poss":
            if c.pos_ == "PRON":
                own_pronoun = True
            else:
                own += np_mentions(a_at, c)
        elif c.dep_ == "compound":
            own += [i for i in np_mentions(a_at, c) if i not in own]
        elif c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    own += np_mentions(a_at, g)
    gov_subj: list[int] = []
    gov_obj: list[int] = []
    if gov is not None and (not own or own_pronoun):
        gov_subj, gov_psubj = subjects(a_at, gov)
        gov_subj = gov_subj or gov_psubj
        if n.dep_ == "pobj" or n.head.dep_ == "prep":
            gov_obj = objects(b_at, gov, set())
    between = any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in n.children)
    if of_side and not with_side and not own and len(of_side) + len(gov_subj) >= 2:
        # "a trilateral meeting of X, Y and Z" (with whoever held it)
        everyone = of_side + [p for p in gov_subj if p not in of_side]
        return NounSides(everyone, everyone, [], everyone, True)
    return NounSides(own, own or gov_subj, with_side or gov_obj, with_side, between and bool(with_side))


HONOUR_WORDS = frozenset({"honour", "honor"})


def _dangling_conjunct(at, n: Token, side: list[int]) -> list[int]:
    """'held talks with A, and B, senior director for X, in C, the ministry said': the parse takes B, after the
    last of the with-side, for a second subject of the closing verb of saying (which has its own); B is on
    the with-side (or the parse makes B a conjunct of the verb 'held')."""
    doc, end = n.doc, n.sent.end
    last = max((t for t, i in at.items() if i in side and n.i < t < end), default=None)
    if last is None:
        return []
    k = last + 1
    while k < end and doc[k].text in (",", "and"):
        k += 1
    i = at.get(k)
    if i is None or i in side or doc[k - 1].lower_ != "and":
        return []
    while k + 1 < end and at.get(k + 1) == i:
        k += 1
    tok = doc[k]
    if tok.dep_ == "nsubj" and tok.head.i > n.i and any(x.dep_ == "nsubj" and x.i != tok.i for x in tok.head.children):
        return [i]
    if tok.dep_ == "conj" and tok.pos_ == "PROPN" and tok.head.pos_ in ("VERB", "AUX") and tok.head.i < n.i:
        return [i]  # ... or for a conjunct of the verb the talks hang from
    return []


def _with_conjuncts(prep: Token) -> list[Token]:
    """The children of a preposition and of the same preposition coordinated with it ('with A, and with B')."""
    return list(prep.children) + [x for d in prep.children if d.dep_ == "conj" and d.lower_ == prep.lower_
                                  for x in d.children]


def _of(at, head: Token) -> list[int]:
    return [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj" for p in np_mentions(at, g)]


def hosts(at, n: Token, gw: GatherWords) -> list[int]:
    """'talks with Aliyev hosted by Trump', 'a meeting chaired by X': who hosts a meeting is at it."""
    out: list[int] = []
    for c in n.subtree:  # on the noun, or on a party of it ("talks with X hosted by Y")
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in gw.host_verbs and (c.head is n or c.head.i in at):
            for a in c.children:
                if a.dep_ == "agent":
                    out += [i for x in a.children if x.dep_ == "pobj" for i in np_mentions(at, x)]
    return out


def _nested(n: Token, gov: Token) -> bool:
    """A noun inside another noun's phrase on the way to its verb ('a statement on X's meeting')."""
    t = n
    while t is not gov and t.head is not t:
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("NOUN", "PROPN"):
            return True
        t = t.head
    return False


def _own_parties(n: Token, gw: GatherWords) -> bool:
    """A meeting noun that names its own parties ('the meeting between X and Y', 'X's talks')."""
    return any((c.dep_ == "prep" and c.lower_ in WITH_PREPS) or c.dep_ == "poss" and c.pos_ != "PRON"
               for c in n.children)


def visits_by_noun(view: SentenceView, n: Token, t: TriggerType, persons: list[int]) -> list[tuple[int, int]]:
    """'his visit to Kyiv', 'the Kyiv visit', 'a trip to the country': the noun's places, visited by its side a
    (or by the one person the sentence names)."""
    t_at = view.at(t.targets)
    places = places_under(t_at, n, NOUN_PLACE_PREPS) or _the_country(view, n, t, {"to"}) or \
        places_in_subtree(t_at, n, skip_clauses=True)  # not "a visit marking ties between allies at odds in X"
    # "the Kyiv visit"; not "the Indian mission" (a demonym adjective says whose it is)
    places += [t_at[c.i] for c in n.children if c.dep_ in ("compound", "poss") and c.i in t_at]
    everyone = set(view.at(t.sources).values())
    if not persons and len(everyone) == 1 and places:
        persons = list(everyone)
    return [(p, pl) for p in persons for pl in dict.fromkeys(places)]
