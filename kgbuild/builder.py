"""The build algorithm: what changed, what to extract, and one commit of the result.

    stored extractions ─┐
    new articles ──ingest──▶ changed? ──extract──▶ pending shard ─┤
    shards from elsewhere ─────────────────────────────────────────┴─▶ resolve ─▶ assemble ─▶ store.commit

A document whose digest (text, metadata and extraction fingerprint) is already stored is not extracted
again. Documents keep their ids across builds (kgbuild.ingest.DocumentIds): an edited file is an update,
reported; another article with the same name gets a qualified id. Everything else happens under the store's
write lock, and the store's commit protocol makes the result appear at once or not at all. A store found
damaged (a shard line that is not a record, a missing shard file, a graph file missing, unreadable or unlike
the manifest) is rebuilt from its intact records, and what could not be recovered is reported. Ctrl-C is
acted on between documents and before the commit (kgbuild.interrupt).
"""
from __future__ import annotations

import gc
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .aliases import AliasRule
from .errors import KgbuildError
from .ingest import DEFAULT_MAX_BYTES, DocumentIds, content_key, iter_documents
from .interrupt import check as check_interrupt
from .interrupt import protect_workers
from .records import DocExtraction, Document, Notice, Skipped
from .schema import SchemaError
from .stores.embedded import DigestIndex, EmbeddedStore, IndexRow, StoreState

if TYPE_CHECKING:
    from .resolve import Resolver


class _Beside:
    """Work run in a thread beside the build's own: the resolution state (SQLite) written while the graph (LadybugDB)
    is, each library releasing the GIL while it writes, or what the reduce needs read and imported while extraction
    workers start (`_ready_to_reduce`). `join` waits and raises what the work raised (the store calls it just before
    its manifest switches); `wait` only waits (when the build is failing anyway, or when a failure would be met
    again where the result is used)."""

    def __init__(self, work: Callable[[], object], name: str = "kgbuild-state") -> None:
        self.seconds = 0.0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        t = time.perf_counter()
        try:
            work()
        except BaseException as e:  # noqa: BLE001 (raised again in the building thread by join)
            self._error = e
        self.seconds = time.perf_counter() - t

    def wait(self) -> None:
        self._thread.join()

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


BUILD_GC_THRESHOLD = 50_000  # allocations between collections of the youngest generation during a build


@contextmanager
def _fewer_gc_walks() -> Iterator[None]:
    """A build makes many objects that live to its end (records, the digest index's rows, aggregates, the graph) and
    few cycles: the youngest generation is collected every BUILD_GC_THRESHOLD allocations instead of every 700 (the
    collector's walks cost about a fifth of an incremental build's regrouping). Restored when the build ends."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], BUILD_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


SkipHandler = Callable[[Skipped], None]
NoticeHandler = Callable[[Notice], None]
ProgressHandler = Callable[[int], None]


@dataclass
class BuildResult:
    store: str
    documents_read: int = 0
    documents_extracted: int = 0
    documents_unchanged: int = 0
    documents_total: int = 0
    documents_updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    repaired: bool = False
    incremental: bool = False  # only what the new documents can change was resolved and written (kgbuild.incremental)
    warnings: list[str] = field(default_factory=list)  # e.g. an alias rule naming a spelling no article uses
    nodes: Counter = field(default_factory=Counter)
    relationships: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        nodes = ", ".join(f"{k} {v}" for k, v in sorted(self.nodes.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(self.relationships.items()))
        updated = f"{self.documents_updated} updated, " if self.documents_updated else ""
        return (f"{self.documents_read} documents read ({self.documents_extracted} extracted, {updated}"
                f"{self.documents_unchanged} unchanged), {len(self.skipped)} skipped; "
                f"store {self.store} holds {self.documents_total} documents. "
                f"Nodes: {nodes or 'none'}. Relationships: {rels or 'none'}.")


@dataclass(frozen=True)
class PatternFile:
    """A user's relation pattern file as the store remembers it: its name and its text."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | os.PathLike) -> PatternFile:
        from .extract.patterns import PatternFileError

        p = Path(path)
        try:
            return cls(p.name, p.read_text(encoding="utf-8"))
        except OSError as e:
            raise PatternFileError(str(p), f"cannot read the pattern file ({e.strerror or e})") from None
        except UnicodeDecodeError:
            raise PatternFileError(str(p), "the pattern file is not UTF-8 text") from None

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "text": self.text}


