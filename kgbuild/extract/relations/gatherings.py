"""Meetings with several people: a meeting is a gathering, and everyone the text places at one gathering met
everyone else there (ANNOTATION.md).

A trigger that gathers people (a MET verb or noun) opens a gathering of everyone on its sides, its companions
("X, accompanied by A and B, met Y") and the members of its delegations ("delegations led by A and B held
talks"); stated.py marks such candidates with the gathering's key. Later sentences add people to it:

- attendance: "The meeting was attended by A, B and C", "A took part in the talks", "A joined the talks";
- presence: "Also present were A and B", "A and B were present at the meeting", "A and B were present to receive
  X" (a reception of X), "A and B were present." right after the meeting;
- membership: "The Georgian side at the meeting was represented by A and B", "The delegation included A and B".

Such a sentence continues the gathering its meeting noun is the trigger of, else (a definite "the meeting", or
no noun at all) the last gathering of the previous few sentences; with neither, its people form a gathering of
their own. `Gatherings` is the state of one document while its sentences are read in order; `closure` then
gives every pair of each gathering that no sentence stated, citing the sentence that placed the later of the
two there (rule `gathering:<how>`).

`credential_audiences`: "X received the credentials of nine ambassadors" and the envoys the article names after it
(by their titles): X met each of them (rule `credentials:envoys`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from spacy.tokens import Span, Token

from ...resources import triggers
from ..docindex import DocIndex
from .facts import Candidate
from .grammar import Blockers, _office_plurals, blocked, np_mentions, people_under, places_under, subjects

CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})
from .sentence import SentenceView

GATHERING_FACTOR = 0.9  # a pair a gathering implies is a little less sure than the statements placing them
DEFINITE = frozenset({"the", "this", "that", "their", "its", "these", "those"})
ALSO_WINDOW = 2  # sentences back an "also present" without a meeting noun may continue a meeting
ALSO_WORDS = frozenset({"also", "too"})
STEM = 4  # letters a meeting noun shares with the verb it continues ("reception" / "receive", "meeting" / "meet")


@dataclass(frozen=True)
class GatherWords:
    """The closed word sets of triggers.json "gatherings"."""

    relation: str
    star_verbs: frozenset[str]
    separate_words: frozenset[str]
    companion_verbs: frozenset[str]
    companion_adverbs: frozenset[str]
    group_nouns: frozenset[str]
    leading_verbs: frozenset[str]
    list_preps: frozenset[str]
    attend_verbs: frozenset[str]
    presence_words: frozenset[str]
    membership_verbs: frozenset[str]
    pair_nouns: frozenset[str]
    window: int
    continuing_nouns: frozenset[str]
    host_verbs: frozenset[str]
    attendee_nouns: frozenset[str]
    reception_verbs: frozenset[str] = frozenset()  # "present to receive X": X is at the meeting they attend
    pair_words: frozenset[str] = frozenset()  # "the pair", "the duo", "the two": two people by itself
    ceremony_nouns: frozenset[str] = frozenset()  # "a welcome ceremony": a reception of a guest
    welcome_words: frozenset[str] = frozenset()
    several_words: frozenset[str] = frozenset()  # "met several people, including A and B": a meeting each

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> GatherWords:
        g = triggers()["gatherings"]
        return cls(g["relation"], *(frozenset(g[k]) for k in (
            "star_verbs", "separate_words", "companion_verbs", "companion_adverbs", "group_nouns", "leading_verbs",
            "list_preps", "attend_verbs", "presence_words", "membership_verbs", "pair_nouns")), int(g["window"]),
                   frozenset(g["continuing_nouns"]), frozenset(g["host_verbs"]), frozenset(g["attendee_nouns"]),
                   frozenset(g.get("reception_verbs", ())), frozenset(g.get("pair_words", ())),
                   frozenset(g.get("ceremony_nouns", ())), frozenset(g.get("welcome_words", ())),
                   frozenset(g.get("several_words", ())))


@dataclass
class Member:
    sent: Span  # the sentence that places the person at the gathering
    trigger: Token
    rule: str
    confidence: float


@dataclass
class Gathering:
    key: int  # token index of the trigger that opened it
    sent_no: int  # the sentence it was last stated or continued in
    members: dict[int, Member] = field(default_factory=dict)
    stated: set[frozenset[int]] = field(default_factory=set)  # pairs a sentence stated itself
    place: int | None = None
    date: str | None = None
    noun: str | None = None  # the trigger's lemma when it is a noun ("meeting", "talks")
    lemma: str = ""  # the trigger's lemma ("meet", "receive", "talks")


@dataclass(frozen=True)
class Attendance:
    """People a sentence adds to a gathering: who, the word that says it, the meeting noun it names (if any),
    and whether it says "also" (continuing what the sentences before told)."""

    people: list[int]
    trigger: Token
    meeting: Token | None
    how: str
    also: bool = False
    guests: list[int] = field(default_factory=list)  # "present to receive X": X is at the meeting too
    owners: list[int] = field(default_factory=list)  # "X's delegation included A and B": X's meeting


class Gatherings:
    """The gatherings of one document, built while its sentences are read in order."""

    def __init__(self, ix: DocIndex, words: GatherWords) -> None:
        self.ix = ix
        self.words = words
        self.groups: dict[int, Gathering] = {}
        self.order: list[int] = []  # keys, most recent last
        self.last_pair: tuple[int, int] | None = None  # the two people of the last two-person contact

    # ------------------------------------------------------------ reading sentences
    def add(self, sent_no: int, cands: list[Candidate]) -> None:
        """Register the gatherings a sentence's candidates open, and its last two-person contact."""
        by_trigger: dict[int, list[Candidate]] = {}
        for c in cands:
            if c.group is not None and c.type == self.words.relation:
                g = self.groups.get(c.group)
                if g is None:
                    g = Gathering(c.group, sent_no, noun=c.trigger.lemma_.lower() if c.trigger.pos_ == "NOUN"
                                  else None, lemma=c.trigger.lemma_.lower())
                    self.groups[c.group] = g
                    self.order.append(c.group)
                for p in (c.a, c.b):
                    g.members.setdefault(p, Member(c.sent, c.trigger, c.rule, c.confidence))
                g.stated.add(frozenset((c.a, c.b)))
                g.place = g.place if g.place is not None else c.place
                g.date = g.date or c.date
                g.sent_no = sent_no
            if c.type in (self.words.relation, "TALKED_TO"):
                by_trigger.setdefault(c.trigger.i, []).append(c)
        for group in by_trigger.values():
            people = {p for c in group for p in (c.a, c.b)}
            if len(_names(self.ix, people)) == 2:
                one, two = sorted(people, key=lambda p: self.ix.found[p].start)[:2]
                if _names(self.ix, {one}) != _names(self.ix, {two}):
                    self.last_pair = (one, two)
            elif len(people) > 2:
                self.last_pair = None

    def continue_with(self, view: SentenceView, sent_no: int, blockers: Blockers) -> None:
        """People this sentence adds to a gathering: they join the one it continues, or form their own. A
        sentence that only speaks of "the meeting" ("During the meeting, they discussed ...") keeps the last
        gathering the one a bare "A and B were present." continues."""
        self._touch(view, sent_no)
        for att in attendance(view, self.words, blockers):
            target = self._continued(att, sent_no)
            rule = f"gathering:{att.how}"
            if target is None and att.guests:
                target = Gathering(att.trigger.i, sent_no)  # a reception of its own: "present to receive X"
                self.groups[target.key] = target
                self.order.append(target.key)
            elif target is None:
                if len(att.people) < 2 or att.meeting is None or not self._small(att.meeting):
                    continue  # people present at nothing named, or at a summit of many, are not said to meet
                target = Gathering(att.trigger.i, sent_no)
                places = places_under(view.place_at, att.meeting)
                target.place = places[0] if places else None
                self.groups[target.key] = target
                self.order.append(target.key)
            for p in att.people + att.guests:
                target.members.setdefault(p, Member(view.sent, att.trigger, rule, 0.8))
            target.sent_no = sent_no
            target.date = target.date or view.date

    def _touch(self, view: SentenceView, sent_no: int) -> None:
        if not self.order:
            return
        g = self.groups[self.order[-1]]
        if g.sent_no >= sent_no or sent_no - g.sent_no > self.words.window:
            return
        for t in view.sent:
            if (t.lower_ in self.words.continuing_nouns or t.lemma_.lower() in self.words.continuing_nouns) \
                    and t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
                g.sent_no = sent_no
                return
        # a sentence about one of its people as the subject ("X thanked Y for ...") keeps telling of the meeting
        members = {self.ix.text(p).split()[-1] for p in g.members}
        if any(t.dep_ == "nsubj" and t.i in view.person_at and self.ix.text(view.person_at[t.i]).split()[-1] in members
               for t in view.sent):
            g.sent_no = sent_no

    def _continued(self, att: Attendance, sent_no: int) -> Gathering | None:
        m = att.meeting
        window = self.words.window
        if m is None and att.owners:
            # "X's delegation included A and B": the last meeting X was at, a few sentences back
            owners = _names(self.ix, set(att.owners))
            for key in reversed(self.order):
                g = self.groups[key]
                if sent_no - g.sent_no > window:
                    break
                if owners & _names(self.ix, set(g.members)):
                    return g
            return None
        if m is not None:
            g = self.groups.get(m.i)
            if g is not None:
                return g  # "attended the meeting between X and Y": that meeting
            if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in m.children):
                return None  # "attended a meeting in Brussels": another one
        else:
            window = ALSO_WINDOW  # "Also present were A and B": right after the meeting it continues
        for key in reversed(self.order):
            g = self.groups[key]
            if sent_no - g.sent_no > window:
                break
            said = m.lemma_.lower() if m is not None else ""
            if m is None or said in self.words.continuing_nouns or m.lower_ in self.words.continuing_nouns \
                    or said == g.noun or said[:STEM] == g.lemma[:STEM]:
                return g  # "the talks" continue the meeting, "the reception" one where X received Y; "the summit" a summit
        return None

    def _small(self, noun: Token) -> bool:
        """A meeting of a few ('a meeting', 'talks', 'a welcome ceremony'), not a gathering of many ('the G20
        summit', 'a forum')."""
        return noun.lemma_.lower() in self.words.continuing_nouns or noun.lower_ in self.words.continuing_nouns \
            or welcome_ceremony(noun, self.words)

    # ------------------------------------------------------------ the pairs
    def closure(self) -> list[Candidate]:
        """Every pair of each gathering that no sentence stated, citing the sentence placing the later one."""
        out: list[Candidate] = []
        found = self.ix.found
        for g in self.groups.values():
            people = sorted(g.members, key=lambda p: found[p].start)
            for a, b in combinations(people, 2):
                if frozenset((a, b)) in g.stated:
                    continue
                ma, mb = g.members[a], g.members[b]
                later = mb if mb.sent.start >= ma.sent.start else ma
                rule = later.rule if later.rule.startswith("gathering:") else ma.rule \
                    if ma.rule.startswith("gathering:") else "gathering:" + later.rule
                conf = round(min(ma.confidence, mb.confidence) * GATHERING_FACTOR, 3)
                out.append(Candidate(self.words.relation, a, b, later.sent, later.trigger, rule, conf,
                                     place=g.place, date=g.date))
        return out


