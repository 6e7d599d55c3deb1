"""Incremental builds give the graph a full build gives: documents arriving in any order, in several builds, and
the same documents built at once export byte for byte alike.

The documents are synthetic extraction records (benchmarks/gen_shards.py, no spaCy): people in full and by
surname, transliterated spellings, organisations and their acronyms, places, ministries and countries, with
meetings, calls and roles, from a small cast so that new documents keep joining, splitting and renaming entities.
"""
import json
import random
import sqlite3
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


def test_a_resolution_state_from_another_kgbuild_version_is_replaced_by_one_full_build(tmp_path):
    """A store whose resolution state an earlier kgbuild wrote (another layout) is not misread: the next build is a
    full one and writes the state anew, and later builds add incrementally again; the graph stays one build's."""
    docs = corpus(60, 6)
    store, _ = build_in_batches(tmp_path, "kg", docs, [docs[:30]])
    state = EmbeddedStore(store).path / EmbeddedStore(store).state().resolve
    db = sqlite3.connect(state)
    db.execute("UPDATE meta SET v = '1' WHERE k = 'version'")
    db.commit()
    db.close()
    results = []
    for name, part in (("b1", docs[30:45]), ("b2", docs[45:])):
        write_shard(part, tmp_path / name / "part-00000.jsonl")
        results.append(kgbuild.build([], store, from_shards=[tmp_path / name]))
    assert [r.incremental for r in results] == [False, True]
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(store, tmp_path / "a.jsonl") == export(one, tmp_path / "b.jsonl")


def test_a_state_holds_short_records_as_they_are_and_long_ones_compressed():
    from kgbuild.incremental import PACK_COMPRESS_MIN, _pack, _unpack

    short, long = {"name": "Ada Marr"}, {"text": "word " * PACK_COMPRESS_MIN}
    assert _unpack(_pack(short)) == short and _unpack(_pack(long)) == long
    assert len(_pack(long)) < PACK_COMPRESS_MIN < len("word " * PACK_COMPRESS_MIN)  # the long one compressed


@pytest.mark.parametrize("incremental", [False, True])
def test_a_failure_writing_the_resolution_state_leaves_the_store_as_it_was(tmp_path, monkeypatch, incremental):
    """The resolution state is written while the graph is (in a thread beside it): when writing it fails, the build
    fails with that error and commits nothing; the next build then gives the graph of one build."""
    from kgbuild.incremental import Incremental, ResolveState

    docs = corpus(50, 6)
    if incremental:
        store, _ = build_in_batches(tmp_path, "kg", docs, [docs[:30]])
        before = export(store, tmp_path / "before.jsonl")
    else:
        store = tmp_path / "kg"

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Incremental if incremental else ResolveState, "apply_state" if incremental else "create",
                        full_disk)
    write_shard(docs[30:] if incremental else docs, tmp_path / "b1" / "part-00000.jsonl")
    with pytest.raises(OSError, match="No space left"):
        kgbuild.build([], store, from_shards=[tmp_path / "b1"])
    monkeypatch.undo()
    if incremental:
        assert EmbeddedStore(store).state().documents == 30
        assert export(store, tmp_path / "after.jsonl") == before
    else:
        assert not EmbeddedStore(store).exists
    again = kgbuild.build([], store, from_shards=[tmp_path / "b1"])
    assert again.documents_total == 50
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(store, tmp_path / "a.jsonl") == export(one, tmp_path / "b.jsonl")


def person_doc(doc_id: str, country: str | None, name: str = "Ana Reis"):
    """An article naming one person in full, placed in `country` by extraction (or nowhere)."""
    import hashlib

    from kgbuild.records import DocExtraction, Document, Mention

    text = f"{name} spoke."
    m = Mention(doc_id=doc_id, text=name, label="Person", start=0, end=len(name), sent=0, country=country)
    digest = hashlib.sha256(f"{doc_id}|{country}".encode()).hexdigest()[:32]
    return DocExtraction(Document(doc_id, text, title=doc_id, origin=f"test:{doc_id}"), [m], [], digest)


