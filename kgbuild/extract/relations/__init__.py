"""Relations read from the grammar of each sentence, as functions of a DocIndex.

- roles.py: titles -> HOLDS_ROLE facts, person countries, ministry countries, title references;
- stated.py: trigger words of triggers.json (MET, TALKED_TO, VISITED, ...), dispatched by relation type;
- gatherings.py: meetings with several people (everyone at one meeting met everyone else there);
- captions.py: "A (left) with B in C";
- derived.py: visits that follow from meetings ("visiting President X", a meeting abroad);
- matches.py: dependency patterns (patterns.json, --patterns files, user-declared relation types);
- grammar.py: subjects, objects, noun phrases, governors, blocking; sentence.py: mentions by token.

`RelationFinder` keeps only configuration loaded once (word sets, trigger table, compiled patterns);
everything about one document is passed in (the DocIndex) and handed back (DocRelations).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ...gazetteer import get_gazetteer
from ...resources import triggers
from ...schema import SCHEMA, Schema
from ..docindex import DocIndex
from ..patterns import PatternMatch, PatternMatcher
from .captions import caption, caption_markers, caption_meeting, is_caption
from .companions import accompaniments, companion_verbs, companion_visits, delegates_at_meetings
from .derived import (
    arrival_sites,
    attended_at,
    talks_held_at,
    country_of_visited_place,
    dateline_places,
    homes,
    met_abroad,
    met_where_travelling,
    not_at_home,
    not_to_regions,
    place_country,
    place_from_their_meeting,
    place_from_visit,
    places_of_the_visit,
    received_at_arrival,
    visiting,
    visiting_adjectives,
    welcomed_to,
)
from .facts import Candidate, DocRelations, People, RoleFact
from .gatherings import Gatherings, GatherWords, credential_audiences, headline_pair, meeting_nouns
from .grammar import Blockers
from .matches import pattern_candidates
from .messages import HOST_WINDOW, MessageWords, conveyed_at_meeting, messages
from .roles import DATELINE_RULE, ROLE_WITHOUT_BODY, Portfolios, find_people
from .sentence import SentenceView
from .stated import BEING_ABROAD_RULE, Triggers, delegation_meetings, headline_contact, headline_line, remote, repair_lemmas, stated, verb_words

__all__ = ["Candidate", "DocRelations", "People", "RelationFinder", "RoleFact"]


class RelationFinder:
    """Finds the relations and roles of one document at a time; holds configuration only."""

    def __init__(self, pattern_matcher: PatternMatcher | None = None, schema: Schema = SCHEMA,
                 triggers: Triggers | None = None) -> None:
        self.patterns = pattern_matcher
        self.schema = schema
        self.blockers = Blockers.load()
        self.triggers = triggers or Triggers.load(schema)
        self.placed = {t.name: t.placed for t in self.triggers.types}
        # A sentence is read only when it names someone who can be on a side of some relation: a person
        # (every built-in type, captions, visits), or another label a trigger type or a pattern's type starts from.
        patterns = [p for ps in pattern_matcher.by_key.values() for p in ps] if pattern_matcher is not None else []
        pattern_sources = {lab for p in patterns for lab in schema.relation(p.relation).sources}
        self.side_labels = frozenset({"Person"} | self.triggers.source_labels | pattern_sources)
        self.portfolios = Portfolios.load()
        self.caption_markers = caption_markers()
        self.visiting_adjectives = visiting_adjectives()
        self.gaz = get_gazetteer()
        self.gather_words = GatherWords.load()
        self.message_words = MessageWords.load()
        self.meeting_nouns = meeting_nouns(self.gather_words.relation)
        self.companion_verbs = companion_verbs()
        self.arrival_sites = arrival_sites()
        self.verb_words = verb_words() | frozenset(self.triggers.by_verb)

    def find(self, ix: DocIndex) -> DocRelations:
        repair_lemmas(ix.doc, self.verb_words)  # "dined" -> "dine" before any word is looked up
        people = find_people(ix, self.portfolios, blockers=self.blockers)
        home = homes(ix, people.person_country, people.roles)
        by_sent: dict[int, list[PatternMatch]] = {}
        for m in (self.patterns(ix.doc) if self.patterns is not None else []):
            by_sent.setdefault(ix.sent_of[m.tokens["trigger"]], []).append(m)
        out: list[Candidate] = []
        gatherings = Gatherings(ix, self.gather_words)  # this document's meetings, read in order
        gatherings.last_pair = headline_pair(ix)  # "the two leaders" before any meeting: the headline's two
        calls = CallContext(self.triggers.remote_words)  # ... and whether the last contact told of was a call
        accompanied = []  # who travels with whom (companions.py)
        travelled: list[tuple[int, int]] = []  # (sentence, person) of the visits told so far
        presences: list = []  # (person, place, meeting): at a meeting with people the text does not name
        recent: list[tuple[int, Candidate]] = []  # (sentence, meeting) told so far: whom a carrier was meeting
        named: tuple[int, tuple[int, int]] | None = None  # (sentence, its two people) of the last that named two
        for n, sent in enumerate(ix.sentences):
            pair = gatherings.last_pair
            if pair is None and named is not None and n - named[0] <= PAIR_WINDOW:
                pair = named[1]  # "X complained to Y ... The pair discussed Z": no contact told of yet
            view = SentenceView.build(ix, sent, people.title_refs, pair, self.gather_words.pair_nouns,
                                      calls.remote(n) or calls.separate_remote(n, sent), self.gather_words.pair_words)
            named = (n, two) if (two := two_named(ix, sent)) is not None else named
            if not (view.person_at if self.side_labels == {"Person"} else view.at(self.side_labels)):
                calls.read(n, sent, [])
                continue
            here = self.sentence(view, people, home, by_sent.get(n, ()))
            presences += view.presences
            met_here = [c for c in here if c.type == "MET"]
            here += conveyed_at_meeting(view, self.message_words, self.blockers,
                                        lambda p: met_with(ix, p, met_here + [c for m, c in recent if n - m <= HOST_WINDOW]))
            recent += [(n, c) for c in met_here]
            here += delegation_meetings(view, self.triggers, self.blockers,
                                        [p for m, p in travelled if n - m <= DELEGATION_WINDOW])
            travelled += [(n, c.a) for c in here if c.type == "VISITED" and (n, c.a) not in travelled]
            accompanied += accompaniments(view, n, self.companion_verbs, self.blockers)
            calls.read(n, sent, here)
            gatherings.add(n, here)
            gatherings.continue_with(view, n, self.blockers)
            out += here
        out += gatherings.closure()
        out += credential_audiences(ix, people.roles, self.blockers, self.gather_words.relation)
        out = self.headline(ix, out)
        out = delegates_at_meetings(ix, out, accompanied, self.gather_words.relation, self.gather_words.group_nouns)
        out = dateline_places(ix, out, home, self.gaz)
        out = met_where_travelling(ix, out, presences, home, self.gaz)
        out = companion_visits(ix.text, out, accompanied, ix.sent_of)
        out = country_of_visited_place(ix, out, self.gaz)
        out = not_at_home(ix, out, home, self.gaz)
        out = not_to_regions(ix, out, self.gaz)
        out = [c for c in out if c.rule != BEING_ABROAD_RULE or home.get(c.a)]  # "X was in Nairobi": X is from elsewhere
        out = [c for c in out if not (self.schema.relation(c.type).symmetric and bracketed_alias(ix, c.a, c.b))]
        roles = visitors_not_of_dateline(ix, people.roles, out, self.gaz)
        return DocRelations(dedupe(out, self.schema), roles, people.person_country, people.ministry_country)

    def headline(self, ix: DocIndex, found: list[Candidate]) -> list[Candidate]:
        """The contact a headline states between its two people ('Sato, Kamau hold talks'), when no sentence of the
        article relates them; and the body's own words say better whether two people met or spoke: a headline's
        meeting between two the body says only spoke (or the reverse) is dropped."""
        def names(c: Candidate) -> frozenset[str]:
            return frozenset(ix.text(i).split()[-1] for i in (c.a, c.b))
        head = headline_line(ix)
        body: dict[frozenset[str], set[str]] = {}
        for c in found:
            if c.type in CONTACTS and not (head is not None and c.sent.start == head.start):
                body.setdefault(names(c), set()).add(c.type)
        if head is not None:
            found = [c for c in found if c.sent.start != head.start or c.type not in CONTACTS
                     or c.type in body.get(names(c), {c.type})]
        related = {names(c) for c in found if c.type in CONTACTS}
        return found + [c for c in headline_contact(ix, self.triggers, self.blockers) if names(c) not in related]

    def sentence(self, view: SentenceView, people: People, home: Mapping[int, str],
                 matches: Iterable[PatternMatch] = ()) -> list[Candidate]:
        """What one sentence states: its trigger words, messages, a caption, its pattern matches, and the places
        and visits that follow from them."""
        out = stated(view, self.triggers, self.blockers)
        out += messages(view, self.message_words, self.blockers)
        if is_caption(view.sent, self.caption_markers):
            out += caption(view)
            if not any(c.type == "MET" for c in out):
                out += caption_meeting(view, self.meeting_nouns, self.blockers)
        for m in matches:
            out += pattern_candidates(view, m, self.schema.relation(m.pattern.relation), self.blockers,
                                      self.placed.get(m.pattern.relation, True))
        out = in_person_or_remote(out, view.remote_context, view.ix)
        # "X delivered a message from A to B": X carried it and met B (messages.py); X did not write to B
        carried = {frozenset((c.a, c.b)) for c in out if c.rule.endswith("+carrier")}
        out = [c for c in out if not (c.type == "TALKED_TO" and c.rule.startswith("pattern:")
                                      and frozenset((c.a, c.b)) in carried)]
        out = place_from_visit(place_from_their_meeting(view, out, self.meeting_nouns))
        out += visiting(view, out, self.visiting_adjectives)
        out += places_of_the_visit(view, out, self.gaz)
        view.presences += attended_at(view, self.blockers) + \
            talks_held_at(view, out, self.meeting_nouns, self.blockers)
        out += met_abroad(view.ix, out, view.presences, home, self.gaz)
        out += received_at_arrival(view.ix, out, self.arrival_sites, people=view.person_at)
        out += welcomed_to(view.ix, out, view.person_at)
        return out


CONTACTS = frozenset({"MET", "TALKED_TO"})
DELEGATION_WINDOW = 2  # sentences back whose travellers "the delegation" may be
PAIR_WINDOW = 2  # sentences back whose two named people "the pair" may be when no contact was told of yet
REMOTE_WINDOW = 4  # sentences back a call keeps the article's contacts remote
SEPARATE_WINDOW = 10  # sentences back a call keeps "a separate discussion with X" a call
SEPARATE_WORDS = frozenset({"separate", "separately"})
STRONG_MEETING = frozenset({"meet", "meeting", "visit", "summit"})  # MET words a call in the sentence does not undo
REMOTE_COMPATIBLE = frozenset(triggers()["remote_compatible"])
REMOTE_WORDS = frozenset(triggers()["remote_words"])
# Meeting nouns that, right after a call, continue it ("In a separate discussion with X, ..."); "talks" and
# "meeting" keep their in-person sense.
REMOTE_NOUNS = frozenset({"discussion", "discussions", "conversation", "exchange"})
IN_PERSON = frozenset({"host", "receive", "welcome", "greet", "hug", "embrace", "dine", "lunch", "accompany"})


class CallContext:
    """Whether the contact the last few sentences told of was remote (a call, a message): then "X also spoke
    with Y" or "in a conversation with Y" is a call too. State of one document, read in order."""

    def __init__(self, remote_words: frozenset[str]) -> None:
        self.remote_words = remote_words
        self.last_remote: int | None = None
        self.last_met: int | None = None

    def remote(self, n: int) -> bool:
        return self.last_remote is not None and n - self.last_remote <= REMOTE_WINDOW and \
            (self.last_met is None or self.last_met < self.last_remote)

    def separate_remote(self, n: int, sent) -> bool:
        """'In a separate discussion with X': a contact said to be separate from the last one is of its kind, a call
        when that was a call and no meeting was told since, within SEPARATE_WINDOW sentences."""
        return self.last_remote is not None and n - self.last_remote <= SEPARATE_WINDOW and \
            (self.last_met is None or self.last_met < self.last_remote) and \
            any(t.lower_ in SEPARATE_WORDS and t.dep_ in ("amod", "advmod") for t in sent)

    def read(self, n: int, sent, cands: list[Candidate]) -> None:
        if any(c.type == "MET" and c.trigger.lemma_.lower() in STRONG_MEETING for c in cands):
            self.last_met = n
        if any(c.type == "TALKED_TO" for c in cands) or any(t.lower_ in self.remote_words for t in sent):
            self.last_remote = n


