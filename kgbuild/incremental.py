"""Incremental builds: resolution and the store write touch only what new documents can affect.

A full build leaves, beside the graph, a resolution state (STORE/resolve-<run>.sqlite, named by the manifest):
every document's clusters (the mentions that are one thing within it) with their blocking keys and the entity
each belongs to, every entity's group order and base id (for namesakes), every node's property hash, and each
document's record without its text. When a build adds documents (and changes nothing else), the blocking keys
of the new clusters select the clusters resolution could join them with, transitively (`closure`); only those
are resolved again, with resolution's own code, and the groups that result replace the old groups they touch.
A person named by one word joins the one full name with that word: the words and skeletons of the full names
resolved again say which of those decisions to take again. Regrouping reads only the clusters' keys (light rows),
and clusters alike (the same entity, name words, country and fullest form: a hub named in thousands of documents) as
one kind, whose keys the state keeps once, read as one with their number; a group that only grew (the same stored
clusters and new ones) is made from its stored aggregate plus the new clusters, and only the clusters of groups that
changed otherwise are read whole. Then only
the documents whose mentions now mean another entity (or whose people's countries or titles changed) are assembled
again, and the graph file is changed in place of being written anew: parameterised deletes and updates for what
changed (the edges a document assembled again still has stay), COPY for new rows.
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

from .assemble import HINT_RULES, HOLDS_ROLE, _entity_properties, document_edges
from .gazetteer import get_gazetteer
from .names import acronym_of, significant_words, skeleton
from .records import DocExtraction, Entity
from .resolve import (SKELETON_MIN, Aggregate, DocCluster, Resolution, Resolver, _event_parts, _fullest, _UnionFind,
                      aggregate, cluster_order, group_order, single_decision, surname_tokens)

STATE_VERSION = 7  # 7: short pickles stored uncompressed (_pack); 6: keys by kind of cluster (clusters alike), not
# by cluster, and entities' aggregates apart (eaggs: the entity rows dense, as the clusters' rows are beside their
# whole records in cdata, since 5)


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
        for tok in surname_tokens(c):
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
CREATE TABLE clusters(cid INTEGER PRIMARY KEY, doc_id TEXT, pos INTEGER, label TEXT, eid TEXT, key TEXT,
                      ktuple TEXT, country TEXT, members TEXT, mut TEXT, fullest TEXT, kind INTEGER);
CREATE TABLE cdata(cid INTEGER PRIMARY KEY, data BLOB);
CREATE INDEX clusters_eid ON clusters(eid);
CREATE INDEX clusters_kind ON clusters(kind, doc_id, pos);
CREATE TABLE ckeys(key TEXT, kind INTEGER, PRIMARY KEY (key, kind)) WITHOUT ROWID;
CREATE TABLE ents(eid TEXT PRIMARY KEY, label TEXT, base TEXT, gorder TEXT, name TEXT, country TEXT,
                  dochash TEXT, pcountry TEXT, titles TEXT, size INTEGER);
CREATE TABLE eaggs(eid TEXT PRIMARY KEY, agg BLOB);
CREATE INDEX ents_base ON ents(base);
CREATE TABLE roles(doc_id TEXT, ord INTEGER, src TEXT, title TEXT, vote TEXT, pc INTEGER);
CREATE INDEX roles_src ON roles(src);
CREATE INDEX roles_doc ON roles(doc_id);
CREATE TABLE nodes(id TEXT PRIMARY KEY, label TEXT, hash TEXT, country TEXT);
CREATE INDEX nodes_country ON nodes(country);
CREATE TABLE crefs(doc_id TEXT, code TEXT);
CREATE INDEX crefs_code ON crefs(code);
CREATE INDEX crefs_doc ON crefs(doc_id);
"""
ENT_COLS = ("eid", "label", "base", "gorder", "name", "country", "dochash", "pcountry", "titles", "size")
BUCKETS = ("Country", "Place", "Ministry")  # labels grouped by one key alone (resolve._across_documents)
SENTINEL = "\x00"  # the one reason of a light cluster: what resolution across documents writes over its reasons


