"""Exports and errors under hostile conditions: every control character in every export format, a full disk, a
read-only file system, bad files and options, typed parameters, credentials in an address, queries too large or
deep to run, and damaged records from elsewhere. Each ends in a valid file or one line, never a traceback."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild import api
from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.records import DocExtraction, Document, Mention, RelationCandidate
from kgbuild.shards import write_shard
from kgbuild.stores.embedded import MANIFEST, EmbeddedStore
from kgbuild.stores.files import FileStore
from tests.stores.graphs import facts, small_graph

ROOT = Path(__file__).resolve().parent.parent
CONTROL = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9b", "\u2028", "\ufeff", "\ufffe", "\uffff"]
EVERY = "".join(CONTROL) + ";|"  # also both usual array delimiters of the neo4j-admin export


def hostile_graph(chars: str):
    """small_graph with `chars` inside names, aliases, titles, sources and evidence (and a node id)."""
    g = small_graph()
    for _, d in g.nodes(data=True):
        p = d["properties"]
        for key in ("name", "title", "source"):
            if key in p:
                p[key] = f"a{chars}b {p[key]}"
        if "aliases" in p:
            p["aliases"] = [f"x{chars}y", *p["aliases"]]
    for *_, d in g.edges(data=True):
        if "evidence" in d["properties"]:
            d["properties"]["evidence"] = f"He said{chars}: yes."
    return g


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = EmbeddedStore(tmp_path_factory.mktemp("hostile") / "kg")
    st.write_graph(hostile_graph(EVERY))
    return st


def _strict_xml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # expat refuses every character XML 1.0 forbids


@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
@pytest.mark.parametrize("fmt", ["jsonl", "graphml", "neo4j-admin", "html"])
def test_every_control_character_in_every_export_gives_a_valid_file(tmp_path, fmt, char):
    st = EmbeddedStore(tmp_path / "kg")
    st.write_graph(hostile_graph(f"<{char}>"))
    want = facts(st.read_graph())
    out = tmp_path / ("graph-out" if fmt == "neo4j-admin" else f"graph.{fmt}")
    api.export(st.path, out, fmt)
    if fmt == "jsonl":
        for line in out.read_text(encoding="utf-8").splitlines():  # one record per line, each valid JSON
            json.loads(line)
        assert facts(FileStore(out).read_graph()) == want
    elif fmt == "graphml":
        _strict_xml(out)
        back = facts(FileStore(out).read_graph())
        forbidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
        if forbidden.match(char):  # XML cannot hold it at all: it is written as U+FFFD
            assert "<\ufffd>" in repr(back) and char not in str(back)
        elif char != "\r":  # (XML reads a carriage return back as a line feed)
            assert back[1] == want[1] and all(back[0][n][1].get("name") == want[0][n][1].get("name")
                                              for n in want[0] if n in back[0])
    elif fmt == "neo4j-admin":
        for f in out.glob("*.csv"):
            with open(f, encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
            assert len({len(r) for r in rows}) == 1  # every row as wide as its header
        assert facts(FileStore(out, "neo4j-admin").read_graph()) == want
    else:
        page = out.read_text(encoding="utf-8")
        data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
        names = {n["name"] for n in json.loads(data)["nodes"]}
        assert f"a<{char}>b Seán O'Brien" in names
        assert char in "\t\n\r" or char not in page  # raw control characters never reach the page


def test_every_control_character_at_once_and_both_array_delimiters(store, tmp_path):
    want = facts(store.read_graph())
    for fmt in ("jsonl", "neo4j-admin"):
        out = tmp_path / fmt
        api.export(store.path, out, fmt)
        assert facts(FileStore(out, fmt).read_graph()) == want
    api.export(store.path, tmp_path / "g.graphml", "graphml")
    _strict_xml(tmp_path / "g.graphml")


# ------------------------------------------------------------------ -o
def test_export_into_a_missing_folder_is_one_line(store, tmp_path):
    for fmt in ("jsonl", "graphml", "html"):
        res = CliRunner().invoke(main, ["export", "--store", str(store.path), "--format", fmt, "-o",
                                        str(tmp_path / "no" / "such" / f"g.{fmt}")])
        assert res.exit_code == 2 and res.output.count("\n") == 1 and "does not exist" in res.output
        assert "Traceback" not in res.output


def test_export_onto_a_symlink_does_not_replace_the_link(store, tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    for cmd in (["export", "--store", str(store.path), "-o", str(link)],
                ["view", "--store", str(store.path), "-o", str(link)]):
        res = CliRunner().invoke(main, cmd)
        assert res.exit_code == 2 and "symbolic link" in res.output and str(target) in res.output
        assert link.is_symlink() and target.read_text(encoding="utf-8") == "mine\n"


def test_export_to_standard_output(store):
    res = CliRunner().invoke(main, ["export", "--store", str(store.path), "-o", "-"])
    assert res.exit_code == 0
    records = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(records) == sum(len(x) for x in facts(store.read_graph())) and "wrote" in res.stderr
    res = CliRunner().invoke(main, ["export", "--store", str(store.path), "--format", "graphml", "-o", "-"])
    assert res.exit_code == 0 and ET.fromstring(res.stdout_bytes).tag.endswith("graphml")
    res = CliRunner().invoke(main, ["export", "--store", str(store.path), "--format", "neo4j-admin", "-o", "-"])
    assert res.exit_code == 2 and "writes a folder" in res.output


# ------------------------------------------------------------------ a full disk, a read-only file system
def _mount(tmp_path: Path, options: str) -> Path | None:
    """A small tmpfs at tmp_path/mnt (as root, or in a user namespace); None where neither is allowed."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mnt)],
                                            capture_output=True).returncode == 0:
        return mnt
    if os.environ.get("CI") == "true":
        pytest.fail("a test file system is needed: run the tests as root (or allow mount)")
    pytest.skip("mounting a small file system needs root")


