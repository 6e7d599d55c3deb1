"""`kgbuild query` without --write is read-only: the Cypher guard (kgbuild.cypher_guard) and the embedded store
behind it. Hostile queries from issue 12 go through the CLI against a small store built from a hand-made graph
(no spaCy model), and must leave it exactly as it was; generated queries fuzz the classifier both ways."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild import api
from kgbuild.cli import main
from kgbuild.cypher_guard import (
    DENIED_FUNCTION_PARTS,
    FUNCTION_NAMESPACES,
    READ_PROCEDURES,
    check_read_query,
    statements,
    tokenize,
)
from kgbuild.errors import NotReadOnly, QueryFailed, WriteRefused
from kgbuild.stores.embedded import EmbeddedStore

from .neo4j_support import REGISTRY, unavailable

SECRET = "kgbuild-secret-line-7f3a"


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("person:ada", label="Person", properties={"id": "person:ada", "name": "Ada Quill",
                                                        "aliases": ["Ada Quill", "Quill"]})
    g.add_node("person:bo", label="Person", properties={"id": "person:bo", "name": "Bo Ferrant",
                                                       "aliases": ["Bo Ferrant", "Ferrant"]})
    g.add_node("doc:d1", label="Document", properties={"id": "doc:d1", "doc_id": "d1", "title": "Quill meets Ferrant",
                                                       "source": "https://example.org/d1", "published": "2025-01-02"})
    g.add_edge("person:ada", "person:bo", key="MET|d1|ada|bo", type="MET",
               properties={"key": "MET|d1|ada|bo", "doc_id": "d1", "evidence": "Quill met Ferrant in Porto.",
                           "rule": "test", "confidence": 0.9, "place": "Porto"})
    for p in ("person:ada", "person:bo"):
        g.add_edge("doc:d1", p, key=f"MENTIONS|{p}", type="MENTIONS", properties={"doc_id": "d1", "count": 1})
    return g


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("guard") / "kg"
    EmbeddedStore(path).write_graph(_graph())
    return path


@pytest.fixture
def store(built, tmp_path) -> Path:
    """A fresh copy of the small store for one test."""
    path = tmp_path / "kg"
    shutil.copytree(built, path)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def files(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def assert_refused(res, what: str) -> None:
    assert res.exit_code == 2, res.output
    assert f"{what} at line " in res.output and "not allowed in a read-only query" in res.output, res.output
    assert "--write" in res.output and "Traceback" not in res.output


def assert_intact(store: Path, before: dict[str, bytes], tmp_path: Path, every_read: bool = False) -> None:
    """Nothing in the store changed (no .wal or .shadow), and reads still work (with every_read, each command)."""
    assert files(store) == before
    assert not list(store.rglob("*.wal")) and not list(store.rglob("*.shadow"))
    assert "Ada Quill" in run("query", "who-met-whom", "--store", store).output
    if every_read:
        for args in (["stats"], ["explain", "Quill"], ["why", "Quill", "Ferrant"],
                     ["export", "--format", "jsonl", "-o", tmp_path / "after.jsonl"]):
            res = run(*args, "--store", store)
            assert res.exit_code == 0, f"{args}: {res.output}"


# ------------------------------------------------------------------ issue 12, through the CLI
@pytest.mark.parametrize("cypher", [
    "RETURN 'a//b' AS x; CHECKPOINT",
    "RETURN '//' AS x; CHECKPOINT",
    "RETURN '/*' AS a; CHECKPOINT; RETURN '*/' AS b",  # a /* ... */ split across two strings
    'RETURN "x\\"//" AS x; CHECKPOINT',
])
def test_a_checkpoint_after_a_string_is_refused_and_the_store_stays_readable(store, tmp_path, cypher):
    before = files(store)
    assert_refused(run("query", cypher, "--store", store), "a second statement")
    assert_intact(store, before, tmp_path, every_read=True)


def test_a_checkpoint_behind_a_comment_ladybug_reads_differently_is_refused(store, tmp_path):
    before = files(store)
    res = run("query", "MATCH (p:Person) RETURN p.name AS name /* **/ , '*/ ; CHECKPOINT //'", "--store", store)
    assert_refused(res, "a second statement")
    assert "`**/` does not close" in res.output
    assert_intact(store, before, tmp_path, every_read=True)


def test_the_guard_ends_comments_where_ladybug_does(built):
    """The guard's model of LadybugDB's /* comments (kgbuild.cypher_guard._ladybug_comment_end), checked against
    LadybugDB on every comment body of up to 5 characters from `*`, `/`, `a` and a space."""
    import itertools

    import ladybug

    graph = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["graph"]
    db = ladybug.Database(str(built / graph), read_only=True)
    conn = ladybug.Connection(db)
    head = "RETURN 1 AS x "
    try:
        for n in range(6):
            for body in map("".join, itertools.product("*/a ", repeat=n)):
                text = head + "/*" + body + "*/"
                try:
                    conn.execute(text)
                    runs = True
                except RuntimeError:
                    runs = False
                try:  # the guard's reading: nothing but blanks and comments after the head
                    expected = tokenize(text, ladybug=True) == tokenize(head)
                except QueryFailed:
                    expected = False
                assert expected == runs, repr(body)
    finally:
        conn.close()
        db.close()


