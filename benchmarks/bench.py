#!/usr/bin/env python3
"""End-to-end bench: raw spaCy `nlp.pipe` (the physical limit of this design) against `kgbuild build`.

    python benchmarks/bench.py --words 1000000 --workers 1
    python benchmarks/bench.py --words 1000000 --workers 2
    python benchmarks/bench.py --corpus my.jsonl --workers 2 --neo4j

On the same texts, model and number of processes it measures, each in a fresh process:

  bare     spacy.load(model) with the components kgbuild disables, nlp.pipe (for information)
  raw      kgbuild.extract.nlp.load_pipeline(model): the exact pipeline kgbuild runs (kgbuild's
           EntityRuler and line-break component included), nlp.pipe with n_process=workers
  kgbuild  kgbuild.api.build(corpus, store=<fresh embedded store>, workers=workers): ingest,
           extract, resolve, assemble, store

and prints words/second for each (model loading included: it is part of both runs), the seconds of
each kgbuild stage, the peak memory (RSS summed over the process and all its workers, sampled every
0.1 s), the rows written to the store per second, and last the ratio kgbuild / raw spaCy.

The corpus is made by benchmarks/gen_corpus.py (seeded, under --tmp, /tmp/kg-bench by default) unless
--corpus names one. With --neo4j the built graph is also loaded into the Neo4j server the test suite
starts (tests/neo4j/server.py), twice: a first load and an idempotent re-load.
The machine may be shared: run twice and read the figures as ±10 %.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------ memory
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


TICK = os.sysconf("SC_CLK_TCK")


def tree_usage(pid: int) -> tuple[int, dict[int, float]]:
    """Resident bytes of a process and all its descendants, and the CPU seconds of each so far."""
    kids = _children_map()
    todo, total, cpu = [pid], 0, {}
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
            with open(f"/proc/{p}/stat", "rb") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(b")") + 2:].split()
            cpu[p] = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime of this process alone
        except (OSError, ValueError, IndexError):
            pass
        todo.extend(kids.get(p, []))
    return total, cpu


class PeakSampler(threading.Thread):
    """Samples the process tree every 0.1 s: peak summed RSS, and CPU seconds of every process seen
    (forkserver pool workers are not children the parent waits for, so rusage would miss them)."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.cpu_by_pid: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss, cpu = tree_usage(self.pid)
            self.peak = max(self.peak, rss)
            for p, c in cpu.items():
                self.cpu_by_pid[p] = max(c, self.cpu_by_pid.get(p, 0.0))
            self.stop.wait(self.every)

    @property
    def cpu(self) -> float:
        return sum(self.cpu_by_pid.values())


# ------------------------------------------------------------------ measurements (run in a child process)
def _texts(corpus: str):
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)["text"]


def run_spacy(corpus: str, model: str | None, workers: int, batch_size: int, kgbuild_pipeline: bool) -> dict:
    t0 = time.perf_counter()
    if kgbuild_pipeline:
        from kgbuild.extract.nlp import load_pipeline

        nlp = load_pipeline(model)
    else:
        import spacy

        from kgbuild.extract.nlp import USED_COMPONENTS, available_model

        nlp = spacy.load(available_model(model), exclude=["senter"])
        for pipe in list(nlp.pipe_names):
            if pipe not in USED_COMPONENTS:
                nlp.disable_pipe(pipe)
    t_load = time.perf_counter() - t0
    n = tokens = 0
    for doc in nlp.pipe(_texts(corpus), batch_size=batch_size, n_process=workers):
        n += 1
        tokens += len(doc)
    return {"seconds": time.perf_counter() - t0, "load": t_load, "docs": n, "tokens": tokens,
            "pipeline": [p for p in nlp.pipe_names]}