def in_person_or_remote(cands: list[Candidate], remote_context: bool = False,
                        ix: DocIndex | None = None) -> list[Candidate]:
    """A sentence that says two people spoke remotely and, with a weaker word, that they met ("received a call
    from X, where he briefed him") keeps the call only; right after a call, a weaker word ("also briefed X")
    continues the call."""
    def who(c: Candidate) -> frozenset:  # by last name: "al-Burhan" twice in a sentence is one person
        return frozenset(ix.text(i).split()[-1].lower() if ix is not None else i for i in (c.a, c.b))

    called = {who(c) for c in cands if c.type == "TALKED_TO"}
    out: list[Candidate] = []
    for c in cands:
        lemma = c.trigger.lemma_.lower()
        if c.type == "MET" and c.rule.startswith(("verb:", "noun:")) and lemma in REMOTE_COMPATIBLE:
            if remote(c.trigger, REMOTE_WORDS):  # "held phone talks with X", "met by video"
                c = replace(c, type="TALKED_TO", rule=c.rule + "+remote", place=None, group=None)
            elif remote_context and (c.trigger.pos_ == "VERB" or lemma in REMOTE_NOUNS) and lemma not in STRONG_MEETING:
                c = replace(c, type="TALKED_TO", rule=c.rule + "+remote-context", place=None, group=None)
            elif who(c) in called and lemma not in STRONG_MEETING:
                continue
        elif c.type == "MET" and c.rule.startswith("pattern:") and c.trigger.pos_ == "NOUN" \
                and any(w.lower_ in REMOTE_WORDS for w in c.trigger.children):
            c = replace(c, type="TALKED_TO", rule=c.rule + "+remote", place=None, group=None)  # "made a phone call to X"
        elif c.type == "MET" and who(c) in called and c.rule.startswith("verb:") \
                and lemma not in STRONG_MEETING | IN_PERSON:
            continue
        out.append(c)
    return out


