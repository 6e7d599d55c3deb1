"""The embedded store: a folder holding a LadybugDB graph and the extraction shards behind it.

    STORE/manifest.json        the commit point: which graph file and shards are current, and the
                               build settings later builds reuse (alias rules, pattern files, schema)
    STORE/graph-<run>.lbug     the LadybugDB database (Cypher, read-only for queries)
    STORE/shards/<run>.jsonl   per-document extractions (the map step's output)
    STORE/.lock                held by the one process that writes

The store owns its commit protocol: a writer holds the lock, writes new shards and a whole new graph
file, then replaces manifest.json in one atomic rename. A writer killed at any point leaves the previous
manifest, so the store is either as before or complete; leftovers are swept by the next writer. The graph
file before the current one is kept until the next commit, so a reader that read the old manifest can
still open it (and a reader that finds its file gone reads the manifest again).

`query --write` follows the same protocol: the statement runs on a copy of the graph file, and the manifest
switches to the copy. Its edit is recorded in the manifest and replayed on every graph a later commit
writes, so a build keeps it. `verify()` checks a store (shards, graph file, counts); a build that finds
damage rebuilds the graph from the intact records and rewrites the shards without the damaged ones.
What to build and when (the incremental algorithm) is kgbuild.builder's business, not the store's.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..cypher_guard import check_query_cost, check_read_query
from ..errors import KgbuildError, NotReadOnly, QueryFailed, StoreDamaged, StoreLocked, StoreMissing, WriteRefused
from ..interrupt import check as check_interrupt
from ..records import DocExtraction, Notice, Skipped, decode_record, encode_record
from ..schema import Schema, SchemaError
from .base import GraphStore, QueryResult, WriteResult, graph_schema

if TYPE_CHECKING:
    import networkx as nx

MANIFEST = "manifest.json"
FORMAT_VERSION = 3  # 3: compact shard records, kept --write edits, the previous graph file
READABLE_FORMATS = (1, 2, 3)
COMPACT_AFTER_SHARDS = 8  # more shard files than this are compacted into one at the next commit
GRAPH_SLACK = 3.0  # an incremental build lays the graph file out afresh when it has grown past this many times
GRAPH_SLACK_BYTES = 4 << 20  # its size when last written whole, plus this much
OPEN_RETRIES = 5  # a reader whose graph file was swept by two commits in a row reads the manifest again


@dataclass
class StoreState:
    """What manifest.json says: the current graph file and shards, and what later builds reuse."""

    graph: str | None = None
    shards: list[str] = field(default_factory=list)
    documents: int = 0
    built: str = ""
    stats: dict[str, dict[str, int]] = field(default_factory=lambda: {"nodes": {}, "relationships": {}})
    alias_rules: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, str]] = field(default_factory=list)  # [{"name": file name, "text": its JSON}]
    relations: list[dict[str, Any]] = field(default_factory=list)  # user-declared relation types
    edits: list[dict[str, Any]] = field(default_factory=list)  # `query --write` statements, replayed after builds
    previous: str | None = None  # the graph file before this one, kept for readers until the next commit
    index: str | None = None  # the digest index of the shards' documents (index-<run>.json), if written
    resolve: str | None = None  # the resolution state for incremental builds (resolve-<run>.sqlite), if written
    fresh_bytes: int | None = None  # the graph file's size when it was last written whole (a full build, a compaction)
    format: int = FORMAT_VERSION

    @property
    def schema(self) -> Schema:
        return Schema.from_custom_json(self.relations)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, "graph": self.graph, "previous": self.previous, "shards": self.shards,
                "documents": self.documents, "built": self.built, "stats": self.stats,
                "alias_rules": self.alias_rules, "patterns": self.patterns, "relations": self.relations,
                "edits": self.edits, "index": self.index, "resolve": self.resolve, "fresh_bytes": self.fresh_bytes}

    @classmethod
    def from_json(cls, data: Any, where: str) -> StoreState:
        def bad(why: str) -> KgbuildError:
            return KgbuildError(f"the store manifest {where} is damaged ({why}); kgbuild check --store "
                                f"{Path(where).parent} --repair rebuilds the store from its shard files")

        if not isinstance(data, dict):
            raise bad("not a JSON object")
        fmt = data.get("format")
        if fmt not in READABLE_FORMATS:
            raise KgbuildError(f"the store manifest {where} has format {fmt!r}, which this kgbuild cannot read "
                               f"(it reads {', '.join(map(str, READABLE_FORMATS))}); use the kgbuild that wrote it")
        shards = data.get("shards")
        if not isinstance(data.get("graph"), str) or not isinstance(shards, list) \
                or not all(isinstance(s, str) and "/" not in s and s not in ("", ".", "..") for s in shards):
            raise bad("no graph file or shard list")
        stats = data.get("stats") if isinstance(data.get("stats"), dict) else {}
        try:
            state = cls(graph=data["graph"], shards=list(shards), documents=int(data.get("documents") or 0),
                        built=str(data.get("built") or ""),
                        stats={"nodes": _counts(stats.get("nodes")), "relationships": _counts(stats.get("relationships"))},
                        alias_rules=_records(data.get("alias_rules"), {"kind", "name", "other"}, "alias rule"),
                        patterns=_records(data.get("patterns"), {"name", "text"}, "pattern file"),
                        relations=_records(data.get("relations"), {"name"}, "relation type"),
                        edits=_records(data.get("edits"), {"cypher"}, "edit"),
                        previous=data.get("previous"), format=fmt,
                        index=data.get("index") if isinstance(data.get("index"), str) else None,
                        resolve=data.get("resolve") if isinstance(data.get("resolve"), str) else None,
                        fresh_bytes=data["fresh_bytes"] if type(data.get("fresh_bytes")) is int else None)
            for p in state.patterns:
                if not isinstance(p["name"], str) or not isinstance(p["text"], str):
                    raise ValueError("a pattern file's name or text is not a string")
            for e in state.edits:
                if not isinstance(e["cypher"], str) or not isinstance(e.get("parameters") or {}, dict):
                    raise ValueError("an edit's Cypher is not a string or its parameters not an object")
            for r in state.alias_rules:
                if r["kind"] not in ("same", "different") or not all(
                        isinstance(r.get(k), str) for k in ("name", "other", "where")) \
                        or not isinstance(r.get("label"), (str, type(None))):
                    raise ValueError("an alias rule is not of the shape kgbuild writes")
        except (TypeError, ValueError, KeyError, AttributeError) as e:
            raise bad(str(e) if not isinstance(e, KeyError) else f"no {e}") from None
        if "/" in state.graph or not state.graph.startswith("graph-") or "\x00" in state.graph:
            raise bad(f"graph file {state.graph!r}")
        if state.index is not None and ("/" in state.index or not state.index.startswith("index-")):
            state.index = None  # a build reads the shards instead
        if state.resolve is not None and ("/" in state.resolve or not state.resolve.startswith("resolve-")):
            state.resolve = None  # the next build is a full one
        if state.previous is not None and (not isinstance(state.previous, str) or "/" in state.previous
                                           or not state.previous.startswith("graph-")):
            raise bad(f"previous graph file {state.previous!r}")
        try:
            state.schema  # noqa: B018  (validates the stored relation types)
        except SchemaError as e:
            raise bad(str(e)) from None
        return state


def _counts(value: Any) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and type(v) is int for k, v in value.items()):
        raise ValueError("counts are not a JSON object of numbers")
    return dict(value)


def _records(value: Any, keys: set[str], what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) and keys <= r.keys() for r in value):
        raise ValueError(f"an {what} entry is not of the shape kgbuild writes" if what[0] in "aeiou"
                         else f"a {what} entry is not of the shape kgbuild writes")
    return list(value)


@dataclass
class Problem:
    """Something `verify` found wrong with a store: where, what, and what a repair does about it."""

    where: str
    what: str

    def __str__(self) -> str:
        from ..records import printable

        return f"{printable(self.where)}: {printable(self.what)}"


class EmbeddedStore(GraphStore):
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.description = f"store {self.path}"

    # ------------------------------------------------------------ state
    @property
    def exists(self) -> bool:
        return (self.path / MANIFEST).is_file()

    def state(self) -> StoreState:
        """The committed state; StoreMissing when there is no store at this path."""
        where = str(self.path / MANIFEST)
        try:
            text = (self.path / MANIFEST).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise StoreMissing(str(self.path)) from None
        except (OSError, UnicodeDecodeError) as e:
            raise KgbuildError(f"cannot read the store manifest {where} ({getattr(e, 'strerror', None) or e})") from None
        try:
            data = json.loads(text)
        except ValueError as e:
            raise KgbuildError(f"the store manifest {where} is damaged ({e}); kgbuild check --store {self.path} "
                               "--repair rebuilds the store from its shard files") from None
        return StoreState.from_json(data, where)

    def state_or_empty(self) -> StoreState:
        return self.state() if self.exists else StoreState()

    @property
    def schema(self) -> Schema:
        return self.state_or_empty().schema

    # ------------------------------------------------------------ the write lock
    @contextlib.contextmanager
    def writing(self, wait: bool = False) -> Iterator[None]:
        """Hold the store's write lock: a second writer waits or is refused, never interleaves."""
        self.path.mkdir(parents=True, exist_ok=True)
        if any(self.path.iterdir()) and not (self.path / MANIFEST).exists() and not (self.path / ".lock").exists():
            raise KgbuildError(f"{self.path} exists and is not a kgbuild store; choose another --store path")
        fh = open(self.path / ".lock", "a+")
        try:
            while True:  # --wait polls, so Ctrl-C is acted on while waiting
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not wait:
                        fh.seek(0)
                        raise StoreLocked(str(self.path), fh.read().strip() or "another process") from None
                    check_interrupt()
                    time.sleep(0.1)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
            fh.flush()
            self._sweep()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def _sweep(self) -> None:
        """Remove what an interrupted writer left behind (files the manifest does not name), and graph files older
        than the previous one. Without a readable manifest only temporary files go: the rest may be recovered."""
        keep: set[str] = {MANIFEST, ".lock", "shards"}
        shards: set[str] | None = None
        try:
            st = self.state() if self.exists else None
        except KgbuildError:
            st = None
        if st is not None:
            for graph in filter(None, (st.graph, st.previous)):
                keep.update(graph + suffix for suffix in ("", ".wal", ".shadow"))
            shards = set(st.shards)
            keep.update(n for n in (st.index, st.resolve, _index_base(st.index)) if n)
            if st.resolve:
                keep.add(st.resolve + "-journal")  # an incremental build's open transaction (or one to roll back)
        elif (self.path / MANIFEST).exists() or (self.path / "shards").is_dir() and any((self.path / "shards").iterdir()):
            for p in self.path.iterdir():
                if p.suffix == ".tmp":
                    _remove(p)
            return
        for p in self.path.iterdir():
            if p.name not in keep and (p.name.startswith(("graph-", "manifest.json.", "index-", "resolve-"))
                                       or p.suffix == ".tmp"):
                _remove(p)
        sd = self.path / "shards"
        if sd.is_dir():
            for p in sd.iterdir():
                if shards is None or p.name not in shards:
                    _remove(p)

    # ------------------------------------------------------------ shards
    def iter_extractions(self, on_damage: Callable[[Skipped], None] | None = None,
                         state: StoreState | None = None) -> Iterator[DocExtraction]:
        """Every record of the store's shards, streamed in order (a later one of a document supersedes it).

        A damaged line or a missing shard file is reported through `on_damage` (file:line, and what is lost) and
        reading goes on; without `on_damage` it raises StoreDamaged."""
        if state is None:
            if not self.exists:
                return
            state = self.state()

        def damage(where: str, what: str) -> None:
            if on_damage is None:
                raise StoreDamaged(str(self.path), f"{where}: {what}")
            on_damage(Skipped(where, what))

        for name in state.shards:
            path = self.path / "shards" / name
            try:
                fh = open(path, "rb")
            except OSError as e:
                damage(str(path), "a shard file of the store is missing; the documents only it held are lost"
                       if e.errno == errno.ENOENT else f"cannot read a shard file of the store ({e.strerror or e})")
                continue
            with fh:
                for n, raw in enumerate(fh, 1):
                    if not raw.strip():
                        continue
                    try:
                        yield decode_record(raw.decode("utf-8"))
                    except (ValueError, UnicodeDecodeError, RecursionError) as e:
                        damage(f"{path}:{n}", f"a damaged record in the store ({_one_line(e)[:200]}); its document "
                                              "is lost unless a later record holds it (build its article again)")

    def extractions(self) -> dict[str, DocExtraction]:
        """The current extraction of every document in the store (later shards win)."""
        return {ext.document.doc_id: ext for ext in self.iter_extractions()}

    def pending_shard(self) -> PendingShard:
        """A shard a writer puts its new extractions into as they arrive; `commit(pending=...)` adds it."""
        return PendingShard(self.path / "shards")

    # ------------------------------------------------------------ the digest index
    def read_index(self, state: StoreState) -> DigestIndex | None:
        """The digest index of the committed shards, or None when there is none or it no longer describes them
        (a shard file changed, went missing, or the index is unreadable): the caller then reads the shards."""
        if not state.index:
            return None
        try:
            data = json.loads((self.path / state.index).read_text(encoding="utf-8"))
            base = _index_base(state.index)
            if data.get("version") != (INDEX_DELTA_VERSION if base else INDEX_VERSION) \
                    or data.get("shards") != self._shard_stats(state.shards):
                return None
            rows = list(map(IndexRow._make, data["docs"]))
            if base:  # the documents added since the full index `base` was written (their doc ids are new there)
                full = json.loads((self.path / base).read_text(encoding="utf-8"))
                if full.get("version") != INDEX_VERSION:
                    return None
                rows = sorted(list(map(IndexRow._make, full["docs"])) + rows, key=lambda r: r.doc_id)
            return DigestIndex(rows, list(data.get("warnings") or []))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def _shard_stats(self, shards: list[str]) -> list[list[Any]]:
        out = []
        for name in shards:
            st = (self.path / "shards" / name).stat()
            out.append([name, st.st_size, st.st_mtime_ns])
        return out

    def _write_index(self, run: str, shards: list[str], index: DigestIndex, base: str | None = None) -> str:
        """The digest index of `shards`: all of `index` or, with `base` (a full index), the rows added since
        (index-<run>+<base run>.json, so that what it needs is known by its name)."""
        name = f"index-{run}.json" if base is None else f"index-{run}+{base[len('index-'):]}"
        data = {"version": INDEX_VERSION if base is None else INDEX_DELTA_VERSION, "shards": self._shard_stats(shards),
                "warnings": index.warnings,
                "docs": [[r.doc_id, r.digest, r.content, r.origin, r.source] for r in index.rows]}
        tmp = self.path / (name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.path / name)
        return name

    # ------------------------------------------------------------ checking and repair
    def graph_problem(self, state: StoreState) -> str | None:
        """What is wrong with the state's graph file (missing, unreadable, counts unlike the manifest's), or None."""
        path = self.path / state.graph
        if not path.is_file():
            return f"the graph file {state.graph} is missing"
        if path.stat().st_size == 0:
            return f"the graph file {state.graph} is empty"
        from .ladybug import count_rows

        try:
            with self._open(state.graph, read_only=True) as conn:
                nodes, rels = count_rows(conn)
        except (KgbuildError, RuntimeError) as e:
            return f"the graph file {state.graph} cannot be read ({_one_line(e)[:200]})"
        if nodes != state.stats["nodes"] or rels != state.stats["relationships"]:
            return (f"the graph file {state.graph} holds {sum(nodes.values())} nodes and {sum(rels.values())} "
                    f"relationships, the manifest {sum(state.stats['nodes'].values())} and "
                    f"{sum(state.stats['relationships'].values())}")
        return None

    def verify(self) -> tuple[list[Problem], int]:
        """Check the whole store: the manifest, every shard line, the graph file and its counts.
        Returns the problems found and the number of documents the intact records hold."""
        problems: list[Problem] = []
        try:
            state = self.state()
        except StoreMissing:
            raise
        except KgbuildError as e:
            return [Problem(str(self.path / MANIFEST), str(e))], 0
        docs: set[str] = set()
        for ext in self.iter_extractions(lambda s: problems.append(Problem(s.where, s.reason)), state):
            docs.add(ext.document.doc_id)
        if len(docs) != state.documents:
            problems.append(Problem(str(self.path / MANIFEST), f"the manifest counts {state.documents} documents, "
                                                               f"the shards hold {len(docs)} intact ones"))
        graph = self.graph_problem(state)
        if graph:
            problems.append(Problem(str(self.path / state.graph), graph))
        return problems, len(docs)

    def recovered_state(self) -> StoreState:
        """A state for a store whose manifest is damaged or gone: every shard file in shards/, oldest first (their
        names start with the time they were written); settings the manifest held are lost."""
        sd = self.path / "shards"
        names = sorted(p.name for p in sd.iterdir() if p.name.endswith(".jsonl")) if sd.is_dir() else []
        return StoreState(graph="graph-lost.lbug", shards=names)

    # ------------------------------------------------------------ commit
    def commit(self, graph: nx.MultiDiGraph, *, pending: PendingShard | None = None, documents: int | None = None,
               alias_rules: list[dict[str, Any]] | None = None, patterns: list[dict[str, str]] | None = None,
               edits: list[dict[str, Any]] | None = None, base: StoreState | None = None, rewrite_shards: bool = False,
               on_notice: Callable[[Notice], None] | None = None, index: DigestIndex | None = None,
               resolve: str | None = None, before_switch: Callable[[], None] | None = None) -> StoreState:
        """Write the whole graph (and the pending shard, if any) and switch the manifest to them atomically.

        The caller holds `writing()`. Settings left as None keep their committed values (of `base`, by default the
        manifest's). The recorded `query --write` edits are replayed on the new graph; one that fails is reported
        through `on_notice` and stays recorded. `rewrite_shards` copies the intact records into one new shard (a
        repair drops what is damaged); so does a store whose shards pile up. `index` (every document of the shards
        after this commit) is written beside them, so that a later build knows what is stored without reading them.
        `before_switch` is called just before the manifest switches (a resolution state `resolve` being written
        beside the graph is finished by then; what it raises leaves the store as it was).
        """
        old = base if base is not None else self.state_or_empty()
        run = pending.run if pending is not None else _run_id()
        shards = list(old.shards)
        if pending is not None and pending.count:
            pending.finish()
            shards.append(pending.name)
        elif pending is not None:
            pending.discard()
        check_interrupt()
        # Compact when the shards pile up, so the store does not grow without end as documents are updated.
        if rewrite_shards or len(shards) > COMPACT_AFTER_SHARDS:
            shard = f"{run}-compact.jsonl"
            _compact(self.path / "shards", shards, self.path / "shards" / shard)
            shards = [shard]
        if index is not None:
            index_name: str | None = self._write_index(run, shards, index)
        else:  # the old index still describes the shards if they did not change; read_index checks that
            index_name = old.index if shards == old.shards else None
        from .ladybug import count_rows, write_database

        graph_name = f"graph-{run}.lbug"
        rows = write_database(str(self.path / graph_name), graph)
        stats = {"nodes": rows.node_counts(), "relationships": rows.relationship_counts()}
        edits = old.edits if edits is None else edits
        if edits:
            with self._open(graph_name, read_only=False) as conn:
                for n, edit in enumerate(edits, 1):
                    try:
                        _execute(conn, edit["cypher"], edit.get("parameters"))
                    except RuntimeError as e:
                        if on_notice is not None:
                            on_notice(Notice(f"edit {n}", f"the recorded --write query did not apply to the new graph "
                                                          f"({_one_line(e)[:200]}); it stays recorded "
                                                          "(kgbuild edits --drop N removes it)"))
                conn.execute("CHECKPOINT")
                nodes, rels = count_rows(conn)
            stats = {"nodes": nodes, "relationships": rels}
        schema = graph_schema(graph)
        state = StoreState(graph=graph_name, shards=shards,
                           documents=old.documents if documents is None else documents,
                           built=time.strftime("%Y-%m-%dT%H:%M:%S"), stats=stats,
                           alias_rules=old.alias_rules if alias_rules is None else alias_rules,
                           patterns=old.patterns if patterns is None else patterns,
                           relations=schema.custom_json(), edits=edits,
                           previous=old.graph if old.graph and (self.path / old.graph).is_file() else None,
                           index=index_name, resolve=resolve,
                           fresh_bytes=(self.path / graph_name).stat().st_size)
        if before_switch is not None:
            before_switch()
        self._switch(state, run)
        return state

    def resolve_path(self, run: str) -> Path:
        """Where a build writes the resolution state it commits with run `run`."""
        return self.path / f"resolve-{run}.sqlite"

    def commit_changes(self, apply: Callable[[Any], None], *, pending: PendingShard, documents: int,
                       base: StoreState, added: list[IndexRow], index: Callable[[], DigestIndex],
                       resolve: str, before_switch: Callable[[], None] | None = None) -> StoreState:
        """An incremental build's commit: a copy of the current graph file changed by `apply(connection)` (the old
        file stays whole for readers and for a build killed on the way), the new shard, the index and the
        resolution state, switched to at once like `commit` (`before_switch` as there). The caller holds
        `writing()`."""
        import shutil

        from .ladybug import count_rows

        old = base
        run = pending.run
        shards = list(old.shards)
        if pending.count:
            pending.finish()
            shards.append(pending.name)
        else:
            pending.discard()
        check_interrupt()
        if len(shards) > COMPACT_AFTER_SHARDS:
            shard = f"{run}-compact.jsonl"
            _compact(self.path / "shards", shards, self.path / "shards" / shard)
            shards = [shard]
        index_name = self._write_added(run, shards, old, added, index)
        graph_name = f"graph-{run}.lbug"
        fresh = old.fresh_bytes or (self.path / old.graph).stat().st_size
        if self._compact_graph(old, graph_name, fresh):
            fresh = (self.path / graph_name).stat().st_size
        else:
            shutil.copyfile(self.path / old.graph, self.path / graph_name)
        check_interrupt()
        with self._open(graph_name, read_only=False) as conn:
            apply(conn)
            conn.execute("CHECKPOINT")
            nodes, rels = count_rows(conn)
        state = replace(old, graph=graph_name, shards=shards, documents=documents,
                        built=time.strftime("%Y-%m-%dT%H:%M:%S"), stats={"nodes": nodes, "relationships": rels},
                        previous=old.graph, index=index_name, resolve=resolve, fresh_bytes=fresh)
        if before_switch is not None:
            before_switch()
        self._switch(state, run)
        return state

    def _write_added(self, run: str, shards: list[str], old: StoreState, added: list[IndexRow],
                     index: Callable[[], DigestIndex]) -> str:
        """The digest index after an incremental build: the documents added since the last full index, when they
        are few (INDEX_DELTA_SHARE of all; the index of a large store is not written again for a few documents), or
        all of them (`index()`)."""
        base = _index_base(old.index) or old.index
        before: list[IndexRow] = []
        if old.index and _index_base(old.index):
            try:
                data = json.loads((self.path / old.index).read_text(encoding="utf-8"))
                before = list(map(IndexRow._make, data["docs"]))
            except (OSError, ValueError, TypeError, KeyError):
                base = None
        if base and (len(before) + len(added)) <= INDEX_DELTA_SHARE * old.documents:
            rows = sorted(before + added, key=lambda r: r.doc_id)
            return self._write_index(run, shards, DigestIndex(rows, []), base=base)
        return self._write_index(run, shards, index())

    def _compact_graph(self, old: StoreState, graph_name: str, fresh: int) -> bool:
        """Lay the graph out afresh in file `graph_name` (kgbuild.stores.ladybug.compact_copy) when the current file
        is more than GRAPH_SLACK times its size when it was last written whole (`fresh`): an incremental build changes
        the graph in a copy of its file, and LadybugDB writes the parts of a relationship table it touches anew
        elsewhere in the file, reusing the pages left behind only in part. True if it was written."""
        from .ladybug import compact_copy

        if (self.path / old.graph).stat().st_size <= GRAPH_SLACK * fresh + GRAPH_SLACK_BYTES:
            return False
        with self._open(old.graph) as conn:
            return compact_copy(conn, str(self.path / graph_name), old.schema)

    def _switch(self, state: StoreState, run: str) -> None:
        """The commit point: the manifest names the new files in one atomic rename (the last safe point for Ctrl-C
        is just before it); then what no manifest names any more is swept."""
        tmp = self.path / f"manifest.json.{run}.tmp"
        tmp.write_text(json.dumps(state.to_json(), indent=1), encoding="utf-8")
        _fsync(tmp)
        check_interrupt()
        os.replace(tmp, self.path / MANIFEST)
        _fsync_dir(self.path)
        self._sweep()

    # ------------------------------------------------------------ the contract
    def write_graph(self, graph: nx.MultiDiGraph, wait: bool = False) -> WriteResult:
        """Replace the stored graph with `graph`, keeping the shards, settings and recorded edits (one atomic switch)."""
        with self.writing(wait=wait):
            state = self.commit(graph)
        return WriteResult(state.stats["nodes"], state.stats["relationships"], self.description)

    def read_graph(self) -> nx.MultiDiGraph:
        from .ladybug import read_database

        with self._reading() as (state, conn):
            return read_database(conn, state.schema)

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run Cypher. Without write=True it must be one read-only statement (kgbuild.cypher_guard), and it runs on
        a read-only connection, which alone would still run LOAD FROM, COPY TO, LOAD EXTENSION and CHECKPOINT.
        (LadybugDB's PreparedStatement::isReadOnly is not in its Python API, and counts LOAD EXTENSION as a read.)

        With write=True a statement that is not read-only runs on a copy of the graph file, which becomes the store's
        graph in one atomic switch, and is recorded: every later build replays it on the graph it writes."""
        check_query_cost(cypher)
        if write:
            try:
                check_read_query(cypher)
            except (NotReadOnly, WriteRefused):
                return self._write(cypher, parameters)
            except QueryFailed:
                pass  # not Cypher the check can follow; the database will say what is wrong with it
        else:
            check_read_query(cypher)
        with self._reading() as (_, conn):
            return _result(conn, cypher, parameters)

    def _write(self, cypher: str, parameters: dict[str, Any] | None) -> QueryResult:
        try:
            recorded = json.loads(json.dumps(parameters or {}, allow_nan=False))
        except (TypeError, ValueError):
            raise KgbuildError("the parameters of a --write query are recorded with it (every build replays it), so "
                               "they must be JSON values: text, numbers, true/false, null, lists, maps") from None
        from .ladybug import count_rows

        with self.writing():
            state = self.state()
            problem = self.graph_problem(state)
            if problem:
                raise StoreDamaged(str(self.path), problem)
            run = _run_id()
            graph_name = f"graph-{run}.lbug"
            try:
                shutil.copyfile(self.path / state.graph, self.path / graph_name)
                with self._open(graph_name, read_only=False) as conn:
                    result = _result(conn, cypher, parameters)
                    conn.execute("CHECKPOINT")
                    nodes, rels = count_rows(conn)
                check_interrupt()
                edit = {"cypher": cypher, "parameters": recorded, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
                self._switch(replace(state, graph=graph_name, previous=state.graph, edits=[*state.edits, edit],
                                     stats={"nodes": nodes, "relationships": rels}), run)
            except BaseException:
                for suffix in ("", ".wal", ".shadow"):
                    _remove(self.path / (graph_name + suffix))
                raise
        return result

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """Counts by label and by relationship type, from the manifest (no database needed)."""
        st = self.state()
        return st.stats["nodes"], st.stats["relationships"]

    # ------------------------------------------------------------ LadybugDB
    @contextlib.contextmanager
    def _open(self, graph: str, read_only: bool = True) -> Iterator[Any]:
        """A connection to one graph file of the store, always closed (with its database) afterwards."""
        from .ladybug import ladybug

        lb = ladybug()
        path = self.path / graph
        if read_only and not path.is_file():
            raise _GraphGone(graph)
        if read_only and path.stat().st_size == 0:  # LadybugDB would open it as an empty graph
            raise StoreDamaged(str(self.path), f"its graph file {graph} is empty")
        try:
            db = lb.Database(str(path), read_only=read_only)
        except RuntimeError as e:
            if read_only and not path.is_file():
                raise _GraphGone(graph) from None
            raise KgbuildError(f"cannot open the graph of the store {str(self.path)!r}: {_one_line(e)}") from None
        try:
            conn = lb.Connection(db)
            try:
                yield conn
            finally:
                conn.close()
        finally:
            db.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[tuple[StoreState, Any]]:
        """The committed state and a read-only connection to its graph. A commit keeps the graph file before its
        own, so a reader always finds the graph its manifest names, unless two commits came in between: then it
        reads the manifest again."""
        for _ in range(OPEN_RETRIES):
            state = self.state()
            stack = contextlib.ExitStack()
            try:
                conn = stack.enter_context(self._open(state.graph, read_only=True))
            except _GraphGone:
                if self.state().graph != state.graph:
                    continue  # swept by later commits: the manifest names a newer graph
                raise StoreDamaged(str(self.path), f"its graph file {state.graph} is missing") from None
            with stack:
                yield state, conn
            return
        raise KgbuildError(f"the store {str(self.path)!r} changed {OPEN_RETRIES} times while it was being opened; "
                           "try again")


INDEX_VERSION = 1
INDEX_DELTA_VERSION = 2  # an index of the documents added since a full index (named in its file name)
INDEX_DELTA_SHARE = 0.2  # an incremental build writes the whole index again when the added ones pass this share


def _index_base(name: str | None) -> str | None:
    """The full index a digest index of added documents extends (index-<run>+<base run>.json), or None."""
    if not name or "+" not in name:
        return None
    return "index-" + name.split("+", 1)[1]


class IndexRow(NamedTuple):
    """What a build needs to know of a stored document without reading its record (a tuple: a store's index holds
    one for each document, made each time a build reads it)."""

    doc_id: str
    digest: str
    content: str  # kgbuild.ingest.content_key of the document
    origin: str | None
    source: str | None


@dataclass
class DigestIndex:
    """Every document of a store's shards (the current record of each) and the warnings its last build gave."""

    rows: list[IndexRow]
    warnings: list[str] = field(default_factory=list)


class _GraphGone(KgbuildError):
    def __init__(self, graph: str) -> None:
        super().__init__(f"the graph file {graph} is gone")


def _execute(conn: Any, cypher: str, parameters: dict[str, Any] | None) -> Any:
    res = conn.execute(cypher, parameters or {})
    return res[-1] if isinstance(res, list) else res


def _result(conn: Any, cypher: str, parameters: dict[str, Any] | None) -> QueryResult:
    try:
        res = _execute(conn, cypher, parameters)
        return QueryResult(res.get_column_names(), [list(r) for r in res.get_all()])
    except RuntimeError as e:
        if "read-only" in str(e):
            raise WriteRefused() from None
        raise QueryFailed(_one_line(e)) from None


# ------------------------------------------------------------------ writing
def _run_id() -> str:
    return time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]


