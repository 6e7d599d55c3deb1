"""File exports as stores: APOC-style JSON lines, GraphML, and neo4j-admin bulk-import CSV.

Each format writes a whole graph and reads it back (`FileStore(path, fmt)`), and a query runs on the
file's graph loaded into an in-memory LadybugDB, so a colleague's export can be queried like a store:

    kgbuild query who-met-whom --store graph.jsonl
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cypher_guard import check_read_query
from ..errors import KgbuildError, QueryFailed
from ..queries import cypher_dir
from ..schema import SCHEMA, RelType, Schema, SchemaError, render_schema_cypher
from .base import GraphStore, QueryResult, WriteResult, add_edge, graph_rows, new_graph

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("jsonl", "graphml", "neo4j-admin")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".graphml": "graphml"}


def format_of(path: str | os.PathLike, fmt: str | None = None) -> str | None:
    """The export format named, or the one the file's suffix implies (None when neither says)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise KgbuildError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    return SUFFIXES.get(Path(path).suffix.lower())


class FileStore(GraphStore):
    """A graph in one export file (jsonl, graphml) or folder (neo4j-admin)."""

    def __init__(self, path: str | os.PathLike, fmt: str | None = None) -> None:
        self.path = Path(path)
        found = format_of(path, fmt)
        if found is None:
            raise KgbuildError(f"cannot tell the format of {path}; name it .jsonl or .graphml, or give --format")
        self.fmt = found
        self.description = f"{self.fmt} export {self.path}"

    def write_graph(self, graph: nx.MultiDiGraph) -> WriteResult:
        if self.fmt != "neo4j-admin" and self.path.is_dir():
            raise KgbuildError(f"{self.path} is a folder; the {self.fmt} export writes one file (-o FILE)")
        writer = {"jsonl": write_jsonl, "graphml": write_graphml, "neo4j-admin": write_neo4j_admin}[self.fmt]
        rows = graph_rows(graph)
        writer(graph, self.path)
        return WriteResult(rows.node_counts(), rows.relationship_counts(), self.description)

    def read_graph(self) -> nx.MultiDiGraph:
        if not self.path.exists():
            raise KgbuildError(f"no {self.fmt} export at {self.path}")
        reader = {"jsonl": read_jsonl, "graphml": read_graphml, "neo4j-admin": read_neo4j_admin}[self.fmt]
        return reader(self.path)

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        if write:
            raise KgbuildError(f"{self.description} cannot be changed by a query; change the store and export again")
        check_read_query(cypher)
        from .ladybug import memory_database

        db, conn = memory_database(self.read_graph())
        try:
            res = conn.execute(cypher, parameters or {})
            if isinstance(res, list):
                res = res[-1]
            return QueryResult(res.get_column_names(), [list(r) for r in res.get_all()])
        except RuntimeError as e:
            raise QueryFailed(str(e).replace("\n", " ")) from None
        finally:
            conn.close()
            db.close()


# ------------------------------------------------------------------ JSON lines
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


def read_jsonl(path: str | os.PathLike) -> nx.MultiDiGraph:
    nodes: list[tuple[str, str, dict[str, Any]]] = []
    rels: list[tuple[str, str, str, str, dict[str, Any]]] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if rec["type"] == "node":
                    nodes.append((rec["id"], rec["labels"][0], dict(rec["properties"])))
                else:
                    rels.append((rec["start"]["id"], rec["end"]["id"], rec["id"], rec["label"], dict(rec["properties"])))
            except (ValueError, KeyError, IndexError, TypeError) as e:
                raise KgbuildError(f"{path}:{n}: not a kgbuild JSON lines record ({type(e).__name__}: {e})") from None
    label_of = {nid: label for nid, label, _ in nodes}
    g = new_graph(_schema_for(((t, label_of.get(a, ""), label_of.get(b, "")) for a, b, _, t, _ in rels), str(path)))
    for nid, label, props in nodes:
        g.add_node(nid, label=label, properties=props)
    for a, b, key, rel, props in rels:
        g.add_edge(a, b, key=key, type=rel, properties=props)
    return g


