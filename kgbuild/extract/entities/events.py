"""Events named in running text: a noun phrase headed by a happening ('talks', 'summit', 'war', 'attack', 'deal';
organizations.json event_nouns) is an Event when the text names it — an organisation, a place or a country (or a
pair of names: 'U.S.-Iran talks', 'Hamas-Israel fighting') in front of the noun, an ordinal or a year ('the sixth
round of talks', '2024 elections'), or a complement that names someone ('the fall of the Bashar al-Assad regime',
'confrontation between Israel and Iran', 'summit in Ankara'). A demonym alone ('a Russian attack') or a
possessive ('Ukraine's war with Russia') does not name an event; neither does a visit or a call, which are
relations. Events named by the same parties and of the same kind share a key, so that 'U.S.-Ukraine talks' and
'the Ukraine-U.S. meeting' of one article are one Event.
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from ...names import acronym_of, fold, is_acronym, significant_words
from .base import Draft, EntityConfig, Found

LEAD_SENTENCES = 4  # the sentences of a document that say what it is about (its headline and lead)
LEAD_KINDS = frozenset({"vote", "occasion"})  # happenings the article may be about without naming them
HYPHENS = frozenset({"-", "\u2010", "\u2013"})
MAX_MODIFIERS = 2  # lowercase words between a name and the event noun ("Black Sea grain deal", "U.S.-Iran nuclear talks")
MAX_COMPLEMENT = 8  # words of a naming complement ("of the Bashar al-Assad regime")
NAMERS = frozenset({"Country", "Place", "Organization", "Ministry"})  # what names an event in front of its noun
YEAR = (1900, 2100)
ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
SAME_KEY = {"talks": "meeting", "summit": "meeting"}
NAMED_BY_MODIFIER = frozenset({"outbreak"})  # "the coronavirus pandemic": the disease names it, in any case
POSSESSIVE_MARKS = frozenset({"'", "\u2019"})  # a plural's possessive ("Leaders' Summit")
NOUN_ROLES = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "conj", "appos"})
PEOPLE_NAME = frozenset({"conflict", "attack"})  # kinds a person in the complement names ("assassination of X")  # kinds whose events of the same parties are one

def event_phrases(cfg: EntityConfig, d: Draft) -> None:
    """Reads the mentions so far and the parse; adds Event mentions (with a key of kind and parties)."""
    doc = d.doc
    h = d.headline_end()
    at: dict[int, Found] = {}
    events: set[int] = set()
    for f in d.found:
        for t in range(f.start, f.end):
            if f.label == "Event":
                events.add(t)
            else:
                at.setdefault(t, f)
    made: list[Found] = []
    # "the elections" ... "the presidential elections": a vote or an occasion that the lead names and the text
    # names again is the happening the article is about, named or not
    sents = list(doc.sents)
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1].end if sents else 0
    seen = Counter(t.lemma_.lower() for t in doc[h:] if t.pos_ == "NOUN" and cfg.event_kinds.get(t.lower_) in LEAD_KINDS)
    in_lead = {t.lemma_.lower() for t in doc[h:lead_end] if t.pos_ == "NOUN"}
    first: dict[str, int] = {}
    for t in doc[h:]:
        first.setdefault(t.lemma_.lower(), t.i)  # the document's first mention keys the happening
    for tok in doc[h:]:
        kind = cfg.event_kinds.get(tok.lower_)
        if kind is None or tok.i in events or tok.i in at:
            continue
        s, names, ordinal = _left(cfg, doc, tok, at)
        # "Hamas-Israel fighting", "Chile-Peru water talks": the model reads the noun as a verb after names; its
        # role in the sentence (or the pair of names in front of it) says it is a noun
        if tok.pos_ not in ("NOUN", "PROPN") and not (s < tok.i and (tok.dep_ in NOUN_ROLES or
                                                                     (tok.tag_ == "VBG" and len(names) >= 2))):
            continue
        e, comp = _complement(cfg, doc, tok, kind, at)
        if kind not in PEOPLE_NAME and any(g.label == "Person" for g in comp):
            comp = [g for g in comp if g.label != "Person"]  # "meeting of X and Y" is a relation, not an event
            e = max((g.end for g in comp), default=tok.i + 1)
        named = ordinal or _names_it(names) or (comp and (len(comp) >= 2 or doc[tok.i + 1].lower_ != "between")) \
            or (kind in NAMED_BY_MODIFIER and s < tok.i and doc[tok.i - 1].dep_ in ("compound", "nmod", "amod")
                and doc[tok.i - 1].pos_ in ("NOUN", "PROPN"))
        lemma = tok.lemma_.lower()
        about = not named and kind in LEAD_KINDS and tok.pos_ == "NOUN" and seen[lemma] >= 2 and lemma in in_lead \
            and any(c.lower_ == "the" or c.dep_ == "poss" for c in tok.children) and not _planned(cfg, tok)
        if not named and not about:
            continue
        s0, s = s, _wrapper(cfg, doc, s)
        made.append(Found(s, e, "Event", key=f"event:{kind}:{lemma}:{first[lemma]}" if about else f"alias:{s}", source="pattern",
                          reason=f"the {tok.lower_} the article is about" if about else f"a named {tok.lower_}",
                          head_end=tok.i + 1 if e > tok.i + 1 else None))
        events.update(range(s, e))
        core = _core(doc, s0, tok.i, names)
        if core is not None and core != (s, e):
            made.append(Found(core[0], core[1], "Event", key=f"alias:{s}", source="alias",
                              reason=f"{doc[core[0]:core[1]].text} without its modifiers and complement"))
    d.found.extend(made)
    _diseases(cfg, d, made)


def _diseases(cfg: EntityConfig, d: Draft, made: list[Found]) -> None:
    """'COVID-19' alone after 'the COVID-19 pandemic' names the pandemic again: the model's other mentions of the
    disease's name become mentions of the event."""
    names: dict[str, str] = {}
    for f in made:
        head = d.doc[f.end - 1 if f.head_end is None else f.head_end - 1]
        if cfg.event_kinds.get(head.lower_) in NAMED_BY_MODIFIER and head.i > f.start:
            names[d.doc[f.start:head.i].text] = f.key or ""
    if not names:
        return
    inside = {t for f in made for t in range(f.start, f.end)}
    for f in d.found:
        if f.label in ("Organization", "Person", "Place") and f.source.startswith(("ner", "agreement")) and d.text(f) in names \
                and f.start not in inside:
            f.label, f.key, f.reason = "Event", names[d.text(f)], "the name of a disease whose outbreak the text names"
    d.found[:] = [f for f in d.found if not (f.start in inside and f.label != "Event" and d.text(f) in names)]


