"""The library API under the CLI: what a notebook user calls directly.

    import kgbuild
    result = kgbuild.build(["articles/"], store="kg")
    kgbuild.query("who-met-whom", store="kg").rows
    kgbuild.query("who-met-whom", store="neo4j://localhost:7687").rows   # NEO4J_PASSWORD from the environment
    kgbuild.export("kg", "graph.jsonl")

Every function takes a `store`: an embedded store folder (default "kg"), a Neo4j address or
`Neo4jSettings`, an export file, or an open `GraphStore` (see kgbuild.stores.open_store). Heavy modules
(spaCy, networkx, the database drivers) load only inside the functions that need them.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .builder import BuildResult
from .errors import KgbuildError
from .queries import bundled_queries, neo4j_only, resolve_query
from .records import Document, Skipped
from .stores import QueryResult, open_store
from .stores.files import FORMATS as FILE_FORMATS

if TYPE_CHECKING:
    from .stores.neo4j import LoadProgress, LoadResult

DEFAULT_STORE = "kg"
EXPORT_FORMATS = FILE_FORMATS + ("html",)  # html: the page `kgbuild view` writes (not read back)
DEFAULT_VIEW = "kgbuild-view.html"
DOCS_PER_SHARD = 1000

__all__ = ["build", "extract", "query", "load", "export", "view", "stats", "explain", "why", "bundled_queries",
           "neo4j_store", "store_schema", "BuildResult", "ExtractResult", "DEFAULT_STORE", "EXPORT_FORMATS"]


def _embedded(store: Any):
    from .stores.embedded import EmbeddedStore

    opened = open_store(store)
    if not isinstance(opened, EmbeddedStore):
        raise KgbuildError(f"{opened.description} is not a kgbuild store folder; this needs one (--store DIR)")
    return opened


def neo4j_store(uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None, batch_size: int | None = None):
    """A Neo4j store; settings default to NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE."""
    from .stores.neo4j import DEFAULT_BATCH_SIZE, Neo4jSettings, Neo4jStore

    return Neo4jStore(Neo4jSettings.from_env(uri, user, password, database), batch_size=batch_size or DEFAULT_BATCH_SIZE)


# ------------------------------------------------------------------ build
def build(paths: Iterable[str | os.PathLike], store: str | os.PathLike = DEFAULT_STORE, *, model: str | None = None,
          workers: int = 1, batch_size: int = 50, wait: bool = False, aliases: str | os.PathLike | None = None,
          patterns: list[str] | None = None, from_shards: Iterable[str | os.PathLike] | None = None,
          on_skip: Callable[[Skipped], None] | None = None,
          on_progress: Callable[[int], None] | None = None) -> BuildResult:
    """Read articles, extract, resolve against everything already in the store, and write the graph.

    `from_shards` (folders or files of DocExtraction JSONL shards written by `extract`, on this
    machine or by an engine elsewhere) makes build the reduce step: their documents join the store
    without extraction, and `paths` may be empty.

    Re-running on the same inputs changes nothing; new or changed articles are extracted and merged
    with the documents already stored. `aliases` is a CSV or YAML file of analyst rules (see
    kgbuild.aliases) and `patterns` a list of relation pattern files (which may declare new relation
    types); the store keeps both, so later builds apply them too until others are given.
    """
    from .aliases import load_alias_rules
    from .builder import run_build

    paths = list(paths)
    if not paths and not from_shards:
        raise KgbuildError("nothing to build: give article PATHS, or --from-shards DIR with extraction shards")
    rules = load_alias_rules(aliases) if aliases is not None else None
    return run_build(_embedded(store), paths, model=model, workers=workers, batch_size=batch_size, wait=wait,
                     rules=rules, pattern_paths=[str(p) for p in patterns] if patterns else None,
                     from_shards=list(from_shards) if from_shards else None, on_skip=on_skip, on_progress=on_progress)


# ------------------------------------------------------------------ the map step alone
@dataclass
class ExtractResult:
    shards: list[str] = field(default_factory=list)
    documents_read: int = 0
    documents_extracted: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.documents_read} documents read, {self.documents_extracted} extracted into "
                f"{len(self.shards)} shard{'s' if len(self.shards) != 1 else ''}, {len(self.skipped)} skipped.")


def extract(paths: Iterable[str | os.PathLike], shards: str | os.PathLike, *, model: str | None = None,
            workers: int = 1, batch_size: int = 50, patterns: list[str] | None = None,
            docs_per_shard: int = DOCS_PER_SHARD, prefix: str = "part",
            on_skip: Callable[[Skipped], None] | None = None,
            on_progress: Callable[[int], None] | None = None) -> ExtractResult:
    """The map step alone: read articles, extract them, and write DocExtraction JSONL shards to `shards`.

    Files are DIR/<prefix>-00000.jsonl, ... with `docs_per_shard` documents each, every one written
    whole or not at all; a re-run replaces the shards of the same prefix. `build(..., from_shards=DIR)`
    is the reduce step that reads them. Nothing is held but the documents in flight.
    """
    from .extract import extract_documents
    from .ingest import iter_documents
    from .shards import ShardWriter

    out = Path(shards)
    if out.exists() and not out.is_dir():
        raise KgbuildError(f"{out} is a file; --shards names a folder to write shards into")
    pattern = re.compile(re.escape(prefix) + r"-\d{5,}\.jsonl(\.tmp)?")
    if out.is_dir():
        for old in out.iterdir():
            if pattern.fullmatch(old.name):
                old.unlink()
    result = ExtractResult()
    t0 = time.perf_counter()

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    def counted() -> Iterator[Document]:
        for doc in iter_documents(paths, skip):
            result.documents_read += 1
            yield doc

    with ShardWriter(out, prefix=prefix, docs_per_shard=docs_per_shard) as writer:
        for ext in extract_documents(counted(), model=model, workers=workers, batch_size=batch_size,
                                     pattern_files=[str(p) for p in patterns or []]):
            writer.write(ext)
            if on_progress:
                on_progress(1)
    result.documents_extracted = writer.documents
    result.shards = [str(f) for f in writer.files]
    result.seconds = time.perf_counter() - t0
    return result


# ------------------------------------------------------------------ reading
def store_schema(store: Any = DEFAULT_STORE):
    """The schema of a stored graph: the built-in one plus the relation types its pattern files declared."""
    from .stores.embedded import EmbeddedStore

    with open_store(store) as st:
        if isinstance(st, EmbeddedStore):
            return st.state().schema
        return st.read_graph().graph["schema"]


def query(cypher_or_name: str, store: Any = DEFAULT_STORE, parameters: dict[str, Any] | None = None,
          write: bool = False) -> QueryResult:
    """Run a bundled query, a .cypher file or Cypher text on a store (read-only unless `write`)."""
    cypher = resolve_query(cypher_or_name)
    with open_store(store) as st:
        from .stores.neo4j import Neo4jOnlyQuery, Neo4jStore

        reason = neo4j_only(cypher)
        if reason and not isinstance(st, Neo4jStore):
            raise Neo4jOnlyQuery(reason)
        return st.query(cypher, parameters, write=write)


def load(store: Any = DEFAULT_STORE, target: Any = None, *, batch_size: int | None = None,
         on_progress: Callable[[LoadProgress], None] | None = None) -> LoadResult:
    """Load the graph in `store` into Neo4j (`target`: a Neo4jStore, Neo4jSettings or address; by default
    from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE): schema first, then batched MERGEs
    (loading again changes nothing)."""
    from .stores.neo4j import Neo4jStore

    server = open_store(target) if target is not None else neo4j_store(batch_size=batch_size)
    if not isinstance(server, Neo4jStore):
        raise KgbuildError(f"{server.description} is not a Neo4j server; load writes into Neo4j")
    if batch_size is not None:
        server.batch_size = batch_size
    with open_store(store) as source:
        graph = source.read_graph()
    with server:
        return server.write_graph(graph, on_progress=on_progress)


def check_neo4j(target: Any = None):
    """Connect once to check the server, the credentials and the database; raise a KgbuildError naming what to fix."""
    server = open_store(target) if target is not None else neo4j_store()
    with server:
        server.connect()
    return server.settings


def export(store: Any, output: str | os.PathLike, fmt: str = "jsonl") -> int:
    """Write the stored graph to a file (or a folder, for neo4j-admin; a page, for html); returns the number of
    records written."""
    from .stores.files import FileStore

    if fmt == "html":
        from .view import write_html

        if Path(output).is_dir():
            raise KgbuildError(f"{output} is a folder; the html export writes one file (-o FILE)")
        with open_store(store) as source:
            return write_html(source.read_graph(), output)
    target = FileStore(output, fmt)
    with open_store(store) as source:
        graph = source.read_graph()
    return target.write_graph(graph).records


def view(store: Any = DEFAULT_STORE, output: str | os.PathLike = DEFAULT_VIEW, *, title: str | None = None):
    """Write one self-contained HTML page to look at the graph in a browser, offline (see kgbuild.view)."""
    from .view import write_view

    with open_store(store) as source:
        graph = source.read_graph()
        name = source.path.resolve().name if hasattr(source, "path") else source.description
    return write_view(graph, output, title=title or f"kgbuild: {name}")


def stats(store: Any = DEFAULT_STORE) -> tuple[Counter, Counter]:
    """Counts of nodes by label and relationships by type."""
    from .stores.embedded import EmbeddedStore

    with open_store(store) as st:
        if isinstance(st, EmbeddedStore):
            nodes, rels = st.stats()
            return Counter(nodes), Counter(rels)
        from .assemble import graph_counts

        return graph_counts(st.read_graph())


_FIND = ("MATCH (e) WHERE e.name = $name OR list_contains(e.aliases, $name) "
         "RETURN label(e) AS label, e.id AS id, e.name AS name, e.country AS country, e.merge_reasons AS reasons")


def explain(name: str, store: Any = DEFAULT_STORE) -> list[dict[str, Any]]:
    """Every entity known by `name`: its canonical name, aliases, why each joined, and the documents behind it."""
    res = _embedded(store).query(_FIND, {"name": name})
    out = []
    for label, eid, canonical, country, reasons in res.rows:
        if label == "Document":
            continue
        out.append({"label": label, "id": eid, "name": canonical, "country": country,
                    "aliases": json.loads(reasons) if reasons else {}})
    return out


def why(a: str, b: str, store: Any = DEFAULT_STORE) -> QueryResult:
    """The relationships between two entities (by any alias), each with the sentence that states it."""
    cypher = ("MATCH (x)-[r]-(y) WHERE (x.name = $a OR list_contains(x.aliases, $a) OR x.name ENDS WITH $sa) "
              "AND (y.name = $b OR list_contains(y.aliases, $b) OR y.name ENDS WITH $sb) AND label(r) <> 'MENTIONS' "
              "RETURN x.name AS source, label(r) AS relation, y.name AS target, r.doc_id AS document, "
              "r.title AS title, r.place AS place, r.date AS date, r.rule AS rule, r.confidence AS confidence, "
              "r.evidence AS evidence ORDER BY document, relation")
    # A surname alone ("Umerov") finds the full name too.
    return _embedded(store).query(cypher, {"a": a, "b": b, "sa": " " + a, "sb": " " + b})
