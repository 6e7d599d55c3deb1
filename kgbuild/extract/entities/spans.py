"""The first pass: spans of the ruler and the model, typed and trimmed.

The ruler's spans (countries, ministries, organisations, events, titles) keep their type. The model's
spans are trimmed ("the", possessives, "-based"), cut at a verb, and typed with general evidence: a country
name is a Country, a one-word "person" that is a large city is a Place, a name ending in an event word is an
Event, a named building is a Place, a name with "Ministry" in it is a Ministry.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..nlp import COUNTRY, EVENT, MINISTRY, ORG, TITLE
from ...names import fold, is_acronym, person_key
from .base import APOS, ARTICLES, Draft, EntityConfig, Found, TitleSpan

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
HYPHENS = ("-", "\u2010")
FUNCTION_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "PART", "INTJ"})
NAME_BREAKS = frozenset({",", ";", "(", "\u2014", "\u2013"})  # punctuation a name never runs across
MINISTRY_WORDS = frozenset({"ministry", "department"})  # an ORG with one of these in its name is a Ministry
PORTFOLIO_OF = frozenset({"for", "on"})  # "Minister for Foreign Affairs", "Adviser on Media": a title's portfolio
LIST_JOINERS = frozenset({"and", "&", ","})
MAX_COUNTRY_WORDS = 4  # words of a country name looked for at the start of a ministry's complement
NAME_AFTER_BODY = (2, 4)  # words of a name left over after a ministry pattern ran into it
ACRONYM_BODY = 3  # letters of an acronym the model calls a place that make it a body
GROUP_NAME = re.compile(r"[A-Z]{1,3}\d{1,3}")  # "G7", "G20", "P5": a group of states, never a place
ABBREV_MAX = 3  # a final "." stays with a word this short ("Jr.", "Inc."): an abbreviation, not a full stop


def classify_spans(cfg: EntityConfig, d: Draft) -> None:
    """Reads the Doc's entities (ruler and model). Adds a Found per usable span and a TitleSpan per title."""
    title_ends = {e.end for e in d.doc.ents if e.label_ == TITLE}
    for ent in d.doc.ents:
        classify(cfg, d.doc, ent, d.found, d.titles, title_ends)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A span without a leading article, trailing possessive or punctuation, or a hyphenated adjective."""
    while start < end and doc[start].lower_ in ARTICLES:
        start += 1
    while end > start and doc[end - 1].text in APOS:
        end -= 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".", ")"):
        end -= 1
    # A full stop after a word is not part of the name ("in Abuja."); after an abbreviation it is ("Jr.").
    if end - start >= 2 and doc[end - 1].text == "." and doc[end - 2].is_alpha and len(doc[end - 2]) > ABBREV_MAX:
        end -= 1
    # "Kiev-based", "US-led": the hyphenated adjective is not part of the name.
    if end - start >= 3 and doc[end - 2].text in HYPHENS and doc[end - 1].is_lower and doc[end - 1].tag_ != "NN":
        end -= 2  # ... but "Co-operation" is a noun of the name
    # "Palace of the Nation on": a preposition or conjunction the model ran the name into is not part of it
    while end - start >= 2 and doc[end - 1].is_lower and doc[end - 1].pos_ in ("ADP", "CCONJ", "DET"):
        end -= 1
    while start < end and doc[start].is_punct and doc[start].text not in ("\u201c", '"'):
        start += 1
    # An opening quote whose closing quote lies outside the span is not part of the name ('"Global South').
    if start < end and doc[start].text in ("\u201c", '"') and not any(t.text in ("\u201d", '"') for t in doc[start + 1:end]):
        start += 1
    return start, end


def cut_ministry(cfg: EntityConfig, doc: Doc, start: int, end: int) -> int:
    """Where a ruler's 'Ministry of X' really ends when its capitalised words ran on into a name: after the
    portfolio ("Ministry of Foreign Affairs | Mohammed ..."), after a country ("Office of Ukraine | Andriy
    Yermak") or after a title ("Office of the President | ...")."""
    if end - start < 4 or doc[start].lower_ not in cfg.ministry_heads or doc[start + 1].lower_ not in ("of", "for"):
        return end
    # "Office for Strategic Affairs | and Chairman of ...": a joiner before a title starts the holder's next office
    for k in range(start + 3, end - 1):
        if doc[k].lower_ in LIST_JOINERS and doc[k + 1].lower_ in cfg.title_words and doc[k + 1].lower_ not in cfg.portfolio_words:
            end = k
            break
    j = start + 2 + (doc[start + 2].lower_ == "the")
    for words in (cfg.portfolio_words, cfg.title_words):
        p = j
        while p < end and (doc[p].lower_ in words or (p > j and doc[p].text.lower() in LIST_JOINERS)):
            p += 1
        while p > j and doc[p - 1].text.lower() in LIST_JOINERS:
            p -= 1
        if j < p < end:
            return p
    for m in range(min(end - 1, j + MAX_COUNTRY_WORDS), j, -1):
        if cfg.gaz.country(doc[j:m].text):
            return m
    # "Diwan of Royal Court | Khalid ...": a body word, then only words of a name
    for m in range(end - 1, j, -1):
        if doc[m - 1].lower_ in cfg.body_heads and all(_is_name_word(cfg, t) for t in doc[m:end]):
            return m
    return end


def _name_after_body(cfg: EntityConfig, doc: Doc, start: int, end: int) -> int:
    """Where a model's body name really ends when a person's name follows its last body word with nothing
    between ("Chairman of the City Committee Tran Van Minh"): after the body word (else `end`)."""
    for m in range(end - NAME_AFTER_BODY[0], max(start + 1, end - NAME_AFTER_BODY[1]) - 1, -1):
        if m <= start or not (doc[m - 1].is_title and doc[m - 1].lower_ in cfg.body_heads):
            continue
        rest = doc[m:end]
        if all(_is_name_word(cfg, t) and not t.is_stop for t in rest) and not cfg.gaz.country(rest.text) \
                and not cfg.gaz.place_candidates(rest.text):
            return m
        return end
    return end


def _is_name_word(cfg: EntityConfig, tok) -> bool:
    return tok.is_title and tok.is_alpha and tok.lower_ not in cfg.title_words and tok.lower_ not in cfg.body_heads


def classify(cfg: EntityConfig, doc: Doc, ent: Span, found: list[Found], titles_out: list[TitleSpan],
             title_ends: set[int] = frozenset()) -> None:
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
        cut = cut_ministry(cfg, doc, start, end)
        found.append(Found(start, cut, "Ministry", country=ent.ent_id_ or None, source="ruler",
                           reason="ministry pattern" if not ent.ent_id_ else f"known ministry of {ent.ent_id_}"))
        k = cut
        while k < end and _is_name_word(cfg, doc[k]):
            k += 1
        rest = doc[cut:k]
        if NAME_AFTER_BODY[0] <= len(rest) <= NAME_AFTER_BODY[1] and not cfg.gaz.country(rest.text):
            found.append(Found(cut, k, "Person", source="ruler-rest", reason="name right after a body's name"))
        return
    if label == ORG:
        found.append(Found(start, end, "Organization", source="ruler",
                           reason="a news agency" if text in cfg.news_agencies else "country + organisation head"))
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
    # A sentence's first word that is no name ("Later Jokowi left", "Meanwhile Omar Ali said") stays outside it.
    while end - start >= 2 and doc[start].is_sent_start and doc[start].pos_ in FUNCTION_POS:
        start += 1
    # An intra-word hyphen continues a person's name ("Suk-yeol", "Keon-hee").
    while label == "PERSON" and end + 1 < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    # Titles the model left inside a person's name: move them out.
    while label == "PERSON" and start < end - 1 and doc[start].lower_ in cfg.title_words \
            and doc[start].lower_ not in cfg.honorifics:
        start += 1
    # "EAM Rohan Das", "PM Tala Fono": a title's short form in front of a name the model read as a body.
    if label in ("ORG", "GPE") and end - start >= 3 and doc[start].is_upper and doc[start].lower_ in cfg.title_words \
            and all(t.is_title for t in doc[start + 1:end]):
        start, label = start + 1, "PERSON"
    # ... and in front of a body's acronym ("the Acting NATO Spokesperson").
    while label == "ORG" and start < end - 1 and doc[start].lower_ in cfg.title_words and is_acronym(doc[start + 1:end].text):
        start += 1
    # "Nur-Sultan", "Ivano-Frankivsk": a place's name goes on over a hyphen when the gazetteer knows the whole.
    if label in ("GPE", "LOC", "PERSON", "ORG"):
        k = end
        while k + 1 < len(doc) and doc[k].text in HYPHENS and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
                and doc[k + 1].is_alpha:
            k += 2
            if cfg.gaz.place_candidates(doc[start:k].text):
                end, label = k, "GPE"
    text = doc[start:end].text
    src = f"ner:{label}"
    if label == "PERSON" and end - start >= 2 and doc[end - 1].is_title and doc[end - 1].lower_ in cfg.facility_heads \
            and not (start > 0 and (doc[start - 1].lower_ in cfg.title_words or doc[start - 1].lower_ in cfg.honorifics)):
        found.append(Found(start, end, "Place", source=src, reason="named building or site"))
        return  # "Windsor Castle", "Aguda House": no person's name ends in a building
    if end - start >= 2 and doc[start].lower_ in cfg.facility_prefixes and doc[start].is_title:
        found.append(Found(start, end, "Place", source=src, reason="named building or site"))
        return  # "Schloss Meseberg", "Palacio de Miraflores"
    if not any(c.isupper() for c in text):
        return  # "rice", "capital of": a name has a capital
    if end - start == 1 and text.lower() in cfg.event_kinds:
        return  # "the Summit": a reference to an event, not its name
    if any(t.text in cfg.legislatures for t in doc[start:end]):
        found.append(Found(start, end, "Organization", source=src, reason="name of a parliament"))
        return
    hit = cfg.gaz.country(text)
    if hit is not None:
        found.append(Found(start, end, "Country", key=hit.code, source=src, reason=cfg.country_reason(text)))
        return
    if label in ("ORG", "GPE", "LOC", "FAC") and _adjective(doc, start, end):
        return  # "Euro-Atlantic integration": an adjective, not a name
    if label == "ORG" and doc[start].lower_ in cfg.plural_titles and doc[start].lower_ not in cfg.body_heads:
        return  # "Heads of State and Government", "Ministers of the bloc": a group of people, not a body
    if end - start == 1 and text.lower() in cfg.facility_heads:
        return  # "the Palace", "the House": a reference to a site, not its name
    if label in ("ORG", "GPE", "LOC") and end - start == 1 and text.lower() in cfg.body_heads:
        return  # "the Alliance", "the Commission": a reference to a body, not its name
    if label == "ORG" and start >= 2 and doc[start - 1].lower_ in PORTFOLIO_OF and start - 1 in title_ends \
            and doc[end - 1].lower_ not in cfg.body_heads and not is_acronym(text):
        return  # "Adviser on Media", "Commissioner for Trade": the title's portfolio
    if label == "NORP":
        if text in cfg.continent_adj:
            place = cfg.gaz.best_place(cfg.continent_adj[text])
            if place:
                found.append(Found(start, end, "Place", key=f"geonames:{place.geonameid}", canonical=place.name,
                                   source=src, reason=f"adjective of {place.name}"))
        return
    last = doc[end - 1]
    if label in ("ORG", "FAC") and _gathering_of(cfg, doc, start, end):
        found.append(Found(start, end, "Event", source=src, reason="a gathering named with 'of'"))
        return  # "the 9th Summit of Andean Leaders", "Conference of the Parties": an event, not a body
    if label == "EVENT" or (label in ("ORG", "LOC", "GPE", "FAC") and end - start >= 2 and last.lower_ not in cfg.body_heads
                            and (last.lower_ in cfg.event_heads or (last.is_title and last.lower_ in cfg.event_kinds))):
        found.append(Found(start, end, "Event", source=src))
        return
    if label in ("PERSON", "ORG") and end < len(doc) and doc[end].is_lower and doc[end].lower_ in cfg.admin_units:
        found.append(Found(start, end, "Place", source=src, reason=f"a name with '{doc[end].text}' after it"))
        return  # "Bac Ninh province"
    if label in ("GPE", "LOC") and end - start >= 2 and last.is_title and last.lower_ in cfg.body_heads:
        found.append(Found(start, end, "Organization", source=src, reason=f"a name ending in '{last.text}'"))
        return  # "the African Union", "the Gulf Cooperation Council": a body, whatever the model said
    if label in ("GPE", "LOC", "FAC", "ORG") and 2 <= end - start <= 3 and doc[end - 1].text in cfg.state_form_heads \
            and start > 0 and doc[start - 1].lower_ == "the" and all(t.is_title for t in doc[start:end]):
        found.append(Found(start, end, "Country", source=src, reason="the state a document is about"))
        return  # "the Islamic Republic": which one, the passes decide (state_references)
    if label in ("GPE", "LOC", "FAC"):
        if text in cfg.not_places:
            return
        if end - start == 1 and text in cfg.state_forms and start > 0 and doc[start - 1].lower_ == "the":
            found.append(Found(start, end, "Country", source=src, reason="the state a document is about"))
            return  # "the Kingdom": which one, the passes decide (state_references)
        if GROUP_NAME.fullmatch(text):
            found.append(Found(start, end, "Organization", source=src, reason="a group named by letters and a number"))
            return  # "G7", "G20": no place
        if is_acronym(text) and len(text) >= ACRONYM_BODY and not cfg.gaz.place_candidates(text) \
                and not _where(doc, start):
            found.append(Found(start, end, "Organization", source=src, reason="an acronym that is no place"))
            return  # "BRICS", "ASEAN"
        found.append(Found(start, end, "Place", source=src))
        return
    if label == "ORG" and end - start >= 2 and all(t.is_title for t in doc[start:end] if t.is_alpha) \
            and (end >= len(doc) or doc[end].lower_ not in cfg.body_heads):
        place = cfg.big_place(text)
        if place is not None and fold(place.name) == fold(text):
            found.append(Found(start, end, "Place", source=src, reason=f"GeoNames {place.name}"))
            return  # "the Crown Prince of Abu Dhabi": a large city's name, whatever the model said
    if label in ("ORG", "PERSON") and (end - start >= 2 or label == "ORG") \
            and all(t.is_title for t in doc[start:end] if t.is_alpha) \
            and (end >= len(doc) or doc[end].lower_ not in cfg.body_heads):
        place = cfg.gaz.best_place(text)
        if place is not None and place.kind == "state" and fold(place.name) == fold(text):
            found.append(Found(start, end, "Place", source=src, reason=f"a state or region of {place.country}: {place.name}"))
            return  # "Khyber Pakhtunkhwa", "Tamil Nadu": a country's division, whatever the model said
    if label in ("PERSON", "ORG") and end - start == 1:
        place = cfg.big_place(text)
        if place and doc[start].is_title:
            # Decided for good after agreement: a surname of a person in this document stays a Person.
            found.append(Found(start, end, "Place", source=src, maybe_person=label == "PERSON"))
            return
    if label == "PERSON":
        found.append(Found(start, end, "Person", source=src))
        return
    if label == "ORG" and doc[end - 1].lower_ in cfg.facility_heads and doc[end - 1].is_title:
        found.append(Found(start, end, "Place", source=src, reason="named building or site"))
        return
    if label == "ORG":
        cut = _name_after_body(cfg, doc, start, end)
        if cut < end:  # "the People's Committee | Tran Van Minh": the model ran a body into its head's name
            found.append(Found(cut, end, "Person", source="ruler-rest", reason="name right after a body's name"))
            end, text = cut, doc[start:cut].text
    if any(w in MINISTRY_WORDS for w in text.lower().split()):
        found.append(Found(start, end, "Ministry", source=src, reason="ministry word in name"))
        return
    found.append(Found(start, end, "Organization", source=src))


GATHERING_KINDS = frozenset({"summit", "talks", "occasion"})  # event kinds whose 'X of Y' names a gathering


def _gathering_of(cfg: EntityConfig, doc: Doc, start: int, end: int) -> bool:
    """A name that opens (after an ordinal) with a capitalised gathering noun and 'of': "Summit of ...",
    "Conference of ...", "Festival of ..." (a body's word such as 'Congress' excluded)."""
    k = start
    while k < end and (doc[k].ent_type_ == "ORDINAL" or doc[k].like_num or doc[k].lower_ in ROMAN):
        k += 1
    return k + 2 < end and doc[k].is_title and doc[k].lower_ not in cfg.body_heads \
        and cfg.event_kinds.get(doc[k].lower_) in GATHERING_KINDS and doc[k + 1].lower_ == "of"


ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
                   "xx", "xxx"})  # an edition's number ("IX Summit of ...")