def _core(doc: Doc, s: int, head: int, names: list[Found]) -> tuple[int, int] | None:
    """The event as a shorter text would write it: its names and nouns in front of the event noun, without
    leading adjectives and the complement ("peace summit" for "upcoming peace summit in Switzerland")."""
    k = min([f.start for f in names], default=head)
    while s < k and doc[s].pos_ != "NOUN":
        s += 1
    if s == head:
        return None  # the noun alone ("summit") names nothing
    return s, head + 1


def _left(cfg: EntityConfig, doc: Doc, tok, at: dict[int, Found]) -> tuple[int, list[Found], bool]:
    """The modifiers in front of the event noun: names (with the hyphens of a pair), up to MAX_MODIFIERS lowercase
    words, an ordinal or a year. Returns the start, the names and whether an ordinal or year is among them."""
    s, k, lower = tok.i, tok.i - 1, 0
    names: list[Found] = []
    ordinal = False
    while k >= 0 and "\n" not in doc[k].whitespace_:
        t = doc[k]
        g = at.get(k)
        if g is not None and g.label in NAMERS | {"Person"} and g.end == k + 1:
            names.append(g)
            s = k = g.start
            k -= 1
            if k >= 1 and doc[k].text in HYPHENS and not doc[k].whitespace_ and at.get(k - 1) is not None:
                k -= 1  # "U.S.-Iran": the other name of a pair
            continue
        if _is_ordinal(t):
            ordinal = True
            s, k = k, k - 1
            continue
        if tok.is_title and k == tok.i - 1 and t.text in POSSESSIVE_MARKS and k >= 1 and doc[k - 1].is_title \
                and doc[k - 1].lower_ in cfg.plural_titles:
            # "Foreign Ministers' Meeting", "Leaders' Summit": a capitalised gathering of office holders is named
            k -= 1
            while k >= 1 and doc[k - 1].is_title and (doc[k - 1].lower_ in cfg.title_words or doc[k - 1].lower_ in cfg.portfolio_words) \
                    and "\n" not in doc[k - 1].whitespace_:
                k -= 1
            ordinal = True
            s, k = k, k - 1
            continue
        if t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod", "nmod") \
                and lower < MAX_MODIFIERS and t.ent_type_ != "DATE":  # "three-day": how long, not what
            lower += 1
            s, k = k, k - 1
            continue
        if tok.is_title and t.is_title and t.is_alpha and t.pos_ == "PROPN" and not t.is_stop \
                and t.lower_ not in cfg.title_heads and not t.is_sent_start:
            # "Eastern Economic Forum", "National Security Conference": a title's modifier ('Economic') names an
            # event as well as any capitalised word; a title's head ('Ministers') does not
            ordinal = True  # "Peace Summit": a capitalised name of the event
            s, k = k, k - 1
            continue
        break
    # "the second round of talks", "a 2nd session of negotiations": an ordinal before the wrapper counts the event
    if s >= 3 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in cfg.event_wrappers and _is_ordinal(doc[s - 3]):
        ordinal = True
    # Lowercase words in front of every name are not part of the name ("extensive U.S. talks" keeps "extensive").
    return s, names, ordinal


