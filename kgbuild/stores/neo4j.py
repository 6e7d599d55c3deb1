"""The Neo4j store: load a built graph into a Neo4j 5 server, read it back, and run Cypher there.

    with Neo4jStore(Neo4jSettings.from_env()) as neo:   # NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE
        result = neo.write_graph(graph)                  # schema first, then batched UNWIND ... MERGE
        print(result.summary())

Loading is idempotent: every node is MERGEd on its `id`, every relationship on its endpoints plus its `key`
(which names the document it comes from; a MENTIONS edge's document is its start node), and properties are
only written when they differ. Everything kgbuild writes carries its mark, the property `kgbuild: true`
(MARK), so `write_graph(graph, prune=True)` can remove what kgbuild loaded earlier and the graph no longer
has (after a merge of two entities, say) without ever touching data kgbuild did not create; `stale(graph)`
lists it without changing anything (`kgbuild load --prune --dry-run`). Loading the same graph twice changes
nothing; loading a graph built from more articles only adds and updates. Each batch is one managed write transaction (`execute_write`), so the
driver retries transient errors and an interrupted load leaves whole batches only: run it again.

Labels and relationship types come from the schema (kgbuild/schema.py, plus the relation types a
user declared, which the graph carries); every value is a query parameter, never formatted into query
text. No APOC is needed.
"""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..cypher_guard import check_read_query
from ..errors import KgbuildError, QueryFailed, WriteRefused
from ..queries import cypher_dir, split_statements
from ..schema import SCHEMA, RelType, Schema, SchemaError, neo4j_schema_statements
from .base import GraphStore, QueryResult, WriteResult, add_edge, graph_rows, graph_schema, new_graph

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH_SIZE = 1000
# The property on every node and relationship kgbuild loads: what `load --prune` may remove, and nothing else.
MARK = "kgbuild"  # also the last column of a neo4j-admin export (kgbuild.stores.files.MARK_COLUMN)
SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


# ------------------------------------------------------------------ errors
def safe_uri(uri: str) -> str:
    """The address with any user:password@ part masked, for messages."""
    return re.sub(r"(://)[^/@]*@", r"\1***@", uri)


class Neo4jUnreachable(KgbuildError):
    def __init__(self, uri: str, reason: str):
        super().__init__(f"cannot reach Neo4j at {safe_uri(uri)} ({reason}). Is the server running (docker compose up -d "
                         "--wait)? Set NEO4J_URI or --uri to where it listens.")


class Neo4jBadUri(KgbuildError):
    def __init__(self, uri: str, reason: str):
        super().__init__(f"{safe_uri(uri)!r} is not a Neo4j address ({reason}); set NEO4J_URI or --uri to e.g. "
                         f"{DEFAULT_URI} (schemes: {', '.join(s + '://' for s in SCHEMES)})")


class Neo4jAuthFailed(KgbuildError):
    def __init__(self, uri: str, user: str, reason: str):
        super().__init__(f"Neo4j at {safe_uri(uri)} refused user {user!r} ({reason}). Set NEO4J_USERNAME / --username and "
                         "NEO4J_PASSWORD (or --password-prompt) to the server's credentials.")


class Neo4jPasswordMissing(KgbuildError):
    def __init__(self) -> None:
        super().__init__("no Neo4j password: set NEO4J_PASSWORD in the environment, or pass --password-prompt "
                         "to be asked for it (there is no --password flag: the process list would show it).")


class Neo4jDatabaseMissing(KgbuildError):
    def __init__(self, uri: str, database: str, reason: str):
        super().__init__(f"Neo4j at {safe_uri(uri)} has no usable database {database!r} ({reason}). Set NEO4J_DATABASE or "
                         f"--database to an existing one (Community Edition has just {DEFAULT_DATABASE!r}).")


class Neo4jLoadFailed(KgbuildError):
    def __init__(self, uri: str, done: int, total: int, reason: str):
        super().__init__(f"the load into Neo4j at {safe_uri(uri)} stopped after {done} of {total} batches: {reason}. Every batch "
                         "is one transaction, so nothing is half-written: run the load again and it completes "
                         "without duplicating what is already there.")


