"""graph_rows: the one place a graph is cut into rows for every store, and checked against the schema."""
import networkx as nx
import pytest

from kgbuild.schema import SCHEMA, SchemaError
from kgbuild.stores import GraphStore, graph_rows
from kgbuild.stores.base import QueryResult, WriteResult
from tests.stores.graphs import SIGNED, custom_graph, small_graph


def test_rows_come_in_schema_order_and_sorted_within_each_group():
    g = small_graph()
    rows = graph_rows(g)
    assert list(rows.nodes) == list(SCHEMA.node_labels)  # every label, even those without rows
    for label, props in rows.nodes.items():
        assert [p["id"] for p in props] == sorted(p["id"] for p in props)
        assert all(g.nodes[p["id"]]["label"] == label for p in props)
    groups = [(rel, a, b) for rel, a, b, _ in rows.relationship_groups()]
    schema_order = [(r.name, a, b) for r, a, b in SCHEMA.endpoints()]
    assert groups == [e for e in schema_order if e in groups]
    assert ("HOLDS_ROLE", "Person", "Ministry") in groups and ("VISITED", "Person", "Country") in groups
    for _, _, _, rel_rows in rows.relationship_groups():
        keys = [p.get("key", f"{a}|{b}") for a, b, p in rel_rows]
        assert keys == sorted(keys)
    assert graph_rows(small_graph()).nodes == rows.nodes  # the same graph always gives the same rows


def test_counts_by_label_and_by_type_summing_every_pair_of_ends():
    rows = graph_rows(small_graph())
    assert rows.node_counts() == {"Person": 2, "Country": 1, "Place": 1, "Ministry": 1, "Organization": 1,
                                  "Event": 1, "Document": 1}
    assert rows.relationship_counts() == {"MENTIONS": 7, "MET": 1, "TALKED_TO": 1, "HOLDS_ROLE": 3, "VISITED": 2,
                                          "LOCATED_IN": 1, "PART_OF": 1}
    lone = nx.MultiDiGraph()
    lone.add_node("IE", label="Country", properties={"name": "Ireland"})
    assert graph_rows(lone).node_counts() == {"Country": 1}  # labels without rows are left out


def test_none_values_are_dropped_tuples_become_lists_and_ids_are_filled_in():
    g = nx.MultiDiGraph()
    g.add_node("person:a", label="Person", properties={"name": "Ana Reis", "country": None, "aliases": ("Ana Reis", "Reis")})
    g.add_node("person:b", label="Person", properties={"name": "Ivo Dunn", "aliases": ["Ivo Dunn"]})
    g.add_edge("person:a", "person:b", key="MET|person:a|person:b|d1", type="MET",
               properties={"doc_id": "d1", "place": None, "date": None, "confidence": 0.9})
    rows = graph_rows(g)
    a = rows.nodes["Person"][0]
    assert a == {"id": "person:a", "name": "Ana Reis", "aliases": ["Ana Reis", "Reis"]}
    (_, _, props), = rows.relationships[("MET", "Person", "Person")]
    assert props == {"doc_id": "d1", "confidence": 0.9, "key": "MET|person:a|person:b|d1"}


def test_keyed_types_get_their_graph_key_and_mentions_gets_none():
    g = small_graph()
    for a, b, k, d in g.edges(keys=True, data=True):
        d["properties"].pop("key", None)
    rows = graph_rows(g)
    for (rel, _, _), rel_rows in rows.relationships.items():
        for a, b, props in rel_rows:
            if rel == "MENTIONS":
                assert "key" not in props
            else:
                assert props["key"].startswith(f"{rel}|{a}|{b}")
    kept = small_graph()
    rows = graph_rows(kept)
    (_, _, met), = rows.relationships[("MET", "Person", "Person")]
    assert met["key"] == "MET|person:o-brien|person:x|d1|"  # a key the edge carries is kept


def test_a_label_outside_the_schema_is_a_clear_error():
    g = small_graph()
    g.add_node("planet:mars", label="Planet", properties={"name": "Mars"})
    with pytest.raises(SchemaError) as e:
        graph_rows(g)
    assert "'planet:mars'" in str(e.value) and "'Planet'" in str(e.value) and "Person, Country" in str(e.value)
    g = small_graph()
    g.add_edge("person:x", "nobody", key="MET|x|nobody", type="MET", properties={})  # an unlabelled end
    with pytest.raises(SchemaError, match="'nobody' has label None"):
        graph_rows(g)


def test_ends_the_type_does_not_join_are_a_clear_error():
    g = small_graph()
    g.add_edge("place:dublin-ie", "person:x", key="MET|bad", type="MET", properties={})
    with pytest.raises(SchemaError) as e:
        graph_rows(g)
    assert str(e.value) == ("a MET relationship from Place to Person is outside the schema (MET joins Person->Person)")
    g = small_graph()
    g.add_edge("IE", "place:dublin-ie", key="LOCATED_IN|backwards", type="LOCATED_IN", properties={})
    with pytest.raises(SchemaError, match="from Country to Place is outside the schema"):
        graph_rows(g)


def test_an_unknown_relationship_type_is_a_clear_error_unless_the_graph_declares_it():
    g = small_graph()
    g.add_edge("person:x", "person:o-brien", key="SIGNED|x", type="SIGNED_AGREEMENT_WITH", properties={})
    with pytest.raises(SchemaError) as e:
        graph_rows(g)
    assert "unknown relationship type 'SIGNED_AGREEMENT_WITH'" in str(e.value) and "--patterns" in str(e.value)
    rows = graph_rows(custom_graph())  # the graph carries the schema that declares it
    assert rows.relationship_counts()[SIGNED.name] == 2
    assert [(a, b) for rel, a, b, _ in rows.relationship_groups() if rel == SIGNED.name] == [
        ("Person", "Person"), ("Person", "Country")]
    with pytest.raises(SchemaError):
        graph_rows(custom_graph(), SCHEMA)  # an explicit schema wins over the graph's


def test_the_contract_shapes():
    assert QueryResult(["a", "b"], [[1, 2], [3, 4]]).records() == [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    assert WriteResult({"Person": 2}, {"MET": 1, "MENTIONS": 3}).records == 6

    class Memory(GraphStore):
        """The smallest store: the contract is three methods."""

        def __init__(self):
            self.graph = None
            self.closed = False

        def write_graph(self, graph):
            rows = graph_rows(graph)
            self.graph = graph
            return WriteResult(rows.node_counts(), rows.relationship_counts(), "memory")

        def read_graph(self):
            return self.graph

        def query(self, cypher, parameters=None, write=False):
            return QueryResult(["n"], [[self.graph.number_of_nodes()]])

        def close(self):
            self.closed = True

    with Memory() as m:
        assert m.write_graph(small_graph()).records == 8 + 16
    assert m.closed
    with pytest.raises(TypeError):
        type("Half", (GraphStore,), {"read_graph": lambda self: None})()  # a store must implement all three