def _is_ordinal(t) -> bool:
    return t.ent_type_ == "ORDINAL" or bool(ORDINAL.fullmatch(t.text)) or (t.text.isdigit() and YEAR[0] <= int(t.text) <= YEAR[1])


def _names_it(names: list[Found]) -> bool:
    """A pair of names names an event; one name does when it is not a demonym or a person ('a Russian attack')."""
    if len(names) >= 2:
        return True
    return any(f.label in NAMERS and not f.reason.startswith("demonym") for f in names)


def _complement(cfg: EntityConfig, doc: Doc, tok, kind: str, at: dict[int, Found]) -> tuple[int, list[Found]]:
    """'of the X regime', 'between A and B', 'in Ankara': a complement of the event noun that names someone.
    Returns the end of the event's words and the names in the complement (none: the event ends at its noun)."""
    i = tok.i + 1
    if i >= len(doc) or doc[i].lower_ not in cfg.event_complements.get(kind, ()) or doc[i].head.i != tok.i:
        return tok.i + 1, []
    objs = [c for c in doc[i].children if c.dep_ == "pobj"]
    if not objs:
        return tok.i + 1, []
    end = i + 1
    for t in doc[i + 1:min(len(doc), i + 1 + MAX_COMPLEMENT)]:
        if t.is_punct and t.text not in HYPHENS or t.dep_ in ("relcl", "acl", "prep") and t.i > objs[0].i or \
                not (objs[0].left_edge.i <= t.i <= objs[0].right_edge.i):
            break
        end = t.i + 1
    names, seen = [], set()
    for k in range(i + 1, end):
        g = at.get(k)
        if g is not None and id(g) not in seen and g.end <= end and not g.reason.startswith("demonym"):
            seen.add(id(g))
            names.append(g)
    if doc[i].lower_ == "in":
        names = [g for g in names if g.label in ("Place", "Country")]
    if not names:
        return tok.i + 1, []
    last = max(g.end for g in names)
    if last <= objs[0].i < end:
        last = objs[0].i + 1  # "the fall of the Bashar al-Assad regime": the noun after the name belongs to it
    return last, names


def _wrapper(cfg: EntityConfig, doc: Doc, s: int) -> int:
    """'the sixth round of (U.S.-Iran nuclear talks)': the round and its ordinal belong to the event."""
    if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in cfg.event_wrappers:
        k = s - 2
        while k > 0 and (doc[k - 1].ent_type_ == "ORDINAL" or doc[k - 1].pos_ == "ADJ"):
            k -= 1
        return k
    return s


