"""The map step's shards round-trip on one machine: extract -> JSONL shards -> build --from-shards."""
import json
from dataclasses import replace

from click.testing import CliRunner

from kgbuild import api
from kgbuild.cli import main
from kgbuild.records import DocExtraction, Document
from kgbuild.shards import ShardWriter, read_shards, shard_files, write_shard
from kgbuild.stores.embedded import EmbeddedStore

ARTICLES = {
    "talks": "Healey meets Umerov\n\nLONDON - British Defence Secretary John Healey met Ukrainian Defence Minister "
             "Rustem Umerov in London on Tuesday. Healey said the talks were useful.\n",
    "call": "Kenya and Ukraine talk\n\nKenyan President Daniel Muriuki spoke by phone with Ukrainian Prime Minister "
            "Taras Bondar on Friday about grain exports.\n",
}


def _corpus(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    return src


def _graph_facts(store):
    g = EmbeddedStore(store).read_graph()
    nodes = {(n, d["label"], d["properties"].get("name")) for n, d in g.nodes(data=True)}
    edges = {(a, b, d["type"], d["properties"].get("evidence")) for a, b, d in g.edges(data=True)}
    return nodes, edges


def test_records_survive_the_shard_round_trip(tmp_path, extract):
    exts = [extract(text, doc_id=name, published="2024-05-07") for name, text in ARTICLES.items()]
    assert write_shard(exts, tmp_path / "one.jsonl") == 2
    back = list(read_shards([tmp_path]))
    assert [e.to_json() for e in back] == [e.to_json() for e in exts]
    assert back[0].mentions and back[0].relations  # something real went through


def test_writer_rotates_files_and_never_shows_half_a_shard(tmp_path, extract):
    ext = extract(ARTICLES["talks"], doc_id="a")
    with ShardWriter(tmp_path, prefix="m", docs_per_shard=2) as w:
        for _ in range(3):
            w.write(ext)
        # the second file is still being written: only the finished one is a shard yet
        assert [p.name for p in shard_files([tmp_path])] == ["m-00000.jsonl"]
    assert [p.name for p in shard_files([tmp_path])] == ["m-00000.jsonl", "m-00001.jsonl"]
    try:
        with ShardWriter(tmp_path / "broken", prefix="x") as w:
            w.write(ext)
            raise RuntimeError("killed")
    except RuntimeError:
        pass
    assert list((tmp_path / "broken").iterdir()) == []


def test_build_from_shards_equals_build_from_articles(tmp_path):
    src = _corpus(tmp_path)
    direct = api.build([src], tmp_path / "direct")
    mapped = api.extract([src], tmp_path / "shards", docs_per_shard=1)
    assert mapped.documents_extracted == 2 and len(mapped.shards) == 2
    reduced = api.build([], tmp_path / "reduced", from_shards=[tmp_path / "shards"])
    assert reduced.documents_total == 2 and not reduced.skipped
    assert reduced.nodes == direct.nodes and reduced.relationships == direct.relationships
    assert _graph_facts(tmp_path / "reduced") == _graph_facts(tmp_path / "direct")
    again = api.build([], tmp_path / "reduced", from_shards=[tmp_path / "shards"])
    assert again.documents_unchanged == 2 and again.documents_extracted == 0


def test_a_damaged_shard_line_is_reported_and_the_rest_is_used(tmp_path, extract):
    shards = tmp_path / "shards"
    write_shard([extract(ARTICLES["call"], doc_id="call")], shards / "a.jsonl")
    with open(shards / "a.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"document": {"doc_id": "x"}}\n')  # no text, no mentions: not a record
    skipped = []
    result = api.build([], tmp_path / "kg", from_shards=[shards], on_skip=skipped.append)
    assert result.documents_total == 1
    assert len(skipped) == 1 and skipped[0].where.endswith("a.jsonl:2")


def test_cli_map_then_reduce(tmp_path):
    src = _corpus(tmp_path)
    runner = CliRunner()
    r = runner.invoke(main, ["extract", str(src), "--shards", str(tmp_path / "sh"), "--prefix", "node1"])
    assert r.exit_code == 0, r.output
    assert "2 extracted into 1 shard" in r.output
    line = (tmp_path / "sh" / "node1-00000.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert set(json.loads(line)) == {"document", "mentions", "relations", "digest"}
    r = runner.invoke(main, ["build", "--from-shards", str(tmp_path / "sh"), "--store", str(tmp_path / "kg")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["query", "MATCH (p:Person) RETURN p.name ORDER BY p.name", "--store",
                             str(tmp_path / "kg"), "--json"])
    assert "John Healey" in r.output and "Taras Bondar" in r.output
    r = runner.invoke(main, ["build", "--store", str(tmp_path / "kg")])
    assert r.exit_code == 2 and "--from-shards" in r.output


def test_documents_from_shards_and_articles_join_one_store(tmp_path):
    src = _corpus(tmp_path)
    api.extract([src / "talks.txt"], tmp_path / "sh")
    result = api.build([src / "call.txt"], tmp_path / "kg", from_shards=[tmp_path / "sh"])
    assert result.documents_total == 2
    assert sorted(EmbeddedStore(tmp_path / "kg").extractions()) == ["call", "talks"]
    assert isinstance(next(read_shards([tmp_path / "sh"])).document, Document)


def test_store_shards_keep_texts_through_incremental_builds_and_compaction(tmp_path, extract):
    """Builds keep no texts in memory (records go to the store's shard as they arrive); the shards
    still hold every text, also after the 9th build compacts them into one."""
    base = extract(ARTICLES["talks"], doc_id="talks")
    for n in range(10):
        ext = DocExtraction(document=replace(base.document, doc_id=f"d{n}", text=f"{base.document.text} {n}"),
                            mentions=[replace(m, doc_id=f"d{n}") for m in base.mentions],
                            relations=[replace(r, doc_id=f"d{n}") for r in base.relations], digest=f"x{n}")
        write_shard([ext], tmp_path / f"in{n}" / "s.jsonl")
        api.build([], tmp_path / "kg", from_shards=[tmp_path / f"in{n}"])
    store = EmbeddedStore(tmp_path / "kg")
    assert len(store.state().shards) < 9  # compacted
    texts = {k: v.document.text for k, v in store.extractions().items()}
    assert texts == {f"d{n}": f"{base.document.text} {n}" for n in range(10)}
    assert not list((tmp_path / "kg" / "shards").glob("*.tmp"))
