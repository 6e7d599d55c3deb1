"""Places: datelines, large places the model missed, geographic names, adjectives of places, and the
country written beside a place."""
from __future__ import annotations

from collections import Counter

from ...names import fold
from .base import BIG_CITY, REGION_ADJECTIVE, Draft, EntityConfig, Found, region_key

DATELINE_BREAKS = frozenset({",", "(", "\u2014", "\u2013", "-", "--", ":", "/"})  # what follows the place of a dateline
# ("KYIV, May 3", "KABUL: The minister", "TOKYO /Japan/, May 21")
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
        if first.text == "(" and first.i + 2 < sent.end and doc[first.i + 2].text == ")":
            _bracketed(cfg, d, first.i + 1, covered)  # "(MENAFN) Egypt's foreign minister ..."
            continue
        i = first.i
        while i < sent.end and (doc[i].is_upper or doc[i].is_title) and doc[i].is_alpha:
            i += 1
        if i == first.i or i >= sent.end or doc[i].text not in DATELINE_BREAKS:
            continue
        if not (doc[first.i].is_upper or (i < len(doc) and doc[i].text == "(")):
            continue
        model = [f for f in found if f.start == first.i and f.end == i and f.source.startswith("ner")]
        if any(t in covered for t in range(first.i, i)) and not model:
            continue
        name = doc[first.i:i].text
        place = cfg.gaz.best_place(name)
        model_places = [f for f in model if f.label in ("Place", "Country")]
        if model_places:
            # The model found the place already: it opens a dateline all the same (and its brackets name the
            # wire service, not an acronym of it).
            for f in model_places:
                f.source = "dateline"
        elif place and place.kind == "city":
            for f in model:  # "KABUL:" that the model read as a body
                found.remove(f)
            found.append(Found(first.i, i, "Place", source="dateline", reason=f"dateline; GeoNames {place.name}"))
            covered.update(range(first.i, i))
        elif not model and doc[i].text == "(" and i + 3 == sent.end - (sent[-1].is_space) and doc[i + 2].text == ")" \
                and doc[first.i:i].text.lower() not in ("by", "photo"):
            # "Daily Courier (Nairobi)" alone on its line: a newspaper's credit line.
            found.append(Found(first.i, i, "Organization", source="dateline", reason="newspaper of a credit line"))
            covered.update(range(first.i, i))
        # "(Reuters)", "(Xinhua)": the wire service in brackets after a dateline.
        for k in range(i, min(i + WIRE_LOOKAHEAD, sent.end - 2)):
            if doc[k].text == "(" and doc[k + 2].text == ")" and _bracketed(cfg, d, k + 1, covered):
                break


def _bracketed(cfg: EntityConfig, d: Draft, k: int, covered: set[int]) -> bool:
    """The one capitalised word in brackets of a dateline: a place ("(Lagos)") or the wire service ("(Xinhua)")."""
    tok = d.doc[k]
    if not tok.is_alpha or not tok.text[0].isupper() or k in covered:
        return False
    hit = cfg.gaz.country(tok.text)
    place = cfg.gaz.best_place(tok.text)
    if hit:
        d.found.append(Found(k, k + 1, "Country", key=hit.code, source="dateline", reason=cfg.country_reason(tok.text)))
    elif place and place.kind == "city" and fold(place.name) == fold(tok.text):
        d.found.append(Found(k, k + 1, "Place", source="dateline", reason=f"dateline; GeoNames {place.name}"))
    else:
        d.found.append(Found(k, k + 1, "Organization", source="dateline", reason="wire service in a dateline"))
    covered.add(k)
    return True


HYPHEN_MARKS = frozenset({"-", "\u2010"})


def hyphenated_places(cfg: EntityConfig, d: Draft) -> None:
    """'Mar-a-Lago', 'Rostov-on-Don', 'Port-au-Prince': capitalised words joined by hyphens through a small word
    (organizations.json place_infixes) are one place's name, whatever the model made of its pieces ('Don' a
    person, 'Mar' a city). Replaces the mentions inside such a name by one Place."""
    doc = d.doc
    i = 0
    while i < len(doc):
        if not (doc[i].is_title and doc[i].is_alpha) or (i >= 1 and doc[i - 1].text in HYPHEN_MARKS and not doc[i - 1].whitespace_):
            i += 1
            continue
        k, infix = i, False
        while k + 2 < len(doc) and doc[k + 1].text in HYPHEN_MARKS and not doc[k].whitespace_ \
                and not doc[k + 1].whitespace_ and doc[k + 2].is_alpha:
            infix = infix or doc[k + 2].lower_ in cfg.place_infixes and doc[k + 2].is_lower
            k += 2
        if not infix or not doc[k].is_title or doc[k].lower_ in cfg.place_infixes:
            i = k + 1
            continue
        s, e = i, k + 1
        inside = [f for f in d.found if f.start < e and f.end > s]
        if any(f.label in ("Country", "Ministry") or f.start < s or f.end > e for f in inside):
            i = e
            continue
        for f in inside:
            d.found.remove(f)
        d.found.append(Found(s, e, "Place", source="pattern", reason="hyphenated place name"))
        i = e


