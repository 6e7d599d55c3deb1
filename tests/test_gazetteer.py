"""The gazetteer: countries by name, demonym and abbreviation, and places read in their context."""
import pytest

from kgbuild.gazetteer import get_gazetteer

KYIV = 703448  # GeoNames ids
PERTH_AU, PERTH_GB = 2063523, 2640358


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


@pytest.mark.parametrize("surface, code, kind", [
    ("United Kingdom", "GB", "name"), ("Britain", "GB", "name"), ("UK", "GB", "abbrev"), ("U.K.", "GB", "abbrev"),
    ("British", "GB", "demonym"), ("Briton", "GB", "demonym"), ("Britons", "GB", "demonym"),
    ("American", "US", "demonym"), ("Americans", "US", "demonym"), ("U.S.", "US", "abbrev"),
    ("Emirati", "AE", "demonym"), ("UAE", "AE", "abbrev"), ("Türkiye", "TR", "name"), ("Turkish", "TR", "demonym"),
    ("North Korean", "KP", "demonym"), ("DPRK", "KP", "abbrev"), ("Dutch", "NL", "demonym"), ("Holland", "NL", "name"),
    ("Palestinian", "PS", "demonym"), ("Swiss", "CH", "demonym"),
])
def test_countries_by_name_demonym_and_abbreviation(gaz, surface, code, kind):
    hit = gaz.country(surface)
    assert hit is not None, surface
    assert (hit.code, hit.kind) == (code, kind)


def test_country_names_are_the_short_english_ones(gaz):
    assert [gaz.country_names[c] for c in ("GB", "US", "KR", "RU", "UA")] == [
        "United Kingdom", "United States", "South Korea", "Russia", "Ukraine"]
    assert len(gaz.country_names) > 240


def test_words_that_are_only_iso_codes_or_written_otherwise_are_no_country(gaz):
    for surface in ("IT", "IN", "AM", "OR", "NATO", "french", "britain", "UK ", "Kyiv", "EU"):
        assert gaz.country(surface) is None, surface


def test_upper_case_datelines_name_countries(gaz):
    assert gaz.country("UKRAINE").code == "UA" and gaz.country("UKRAINE").surface == "Ukraine"
    assert gaz.country("UNITED KINGDOM").code == "GB"
    assert gaz.country("KYIV") is None  # a city, not a country


def test_place_candidates_by_any_spelling(gaz):
    for surface in ("Kyiv", "Kiev", "KYIV", "kyiv"):
        assert [p.geonameid for p in gaz.place_candidates(surface)] == [KYIV], surface
    kyiv = gaz.place_by_id[KYIV]
    assert (kyiv.name, kyiv.country, kyiv.kind) == ("Kyiv", "UA", "city") and kyiv.population > 1_000_000
    assert gaz.best_place("Europe").kind == "continent"
    assert (gaz.best_place("Texas").kind, gaz.best_place("Texas").country) == ("state", "US")
    assert gaz.place_candidates("Ashwick Vale") == [] and gaz.best_place("Ashwick Vale") is None


def test_best_place_takes_the_documents_country_then_size(gaz):
    assert gaz.best_place("Perth").geonameid == PERTH_AU  # the larger city
    assert gaz.best_place("Perth", {"GB": 1}).geonameid == PERTH_GB  # a country the document names
    assert gaz.best_place("Perth", {"GB": 0}).geonameid == PERTH_AU
    assert gaz.best_place("Paris").country == "FR"
    assert gaz.best_place("Paris", {"US": 2}).country == "US"
    assert gaz.best_place("Rostov").name == "Rostov-on-Don"  # the much larger Rostov
    assert gaz.best_place("New Delhi").name == "New Delhi"  # not Delhi, though Delhi is larger


def test_demonyms_news_english_writes_name_their_countries():
    from kgbuild.gazetteer import get_gazetteer
    g = get_gazetteer()
    assert {w: g.country(w).code for w in ("Uzbek", "Tajik", "Kazakh", "Kyrgyz", "Nepali", "Argentine")} == {
        "Uzbek": "UZ", "Tajik": "TJ", "Kazakh": "KZ", "Kyrgyz": "KG", "Nepali": "NP", "Argentine": "AR"}
    assert g.country("Korean") is None  # North or South: the text must say


@pytest.mark.parametrize("surface, code", [("Khyber Pakhtunkhwa", "PK"), ("Sindh", "PK"), ("Gujarat", "IN"),
                                           ("Oromia", "ET"), ("Guangdong", "CN"), ("Ashanti", "GH")])
def test_a_countrys_first_level_divisions_are_states(gaz, surface, code):
    assert any(p.kind == "state" and p.country == code for p in gaz.place_candidates(surface)), surface


@pytest.mark.parametrize("surface", ["Central", "Northern", "Upper East", "Niger"])
def test_divisions_named_by_common_words_or_a_country_are_left_out(gaz, surface):
    assert not any(p.kind == "state" and p.geonameid < 0 for p in gaz.place_candidates(surface)), surface


def test_a_large_city_wins_over_the_division_of_its_name(gaz):
    assert gaz.best_place("Lagos").kind == "city"


def test_a_province_under_a_mere_grouping_of_provinces_is_a_first_level_division(gaz):
    # Indonesia files its provinces under 'geographical units' (ISO 3166-2); they are first-level all the same
    assert any(p.country == "ID" and p.kind == "state" for p in gaz.place_candidates("Sumatera Utara"))
    assert any(p.country == "ID" and p.kind == "state" for p in gaz.place_candidates("Bali"))
