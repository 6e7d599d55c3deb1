"""The library a notebook user calls: build, query, export, stats, explain and why on a small store (built from
hand-made extraction shards: no spaCy model), any store open_store names, and one-line errors."""
import importlib

import pytest

import kgbuild
from kgbuild import api
from kgbuild.errors import KgbuildError, QueryNotFound, StoreMissing, WriteRefused
from kgbuild.gazetteer import get_gazetteer
from kgbuild.lookup import UnknownName
from kgbuild.shards import write_shard
from kgbuild.stores.files import FileStore
from kgbuild.stores.neo4j import Neo4jOnlyQuery
from tests.resolve.docs import doc, relation

TALKS = "Defence Secretary John Healey met Rustem Umerov in Kyiv on Monday. Healey said the talks were useful."
CALL = "Umerov spoke by phone with Eva Novak. Novak is Czech Foreign Minister."


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    """A store of two documents, built through the library from shards extracted 'elsewhere'."""
    root = tmp_path_factory.mktemp("api")
    talks = doc("talks", TALKS, ("John Healey", "Person", None, "GB"), ("Rustem Umerov", "Person", None, "UA"),
                ("Kyiv", "Place"), ("Healey", "Person"))
    relation(talks, "MET", "John Healey", "Rustem Umerov", evidence=TALKS.split(". ")[0] + ".", place="Kyiv",
             date="2025-03-03", rule="verb:meet")
    relation(talks, "VISITED", "John Healey", "Kyiv")
    call = doc("call", CALL, ("Umerov", "Person"), ("Eva Novak", "Person"), ("Novak", "Person"),
               ("Czech", "Country", "CZ"))
    relation(call, "TALKED_TO", "Umerov", "Eva Novak", evidence=CALL.split(". ")[0] + ".", rule="noun:phone")
    relation(call, "HOLDS_ROLE", "Novak", "Czech", title="Foreign Minister")
    write_shard([talks, call], root / "shards" / "part-00000.jsonl")
    result = kgbuild.build([], root / "kg", from_shards=[root / "shards"])
    assert (result.documents_extracted, result.documents_total, result.skipped) == (2, 2, [])
    return root / "kg"


def test_build_returns_what_it_did(kg):
    nodes, rels = kgbuild.stats(kg)
    assert nodes == {"Person": 3, "Place": 1, "Country": 2, "Document": 2}  # UA from the gazetteer: Kyiv lies there
    assert rels == {"MENTIONS": 6, "MET": 1, "TALKED_TO": 1, "VISITED": 1, "HOLDS_ROLE": 1, "LOCATED_IN": 1}


def test_query_by_bundled_name_cypher_text_or_file(kg, tmp_path):
    rows = kgbuild.query("who-met-whom", store=kg).records()
    assert rows == [{"person": "John Healey", "met": "Rustem Umerov", "documents": 1, "places": ["Kyiv"],
                     "dates": ["2025-03-03"]}]
    res = kgbuild.query("MATCH (p:Person) WHERE $name IN p.aliases RETURN p.name", store=str(kg),
                        parameters={"name": "Umerov"})
    assert res.rows == [["Rustem Umerov"]]
    (tmp_path / "mine.cypher").write_text("// people\nMATCH (p:Person) RETURN p.name ORDER BY p.name;\n")
    assert kgbuild.query(str(tmp_path / "mine.cypher"), store=kg).rows == [["Eva Novak"], ["John Healey"],
                                                                           ["Rustem Umerov"]]
    czechia = get_gazetteer().country_names["CZ"]
    assert kgbuild.query("roles", store=kg).rows == [["Eva Novak", "Foreign Minister", czechia, 1]]


def test_roles_and_who_is_show_titles_whose_body_the_text_does_not_name(tmp_path):
    d = doc("d", "Spokesman Ivo Dunn and Czech Foreign Minister Eva Novak spoke.", ("Ivo Dunn", "Person"),
            ("Czech", "Country", "CZ"), ("Eva Novak", "Person"))
    relation(d, "HOLDS_ROLE", "Ivo Dunn", None, title="Spokesman")
    relation(d, "HOLDS_ROLE", "Eva Novak", "Czech", title="Foreign Minister")
    write_shard([d], tmp_path / "shards" / "part-00000.jsonl")
    kgbuild.build([], tmp_path / "kg", from_shards=[tmp_path / "shards"])
    czechia = get_gazetteer().country_names["CZ"]
    assert kgbuild.query("roles", store=tmp_path / "kg").rows == [["Eva Novak", "Foreign Minister", czechia, 1],
                                                                  ["Ivo Dunn", "Spokesman", None, 0]]
    who = kgbuild.query("who-is", store=tmp_path / "kg", parameters={"name": "Ivo Dunn"}).records()
    assert who == [{"person": "Ivo Dunn", "titles": ["Spokesman"], "bodies": [], "country": None,
                    "aliases": ["Ivo Dunn"], "documents": 1, "id": "person:ivo-dunn"}]