class PendingShard:
    """New extractions written to shards/<run>.jsonl.tmp as they arrive, so a build holds no texts;
    `finish` renames it into place (a killed build leaves only the .tmp, which the next one sweeps)."""

    def __init__(self, directory: Path) -> None:
        self.run = _run_id()
        self.name = f"{self.run}.jsonl"
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / self.name
        self.tmp = directory / f"{self.name}.tmp"
        self._fh = open(self.tmp, "w", encoding="utf-8", errors="backslashreplace")
        self.count = 0

    def write(self, ext: DocExtraction) -> None:
        self._fh.write(encode_record(ext) + "\n")
        self.count += 1

    def finish(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self._fh.close()
        self.tmp.unlink(missing_ok=True)


def _compact(sd: Path, shards: list[str], out: Path) -> None:
    """One shard holding the last record of every document, copied line by line from the shards (records an older
    kgbuild wrote are rewritten in the compact form). Lines that are not intact records and shard files that are
    missing are left out (a repair; they were reported when read)."""
    last: dict[str, tuple[int, int]] = {}
    for i, name in enumerate(shards):
        for n, raw in _lines(sd / name):
            try:
                last[decode_record(raw.decode("utf-8")).document.doc_id] = (i, n)
            except (ValueError, UnicodeDecodeError, RecursionError):
                continue
    keep = set(last.values())
    tmp = out.with_suffix(out.suffix + ".tmp")
    with open(tmp, "wb") as dst:
        for i, name in enumerate(shards):
            for n, raw in _lines(sd / name):
                if (i, n) in keep:
                    if b'"columns"' not in raw:  # a record an older kgbuild wrote: in the compact form from now on
                        raw = encode_record(decode_record(raw.decode("utf-8"))).encode("utf-8")
                    dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, out)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        fh = open(path, "rb")
    except OSError:
        return
    with fh:
        for n, raw in enumerate(fh):
            if raw.strip():
                yield n, raw


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(p: Path) -> None:
    import shutil

    with contextlib.suppress(OSError):
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()


def _one_line(e: BaseException) -> str:
    return str(e).replace("\n", " ")
