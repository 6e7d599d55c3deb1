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


# ------------------------------------------------------------------ neo4j-admin bulk import
NEO4J_ADMIN_TYPES = {"STRING": "string", "STRING[]": "string[]", "INT64": "long", "DOUBLE": "double"}
_ARRAY_DELIMITERS = ((";", "';'"), ("|", "'|'"), ("\x1f", "U+001F"))


def neo4j_admin_headers(label_or_type: str, ends: tuple[str, str] | None = None) -> list[str]:
    """The CSV header of a node file (label) or relationship file (type plus its (from, to) labels).

    Every label is its own ID space, so `id:ID(Person)` stores the id as the `id` property and relationship
    files name the spaces of their ends: `:START_ID(Person)`, `:END_ID(Ministry)`.
    """
    from .base import node_props, rel_props

    if ends is None:
        return [f"id:ID({label_or_type})", ":LABEL"] + [f"{p}:{NEO4J_ADMIN_TYPES[t]}" for p, t in node_props(label_or_type)
                                                        if p != "id"]
    return ([f":START_ID({ends[0]})", f":END_ID({ends[1]})", ":TYPE"]
            + [f"{p}:{NEO4J_ADMIN_TYPES[t]}" for p, t in rel_props(label_or_type)])


def write_neo4j_admin(graph: nx.MultiDiGraph, out_dir: str | os.PathLike) -> int:
    """CSV files for `neo4j-admin database import full`, one per label and per relationship type and end labels,
    plus README.md with the exact import command and schema.cypher for the constraints and indexes afterwards.
    Returns the number of nodes and relationships written."""
    import csv
    import shutil

    from .base import NODE_LABELS, REL_ENDPOINTS, node_props, rel_props
    from .neo4j import cypher_dir

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        from ..errors import KgbuildError

        raise KgbuildError(f"{out} is a file; the neo4j-admin export writes a folder of CSV files (-o DIR)")
    out.mkdir(parents=True, exist_ok=True)
    arrays = [v for _, d in graph.nodes(data=True) for v in (d["properties"].get("aliases") or [])]
    delimiter, delimiter_arg = next((c, a) for c, a in _ARRAY_DELIMITERS if not any(c in v for v in arrays))

    def cell(value, typ: str) -> str | None:
        if value is None:
            return None
        if typ == "STRING[]":
            return delimiter.join(str(v) for v in value)
        return str(value)

    nodes: dict[str, list[list]] = {lab: [] for lab in NODE_LABELS}
    label_of: dict[str, str] = {}
    for nid, data in sorted(graph.nodes(data=True), key=lambda x: str(x[0])):
        label, props = data["label"], data["properties"]
        label_of[nid] = label
        nodes[label].append([nid, label] + [cell(props.get(p), t) for p, t in node_props(label) if p != "id"])
    rels: dict[tuple[str, str, str], list[list]] = {}
    for a, b, key, data in sorted(graph.edges(keys=True, data=True), key=lambda x: (x[3]["type"], str(x[2]))):
        rel, props = data["type"], dict(data["properties"])
        if any(p == "key" for p, _ in rel_props(rel)):
            props.setdefault("key", str(key))
        rels.setdefault((rel, label_of[a], label_of[b]), []).append(
            [a, b, rel] + [cell(props.get(p), t) for p, t in rel_props(rel)])

    files: list[tuple[str, str]] = []  # (--nodes / --relationships, file name)
    n = 0

    def write(name: str, header: list[str], rows: list[list]) -> None:
        tmp = out / (name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, out / name)

    for label, rows in nodes.items():
        if rows:
            name = f"nodes-{label}.csv"
            write(name, neo4j_admin_headers(label), rows)
            files.append(("nodes", name))
            n += len(rows)
    for rel, pairs in REL_ENDPOINTS.items():
        for a, b in pairs:
            rows = rels.get((rel, a, b))
            if rows:
                name = f"relationships-{rel}-{a}-{b}.csv"
                write(name, neo4j_admin_headers(rel, (a, b)), rows)
                files.append(("relationships", name))
                n += len(rows)
    shutil.copyfile(cypher_dir() / "schema.cypher", out / "schema.cypher")
    args = " \\\n  ".join(f"--{kind}={name}" for kind, name in files)
    # The database name goes first: after the last --relationships=FILE it would be read as one more file.
    command = ("neo4j-admin database import full neo4j --overwrite-destination --id-type=string "
               f"--multiline-fields=true --array-delimiter={delimiter_arg} \\\n  {args}")
    (out / "README.md").write_text(f"""# kgbuild graph for `neo4j-admin database import full`

{len(graph)} nodes and {graph.number_of_edges()} relationships, written by `kgbuild export --format neo4j-admin`.
One CSV file per label (`nodes-LABEL.csv`) and per relationship type and end labels
(`relationships-TYPE-FROM-TO.csv`), headers in the first line. Each label is its own ID space:
`id:ID(Person)` keeps the id as the `id` property, and `:START_ID(Person)` / `:END_ID(Country)` refer to
those spaces. Lists (`aliases`) are joined with the array delimiter given below.

The bulk importer writes a new database and needs the server stopped (Community Edition: the `neo4j`
database; `--overwrite-destination` replaces it). Run this in this folder, with `neo4j-admin` on the PATH
(in the official Docker image: mount this folder, e.g. at /import, and `cd /import` first):

```sh
{command}
```

Then start the server and create kgbuild's constraints and indexes (`kgbuild load` does this too, and
merges any later builds into the imported graph without duplicates):

```sh
cypher-shell -u neo4j -f schema.cypher
```
""", encoding="utf-8")
    return n