class Neo4jOnlyQuery(KgbuildError):
    def __init__(self, reason: str):
        super().__init__(f"this query needs Neo4j ({reason}); load the graph (kgbuild load) and run it with --neo4j.")


# ------------------------------------------------------------------ settings
@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. The password is never part of repr() or any message."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, environ: dict[str, str] | None = None) -> Neo4jSettings:
        """Explicit arguments win; then Neo4j's own variables NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE."""
        env = os.environ if environ is None else environ
        return cls(uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
                   user=user or env.get("NEO4J_USERNAME") or DEFAULT_USER,
                   password=password if password is not None else env.get("NEO4J_PASSWORD"),
                   database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE)

    def check(self) -> None:
        scheme, sep, rest = self.uri.partition("://")
        if not sep or scheme not in SCHEMES:
            raise Neo4jBadUri(self.uri, f"the scheme must be one of {', '.join(SCHEMES)}")
        if not rest.strip("/"):
            raise Neo4jBadUri(self.uri, "no host")
        if "@" in rest.split("/")[0]:
            raise Neo4jBadUri(self.uri, "credentials do not belong in the address; use NEO4J_USERNAME and NEO4J_PASSWORD")
        if self.password is None:
            raise Neo4jPasswordMissing()


# ------------------------------------------------------------------ statements
def schema_statements(schema: Schema = SCHEMA) -> list[str]:
    """Constraints and indexes (each idempotent: IF NOT EXISTS). For the built-in schema these are exactly
    the statements of cypher/schema.cypher; a graph with user-declared relation types adds their key constraints."""
    if schema is SCHEMA or not schema.custom_relations:
        return split_statements((cypher_dir() / "schema.cypher").read_text(encoding="utf-8"))
    return neo4j_schema_statements(schema)


def _check_label(label: str, schema: Schema = SCHEMA) -> str:
    try:
        return schema.label(label).name
    except SchemaError as e:
        raise KgbuildError(str(e)) from None


def _check_type(rel_type: str, schema: Schema = SCHEMA) -> RelType:
    try:
        return schema.relation(rel_type)
    except SchemaError as e:
        raise KgbuildError(str(e)) from None


# Only rows whose properties differ are written (FOREACH over an empty list does nothing), so a repeated
# load leaves every node and relationship untouched. `written` counts created plus changed rows.
_WRITE_IF_CHANGED = ("WITH {v}, row, properties({v}) <> row.props AS changed\n"
                     "FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET {v} = row.props)\n"
                     "RETURN count(*) AS rows, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS written")


def node_statement(label: str) -> str:
    """MERGE one batch of `label` nodes on `id`; rows are {id, props}."""
    return (f"UNWIND $rows AS row\nMERGE (n:{_check_label(label)} {{id: row.id}})\n"
            + _WRITE_IF_CHANGED.format(v="n"))


def relationship_statement(rel_type: str, from_label: str, to_label: str, schema: Schema = SCHEMA) -> str:
    """MERGE one batch of relationships between existing nodes; rows are {a, b, key, props}.

    Keyed types (every text-derived one: the key names the document) MERGE on the key; MENTIONS, which
    has no key, on its endpoints alone - its start node is the document.
    """
    rel = _check_type(rel_type, schema)
    on = " {key: row.key}" if rel.keyed else ""
    return (f"UNWIND $rows AS row\n"
            f"MATCH (a:{_check_label(from_label, schema)} {{id: row.a}})\n"
            f"MATCH (b:{_check_label(to_label, schema)} {{id: row.b}})\n"
            f"MERGE (a)-[r:{rel.name}{on}]->(b)\n" + _WRITE_IF_CHANGED.format(v="r"))


def read_node_statement(label: str) -> str:
    return f"MATCH (n:{_check_label(label)}) RETURN properties(n) AS props"


