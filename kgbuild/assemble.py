"""Assemble: resolved entities and relation candidates into one networkx graph.

Nodes carry `label` and `properties`; edges carry `type` and `properties`. One
edge per (type, endpoints, document, title): the same fact stated twice in an
article is one edge, citing its best sentence.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from .gazetteer import get_gazetteer
from .records import DocExtraction, ENTITY_LABELS
from .resolve import Resolution

UNDIRECTED = {"MET", "TALKED_TO"}
HOLDS_ROLE_TARGETS = {"Ministry", "Organization", "Country"}
VISITED_TARGETS = {"Place", "Country"}


def doc_node_id(doc_id: str) -> str:
    return "doc:" + doc_id


def assemble_graph(extractions: Iterable[DocExtraction], resolution: Resolution) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    gaz = get_gazetteer()
    ents = resolution.entities
    for e in ents.values():
        why = {a: {"reason": e.reasons.get(a, ""), "documents": e.docs.get(a, [])} for a in e.aliases}
        props = {"id": e.id, "name": e.name, "aliases": list(e.aliases),
                 "merge_reasons": json.dumps(why, ensure_ascii=False, sort_keys=True)}
        if e.country and e.label in ("Place", "Ministry", "Person", "Organization", "Country"):
            props["country"] = e.country
        g.add_node(e.id, label=e.label, properties=props)
    # Country of each person, for roles whose text names no body: the countries of their other roles.
    person_country: dict[str, Counter] = defaultdict(Counter)
    exts = sorted(extractions, key=lambda x: x.document.doc_id)
    for ext in exts:
        for r in ext.relations:
            if r.type == "HOLDS_ROLE" and r.target >= 0:
                p = resolution.entity_of(ext.document.doc_id, r.source)
                t = resolution.entity_of(ext.document.doc_id, r.target)
                if p and t and (t.country or t.label == "Country"):
                    person_country[p.id][t.id if t.label == "Country" else t.country] += 1
    edges: dict[tuple, dict] = {}
    for ext in exts:
        d = ext.document
        did = doc_node_id(d.doc_id)
        props = {"id": did, "doc_id": d.doc_id, "title": d.title, "source": d.source, "published": d.published}
        g.add_node(did, label="Document", properties={k: v for k, v in props.items() if v is not None})
        counts: Counter = Counter()
        for i, _m in enumerate(ext.mentions):
            e = resolution.entity_of(d.doc_id, i)
            if e is not None:
                counts[e.id] += 1
        for eid, n in sorted(counts.items()):
            g.add_edge(did, eid, key=f"MENTIONS|{did}|{eid}", type="MENTIONS", properties={"count": n, "doc_id": d.doc_id})
        for r in ext.relations:
            a = resolution.entity_of(d.doc_id, r.source)
            if a is None or a.label != "Person":
                continue
            rule = r.rule
            confidence = r.confidence
            if r.type == "HOLDS_ROLE" and r.target < 0:
                known = person_country.get(a.id)
                if not known:
                    continue
                code = known.most_common(1)[0][0]
                _ensure_country(g, code, gaz)
                b_id, b_label = code, "Country"
                rule, confidence = r.rule + "+country-from-other-roles", min(confidence, 0.6)
            else:
                b = resolution.entity_of(d.doc_id, r.target)
                if b is None:
                    continue
                b_id, b_label = b.id, b.label
            if b_id == a.id:
                continue
            if r.type in UNDIRECTED and b_label != "Person":
                continue
            if r.type == "HOLDS_ROLE" and b_label not in HOLDS_ROLE_TARGETS:
                continue
            if r.type == "VISITED" and b_label not in VISITED_TARGETS:
                continue
            src, dst = a.id, b_id
            if r.type in UNDIRECTED and dst < src:
                src, dst = dst, src
            props = {"doc_id": d.doc_id, "evidence": r.evidence, "sent_start": r.sent_start, "sent_end": r.sent_end,
                     "trigger": r.trigger, "rule": rule, "confidence": round(confidence, 3)}
            if r.title:
                props["title"] = r.title
            if r.date:
                props["date"] = r.date
            if r.place is not None and r.type in ("MET", "VISITED"):
                pe = resolution.entity_of(d.doc_id, r.place)
                if pe is not None and r.type == "MET":
                    props["place"] = pe.name
                    props["place_id"] = pe.id
            key = (r.type, src, dst, d.doc_id, (r.title or "").lower() if r.type == "HOLDS_ROLE" else "")
            old = edges.get(key)
            if old is None or props["confidence"] > old["props"]["confidence"] or ("place" in props and "place" not in old["props"]):
                if old is not None:
                    for k in ("place", "place_id", "date"):
                        if k in old["props"] and k not in props:
                            props[k] = old["props"][k]
                edges[key] = {"type": r.type, "src": src, "dst": dst, "props": props}
    for key, e in sorted(edges.items()):
        ekey = "|".join(key)
        g.add_edge(e["src"], e["dst"], key=ekey, type=e["type"], properties={**e["props"], "key": ekey})
    _gazetteer_edges(g, gaz)
    return g


def _ensure_country(g: nx.MultiDiGraph, code: str, gaz) -> None:
    if code not in g:
        name = gaz.country_names.get(code, code)
        g.add_node(code, label="Country", properties={"id": code, "name": name, "aliases": [name], "country": code,
                                                       "merge_reasons": json.dumps({name: {"reason": "gazetteer: ISO 3166 country", "documents": []}})})


def _gazetteer_edges(g: nx.MultiDiGraph, gaz) -> None:
    for nid, data in list(g.nodes(data=True)):
        label = data["label"]
        country = data["properties"].get("country")
        if label not in ("Place", "Ministry") or not country or country not in gaz.country_names:
            continue
        _ensure_country(g, country, gaz)
        rel = "LOCATED_IN" if label == "Place" else "PART_OF"
        key = f"{rel}|{nid}|{country}"
        g.add_edge(nid, country, key=key, type=rel, properties={"source": "gazetteer", "key": key})


def graph_counts(g: nx.MultiDiGraph) -> tuple[Counter, Counter]:
    nodes = Counter(d["label"] for _, d in g.nodes(data=True))
    rels = Counter(d["type"] for _, _, d in g.edges(data=True))
    return nodes, rels


__all__ = ["assemble_graph", "graph_counts", "doc_node_id", "ENTITY_LABELS"]
