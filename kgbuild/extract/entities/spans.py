"""The first pass: spans of the ruler and the model, typed and trimmed.

The ruler's spans (countries, ministries, organisations, events, titles) keep their type. The model's
spans are trimmed ("the", possessives, "-based"), cut at a verb, and typed with general evidence: a country
name is a Country, a one-word "person" that is a large city is a Place, a name ending in an event word is an
Event, a named building is a Place, a name with "Ministry" in it is a Ministry.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..nlp import COUNTRY, EVENT, MINISTRY, ORG, TITLE
from .base import APOS, ARTICLES, BIG_CITY, Draft, EntityConfig, Found, TitleSpan

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
HYPHENS = ("-", "\u2010")
NAME_BREAKS = frozenset({",", ";", "\u2014", "\u2013"})  # punctuation a name never runs across
MINISTRY_WORDS = frozenset({"ministry", "department"})  # an ORG with one of these in its name is a Ministry


def classify_spans(cfg: EntityConfig, d: Draft) -> None:
    """Reads the Doc's entities (ruler and model). Adds a Found per usable span and a TitleSpan per title."""
    for ent in d.doc.ents:
        classify(cfg, d.doc, ent, d.found, d.titles)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A span without a leading article, trailing possessive or punctuation, or a hyphenated adjective."""
    while start < end and doc[start].lower_ in ARTICLES:
        start += 1
    while end > start and doc[end - 1].text in APOS:
        end -= 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".", ")"):
        end -= 1
    # "Kiev-based", "US-led": the hyphenated adjective is not part of the name.
    if end - start >= 3 and doc[end - 2].text in HYPHENS and doc[end - 1].is_lower:
        end -= 2
    while start < end and doc[start].is_punct and doc[start].text not in ("\u201c", '"'):
        start += 1
    return start, end


def classify(cfg: EntityConfig, doc: Doc, ent: Span, found: list[Found], titles_out: list[TitleSpan]) -> None:
    label = ent.label_
    if label == TITLE:
        titles_out.append(TitleSpan(ent.start, ent.end))
        return
    start, end = trim(doc, ent.start, ent.end)
    if start >= end:
        return
    text = doc[start:end].text
    if text in cfg.non_entities:
        return
    if label == COUNTRY:
        found.append(Found(start, end, "Country", key=ent.ent_id_, source="ruler", reason=cfg.country_reason(text)))
        return
    if label == MINISTRY:
        found.append(Found(start, end, "Ministry", country=ent.ent_id_ or None, source="ruler",
                           reason="ministry pattern" if not ent.ent_id_ else f"known ministry of {ent.ent_id_}"))
        return
    if label == ORG:
        found.append(Found(start, end, "Organization", source="ruler", reason="country + organisation head"))
        return
    if label == EVENT:
        found.append(Found(start, end, "Event", source="ruler", reason="event pattern"))
        return
    if label not in NER_LABELS:
        return
    # A name never contains a verb ("Zelenskyy Meets" in a headline): cut the span there.
    for k in range(start + 1, end):
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in NAME_BREAKS or "\n" in doc[k - 1].whitespace_:
            end = k
            break
    # An intra-word hyphen continues a person's name ("Suk-yeol", "Keon-hee").
    while label == "PERSON" and end + 1 < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    # Titles the model left inside a person's name: move them out.
    while label == "PERSON" and start < end - 1 and doc[start].lower_ in cfg.title_words \
            and doc[start].lower_ not in cfg.honorifics:
        start += 1
    text = doc[start:end].text
    src = f"ner:{label}"
    hit = cfg.gaz.country(text)
    if hit is not None:
        found.append(Found(start, end, "Country", key=hit.code, source=src, reason=cfg.country_reason(text)))
        return
    if label == "NORP":
        if text in cfg.continent_adj:
            place = cfg.gaz.best_place(cfg.continent_adj[text])
            if place:
                found.append(Found(start, end, "Place", key=f"geonames:{place.geonameid}", canonical=place.name,
                                   source=src, reason=f"adjective of {place.name}"))
        return
    if label == "EVENT" or (label in ("ORG", "LOC", "GPE", "FAC") and doc[end - 1].lower_ in cfg.event_heads
                            and end - start >= 2):
        found.append(Found(start, end, "Event", source=src))
        return
    if label in ("GPE", "LOC", "FAC"):
        if text in cfg.not_places:
            return
        found.append(Found(start, end, "Place", source=src))
        return
    if label in ("PERSON", "ORG") and end - start == 1:
        place = cfg.gaz.best_place(text)
        if place and place.population >= BIG_CITY and doc[start].is_title:
            # Decided for good after agreement: a surname of a person in this document stays a Person.
            found.append(Found(start, end, "Place", source=src, maybe_person=label == "PERSON"))
            return
    if label == "PERSON":
        found.append(Found(start, end, "Person", source=src))
        return
    if label == "ORG" and doc[end - 1].lower_ in cfg.facility_heads and doc[end - 1].is_title:
        found.append(Found(start, end, "Place", source=src, reason="named building or site"))
        return
    if any(w in MINISTRY_WORDS for w in text.lower().split()):
        found.append(Found(start, end, "Ministry", source=src, reason="ministry word in name"))
        return
    found.append(Found(start, end, "Organization", source=src))
