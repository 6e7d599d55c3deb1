#!/usr/bin/env python3
"""kgbuild against the physical limit of its design, the model's stock spaCy pipeline.

    python benchmarks/bench.py                          # 150,000 words, 3 runs of each, the whole table
    python benchmarks/bench.py --json out.json --compare last.json
    python benchmarks/bench.py --quick                  # a smoke test: tiny corpus, one run of each

Every figure comes from whole processes started afresh (model loading included on both sides), on the
same texts (benchmarks/gen_corpus.py, seeded; under --tmp), with the same model. Each run alternates
the sides, so that both sides of a ratio see the same load on a shared machine; the figures are the
medians of --runs runs. CPU seconds (user + system of the process and all its workers) are the measure
of throughput; wall seconds only where the question is parallelism (--workers 2).

  stock      spacy.load(model) and nlp.pipe over the texts: the full stock pipeline, no kgbuild part.
             Whole process, and pipe-only (the nlp.pipe loop alone, inside the same process).
  stocknp    the stock pipeline with the matrix products kgbuild uses (numpy's OpenBLAS on one thread instead
             of thinc's BLIS; see kgbuild.extract.nlp): the same model and components, no kgbuild part. kgbuild
             against it shows what kgbuild's own work costs, apart from the faster matrix products.
  kgpipe     kgbuild's pipeline (kgbuild.extract.nlp.load_pipeline: the same model with kgbuild's ruler
             and line-break components) and nlp.pipe: whole process and pipe-only.
  kgbuild    `kgbuild build CORPUS --store NEW` as a command (python -m kgbuild): ingest, parse,
             extract, resolve, assemble, write the store. One worker.
  workers    the same command with --workers 2 (and 1 for the ratio): wall seconds, with the load average.
  stages     one more kgbuild build in a process that times its stages (ingest, nlp, each extraction
             pass, resolve, assemble, store write) and the model and gazetteer loading.
  growth     kgbuild build on --growth SMALL,BIG words (default 100,000 and 1,000,000) with
             --growth-workers (2): CPU and wall seconds, and peak memory (RSS summed over the process
             tree, sampled every 0.1 s) of the big one.
  incremental  benchmarks/bench_incremental.py, when the file exists (its own figures and JSON).

Prints a table and, with --json FILE, writes every figure; --compare FILE prints the change of each
figure against an earlier --json file.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
FORMAT = 2  # of the JSON file


# ------------------------------------------------------------------ process tree: memory and CPU
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


class TreeSampler(threading.Thread):
    """Samples a process tree every 0.1 s: the peak of its summed RSS, and the CPU seconds of every process
    seen (pool workers of a forkserver are not children the command waits for, so rusage may miss them)."""

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


def run_process(cmd: list[str], env: dict | None = None) -> dict:
    """Run a command as a fresh process: CPU seconds (rusage of it and the children it waited for, or the
    sampled process tree when that saw more), wall seconds, peak RSS of the tree, and its RESULT line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT),
                            env={**os.environ, **(env or {})})
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed with status {proc.returncode}:\n{err[-2000:]}")
    rusage = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    res: dict = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            res = json.loads(line[len("RESULT "):])
    res.update(cpu=round(max(rusage, sampler.cpu), 2), wall=round(wall, 2), peak_rss_mb=round(sampler.peak / 2**20))
    return res


# ------------------------------------------------------------------ what runs inside the measured processes
def _texts(corpus: str):
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)["text"]