def headline_pair(ix: DocIndex) -> tuple[int, int] | None:
    """The two people a headline names ("Erdogan, Zelenskyy discuss grain deal"), when it names exactly two:
    the article's 'two leaders' until a meeting or call says otherwise."""
    if not ix.sentences:
        return None
    first = ix.sentences[0]
    people = sorted({i for t in range(first.start, first.end) for i in [ix.mention_at.get(t)]
                     if i is not None and ix.found[i].label == "Person"}, key=lambda i: ix.found[i].start)
    by_name: dict[str, int] = {}
    for i in people:
        by_name.setdefault(ix.text(i).split()[-1], i)
    if len(by_name) != 2:
        return None
    a, b = by_name.values()
    return a, b


def _names(ix: DocIndex, people: set[int]) -> set[str]:
    """People by their last name, so that 'Cameron' and 'David Cameron' count once."""
    return {ix.text(p).split()[-1] for p in people}


# ------------------------------------------------------------------ who a sentence adds
def attendance(view: SentenceView, words: GatherWords, blockers: Blockers) -> list[Attendance]:
    """'The meeting was attended by A', 'A took part in the talks', 'Also present were A and B',
    'The Georgian side at the meeting was represented by A'. A sentence that names another event ('attended
    the funeral', 'present at the ceremony') or, without 'also', none at all adds nobody."""
    out: list[Attendance] = []
    at = view.person_at
    nouns = view_meeting_nouns(view)
    for tok in view.sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in words.attend_verbs | {"take"}:
            if lemma == "take" and not any(c.dep_ == "dobj" and c.lower_ == "part" for c in tok.children):
                continue
            meeting, other = _event_of(tok, nouns)
            if other or blocked(tok, blockers) or (meeting is None and lemma in ("join", "take")):
                continue  # "attended the funeral", "joined the delegation"
            people = _agents(at, tok) or [p for p in subjects(at, tok)[0]]
            also = _also(tok)
            if people and (meeting is not None or also):
                out.append(Attendance(people, tok, meeting, "attended", also))
        elif tok.pos_ == "VERB" and lemma in words.host_verbs:
            # "The reception was led by X", "X hosted the talks": the host is at the meeting.
            meeting, _ = _event_of(tok, nouns)
            if meeting is None or blocked(tok, blockers):
                continue
            people = _agents(at, tok) if meeting.dep_ == "nsubjpass" else \
                [p for c in tok.children if c.dep_ == "nsubj" for p in np_mentions(at, c)]
            if people:
                out.append(Attendance(people, tok, meeting, "hosted"))
        elif tok.lower_ in words.presence_words and tok.dep_ in ("acomp", "attr", "advmod", "amod", "oprd") \
                and tok.head.lemma_.lower() == "be":
            cop = tok.head
            meeting, other = _event_of(tok, nouns)
            if other or blocked(cop, blockers):
                continue
            heads = [c for c in cop.children if c.dep_ in ("nsubj", "attr")]
            fronted = bool(heads) and all(tok.i < h.i for h in heads)
            # "Also present were A and B": the fronted word continues the meeting told just before.
            also = (_also(tok) or _also(cop)) and fronted
            people = [p for c in heads for p in listed(at, c)]
            if fronted:
                # "Present were A, title; B, title; and C": a list the parse may cut; everyone named after the verb
                people += [p for p in _named_after(at, cop, view.sent.end) if p not in people]
            # "A and B were present to receive X": a reception of X that A and B attended
            guests = [p for c in tok.children if c.dep_ == "xcomp" and c.lemma_.lower() in words.reception_verbs
                      and not blocked(c, blockers) for g in c.children if g.dep_ == "dobj"
                      for p in np_mentions(at, g) if p not in people]
            # "A, B and C were present.": present at the meeting just told of, when the sentence names nothing else
            bare = not fronted and not guests and meeting is None and _bare(tok, cop)
            if people and (meeting is not None or also or guests or bare):
                out.append(Attendance(people, tok, meeting, "present", also or bare or bool(guests), guests))
        elif tok.lemma_.lower() == "be" and any(c.dep_ == "prep" and c.lower_ == "among" for c in tok.children):
            # "Among those attending the talks were A and B"
            those = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "among" for g in c.children
                     if g.dep_ == "pobj" and g.lower_ in words.attendee_nouns]
            present = [w for t in those for w in t.children if _presence(w, words)]
            if not present or blocked(tok, blockers):
                continue
            meeting = next((m for w in present for m in [_event_of(w, nouns)[0]] if m is not None), None)
            people = [p for c in tok.children if c.dep_ in ("nsubj", "attr") for p in listed(at, c)]
            if people:
                out.append(Attendance(people, tok, meeting, "present", True))
        elif lemma == "be" and (listing := _those_listed(view, tok, words)):
            # "Those officials are A, B and C", "These were A and B": who the people just told of were
            if not blocked(tok, blockers):
                out.append(Attendance(listing, tok, None, "present", True))
        elif tok.pos_ == "VERB" and lemma in words.membership_verbs:
            group = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                          and c.lower_ in words.group_nouns | words.attendee_nouns), None)
            if group is None:
                # "Members of X's delegation included A and B"
                group = next((g for c in tok.children if c.dep_ == "nsubj" and c.lower_ in MEMBER_NOUNS
                              for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                              for g in p.children if g.dep_ == "pobj" and g.lower_ in words.group_nouns), None)
            if group is None or blocked(tok, blockers):
                continue
            meeting, other = _event_of(group, nouns)
            present = [w for w in group.children if _presence(w, words)]  # "those present", "those attending"
            if meeting is None:
                meeting = next((m for w in present for m in [_event_of(w, nouns)[0]] if m is not None), None)
            # "X's delegation included A and B": at the meeting X was at (a person's own delegation goes where he does)
            owners = [p for c in group.children if c.dep_ == "poss" for p in np_mentions(at, c)] \
                if meeting is None and not present and group.lower_ in words.group_nouns else []
            if meeting is None and not present and not owners:
                continue  # a delegation's members are at the meeting only when the text says so
            if group.lower_ == "those" and not present:
                continue
            people: list[int] = []
            for c in tok.children:
                if c.dep_ in ("dobj", "attr"):
                    people += listed(at, c)
                elif c.dep_ in ("agent", "prep") and c.lower_ in ("by", "of"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            people += listed(at, g)
            people = [p for p in people if p not in owners]
            if people:
                out.append(Attendance(people, tok, meeting, "delegation" if group.lower_ in words.group_nouns
                                      else "present", meeting is None, owners=owners))
    return out


DEMONSTRATIVES = frozenset({"those", "these"})


def _those_listed(view: SentenceView, cop: Token, words: GatherWords) -> list[int]:
    """'Those officials are A, B and C', 'These were A and B': a copula whose subject points back
    (a demonstrative, or a group or office noun with one) and names two or more people after it; the people."""
    at = view.person_at
    subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > cop.i or at.get(subj.i) is not None:
        return []
    pointing = subj.lower_ in DEMONSTRATIVES or (
        any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in subj.children)
        and subj.lower_ in words.group_nouns | words.attendee_nouns | PEOPLE_NOUNS | _office_plurals())
    if not pointing:
        return []
    people = _named_after(at, cop, view.sent.end)
    return people if len(people) >= 2 else []