# Every relationship between kgbuild's nodes, whatever its type: user-declared types read back too.
READ_RELATIONSHIPS = ("MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels) "
                      "AND any(l IN labels(b) WHERE l IN $labels) "
                      "RETURN [l IN labels(a) WHERE l IN $labels][0] AS from_label, type(r) AS type, "
                      "[l IN labels(b) WHERE l IN $labels][0] AS to_label, a.id AS a, b.id AS b, properties(r) AS props")


COUNT_NODES = "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() WHERE type(r) IN $types RETURN count(r) AS n"
COUNT_MARKED_NODES = "MATCH (n) WHERE n.kgbuild = true RETURN count(n) AS n"
COUNT_MARKED_RELATIONSHIPS = "MATCH ()-[r]->() WHERE r.kgbuild = true RETURN count(r) AS n"
# What kgbuild loaded (its mark, MARK = "kgbuild"), with what identifies it in a graph: a node by label and id, a
# relationship by its key (MENTIONS, which has none, by type and end ids). A node also says whether relationships
# kgbuild did not create join it (those keep it: removing it would remove them).
MARKED_NODES = ("MATCH (n) WHERE n.kgbuild = true RETURN elementId(n) AS eid, labels(n) AS labels, n.id AS id, "
                "coalesce(n.name, n.title, n.doc_id) AS name, COUNT { (n)-[r]-() WHERE r.kgbuild IS NULL } AS others")
MARKED_RELATIONSHIPS = ("MATCH (a)-[r]->(b) WHERE r.kgbuild = true RETURN elementId(r) AS eid, type(r) AS type, "
                        "r.key AS key, a.id AS a, b.id AS b, coalesce(a.name, a.title, a.id) AS a_name, "
                        "coalesce(b.name, b.title, b.id) AS b_name, r.doc_id AS doc_id")
DELETE_RELATIONSHIPS = ("UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid AND r.kgbuild = true "
                        "DELETE r RETURN count(*) AS n")
DELETE_NODES = ("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.eid AND n.kgbuild = true AND n.id = row.id "
                "AND NOT EXISTS { (n)--() } DELETE n RETURN count(*) AS n")
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
PING = "RETURN 1 AS ok"


def loader_statements() -> dict[str, str]:
    """Every statement the loader and reader send, by a short name (for linting and review)."""
    out = {f"schema {n + 1}": s for n, s in enumerate(schema_statements())}
    for label in SCHEMA.node_labels:
        out[f"merge {label}"] = node_statement(label)
        out[f"read {label}"] = read_node_statement(label)
    for rel, a, b in SCHEMA.endpoints():
        out[f"merge {rel.name} {a}->{b}"] = relationship_statement(rel.name, a, b)
    out.update({"read relationships": READ_RELATIONSHIPS, "count nodes": COUNT_NODES,
                "count relationships": COUNT_RELATIONSHIPS, "count marked nodes": COUNT_MARKED_NODES,
                "count marked relationships": COUNT_MARKED_RELATIONSHIPS, "marked nodes": MARKED_NODES,
                "marked relationships": MARKED_RELATIONSHIPS, "prune relationships": DELETE_RELATIONSHIPS,
                "prune nodes": DELETE_NODES, "await indexes": AWAIT_INDEXES, "ping": PING})
    return out


# ------------------------------------------------------------------ results
@dataclass
class LoadProgress:
    """One batch done: which step, how far through it, and through the whole load."""

    kind: str  # "nodes" or "relationships"
    name: str  # label, or "TYPE (From->To)"
    batch: int
    batches: int
    rows: int
    done_batches: int
    total_batches: int

    def __str__(self) -> str:
        return (f"{self.kind} {self.name}: batch {self.batch}/{self.batches} ({self.rows} rows); "
                f"{self.done_batches}/{self.total_batches} batches in all")


