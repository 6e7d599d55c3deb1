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
from .errors import KgbuildError, MissingParameter
from .queries import bundled_queries, neo4j_only, parameters_used, query_header, resolve_query
from .records import Document, Notice, Skipped
from .stores import GraphStore, QueryResult, open_store
from .stores.files import FORMATS as FILE_FORMATS

if TYPE_CHECKING:
    from .stores.neo4j import LoadProgress, LoadResult

DEFAULT_STORE = "kg"
EXPORT_FORMATS = FILE_FORMATS + ("html",)  # html: the page `kgbuild view` writes (not read back)
DEFAULT_VIEW = "kgbuild-view.html"
DOCS_PER_SHARD = 1000

__all__ = ["build", "extract", "query", "load", "export", "view", "stats", "explain", "why", "name_index", "bundled_queries",
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
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if paths and len(missing) == len(paths) and not from_shards:
        raise KgbuildError(f"no such file or folder: {', '.join(missing)}; nothing was built (and no store made "
                           "or changed): check the path")
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
    _check_extract_target(out, prefix)
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


def _check_extract_target(out: Path, prefix: str) -> None:
    if out.exists() and not out.is_dir():
        raise KgbuildError(f"{out} is a file; --shards names a folder to write shards into")
    if not re.fullmatch(r"[\w.-]+", prefix) or prefix.startswith("."):
        raise KgbuildError(f"--prefix {prefix!r} must be letters, digits, '_', '-' or '.', not starting with '.'")


def extract_dask(paths: Iterable[str | os.PathLike], shards: str | os.PathLike, scheduler: str = "local:2",
                 **options: Any) -> ExtractResult:
    """`extract` with the extraction on a Dask cluster: `scheduler` is 'local:N' (a LocalCluster of N worker
    processes) or a running scheduler's address ('tcp://host:8786'). The shards are byte for byte those `extract`
    writes for the same input; the options are extract's, but `workers` (the cluster's workers extract).
    Needs the [dask] extra. See kgbuild.dask_map."""
    from .dask_map import extract_dask as run

    _check_extract_target(Path(shards), options.get("prefix", "part"))
    max_bytes = _max_bytes(options.pop("max_mb", None))
    return run(paths, shards, scheduler, ExtractResult(), max_bytes=max_bytes, **options)


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
    """Run a bundled query, a .cypher file or Cypher text on a store (read-only unless `write`).

    Every $parameter the query uses must be given. A parameter its header declares as an entity
    (`// Entities: name (Person)`, as the bundled queries do) is a name the way an analyst types it: it is
    looked up by kgbuild.lookup's rule (any spelling, case, accents, a surname, a transliteration) and
    the query gets the entity's id; `result.names` says what each matched. A name that fits several
    entities raises AmbiguousName listing them, one that fits none UnknownName with the closest ones.
    Results have one shape on every store (kgbuild.results: labels as lists, collect() sorted). Any query
    longer or more deeply nested than kgbuild.cypher_guard's bounds is refused before it reaches a database.
    """
    from .cypher_guard import check_query_cost
    from .lookup import NameIndex
    from .results import normalise

    cypher = resolve_query(cypher_or_name)
    check_query_cost(cypher)
    head = query_header(cypher)
    params = dict(parameters or {})
    with open_store(store) as st:
        from .stores.neo4j import Neo4jOnlyQuery, Neo4jStore

        reason = neo4j_only(cypher)
        if reason and not isinstance(st, Neo4jStore):
            raise Neo4jOnlyQuery(reason)
        missing = [p for p in parameters_used(cypher) if p not in params]
        if missing:
            what = cypher_or_name if cypher_or_name in bundled_queries() else "this query"
            raise MissingParameter(what, missing, head["parameters"])
        names = {}
        entity_params = {p: labels for p, labels in head["entities"].items() if params.get(p) is not None}
        if entity_params:
            index: NameIndex = _name_index(st)
            for p, labels in entity_params.items():
                found = index.find(str(params[p]), labels, pick=f"its id (-p {p}=ID)")
                params[p] = found.entity.id
                names[p] = found
        res = st.query(cypher, params, write=write)
    columns, rows = normalise(res.columns, res.rows, cypher, rename=True)
    return QueryResult(columns, rows, names)


def name_index(store: Any = DEFAULT_STORE):
    """Every entity of a store with every spelling, for kgbuild.lookup (one read-only query, on any store)."""
    with open_store(store) as st:
        return _name_index(st)


def _name_index(st: GraphStore):
    from .lookup import NameIndex, entities_query, known_from_rows
    from .schema import ENTITY_LABELS

    return NameIndex(known_from_rows(st.query(entities_query(ENTITY_LABELS)).rows))


def load(store: Any = DEFAULT_STORE, target: Any = None, *, batch_size: int | None = None,
         on_progress: Callable[[LoadProgress], None] | None = None, prune: bool = False,
         dry_run: bool = False) -> LoadResult:
    """Load the graph in `store` into Neo4j (`target`: a Neo4jStore, Neo4jSettings or address; by default
    from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE): schema first, then batched MERGEs
    (loading again changes nothing).

    With `prune`, then remove what kgbuild loaded earlier and this graph no longer has (an entity merged into
    another since, a document removed): only nodes and relationships that carry kgbuild's mark, never data
    kgbuild did not create, and never a node that such data still joins. With `dry_run` as well, nothing is
    loaded or removed: `result.prune` lists what would go.
    """
    from .stores.neo4j import LoadResult, Neo4jStore

    if dry_run and not prune:
        raise KgbuildError("--dry-run lists what --prune would remove; give both (kgbuild load --prune --dry-run)")
    server = open_store(target) if target is not None else neo4j_store(batch_size=batch_size)
    if not isinstance(server, Neo4jStore):
        raise KgbuildError(f"{server.description} is not a Neo4j server; load writes into Neo4j")
    if batch_size is not None:
        server.batch_size = batch_size
    with open_store(store) as source:
        graph = source.read_graph()
    with server:
        if dry_run:
            server.connect()
            s = server.settings
            return LoadResult(target=server.description, uri=s.uri, database=s.database, dry_run=True,
                              prune=server.stale(graph))
        return server.write_graph(graph, on_progress=on_progress, prune=prune)


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
        from dataclasses import replace

        return replace(_to_stdout(lambda path: view(store, path, title=title), "html"), path="standard output")
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


def explain(name: str, store: Any = DEFAULT_STORE) -> dict[str, Any]:
    """The entity `name` finds (any spelling, as kgbuild.lookup matches it): canonical name, every alias with why it
    joined and the documents that wrote it, how the name matched, and notes on the store's alias rules that
    concern it (a rule naming a spelling no article uses joins nothing)."""
    from .lookup import UnknownName

    with open_store(store) as st:
        index = _name_index(st)
        rules = _alias_rules(st)
        try:
            found = index.find(name, pick="its id (kgbuild explain ID)")
        except UnknownName as e:
            mentioned = [r for r in rules if _fold(name) in (_fold(r.name), _fold(r.other))]
            if mentioned and not e.elsewhere:
                raise UnknownName(name, e.suggestions, note="the alias rule " + ", ".join(r.where for r in mentioned)
                                  + " names it, but no article uses it, so the rule joins nothing") from None
            raise
        ent = found.entity
        res = st.query(f"MATCH (e:{ent.label}) WHERE e.id = $id RETURN e.country AS country, "
                       "e.merge_reasons AS reasons", {"id": ent.id})
    country, reasons = res.rows[0] if res.rows else (None, None)
    spellings = {_fold(a) for a in ent.aliases} | {_fold(ent.name)}
    notes = []
    for rule, unused in _unused_rule_names(rules, index):
        other = rule.other if unused == rule.name else rule.name
        if _fold(other) in spellings and (rule.label in (None, ent.label)):
            notes.append(f"alias rule {rule.where} ({rule.kind} {rule.name!r}, {rule.other!r}): no article uses "
                         f"{unused!r}, so it joins nothing")
    return {"label": ent.label, "id": ent.id, "name": ent.name, "country": country,
            "aliases": json.loads(reasons) if reasons else {}, "matched": found.how, "notes": notes}


def why(a: str, b: str, store: Any = DEFAULT_STORE) -> QueryResult:
    """The relationships between two entities, each found by any spelling (kgbuild.lookup), with the sentence that
    states each; `result.names` holds the two matches. An unknown or ambiguous name raises UnknownName or
    AmbiguousName; two known entities with nothing between them give no rows."""
    with open_store(store) as st:
        index = _name_index(st)
        ma = index.find(a, pick="its id (kgbuild why ID ...)")
        mb = index.find(b, pick="its id (kgbuild why ... ID)")
        # Labels come from the schema (lookup's own column), never from user text; ids are parameters.
        cypher = (f"MATCH (x:{ma.entity.label})-[r]-(y:{mb.entity.label}) WHERE x.id = $a AND y.id = $b "
                  "AND r.key IS NOT NULL RETURN x.name AS source, r.key AS key, y.name AS target, "
                  "r.doc_id AS document, r.title AS title, r.place AS place, r.date AS date, r.rule AS rule, "
                  "r.confidence AS confidence, r.evidence AS evidence")
        res = st.query(cypher, {"a": ma.entity.id, "b": mb.entity.id})
    rows = []
    for source, key, target, *rest in res.rows:
        rows.append([source, key.split("|", 1)[0], target, *rest])
    rows.sort(key=lambda r: tuple("" if v is None else str(v) for v in (r[3], r[1], r[0], r[2], r[4], r[9], r[7])))
    return QueryResult(["source", "relation", "target", "document", "title", "place", "date", "rule", "confidence",
                        "evidence"], rows, {"a": ma, "b": mb})


def _fold(text: str) -> str:
    from .names import fold

    return fold(text)


def _alias_rules(st: GraphStore) -> list:
    """The alias rules an embedded store remembers (other stores keep none)."""
    from .aliases import AliasRule
    from .stores.embedded import EmbeddedStore

    if not isinstance(st, EmbeddedStore):
        return []
    return [AliasRule.from_json(r) for r in st.state().alias_rules]


def _unused_rule_names(rules: list, index) -> list:
    from .aliases import unused_names

    return unused_names(rules, ((e.label, s) for e in index.entities for s in (e.name, *e.aliases)))
