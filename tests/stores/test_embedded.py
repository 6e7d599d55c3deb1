"""The embedded store: a folder with a LadybugDB graph, its shards and a manifest that is the commit point."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kgbuild.errors import KgbuildError, QueryFailed, StoreLocked, StoreMissing, WriteRefused
from kgbuild.records import DocExtraction, Document, Mention
from kgbuild.stores.embedded import MANIFEST, EmbeddedStore, StoreState
from tests.stores.graphs import SIGNED, custom_graph, facts, small_graph


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    st = EmbeddedStore(tmp_path_factory.mktemp("template") / "kg")
    st.write_graph(small_graph())
    return st.path


@pytest.fixture
def store(template, tmp_path) -> EmbeddedStore:
    """A store holding small_graph() (a copy of one built once: creating a database takes a while)."""
    shutil.copytree(template, tmp_path / "kg")
    return EmbeddedStore(tmp_path / "kg")


def record(doc_id: str, text: str) -> DocExtraction:
    name = text.split()[0] + " " + text.split()[1]
    return DocExtraction(Document(doc_id, text), [Mention(doc_id, name, "Person", 0, len(name), 0)], [], digest=doc_id)


def graph_files(st: EmbeddedStore) -> list[str]:
    return sorted(p.name for p in st.path.iterdir() if p.name.startswith("graph-"))


# ------------------------------------------------------------------ the contract
@pytest.mark.parametrize("make", [small_graph, custom_graph], ids=["built-in types", "a user-declared type"])
def test_write_then_read_gives_back_every_label_type_and_value(tmp_path, make):
    g = make()
    st = EmbeddedStore(tmp_path / "kg")
    result = st.write_graph(g)
    assert result.records == g.number_of_nodes() + g.number_of_edges()
    back = EmbeddedStore(tmp_path / "kg").read_graph()  # a new handle: everything comes from the folder
    assert facts(back) == facts(g)
    assert set(back.graph["schema"].relations) == set(g.graph["schema"].relations)


def test_a_user_declared_type_is_remembered_in_the_manifest_and_can_be_queried(tmp_path):
    st = EmbeddedStore(tmp_path / "kg")
    st.write_graph(custom_graph())
    assert [r["name"] for r in st.state().relations] == [SIGNED.name]
    assert SIGNED.name in st.schema
    res = st.query(f"MATCH (a:Person)-[r:{SIGNED.name}]->(b) RETURN b.id, r.place ORDER BY b.id")
    assert res.rows == [["IE", "Dublin"], ["person:x", None]]


def test_query_parameters_carry_values_that_look_like_code(store):
    name = "X\"}) DETACH DELETE n //"
    res = store.query("MATCH (p:Person) WHERE p.name = $name RETURN p.id, p.aliases", {"name": name})
    assert res.rows == [["person:x", ["X|Y"]]]
    assert store.query("MATCH (n) RETURN count(n) AS n").records() == [{"n": 8}]


def test_queries_are_read_only_unless_write_is_given(store):
    for cypher in ("MATCH (p:Person) SET p.name = 'x' RETURN p", "CREATE (p:Person {id: 'p'})",
                   "MATCH (n) DETACH DELETE n"):
        with pytest.raises(WriteRefused, match="--write"):
            store.query(cypher)
    # Words inside strings and comments are not clauses.
    assert store.query("MATCH (p:Person) WHERE p.name <> 'CREATE' RETURN count(p) // DELETE").rows == [[2]]
    store.query("MATCH (p:Person {id: 'person:x'}) SET p.country = 'IE'", write=True)
    assert store.query("MATCH (p:Person {id: 'person:x'}) RETURN p.country").rows == [["IE"]]


# ------------------------------------------------------------------ commit protocol
def test_commit_keeps_shards_and_settings_and_replaces_the_graph_file(tmp_path):
    st = EmbeddedStore(tmp_path / "kg")
    rules = [{"kind": "same", "name": "A B", "other": "C D", "label": None, "where": "a.csv line 1"}]
    patterns = [{"name": "p.json", "text": '{"patterns": []}'}]
    with st.writing():
        pending = st.pending_shard()
        pending.write(record("d1", "Ana Reis met Ivo Dunn."))
        first = st.commit(small_graph(), pending=pending, documents=1, alias_rules=rules, patterns=patterns)
    assert first.shards == [pending.name] and not pending.tmp.exists()
    old_graph = graph_files(st)
    st.write_graph(custom_graph())  # a new graph, nothing else
    now = st.state()
    assert (now.shards, now.documents, now.alias_rules, now.patterns) == (first.shards, 1, rules, patterns)
    # The new file is current; the one before it stays (a reader may be opening it) until the next commit.
    assert now.graph not in old_graph and graph_files(st) == sorted(old_graph + [now.graph])
    assert now.previous == old_graph[0]
    st.write_graph(custom_graph())
    assert graph_files(st) == sorted([now.graph, st.state().graph])
    assert list(st.extractions()) == ["d1"] and st.extractions()["d1"].document.text == "Ana Reis met Ivo Dunn."
    assert now.stats["relationships"][SIGNED.name] == 2


def test_a_later_record_of_a_document_supersedes_the_earlier_one(tmp_path):
    st = EmbeddedStore(tmp_path / "kg")
    for text in ("Ana Reis met Ivo Dunn.", "Ana Reis met Eva Novak."):
        with st.writing():
            pending = st.pending_shard()
            pending.write(record("d1", text))
            st.commit(small_graph(), pending=pending)
    assert len(st.state().shards) == 2
    assert st.extractions()["d1"].document.text == "Ana Reis met Eva Novak."


def test_an_empty_pending_shard_adds_no_shard(tmp_path):
    st = EmbeddedStore(tmp_path / "kg")
    with st.writing():
        st.commit(small_graph(), pending=st.pending_shard())
    assert st.state().shards == [] and list((st.path / "shards").iterdir()) == []


def test_leftovers_of_an_interrupted_writer_are_swept_by_the_next(store):
    (store.path / "graph-19990101000000-dead00.lbug").write_bytes(b"half a database")
    (store.path / "manifest.json.19990101000000-dead00.tmp").write_text("{")
    (store.path / "shards").mkdir(exist_ok=True)
    (store.path / "shards" / "19990101000000-dead00.jsonl.tmp").write_text("{")
    (store.path / "notes.txt").write_text("mine")  # not kgbuild's: left alone
    before = store.state()
    with store.writing():
        pass
    names = sorted(p.name for p in store.path.iterdir())
    assert names == sorted([".lock", MANIFEST, "shards", "notes.txt", before.graph])
    assert list((store.path / "shards").iterdir()) == []
    assert facts(store.read_graph()) == facts(small_graph())


def test_a_second_writer_is_refused_with_a_clear_message(store):
    with store.writing():
        with pytest.raises(StoreLocked) as e:
            EmbeddedStore(store.path).write_graph(custom_graph())
    assert "being written by another kgbuild process (pid " in str(e.value) and "--wait" in str(e.value)
    assert facts(store.read_graph()) == facts(small_graph())  # the refused write changed nothing


def test_a_folder_that_is_not_a_store_is_never_written_into(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.txt").write_text("precious")
    with pytest.raises(KgbuildError, match="exists and is not a kgbuild store; choose another --store path"):
        EmbeddedStore(tmp_path / "docs").write_graph(small_graph())
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["thesis.txt"]


# ------------------------------------------------------------------ the manifest
@pytest.mark.parametrize("content, message", [
    ("{not json", "is damaged"),
    ("[]", "is damaged (not a JSON object)"),
    ('{"format": 2}', "is damaged (no graph file or shard list)"),
    ('{"format": 2, "graph": "graph-x.lbug", "shards": ["../../etc/passwd"]}', "no graph file or shard list"),
    ('{"format": 2, "graph": "/etc/passwd", "shards": []}', "graph file '/etc/passwd'"),
    ('{"format": 2, "graph": "graph-x.lbug", "shards": [], "documents": "many"}', "is damaged"),
    ('{"format": 2, "graph": "graph-x.lbug", "shards": [], "relations": [{"name": "met"}]}', "UPPER_SNAKE_CASE"),
    ('{"format": 99, "graph": "graph-x.lbug", "shards": []}', "has format 99, which this kgbuild cannot read"),
    ('{"graph": "graph-x.lbug", "shards": []}', "has format None"),
])
def test_a_manifest_of_the_wrong_shape_is_one_line_saying_what_to_do(tmp_path, content, message):
    import kgbuild

    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / MANIFEST).write_text(content, encoding="utf-8")
    for call in (lambda: EmbeddedStore(tmp_path / "kg").state(), lambda: kgbuild.stats(tmp_path / "kg"),
                 lambda: kgbuild.query("MATCH (n) RETURN n", store=tmp_path / "kg")):
        with pytest.raises(KgbuildError) as e:
            call()
        text = str(e.value)
        assert message in text and str(tmp_path / "kg" / MANIFEST) in text and "\n" not in text
        assert "rebuild" in text or "use the kgbuild that wrote it" in text


def test_the_manifest_round_trips_and_reads_format_1(store):
    st = store.state()
    assert StoreState.from_json(json.loads(json.dumps(st.to_json())), "m") == st
    old = st.to_json() | {"format": 1}
    del old["relations"], old["patterns"]
    assert StoreState.from_json(old, "m").graph == st.graph


def test_no_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreMissing, match=r"no kgbuild store at .*Build one first: kgbuild build ARTICLES"):
        EmbeddedStore(tmp_path / "nothing").read_graph()
    assert not (tmp_path / "nothing").exists()  # reading creates nothing


def test_stats_come_from_the_manifest_without_opening_the_database(store):
    nodes, rels = store.stats()
    assert nodes == {"Person": 2, "Country": 1, "Place": 1, "Ministry": 1, "Organization": 1, "Event": 1,
                     "Document": 1}
    assert rels["HOLDS_ROLE"] == 3 and rels["MENTIONS"] == 7
    (store.path / store.state().graph).rename(store.path / "elsewhere.lbug")  # no database at all
    assert store.stats() == (nodes, rels)


# ------------------------------------------------------------------ database handles
OPEN_FOR_WRITING = ("import ladybug, sys\n"
                    "db = ladybug.Database(sys.argv[1])\n"
                    "print(ladybug.Connection(db).execute('MATCH (n) RETURN count(n)').get_all()[0][0])")


def other_process_can_write(st: EmbeddedStore) -> bool:
    """Whether another process can open the graph file for writing (LadybugDB refuses while we hold it)."""
    p = subprocess.run([sys.executable, "-c", OPEN_FOR_WRITING, str(st.path / st.state().graph)],
                       capture_output=True, text=True, timeout=120)
    return p.returncode == 0 and p.stdout.strip() == "8"


def test_a_failing_query_leaves_no_open_handle(store):
    for cypher, write in (("MATCH (n:Nowhere) RETURN n", False), ("MATCH (p:Person) RETURN p.nope", False),
                          ("MATCH (p:Person) SET p.nope = 1", True)):
        with pytest.raises(QueryFailed) as e:
            store.query(cypher, write=write)
        assert str(e.value).startswith("the query failed: ") and "\n" not in str(e.value)
    store.query("MATCH (p:Person {id: 'person:x'}) SET p.country = 'IE'", write=True)
    store.read_graph()
    assert other_process_can_write(store), "a query left the database open"
