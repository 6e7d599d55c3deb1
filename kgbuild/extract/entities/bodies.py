"""Bodies and events: events named by a body and an event word, the bodies inside events, acronyms, the
country in front of a ministry, acronyms the text defines, and the body a title belongs to."""
from __future__ import annotations

from ...names import acronym_of, is_acronym, significant_words
from .base import APOS, Draft, EntityConfig, Found

BODY_LABELS = frozenset({"Organization", "Ministry"})
EVENT_NAMERS = frozenset({"Organization", "Country", "Place"})  # what names an event: "EU summit", "Paris talks"
INSIDE_EVENT_ACRONYM = (2, 8)  # length (with dots) of a body's acronym inside an event name ("ASEAN Summit")
DEFINED_ACRONYM = (2, 6)  # length of an acronym the text defines in brackets: "Ministry of Defence (MoD)"
MAX_COUNTRY_WORDS = 4  # words of a country name looked for inside a body's name ("British Army")
TITLE_OF = frozenset({"of", "for", "at"})  # "President of the Sovereign Council"


def events_from_heads(cfg: EntityConfig, d: Draft) -> None:
    """'EU summit', 'ASEAN Summit', 'Black Sea grain deal': a named thing followed by an event word.
    Adds Event mentions (with an ordinal or number in front: '27th EU summit')."""
    doc, found = d.doc, d.found
    covered_events = {t for f in found if f.label == "Event" for t in range(f.start, f.end)}
    for f in list(found):
        if f.label not in EVENT_NAMERS or f.end >= len(doc):
            continue
        nxt = doc[f.end]
        if nxt.lower_ in cfg.event_heads and f.end not in covered_events and nxt.pos_ in ("NOUN", "PROPN"):
            start = f.start
            if start > 0 and doc[start - 1].like_num or (start > 0 and doc[start - 1].ent_type_ == "ORDINAL"):
                start -= 1
            found.append(Found(start, f.end + 1, "Event", source="pattern", reason="name + event word"))
            covered_events.update(range(start, f.end + 1))


def inside_events(cfg: EntityConfig, d: Draft) -> None:
    """'ASEAN Summit', 'EU summit': the body or country named inside an event is mentioned too.
    Adds a Country or an Organization (an acronym) for the words before the event word."""
    doc, found = d.doc, d.found
    have = {(f.start, f.end) for f in found}
    for f in list(found):
        if f.label != "Event" or f.end - f.start < 2:
            continue
        s, e = f.start, f.end - 1
        while s < e and (doc[s].like_num or doc[s].lower_ == "the"):
            s += 1
        if s >= e or (s, e) in have:
            continue
        text = doc[s:e].text
        hit = cfg.gaz.country(text)
        if hit:
            found.append(Found(s, e, "Country", key=hit.code, source="inside", reason=cfg.country_reason(text)))
        elif is_acronym(text) and INSIDE_EVENT_ACRONYM[0] <= len(text) <= INSIDE_EVENT_ACRONYM[1]:
            found.append(Found(s, e, "Organization", source="inside", reason="body named inside an event"))


def acronyms_of_known(cfg: EntityConfig, d: Draft) -> None:
    """'AU' after 'African Union': an all-capitals word that spells a named body's initials.
    Adds a mention of the body's label (and country) for each such word."""
    doc, found = d.doc, d.found
    acr: dict[str, Found] = {}
    for f in found:
        if f.label in BODY_LABELS and f.end - f.start >= 2:
            words = significant_words(t.text for t in doc[f.start:f.end] if t.is_alpha)
            if len(words) >= 2 and all(w[0].isupper() for w in words):
                acr.setdefault(acronym_of(words), f)
    if not acr:
        return
    covered = d.covered()
    for tok in doc:
        if tok.i in covered or not tok.is_alpha or not is_acronym(tok.text):
            continue
        src = acr.get(tok.text)
        if src is not None:
            found.append(Found(tok.i, tok.i + 1, src.label, country=src.country, source="acronym",
                               reason=f"initials of {d.text(src)} in this document"))


def country_prefixes(cfg: EntityConfig, d: Draft) -> None:
    """'US State Department', 'Saudi Foreign Ministry', "Ukraine's Defence Ministry": the country of a body.
    Sets country and country_prefix_end of bodies; adds the Country words inside a body's name ("British
    Army") as Country mentions."""
    doc, found = d.doc, d.found
    countries = {f.start: f for f in found if f.label == "Country"}
    by_end = {f.end: f for f in found if f.label == "Country"}
    for f in found:
        if f.label not in BODY_LABELS:
            continue
        if f.start in countries and countries[f.start].end < f.end:
            f.country = f.country or countries[f.start].key
            f.country_prefix_end = countries[f.start].end
            continue
        j = f.start
        if j >= 1 and doc[j - 1].text in APOS:
            j -= 1
        if j in by_end and f.label == "Ministry":
            f.country = f.country or by_end[j].key
    # Inner country words of bodies the model tagged whole ("British Army") are Country mentions too.
    have = {(f.start, f.end) for f in found}
    for f in list(found):
        if f.label in BODY_LABELS and f.country_prefix_end is None:
            for k in range(f.start, f.end):
                for m in range(min(f.end, k + MAX_COUNTRY_WORDS), k, -1):
                    if (k, m) == (f.start, f.end):
                        continue
                    hit = cfg.gaz.country(doc[k:m].text)
                    if hit and (k, m) not in have:
                        found.append(Found(k, m, "Country", key=hit.code, source="inside",
                                           reason=cfg.country_reason(doc[k:m].text)))
                        have.add((k, m))
                        if k == f.start and f.label == "Ministry":
                            f.country = f.country or hit.code
                        break


def acronym_definitions(cfg: EntityConfig, d: Draft) -> None:
    """'Papua New Guinea (PNG)', 'Ministry of Defence (MoD)': the bracketed acronym is the same thing.
    Adds (or relabels) the acronym's mention and puts both in one cluster; keeps the mentions in order."""
    doc, found = d.doc, d.found
    next_cluster = 0
    at = {f.start: f for f in found}
    for f in found:
        if f.end + 2 < len(doc) and doc[f.end].text == "(" and doc[f.end + 2].text == ")":
            acr = doc[f.end + 1]
            if is_acronym(acr.text, mixed_case=True) and DEFINED_ACRONYM[0] <= len(acr.text) <= DEFINED_ACRONYM[1] \
                    and acr.is_alpha:
                other = at.get(f.end + 1)
                if other is None:
                    other = Found(f.end + 1, f.end + 2, f.label, key=f.key, source="acronym")
                    found.append(other)
                other.label = f.label
                other.key = other.key or f.key
                if f.cluster < 0:
                    f.cluster = next_cluster
                    next_cluster += 1
                other.cluster = f.cluster
                other.reason = f"acronym defined in the text for {d.text(f)}"
    sort_by_position(cfg, d)


def title_complements(cfg: EntityConfig, d: Draft) -> None:
    """'President of the Sovereign Council': a title's 'of X' names the body it belongs to. Sets TitleSpan.org
    (a mention index: run last, when the mentions are final and in order)."""
    doc, found = d.doc, d.found
    at = {f.start: i for i, f in enumerate(found)}
    for t in d.titles:
        j = t.end
        if j < len(doc) and doc[j].lower_ in TITLE_OF:
            j += 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            if j in at and found[at[j]].label in ("Organization", "Ministry", "Country"):
                t.org = at[j]


def sort_by_position(cfg: EntityConfig, d: Draft) -> None:
    """Mentions in text order, the longer first where two start together."""
    d.found.sort(key=lambda f: (f.start, -f.end))