def met_with(ix: DocIndex, p: int, meetings: list[Candidate]) -> list[int]:
    """The people `p` met in `meetings` (by last name: 'Kwatra' is 'Vinay Kwatra'), most recent first."""
    name = ix.text(p).split()[-1]
    out: list[int] = []
    for c in reversed(meetings):
        for x, y in ((c.a, c.b), (c.b, c.a)):
            if ix.text(x).split()[-1] == name and ix.text(y).split()[-1] != name and y not in out:
                out.append(y)
    return out


def two_named(ix: DocIndex, sent) -> tuple[int, int] | None:
    """The two people a sentence names, when it names exactly two (by last name), in order of mention."""
    first: dict[str, int] = {}
    for t in range(sent.start, sent.end):
        i = ix.mention_at.get(t)
        if i is not None and ix.found[i].label == "Person":
            first.setdefault(ix.text(i).split()[-1], i)
    if len(first) != 2:
        return None
    a, b = sorted(first.values(), key=lambda i: ix.found[i].start)
    return a, b


def bracketed_alias(ix: DocIndex, a: int, b: int) -> bool:
    """'Joko Widodo (Jokowi)': a name in brackets right after a person's name is that person, never someone they
    met."""
    fa, fb = ix.found[a], ix.found[b]
    if fa.label != "Person" or fb.label != "Person":
        return False
    first, second = (fa, fb) if fa.start < fb.start else (fb, fa)
    doc = ix.doc
    return second.start == first.end + 1 and doc[first.end].text == "(" and second.end < len(doc) \
        and doc[second.end].text == ")"