def _umount(mnt: Path) -> None:
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _kgbuild(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kgbuild", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def test_a_full_disk_is_one_line_and_the_store_stays_as_it_was(store, tmp_path):
    size = sum(f.stat().st_size for f in store.path.rglob("*") if f.is_file())
    mnt = _mount(tmp_path, f"size={size // 1024 + 256}k")
    try:
        shutil.copytree(store.path, mnt / "kg")  # a store that fits, on a disk about to be full
        fd = os.open(mnt / "filler", os.O_WRONLY | os.O_CREAT)  # fill what is left
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        before = facts(EmbeddedStore(mnt / "kg").read_graph())
        write_shard([DocExtraction.from_json(_record())], tmp_path / "in" / "s.jsonl")
        for args in (["build", "--from-shards", tmp_path / "in", "--store", mnt / "kg"],
                     ["export", "--store", store.path, "-o", mnt / "g.jsonl"],
                     ["export", "--store", store.path, "--format", "graphml", "-o", mnt / "g.graphml"],
                     ["query", "MATCH (p:Person) SET p.country = 'XX'", "--write", "--store", mnt / "kg"]):
            p = _kgbuild(*args)
            assert p.returncode == 2 and "the disk is full" in p.stderr and "Traceback" not in p.stderr, p.stderr
            assert p.stderr.count("\n") == 1
        assert not [f for f in os.listdir(mnt) if f.endswith(".tmp")]
        assert facts(EmbeddedStore(mnt / "kg").read_graph()) == before
    finally:
        _umount(mnt)


def test_a_read_only_file_system_is_one_line_and_queries_still_read(store, tmp_path):
    mnt = _mount(tmp_path, "size=20m")
    try:
        shutil.copytree(store.path, mnt / "kg")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        p = _kgbuild("query", "MATCH (p:Person) RETURN count(p)", "--store", mnt / "kg")
        assert p.returncode == 0 and "2" in p.stdout, p.stderr
        for args in (["export", "--store", store.path, "-o", mnt / "g.jsonl"],
                     ["query", "MATCH (p:Person) SET p.country = 'XX'", "--write", "--store", mnt / "kg"],
                     ["edits", "--store", mnt / "kg", "--drop", "1"]):
            p = _kgbuild(*args)
            assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr, p.stderr
            assert "read-only" in p.stderr or "no edit 1" in p.stderr
    finally:
        _umount(mnt)


# ------------------------------------------------------------------ bad files and options
def test_a_query_file_that_is_not_utf8_is_one_line(store, tmp_path):
    f = tmp_path / "q.cypher"
    f.write_bytes("MATCH (p:Person) WHERE p.name = 'caf\xe9' RETURN p".encode("latin-1"))
    res = CliRunner().invoke(main, ["query", str(f), "--store", str(store.path)])
    assert res.exit_code == 2 and "not UTF-8" in res.output and res.output.count("\n") == 1


MANIFEST_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                            st.lists(st.dictionaries(st.sampled_from(["kind", "name", "other", "label", "where", "text",
                                                                      "cypher", "parameters"]),
                                                     st.one_of(st.text(max_size=3), st.integers(), st.none()),
                                                     max_size=5), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["graph", "previous", "shards", "documents", "stats", "alias_rules", "patterns",
                              "relations", "edits", "built"]), value=MANIFEST_VALUES)
