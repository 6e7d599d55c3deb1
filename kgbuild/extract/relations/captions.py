"""Photo captions: "A (right) with B in C" has no verb; the people on either side of "with" are pictured
together, which the graph records as MET at the caption's place; "A (L) and B during their meeting in C"
names the people of a meeting."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from ...resources import triggers
from .facts import Candidate
from .grammar import Blockers, best_place, blocked, np_mentions, pairs, places_under
from .sentence import SentenceView

CAPTION_TYPE = "MET"
CAPTION_CONFIDENCE = 0.75
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a finite verb: the sentence states something itself


def caption_markers() -> frozenset[str]:
    """The bracketed position words of a caption: '(left)', '(second right)', from triggers.json."""
    return frozenset(triggers()["caption_markers"])


def is_caption(sent: Span, markers: Iterable[str]) -> bool:
    """Photo captions: no finite verb outside brackets, or a '(left)'-style marker."""
    depth = 0
    finite = False
    marker = False
    for t in sent:
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
        elif depth > 0 and t.lower_ in markers:
            marker = True
        elif depth == 0 and t.tag_ in FINITE_TAGS and not _subordinate(t):
            finite = True
    return marker or not finite


def _subordinate(t) -> bool:
    """A finite verb of a clause under a verbless caption ('X taking a selfie with Y, as children wave flags')."""
    root = t.sent.root
    return root.pos_ in ("NOUN", "PROPN") and t.dep_ in ("advcl", "relcl") and t is not root


def caption_meeting(view: SentenceView, nouns: frozenset[str], words: Blockers) -> list[Candidate]:
    """'A (L) and B during their meeting in Madrid': the people a caption names before its meeting noun met
    there (one gathering)."""
    sent = view.sent
    noun = next((t for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in nouns), None)
    if noun is None or blocked(noun, words) or _infinitive_above(noun):
        return []  # "... ahead of their meeting", "A, B to hold talks": not yet
    people = list(dict.fromkeys(view.person_at[t.i] for t in sent if t.i < noun.i and t.i in view.person_at))
    if len(people) < 2:
        return []
    place = best_place(view.ix, places_under(view.place_at, noun))
    return [Candidate(CAPTION_TYPE, a, b, sent, noun, "caption:meeting", CAPTION_CONFIDENCE, place=place,
                      date=view.date, group=noun.i) for a, b in pairs(people, [])]


def _infinitive_above(noun) -> bool:
    """'A, B to hold talks next week': a headline's bare infinitive is what will happen."""
    t = noun
    for _ in range(3):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children)
    return False


def caption(view: SentenceView) -> list[Candidate]:
    """'A (right) with B in C': the last person before 'with' and each person after it were together in C."""
    out: list[Candidate] = []
    sent, doc = view.sent, view.ix.doc
    for w in sent:
        if w.lower_ != "with" or w.dep_ != "prep":
            continue
        after: list[int] = []
        for g in w.children:
            if g.dep_ == "pobj":
                after += np_mentions(view.person_at, g)
        if not after:
            continue
        before = []
        for t in reversed(list(doc[sent.start:w.i])):
            i = view.person_at.get(t.i)
            if i is not None:
                # "The two presidents shaking hands with X": a phrase that names two names both
                before += [p for p in np_mentions(view.person_at, t) if p not in after] or [i]
                break
            if t.tag_ in FINITE_TAGS or t.lower_ in (".", ";"):
                break
        places = [view.place_at[t.i] for t in doc[w.i:sent.end] if t.i in view.place_at
                  and doc[t.i - 1].lower_ in ("in", "at")]
        for a, b in pairs(before, after):
            out.append(Candidate(CAPTION_TYPE, a, b, sent, w, "caption:with", CAPTION_CONFIDENCE,
                                 place=best_place(view.ix, places), date=view.date))
    return out
