"""What the entity passes share: the mention being worked on (`Found`), title spans, the per-document
working state (`Draft`) and the configuration loaded once per process (`EntityConfig`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...gazetteer import Gazetteer, get_gazetteer
from ...names import fold, plurals
from ...resources import data_lines, load_data, titles, word_list

BIG_CITY = 100_000  # population above which a bare capitalised word is read as the place
HUGE_CITY = 1_000_000  # ... and above which an alternate name of it is too ("Kiev", "Bombay")
APOS = ("'s", "\u2019s", "'", "\u2019")  # possessive endings, never part of a name
ARTICLES = frozenset({"the", "a", "an"})  # trimmed from the front of a name
NAME_PART_MIN = 3  # a word of a name shorter than this never stands for the name alone ("Al", "Li")


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
    head_end: int | None = None  # Event: its words end here, a naming complement follows ("summit | in Ankara")

    @property
    def written_start(self) -> int:
        """Where the mention starts as written, with its honorific ("Sir Keir Starmer")."""
        return self.start if self.honorific_start is None else self.honorific_start


@dataclass
class TitleSpan:
    start: int
    end: int
    org: int | None = None  # index of a Found the title belongs to ("of the Sovereign Council")


@dataclass
class Draft:
    """One document while the entity passes work on it: its mentions and titles so far."""

    doc: Doc
    found: list[Found] = field(default_factory=list)
    titles: list[TitleSpan] = field(default_factory=list)

    _headline: int | None = field(default=None, repr=False)

    def headline_end(self) -> int:
        """Where a title-case headline on the first line ends (0 when the document has none): in "Minister
        Visits Capital" every word looks like a name to the model, so its mentions need the body's support."""
        if self._headline is None:
            self._headline = headline_end(self.doc)
        return self._headline

    def covered(self) -> set[int]:
        """Tokens inside some mention."""
        return covered(self.found)

    def text(self, f: Found) -> str:
        return self.doc[f.start:f.end].text