def _adjective(doc: Doc, start: int, end: int) -> bool:
    """The span ends in an adjective that modifies a common noun outside it ("Euro-Atlantic integration")."""
    last = doc[end - 1]
    return last.pos_ == "ADJ" and last.dep_ in ("amod", "compound") and not (start <= last.head.i < end) \
        and last.head.pos_ == "NOUN"


def headline_support(cfg: EntityConfig, d: Draft) -> None:
    """In a title-case headline every word looks like a name ("Vice-Premier Visits Armenia"): a mention there
    stays only when the body names it too (the same words, a name of which it is a part, or its words
    written capitalised inside a sentence). Countries and ministries of the ruler need no support.
    Removes unsupported headline mentions."""
    h = d.headline_end()
    if not h:
        return
    doc = d.doc
    body = [f for f in d.found if f.start >= h]
    texts = {fold(d.text(f)) for f in body}
    keys = [person_key(d.text(f)) for f in body if f.label == "Person"]
    words = {t.text for t in doc[h:] if not t.is_sent_start and t.is_alpha and not t.is_lower}

    def supported(f: Found) -> bool:
        text = d.text(f)
        if f.source in ("ruler", "dateline") and f.label != "Person" or fold(text) in texts:
            return True
        key = person_key(text)
        if key and any(key == k or _subsequence(key, k) for k in keys):
            return True
        return all(t.text in words for t in doc[f.start:f.end] if t.is_alpha)

    d.found[:] = [f for f in d.found if f.start >= h or supported(f)]


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(any(x == y for y in it) for x in short)


def _where(doc: Doc, start: int) -> bool:
    """The word stands where a place does: after 'in', 'at', 'to', 'from', or opening a dateline ("NEOM, May 3")."""
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in ("in", "at", "to", "from", "near", "into", "inside", "leave", "left"):
        return True
    return (prev is None or "\n" in prev.whitespace_ or prev.is_space) and start + 1 < len(doc) and doc[start + 1].text in (",", "(")
