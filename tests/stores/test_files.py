"""File exports as stores: each format writes a graph and reads the same graph back, and can be queried."""
import json

import networkx as nx
import pytest

from kgbuild.errors import KgbuildError, QueryFailed, WriteRefused
from kgbuild.schema import SchemaError
from kgbuild.stores.files import FileStore, format_of
from tests.stores.graphs import SIGNED, custom_graph, facts, small_graph

TARGETS = {"jsonl": "graph.jsonl", "graphml": "graph.graphml", "neo4j-admin": "bulk"}


def export(tmp_path, fmt: str) -> FileStore:
    return FileStore(tmp_path / TARGETS[fmt], fmt)


@pytest.mark.parametrize("fmt", TARGETS)
@pytest.mark.parametrize("make", [small_graph, custom_graph], ids=["built-in types", "a user-declared type"])
def test_each_format_writes_and_reads_back_the_same_graph(tmp_path, fmt, make):
    g = make()
    result = export(tmp_path, fmt).write_graph(g)
    assert result.records == g.number_of_nodes() + g.number_of_edges()
    assert result.relationships["HOLDS_ROLE"] == 3
    back = FileStore(tmp_path / TARGETS[fmt], fmt).read_graph()
    assert facts(back) == facts(g)
    assert set(back.graph["schema"].relations) == set(g.graph["schema"].relations)
    if make is custom_graph:
        assert back.graph["schema"].relation(SIGNED.name).allows("Person", "Country")
    assert not list(tmp_path.rglob("*.tmp"))


def test_an_export_of_an_export_is_the_same_file(tmp_path):
    FileStore(tmp_path / "a.jsonl").write_graph(custom_graph())
    FileStore(tmp_path / "b.jsonl").write_graph(FileStore(tmp_path / "a.jsonl").read_graph())
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == (tmp_path / "b.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", TARGETS)
def test_a_query_runs_on_an_export(tmp_path, fmt):
    st = export(tmp_path, fmt)
    st.write_graph(custom_graph())
    res = st.query("MATCH (a:Person)-[r:MET]->(b:Person) RETURN a.name, b.id, r.place, r.sent_end")
    assert res.rows == [["Seán O'Brien", "person:x", "Dublin", 20]]
    res = st.query(f"MATCH (:Person)-[r:{SIGNED.name}]->(c:Country) RETURN c.name, r.rule")
    assert res.records() == [{"c.name": "Ireland", "r.rule": "pattern:signed"}]
    if fmt == "jsonl":
        res = st.query("MATCH (p:Person) WHERE list_contains(p.aliases, $a) RETURN p.id", {"a": "O'Brien; the envoy"})
        assert res.rows == [["person:o-brien"]]


def test_an_export_cannot_be_changed_by_a_query_and_bad_cypher_is_one_line(tmp_path):
    st = FileStore(tmp_path / "g.jsonl")
    st.write_graph(small_graph())
    with pytest.raises(KgbuildError, match="cannot be changed by a query; change the store and export again"):
        st.query("MATCH (p:Person) SET p.name = 'x'", write=True)
    with pytest.raises(WriteRefused):  # and without --write the read-only check refuses it first
        st.query("MATCH (p:Person) SET p.name = 'x'")
    with pytest.raises(QueryFailed) as e:
        st.query("MATCH (p:Nowhere) RETURN p")
    assert "\n" not in str(e.value)


def test_jsonl_is_apoc_style_nodes_first(tmp_path):
    FileStore(tmp_path / "g.jsonl").write_graph(small_graph())
    lines = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = [x["type"] for x in lines]
    assert kinds == sorted(kinds, key=lambda k: k != "node") and kinds.count("node") == 8
    met = next(x for x in lines if x.get("label") == "MET")
    assert met["start"] == {"id": "person:o-brien", "labels": ["Person"]} and met["end"]["labels"] == ["Person"]


def test_graphml_opens_in_networkx_with_flat_attributes(tmp_path):
    FileStore(tmp_path / "g.graphml").write_graph(small_graph())
    flat = nx.read_graphml(tmp_path / "g.graphml")
    assert flat.nodes["person:o-brien"]["label"] == "Person"
    assert json.loads(flat.nodes["person:o-brien"]["aliases"]) == ["Seán O'Brien", "O'Brien; the envoy"]
    assert {d["type"] for *_, d in flat.edges(data=True)} >= {"MET", "MENTIONS", "LOCATED_IN"}


def test_a_graph_outside_the_schema_writes_nothing(tmp_path):
    g = small_graph()
    g.add_edge("IE", "person:x", key="MET|IE|x", type="MET", properties={})
    for fmt in TARGETS:
        with pytest.raises(SchemaError, match="from Country to Person is outside the schema"):
            export(tmp_path, fmt).write_graph(g)
    assert list(tmp_path.iterdir()) == []


def test_clear_errors_for_missing_damaged_and_misnamed_exports(tmp_path):
    with pytest.raises(KgbuildError, match="no jsonl export at"):
        FileStore(tmp_path / "none.jsonl").read_graph()
    (tmp_path / "bad.jsonl").write_text('{"type": "node", "id": "x", "labels": ["Person"], "properties": {}}\n'
                                        '{"type": "relationship"}\n', encoding="utf-8")
    with pytest.raises(KgbuildError, match=r"bad.jsonl:2: not a kgbuild JSON lines record"):
        FileStore(tmp_path / "bad.jsonl").read_graph()
    (tmp_path / "odd.jsonl").write_text(
        '{"type": "node", "id": "a", "labels": ["Person"], "properties": {}}\n'
        '{"type": "relationship", "id": "k", "label": "met", "start": {"id": "a"}, "end": {"id": "a"}, '
        '"properties": {}}\n', encoding="utf-8")
    with pytest.raises(KgbuildError, match="UPPER_SNAKE_CASE"):  # a type no kgbuild could have written
        FileStore(tmp_path / "odd.jsonl").read_graph()
    (tmp_path / "plain").mkdir()
    with pytest.raises(KgbuildError, match="is not a kgbuild neo4j-admin export"):
        FileStore(tmp_path / "plain", "neo4j-admin").read_graph()
    with pytest.raises(KgbuildError, match="cannot tell the format of .*name it .jsonl or .graphml, or give --format"):
        FileStore(tmp_path / "graph.txt")
    with pytest.raises(KgbuildError, match="unknown export format 'csv'; choose one of jsonl, graphml, neo4j-admin"):
        FileStore(tmp_path / "graph.csv", "csv")
    with pytest.raises(KgbuildError, match="is a folder; the jsonl export writes one file"):
        FileStore(tmp_path / "plain", "jsonl").write_graph(small_graph())
    (tmp_path / "file").write_text("x")
    with pytest.raises(KgbuildError, match="is a file; the neo4j-admin export writes a folder"):
        FileStore(tmp_path / "file", "neo4j-admin").write_graph(small_graph())


def test_formats_by_name_or_suffix():
    assert [format_of(p) for p in ("a.jsonl", "a.NDJSON", "a.graphml", "a.GraphML", "a", "a.json")] == [
        "jsonl", "jsonl", "graphml", "graphml", None, None]
    assert format_of("a.jsonl", "graphml") == "graphml"  # an explicit format wins
