"""Entity mentions from a parsed document.

spaCy's NER (with kgbuild's ruler in front of it) proposes spans; this module
turns them into typed mentions and corrects the model with general evidence:
gazetteers (a "PERSON" that is a large city is a Place), titles (a name after
"Defence Secretary" is a Person), and agreement within the document (a surname
that the model called ORG once and PERSON elsewhere is a Person everywhere).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer, get_gazetteer
from .nlp import COUNTRY, EVENT, MINISTRY, ORG, TITLE
from ..resources import load_data, titles, word_list

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
BIG_CITY = 100_000  # population above which a bare capitalised word is read as the place
_APOS = ("'s", "\u2019s", "'", "\u2019")


@dataclass
class Found:
    """A mention while extraction works on it (token offsets into the Doc)."""

    start: int
    end: int
    label: str
    key: str | None = None
    canonical: str | None = None
    country: str | None = None
    reason: str = ""
    source: str = ""  # what proposed it: ruler, ner:LABEL, agreement, gazetteer, dateline
    titled: bool = False  # a title stands right before it
    cluster: int = -1
    honorific_start: int | None = None  # Person: an honorific the model left outside the name starts here
    maybe_person: bool = False  # Place: the model said PERSON; a Person if a name of this document has the word
    strong: bool = False  # Person: the grammar says so (speaks, owns a presidency); outvotes the model
    context_country: str | None = None  # Place: "Doha, Qatar" names the place's country
    country_prefix_end: int | None = None  # Ministry/Organization: a country in front ends here ("US State Department")

    @property
    def written_start(self) -> int:
        """Where the mention starts as written, with its honorific ("Sir Keir Starmer")."""
        return self.start if self.honorific_start is None else self.honorific_start


@dataclass
class TitleSpan:
    start: int
    end: int
    org: int | None = None  # index of a Found the title belongs to ("of the Sovereign Council")


class EntityFinder:
    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self.gaz = gaz or get_gazetteer()
        t = titles()
        self.honorifics = set(t["honorifics"])
        self.title_words = set(t["heads"]) | set(t["modifiers"]) | {r.split()[-1] for r in t["ranks"]}
        self.particles = set(t["name_particles"])
        self.suffixes = set(t["name_suffixes"])
        self.non_entities = word_list("non_entities.txt")
        orgs = load_data("organizations.json")
        self.event_heads = set(orgs["event_heads"])
        self.geo_heads = set(orgs["geo_heads"])
        self.royal_titles = set(orgs["royal_titles"])
        self.not_places = set(orgs["not_places"])
        self.facility_heads = set(orgs["facility_heads"])
        self.continent_adj = self._continent_adjectives()

    def _continent_adjectives(self) -> dict[str, str]:
        out = {}
        for places in self.gaz.places.values():
            for p in places:
                if p.kind == "continent":
                    for suffix in ("an", "n", "ean"):
                        out[p.name + suffix] = p.name
        return out

    # ------------------------------------------------------------------ main
    def find(self, doc: Doc) -> tuple[list[Found], list[TitleSpan]]:
        found: list[Found] = []
        title_spans: list[TitleSpan] = []
        for ent in doc.ents:
            self._classify(doc, ent, found, title_spans)
        self._dateline(doc, found)
        self._names_after_titles(doc, found, title_spans)
        self._mark_titled(doc, found, title_spans)
        self._person_by_grammar(doc, found)
        self._agree(doc, found)
        self._propagate(doc, found)
        self._gazetteer_scan(doc, found)
        self._events_from_heads(doc, found)
        self._inside_events(doc, found)
        self._geographic_names(doc, found)
        self._place_adjectives(doc, found)
        self._acronyms_of_known(doc, found)
        self._nicknames(doc, found)
        self._country_prefixes(doc, found)
        self._place_countries(doc, found)
        self._alias_forms(doc, found)
        found.sort(key=lambda f: (f.start, -f.end))
        self._acronym_definitions(doc, found)
        self._title_complements(doc, found, title_spans)
        return found, title_spans

    # ------------------------------------------------------------- classify
    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and doc[end - 1].text in _APOS:
            end -= 1
        while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".", ")"):
            end -= 1
        # "Kiev-based", "US-led": the hyphenated adjective is not part of the name.
        if end - start >= 3 and doc[end - 2].text in ("-", "\u2010") and doc[end - 1].is_lower:
            end -= 2
        while start < end and doc[start].is_punct and doc[start].text not in ("\u201c", '"'):
            start += 1
        return start, end

    def _classify(self, doc: Doc, ent: Span, found: list[Found], titles_out: list[TitleSpan]) -> None:
        label = ent.label_
        if label == TITLE:
            titles_out.append(TitleSpan(ent.start, ent.end))
            return
        start, end = self._trim(doc, ent.start, ent.end)
        if start >= end:
            return
        text = doc[start:end].text
        if text in self.non_entities:
            return
        if label == COUNTRY:
            found.append(Found(start, end, "Country", key=ent.ent_id_, source="ruler", reason=self._country_reason(text)))
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
            if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (",", ";", "\u2014", "\u2013") or "\n" in doc[k - 1].whitespace_:
                end = k
                break
        # An intra-word hyphen continues a person's name ("Suk-yeol", "Keon-hee").
        while label == "PERSON" and end + 1 < len(doc) and doc[end].text in ("-", "\u2010") and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_alpha:
            end += 2
        # Titles the model left inside a person's name: move them out.
        while label == "PERSON" and start < end - 1 and doc[start].lower_ in self.title_words and doc[start].lower_ not in self.honorifics:
            start += 1
        text = doc[start:end].text
        src = f"ner:{label}"
        hit = self.gaz.country(text)
        if hit is not None:
            found.append(Found(start, end, "Country", key=hit.code, source=src, reason=self._country_reason(text)))
            return
        if label == "NORP":
            if text in self.continent_adj:
                place = self.gaz.best_place(self.continent_adj[text])
                if place:
                    found.append(Found(start, end, "Place", key=f"geonames:{place.geonameid}", canonical=place.name,
                                       source=src, reason=f"adjective of {place.name}"))
            return
        if label == "EVENT" or (label in ("ORG", "LOC", "GPE", "FAC") and doc[end - 1].lower_ in self.event_heads
                                and end - start >= 2):
            found.append(Found(start, end, "Event", source=src))
            return
        if label in ("GPE", "LOC", "FAC"):
            if text in self.not_places:
                return
            found.append(Found(start, end, "Place", source=src))
            return
        n_tokens = end - start
        if label in ("PERSON", "ORG") and n_tokens == 1:
            place = self.gaz.best_place(text)
            if place and place.population >= BIG_CITY and doc[start].is_title:
                # Decided for good after agreement: a surname of a person in this document stays a Person.
                found.append(Found(start, end, "Place", source=src, maybe_person=label == "PERSON"))
                return
        if label == "PERSON":
            found.append(Found(start, end, "Person", source=src))
            return
        low = text.lower()
        if label == "ORG" and doc[end - 1].lower_ in self.facility_heads and doc[end - 1].is_title:
            found.append(Found(start, end, "Place", source=src, reason="named building or site"))
            return
        if any(w in low.split() for w in ("ministry", "department")):
            found.append(Found(start, end, "Ministry", source=src, reason="ministry word in name"))
            return
        found.append(Found(start, end, "Organization", source=src))

    def _country_reason(self, text: str) -> str:
        hit = self.gaz.country(text)
        if hit is None:
            return ""
        return {"demonym": f"demonym of {hit.code}", "abbrev": f"abbreviation of {hit.code}"}.get(
            hit.kind, f"country name of {hit.code}")

    # ------------------------------------------------------------- dateline
    def _dateline(self, doc: Doc, found: list[Found]) -> None:
        """Wire-style datelines: 'KYIV, March 3 (Reuters) -' or 'Moscow (Reuters) -' opening a paragraph."""
        covered = _covered(found)
        for sent in doc.sents:
            first = sent[0]
            if first.i > 0 and "\n" not in doc[first.i - 1].text_with_ws and "\n" not in doc[first.i - 1].whitespace_:
                continue
            i = first.i
            while i < sent.end and (doc[i].is_upper or doc[i].is_title) and doc[i].is_alpha:
                i += 1
            if i == first.i or i >= sent.end or doc[i].text not in (",", "(", "\u2014", "\u2013", "-", "--"):
                continue
            if not (doc[first.i].is_upper or (i < len(doc) and doc[i].text == "(")):
                continue
            if any(t in covered for t in range(first.i, i)):
                continue
            name = doc[first.i:i].text
            place = self.gaz.best_place(name)
            if place and place.kind == "city":
                found.append(Found(first.i, i, "Place", source="dateline",
                                   reason=f"dateline; GeoNames {place.name}"))
                covered.update(range(first.i, i))
            # "(Reuters)", "(Xinhua)": the wire service in brackets after a dateline.
            for k in range(i, min(i + 10, sent.end - 2)):
                if doc[k].text == "(" and doc[k + 2].text == ")" and doc[k + 1].is_alpha \
                        and doc[k + 1].text[0].isupper() and (k + 1) not in covered:
                    found.append(Found(k + 1, k + 2, "Organization", source="dateline", reason="wire service in a dateline"))
                    covered.add(k + 1)
                    break

    # ------------------------------------------------------- titles / names
    def _names_after_titles(self, doc: Doc, found: list[Found], title_spans: list[TitleSpan]) -> None:
        """'Minister of Defence Rustem Umerov': capitalised words right after a title that the
        model left untagged are a person's name."""
        covered = _covered(found)
        for t in title_spans:
            j = t.end
            while j < len(doc) and doc[j].lower_ in self.honorifics:
                j += 1
            k = j
            while k < len(doc) and k - j < 5 and k not in covered and (doc[k].is_title or (
                    doc[k].lower_ in self.particles and k > j)) and doc[k].is_alpha and doc[k].pos_ == "PROPN":
                k += 1
            while k > j and doc[k - 1].lower_ in self.particles:
                k -= 1
            if k > j:
                found.append(Found(j, k, "Person", source="title", titled=True, reason="name after a title"))
                covered.update(range(j, k))

    def _mark_titled(self, doc: Doc, found: list[Found], title_spans: list[TitleSpan]) -> None:
        ends = {t.end: t for t in title_spans}
        for f in found:
            j = f.start
            while j > 0 and doc[j - 1].lower_ in self.honorifics:
                j -= 1
            if j in ends or (j > 1 and doc[j - 1].text == "," and (j - 1) in ends):
                f.titled = True
                if f.label in ("Organization", "Place") and f.source.startswith("ner"):
                    f.label, f.reason = "Person", "name after a title"
            # An honorific the model left outside the name belongs to it ("Sir Keir Starmer").
            if f.label == "Person" and j < f.start:
                f.honorific_start = j

    def name_parts(self, doc: Doc, f: Found) -> list[str]:
        """The words of a name that can stand for the person alone: the surname, and the first
        word unless it is also a place ("Sydney Kamara" does not make "Sydney" a person)."""
        toks = [t.text for t in doc[f.start:f.end] if not t.is_punct and t.lower_ not in self.honorifics]
        toks = [t for t in toks if t.lower() not in self.particles
                and t.lower().rstrip(".") not in {s.rstrip(".") for s in self.suffixes}]
        if not toks:
            return []
        parts = [toks[-1]]
        if len(toks) > 1 and not self.gaz.country(toks[0]) and not self.gaz.place_candidates(toks[0]):
            parts.append(toks[0])
        return parts

    def _person_by_grammar(self, doc: Doc, found: list[Found]) -> None:
        """A one-word 'organisation' that says things, owns a presidency, or is met or called is a person."""
        cues = load_data("person_cues.json")
        speech, owned, with_nouns = set(cues["speech_verbs"]), set(cues["owned_nouns"]), set(cues["with_nouns"])
        for f in found:
            if f.label != "Organization" or not f.source.startswith("ner") or f.end - f.start != 1:
                continue
            tok = doc[f.start]
            place = self.gaz.best_place(tok.text)
            if not tok.is_title or tok.is_upper or self.gaz.country(tok.text) or (place and place.population >= BIG_CITY):
                continue
            head = tok.head
            if (tok.dep_ == "nsubj" and head.lemma_.lower() in speech) \
                    or (tok.dep_ in ("compound", "poss") and head.lemma_.lower() in owned) \
                    or (tok.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in with_nouns):
                f.label, f.reason = "Person", "one-word name in a person's role in the sentence"
                f.strong = True

    def _agree(self, doc: Doc, found: list[Found]) -> None:
        """One type for one name in a document: titles and full names outvote the model's slips."""
        parts: set[str] = set()
        for f in found:
            if f.label == "Person" and f.end - f.start >= 2:
                parts.update(p for p in self.name_parts(doc, f) if len(p) > 2)
        votes: dict[str, Counter] = defaultdict(Counter)
        for f in found:
            text = doc[f.start:f.end].text
            if f.label in ("Organization", "Place", "Person") and f.source.startswith("ner") and text in parts:
                f.label, f.reason = "Person", "part of a person's name in this document"
            weight = 3 if f.titled or f.source == "ruler" or f.strong else 1
            votes[text][f.label] += weight
        for f in found:
            if not f.source.startswith("ner"):
                continue
            text = doc[f.start:f.end].text
            best, n = votes[text].most_common(1)[0]
            if best != f.label and n > votes[text][f.label]:
                f.label, f.reason = best, f"agreement with the other mentions of {text!r}"
            if f.label == "Place" and f.maybe_person and text in parts:
                f.label = "Person"

    def _propagate(self, doc: Doc, found: list[Found]) -> None:
        """Re-occurrences of a known name that the model missed get the same type."""
        known: dict[tuple[str, ...], Found] = {}
        for f in found:
            toks = tuple(t.text for t in doc[f.start:f.end])
            if f.label in ("Person", "Organization", "Place", "Ministry", "Event") and len("".join(toks)) > 2:
                if toks[0][:1].isupper():
                    known.setdefault(toks, f)
            if f.label == "Person" and f.end - f.start >= 2:
                for p in self.name_parts(doc, f):
                    if len(p) > 2 and p[0].isupper():
                        known.setdefault((p,), f)
        if not known:
            return
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for toks in known:
            by_first[toks[0]].append(toks)
        for lst in by_first.values():
            lst.sort(key=len, reverse=True)
        covered = _covered(found)
        i = 0
        n = len(doc)
        while i < n:
            cands = by_first.get(doc[i].text)
            if not cands or i in covered:
                i += 1
                continue
            for toks in cands:
                j = i + len(toks)
                if j <= n and tuple(t.text for t in doc[i:j]) == toks and not any(k in covered for k in range(i, j)):
                    src = known[toks]
                    label = src.label
                    found.append(Found(i, j, label, key=src.key if label in ("Country", "Place") else None, source="agreement",
                                       reason=f"same name as another {label} mention in this document"))
                    covered.update(range(i, j))
                    i = j - 1
                    break
            i += 1

    def _gazetteer_scan(self, doc: Doc, found: list[Found]) -> None:
        """Large places the model did not tag at all ('meeting ... in Kiev')."""
        covered = _covered(found)
        for tok in doc:
            if tok.i in covered or not tok.is_title or tok.pos_ != "PROPN" or tok.is_sent_start:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and doc[tok.i + 1].pos_ == "PROPN":
                continue  # part of a longer name the model did not know
            if tok.i > 0 and doc[tok.i - 1].is_title and doc[tok.i - 1].pos_ == "PROPN":
                continue
            place = self.gaz.best_place(tok.text)
            if place and place.population >= BIG_CITY:
                found.append(Found(tok.i, tok.i + 1, "Place", source="gazetteer", reason=f"GeoNames {place.name}"))

    def _events_from_heads(self, doc: Doc, found: list[Found]) -> None:
        """'EU summit', 'ASEAN Summit', 'Black Sea grain deal': a named thing followed by an event word."""
        covered_events = {t for f in found if f.label == "Event" for t in range(f.start, f.end)}
        for f in list(found):
            if f.label not in ("Organization", "Country", "Place") or f.end >= len(doc):
                continue
            nxt = doc[f.end]
            if nxt.lower_ in self.event_heads and f.end not in covered_events and nxt.pos_ in ("NOUN", "PROPN"):
                start = f.start
                if start > 0 and doc[start - 1].like_num or (start > 0 and doc[start - 1].ent_type_ == "ORDINAL"):
                    start -= 1
                found.append(Found(start, f.end + 1, "Event", source="pattern", reason="name + event word"))
                covered_events.update(range(start, f.end + 1))

    def _inside_events(self, doc: Doc, found: list[Found]) -> None:
        """'ASEAN Summit', 'EU summit': the body or country named inside an event is mentioned too."""
        have = {(f.start, f.end) for f in found}
        for f in list(found):
            if f.label != "Event" or f.end - f.start < 2:
                continue
            s, e = f.start, f.end - 1
            while s < e and (doc[s].like_num or doc[s].lower_ in ("the",)):
                s += 1
            if s >= e or (s, e) in have:
                continue
            text = doc[s:e].text
            hit = self.gaz.country(text)
            if hit:
                found.append(Found(s, e, "Country", key=hit.code, source="inside", reason=self._country_reason(text)))
            elif text.replace(".", "").isupper() and 2 <= len(text) <= 8:
                found.append(Found(s, e, "Organization", source="inside", reason="body named inside an event"))

    def _geographic_names(self, doc: Doc, found: list[Found]) -> None:
        """'South China Sea', 'Korean Peninsula': a country word inside a geographic name is not the country."""
        for f in list(found):
            if f.label != "Country" or f.end >= len(doc) or doc[f.end].lower_ not in self.geo_heads or not doc[f.end].is_title:
                continue
            start = f.start
            if start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start \
                    and doc[start - 1].lower_ in ("south", "north", "east", "west", "central", "eastern", "western", "northern", "southern"):
                start -= 1
            for g in list(found):
                if g is not f and g.start >= start and g.end <= f.end + 1:
                    found.remove(g)
            found.remove(f)
            found.append(Found(start, f.end + 1, "Place", source="pattern", reason="geographic name"))

    def _place_adjectives(self, doc: Doc, found: list[Found]) -> None:
        """'East African' for 'East Africa', 'European' for 'Europe': the adjective of a place in this document."""
        places = {doc[f.start:f.end].text: f for f in found if f.label == "Place"}
        covered = _covered(found)
        for ent in doc.ents:
            if ent.label_ != "NORP" or any(t in covered for t in range(ent.start, ent.end)):
                continue
            text = ent.text
            for cut in (1, 2, 3):
                base = places.get(text[:-cut]) if len(text) > cut + 3 else None
                if base is not None:
                    key = base.key or "name:" + doc[base.start:base.end].text.casefold()
                    found.append(Found(ent.start, ent.end, "Place", key=key, source="adjective",
                                       reason=f"adjective of {doc[base.start:base.end].text}"))
                    break

    def _acronyms_of_known(self, doc: Doc, found: list[Found]) -> None:
        """'AU' after 'African Union': an all-capitals word that spells a named body's initials."""
        acr: dict[str, Found] = {}
        for f in found:
            if f.label in ("Organization", "Ministry") and f.end - f.start >= 2:
                words = [t for t in doc[f.start:f.end] if t.is_alpha and t.lower_ not in ("of", "the", "and", "for", "on")]
                if len(words) >= 2 and all(w.text[0].isupper() for w in words):
                    acr.setdefault("".join(w.text[0] for w in words), f)
        if not acr:
            return
        covered = _covered(found)
        for tok in doc:
            if tok.i in covered or not tok.is_upper or not tok.is_alpha:
                continue
            src = acr.get(tok.text)
            if src is not None:
                found.append(Found(tok.i, tok.i + 1, src.label, country=src.country, source="acronym",
                                   reason=f"initials of {doc[src.start:src.end].text} in this document"))

    def _nicknames(self, doc: Doc, found: list[Found]) -> None:
        """'Ferdinand "Bongbong" Marcos Jr.': a quoted nickname inside a name keeps the name whole."""
        quotes_open, quotes_close = ("\u201c", '"', "'"), ("\u201d", '"', "'")
        by_start = {f.start: f for f in found}
        for f in list(found):
            if f.label != "Person" or f.start < 4:
                continue
            q2, nick, q1 = doc[f.start - 1], doc[f.start - 2], doc[f.start - 3]
            if q2.text not in quotes_close or q1.text not in quotes_open or not nick.is_title:
                continue
            j = f.start - 3
            k = j
            while k > 0 and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN" and doc[k - 1].lower_ not in self.title_words:
                k -= 1
            if k == j:
                continue
            for g in list(found):
                if g is not f and k <= g.start and g.end <= f.start:
                    found.remove(g)
            f.start = k
            f.reason = "name with a quoted nickname"
            by_start[k] = f

    def _country_prefixes(self, doc: Doc, found: list[Found]) -> None:
        """'US State Department', 'Saudi Foreign Ministry', "Ukraine's Defence Ministry": the country of a body."""
        countries = {f.start: f for f in found if f.label == "Country"}
        by_end = {f.end: f for f in found if f.label == "Country"}
        for f in found:
            if f.label not in ("Ministry", "Organization"):
                continue
            if f.start in countries and countries[f.start].end < f.end:
                f.country = f.country or countries[f.start].key
                f.country_prefix_end = countries[f.start].end
                continue
            j = f.start
            if j >= 1 and doc[j - 1].text in _APOS:
                j -= 1
            if j in by_end and f.label == "Ministry":
                f.country = f.country or by_end[j].key
        # Inner country words of bodies the model tagged whole ("British Army") are Country mentions too.
        have = {(f.start, f.end) for f in found}
        for f in list(found):
            if f.label in ("Organization", "Ministry") and f.country_prefix_end is None:
                for k in range(f.start, f.end):
                    for m in range(min(f.end, k + 4), k, -1):
                        if (k, m) == (f.start, f.end):
                            continue
                        hit = self.gaz.country(doc[k:m].text)
                        if hit and (k, m) not in have:
                            found.append(Found(k, m, "Country", key=hit.code, source="inside",
                                               reason=self._country_reason(doc[k:m].text)))
                            have.add((k, m))
                            if k == f.start and f.label == "Ministry":
                                f.country = f.country or hit.code
                            break

    def _alias_forms(self, doc: Doc, found: list[Found]) -> None:
        """Other ways the text writes the same name, kept as mentions so they become aliases:
        a person without the honorific ("Keir Starmer" in "Sir Keir Starmer"), a body with the
        country in front ("US State Department" for "State Department")."""
        countries_by_end = {f.end: f for f in found if f.label == "Country"}
        for f in list(found):
            if f.label == "Person" and f.honorific_start is not None and f.end - f.start >= 2:
                found.append(Found(f.start, f.end, "Person", country=f.country, source="alias",
                                   reason="name without the honorific", titled=f.titled))
            elif f.label == "Person" and doc[f.start].lower_ in self.honorifics and f.end - f.start >= 3:
                found.append(Found(f.start + 1, f.end, "Person", country=f.country, source="alias",
                                   reason="name without the honorific", titled=f.titled))
            if f.label == "Person" and f.start > 0 and doc[f.start - 1].lower_ in self.royal_titles \
                    and doc[f.start - 1].is_title and f.end - f.start == 1:
                # "Prince Mohammed", "King Charles": royal styles are part of how the name is written.
                found.append(Found(f.start - 1, f.end, "Person", source="alias", reason="name with its royal style"))
            elif f.label in ("Ministry", "Organization") and f.start in countries_by_end:
                c = countries_by_end[f.start]
                found.append(Found(c.start, f.end, f.label, country=f.country or c.key, source="alias",
                                   reason=f"{doc[f.start:f.end].text} with its country in front"))
                f.country = f.country or c.key

    def _place_countries(self, doc: Doc, found: list[Found]) -> None:
        """'Doha, Qatar': a country right after a place names the place's country."""
        country_at = {f.start: f for f in found if f.label == "Country"}
        for f in found:
            if f.label == "Place" and f.end + 1 < len(doc) and doc[f.end].text == ",":
                c = country_at.get(f.end + 1)
                if c is not None:
                    f.context_country = c.key

    def _acronym_definitions(self, doc: Doc, found: list[Found]) -> None:
        """'Papua New Guinea (PNG)', 'Ministry of Defence (MoD)': the bracketed acronym is the same thing."""
        next_cluster = 0
        at = {f.start: f for f in found}
        for f in found:
            if f.end + 2 < len(doc) and doc[f.end].text == "(" and doc[f.end + 2].text == ")":
                acr = doc[f.end + 1]
                if acr.text.isupper() or (acr.text[:1].isupper() and any(c.isupper() for c in acr.text[1:])):
                    if 2 <= len(acr.text) <= 6 and acr.is_alpha:
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
                        other.reason = f"acronym defined in the text for {doc[f.start:f.end].text}"
        found.sort(key=lambda f: (f.start, -f.end))

    def _title_complements(self, doc: Doc, found: list[Found], title_spans: list[TitleSpan]) -> None:
        """'President of the Sovereign Council': a title's 'of X' names the body it belongs to."""
        at = {f.start: i for i, f in enumerate(found)}
        for t in title_spans:
            j = t.end
            if j < len(doc) and doc[j].lower_ in ("of", "for", "at"):
                j += 1
                if j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                if j in at and found[at[j]].label in ("Organization", "Ministry", "Country"):
                    t.org = at[j]


def _covered(found: list[Found]) -> set[int]:
    return {t for f in found for t in range(f.start, f.end)}


_space = re.compile(r"\s+")


def surface(doc: Doc, f: Found) -> str:
    """The mention as written, with the possessive and line breaks removed."""
    start = f.written_start
    text = doc[start:f.end].text
    for suffix in _APOS:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return _space.sub(" ", text).strip()
