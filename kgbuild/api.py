"""The library API under the CLI: what a notebook user calls directly.

    import kgbuild
    result = kgbuild.build(["articles/"], store="kg")
    kgbuild.query("who-met-whom", store="kg").rows
    kgbuild.export("kg", "graph.jsonl")
"""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

from .aliases import AliasRule, load_alias_rules
from .assemble import assemble_graph, graph_counts
from .errors import KgbuildError, QueryNotFound
from .extract import digest, extract_documents, extraction_fingerprint
from .ingest import iter_documents
from .records import Document, DocExtraction, Skipped
from .resolve import resolve_mentions
from .shards import DOCS_PER_SHARD, ShardWriter, read_shards
from .stores.base import QueryResult
from .stores.embedded import EmbeddedStore
from .stores.files import write_graphml, write_jsonl, write_neo4j_admin
from .stores.neo4j import DEFAULT_BATCH_SIZE, LoadProgress, LoadResult, Neo4jOnlyQuery, Neo4jSettings, Neo4jStore, neo4j_only
from .view import ViewResult, write_html, write_view

DEFAULT_STORE = "kg"
EXPORT_FORMATS = ("jsonl", "graphml", "neo4j-admin", "html")
DEFAULT_VIEW = "kgbuild-view.html"


@dataclass
class BuildResult:
    store: str
    documents_read: int = 0
    documents_extracted: int = 0
    documents_unchanged: int = 0
    documents_total: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    relationships: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        nodes = ", ".join(f"{k} {v}" for k, v in sorted(self.nodes.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(self.relationships.items()))
        return (f"{self.documents_read} documents read ({self.documents_extracted} extracted, "
                f"{self.documents_unchanged} unchanged), {len(self.skipped)} skipped; "
                f"store {self.store} holds {self.documents_total} documents. "
                f"Nodes: {nodes or 'none'}. Relationships: {rels or 'none'}.")


def build(paths: Iterable[str | os.PathLike], store: str | os.PathLike = DEFAULT_STORE, *, model: str | None = None,
          workers: int = 1, batch_size: int = 50, wait: bool = False, aliases: str | os.PathLike | None = None,
          patterns: list[str] | None = None, from_shards: Iterable[str | os.PathLike] | None = None,
          on_skip: Callable[[Skipped], None] | None = None,
          on_progress: Callable[[int], None] | None = None) -> BuildResult:
    """Read articles, extract, resolve against everything already in the store, and write the graph.

    `from_shards` (folders or files of DocExtraction JSONL shards written by `extract`, on this
    machine or by an engine elsewhere) makes build the reduce step: their documents join the store
    without extraction, and `paths` may be empty.

    Re-running on the same inputs changes nothing; new or changed articles are
    extracted and merged with the documents already stored. `aliases` is a CSV or
    YAML file of analyst rules (see kgbuild.aliases); the store keeps the rules, so
    later builds apply them too until another file is given.
    """
    rules = load_alias_rules(aliases) if aliases is not None else None
    patterns = [str(p) for p in patterns or []]
    fingerprint = extraction_fingerprint(patterns, model)
    st = EmbeddedStore(store)
    result = BuildResult(store=str(store))
    timing: Counter = Counter()

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    with st.writing(wait=wait):
        t0 = time.perf_counter()
        existing: dict[str, DocExtraction] = {}
        for ext in st.iter_extractions():  # later records supersede; the texts stay in the shards only
            existing[ext.document.doc_id] = _without_text(ext)
        rules_changed = rules is not None and [r.to_json() for r in rules] != st.alias_rules_json()
        if rules is None:
            rules = [AliasRule.from_json(r) for r in st.alias_rules_json()]
        known = {k: v.digest for k, v in existing.items()}
        timing["load"] += time.perf_counter() - t0

        def todo() -> Iterable[Document]:
            docs = iter_documents(paths, skip)
            while True:
                t = time.perf_counter()  # reading and hashing, timed apart from extraction
                doc = next(docs, None)
                if doc is None:
                    timing["ingest"] += time.perf_counter() - t
                    return
                result.documents_read += 1
                unchanged = known.get(doc.doc_id) == digest(doc, fingerprint)
                timing["ingest"] += time.perf_counter() - t
                if unchanged:
                    result.documents_unchanged += 1
                    if on_progress:
                        on_progress(1)
                    continue
                yield doc

        new: list[DocExtraction] = []
        t0 = time.perf_counter()
        paths = list(paths)
        extracted: Iterable[DocExtraction] = extract_documents(
            todo(), model=model, workers=workers, batch_size=batch_size, pattern_files=patterns) if paths else ()
        if from_shards is not None:  # the reduce step: extraction already ran elsewhere
            extracted = chain(_changed_in_shards(from_shards, known, result, timing, skip, on_progress), extracted)
        # Each new record goes to this build's shard as it arrives and only a copy without the text
        # stays for the reduce: the raw texts stream through, never all in memory at once.
        pending = st.pending_shard()
        try:
            for ext in extracted:
                pending.write(ext)
                new.append(_without_text(ext))
                if on_progress:
                    on_progress(1)
        except BaseException:
            pending.discard()
            raise
        timing["extract"] += time.perf_counter() - t0 - timing["ingest"]
        result.documents_extracted = len(new)
        all_docs = dict(existing)
        for ext in new:
            all_docs[ext.document.doc_id] = ext
        result.documents_total = len(all_docs)
        if not new and st.exists and not rules_changed:
            pending.discard()
            nodes, rels = st.manifest().get("stats", {}).get("nodes", {}), st.manifest().get("stats", {}).get("relationships", {})
            result.nodes, result.relationships = Counter(nodes), Counter(rels)
            result.seconds = dict(timing)
            return result
        try:
            t0 = time.perf_counter()
            resolution = resolve_mentions(all_docs.values(), rules)
            timing["resolve"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            graph = assemble_graph(all_docs.values(), resolution)
            timing["assemble"] += time.perf_counter() - t0
            result.nodes, result.relationships = graph_counts(graph)
            t0 = time.perf_counter()
            st.commit((), graph, all_docs, {"nodes": dict(result.nodes), "relationships": dict(result.relationships)},
                      alias_rules=[r.to_json() for r in rules], pending=pending)
            timing["store"] += time.perf_counter() - t0
        except BaseException:
            pending.discard()  # the store stays as it was; a shard renamed already is swept next time
            raise
    result.seconds = dict(timing)
    return result


def _without_text(ext: DocExtraction) -> DocExtraction:
    """The record as resolve and assemble need it: everything but the article text (kept in the shards)."""
    return DocExtraction(document=replace(ext.document, text=""), mentions=ext.mentions,
                         relations=ext.relations, digest=ext.digest)


def _changed_in_shards(shards: Iterable[str | os.PathLike], known: dict[str, str], result: BuildResult,
                       timing: Counter, skip: Callable[[Skipped], None],
                       on_progress: Callable[[int], None] | None) -> Iterator[DocExtraction]:
    """The shards' records whose document is new or changed (by digest) against the store."""
    records = read_shards(shards, skip)
    while True:
        t = time.perf_counter()  # reading shards is this build's ingest
        ext = next(records, None)
        timing["ingest"] += time.perf_counter() - t
        if ext is None:
            return
        result.documents_read += 1
        if known.get(ext.document.doc_id) == ext.digest:
            result.documents_unchanged += 1
            if on_progress:
                on_progress(1)
            continue
        yield ext


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


def bundled_queries() -> dict[str, str]:
    """Name -> Cypher text of every query shipped in kgbuild's cypher/ folder."""
    try:
        base = resources.files("kgbuild.cypher")
    except ModuleNotFoundError:  # running from a checkout without installing: the top-level cypher/ folder
        base = Path(__file__).resolve().parent.parent / "cypher"
    out = {}
    for f in base.iterdir():
        if f.name.endswith(".cypher") and f.name != "schema.cypher":
            out[f.name[: -len(".cypher")]] = f.read_text(encoding="utf-8")
    return dict(sorted(out.items()))


def resolve_query(text: str) -> str:
    """A bundled query name, a path to a .cypher file, or Cypher itself."""
    queries = bundled_queries()
    if text in queries:
        return queries[text]
    p = Path(text)
    if text.endswith(".cypher"):
        if not p.is_file():
            raise KgbuildError(f"no query file {text!r}")
        return p.read_text(encoding="utf-8")
    if " " not in text.strip() and "(" not in text:
        raise QueryNotFound(text, list(queries))
    return text


def query(cypher_or_name: str, store: str | os.PathLike = DEFAULT_STORE, parameters: dict[str, Any] | None = None,
          write: bool = False, *, neo4j: bool = False, uri: str | None = None, user: str | None = None,
          password: str | None = None, database: str | None = None) -> QueryResult:
    """Run a bundled query, a .cypher file or Cypher text on the embedded store, or with neo4j=True on a Neo4j server.

    Connection settings default to NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.
    """
    cypher = resolve_query(cypher_or_name)
    if neo4j:
        with Neo4jStore(Neo4jSettings.from_env(uri, user, password, database)) as server:
            return server.query(cypher, parameters, write=write)
    reason = neo4j_only(cypher)
    if reason:
        raise Neo4jOnlyQuery(reason)
    return EmbeddedStore(store).query(cypher, parameters, write=write)


def load(store: str | os.PathLike = DEFAULT_STORE, *, uri: str | None = None, user: str | None = None,
         password: str | None = None, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
         on_progress: Callable[[LoadProgress], None] | None = None) -> LoadResult:
    """Load the graph in `store` into Neo4j: schema first, then batched MERGEs (loading again changes nothing).

    Connection settings default to NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.
    """
    graph = EmbeddedStore(store).read_graph()
    with Neo4jStore(Neo4jSettings.from_env(uri, user, password, database), batch_size=batch_size) as server:
        return server.write_graph(graph, on_progress=on_progress)


def check_neo4j(*, uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None) -> Neo4jSettings:
    """Connect once to check the server, the credentials and the database; raise a KgbuildError naming what to fix."""
    settings = Neo4jSettings.from_env(uri, user, password, database)
    with Neo4jStore(settings) as server:
        server.connect()
    return settings


def export(store: str | os.PathLike, output: str | os.PathLike, fmt: str = "jsonl") -> int:
    """Write the stored graph to a file; returns the number of records written."""
    if fmt not in EXPORT_FORMATS:
        raise KgbuildError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt != "neo4j-admin" and Path(output).is_dir():
        raise KgbuildError(f"{output} is a folder; the {fmt} export writes one file (-o FILE)")
    graph = EmbeddedStore(store).read_graph()
    if fmt == "jsonl":
        return write_jsonl(graph, output)
    if fmt == "graphml":
        return write_graphml(graph, output)
    if fmt == "neo4j-admin":
        return write_neo4j_admin(graph, output)
    if fmt == "html":
        return write_html(graph, output)
    raise KgbuildError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


_FIND = ("MATCH (e) WHERE e.name = $name OR list_contains(e.aliases, $name) "
         "RETURN label(e) AS label, e.id AS id, e.name AS name, e.country AS country, e.merge_reasons AS reasons")


def explain(name: str, store: str | os.PathLike = DEFAULT_STORE) -> list[dict[str, Any]]:
    """Every entity known by `name`: its canonical name, aliases, why each joined, and the documents behind it."""
    import json

    res = EmbeddedStore(store).query(_FIND, {"name": name})
    out = []
    for label, eid, canonical, country, reasons in res.rows:
        if label == "Document":
            continue
        out.append({"label": label, "id": eid, "name": canonical, "country": country,
                    "aliases": json.loads(reasons) if reasons else {}})
    return out


def why(a: str, b: str, store: str | os.PathLike = DEFAULT_STORE) -> QueryResult:
    """The relationships between two entities (by any alias), each with the sentence that states it."""
    cypher = ("MATCH (x)-[r]-(y) WHERE (x.name = $a OR list_contains(x.aliases, $a) OR x.name ENDS WITH $sa) "
              "AND (y.name = $b OR list_contains(y.aliases, $b) OR y.name ENDS WITH $sb) AND label(r) <> 'MENTIONS' "
              "RETURN x.name AS source, label(r) AS relation, y.name AS target, r.doc_id AS document, "
              "r.title AS title, r.place AS place, r.date AS date, r.rule AS rule, r.confidence AS confidence, "
              "r.evidence AS evidence ORDER BY document, relation")
    # A surname alone ("Umerov") finds the full name too.
    return EmbeddedStore(store).query(cypher, {"a": a, "b": b, "sa": " " + a, "sb": " " + b})


def view(store: str | os.PathLike = DEFAULT_STORE, output: str | os.PathLike = DEFAULT_VIEW, *,
         title: str | None = None) -> ViewResult:
    """Write one self-contained HTML page to look at the graph in a browser, offline (see kgbuild.view)."""
    graph = EmbeddedStore(store).read_graph()
    return write_view(graph, output, title=title or f"kgbuild: {Path(store).resolve().name}")


def stats(store: str | os.PathLike = DEFAULT_STORE) -> tuple[Counter, Counter]:
    return graph_counts(EmbeddedStore(store).read_graph())
