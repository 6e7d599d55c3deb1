"""Entity mentions from a parsed document.

spaCy's NER (with kgbuild's ruler in front of it) proposes spans; the passes below turn them into typed
mentions and correct the model with general evidence: gazetteers (a "PERSON" that is a large city is a
Place), titles (a name after "Defence Secretary" is a Person), and agreement within the document (a surname
that the model called ORG once and PERSON elsewhere is a Person everywhere).

The passes run in the declared order of PIPELINE over one `Draft` (the document's mentions and titles so
far); each pass says in its docstring what it reads and what it changes. By theme:

- spans.py: the ruler's and the model's spans, typed and trimmed;
- people.py: names after titles, titled mentions, grammar only people take, agreement, propagation,
  nicknames, alias forms;
- places.py: datelines, the gazetteer scan, geographic names, place adjectives, a place's country;
- bodies.py: body names, parliaments, events, bodies inside events, acronyms, countries of bodies, defined
  acronyms, title bodies;
- events.py: events named in running text (a happening noun with names, an ordinal or a naming complement).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from ...gazetteer import Gazetteer
from . import bodies, events, people, places, spans
from .base import BIG_CITY, Draft, EntityConfig, Found, TitleSpan, surface

__all__ = ["BIG_CITY", "PIPELINE", "Draft", "EntityConfig", "EntityFinder", "Found", "Pass", "TitleSpan", "surface"]


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[EntityConfig, Draft], None]

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip()


# The order matters: later passes read what earlier ones decided (agreement needs the titled mentions,
# propagation the agreed labels, acronym definitions the final labels, title bodies the final order).
PIPELINE: tuple[Pass, ...] = (
    Pass("spans", spans.classify_spans),
    Pass("datelines", places.datelines),
    Pass("hyphenated places", places.hyphenated_places),
    Pass("body names", bodies.body_names),
    Pass("described bodies", bodies.described_bodies),
    Pass("presidencies of bodies", bodies.bodies_presidencies),
    Pass("parliaments", bodies.legislatures),
    Pass("generic governments", bodies.generic_governments),
    Pass("bodies of regions", bodies.body_regions),
    Pass("offices of titles", bodies.possessive_offices),
    Pass("styled names", people.styled_names),
    Pass("names after titles", people.names_after_titles),
    Pass("titled mentions", people.mark_titled),
    Pass("names the model cut", people.extend_names),
    Pass("headline support", spans.headline_support),
    Pass("people by grammar", people.person_by_grammar),
    Pass("styles alone", people.styles_alone),
    Pass("agreement", people.agree),
    Pass("listed people", people.listed_people),
    Pass("bylines", people.bylines),
    Pass("propagation", people.propagate),
    Pass("name extension", people.extend_names),
    Pass("world regions", places.world_regions),
    Pass("gazetteer scan", places.gazetteer_scan),
    Pass("places before titles", places.places_before_titles),
    Pass("listed places", places.listed_places),
    Pass("event phrases", events.event_phrases),
    Pass("visits", events.visit_events),
    Pass("events from heads", bodies.events_from_heads),
    Pass("inside events", bodies.inside_events),
    Pass("geographic names", places.geographic_names),
    Pass("place adjectives", places.place_adjectives),
    Pass("directional regions", places.directional_regions),
    Pass("acronyms of known bodies", bodies.acronyms_of_known),
    Pass("nicknames", people.nicknames),
    Pass("lowercase ministries", bodies.lowercase_ministries),
    Pass("country prefixes", bodies.country_prefixes),
    Pass("place countries", places.place_countries),
    Pass("state references", places.state_references),
    Pass("region forms", places.region_forms),
    Pass("alias forms", people.alias_forms),
    Pass("event keys", events.event_keys),
    Pass("wars in passing", events.wars_in_passing),
    Pass("sort", bodies.sort_by_position),
    Pass("acronym definitions", bodies.acronym_definitions),
    Pass("title bodies", bodies.title_complements),
)


class EntityFinder:
    """Runs PIPELINE over one document at a time; holds configuration only (word sets, the gazetteer)."""

    def __init__(self, gaz: Gazetteer | None = None, pipeline: tuple[Pass, ...] = PIPELINE) -> None:
        self.config = EntityConfig.load(gaz)
        self.pipeline = pipeline

    def find(self, doc: Doc) -> tuple[list[Found], list[TitleSpan]]:
        """The document's mentions (in text order) and title spans."""
        draft = Draft(doc)
        for p in self.pipeline:
            p.run(self.config, draft)
        return draft.found, draft.titles
