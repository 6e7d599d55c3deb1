"""The interface every store offers, and the graph schema they share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import networkx as nx

ENTITY_LABELS = ("Person", "Country", "Place", "Ministry", "Organization", "Event")
NODE_LABELS = ENTITY_LABELS + ("Document",)

ENTITY_PROPS = (("id", "STRING"), ("name", "STRING"), ("aliases", "STRING[]"), ("country", "STRING"),
                ("merge_reasons", "STRING"))
DOCUMENT_PROPS = (("id", "STRING"), ("doc_id", "STRING"), ("title", "STRING"), ("source", "STRING"),
                  ("published", "STRING"))
REL_PROPS = (("key", "STRING"), ("doc_id", "STRING"), ("evidence", "STRING"), ("sent_start", "INT64"),
             ("sent_end", "INT64"), ("trigger", "STRING"), ("rule", "STRING"), ("confidence", "DOUBLE"),
             ("title", "STRING"), ("date", "STRING"), ("place", "STRING"),
             ("place_id", "STRING"))
# Relationship type -> the (from, to) label pairs it may join.
REL_ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "MENTIONS": tuple(("Document", lab) for lab in ENTITY_LABELS),
    "MET": (("Person", "Person"),),
    "TALKED_TO": (("Person", "Person"),),
    "HOLDS_ROLE": (("Person", "Ministry"), ("Person", "Organization"), ("Person", "Country")),
    "VISITED": (("Person", "Place"), ("Person", "Country")),
    "LOCATED_IN": (("Place", "Country"),),
    "PART_OF": (("Ministry", "Country"),),
}
MENTIONS_PROPS = (("doc_id", "STRING"), ("count", "INT64"))
GAZETTEER_PROPS = (("key", "STRING"), ("source", "STRING"))


def rel_props(rel_type: str) -> tuple[tuple[str, str], ...]:
    if rel_type == "MENTIONS":
        return MENTIONS_PROPS
    if rel_type in ("LOCATED_IN", "PART_OF"):
        return GAZETTEER_PROPS
    return REL_PROPS


def node_props(label: str) -> tuple[tuple[str, str], ...]:
    return DOCUMENT_PROPS if label == "Document" else ENTITY_PROPS


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]


class GraphStore(Protocol):
    """What kgbuild needs of a store: write a whole graph, read it back, run Cypher."""

    def write_graph(self, graph: nx.MultiDiGraph) -> None: ...

    def read_graph(self) -> nx.MultiDiGraph: ...

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult: ...