def test_a_name_written_alike_in_many_documents_counts_each_of_them(tmp_path):
    """An incremental build reads the clusters alike of a stored entity as one (their number kept): a namesake
    without a country still joins the country that names the person most often, as a full build decides."""
    stored = [person_doc(f"a{n}", "FR") for n in range(3)] + [person_doc("b0", "DE"), person_doc("c0", None)]
    later = [person_doc("b1", "DE"), person_doc("c1", None)]
    inc, results = build_in_batches(tmp_path, "inc", stored + later, [stored, later])
    assert [r.incremental for r in results] == [False, True]
    one, _ = build_in_batches(tmp_path, "one", stored + later, [stored + later])
    assert export(inc, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "one.jsonl").read_text().splitlines()]
    people = {r["properties"]["country"]: json.loads(r["properties"]["merge_reasons"])["Ana Reis"]["documents"]
              for r in rows if r.get("labels") == ["Person"]}
    # Ana Reis of France (three documents, and the two that give no country) and of Germany (two documents)
    assert people == {"FR": ["a0", "a1", "a2", "c0", "c1"], "DE": ["b0", "b1"]}


def test_many_small_builds_keep_the_resolution_state_consistent(tmp_path):
    """Sizes the state records for each entity are the number of its clusters (an incremental build relies on them
    to know whether it read a whole stored group), after many incremental builds; the export is a full build's."""
    docs = corpus(240, 9)
    batches = [docs[:120]] + [docs[n:n + 20] for n in range(120, 240, 20)]
    inc, results = build_in_batches(tmp_path, "inc", docs, batches)
    assert all(r.incremental for r in results[1:])
    state = EmbeddedStore(inc).state()
    db = sqlite3.connect(str(inc / state.resolve))
    sizes = dict(db.execute("SELECT eid, size FROM ents"))
    counts = dict(db.execute("SELECT eid, count(*) FROM clusters GROUP BY eid"))
    db.close()
    assert sizes == counts
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(inc, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")


def test_a_document_whose_person_moves_to_another_entity_is_written_again_alike(tmp_path):
    """When new articles make a stored mention mean another entity (here the namesake without a country follows the
    country that now names the person most often), its document is assembled again and its edges written again (those
    still alike kept as they are): the graph is the one a full build writes."""
    from dataclasses import replace

    from kgbuild.records import Mention

    moving = person_doc("c0", None)  # "Ana Reis met Mira Vale.": Mira Vale stays who she is
    text = "Ana Reis met Mira Vale."
    moving = replace(moving, document=replace(moving.document, text=text),
                     mentions=moving.mentions + [Mention(doc_id="c0", text="Mira Vale", label="Person", start=13,
                                                         end=22, sent=0)])
    stored = [person_doc("a0", "FR"), person_doc("a1", "FR"), person_doc("b0", "DE"), moving]
    later = [person_doc("b1", "DE"), person_doc("b2", "DE")]
    inc, results = build_in_batches(tmp_path, "inc", stored + later, [stored, later])
    assert [r.incremental for r in results] == [False, True]
    one, _ = build_in_batches(tmp_path, "one", stored + later, [stored + later])
    assert export(inc, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "one.jsonl").read_text().splitlines()]
    people = {r["properties"]["country"]: json.loads(r["properties"]["merge_reasons"])["Ana Reis"]["documents"]
              for r in rows if r.get("labels") == ["Person"] and r["properties"]["name"] == "Ana Reis"}
    assert people == {"FR": ["a0", "a1"], "DE": ["b0", "b1", "b2", "c0"]}