def gazetteer_scan(cfg: EntityConfig, d: Draft) -> None:
    """Large places the model did not tag at all ('meeting ... in Kiev'): one capitalised proper noun, not
    part of a longer name, that is a large city; and countries written with accents the ruler's exact
    phrases lack ('Việt Nam'). Adds Place and Country mentions."""
    doc = d.doc
    covered = d.covered()
    countries = {f.key for f in d.found if f.label == "Country" and f.key}
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
            continue
        # "clashes in Sindh", "visited Punjab": a country's division, in a document that names that country
        state = next((p for p in cfg.gaz.place_candidates(tok.text)
                      if p.kind == "state" and fold(p.name) == fold(tok.text) and p.country in countries), None)
        if state is not None:
            d.found.append(Found(tok.i, tok.i + 1, "Place", source="gazetteer",
                                 reason=f"a state or region of {state.country}: {state.name}"))


MAX_PLACE_BEFORE_TITLE = 3  # words of a place's name in front of a title ("Tamil Nadu Chief Minister")


def places_before_titles(cfg: EntityConfig, d: Draft) -> None:
    """'Texas Governor Greg Abbott', 'Ontario Premier Doug Ford': capitalised words the model left untagged right
    in front of a title are the place the office belongs to when the gazetteer knows them as a place (a state, or
    a large city). Adds Place mentions."""
    doc = d.doc
    covered = d.covered()
    for t in d.titles:
        s = t.start
        while s > 0 and t.start - s < MAX_PLACE_BEFORE_TITLE and s - 1 not in covered and doc[s - 1].is_title \
                and doc[s - 1].is_alpha and doc[s - 1].pos_ == "PROPN" and "\n" not in doc[s - 1].whitespace_ \
                and doc[s - 1].lower_ not in cfg.title_words and doc[s - 1].lower_ not in cfg.honorifics:
            s -= 1
        if s == t.start or (s > 0 and doc[s - 1].is_title and not doc[s - 1].is_sent_start and doc[s - 1].is_alpha):
            continue  # nothing, or part of a longer name
        text = doc[s:t.start].text
        place = cfg.gaz.best_place(text)
        if place is not None and fold(place.name) == fold(text) and not cfg.gaz.country(text) \
                and (place.kind == "state" or place.population >= BIG_CITY):
            d.found.append(Found(s, t.start, "Place", source="gazetteer", reason=f"GeoNames {place.name} before a title"))
            covered.update(range(s, t.start))


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
            if c is not None and not c.reason.startswith("demonym"):  # not "In Nairobi, Norwegian PM X said"
                f.context_country = c.key


DIRECTION_BASE = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}


def directional_regions(cfg: EntityConfig, d: Draft) -> None:
    """'eastern Sudan', 'east Sudan', 'northern Syria': a direction word in front of a country names a region of it
    (one Place per direction and country, whatever the word's form; the country stays a mention too).
    'West African', 'South Asian': a direction and a continent's adjective name a region of the continent.
    Adds Place mentions keyed by direction and country, or by the region's name."""
    doc, found = d.doc, d.found
    covered = d.covered()
    for f in list(found):
        if f.label != "Country" or f.start == 0 or not f.key or f.end - f.start > 2:
            continue
        w = doc[f.start - 1]
        if w.lower_ not in cfg.geo_name_modifiers or (f.start - 1) in covered or w.pos_ not in ("ADJ", "PROPN", "NOUN"):
            continue
        base = DIRECTION_BASE.get(w.lower_, w.lower_)
        found.append(Found(f.start - 1, f.end, "Place", key=f"region:{base}:{f.key}", country=f.key, source="pattern",
                           reason=f"the {base} of {cfg.gaz.country_names.get(f.key, f.key)}"))
    for ent in doc.ents:
        if ent.label_ != "NORP" or len(ent) != 2 or any(t in covered for t in range(ent.start, ent.end)):
            continue
        w, adj = ent[0], ent[1].text
        if w.is_title and w.lower_ in cfg.geo_name_modifiers and adj in cfg.continent_adj:
            name = f"{w.text} {cfg.continent_adj[adj]}"
            found.append(Found(ent.start, ent.end, "Place", key="name:" + fold(name), canonical=name, source="adjective",
                               reason=f"adjective of {name}"))


def region_forms(cfg: EntityConfig, d: Draft) -> None:
    """'the Great Lakes region', 'Bac Ninh province': a place with 'region', 'province' ... after it (organizations.json
    admin_units) is written that way too.
    Adds an alias mention keyed like the place."""
    doc, found = d.doc, d.found
    for f in list(found):
        if f.label == "Place" and f.end < len(doc) and doc[f.end].lower_ in cfg.admin_units and doc[f.end].is_lower:
            key = f.key or "name:" + fold(d.text(f))
            found.append(Found(f.start, f.end + 1, "Place", key=key, country=f.country, source="alias",
                               reason=f"{d.text(f)} with '{doc[f.end].text}'"))