def test_checkpoint_alone_is_refused(store, tmp_path):
    before = files(store)
    assert_refused(run("query", "CHECKPOINT // alone", "--store", store), "CHECKPOINT")
    assert_intact(store, before, tmp_path, every_read=True)


@pytest.mark.parametrize("cypher", [
    "RETURN '//' AS x; COPY (MATCH (p:Person) RETURN p.name) TO '{out}'",
    "RETURN '/*' AS x; COPY (MATCH (p:Person) RETURN p.name) TO '{out}' // */",
    "COPY (MATCH (p:Person) RETURN p.name) TO '{out}'",
    "MATCH (p:Person) RETURN p.name AS name /* ; */ ; COPY Person TO '{out}'",
])
def test_copy_to_a_file_is_refused_and_writes_nothing(store, tmp_path, cypher):
    out = tmp_path / "leak.csv"
    before = files(store)
    res = run("query", cypher.format(out=out), "--store", store)
    assert res.exit_code == 2 and "--write" in res.output, res.output
    assert not out.exists()
    assert_intact(store, before, tmp_path)


@pytest.mark.parametrize("cypher", [
    "RETURN '//' AS x; LOAD FROM '{src}' (header=false) RETURN *",
    "RETURN 'a//b' AS x; LOAD WITH HEADERS (line STRING) FROM '{src}' RETURN *",
    "LOAD FROM '{src}' (header=false) RETURN *",
    "MATCH (p:Person) WITH p LOAD FROM '{src}' (header=false) RETURN *",
    "MATCH (p:Person) WHERE p.name <> '//' LOAD FROM '{src}' (header=false) RETURN *",
])
def test_load_from_a_file_is_refused_and_prints_nothing_of_it(store, tmp_path, cypher):
    src = tmp_path / "secret.csv"
    src.write_text(SECRET + "\n", encoding="utf-8")
    before = files(store)
    res = run("query", cypher.format(src=src), "--store", store)
    assert res.exit_code == 2 and "--write" in res.output, res.output
    assert SECRET not in res.output
    assert_intact(store, before, tmp_path)


