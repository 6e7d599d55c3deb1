"""Places: datelines, large places the model missed, geographic names, adjectives of places, and the
country written beside a place."""
from __future__ import annotations

from .base import Draft, EntityConfig, Found

DATELINE_BREAKS = frozenset({",", "(", "\u2014", "\u2013", "-", "--"})  # what follows the place of a dateline
WIRE_LOOKAHEAD = 10  # tokens after a dateline's place within which "(Reuters)" is looked for
ADJECTIVE_CUTS = (1, 2, 3)  # letters an adjective adds to its place: "Europe"+"an", "Africa"+"n"
ADJECTIVE_MIN_BASE = 4  # ... leaving at least this many letters of the place
MAX_COUNTRY_WORDS = 3  # words of a country name written with accents ("Việt Nam")


def datelines(cfg: EntityConfig, d: Draft) -> None:
    """Wire-style datelines: 'KYIV, March 3 (Reuters) -' or 'Moscow (Reuters) -' opening a paragraph.
    Adds the city (a Place) and the wire service in brackets (an Organization)."""
    doc, found = d.doc, d.found
    covered = d.covered()
    for sent in doc.sents:
        first = sent[0]
        if first.i > 0 and "\n" not in doc[first.i - 1].text_with_ws and "\n" not in doc[first.i - 1].whitespace_:
            continue
        i = first.i
        while i < sent.end and (doc[i].is_upper or doc[i].is_title) and doc[i].is_alpha:
            i += 1
        if i == first.i or i >= sent.end or doc[i].text not in DATELINE_BREAKS:
            continue
        if not (doc[first.i].is_upper or (i < len(doc) and doc[i].text == "(")):
            continue
        if any(t in covered for t in range(first.i, i)):
            continue
        name = doc[first.i:i].text
        place = cfg.gaz.best_place(name)
        if place and place.kind == "city":
            found.append(Found(first.i, i, "Place", source="dateline", reason=f"dateline; GeoNames {place.name}"))
            covered.update(range(first.i, i))
        # "(Reuters)", "(Xinhua)": the wire service in brackets after a dateline.
        for k in range(i, min(i + WIRE_LOOKAHEAD, sent.end - 2)):
            if doc[k].text == "(" and doc[k + 2].text == ")" and doc[k + 1].is_alpha \
                    and doc[k + 1].text[0].isupper() and (k + 1) not in covered:
                found.append(Found(k + 1, k + 2, "Organization", source="dateline", reason="wire service in a dateline"))
                covered.add(k + 1)
                break


def gazetteer_scan(cfg: EntityConfig, d: Draft) -> None:
    """Large places the model did not tag at all ('meeting ... in Kiev'): one capitalised proper noun, not
    part of a longer name, that is a large city; and countries written with accents the ruler's exact
    phrases lack ('Việt Nam'). Adds Place and Country mentions."""
    doc = d.doc
    covered = d.covered()
    for tok in doc:
        if tok.i in covered or not tok.is_title:
            continue
        if not tok.text.isascii():
            for m in range(min(len(doc), tok.i + MAX_COUNTRY_WORDS), tok.i, -1):
                hit = cfg.gaz.country(doc[tok.i:m].text)
                if hit and not any(k in covered for k in range(tok.i, m)):
                    d.found.append(Found(tok.i, m, "Country", key=hit.code, source="gazetteer",
                                         reason=cfg.country_reason(doc[tok.i:m].text)))
                    covered.update(range(tok.i, m))
                    break
            if tok.i in covered:
                continue
        if tok.pos_ != "PROPN" or tok.is_sent_start:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and doc[tok.i + 1].pos_ == "PROPN":
            continue  # part of a longer name the model did not know
        if tok.i > 0 and doc[tok.i - 1].is_title and doc[tok.i - 1].pos_ == "PROPN":
            continue
        place = cfg.big_place(tok.text)
        if place:
            d.found.append(Found(tok.i, tok.i + 1, "Place", source="gazetteer", reason=f"GeoNames {place.name}"))


def geographic_names(cfg: EntityConfig, d: Draft) -> None:
    """'South China Sea', 'Korean Peninsula': a country word inside a geographic name is not the country.
    Replaces the Country (and mentions inside the name) by one Place."""
    doc, found = d.doc, d.found
    for f in list(found):
        if f.label != "Country" or f.end >= len(doc) or doc[f.end].lower_ not in cfg.geo_heads or not doc[f.end].is_title:
            continue
        start = f.start
        if start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start \
                and doc[start - 1].lower_ in cfg.geo_name_modifiers:
            start -= 1
        for g in list(found):
            if g is not f and g.start >= start and g.end <= f.end + 1:
                found.remove(g)
        found.remove(f)
        found.append(Found(start, f.end + 1, "Place", source="pattern", reason="geographic name"))


def place_adjectives(cfg: EntityConfig, d: Draft) -> None:
    """'East African' for 'East Africa', 'European' for 'Europe': the adjective of a place in this document.
    Reads the model's NORP spans; adds Place mentions keyed like their place."""
    doc, found = d.doc, d.found
    places = {d.text(f): f for f in found if f.label == "Place"}
    covered = d.covered()
    for ent in doc.ents:
        if ent.label_ != "NORP" or any(t in covered for t in range(ent.start, ent.end)):
            continue
        text = ent.text
        for cut in ADJECTIVE_CUTS:
            base = places.get(text[:-cut]) if len(text) - cut >= ADJECTIVE_MIN_BASE else None
            if base is not None:
                key = base.key or "name:" + d.text(base).casefold()
                found.append(Found(ent.start, ent.end, "Place", key=key, source="adjective",
                                   reason=f"adjective of {d.text(base)}"))
                break


def place_countries(cfg: EntityConfig, d: Draft) -> None:
    """'Doha, Qatar': a country right after a place names the place's country. Sets context_country."""
    doc, found = d.doc, d.found
    country_at = {f.start: f for f in found if f.label == "Country"}
    for f in found:
        if f.label == "Place" and f.end + 1 < len(doc) and doc[f.end].text == ",":
            c = country_at.get(f.end + 1)
            if c is not None:
                f.context_country = c.key
