"""Every bundled query on a real Neo4j: the portable ones give the embedded store's rows, the Neo4j-only ones
theirs; `kgbuild query --neo4j` reads in read transactions."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgbuild import api
from kgbuild.cli import main
from kgbuild.queries import query_header

from ..neo4j_support import REGISTRY, server_registry
from .conftest import store

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def loaded(neo4j_server, graphs, stores):
    """The extended graph loaded once for this module's read-only tests."""
    neo4j_server.run("MATCH (n) DETACH DELETE n")
    with store(neo4j_server) as neo:
        neo.write_graph(graphs["extended"])
    return neo4j_server, stores["extended"]


def _params(text: str) -> dict:
    return dict(query_header(text)["parameters"])


PORTABLE = [n for n, t in api.bundled_queries().items() if not query_header(t)["neo4j_only"]]
# Names as analysts type them (case, a surname alone): the issue's own examples, which found nothing before.
TYPED = {"name": "umerov", "a": "Healey", "b": "Umerov"}


def _json(args: list[str], env=None) -> str:
    res = CliRunner().invoke(main, ["query", *args, "--json"], env=env)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("name", PORTABLE)
def test_every_portable_query_prints_the_same_json_on_neo4j_and_the_embedded_store(loaded, name):
    server, path = loaded
    head = query_header(api.bundled_queries()[name])
    for params in (head["parameters"], {k: TYPED[k] for k in head["parameters"]}):
        args = [name, *(f"-p{k}={v}" for k, v in params.items())]
        on_neo4j = _json([*args, "--neo4j"], env=server.env)
        assert on_neo4j, f"{name} {params} found nothing in the example graph"
        assert on_neo4j == _json([*args, "--store", str(path)])  # byte for byte


def _conn(server):
    return api.neo4j_store(uri=server.uri, user=server.user, password=server.password, database=server.database)


def test_rows_of_the_bundled_queries(loaded):
    server, _ = loaded

    def rows(name, **params):
        res = api.query(name, _conn(server), params or _params(api.bundled_queries()[name]))
        return [dict(zip(res.columns, r, strict=True)) for r in res.rows]

    met = {(r["person"], r["met"]): r for r in rows("who-met-whom")}
    assert met[("Daniel Muriuki", "Taras Bondar")]["documents"] == 2
    assert "Mariinskyi Palace" in met[("Daniel Muriuki", "Taras Bondar")]["places"]
    assert {r["relation"] for r in rows("meetings-of")} == {"MET", "TALKED_TO"}
    assert {(r["contact"], r["hops"]) for r in rows("ego-network")} >= {("Daniel Muriuki", 1), ("Taras Bondar", 2)}
    timeline = rows("meetings-timeline")
    # Healey met Umerov "on Monday" (2025-03-03) in an article published on 2025-03-05: the headline states the
    # meeting too, without a date, and the edge keeps the date the body gives.
    assert timeline[0]["date"] == "2025-03-03" and timeline[-1]["date"] is None
    assert (timeline[0]["person"], timeline[0]["with_whom"]) == ("John Healey", "Rustem Umerov")
    assert any(r["ministry"] == "Ministry of Defence" and r["person"] == "Tom Reed" for r in rows("people-by-ministry"))
    assert any(r["country"] == "Kenya" and r["person"] == "Daniel Muriuki" for r in rows("people-by-country"))
    assert rows("most-connected")[0]["person"] == "Daniel Muriuki"
    assert {r["document"] for r in rows("edge-evidence")} == {"kiev-call", "kyiv-visit"}
    assert rows("documents-mentioning")[0]["type"] == ["Place"]
    assert rows("most-mentioned")[0]["documents"] >= 2
    path = rows("shortest-path")
    assert len(path) == 1 and path[0]["hops"] == 2
    assert path[0]["people"] == ["Oksana Hrytsenko", "Daniel Muriuki", "Taras Bondar"]
    assert path[0]["relations"] == ["TALKED_TO", "MET"]
    found = rows("search-names")
    assert found[0]["entity"] == "Kyiv" and "Kiev" in found[0]["aliases"]
    assert rows("search-names", text="Jukne")[0]["entity"] == "Rasa Jukne"


