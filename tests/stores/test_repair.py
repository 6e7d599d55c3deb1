"""A damaged store is found, rebuilt from what is intact, and what is lost is named; `query --write` is atomic and
its edits outlive later builds.

Extraction is the stand-in of tests/test_builder.py (no spaCy model), so each build takes a moment; the kill tests
run `kgbuild query --write` in a process of its own.
"""
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.stores.embedded import MANIFEST, EmbeddedStore
from tests.test_builder import StandIn, write

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stand_in(monkeypatch):
    s = StandIn()
    monkeypatch.setattr("kgbuild.extract.extract_documents", s)
    return s


@pytest.fixture
def built(tmp_path, stand_in):
    """A store built in two builds (two shard files): a, b, then c."""
    articles = tmp_path / "articles"
    articles.mkdir()
    write(articles, "a", "Ana Reis met Ivo Dunn in Lisbon.")
    write(articles, "b", "Eva Novak met Karl Holm in Prague.")
    kgbuild.build([articles], tmp_path / "kg")
    write(articles, "c", "Mira Vale met Olaf Berg in Oslo.")
    kgbuild.build([articles], tmp_path / "kg")
    return tmp_path / "kg"


def people(kg) -> list[str]:
    return sorted(r[0] for r in EmbeddedStore(kg).query("MATCH (p:Person) RETURN p.name").rows)


def shard_of(kg, doc_id: str) -> tuple[Path, int]:
    """The store's shard file and line (from 1) holding the record of `doc_id`."""
    for name in EmbeddedStore(kg).state().shards:
        path = kg / "shards" / name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if json.loads(line)["document"]["doc_id"] == doc_id:
                return path, n
    raise AssertionError(doc_id)