def test_a_manifest_of_any_wrong_shape_is_one_line(tmp_path_factory, store, field, value):
    kg = tmp_path_factory.mktemp("m") / "kg"
    shutil.copytree(store.path, kg)
    data = json.loads((kg / MANIFEST).read_text(encoding="utf-8"))
    data[field] = value
    (kg / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    for args in (["stats"], ["query", "MATCH (n) RETURN count(n)"], ["export", "-o", str(kg.parent / "g.jsonl")],
                 ["edits"]):
        res = CliRunner().invoke(main, [*args, "--store", str(kg)])
        assert res.exit_code in (0, 2), res.output
        assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
        if res.exit_code == 2:
            assert res.output.count("\n") == 1


def _record() -> dict:
    text = "Ana Reis met Ivo Dunn in Lisbon."
    ext = DocExtraction(Document("r1", text, title="T"),
                        [Mention("r1", "Ana Reis", "Person", 0, 8, 0), Mention("r1", "Ivo Dunn", "Person", 13, 21, 0)],
                        [RelationCandidate("r1", "MET", 0, 1, text, 0, len(text), "met", "verb:meet", 0.9)], "d1")
    return ext.to_json()


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                                     st.text(max_size=8)),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                        max_size=3), max_leaves=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from([("document",), ("document", "doc_id"), ("document", "text"), ("mentions",),
                             ("mentions", "rows"), ("mentions", "rows", 0), ("mentions", "rows", 0, 1),
                             ("mentions", "rows", 0, 2), ("mentions", "words"), ("mentions", "words", 0),
                             ("mentions", "columns"), ("relations", "rows", 0), ("relations", "rows", 0, 1),
                             ("relations", "rows", 0, 7), ("relations", "rows", 0, 4), ("digest",), ()]),
       value=JSON_VALUES)
