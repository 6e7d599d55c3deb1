"""A relation type kgbuild does not ship, declared in a --patterns file, flows through every stage with no code
change: extraction, assembly, the embedded store, every export, `why`, the Neo4j schema, the Browser style
and the HTML view; and later builds remember it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild import api
from kgbuild.browser_assets import assets_for_schema
from kgbuild.cli import main
from kgbuild.stores.files import FileStore
from kgbuild.stores.neo4j import schema_statements

PATTERNS = Path(__file__).resolve().parent.parent / "examples" / "patterns" / "signed-agreement.json"
TYPE = "SIGNED_AGREEMENT_WITH"


def run(*args, ok=True):
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("custom")
    (d / "articles").mkdir()
    (d / "articles" / "accord.txt").write_text(
        "Baltic accord\n\nEstonian Defence Minister Lena Kask signed a defence agreement with Finland in Tallinn on "
        "Monday. Kask also signed a memorandum with Portuguese Foreign Minister Rui Tavares.\n", encoding="utf-8")
    run("build", d / "articles", "--store", d / "kg", "--patterns", PATTERNS)
    return d / "kg"


def edges(graph, rel_type: str) -> set[tuple[str, str]]:
    return {(graph.nodes[a]["properties"]["name"], graph.nodes[b]["properties"]["name"])
            for a, b, d in graph.edges(data=True) if d["type"] == rel_type}


def test_the_declared_type_is_extracted_assembled_and_stored_with_its_evidence(store):
    graph = api.open_store(store).read_graph()
    assert edges(graph, TYPE) == {("Lena Kask", "Finland"), ("Lena Kask", "Rui Tavares")}  # not "Portugal": a descriptor
    props = next(d["properties"] for _, _, d in graph.edges(data=True) if d["type"] == TYPE)
    assert props["rule"] == "pattern:signed-with" and props["evidence"].startswith(("Estonian", "Kask"))
    assert graph.graph["schema"].relation(TYPE).description.startswith("signed an agreement")
    rows = run("query", f"MATCH (a:Person)-[r:{TYPE}]->(b) RETURN a.name AS a, b.name AS b ORDER BY b.name",
               "--store", store, "--json").output.splitlines()
    assert [json.loads(r) for r in rows] == [{"a": "Lena Kask", "b": "Finland"}, {"a": "Lena Kask", "b": "Rui Tavares"}]


def test_why_cites_the_sentence(store):
    out = run("why", "Kask", "Finland", "--store", store).output
    assert f"-[{TYPE}]-" in out and "signed a defence agreement with Finland" in out


def test_every_export_keeps_the_type_and_reads_it_back(store, tmp_path):
    for fmt, name in (("jsonl", "g.jsonl"), ("graphml", "g.graphml"), ("neo4j-admin", "bulk")):
        run("export", "--store", store, "--format", fmt, "-o", tmp_path / name)
        back = FileStore(tmp_path / name, fmt).read_graph()
        assert edges(back, TYPE) == {("Lena Kask", "Finland"), ("Lena Kask", "Rui Tavares")}, fmt
    bulk = tmp_path / "bulk"
    assert (bulk / f"relationships-{TYPE}-Person-Country.csv").is_file()
    assert f"FOR ()-[r:{TYPE}]-() REQUIRE r.key IS UNIQUE" in (bulk / "schema.cypher").read_text(encoding="utf-8")


def test_neo4j_constraints_browser_style_and_view_know_the_type(store, tmp_path):
    schema = api.store_schema(store)
    assert any(f"FOR ()-[r:{TYPE}]-() REQUIRE r.key IS UNIQUE" in s for s in schema_statements(schema))
    grass = assets_for_schema(schema)["/browser/kgbuild.grass"].decode()
    assert f"relationship.{TYPE} {{\n  color: #8E44AD;" in grass
    run("view", "--store", store, "-o", tmp_path / "v.html")
    assert TYPE in (tmp_path / "v.html").read_text(encoding="utf-8")


def test_later_builds_remember_the_patterns(store, tmp_path):
    more = tmp_path / "more"
    more.mkdir()
    (more / "deal.txt").write_text("Trade deal\n\nPresident Ilse Varga signed a trade agreement with Japan.\n",
                                   encoding="utf-8")
    run("build", more, "--store", store)  # no --patterns: the store's own are used
    graph = api.open_store(store).read_graph()
    assert ("Ilse Varga", "Japan") in edges(graph, TYPE) and ("Lena Kask", "Finland") in edges(graph, TYPE)


def test_a_type_that_no_file_declares_is_refused_with_the_file_named(tmp_path):
    bad = tmp_path / "bad.json"
    data = json.loads(PATTERNS.read_text(encoding="utf-8"))
    data["relations"] = []
    bad.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "a.txt").write_text("x\n\nA met B.\n", encoding="utf-8")
    res = run("build", tmp_path / "a.txt", "--store", tmp_path / "kg", "--patterns", bad, ok=False)
    assert res.exit_code == 2 and str(bad) in res.output and "declare a new type" in res.output
