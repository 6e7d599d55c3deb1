import pytest
from click.testing import CliRunner

from kgbuild.aliases import AliasFileError, load_alias_rules
from kgbuild.cli import main
from tests.test_cli import export_lines, run


def test_csv_and_yaml_rules(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("rule,name,other,type\nsame,Bongbong Marcos,Ferdinand Marcos,Person\ndifferent,Paris,Paris Hilton\n",
                   encoding="utf-8")
    rules = load_alias_rules(csv)
    assert [(r.kind, r.label, r.where) for r in rules] == [("same", "Person", "a.csv line 2"),
                                                           ("different", None, "a.csv line 3")]
    yml = tmp_path / "a.yaml"
    yml.write_text("same:\n  - [Bongbong Marcos, Ferdinand Marcos]\ndifferent:\n  - [Paris, Paris Hilton, Person]\n",
                   encoding="utf-8")
    assert [(r.kind, r.where) for r in load_alias_rules(yml)] == [("same", "a.yaml line 2"), ("different", "a.yaml line 4")]


@pytest.mark.parametrize("content, message", [
    ("same,OnlyOne\n", "bad.csv:1: expected 3 or 4 columns"),
    ("rule,name,other\nsimilar,A,B\n", "bad.csv:2: the rule is 'similar'"),
    ("same,A,B,Planet\n", "bad.csv:1: unknown type 'Planet'"),
    ("same,Kyiv,kyiv\n", "bad.csv:1: both names are"),
])
def test_bad_csv_rules_name_the_line_and_the_problem(tmp_path, content, message):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(AliasFileError, match=message):
        load_alias_rules(f)


def test_bad_yaml_names_the_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("same:\n  - [A, B]\n  - just a string\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="bad.yaml:3"):
        load_alias_rules(f)


def test_same_rule_joins_and_is_explained_and_remembered(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text("President Bongbong Marcos met Prime Minister Anthony Albanese in Manila.", encoding="utf-8")
    (d / "b.txt").write_text("President Ferdinand Marcos spoke in Manila on Friday.", encoding="utf-8")
    rules = tmp_path / "aliases.csv"
    rules.write_text("same,Bongbong Marcos,Ferdinand Marcos\n", encoding="utf-8")
    store = tmp_path / "kg"
    run("build", d, "--store", store, "--aliases", rules)
    out = run("explain", "Bongbong Marcos", "--store", store).output
    assert "Ferdinand Marcos" in out and "aliases.csv line 1" in out
    # A later build without --aliases keeps applying the stored rules.
    (d / "c.txt").write_text("Marcos later visited Cebu.", encoding="utf-8")
    run("build", d, "--store", store)
    people = [o for o in export_lines(store, tmp_path) if o["type"] == "node" and o["labels"] == ["Person"]]
    marcos = [p for p in people if "Ferdinand Marcos" in p["properties"]["aliases"]]
    assert len(marcos) == 1 and "Bongbong Marcos" in marcos[0]["properties"]["aliases"]


def test_different_rule_splits_what_resolution_would_join(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text("Foreign Minister Anna Berg spoke in Oslo.", encoding="utf-8")
    (d / "b.txt").write_text("Berg said the talks were useful.", encoding="utf-8")
    rules = tmp_path / "aliases.csv"
    rules.write_text("different,Anna Berg,Berg,Person\n", encoding="utf-8")
    store = tmp_path / "kg"
    run("build", d, "--store", store, "--aliases", rules)
    people = [o for o in export_lines(store, tmp_path) if o["type"] == "node" and o["labels"] == ["Person"]]
    assert sorted(tuple(p["properties"]["aliases"]) for p in people) == [("Anna Berg",), ("Berg",)]


def test_bad_alias_file_is_one_line_error(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    f = tmp_path / "bad.csv"
    f.write_text("merge,A,B\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "kg"), "--aliases", str(f)])
    assert res.exit_code == 2 and "bad.csv:1" in res.output and "Traceback" not in res.output
