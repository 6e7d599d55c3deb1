"""Incremental builds give the graph a full build gives: documents arriving in any order, in several builds, and
the same documents built at once export byte for byte alike.

The documents are synthetic extraction records (benchmarks/gen_shards.py, no spaCy): people in full and by
surname, transliterated spellings, organisations and their acronyms, places, ministries and countries, with
meetings, calls and roles, from a small cast so that new documents keep joining, splitting and renaming entities.
"""
import random
import sys
from pathlib import Path

import pytest

import kgbuild
from kgbuild import api
from kgbuild.shards import write_shard
from kgbuild.stores.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from gen_shards import documents  # noqa: E402


def corpus(n: int, seed: int):
    return list(documents(n, seed, horizon=n))


def export(store, path) -> bytes:
    api.export(store, path, "jsonl")
    return Path(path).read_bytes()


def build_in_batches(tmp_path, name, docs, batches):
    store = tmp_path / name
    results = []
    for b, part in enumerate(batches):
        shards = tmp_path / f"{name}-batch{b}"
        write_shard(part, shards / "part-00000.jsonl")
        results.append(kgbuild.build([], store, from_shards=[shards]))
    return store, results


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_documents_arriving_in_any_order_give_the_graph_of_one_build(tmp_path, seed):
    docs = corpus(160, seed)
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    rng = random.Random(seed)
    shuffled = docs[:]
    rng.shuffle(shuffled)
    cuts = sorted(rng.sample(range(20, len(docs) - 5), 3))
    batches = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(docs)])]
    inc, results = build_in_batches(tmp_path, "inc", docs, batches)
    assert [r.incremental for r in results] == [False, True, True, True]
    assert export(inc, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")
    assert results[-1].nodes == EmbeddedStore(one).state().stats["nodes"]


def test_a_build_with_nothing_new_reads_no_shard_record(tmp_path, monkeypatch):
    docs = corpus(40, 5)
    store, _ = build_in_batches(tmp_path, "kg", docs, [docs])

    def boom(*a, **k):
        raise AssertionError("the shards were read")

    monkeypatch.setattr(EmbeddedStore, "iter_extractions", boom)
    again = kgbuild.build([], store, from_shards=[tmp_path / "kg-batch0"])
    assert again.documents_unchanged == 40 and again.documents_extracted == 0 and not again.incremental


def test_a_build_killed_after_its_commit_but_before_its_state_is_saved_is_followed_by_a_full_one(tmp_path,
                                                                                                  monkeypatch):
    from kgbuild.incremental import ResolveState

    docs = corpus(60, 4)
    store, _ = build_in_batches(tmp_path, "kg", docs, [docs[:30]])

    def killed(self, graph):
        raise KeyboardInterrupt

    monkeypatch.setattr(ResolveState, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        write_shard(docs[30:45], tmp_path / "b1" / "part-00000.jsonl")
        kgbuild.build([], store, from_shards=[tmp_path / "b1"])
    monkeypatch.undo()
    assert EmbeddedStore(store).state().documents == 45  # the store committed; its resolution state did not
    write_shard(docs[45:], tmp_path / "b2" / "part-00000.jsonl")
    last = kgbuild.build([], store, from_shards=[tmp_path / "b2"])
    assert not last.incremental and last.documents_total == 60
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(store, tmp_path / "a.jsonl") == export(one, tmp_path / "b.jsonl")
    again = kgbuild.build([], store, from_shards=[tmp_path / "b2"])
    assert again.documents_unchanged == 15
