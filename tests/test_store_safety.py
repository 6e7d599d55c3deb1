"""The store survives crashes, Ctrl-C and a second writer, and keeps every value exactly."""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kgbuild.assemble import assemble_graph
from kgbuild.cli import main
from kgbuild.records import Document, DocExtraction, Mention, RelationCandidate
from kgbuild.resolve import resolve_mentions
from kgbuild.stores.embedded import EmbeddedStore
from kgbuild.stores.files import write_graphml, write_jsonl

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CODE_LIKE = ["O'Brien \"The {Boss}\"", "Back`tick\\slash $name", "// MATCH (n) DETACH DELETE n //",
             "Ana ${x} Lopes", "Robert'); DROP TABLE Person;--", "Zoë \u200d\u05d0 Ünal"]


def _weird_extraction() -> DocExtraction:
    text = " ".join(f"{n} met {CODE_LIKE[0]}." for n in CODE_LIKE)
    mentions, rels, pos = [], [], 0
    for i, name in enumerate(CODE_LIKE):
        start = text.index(name, pos)
        mentions.append(Mention("doc'`${}", name, "Person", start, start + len(name), i))
        pos = start + len(name)
    for i in range(1, len(CODE_LIKE)):
        rels.append(RelationCandidate("doc'`${}", "MET", i, 0, evidence=f"{CODE_LIKE[i]} met \\ `MERGE` {{x}} $p",
                                      sent_start=0, sent_end=10, trigger="met", rule="verb:meet", confidence=0.9))
    return DocExtraction(Document("doc'`${}", text, title="MATCH (x) RETURN x", source="a\\b"), mentions, rels, "d")


def test_names_that_look_like_code_go_through_store_and_exports_unchanged(tmp_path):
    ext = _weird_extraction()
    graph = assemble_graph([ext], resolve_mentions([ext]))
    store = EmbeddedStore(tmp_path / "kg")
    store.write_graph(graph)
    back = store.read_graph()
    names = {d["properties"]["name"] for _, d in back.nodes(data=True) if d["label"] == "Person"}
    assert set(CODE_LIKE) <= {n for _, d in back.nodes(data=True) if d["label"] == "Person"
                              for n in d["properties"]["aliases"]} and names
    evidence = {d["properties"]["evidence"] for *_, d in back.edges(data=True) if d["type"] == "MET"}
    assert {r.evidence for r in ext.relations} == evidence
    doc = back.nodes["doc:doc'`${}"]["properties"]
    assert doc["title"] == "MATCH (x) RETURN x" and doc["source"] == "a\\b"
    # Parameters carry the values into queries too.
    res = store.query("MATCH (p:Person) WHERE list_contains(p.aliases, $n) RETURN p.name", {"n": CODE_LIKE[2]})
    assert len(res.rows) == 1
    write_jsonl(back, tmp_path / "g.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(CODE_LIKE) <= {a for o in lines if o["type"] == "node" for a in o["properties"].get("aliases", [])}
    write_graphml(back, tmp_path / "g.graphml")
    gml = nx.read_graphml(tmp_path / "g.graphml")
    assert set(CODE_LIKE) <= {a for _, d in gml.nodes(data=True) for a in json.loads(d.get("aliases", "[]"))}


def test_second_writer_is_refused_with_a_clear_message_or_waits(tmp_path):
    (tmp_path / "a.txt").write_text("Minister Eva Novak met President Karel Dvorak in Prague.", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "kg")
    with store.writing():
        res = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "kg")])
    assert res.exit_code == 2 and "being written by another kgbuild process" in res.output

    held, release = threading.Event(), threading.Event()

    def hold():
        with store.writing():
            held.set()
            release.wait(600)

    t = threading.Thread(target=hold)
    t.start()
    assert held.wait(600)  # a state, not a time: the other writer holds the lock
    result = {}
    waiter = threading.Thread(target=lambda: result.setdefault("res", CliRunner().invoke(
        main, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "kg"), "--wait"])))
    waiter.start()
    waiter.join(3)
    assert waiter.is_alive() and not (tmp_path / "kg" / "manifest.json").exists()  # queued behind the holder
    release.set()
    waiter.join(600)
    t.join()
    assert result["res"].exit_code == 0 and (tmp_path / "kg" / "manifest.json").exists()


# --------------------------------------------------------------------- crashes
def _corpus(root: Path, n_extra: int) -> Path:
    d = root / "corpus"
    d.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, d / f.name)
    for i in range(n_extra):
        (d / f"gen{i:03d}.txt").write_text(
            f"Talks {i}\n\nForeign Minister Mira Vale{i} met Defence Minister Ivo Dunn{i} in Lisbon on Monday. "
            f"Vale{i} later spoke by phone with President Ana Reis{i}. " * 3, encoding="utf-8")
    return d


def _kgbuild(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "kgbuild", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _export(store: Path, out: Path) -> list:
    p = subprocess.run([sys.executable, "-m", "kgbuild", "export", "--store", str(store), "-o", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return out.read_text(encoding="utf-8").splitlines()


def _kill_points(tmp_path, fractions):
    corpus = _corpus(tmp_path, 60)
    first = tmp_path / "first"
    first.mkdir()
    for f in sorted(corpus.glob("*.txt"))[:10]:
        shutil.copy(f, first / f.name)
    clean = tmp_path / "clean"
    started = time.time()
    p = _kgbuild("build", corpus, "--store", clean, "-q")
    assert p.wait() == 0, p.stderr.read()
    full_time = time.time() - started
    complete = _export(clean, tmp_path / "complete.jsonl")
    tried = 0
    for n, frac in enumerate(fractions):
        store = tmp_path / f"s{n}"
        assert _kgbuild("build", first, "--store", store, "-q").wait() == 0
        before = _export(store, tmp_path / f"before{n}.jsonl")
        p = _kgbuild("build", corpus, "--store", store, "-q")
        time.sleep(full_time * frac)
        p.send_signal(signal.SIGKILL)
        p.wait()
        tried += 1
        now = _export(store, tmp_path / f"after{n}.jsonl")
        assert now in (before, complete), f"half-written store after a kill at {frac:.0%} of a build"
        assert _kgbuild("build", corpus, "--store", store, "-q").wait() == 0
        assert _export(store, tmp_path / f"final{n}.jsonl") == complete, "the rerun did not finish the work exactly"
        leftovers = [x.name for x in store.iterdir() if x.name.endswith(".tmp")]
        assert not leftovers
    return tried


def test_build_killed_at_several_moments_leaves_store_as_before_or_complete(tmp_path):
    assert _kill_points(tmp_path, [0.5, 0.9]) == 2


@pytest.mark.slow
def test_build_killed_at_many_moments(tmp_path):
    assert _kill_points(tmp_path, [0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0]) == 9


def test_ctrl_c_stops_cleanly_and_leaves_the_store_as_before(tmp_path):
    corpus = _corpus(tmp_path, 3000)  # long enough that the build is still extracting when the signal lands
    store = tmp_path / "kg"
    assert _kgbuild("build", EXAMPLES, "--store", store, "-q").wait() == 0
    before = _export(store, tmp_path / "before.jsonl")
    p = _kgbuild("build", corpus, "--store", store, "-q")
    # A state, not a time: the build has extracted a document into its pending shard (past model loading).
    deadline = time.monotonic() + 600
    while not any(f.stat().st_size for f in (store / "shards").glob("*.jsonl.tmp")):
        assert p.poll() is None, p.stderr.read()
        assert time.monotonic() < deadline, "the build extracted nothing in 600 s"
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=600)
    assert p.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _export(store, tmp_path / "after.jsonl") == before
