"""The embedded store: a folder holding a LadybugDB graph and the extraction shards behind it.

    STORE/manifest.json        the commit point: which graph file and shards are current
    STORE/graph-<run>.lbug     the LadybugDB database (Cypher, read-only for queries)
    STORE/shards/<run>.jsonl   per-document extractions (the map step's output)
    STORE/.lock                held by the one process that writes

A build writes new shards and a whole new graph file, then replaces manifest.json
in one atomic rename. A build killed at any point leaves the previous manifest,
so the store is either as before or complete; leftovers are swept next time.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from ..cypher_guard import check_read_query
from ..errors import KgbuildError, QueryFailed, StoreLocked, StoreMissing, WriteRefused
from ..records import DocExtraction
from .base import NODE_LABELS, REL_ENDPOINTS, QueryResult, node_props, rel_props

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def _lb():
    import ladybug

    return ladybug


class EmbeddedStore:
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    # ------------------------------------------------------------ manifest
    @property
    def exists(self) -> bool:
        return (self.path / MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreMissing(str(self.path)) from None
        except ValueError as e:
            raise KgbuildError(f"the store manifest {self.path / MANIFEST} is damaged ({e}); rebuild the store") from None

    def _require(self) -> dict[str, Any]:
        if not self.exists:
            raise StoreMissing(str(self.path))
        return self.manifest()

    @contextlib.contextmanager
    def writing(self, wait: bool = False) -> Iterator[None]:
        """Hold the store's write lock: a second writer waits or is refused, never interleaves."""
        self.path.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and any(self.path.iterdir()) and not (self.path / MANIFEST).exists() \
                and not (self.path / ".lock").exists():
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
        """Remove what an interrupted build left behind (files the manifest does not name)."""
        keep: set[str] = {MANIFEST, ".lock", "shards"}
        if self.exists:
            m = self.manifest()
            keep.add(m["graph"])
            keep.update(Path(m["graph"]).name + suffix for suffix in (".wal", ".shadow"))
            shards = set(m["shards"])
        else:
            shards = set()
        for p in self.path.iterdir():
            if p.name not in keep and (p.name.startswith(("graph-", "manifest.json.")) or p.suffix == ".tmp"):
                _remove(p)
        sd = self.path / "shards"
        if sd.is_dir():
            for p in sd.iterdir():
                if p.name not in shards:
                    _remove(p)

    # ------------------------------------------------------------- shards
    def extractions(self) -> dict[str, DocExtraction]:
        """The current extraction of every document in the store (later shards win)."""
        out: dict[str, DocExtraction] = {}
        for ext in self.iter_extractions():
            out[ext.document.doc_id] = ext
        return out

    def iter_extractions(self) -> Iterator[DocExtraction]:
        """Every record of the store's shards, streamed in order (a later one of a document supersedes it)."""
        if not self.exists:
            return
        m = self.manifest()
        for name in m["shards"]:
            with open(self.path / "shards" / name, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield DocExtraction.from_json(json.loads(line))

    def pending_shard(self) -> PendingShard:
        """A shard this build writes its new extractions into as they arrive; `commit(pending=...)` adds it."""
        return PendingShard(self.path / "shards")

    def alias_rules_json(self) -> list[dict[str, Any]]:
        """The analyst alias rules the last build used (kept so later builds apply them too)."""
        return self.manifest().get("alias_rules", []) if self.exists else []

    def digests(self) -> dict[str, str]:
        return {k: v.digest for k, v in self.extractions().items()}

    def commit(self, new: Iterable[DocExtraction], graph: nx.MultiDiGraph, all_docs: dict[str, DocExtraction],
               stats: dict[str, Any], alias_rules: list[dict[str, Any]] | None = None,
               pending: PendingShard | None = None) -> None:
        """Write new shards and the whole graph, then switch the manifest to them atomically.

        The new extractions come as `new`, or already written to a `pending` shard (then `new` and
        `all_docs` need not carry the texts: compaction copies records from the shard files).
        """
        run = pending.run if pending is not None else _run_id()
        sd = self.path / "shards"
        sd.mkdir(parents=True, exist_ok=True)
        old = self.manifest() if self.exists else {"shards": [], "graph": None}
        new = list(new)
        shards = list(old["shards"])
        if pending is not None and pending.count:
            pending.finish()
            shards.append(pending.name)
        elif pending is not None:
            pending.discard()
        if new:
            shard = f"{run}{'-more' if pending is not None else ''}.jsonl"
            _write_jsonl(sd / shard, (e.to_json() for e in new))
            shards.append(shard)
        # Compact when most lines in the shards are superseded, so the store does not grow without end.
        if len(shards) > 8:
            shard = f"{run}-compact.jsonl"
            _compact(sd, shards, sd / shard)
            shards = [shard]
        graph_name = f"graph-{run}.lbug"
        write_ladybug(self.path / graph_name, graph)
        manifest = {"format": FORMAT_VERSION, "graph": graph_name, "shards": shards,
                    "documents": len(all_docs), "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "stats": stats,
                    "alias_rules": alias_rules or []}
        tmp = self.path / f"manifest.json.{run}.tmp"
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.path / MANIFEST)
        _fsync_dir(self.path)
        self._sweep()

    # ------------------------------------------------------------- reading
    def _connect(self, read_only: bool = True):
        m = self._require()
        lb = _lb()
        try:
            db = lb.Database(str(self.path / m["graph"]), read_only=read_only)
        except RuntimeError as e:
            raise KgbuildError(f"cannot open the graph of the store {str(self.path)!r}: {_one_line(e)}") from None
        try:
            return db, lb.Connection(db)
        except BaseException:
            db.close()
            raise

    def query(self, cypher: str, parameters: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run Cypher. Without write=True it must be one read-only statement (kgbuild.cypher_guard), and it runs on
        a read-only connection, which alone would still run LOAD FROM, COPY TO, LOAD EXTENSION and CHECKPOINT.
        (LadybugDB's PreparedStatement::isReadOnly is not in its Python API, and counts LOAD EXTENSION as a read.)"""
        if write:
            with self.writing():
                return self._run(cypher, parameters, read_only=False)
        check_read_query(cypher)
        return self._run(cypher, parameters, read_only=True)

    def _run(self, cypher: str, parameters: dict[str, Any] | None, read_only: bool) -> QueryResult:
        db, conn = self._connect(read_only=read_only)
        try:
            res = conn.execute(cypher, parameters or {})
            if isinstance(res, list):
                res = res[-1]
            return QueryResult(res.get_column_names(), [list(r) for r in res.get_all()])
        except RuntimeError as e:
            if "read-only" in str(e):
                raise WriteRefused() from None
            raise QueryFailed(_one_line(e)) from None
        finally:  # also on error: a caller holding the exception must not hold the database open
            conn.close()
            db.close()

    def read_graph(self) -> nx.MultiDiGraph:
        db, conn = self._connect()
        g = nx.MultiDiGraph()
        try:
            for label in NODE_LABELS:
                props = [p for p, _ in node_props(label)]
                res = conn.execute(f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p}" for p in props))
                for row in res.get_all():
                    d = {p: v for p, v in zip(props, row, strict=True) if v is not None}
                    g.add_node(d["id"], label=label, properties=d)
            for rel, pairs in REL_ENDPOINTS.items():
                props = [p for p, _ in rel_props(rel)]
                for a, b in pairs:
                    res = conn.execute(f"MATCH (a:{a})-[r:{rel}]->(b:{b}) RETURN a.id, b.id, "
                                       + ", ".join(f"r.{p}" for p in props))
                    for row in res.get_all():
                        d = {p: v for p, v in zip(props, row[2:], strict=True) if v is not None}
                        key = d.get("key") or f"{rel}|{row[0]}|{row[1]}"
                        g.add_edge(row[0], row[1], key=key, type=rel, properties=d)
        finally:
            conn.close()
            db.close()
        return g


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


def _arrow_table(columns: list[tuple[str, str]], props: list[dict[str, Any]], lead: dict[str, list[Any]] | None = None):
    """An Arrow table with the store's exact column types (COPY needs them even when all values are null).

    Built column by column from the property dicts (`lead` gives ready-made first columns, the
    endpoints of relationships): no per-row lists, and strings go to Arrow unconverted when they
    already are strings, the common case.
    """
    import pyarrow as pa

    def strings(values: list[Any]):
        try:
            return pa.array(values, type=pa.string())
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # a number or other value: its text, as before
            return pa.array([None if v is None else str(v) for v in values], type=pa.string())

    types = {"STRING[]": pa.list_(pa.string()), "INT64": pa.int64(), "DOUBLE": pa.float64()}
    arrays = [strings(values) for values in (lead or {}).values()]
    for c, t in columns:
        values = [d.get(c) for d in props]
        if t == "STRING":
            arrays.append(strings(values))
            continue
        if t == "STRING[]":
            values = [list(v) if v else [] for v in values]
        arrays.append(pa.array(values, type=types[t]))
    return pa.Table.from_arrays(arrays, names=list(lead or {}) + [c for c, _ in columns])


def write_ladybug(path: Path, graph: nx.MultiDiGraph) -> None:
    """Create a LadybugDB database holding exactly `graph`, with bulk COPY from Arrow tables."""
    lb = _lb()
    # One checkpoint at the end instead of one whenever the WAL fills up during the COPYs: about a
    # third faster on a 1M-word corpus's graph, and the file is complete once closed all the same.
    db = lb.Database(str(path), auto_checkpoint=False)
    conn = lb.Connection(db)
    try:
        for label in NODE_LABELS:
            cols = ", ".join(f"{p} {t}" for p, t in node_props(label))
            conn.execute(f"CREATE NODE TABLE {label}({cols}, PRIMARY KEY (id))")
        for rel, pairs in REL_ENDPOINTS.items():
            ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
            cols = ", ".join(f"{p} {t}" for p, t in rel_props(rel))
            conn.execute(f"CREATE REL TABLE {rel}({ends}, {cols})")
        by_label: dict[str, list[dict[str, Any]]] = {lab: [] for lab in NODE_LABELS}
        label_of: dict[str, str] = {}
        for nid, data in graph.nodes(data=True):
            by_label[data["label"]].append(data["properties"])
            label_of[nid] = data["label"]
        for label, rows in by_label.items():
            if rows:
                arrow_rows = _arrow_table(list(node_props(label)), rows)  # noqa: F841 (COPY reads it by name)
                conn.execute(f"COPY {label} FROM arrow_rows")
        grouped: dict[tuple[str, str, str], tuple[list[str], list[str], list[dict[str, Any]]]] = {}
        for a, b, data in graph.edges(data=True):
            group = grouped.get((data["type"], label_of[a], label_of[b]))
            if group is None:
                group = grouped[(data["type"], label_of[a], label_of[b])] = ([], [], [])
            group[0].append(a)
            group[1].append(b)
            group[2].append(data["properties"])
        for (rel, la, lb_), (froms, tos, rows) in grouped.items():
            arrow_rows = _arrow_table(list(rel_props(rel)), rows, {"from": froms, "to": tos})  # noqa: F841
            if len(REL_ENDPOINTS[rel]) > 1:
                conn.execute(f"COPY {rel} FROM arrow_rows (from='{la}', to='{lb_}')")
            else:
                conn.execute(f"COPY {rel} FROM arrow_rows")
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


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
