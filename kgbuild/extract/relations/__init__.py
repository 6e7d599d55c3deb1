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

from ...gazetteer import get_gazetteer
from ...schema import SCHEMA, Schema
from ..docindex import DocIndex
from ..patterns import PatternMatch, PatternMatcher
from .captions import caption, caption_markers, is_caption
from .derived import met_abroad, visiting, visiting_adjectives
from .facts import Candidate, DocRelations, People, RoleFact
from .gatherings import GatherWords, Gatherings
from .grammar import Blockers
from .matches import pattern_candidates
from .roles import Portfolios, find_people
from .sentence import SentenceView
from .stated import Triggers, stated

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

    def find(self, ix: DocIndex) -> DocRelations:
        people = find_people(ix, self.portfolios, blockers=self.blockers)
        by_sent: dict[int, list[PatternMatch]] = {}
        for m in (self.patterns(ix.doc) if self.patterns is not None else []):
            by_sent.setdefault(ix.sent_of[m.tokens["trigger"]], []).append(m)
        out: list[Candidate] = []
        gatherings = Gatherings(ix, self.gather_words)  # this document's meetings, read in order
        for n, sent in enumerate(ix.sentences):
            view = SentenceView.build(ix, sent, people.title_refs, gatherings.last_pair, self.gather_words.pair_nouns)
            if not (view.person_at if self.side_labels == {"Person"} else view.at(self.side_labels)):
                continue
            here = self.sentence(view, people)
            for m in by_sent.get(n, ()):
                here += pattern_candidates(view, m, self.schema.relation(m.pattern.relation), self.blockers,
                                           self.placed.get(m.pattern.relation, True))
            gatherings.add(n, here)
            gatherings.continue_with(view, n, self.blockers)
            out += here
        out += gatherings.closure()
        return DocRelations(dedupe(out, self.schema), people.roles, people.person_country, people.ministry_country)

    def sentence(self, view: SentenceView, people: People) -> list[Candidate]:
        """What one sentence states: its trigger words, a caption, and the visits that follow from them."""
        out = stated(view, self.triggers, self.blockers)
        if is_caption(view.sent, self.caption_markers):
            out += caption(view)
        out += visiting(view, out, self.visiting_adjectives)
        out += met_abroad(view.ix, out, people.person_country, self.gaz)
        return out


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