@dataclass
class LoadResult(WriteResult):
    uri: str = ""
    database: str = ""
    created: Counter = field(default_factory=Counter)  # by label or relationship type
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    batches: int = 0
    seconds: float = 0.0
    server_nodes: int = 0  # what the database holds afterwards, of kgbuild's labels and types
    server_relationships: int = 0
    marked_nodes: int = 0  # ... of which kgbuild loaded (its mark); the rest kgbuild did not create
    marked_relationships: int = 0
    prune: PrunePlan | None = None  # what --prune removed (or, in a dry run, would remove)
    dry_run: bool = False

    def totals(self, kind: str) -> tuple[int, int, int]:
        names = self.nodes if kind == "nodes" else self.relationships
        return tuple(sum(c[n] for n in names) for c in (self.created, self.updated, self.unchanged))  # type: ignore[return-value]

    @property
    def graph_nodes(self) -> int:
        return sum(self.totals("nodes"))

    @property
    def graph_relationships(self) -> int:
        return sum(self.totals("relationships"))

    def summary(self) -> str:
        def part(kind: str) -> str:
            c, u, s = self.totals(kind)
            return f"{c + u + s} {kind} ({c} created, {u} updated, {s} unchanged)"

        if self.dry_run:
            text = f"dry run on {self.uri} database {self.database}: nothing was loaded or removed."
        else:
            text = (f"loaded {part('nodes')} and {part('relationships')} into {self.uri} database {self.database} "
                    f"in {self.batches} batches, {self.seconds:.1f} s.")
        stale_n = self.marked_nodes - self.graph_nodes
        stale_r = self.marked_relationships - self.graph_relationships
        if self.prune is not None:
            text += " " + self.prune.summary(applied=not self.dry_run)
        elif stale_n > 0 or stale_r > 0:
            text += (f" The database also holds {_count(max(stale_n, 0), 'node')} and "
                     f"{_count(max(stale_r, 0), 'relationship')} that kgbuild loaded earlier and this graph no longer "
                     "has: `kgbuild load --prune` removes them (`--prune --dry-run` lists them).")
        other_n = self.server_nodes - self.marked_nodes
        other_r = self.server_relationships - self.marked_relationships
        if (other_n > 0 or other_r > 0) and not self.dry_run:
            text += (f" It holds {_count(max(other_n, 0), 'node')} and {_count(max(other_r, 0), 'relationship')} of "
                     "kgbuild's labels and types that kgbuild did not load (or loaded before it marked what it "
                     "loads), which it never changes or removes.")
        return text

    def details(self) -> list[str]:
        names = [n for n in (*self.nodes, *self.relationships) if self.created[n] + self.updated[n] + self.unchanged[n]]
        return [f"{n}: {self.created[n]} created, {self.updated[n]} updated, {self.unchanged[n]} unchanged" for n in names]


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


@dataclass
class PrunePlan:
    """What kgbuild loaded earlier (its mark) and the graph no longer has: relationships, then nodes. `kept` are such
    nodes that relationships kgbuild did not create still join: removing them would remove those, so they stay."""

    relationships: list[dict[str, Any]] = field(default_factory=list)  # eid, type, a, b, a_name, b_name, doc_id
    nodes: list[dict[str, Any]] = field(default_factory=list)  # eid, label, id, name
    kept: list[dict[str, Any]] = field(default_factory=list)
    removed_relationships: int = 0
    removed_nodes: int = 0

    def summary(self, applied: bool = True) -> str:
        if not self.relationships and not self.nodes and not self.kept:
            return "Nothing that kgbuild loaded earlier is missing from this graph: nothing to remove."
        if applied:
            text = (f"Removed {_count(self.removed_nodes, 'node')} and {_count(self.removed_relationships, 'relationship')}"
                    " that kgbuild loaded earlier and this graph no longer has.")
        else:
            text = (f"Would remove {_count(len(self.nodes), 'node')} and {_count(len(self.relationships), 'relationship')}"
                    " that kgbuild loaded earlier and this graph no longer has.")
        if self.kept:
            text += (f" {'Kept' if applied else 'Would keep'} {_count(len(self.kept), 'node')} of those, which "
                     "relationships kgbuild did not create still join.")
        return text

    def lines(self) -> list[str]:
        """One line per node and relationship, for the user to read (a dry run's list)."""
        out = [f"node {n['label']} {n['id']} ({n['name']})" for n in self.nodes]
        out += [f"relationship {r['type']}: {r['a_name']} -> {r['b_name']}"
                + (f" (document {r['doc_id']})" if r.get("doc_id") else "") for r in self.relationships]
        out += [f"kept: node {n['label']} {n['id']} ({n['name']}): {_count(n['others'], 'relationship')} that kgbuild "
                "did not create join it" for n in self.kept]
        return out


