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
from .records import Document, Notice, Skipped
from .stores import QueryResult, open_store
from .stores.files import FORMATS as FILE_FORMATS

if TYPE_CHECKING:
    from .stores.neo4j import LoadProgress, LoadResult

DEFAULT_STORE = "kg"
EXPORT_FORMATS = FILE_FORMATS + ("html",)  # html: the page `kgbuild view` writes (not read back)
DEFAULT_VIEW = "kgbuild-view.html"
DOCS_PER_SHARD = 1000

__all__ = ["build", "extract", "query", "load", "export", "view", "stats", "explain", "why", "bundled_queries",
           "neo4j_store", "store_schema", "check", "edits", "drop_edits", "BuildResult", "ExtractResult",
           "CheckResult", "DEFAULT_STORE", "EXPORT_FORMATS"]


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
          on_skip: Callable[[Skipped], None] | None = None, on_progress: Callable[[int], None] | None = None,
          on_notice: Callable[[Notice], None] | None = None, max_mb: float | None = None,
          follow_links: bool = False) -> BuildResult:
    """Read articles, extract, resolve against everything already in the store, and write the graph.

    `from_shards` (folders or files of DocExtraction JSONL shards written by `extract`, on this
    machine or by an engine elsewhere) makes build the reduce step: their documents join the store
    without extraction, and `paths` may be empty.

    Re-running on the same inputs changes nothing; new or changed articles are extracted and merged
    with the documents already stored. `aliases` is a CSV or YAML file of analyst rules (see
    kgbuild.aliases) and `patterns` a list of relation pattern files (which may declare new relation
    types); the store keeps both, so later builds apply them too until others are given. `max_mb` bounds an
    article (a file, a JSONL line); `follow_links` follows symbolic links that lead out of a folder given.
    `on_notice` hears of updated documents and qualified ids; a damaged store is rebuilt from what is intact.
    """
    from .aliases import load_alias_rules
    from .builder import run_build

    paths = list(paths)
    if not paths and not from_shards:
        raise KgbuildError("nothing to build: give article PATHS, or --from-shards DIR with extraction shards")
    rules = load_alias_rules(aliases) if aliases is not None else None
    return run_build(_embedded(store), paths, model=model, workers=workers, batch_size=batch_size, wait=wait,
                     rules=rules, pattern_paths=[str(p) for p in patterns] if patterns else None,
                     from_shards=list(from_shards) if from_shards else None, on_skip=on_skip, on_progress=on_progress,
                     on_notice=on_notice, max_bytes=_max_bytes(max_mb), follow_links=follow_links)


def _max_bytes(max_mb: float | None) -> int:
    from .ingest import DEFAULT_MAX_BYTES

    if max_mb is None:
        return DEFAULT_MAX_BYTES
    if not max_mb > 0:
        raise KgbuildError(f"--max-mb must be more than 0, not {max_mb}")
    return int(max_mb * 1_000_000)


