#!/usr/bin/env python3
"""Synthetic extraction shards (no spaCy): DocExtraction records as `kgbuild extract` would write them.

    python benchmarks/gen_shards.py --docs 100000 --seed 7 -o /tmp/kg-incr/shards
    kgbuild build --from-shards /tmp/kg-incr/shards --store /tmp/kg-incr/kg

Stands in for the extraction of a large corpus so that a store of 100,000 articles can be set up in
minutes (the map step alone would take hours on two cores). Each document names a handful of entities
drawn with Zipf-like popularity from a cast that grows with the corpus (benchmarks/bench_resolve.py's
Population: people in full then by surname, transliterated spellings, organisations and their acronyms,
places, ministries, countries), written out as a text in which every mention stands at its offsets, with
relation candidates between them (meetings, calls, roles). The same seed and size give the same bytes;
--start skips that many documents of the sequence, so `--start 100000 --docs 1000` is the next 1%.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_resolve import GIVEN_VARIANT, SURNAME_VARIANT, Population  # noqa: E402

from kgbuild.records import DocExtraction, Document, Mention, RelationCandidate  # noqa: E402
from kgbuild.shards import ShardWriter  # noqa: E402

FILLER = ["said on Tuesday that", "held talks with", "according to officials close to", "and a delegation from",
          "in a statement issued by", "told reporters alongside", "after a meeting with", "during a visit by"]


HORIZON = 101_000  # the cast is sized for a corpus this long, whatever part of it is written


def documents(n_docs: int, seed: int, start: int = 0, horizon: int = HORIZON, entities_per_doc: float = 0.4):
    """Documents start .. start+n_docs-1 of the seeded sequence (its cast sized for `horizon` documents)."""
    total = start + n_docs
    rng = random.Random(seed)
    pop = Population(rng, max(50, int(horizon * entities_per_doc)))
    p_new = min(1.0, 1.15 * len(pop.entities) / (horizon * 6.0 * 0.7))
    for d in range(total):
        doc_id = f"s{d:07d}"
        parts: list[str] = []
        pos = 0
        ms: list[Mention] = []
        sent = 0
        cluster = 0

        def add(text: str, label: str, key=None, canonical=None, country=None, cl=-1, reason="ner") -> int:
            nonlocal pos
            if parts:
                filler = f" {rng.choice(FILLER)} "
                parts.append(filler)
                pos += len(filler)
            ms.append(Mention(doc_id=doc_id, text=text, label=label, start=pos, end=pos + len(text), sent=sent,
                              key=key, canonical=canonical, country=country, cluster=cl, reason=reason))
            parts.append(text)
            pos += len(text)
            return len(ms) - 1

        people: list[int] = []
        bodies: list[int] = []
        for _ in range(rng.randint(4, 8)):
            label, e = pop.draw(p_new)
            if label == "Person":
                given, surname = e["name"].split(" ", 1)
                if rng.random() < 0.1:
                    given = GIVEN_VARIANT.get(given, given)
                    for end, alt in SURNAME_VARIANT.items():
                        if surname.endswith(end):
                            surname = surname[: -len(end)] + alt
                            break
                people.append(add(f"{given} {surname}", "Person", country=e["country"]))
                for _ in range(rng.randint(0, 2)):
                    add(surname if rng.random() < 0.8 else f"Mr {surname}", "Person")
            elif label == "Organization":
                bodies.append(add(e["name"], "Organization", cl=cluster))
                if rng.random() < 0.5:
                    add(e["acronym"], "Organization", cl=cluster)
                cluster += 1
            elif label == "Place":
                add(e["name"], "Place", country=e["country"])
            elif label == "Ministry":
                bodies.append(add(e["name"], "Ministry", country=e["country"]))
            else:
                name = e["name"].strip()
                add(name, "Country", key=e["code"], canonical=name, country=e["code"])
            if rng.random() < 0.4:
                parts.append(". ")
                pos += 2
                sent += 1
        text = "".join(parts) + "."
        rels: list[RelationCandidate] = []
        for a, b in zip(people, people[1:]):
            if rng.random() < 0.6:
                s, e_ = ms[a].start, ms[b].end
                rels.append(RelationCandidate(doc_id, "MET" if rng.random() < 0.7 else "TALKED_TO", a, b,
                                              text[s:e_], s, e_, "met", "synthetic", 0.8))
        for p, body in zip(people, bodies):
            if rng.random() < 0.5:
                s, e_ = ms[p].start, ms[body].end
                lo, hi = min(s, ms[body].start), max(e_, ms[p].end)
                rels.append(RelationCandidate(doc_id, "HOLDS_ROLE", p, body, text[lo:hi], lo, hi, "minister",
                                              "synthetic-role", 0.7, title="Minister"))
        if d < start:
            continue
        title = f"Report {d}"
        doc = Document(doc_id=doc_id, text=text, title=title, published=f"2024-{1 + d % 12:02d}-{1 + d % 28:02d}",
                       source=f"synthetic/{doc_id}", origin=f"synthetic:{doc_id}")
        dig = hashlib.sha256(f"{seed}|{doc_id}|{text}".encode()).hexdigest()[:32]
        yield DocExtraction(doc, ms, rels, dig)


def write(out: str | Path, n_docs: int, seed: int = 7, start: int = 0, prefix: str = "syn",
          docs_per_shard: int = 5000, horizon: int = HORIZON) -> int:
    with ShardWriter(out, prefix=prefix, docs_per_shard=docs_per_shard) as w:
        for ext in documents(n_docs, seed, start, horizon):
            w.write(ext)
    return w.documents


def write_articles(path: str | Path, n_docs: int, seed: int = 7, start: int = 0, horizon: int = HORIZON) -> int:
    """The same documents as `write`, as a JSONL of articles (id, title, published, source, text) for `kgbuild
    build` to parse."""
    import json

    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for ext in documents(n_docs, seed, start, horizon):
            d = ext.document
            f.write(json.dumps({"id": d.doc_id, "title": d.title, "published": d.published, "source": d.source,
                                "text": d.text}) + "\n")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--start", type=int, default=0, help="skip this many documents of the sequence")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--prefix", default="syn")
    ap.add_argument("--horizon", type=int, default=HORIZON, help="the corpus length the cast is sized for")
    ap.add_argument("-o", "--output", required=True, help="shards folder")
    args = ap.parse_args(argv)
    n = write(args.output, args.docs, args.seed, args.start, args.prefix, horizon=args.horizon)
    print(f"{n} documents written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
