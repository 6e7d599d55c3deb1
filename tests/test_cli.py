import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a1.txt").write_text(
        "Talks in Vilnius\n\nLithuanian Foreign Minister Rasa Jukne met Polish Defence Minister Jan Sowa "
        "in Vilnius on Monday. Sowa said the talks were useful.\n", encoding="utf-8")
    (d / "a2.txt").write_text(
        "A call\n\nPresident Maria Lindqvist spoke by phone with Jukne on Friday about the Baltic.\n", encoding="utf-8")
    return d


def export_lines(store, tmp_path):
    out = tmp_path / "graph.jsonl"
    run("export", "--store", store, "--format", "jsonl", "-o", out)
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def test_build_query_export_end_to_end(articles, tmp_path):
    store = tmp_path / "kg"
    res = run("build", articles, "--store", store)
    assert "2 documents read" in res.output and "MET 1" in res.output
    q = run("query", "who-met-whom", "--store", store)
    assert "Jan Sowa" in q.output and "Rasa Jukne" in q.output and "Vilnius" in q.output
    lines = export_lines(store, tmp_path)
    nodes = {o["id"]: o for o in lines if o["type"] == "node"}
    rels = [o for o in lines if o["type"] == "relationship"]
    assert nodes["doc:a1"]["labels"] == ["Document"] and nodes["doc:a1"]["properties"]["doc_id"] == "a1"
    met = [r for r in rels if r["label"] == "MET"]
    assert len(met) == 1 and met[0]["properties"]["doc_id"] == "a1"
    assert met[0]["properties"]["evidence"].startswith("Lithuanian Foreign Minister Rasa Jukne met")
    jukne = next(o for o in nodes.values() if o["properties"].get("name") == "Rasa Jukne")
    assert set(jukne["properties"]["aliases"]) >= {"Rasa Jukne", "Jukne"}
    assert {"start", "end", "id", "label", "properties"} <= set(met[0])


def test_rebuilding_the_same_articles_changes_nothing(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    first = export_lines(store, tmp_path)
    res = run("build", articles, "--store", store)
    assert "0 extracted, 2 unchanged" in res.output
    assert export_lines(store, tmp_path) == first


def test_new_articles_are_added_and_merged_with_stored_entities(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles / "a1.txt", "--store", store)
    run("build", articles / "a2.txt", "--store", store)
    one_by_one = export_lines(store, tmp_path)
    store2 = tmp_path / "kg2"
    run("build", articles, "--store", store2)
    assert export_lines(store2, tmp_path) == one_by_one
    talked = [o for o in one_by_one if o.get("label") == "TALKED_TO"]
    assert len(talked) == 1


def test_bad_inputs_are_listed_and_exit_status_says_so(articles, tmp_path):
    (articles / "empty.txt").write_text("", encoding="utf-8")
    (articles / "bad.txt").write_bytes(b"\xff\xfe\xfa not utf8 \x00")
    res = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "kg")])
    assert res.exit_code == 1
    assert "skipped" in res.output and "empty.txt" in res.output and "bad.txt" in res.output
    assert "2 documents read" in res.output


def test_queries_are_read_only_unless_write_is_given(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    res = run("query", "MATCH (p:Person) DETACH DELETE p", "--store", store, ok=False)
    assert res.exit_code != 0 and "--write" in res.output
    assert "Rasa Jukne" in run("query", "meetings-of", "-p", "name=Jukne", "--store", store).output


def test_query_parameters_and_json_output(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    res = run("query", "MATCH (p:Person) WHERE $name IN p.aliases RETURN p.name AS name", "-p", "name=Sowa",
              "--json", "--store", store)
    assert json.loads(res.output.strip()) == {"name": "Jan Sowa"}
    bad = run("query", "who-met-whom", "-p", "novalue", "--store", store, ok=False)
    assert bad.exit_code == 2 and "novalue" in bad.output


def test_clear_errors_without_traceback(tmp_path):
    res = run("query", "who-met-whom", "--store", tmp_path / "nothing", ok=False)
    assert res.exit_code == 2 and "kgbuild build" in res.output and "Traceback" not in res.output
    (tmp_path / "kg").mkdir()
    res = run("query", "no-such-query", "--store", tmp_path / "kg", ok=False)
    assert res.exit_code == 2


def test_graphml_export_and_stats(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    out = tmp_path / "g.graphml"
    run("export", "--store", store, "--format", "graphml", "-o", out)
    assert "<graphml" in out.read_text(encoding="utf-8")
    s = run("stats", "--store", store).output
    assert "Person" in s and "MENTIONS" in s


def test_bundled_examples_build(tmp_path):
    store = tmp_path / "kg"
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    run("build", tmp_path / "ex", "--store", store)
    assert "Daniel Muriuki" in run("query", "who-met-whom", "--store", store).output


def test_explain_shows_aliases_with_reasons_and_documents(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    out = run("explain", "Sowa", "--store", store).output
    assert "Jan Sowa" in out and "surname of Jan Sowa in the same document" in out and "a1" in out
    across = run("explain", "Jukne", "--store", store).output
    assert "surname of the only person of that name in the corpus" in across and "a2" in across
    missing = run("explain", "Nobody", "--store", store, ok=False)
    assert missing.exit_code == 2 and "no entity" in missing.output


def test_why_prints_the_sentence_behind_an_edge(articles, tmp_path):
    store = tmp_path / "kg"
    run("build", articles, "--store", store)
    out = run("why", "Sowa", "Jukne", "--store", store).output
    assert "MET" in out and "a1" in out and "Rasa Jukne met Polish Defence Minister Jan Sowa" in out


def test_build_of_paths_that_do_not_exist_fails_without_making_a_store(tmp_path):
    res = run("build", tmp_path / "no-such-folder", tmp_path / "nor-this.txt", "--store", tmp_path / "kg", ok=False)
    assert res.exit_code == 2 and res.output.count("\n") == 1
    assert "no such file or folder" in res.output and "no-such-folder" in res.output and "nor-this.txt" in res.output
    assert not (tmp_path / "kg").exists()


def test_an_alias_rule_naming_a_spelling_no_article_uses_is_warned_and_explained(articles, tmp_path):
    rules = tmp_path / "aliases.csv"
    rules.write_text("rule,name,other,type\nsame,Jan Sowa,Jan Sova,Person\nsame,Rasa Jukne,Jukne\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "kg"), "--aliases", str(rules)])
    assert res.exit_code == 0, res.output
    assert ("kgbuild: warning: alias rule aliases.csv line 2 (same: 'Jan Sowa', 'Jan Sova') names 'Jan Sova', which "
            "no Person mention in the articles uses: the rule has no effect") in res.stderr
    assert "line 3" not in res.stderr  # both names of that rule are written
    out = run("explain", "Sowa", "--store", tmp_path / "kg").output
    assert "note: alias rule aliases.csv line 2 (same 'Jan Sowa', 'Jan Sova'): no article uses 'Jan Sova'" in out
    missing = run("explain", "Jan Sova", "--store", tmp_path / "kg", ok=False)
    assert missing.exit_code == 2
    assert "the alias rule aliases.csv line 2 names it, but no article uses it, so the rule joins nothing" in missing.output