# ------------------------------------------------------------------ checking and repairing a store
@dataclass
class CheckResult:
    store: str
    problems: list[str] = field(default_factory=list)
    documents: int = 0
    repair: BuildResult | None = None

    @property
    def sound(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.repair is not None:
            lost = len(self.repair.skipped)
            return (f"repaired the store {self.store}: it holds {self.repair.documents_total} documents"
                    + (f"; {lost} damaged record{'s' if lost != 1 else ''} could not be recovered" if lost else "")
                    + ".")
        if self.sound:
            return f"the store {self.store} is sound: {self.documents} documents, the graph matches the manifest."
        return (f"the store {self.store} has {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}; "
                f"kgbuild check --store {self.store} --repair rebuilds it from what is intact.")


def check(store: Any = DEFAULT_STORE, *, repair: bool = False, on_skip: Callable[[Skipped], None] | None = None,
          on_notice: Callable[[Notice], None] | None = None) -> CheckResult:
    """Verify a store: its manifest, every shard record, the graph file and its counts. With `repair`, rebuild it
    from what is intact (a damaged manifest is replaced by one read from the shard files); what could not be
    recovered goes to `on_skip`."""
    from .builder import run_build
    from .errors import StoreMissing

    st = _embedded(store)
    if not st.exists and not (st.path / "shards").is_dir():
        raise StoreMissing(str(st.path))
    result = CheckResult(str(st.path))
    if st.exists:
        problems, result.documents = st.verify()
        result.problems = [str(p) for p in problems]
    else:
        result.problems = [f"{st.path / 'manifest.json'}: the manifest is missing"]
    if repair and result.problems:
        result.repair = run_build(st, [], repair=True, on_skip=on_skip, on_notice=on_notice)
    return result


def edits(store: Any = DEFAULT_STORE) -> list[dict[str, Any]]:
    """The `query --write` statements the store keeps and replays after every build (cypher, parameters, at)."""
    return list(_embedded(store).state().edits)


def drop_edits(store: Any, numbers: Iterable[int], on_notice: Callable[[Notice], None] | None = None) -> BuildResult:
    """Forget recorded `--write` edits (numbered from 1, as `edits` lists them) and rebuild the graph without them."""
    from .builder import run_build

    st = _embedded(store)
    kept = st.state().edits
    numbers = sorted(set(numbers))
    bad = [n for n in numbers if not 1 <= n <= len(kept)]
    if bad:
        raise KgbuildError(f"the store has {len(kept)} recorded edit{'s' if len(kept) != 1 else ''}, so no edit "
                           f"{bad[0]}; kgbuild edits --store {st.path} lists them")
    return run_build(st, [], edits=[e for i, e in enumerate(kept, 1) if i not in numbers], on_notice=on_notice)


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
            on_progress: Callable[[int], None] | None = None, on_notice: Callable[[Notice], None] | None = None,
            max_mb: float | None = None, follow_links: bool = False) -> ExtractResult:
    """The map step alone: read articles, extract them, and write DocExtraction JSONL shards to `shards`.

    Files are DIR/<prefix>-00000.jsonl, ... with `docs_per_shard` documents each. A re-run replaces the shards of
    the same prefix, but only once it has written its own: they are written beside the old ones (in
    DIR/.<prefix>.new/) and moved in at the end, so a run that fails or extracts nothing leaves DIR as it was.
    `build(..., from_shards=DIR)` is the reduce step that reads them. Nothing is held but the documents in flight.
    """
    import shutil

    from .extract import extract_documents
    from .ingest import DocumentIds, iter_documents
    from .interrupt import check as check_interrupt
    from .interrupt import protect_workers
    from .shards import ShardWriter, replace_shards

    out = Path(shards)
    if out.exists() and not out.is_dir():
        raise KgbuildError(f"{out} is a file; --shards names a folder to write shards into")
    if not re.fullmatch(r"[\w.-]+", prefix) or prefix.startswith("."):
        raise KgbuildError(f"--prefix {prefix!r} must be letters, digits, '_', '-' or '.', not starting with '.'")
    max_bytes = _max_bytes(max_mb)
    result = ExtractResult()
    t0 = time.perf_counter()

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    def counted() -> Iterator[Document]:
        for doc in iter_documents(paths, skip, ids=DocumentIds(on_notice), max_bytes=max_bytes,
                                  follow_links=follow_links):
            check_interrupt("interrupted; the shards folder is as it was before this command.")
            result.documents_read += 1
            yield doc

    if workers > 1:
        protect_workers()
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".{prefix}.new"
    shutil.rmtree(staging, ignore_errors=True)  # what a killed run of this prefix left
    extracted = extract_documents(counted(), model=model, workers=workers, batch_size=batch_size,
                                  pattern_files=[str(p) for p in patterns or []])
    try:
        with ShardWriter(staging, prefix=prefix, docs_per_shard=docs_per_shard) as writer:
            for ext in extracted:
                check_interrupt("interrupted; the shards folder is as it was before this command.")
                writer.write(ext)
                if on_progress:
                    on_progress(1)
        check_interrupt("interrupted; the shards folder is as it was before this command.")
        if writer.documents:
            result.shards = [str(f) for f in replace_shards(staging, out, prefix)]
        elif on_notice:
            on_notice(Notice(str(out), f"no document was extracted, so the shards of prefix {prefix!r} there "
                                       "were left as they were"))
    finally:
        extracted.close()
        shutil.rmtree(staging, ignore_errors=True)
    result.documents_extracted = writer.documents
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
    """Run a bundled query, a .cypher file or Cypher text on a store (read-only unless `write`). Any query longer
    or more deeply nested than kgbuild.cypher_guard's bounds is refused before it reaches a database."""
    from .cypher_guard import check_query_cost

    cypher = resolve_query(cypher_or_name)
    check_query_cost(cypher)
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
    """Write the stored graph to a file (or a folder, for neo4j-admin; a page, for html; standard output for "-");
    returns the number of records written. A file appears whole or not at all; a symbolic link at `output` is
    refused, not replaced; a missing folder is named."""
    from .stores.files import FileStore, check_output

    if os.fspath(output) == "-":
        return _to_stdout(lambda path: export(store, path, fmt), fmt)
    check_output(output, "folder" if fmt == "neo4j-admin" else "file")
    if fmt == "html":
        from .view import write_html

        with open_store(store) as source:
            return write_html(source.read_graph(), output)
    target = FileStore(output, fmt)
    with open_store(store) as source:
        graph = source.read_graph()
    return target.write_graph(graph).records


def _to_stdout(write: Callable[[Path], Any], fmt: str) -> Any:
    """What `write` puts into a file, copied to standard output (a file export of one file only)."""
    import shutil
    import sys
    import tempfile

    if fmt == "neo4j-admin":
        raise KgbuildError("-o - (standard output) takes one file; the neo4j-admin export writes a folder (-o DIR)")
    with tempfile.TemporaryDirectory(prefix="kgbuild-out-") as d:
        tmp = Path(d) / f"graph.{fmt}"
        result = write(tmp)
        with open(tmp, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.flush()
    return result


def view(store: Any = DEFAULT_STORE, output: str | os.PathLike = DEFAULT_VIEW, *, title: str | None = None):
    """Write one self-contained HTML page to look at the graph in a browser, offline (see kgbuild.view);
    "-" writes it to standard output."""
    from .stores.files import check_output
    from .view import write_view

    if os.fspath(output) == "-":
        return _to_stdout(lambda path: view(store, path, title=title), "html")
    check_output(output)
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