def kind_of(eid: str, label: str, key: str, ktuple: str, country: str | None, fullest: str | None, mut: str | None,
            doc_id: str) -> int:
    """The kind of a stored cluster: clusters alike for resolution (the same entity, label, key, name words, country,
    fullest name and mutation) are one kind, and resolution reads one of them for all (`ResolveState.closure`). All
    the clusters of a kind have the same blocking keys, which the state keeps once per kind (a ministry no country
    names is keyed by its document: its document is part of its kind). A 63-bit hash of those columns (SQLite's
    integers are signed 64-bit)."""
    parts = (eid, label, key, ktuple, country, fullest, mut, doc_id if label == "Ministry" and not country else None)
    text = "\x00".join("\x01" if p is None else str(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


PACK_COMPRESS_MIN = 2048  # pickles at least this long are stored compressed


def _pack(obj: Any) -> bytes:
    """A pickle, compressed when it is long (a document's record: about a third of its size). Most are a cluster's
    or an entity's few hundred bytes, which compression shrinks by a fifth at the cost of setting up a zlib stream
    for each: a tenth of a second of a 150,000-word build's state."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.compress(data, 1) if len(data) >= PACK_COMPRESS_MIN else data


def _unpack(blob: bytes) -> Any:
    """What _pack packed: a pickle starts with its PROTO opcode (0x80), a zlib stream never does."""
    return pickle.loads(blob if blob[:1] == b"\x80" else zlib.decompress(blob))


def _hash(props: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(props, sort_keys=True, ensure_ascii=False, default=list).encode()).hexdigest()


def _dochash_of(agg: Aggregate) -> str:
    return hashlib.sha1("|".join(sorted(set().union(*agg.docs.values()))).encode()).hexdigest()[:6]


def _docs_of_agg(agg: Aggregate) -> set[str]:
    return set().union(*agg.docs.values()) if agg.docs else set()


class _Texts(dict):
    """A document's mention texts by index, looking like its mention list to resolve.aggregate."""

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


def _mutation(c: DocCluster) -> str | None:
    """What resolution across documents wrote over all the cluster's reasons, or None."""
    final = set(c.reasons.values())
    if len(final) == 1 and c.reasons != c.reasons0:  # type: ignore[attr-defined]
        return next(iter(final))
    return None


LIGHT_COLS = "cid, doc_id, pos, label, key, ktuple, country, members, mut, fullest, eid"


def _light(row) -> DocCluster:
    """A cluster from its row of LIGHT_COLS, with the entity it belongs to (`eid`)."""
    cid, doc_id, pos, label, key, ktuple, country, members, mut, fullest, eid = row
    c = DocCluster(doc_id, label, [int(m) for m in members[1:-1].split(",")], key=key, country=country,
                   reasons={SENTINEL: ""})  # members: a JSON list of numbers
    c.pos, c.cid = pos, cid  # type: ignore[attr-defined]
    c.key_tuple = tuple(ktuple.split("\x1f")) if ktuple else ()  # type: ignore[attr-defined]
    c.mut, c.eid = mut, eid  # type: ignore[attr-defined]
    if fullest is not None:
        c.fullest = fullest  # type: ignore[attr-defined]
    return c


@dataclass
class Plan:
    """What an incremental build changes in the graph."""

    new_docs: list[DocExtraction]
    changed_docs: list[DocExtraction] = field(default_factory=list)  # stored documents assembled again
    nodes_upsert: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # id -> (label, props)
    nodes_existing: set[str] = field(default_factory=set)  # which of nodes_upsert the graph holds already
    nodes_delete: dict[str, str] = field(default_factory=dict)  # id -> label
    gazetteer_refresh: dict[str, str] = field(default_factory=dict)  # node id -> label (Place, Ministry)
    doc_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # new Document nodes
    edges: list[tuple[str, str, str, str, str, dict[str, Any]]] = field(default_factory=list)
    # (type, src, dst, src label, dst label, props) of the documents assembled again and the refreshed nodes


def _in(n: int) -> str:
    return ",".join("?" * n)


def _chunks(items: Iterable[Any], size: int = 900):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def role_rows(ext: DocExtraction, eids: list[str | None], attrs: dict[str, tuple[str, str, str | None]]):
    """(doc_id, ord, source entity, title, vote, pc) of each HOLDS_ROLE candidate whose source resolved: the title a
    person node lists, and the country the role's body gives (kgbuild.assemble._countries_of_roles)."""
    out = []
    for n, r in enumerate(ext.relations):
        if r.type != HOLDS_ROLE:
            continue
        src = eids[r.source]
        if src is None:
            continue
        vote = None
        if r.target >= 0 and not r.rule.endswith(HINT_RULES):
            t = eids[r.target]
            if t is not None:
                lab, _, country = attrs[t]
                if country or lab == "Country":
                    vote = t if lab == "Country" else country
        title = r.title if r.title and attrs[src][0] == "Person" else None
        # pc: the edge depends on the source's country from its other roles (a body not named, or only a hint)
        out.append((ext.document.doc_id, n, src, title, vote, int(r.target < 0 or r.rule.endswith(HINT_RULES))))
    return out


class ResolveState:
    """The resolution state of a store (an SQLite file the manifest names)."""

    def __init__(self, path: str | Path, in_place: bool = False) -> None:
        """`in_place`: the store's own state, changed in one transaction that the build commits just after the
        store's manifest switched (with a rollback journal: a build killed in between leaves the state of the
        graph before, which its generation tells, and the next build is then a full one)."""
        self.path = Path(path)
        # used by one thread at a time, not always the one that opened it (kgbuild.builder writes the state in a
        # thread beside the store's write)
        self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self.db.execute(f"PRAGMA journal_mode={'DELETE' if in_place else 'OFF'}")
        self.db.execute(f"PRAGMA synchronous={'NORMAL' if in_place else 'OFF'}")
        self.db.execute("PRAGMA cache_size=-200000")
        self.db.execute("PRAGMA temp_store=MEMORY")  # the temporary tables of an incremental build (`closure`)
        self.db.execute("PRAGMA mmap_size=4294967296")  # pages read in place, not copied (a large state)
        self.db.create_function("kind_of", 8, kind_of, deterministic=True)

    def close(self) -> None:
        self.db.close()

    @classmethod
    def create(cls, path: str | Path, exts: list[DocExtraction], pairs: list[tuple[Entity, list[DocCluster]]],
               resolution: Resolution, graph, fingerprint: str, generation: str) -> ResolveState:
        """The state of a full build: its records, clusters and groups (`pairs`, from Resolver.resolve_groups with
        texts), and the graph it wrote."""
        st = cls(path)
        db = st.db
        db.executescript(SCHEMA_SQL)
        db.execute("BEGIN")
        db.execute("INSERT INTO meta VALUES ('version', ?), ('fingerprint', ?), ('generation', ?)",
                   (str(STATE_VERSION), fingerprint, generation))
        eid_of: dict[tuple[str, int], str] = {}
        cid = 0
        cl_rows, ent_rows, data_rows, agg_rows = [], [], [], []
        key_rows: set[tuple[str, int]] = set()
        titles, pcountry = {}, {}
        from .assemble import _countries_of_roles, _person_titles

        ordered = sorted(exts, key=lambda x: x.document.doc_id)
        titles, pcountry = _person_titles(ordered, resolution), _countries_of_roles(ordered, resolution)
        for ent, members in pairs:
            for c in members:
                cid += 1
                for m in c.members:
                    eid_of[(c.doc_id, m)] = ent.id
                row = st._cluster_row(cid, c, ent.id)
                cl_rows.append(row)
                data_rows.append((cid, _pack(c)))
                key_rows.update((k, row[-1]) for k in closure_keys(c) + lookup_keys(c))
            agg = aggregate(members, _texts_of(members))
            ent_rows.append((ent.id, ent.label, base_id(ent.id), json.dumps(group_order(ent.label, members)), ent.name,
                             ent.country, _dochash_of(agg), pcountry.get(ent.id), json.dumps(titles.get(ent.id)),
                             len(members)))
            agg_rows.append((ent.id, _pack(agg)))
        db.executemany("INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", cl_rows)
        db.executemany("INSERT INTO cdata VALUES (?,?)", data_rows)
        db.executemany("INSERT INTO ckeys VALUES (?,?)", sorted(key_rows))
        db.executemany("INSERT INTO ents VALUES (?,?,?,?,?,?,?,?,?,?)", ent_rows)
        db.executemany("INSERT INTO eaggs VALUES (?,?)", agg_rows)
        attrs = {e.id: (e.label, e.name, e.country) for e in resolution.entities.values()}
        doc_rows, roles = [], []
        for e in exts:
            eids = [eid_of.get((e.document.doc_id, i)) for i in range(len(e.mentions))]
            doc_rows.append((e.document.doc_id, _pack(e), json.dumps(eids)))
            roles += role_rows(e, eids, attrs)
        db.executemany("INSERT INTO docs VALUES (?,?,?)", doc_rows)
        db.executemany("INSERT INTO roles VALUES (?,?,?,?,?,?)", roles)
        rows, crefs = [], set()
        for nid, data in graph.nodes(data=True):
            if data["label"] != "Document":
                rows.append((nid, data["label"], _hash(data["properties"]), data["properties"].get("country")))
        for a, b, data in graph.edges(data=True):
            if graph.nodes[b]["label"] == "Country" and data["properties"].get("doc_id"):
                crefs.add((data["properties"]["doc_id"], b))
        db.executemany("INSERT INTO nodes VALUES (?,?,?,?)", rows)
        db.executemany("INSERT INTO crefs VALUES (?,?)", sorted(crefs))
        db.execute("COMMIT")
        return st

    @staticmethod
    def _cluster_row(cid: int, c: DocCluster, eid: str) -> tuple:
        kt = "\x1f".join(c.key_tuple if c.label == "Person" else ())  # type: ignore[attr-defined]
        mut, fullest = _mutation(c), _fullest(c) if c.label == "Person" else None
        return (cid, c.doc_id, c.pos, c.label, eid, c.key, kt, c.country,  # type: ignore[attr-defined]
                json.dumps(c.members), mut, fullest, kind_of(eid, c.label, c.key, kt, c.country, fullest, mut, c.doc_id))

    def fingerprint(self, graph: str | None) -> str | None:
        """The extraction fingerprint the state was made with, if it is the state of graph file `graph`."""
        try:
            rows = dict(self.db.execute("SELECT k, v FROM meta").fetchall())
        except sqlite3.Error:
            return None
        ok = rows.get("version") == str(STATE_VERSION) and rows.get("generation") == graph
        return rows.get("fingerprint") if ok else None

    def finish(self, graph: str) -> None:
        """Commit the changes an incremental build made, as the state of graph file `graph`."""
        self.db.execute("UPDATE meta SET v=? WHERE k='generation'", (graph,))
        self.db.execute("COMMIT")

    # ------------------------------------------------------------ reading
    def light(self, cids: Iterable[int]) -> dict[int, DocCluster]:
        out = {}
        for part in _chunks(cids):
            for row in self.db.execute(f"SELECT {LIGHT_COLS} FROM clusters WHERE cid IN ({_in(len(part))})", part):
                out[row[0]] = _light(row)
        return out

    def full(self, cids: Iterable[int]) -> dict[int, DocCluster]:
        out = {}
        for part in _chunks(cids):
            for cid, data in self.db.execute(f"SELECT cid, data FROM cdata WHERE cid IN ({_in(len(part))})", part):
                out[cid] = _unpack(data)
        return out

    def kinds_of_keys(self, keys: Iterable[str]) -> set[int]:
        """The kinds of the stored clusters with any of `keys`, but for those resolved again already (`affk`; a kind
        whose clusters all changed since may be among them: `reps` leaves it out)."""
        out: set[int] = set()
        for part in _chunks(keys):
            out.update(r[0] for r in self.db.execute(f"SELECT kind FROM ckeys WHERE key IN ({_in(len(part))}) "
                                                     "AND kind NOT IN (SELECT kind FROM affk)", part))
        return out

    def ents(self, eids: Iterable[str], where: str = "eid") -> dict[str, dict[str, Any]]:
        out = {}
        for part in _chunks(eids):
            for row in self.db.execute(f"SELECT {', '.join(ENT_COLS)} FROM ents WHERE {where} IN ({_in(len(part))})",
                                       part):
                out[row[0]] = dict(zip(ENT_COLS, row))
        return out

    def aggs(self, eids: Iterable[str]) -> dict[str, Aggregate]:
        out = {}
        for part in _chunks(eids):
            for eid, blob in self.db.execute(f"SELECT eid, agg FROM eaggs WHERE eid IN ({_in(len(part))})", part):
                out[eid] = _unpack(blob)
        return out

    def docs(self, doc_ids: Iterable[str]) -> dict[str, tuple[DocExtraction, list[str | None]]]:
        out = {}
        for part in _chunks(doc_ids):
            for doc_id, rec, eids in self.db.execute(
                    f"SELECT doc_id, record, eids FROM docs WHERE doc_id IN ({_in(len(part))})", part):
                out[doc_id] = (_unpack(rec), json.loads(eids))
        return out

    def closure(self, keys: Iterable[str]) -> dict[int, DocCluster]:
        """The stored clusters that share a key with `keys`, transitively through their own closure keys (not the
        lookup keys of people's words), as whole kinds (`kind_of`): the first cluster of each kind in corpus order,
        read light, with the number of clusters of its kind (`weight`). Resolution reads that one for all of them: a
        hub entity named in thousands of documents is then read as a handful of clusters. The kinds are left in the
        temporary table `affk` (the stored clusters resolved again)."""
        db = self.db
        db.execute("BEGIN")  # temporary tables only: one transaction, not one per statement
        for t, col in (("kfront", "key TEXT"), ("kbatch", "kind INTEGER"), ("affk", "kind INTEGER")):
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {t}({col} PRIMARY KEY)")
            db.execute(f"DELETE FROM {t}")
        seen = set(keys)
        frontier = seen
        out: dict[int, DocCluster] = {}
        while frontier:
            db.execute("DELETE FROM kfront")
            db.executemany("INSERT INTO kfront VALUES (?)", [(k,) for k in frontier])
            db.execute("DELETE FROM kbatch")
            db.execute("INSERT OR IGNORE INTO kbatch SELECT k.kind FROM kfront f JOIN ckeys k ON k.key = f.key "
                       "WHERE k.kind NOT IN (SELECT kind FROM affk)")
            part = self._reps_of_batch()
            out.update(part)
            frontier = {k for c in part.values() for k in closure_keys(c)} - seen
            seen |= frontier
        db.execute("COMMIT")
        return out

    def reps(self, kinds: Iterable[int]) -> dict[int, DocCluster]:
        """The first cluster of each of `kinds` in corpus order, with the number of its kind (as `closure`); the kinds
        join `affk`."""
        db = self.db
        db.execute("BEGIN")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS affk(kind INTEGER PRIMARY KEY)")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kbatch(kind INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM kbatch")
        db.executemany("INSERT INTO kbatch VALUES (?)", [(k,) for k in kinds])
        out = self._reps_of_batch()
        db.execute("COMMIT")
        return out

    def _reps_of_batch(self) -> dict[int, DocCluster]:
        # by the index on (kind, doc_id, pos): a kind's first cluster and its number, without reading its clusters
        rows = self.db.execute("SELECT (SELECT count(*) FROM clusters c WHERE c.kind = b.kind), "
                               "(SELECT c.cid FROM clusters c WHERE c.kind = b.kind ORDER BY c.doc_id, c.pos LIMIT 1) "
                               "FROM kbatch b").fetchall()
        self.db.execute("INSERT OR IGNORE INTO affk SELECT kind FROM kbatch")
        weight = {rep: n for n, rep in rows if n}
        reps = self.light(weight)
        for r, c in reps.items():
            c.weight = weight[r]  # type: ignore[attr-defined]
        return reps

    def alike(self, reps: Iterable[int]) -> dict[int, list[int]]:
        """The other clusters of the kind of each of `reps` (those it stands for)."""
        out: dict[int, list[int]] = {}
        for part in _chunks(reps):
            for rep, cid in self.db.execute(
                    "SELECT r.cid, c.cid FROM clusters r JOIN clusters c ON c.kind = r.kind "
                    f"WHERE r.cid IN ({_in(len(part))}) AND c.cid != r.cid ORDER BY c.doc_id, c.pos", part):
                out.setdefault(rep, []).append(cid)
        return out

    def stored_roots(self, key: str) -> set[str]:
        """The stored groups of the clusters with lookup key `key`, but for the clusters resolved again (`affk`)."""
        rows = self.db.execute("SELECT (SELECT c.eid FROM clusters c WHERE c.kind = k.kind LIMIT 1) FROM ckeys k "
                               "WHERE k.key = ? AND k.kind NOT IN (SELECT kind FROM affk)", (key,))
        return {r[0] for r in rows if r[0] is not None}

    def full_name_countries(self, eid: str) -> set[str]:
        """The countries of the clusters of a stored group that name a person in more than one word."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT country FROM clusters WHERE eid = ? AND country IS NOT NULL AND country != '' "
            "AND (ktuple = '' OR ktuple IS NULL OR instr(ktuple, char(31)) > 0)", (eid,))}

    def not_affected(self, eids: Iterable[str]) -> dict[str, set[int]]:
        """The clusters of stored groups that are not among those resolved again."""
        out: dict[str, set[int]] = defaultdict(set)
        for part in _chunks(eids):
            for cid, eid in self.db.execute(f"SELECT cid, eid FROM clusters WHERE eid IN ({_in(len(part))}) "
                                            "AND kind NOT IN (SELECT kind FROM affk)", part):
                out[eid].add(cid)
        return out

    def next_cid(self) -> int:
        return (self.db.execute("SELECT max(cid) FROM clusters").fetchone()[0] or 0) + 1


# ------------------------------------------------------------------ the incremental build
@dataclass
class _Made:
    """A group resolved again: its entity, the clusters it holds, how it came about."""

    ent: Entity
    agg: Aggregate
    ids: list[int]
    gorder: tuple
    label: str
    kept: str | None = None  # the stored group it only grew (the same clusters and more), if so
    partial: bool = False  # `ids` are the new clusters only (the stored ones were not read)


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
                c.texts = {i: ext.mentions[i].text for i in c.members}  # type: ignore[attr-defined]
                c.cid = cid  # type: ignore[attr-defined]
                new[cid] = c
                cid += 1
        # 1. The stored clusters resolution may join the new ones with, transitively (light: no texts, no reasons).
        # A country, place or ministry is a bucket of one key: a new cluster only adds to the stored group of its key
        # (if any), which it need not read.
        bucketed: dict[str, list[int]] = defaultdict(list)
        for i, c in new.items():
            if c.label in BUCKETS:
                bucketed[closure_keys(c)[0]].append(i)
        frontier = {k for c in new.values() if c.label not in BUCKETS for k in closure_keys(c)}
        # Clusters alike (an entity named the same way in many documents: one kind, `kind_of`) are read and resolved
        # as one, the first of them in corpus order with their number as its `weight`; it stands for the others of its
        # kind, which are listed only for a group that does not stay as it was (`_expand`).
        old = st.closure(frontier)
        # 2. People named by one word whose decision may change: the words and skeletons of the full names above.
        words = {k for c in list(new.values()) + list(old.values()) for k in lookup_keys(c) if k[:1] in ("t", "s")}
        single_keys = {"1" + k for k in words} | {k for c in new.values() for k in lookup_keys(c) if k.startswith("1l|")}
        singles = st.reps(st.kinds_of_keys(single_keys))
        lone = {k for c in singles.values() for k in lookup_keys(c) if k.startswith("1l|")}
        singles.update(st.reps(st.kinds_of_keys(lone)))
        old.update(singles)
        clusters: dict[int, DocCluster] = {**old, **new}
        old_eid = {i: c.eid for i, c in old.items()}  # type: ignore[attr-defined]
        # each stored cluster read for its kind -> the number of clusters of its kind
        self.weight: dict[int, int] = {i: c.weight for i, c in old.items()}  # type: ignore[attr-defined]
        self.rep_for: dict[int, int] = {}  # a cluster listed for its kind -> the one read for it
        self.alike: dict[int, list[int]] = {}  # a cluster read for its kind -> the others of its kind, once listed
        self.old_eid = old_eid
        # 3. Resolve again with resolution's own code (one-word names against the groups around them).
        by_label: dict[str, list[int]] = defaultdict(list)
        in_buckets = {i for ids in bucketed.values() for i in ids}
        for i in sorted(set(clusters) - in_buckets, key=lambda i: cluster_order(clusters[i])):
            by_label[clusters[i].label].append(i)
        groups: list[tuple[str, list[int]]] = []
        self._joins: dict[str, list[int]] = defaultdict(list)
        for label, ids in by_label.items():
            if label == "Person":
                groups += self._people(ids, clusters)
            else:
                for lab, g in rv._across_documents([clusters[i] for i in ids]):
                    groups.append((lab, [c.cid for c in g]))  # type: ignore[attr-defined]

        # Stored groups resolved only in part keep the rest of their clusters; a one-word name that joins a stored
        # group makes that group one of those resolved again.
        touched = {old_eid[i] for _, g in groups for i in g if i in old_eid} | set(self._joins)
        self.sizes = {e: row["size"] for e, row in st.ents(touched).items()}
        placed = {i for _, g in groups for i in g}
        count = defaultdict(int)
        for i in placed:
            if i in old_eid:
                count[old_eid[i]] += self.weight.get(i, 1)
        short = [e for e in touched if count[e] < self.sizes.get(e, 0)]  # some clusters of theirs were not read
        unplaced = defaultdict(set)  # read, but not placed (one-word names that join another group): with their kind
        lost = [r for r in self.weight if r not in placed]
        self._list_alike(lost)
        for r in lost:
            unplaced[old_eid[r]].update([r, *self.alike.get(r, ())])
        members_of = st.not_affected(short)
        for eid in sorted(touched):
            left = members_of.get(eid, set()) | unplaced.get(eid, set())
            joined = self._joins.get(eid, [])
            if not left and not joined:
                continue
            more = st.light(left - set(clusters))
            clusters.update(more)
            old_eid.update({i: eid for i in left})
            groups.append((clusters[next(iter(left or joined))].label, sorted(left) + joined))
        self.clusters, self.old_eid, self.new = clusters, old_eid, new
        self.grown = []  # (label, new cluster ids, the stored group they join or None)
        for key, ids in bucketed.items():
            row = st.db.execute("SELECT c.eid FROM ckeys k JOIN clusters c ON c.kind = k.kind WHERE k.key=? LIMIT 1",
                                (key,)).fetchone()
            self.grown.append((new[ids[0]].label, ids, row[0] if row else None))
        return self._entities(new_exts, groups)

    def _list_alike(self, reps: Iterable[int]) -> None:
        """List the other clusters of the kinds of `reps` (`alike`), which take the stored group of the one read."""
        todo = [r for r in reps if r not in self.alike and self.weight.get(r, 1) > 1]
        for r, others in self.st.alike(todo).items():
            self.alike[r] = others
            for f in others:
                self.rep_for[f] = r
                self.old_eid[f] = self.old_eid[r]

    def _number(self, ids: list[int]) -> int:
        """How many stored clusters `ids` hold: a cluster read for its kind holds them all."""
        have = set(ids)
        n = 0
        for i in have:
            if i in self.old_eid and self.rep_for.get(i) not in have:
                n += self.weight.get(i, 1)
        return n

    def _expand(self, ids: list[int]) -> list[int]:
        """`ids` with the clusters each holds for its kind."""
        have = set(ids)
        return ids + [f for i in ids for f in self.alike.get(i, ()) if f not in have]

    # ------------------------------------------------------------ people
    def _people(self, ids: list[int], clusters: dict[int, DocCluster]) -> list[tuple[str, list[int]]]:
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
        by_tok: dict[str, set] = defaultdict(set)
        by_sk: dict[str, set] = defaultdict(set)
        for i in full:
            if clusters[i].country:
                fresh_countries[root_of[i]].add(clusters[i].country)
            for tok in surname_tokens(clusters[i]):
                by_tok[tok].add(root_of[i])
                if len(skeleton(tok)) >= SKELETON_MIN:
                    by_sk[skeleton(tok)].add(root_of[i])
        stored_countries: dict[str, set[str]] = {}
        cache: dict[str, set] = {}

        def stored_roots(key: str) -> set:
            if key not in cache:
                # the clusters read here (`affk`: these full names and those alike) are resolved again, not stored
                cache[key] = {("old", e) for e in st.stored_roots(key)}
            return cache[key]

        def countries(r):
            if r[0] == "new":
                return fresh_countries.get(r, set())
            if r[1] not in stored_countries:
                stored_countries[r[1]] = st.full_name_countries(r[1])
            return stored_countries[r[1]]

        members: dict[Any, list[int]] = defaultdict(list)
        for i in full:
            members[root_of[i]].append(i)
        lone: dict[str, list[int]] = defaultdict(list)
        out: list[tuple[str, list[int]]] = []
        for i in singles:
            c = clusters[i]
            what, arg = single_decision(c, lambda k: by_tok.get(k, set()) | stored_roots("t|" + k),
                                        lambda sk: by_sk.get(sk, set()) | stored_roots("s|" + sk), countries)
            if what == "join":
                for a in list(c.reasons):
                    c.reasons[a] = "surname of the only person of that name in the corpus"
                if arg[0] == "new":
                    members[arg].append(i)
                else:
                    self._joins[arg[1]].append(i)
            elif what == "lone":
                lone[arg].append(i)
            else:
                out.append(("Person", [i]))
        out += [("Person", g) for g in members.values()]
        out += [("Person", g) for g in lone.values()]
        return out

    # ------------------------------------------------------------ entities
    def _entities(self, new_exts: list[DocExtraction], groups: list[tuple[str, list[int]]]) -> Plan:
        st, rv = self.st, self.resolver
        clusters, old_eid = self.clusters, self.old_eid
        made: list[_Made] = []
        full_needed: dict[int, str | None] = {}
        plans = []

        def light_of(i: int) -> DocCluster:  # a cluster read, or the one of its kind that was (the same decisions)
            return clusters[i] if i in clusters else clusters[self.rep_for[i]]

        for label, ids in groups:
            ids = list(dict.fromkeys(ids))
            olds = [i for i in ids if i in old_eid]
            eids = {old_eid[i] for i in olds}
            muts_same = all((_light_mutation(clusters[i]) == clusters[i].mut)  # type: ignore[attr-defined]
                            for i in clusters.keys() & olds)  # those alike decide as the cluster read for them
            kept = None
            if len(eids) == 1 and muts_same:
                e = next(iter(eids))
                if self.sizes.get(e, -1) == self._number(olds):
                    kept = e
            if kept is not None and len(olds) == len(ids):
                continue  # the same group as before: nothing to do
            plans.append((label, ids, olds, kept))
        # A group that is not one stored group grown: every cluster it holds is read whole.
        self._list_alike(i for _, _, olds, kept in plans if kept is None for i in olds)
        for n, (label, ids, olds, kept) in enumerate(plans):
            if kept is None:
                ids, olds = self._expand(ids), self._expand(olds)
                plans[n] = (label, ids, olds, kept)
                for i in olds:
                    full_needed[i] = _light_mutation(light_of(i))
        aggs = st.aggs({k for _, _, _, k in plans if k})
        kept_rows = st.ents({k for _, _, _, k in plans if k})
        loaded = st.full(full_needed)
        for i, mut in full_needed.items():
            c = loaded[i]
            c.reasons = dict(c.reasons0)  # type: ignore[attr-defined]
            if mut is not None:
                for a in list(c.reasons):
                    c.reasons[a] = mut
            c.cid, c.mut = i, mut  # type: ignore[attr-defined]
            clusters[i] = c
        wanted = Counter(kept for _, _, _, kept in plans if kept is not None)
        for label, ids, olds, kept in plans:
            if kept is not None:
                # A stored group that only grew (the same clusters and new ones): its stored aggregate and order plus
                # the new clusters; its stored clusters keep their entity (renamed as a whole if it is renumbered).
                fresh = sorted((clusters[i] for i in ids if i not in old_eid), key=cluster_order)
                agg = _own(aggs, kept, wanted)
                agg.add(aggregate(fresh, _texts_of(fresh)))
                ent = rv.entity_from(label, agg, used=set())
                order = min(tuple(group_order(label, fresh)), tuple(json.loads(kept_rows[kept]["gorder"])))
                made.append(_Made(ent, agg, [c.cid for c in fresh], order, label, kept,  # type: ignore[attr-defined]
                                  partial=True))
                continue
            ids = sorted(ids, key=lambda i: cluster_order(clusters[i]))
            fresh = [clusters[i] for i in ids]
            agg = Aggregate()
            agg.add(aggregate(fresh, _texts_of(fresh)))
            ent = rv.entity_from(label, agg, used=set())
            made.append(_Made(ent, agg, ids, tuple(group_order(label, fresh)), label, kept))
        grown = [g for g in self.grown if g[2]]
        aggs = st.aggs({e for _, _, e in grown})
        wanted = Counter(e for _, _, e in grown)
        rows = st.ents({e for _, _, e in grown})
        for label, ids, kept in self.grown:
            cs = [clusters[i] for i in ids]
            agg = Aggregate() if kept is None else _own(aggs, kept, wanted)
            agg.add(aggregate(cs, _texts_of(cs)))
            ent = rv.entity_from(label, agg, used=set())
            order = tuple(group_order(label, cs))
            if kept is not None:
                order = min(order, tuple(json.loads(rows[kept]["gorder"])))
            made.append(_Made(ent, agg, ids, order, label, kept, partial=kept is not None))
        return self._namesakes(new_exts, made)

    def _namesakes(self, new_exts, made: list[_Made]) -> Plan:
        """Number namesakes as a full build does: per base id, in group order, the first keeps it."""
        st, rv = self.st, self.resolver
        old_eid = self.old_eid
        replaced = {old_eid[i] for m in made for i in m.ids if i in old_eid} | {m.kept for m in made if m.partial}
        old_ents = st.ents(replaced)
        bases = {m.ent.id for m in made} | {r["base"] for r in old_ents.values()}
        stored: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in st.ents(bases, where="base").values():
            if row["eid"] not in replaced:
                stored[row["base"]].append(row)
        by_base: dict[str, list] = defaultdict(list)
        for m in made:
            by_base[m.ent.id].append((m.gorder, "made", m))
        final: dict[str, _Made] = {}
        renamed: dict[str, str] = {}
        for base in bases:
            entries = list(by_base.get(base, []))
            entries += [(tuple(json.loads(r["gorder"])), "stored", r) for r in stored.get(base, [])]
            entries.sort(key=lambda x: x[0])
            for n, (_, kind, item) in enumerate(entries):
                if kind == "made":
                    eid = base if n == 0 else base + "~" + _dochash_of(item.agg)
                    if eid != item.ent.id:
                        item.ent = _renamed(item.ent, eid)
                    final[eid] = item
                else:
                    eid = base if n == 0 else base + "~" + item["dochash"]
                    if eid != item["eid"]:
                        renamed[item["eid"]] = eid
        self.renamed = renamed
        # a bucket that grew and is numbered anew as a namesake: its stored clusters take the new id too
        self.relabel = {m.kept: eid for eid, m in final.items() if m.partial and eid != m.kept}
        if renamed:  # stored groups numbered anew: the same clusters under another id
            aggs = st.aggs(renamed)
            rows = st.ents(renamed)
            for old_id, eid in renamed.items():
                ent = _renamed(rv.entity_from(rows[old_id]["label"], aggs[old_id], used=set()), eid)
                final[eid] = _Made(ent, aggs[old_id], [], tuple(json.loads(rows[old_id]["gorder"])),
                                   rows[old_id]["label"], kept=old_id)
                old_ents[old_id] = rows[old_id]
        self.final, self.old_ents = final, old_ents
        self.replaced = replaced | set(renamed)
        # Documents whose mentions now mean another entity, or an entity that changed name, label or country.
        new_eid = {i: eid for eid, m in final.items() for i in m.ids}
        self.new_eid = new_eid
        docs_changed: set[str] = set()
        for i, eid in new_eid.items():
            if i in old_eid and old_eid[i] != eid:
                docs_changed.add(self.clusters[i].doc_id)
        for old_id, eid in list(renamed.items()) + list(self.relabel.items()):
            docs_changed |= _docs_of_agg(final[eid].agg)
        for eid, m in final.items():
            o = old_ents.get(m.kept or eid) if (m.kept or eid) in old_ents else None
            if o is not None and (o["name"], o["label"], o["country"]) != (m.ent.name, m.ent.label, m.ent.country):
                docs_changed |= _docs_of_agg(m.agg)
        docs_changed -= {e.document.doc_id for e in new_exts}
        return self._assemble(new_exts, docs_changed)

    # ------------------------------------------------------------ documents
    def _attrs(self, eids: set[str]) -> dict[str, tuple[str, str, str | None]]:
        out = {}
        for eid in eids:
            if eid in self.final:
                e = self.final[eid].ent
                out[eid] = (e.label, e.name, e.country)
        rest = [e for e in eids if e not in out]
        for eid, row in self.st.ents(rest).items():
            out[eid] = (row["label"], row["name"], row["country"])
        return out

    def _assemble(self, new_exts: list[DocExtraction], docs_changed: set[str]) -> Plan:
        st, final = self.st, self.final
        new_ids = {e.document.doc_id for e in new_exts}
        records: dict[str, DocExtraction] = {e.document.doc_id: e for e in new_exts}
        eids_of_doc: dict[str, list[str | None]] = {e.document.doc_id: [None] * len(e.mentions) for e in new_exts}
        for d, (rec, eids) in st.docs(docs_changed).items():
            records[d], eids_of_doc[d] = rec, eids
        for i, eid in self.new_eid.items():
            c = self.clusters[i]
            if c.doc_id in eids_of_doc:
                for m in c.members:
                    eids_of_doc[c.doc_id][m] = eid
        for old_id, eid in list(self.renamed.items()) + list(self.relabel.items()):
            for d in _docs_of_agg(final[eid].agg):
                if d in eids_of_doc and d not in new_ids:
                    eids_of_doc[d] = [eid if e == old_id else e for e in eids_of_doc[d]]
        self.eids_of_doc = eids_of_doc
        # Roles: the sources whose titles and countries may change, then those.
        remapped = set(eids_of_doc)
        old_sources = set()
        for part in _chunks(remapped - new_ids):
            old_sources |= {r[0] for r in st.db.execute(f"SELECT DISTINCT src FROM roles WHERE doc_id IN ({_in(len(part))})",
                                                        part)}
        view = {e for v in eids_of_doc.values() for e in v if e}
        attrs = self._attrs(view)
        roles = [row for d in sorted(remapped) for row in role_rows(records[d], eids_of_doc[d], attrs)]
        self.role_rows = roles
        sources = old_sources | {r[2] for r in roles} | {e for e, m in final.items() if m.kept is None or
                                                         e != m.kept}
        st.db.execute("BEGIN")  # the new rows are read back below; the caller's copy of the state is the one changed
        for part in _chunks(remapped):
            st.db.execute(f"DELETE FROM roles WHERE doc_id IN ({_in(len(part))})", part)
        st.db.executemany("INSERT INTO roles VALUES (?,?,?,?,?,?)", roles)
        titles: dict[str, list[str] | None] = {}
        pcountry: dict[str, str | None] = {}
        for p in sources:
            seen: dict[str, str] = {}
            for (t,) in st.db.execute("SELECT title FROM roles WHERE src=? AND title IS NOT NULL ORDER BY doc_id, ord",
                                      (p,)):
                seen.setdefault(t.casefold(), t)
            titles[p] = sorted(seen.values(), key=str.casefold) or None
            votes: dict[str, list] = {}
            for vote, d, o in st.db.execute("SELECT vote, doc_id, ord FROM roles WHERE src=? AND vote IS NOT NULL",
                                            (p,)):
                v = votes.setdefault(vote, [0, (d, o)])
                v[0] += 1
                v[1] = min(v[1], (d, o))
            best = min(votes.items(), key=lambda x: (-x[1][0], x[1][1])) if votes else None
            pcountry[p] = best[0] if best else None
        stored = st.ents(sources)
        for m in final.values():
            if m.ent.id not in titles:
                row = self.old_ents.get(m.kept or m.ent.id) or stored.get(m.ent.id)
                titles[m.ent.id] = json.loads(row["titles"]) if row and row["titles"] else None
                pcountry[m.ent.id] = row["pcountry"] if row else None
        self.titles, self.pcountry = titles, pcountry
        for p in sources:
            before = self.old_ents.get(p) or stored.get(p)
            if before is not None and before["pcountry"] != pcountry.get(p):
                for part in _chunks([p]):
                    docs_changed |= {r[0] for r in st.db.execute("SELECT DISTINCT doc_id FROM roles WHERE src=? AND pc=1",
                                                                  (part[0],))}
        docs_changed -= new_ids
        for d, (rec, eids) in st.docs(docs_changed - set(records)).items():
            records[d], eids_of_doc[d] = rec, eids
        plan = Plan(new_docs=new_exts, changed_docs=[records[d] for d in sorted(docs_changed)])
        assembled = list(new_exts) + plan.changed_docs
        srcs = {eids_of_doc[e.document.doc_id][r.source] for e in assembled for r in e.relations
                if eids_of_doc[e.document.doc_id][r.source]}
        pc = {p: c for p, c in pcountry.items() if c}
        for row in st.ents(srcs - set(pcountry)).values():
            if row["pcountry"]:
                pc[row["eid"]] = row["pcountry"]
        view_ids = {e for ext in assembled for e in eids_of_doc[ext.document.doc_id] if e}
        entities = {eid: m.ent for eid, m in final.items()}
        for eid, (lab, name, country) in self._attrs(view_ids - set(entities)).items():
            entities[eid] = Entity(id=eid, label=lab, name=name, aliases=[], country=country)
        res = Resolution(entities, {(ext.document.doc_id, i): e for ext in assembled
                                    for i, e in enumerate(eids_of_doc[ext.document.doc_id]) if e})
        country_refs: dict[str, set[str]] = {}
        for ext in assembled:
            did, props, mentions, edges = document_edges(ext, res, self.schema, pc)
            refs = set()
            if ext.document.doc_id in new_ids:
                plan.doc_rows.append((did, props))
            for eid, n in mentions:
                plan.edges.append(("MENTIONS", did, eid, "Document", entities[eid].label,
                                   {"count": n, "doc_id": ext.document.doc_id, "key": f"MENTIONS|{did}|{eid}"}))
                if entities[eid].label == "Country":
                    refs.add(eid)
            for ekey, e in edges:
                dst_label = entities[e["dst"]].label if e["dst"] in entities else "Country"
                if dst_label == "Country":
                    refs.add(e["dst"])
                plan.edges.append((e["type"], e["src"], e["dst"], entities[e["src"]].label, dst_label,
                                   {**e["props"], "key": ekey}))
            country_refs[ext.document.doc_id] = refs
        self.country_refs = country_refs
        self.plan_ = plan
        self._nodes(plan, stored)
        return plan

    # ------------------------------------------------------------ nodes
    def _nodes(self, plan: Plan, stored_sources) -> None:
        """Entity and country nodes whose properties changed, came or went; the gazetteer edges of those that
        are places and ministries."""
        st, gaz = self.st, self.gaz
        want: dict[str, tuple[str, dict[str, Any]]] = {}
        for eid, m in self.final.items():
            want[eid] = (m.ent.label, _entity_properties(m.ent, self.titles.get(eid)))
        changed_titles = [p for p in self.titles if p not in want and p not in self.replaced and p in stored_sources
                          and json.loads(stored_sources[p]["titles"] or "null") != self.titles[p]]
        if changed_titles:
            aggs = st.aggs(changed_titles)
            for p in changed_titles:
                row = stored_sources[p]
                ent = _renamed(self.resolver.entity_from(row["label"], aggs[p], used=set()), p)
                want[p] = (row["label"], _entity_properties(ent, self.titles[p]))
        gone = {e for e in self.replaced if e not in self.final}
        codes = set()
        for refs in self.country_refs.values():
            codes |= refs
        for part in _chunks(self.country_refs):
            codes |= {r[0] for r in st.db.execute(f"SELECT code FROM crefs WHERE doc_id IN ({_in(len(part))})", part)}
        old_nodes = self._old_nodes(set(want) | gone)
        for nid in list(want) + list(gone):
            if nid in old_nodes and old_nodes[nid][2]:
                codes.add(old_nodes[nid][2])
            lab, props = want.get(nid, (None, {}))
            if props.get("country"):
                codes.add(props["country"])
        old_nodes.update(self._old_nodes(codes - set(old_nodes)))
        entity_ids = set(self.final) | set(st.ents(codes - set(self.final)))
        entity_ids -= gone
        for code in codes:
            if code in entity_ids:
                continue  # a Country entity: its node is the entity's
            if self._referenced(code, want, gone):
                name = gaz.country_names.get(code, code)
                want[code] = ("Country", {"id": code, "name": name, "aliases": [name], "country": code,
                                          "merge_reasons": json.dumps({name: {"reason": "gazetteer: ISO 3166 country",
                                                                              "documents": []}})})
            elif code in old_nodes:
                gone.add(code)
        for nid, (lab, props) in want.items():
            props = {**props, "id": nid}
            if nid in old_nodes and old_nodes[nid][1] == _hash(props):
                continue
            plan.nodes_upsert[nid] = (lab, props)
            if nid in old_nodes:
                plan.nodes_existing.add(nid)
            if lab in ("Place", "Ministry"):
                # its gazetteer edge (to its country) stays as it is unless the country changed
                if nid in old_nodes and old_nodes[nid][0] == lab and old_nodes[nid][2] == props.get("country"):
                    continue
                plan.gazetteer_refresh[nid] = lab
        for nid in gone:
            if nid not in want and nid in old_nodes:
                plan.nodes_delete[nid] = old_nodes[nid][0]
        for nid, (lab, props) in plan.nodes_upsert.items():
            country = props.get("country")
            if nid in plan.nodes_existing and nid not in plan.gazetteer_refresh:
                continue
            if lab in ("Place", "Ministry") and country and country in gaz.country_names:
                rel = "LOCATED_IN" if lab == "Place" else "PART_OF"
                plan.edges.append((rel, nid, country, lab, "Country", {"source": "gazetteer", "key": f"{rel}|{nid}|{country}"}))
        self.want = want

    def _referenced(self, code: str, want, gone) -> bool:
        """Whether a country node is needed without a Country entity: an edge reaches it, or a place or ministry
        lies in it (a gazetteer country)."""
        if any(code in r for r in self.country_refs.values()):
            return True
        docs = json.dumps(sorted(self.country_refs))
        if self.st.db.execute("SELECT 1 FROM crefs WHERE code=? AND doc_id NOT IN (SELECT value FROM json_each(?)) "
                              "LIMIT 1", (code, docs)).fetchone():
            return True
        if code not in self.gaz.country_names:
            return False
        if any(lab in ("Place", "Ministry") and p.get("country") == code for lab, p in want.values()):
            return True
        changed = json.dumps(sorted(set(want) | set(gone)))
        return self.st.db.execute("SELECT 1 FROM nodes WHERE country=? AND label IN ('Place', 'Ministry') AND id NOT IN "
                                  "(SELECT value FROM json_each(?)) LIMIT 1", (code, changed)).fetchone() is not None

    def _old_nodes(self, ids: set[str]) -> dict[str, tuple[str, str, str | None]]:
        out = {}
        for part in _chunks(ids):
            for nid, label, h, country in self.st.db.execute(
                    f"SELECT id, label, hash, country FROM nodes WHERE id IN ({_in(len(part))})", part):
                out[nid] = (label, h, country)
        return out

    # ------------------------------------------------------------ recording the decisions
    def apply_state(self) -> None:
        """Record the plan in the state, in the transaction _assemble opened: `ResolveState.finish` commits it once
        the store has switched to the new graph."""
        db = self.st.db
        plan = self.plan_
        new_ids = {e.document.doc_id for e in plan.new_docs}
        rows, agg_rows = [], []
        for eid, m in self.final.items():
            rows.append((eid, m.ent.label, base_id(eid), json.dumps(m.gorder), m.ent.name, m.ent.country,
                         _dochash_of(m.agg), self.pcountry.get(eid), json.dumps(self.titles.get(eid)),
                         (self._size(m.kept) + len(m.ids)) if m.partial else len(m.ids) if m.ids else self._size(m.kept)))
            agg_rows.append((eid, _pack(m.agg)))
        for part in _chunks(self.replaced):
            db.execute(f"DELETE FROM ents WHERE eid IN ({_in(len(part))})", part)
            db.execute(f"DELETE FROM eaggs WHERE eid IN ({_in(len(part))})", part)
        db.executemany("INSERT OR REPLACE INTO ents VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT OR REPLACE INTO eaggs VALUES (?,?)", agg_rows)
        for p in set(self.pcountry) - set(self.final):
            db.execute("UPDATE ents SET pcountry=?, titles=? WHERE eid=?", (self.pcountry[p], json.dumps(self.titles.get(p)), p))
        # A cluster that changes entity or mutation changes kind (`kind_of`); the keys of its new kind are added below.
        moved_eids, moved = [], []
        for old_id, eid in list(self.renamed.items()) + list(self.relabel.items()):
            db.execute("UPDATE clusters SET eid=?, kind=kind_of(?, label, key, ktuple, country, fullest, mut, doc_id) "
                       "WHERE eid=?", (eid, eid, old_id))
            moved_eids.append(eid)
        new_rows, data_rows = [], []
        key_rows: set[tuple[str, int]] = set()
        for i, eid in self.new_eid.items():
            c = self.clusters[i]
            if i in self.new:
                row = ResolveState._cluster_row(i, c, eid)
                new_rows.append(row)
                data_rows.append((i, _pack(c)))
                key_rows.update((k, row[-1]) for k in closure_keys(c) + lookup_keys(c))
            elif hasattr(c, "reasons0"):  # loaded whole: its reasons may have changed
                mut = _mutation(c)
                db.execute("UPDATE clusters SET eid=?, mut=?, kind=kind_of(?, label, key, ktuple, country, fullest, ?, "
                           "doc_id) WHERE cid=?", (eid, mut, eid, mut, i))
                db.execute("UPDATE cdata SET data=? WHERE cid=?", (_pack(c), i))
                moved.append(i)
            elif self.old_eid.get(i) != eid:
                db.execute("UPDATE clusters SET eid=?, kind=kind_of(?, label, key, ktuple, country, fullest, mut, doc_id) "
                           "WHERE cid=?", (eid, eid, i))
                moved.append(i)
        db.executemany("INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", new_rows)
        db.executemany("INSERT INTO cdata VALUES (?,?)", data_rows)
        kinds: dict[int, tuple] = {}
        for col, values in (("eid", moved_eids), ("cid", moved)):
            for part in _chunks(values):
                for row in db.execute(f"SELECT kind, {LIGHT_COLS} FROM clusters WHERE {col} IN ({_in(len(part))})",
                                      part):
                    kinds.setdefault(row[0], row[1:])  # the clusters of a kind have the same keys: one says them
        for kind, row in kinds.items():
            c = _light(row)
            key_rows.update((k, kind) for k in closure_keys(c) + lookup_keys(c))
        db.executemany("INSERT OR IGNORE INTO ckeys VALUES (?,?)", sorted(key_rows))
        for ext in plan.new_docs:
            d = ext.document.doc_id
            db.execute("INSERT INTO docs VALUES (?,?,?)", (d, _pack(ext), json.dumps(self.eids_of_doc[d])))
        for d, eids in self.eids_of_doc.items():
            if d not in new_ids:
                db.execute("UPDATE docs SET eids=? WHERE doc_id=?", (json.dumps(eids), d))
        for d, refs in self.country_refs.items():
            db.execute("DELETE FROM crefs WHERE doc_id=?", (d,))
            db.executemany("INSERT INTO crefs VALUES (?,?)", [(d, r) for r in sorted(refs)])
        for nid in plan.nodes_delete:
            db.execute("DELETE FROM nodes WHERE id=?", (nid,))
        for nid, (lab, props) in plan.nodes_upsert.items():
            db.execute("INSERT OR REPLACE INTO nodes VALUES (?,?,?,?)", (nid, lab, _hash(props), props.get("country")))

    def _size(self, eid: str) -> int:
        if eid in self.sizes:
            return self.sizes[eid]
        return self.st.db.execute("SELECT size FROM ents WHERE eid=?", (eid,)).fetchone()[0]


def _light_mutation(c: DocCluster) -> str | None:
    """The reason resolution across documents wrote over a cluster's reasons just now (a light cluster's sentinel,
    a whole cluster's reasons), or None."""
    if SENTINEL in c.reasons and len(c.reasons) == 1:
        return c.reasons[SENTINEL] or None
    return _mutation(c)


def _copy_agg(agg: Aggregate) -> Aggregate:
    return Aggregate().add(agg)


def _own(aggs: dict[str, Aggregate], eid: str, wanted: Counter) -> Aggregate:
    """The stored aggregate of `eid` to add to: the one read (a fresh object) when only one group adds to it (a
    hub's aggregate is not copied), else a copy."""
    return aggs[eid] if wanted[eid] == 1 else _copy_agg(aggs[eid])


def _renamed(ent: Entity, eid: str) -> Entity:
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
