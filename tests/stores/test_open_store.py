"""open_store: one call names any graph - a store folder, a Neo4j address, an export file or folder."""
from pathlib import Path

import pytest

import kgbuild
from kgbuild.errors import KgbuildError
from kgbuild.stores import open_store
from kgbuild.stores.embedded import EmbeddedStore
from kgbuild.stores.files import FileStore
from kgbuild.stores.neo4j import Neo4jSettings, Neo4jStore
from tests.stores.graphs import facts, small_graph


def test_a_path_is_an_embedded_store_folder(tmp_path):
    for target in ("kg", tmp_path / "kg", str(tmp_path / "some.dir"), tmp_path / "graph.lbug"):
        st = open_store(target)
        assert type(st) is EmbeddedStore and st.path == Path(target)
    assert not (tmp_path / "kg").exists()  # opening creates nothing


@pytest.mark.parametrize("uri", ["neo4j://db.example:7687", "bolt://127.0.0.1:7687", "neo4j+s://x.databases.neo4j.io",
                                 "bolt+ssc://host"])
def test_a_neo4j_address_is_a_neo4j_store_with_settings_from_the_environment(monkeypatch, uri):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "news")
    monkeypatch.delenv("NEO4J_USERNAME", raising=False)
    st = open_store(uri)  # no connection yet: the server may not even exist
    assert type(st) is Neo4jStore
    assert (st.settings.uri, st.settings.user, st.settings.password, st.settings.database) == (
        uri, "neo4j", "pw-from-env", "news")
    assert st.description == f"Neo4j at {uri} database news" and "pw-from-env" not in repr(st.settings)


def test_neo4j_settings_are_a_neo4j_store():
    settings = Neo4jSettings(uri="bolt://h:7687", user="u", password="p", database="d")
    st = open_store(settings)
    assert type(st) is Neo4jStore and st.settings is settings


@pytest.mark.parametrize("name, fmt", [("g.jsonl", "jsonl"), ("g.ndjson", "jsonl"), ("G.JSONL", "jsonl"),
                                       ("g.graphml", "graphml")])
def test_an_export_file_is_known_by_its_suffix(tmp_path, name, fmt):
    st = open_store(tmp_path / name)
    assert type(st) is FileStore and st.fmt == fmt and st.path == tmp_path / name


def test_a_format_given_wins_over_the_suffix(tmp_path):
    st = open_store(tmp_path / "graph-export", fmt="graphml")
    assert type(st) is FileStore and st.fmt == "graphml"
    with pytest.raises(KgbuildError, match="unknown export format 'xml'"):
        open_store(tmp_path / "g", fmt="xml")


def test_a_neo4j_admin_export_folder_is_known_by_its_import_arguments(tmp_path):
    FileStore(tmp_path / "bulk", "neo4j-admin").write_graph(small_graph())
    st = open_store(tmp_path / "bulk")
    assert type(st) is FileStore and st.fmt == "neo4j-admin"
    assert facts(st.read_graph()) == facts(small_graph())
    (tmp_path / "folder").mkdir()
    assert type(open_store(tmp_path / "folder")) is EmbeddedStore  # any other folder is a store folder


def test_an_open_store_passes_through_and_the_api_takes_it(tmp_path):
    st = FileStore(tmp_path / "g.jsonl")
    st.write_graph(small_graph())
    assert open_store(st) is st
    assert kgbuild.open_store is open_store
    assert kgbuild.query("MATCH (p:Person) RETURN count(p)", store=st).rows == [[2]]