def damage_line(path: Path, n: int, new: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines[n - 1] = new
    path.write_bytes(b"".join(lines))


def check(kg, *args):
    return CliRunner().invoke(main, ["check", "--store", str(kg), *args])


# ------------------------------------------------------------------ damaged shards
DAMAGE = {
    "cut short": lambda line: line[: len(line) // 2] + b"\n",
    "not JSON": lambda line: b"\x00\x01 garbage \xff\n",
    "not a record": lambda line: b'{"document": {"doc_id": "b"}, "mentions": 5}\n',
    "offsets outside the text": lambda line: _with_offset(line, 10**9),
}


def _with_offset(line: bytes, start: int) -> bytes:
    record = json.loads(line)
    record["mentions"]["rows"][0][1] = start  # the first mention's start
    return json.dumps(record).encode() + b"\n"


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_shard_line_is_named_and_the_graph_rebuilt_from_the_rest(built, stand_in, how):
    path, n = shard_of(built, "b")
    damage_line(path, n, DAMAGE[how](path.read_bytes().splitlines(keepends=True)[n - 1]))
    res = check(built)
    assert res.exit_code == 1 and f"{path}:{n}" in res.output and "--repair" in res.output
    skipped = []
    result = kgbuild.build([built.parent / "articles" / "a.txt"], built, on_skip=skipped.append)
    assert [s.where for s in skipped] == [f"{path}:{n}"] and "lost" in skipped[0].reason
    assert result.documents_total == 2 and people(built) == ["Ana Reis", "Ivo Dunn", "Mira Vale", "Olaf Berg"]
    assert check(built).exit_code == 0  # the shards were rewritten without the damaged line
    again = kgbuild.build([built.parent / "articles"], built)  # b is read and stored again
    assert not again.skipped and again.documents_total == 3 and "Karl Holm" in people(built)


def test_a_missing_shard_file_is_named_and_the_rest_is_kept(built, stand_in):
    first = built / "shards" / EmbeddedStore(built).state().shards[0]
    first.unlink()
    skipped = []
    result = kgbuild.build([built.parent / "articles" / "c.txt"], built, on_skip=skipped.append)
    assert [s.where for s in skipped] == [str(first)] and "missing" in skipped[0].reason
    assert result.documents_total == 1 and people(built) == ["Mira Vale", "Olaf Berg"]
    assert any("could not be recovered" in str(n) for n in result.notices)
    assert check(built).exit_code == 0


# ------------------------------------------------------------------ damaged graph files
@pytest.mark.parametrize("how", ["deleted", "emptied", "cut short", "overwritten"])
def test_a_damaged_graph_file_is_rebuilt_by_the_next_build(built, stand_in, how):
    st = EmbeddedStore(built)
    before = people(built)
    graph = built / st.state().graph
    {"deleted": graph.unlink, "emptied": lambda: graph.write_bytes(b""),
     "cut short": lambda: graph.write_bytes(graph.read_bytes()[:8192]),
     "overwritten": lambda: graph.write_bytes(b"\x00" * graph.stat().st_size)}[how]()
    with pytest.raises(KgbuildError, match="--repair|cannot open the graph"):  # a query says so, never a wrong answer
        people(built)
    assert check(built).exit_code == 1
    result = kgbuild.build([built.parent / "articles"], built)  # nothing new to extract, yet the graph is rebuilt
    assert result.documents_extracted == 0 and any("rebuilt" in str(n) for n in result.notices)
    assert people(built) == before and check(built).exit_code == 0


def test_check_repair_fixes_what_it_can_and_lists_what_is_lost(built):
    path, n = shard_of(built, "a")
    damage_line(path, n, b"{\n")
    (built / EmbeddedStore(built).state().graph).unlink()
    res = check(built)
    assert res.exit_code == 1 and f"{path}:{n}" in res.output and "is missing" in res.output
    res = check(built, "--repair")
    assert res.exit_code == 1 and f"skipped {path}:{n}" in res.output and "1 damaged record could not be recovered" \
        in res.output
    assert check(built).exit_code == 0 and people(built) == ["Eva Novak", "Karl Holm", "Mira Vale", "Olaf Berg"]


@pytest.mark.parametrize("content", [None, "{not json", '{"format": 3, "graph": 7}'])
def test_a_store_whose_manifest_is_gone_or_damaged_is_rebuilt_from_its_shards(built, content):
    rules_before = EmbeddedStore(built).state().alias_rules
    if content is None:
        (built / MANIFEST).unlink()
    else:
        (built / MANIFEST).write_text(content, encoding="utf-8")
    with pytest.raises(KgbuildError):
        people(built)
    res = check(built, "--repair")
    assert res.exit_code == 0, res.output
    assert people(built) == ["Ana Reis", "Eva Novak", "Ivo Dunn", "Karl Holm", "Mira Vale", "Olaf Berg"]
    assert EmbeddedStore(built).state().alias_rules == rules_before == []


def test_check_on_a_sound_store_says_so(built):
    res = check(built)
    assert res.exit_code == 0 and "is sound: 3 documents" in res.output


# ------------------------------------------------------------------ query --write
def test_write_edits_are_kept_through_later_builds(built, stand_in):
    res = CliRunner().invoke(main, ["query", "MATCH (p:Person {name: $n}) SET p.country = 'PT'", "--write",
                                    "-p", "n=Ana Reis", "--store", str(built)])
    assert res.exit_code == 0, res.output
    write(built.parent / "articles", "d", "Lena Berg met Ana Reis in Porto.")
    kgbuild.build([built.parent / "articles"], built)  # a new article: the graph is written anew
    rows = EmbeddedStore(built).query("MATCH (p:Person {name: 'Ana Reis'}) RETURN p.country").rows
    assert rows == [["PT"]]
    listed = CliRunner().invoke(main, ["edits", "--store", str(built)])
    assert "1. [" in listed.output and "SET p.country = 'PT'" in listed.output and '"n": "Ana Reis"' in listed.output


def test_an_edit_that_no_longer_applies_is_reported_and_can_be_dropped(built, stand_in):
    st = EmbeddedStore(built)
    st.query("CREATE NODE TABLE Note(id STRING, PRIMARY KEY(id))", write=True)  # a table every rebuild lacks ...
    st.query("CREATE (:Note {id: 'n1'})", write=True)
    st.query("MATCH (p:Person {name: 'Ivo Dunn'}) SET p.country = 'PT'", write=True)
    notes = []
    write(built.parent / "articles", "d", "Lena Berg met Ana Reis in Porto.")
    kgbuild.build([built.parent / "articles"], built, on_notice=notes.append)
    assert [n.where for n in notes if "did not apply" in n.message] == []  # ... is created again by edit 1
    assert st.query("MATCH (n:Note) RETURN n.id").rows == [["n1"]]
    res = CliRunner().invoke(main, ["edits", "--store", str(built), "--drop", "1"])
    assert res.exit_code == 0, res.output
    assert "edit 1" in res.output and "did not apply" in res.output  # edit 2 names a table that is gone now
    assert [e["cypher"] for e in st.state().edits] == ["CREATE (:Note {id: 'n1'})",
                                                       "MATCH (p:Person {name: 'Ivo Dunn'}) SET p.country = 'PT'"]
    assert st.query("MATCH (p:Person {name: 'Ivo Dunn'}) RETURN p.country").rows == [["PT"]]
    res = CliRunner().invoke(main, ["edits", "--store", str(built), "--drop", "1", "--drop", "9"])
    assert res.exit_code == 2 and "no edit 9" in res.output


def test_a_failing_write_changes_nothing_and_records_nothing(built):
    st = EmbeddedStore(built)
    before = (built / MANIFEST).read_text(encoding="utf-8")
    graphs = sorted(p.name for p in built.iterdir())
    with pytest.raises(KgbuildError, match="the query failed"):
        st.query("MATCH (p:Person) SET p.nope = 1", write=True)
    assert (built / MANIFEST).read_text(encoding="utf-8") == before and sorted(p.name for p in built.iterdir()) == graphs


KILL_AT = ["a graph file appears or changes", "a write-ahead log appears", "the write-ahead log grows",
           "the write is half done"]
HEAVY_WRITE = "UNWIND range(1, 300000) AS i CREATE (:Event {id: 'e' + CAST(i AS STRING), name: 'x'})"


def _files(kg: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for p in kg.iterdir():
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        out[p.name] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.mark.parametrize("moment", KILL_AT)
def test_query_write_killed_during_its_commit_leaves_a_readable_store(built, moment):
    """SIGKILL when the write reaches a state (polled). A state lasts some milliseconds at least; one missed on a
    busy machine is tried again (up to 10 writes), and every write, killed or not, must leave a sound store."""
    before = people(built)
    caught = 0
    for _ in range(10):
        caught += _kill_write_at(built, moment)
        assert people(built) == before  # readable, and the people are untouched either way
        assert check(built).exit_code == 0
        if caught:
            break
    assert caught, f"no write was caught at the moment: {moment}"


def _kill_write_at(built: Path, moment: str) -> bool:
    """Run the heavy write and SIGKILL it at `moment`; whether it was caught there (else it finished)."""
    st = EmbeddedStore(built)
    events_before = st.query("MATCH (e:Event) RETURN count(e)").rows[0][0]
    start = _files(built)
    p = subprocess.Popen([sys.executable, "-m", "kgbuild", "query", HEAVY_WRITE, "--write", "--store", str(built)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen_wal = 0
    deadline = time.monotonic() + 600  # generous: waiting for a state, not a time
    while p.poll() is None and time.monotonic() < deadline:
        now = _files(built)
        wal = sum(s for n, (s, _) in now.items() if n.endswith(".wal"))
        changed = [n for n in now if n.startswith("graph-") and now[n] != start.get(n)]
        if (moment == KILL_AT[0] and changed) or (moment == KILL_AT[1] and wal) \
                or (moment == KILL_AT[2] and wal and seen_wal and wal > seen_wal) \
                or (moment == KILL_AT[3] and wal > 4_000_000):
            break
        seen_wal = wal or seen_wal
        time.sleep(0.001)
    caught = p.poll() is None
    p.send_signal(signal.SIGKILL)
    p.wait()
    events = st.query("MATCH (e:Event) RETURN count(e)").rows[0][0]
    assert events in (events_before, events_before + 300000)  # the write happened whole or not at all
    return caught


KILLED_AT_THE_COMMIT = """
import os, signal, sys, runpy
real, moment = os.replace, sys.argv[1]
def replace(src, dst, *args, **kwargs):  # SIGKILL at the commit point: just before, or just after, the rename
    if str(dst).endswith("manifest.json") and moment == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst, *args, **kwargs)
    if str(dst).endswith("manifest.json"):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.argv = ["kgbuild", "query", sys.argv[2], "--write", "--store", sys.argv[3]]
runpy.run_module("kgbuild", run_name="__main__")
"""


@pytest.mark.parametrize("moment", ["before", "after"])
def test_query_write_killed_at_its_commit_point_leaves_the_store_before_or_after(built, moment):
    st = EmbeddedStore(built)
    events_before = st.query("MATCH (e:Event) RETURN count(e)").rows[0][0]
    p = subprocess.run([sys.executable, "-c", KILLED_AT_THE_COMMIT, moment, HEAVY_WRITE, str(built)], cwd=ROOT,
                       capture_output=True, timeout=600)
    assert p.returncode == -signal.SIGKILL, p.stderr
    events = st.query("MATCH (e:Event) RETURN count(e)").rows[0][0]
    assert events == events_before + (300000 if moment == "after" else 0)
    assert len(st.state().edits) == (1 if moment == "after" else 0)
    assert check(built).exit_code == 0
    leftovers = sorted(p.name for p in built.iterdir() if p.name.startswith(("graph-", "manifest.json.")))
    kgbuild.build([built.parent / "articles"], built)  # the next writer sweeps what the killed one left
    state = st.state()
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(("graph-", "manifest.json."))) == \
        sorted({state.graph, state.previous}) and len(leftovers) >= 2


def test_a_store_an_older_kgbuild_wrote_is_read_and_compacted_into_the_new_form(built):
    """Format 2 stores hold one JSON object per mention and relation; they read as they are, and a compaction
    rewrites them in the compact form."""
    st = EmbeddedStore(built)
    records = st.extractions()
    old_lines = []
    for ext in records.values():
        old = {"document": {k: v for k, v in vars(ext.document).items() if k != "origin"},
               "mentions": [vars(m) for m in ext.mentions], "relations": [vars(r) for r in ext.relations],
               "digest": ext.digest}
        old_lines.append(json.dumps(old, ensure_ascii=False))
    (built / "shards" / "19990101000000-000000.jsonl").write_text("\n".join(old_lines) + "\n", encoding="utf-8")
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    manifest.update(format=2, shards=["19990101000000-000000.jsonl"])
    del manifest["edits"], manifest["previous"]
    (built / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = st.extractions()
    assert sorted(again) == sorted(records)
    for k, ext in records.items():
        assert (again[k].mentions, again[k].relations, again[k].digest) == (ext.mentions, ext.relations, ext.digest)
        assert again[k].document.text == ext.document.text and again[k].document.origin is None
    assert check(built).exit_code == 0  # sound as it is
    from kgbuild.builder import run_build

    run_build(st, [], repair=True)  # what a repair or a compaction does: the shards are rewritten
    lines = [json.loads(x) for name in st.state().shards for x in (built / "shards" / name).read_text().splitlines()]
    assert len(lines) == 3 and all(isinstance(x["mentions"], dict) for x in lines)
    assert people(built) == ["Ana Reis", "Eva Novak", "Ivo Dunn", "Karl Holm", "Mira Vale", "Olaf Berg"]