def child_pipe(corpus: str, model: str, mode: str, batch_size: int) -> dict:
    """spaCy's nlp.pipe over the texts, with the stock pipeline (on thinc's default ops, or on numpy's: stocknp)
    or kgbuild's; pipe-only CPU seconds too."""
    import contextlib

    threads = contextlib.nullcontext()
    if mode == "kgpipe":
        from kgbuild.extract.nlp import load_pipeline, one_blas_thread

        nlp, threads = load_pipeline(model), one_blas_thread()
    elif mode == "stocknp":
        import spacy
        from thinc.api import use_ops
        from threadpoolctl import threadpool_limits

        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(model)
        threads = threadpool_limits(1, user_api="blas")
    else:
        import spacy

        nlp = spacy.load(model)
    texts = list(_texts(corpus))
    c0, t0 = time.process_time(), time.perf_counter()
    with threads:
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return {"pipe_cpu": round(time.process_time() - c0, 2), "pipe_wall": round(time.perf_counter() - t0, 2),
            "tokens": tokens, "pipeline": list(nlp.pipe_names)}


def child_stages(corpus: str, model: str, store: str, batch_size: int) -> dict:
    """One build in this process, its stages timed (CPU seconds; the build's own wall seconds beside)."""
    from kgbuild import api, gazetteer
    from kgbuild.extract import Extractor, nlp as nlp_mod
    from kgbuild.extract import patterns as patterns_mod
    from kgbuild.extract.docindex import DocIndex
    from kgbuild.extract.entities import EntityFinder
    from kgbuild.extract.relations import RelationFinder

    cpu: dict[str, float] = {}

    def timed(owner, name: str, label: str, static: bool = False) -> None:
        fn = getattr(owner, name)  # a class's static or class method comes bound: it is called as it is

        def wrapper(*a, **k):
            c = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                cpu[label] = cpu.get(label, 0.0) + time.process_time() - c

        setattr(owner, name, staticmethod(wrapper) if static else wrapper)

    def timed_iter(owner, name: str, label: str) -> None:
        fn = getattr(owner, name)

        def wrapper(*a, **k):
            it = fn(*a, **k)
            while True:
                c = time.process_time()
                try:
                    item = next(it)
                except StopIteration:
                    cpu[label] = cpu.get(label, 0.0) + time.process_time() - c
                    return
                cpu[label] = cpu.get(label, 0.0) + time.process_time() - c
                yield item

        setattr(owner, name, wrapper)

    nlp_mod.load_pipeline.cache_clear()
    original_load = nlp_mod.load_pipeline

    def load(model=None):
        g = time.process_time()
        gazetteer.get_gazetteer()
        c = time.process_time()
        cpu["gazetteer load"] = cpu.get("gazetteer load", 0.0) + c - g
        nlp = original_load(model)
        cpu["model + ruler load"] = cpu.get("model + ruler load", 0.0) + time.process_time() - c
        return nlp

    import kgbuild.extract.extractor as extractor_mod
    extractor_mod.load_pipeline = load
    timed_iter(Extractor, "_parse", "nlp (spaCy + kgbuild components)")
    timed(EntityFinder, "find", "entities")
    timed(DocIndex, "build", "doc index", static=True)
    timed(RelationFinder, "find", "relations (all)")
    timed(patterns_mod.PatternMatcher, "__call__", "relation patterns (part of relations)")
    import kgbuild.assemble
    import kgbuild.resolve
    for module, name, label in ((kgbuild.resolve, "resolve_mentions", "resolve"),
                                (kgbuild.assemble, "assemble_graph", "assemble")):
        if hasattr(module, name):  # looked up by the build at call time
            timed(module, name, label)
    shutil.rmtree(store, ignore_errors=True)
    c0 = time.process_time()
    result = api.build([corpus], store, model=model, workers=1, batch_size=batch_size)
    total = time.process_time() - c0
    return {"stage_cpu": cpu, "build_cpu": round(total, 2), "build_stages_wall": {k: round(v, 2) for k, v in result.seconds.items()},
            "documents": result.documents_extracted, "nodes": sum(result.nodes.values()),
            "relationships": sum(result.relationships.values())}


def child(argv: list[str]) -> None:
    mode, corpus, model, batch, store = argv
    if mode in ("stock", "stocknp", "kgpipe"):
        res = child_pipe(corpus, model, mode, int(batch))
    elif mode == "stages":
        res = child_stages(corpus, model, store, int(batch))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print("RESULT " + json.dumps(res), flush=True)


