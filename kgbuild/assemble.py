"""Assemble: resolved entities and relation candidates into one networkx graph.

Nodes carry `label` and `properties`; edges carry `type` and `properties`. Which endpoints a relation
may join, whether its direction means anything and what makes two edges distinct all come from the
schema (kgbuild/schema.py), including relation types a user declared. One edge exists per fact and
document: the same fact stated twice in an article is one edge, citing its best sentence (a sentence of the
body before the headline, then the surest).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from .gazetteer import get_gazetteer
from .records import DocExtraction, Entity, RelationCandidate
from .resolve import Resolution
from .schema import SCHEMA, Schema, SchemaError

# A role whose text names no body is tied to the country of the person's other roles, less surely.
COUNTRY_FROM_OTHER_ROLES_CONFIDENCE = 0.6
COUNTRY_OF_PERSON_CONFIDENCE = 0.55  # ... or to the country the articles give the person without a title
HOLDS_ROLE = "HOLDS_ROLE"
# A role whose body is only the country of the person they accompany, of the article's dateline, or the country the
# article names most: a hint.
HINT_RULES = ("+country-of-dateline", "+country-of-article", "+country-of-companion", "+country-of-pair")


def doc_node_id(doc_id: str) -> str:
    return "doc:" + doc_id


def assemble_graph(extractions: Iterable[DocExtraction], resolution: Resolution,
                   schema: Schema = SCHEMA) -> nx.MultiDiGraph:
    """The graph of the corpus. `schema` must know every relation type the candidates state."""
    g = nx.MultiDiGraph()
    g.graph["schema"] = schema
    gaz = get_gazetteer()
    exts = sorted(extractions, key=lambda x: x.document.doc_id)
    titles = _person_titles(exts, resolution)
    for e in resolution.entities.values():
        g.add_node(e.id, label=e.label, properties=_entity_properties(e, titles.get(e.id)))
    person_country = _countries_of_roles(exts, resolution)
    for ext in exts:
        did, props, mentions, edges = document_edges(ext, resolution, schema, person_country)
        g.add_node(did, label="Document", properties=props)
        for eid, n in mentions:
            g.add_edge(did, eid, key=f"MENTIONS|{did}|{eid}", type="MENTIONS", properties={"count": n, "doc_id": ext.document.doc_id})
        for ekey, e in edges:
            if e["dst"] not in g:  # a country reached only through another role's country
                _ensure_country(g, e["dst"], gaz)
            g.add_edge(e["src"], e["dst"], key=ekey, type=e["type"], properties={**e["props"], "key": ekey})
    _gazetteer_edges(g, gaz)
    return g


def document_edges(ext: DocExtraction, resolution: Resolution, schema: Schema, person_country: dict[str, str]):
    """One document's share of the graph: (node id, its properties, [(entity id, mentions)], [(edge key, edge)]).
    It depends on the document's record, the entities of its mentions and its people's countries only."""
    d = ext.document
    did = doc_node_id(d.doc_id)
    props = {"id": did, "doc_id": d.doc_id, "title": d.title, "source": d.source, "published": d.published}
    counts: Counter = Counter()
    for i in range(len(ext.mentions)):
        e = resolution.entity_of(d.doc_id, i)
        if e is not None:
            counts[e.id] += 1
    edges: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in ext.relations:
        edge = _edge(r, resolution, schema, person_country)
        if edge is None:
            continue
        edge["headline"] = _in_headline(r, d.title)
        old = edges.get(edge["id"])
        if old is None:
            edges[edge["id"]] = edge
            continue
        best, weaker = (edge, old) if _better(edge, old) else (old, edge)
        for k in ("place", "place_id", "date"):  # keep what the weaker statement knew and the stronger did not
            if k in weaker["props"] and k not in best["props"]:
                best["props"][k] = weaker["props"][k]
        edges[edge["id"]] = best
    return (did, {k: v for k, v in props.items() if v is not None}, sorted(counts.items()),
            [("|".join(key), e) for key, e in sorted(edges.items())])


def _entity_properties(e: Entity, titles: list[str] | None) -> dict[str, Any]:
    why = {a: {"reason": e.reasons.get(a, ""), "documents": e.docs.get(a, [])} for a in e.aliases}
    props: dict[str, Any] = {"id": e.id, "name": e.name, "aliases": list(e.aliases),
                             "merge_reasons": json.dumps(why, ensure_ascii=False, sort_keys=True)}
    if e.country:
        props["country"] = e.country
    if titles:
        props["titles"] = titles
    return props


def _person_titles(exts: list[DocExtraction], resolution: Resolution) -> dict[str, list[str]]:
    """Every title the articles give each person, whether or not the text names the body (case-insensitively
    one entry per title, in the spelling seen first)."""
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for ext in exts:
        for r in ext.relations:
            if r.type == HOLDS_ROLE and r.title:
                p = resolution.entity_of(ext.document.doc_id, r.source)
                if p is not None and p.label == "Person":
                    seen[p.id].setdefault(r.title.casefold(), r.title)
    return {pid: sorted(t.values(), key=str.casefold) for pid, t in seen.items()}


def _countries_of_roles(exts: list[DocExtraction], resolution: Resolution) -> dict[str, str]:
    """Each person's country, as the bodies of their roles give it (most roles win)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for ext in exts:
        for r in ext.relations:
            if r.type == HOLDS_ROLE and r.target >= 0 and not r.rule.endswith(HINT_RULES):
                p = resolution.entity_of(ext.document.doc_id, r.source)
                t = resolution.entity_of(ext.document.doc_id, r.target)
                if p and t and (t.country or t.label == "Country"):
                    votes[p.id][t.id if t.label == "Country" else t.country] += 1
    return {pid: c.most_common(1)[0][0] for pid, c in votes.items()}