@dataclass(frozen=True)
class EntityConfig:
    """Word sets and the gazetteer, loaded once per process from kgbuild/data."""

    gaz: Gazetteer
    honorifics: frozenset[str]
    style_words: frozenset[str]
    title_words: frozenset[str]
    plural_titles: frozenset[str]  # "heads", "ministers", "congressmen"
    particles: frozenset[str]
    patronymic: frozenset[str]  # 'bin', 'ibn': the father's name follows
    suffixes: frozenset[str]  # name suffixes without their dot ("jr", "iii")
    non_entities: frozenset[str]
    event_heads: frozenset[str]
    geo_heads: frozenset[str]
    geo_name_modifiers: frozenset[str]
    royal_titles: frozenset[str]
    not_places: frozenset[str]
    facility_heads: frozenset[str]
    facility_prefixes: frozenset[str]
    continent_adj: dict[str, str]
    speech_verbs: frozenset[str]
    owned_nouns: frozenset[str]
    owned_by_possessive: frozenset[str]
    with_nouns: frozenset[str]
    body_heads: frozenset[str]
    media_heads: frozenset[str]  # "Times", "Press": the last word of a newspaper's or news service's name
    legislatures: frozenset[str]
    portfolio_words: frozenset[str]
    portfolios: frozenset[str]  # whole portfolios ("rural development")
    ministry_heads: frozenset[str]
    event_kinds: dict[str, str]  # event noun -> its kind (organizations.json event_nouns)
    event_complements: dict[str, frozenset[str]]
    event_wrappers: frozenset[str]
    visit_kinds: frozenset[str]
    in_passing_nouns: frozenset[str]  # "war", "invasion": named once outside the lead, no Event
    plan_words: frozenset[str]
    admin_units: frozenset[str]
    place_infixes: frozenset[str]  # "Mar-a-Lago", "Rostov-on-Don": small words inside a hyphenated place name
    state_forms: frozenset[str]
    state_form_heads: frozenset[str]  # "the Islamic Republic", "the Hashemite Kingdom": a state's style
    government_words: frozenset[str]  # "Government", "State": a state's executive, named only by its country
    government_levels: frozenset[str]  # "Federal", "Central": ... or by its level
    regions: dict[str, str]  # folded name without hyphens and spaces -> the region's name (regions.txt)
    body_descriptors: frozenset[str] = frozenset()  # "firm", "broadcaster": a name right after one is a body
    news_agencies: frozenset[str] = frozenset()  # "AP", "Reuters": a wire service (news_agencies.txt)
    person_nouns: frozenset[str] = frozenset()  # "counterpart": a name in apposition to one is a person's
    title_heads: frozenset[str] = frozenset()  # "minister", "ministers", "general": a title's head word, not its modifiers
    region_starts: frozenset[str] = frozenset()  # every beginning of a region key (and of its adjective's): a region's first word is one

    @classmethod
    def load(cls, gaz: Gazetteer | None = None) -> EntityConfig:
        gaz = gaz or get_gazetteer()
        t = titles()
        orgs = load_data("organizations.json")
        cues = load_data("person_cues.json")
        ministries = load_data("ministries.json")
        return cls(
            gaz=gaz,
            honorifics=frozenset(t["honorifics"]),
            style_words=frozenset(t["style_words"]),
            title_words=frozenset(set(t["heads"]) | plurals(t["heads"]) | set(t["modifiers"]) | set(t["title_abbreviations"])
                                  | {r.split()[-1] for r in t["ranks"]}),
            plural_titles=frozenset(plurals(t["heads"])),
            title_heads=frozenset(set(t["heads"]) | plurals(t["heads"]) | {r.split()[-1] for r in t["ranks"]}),
            particles=frozenset(t["name_particles"]),
            patronymic=frozenset(t["patronymic_particles"]),
            suffixes=frozenset(s.rstrip(".") for s in t["name_suffixes"]),
            non_entities=word_list("non_entities.txt"),
            news_agencies=word_list("news_agencies.txt"),
            event_heads=frozenset(orgs["event_heads"]),
            geo_heads=frozenset(orgs["geo_heads"]),
            geo_name_modifiers=frozenset(orgs["geo_name_modifiers"]),
            royal_titles=frozenset(orgs["royal_titles"]),
            not_places=frozenset(orgs["not_places"]),
            facility_heads=frozenset(orgs["facility_heads"]),
            facility_prefixes=frozenset(orgs["facility_prefixes"]),
            continent_adj=_continent_adjectives(gaz),
            speech_verbs=frozenset(cues["speech_verbs"]),
            owned_nouns=frozenset(cues["owned_nouns"]),
            owned_by_possessive=frozenset(cues["owned_by_possessive"]),
            with_nouns=frozenset(cues["with_nouns"]),
            person_nouns=frozenset(cues["person_nouns"]),
            body_heads=frozenset(orgs["body_heads"]),
            media_heads=frozenset(orgs["media_heads"]),
            legislatures=frozenset(orgs["legislatures"]),
            portfolio_words=frozenset(w for p in ministries["portfolios"] for w in p.replace(",", "").split()) - {"and"},
            portfolios=frozenset(p.replace(",", "") for p in ministries["portfolios"]),
            ministry_heads=frozenset(ministries["heads"]),
            event_kinds={w: kind for kind, words in orgs["event_nouns"].items() for w in words},
            event_complements={k: frozenset(v) for k, v in orgs["event_complements"].items()},
            event_wrappers=frozenset(orgs["event_wrappers"]),
            visit_kinds=frozenset(orgs["visit_kinds"]),
            in_passing_nouns=frozenset(orgs["in_passing_nouns"]),
            plan_words=frozenset(orgs["plan_words"]),
            admin_units=frozenset(orgs["admin_units"]),
            place_infixes=frozenset(orgs["place_infixes"]),
            state_forms=frozenset(orgs["state_forms"]),
            state_form_heads=frozenset(orgs["state_form_heads"]),
            body_descriptors=frozenset(orgs.get("body_descriptors", ())),
            government_words=frozenset(orgs["government_words"]),
            government_levels=frozenset(orgs["government_levels"]),
            regions=(regions := _regions()),
            region_starts=_key_starts(regions),
        )

    def country_reason(self, text: str) -> str:
        """Why a text names a country: its name, demonym or abbreviation."""
        hit = self.gaz.country(text)
        if hit is None:
            return ""
        return {"demonym": f"demonym of {hit.code}", "abbrev": f"abbreviation of {hit.code}"}.get(
            hit.kind, f"country name of {hit.code}")

    def big_place(self, text: str):
        """The gazetteer's best place for `text` when it is a large city (or None). A word that is only an
        alternate name of a city ("Hamas" of Hamm, "Day" of Dayton) must belong to a very large one ("Kiev")."""
        place = self.gaz.best_place(text)
        if place is None or place.population < BIG_CITY:
            return None
        if place.population < HUGE_CITY and fold(place.name) != fold(text):
            return None
        return place