PEOPLE_NOUNS = frozenset({"officials", "members", "dignitaries", "people", "persons"})
MEMBER_NOUNS = frozenset({"members", "member"})  # "Members of X's delegation included A and B"


def _named_after(at, tok: Token, end: int) -> list[int]:
    """The people named from `tok` to `end`, in order."""
    return list(dict.fromkeys(at[k] for k in range(tok.i + 1, end) if k in at))


def _bare(tok: Token, cop: Token) -> bool:
    """'... were present.' with nothing more: no place, purpose, clause or object on the word or its verb."""
    return not any(c.dep_ not in ("nsubj", "punct", "advmod", "aux", "neg", "acomp") or c.dep_ == "neg"
                   for c in list(cop.children) + list(tok.children)) and not any(c.dep_ == "neg" for c in cop.children)


def _presence(w: Token, words: GatherWords) -> bool:
    """'present', 'attending (the talks)' describing 'those'."""
    return w.dep_ in ("amod", "acl", "relcl") and (w.lower_ in words.presence_words
                                                   or w.lemma_.lower() in words.attend_verbs)


def listed(at, head: Token) -> list[int]:
    """Everyone a list names ('A, the Head of the Office, B, and the Desk Officer for Georgia, C'): the people in
    the phrase under `head`, outside its clauses."""
    return people_under(at, head, CLAUSE_DEPS)


