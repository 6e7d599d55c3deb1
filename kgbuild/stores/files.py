"""File exports of a graph: APOC-style JSON lines and GraphML."""
from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx


def write_jsonl(graph: nx.MultiDiGraph, path: str | os.PathLike) -> int:
    """APOC-style JSON lines (re-importable with apoc.import.json): nodes first, then relationships."""
    n = 0
    tmp = Path(str(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for nid, data in sorted(graph.nodes(data=True), key=lambda x: (x[1]["label"], x[0])):
            fh.write(json.dumps({"type": "node", "id": nid, "labels": [data["label"]],
                                 "properties": data["properties"]}, ensure_ascii=False) + "\n")
            n += 1
        for a, b, key, data in sorted(graph.edges(keys=True, data=True), key=lambda x: (x[3]["type"], x[2])):
            fh.write(json.dumps({"type": "relationship", "id": key, "label": data["type"],
                                 "start": {"id": a, "labels": [graph.nodes[a]["label"]]},
                                 "end": {"id": b, "labels": [graph.nodes[b]["label"]]},
                                 "properties": data["properties"]}, ensure_ascii=False) + "\n")
            n += 1
    os.replace(tmp, path)
    return n


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike) -> int:
    """GraphML for Gephi and friends: lists become JSON strings, labels become a `label` attribute."""
    flat = nx.MultiDiGraph()
    for nid, data in graph.nodes(data=True):
        props = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                 for k, v in data["properties"].items() if v is not None}
        props.pop("id", None)
        flat.add_node(nid, label=data["label"], **props)
    for a, b, key, data in graph.edges(keys=True, data=True):
        props = {k: v for k, v in data["properties"].items() if v is not None}
        props.pop("key", None)
        flat.add_edge(a, b, key=key, type=data["type"], **props)
    tmp = Path(str(path) + ".tmp")
    nx.write_graphml(flat, tmp)
    os.replace(tmp, path)
    return flat.number_of_nodes() + flat.number_of_edges()
