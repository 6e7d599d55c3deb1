"""The embedded store: a folder holding a LadybugDB graph and the extraction shards behind it.

    STORE/manifest.json        the commit point: which graph file and shards are current, and the
                               build settings later builds reuse (alias rules, pattern files, schema)
    STORE/graph-<run>.lbug     the LadybugDB database (Cypher, read-only for queries)
    STORE/shards/<run>.jsonl   per-document extractions (the map step's output)
    STORE/.lock                held by the one process that writes

The store owns its commit protocol: a writer holds the lock, writes new shards and a whole new graph
file, then replaces manifest.json in one atomic rename. A writer killed at any point leaves the previous
manifest, so the store is either as before or complete; leftovers are swept by the next writer.
What to build and when (the incremental algorithm) is kgbuild.builder's business, not the store's.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cypher_guard import check_read_query
from ..errors import KgbuildError, QueryFailed, StoreLocked, StoreMissing, WriteRefused
from ..records import DocExtraction
from ..schema import Schema, SchemaError
from .base import GraphStore, QueryResult, WriteResult, graph_schema

if TYPE_CHECKING:
    import networkx as nx

MANIFEST = "manifest.json"
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
COMPACT_AFTER_SHARDS = 8  # more shard files than this are compacted into one at the next commit


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
    format: int = FORMAT_VERSION

    @property
    def schema(self) -> Schema:
        return Schema.from_custom_json(self.relations)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, "graph": self.graph, "shards": self.shards, "documents": self.documents,
                "built": self.built, "stats": self.stats, "alias_rules": self.alias_rules,
                "patterns": self.patterns, "relations": self.relations}

    @classmethod
    def from_json(cls, data: Any, where: str) -> StoreState:
        def bad(why: str) -> KgbuildError:
            return KgbuildError(f"the store manifest {where} is damaged ({why}); rebuild the store from its "
                                "articles into a new --store folder")

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
                        stats={"nodes": dict(stats.get("nodes") or {}),
                               "relationships": dict(stats.get("relationships") or {})},
                        alias_rules=list(data.get("alias_rules") or []), patterns=list(data.get("patterns") or []),
                        relations=list(data.get("relations") or []), format=fmt)
        except (TypeError, ValueError) as e:
            raise bad(str(e)) from None
        if "/" in state.graph or not state.graph.startswith("graph-"):
            raise bad(f"graph file {state.graph!r}")
        try:
            state.schema  # noqa: B018  (validates the stored relation types)
        except SchemaError as e:
            raise bad(str(e)) from None
        return state


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
            raise KgbuildError(f"the store manifest {where} is damaged ({e}); rebuild the store") from None
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
            flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(fh, flags)
            except BlockingIOError:
                fh.seek(0)
                raise StoreLocked(str(self.path), fh.read().strip() or "another process") from None
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
        """Remove what an interrupted writer left behind (files the manifest does not name)."""
        keep: set[str] = {MANIFEST, ".lock", "shards"}
        shards: set[str] = set()
        if self.exists:
            st = self.state()
            keep.add(st.graph)
            keep.update(Path(st.graph).name + suffix for suffix in (".wal", ".shadow"))
            shards = set(st.shards)
        for p in self.path.iterdir():
            if p.name not in keep and (p.name.startswith(("graph-", "manifest.json.")) or p.suffix == ".tmp"):
                _remove(p)
        sd = self.path / "shards"
        if sd.is_dir():
            for p in sd.iterdir():
                if p.name not in shards:
                    _remove(p)

    # ------------------------------------------------------------ shards
    def iter_extractions(self) -> Iterator[DocExtraction]:
        """Every record of the store's shards, streamed in order (a later one of a document supersedes it)."""
        if not self.exists:
            return
        for name in self.state().shards:
            with open(self.path / "shards" / name, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield DocExtraction.from_json(json.loads(line))

    def extractions(self) -> dict[str, DocExtraction]:
        """The current extraction of every document in the store (later shards win)."""
        return {ext.document.doc_id: ext for ext in self.iter_extractions()}

    def pending_shard(self) -> PendingShard:
        """A shard a writer puts its new extractions into as they arrive; `commit(pending=...)` adds it."""
        return PendingShard(self.path / "shards")

    # ------------------------------------------------------------ commit
    def commit(self, graph: nx.MultiDiGraph, *, pending: PendingShard | None = None, documents: int | None = None,
               alias_rules: list[dict[str, Any]] | None = None, patterns: list[dict[str, str]] | None = None) -> StoreState:
        """Write the whole graph (and the pending shard, if any) and switch the manifest to them atomically.

        The caller holds `writing()`. Settings left as None keep their committed values.
        """
        old = self.state_or_empty()
        run = pending.run if pending is not None else _run_id()
        shards = list(old.shards)
        if pending is not None and pending.count:
            pending.finish()
            shards.append(pending.name)
        elif pending is not None:
            pending.discard()
        # Compact when the shards pile up, so the store does not grow without end as documents are updated.
        if len(shards) > COMPACT_AFTER_SHARDS:
            shard = f"{run}-compact.jsonl"
            _compact(self.path / "shards", shards, self.path / "shards" / shard)
            shards = [shard]
        from .ladybug import write_database

        graph_name = f"graph-{run}.lbug"
        rows = write_database(str(self.path / graph_name), graph)
        schema = graph_schema(graph)
        state = StoreState(graph=graph_name, shards=shards,
                           documents=old.documents if documents is None else documents,
                           built=time.strftime("%Y-%m-%dT%H:%M:%S"),
                           stats={"nodes": rows.node_counts(), "relationships": rows.relationship_counts()},
                           alias_rules=old.alias_rules if alias_rules is None else alias_rules,
                           patterns=old.patterns if patterns is None else patterns,
                           relations=schema.custom_json())
        tmp = self.path / f"manifest.json.{run}.tmp"
        tmp.write_text(json.dumps(state.to_json(), indent=1), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.path / MANIFEST)
        _fsync_dir(self.path)
        self._sweep()
        return state

    # ------------------------------------------------------------ the contract
    def write_graph(self, graph: nx.MultiDiGraph, wait: bool = False) -> WriteResult:
        """Replace the stored graph with `graph`, keeping the shards and settings (one atomic switch)."""
        with self.writing(wait=wait):
            state = self.commit(graph)
        return WriteResult(state.stats["nodes"], state.stats["relationships"], self.description)

    def read_graph(self) -> nx.MultiDiGraph:
        from .ladybug import read_database

        state = self.state()
        with self._connection(state, read_only=True) as conn:
            return read_database(conn, state.schema)

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run Cypher. Without write=True it must be one read-only statement (kgbuild.cypher_guard), and it runs on
        a read-only connection, which alone would still run LOAD FROM, COPY TO, LOAD EXTENSION and CHECKPOINT.
        (LadybugDB's PreparedStatement::isReadOnly is not in its Python API, and counts LOAD EXTENSION as a read.)"""
        if write:
            with self.writing():
                return self._run(cypher, parameters, read_only=False)
        check_read_query(cypher)
        return self._run(cypher, parameters, read_only=True)

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """Counts by label and by relationship type, from the manifest (no database needed)."""
        st = self.state()
        return st.stats["nodes"], st.stats["relationships"]

    # ------------------------------------------------------------ LadybugDB
    @contextlib.contextmanager
    def _connection(self, state: StoreState, read_only: bool = True) -> Iterator[Any]:
        """A connection to the current graph file, always closed (with its database) afterwards."""
        from .ladybug import ladybug

        lb = ladybug()
        try:
            db = lb.Database(str(self.path / state.graph), read_only=read_only)
        except RuntimeError as e:
            raise KgbuildError(f"cannot open the graph of the store {str(self.path)!r}: {_one_line(e)}") from None
        try:
            conn = lb.Connection(db)
            try:
                yield conn
            finally:
                conn.close()
        finally:
            db.close()

    def _run(self, cypher: str, parameters: dict[str, Any] | None, read_only: bool) -> QueryResult:
        with self._connection(self.state(), read_only=read_only) as conn:
            try:
                res = conn.execute(cypher, parameters or {})
                if isinstance(res, list):
                    res = res[-1]
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
        self._fh = open(self.tmp, "w", encoding="utf-8")
        self.count = 0

    def write(self, ext: DocExtraction) -> None:
        self._fh.write(json.dumps(ext.to_json(), ensure_ascii=False) + "\n")
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
    """One shard holding the last record of every document, copied line by line from the shards."""
    last: dict[str, tuple[int, int]] = {}
    for i, name in enumerate(shards):
        with open(sd / name, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if line.strip():
                    last[json.loads(line)["document"]["doc_id"]] = (i, n)
    keep = set(last.values())
    tmp = out.with_suffix(out.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as dst:
        for i, name in enumerate(shards):
            with open(sd / name, encoding="utf-8") as fh:
                for n, line in enumerate(fh):
                    if (i, n) in keep:
                        dst.write(line if line.endswith("\n") else line + "\n")
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, out)


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
