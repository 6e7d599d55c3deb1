"""The store contract every back end implements, and the one helper that cuts a graph into rows.

A store holds one graph. It can write a whole graph, read it back, and run a Cypher query on it:

    with open_store("kg") as store:                 # kgbuild.stores.open_store: embedded, Neo4j or a file
        graph = store.read_graph()
        rows = store.query("MATCH (p:Person) RETURN p.name").rows

The embedded store (a folder with LadybugDB), Neo4j and the file exports (JSON lines, GraphML,
neo4j-admin CSV) implement it, so a new back end is one module and its tests. Every back end gets its
rows from `graph_rows`, which checks the graph against the schema once.

This module imports neither networkx nor any database driver: `kgbuild query` starts fast.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..schema import SCHEMA, Schema, SchemaError

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    names: dict[str, Any] = field(default_factory=dict)  # parameter -> the kgbuild.lookup.Match it was resolved by

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class WriteResult:
    """What a write did: rows by label or relationship type (and, where the back end can tell, how many changed)."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    target: str = ""

    @property
    def records(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())


class GraphStore(ABC):
    """A graph held somewhere: write it whole, read it back, query it with Cypher."""

    #: what the store is, for messages ("embedded store kg", "Neo4j at neo4j://...", "jsonl file g.jsonl")
    description: str = "store"

    @abstractmethod
    def write_graph(self, graph: nx.MultiDiGraph) -> WriteResult:
        """Make the store hold `graph` (its schema is `graph.graph["schema"]`, else the built-in one)."""

    @abstractmethod
    def read_graph(self) -> nx.MultiDiGraph:
        """The stored graph: nodes with `label` and `properties`, edges with `type` and `properties`."""

    @abstractmethod
    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run one Cypher statement; read-only unless `write`."""

    def close(self) -> None:
        """Release connections (nothing to do for most stores)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------ rows
@dataclass
class GraphRows:
    """A graph cut into rows by node label and by (relationship type, from label, to label), in a stable order.

    Node rows are property dicts (with `id`); relationship rows are (from id, to id, property dict) and
    carry `key` when the type is keyed. `None` values are left out and tuples become lists.
    """

    schema: Schema
    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]

    def node_counts(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in self.nodes.items() if rows}

    def relationship_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (rel, _a, _b), rows in self.relationships.items():
            out[rel] = out.get(rel, 0) + len(rows)
        return out

    def relationship_groups(self) -> Iterator[tuple[str, str, str, list[tuple[str, str, dict[str, Any]]]]]:
        """(type, from label, to label, rows) in schema order, only where there are rows."""
        for rel, a, b in self.schema.endpoints():
            rows = self.relationships.get((rel.name, a, b))
            if rows:
                yield rel.name, a, b, rows


def graph_schema(graph: nx.MultiDiGraph) -> Schema:
    return graph.graph.get("schema") or SCHEMA


def graph_rows(graph: nx.MultiDiGraph, schema: Schema | None = None) -> GraphRows:
    """Partition `graph` for writing, checking every label, type and pair of endpoints against the schema."""
    schema = schema or graph_schema(graph)
    nodes: dict[str, list[dict[str, Any]]] = {label: [] for label in schema.node_labels}
    label_of: dict[str, str] = {}
    for nid, data in sorted(graph.nodes(data=True), key=lambda x: str(x[0])):
        label = data.get("label")
        if label not in nodes:
            raise SchemaError(f"node {nid!r} has label {label!r}, which is outside the schema "
                              f"({', '.join(schema.node_labels)})")
        props = _clean(data.get("properties") or {})
        props["id"] = nid
        nodes[label].append(props)
        label_of[nid] = label
    rels: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]] = {}
    for a, b, key, data in sorted(graph.edges(keys=True, data=True), key=lambda x: (x[3].get("type", ""), str(x[2]))):
        rel = schema.check_edge(data.get("type"), label_of[a], label_of[b])
        props = _clean(data.get("properties") or {})
        if rel.keyed:
            props.setdefault("key", str(key))
        rels.setdefault((rel.name, label_of[a], label_of[b]), []).append((a, b, props))
    return GraphRows(schema, nodes, rels)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items() if v is not None}


def new_graph(schema: Schema = SCHEMA) -> nx.MultiDiGraph:
    """An empty graph of the shape every store reads into."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.graph["schema"] = schema
    return g


def add_edge(graph: nx.MultiDiGraph, a: str, b: str, rel: str, props: dict[str, Any]) -> None:
    """Add a read-back edge under the key the assembler gave it (the `key` property, or TYPE|a|b)."""
    graph.add_edge(a, b, key=props.get("key") or f"{rel}|{a}|{b}", type=rel, properties=props)