def _edge_identity(rel_type: str, a: str, b: str, key: str | None) -> str:
    """How a relationship is told apart in the graph and in the database: its key, else TYPE|from|to (MENTIONS)."""
    return key or f"{rel_type}|{a}|{b}"


def plan_prune(graph: nx.MultiDiGraph, marked_nodes: list[dict[str, Any]],
               marked_relationships: list[dict[str, Any]], labels: tuple[str, ...]) -> PrunePlan:
    """Which of the marked nodes and relationships the database holds are not in `graph`."""
    in_graph_nodes = {(d["label"], n) for n, d in graph.nodes(data=True)}
    in_graph_rels = {_edge_identity(d["type"], a, b, (d.get("properties") or {}).get("key"))
                     for a, b, d in graph.edges(data=True)}
    plan = PrunePlan()
    for rec in marked_relationships:
        if _edge_identity(rec["type"], rec["a"], rec["b"], rec["key"]) not in in_graph_rels:
            plan.relationships.append(rec)
    for rec in marked_nodes:
        label = next((lab for lab in rec["labels"] if lab in labels), (rec["labels"] or ["?"])[0])
        if (label, rec["id"]) in in_graph_nodes:
            continue
        row = {"eid": rec["eid"], "label": label, "id": rec["id"], "name": rec["name"], "others": rec["others"]}
        (plan.kept if rec["others"] else plan.nodes).append(row)
    key = {"relationships": lambda r: (r["type"], str(r["a"]), str(r["b"]), str(r.get("key") or "")),
           "nodes": lambda n: (n["label"], str(n["id"]))}
    plan.relationships.sort(key=key["relationships"])
    plan.nodes.sort(key=key["nodes"])
    plan.kept.sort(key=key["nodes"])
    return plan


# ------------------------------------------------------------------ the store
def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i: i + size]


