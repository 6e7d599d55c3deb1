"""One self-contained HTML page to look at the graph without a server (`kgbuild view`).

`write_html(graph, path)` renders a networkx MultiDiGraph as kgbuild stores it (nodes with `label` and
`properties`, edges with `type` and `properties`) into a single file: the graph libraries (sigma.js,
graphology and ForceAtlas2, vendored in kgbuild/static with their licences), the page's own script and
style, and the graph as JSON are all inlined, so the page opens offline from file:// and its
Content-Security-Policy forbids every network request.

The page draws the entities and the relations the articles state; Document nodes and MENTIONS edges
become the document filter and each entity's list of documents. Colours come from
cypher/browser/kgbuild.grass, the Neo4j Browser style sheet, so both views agree.
"""
from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import KgbuildError

DOCUMENT = "Document"
# Entity properties the page shows in their own places; any other property is listed as it is.
_NODE_SHOWN = {"id", "name", "aliases", "country", "merge_reasons"}
# Relationship properties the page does not need (character offsets, the loader's merge key).
_EDGE_DROPPED = {"key", "sent_start", "sent_end", "place_id", "doc_id"}
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_GRASS_RULE = re.compile(r"(node|relationship)(?:\.([^\s{]+))?\s*\{([^}]*)\}")
_GRASS_PROP = re.compile(r"([\w-]+)\s*:\s*(\"[^\"]*\"|[^;]+?)\s*;")


@dataclass
class ViewResult:
    path: str
    nodes: int
    relationships: int
    documents: int
    bytes: int

    def summary(self) -> str:
        return (f"wrote {self.path}: {self.nodes} nodes, {self.relationships} relationships from "
                f"{self.documents} documents ({self.bytes / 1e6:.1f} MB); open it in a web browser")


# ------------------------------------------------------------------ resources
def _static() -> Path:
    return Path(str(resources.files("kgbuild") / "static"))