def _agents(at, verb: Token) -> list[int]:
    """The people after a passive 'by' (the whole list)."""
    return [p for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
            for p in listed(at, g)]


def _also(tok: Token) -> bool:
    return any(c.lower_ in ALSO_WORDS and c.dep_ == "advmod" for c in tok.children)


def view_meeting_nouns(view: SentenceView) -> frozenset[int]:
    """Tokens of the sentence that are meeting nouns (the nouns of the gathering relation in triggers.json)."""
    words = GatherWords.load()
    nouns = meeting_nouns(words.relation)
    return frozenset(t.i for t in view.sent if t.pos_ in ("NOUN", "PROPN") and
                     (t.lemma_.lower() in nouns or t.lower_ in nouns or welcome_ceremony(t, words)))


def welcome_ceremony(t: Token, words: GatherWords) -> bool:
    """'a welcome ceremony', 'the welcoming ceremony': a reception of a guest by his hosts (a meeting of those there)."""
    return t.lemma_.lower() in words.ceremony_nouns and any(
        c.dep_ in ("amod", "compound") and c.lower_ in words.welcome_words for c in t.children)


@lru_cache(maxsize=4)
def meeting_nouns(relation: str) -> frozenset[str]:
    return frozenset(triggers()["relations"][relation].get("nouns", []))