def visitors_not_of_dateline(ix: DocIndex, roles: list[RoleFact], cands: list[Candidate], gaz) -> list[RoleFact]:
    """A visitor to the dateline's country is not of that country: "NAIROBI: Foreign Minister X met ... X is in Nairobi
    on the first leg of his tour" gives X's title no body from the dateline (it stays in the person's titles)."""
    if ix.dateline is None or not any(r.rule.endswith(DATELINE_RULE) for r in roles):
        return roles
    country = place_country(ix, ix.dateline, gaz)
    went = {ix.text(c.a).split()[-1] for c in cands if c.type == "VISITED"
            and (c.b == ix.dateline or (country is not None and place_country(ix, c.b, gaz) == country))}
    if not went:
        return roles
    return [replace(r, org=None, rule=r.rule[: -len(DATELINE_RULE)], confidence=ROLE_WITHOUT_BODY)
            if r.rule.endswith(DATELINE_RULE) and ix.text(r.person).split()[-1] in went else r for r in roles]


def dedupe(cands: list[Candidate], schema: Schema = SCHEMA) -> list[Candidate]:
    """One candidate per type, pair and sentence: the most confident, keeping a place when one has it."""
    seen: dict[tuple, Candidate] = {}
    for c in cands:
        a, b = tuple(sorted((c.a, c.b))) if schema.relation(c.type).symmetric else (c.a, c.b)
        key = (c.type, a, b, c.sent.start)
        old = seen.get(key)
        if old is None or c.confidence > old.confidence or (old.place is None and c.place is not None):
            if old is not None and c.place is None:
                c.place = old.place
            seen[key] = c
    return list(seen.values())