def _read_static(name: str) -> str:
    try:
        return (_static() / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgbuildError(f"kgbuild/static/{name} is missing from the installation; reinstall kgbuild") from None


def grass_file() -> Path:
    """cypher/browser/kgbuild.grass, the shipped Neo4j Browser style (the schema's styles, rendered)."""
    from .queries import cypher_dir

    return cypher_dir() / "browser" / "kgbuild.grass"


def parse_grass(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """A Neo4j Browser .grass style sheet as {"node": {label: props}, "relationship": {type: props}}.

    The rule without a class (`node { ... }`) is under the key "" and holds the defaults.
    """
    out: dict[str, dict[str, dict[str, str]]] = {"node": {}, "relationship": {}}
    for kind, cls, body in _GRASS_RULE.findall(text):
        props = {k: v.strip('"') for k, v in _GRASS_PROP.findall(body + ";")}
        out[kind].setdefault(cls, {}).update(props)
    return out


def _px(value: str | None, default: float) -> float:
    m = re.match(r"\s*([\d.]+)", value or "")
    return float(m.group(1)) if m else default


def _style(grass: dict[str, dict[str, dict[str, str]]], labels: set[str], types: set[str]) -> dict[str, Any]:
    def node(props: dict[str, str]) -> dict[str, Any]:
        return {"color": props.get("color", "#A5ABB6"), "border": props.get("border-color", "#9AA1AC"),
                "diameter": _px(props.get("diameter"), 50)}

    def rel(props: dict[str, str]) -> dict[str, Any]:
        return {"color": props.get("color", "#A5ABB6"), "width": _px(props.get("shaft-width"), 2)}

    nodes, rels = grass["node"], grass["relationship"]
    node_default, rel_default = nodes.get("", {}), rels.get("", {})
    return {"labels": {lab: node({**node_default, **nodes.get(lab, {})}) for lab in sorted(labels)},
            "types": {t: rel({**rel_default, **rels.get(t, {})}) for t in sorted(types)}}


# ------------------------------------------------------------------ data
def _iso(value: Any) -> str | None:
    """The ISO date (YYYY, YYYY-MM or YYYY-MM-DD) a date property starts with, else None."""
    m = _ISO_DATE.match(str(value)) if value else None
    return m.group(0) if m else None


def _reasons(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def graph_data(graph: nx.MultiDiGraph, *, title: str | None = None) -> dict[str, Any]:
    """The page's data: documents, entities and the text-derived relationships, as compact JSON-ready lists."""
    docs: list[dict[str, Any]] = []
    doc_index: dict[str, int] = {}

    def doc_ref(doc_id: Any) -> int:
        if doc_id is None or doc_id == "":
            return -1
        key = str(doc_id)
        if key not in doc_index:  # named by an edge but not stored as a Document node
            doc_index[key] = len(docs)
            docs.append({"id": key})
        return doc_index[key]

    documents = [(n, d) for n, d in graph.nodes(data=True) if d.get("label") == DOCUMENT]
    for node_id, d in sorted(documents, key=lambda nd: str(nd[1].get("properties", {}).get("doc_id", nd[0]))):
        p = d.get("properties") or {}
        ref = doc_ref(p.get("doc_id") or node_id)
        entry = docs[ref]
        for key in ("title", "source"):
            if p.get(key):
                entry[key] = str(p[key])
        if _iso(p.get("published")):
            entry["published"] = _iso(p.get("published"))
    doc_of_node = {n: doc_ref(d.get("properties", {}).get("doc_id") or n) for n, d in documents}

    nodes: list[dict[str, Any]] = []
    node_index: dict[Any, int] = {}
    node_docs: list[set[int]] = []
    for node_id, d in graph.nodes(data=True):
        label = str(d.get("label") or "Entity")
        if label == DOCUMENT:
            continue
        p = d.get("properties") or {}
        reasons = _reasons(p.get("merge_reasons"))
        entry: dict[str, Any] = {"id": str(p.get("id", node_id)), "label": label,
                                 "name": str(p.get("name") or p.get("title") or p.get("id") or node_id)}
        aliases = [str(a) for a in p.get("aliases") or [] if a]
        if aliases:
            entry["aliases"] = aliases
        if p.get("country"):
            entry["country"] = str(p["country"])
        if reasons:
            entry["reasons"] = reasons
        extra = {k: v for k, v in p.items() if k not in _NODE_SHOWN and v not in (None, "", [])}
        if extra:
            entry["props"] = extra
        node_index[node_id] = len(nodes)
        nodes.append(entry)
        node_docs.append({doc_ref(doc) for info in reasons.values() if isinstance(info, dict)
                          for doc in info.get("documents") or []})

    edges: list[dict[str, Any]] = []
    for u, v, d in graph.edges(data=True):
        p = d.get("properties") or {}
        if u in doc_of_node or v in doc_of_node:  # MENTIONS: the document names the entity
            doc, other = (doc_of_node[u], v) if u in doc_of_node else (doc_of_node[v], u)
            if other in node_index:
                node_docs[node_index[other]].add(doc)
            continue
        if u not in node_index or v not in node_index:
            continue
        ref = doc_ref(p.get("doc_id"))
        edge: dict[str, Any] = {"s": node_index[u], "t": node_index[v], "type": str(d.get("type") or "RELATED")}
        if ref >= 0:
            edge["d"] = ref
            node_docs[node_index[u]].add(ref)
            node_docs[node_index[v]].add(ref)
        date = _iso(p.get("date"))
        if date:
            edge["date"] = date
        props = {k: val for k, val in p.items() if k not in _EDGE_DROPPED and val not in (None, "", [])}
        if props:
            edge["p"] = props
        edges.append(edge)
    for entry, refs in zip(nodes, node_docs, strict=True):
        refs.discard(-1)
        if refs:
            entry["docs"] = sorted(refs)

    # The colours Neo4j Browser uses, from the graph's schema: user-declared relation types have theirs too.
    from .browser import render_grass
    from .stores.base import graph_schema

    grass = parse_grass(render_grass(graph_schema(graph)))
    style = _style(grass, {n["label"] for n in nodes}, {e["type"] for e in edges})
    return {"title": title or "kgbuild graph", "style": style, "docs": docs, "nodes": nodes, "edges": edges}


# ------------------------------------------------------------------ page
def _script_json(data: Any) -> str:
    """JSON that cannot end or confuse the <script> element it sits in.

    ensure_ascii escapes everything outside ASCII (U+2028/2029, lone surrogates, C1 controls) as \\uXXXX,
    json escapes the C0 controls; <, > and & are escaped here so no `</script>` or `<!--` can appear.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_text(js: str) -> str:
    """Vendored JavaScript made safe to inline (no `</script` or `<!--` can end or alter the element)."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _html_text(text: str) -> str:
    """Text for an HTML element: escaped, without control characters, line separators or lone surrogates."""
    return html.escape(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+", " ", text))


def _comment(text: str) -> str:
    return "/*!\n" + text.replace("*/", "* /") + "\n*/\n"


def _render(graph: nx.MultiDiGraph, title: str | None) -> tuple[str, dict[str, Any]]:
    data = graph_data(graph, title=title)
    parts = {
        "TITLE": _html_text(data["title"]),
        "STYLE": _read_static("view.css").replace("</", "<\\/"),
        "DATA": _script_json(data),
        "LIBS": _script_text(_comment(_read_static("THIRD_PARTY_LICENSES.txt")) + _read_static("graph-libs.min.js")),
        "APP": _script_text(_read_static("view.js")),
    }
    # One pass over the template: a value can never be read as another placeholder.
    page = re.sub(r"\{\{(TITLE|STYLE|DATA|LIBS|APP)\}\}", lambda m: parts[m.group(1)], _read_static("view.html"))
    return page, data


def render_html(graph: nx.MultiDiGraph, *, title: str | None = None) -> str:
    """The whole page as one string (see the module docstring)."""
    return _render(graph, title)[0]


def write_view(graph: nx.MultiDiGraph, path: str | os.PathLike, *, title: str | None = None) -> ViewResult:
    """Write the page to `path`; returns what it holds."""
    out = Path(path)
    if out.is_dir():
        raise KgbuildError(f"{out} is a folder; the view is one HTML file (-o FILE.html)")
    if not out.parent.is_dir():
        raise KgbuildError(f"cannot write {out}: the folder {out.parent} does not exist")
    page, data = _render(graph, title)
    encoded = page.encode("utf-8")
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_bytes(encoded)
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise KgbuildError(f"cannot write {out}: {e.strerror or e}") from None
    return ViewResult(path=str(out), nodes=len(data["nodes"]), relationships=len(data["edges"]),
                      documents=len(data["docs"]), bytes=len(encoded))


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike, *, title: str | None = None) -> int:
    """Write one self-contained HTML view of `graph` to `path`; returns the nodes + relationships written."""
    result = write_view(graph, path, title=title)
    return result.nodes + result.relationships
