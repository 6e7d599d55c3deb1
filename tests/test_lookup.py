"""Names the way analysts type them: one rule (kgbuild.lookup) for explain, why and every bundled query, on the
embedded store and a file export (Neo4j: tests/neo4j_live/test_queries.py)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild.cli import main
from kgbuild.lookup import (
    BY_ID,
    LOOSE,
    PART,
    SURNAME,
    TRANSLIT,
    WORDS,
    WRITTEN,
    AmbiguousName,
    Known,
    NameIndex,
    UnknownName,
)
from kgbuild.shards import write_shard
from tests.resolve.docs import doc, relation

PEOPLE = [
    Known("person:rustem-umerov", "Person", "Rustem Umerov", ("Rustem Umerov", "Defence Minister Rustem Umerov")),
    Known("person:john-healey", "Person", "John Healey", ("John Healey", "Healey")),
    Known("person:mary-healey", "Person", "Mary Healey", ("Mary Healey",)),
    Known("person:volodymyr-zelenskyy", "Person", "Volodymyr Zelenskyy", ("Volodymyr Zelenskyy", "Zelenskyy")),
    Known("person:recep-tayyip-erdogan", "Person", "Recep Tayyip Erdoğan", ("Recep Tayyip Erdoğan",)),
    Known("person:sean-o-brien", "Person", "Seán O'Brien", ("Seán O'Brien",)),
    Known("person:hamad", "Person", "Hamad bin Nasser al-Mansouri", ("Sheikh Hamad bin Nasser al-Mansouri",
                                                                      "Hamad bin Nasser al-Mansouri")),
    Known("person:mohammed-bin-salman", "Person", "Mohammed bin Salman", ("Mohammed bin Salman",)),
    Known("person:anna-berg", "Person", "Anna Berg", ("Anna Berg",)),
    Known("person:lars-berg", "Person", "Lars Berg", ("Lars Berg",)),
    Known("place:kyiv-ua", "Place", "Kyiv", ("Kiev", "Kyiv")),
    Known("US", "Country", "United States", ("U.S.", "United States", "American")),
    Known("org:the-hague-group", "Organization", "European Union", ("the European Union", "EU")),
]


@pytest.fixture(scope="module")
def index():
    return NameIndex(PEOPLE)


@pytest.mark.parametrize("typed, eid, rule", [
    ("person:john-healey", "person:john-healey", BY_ID),
    ("Kiev", "place:kyiv-ua", WRITTEN),
    ("kiev", "place:kyiv-ua", LOOSE),                       # case
    ("KYIV", "place:kyiv-ua", LOOSE),
    ("US", "US", BY_ID),                                     # a country's id is its ISO code
    ("u.s.", "US", LOOSE),                                   # punctuation
    ("european union", "org:the-hague-group", LOOSE),        # without "the"
    ("Mr Rustem Umerov", "person:rustem-umerov", WORDS),     # titles and honorifics left out
    ("Umerov", "person:rustem-umerov", SURNAME),             # a surname alone
    ("umerov", "person:rustem-umerov", SURNAME),
    ("Minister Umerov", "person:rustem-umerov", SURNAME),
    ("Erdogan", "person:recep-tayyip-erdogan", SURNAME),     # accents
    ("obrien", "person:sean-o-brien", SURNAME),              # an apostrophe inside the name
    ("O'Brien", "person:sean-o-brien", SURNAME),
    ("Sean O'Brien", "person:sean-o-brien", LOOSE),
    ("al Mansouri", "person:hamad", SURNAME),                # particles and hyphens
    ("Mansouri", "person:hamad", SURNAME),
    ("Rustem", "person:rustem-umerov", PART),                # a given name
    ("Hamad bin Nasser", "person:hamad", PART),
    ("Zelensky", "person:volodymyr-zelenskyy", TRANSLIT),    # transliterations resolution merges by
    ("Zelenskiy", "person:volodymyr-zelenskyy", TRANSLIT),
    ("Volodymyr Zelenskiy", "person:volodymyr-zelenskyy", TRANSLIT),
    ("Mohammad bin Salman", "person:mohammed-bin-salman", TRANSLIT),  # given names of the same consonants
])
def test_a_name_as_an_analyst_types_it_finds_the_entity(index, typed, eid, rule):
    found = index.find(typed)
    assert (found.entity.id, found.rule) == (eid, rule), found.how


def test_a_spelling_the_articles_wrote_wins_over_a_surname(index):
    # "Healey" is what the articles wrote for John Healey; Mary Healey has the surname too.
    assert index.find("Healey").entity.id == "person:john-healey"
    assert index.find("Mary Healey").entity.id == "person:mary-healey"


def test_a_name_of_several_entities_lists_them_and_says_how_to_pick(index):
    with pytest.raises(AmbiguousName) as e:
        index.find("Berg", pick="its id (-p name=ID)")
    msg = str(e.value)
    assert "'Berg' could be 2 entities (the surname)" in msg
    assert "Anna Berg (Person, person:anna-berg)" in msg and "Lars Berg (Person, person:lars-berg)" in msg
    assert "-p name=ID" in msg and "a fuller name" in msg and "\n" not in msg
    assert [c.id for c in e.value.candidates] == ["person:anna-berg", "person:lars-berg"]
    assert index.find("anna berg").entity.id == "person:anna-berg"


def test_an_unknown_name_suggests_the_closest_and_a_name_of_another_type_says_so(index):
    with pytest.raises(UnknownName) as e:
        index.find("Umerof")
    assert str(e.value) == ("no entity is called 'Umerof'; did you mean Rustem Umerov (Person, "
                            "person:rustem-umerov)?")
    with pytest.raises(UnknownName, match="no entity is called 'Nobody'; `kgbuild query most-mentioned`"):
        index.find("Nobody")
    with pytest.raises(UnknownName, match=r"'Kiev' is Kyiv \(Place, place:kyiv-ua\), not a Person"):
        index.find("Kiev", labels=("Person",))


# ------------------------------------------------------------------ on a store, through the CLI
TALKS = "Defence Secretary John Healey met Rustem Umerov in Kyiv on Monday. Healey said the talks were useful."
CALL = "Umerov spoke by phone with Eva Novák. Novák is Czech Foreign Minister."
BERGS = "Anna Berg met Lars Berg in Kyiv."


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    """A store where Umerov is written alone only in a sentence without a relation of his own to Healey."""
    root = tmp_path_factory.mktemp("lookup")
    talks = doc("talks", TALKS, ("John Healey", "Person", None, "GB"), ("Rustem Umerov", "Person", None, "UA"),
                ("Kyiv", "Place"), ("Healey", "Person"))
    relation(talks, "MET", "John Healey", "Rustem Umerov", evidence=TALKS.split(". ")[0] + ".", place="Kyiv")
    call = doc("call", CALL, ("Umerov", "Person"), ("Eva Novák", "Person"), ("Novák", "Person"),
               ("Czech", "Country", "CZ"))
    relation(call, "TALKED_TO", "Umerov", "Eva Novák", evidence=CALL.split(". ")[0] + ".")
    bergs = doc("bergs", BERGS, ("Anna Berg", "Person"), ("Lars Berg", "Person"), ("Kyiv", "Place"))
    relation(bergs, "MET", "Anna Berg", "Lars Berg")
    write_shard([talks, call, bergs], root / "shards" / "part-00000.jsonl")
    kgbuild.build([], root / "kg", from_shards=[root / "shards"])
    kgbuild.export(root / "kg", root / "graph.jsonl")
    return root


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("where", ["kg", "graph.jsonl"])
def test_explain_query_and_why_take_a_surname_without_accents_in_any_case(kg, where):
    store = kg / where
    out = run("explain", "umerov", "--store", store)
    assert out.exit_code == 0 and out.output.startswith("Rustem Umerov  (Person person:rustem-umerov")
    meetings = run("query", "meetings-of", "-p", "name=Umerov", "--store", store, "--json")
    assert meetings.exit_code == 0, meetings.output
    assert [json.loads(x)["with_whom"] for x in meetings.stdout.splitlines()] == ["Eva Novák", "John Healey"]
    evidence = run("query", "edge-evidence", "-p", "a=Healey", "-p", "b=Umerov", "--store", store, "--json")
    (row,) = [json.loads(x) for x in evidence.stdout.splitlines()]
    assert (row["source"], row["relation"], row["target"], row["document"]) == (
        "John Healey", "MET", "Rustem Umerov", "talks")
    novak = run("why", "Umerov", "eva novak", "--store", store)
    assert novak.exit_code == 0 and "Rustem Umerov -[TALKED_TO]- Eva Novák  (call;" in novak.output
    assert "b=eva novak is Eva Novák (Person, person:eva-novak), by a spelling ignoring case" not in novak.output
    assert run("query", "documents-mentioning", "-p", "name=KYIV", "--store", store).output.count("Kyiv") == 2


def test_what_a_name_was_taken_to_mean_is_said_on_stderr(kg):
    res = CliRunner().invoke(main, ["query", "meetings-of", "-p", "name=Rustem", "--store", str(kg / "kg"), "--json"])
    assert "kgbuild: name=Rustem is Rustem Umerov (Person, person:rustem-umerov), by part of the name" in res.stderr
    assert all(json.loads(x)["person"] == "Rustem Umerov" for x in res.stdout.splitlines())


def test_an_ambiguous_or_unknown_name_is_one_line_and_exit_2(kg):
    store = kg / "kg"
    res = run("query", "meetings-of", "-p", "name=Berg", "--store", store)
    assert res.exit_code == 2 and res.output.count("\n") == 1
    assert "Anna Berg (Person, person:anna-berg); Lars Berg (Person, person:lars-berg)" in res.output
    assert "-p name=ID" in res.output
    picked = run("query", "meetings-of", "-p", "name=person:lars-berg", "--store", store, "--json")
    assert [(r["person"], r["with_whom"]) for r in map(json.loads, picked.stdout.splitlines())] == [
        ("Lars Berg", "Anna Berg")]
    nobody = run("why", "Healey", "Nobody", "--store", store)
    assert nobody.exit_code == 2 and "no entity is called 'Nobody'" in nobody.output
    assert "no relationship" not in nobody.output
    place = run("query", "meetings-of", "-p", "name=Kyiv", "--store", store)
    assert place.exit_code == 2 and "'Kyiv' is Kyiv (Place, place:kyiv-ua), not a Person" in place.output
    typo = run("explain", "Umerof", "--store", store)
    assert typo.exit_code == 2 and "did you mean Rustem Umerov (Person, person:rustem-umerov)?" in typo.output


def test_two_known_entities_with_nothing_between_them_say_so(kg):
    res = run("why", "Novak", "Anna Berg", "--store", kg / "kg")
    assert res.exit_code == 0
    assert res.output == "no relationship between Eva Novák and Anna Berg is stated in the stored articles\n"


def test_a_bundled_query_without_a_parameter_it_needs_says_which(kg):
    res = run("query", "meetings-of", "--store", kg / "kg")
    assert res.exit_code == 2 and "meetings-of needs the parameter name: give it as -p name=Muriuki" in res.output
    res = run("query", "edge-evidence", "-p", "a=Healey", "--store", kg / "kg")
    assert res.exit_code == 2 and "edge-evidence needs the parameter b: give it as -p b=Bondar" in res.output
    res = run("query", "MATCH (p:Person) WHERE p.name = $who RETURN p.name", "--store", kg / "kg")
    assert res.exit_code == 2 and "this query needs the parameter who: give it as -p who=VALUE" in res.output
