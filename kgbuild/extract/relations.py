"""Relations read from the grammar of each sentence.

For every trigger (a verb such as "met", a noun such as "talks" or "call") the
dependency parse tells who is on which side: the subject of the verb (or of the
verb that governs the noun), its objects, and the people after "with",
"between" or a passive "by". Plans, negations and conditions block a trigger.
Captions ("A (left) with B in C") have no verb and get a rule of their own.
Titles before or beside a name give HOLDS_ROLE.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from ..gazetteer import get_gazetteer
from .dates import resolve_date
from .entities import Found, TitleSpan
from .patterns import PatternMatch, PatternMatcher
from ..resources import load_data, triggers

CLIMB = {"compound", "flat", "appos", "conj", "nmod", "nummod", "amod", "punct", "cc", "prep_in_name"}
PARTICIPANT_PREPS = {"with", "between", "among", "alongside", "beside", "to"}
PLACE_PREPS = {"in", "at", "to", "into", "inside", "near", "outside", "on"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
CAPTION_MARKERS = {"left", "right", "l", "r", "c", "center", "centre", "front", "back", "second", "third"}


@dataclass
class RoleFact:
    person: int
    title: str
    org: int | None
    evidence: Span
    rule: str
    country: str | None = None


@dataclass
class Candidate:
    type: str
    a: int
    b: int
    sent: Span
    trigger: Token
    rule: str
    confidence: float
    place: int | None = None
    date: str | None = None
    title: str | None = None


@dataclass
class SentenceView:
    """The mentions of one sentence, indexed by token."""

    sent: Span
    person_at: dict[int, int] = field(default_factory=dict)  # token index -> found index
    place_at: dict[int, int] = field(default_factory=dict)
    any_at: dict[int, int] = field(default_factory=dict)


class RelationFinder:
    def __init__(self, pattern_matcher: PatternMatcher | None = None) -> None:
        self.patterns = pattern_matcher
        t = triggers()
        self.t = t
        self.met_verbs = set(t["MET"]["verbs"])
        self.met_nouns = set(t["MET"]["nouns"])
        self.support_verbs = set(t["MET"]["support_verbs"])
        self.call_verbs = set(t["TALKED_TO"]["verbs"])
        self.call_nouns = set(t["TALKED_TO"]["nouns"])
        self.remote_words = set(t["TALKED_TO"]["remote_words"])
        self.visit_verbs = set(t["VISITED"]["verbs"])
        self.visit_nouns = set(t["VISITED"]["nouns"])
        b = t["blockers"]
        self.modal = set(b["modal_aux"])
        self.plan_heads = set(b["plan_heads"])
        self.plan_mods = set(b["plan_modifiers"])
        self.cond_marks = set(b["conditional_marks"])
        self.negations = set(b["negations"])
        self.portfolios = load_data("ministries.json")["portfolios"]
        self.portfolio_res = [(p, re.compile(rf"\b{re.escape(p)}\b")) for p in self.portfolios]
        self.gaz = get_gazetteer()

    # ================================================================ public
    def find(self, doc: Doc, found: list[Found], titles: list[TitleSpan],
             published: dt.date | None) -> tuple[list[Candidate], list[RoleFact]]:
        self.doc, self.found, self.published = doc, found, published
        tok_to = {}
        for i, f in enumerate(found):
            for k in range(f.start, f.end):
                # The longest mention over a token wins (an Event over the Country inside it).
                if k not in tok_to or (found[tok_to[k]].end - found[tok_to[k]].start) < (f.end - f.start):
                    tok_to[k] = i
        self.tok_to = tok_to
        # Lookups by position, built once: long articles have thousands of mentions.
        self.first_at_start: dict[int, int] = {}
        self.body_at_end: dict[int, int] = {}
        for i, f in enumerate(found):
            self.first_at_start.setdefault(f.start, i)
            if f.label in ("Country", "Organization", "Ministry"):
                self.body_at_end.setdefault(f.end, i)
        self.country_ends = sorted((f.end, i) for i, f in enumerate(found) if f.label == "Country")
        self.ministries = [i for i, f in enumerate(found) if f.label == "Ministry"]
        # DATE entities by sentence, read once (Span.ents walks the whole document each time).
        self.dates: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ == "DATE":
                self.dates.setdefault(ent.sent.start, []).append(ent)
        roles = self._roles(doc, found, titles)
        self.person_country = self._person_countries(roles)
        self._infer_ministry_countries(roles)
        self.title_refs = self._title_references(doc, found, roles)
        matches = self.patterns(doc) if self.patterns is not None else []
        out: list[Candidate] = []
        for sent in doc.sents:
            view = self._view(sent)
            if not view.person_at:
                continue
            out.extend(self._sentence(view))
            for m in matches:
                if sent.start <= m.tokens["trigger"] < sent.end:
                    out.extend(self._pattern_match(view, m))
        return _dedupe(out), roles

    # ============================================================== mentions
    def _view(self, sent: Span) -> SentenceView:
        v = SentenceView(sent)
        for tok, person in self._pronouns(sent).items():
            v.person_at[tok] = person
        for tok in sent:
            i = self.tok_to.get(tok.i)
            if i is None:
                i = self.title_refs.get(tok.i)
                if i is not None:
                    v.person_at[tok.i] = i
                continue
            v.any_at[tok.i] = i
            lab = self.found[i].label
            if lab == "Person":
                v.person_at[tok.i] = i
            elif lab in ("Place", "Country"):
                v.place_at[tok.i] = i
        return v

    def _pronouns(self, sent: Span) -> dict[int, int]:
        """'he'/'she' name a person when only one person can be meant: the one person named
        earlier in the sentence, or else the one person named in the sentence before."""
        out: dict[int, int] = {}
        for tok in sent:
            if tok.lower_ not in ("he", "she", "him", "her") or tok.pos_ != "PRON" or tok.dep_ == "poss":
                continue
            people = {self.tok_to[t] for t in range(sent.start, tok.i) if t in self.tok_to
                      and self.found[self.tok_to[t]].label == "Person"}
            if not people and sent.start > 0:
                prev = self.doc[sent.start - 1].sent
                people = {self.tok_to[t] for t in range(prev.start, prev.end) if t in self.tok_to
                          and self.found[self.tok_to[t]].label == "Person"}
            names = {self.doc[self.found[i].start:self.found[i].end].text.split()[-1] for i in people}
            if len(names) == 1:
                out[tok.i] = min(people)
        return out

    def _np_persons(self, view: SentenceView, head: Token) -> list[int]:
        """People named by the noun phrase headed by `head`, with its conjuncts and appositions,
        but not people inside its relative clauses or prepositional phrases."""
        out: list[int] = []
        stack = [head]
        while stack:
            t = stack.pop()
            i = view.person_at.get(t.i)
            if i is not None and i not in out:
                out.append(i)
            for c in t.children:
                if c.dep_ in ("conj", "appos", "compound", "flat", "nmod", "amod", "nummod", "poss", "cc", "punct") \
                        or (c.dep_ == "prep" and view.person_at.get(t.i) is not None and c.lower_ == "of"):
                    if c.dep_ == "poss" and view.person_at.get(c.i) is not None and view.person_at.get(t.i) is None \
                            and t.lower_ not in ("president", "minister"):
                        continue  # "Putin's spokesman" names someone else
                    stack.append(c)
        return out

    # ========================================================= blocking rules
    def _blocked(self, tok: Token) -> bool:
        """A plan, a negation, a condition or a hypothetical rather than a stated fact."""
        t = tok
        for _ in range(6):
            for c in t.children:
                if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lower_ in self.modal):
                    return True
                if c.dep_ == "mark" and c.lower_ in self.cond_marks:
                    return True
                if c.dep_ == "aux" and c.lower_ == "to" and t.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp") \
                        and t.head.lemma_.lower() in self.plan_heads:
                    return True
                if c.dep_ in ("amod", "compound") and c.lower_ in self.plan_mods:
                    return True
                if c.dep_ == "det" and c.lower_ == "no":
                    return True
            if t.lemma_.lower() in ("refuse", "decline", "deny", "cancel", "postpone", "fail") and t is not tok:
                return True
            if t.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "advcl", "relcl") and t.head.lemma_.lower() in self.plan_heads \
                    and t.head.lemma_.lower() not in ("call",):
                if t.dep_ in ("xcomp", "acl", "pcomp") or any(c.lower_ == "to" for c in t.children):
                    return True
            if t.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "pcomp", "conj", "acl", "advcl", "amod") \
                    and t.head is not t:
                if t.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN"):
                    # "the meeting will take place": the verb the noun is subject of decides
                    t = t.head
                    continue
                if t.dep_ == "pobj" and t.head.lower_ in ("for", "before", "ahead", "about", "on", "toward", "towards"):
                    if t is tok or t.pos_ == "NOUN":
                        return True
                t = t.head
                continue
            break
        return False

    # ========================================================= participants
    def _climb(self, tok: Token) -> Token:
        """From a name's token up to the token that carries its role in the clause."""
        t = tok
        for _ in range(8):
            if t.dep_ in ("compound", "flat", "appos", "conj", "nmod", "nummod") and t.head is not t:
                t = t.head
                continue
            break
        return t

    def _subjects(self, view: SentenceView, verb: Token, depth: int = 0) -> tuple[list[int], list[int]]:
        """(subjects, passive subjects) of a verb, inherited through conjunctions and clauses."""
        subj: list[int] = []
        psubj: list[int] = []
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj", "expl"):
                subj += self._np_persons(view, c)
            elif c.dep_ == "nsubjpass":
                psubj += self._np_persons(view, c)
            elif c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        subj += self._np_persons(view, g)
        if subj or psubj or depth > 3:
            return subj, psubj
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head is not verb.head:
            # "arrived in Riyadh after visiting the Emirates": the one who arrived visited
            hs, hp = self._subjects(view, verb.head.head, depth + 1)
            return hs, hp
        if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head is not verb:
            hs, hp = self._subjects(view, verb.head, depth + 1)
            if verb.dep_ == "xcomp" and hp:  # "was seen greeting X": the seen one greets
                return hp, []
            return hs, hp
        if verb.dep_ in ("acl", "relcl", "amod"):
            head = verb.head
            i = view.person_at.get(head.i)
            if i is not None:
                return [i], []
            persons = self._np_persons(view, head)
            if persons:
                return persons, []
        return subj, psubj

    def _objects(self, view: SentenceView, head: Token, preps: set[str]) -> list[int]:
        out: list[int] = []
        for c in head.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd"):
                out += self._np_persons(view, c)
            elif c.dep_ == "prep" and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        out += self._np_persons(view, g)
        return list(dict.fromkeys(out))

    def _governor(self, noun: Token) -> Token | None:
        """The verb a trigger noun hangs from: 'held talks', 'in a call', 'during a visit'."""
        t = noun
        for _ in range(5):
            if t.head is t:
                return t if t.pos_ in ("VERB", "AUX") else None
            if t.dep_ in ("dobj", "pobj", "prep", "npadvmod", "attr", "conj", "appos", "compound", "nsubj", "nsubjpass", "pcomp", "dep"):
                t = t.head
                if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep":  # "following their meeting": not the governor
                    return t
                continue
            return None
        return None

    # ===================================================== places and dates
    def _places_under(self, view: SentenceView, head: Token, preps: set[str] = PLACE_PREPS) -> list[int]:
        out: list[int] = []
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for t in c.subtree:
                    i = view.place_at.get(t.i)
                    if i is not None and i not in out:
                        out.append(i)
        return out

    def _places_in_subtree(self, view: SentenceView, head: Token) -> list[int]:
        """Places after 'in'/'at' anywhere under the trigger ('meeting B in C' attaches 'in C' to B)."""
        out: list[int] = []
        for t in head.subtree:
            if t.dep_ == "prep" and t.lower_ in ("in", "at") and t.i > head.i:
                for u in t.subtree:
                    i = view.place_at.get(u.i)
                    if i is not None and i not in out:
                        out.append(i)
        return out

    def _the_country(self, view: SentenceView, head: Token, preps: set[str]) -> list[int]:
        """'a visit to the country': the country named last before it, when there is one."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj" and g.lower_ == "country" and any(d.lower_ == "the" for d in g.children):
                        n = bisect.bisect_right(self.country_ends, (g.i, len(self.found)))
                        if n:
                            return [self.country_ends[n - 1][1]]
        return []

    def _best_place(self, places: list[int]) -> int | None:
        if not places:
            return None
        cities = [p for p in places if self.found[p].label == "Place"]
        return (cities or places)[0]

    def _date(self, sent: Span) -> str | None:
        for ent in self.dates.get(sent.start, ()):
            if ent.label_ == "DATE":
                iso = resolve_date(ent.text, self.published)
                if iso:
                    return iso
        return None

    # ============================================================ sentences
    def _sentence(self, view: SentenceView) -> list[Candidate]:
        out: list[Candidate] = []
        sent = view.sent
        date = self._date(sent) if sent.start in self.dates else None
        for tok in sent:
            lemma = tok.lemma_.lower()
            low = tok.lower_
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("VBG", "VBN") and tok.dep_ in ("amod", "acl")):
                if lemma in self.met_verbs or lemma in self.call_verbs or lemma in self.visit_verbs:
                    out += self._verb_trigger(view, tok, lemma, date)
            elif tok.pos_ in ("NOUN", "PROPN") and (low in self.met_nouns or lemma in self.met_nouns
                                                      or lemma in self.call_nouns or lemma in self.visit_nouns):
                out += self._noun_trigger(view, tok, lemma, date)
        if self._is_caption(sent):
            out += self._caption(view, date)
        out += self._visiting(view, out, date)
        out += self._met_abroad(out)
        return out

    def _remote(self, tok: Token) -> bool:
        words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.children}
        if tok.head is not tok:
            words |= {t.lower_ for t in tok.head.children}
        return bool(words & self.remote_words)

    def _verb_trigger(self, view: SentenceView, v: Token, lemma: str, date: str | None) -> list[Candidate]:
        if self._blocked(v):
            return []
        subj, psubj = self._subjects(view, v)
        objs = self._objects(view, v, PARTICIPANT_PREPS - {"to"}) + psubj
        passive = bool(psubj)
        out: list[Candidate] = []
        is_visit_place = lemma in self.visit_verbs
        places = self._places_under(view, v) or self._the_country(view, v, {"to", "in"})
        # VISITED: a person travels to a place.
        if is_visit_place and subj:
            targets = list(places)
            for c in v.children:
                if c.dep_ == "dobj":
                    for t in _phrase(c):
                        i = view.place_at.get(t.i)
                        if i is not None and i not in targets:
                            targets.append(i)
            need = self.t["VISITED"]["verb_needs"].get(lemma)
            if need in ("place_to",):
                targets = self._places_under(view, v, {"to", "into"})
            elif need == "place_in":
                targets = self._places_under(view, v, {"in", "at"})
            for p in subj:
                for pl in targets:
                    out.append(Candidate("VISITED", p, pl, view.sent, v, f"verb:{lemma}", 0.85, date=date))
        person_objs = [o for o in objs if o not in subj]
        kind = None
        if lemma in self.call_verbs:
            need = self.t["TALKED_TO"]["verb_needs"].get(lemma)
            if need == "remote" and self._remote(v):
                kind = "TALKED_TO"
            elif need is None and person_objs:
                kind = "TALKED_TO"
            elif need == "person_object_or_to" and (person_objs or self._objects(view, v, {"to"})):
                kind = "TALKED_TO"
                person_objs = person_objs or self._objects(view, v, {"to"})
            if kind and need == "remote":
                person_objs = person_objs or self._objects(view, v, {"to"})
        if kind is None and lemma in self.met_verbs:
            need = self.t["MET"]["verb_needs"].get(lemma)
            if need == "person_object" and not person_objs:
                return out
            if need == "with" and not self._objects(view, v, {"with"}):
                return out
            kind = "MET"
        if kind is None:
            return out
        place = self._best_place(places or self._places_in_subtree(view, v)) if kind == "MET" else None
        # "B was accompanied by C and D": each of C, D was with B; C and D are not said to meet each other.
        pairs = [(x, y) for x in subj for y in person_objs if x != y] if passive else _pairs(subj, person_objs)
        for a, b in pairs:
            out.append(Candidate(kind, a, b, view.sent, v, f"verb:{lemma}", 0.9, place=place, date=date))
        return out

    def _noun_trigger(self, view: SentenceView, n: Token, lemma: str, date: str | None) -> list[Candidate]:
        if self._blocked(n):
            return []
        low = n.lower_
        gov = self._governor(n)
        if gov is not None and self._blocked(gov):
            return []
        with_side = self._objects(view, n, {"with", "between", "among", "alongside"})
        if not with_side:
            # "talks at the Lusail Palace with X": the parser hangs 'with' on the place.
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "in", "on"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            with_side += self._objects(view, g, {"with"})
        poss: list[int] = []
        poss_pronoun = False
        for c in n.children:
            if c.dep_ == "poss":
                if c.pos_ == "PRON":
                    poss_pronoun = True
                else:
                    poss += self._np_persons(view, c)
            elif c.dep_ == "compound":
                poss += [i for i in self._np_persons(view, c) if i not in poss]
            elif c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        poss += self._np_persons(view, g)
        gov_subj: list[int] = []
        gov_obj: list[int] = []
        if gov is not None and (not poss or poss_pronoun):
            gov_subj, gpsubj = self._subjects(view, gov)
            gov_subj = gov_subj or gpsubj
            if n.dep_ == "pobj" or n.head.dep_ == "prep":
                gov_obj = self._objects(view, gov, set())
        side_a = poss or gov_subj
        between = any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in n.children)
        out: list[Candidate] = []
        if lemma in self.visit_nouns or low in self.visit_nouns:
            places = self._places_under(view, n, {"to", "in", "of", "at"}) or self._the_country(view, n, {"to"}) \
                or self._places_in_subtree(view, n)
            places += [view.place_at[c.i] for c in n.children if c.dep_ in ("compound", "amod", "poss") and c.i in view.place_at]
            persons = side_a
            if not persons and len(set(view.person_at.values())) == 1 and places:
                persons = list(set(view.person_at.values()))
            for p in persons:
                for pl in dict.fromkeys(places):
                    out.append(Candidate("VISITED", p, pl, view.sent, n, f"noun:{lemma}", 0.8, date=date))
            return out
        kind = None
        if lemma in self.call_nouns or low in self.call_nouns:
            need = self.t["TALKED_TO"]["noun_needs"].get(lemma)
            if need == "remote" and not self._remote(n):
                kind = None
            elif need == "call" and "call" not in {t.lower_ for t in n.head.subtree}:
                kind = None
            else:
                kind = "TALKED_TO"
        elif low in self.met_nouns or lemma in self.met_nouns:
            kind = "MET"
        if kind is None:
            return out
        if kind == "MET" and n.dep_ in ("nsubj", "nsubjpass") and not with_side and not poss:
            return out  # "the meeting took place in X": who met is said elsewhere
        pairs: list[tuple[int, int]] = []
        if between and with_side:
            pairs = list(combinations(with_side, 2))
        else:
            b_side = [x for x in (with_side or gov_obj) if x not in side_a]
            pairs = _pairs(side_a, b_side)
        place = self._best_place(self._places_under(view, n) or (self._places_under(view, gov) if gov is not None else []))
        return [Candidate(kind, a, b, view.sent, n, f"noun:{lemma}", 0.8, place=place, date=date) for a, b in pairs]

    # ------------------------------------------------------ data patterns
    def _pattern_match(self, view: SentenceView, m: PatternMatch) -> list[Candidate]:
        """A DependencyMatcher match from patterns.json (or a user's pattern file) as candidates."""
        doc = self.doc
        trigger = doc[m.tokens["trigger"]]
        if self._blocked(trigger):
            return []
        a = self._np_persons(view, doc[m.tokens["a"]])
        b = self._np_persons(view, doc[m.tokens["b"]]) if "b" in m.tokens else []
        places: list[int] = []
        if "place" in m.tokens:
            places = [view.place_at[t.i] for t in _phrase(doc[m.tokens["place"]]) if t.i in view.place_at]
        rule, conf = f"pattern:{m.pattern.name}", m.pattern.confidence
        date = self._date(view.sent)
        if m.pattern.relation == "VISITED":
            return [Candidate("VISITED", p, pl, view.sent, trigger, rule, conf, date=date) for p in a for pl in places]
        if "b" in m.tokens and not b:
            return []
        place = self._best_place(places or self._places_in_subtree(view, trigger))
        return [Candidate(m.pattern.relation, x, y, view.sent, trigger, rule, conf, place=place, date=date)
                for x, y in _pairs(a, [p for p in b if p not in a])]

    # -------------------------------------------------------------- captions
    def _is_caption(self, sent: Span) -> bool:
        """Photo captions: no finite verb outside brackets, or a '(left)'-style marker."""
        depth = 0
        finite = False
        marker = False
        for t in sent:
            if t.text in ("(", "["):
                depth += 1
            elif t.text in (")", "]"):
                depth -= 1
            elif depth > 0 and t.lower_ in CAPTION_MARKERS:
                marker = True
            elif depth == 0 and t.tag_ in FINITE_TAGS:
                finite = True
        return marker or not finite

    def _caption(self, view: SentenceView, date: str | None) -> list[Candidate]:
        """'A (right) with B in C': the people on either side of 'with' are pictured together."""
        out: list[Candidate] = []
        sent = view.sent
        for w in sent:
            if w.lower_ != "with" or w.dep_ != "prep":
                continue
            after: list[int] = []
            for g in w.children:
                if g.dep_ == "pobj":
                    after += self._np_persons(view, g)
            if not after:
                continue
            before = []
            for t in reversed(list(self.doc[sent.start:w.i])):
                i = view.person_at.get(t.i)
                if i is not None:
                    before.append(i)
                    break
                if t.tag_ in FINITE_TAGS or t.lower_ in (".", ";"):
                    break
            places = [view.place_at[t.i] for t in self.doc[w.i:sent.end] if t.i in view.place_at
                      and self.doc[t.i - 1].lower_ in ("in", "at")]
            for a, b in _pairs(before, after):
                out.append(Candidate("MET", a, b, sent, w, "caption:with", 0.75, place=self._best_place(places), date=date))
        return out

    # ------------------------------------------------------- derived visits
    def _visiting(self, view: SentenceView, found_here: list[Candidate], date: str | None) -> list[Candidate]:
        """'... met visiting President X in Jeddah': X travelled to the meeting's place."""
        out: list[Candidate] = []
        for tok in view.sent:
            if tok.lower_ not in self.t["VISITED"]["visiting_adjectives"] or tok.dep_ not in ("amod", "acl", "compound"):
                continue
            persons = self._np_persons(view, tok.head) or [view.person_at[t.i] for t in tok.head.subtree if t.i in view.person_at][:1]
            places = []
            for c in found_here:
                if c.type == "MET" and c.place is not None:
                    places.append(c.place)
            places += self._places_in_phrase(view, places)
            for p in persons:
                for pl in dict.fromkeys(places):
                    out.append(Candidate("VISITED", p, pl, view.sent, tok, "visiting+meeting-place", 0.7, date=date))
        return out

    def _places_in_phrase(self, view: SentenceView, places: list[int]) -> list[int]:
        """'in Jeddah, Saudi Arabia': the country apposed to a place is visited too."""
        out = []
        for p in places:
            f = self.found[p]
            if f.end + 1 < view.sent.end and self.doc[f.end].text == ",":
                j = self.tok_to.get(f.end + 1)
                if j is not None and self.found[j].label == "Country":
                    out.append(j)
        return out

    def _met_abroad(self, cands: list[Candidate]) -> list[Candidate]:
        """A meeting placed in a country that is not the participant's own is a visit there."""
        out = []
        for c in cands:
            if c.type != "MET" or c.place is None:
                continue
            pc = self._place_country(c.place)
            if not pc:
                continue
            for p in (c.a, c.b):
                home = self.person_country.get(p)
                if home and home != pc:
                    out.append(Candidate("VISITED", p, c.place, c.sent, c.trigger, "met-abroad", 0.6, date=c.date))
        return out

    def _place_country(self, i: int) -> str | None:
        f = self.found[i]
        if f.label == "Country":
            return f.key
        if f.context_country:
            return f.context_country
        p = self.gaz.best_place(self.doc[f.start:f.end].text)
        return p.country if p else None

    # ================================================================ roles
    def _roles(self, doc: Doc, found: list[Found], titles: list[TitleSpan]) -> list[RoleFact]:
        ends: dict[int, TitleSpan] = {}
        starts: dict[int, TitleSpan] = {}
        for t in titles:
            ends[t.end] = t
            starts[t.start] = t
        out: list[RoleFact] = []
        for i, f in enumerate(found):
            if f.label != "Person":
                continue
            j = f.written_start
            before: list[TitleSpan] = []
            k = j
            while True:
                t = ends.get(k)
                if t is None and k > 0 and doc[k - 1].text == ",":
                    t = ends.get(k - 1)
                if t is None or t in before:
                    break
                before.append(t)
                k = t.start
            for t in before:
                out.append(self._role_fact(doc, i, t, "title-before"))
            # Apposition after: "X, (the) [Country('s)] Title"
            k = f.end
            if k < len(doc) and doc[k].text == ",":
                k += 1
                while k < len(doc) and doc[k].lower_ in ("the", "a", "an", "its", "his", "her"):
                    k += 1
                m = self.tok_to_start(k)
                if m is not None and found[m].label in ("Country", "Organization", "Ministry"):
                    k = found[m].end
                    if k < len(doc) and doc[k].text in ("'s", "\u2019s"):
                        k += 1
                t = starts.get(k)
                if t is not None:
                    out.append(self._role_fact(doc, i, t, "apposition"))
        return out

    def tok_to_start(self, k: int) -> int | None:
        return self.first_at_start.get(k)

    def _role_fact(self, doc: Doc, person: int, t: TitleSpan, rule: str) -> RoleFact:
        text = doc[t.start:t.end].text
        org = t.org
        if org is not None:
            of = self.found[org]
            text = doc[t.start:of.end].text
        else:
            k = t.start
            if k > 0 and doc[k - 1].text in ("'s", "\u2019s"):
                k -= 1
            org = self.body_at_end.get(k)
        title = text.strip()
        if title.lower().startswith("the "):
            title = title[4:]
        if org is None:
            org = self._ministry_for_title(title)
        sent = doc[t.start].sent
        country = None
        if org is not None:
            of = self.found[org]
            country = of.key if of.label == "Country" else of.country
        return RoleFact(person, title, org, sent, rule, country)

    def _ministry_for_title(self, title: str) -> int | None:
        """'External Affairs Minister' belongs to the one 'Ministry of External Affairs' this document names."""
        low = title.lower()
        words = [(p, pat) for p, pat in self.portfolio_res if pat.search(low)]
        if not words:
            return None
        portfolio, pattern = max(words, key=lambda w: len(w[0]))
        hits = {i for i in self.ministries
                if pattern.search(self.doc[self.found[i].start:self.found[i].end].text.lower())}
        names = {self.doc[self.found[i].start:self.found[i].end].text.lower() for i in hits}
        countries = {self.found[i].country for i in hits}
        if hits and len(countries) == 1 and (len(names) == 1 or None not in countries):
            return min(hits)
        return None

    def _person_countries(self, roles: list[RoleFact]) -> dict[int, str]:
        out: dict[int, str] = {}
        for r in roles:
            if r.country:
                out.setdefault(r.person, r.country)
        return out

    def _infer_ministry_countries(self, roles: list[RoleFact]) -> None:
        """A ministry named without its country belongs to the country of the person whose title
        names its portfolio ('UK Defence Secretary' ... 'the Ministry of Defence')."""
        for f in self.found:
            if f.label != "Ministry" or f.country:
                continue
            name = self.doc[f.start:f.end].text.lower()
            portfolio = next((p for p in sorted(self.portfolios, key=len, reverse=True) if p in name), None)
            if not portfolio:
                continue
            countries = {r.country for r in roles if r.country and portfolio.split()[0] in r.title.lower()}
            if len(countries) == 1:
                f.country = countries.pop()
                f.reason = f"country of the {portfolio} title holder in this document"

    def _title_references(self, doc: Doc, found: list[Found], roles: list[RoleFact]) -> dict[int, int]:
        """'the Saudi crown prince', 'the Russian president': a title alone names its holder when
        exactly one person in the document holds that title (with that country, when given)."""
        holders: dict[str, set[tuple[int, str | None]]] = {}
        for r in roles:
            head = r.title.lower().split()[-1] if r.title else ""
            holders.setdefault(head, set()).add((r.person, r.country))
        out: dict[int, int] = {}
        if not holders:
            return out
        for tok in doc:
            if tok.i in self.tok_to or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            cands = holders.get(tok.lower_)
            if not cands:
                continue
            det = [c for c in tok.children if c.dep_ == "det"]
            has_country = any(self.tok_to.get(c.i) is not None and found[self.tok_to[c.i]].label == "Country"
                              for c in tok.children)
            if not has_country and (not det or det[0].lower_ != "the"):
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
                continue
            country = None
            for c in tok.children:
                j = self.tok_to.get(c.i)
                if j is not None and found[j].label == "Country":
                    country = found[j].key
            people = {p for p, pc in cands if country is None or pc == country}
            names = {self._person_name(p) for p in people}
            if len(names) == 1:
                out[tok.i] = sorted(people)[0]
        return out

    def _person_name(self, i: int) -> str:
        f = self.found[i]
        return self.doc[f.start:f.end].text.split()[-1]


def _phrase(head: Token) -> list[Token]:
    """A noun phrase without its clauses: 'Kiev' in 'Kiev, where he held talks with ...'."""
    out = [head]
    for c in head.children:
        if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "punct", "appos"):
            out += _phrase(c)
    return out


def _pairs(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if a and b:
        out += [(x, y) for x in a for y in b if x != y]
        out += list(combinations(a, 2))
    elif len(a) >= 2:
        out += list(combinations(a, 2))
    return out


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen: dict[tuple, Candidate] = {}
    for c in cands:
        a, b = (c.a, c.b) if c.type in ("VISITED",) else tuple(sorted((c.a, c.b)))
        key = (c.type, a, b, c.sent.start)
        old = seen.get(key)
        if old is None or c.confidence > old.confidence or (old.place is None and c.place is not None):
            if old is not None and c.place is None:
                c.place = old.place
            seen[key] = c
    return list(seen.values())
