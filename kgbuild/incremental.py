"""Incremental builds: resolution and the store write touch only what new documents can affect.

A full build leaves, beside the graph, a resolution state (STORE/resolve-<run>.sqlite, named by the manifest):
every document's clusters (the mentions that are one thing within it) with their blocking keys and the entity
each belongs to, every entity's group order and base id (for namesakes), every node's property hash, and each
document's record without its text. When a build adds documents (and changes nothing else), the blocking keys
of the new clusters select the clusters resolution could join them with, transitively (`affected`); only those
are resolved again, with resolution's own code, and the groups that result replace the old groups they touch.
A person named by one word joins the one full name with that word: the words and skeletons of the full names
resolved again say which of those decisions to take again. Then only the documents whose mentions now mean
another entity (or whose people's countries or titles changed) are assembled again, and the graph file is
changed in place of being written anew: parameterised deletes and updates for what changed, COPY for new rows.
The result is the graph a full build of the same documents writes (tests/test_incremental.py checks the
exports byte for byte, whatever the order the documents arrived in).

Alias rules and recorded `query --write` edits make a build full, as do changed settings, updated or damaged
documents and repairs.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assemble import (COUNTRY_OF_PERSON_CONFIDENCE, HINT_RULES, HOLDS_ROLE, _entity_properties, document_edges,
                       doc_node_id)
from .gazetteer import get_gazetteer
from .names import acronym_of, significant_words, skeleton
from .records import DocExtraction, Entity
from .resolve import (SKELETON_MIN, DocCluster, Resolution, Resolver, _event_parts, _UnionFind, cluster_order,
                      group_order, single_decision)

STATE_VERSION = 1
_ = COUNTRY_OF_PERSON_CONFIDENCE  # (the confidence rules live in assemble; only the names are shared here)


# ------------------------------------------------------------------ blocking keys
def closure_keys(c: DocCluster) -> list[str]:
    """Keys two clusters share whenever resolution across documents may join them (directly or through others)."""
    label = c.label
    if label == "Person":
        k = c.key_tuple  # type: ignore[attr-defined]
        if len(k) < 2:
            return []  # a one-word name: decided by lookups (lookup_keys), never unites full names
        return ["pn|" + " ".join(k), "pL|" + skeleton(k[-1]), "pF|" + skeleton(k[0]) + "|" + skeleton(k[1])]
    if label == "Ministry":
        return [f"m|{c.key}|{c.country or '?' + c.doc_id}"]
    if label == "Organization":
        name = c.key[4:]
        out = ["o|" + c.key]
        words = significant_words(name.split())
        if len(words) >= 2:
            out.append("oi|" + acronym_of(words))
        bare = name.replace(".", "").replace(" ", "")
        if " " not in name and len(bare) >= 2:
            out.append("oi|" + bare)
        return out
    if label == "Event":
        kind, words = _event_parts(c.key)
        return [f"e|{kind}|{w}" for w in sorted(words)] or [f"e|{kind}|"]
    return [f"k|{label}|{c.key}"]


def lookup_keys(c: DocCluster) -> list[str]:
    """Keys a person's one-word name is decided by: a full name's words and skeletons; a one-word name's word,
    skeleton and lone key."""
    if c.label != "Person":
        return []
    k = c.key_tuple  # type: ignore[attr-defined]
    if len(k) >= 2:
        out = []
        for tok in k:
            out.append("t|" + tok)
            if len(skeleton(tok)) >= SKELETON_MIN:
                out.append("s|" + skeleton(tok))
        return out
    sk = skeleton(k[0]) if len(skeleton(k[0])) >= SKELETON_MIN else None
    return ["1t|" + k[0], "1l|" + (sk or k[0])] + (["1s|" + sk] if sk else [])


def _is_single(c: DocCluster) -> bool:
    return c.label == "Person" and len(c.key_tuple) == 1  # type: ignore[attr-defined]


# ------------------------------------------------------------------ the state
SCHEMA_SQL = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE docs(doc_id TEXT PRIMARY KEY, record BLOB, eids TEXT);
CREATE TABLE clusters(cid INTEGER PRIMARY KEY, doc_id TEXT, pos INTEGER, label TEXT, eid TEXT, data BLOB);
CREATE INDEX clusters_eid ON clusters(eid);
CREATE TABLE ckeys(key TEXT, cid INTEGER);
CREATE INDEX ckeys_key ON ckeys(key);
CREATE INDEX ckeys_cid ON ckeys(cid);
CREATE TABLE ents(eid TEXT PRIMARY KEY, label TEXT, base TEXT, gorder TEXT, name TEXT, country TEXT,
                  dochash TEXT, pcountry TEXT, titles TEXT);
CREATE INDEX ents_base ON ents(base);
CREATE TABLE nodes(id TEXT PRIMARY KEY, label TEXT, hash TEXT, country TEXT);
CREATE TABLE crefs(doc_id TEXT, code TEXT);
CREATE INDEX crefs_code ON crefs(code);
CREATE INDEX crefs_doc ON crefs(doc_id);
"""


