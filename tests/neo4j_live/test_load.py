"""Loading into a real Neo4j: idempotent, additive, schema first, interrupted loads that finish cleanly."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kgbuild.cli import main
from kgbuild.schema import ENTITY_LABELS, FULLTEXT_INDEX, NODE_LABELS, SCHEMA
from kgbuild.stores.neo4j import Neo4jLoadFailed, schema_statements

REL_ENDPOINTS = SCHEMA.relations

from .conftest import as_dict, element_ids, store

pytestmark = pytest.mark.neo4j


def counts(server) -> tuple[int, int]:
    n = server.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    r = server.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return n, r


def test_loading_the_same_graph_twice_changes_nothing(server, graphs):
    g = graphs["full"]
    with store(server, batch_size=10) as neo:
        first = neo.write_graph(g)
        assert first.totals("nodes") == (g.number_of_nodes(), 0, 0)
        assert first.totals("relationships") == (g.number_of_edges(), 0, 0)
        assert as_dict(neo.read_graph()) == as_dict(g)
        ids = element_ids(server)
        second = neo.write_graph(g)
    assert second.totals("nodes") == (0, 0, g.number_of_nodes())
    assert second.totals("relationships") == (0, 0, g.number_of_edges())
    assert counts(server) == (g.number_of_nodes(), g.number_of_edges())
    assert element_ids(server) == ids  # the same nodes and relationships, none recreated
    assert "0 created, 0 updated" in second.summary()


def test_new_articles_only_add(server, graphs):
    half, full, extended = graphs["half"], graphs["full"], graphs["extended"]
    with store(server) as neo:
        neo.write_graph(half)
        before = element_ids(server)
        grown = neo.write_graph(full)
        assert grown.totals("nodes")[0] == full.number_of_nodes() - half.number_of_nodes()
        assert grown.totals("relationships")[0] == full.number_of_edges() - half.number_of_edges()
        after = element_ids(server)
        assert {k: after.get(k) for k in before} == before  # everything loaded before is still there, untouched
        assert as_dict(neo.read_graph()) == as_dict(full)
        more = neo.write_graph(extended)
        c, u, s = more.totals("nodes")
        assert c == extended.number_of_nodes() - full.number_of_nodes() and u > 0  # aliases grew on known people
        assert c + u + s == extended.number_of_nodes()
        assert as_dict(neo.read_graph()) == as_dict(extended)
    assert counts(server) == (extended.number_of_nodes(), extended.number_of_edges())


def test_every_constraint_and_index_exists(server, graphs):
    with store(server) as neo:
        neo.write_graph(graphs["half"])
    constraints = {r["name"]: r for r in server.run(
        "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties")}
    indexes = {r["name"]: r for r in server.run(
        "SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties")}
    unique = {(r["labelsOrTypes"][0], r["properties"][0]) for r in constraints.values()
              if r["type"] in ("UNIQUENESS", "RELATIONSHIP_UNIQUENESS")}
    assert {(lab, "id") for lab in NODE_LABELS} | {("Document", "doc_id")} <= unique
    keyed = {t for t in REL_ENDPOINTS if t != "MENTIONS"}
    assert {(t, "key") for t in keyed} <= unique
    ranges = {(r["labelsOrTypes"][0], r["properties"][0]) for r in indexes.values() if r["type"] == "RANGE"}
    assert {(lab, "name") for lab in ENTITY_LABELS} <= ranges
    ft = indexes[FULLTEXT_INDEX]
    assert ft["type"] == "FULLTEXT" and ft["state"] == "ONLINE"
    assert set(ft["labelsOrTypes"]) == set(ENTITY_LABELS) and set(ft["properties"]) == {"name", "aliases"}
    assert all(r["state"] == "ONLINE" for r in indexes.values())
    # every statement of cypher/schema.cypher names something that now exists
    named = {st.split()[2] for st in schema_statements() if st.startswith(("CREATE CONSTRAINT", "CREATE INDEX"))}
    named |= {st.split()[3] for st in schema_statements() if st.startswith("CREATE FULLTEXT INDEX")}
    assert named <= set(constraints) | set(indexes)


def test_every_spelling_is_found_through_the_full_text_index(server, graphs):
    g = graphs["extended"]
    with store(server) as neo:
        neo.write_graph(g)
    missed = []
    checked = 0
    for nid, data in g.nodes(data=True):
        if data["label"] not in ENTITY_LABELS:
            continue
        for alias in {data["properties"]["name"], *data["properties"].get("aliases", [])}:
            phrase = '"' + alias.replace("\\", "\\\\").replace('"', '\\"') + '"'
            hits = server.run(f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $q) YIELD node RETURN node.id AS id",
                              q=phrase)
            checked += 1
            if nid not in {h["id"] for h in hits}:
                missed.append((alias, nid))
    assert checked > 50 and not missed


def test_a_failing_batch_stops_the_load_and_the_next_load_completes(server, graphs, stores, tmp_path):
    g = graphs["full"]
    # A document already in the database under another id: the Document batch breaks the doc_id constraint.
    server.run("CREATE (:Document {id: 'doc:intruder', doc_id: 'kiev-call'})")
    res = CliRunner().invoke(main, ["load", "--store", str(stores["full"]), "--batch-size", "2"], env=server.env)
    assert res.exit_code == 2, res.output
    assert "stopped after" in res.output and "run the load again" in res.output and "Traceback" not in res.output
    assert server.run("MATCH (n:Person) RETURN count(n) AS n")[0]["n"] > 0  # the batches before it are in
    server.run("MATCH (n:Document {id: 'doc:intruder'}) DELETE n")
    res = CliRunner().invoke(main, ["load", "--store", str(stores["full"]), "--batch-size", "2"], env=server.env)
    assert res.exit_code == 0, res.output
    with store(server) as neo:
        assert as_dict(neo.read_graph()) == as_dict(g)
    assert counts(server) == (g.number_of_nodes(), g.number_of_edges())


def test_a_load_interrupted_client_side_completes_on_the_next_run(server, graphs):
    g = graphs["extended"]

    def interrupt(progress):
        if progress.done_batches == 9:
            raise KeyboardInterrupt

    with store(server, batch_size=3) as neo:
        with pytest.raises(KeyboardInterrupt):
            neo.write_graph(g, on_progress=interrupt)
        partial = counts(server)
        assert 0 < partial[0] + partial[1] < g.number_of_nodes() + g.number_of_edges()
        again = neo.write_graph(g)
        assert sum(again.totals("nodes")) == g.number_of_nodes()
        assert as_dict(neo.read_graph()) == as_dict(g)
    assert counts(server) == (g.number_of_nodes(), g.number_of_edges())


def test_load_reports_every_batch_and_the_totals(server, stores, graphs):
    res = CliRunner().invoke(main, ["load", "--store", str(stores["half"]), "--batch-size", "5"], env=server.env)
    assert res.exit_code == 0, res.output
    g = graphs["half"]
    assert f"{g.number_of_nodes()} nodes ({g.number_of_nodes()} created, 0 updated, 0 unchanged)" in res.output
    assert "batch 1/" in res.output and "Person:" in res.output
    res = CliRunner().invoke(main, ["load", "--store", str(stores["half"]), "-q"], env=server.env)
    assert f"{g.number_of_edges()} relationships (0 created, 0 updated, {g.number_of_edges()} unchanged)" in res.output
    assert "batch 1/" not in res.output
    assert server.password not in res.output


def test_neo4j_load_failed_names_the_batches():
    e = Neo4jLoadFailed("bolt://x", 3, 10, "boom")
    assert "after 3 of 10 batches" in str(e) and "again" in str(e)


def test_build_with_neo4j_builds_and_loads_in_one_go(server, tmp_path):
    from kgbuild.stores.embedded import EmbeddedStore

    from .conftest import EXAMPLES

    res = CliRunner().invoke(main, ["build", str(EXAMPLES), "--store", str(tmp_path / "kg"), "--neo4j"], env=server.env)
    assert res.exit_code == 0, res.output
    assert "4 documents read" in res.output and "loaded " in res.output and server.password not in res.output
    with store(server) as neo:
        assert as_dict(neo.read_graph()) == as_dict(EmbeddedStore(tmp_path / "kg").read_graph())


def test_wrong_password_and_missing_database_are_one_clear_line(neo4j_server, stores):
    wrong = "not-the-password-123"
    res = CliRunner().invoke(main, ["load", "--store", str(stores["half"])], env=dict(neo4j_server.env, NEO4J_PASSWORD=wrong))
    assert res.exit_code == 2, res.output
    assert f"Neo4j at {neo4j_server.uri} refused user 'neo4j'" in res.output and "NEO4J_PASSWORD" in res.output
    assert wrong not in res.output and "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    res = CliRunner().invoke(main, ["query", "who-met-whom", "--neo4j", "--database", "no-such-db"], env=neo4j_server.env)
    assert res.exit_code == 2, res.output
    assert "no usable database 'no-such-db'" in res.output and "NEO4J_DATABASE or --database" in res.output
    assert neo4j_server.password not in res.output and "Traceback" not in res.output


def test_a_user_declared_relation_type_loads_with_its_key_constraint_and_reads_back(server, tmp_path):
    """SIGNED_AGREEMENT_WITH, declared in examples/patterns/signed-agreement.json, needs no code in the loader."""
    from pathlib import Path

    import kgbuild

    patterns = Path(__file__).resolve().parents[2] / "examples" / "patterns" / "signed-agreement.json"
    (tmp_path / "a.txt").write_text("Accord\n\nMinister Lena Kask signed a defence agreement with Finland.\n",
                                    encoding="utf-8")
    kgbuild.build([tmp_path / "a.txt"], store=tmp_path / "kg", patterns=[str(patterns)])
    graph = kgbuild.open_store(tmp_path / "kg").read_graph()
    with store(server) as neo:
        neo.write_graph(graph)
        back = neo.read_graph()
    assert as_dict(back) == as_dict(graph)
    keys = {(r["labelsOrTypes"][0], r["properties"][0]) for r in server.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")}
    assert ("SIGNED_AGREEMENT_WITH", "key") in keys
    rows = server.run("MATCH (:Person {name: 'Lena Kask'})-[r:SIGNED_AGREEMENT_WITH]->(c:Country) RETURN c.name AS c")
    assert [r["c"] for r in rows] == ["Finland"]