def plan_load(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(kind, name, statement, rows) for every step of a load: all nodes by label, then relationships by type and endpoints."""
    try:
        rows = graph_rows(graph)
    except SchemaError as e:
        raise KgbuildError(str(e)) from None
    schema = rows.schema
    steps = [("nodes", label, node_statement(label), [{"id": p["id"], "props": {**p, MARK: True}} for p in props])
             for label, props in rows.nodes.items() if props]
    for rel, a, b, rel_rows in rows.relationship_groups():
        keyed = schema.relation(rel).keyed
        batch = [{"a": x, "b": y, "props": {**p, MARK: True}, **({"key": p["key"]} if keyed else {})}
                 for x, y, p in rel_rows]
        steps.append(("relationships", f"{rel} ({a}->{b})", relationship_statement(rel, a, b, schema), batch))
    return steps


class Neo4jStore(GraphStore):
    """A graph in a Neo4j 5 database. Connects on first use; close() or use as a context manager."""

    def __init__(self, settings: Neo4jSettings | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 max_retry_seconds: float = 30.0, index_wait_seconds: int = 300) -> None:
        self.settings = settings or Neo4jSettings.from_env()
        if batch_size < 1:
            raise KgbuildError("the batch size must be at least 1")
        self.batch_size = batch_size
        self.max_retry_seconds = max_retry_seconds
        self.index_wait_seconds = index_wait_seconds
        self._driver = None
        self.description = f"Neo4j at {safe_uri(self.settings.uri)} database {self.settings.database}"

    # ------------------------------------------------------------ connection
    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def connect(self):
        """The driver, after checking that the server answers, accepts the credentials and has the database."""
        if self._driver is not None:
            return self._driver
        import neo4j
        from neo4j import exceptions as ne

        s = self.settings
        s.check()
        try:
            driver = neo4j.GraphDatabase.driver(s.uri, auth=(s.user, s.password),
                                                max_transaction_retry_time=self.max_retry_seconds,
                                                connection_timeout=15.0)
        except (ne.ConfigurationError, ValueError) as e:
            raise Neo4jBadUri(s.uri, _reason(e)) from None
        try:
            driver.verify_connectivity()
            driver.execute_query(PING, database_=s.database)
        except Exception as e:
            driver.close()
            raise self._translate(e) from None
        self._driver = driver
        return driver

    def _translate(self, e: BaseException) -> BaseException:
        """A driver exception as the KgbuildError that names the setting to fix (others pass through)."""
        from neo4j import exceptions as ne

        s = self.settings
        code = getattr(e, "code", None) or ""
        if isinstance(e, ne.AuthError) or code.startswith("Neo.ClientError.Security."):
            return Neo4jAuthFailed(s.uri, s.user, _reason(e))
        if code in ("Neo.ClientError.Database.DatabaseNotFound", "Neo.TransientError.General.DatabaseUnavailable"):
            return Neo4jDatabaseMissing(s.uri, s.database, _reason(e))
        if isinstance(e, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
            return Neo4jUnreachable(s.uri, _reason(e))
        if isinstance(e, ne.ConfigurationError):
            return Neo4jBadUri(s.uri, _reason(e))
        return e

    def _session(self, read: bool = False):
        import neo4j

        return self.connect().session(database=self.settings.database,
                                      default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS)

    # ------------------------------------------------------------ writing
    def ensure_schema(self, schema: Schema = SCHEMA) -> int:
        """Create kgbuild's constraints and indexes (cypher/schema.cypher, and key constraints for user-declared
        relation types) where missing; returns how many statements ran."""
        statements = schema_statements(schema)
        with self._session() as session:
            for st in statements:
                session.execute_write(_consume, st, {})
        return len(statements)

    def write_graph(self, graph: nx.MultiDiGraph, on_progress: Callable[[LoadProgress], None] | None = None,
                    prune: bool = False) -> LoadResult:
        """Schema first, then nodes, then relationships, in batches of `batch_size` rows, each its own transaction.
        With `prune`, then remove what kgbuild loaded earlier and `graph` no longer has (see `prune`)."""
        from neo4j import exceptions as ne

        t0 = time.perf_counter()
        s = self.settings
        result = LoadResult(target=self.description, uri=s.uri, database=s.database)
        steps = plan_load(graph)
        schema = graph_schema(graph)
        for kind, name, _, rows in steps:
            counts = result.nodes if kind == "nodes" else result.relationships
            counts[name.split(" ")[0]] = counts.get(name.split(" ")[0], 0) + len(rows)
        total = sum(-(-len(rows) // self.batch_size) for *_, rows in steps)
        with self._session() as session:
            try:
                self.ensure_schema(schema)
                for kind, name, statement, rows in steps:
                    batches = list(_batches(rows, self.batch_size))
                    counter_name = name.split(" ")[0]
                    for i, batch in enumerate(batches, 1):
                        matched, written, created = session.execute_write(_merge_batch, statement, batch, kind)
                        if matched != len(batch):
                            raise Neo4jLoadFailed(s.uri, result.batches, total,
                                                  f"{len(batch) - matched} {name} relationships name nodes that are "
                                                  "not in the database")
                        result.created[counter_name] += created
                        result.updated[counter_name] += written - created
                        result.unchanged[counter_name] += matched - written
                        result.batches += 1
                        if on_progress:
                            on_progress(LoadProgress(kind, name, i, len(batches), len(batch), result.batches, total))
                session.execute_read(_consume, AWAIT_INDEXES, {"seconds": self.index_wait_seconds})
                if prune:
                    result.prune = self._prune(session, graph)
                result.server_nodes = session.execute_read(_single, COUNT_NODES, {"labels": list(schema.node_labels)})
                result.server_relationships = session.execute_read(_single, COUNT_RELATIONSHIPS,
                                                                   {"types": list(schema.relations)})
                result.marked_nodes = session.execute_read(_single, COUNT_MARKED_NODES, {})
                result.marked_relationships = session.execute_read(_single, COUNT_MARKED_RELATIONSHIPS, {})
            except KgbuildError:
                raise
            except ne.Neo4jError as e:
                raise Neo4jLoadFailed(s.uri, result.batches, total, _reason(e)) from None
            except (ne.DriverError, OSError) as e:
                translated = self._translate(e)
                reason = str(translated) if isinstance(translated, KgbuildError) else _reason(e)
                raise Neo4jLoadFailed(s.uri, result.batches, total, reason.rstrip(".")) from None
        result.seconds = time.perf_counter() - t0
        return result

    # ------------------------------------------------------------ pruning
    def stale(self, graph: nx.MultiDiGraph) -> PrunePlan:
        """What kgbuild loaded earlier (its mark) and `graph` does not have; nothing is changed (a dry run)."""
        from neo4j import exceptions as ne

        try:
            with self._session(read=True) as session:
                return self._plan(session, graph)
        except (ne.Neo4jError, ne.DriverError, OSError) as e:
            translated = self._translate(e)
            raise (translated if isinstance(translated, KgbuildError) else QueryFailed(_reason(e))) from None

    def _plan(self, session, graph: nx.MultiDiGraph) -> PrunePlan:
        nodes = [dict(r) for r in session.execute_read(_records, MARKED_NODES, {})]
        rels = [dict(r) for r in session.execute_read(_records, MARKED_RELATIONSHIPS, {})]
        return plan_prune(graph, nodes, rels, graph_schema(graph).node_labels)

    def _prune(self, session, graph: nx.MultiDiGraph) -> PrunePlan:
        """Remove the stale relationships, then the stale nodes nothing else joins, in batches (one transaction each).
        Each statement checks the mark again: what kgbuild did not create is never touched."""
        plan = self._plan(session, graph)
        for batch in _batches([{"eid": r["eid"]} for r in plan.relationships], self.batch_size):
            plan.removed_relationships += session.execute_write(_single, DELETE_RELATIONSHIPS, {"rows": batch})
        for batch in _batches([{"eid": n["eid"], "id": n["id"]} for n in plan.nodes], self.batch_size):
            plan.removed_nodes += session.execute_write(_single, DELETE_NODES, {"rows": batch})
        return plan

    # ------------------------------------------------------------ reading
    def read_graph(self) -> nx.MultiDiGraph:
        """The kgbuild graph held in the database, in the same shape as EmbeddedStore.read_graph().

        Relationship types the built-in schema lacks (declared by a user's patterns file when the graph was
        built) are read too, with the endpoints found in the database."""
        nodes: list[tuple[str, dict[str, Any]]] = []
        seen: dict[str, set[tuple[str, str]]] = {}
        rels: list[Any] = []
        with self._session(read=True) as session:
            for label in SCHEMA.node_labels:
                for rec in session.execute_read(_records, read_node_statement(label), {}):
                    nodes.append((label, dict(rec["props"])))
            for rec in session.execute_read(_records, READ_RELATIONSHIPS, {"labels": list(SCHEMA.node_labels)}):
                rels.append(rec)
                if rec["type"] not in SCHEMA:
                    seen.setdefault(rec["type"], set()).add((rec["from_label"], rec["to_label"]))
        extra = [RelType.from_declaration({"name": t, "from": sorted({a for a, _ in ends}),
                                           "to": sorted({b for _, b in ends})}, "relation type in Neo4j")
                 for t, ends in sorted(seen.items())]
        g = new_graph(SCHEMA.with_relations(extra))
        for label, props in nodes:
            props.pop(MARK, None)
            g.add_node(props["id"], label=label, properties=props)
        for rec in rels:
            props = dict(rec["props"])
            props.pop(MARK, None)
            add_edge(g, rec["a"], rec["b"], rec["type"], props)
        return g

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run Cypher in a write transaction with write=True; else it must be one read-only statement
        (kgbuild.cypher_guard), and it runs in a read transaction, where the server refuses writes too (but a
        read transaction alone would still run LOAD CSV, and APOC's file export and import)."""
        if not write:
            check_read_query(cypher)
        return self._execute(cypher, parameters, write)

    def _execute(self, cypher: str, parameters: dict[str, Any] | None, write: bool) -> QueryResult:
        from neo4j import exceptions as ne

        try:
            with self._session(read=not write) as session:
                run = session.execute_write if write else session.execute_read
                columns, rows = run(_table, cypher, parameters or {})
        except ne.Neo4jError as e:
            code = e.code or ""
            # A read transaction lowers every user to READ: a write there fails with AccessMode, or, when it
            # comes through a procedure (apoc.cypher.run('CREATE ...')), with Forbidden "... overridden by READ".
            forbidden_in_read = code == "Neo.ClientError.Security.Forbidden" and "overridden by READ" in _reason(e)
            if code == "Neo.ClientError.Statement.AccessMode" or (
                    not write and (code.startswith("Neo.ClientError.Schema") or forbidden_in_read)):
                raise WriteRefused(f"this query writes, which Neo4j refused in a read transaction ({_reason(e)})") \
                    from None
            if code == "Neo.ClientError.Security.Forbidden":  # a privilege: the password was accepted on connecting
                raise QueryFailed(f"Neo4j does not allow it for user {self.settings.user!r}: {_reason(e)}") from None
            translated = self._translate(e)
            if isinstance(translated, KgbuildError):
                raise translated from None
            raise QueryFailed(_reason(e)) from None
        except (ne.DriverError, OSError) as e:
            translated = self._translate(e)
            if isinstance(translated, KgbuildError):
                raise translated from None
            raise QueryFailed(_reason(e)) from None
        return QueryResult(columns, rows)