def test_cli_query_on_neo4j_prints_what_the_embedded_store_prints(loaded):
    server, path = loaded
    for args in (["query", "who-met-whom"], ["query", "meetings-of", "-p", "name=Muriuki"], ["query", "most-mentioned"],
                 ["query", "roles"], ["query", "meetings-of", "-p", "name=Umerov"],
                 ["query", "edge-evidence", "-p", "a=Healey", "-p", "b=Umerov"], ["explain", "Umerov"],
                 ["explain", "kiev"], ["why", "Healey", "Umerov"], ["why", "healey", "Sowa"]):
        neo = CliRunner().invoke(main, [*args, "--neo4j"], env=server.env)
        emb = CliRunner().invoke(main, [*args, "--store", str(path)])
        assert neo.exit_code == 0 and emb.exit_code == 0, neo.output + emb.output
        assert neo.output == emb.output
    umerov = CliRunner().invoke(main, ["query", "meetings-of", "-p", "name=Umerov", "--neo4j"], env=server.env).output
    assert "Rustem Umerov" in umerov and "John Healey" in umerov and "Daniel Muriuki" in umerov
    for args in (["why", "Healey", "Nobody"], ["query", "meetings-of"], ["query", "meetings-of", "-p", "name=Kyiv"]):
        neo = CliRunner().invoke(main, [*args, "--neo4j"], env=server.env)
        emb = CliRunner().invoke(main, [*args, "--store", str(path)])
        assert neo.exit_code == emb.exit_code == 2 and neo.output == emb.output, neo.output + emb.output
    assert "no entity is called 'Nobody'" in neo.output or "not a Person" in neo.output
    res = CliRunner().invoke(main, ["query", "shortest-path", "-p", "a=Hrytsenko", "-p", "b=Bondar", "--neo4j", "--json"],
                             env=server.env)
    assert json.loads(res.output)["people"] == ["Oksana Hrytsenko", "Daniel Muriuki", "Taras Bondar"]
    res = CliRunner().invoke(main, ["query", "shortest-path", "-p", "a=oksana", "-p", "b=bondar", "--neo4j", "--json"],
                             env=server.env)
    assert json.loads(res.stdout)["hops"] == 2


def test_queries_on_neo4j_are_read_only_unless_write_is_given(loaded):
    server, _ = loaded
    for cypher in ("CREATE (n:Person {id: 'person:intruder'}) RETURN n", "CREATE INDEX x IF NOT EXISTS FOR (n:Person) ON (n.country)"):
        res = CliRunner().invoke(main, ["query", cypher, "--neo4j"], env=server.env)
        assert res.exit_code == 2 and "--write" in res.output and "Traceback" not in res.output
    assert not server.run("MATCH (n {id: 'person:intruder'}) RETURN n")
    res = CliRunner().invoke(main, ["query", "MATCH (n:Person) RETURN n LIMIT 1", "--neo4j", "--json"], env=server.env)
    assert res.exit_code == 0 and json.loads(res.output)["n"]["id"].startswith("person:")
    bad = CliRunner().invoke(main, ["query", "MATCH (n RETURN n", "--neo4j"], env=server.env)
    assert bad.exit_code == 2 and "the query failed" in bad.output and "Traceback" not in bad.output


def test_the_linter_registry_is_this_servers(neo4j_server):
    if not neo4j_server.launched:
        pytest.skip("the registry file describes the test server (Neo4j 5.26.30 Community + APOC 5.26.19)")
    saved = json.loads(REGISTRY.read_text(encoding="utf-8"))
    with neo4j_server.driver() as d:
        live = server_registry(d)
    assert set(live["functions"]) == set(saved["functions"]) and set(live["procedures"]) == set(saved["procedures"])
    assert live["functions"] == saved["functions"] and live["procedures"] == saved["procedures"]