# ------------------------------------------------------------------ the parent
def make_corpus(tmp: Path, words: int, seed: int) -> str:
    path = tmp / f"corpus-{words}-s{seed}.jsonl"
    if not path.exists():
        part = str(path) + ".part"
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--words", str(words), "--seed", str(seed),
                        "-o", part], check=True, stdout=subprocess.DEVNULL)
        os.replace(part, path)
    return str(path)


def corpus_size(corpus: str) -> tuple[int, int]:
    words = docs = 0
    for text in _texts(corpus):
        words += len(text.split())
        docs += 1
    return words, docs


class Bench:
    def __init__(self, args: argparse.Namespace, model: str) -> None:
        self.args, self.model = args, model
        self.tmp = Path(args.tmp)

    def child_cmd(self, mode: str, corpus: str, store: str = "") -> list[str]:
        return [sys.executable, str(Path(__file__).resolve()), "--_child", mode, corpus, self.model,
                str(self.args.batch_size), store]

    def kgbuild(self, corpus: str, workers: int, tag: str) -> dict:
        store = self.tmp / f"store-{tag}"
        shutil.rmtree(store, ignore_errors=True)
        res = run_process([sys.executable, "-m", "kgbuild", "build", corpus, "--store", str(store), "--model",
                           self.model, "--workers", str(workers), "--batch-size", str(self.args.batch_size), "-q"])
        shutil.rmtree(store, ignore_errors=True)
        res["load"] = round(os.getloadavg()[0], 2)
        return res


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def flatten(d: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = v
    return out


def compare(now: dict, last_path: str) -> None:
    last = json.loads(Path(last_path).read_text(encoding="utf-8"))
    a, b = flatten(last.get("summary", {})), flatten(now["summary"])
    print(f"\nchange against {last_path} ({last.get('when', '?')}):")
    for k in b:
        if k in a:
            old, new = a[k], b[k]
            rel = f" ({(new - old) / old:+.1%})" if old else ""
            print(f"  {k:45s} {old:>12,.2f} -> {new:>12,.2f}{rel}")
        else:
            print(f"  {k:45s} {'(new)':>12s} -> {b[k]:>12,.2f}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_child":
        child(argv[1:])
        return 0
    ap = argparse.ArgumentParser(description="kgbuild build against the model's stock spaCy pipeline, whole "
                                             "processes; stage times, workers, growth, memory, incremental.")
    ap.add_argument("--words", type=int, default=150_000, help="size of the generated corpus [150000]")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", help="a JSONL corpus to use instead of a generated one")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement; medians are reported [3]")
    ap.add_argument("--batch-size", type=int, default=50, help="documents per nlp.pipe batch, both sides [50]")
    ap.add_argument("--model", default=None, help="spaCy model (default: the one kgbuild picks)")
    ap.add_argument("--tmp", default="/tmp/kg-bench", help="where corpora and stores go (not the repo)")
    ap.add_argument("--growth", default="100000,1000000",
                    help="SMALL,BIG words for the growth and memory figures; 'none' skips them [100000,1000000]")
    ap.add_argument("--growth-workers", type=int, default=2, help="workers for the growth runs [2]")
    ap.add_argument("--no-workers", action="store_true", help="skip the --workers 2 runs")
    ap.add_argument("--incremental-args", default="",
                    help="arguments for benchmarks/bench_incremental.py (default: its own defaults)")
    ap.add_argument("--no-incremental", action="store_true", help="skip benchmarks/bench_incremental.py")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 3,000 words, one run, no growth, a small incremental run")
    ap.add_argument("--json", help="write every figure to this JSON file")
    ap.add_argument("--compare", help="print the change of each figure against this earlier --json file")
    args = ap.parse_args(argv)
    if args.quick:
        args.words, args.runs, args.growth = min(args.words, 3000), 1, "none"
        args.incremental_args = args.incremental_args or "--docs 200 --runs 1"

    sys.path.insert(0, str(ROOT))
    from kgbuild.extract.nlp import available_model

    model = available_model(args.model)
    tmp = Path(args.tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus or make_corpus(tmp, args.words, args.seed)
    words, docs = corpus_size(corpus)
    bench = Bench(args, model)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"corpus {corpus}: {docs} documents, {words:,} words; model {model}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}; {args.runs} run(s) of each", flush=True)

    runs: dict[str, list[dict]] = {"stock": [], "stocknp": [], "kgpipe": [], "kgbuild": [], "kgbuild_w1": [],
                                   "kgbuild_w2": []}
    for n in range(args.runs):
        runs["stock"].append(run_process(bench.child_cmd("stock", corpus)))
        runs["stocknp"].append(run_process(bench.child_cmd("stocknp", corpus)))
        runs["kgpipe"].append(run_process(bench.child_cmd("kgpipe", corpus)))
        runs["kgbuild"].append(bench.kgbuild(corpus, 1, "w1"))
        if not args.no_workers:
            # the workers ratio: one and two workers back to back, wall seconds
            runs["kgbuild_w1"].append(runs["kgbuild"][-1])
            runs["kgbuild_w2"].append(bench.kgbuild(corpus, 2, "w2"))
        s, p, k = runs["stock"][-1], runs["kgpipe"][-1], runs["kgbuild"][-1]
        w2 = f", --workers 2 {runs['kgbuild_w2'][-1]['wall']:.1f} s wall" if runs["kgbuild_w2"] else ""
        print(f"run {n + 1}: stock {s['cpu']:.1f} CPU s (pipe {s['pipe_cpu']:.1f}), on numpy "
              f"{runs['stocknp'][-1]['cpu']:.1f} (pipe {runs['stocknp'][-1]['pipe_cpu']:.1f}), kgbuild pipeline "
              f"{p['cpu']:.1f} (pipe {p['pipe_cpu']:.1f}), kgbuild build {k['cpu']:.1f} CPU s / {k['wall']:.1f} s "
              f"wall{w2}; load {k['load']:.2f}", flush=True)

    def med(mode: str, key: str) -> float:
        return median([r[key] for r in runs[mode]])

    summary: dict = {"words": words, "documents": docs}
    stock_cpu, kg_cpu = med("stock", "cpu"), med("kgbuild", "cpu")
    summary["whole_process"] = {
        "stock_cpu_s": stock_cpu, "kgbuild_pipeline_cpu_s": med("kgpipe", "cpu"), "kgbuild_build_cpu_s": kg_cpu,
        "stock_words_per_cpu_s": round(words / stock_cpu), "kgbuild_words_per_cpu_s": round(words / kg_cpu),
        "kgbuild_over_stock_throughput": round(stock_cpu / kg_cpu, 3),
        "kgbuild_cpu_over_stock": round(kg_cpu / stock_cpu, 3),
        "kgbuild_build_wall_s": med("kgbuild", "wall"), "kgbuild_peak_rss_mb": med("kgbuild", "peak_rss_mb"),
        "stock_peak_rss_mb": med("stock", "peak_rss_mb"),
        "stock_numpy_cpu_s": med("stocknp", "cpu"),
        "kgbuild_over_stock_numpy_throughput": round(med("stocknp", "cpu") / kg_cpu, 3)}
    summary["pipe_only"] = {
        "stock_cpu_s": med("stock", "pipe_cpu"), "kgbuild_pipeline_cpu_s": med("kgpipe", "pipe_cpu"),
        "kgbuild_pipeline_over_stock_throughput": round(med("stock", "pipe_cpu") / med("kgpipe", "pipe_cpu"), 3),
        "stock_numpy_cpu_s": med("stocknp", "pipe_cpu")}
    if runs["kgbuild_w2"]:
        ratios = [a["wall"] / b["wall"] for a, b in zip(runs["kgbuild_w1"], runs["kgbuild_w2"])]
        summary["workers"] = {"w1_wall_s": med("kgbuild_w1", "wall"), "w2_wall_s": med("kgbuild_w2", "wall"),
                              "w2_over_w1_speedup": median(ratios), "w2_cpu_s": med("kgbuild_w2", "cpu"),
                              "w2_peak_rss_mb": med("kgbuild_w2", "peak_rss_mb"),
                              "load_average": median([r["load"] for r in runs["kgbuild_w2"]])}

    stages = run_process(bench.child_cmd("stages", corpus, str(tmp / "store-stages")))
    summary["stages_cpu_s"] = {k: round(v, 2) for k, v in stages["stage_cpu"].items()}
    summary["stages_wall_s"] = stages.get("build_stages_wall", {})
    graph = {"nodes": stages.get("nodes"), "relationships": stages.get("relationships")}

    if args.growth != "none":
        small_words, big_words = (int(x) for x in args.growth.split(","))
        g = {}
        for label, size in (("small", small_words), ("big", big_words)):
            c = make_corpus(tmp, size, args.seed)
            w, _ = corpus_size(c)
            r = bench.kgbuild(c, args.growth_workers, f"growth-{label}")
            g[label] = {"words": w, "cpu_s": r["cpu"], "wall_s": r["wall"], "peak_rss_mb": r["peak_rss_mb"],
                        "load_average": r["load"]}
            print(f"growth {label}: {w:,} words, --workers {args.growth_workers}: {r['cpu']:.1f} CPU s, "
                  f"{r['wall']:.1f} s wall, peak RSS {r['peak_rss_mb']:,} MB; load {r['load']:.2f}", flush=True)
        words_x = g["big"]["words"] / g["small"]["words"]
        g["words_ratio"] = round(words_x, 2)
        g["cpu_ratio"] = round(g["big"]["cpu_s"] / g["small"]["cpu_s"], 2)
        g["wall_ratio"] = round(g["big"]["wall_s"] / g["small"]["wall_s"], 2)
        g["workers"] = args.growth_workers
        summary["growth"] = g

    incremental: dict = {"skipped": "--no-incremental"} if args.no_incremental else {}
    script = HERE / "bench_incremental.py"
    if not args.no_incremental and not script.exists():
        incremental = {"skipped": "benchmarks/bench_incremental.py does not exist"}
    elif not args.no_incremental:
        out_json = tmp / "incremental.json"
        out_json.unlink(missing_ok=True)
        cmd = [sys.executable, str(script), *args.incremental_args.split(), "--json", str(out_json)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT))
        if proc.returncode != 0 or not out_json.exists():
            incremental = {"error": f"status {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-500:]}"}
        else:
            incremental = json.loads(out_json.read_text(encoding="utf-8"))
            incremental["printed"] = proc.stdout.strip().splitlines()
    if "medians" in incremental:
        summary["incremental"] = {k: v for k, v in incremental.items()
                                  if k in ("stored_articles", "new_articles", "medians", "add_over_alone_cpu",
                                           "add_over_alone_wall")}
        if "as_articles" in incremental:
            summary["incremental"]["as_articles"] = {k: v for k, v in incremental["as_articles"].items()
                                                     if k != "all_runs"}

    report(summary, graph, incremental)
    result = {"format": FORMAT, "when": started, "model": model, "corpus": corpus, "cores": os.cpu_count(),
              "load_average_end": round(os.getloadavg()[0], 2), "summary": summary, "runs": runs,
              "stages": stages, "incremental": incremental}
    if args.compare:
        compare(result, args.compare)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def report(s: dict, graph: dict, incremental: dict) -> None:
    w, p = s["whole_process"], s["pipe_only"]
    print(f"\n{s['words']:,} words, {s['documents']} documents; medians; CPU seconds (user+system, all processes)")
    print(f"{'':34s}{'CPU s':>9s}{'words/CPU s':>13s}{'vs stock':>10s}")
    print(f"{'stock pipeline, whole process':34s}{w['stock_cpu_s']:9.1f}{w['stock_words_per_cpu_s']:13,}{1:10.2f}")
    if "stock_numpy_cpu_s" in w:
        print(f"{'stock pipeline on numpy, whole':34s}{w['stock_numpy_cpu_s']:9.1f}"
              f"{round(s['words'] / w['stock_numpy_cpu_s']):13,}{w['stock_cpu_s'] / w['stock_numpy_cpu_s']:10.2f}")
    print(f"{'kgbuild pipeline, whole process':34s}{w['kgbuild_pipeline_cpu_s']:9.1f}"
          f"{round(s['words'] / w['kgbuild_pipeline_cpu_s']):13,}{w['stock_cpu_s'] / w['kgbuild_pipeline_cpu_s']:10.2f}")
    print(f"{'kgbuild build, whole process':34s}{w['kgbuild_build_cpu_s']:9.1f}{w['kgbuild_words_per_cpu_s']:13,}"
          f"{w['kgbuild_over_stock_throughput']:10.2f}   (bar 0.85; CPU x{w['kgbuild_cpu_over_stock']}, bar 1.18)")
    print(f"{'stock pipeline, nlp.pipe only':34s}{p['stock_cpu_s']:9.1f}{round(s['words'] / p['stock_cpu_s']):13,}"
          f"{1:10.2f}")
    if "stock_numpy_cpu_s" in p:
        print(f"{'stock pipeline on numpy, pipe only':34s}{p['stock_numpy_cpu_s']:9.1f}"
              f"{round(s['words'] / p['stock_numpy_cpu_s']):13,}{p['stock_cpu_s'] / p['stock_numpy_cpu_s']:10.2f}")
    print(f"{'kgbuild pipeline, nlp.pipe only':34s}{p['kgbuild_pipeline_cpu_s']:9.1f}"
          f"{round(s['words'] / p['kgbuild_pipeline_cpu_s']):13,}{p['kgbuild_pipeline_over_stock_throughput']:10.2f}")
    if "kgbuild_over_stock_numpy_throughput" in w:
        print(f"kgbuild build against the stock pipeline on the same (numpy) matrix products: "
              f"x{w['kgbuild_over_stock_numpy_throughput']} (what kgbuild's own work costs)")
    print(f"kgbuild build: {w['kgbuild_build_wall_s']:.1f} s wall, peak RSS {w['kgbuild_peak_rss_mb']:,} MB "
          f"(stock {w['stock_peak_rss_mb']:,} MB); graph {graph['nodes']} nodes, {graph['relationships']} relationships")
    if "workers" in s:
        k = s["workers"]
        print(f"--workers 2: {k['w2_wall_s']:.1f} s wall against {k['w1_wall_s']:.1f} s with one: "
              f"x{k['w2_over_w1_speedup']} (bar 1.7; load average {k['load_average']}); peak RSS {k['w2_peak_rss_mb']:,} MB")
    print("stages, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in s["stages_cpu_s"].items()))
    if s.get("stages_wall_s"):
        print("stages as the build times them, wall s: " + ", ".join(f"{k} {v:.2f}" for k, v in s["stages_wall_s"].items()))
    if "growth" in s:
        g = s["growth"]
        print(f"growth: x{g['words_ratio']} the words took x{g['cpu_ratio']} the CPU time (x{g['wall_ratio']} wall; "
              f"bar: at most 1.1 x the words ratio); --workers {g['workers']} on {g['big']['words']:,} words: "
              f"peak RSS {g['big']['peak_rss_mb']:,} MB (bar 2,048)")
    if "medians" in incremental:
        for line in incremental.get("printed") or [json.dumps(incremental["medians"])]:
            print("incremental: " + line)
    elif incremental:
        print(f"incremental: {incremental.get('skipped') or incremental.get('error')}")


if __name__ == "__main__":
    sys.exit(main())