def listed_places(cfg: EntityConfig, d: Draft) -> None:
    """'the ports of Odesa, Chornomorsk and Pivdenne': a word listed with a place, that the gazetteer knows as a
    place of the same country, is a place too, whatever the model said (a one-word person or nothing).
    Adds Place mentions or relabels the model's one-word ones."""
    doc, found = d.doc, d.found
    at = {f.start: f for f in found if f.end - f.start == 1}
    covered = d.covered()
    for f in [f for f in found if f.label == "Place" and f.end - f.start == 1]:
        countries = {p.country for p in cfg.gaz.place_candidates(d.text(f))}
        if not countries:
            continue
        tok = doc[f.start]
        siblings = list(tok.conjuncts)
        for t in siblings:
            if not t.is_title or t.pos_ != "PROPN" or t.i == tok.i:
                continue
            g = at.get(t.i)
            if (g is None and t.i in covered) or (g is not None and (g.label not in ("Person", "Organization")
                                                                     or not g.source.startswith("ner"))):
                continue
            if not any(p.country in countries for p in cfg.gaz.place_candidates(t.text)):
                continue
            if g is None:
                found.append(Found(t.i, t.i + 1, "Place", source="gazetteer", reason=f"listed with {d.text(f)}"))
                covered.add(t.i)
            else:
                g.label, g.reason = "Place", f"listed with {d.text(f)}"


def state_references(cfg: EntityConfig, d: Draft) -> None:
    """'the Kingdom', 'the Sultanate': the one country the document names whose official name has that word
    (Saudi Arabia is the Kingdom of Saudi Arabia); when no such country or several, not a mention.
    Sets the key of such Country mentions or removes them."""
    pending = [f for f in d.found if f.label == "Country" and f.key is None]
    if not pending:
        return
    named = Counter(f.key for f in d.found if f.label == "Country" and f.key)
    for f in pending:
        words = fold(d.text(f)).split()  # "kingdom"; "islamic republic": every word one of the country's
        cands = [c for c in named if all(w in cfg.gaz.state_words(c) for w in words)]
        if len(cands) == 1 or (cands and named[cands[0]] > max(named[c] for c in cands[1:])):
            best = max(cands, key=lambda c: named[c])
            f.key, f.reason = best, f"the {d.text(f)} of this document: {cfg.gaz.country_names.get(best, best)}"
        else:
            d.found.remove(f)


REGION_WORDS = 5  # tokens of the longest region name ("Central and Eastern Europe", "Asia - Pacific")


def world_regions(cfg: EntityConfig, d: Draft) -> None:
    """'Latin America', 'the Middle East', 'Southeast Asia', 'the Indo-Pacific': a world region (regions.txt) is a
    Place, whatever the model made of its words ('America' is no country there), unless a mention of a longer
    name holds it ('Asia-Pacific Economic Cooperation'). Its adjective ('Latin American', 'Middle
    Eastern') names the region as a demonym names its country, and no country either.
    Replaces the mentions inside such a name; adds Place mentions keyed by the region's name
    (as a place the gazetteer does not know is keyed, so every spelling and pass agrees)."""
    doc = d.doc
    if not cfg.regions:
        return
    owner: dict[int, Found] = {}
    for f in d.found:
        for t in range(f.start, f.end):
            owner.setdefault(t, f)
    hits: list[tuple[int, int, str, bool]] = []
    i = 0
    while i < len(doc):
        if (not doc[i].is_title and not doc[i].is_upper) or region_key(doc[i].text) not in cfg.region_starts:
            i += 1
            continue
        for j in range(min(len(doc), i + REGION_WORDS), i, -1):
            if not (doc[j - 1].is_alpha and doc[j - 1].text[:1].isupper()):
                continue
            key = region_key(doc[i:j].text)
            name, adjective = cfg.regions.get(key), False
            if name is None:
                for suffix, base in REGION_ADJECTIVE.items():
                    if key.endswith(suffix) and key[:-len(suffix)] + base in cfg.regions:
                        name, adjective = cfg.regions[key[:-len(suffix)] + base], True
                        break
            if name is None:
                continue
            longer = any(f.start < i or f.end > j for f in (owner[t] for t in range(i, j) if t in owner))
            if not longer:
                hits.append((i, j, name, adjective))
            i = j - 1
            break
        i += 1
    if not hits:
        return
    for s, e, name, adjective in hits:
        d.found[:] = [f for f in d.found if not (s <= f.start and f.end <= e) and not (f.start < e and s < f.end
                                                                                      and f.label in ("Country", "Place"))]
        d.found.append(Found(s, e, "Place", key="name:" + fold(name), canonical=name, source="gazetteer",
                             reason=f"world region {name}" + (" (adjective)" if adjective else "")))