def _schema_for(edges, where: str) -> Schema:
    """The built-in schema plus the relation types a file holds that it lacks (user-declared when built)."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for rel, a, b in edges:
        if rel not in SCHEMA:
            seen.setdefault(rel, set()).add((a, b))
    try:
        return SCHEMA.with_relations(
            RelType.from_declaration({"name": t, "from": sorted({a for a, _ in e}), "to": sorted({b for _, b in e})},
                                     f"relation type in {where}") for t, e in sorted(seen.items()))
    except SchemaError as e:
        raise KgbuildError(str(e)) from None


# ------------------------------------------------------------------ GraphML
def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike) -> int:
    """GraphML for Gephi and friends: lists become JSON strings, labels become a `label` attribute."""
    import networkx as nx

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


def read_graphml(path: str | os.PathLike) -> nx.MultiDiGraph:
    import networkx as nx

    flat = nx.read_graphml(path, force_multigraph=True)
    label_of = {nid: d.get("label", "") for nid, d in flat.nodes(data=True)}
    g = new_graph(_schema_for(((d.get("type", ""), label_of[a], label_of[b]) for a, b, d in flat.edges(data=True)),
                              str(path)))
    list_props = {p.name for lab in SCHEMA.labels.values() for p in lab.properties if p.type == "STRING[]"}
    for nid, d in flat.nodes(data=True):
        props = {k: (json.loads(v) if k in list_props and isinstance(v, str) else v) for k, v in d.items() if k != "label"}
        g.add_node(nid, label=d.get("label"), properties={"id": nid, **props})
    for a, b, key, d in flat.edges(keys=True, data=True):
        rel = d.get("type")
        props = {k: v for k, v in d.items() if k != "type"}
        if g.graph["schema"].relation(rel).keyed:
            props["key"] = key
        g.add_edge(a, b, key=key, type=rel, properties=props)
    return g


# ------------------------------------------------------------------ neo4j-admin bulk import
MARK_COLUMN = "kgbuild:boolean"  # kgbuild.stores.neo4j.MARK
NEO4J_ADMIN_TYPES = {"STRING": "string", "STRING[]": "string[]", "INT64": "long", "DOUBLE": "double"}
_ARRAY_DELIMITERS = ((";", "';'"), ("|", "'|'"), ("\x1f", "U+001F"))


def neo4j_admin_headers(label_or_type: str, ends: tuple[str, str] | None = None, schema: Schema = SCHEMA) -> list[str]:
    """The CSV header of a node file (label) or relationship file (type plus its (from, to) labels).

    Every label is its own ID space, so `id:ID(Person)` stores the id as the `id` property and relationship
    files name the spaces of their ends: `:START_ID(Person)`, `:END_ID(Ministry)`. The last column is kgbuild's
    mark (`kgbuild:boolean`, always true), which `kgbuild load` gives everything it loads, so an imported graph
    is in the shape a load leaves (`load --prune` may remove what a later build no longer has).
    """
    if ends is None:
        return [f"id:ID({label_or_type})", ":LABEL"] + [f"{p.name}:{NEO4J_ADMIN_TYPES[p.type]}"
                                                        for p in schema.label(label_or_type).properties
                                                        if p.name != "id"] + [MARK_COLUMN]
    return ([f":START_ID({ends[0]})", f":END_ID({ends[1]})", ":TYPE"]
            + [f"{p.name}:{NEO4J_ADMIN_TYPES[p.type]}" for p in schema.relation(label_or_type).properties]
            + [MARK_COLUMN])


def write_neo4j_admin(graph: nx.MultiDiGraph, out_dir: str | os.PathLike) -> int:
    """CSV files for `neo4j-admin database import full`, one per label and per relationship type and end labels,
    plus README.md with the exact import command and schema.cypher for the constraints and indexes afterwards.
    Returns the number of nodes and relationships written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KgbuildError(f"{out} is a file; the neo4j-admin export writes a folder of CSV files (-o DIR)")
    out.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(graph)
    schema = rows.schema
    arrays = [v for props in rows.nodes.values() for p in props for v in (p.get("aliases") or []) + (p.get("titles") or [])]
    delimiter, delimiter_arg = next((c, a) for c, a in _ARRAY_DELIMITERS if not any(c in v for v in arrays))

    def cell(value, typ: str) -> str | None:
        if value is None:
            return None
        if typ == "STRING[]":
            return delimiter.join(str(v) for v in value)
        return str(value)

    files: list[tuple[str, str]] = []  # (--nodes / --relationships, file name)
    n = 0

    def write(name: str, header: list[str], body: list[list]) -> None:
        tmp = out / (name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            w.writerow(header)
            w.writerows(body)
        os.replace(tmp, out / name)

    for label, props in rows.nodes.items():
        if props:
            cols = [p for p in schema.label(label).properties if p.name != "id"]
            name = f"nodes-{label}.csv"
            write(name, neo4j_admin_headers(label, schema=schema),
                  [[p["id"], label] + [cell(p.get(c.name), c.type) for c in cols] + ["true"] for p in props])
            files.append(("nodes", name))
            n += len(props)
    for rel, a, b, rel_rows in rows.relationship_groups():
        cols = schema.relation(rel).properties
        name = f"relationships-{rel}-{a}-{b}.csv"
        write(name, neo4j_admin_headers(rel, (a, b), schema),
              [[x, y, rel] + [cell(p.get(c.name), c.type) for c in cols] + ["true"] for x, y, p in rel_rows])
        files.append(("relationships", name))
        n += len(rel_rows)
    schema_text = ((cypher_dir() / "schema.cypher").read_text(encoding="utf-8") if not schema.custom_relations
                   else render_schema_cypher(schema))
    (out / "schema.cypher").write_text(schema_text, encoding="utf-8")
    (out / "relations.json").write_text(json.dumps(schema.custom_json(), indent=1), encoding="utf-8")
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
    (out / "import-args.json").write_text(json.dumps({"array_delimiter": delimiter, "files": files}), encoding="utf-8")
    return n


def read_neo4j_admin(folder: str | os.PathLike) -> nx.MultiDiGraph:
    """The graph a neo4j-admin export folder holds (read back from its CSV files)."""
    out = Path(folder)
    try:
        args = json.loads((out / "import-args.json").read_text(encoding="utf-8"))
        custom = json.loads((out / "relations.json").read_text(encoding="utf-8"))
        schema = Schema.from_custom_json(custom)
    except (OSError, ValueError, SchemaError) as e:
        raise KgbuildError(f"{out} is not a kgbuild neo4j-admin export ({e})") from None
    delimiter = args["array_delimiter"]
    g = new_graph(schema)

    def value(text: str, typ: str) -> Any:
        if text == "":
            return None
        return {"string[]": lambda t: t.split(delimiter), "long": int, "double": float}.get(typ, str)(text)

    for kind, name in args["files"]:
        with open(out / name, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            cols = [(h.split(":")[0], h.split(":")[1] if ":" in h else "string") for h in header]
            if header[-1] == MARK_COLUMN:  # kgbuild's mark for Neo4j, not part of the graph
                cols[-1] = ("", "")
            for row in reader:
                if kind == "nodes":
                    props = {c: value(v, t) for (c, t), v in zip(cols[2:], row[2:], strict=True) if v != "" and c}
                    g.add_node(row[0], label=row[1], properties={"id": row[0], **props})
                else:
                    props = {c: value(v, t) for (c, t), v in zip(cols[3:], row[3:], strict=True) if v != "" and c}
                    add_edge(g, row[0], row[1], row[2], props)
    return g
