"""Messages and envoys: "X conveyed a message from A to B", "X handed B a letter from A", "A sent a letter to B",
"B received a message from A", "X conveyed the greetings of A to B", "B conveyed her regards to A".

The sender and the receiver of a message talked to each other (TALKED_TO); the envoy who carries it was with
the receiver (MET) unless the sentence says it went by phone or video (ANNOTATION.md: an envoy carrying a
message gives TALKED_TO between the principals and MET between the envoy and the person received). The words
are triggers.json "messages": the nouns of a message and the verbs that carry or send one.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ...resources import triggers
from .facts import Candidate
from .grammar import Blockers, blocked, np_mentions, subjects
from .sentence import SentenceView

MESSAGE_CONFIDENCE = 0.8  # sender and receiver of a message the text says was delivered
ENVOY_CONFIDENCE = 0.75  # the envoy and the receiver
HOST_CONFIDENCE = 0.7  # sender and the person the carrier was meeting when it names no receiver


@dataclass(frozen=True)
class MessageWords:
    nouns: frozenset[str]  # "message", "letter", "greetings"
    carrying_verbs: frozenset[str]  # "convey", "deliver", "hand": someone carries it
    sending_verbs: frozenset[str]  # "send", "write": the subject is the sender
    remote_words: frozenset[str]
    receiving_verbs: frozenset[str] = frozenset()  # "receive": the subject is the receiver
    sender_preps: frozenset[str] = frozenset({"from"})  # "from A", "of A", "on behalf of A"

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> MessageWords:
        t = triggers()
        m = t["messages"]
        return cls(frozenset(m["nouns"]), frozenset(m["carrying_verbs"]), frozenset(m["sending_verbs"]),
                   frozenset(t["remote_words"]), frozenset(m.get("receiving_verbs", ())),
                   frozenset(m.get("sender_preps", ("from",))))


def message_nouns_under(v: Token, words: MessageWords) -> list[Token]:
    return [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")
            and (c.lemma_.lower() in words.nouns or c.lower_ in words.nouns)]


def messages(view: SentenceView, words: MessageWords, blockers: Blockers) -> list[Candidate]:
    """The relations a message states: sender and receiver talked; a carrier met the receiver."""
    out: list[Candidate] = []
    at = view.person_at
    for v in view.sent:
        lemma = v.lemma_.lower()
        carrying, sending = lemma in words.carrying_verbs, lemma in words.sending_verbs
        receiving = lemma in words.receiving_verbs
        if v.pos_ != "VERB" or not (carrying or sending or receiving):
            continue
        nouns = message_nouns_under(v, words)
        if not nouns or blocked(v, blockers):
            continue
        subj = subjects(at, v)[0]
        senders: list[int] = []
        receivers: list[int] = []
        own = False  # "her regards": the message is the subject's own
        for n in nouns:
            senders += [p for p in _senders(at, n, words.sender_preps) if p not in senders]
            receivers += _after(at, n, "to")
            own = own or any(c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ not in ("its", "their")
                             for c in n.children)
        senders += [p for p in _senders(at, v, words.sender_preps) if p not in senders]
        receivers += [p for p in _after(at, v, "to") if p not in receivers]
        receivers += [p for c in v.children if c.dep_ in ("dative", "iobj") for p in np_mentions(at, c)
                      if p not in receivers]
        if not subj and v.dep_ == "relcl" and v.head.i in at:
            subj = [at[v.head.i]]  # "X, who conveyed ...": X
        if v.dep_ == "xcomp" or not subj:
            continue
        if not receivers and v.dep_ == "relcl" and v.head.dep_ == "dobj" and carrying:
            # "B received X, who conveyed the greetings of A": the one who received the carrier
            receivers = [p for p in subjects(at, v.head.head)[0] if p not in subj]
        if receiving:
            if v.dep_ in ("acl", "relcl", "advcl", "pcomp"):
                continue  # "a message received from A" describes it; who received it is not said here
            senders, receivers = [p for p in senders if p not in subj], subj
            carrying = False
        if (sending or (carrying and own and v.dep_ != "relcl")) and not senders:
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


HOST_WINDOW = 2  # sentences back in which the carrier's meeting names whom a message was conveyed to


def conveyed_at_meeting(view: SentenceView, words: MessageWords, blockers: Blockers,
                        met_with: Callable[[int], list[int]]) -> list[Candidate]:
    """'X also met President B. He conveyed greetings on behalf of President A', 'During the talks, X conveyed
    a message from A': a message carried with no receiver named goes to the person the carrier was meeting (A and
    B talked, ANNOTATION.md). `met_with(p)` gives the people p met in this sentence or the few before."""
    out: list[Candidate] = []
    at = view.person_at
    for v in view.sent:
        lemma = v.lemma_.lower()
        if v.pos_ != "VERB" or lemma not in words.carrying_verbs:
            continue
        nouns = message_nouns_under(v, words)
        if not nouns or blocked(v, blockers):
            continue
        receivers = [p for n in nouns for p in _after(at, n, "to")] + _after(at, v, "to") + \
            [p for c in v.children if c.dep_ in ("dative", "iobj") for p in np_mentions(at, c)]
        if receivers:
            continue  # messages() reads it
        senders = [p for n in nouns for p in _senders(at, n, words.sender_preps)]
        senders += [p for p in _senders(at, v, words.sender_preps) if p not in senders]
        carriers = [p for p in subjects(at, v)[0] if p not in senders]
        for c in carriers:
            for r in met_with(c):
                for s in senders:
                    if s != r and r not in senders and r not in carriers:
                        out.append(Candidate("TALKED_TO", s, r, view.sent, v, f"message:{lemma}+host",
                                             HOST_CONFIDENCE, date=view.date))
    return out


def _senders(at, head: Token, preps: frozenset[str]) -> list[int]:
    """The sender after 'from', 'of' (a person's: "the greetings of President A") or 'on behalf of', and a
    person's possessive ("A's greetings")."""
    out = [p for c in head.children if c.dep_ == "poss" for p in np_mentions(at, c)]
    for c in head.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in preps:
            out += [p for g in c.children if g.dep_ == "pobj" for p in np_mentions(at, g)]
        elif c.lower_ == "on" and "behalf" in preps:
            out += [p for g in c.children if g.dep_ == "pobj" and g.lower_ == "behalf" for p in _after(at, g, "of")]
    return out


def _after(at, head: Token, prep: str) -> list[int]:
    return [p for c in head.children if c.dep_ == "prep" and c.lower_ == prep
            for g in c.children if g.dep_ == "pobj" for p in np_mentions(at, g)]