def test_a_damaged_record_from_elsewhere_is_skipped_by_file_and_line(tmp_path_factory, path, value):
    d = tmp_path_factory.mktemp("s")
    record = _record()
    if path:
        node = record
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    else:
        record = value
    good = _record()
    good["document"]["doc_id"] = "r2"
    (d / "s.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    skipped = []
    try:
        result = api.build([], d / "kg", from_shards=[d / "s.jsonl"], on_skip=skipped.append)
    except KgbuildError as e:  # a record valid in shape but meaningless to the schema: one line
        assert "\n" not in str(e)
        return
    assert result.documents_total in (1, 2)
    if result.documents_total == 1:
        assert [s.where for s in skipped] == [f"{d / 's.jsonl'}:1"]


# ------------------------------------------------------------------ parameters and credentials
def test_parameters_are_text_unless_written_as_numbers_and_typed_with_colon_equals(store):
    q = "RETURN $v AS v"
    cases = {"v=Nan": "Nan", "v=Infinity": "Infinity", "v=1_000": "1_000", "v=007": "007", "v=0x1F": "0x1F",
             "v=5": 5, "v=-2.5": -2.5, "v=1e3": 1000.0, 'v:="5"': "5", "v:=[1, 2]": [1, 2], "v:=true": True,
             "v:=null": None}
    for p, want in cases.items():
        res = CliRunner().invoke(main, ["query", q, "-p", p, "--json", "--store", str(store.path)])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output) == {"v": want}, p
    for p in ("v=1e999", "v:=NaN", "v:=nope", "v=123456789012345678901"):
        res = CliRunner().invoke(main, ["query", q, "-p", p, "--store", str(store.path)])
        assert res.exit_code == 2 and "bad parameter" in res.output


def test_the_password_prompt_never_shows_credentials_in_the_address(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    res = CliRunner().invoke(main, ["query", "RETURN 1", "--neo4j", "--password-prompt", "--uri",
                                    "neo4j://admin:s3cr%40t@db.example.org:7687"], input="typed\n")
    assert "s3cr" not in res.output and "admin" not in res.output.split("Neo4j password for")[1].split(":")[0]
    assert "neo4j://db.example.org:7687" in res.output and "Traceback" not in res.output


# ------------------------------------------------------------------ the cost of one query
RUN_QUERY = """
import sys
from kgbuild import api
try:
    api.query(open(sys.argv[1]).read(), sys.argv[2])
except Exception as e:
    print(type(e).__name__, str(e))
"""


@pytest.mark.parametrize("query, message", [
    ("MATCH (p:Person) WHERE " + " OR ".join(f"p.name = 'n{i}'" for i in range(100_000)) + " RETURN p",
     "characters long"),
    ("RETURN " + "(" * 4000 + "1" + ")" * 4000, "nested"),
    ("RETURN " + "[" * 3000 + "1" + "]" * 3000, "nested"),
    ("RETURN " + "CASE WHEN true THEN " * 24 + "1" + " END" * 24, "CASE"),
])
def test_a_query_too_long_or_too_deep_is_refused_before_it_runs(store, tmp_path, query, message):
    f = tmp_path / "q.cypher"
    f.write_text(query, encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-c", RUN_QUERY, str(f), str(store.path)], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    peak = _watch(p, max_rss_mb=2000, seconds=60)  # kills it beyond 2 GB or a minute
    out, err = p.communicate()
    assert p.returncode == 0, f"the process died ({p.returncode}, {peak} MB at most): {err[-500:]}"
    assert out.startswith("QueryTooCostly") and message in out


def _watch(p: subprocess.Popen, max_rss_mb: int, seconds: float) -> int:
    """Poll a child's resident memory until it ends; kill it when it grows past max_rss_mb or outlives `seconds`.
    Returns the largest resident size seen, in MB."""
    import time

    peak, deadline = 0, time.monotonic() + seconds
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/status") as fh:
                rss = next((int(line.split()[1]) // 1024 for line in fh if line.startswith("VmRSS:")), 0)
        except OSError:
            rss = 0
        peak = max(peak, rss)
        if rss > max_rss_mb or time.monotonic() > deadline:
            p.kill()
            break
        time.sleep(0.05)
    return peak


def test_queries_within_the_bounds_run(store):
    assert api.query("RETURN " + "(" * 30 + "1" + ")" * 30 + " AS x", store.path).rows == [[1]]
    assert api.query("RETURN " + "+".join(["1"] * 2000) + " AS x", store.path).rows == [[2000]]