def _regions() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in data_lines("regions.txt"):
        out.setdefault(region_key(r), r)  # the first spelling listed names the region
    return out


REGION_ADJECTIVE = {"n": "", "ern": ""}  # "Latin American" of "Latin America", "Middle Eastern" of "Middle East"


def _key_starts(regions: dict[str, str]) -> frozenset[str]:
    """Every prefix of every region key, and of the keys of their adjectives ("Latin American"): the key of a
    name's first word is one of them (keys are folded character by character, without spaces)."""
    forms = set(regions)
    forms |= {key[:len(key) - len(base)] + suffix for key in regions
              for suffix, base in REGION_ADJECTIVE.items() if key.endswith(base)}
    return frozenset(form[:n] for form in forms for n in range(1, len(form) + 1))


def region_key(text: str) -> str:
    """'South-East Asia', 'Southeast Asia' and 'South East Asia' alike: folded, without hyphens and spaces."""
    return fold(text).replace("-", "").replace("\u2010", "").replace(" ", "")


def _continent_adjectives(gaz: Gazetteer) -> dict[str, str]:
    """'African' -> 'Africa', 'European' -> 'Europe': adjectives of the continents the gazetteer knows."""
    out = {}
    for places in gaz.places.values():
        for p in places:
            if p.kind == "continent":
                for suffix in ("an", "n", "ean"):
                    out[p.name + suffix] = p.name
    return out


HEADLINE_WORD = 4  # words at least this long count when deciding whether a line is in title case
HEADLINE_TITLE_SHARE = 0.7  # ... and at least this share of them capitalised makes it a title-case headline
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_TOKENS = 30


def headline_end(doc: Doc) -> int:
    end = next((t.i + 1 for t in doc if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text)), 0)
    if end == 0 or end >= len(doc) or end > HEADLINE_MAX_TOKENS:
        return 0
    last = next((t for t in reversed(doc[:end]) if not t.is_space), None)
    if last is None or last.text == ".":
        return 0  # a paragraph of text, not a headline
    words = [t for t in doc[:end] if t.is_alpha and len(t) >= HEADLINE_WORD]
    if len(words) < HEADLINE_MIN_WORDS:
        return 0
    titled = sum(1 for t in words if t.is_title or t.is_upper)
    return end if titled >= HEADLINE_TITLE_SHARE * len(words) else 0


def covered(found: list[Found]) -> set[int]:
    return {t for f in found for t in range(f.start, f.end)}


_space = re.compile(r"\s+")


def surface(doc: Doc, f: Found) -> str:
    """The mention as written, with the possessive and line breaks removed."""
    text = doc[f.written_start:f.end].text
    for suffix in APOS:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return _space.sub(" ", text).strip()