def _edge(r: RelationCandidate, resolution: Resolution, schema: Schema,
          person_country: dict[str, str]) -> dict[str, Any] | None:
    """The graph edge a candidate gives, or None when its ends did not resolve or the schema forbids them."""
    try:
        rel = schema.relation(r.type)
    except SchemaError:
        raise SchemaError(f"document {r.doc_id!r} states a {r.type} relation, which the schema does not know; "
                          "declare the type in the \"relations\" list of the --patterns file that finds it") from None
    a = resolution.entity_of(r.doc_id, r.source)
    if a is None:
        return None
    rule, confidence = r.rule, r.confidence
    if r.target < 0:  # a role whose text names no body
        if rel.name != HOLDS_ROLE:
            return None
        if a.id in person_country:
            b_id, b_label = person_country[a.id], "Country"
            rule, confidence = r.rule + "+country-from-other-roles", min(confidence, COUNTRY_FROM_OTHER_ROLES_CONFIDENCE)
        elif a.label == "Person" and a.country:
            # The country the articles give the person in other ways ("UK's Cameron", "his Turkish counterpart").
            b_id, b_label = a.country, "Country"
            rule, confidence = r.rule + "+country-of-person", min(confidence, COUNTRY_OF_PERSON_CONFIDENCE)
        else:
            return None
    else:
        b = resolution.entity_of(r.doc_id, r.target)
        if b is None:
            return None
        b_id, b_label = b.id, b.label
        if rel.name == HOLDS_ROLE and r.rule.endswith(HINT_RULES):
            # Only a hint: the person's country from other roles or articles wins over the dateline's.
            if a.id in person_country or (a.label == "Person" and a.country):
                b_id = person_country.get(a.id) or a.country
                b_label = "Country"
                rule = r.rule[: r.rule.rindex("+")] + ("+country-from-other-roles" if a.id in person_country
                                                       else "+country-of-person")
            elif b_label == "Place":
                if not b.country:
                    return None
                b_id, b_label = b.country, "Country"
    if b_id == a.id or not rel.allows(a.label, b_label):
        return None
    src, dst = a.id, b_id
    if rel.symmetric and dst < src:
        src, dst = dst, src
    props: dict[str, Any] = {"doc_id": r.doc_id, "evidence": r.evidence, "sent_start": r.sent_start,
                             "sent_end": r.sent_end, "trigger": r.trigger, "rule": rule,
                             "confidence": round(confidence, 3)}
    if r.title:
        props["title"] = r.title
    if r.date:
        props["date"] = r.date
    if r.place is not None and rel.placed:
        pe = resolution.entity_of(r.doc_id, r.place)
        if pe is not None:
            props["place"] = pe.name
            props["place_id"] = pe.id
    distinct = tuple(str(props.get(p) or "").lower() for p in rel.distinct_by)
    return {"id": (rel.name, src, dst, r.doc_id, *distinct), "type": rel.name, "src": src, "dst": dst, "props": props}


def _better(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """Which statement of one fact the edge cites: a sentence of the body before the headline (a headline is
    terse and loose), then the surer one, at equal confidence the one naming the place, whatever order they
    come in."""
    def rank(e: dict[str, Any]) -> tuple[bool, float, bool]:
        return (not e["headline"], e["props"]["confidence"], "place" in e["props"])

    return rank(new) > rank(old)


def _in_headline(r: RelationCandidate, title: str | None) -> bool:
    """Whether the candidate's sentence is the document's headline: its title, at the start of the text (a JSONL
    article's text need not repeat its title; then no sentence is the headline)."""
    if not title:
        return False
    head, sentence = " ".join(title.split()), " ".join(r.evidence.split())
    return r.sent_start < len(title) and bool(sentence) and (head in sentence or sentence in head)


def _ensure_country(g: nx.MultiDiGraph, code: str, gaz) -> None:
    if code not in g:
        name = gaz.country_names.get(code, code)
        g.add_node(code, label="Country", properties={"id": code, "name": name, "aliases": [name], "country": code,
                                                       "merge_reasons": json.dumps({name: {"reason": "gazetteer: ISO 3166 country", "documents": []}})})


def _gazetteer_edges(g: nx.MultiDiGraph, gaz) -> None:
    """Each place lies in its country and each ministry belongs to its country (LOCATED_IN, PART_OF)."""
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


__all__ = ["assemble_graph", "graph_counts", "doc_node_id"]
