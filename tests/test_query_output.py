"""One output for every store: labels are lists, collect() lists are sorted, every bundled query orders its rows
completely, so `kgbuild query --json` prints the same bytes on the embedded store and on each export (and on
Neo4j: tests/neo4j_live/test_queries.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild import api
from kgbuild.cli import main
from kgbuild.queries import query_header, split_statements
from kgbuild.results import normalise, return_columns

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# A value for each bundled query's parameters that finds something in the examples, typed loosely.
TYPED = {"name": "muriuki", "a": "Bondar", "b": "daniel muriuki", "text": "Kiev"}
PORTABLE = [n for n, t in api.bundled_queries().items() if not query_header(t)["neo4j_only"]]
# One more article, so that someone holds a title in a ministry (people-by-ministry has rows).
SPOKESWOMAN = ("Follow-up talks in Lisbon\n\nLISBON, June 9 - Ministry of Defence spokeswoman Alina Marsh said on "
               "Tuesday that Portuguese Defence Minister Rui Tavares would meet Canada's Owen Fairbairn again in "
               "Ottawa. Marsh said the talks would cover training.\n")


def test_the_columns_of_a_query_are_read_from_its_return_clause():
    cols = return_columns("MATCH (e) WITH e, 1 AS x RETURN DISTINCT e.name, labels(e) AS type, "
                          "collect(DISTINCT e.id) AS ids, size(collect(e.id)) AS n, collect(e.id)[0] AS first ORDER BY n")
    assert [(c.text, c.alias, c.kind) for c in cols] == [
        ("e.name", None, ""), ("labels(e)", "type", "labels"), ("collect(DISTINCT e.id)", "ids", "collect"),
        ("size(collect(e.id))", "n", ""), ("collect(e.id)[0]", "first", "")]
    # The first part's RETURN names the columns of a UNION; subqueries do not count; RETURN * cannot be told.
    union = return_columns("CALL { MATCH (a) RETURN a AS z } RETURN z.id AS id UNION ALL MATCH (b) RETURN b.id AS id")
    assert [c.alias for c in union] == ["id"]
    assert return_columns("MATCH (n) RETURN *") is None


def test_labels_become_a_list_collect_is_sorted_and_nodes_lose_internal_ids():
    cypher = "MATCH (e) RETURN labels(e) AS type, collect(e.name) AS names, labels(e)"
    node = {"_ID": {"offset": 0, "table": 0}, "_LABEL": "Person", "name": "Ada", "title": None, "aliases": ["A"]}
    columns, rows = normalise(["type", "names", "LABEL(e._ID,[Person])"], [["Place", ["b", "a", "C"], node]], cypher,
                              rename=True)
    assert columns == ["type", "names", "labels(e)"]
    assert rows == [[["Place"], ["C", "a", "b"], {"_label": "Person", "aliases": ["A"], "name": "Ada"}]]
    # A list that is not collect() keeps its order (a path's people, an entity's aliases).
    _, rows = normalise(["people"], [[["b", "a"]]], "MATCH p = () RETURN [n IN nodes(p) | n.name] AS people")
    assert rows == [[["b", "a"]]]


def test_every_bundled_query_orders_by_every_column_it_returns_or_groups_by():
    for name, text in api.bundled_queries().items():
        (statement,) = split_statements(text)
        assert "ORDER BY" in statement, name
        order = statement.split("ORDER BY")[1].split("LIMIT")[0]
        keys = {k.strip().split()[0] for k in order.split(",")}
        if "id" in keys:  # a unique key orders completely
            continue
        plain = {c.alias or c.text for c in return_columns(statement) if c.kind == "" and not c.text.startswith("[")}
        # Lists (labels, collect, comprehensions) cannot be sorted on LadybugDB; the aggregated counts of a grouped
        # query follow from its keys.
        grouped = {c.alias for c in return_columns(statement) if "count(" in c.text or "min(" in c.text}
        assert plain - grouped <= keys, (name, plain - grouped - keys)


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    root = tmp_path_factory.mktemp("output")
    (root / "lisbon-follow-up.txt").write_text(SPOKESWOMAN, encoding="utf-8")
    kgbuild.build([EXAMPLES, root / "lisbon-follow-up.txt"], store=root / "kg")
    out = {"embedded": root / "kg"}
    for fmt, name in (("jsonl", "g.jsonl"), ("graphml", "g.graphml"), ("neo4j-admin", "bulk")):
        kgbuild.export(root / "kg", root / name, fmt)
        out[fmt] = root / name
    return out


def query_json(name: str, store: Path) -> str:
    params = [f"-p{k}={TYPED[k]}" for k in query_header(api.bundled_queries()[name])["parameters"]]
    res = CliRunner().invoke(main, ["query", name, "--store", str(store), "--json", *params])
    assert res.exit_code == 0, (name, res.output)
    return res.stdout


@pytest.mark.parametrize("name", PORTABLE)
def test_every_bundled_query_prints_the_same_json_on_the_store_and_every_export(stores, name):
    expected = query_json(name, stores["embedded"])
    assert expected, f"{name} found nothing in the examples"
    for fmt in ("jsonl", "graphml", "neo4j-admin"):
        assert query_json(name, stores[fmt]) == expected, fmt


def test_labels_are_lists_in_the_json_of_every_store(stores):
    first = query_json("documents-mentioning", stores["jsonl"]).splitlines()[0]
    assert first.startswith('{"entity": "Daniel Muriuki", "type": ["Person"], "document": "kiev-call"')
