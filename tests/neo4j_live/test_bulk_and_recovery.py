"""The bulk path (neo4j-admin import), APOC's JSON import of `kgbuild export`, and a server killed mid-load."""
from __future__ import annotations

import pytest

from kgbuild import api
from kgbuild.assemble import graph_counts
from kgbuild.schema import NODE_LABELS
from kgbuild.stores.neo4j import Neo4jLoadFailed, Neo4jStore

from ..neo4j_support import HomeServer, admin_import
from .conftest import as_dict

pytestmark = pytest.mark.neo4j


def test_jsonl_export_reimports_with_apoc_into_the_same_counts(server, stores, graphs, tmp_path):
    if not server.launched:
        pytest.skip("apoc.import.json reads the export from the server's file system: needs the local test server")
    g = graphs["extended"]
    out = tmp_path / "graph.jsonl"
    assert api.export(stores["extended"], out, "jsonl") == g.number_of_nodes() + g.number_of_edges()
    for label in NODE_LABELS:  # APOC matches relationships to nodes through a unique neo4jImportId
        server.run(f"CREATE CONSTRAINT apoc_{label.lower()} IF NOT EXISTS FOR (n:{label}) REQUIRE n.neo4jImportId IS UNIQUE")
    try:
        done = server.run("CALL apoc.import.json($file) YIELD nodes, relationships RETURN nodes, relationships",
                          file=out.resolve().as_uri())[0]
        assert (done["nodes"], done["relationships"]) == (g.number_of_nodes(), g.number_of_edges())
        nodes = {r["label"]: r["n"] for r in server.run("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")}
        rels = {r["type"]: r["n"] for r in server.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")}
        want_nodes, want_rels = graph_counts(g)
        assert nodes == dict(want_nodes) and rels == dict(want_rels)
        imported = {r["p"]["id"]: r["p"] for r in server.run("MATCH (n) RETURN properties(n) AS p")}
        for nid, data in g.nodes(data=True):
            assert {k: v for k, v in imported[nid].items() if k != "neo4jImportId"} == data["properties"]
    finally:
        server.run("MATCH (n) DETACH DELETE n")
        for label in NODE_LABELS:
            server.run(f"DROP CONSTRAINT apoc_{label.lower()} IF EXISTS")


def test_bulk_import_then_a_server_killed_mid_load_restarts_and_the_load_completes(stores, graphs, tmp_path):
    full, extended = graphs["full"], graphs["extended"]
    csv_dir, home = tmp_path / "csv", tmp_path / "home"
    api.export(stores["full"], csv_dir, "neo4j-admin")
    done = admin_import(home, csv_dir)
    assert done.returncode == 0 and "IMPORT DONE" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{full.number_of_nodes()} nodes" in done.stdout and f"{full.number_of_edges()} relationships" in done.stdout

    first = HomeServer(home)
    try:
        with Neo4jStore(_settings(first), batch_size=20, max_retry_seconds=2) as neo:
            assert as_dict(neo.read_graph()) == as_dict(full)  # the bulk import holds exactly the graph
            again = neo.write_graph(full)  # ... in the shape `kgbuild load` gives it: nothing to do
            assert again.totals("nodes") == (0, 0, full.number_of_nodes())
            assert again.totals("relationships") == (0, 0, full.number_of_edges())
            neo.batch_size = 1

            def kill_after_some(progress):
                if progress.done_batches == 8:
                    first.kill()

            with pytest.raises(Neo4jLoadFailed) as failed:
                neo.write_graph(extended, on_progress=kill_after_some)
        message = str(failed.value)
        assert "stopped after 8 of" in message and "cannot reach Neo4j" in message and "again" in message
    finally:
        first.kill()

    # The same data folder: Neo4j recovers the killed database. (The launcher sets the password at every start
    # and Neo4j refuses to set the one it already has, so the restart uses another.)
    second = HomeServer(home, password="kgbuild-restarted")
    try:
        with Neo4jStore(_settings(second)) as neo:
            result = neo.write_graph(extended)
            assert sum(result.totals("nodes")) == extended.number_of_nodes()
            assert as_dict(neo.read_graph()) == as_dict(extended)
            n = neo.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
            r = neo.query("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
        assert (n, r) == (extended.number_of_nodes(), extended.number_of_edges())
    finally:
        second.stop()


def _settings(srv: HomeServer):
    from kgbuild.stores.neo4j import Neo4jSettings

    return Neo4jSettings(srv.uri, srv.user, srv.password, "neo4j")