def _event_of(tok: Token, nouns: frozenset[int]) -> tuple[Token | None, bool]:
    """(the meeting noun a word of attendance is about, whether it names something else instead): its object,
    passive subject or prepositional object ('attended the meeting', 'the meeting was attended', 'took part in
    the talks', 'present at the talks'; 'attended the funeral' names something else)."""
    other = False
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lower_ != "part":
            if c.i in nouns:
                return c, False
            other = other or c.pos_ in ("NOUN", "PROPN")
        elif c.dep_ == "prep" and c.lower_ in ("in", "at", "during", "for"):
            for g in c.children:
                if g.dep_ == "pobj":
                    if g.i in nouns:
                        return g, False
                    other = other or g.pos_ == "NOUN"
        elif c.dep_ == "dobj" and c.lower_ == "part":
            got, o = _event_of(c, nouns)
            if got is not None:
                return got, False
            other = other or o
    if not other and tok.dep_ == "relcl" and tok.head.i in nouns and any(
            c.dep_ in ("nsubjpass", "dobj", "nsubj") and c.lower_ in ("which", "that") for c in tok.children):
        return tok.head, False  # "during the meeting, which was attended by A", "the talks, which A attended"
    return None, other


# ------------------------------------------------------------------ credentials of envoys named later
CREDENTIAL_NOUNS = frozenset({"credentials", "credential"})
CREDENCE = frozenset({"credence"})  # "letters of credence"
ENVOY_PLURALS = frozenset({"ambassadors", "envoys", "diplomats", "emissaries"})
ENVOY_HEADS = frozenset({"ambassador", "envoy", "emissary", "chargé", "charge"})
RECEIVING = frozenset({"receive", "accept"})
CREDENTIALS_CONFIDENCE = 0.7  # an envoy the article names after "X received the credentials of N ambassadors"
CREDENTIALS_RULE = "credentials:envoys"