def run_kgbuild(corpus: str, model: str | None, workers: int, batch_size: int, store: str) -> dict:
    import kgbuild.stores.embedded as embedded
    from kgbuild import api

    shutil.rmtree(store, ignore_errors=True)
    write = {"seconds": 0.0, "rows": 0}
    original = embedded.write_ladybug

    def timed_write(path, graph):  # the database write alone, for rows/s
        t = time.perf_counter()
        original(path, graph)
        write["seconds"] += time.perf_counter() - t
        write["rows"] += graph.number_of_nodes() + graph.number_of_edges()

    embedded.write_ladybug = timed_write
    t0 = time.perf_counter()
    result = api.build([corpus], store, model=model, workers=workers, batch_size=batch_size)
    total = time.perf_counter() - t0
    embedded.write_ladybug = original
    return {"seconds": total, "stages": result.seconds, "docs": result.documents_extracted,
            "nodes": dict(result.nodes), "relationships": dict(result.relationships),
            "write_seconds": write["seconds"], "write_rows": write["rows"], "skipped": len(result.skipped)}


def run_neo4j(store: str) -> dict:
    """Load the built graph into the test suite's real Neo4j, twice (first load, idempotent re-load)."""
    sys.path.insert(0, str(ROOT))
    from kgbuild import api

    if not hasattr(api, "load"):
        return {"todo": "kgbuild.api.load does not exist yet (the Neo4j loader is being written)"}
    from tests.neo4j.server import start_neo4j

    t = time.perf_counter()
    server = start_neo4j()
    out: dict = {"server_start": time.perf_counter() - t}
    try:
        for name in ("first", "reload"):
            t = time.perf_counter()
            res = api.load(store, api.neo4j_store(uri=server.uri, user=server.user, password=server.password))
            total = time.perf_counter() - t
            c, u, k = res.totals("nodes")
            rc, ru, rk = res.totals("relationships")
            out[name] = {"seconds": total, "server_seconds": res.seconds, "batches": res.batches,
                         "rows": res.graph_nodes + res.graph_relationships,
                         "created": c + rc, "updated": u + ru, "unchanged": k + rk}
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
    finally:
        server.stop()
    return out


def child(argv: list[str]) -> None:
    mode, corpus, model, workers, batch, store = argv
    model = model or None
    workers, batch = int(workers), int(batch)
    if mode == "bare":
        res = run_spacy(corpus, model, workers, batch, kgbuild_pipeline=False)
    elif mode == "raw":
        res = run_spacy(corpus, model, workers, batch, kgbuild_pipeline=True)
    elif mode == "kgbuild":
        res = run_kgbuild(corpus, model, workers, batch, store)
    elif mode == "neo4j":
        res = run_neo4j(store)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print("RESULT " + json.dumps(res))


# ------------------------------------------------------------------ parent
def measure(mode: str, corpus: str, model: str | None, workers: int, batch: int, store: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", mode, corpus, model or "", str(workers),
           str(batch), store]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
    sampler = PeakSampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {mode} failed with status {proc.returncode}")
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    res = json.loads(line[len("RESULT "):])
    res["peak_rss"] = sampler.peak
    # CPU seconds of the process and its workers: less sensitive than wall time to other work on a
    # shared machine (the last 0.1 s of each process may be missed).
    res["cpu"] = sampler.cpu
    return res