def run_build(store: EmbeddedStore, paths: Iterable[str | os.PathLike], *, model: str | None = None,
              workers: int = 1, batch_size: int = 50, wait: bool = False, rules: list[AliasRule] | None = None,
              pattern_paths: list[str] | None = None, from_shards: Iterable[str | os.PathLike] | None = None,
              on_skip: SkipHandler | None = None, on_progress: ProgressHandler | None = None,
              on_notice: NoticeHandler | None = None, max_bytes: int = DEFAULT_MAX_BYTES, follow_links: bool = False,
              repair: bool = False, edits: list[dict] | None = None) -> BuildResult:
    """Read, extract what changed, resolve against everything stored, assemble, and commit (see the module doc).

    `rules` and `pattern_paths` of None mean: use what the store remembers from the last build; `edits` of None
    keeps the recorded `query --write` edits. `repair` rebuilds the graph and rewrites the shards even when
    nothing seems wrong, and reads a store whose manifest is damaged or gone from its shard files.
    """
    result = BuildResult(store=str(store.path))
    timing: Counter = Counter()
    paths = list(paths)

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    def notice(n: Notice) -> None:
        result.notices.append(n)
        if on_notice:
            on_notice(n)

    warm: _Beside | None = None
    if workers > 1:
        protect_workers()
        if paths:  # this process waits while the workers start: it gets ready to resolve and write meanwhile
            warm = _Beside(_ready_to_reduce, "kgbuild-warm")
    with _fewer_gc_walks(), store.writing(wait=wait), \
            tempfile.TemporaryDirectory(prefix="kgbuild-patterns-") as tmp:
        check_interrupt()
        t0 = time.perf_counter()
        state = _state(store, repair, notice)
        existing: dict[str, DocExtraction] | None = None
        content: dict[str, str] = {}  # doc_id -> content_key, for the digest index
        ids = DocumentIds(notice)
        damaged: list[Skipped] = []
        known: dict[str, str] = {}  # doc_id -> digest of what is stored
        # The digest index says what is stored without reading the shards: a build with nothing new is then quick.
        index = store.read_index(state) if state.shards and not repair else None
        if index is not None:
            ids.hold_stored(index.rows)
            known = {r.doc_id: r.digest for r in index.rows}
            content = {r.doc_id: r.content for r in index.rows}

        def load_existing() -> dict[str, DocExtraction]:
            """The stored records (without their texts), read from the shards; damage is reported."""
            out: dict[str, DocExtraction] = {}
            for ext in store.iter_extractions(damaged.append, state) if state.shards else ():
                check_interrupt()
                if index is None:
                    key = content_key(ext.document)
                    ids.hold(ext.document, key)
                    content[ext.document.doc_id] = key
                    known[ext.document.doc_id] = ext.digest
                out[ext.document.doc_id] = _without_text(ext)  # later records supersede; texts stay in the shards
            for d in damaged:
                skip(d)
            if damaged:
                lost = max(0, state.documents - len(out))
                notice(Notice(str(store.path), f"the store was damaged: the graph is rebuilt from the {len(out)} "
                                               f"documents whose records are intact"
                                               + (f"; {lost} could not be recovered (build their articles again)"
                                                  if lost else "")))
            return out

        if index is None:
            existing = load_existing()
        settings_changed = edits is not None and edits != state.edits
        if rules is None:
            rules = [AliasRule.from_json(r) for r in state.alias_rules]
        else:
            settings_changed |= [r.to_json() for r in rules] != state.alias_rules
        if pattern_paths is None:
            patterns = [PatternFile(**p) for p in state.patterns]
            pattern_paths = _materialise(patterns, Path(tmp))
        else:
            patterns = [PatternFile.read(p) for p in pattern_paths]
            settings_changed |= [p.to_json() for p in patterns] != state.patterns
        from .extract import digest, extraction_fingerprint
        from .extract.patterns import load_patterns

        check_interrupt()
        schema = load_patterns(pattern_paths).schema
        fingerprint = extraction_fingerprint(pattern_paths, model)
        timing["load"] += time.perf_counter() - t0

        def todo() -> Iterator[Document]:
            docs = iter_documents(paths, skip, ids=ids, max_bytes=max_bytes, follow_links=follow_links)
            while True:
                check_interrupt()
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
        extracted: Iterable[DocExtraction] = ()
        generators: list[Iterator[DocExtraction]] = []
        if paths:
            from .extract import extract_documents

            generators.append(extract_documents(todo(), model=model, workers=workers, batch_size=batch_size,
                                                pattern_files=pattern_paths))
            extracted = generators[-1]
        if from_shards is not None:  # the reduce step: extraction already ran elsewhere
            generators.append(_changed_in_shards(from_shards, known, ids, result, timing, skip, on_progress))
            extracted = chain(generators[-1], extracted)
        # Each new record goes to this build's shard as it arrives and only a copy without the text
        # stays for the reduce: the raw texts stream through, never all in memory at once.
        pending = store.pending_shard()
        frozen = False
        resolver: Resolver | None = None

        def resolver_now() -> Resolver:
            """The build's resolver, made when first needed: at the first record (not for a build with nothing new)."""
            nonlocal resolver
            if resolver is None:
                from .resolve import Resolver

                if warm is not None:
                    warm.wait()  # long done (a failure there is met again, and reported, where it is used)
                resolver = Resolver(rules)
            return resolver

        try:
            for ext in extracted:
                check_interrupt()
                pending.write(ext)
                content[ext.document.doc_id] = content_key(ext.document)
                new.append(_without_text(ext))
                resolver_now().prepare(ext)  # its clusters, made while workers parse the next documents
                if on_progress:
                    on_progress(1)
            check_interrupt()
            if warm is not None:
                warm.wait()
            timing["extract"] += time.perf_counter() - t0 - timing["ingest"]
            # What is held now (the records, the stored ones too) lives to the end of the build: the cyclic
            # collector need not walk it again at each collection while resolving and writing (with --workers, where
            # the records arrive unpickled, those walks made them up to twice as slow). Undone when the build ends.
            frozen = gc.get_freeze_count() == 0  # (a caller's own freeze is left as it is)
            if frozen:
                gc.freeze()
            result.documents_extracted = len(new)
            result.documents_updated = len(ids.updated)
            rebuild = bool(new) or settings_changed or repair or not store.exists
            if rebuild and index is not None and _can_add(store, state, new, known, ids, rules, edits,
                                                          settings_changed or repair, fingerprint):
                committed = _add_incrementally(store, state, new, index, content, pending, resolver_now(), schema,
                                               timing)
                result.documents_total = len(known) + len(new)
                result.incremental = True
                result.nodes = Counter(committed.stats["nodes"])
                result.relationships = Counter(committed.stats["relationships"])
                result.seconds = dict(timing)
                return result
            if existing is None and rebuild:
                t0 = time.perf_counter()
                existing = load_existing()
                timing["load"] += time.perf_counter() - t0
            if existing is None:  # nothing new, and the index knows what is stored
                result.documents_total = len(known)
                result.warnings += index.warnings
            else:
                all_docs = dict(existing)
                for ext in new:
                    all_docs[ext.document.doc_id] = ext
                result.documents_total = len(all_docs)
                warnings = _unused_rule_warnings(rules, all_docs.values())
                result.warnings += warnings
            rebuild = rebuild or bool(damaged)
            if not rebuild:
                problem = store.graph_problem(state)
                if problem is None:
                    pending.discard()
                    result.nodes, result.relationships = Counter(state.stats["nodes"]), Counter(state.stats["relationships"])
                    result.seconds = dict(timing)
                    return result
                notice(Notice(str(store.path), f"{problem}: the graph is rebuilt from the shards"))
                if existing is None:
                    existing = load_existing()
                    all_docs = dict(existing)
                    warnings = _unused_rule_warnings(rules, all_docs.values())
            result.repaired = bool(damaged) or repair
            from .assemble import assemble_graph

            t0 = time.perf_counter()
            # The state of an incremental build is kept unless alias rules or recorded edits make every build full.
            keep_state = not rules and not (state.edits if edits is None else edits)
            resolution, pairs = resolver_now().resolve_groups(all_docs.values(), texts=keep_state)
            check_interrupt()
            timing["resolve"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                graph = assemble_graph(all_docs.values(), resolution, schema)
            except SchemaError as e:  # e.g. shards stating a type no --patterns file declares: one line, no traceback
                raise KgbuildError(str(e)) from None
            check_interrupt()
            timing["assemble"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            resolve_name, state_job = None, None
            if keep_state:
                from .incremental import ResolveState

                path = store.resolve_path(pending.run)
                state_job = _Beside(lambda: ResolveState.create(
                    path, list(all_docs.values()), pairs, resolution, graph, fingerprint,
                    f"graph-{pending.run}.lbug").close())
                resolve_name = path.name
            try:
                committed = store.commit(graph, pending=pending, documents=len(all_docs), resolve=resolve_name,
                                         alias_rules=[r.to_json() for r in rules],
                                         patterns=[p.to_json() for p in patterns], edits=edits, base=state,
                                         rewrite_shards=bool(damaged) or repair, on_notice=notice,
                                         index=_index(all_docs.values(), content, warnings),
                                         before_switch=state_job.join if state_job else None)
            finally:
                if state_job is not None:
                    state_job.wait()
                    timing["state"] += state_job.seconds  # beside the store's write: the two overlap
            timing["store"] += time.perf_counter() - t0
        except BaseException:
            pending.discard()  # the store stays as it was; a shard renamed already is swept next time
            raise
        finally:
            if frozen:
                gc.unfreeze()
            for g in generators:  # ends extraction worker processes at once, also on Ctrl-C
                g.close()
    result.nodes, result.relationships = Counter(committed.stats["nodes"]), Counter(committed.stats["relationships"])
    result.seconds = dict(timing)
    return result


def _ready_to_reduce() -> None:
    """What resolving and writing will need, read and imported ahead: the gazetteer, networkx (a tenth of a second),
    LadybugDB, Arrow, SQLite. Done while extraction workers start, when this process would otherwise wait; a failure
    here is met again, and reported, where the module is used."""
    import importlib

    from .gazetteer import get_gazetteer

    get_gazetteer()
    for name in ("kgbuild.resolve", "kgbuild.assemble", "kgbuild.incremental", "kgbuild.stores.ladybug", "ladybug",
                 "pyarrow"):
        importlib.import_module(name)


def _can_add(store: EmbeddedStore, state: StoreState, new: list[DocExtraction], known: dict[str, str],
             ids: DocumentIds, rules: list[AliasRule], edits: list[dict] | None, changed: bool, fingerprint: str) -> bool:
    """Whether this build only adds documents to a store whose resolution state it can extend (kgbuild.incremental):
    no settings changed, no alias rules or recorded edits, no document replaced, the graph file intact."""
    if changed or rules or (state.edits if edits is None else edits) or not state.resolve or not store.exists:
        return False
    if ids.updated or any(e.document.doc_id in known for e in new) or len({e.document.doc_id for e in new}) != len(new):
        return False
    path = store.path / state.resolve
    if not path.is_file() or store.graph_problem(state) is not None:
        return False
    from .incremental import ResolveState

    try:
        st = ResolveState(path)
        try:
            return st.fingerprint(state.graph) == fingerprint
        finally:
            st.close()
    except Exception:  # an unreadable state: the build is a full one, which writes it anew
        return False


def _add_incrementally(store: EmbeddedStore, state: StoreState, new: list[DocExtraction], index: DigestIndex,
                       content: dict[str, str], pending, resolver: Resolver, schema, timing: Counter) -> StoreState:
    """Resolve and store only what the new documents can change (kgbuild.incremental), and commit."""
    from .incremental import Incremental, ResolveState, write_plan

    t0 = time.perf_counter()
    st = ResolveState(store.path / state.resolve, in_place=True)
    try:
        inc = Incremental(st, resolver, schema)
        try:
            plan = inc.plan(new)
        except SchemaError as e:
            raise KgbuildError(str(e)) from None
        check_interrupt()
        timing["resolve"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        added = [IndexRow(e.document.doc_id, e.digest, content[e.document.doc_id], e.document.origin,
                          e.document.source) for e in new]
        state_job = _Beside(inc.apply_state)  # the state's transaction, written while the graph is
        try:
            committed = store.commit_changes(lambda conn: write_plan(conn, plan, schema), pending=pending,
                                             documents=len(index.rows) + len(added), base=state, added=added,
                                             index=lambda: DigestIndex(sorted(index.rows + added,
                                                                              key=lambda r: r.doc_id), []),
                                             resolve=state.resolve, before_switch=state_job.join)
        finally:
            state_job.wait()
            timing["state"] += state_job.seconds  # beside the store's write: the two overlap
        st.finish(committed.graph)  # after the switch: a build killed in between finds the state's generation old
        timing["store"] += time.perf_counter() - t0
    finally:
        if st.db.in_transaction:
            st.db.execute("ROLLBACK")
        st.close()
    return committed


def _index(docs: Iterable[DocExtraction], content: dict[str, str], warnings: list[str]) -> DigestIndex:
    rows = [IndexRow(d.document.doc_id, d.digest, content[d.document.doc_id], d.document.origin, d.document.source)
            for d in sorted(docs, key=lambda d: d.document.doc_id)]
    return DigestIndex(rows, list(warnings))


def _state(store: EmbeddedStore, repair: bool, notice: NoticeHandler) -> StoreState:
    """The committed state; for a repair of a store whose manifest is damaged or gone, one made from its shards."""
    if not repair:
        return store.state_or_empty()
    try:
        if store.exists:
            return store.state()
    except KgbuildError as e:
        notice(Notice(str(store.path / "manifest.json"), f"{e}; the store is read from its shard files instead "
                                                          "(alias rules, pattern files and edits it remembered are "
                                                          "lost: give --aliases and --patterns again)"))
        return store.recovered_state()
    if (store.path / "shards").is_dir():
        state = store.recovered_state()
        if state.shards:
            notice(Notice(str(store.path / "manifest.json"), "the manifest is missing; the store is read from its "
                                                              f"{len(state.shards)} shard files"))
        return state
    return StoreState()


def _unused_rule_warnings(rules: list[AliasRule], docs: Iterable[DocExtraction]) -> list[str]:
    from .aliases import unused_names, unused_warning

    if not rules:
        return []
    return [unused_warning(r, n) for r, n in unused_names(rules, ((m.label, m.text) for d in docs for m in d.mentions))]


def _materialise(patterns: list[PatternFile], folder: Path) -> list[str]:
    """The remembered pattern files written out again, for the extraction workers to read."""
    out = []
    for n, p in enumerate(patterns):
        path = folder / f"{n:02d}-{Path(p.name).name or 'patterns.json'}"
        path.write_text(p.text, encoding="utf-8")
        out.append(str(path))
    return out


def _without_text(ext: DocExtraction) -> DocExtraction:
    """The record as resolve and assemble need it: everything but the article text (kept in the shards)."""
    return DocExtraction(document=replace(ext.document, text=""), mentions=ext.mentions,
                         relations=ext.relations, digest=ext.digest)


def _changed_in_shards(shards: Iterable[str | os.PathLike], known: dict[str, str], ids: DocumentIds,
                       result: BuildResult, timing: Counter, skip: SkipHandler,
                       on_progress: ProgressHandler | None) -> Iterator[DocExtraction]:
    """The shards' records whose document is new or changed (by digest) against the store, under the ids they have
    in the store."""
    from .shards import read_shards

    records = read_shards(shards, skip)
    while True:
        t = time.perf_counter()  # reading shards is this build's ingest
        ext = next(records, None)
        timing["ingest"] += time.perf_counter() - t
        if ext is None:
            return
        result.documents_read += 1
        doc = ids.assign(ext.document, skip)
        if doc is None:
            continue
        if doc.doc_id != ext.document.doc_id:
            ext = _renamed(ext, doc.doc_id)
        if known.get(ext.document.doc_id) == ext.digest:
            result.documents_unchanged += 1
            if on_progress:
                on_progress(1)
            continue
        yield ext


def _renamed(ext: DocExtraction, doc_id: str) -> DocExtraction:
    """The record under another document id (its digest does not depend on the id)."""
    return DocExtraction(document=replace(ext.document, doc_id=doc_id),
                         mentions=[replace(m, doc_id=doc_id) for m in ext.mentions],
                         relations=[replace(r, doc_id=doc_id) for r in ext.relations], digest=ext.digest)
