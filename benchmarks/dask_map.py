#!/usr/bin/env python3
"""Run kgbuild's map step (extraction) on Dask, writing DocExtraction shards for the reduce step.

    pip install '.[dask]'
    python benchmarks/dask_map.py /tmp/kg-bench/corpus-100000-s7.jsonl --shards /tmp/kg-shards --workers 2
    kgbuild build --from-shards /tmp/kg-shards --store /tmp/kg-dask

The JSONL corpus is cut into blocks of lines (dask.bag.read_text, --blocksize); each block is one
task that parses its lines as `kgbuild build` would, extracts them with the model (loaded once per
worker process and reused by its later tasks) and writes one shard, DIR/dask-00000.jsonl, ...
Each shard appears whole or not at all, so a failed task can simply be run again.

--scheduler processes (default) uses Dask's local process pool. --scheduler distributed starts a
dask.distributed LocalCluster (pip install distributed); point --address at a running scheduler
(`dask scheduler` + `dask worker` on other machines, sharing the corpus and the shard folder, e.g.
over NFS or object storage via fsspec paths) to run the same map step on a cluster.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def extract_block(lines: list[str], index: int, where: str, shards: str, model: str | None, batch_size: int,
                  prefix: str) -> tuple[int, list[str]]:
    """One Dask task: a block of JSONL lines in, one shard file out. Returns (documents, skipped)."""
    from kgbuild.ingest import document_from_jsonl_line
    from kgbuild.shards import extract_shard

    skipped: list[str] = []
    docs = []
    for n, line in enumerate(lines, 1):
        doc = document_from_jsonl_line(line.encode("utf-8", "surrogatepass"), f"{where}#block{index}:{n}",
                                       lambda s: skipped.append(str(s)), feed=where)
        if doc is not None:
            docs.append(doc)
    written = extract_shard(docs, Path(shards) / f"{prefix}-{index:05d}.jsonl", model=model, batch_size=batch_size)
    return written, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="kgbuild's map step on Dask: JSONL corpus -> extraction shards")
    ap.add_argument("corpus", nargs="+", help="JSONL corpus files (local paths or fsspec URLs)")
    ap.add_argument("--shards", required=True, help="folder the shards are written into")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (each loads the model once)")
    ap.add_argument("--blocksize", default="2MB", help="bytes of JSONL per task (one shard per task)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--prefix", default="dask")
    ap.add_argument("--scheduler", choices=("processes", "distributed"), default="processes")
    ap.add_argument("--address", help="with --scheduler distributed: a running scheduler instead of a LocalCluster")
    args = ap.parse_args(argv)

    import dask
    import dask.bag as db

    Path(args.shards).mkdir(parents=True, exist_ok=True)
    for old in Path(args.shards).glob(f"{args.prefix}-*.jsonl*"):
        old.unlink()  # a re-run replaces the shards of its prefix
    tasks = []
    for path in args.corpus:
        blocks = db.read_text(path, blocksize=args.blocksize).to_delayed()
        for block in blocks:
            tasks.append(dask.delayed(extract_block)(block, len(tasks), path, args.shards, args.model,
                                                     args.batch_size, args.prefix))
    t0 = time.perf_counter()
    if args.scheduler == "distributed":
        from dask.distributed import Client, LocalCluster

        cluster = None if args.address else LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                         processes=True)
        with Client(args.address or cluster) as client:
            results = client.gather(client.compute(tasks))
        if cluster is not None:
            cluster.close()
    else:
        # One thread per process: spaCy is CPU-bound, and each process keeps its model between tasks.
        with dask.config.set(scheduler="processes", num_workers=args.workers):
            results = dask.compute(*tasks)
    secs = time.perf_counter() - t0
    docs = sum(n for n, _ in results)
    for _, skipped in results:
        for s in skipped:
            print(f"dask_map: {s}", file=sys.stderr)
    print(f"{docs} documents extracted into {len(tasks)} shards in {args.shards} in {secs:.1f} s "
          f"with {args.workers} Dask workers ({args.scheduler}). Reduce with:\n"
          f"  kgbuild build --from-shards {args.shards} --store STORE")
    return 1 if any(s for _, s in results) else 0


if __name__ == "__main__":
    sys.exit(main())
