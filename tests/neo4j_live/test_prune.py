"""Neo4j in step with the store: after an alias rule merges two people, `kgbuild load --prune` removes the person and
relationships kgbuild loaded before and the store no longer has, `--prune --dry-run` lists them first, and data
kgbuild did not create survives."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild.cli import main
from kgbuild.shards import write_shard
from kgbuild.stores.embedded import EmbeddedStore
from tests.resolve.docs import doc, relation

from .conftest import as_dict, store

pytestmark = pytest.mark.neo4j

SUMMIT = "President Bongbong Marcos met Prime Minister Anna Lind in Manila."
VISIT = "Ferdinand Marcos Jr. met Foreign Minister Ole Berg in Oslo."


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The same two articles built twice: `apart` sees two people, `merged` joins them by an analyst's rule."""
    root = tmp_path_factory.mktemp("prune")
    summit = doc("summit", SUMMIT, ("Bongbong Marcos", "Person", None, "PH"), ("Anna Lind", "Person"),
                 ("Manila", "Place"))
    relation(summit, "MET", "Bongbong Marcos", "Anna Lind", place="Manila")
    visit = doc("visit", VISIT, ("Ferdinand Marcos Jr.", "Person", None, "PH"), ("Ole Berg", "Person"),
                ("Oslo", "Place"))
    relation(visit, "MET", "Ferdinand Marcos Jr.", "Ole Berg", place="Oslo")
    write_shard([summit, visit], root / "shards" / "part-00000.jsonl")
    kgbuild.build([], root / "apart", from_shards=[root / "shards"])
    rules = root / "aliases.csv"
    rules.write_text("same,Bongbong Marcos,Ferdinand Marcos Jr.,Person\n", encoding="utf-8")
    kgbuild.build([], root / "merged", from_shards=[root / "shards"], aliases=rules)
    return {"apart": root / "apart", "merged": root / "merged"}


def people(server) -> set[str]:
    return {r["name"] for r in server.run("MATCH (p:Person) RETURN p.name AS name")}


def load(server, path, *extra):
    return CliRunner().invoke(main, ["load", "--store", str(path), *extra], env=server.env)


def test_a_merge_leaves_a_stale_person_that_prune_removes_and_user_data_survives(server, stores):
    apart, merged = EmbeddedStore(stores["apart"]).read_graph(), EmbeddedStore(stores["merged"]).read_graph()
    def marcoses(g):
        return {d["properties"]["name"] for _, d in g.nodes(data=True) if "Marcos" in d["properties"].get("name", "")}

    assert len(marcoses(apart)) == 2 and len(marcoses(merged)) == 1  # two people before the rule, one after
    assert load(server, stores["apart"]).exit_code == 0
    # What an analyst adds by hand: a note on a person, a person of their own, a meeting they know of.
    server.run("MATCH (p:Person {name: 'Anna Lind'}) CREATE (:Note {text: 'check'})-[:ABOUT]->(p)")
    server.run("CREATE (:Person {id: 'person:analyst-added', name: 'Added By Hand', aliases: ['Added By Hand']})")
    server.run("MATCH (a:Person {name: 'Anna Lind'}), (b:Person {name: 'Ole Berg'}) "
               "CREATE (a)-[:MET {key: 'MET|by-hand', doc_id: 'notes'}]->(b)")

    res = load(server, stores["merged"])
    assert res.exit_code == 0, res.output
    gone = people(server) - {d["properties"]["name"] for _, d in merged.nodes(data=True) if d["label"] == "Person"}
    gone.discard("Added By Hand")
    assert len(gone) == 1 and gone <= marcoses(apart)  # still there after a plain load
    (stale,) = gone
    assert "that kgbuild loaded earlier and this graph no longer has: `kgbuild load --prune` removes them" in res.output
    assert "1 node and 0 relationships of kgbuild's labels and types that kgbuild did not load" not in res.output
    assert "kgbuild did not load" in res.output  # the hand-made person and meeting are counted apart

    before = server.run("MATCH (n) RETURN count(n) AS n")[0]["n"], server.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    dry = load(server, stores["merged"], "--prune", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.output and "nothing was loaded or removed" in dry.output
    (stale_id,) = [n for n, d in apart.nodes(data=True) if d["properties"].get("name") == stale]
    assert f"would remove node Person {stale_id} ({stale})" in dry.output
    assert "would remove relationship MET: " in dry.output and "would remove relationship MENTIONS: " in dry.output
    assert "Added By Hand" not in dry.output and "Note" not in dry.output and "by-hand" not in dry.output
    after = server.run("MATCH (n) RETURN count(n) AS n")[0]["n"], server.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert after == before  # the dry run changed nothing

    pruned = load(server, stores["merged"], "--prune")
    assert pruned.exit_code == 0, pruned.output
    assert "Removed 1 node and" in pruned.output
    assert stale not in people(server)
    # Exactly the store's graph, plus what the analyst made.
    with store(server) as neo:
        held = neo.read_graph()
    held.remove_node("person:analyst-added")
    held.remove_edges_from([(a, b, k) for a, b, k in held.edges(keys=True) if k == "MET|by-hand"])
    assert as_dict(held) == as_dict(merged)
    assert server.run("MATCH (:Note {text: 'check'})-[:ABOUT]->(p:Person) RETURN p.name AS n")[0]["n"] == "Anna Lind"
    assert server.run("MATCH ()-[r:MET {key: 'MET|by-hand'}]->() RETURN count(r) AS n")[0]["n"] == 1
    again = load(server, stores["merged"], "--prune")
    assert "Nothing that kgbuild loaded earlier is missing from this graph" in again.output


def test_a_stale_node_that_user_data_joins_is_kept(server, stores):
    assert load(server, stores["apart"]).exit_code == 0
    server.run("MATCH (p:Person) WHERE p.name CONTAINS 'Marcos' CREATE (:Note {text: 'watch'})-[:ABOUT]->(p)")
    res = load(server, stores["merged"], "--prune")
    assert res.exit_code == 0, res.output
    assert "Kept 1 node of those, which relationships kgbuild did not create still join" in res.output
    assert "kept: node Person" in res.output and "1 relationship that kgbuild did not create join it" in res.output
    assert server.run("MATCH (n:Note {text: 'watch'})-[:ABOUT]->(p) RETURN count(p) AS n")[0]["n"] == 2
    # Its own relationships from kgbuild are gone all the same: only the analyst's note still joins it.
    stale = server.run("MATCH (:Note)-[:ABOUT]->(p:Person) WHERE NOT (p)-[:MET]-() RETURN p.name AS n")
    assert len(stale) == 1
    assert server.run("MATCH (p:Person {name: $n})--(x) RETURN labels(x) AS l", n=stale[0]["n"])[0]["l"] == ["Note"]


def test_dry_run_needs_prune(server, stores):
    res = load(server, stores["merged"], "--dry-run")
    assert res.exit_code == 2 and "--dry-run lists what --prune would remove" in res.output