def _party(d: Draft, f: Found) -> str:
    """How a party names an event in its key: a country's code, a body's initials ('European Union' and 'EU'
    both 'EU'), else the folded name."""
    if f.label == "Country" and f.key:
        return f.key
    text = d.text(f)
    if f.label in ("Organization", "Ministry"):
        words = significant_words(w for w in text.replace("-", " ").split() if w[:1].isalpha())
        if len(words) >= 2 and all(w[0].isupper() for w in words):
            return acronym_of(words).upper()
        if is_acronym(text.replace(".", "")):
            return text.replace(".", "").upper()
    return fold(text)


def event_keys(cfg: EntityConfig, d: Draft) -> None:
    """Every Event gets a key of its kind and its words: the parties' codes or initials and the other words
    ('event:agreement:black|grain|sea'), so that resolution can tell which events of a document and of the
    corpus are one ('U.S.-Ukraine talks' and 'the Ukraine-U.S. meeting'; 'European Union summit' and 'EU
    summit'). An event's shorter form takes its key. Reads the mentions inside each event; sets Event keys."""
    doc = d.doc
    inner: dict[int, Found] = {}
    for f in d.found:
        if f.label in NAMERS | {"Person"}:
            for t in range(f.start, f.end):
                inner.setdefault(t, f)
    by_alias: dict[str, str] = {}
    events = sorted((f for f in d.found if f.label == "Event"), key=lambda f: (f.source == "alias", f.start))
    for f in events:
        head = doc[f.end - 1 if f.head_end is None else f.head_end - 1]
        kind = SAME_KEY.get(cfg.event_kinds.get(head.lower_, ""), cfg.event_kinds.get(head.lower_, "named"))
        words: set[str] = set()
        k = f.start
        while k < f.end:
            g = inner.get(k)
            if g is not None and g.end <= f.end:
                words.update(_party(d, g).split())
                k = g.end
                continue
            t = doc[k]
            if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN") and t.lower_ not in cfg.event_kinds \
                    and t.lower_ not in cfg.event_wrappers and t.ent_type_ != "ORDINAL" and len(t) > 2:
                words.add(fold(t.text))
            k += 1
        if f.key and f.key.startswith("event:"):
            continue  # keyed by the pass that found it (visits)
        key = "event:" + kind + ":" + "|".join(sorted(words))
        if f.key and f.key.startswith("alias:"):
            key = by_alias.setdefault(f.key, key)
        f.key = key




def wars_in_passing(cfg: EntityConfig, d: Draft) -> None:
    """'since the invasion of Ukraine', 'during World War 2': a war or conflict (organizations.json
    in_passing_nouns) that the document names once, and not in its lead, is named in passing, not a happening
    the article is about (ANNOTATION.md). Reads Event keys; removes such Event mentions."""
    doc = d.doc
    sents = list(doc.sents)
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1].end if sents else 0
    events = [f for f in d.found if f.label == "Event"]
    count: dict[str, int] = {}
    spans: dict[str, set] = {}
    for f in events:
        k = f.key or fold(d.text(f))
        spans.setdefault(k, set()).add(doc[f.start].sent.start if f.source == "alias" else f.start)
    for k, v in spans.items():
        count[k] = len(v)
    drop = [f for f in events if count[f.key or fold(d.text(f))] == 1 and f.start >= lead_end
            and any(t.lower_ in cfg.in_passing_nouns and t.pos_ in ("NOUN", "PROPN") for t in doc[f.start:f.end])]
    for f in drop:
        d.found.remove(f)
DURATION = re.compile(r"(\w+-day|day-long|\w+-week)$")


VISIT_WORDS = frozenset({"visit", "visits"})  # the noun's forms, read before its lemma


