#!/usr/bin/env python3
"""The incremental figure: adding 1% new articles to a large store against building that 1% alone.

    python benchmarks/bench_incremental.py                       # 100,000 stored articles, 1% new
    python benchmarks/bench_incremental.py --docs 20000 --runs 3 --json /tmp/kg-incr.json

The stored articles are synthetic extraction shards (benchmarks/gen_shards.py: no spaCy, so that a store of
100,000 articles is set up in minutes), built once into a store with `kgbuild build --from-shards`. Then,
each as a whole `kgbuild` process (CPU seconds of the process, user+system, and wall seconds):

  alone      the next 1% of the same synthetic sequence built into a new store
  add        the same 1% added to a copy of the large store (an incremental build)
  nothing    the same command again on the grown store: nothing new

and the ratio add/alone (the bar: at most 3) and nothing (the bar: under 5 s). Medians of --runs runs.

Those three compare builds from extraction shards on both sides: no parsing anywhere, so the ratio is the store's
own overhead, the strictest form of the figure. The issue that set the bar lets synthetic shards stand in only for
the stored articles: the new 1% are articles, parsed by the model on both sides. So the same three are measured
again with the new documents written out as a JSONL of articles (their synthetic texts, about 54 words each, far
shorter than news, so parsing dilutes the store's overhead less than real articles would): `kgbuild build
articles.jsonl --store ...`. --no-articles skips that part (it needs the spaCy model).

With --series K, K more builds follow on the grown store, each adding the next 1% of the sequence: their CPU
seconds and the size of the graph file after each, against the file of the large store's full build (an
incremental build changes the graph in place, which leaves the file larger; past kgbuild.stores.embedded's
GRAPH_SLACK times its fresh size the graph is laid out afresh).
Everything lives under --work (default /tmp/kg-bench-incr); the large store is reused when it is there.
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(cmd: list[str]) -> dict[str, float]:
    """Run a command as its own process; its CPU seconds (user+system) and wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
            "wall": round(wall, 2)}


def kgbuild(*args: str) -> list[str]:
    return [sys.executable, "-m", "kgbuild", *args]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000, help="articles in the large store")
    ap.add_argument("--percent", type=float, default=1.0, help="new articles, as a percentage of --docs")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", default="/tmp/kg-bench-incr")
    ap.add_argument("--json", help="write the figures to this file as JSON")
    ap.add_argument("--series", type=int, default=0, help="this many more 1%% builds after the runs, one after another")
    ap.add_argument("--no-articles", action="store_true",
                    help="skip the second measure, the new articles as text parsed on both sides")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from gen_shards import write, write_articles

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    new_n = max(1, int(args.docs * args.percent / 100))
    horizon = args.docs + new_n
    tag = f"{args.docs}-{new_n}-s{args.seed}"
    big_shards, new_shards, big = work / f"shards-{tag}", work / f"new-{tag}", work / f"store-{tag}"
    setup = {}
    if not (big / "manifest.json").is_file():
        shutil.rmtree(big_shards, ignore_errors=True)
        shutil.rmtree(new_shards, ignore_errors=True)
        shutil.rmtree(big, ignore_errors=True)
        write(big_shards, args.docs, args.seed, horizon=horizon)
        write(new_shards, new_n, args.seed, start=args.docs, horizon=horizon, prefix="new")
        print(f"building the store of {args.docs} articles (once) ...", file=sys.stderr, flush=True)
        setup = timed(kgbuild("build", "--from-shards", str(big_shards), "--store", str(big), "-q"))
        print(f"  {setup['cpu']} CPU s, {setup['wall']} s", file=sys.stderr, flush=True)
    articles = work / f"articles-{tag}.jsonl"
    if not args.no_articles and not articles.is_file():
        write_articles(articles, new_n, args.seed, start=args.docs, horizon=horizon)
    # the shards last: the series below goes on from the store they grew, as it always has
    sources = {} if args.no_articles else {"articles": [str(articles)]}
    sources["shards"] = ["--from-shards", str(new_shards)]
    measured: dict[str, dict[str, list[dict[str, float]]]] = {}
    for n in range(args.runs):
        for kind, source in sources.items():
            runs = measured.setdefault(kind, {"alone": [], "add": [], "nothing": []})
            alone = work / "alone"
            shutil.rmtree(alone, ignore_errors=True)
            runs["alone"].append(timed(kgbuild("build", *source, "--store", str(alone), "-q")))
            grown = work / "grown"
            shutil.rmtree(grown, ignore_errors=True)
            shutil.copytree(big, grown)
            runs["add"].append(timed(kgbuild("build", *source, "--store", str(grown), "-q")))
            runs["nothing"].append(timed(kgbuild("build", *source, "--store", str(grown), "-q")))
            print(f"run {n + 1}, {kind}: " + ", ".join(f"{k} {v[-1]['cpu']} CPU s / {v[-1]['wall']} s"
                                                        for k, v in runs.items()), file=sys.stderr, flush=True)
    series = []
    if args.series:
        def graph_bytes(store: Path) -> int:
            return (store / json.loads((store / "manifest.json").read_text())["graph"]).stat().st_size

        full = graph_bytes(big)
        print(f"graph file of the full build: {full / 1e6:.0f} MB; after the runs: {graph_bytes(grown) / 1e6:.0f} MB",
              file=sys.stderr, flush=True)
        for k in range(args.series):
            more = work / f"more-{tag}-{k}"
            if not more.is_dir():
                write(more, new_n, args.seed, start=args.docs + new_n * (k + 1), horizon=horizon, prefix=f"more{k}")
            t = timed(kgbuild("build", "--from-shards", str(more), "--store", str(grown), "-q"))
            series.append({**t, "graph_bytes": graph_bytes(grown), "full_build_bytes": full})
            print(f"series {k + 1}: {t['cpu']} CPU s, graph file {series[-1]['graph_bytes'] / 1e6:.0f} MB "
                  f"({series[-1]['graph_bytes'] / full:.2f}x the full build's)", file=sys.stderr, flush=True)
    figures = {kind: _figures(runs) for kind, runs in measured.items()}
    out = {"stored_articles": args.docs, "new_articles": new_n, "runs": args.runs, **figures["shards"],
           "all_runs": measured["shards"], "setup": setup, "series": series}
    if "articles" in figures:
        out["as_articles"] = {**figures["articles"], "all_runs": measured["articles"]}
    what = {"shards": "as extraction shards on both sides (no parsing)",
            "articles": "as articles, parsed on both sides"}
    for kind, f in sorted(figures.items(), key=lambda kv: kv[0] != "articles"):  # the wording first
        med = f["medians"]
        print(f"{new_n} new articles ({args.percent:g}%) added to a store of {args.docs}, {what[kind]}: "
              f"{med['add']['cpu']:.1f} CPU s ({med['add']['wall']:.1f} s wall) against {med['alone']['cpu']:.1f} "
              f"CPU s ({med['alone']['wall']:.1f} s) for the same articles alone: x{f['add_over_alone_cpu']} CPU "
              f"(x{f['add_over_alone_wall']} wall; bar: x3). Re-run with nothing new: {med['nothing']['cpu']:.1f} "
              f"CPU s ({med['nothing']['wall']:.1f} s wall; bar: 5 s). Medians of {args.runs}.")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


def _figures(runs: dict[str, list[dict[str, float]]]) -> dict:
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("cpu", "wall")} for k, v in runs.items()}
    return {"medians": med, "add_over_alone_cpu": round(med["add"]["cpu"] / med["alone"]["cpu"], 2),
            "add_over_alone_wall": round(med["add"]["wall"] / med["alone"]["wall"], 2)}


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