@pytest.fixture(scope="module")
def extension(tmp_path_factory) -> tuple[Path, Path]:
    """A shared object whose constructor creates a marker file as soon as anything loads it."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        unavailable("no C compiler (cc) to build the test extension")
    d = tmp_path_factory.mktemp("ext")
    marker = d / "constructor-ran"
    (d / "evil.c").write_text("#include <fcntl.h>\n#include <unistd.h>\n"
                              "__attribute__((constructor)) static void mark(void)\n"
                              "{ int fd = open(MARKER, O_CREAT | O_WRONLY, 0644); if (fd >= 0) close(fd); }\n",
                              encoding="utf-8")
    lib = d / "evil.lbug_extension"
    subprocess.run([cc, "-shared", "-fPIC", f'-DMARKER="{marker}"', "-o", str(lib), str(d / "evil.c")], check=True)
    return lib, marker


@pytest.mark.parametrize("cypher", [
    "RETURN '//' AS x; LOAD EXTENSION '{lib}'",
    "RETURN 'a/*' AS x; LOAD EXTENSION '{lib}'; RETURN '*/'",
    "LOAD EXTENSION '{lib}'",
    "load extension '{lib}'",
])
def test_load_extension_is_refused_before_anything_loads(store, tmp_path, extension, cypher):
    lib, marker = extension
    before = files(store)
    res = run("query", cypher.format(lib=lib), "--store", store)
    assert res.exit_code == 2 and "--write" in res.output, res.output
    assert not marker.exists(), "the extension's code ran"
    assert_intact(store, before, tmp_path)


@pytest.mark.parametrize("cypher, what", [
    ("RETURN '//' AS x; EXPORT DATABASE '{out}'", "a second statement"),
    ("EXPORT DATABASE '{out}'", "EXPORT"),
    ("IMPORT DATABASE '{out}'", "IMPORT"),
    ("RETURN '//' AS x; INSTALL json", "a second statement"),
    ("INSTALL json", "INSTALL"),
    ("ATTACH '{out}' AS other (dbtype lbug)", "ATTACH"),
    ("MATCH (p:Person) RETURN p.name AS `//` ; DETACH DATABASE other", "a second statement"),
    ("CALL read_csv_serial('{out}') RETURN *", "CALL read_csv_serial"),
    ("CALL threads=1", "CALL threads"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("MATCH (p:Person) SET p.name = 'x' RETURN p", "SET"),
    ("MATCH (p:Person) WHERE p.name = '//' DETACH DELETE p", "DETACH"),
    ("RETURN nextval('s') AS n", "the function nextval"),
])
def test_file_database_and_write_statements_are_refused_with_where_they_are(store, tmp_path, cypher, what):
    out = tmp_path / "elsewhere"
    before = files(store)
    assert_refused(run("query", cypher.format(out=out), "--store", store), what)
    assert not out.exists()
    assert_intact(store, before, tmp_path)


def test_the_refusal_says_where(store):
    res = run("query", "MATCH (p:Person)\nWITH p\n  LOAD FROM '/etc/hostname' RETURN *", "--store", store)
    assert "LOAD at line 3, column 3 is not allowed in a read-only query" in res.output


def test_reads_that_name_keywords_run(store):
    cypher = ("MATCH (d:Document) // load, set, export; DROP\n"
              "RETURN d.source AS load, d.title AS export, $drop AS set, d.doc_id AS checkpoint, "
              "'x; CREATE (n) /*' AS copy ORDER BY load")
    res = run("query", cypher, "-p", "drop=7", "--json", "--store", store)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == {"load": "https://example.org/d1", "export": "Quill meets Ferrant", "set": 7,
                                      "checkpoint": "d1", "copy": "x; CREATE (n) /*"}
    res = run("query", "MATCH (`CREATE`:Person) WHERE `CREATE`.name STARTS WITH 'Ada' RETURN `CREATE`.name AS call;",
              "--store", store)
    assert res.exit_code == 0 and "Ada Quill" in res.output, res.output


def test_write_lifts_the_guard(store, tmp_path):
    out = tmp_path / "names.csv"
    res = run("query", f"COPY (MATCH (p:Person) RETURN p.name ORDER BY p.name) TO '{out}'", "--write", "--store", store)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").split() == ["Ada", "Quill", "Bo", "Ferrant"]
    assert run("query", "CHECKPOINT // alone", "--write", "--store", store).exit_code == 0
    assert "Ada Quill" in run("query", "who-met-whom", "--store", store).output


def test_a_graph_ladybug_cannot_open_is_one_line_not_a_traceback(store):
    """What the CHECKPOINT of issue 12 left behind (a crash mid-checkpoint can too): LadybugDB then refuses to
    open the graph read-only; kgbuild says so in one line."""
    import ladybug

    graph = store / json.loads((store / "manifest.json").read_text(encoding="utf-8"))["graph"]
    db = ladybug.Database(str(graph), read_only=True)
    conn = ladybug.Connection(db)
    try:
        with pytest.raises(RuntimeError):
            conn.execute("CHECKPOINT")
    finally:
        conn.close()
        db.close()
    assert list(store.glob("*.wal")) or list(store.glob("*.shadow"))
    res = run("query", "who-met-whom", "--store", store)
    assert res.exit_code == 2 and "cannot open the graph of the store" in res.output, res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1


def _open_files(path: Path) -> list[str]:
    fd_dir = Path("/proc/self/fd")
    out = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            out.append(target)
    return out


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_a_failed_query_leaves_no_database_file_open(store):
    s = EmbeddedStore(store)
    errors = []  # a caller (or a notebook) that keeps the error must not keep the database open with it
    for cypher in ("MATCH (p:Person) RETURN nosuch", "MATCH (p:Person) RETURN p.name +* 1",
                   "MATCH (p:Person) RETURN CAST(p.name AS INT64)"):  # fails binding, parsing, running
        with pytest.raises(QueryFailed) as err:
            s.query(cypher)
        errors.append(err.value)
        assert _open_files(store) == [], cypher
    assert s.query("MATCH (p:Person) RETURN count(p)").rows == [[2]]
    assert _open_files(store) == []


# ------------------------------------------------------------------ the classifier
READS = [
    "MATCH (p:Person) RETURN p.name",
    "MATCH (d:Document) RETURN d.source AS load, $drop AS x, d.title AS `CREATE`",
    "MATCH (n) RETURN n.set, n.export, n.load",
    "RETURN 'x; CREATE (n) // /* */' AS s // CHECKPOINT\n",
    "RETURN 1 AS x /* ; DROP TABLE Person; */ ;",
    "RETURN \"it\\\"s // not a comment\" AS s",
    "RETURN 'a\\\\' AS s, '//' AS t",
    "MATCH (n) WITH * RETURN count(*)",
    "MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN COUNT { (n)--() } AS degree",
    "MATCH (n) WHERE EXISTS { (n)-[:MET]->(:Person) } RETURN n",
    "MATCH (p:Person) RETURN COLLECT { MATCH (p)--(q) RETURN q.name } AS names",
    "RETURN {load: 1, set: 2, match: 3} AS m",
    "MATCH (n:Person {id: 'x'}) RETURN n {.name, .aliases, load: 1}",
    "CALL show_tables() RETURN *",
    "CALL table_info('Person') WHERE name <> 'id' RETURN *",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score RETURN node.name, score",
    "MATCH (n) CALL { WITH n RETURN 1 AS one } RETURN one",
    "MATCH (n) CALL (n) { RETURN n.name AS name } RETURN name",
    "RETURN date.truncate('day', date()) AS d, duration.between(date(), date()) AS z",
    "RETURN point.distance(point({x: 0, y: 0}), point({x: 1, y: 1})) AS p, vector.similarity.cosine([1], [1]) AS v",
    "RETURN CAST(1 AS STRING) AS s",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "MATCH (a)-[e* SHORTEST 1..3]->(b) RETURN count(*)",
    "MATCH (a)-[e:MET* ALL SHORTEST 1..3]->(b) RETURN count(*)",
    "MATCH (a:Person)-[e:MET* 1..2 (r, n | WHERE r.doc_id <> 'x')]->(b) RETURN count(*)",
    "MATCH p = shortestPath((a)-[:MET|TALKED_TO*..8]-(b)) RETURN [n IN nodes(p) | n.name]",
    "RETURN 1 AS x UNION ALL RETURN 2 AS x",
    "RETURN 1 AS x UNION RETURN 2 AS x",
    "RETURN $`a b`, $1, $load, $set",
    "RETURN 1 AS load ORDER BY load DESC SKIP 1 LIMIT 2",
    "MATCH (n) RETURN n ORDER BY n.name ASCENDING OFFSET 1",
    "RETURN [x IN [1, 2] WHERE x > 1 | x * 2] AS l, reduce(s = 0, x IN [1, 2] | s + x) AS t",
    ("MATCH (n) WHERE n.name STARTS WITH 'A' AND NOT n.name ENDS WITH 'z' OR n.x IS NOT NULL XOR n.y CONTAINS 'q' "
     "RETURN n"),
    "MATCH (n) WHERE n:Person|Country AND n.name =~ 'A.*' RETURN n",
    "MATCH (n) RETURN CASE WHEN n.x > 1 THEN 'big' ELSE 'small' END AS size, CASE n.y WHEN 1 THEN 2 END AS z",
    "MATCH (p:Person) RETURN p.name AS call ORDER BY call",
    "MATCH (call:Person) RETURN call.name",
    "UNWIND [1, 2] AS load RETURN load",
    "OPTIONAL MATCH (n:Person)-[r]->(m) RETURN labels(n), type(r), label(r), list_contains(n.aliases, 'x')",
    "MATCH (n) RETURN 0x1F, 1.5e-3, .5, 1_000",
    "// a comment first\nMATCH (n) RETURN n // and last",
    "/* block */ MATCH (n) RETURN n /* and ; another */",
]


@pytest.mark.parametrize("cypher", READS)
def test_reads_pass(cypher):
    check_read_query(cypher)


REFUSED = [
    ("RETURN '//' AS x; LOAD EXTENSION '/tmp/evil.lbug_extension'", "a second statement", (1, 19)),
    ("RETURN 'a//b' AS x; CHECKPOINT", "a second statement", (1, 21)),
    ("RETURN 1 AS x;\n  RETURN 2 AS y", "a second statement", (2, 3)),
    ("CHECKPOINT", "CHECKPOINT", (1, 1)),
    ("MATCH (n)\nWITH n\nLOAD FROM '/etc/passwd' RETURN *", "LOAD", (3, 1)),
    ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "LOAD", (1, 1)),
    ("MATCH (n) DETACH DELETE n", "DETACH", (1, 11)),
    ("MATCH (n) SET n.x = 1", "SET", (1, 11)),
    ("MATCH (n) REMOVE n.x", "REMOVE", (1, 11)),
    ("create (n)", "create", (1, 1)),
    ("MERGE (n:Person {id: 1})", "MERGE", (1, 1)),
    ("MATCH (n) FOREACH (x IN [1] | SET n.x = x)", "FOREACH", (1, 11)),
    ("MATCH (n) RETURN n UNION CREATE (m)", "CREATE", (1, 26)),
    ("RETURN 1 AS x UNION ALL CHECKPOINT", "CHECKPOINT", (1, 25)),
    ("MATCH (n) WITH * DETACH DELETE n", "DETACH", (1, 18)),
    ("CALL { CREATE (n) }", "CREATE", (1, 8)),
    ("MATCH (n) CALL { WITH n SET n.x = 1 } RETURN n", "SET", (1, 25)),
    ("MATCH (n) CALL (n) { DELETE n } RETURN 1", "DELETE", (1, 22)),
    ("MATCH (n) CALL { RETURN 1 AS x } IN TRANSACTIONS RETURN x", "CALL { ... } IN TRANSACTIONS", (1, 34)),
    ("RETURN COUNT { CHECKPOINT }", "CHECKPOINT", (1, 16)),
    ("RETURN {k: COUNT { CREATE (n) }}", "CREATE", (1, 20)),
    ("RETURN {k: 1 CREATE (n)}", "CREATE", (1, 14)),
    ("MATCH (n) WITH n ORDER BY call (n) { CREATE (m) } RETURN 1", "CREATE", (1, 38)),
    ("CALL apoc.cypher.run('CREATE (n)', {}) YIELD value RETURN value", "CALL apoc.cypher.run", (1, 6)),
    ("CALL `apoc.export.csv.all`('/tmp/x', {})", "CALL apoc.export.csv.all", (1, 6)),
    ("CALL apoc.export.csv.all('/tmp/x', {})", "CALL apoc.export.csv.all", (1, 6)),
    ("CALL db.createLabel('X')", "CALL db.createLabel", (1, 6)),
    ("CALL read_csv_serial('/etc/passwd') RETURN *", "CALL read_csv_serial", (1, 6)),
    ("CALL project_graph('g', ['Person'], ['MET'])", "CALL project_graph", (1, 6)),
    ("CALL threads=4", "CALL threads", (1, 6)),
    ("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n)', {})", "the function apoc.cypher.runFirstColumnSingle",
     (1, 8)),
    ("RETURN `apoc.text.join`(['a'], ',')", "the function apoc.text.join", (1, 8)),
    ("RETURN apoc.`load`.json('x')", "the function apoc.load.json", (1, 8)),
    ("RETURN gds.version()", "the function gds.version", (1, 8)),
    ("RETURN my.plugin.fn()", "the function my.plugin.fn", (1, 8)),
    ("RETURN nextval('s')", "the function nextval", (1, 8)),
    ("RETURN x, CREATE (n)", "the function CREATE", (1, 11)),
    ("LOAD FROM read_parquet('x') RETURN *", "LOAD", (1, 1)),
    ("EXPORT DATABASE '/tmp/x'", "EXPORT", (1, 1)),
    ("IMPORT DATABASE '/tmp/x'", "IMPORT", (1, 1)),
    ("INSTALL json", "INSTALL", (1, 1)),
    ("ATTACH '/tmp/x.lbug' AS x (dbtype lbug)", "ATTACH", (1, 1)),
    ("USE neo4j MATCH (n) RETURN n", "USE", (1, 1)),
    ("BEGIN TRANSACTION", "BEGIN", (1, 1)),
    ("COMMIT", "COMMIT", (1, 1)),
    ("DROP TABLE Person", "DROP", (1, 1)),
    ("ALTER TABLE Person ADD x INT64", "ALTER", (1, 1)),
    ("SHOW INDEXES", "SHOW", (1, 1)),
    ("MATCH (n) RETURN n PROJECT GRAPH g", "PROJECT", (1, 20)),
    ("CYPHER 5 MATCH (n) RETURN n", "CYPHER", (1, 1)),
    ("EXPLAIN CHECKPOINT", "CHECKPOINT", (1, 9)),
    ("RETURN 1 // x\rCREATE (n)", "CREATE", (1, 15)),  # a server may end the comment at \r: so does the guard
    ("RETURN 1 AS x\u180eLIMIT 1", "the character '\\u180e' (U+180E)", (1, 14)),
    ("MATCH (n) RETURN n.x AS y FINISH", "FINISH", (1, 27)),
]


REFUSED += [  # what LadybugDB runs when a /* comment holds `**/` (Neo4j reads these as one harmless statement)
    ("RETURN 1 AS x /* **/ , '*/ ; CHECKPOINT //'", "a second statement", (1, 30)),
    ("MATCH (n) RETURN n /* a **/, '*/ LOAD FROM '/etc/passwd' RETURN * //'", "LOAD", (1, 34)),
]


@pytest.mark.parametrize("cypher, what, where", REFUSED)
def test_writes_files_and_second_statements_are_refused(cypher, what, where):
    with pytest.raises(NotReadOnly) as err:
        check_read_query(cypher)
    assert err.value.what == what
    if where is not None:
        assert (err.value.line, err.value.column) == where
    assert isinstance(err.value, WriteRefused) and "--write" in str(err.value)


@pytest.mark.parametrize("cypher, message", [
    ("MATCH (n RETURN n", "'(' at line 1, column 7 is never closed"),
    ("RETURN 1 AS x)", "')' at line 1, column 14 closes nothing that is open"),
    ("RETURN 'abc", "the string starting at line 1, column 8 has no closing '"),
    ("RETURN `abc", "the `name` starting at line 1, column 8 has no closing backtick"),
    ("RETURN 1 /* abc", "the /* comment starting at line 1, column 10 has no closing */"),
    ("OPTIONAL (n) RETURN n", "'(' at line 1, column 10 comes where OPTIONAL needs MATCH"),
    ("MATCH (n) RETURN n ORDER n", "'n' at line 1, column 26 comes where ORDER needs BY"),
    ("CALL", "CALL at line 1, column 1 names no procedure"),
    ("  // only a comment ;", "there is no statement in it"),
])
def test_text_no_server_could_parse_fails_with_where(cypher, message):
    with pytest.raises(QueryFailed) as err:
        check_read_query(cypher)
    assert message in str(err.value)


def test_statements_split_only_at_semicolons_outside_strings_names_and_comments():
    text = "RETURN ';' AS `;`; // one; two\nMATCH (n) /* ; */ RETURN n ;\n/* trailing; */ ;"
    assert statements(text) == ["RETURN ';' AS `;`", "// one; two\nMATCH (n) /* ; */ RETURN n"]
    assert statements("RETURN 1;") == ["RETURN 1"]
    assert statements("") == []


def test_tokens_read_strings_and_names_before_comments():
    toks = tokenize("RETURN 'a//b', \"c/*\", `d``//e`, $`p q` // end")
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "RETURN"), ("string", "a//b"), ("punct", ","), ("string", "c/*"), ("punct", ","),
        ("name", "d`//e"), ("punct", ","), ("param", "p q")]


def test_every_bundled_query_passes():
    queries = api.bundled_queries()
    assert len(queries) >= 10
    for name, text in queries.items():
        check_read_query(text)
        assert len(statements(text)) == 1, name


def test_the_queries_kgbuild_itself_runs_pass(store):
    assert api.explain("Quill", store)["name"] == "Ada Quill"
    assert api.why("Quill", "Ferrant", store).rows
    assert api.stats(store)[0]["Person"] == 2


# ------------------------------------------------------------------ functions and procedures on both servers
def _guard_function(name: str) -> bool:
    try:
        check_read_query(f"RETURN {name}(1) AS x")
        return True
    except NotReadOnly:
        return False


def test_neo4j_built_in_functions_pass_and_apoc_is_refused():
    registry = json.loads(REGISTRY.read_text(encoding="utf-8"))
    functions, procedures = registry["functions"], registry["procedures"]
    built_in = [n for n in functions if not n.startswith("apoc.")]
    # file() only works inside LOAD CSV; graph.* only names a graph for USE: both come with refused clauses.
    assert {n for n in built_in if not _guard_function(n)} == {"file", "graph.byName", "graph.byElementId"}
    apoc = [n for n in functions if n.startswith("apoc.")]
    assert len(apoc) > 100 and not any(_guard_function(n) for n in apoc)
    for name, proc in procedures.items():
        allowed = name in READ_PROCEDURES
        try:
            check_read_query(f"CALL {name}()")
            passed = True
        except NotReadOnly:
            passed = False
        assert passed == allowed, name
        if allowed:
            assert proc["mode"] in ("READ", "DBMS") and not name.startswith("apoc."), name
    assert {p for p in READ_PROCEDURES if "." in p} <= set(procedures)


def test_ladybug_functions_pass_except_state_changing_ones_and_only_listing_table_functions(built):
    import ladybug

    graph = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["graph"]
    db = ladybug.Database(str(built / graph), read_only=True)
    conn = ladybug.Connection(db)
    try:
        rows = conn.execute("CALL show_functions() RETURN name, type").get_all()
    finally:
        conn.close()
        db.close()
    scalar = [n for n, t in rows if t in ("SCALAR FUNCTION", "AGGREGATE FUNCTION") and n.isidentifier()]
    assert len(scalar) > 500
    assert {n.lower() for n in scalar if not _guard_function(n)} == {"nextval"}
    tables = {n.lower() for n, t in rows if "TABLE FUNCTION" in t or t == "COPY FUNCTION"}
    lady = {p for p in READ_PROCEDURES if "." not in p}
    assert lady <= tables
    for name in tables - lady:
        with pytest.raises(NotReadOnly):
            check_read_query(f"CALL {name}() RETURN *")
    assert {"read_csv_serial", "read_parquet", "project_graph", "file_info"} <= tables - lady


def test_the_function_rule_is_documented():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for word in (*DENIED_FUNCTION_PARTS, *sorted(FUNCTION_NAMESPACES), *READ_PROCEDURES):
        assert f"`{word}" in readme, word


# ------------------------------------------------------------------ generated queries, both ways
KEYWORD_NAMES = ["load", "set", "export", "import", "drop", "delete", "merge", "remove", "detach", "copy", "checkpoint",
                 "attach", "use", "begin", "commit", "rollback", "call", "match", "return", "skip", "limit", "foreach",
                 "show", "alter", "extension", "database", "from", "to", "csv", "count", "collect", "yield"]
NOISE_WORDS = ["CREATE (n)", "DETACH DELETE n", "LOAD EXTENSION 'x'", "CHECKPOINT", "COPY t TO 'f'", "; DROP TABLE t",
               "*/", "/*", "//", ";", "'", '"', "`", "\\", "apoc.cypher.run('CREATE (n)')", "\n"]

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
identifiers = st.builds(str.__add__, st.sampled_from(_LETTERS), st.text(_LETTERS + "0123456789", max_size=8))
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)
names = st.one_of(identifiers, st.sampled_from(KEYWORD_NAMES), any_text.map(lambda s: "`" + s.replace("`", "``") + "`"))
noise_text = st.lists(st.one_of(st.sampled_from(NOISE_WORDS), st.text(st.characters(blacklist_categories=("Cs",)),
                                                                        max_size=6)), max_size=5).map("".join)


def _string(text: str, quote: str) -> str:
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


strings = st.builds(_string, noise_text, st.sampled_from(["'", '"']))
block_comments = noise_text.map(lambda s: "/*" + s.replace("*", "+") + "*/")  # where Neo4j and LadybugDB agree
line_comments = noise_text.map(lambda s: "//" + "".join(" " if c in "\n\r\x0b\x0c\x85\u2028\u2029" else c
                                                       for c in s) + "\n")
gaps = st.one_of(st.sampled_from([" ", "\n", "\t", " \r\n "]), block_comments, line_comments)
literals = st.one_of(strings, st.integers(0, 10**6).map(str), st.sampled_from(["true", "null", "1.5"]),
                     st.builds(lambda n: "$" + n, st.one_of(identifiers, st.sampled_from(KEYWORD_NAMES))))


@st.composite
def read_queries(draw) -> list[str]:
    """A read query as a list of pieces, each separated from the next by blanks or comments."""
    v = draw(names)
    w = draw(names)
    label = draw(st.sampled_from(["Person", "Document", "`Odd Label`"]))
    prop = draw(names)
    pieces = ["MATCH", "(", v, ":", label, ")"]
    if draw(st.booleans()):
        pieces += ["-", "[", w, ":", draw(st.sampled_from(["MET", "MET|TALKED_TO"])), "]", "->", "(", draw(names), ")"]
    if draw(st.booleans()):
        op = draw(st.sampled_from(["=", "<>", "STARTS WITH", "CONTAINS", "IN"]))
        pieces += ["WHERE", v, ".", prop, op, draw(literals)]
        if draw(st.booleans()):
            pieces += [draw(st.sampled_from(["AND", "OR"])), "NOT", v, ".", draw(names), "IS", "NULL"]
    if draw(st.booleans()):
        pieces += ["WITH", v, ",", draw(literals), "AS", draw(names)]
    items = draw(st.lists(st.tuples(st.one_of(st.just(f"{v}.{prop}"), literals,
                                              st.just(f"count({v})"), st.just(f"toLower({v}.{prop})")), names),
                          min_size=1, max_size=3))
    pieces.append("RETURN")
    for k, (expr, alias) in enumerate(items):
        pieces += ([","] if k else []) + [expr, "AS", alias]
    if draw(st.booleans()):
        pieces += ["ORDER", "BY", items[0][1], draw(st.sampled_from(["", "DESC", "ASC"]))]
    if draw(st.booleans()):
        pieces += ["LIMIT", draw(st.integers(0, 100).map(str))]
    if draw(st.booleans()):
        pieces.append(";")
    return pieces


def _join(draw, pieces: list[str]) -> str:
    return "".join(p + draw(gaps) for p in pieces if p)


HOSTILE_CLAUSES = [
    "CREATE (x:Person {id: 'x'})", "MERGE (x:Person {id: 'x'})", "SET n.name = 'x'", "DELETE n", "DETACH DELETE n",
    "REMOVE n.name", "FOREACH (i IN [1] | SET n.x = i)", "LOAD FROM '/etc/passwd' (header=false)",
    "LOAD CSV FROM 'file:///etc/passwd' AS row", "LOAD WITH HEADERS (a STRING) FROM 'f'",
    "CALL apoc.cypher.run('CREATE (x)', {})",
    "CALL read_csv_serial('/etc/passwd')", "CALL db.createLabel('X')", "CALL { CREATE (x) }", "CALL (n) { DELETE n }",
    "INSERT (x:Person)", "COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'", "USE other",
]
HOSTILE_STATEMENTS = [
    "CHECKPOINT", "LOAD EXTENSION '/tmp/evil.lbug_extension'", "INSTALL json", "EXPORT DATABASE '/tmp/x'",
    "IMPORT DATABASE '/tmp/x'", "ATTACH '/tmp/x.lbug' AS x (dbtype lbug)", "DETACH DATABASE x", "BEGIN TRANSACTION",
    "COMMIT", "ROLLBACK", "DROP TABLE Person", "ALTER TABLE Person ADD x INT64",
    "CREATE NODE TABLE T(id INT64, PRIMARY KEY(id))",
    "COPY Person FROM '/tmp/x.csv'", "SHOW DATABASES", "CALL threads=1",
]
HOSTILE_FUNCTIONS = ["apoc.cypher.runFirstColumnSingle('CREATE (x)', {})", "apoc.export.csv.all('/tmp/x', {})",
                     "gds.graph.drop('g')", "nextval('s')", "`apoc.load.json`('file:///etc/passwd')", "load_file('x')"]


def _case(draw, text: str) -> str:
    """Keywords in any letter case: the servers do not care."""
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text) if draw(st.booleans()) else text


@st.composite
def hostile_queries(draw) -> str:
    pieces = draw(read_queries())
    if pieces[-1] == ";":
        pieces = pieces[:-1]
    kind = draw(st.sampled_from(["clause", "statement", "second", "function", "comment"]))
    if kind == "clause":  # an updating or file clause where a clause may start: before RETURN, or before WITH/WHERE
        at = draw(st.sampled_from([i for i, p in enumerate(pieces) if p in ("RETURN", "WITH", "WHERE")]))
        pieces = pieces[:at] + [_case(draw, draw(st.sampled_from(HOSTILE_CLAUSES)))] + pieces[at:]
    elif kind == "statement":
        pieces = [_case(draw, draw(st.sampled_from(HOSTILE_STATEMENTS)))]
    elif kind == "second":  # anything at all after a `;`, even another read
        second = HOSTILE_STATEMENTS + HOSTILE_CLAUSES + ["RETURN 1", "MATCH (n) RETURN n"]
        pieces = pieces + [";", draw(st.sampled_from(second))]
    elif kind == "function":
        at = pieces.index("RETURN")
        pieces = pieces[:at + 1] + [draw(st.sampled_from(HOSTILE_FUNCTIONS)), "AS", draw(names), ","] + pieces[at + 1:]
    else:  # a string to Neo4j, code to LadybugDB, whose /* comment does not end at `**/`
        hidden = draw(st.sampled_from(["; CHECKPOINT", "; LOAD EXTENSION 'x'"] + HOSTILE_CLAUSES))
        pieces = pieces + [", 1 AS one /* **/ , '*/", hidden, "//'\n"]
    return _join(draw, pieces)


def _accepts_generated_reads(data) -> None:
    text = _join(data.draw, data.draw(read_queries()))
    check_read_query(text)
    assert len(statements(text)) == 1


def _refuses_generated_writes(data) -> None:
    text = data.draw(hostile_queries())
    with pytest.raises(NotReadOnly):
        check_read_query(text)


FAST = settings(max_examples=300, deadline=None)
SLOW = settings(max_examples=3000, deadline=None)


@FAST
@given(st.data())
def test_generated_reads_are_accepted(data):
    _accepts_generated_reads(data)


@FAST
@given(st.data())
def test_generated_writes_and_second_statements_are_refused(data):
    _refuses_generated_writes(data)


@pytest.mark.slow
@SLOW
@given(st.data())
def test_generated_reads_are_accepted_slow(data):
    _accepts_generated_reads(data)


@pytest.mark.slow
@SLOW
@given(st.data())
def test_generated_writes_and_second_statements_are_refused_slow(data):
    _refuses_generated_writes(data)


# Generated reads LadybugDB itself runs: proof that the generator writes real Cypher, not text the guard
# passes for being harmless nonsense.
# Keywords LadybugDB accepts as names (checked by hand on 0.22), and plain names no keyword can be.
RUNNABLE_NAMES = st.one_of(st.text("abcdefghijklmnopqrstuvwxyz0123456789_", max_size=6).map("v_".__add__),
                           st.sampled_from(["load", "set", "export", "import", "drop", "delete", "merge", "remove",
                                            "detach", "copy", "checkpoint", "attach", "use", "begin", "commit",
                                            "rollback", "call", "match", "return", "skip", "limit", "foreach", "show",
                                            "alter", "extension", "database", "from", "to", "csv", "count", "collect",
                                            "yield", "contains", "is", "by"]))
printable = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc")),
                    max_size=6)
printable_noise = st.lists(st.one_of(st.sampled_from(NOISE_WORDS), printable), max_size=5).map("".join)


@st.composite
def runnable_reads(draw) -> tuple[str, dict]:
    v, alias, alias2 = draw(RUNNABLE_NAMES), draw(RUNNABLE_NAMES), draw(RUNNABLE_NAMES)
    alias = alias + "_1" if alias == v else alias  # ORDER BY a node is not supported
    alias2 = alias2 + "_2" if alias2 in (v, alias) else alias2
    s = _string(draw(printable_noise), draw(st.sampled_from(["'", '"'])))
    pieces = ["MATCH", f"({v}:Person)"]
    if draw(st.booleans()):
        pieces += ["WHERE", f"{v}.name", draw(st.sampled_from(["<>", "STARTS WITH", "CONTAINS"])), s]
    param = draw(RUNNABLE_NAMES)
    pieces += ["RETURN", f"{v}.name", "AS", alias, ",", f"${param}", "AS", alias2, "ORDER", "BY", alias]
    if draw(st.booleans()):
        pieces.append(";")
    return _join(draw, pieces), {param: 1}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_generated_reads_run_on_ladybug(built, data):
    text, params = data.draw(runnable_reads())
    check_read_query(text)
    res = EmbeddedStore(built).query(text, params)
    assert len(res.columns) == 2 and all(row[1] == 1 for row in res.rows)