def _pack(obj: Any) -> bytes:
    return zlib.compress(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(blob: bytes) -> Any:
    return pickle.loads(zlib.decompress(blob))


def _hash(props: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(props, sort_keys=True, ensure_ascii=False, default=list).encode()).hexdigest()


def _dochash(members: list[DocCluster]) -> str:
    return hashlib.sha1("|".join(sorted({c.doc_id for c in members})).encode()).hexdigest()[:6]


class _Texts(dict):
    """A document's mention texts by index, looking like its mention list to Resolver._entity."""

    def __getitem__(self, i):
        return _Mention(dict.__getitem__(self, i))


@dataclass
class _Mention:
    text: str


def _texts_of(clusters: Iterable[DocCluster]) -> dict[str, _Texts]:
    out: dict[str, _Texts] = defaultdict(_Texts)
    for c in clusters:
        out[c.doc_id].update(c.texts)  # type: ignore[attr-defined]
    return out


def _with_texts(c: DocCluster, ext: DocExtraction) -> DocCluster:
    c.texts = {i: ext.mentions[i].text for i in c.members}  # type: ignore[attr-defined]
    return c


@dataclass
class Plan:
    """What an incremental build changes in the graph."""

    new_docs: list[DocExtraction]
    changed_docs: list[DocExtraction]  # documents already stored whose share of the graph is assembled again
    nodes_upsert: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # id -> (label, props)
    nodes_existing: set[str] = field(default_factory=set)  # which of nodes_upsert the graph holds already
    nodes_delete: dict[str, str] = field(default_factory=dict)  # id -> label
    gazetteer_refresh: dict[str, str] = field(default_factory=dict)  # node id -> label (Place, Ministry)
    doc_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # new Document nodes
    edges: list[tuple[str, str, str, str, str, dict[str, Any]]] = field(default_factory=list)
    # (type, src, dst, src label, dst label, props) of the documents assembled again and the refreshed nodes


class ResolveState:
    """The resolution state of a store (an SQLite file the manifest names)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-200000")

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ writing a whole state
    @classmethod
    def create(cls, path: str | Path, exts: list[DocExtraction], pairs: list[tuple[Entity, list[DocCluster]]],
               resolution: Resolution, graph, fingerprint: str) -> ResolveState:
        """The state of a full build: its records, clusters and groups (`pairs`, from Resolver.entities_of, with
        each entity's base id), and the graph it wrote."""
        st = cls(path)
        db = st.db
        db.executescript(SCHEMA_SQL)
        db.execute("BEGIN")
        db.execute("INSERT INTO meta VALUES ('version', ?), ('fingerprint', ?)", (str(STATE_VERSION), fingerprint))
        eid_of: dict[tuple[str, int], str] = {}
        cid = 0
        cl_rows, key_rows = [], []
        for ent, members in pairs:
            for c in members:
                cid += 1
                for m in c.members:
                    eid_of[(c.doc_id, m)] = ent.id
                cl_rows.append((cid, c.doc_id, c.pos, c.label, ent.id, _pack(c)))  # type: ignore[attr-defined]
                key_rows += [(k, cid) for k in closure_keys(c) + lookup_keys(c)]
        db.executemany("INSERT INTO clusters VALUES (?,?,?,?,?,?)", cl_rows)
        db.executemany("INSERT INTO ckeys VALUES (?,?)", key_rows)
        db.executemany("INSERT INTO docs VALUES (?,?,?)",
                       ((e.document.doc_id, _pack(e),
                         json.dumps([eid_of.get((e.document.doc_id, i)) for i in range(len(e.mentions))]))
                        for e in exts))
        from .assemble import _countries_of_roles, _person_titles

        ordered = sorted(exts, key=lambda x: x.document.doc_id)
        titles, pcountry = _person_titles(ordered, resolution), _countries_of_roles(ordered, resolution)
        db.executemany("INSERT INTO ents VALUES (?,?,?,?,?,?,?,?,?)",
                       ((e.id, e.label, base_id(e.id), json.dumps(group_order(e.label, m)), e.name, e.country,
                         _dochash(m), pcountry.get(e.id), json.dumps(titles.get(e.id)))
                        for e, m in pairs))
        st._write_graph_facts(graph)
        db.execute("COMMIT")
        return st

    def _write_graph_facts(self, graph) -> None:
        rows = []
        crefs = []
        for nid, data in graph.nodes(data=True):
            if data["label"] != "Document":
                rows.append((nid, data["label"], _hash(data["properties"]), data["properties"].get("country")))
        for a, b, data in graph.edges(data=True):
            if graph.nodes[b]["label"] == "Country" and data["properties"].get("doc_id"):
                crefs.append((data["properties"]["doc_id"], b))
        self.db.executemany("INSERT INTO nodes VALUES (?,?,?,?)", rows)
        self.db.executemany("INSERT INTO crefs VALUES (?,?)", sorted(set(crefs)))

    def fingerprint(self) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k='fingerprint'").fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ reading
    def _clusters(self, sql: str, args: Iterable[Any]) -> dict[int, tuple[DocCluster, str]]:
        out = {}
        for cid, eid, data in self.db.execute(sql, tuple(args)):
            c = _unpack(data)
            out[cid] = (c, eid)
        return out

    def clusters_by_ids(self, cids: Iterable[int]) -> dict[int, tuple[DocCluster, str]]:
        out: dict[int, tuple[DocCluster, str]] = {}
        cids = list(cids)
        for i in range(0, len(cids), 900):
            part = cids[i:i + 900]
            out.update(self._clusters(f"SELECT cid, eid, data FROM clusters WHERE cid IN ({','.join('?' * len(part))})",
                                      part))
        return out

    def cids_of_keys(self, keys: Iterable[str]) -> set[int]:
        out: set[int] = set()
        keys = list(keys)
        for i in range(0, len(keys), 900):
            part = keys[i:i + 900]
            out.update(r[0] for r in self.db.execute(
                f"SELECT cid FROM ckeys WHERE key IN ({','.join('?' * len(part))})", part))
        return out

    def keys_of_cids(self, cids: Iterable[int]) -> set[str]:
        out: set[str] = set()
        cids = list(cids)
        for i in range(0, len(cids), 900):
            part = cids[i:i + 900]
            out.update(r[0] for r in self.db.execute(
                f"SELECT key FROM ckeys WHERE cid IN ({','.join('?' * len(part))})", part))
        return out

    def cids_of_eids(self, eids: Iterable[str]) -> dict[str, set[int]]:
        out: dict[str, set[int]] = defaultdict(set)
        eids = list(eids)
        for i in range(0, len(eids), 900):
            part = eids[i:i + 900]
            for cid, eid in self.db.execute(
                    f"SELECT cid, eid FROM clusters WHERE eid IN ({','.join('?' * len(part))})", part):
                out[eid].add(cid)
        return out

    def ents(self, eids: Iterable[str]) -> dict[str, dict[str, Any]]:
        out = {}
        eids = list(eids)
        for i in range(0, len(eids), 900):
            part = eids[i:i + 900]
            for row in self.db.execute(f"SELECT eid, label, base, gorder, name, country, dochash, pcountry, titles "
                                       f"FROM ents WHERE eid IN ({','.join('?' * len(part))})", part):
                out[row[0]] = dict(zip(("eid", "label", "base", "gorder", "name", "country", "dochash", "pcountry",
                                        "titles"), row))
        return out

    def docs(self, doc_ids: Iterable[str]) -> dict[str, tuple[DocExtraction, list[str | None]]]:
        out = {}
        ids = list(doc_ids)
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            for doc_id, rec, eids in self.db.execute(
                    f"SELECT doc_id, record, eids FROM docs WHERE doc_id IN ({','.join('?' * len(part))})", part):
                out[doc_id] = (_unpack(rec), json.loads(eids))
        return out

    def next_cid(self) -> int:
        return (self.db.execute("SELECT max(cid) FROM clusters").fetchone()[0] or 0) + 1


# ------------------------------------------------------------------ the incremental build
class Incremental:
    """Plans an incremental build against a state; `apply_state` then records what it decided."""

    def __init__(self, state: ResolveState, resolver: Resolver, schema) -> None:
        self.st = state
        self.resolver = resolver
        self.schema = schema
        self.gaz = get_gazetteer()

    def plan(self, new_exts: list[DocExtraction]) -> Plan:
        st, rv = self.st, self.resolver
        new_exts = sorted(new_exts, key=lambda e: e.document.doc_id)
        cid = st.next_cid()
        new: dict[int, DocCluster] = {}
        for ext in new_exts:
            for c in rv.clusters_of(ext):
                new[cid] = _with_texts(c, ext)
                cid += 1
        # 1. The clusters resolution may join the new ones with, transitively.
        seen_keys: set[str] = set()
        frontier = {k for c in new.values() for k in closure_keys(c)}
        affected: set[int] = set()
        while frontier:
            seen_keys |= frontier
            cids = st.cids_of_keys(frontier) - affected
            affected |= cids
            frontier = {k for k in st.keys_of_cids(cids) if not k[:1] in ("t", "s", "1")} - seen_keys
        old = st.clusters_by_ids(affected)
        # 2. People named by one word whose decision may change: the words and skeletons of the full names above.
        words = {k for c in list(new.values()) + [c for c, _ in old.values()]
                 for k in lookup_keys(c) if k[:1] in ("t", "s")}
        single_keys = {"1" + k for k in words} | {k for c in new.values() for k in lookup_keys(c) if k.startswith("1l|")}
        singles = st.cids_of_keys(single_keys) - affected
        lone = {k for c, _ in st.clusters_by_ids(singles).values() for k in lookup_keys(c) if k.startswith("1l|")}
        singles |= st.cids_of_keys(lone) - affected
        old.update(st.clusters_by_ids(singles - set(old)))
        for c, _ in old.values():  # resolved again from what the document alone says
            c.reasons = dict(c.reasons0)  # type: ignore[attr-defined]
        clusters: dict[int, DocCluster] = {**{i: c for i, (c, _) in old.items()}, **new}
        old_eid = {i: e for i, (_, e) in old.items()}

        # 3. Resolve again: every label but one-word names with resolution's own code, on the closed sets.
        by_label: dict[str, list[int]] = defaultdict(list)
        for i in sorted(clusters, key=lambda i: cluster_order(clusters[i])):
            by_label[clusters[i].label].append(i)
        index_of = {id(c): i for i, c in clusters.items()}
        groups: list[tuple[str, list[int]]] = []
        for label, ids in by_label.items():
            if label == "Person":
                groups += self._people(ids, clusters, old_eid)
            else:
                cs = [clusters[i] for i in ids]
                for lab, g in rv._across_documents(cs):
                    groups.append((lab, [index_of[id(c)] for c in g]))
        # Old groups only partly resolved again keep the rest of their clusters (a person named by one word left).
        touched = {old_eid[i] for _, g in groups for i in g if i in old_eid}
        rest = st.cids_of_eids(touched)
        placed = {i for _, g in groups for i in g}
        extra = {}
        for eid, cids in rest.items():
            left = cids - placed
            if left:
                extra[eid] = left
        if extra:
            loaded = st.clusters_by_ids(set().union(*extra.values()))
            for eid, cids in extra.items():
                for i in cids:
                    clusters[i] = loaded[i][0]
                    old_eid[i] = loaded[i][1]
                # A "join" into an unaffected group: _people gave it as ("join", eid) pseudo-groups; merge them here.
                joined = self._joins.pop(eid, [])
                groups.append((clusters[next(iter(cids))].label, sorted(cids) + joined))
        for eid, joined in self._joins.items():  # joins into groups none of whose clusters were loaded: all of it
            cids = rest.get(eid) or st.cids_of_eids([eid]).get(eid, set())
            loaded = st.clusters_by_ids(cids - set(clusters))
            for i, (c, e) in loaded.items():
                clusters[i], old_eid[i] = c, e
            groups.append(("Person", sorted(cids) + joined))
        return self._finish(new_exts, new, clusters, old_eid, groups)

    # ------------------------------------------------------------ people
    def _people(self, ids: list[int], clusters: dict[int, DocCluster], old_eid: dict[int, str]):
        """Groups of the people clusters `ids` (corpus order): full names united with resolution's own code;
        one-word names decided against the full names resolved again here and the stored groups of the rest."""
        rv, st = self.resolver, self.st
        full = [i for i in ids if not _is_single(clusters[i])]
        singles = [i for i in ids if _is_single(clusters[i])]
        cs = [clusters[i] for i in full]
        uf = _UnionFind()
        rv._join_full_names(cs, list(range(len(cs))), uf)
        root_of = {full[n]: ("new", uf.find(n)) for n in range(len(cs))}
        fresh_countries: dict[Any, set[str]] = defaultdict(set)
        for i in full:
            if clusters[i].country:
                fresh_countries[root_of[i]].add(clusters[i].country)
        by_tok: dict[str, set] = defaultdict(set)
        by_sk: dict[str, set] = defaultdict(set)
        for i in full:
            for tok in clusters[i].key_tuple:  # type: ignore[attr-defined]
                by_tok[tok].add(root_of[i])
                if len(skeleton(tok)) >= SKELETON_MIN:
                    by_sk[skeleton(tok)].add(root_of[i])
        full_set = set(full)
        stored_countries: dict[str, set[str]] = {}

        def stored_roots(key: str) -> set:
            cids = st.cids_of_keys([key]) - full_set
            if not cids:
                return set()
            return {("old", e) for e in {r[0] for r in self._eids_of(cids)}}

        def roots_tok(k):
            return by_tok.get(k, set()) | stored_roots("t|" + k)

        def roots_sk(sk):
            return by_sk.get(sk, set()) | stored_roots("s|" + sk)

        def countries(r):
            if r[0] == "new":
                return fresh_countries.get(r, set())
            if r[1] not in stored_countries:
                cids = st.cids_of_eids([r[1]]).get(r[1], set())
                stored_countries[r[1]] = {c.country for c, _ in st.clusters_by_ids(cids).values()
                                          if not _is_single(c) and c.country}
            return stored_countries[r[1]]

        members: dict[Any, list[int]] = defaultdict(list)
        for i in full:
            members[root_of[i]].append(i)
        self._joins: dict[str, list[int]] = defaultdict(list)
        lone: dict[str, list[int]] = defaultdict(list)
        out: list[tuple[str, list[int]]] = []
        for i in singles:
            c = clusters[i]
            what, arg = single_decision(c, roots_tok, roots_sk, countries)
            if what == "join":
                for a in list(c.reasons):
                    c.reasons[a] = "surname of the only person of that name in the corpus"
                if arg[0] == "new":
                    members[arg].append(i)
                else:
                    self._joins[arg[1]].append(i)
            else:
                if what == "lone":
                    lone[arg].append(i)
                else:
                    out.append(("Person", [i]))
        out += [("Person", g) for g in members.values()]
        out += [("Person", g) for g in lone.values()]
        # a join into a stored group is only a group once that group's other clusters are known (plan() adds them)
        return out

    def _eids_of(self, cids: set[int]) -> list[tuple[str]]:
        out = []
        cids = list(cids)
        for n in range(0, len(cids), 900):
            part = cids[n:n + 900]
            out += self.st.db.execute(f"SELECT DISTINCT eid FROM clusters WHERE cid IN ({','.join('?' * len(part))})",
                                      part).fetchall()
        return out

    # ------------------------------------------------------------ entities, documents, nodes
    def _finish(self, new_exts, new, clusters, old_eid, groups) -> Plan:
        st, rv = self.st, self.resolver
        texts = _texts_of(clusters.values())
        # Entities of the groups resolved again, under their base ids; then namesakes numbered as a full build does.
        made = []
        for label, ids in groups:
            cs = [clusters[i] for i in ids]
            ent, members = rv.entities_of([(label, cs)], texts, used=set())[0]
            made.append((ent, members, sorted(ids, key=lambda i: cluster_order(clusters[i]))))
        replaced = {old_eid[i] for _, _, ids in made for i in ids if i in old_eid}
        old_ents = st.ents(replaced)
        bases = {e.id for e, _, _ in made} | {r["base"] for r in old_ents.values()}
        stored: dict[str, list[dict[str, Any]]] = defaultdict(list)
        blist = list(bases)
        for n in range(0, len(blist), 900):
            part = blist[n:n + 900]
            for row in st.db.execute(f"SELECT eid, label, base, gorder, name, country, dochash, pcountry, titles FROM "
                                     f"ents WHERE base IN ({','.join('?' * len(part))})", part):
                if row[0] not in replaced:
                    stored[row[2]].append(dict(zip(("eid", "label", "base", "gorder", "name", "country", "dochash",
                                                    "pcountry", "titles"), row)))
        final: dict[str, Any] = {}  # new eid -> (Entity, members, ids) for the groups resolved again
        renamed: dict[str, str] = {}  # stored group's eid -> its new eid (a namesake numbered anew)
        made_by_base: dict[str, list] = defaultdict(list)
        for ent, members, ids in made:
            made_by_base[ent.id].append((tuple(json.loads(json.dumps(group_order(ent.label, members)))),
                                         "made", (ent, members, ids)))
        for base in bases:
            entries = list(made_by_base.get(base, []))
            entries += [(tuple(json.loads(r["gorder"])), "stored", r) for r in stored.get(base, [])]
            entries.sort(key=lambda x: x[0])
            for n, (_, kind, item) in enumerate(entries):
                if kind == "made":
                    ent, members, ids = item
                    eid = base if n == 0 else base + "~" + _dochash(members)
                    if eid != ent.id:
                        ent = _renamed(ent, eid, ent.id)
                    final[eid] = (ent, members, ids)
                else:
                    eid = base if n == 0 else base + "~" + item["dochash"]
                    if eid != item["eid"]:
                        renamed[item["eid"]] = eid
        # Stored groups numbered anew: their clusters and entity again, under the new id.
        if renamed:
            cids_of = st.cids_of_eids(renamed)
            loaded = st.clusters_by_ids(set().union(*cids_of.values()))
            for old_id, eid in renamed.items():
                ids = sorted(cids_of[old_id], key=lambda i: cluster_order(loaded[i][0]))
                for i in ids:
                    clusters[i] = loaded[i][0]
                    old_eid[i] = old_id
                cs = [clusters[i] for i in ids]
                texts = _texts_of(cs)
                ent, members = rv.entities_of([(cs[0].label, cs)], texts, used=set())[0]
                final[eid] = (_renamed(ent, eid, ent.id), members, ids)
                replaced.add(old_id)
                old_ents.update(st.ents([old_id]))
        self.final, self.replaced, self.clusters, self.new = final, replaced, clusters, new
        self.old_eid = old_eid
        new_eid = {i: eid for eid, (_, _, ids) in final.items() for i in ids}
        self.new_eid = new_eid
        # Documents whose mentions now mean another entity, or an entity that changed name, label or country.
        docs_changed: set[str] = set()
        for i, eid in new_eid.items():
            if i in old_eid and old_eid[i] != eid:
                docs_changed.add(clusters[i].doc_id)
        for eid, (ent, members, _) in final.items():
            o = old_ents.get(eid)
            if o is not None and (o["name"], o["label"], o["country"]) != (ent.name, ent.label, ent.country):
                docs_changed |= {c.doc_id for c in members}
        new_ids = {e.document.doc_id for e in new_exts}
        docs_changed -= new_ids
        return self._assemble(new_exts, docs_changed, old_ents)

    def _assemble(self, new_exts, docs_changed, old_ents) -> Plan:
        st = self.st
        final, replaced = self.final, self.replaced
        stored_docs = st.docs(docs_changed)
        eids_of_doc: dict[str, list[str | None]] = {d: e for d, (_, e) in stored_docs.items()}
        for e in new_exts:
            eids_of_doc[e.document.doc_id] = [None] * len(e.mentions)
        # the new mapping for every document with a cluster resolved again
        touched_docs: dict[str, list[tuple[list[int], str]]] = defaultdict(list)
        for eid, (_, members, _) in final.items():
            for c in members:
                touched_docs[c.doc_id].append((c.members, eid))
        more = set(touched_docs) - set(eids_of_doc)
        for d, (_, e) in st.docs(more).items():
            eids_of_doc[d] = e
            stored_docs.setdefault(d, (None, e))
        for d, parts in touched_docs.items():
            for ms, eid in parts:
                for m in ms:
                    eids_of_doc[d][m] = eid
        self.eids_of_doc = {d: eids_of_doc[d] for d in touched_docs} | {e.document.doc_id: eids_of_doc[e.document.doc_id]
                                                                        for e in new_exts}
        # Sources of roles whose countries or titles may change: those of the documents assembled again (the votes
        # and titles of anyone else come from documents whose share of the graph is as it was).
        persons: set[str] = set()
        records: dict[str, DocExtraction] = {e.document.doc_id: e for e in new_exts}
        for d, (rec, _) in stored_docs.items():
            if rec is not None:
                records[d] = rec
        for d in docs_changed | {e.document.doc_id for e in new_exts}:
            ext = records[d]
            for r in ext.relations:
                if r.type == HOLDS_ROLE:
                    p = eids_of_doc[d][r.source]
                    if p is not None:
                        persons.add(p)
        # ... and of the groups that lost a cluster or took one from another group, or took an id anew.
        old_eid = self.old_eid
        for eid, (_, _, ids) in final.items():
            if any(i in old_eid and old_eid[i] != eid for i in ids) or not any(old_eid.get(i) == eid for i in ids):
                persons.add(eid)
        ent_attrs = self._attrs(set(e for v in eids_of_doc.values() for e in v if e))
        person_docs = self._docs_of(persons)
        need = set().union(*person_docs.values()) if person_docs else set()
        for d, (rec, e) in st.docs(need - set(records)).items():
            records[d] = rec
            eids_of_doc.setdefault(d, e)
        for d in need:
            for e in eids_of_doc[d]:
                if e and e not in ent_attrs:
                    ent_attrs.update(self._attrs({e}))
        stored_person = st.ents(persons)
        titles: dict[str, list[str] | None] = {}
        pcountry: dict[str, str | None] = {}
        for p in persons:
            seen: dict[str, str] = {}
            votes: Counter = Counter()
            for d in sorted(person_docs.get(p, ())):
                ext, eids = records[d], eids_of_doc[d]
                for r in ext.relations:
                    if r.type != HOLDS_ROLE or eids[r.source] != p:
                        continue
                    if r.title and ent_attrs[p][0] == "Person":
                        seen.setdefault(r.title.casefold(), r.title)
                    if r.target >= 0 and not r.rule.endswith(HINT_RULES):
                        t = eids[r.target]
                        if t is not None:
                            lab, country = ent_attrs[t][0], ent_attrs[t][2]
                            if country or lab == "Country":
                                votes[t if lab == "Country" else country] += 1
            titles[p] = sorted(seen.values(), key=str.casefold) or None
            pcountry[p] = votes.most_common(1)[0][0] if votes else None
        for p in persons:
            old = stored_person.get(p)
            if old is not None and old["pcountry"] != pcountry[p]:
                docs_changed |= {d for d in person_docs.get(p, ()) if any(
                    r.type == HOLDS_ROLE and eids_of_doc[d][r.source] == p for r in records[d].relations)}
        docs_changed -= {e.document.doc_id for e in new_exts}
        for d in docs_changed - set(records):
            rec, e = st.docs([d])[d]
            records[d] = rec
            eids_of_doc.setdefault(d, e)
        for eid in final:  # the rest keep what they had
            if eid not in titles:
                row = old_ents.get(eid)
                titles[eid] = json.loads(row["titles"]) if row and row["titles"] else None
                pcountry[eid] = row["pcountry"] if row else None
        self.titles, self.pcountry = titles, pcountry
        # Everyone's country for the documents assembled again.
        plan = Plan(new_docs=new_exts, changed_docs=[records[d] for d in sorted(docs_changed)])
        assembled = list(new_exts) + plan.changed_docs
        srcs = {eids_of_doc[e.document.doc_id][r.source] for e in assembled for r in e.relations
                if eids_of_doc[e.document.doc_id][r.source]}
        pc = {p: c for p, c in pcountry.items() if c}
        for row in st.ents(srcs - set(pcountry)).values():
            if row["pcountry"]:
                pc[row["eid"]] = row["pcountry"]
        view_ids = set(e for ext in assembled for e in eids_of_doc[ext.document.doc_id] if e)
        entities = {eid: ent for eid, (ent, _, _) in final.items()}
        for eid, (lab, name, country) in self._attrs(view_ids - set(entities)).items():
            entities[eid] = Entity(id=eid, label=lab, name=name, aliases=[], country=country)
        mention_entity = {(ext.document.doc_id, i): e for ext in assembled
                          for i, e in enumerate(eids_of_doc[ext.document.doc_id]) if e}
        res = Resolution(entities, mention_entity)
        country_refs: dict[str, set[str]] = {}
        for ext in assembled:
            did, props, mentions, edges = document_edges(ext, res, self.schema, pc)
            refs = set()
            if ext.document.doc_id in {e.document.doc_id for e in new_exts}:
                plan.doc_rows.append((did, props))
            for eid, n in mentions:
                plan.edges.append(("MENTIONS", did, eid, "Document", entities[eid].label,
                                   {"count": n, "doc_id": ext.document.doc_id, "key": f"MENTIONS|{did}|{eid}"}))
            for ekey, e in edges:
                dst_label = entities[e["dst"]].label if e["dst"] in entities else "Country"
                if dst_label == "Country":
                    refs.add(e["dst"])
                plan.edges.append((e["type"], e["src"], e["dst"], entities[e["src"]].label, dst_label,
                                   {**e["props"], "key": ekey}))
            for eid, _ in mentions:
                if entities[eid].label == "Country":
                    refs.add(eid)
            country_refs[ext.document.doc_id] = refs
        self.country_refs = country_refs
        self.plan_ = plan
        self._nodes(plan, old_ents)
        return plan

    def _attrs(self, eids: set[str]) -> dict[str, tuple[str, str, str | None]]:
        out = {}
        for eid in eids:
            if eid in self.final:
                e = self.final[eid][0]
                out[eid] = (e.label, e.name, e.country)
        rest = [e for e in eids if e not in out]
        for eid, row in self.st.ents(rest).items():
            out[eid] = (row["label"], row["name"], row["country"])
        return out

    def _docs_of(self, persons: set[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for eid in persons:
            if eid in self.final:
                out[eid] = {c.doc_id for c in self.final[eid][1]}
        rest = [p for p in persons if p not in self.final]
        if rest:
            cids = self.st.cids_of_eids(rest)
            ids = list(set().union(*cids.values())) if cids else []
            for n in range(0, len(ids), 900):
                part = ids[n:n + 900]
                for doc_id, eid in self.st.db.execute(
                        f"SELECT doc_id, eid FROM clusters WHERE cid IN ({','.join('?' * len(part))})", part):
                    out[eid].add(doc_id)
        return out

    def _nodes(self, plan: Plan, old_ents) -> None:
        """Entity and country nodes whose properties changed, came or went; the gazetteer edges of those that
        are places and ministries."""
        st, gaz = self.st, self.gaz
        want: dict[str, tuple[str, dict[str, Any]]] = {}
        for eid, (ent, _, _) in self.final.items():
            want[eid] = (ent.label, _entity_properties(ent, self.titles.get(eid)))
        for p, t in self.titles.items():
            if p not in want:
                row = st.ents([p])[p]
                ent = self._stored_entity(p)
                if ent is not None and json.loads(row["titles"] or "null") != t:
                    want[p] = ("Person", _entity_properties(ent, t))
        gone = {e for e in self.replaced if e not in self.final}
        self.gone = gone
        # Country nodes kept only because an edge or a place/ministry needs them: recomputed for the codes involved.
        codes = set()
        for refs in self.country_refs.values():
            codes |= refs
        for eid, (lab, props) in want.items():
            if lab in ("Place", "Ministry") and props.get("country"):
                codes.add(props["country"])
        old_nodes = self._old_nodes(set(want) | gone | codes)
        for code in codes:
            if code in want or (code in old_nodes and code not in gone and old_nodes[code][0] == "Country"
                                and not self._ensured(old_nodes[code])):
                continue  # a Country entity
            name = gaz.country_names.get(code, code)
            want[code] = ("Country", {"id": code, "name": name, "aliases": [name], "country": code,
                                      "merge_reasons": json.dumps({name: {"reason": "gazetteer: ISO 3166 country",
                                                                          "documents": []}})})
        for nid, (lab, props) in want.items():
            props = dict(props)
            props.setdefault("id", nid)
            h = _hash(props)
            if nid in old_nodes and old_nodes[nid][1] == h and nid not in gone:
                continue
            plan.nodes_upsert[nid] = (lab, props)
            if nid in old_nodes:
                plan.nodes_existing.add(nid)
            if lab in ("Place", "Ministry"):
                plan.gazetteer_refresh[nid] = lab
        for nid in gone:
            if nid not in want and nid in old_nodes:
                plan.nodes_delete[nid] = old_nodes[nid][0]
        # ensured countries no longer needed when an entity of that code went away: a full build would keep them
        # only if referenced; a removed Country entity's code is referenced by the documents that mentioned it,
        # which now mention another entity — so it is not needed unless a reference remains.
        for nid, lab in list(plan.nodes_delete.items()):
            if lab == "Country" and self._still_referenced(nid):
                name = gaz.country_names.get(nid, nid)
                props = {"id": nid, "name": name, "aliases": [name], "country": nid,
                         "merge_reasons": json.dumps({name: {"reason": "gazetteer: ISO 3166 country", "documents": []}})}
                del plan.nodes_delete[nid]
                plan.nodes_upsert[nid] = ("Country", props)
                plan.nodes_existing.add(nid)
        for nid, (lab, props) in plan.nodes_upsert.items():
            if lab in ("Place", "Ministry"):
                country = props.get("country")
                if country and country in gaz.country_names:
                    if country not in plan.nodes_upsert and country not in old_nodes and country not in want:
                        pass
                    key = f"{'LOCATED_IN' if lab == 'Place' else 'PART_OF'}|{nid}|{country}"
                    plan.edges.append(("LOCATED_IN" if lab == "Place" else "PART_OF", nid, country, lab, "Country",
                                       {"source": "gazetteer", "key": key}))
        self.want = want

    def _ensured(self, node) -> bool:
        return node[2]

    def _still_referenced(self, code: str) -> bool:
        new_refs = any(code in r for r in self.country_refs.values())
        if new_refs:
            return True
        row = self.st.db.execute("SELECT 1 FROM crefs WHERE code=? AND doc_id NOT IN (SELECT value FROM json_each(?)) "
                                 "LIMIT 1", (code, json.dumps(list(self.country_refs)))).fetchone()
        if row:
            return True
        row = self.st.db.execute("SELECT 1 FROM nodes WHERE country=? AND label IN ('Place','Ministry') LIMIT 1",
                                 (code,)).fetchone()
        return row is not None

    def _old_nodes(self, ids: set[str]) -> dict[str, tuple[str, str, bool]]:
        out = {}
        ids = list(ids)
        ent_ids = set()
        for n in range(0, len(ids), 900):
            part = ids[n:n + 900]
            for nid, label, h in self.st.db.execute(
                    f"SELECT id, label, hash FROM nodes WHERE id IN ({','.join('?' * len(part))})", part):
                out[nid] = [label, h, False]
            for (eid,) in self.st.db.execute(f"SELECT eid FROM ents WHERE eid IN ({','.join('?' * len(part))})", part):
                ent_ids.add(eid)
        for nid, v in out.items():
            v[2] = v[0] == "Country" and nid not in ent_ids
        return {k: tuple(v) for k, v in out.items()}

    def _stored_entity(self, eid: str) -> Entity | None:
        cids = self.st.cids_of_eids([eid]).get(eid)
        if not cids:
            return None
        loaded = self.st.clusters_by_ids(cids)
        cs = sorted((c for c, _ in loaded.values()), key=cluster_order)
        ent, _ = self.resolver.entities_of([(cs[0].label, cs)], _texts_of(cs), used=set())[0]
        return _renamed(ent, eid, ent.id)

    # ------------------------------------------------------------ recording the decisions
    def apply_state(self) -> None:
        """Record the plan in the state (the caller commits the store, then this file with it)."""
        st = self.st
        db = st.db
        db.execute("BEGIN")
        new_ids = {e.document.doc_id for e in self.plan_.new_docs}
        for eid in self.replaced:
            db.execute("DELETE FROM ents WHERE eid=?", (eid,))
        rows = []
        for eid, (ent, members, ids) in self.final.items():
            base = base_id(eid)
            rows.append((eid, ent.label, base, json.dumps(group_order(ent.label, members)), ent.name, ent.country,
                         _dochash(members), self.pcountry.get(eid), json.dumps(self.titles.get(eid))))
        db.executemany("INSERT OR REPLACE INTO ents VALUES (?,?,?,?,?,?,?,?,?)", rows)
        for p in set(self.pcountry) - set(self.final):
            db.execute("UPDATE ents SET pcountry=?, titles=? WHERE eid=?",
                       (self.pcountry[p], json.dumps(self.titles.get(p)), p))
        for i, eid in self.new_eid.items():
            c = self.clusters[i]
            if i in self.new:
                db.execute("INSERT INTO clusters VALUES (?,?,?,?,?,?)", (i, c.doc_id, c.pos, c.label, eid, _pack(c)))
                db.executemany("INSERT INTO ckeys VALUES (?,?)", [(k, i) for k in closure_keys(c) + lookup_keys(c)])
            else:
                db.execute("UPDATE clusters SET eid=?, data=? WHERE cid=?", (eid, _pack(c), i))
        for ext in self.plan_.new_docs:
            d = ext.document.doc_id
            db.execute("INSERT INTO docs VALUES (?,?,?)", (d, _pack(ext), json.dumps(self.eids_of_doc[d])))
        for d, eids in self.eids_of_doc.items():
            if d not in new_ids:
                db.execute("UPDATE docs SET eids=? WHERE doc_id=?", (json.dumps(eids), d))
        for d, refs in self.country_refs.items():
            db.execute("DELETE FROM crefs WHERE doc_id=?", (d,))
            db.executemany("INSERT INTO crefs VALUES (?,?)", [(d, r) for r in sorted(refs)])
        for nid in self.plan_.nodes_delete:
            db.execute("DELETE FROM nodes WHERE id=?", (nid,))
        for nid, (lab, props) in self.plan_.nodes_upsert.items():
            db.execute("INSERT OR REPLACE INTO nodes VALUES (?,?,?,?)", (nid, lab, _hash(props), props.get("country")))
        db.execute("COMMIT")


def _renamed(ent: Entity, eid: str, base: str) -> Entity:
    return Entity(id=eid, label=ent.label, name=ent.name, aliases=ent.aliases, country=ent.country,
                  reasons=ent.reasons, docs=ent.docs)


def base_id(eid: str) -> str:
    """An entity id without the suffix a namesake gets (ids never hold '~' otherwise)."""
    return eid.split("~", 1)[0]


def write_plan(conn, plan: Plan, schema) -> None:
    """Apply an incremental build's plan to a stored graph (kgbuild.stores.ladybug.apply_changes)."""
    from .stores.ladybug import apply_changes

    def clean(props: dict[str, Any]) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items() if v is not None}

    gazetteer_of: dict[str, list[str]] = defaultdict(list)
    for nid, label in sorted(plan.gazetteer_refresh.items()):
        if nid in plan.nodes_existing:
            gazetteer_of[label].append(nid)
    delete_nodes: dict[str, list[str]] = defaultdict(list)
    for nid, label in sorted(plan.nodes_delete.items()):
        delete_nodes[label].append(nid)
    update: dict[str, list[dict[str, Any]]] = defaultdict(list)
    insert: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for nid, (label, props) in sorted(plan.nodes_upsert.items()):
        (update if nid in plan.nodes_existing else insert)[label].append(clean({**props, "id": nid}))
    for did, props in plan.doc_rows:
        insert["Document"].append(clean({**props, "id": did}))
    edges: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for rel, src, dst, la, lb, props in plan.edges:
        schema.check_edge(rel, la, lb)
        edges[(rel, la, lb)].append((src, dst, clean(props)))
    apply_changes(conn, schema, docs_again=sorted(e.document.doc_id for e in plan.changed_docs),
                  gazetteer_of=gazetteer_of, delete_nodes=delete_nodes, update_nodes=update, insert_nodes=insert,
                  insert_edges=edges)
