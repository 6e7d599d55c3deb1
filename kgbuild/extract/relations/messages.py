"""Messages and envoys: "X conveyed a message from A to B", "X handed B a letter from A", "A sent a letter to B".

The sender and the receiver of a message talked to each other (TALKED_TO); the envoy who carries it was with
the receiver (MET) unless the sentence says it went by phone or video (ANNOTATION.md: an envoy carrying a
message gives TALKED_TO between the principals and MET between the envoy and the person received). The words
are triggers.json "messages": the nouns of a message and the verbs that carry or send one.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ...resources import triggers
from .facts import Candidate
from .grammar import Blockers, blocked, np_mentions, subjects
from .sentence import SentenceView

MESSAGE_CONFIDENCE = 0.8  # sender and receiver of a message the text says was delivered
ENVOY_CONFIDENCE = 0.75  # the envoy and the receiver


@dataclass(frozen=True)
class MessageWords:
    nouns: frozenset[str]  # "message", "letter"
    carrying_verbs: frozenset[str]  # "convey", "deliver", "hand": someone carries it
    sending_verbs: frozenset[str]  # "send", "write": the subject is the sender
    remote_words: frozenset[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> MessageWords:
        t = triggers()
        m = t["messages"]
        return cls(frozenset(m["nouns"]), frozenset(m["carrying_verbs"]), frozenset(m["sending_verbs"]),
                   frozenset(t["remote_words"]))


def message_nouns_under(v: Token, words: MessageWords) -> list[Token]:
    return [c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in words.nouns]


def messages(view: SentenceView, words: MessageWords, blockers: Blockers) -> list[Candidate]:
    """The relations a message states: sender and receiver talked; a carrier met the receiver."""
    out: list[Candidate] = []
    at = view.person_at
    for v in view.sent:
        lemma = v.lemma_.lower()
        carrying, sending = lemma in words.carrying_verbs, lemma in words.sending_verbs
        if v.pos_ != "VERB" or not (carrying or sending):
            continue
        nouns = message_nouns_under(v, words)
        if not nouns or blocked(v, blockers):
            continue
        subj = subjects(at, v)[0]
        senders: list[int] = []
        receivers: list[int] = []
        for n in nouns:
            senders += _after(at, n, "from")
            receivers += _after(at, n, "to")
        senders += [p for p in _after(at, v, "from") if p not in senders]
        receivers += [p for p in _after(at, v, "to") if p not in receivers]
        receivers += [p for c in v.children if c.dep_ in ("dative", "iobj") for p in np_mentions(at, c)
                      if p not in receivers]
        if v.dep_ == "xcomp" or not subj:
            continue
        if sending and not senders:
            senders = subj
        carriers = [p for p in subj if p not in senders] if carrying else []
        if carrying and not senders and not receivers:
            continue
        date = view.date
        for s in senders:
            for r in receivers:
                if s != r:
                    out.append(Candidate("TALKED_TO", s, r, view.sent, v, f"message:{lemma}", MESSAGE_CONFIDENCE,
                                         date=date))
        by_phone = bool({t.lower_ for t in view.sent} & words.remote_words - words.nouns)
        for c in carriers:
            for r in receivers:
                if c != r:
                    out.append(Candidate("TALKED_TO" if by_phone else "MET", c, r, view.sent, v,
                                         f"message:{lemma}+carrier", ENVOY_CONFIDENCE, date=date))
    return out


def _after(at, head: Token, prep: str) -> list[int]:
    return [p for c in head.children if c.dep_ == "prep" and c.lower_ == prep
            for g in c.children if g.dep_ == "pobj" for p in np_mentions(at, g)]