def test_repeated_incremental_builds_do_not_grow_the_graph_file_without_bound(tmp_path, monkeypatch):
    """An incremental build changes the graph in a copy of its file, and LadybugDB writes what it changes elsewhere in
    the file: each build leaves the file larger. Past GRAPH_SLACK times its size when last written whole, the next
    build lays the graph out afresh; the graph stays the one a full build writes."""
    from kgbuild.stores import embedded

    monkeypatch.setattr(embedded, "GRAPH_SLACK", 1.5)  # the default (3) takes more builds than a test should
    monkeypatch.setattr(embedded, "GRAPH_SLACK_BYTES", 0)
    docs = corpus(300, 6)
    store = tmp_path / "inc"
    sizes, fresh = [], []
    for b in range(8):
        write_shard(docs[b * 300 // 8:(b + 1) * 300 // 8], tmp_path / f"b{b}" / "part-00000.jsonl")
        result = kgbuild.build([], store, from_shards=[tmp_path / f"b{b}"])
        assert result.incremental == (b > 0)
        state = EmbeddedStore(store).state()
        sizes.append((store / state.graph).stat().st_size)
        fresh.append(state.fresh_bytes)
    assert fresh[0] == sizes[0]  # a full build writes the file whole
    assert len(set(fresh)) > 2  # laid out afresh along the way
    growth = sizes[1] - sizes[0]  # what one incremental build adds to a file written whole
    assert all(size <= 1.5 * f + growth for size, f in zip(sizes, fresh))
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(store, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")


def test_a_few_documents_added_to_a_large_store_write_only_their_part_of_the_digest_index(tmp_path, monkeypatch):
    """The digest index (what a build knows is stored without reading the shards) of an incremental build that adds
    a few documents holds those only and names the full index it extends; a build with nothing new then still reads
    no shard record, and what is stored is known exactly."""
    docs = corpus(120, 8)
    store, results = build_in_batches(tmp_path, "kg", docs, [docs[:100], docs[100:110], docs[110:]])
    assert [r.incremental for r in results] == [False, True, True]
    state = EmbeddedStore(store).state()
    assert "+" in state.index
    index = json.loads((store / state.index).read_text())
    assert sorted(d[0] for d in index["docs"]) == sorted(d.document.doc_id for d in docs[100:])
    files = sorted(p.name for p in store.iterdir() if p.name.startswith("index-"))
    assert len(files) == 2 and state.index in files  # the full index it extends, and this one

    def boom(*a, **k):
        raise AssertionError("the shards were read")

    monkeypatch.setattr(EmbeddedStore, "iter_extractions", boom)
    again = kgbuild.build([], store, from_shards=[tmp_path / f"kg-batch{b}" for b in range(3)])
    assert again.documents_unchanged == 120 and again.documents_extracted == 0 and not again.incremental
    monkeypatch.undo()
    one, _ = build_in_batches(tmp_path, "one", docs, [docs])
    assert export(store, tmp_path / "a.jsonl") == export(one, tmp_path / "b.jsonl")


def test_a_name_in_many_stored_documents_is_read_once_for_all_of_them(tmp_path, monkeypatch):
    """The clusters alike of a stored entity (one name written the same way in sixty documents) are one kind in the
    resolution state: a build adding one more document reads one stored cluster for all sixty, with their number, and
    its graph is still a full build's."""
    from kgbuild import incremental

    stored = [person_doc(f"a{n:02d}", "FR") for n in range(60)]
    later = [person_doc("b0", "FR")]
    read: list[int] = []
    light = incremental.ResolveState.light

    def counting(self, cids):
        cids = list(cids)
        read.extend(cids)
        return light(self, cids)

    monkeypatch.setattr(incremental.ResolveState, "light", counting)
    inc, results = build_in_batches(tmp_path, "inc", stored + later, [stored, later])
    assert [r.incremental for r in results] == [False, True]
    assert len(set(read)) == 1
    state = EmbeddedStore(inc).state()
    db = sqlite3.connect(str(inc / state.resolve))
    keys = db.execute("SELECT count(*), count(DISTINCT key) FROM ckeys").fetchone()
    db.close()
    assert keys[0] == keys[1] < 10  # its keys are kept once for all its clusters, not once for each
    one, _ = build_in_batches(tmp_path, "one", stored + later, [stored + later])
    assert export(inc, tmp_path / "inc.jsonl") == export(one, tmp_path / "one.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "one.jsonl").read_text().splitlines()]
    reis = [json.loads(r["properties"]["merge_reasons"])["Ana Reis"]["documents"] for r in rows
            if r.get("labels") == ["Person"]]
    assert reis == [[f"a{n:02d}" for n in range(60)] + ["b0"]]


def test_a_build_leaves_the_callers_garbage_collector_settings_as_they_were(tmp_path, monkeypatch):
    """A build collects garbage less often while it runs (it makes many objects that live to its end); a notebook
    that calls it keeps its own settings afterwards, also when the build fails."""
    import gc

    from kgbuild.incremental import Incremental

    docs = corpus(30, 8)
    before = gc.get_threshold()
    gc.set_threshold(321, 9, 8)
    try:
        build_in_batches(tmp_path, "kg", docs[:20], [docs[:20]])
        assert gc.get_threshold() == (321, 9, 8)

        def broken(self, new):
            raise RuntimeError("resolution failed")

        monkeypatch.setattr(Incremental, "plan", broken)
        write_shard(docs[20:], tmp_path / "more" / "part-00000.jsonl")
        with pytest.raises(RuntimeError, match="resolution failed"):
            kgbuild.build([], tmp_path / "kg", from_shards=[tmp_path / "more"])
        assert gc.get_threshold() == (321, 9, 8)
    finally:
        gc.set_threshold(*before)