def visit_events(cfg: EntityConfig, d: Draft) -> None:
    """'his state visit to Jordan', 'arrived ... on an official visit', "the latter's working visit": a visit of a
    kind of its own (organizations.json visit_kinds) that the document's lead reports as happening is the occasion
    the article is about: an Event, and every such visit the document names later is the same one. A planned
    visit ('is expected to pay a state visit') is none; a visit first named late is named in passing.
    Adds Event mentions: the visit with its duration and its 'to X' complement, and 'state visit' alone as an
    alias; keyed by the visit's destination and its visitor when the text names them."""
    doc = d.doc
    nouns = [tok for tok in doc if tok.lower_ in VISIT_WORDS and tok.pos_ == "NOUN" and tok.lemma_.lower() == "visit"]
    if not nouns:
        return
    sents = list(doc.sents)
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1].end if sents else 0
    at: dict[int, Found] = {}
    for f in d.found:
        for t in range(f.start, f.end):
            at.setdefault(t, f)
    visits = []
    for tok in nouns:
        if tok.i in at:
            continue
        kind = next((c for c in tok.children if c.dep_ in ("amod", "compound") and c.lower_ in cfg.visit_kinds), None)
        if kind is None or _planned(cfg, tok):
            continue
        visits.append((tok, kind))
    if not visits or visits[0][0].i >= lead_end:
        return
    first = visits[0][0]
    key = "event:visit:" + "|".join(sorted(_visit_parties(d, first, at))) + f":{first.i}"
    for tok, kind in visits:
        s = kind.i
        for c in tok.children:  # "three-day State visit"
            if c.i < s and c.dep_ in ("amod", "compound", "nmod") and DURATION.search(doc[c.left_edge.i:c.i + 1].text):
                s = c.left_edge.i
        e = tok.i + 1
        dest = _destination(doc, tok, at)
        if dest is not None:
            e = dest.end
        # the model's 'State' (an organisation) inside the visit's words is none
        d.found[:] = [f for f in d.found if not (s <= f.start and f.end <= tok.i + 1 and f.source.startswith(("ner", "agreement"))
                                                 and f.label not in ("Country", "Place", "Person"))]
        d.found.append(Found(s, e, "Event", key=key, source="pattern", reason=f"a {kind.lower_} visit the lead reports",
                             head_end=tok.i + 1 if e > tok.i + 1 else None))
        if (s, e) != (kind.i, tok.i + 1):
            d.found.append(Found(kind.i, tok.i + 1, "Event", key=key, source="alias",
                                 reason=f"{doc[kind.i:tok.i + 1].text} without its duration and destination"))


def _planned(cfg: EntityConfig, tok) -> bool:
    """A visit the sentence plans, hopes for or announces ('is expected to pay', 'will make', 'invited ... to')."""
    sent = tok.sent
    return any(t.tag_ == "MD" or t.lemma_.lower() in cfg.plan_words for t in sent if t.i < tok.i)


def _destination(doc: Doc, tok, at: dict[int, Found]) -> Found | None:
    """'visit to (the) X': the country or place the visit goes to."""
    k = tok.i + 1
    if k < len(doc) and doc[k].lower_ == "to":
        k += 1 + (k + 1 < len(doc) and doc[k + 1].lower_ == "the")
        g = at.get(k)
        if g is not None and g.start == k and g.label in ("Country", "Place"):
            return g
    return None


def _visit_parties(d: Draft, tok, at: dict[int, Found]) -> set[str]:
    """Who visits where, as an event key's words: the destination ('to X', else the first place the sentence
    names) and the visitor named as the visit's possessor ("Trump's state visit")."""
    out: set[str] = set()
    dest = _destination(d.doc, tok, at)
    if dest is None:
        dest = next((at[t] for t in range(tok.sent.start, tok.sent.end) if t in at and at[t].label in ("Country", "Place")
                     and not at[t].reason.startswith("demonym")), None)
    if dest is not None:
        out.add(dest.key if dest.label == "Country" and dest.key else fold(d.text(dest)))
    who = next((c for c in tok.children if c.dep_ == "poss" and c.i in at and at[c.i].label == "Person"), None)
    if who is not None:
        out.add(fold(d.doc[at[who.i].end - 1].text))
    return out