def test_query_errors_say_what_to_do(kg, tmp_path):
    with pytest.raises(QueryNotFound) as e:
        kgbuild.query("who-met", store=kg)
    assert "no bundled query named 'who-met'. Available: " in str(e.value) and "who-met-whom" in str(e.value)
    with pytest.raises(KgbuildError, match="no query file"):
        kgbuild.query(str(tmp_path / "missing.cypher"), store=kg)
    with pytest.raises(WriteRefused, match="read-only unless you pass --write"):
        kgbuild.query("MATCH (p:Person) DETACH DELETE p", store=kg)
    with pytest.raises(Neo4jOnlyQuery, match=r"this query needs Neo4j \(.*\); load the graph .* --neo4j"):
        kgbuild.query("search-names", store=kg, parameters={"q": "Kyiv"})
    with pytest.raises(StoreMissing, match="no kgbuild store at .*Build one first"):
        kgbuild.query("who-met-whom", store=tmp_path / "nowhere")


def test_explain_gives_every_alias_with_its_reason_and_documents(kg):
    healey = kgbuild.explain("Healey", kg)
    assert (healey["label"], healey["id"], healey["name"], healey["country"]) == (
        "Person", "person:john-healey", "John Healey", "GB")
    assert healey["aliases"]["Healey"] == {"reason": "surname of John Healey in the same document",
                                           "documents": ["talks"]}
    umerov = kgbuild.explain("Umerov", kg)
    assert umerov["aliases"]["Umerov"] == {"reason": "surname of the only person of that name in the corpus",
                                           "documents": ["call"]}
    assert kgbuild.explain("rustem umerov", kg)["id"] == umerov["id"]
    with pytest.raises(UnknownName, match="no entity is called 'Nobody Atall'"):
        kgbuild.explain("Nobody Atall", kg)


def test_why_gives_the_sentence_behind_each_relationship(kg):
    res = kgbuild.why("Healey", "Umerov", kg)  # surnames find the full names
    (row,) = res.records()
    assert (row["source"], row["relation"], row["target"], row["document"], row["place"], row["rule"]) == (
        "John Healey", "MET", "Rustem Umerov", "talks", "Kyiv", "verb:meet")
    assert row["evidence"] == "Defence Secretary John Healey met Rustem Umerov in Kyiv on Monday."
    assert [r["relation"] for r in kgbuild.why("Eva Novak", "Rustem Umerov", kg).records()] == ["TALKED_TO"]
    assert kgbuild.why("Healey", "Novak", kg).rows == []


@pytest.mark.parametrize("name, fmt", [("g.jsonl", "jsonl"), ("g.graphml", "graphml"), ("bulk", "neo4j-admin")])
def test_exports_hold_the_store_and_answer_the_same_queries(kg, tmp_path, name, fmt):
    out = tmp_path / name
    n = kgbuild.export(kg, out, fmt)
    nodes, rels = kgbuild.stats(kg)
    assert n == sum(nodes.values()) + sum(rels.values())
    assert kgbuild.stats(out) == (nodes, rels)
    assert kgbuild.query("who-met-whom", store=out).rows == kgbuild.query("who-met-whom", store=kg).rows
    assert kgbuild.query("who-met-whom", store=FileStore(out, fmt)).rows  # an open store is taken as is


def test_what_needs_a_store_folder_or_neo4j_says_so(kg, tmp_path):
    kgbuild.export(kg, tmp_path / "g.jsonl")
    assert kgbuild.explain("Healey", tmp_path / "g.jsonl")["name"] == "John Healey"  # any store answers
    with pytest.raises(KgbuildError, match="is not a Neo4j server; load writes into Neo4j"):
        kgbuild.load(kg, tmp_path / "g.jsonl")
    with pytest.raises(KgbuildError, match="unknown export format 'csv'"):
        kgbuild.export(kg, tmp_path / "g.csv", "csv")
    with pytest.raises(KgbuildError, match="is a file; --shards names a folder"):
        api.extract([tmp_path], tmp_path / "g.jsonl")
    with pytest.raises(KgbuildError, match="nothing to build"):
        kgbuild.build([], kg)


def test_every_public_name_resolves():
    for name in kgbuild.__all__:
        assert getattr(kgbuild, name) is getattr(importlib.import_module(f"kgbuild.{kgbuild._PUBLIC[name]}"), name)
    for name in api.__all__:
        assert getattr(api, name) is not None
    assert {"build", "query", "export", "stats", "explain", "why", "open_store", "KgbuildError"} <= set(kgbuild.__all__)
    with pytest.raises(AttributeError, match="module 'kgbuild' has no attribute 'nope'"):
        kgbuild.nope  # noqa: B018
    assert issubclass(StoreMissing, kgbuild.KgbuildError) and kgbuild.KgbuildError.exit_code == 2