def corpus_words(corpus: str) -> tuple[int, int]:
    words = docs = 0
    for text in _texts(corpus):
        words += len(text.split())
        docs += 1
    return words, docs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_child":
        child(argv[1:])
        return 0
    ap = argparse.ArgumentParser(description="raw spaCy nlp.pipe vs kgbuild build, end to end")
    ap.add_argument("--words", type=int, default=100_000, help="size of the generated corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", help="a JSONL corpus to use instead of a generated one")
    ap.add_argument("--workers", type=int, default=1, help="processes (kgbuild --workers, spaCy n_process)")
    ap.add_argument("--batch-size", type=int, default=50, help="documents per nlp.pipe batch (both sides)")
    ap.add_argument("--model", default=None, help="spaCy model (default: kgbuild's default)")
    ap.add_argument("--tmp", default="/tmp/kg-bench", help="where corpora and the store go (not the repo)")
    ap.add_argument("--only", default="bare,raw,kgbuild", help="comma-separated subset of bare,raw,kgbuild")
    ap.add_argument("--neo4j", action="store_true", help="also load the built graph into the test suite's Neo4j")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the measurements this many times, alternating, and keep each one's fastest run")
    ap.add_argument("--json", help="also write all figures to this JSON file")
    args = ap.parse_args(argv)

    tmp = Path(args.tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if corpus is None:
        corpus = str(tmp / f"corpus-{args.words}-s{args.seed}.jsonl")
        if not Path(corpus).exists():
            subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--words", str(args.words), "--seed",
                            str(args.seed), "-o", corpus + ".part"], check=True)
            os.replace(corpus + ".part", corpus)
    words, docs = corpus_words(corpus)
    store = str(tmp / f"store-{Path(corpus).stem}-w{args.workers}")
    modes = [m for m in ("bare", "raw", "kgbuild") if m in args.only.split(",")]
    print(f"corpus {corpus}: {docs} documents, {words} words; workers {args.workers}, batch size {args.batch_size}, "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}", flush=True)
    results: dict[str, dict] = {}
    for run in range(args.repeat):
        for mode in modes:
            res = measure(mode, corpus, args.model, args.workers, args.batch_size, store)
            res["runs"] = results.get(mode, {}).get("runs", []) + [round(res["seconds"], 2)]
            if mode not in results or res["seconds"] < results[mode]["seconds"]:
                results[mode] = res
            else:
                results[mode]["runs"] = res["runs"]
            wps = words / res["seconds"]
            extra = f", pipeline {'+'.join(res['pipeline'])}" if "pipeline" in res and run == 0 else ""
            load = f", model load {res['load']:.1f} s" if "load" in res else ""
            print(f"{mode:8s} {res['seconds']:8.1f} s  {wps:9,.0f} words/s  CPU {res['cpu']:7.1f} s  "
                  f"peak RSS {res['peak_rss'] / 2**20:7,.0f} MiB{load}{extra}", flush=True)
    if "kgbuild" in results:
        k = results["kgbuild"]
        st = k["stages"]
        order = ["load", "ingest", "extract", "resolve", "assemble", "store"]
        stages = "  ".join(f"{s} {st[s]:.2f}" for s in order + sorted(set(st) - set(order)) if s in st)
        print(f"kgbuild stages (s): {stages}")
        rows = sum(k["nodes"].values()) + sum(k["relationships"].values())
        print(f"kgbuild graph: {sum(k['nodes'].values())} nodes, {sum(k['relationships'].values())} relationships "
              f"({', '.join(f'{n} {c}' for n, c in sorted(k['nodes'].items()))})")
        if k["write_seconds"]:
            print(f"store: {k['write_rows']} rows in {k['write_seconds']:.2f} s = "
                  f"{k['write_rows'] / k['write_seconds']:,.0f} rows/s into LadybugDB (COPY FROM Arrow); "
                  f"whole store stage {rows / st['store']:,.0f} rows/s with shards and manifest")
    if args.neo4j:
        neo = results["neo4j"] = measure("neo4j", corpus, args.model, args.workers, args.batch_size, store)
        if "todo" in neo or "error" in neo:
            print(f"neo4j: {neo.get('todo') or neo.get('error')}")
        else:
            for name in ("first", "reload"):
                r = neo[name]
                print(f"neo4j {name:6s} load: {r['rows']} rows in {r['server_seconds']:.2f} s = "
                      f"{r['rows'] / r['server_seconds']:,.0f} rows/s ({r['batches']} batches; {r['created']} created, "
                      f"{r['updated']} updated, {r['unchanged']} unchanged); with reading the store "
                      f"{r['seconds']:.2f} s", flush=True)
    if "kgbuild" in results and "raw" in results:
        raw, kg = results["raw"], results["kgbuild"]
        best = " (fastest of each)" if args.repeat > 1 else ""
        print(f"load average now {os.getloadavg()[0]:.2f}; CPU-time ratio raw/kgbuild {raw['cpu'] / kg['cpu']:.3f}")
        print(f"ratio kgbuild / raw spaCy (throughput){best}: {raw['seconds'] / kg['seconds']:.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"corpus": corpus, "words": words, "docs": docs,
                                               "workers": args.workers, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
