"""Small graphs for store tests: every label and every relationship type with each pair of end labels, with
values that would break a query built by string formatting."""
from __future__ import annotations

import json

import networkx as nx

from kgbuild.schema import SCHEMA, RelType, Schema

SIGNED = RelType.from_declaration({"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"], "to": ["Person", "Country"],
                                   "description": "signed an agreement with", "color": "#8E44AD"})


def small_graph(schema: Schema = SCHEMA) -> nx.MultiDiGraph:
    """Every label and relationship type (and every pair of end labels a type allows)."""
    g = nx.MultiDiGraph()
    g.graph["schema"] = schema

    def node(nid, label, **props):
        g.add_node(nid, label=label, properties={"id": nid, **props})

    node("person:o-brien", "Person", name="Seán O'Brien", aliases=["Seán O'Brien", "O'Brien; the envoy"], country="IE",
         merge_reasons=json.dumps({"O'Brien": {"reason": "surname"}}), titles=["Secretary-General", "envoy"])
    node("person:x", "Person", name="X\"}) DETACH DELETE n //", aliases=["X|Y"])
    node("IE", "Country", name="Ireland", aliases=["Ireland", "Irish"], country="IE")
    node("place:dublin-ie", "Place", name="Dublin", aliases=["Dublin"], country="IE")
    node("ministry:dfa-ie", "Ministry", name="Department of Foreign Affairs", aliases=["DFA"], country="IE")
    node("org:un", "Organization", name="United Nations", aliases=["UN"])
    node("event:summit", "Event", name="Dublin summit", aliases=["summit"])
    g.add_node("doc:d1", label="Document", properties={"id": "doc:d1", "doc_id": "d1", "title": "A, \"quoted\" title",
                                                       "source": "feeds/a.jsonl", "published": "2025-01-02"})
    for e in ("person:o-brien", "person:x", "IE", "place:dublin-ie", "ministry:dfa-ie", "org:un", "event:summit"):
        g.add_edge("doc:d1", e, key=f"MENTIONS|doc:d1|{e}", type="MENTIONS", properties={"count": 2, "doc_id": "d1"})

    def rel(t, a, b, **props):
        key = f"{t}|{a}|{b}|d1|"
        g.add_edge(a, b, key=key, type=t, properties={"key": key, "doc_id": "d1", "evidence": "Line one,\nline \"two\".",
                                                      "sent_start": 0, "sent_end": 20, "confidence": 0.85, **props})

    rel("MET", "person:o-brien", "person:x", place="Dublin", place_id="place:dublin-ie", date="2025-01-02")
    rel("TALKED_TO", "person:o-brien", "person:x")
    rel("HOLDS_ROLE", "person:o-brien", "ministry:dfa-ie", title="Secretary-General")
    rel("HOLDS_ROLE", "person:x", "org:un", title="envoy")
    rel("HOLDS_ROLE", "person:x", "IE", title="minister")
    rel("VISITED", "person:x", "place:dublin-ie")
    rel("VISITED", "person:o-brien", "IE")
    g.add_edge("place:dublin-ie", "IE", key="LOCATED_IN|place:dublin-ie|IE", type="LOCATED_IN",
               properties={"key": "LOCATED_IN|place:dublin-ie|IE", "source": "gazetteer"})
    g.add_edge("ministry:dfa-ie", "IE", key="PART_OF|ministry:dfa-ie|IE", type="PART_OF",
               properties={"key": "PART_OF|ministry:dfa-ie|IE", "source": "gazetteer"})
    if SIGNED.name in schema:
        rel(SIGNED.name, "person:o-brien", "person:x", trigger="signed", rule="pattern:signed")
        rel(SIGNED.name, "person:x", "IE", trigger="signed", rule="pattern:signed", place="Dublin",
            place_id="place:dublin-ie")
    return g


def custom_graph() -> nx.MultiDiGraph:
    """small_graph plus edges of a relation type a user declared (SIGNED_AGREEMENT_WITH)."""
    return small_graph(SCHEMA.with_relations([SIGNED]))


def facts(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    """What a user sees of a graph: nodes (label, properties) by id, edges (type, properties) by ends and key."""
    nodes = {n: (d["label"], d["properties"]) for n, d in g.nodes(data=True)}
    edges = {(a, b, k): (d["type"], d["properties"]) for a, b, k, d in g.edges(keys=True, data=True)}
    return nodes, edges
