"""The mentions of one sentence, by token: who can be on a side of a relation stated there.

Besides the mentions themselves, a person is named by a pronoun ('he', 'she') when only one person can be
meant, and by a title alone ('the Saudi crown prince') when one person of the document holds it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span

from ..docindex import PLACE_LABELS, DocIndex

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


@dataclass
class SentenceView:
    """One sentence of a DocIndex with its token -> mention lookups."""

    ix: DocIndex
    sent: Span
    person_at: dict[int, int] = field(default_factory=dict)  # token -> Person mention (also pronouns, titles)
    place_at: dict[int, int] = field(default_factory=dict)  # token -> Place or Country mention
    remote_context: bool = False  # the last contact the sentences just before told of was a call or a message
    presences: list = field(default_factory=list)  # (person, place, candidate-like): at a meeting there (stated.py)
    _at: dict[frozenset[str], dict[int, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, ix: DocIndex, sent: Span, title_refs: Mapping[int, int],
              pair: tuple[int, int] | None = None, pair_nouns: frozenset[str] = frozenset(),
              remote_context: bool = False, pair_words: frozenset[str] = frozenset()) -> SentenceView:
        v = cls(ix, sent, remote_context=remote_context)
        v.person_at.update(pronouns(ix, sent))
        if pair is not None:
            v.person_at.update(pair_references(sent, pair, pair_nouns, pair_words))
        for tok in sent:
            i = ix.mention_at.get(tok.i)
            if i is None:
                i = title_refs.get(tok.i)
                if i is not None:
                    v.person_at[tok.i] = i
                continue
            lab = ix.found[i].label
            if lab == "Person":
                v.person_at[tok.i] = i
            elif lab in PLACE_LABELS:
                v.place_at[tok.i] = i
            elif tok.i in title_refs:  # "the CIA chief": the body's name stands for its chief
                v.person_at[tok.i] = title_refs[tok.i]
        return v

    @property
    def date(self) -> str | None:
        return self.ix.date_of(self.sent)

    def at(self, labels: frozenset[str]) -> Mapping[int, int]:
        """Token -> mention for the mentions with one of `labels` (people also by pronoun and title)."""
        if labels == {"Person"}:
            return self.person_at
        if labels == PLACE_LABELS:
            return self.place_at
        out = self._at.get(labels)
        if out is None:
            out = {}
            if "Person" in labels:
                out.update(self.person_at)
            for tok in range(self.sent.start, self.sent.end):
                i = self.ix.mention_at.get(tok)
                if i is not None and self.ix.found[i].label in labels:
                    out[tok] = i
            self._at[labels] = out
        return out


def pronouns(ix: DocIndex, sent: Span) -> dict[int, int]:
    """'he'/'she' name a person when only one person can be meant: the one person named
    earlier in the sentence, or else the one person named in the sentence before (or, for a pronoun that is
    a subject, the one person who was the subject of the sentence before)."""
    out: dict[int, int] = {}
    found, at = ix.found, ix.mention_at
    for tok in sent:
        if tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON" or tok.dep_ == "poss":
            continue
        # An object pronoun is never its own clause's subject ("X briefed him": him is not X).
        subject = _clause_subject_names(ix, tok) if tok.dep_ in OBJECT_DEPS else set()
        people = {at[t] for t in range(sent.start, tok.i) if t in at and found[at[t]].label == "Person"
                  and ix.text(at[t]).split()[-1] not in subject}
        if not people and sent.start > 0:
            prev = ix.sentence_of(sent.start - 1)
            people = {at[t] for t in range(prev.start, prev.end) if t in at and found[at[t]].label == "Person"
                      and ix.text(at[t]).split()[-1] not in subject}
            if len({ix.text(i).split()[-1] for i in people}) > 1 and tok.dep_ in ("nsubj", "nsubjpass"):
                # "A called B on Monday. He also spoke with C": a subject pronoun continues the subject
                people = {at[u.i] for t in prev.root.children if t.dep_ in ("nsubj", "nsubjpass")
                          for u in [t, *(c for c in t.subtree if c.dep_ == "conj")]
                          if u.i in at and found[at[u.i]].label == "Person"}
        names = {ix.text(i).split()[-1] for i in people}
        if len(names) == 1:
            out[tok.i] = min(people)
    return out


OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})


def _clause_subject_names(ix: DocIndex, tok) -> set[str]:
    """Last names of the people who are the subject of the clause an object pronoun belongs to."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    names: set[str] = set()
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            for u in c.subtree:
                i = ix.mention_at.get(u.i)
                if i is not None and ix.found[i].label == "Person":
                    names.add(ix.text(i).split()[-1])
    return names


def pair_references(sent: Span, pair: tuple[int, int], nouns: frozenset[str],
                    words: frozenset[str] = frozenset()) -> dict[int, int]:
    """'the two leaders', 'both men': the two people of the last meeting or call, one on the noun and one on
    its numeral or determiner, so the noun phrase names both. 'the pair', 'the duo', 'the two' (no noun after
    it) name the two by themselves: one on the word, one on its 'the'."""
    out: dict[int, int] = {}
    for tok in sent:
        if tok.lower_ in words and tok.pos_ in ("NOUN", "NUM") and tok.dep_ not in ("nummod", "compound", "amod"):
            det = next((c for c in tok.children if c.dep_ == "det" and c.lower_ == "the"), None)
            if det is not None and not (tok.pos_ == "NUM" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].pos_
                                        in ("NOUN", "PROPN")):
                out[tok.i], out[det.i] = pair
                continue
        if tok.lower_ not in nouns or tok.pos_ != "NOUN":
            continue
        num = next((c for c in tok.children if (c.lower_ == "two" and c.dep_ == "nummod")
                    or (c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj"))), None)
        if num is not None:
            out[tok.i], out[num.i] = pair
    return out