# ------------------------------------------------------------------ transaction functions
def _consume(tx, statement: str, parameters: dict[str, Any]) -> None:
    tx.run(statement, parameters).consume()


def _single(tx, statement: str, parameters: dict[str, Any]) -> Any:
    return tx.run(statement, parameters).single(strict=True)[0]


def _records(tx, statement: str, parameters: dict[str, Any]) -> list[Any]:
    return list(tx.run(statement, parameters))


def _merge_batch(tx, statement: str, rows: list[dict[str, Any]], kind: str) -> tuple[int, int, int]:
    res = tx.run(statement, {"rows": rows})
    rec = res.single(strict=True)
    counters = res.consume().counters
    created = counters.nodes_created if kind == "nodes" else counters.relationships_created
    return rec["rows"], rec["written"], created


def _table(tx, statement: str, parameters: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    res = tx.run(statement, parameters)
    columns = list(res.keys())
    return columns, [[_plain(v) for v in rec.values()] for rec in res]


def _plain(v: Any) -> Any:
    """Driver values as the embedded store returns them: nodes and relationships become dicts with `_label`."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(v, Node):  # kgbuild's mark is the store's bookkeeping, not part of the graph
        return {"_label": next(iter(sorted(v.labels)), ""), **{k: x for k, x in dict(v).items() if k != MARK}}
    if isinstance(v, Relationship):
        return {"_label": v.type, **{k: x for k, x in dict(v).items() if k != MARK}}
    if isinstance(v, Path):
        return {"_nodes": [_plain(n) for n in v.nodes], "_rels": [_plain(r) for r in v.relationships]}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if hasattr(v, "iso_format"):  # neo4j.time types
        return v.iso_format()
    return v


def _reason(e: BaseException) -> str:
    """The driver's own message, on one line (it never contains the password)."""
    msg = getattr(e, "message", None) or str(e) or type(e).__name__
    return " ".join(str(msg).split()).rstrip(".")