def credential_audiences(ix: DocIndex, roles, blockers: Blockers, relation: str) -> list[Candidate]:
    """'President X received the letters of credence of nine ambassadors' and, further on, 'Iceland's Ambassador to
    Ethiopia, A, said ...': each envoy the article names after such a sentence presented credentials to X, in
    person (a meeting of X and each; the envoys are not said to meet each other)."""
    out: list[Candidate] = []
    for sent in ix.sentences:
        for v in sent:
            if v.lemma_.lower() not in RECEIVING or v.pos_ != "VERB" or blocked(v, blockers):
                continue
            envoys = [g for c in v.children if c.dep_ == "dobj" and _credentials(c) for g in c.subtree
                      if g.lower_ in ENVOY_PLURALS and g.dep_ == "pobj"]
            if not envoys or any(ix.mention_at.get(t.i) is not None and ix.found[ix.mention_at[t.i]].label == "Person"
                                 for e in envoys for t in e.subtree):
                continue  # the envoys named right there are read by the patterns
            person_at = {t: i for t in range(sent.start, sent.end) for i in [ix.mention_at.get(t)]
                         if i is not None and ix.found[i].label == "Person"}
            hosts = subjects(person_at, v)[0]
            if len(hosts) != 1:
                continue
            host = hosts[0]
            name = ix.text(host).split()[-1]
            seen: set[str] = set()
            for r in roles:
                if r.head not in ENVOY_HEADS or ix.found[r.person].start < sent.end:
                    continue
                who = ix.text(r.person).split()[-1]
                if who == name or who in seen:
                    continue
                seen.add(who)
                out.append(Candidate(relation, host, r.person, r.evidence, v, CREDENTIALS_RULE, CREDENTIALS_CONFIDENCE,
                                     date=ix.date_of(sent)))
    return out


def _credentials(noun: Token) -> bool:
    """'credentials', 'letters of credence'."""
    return noun.lower_ in CREDENTIAL_NOUNS or any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in CREDENCE for g in c.children) for c in noun.children)
