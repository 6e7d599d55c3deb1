"""The schema in one module: the files generated from it agree with it, and user declarations are checked."""
import re
from pathlib import Path

import pytest

from kgbuild.queries import cypher_dir
from kgbuild.schema import (ENTITY_LABELS, SCHEMA, TEXT_REL_PROPERTIES, RelType, Schema, SchemaError,
                            render_markdown, render_schema_cypher)

ROOT = Path(__file__).resolve().parent.parent


def declare(**fields):
    return RelType.from_declaration({"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"], "to": ["Country"], **fields},
                                    "p.json relation 1")


# ------------------------------------------------------------------ generated files
def test_the_shipped_neo4j_schema_is_the_generated_one():
    shipped = (cypher_dir() / "schema.cypher").read_text(encoding="utf-8")
    assert shipped == render_schema_cypher(), "cypher/schema.cypher is out of date: python -m kgbuild.schema --cypher"


def test_the_readme_data_model_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- schema:begin -->\n(.*?)<!-- schema:end -->", readme, re.DOTALL)
    assert section, "README.md lacks the <!-- schema:begin --> ... <!-- schema:end --> data model"
    assert section.group(1) == render_markdown(), "README data model is out of date: python -m kgbuild.schema --markdown"
    assert "python -m kgbuild.schema --markdown" in readme


def test_the_markdown_tables_have_one_cell_per_column():
    for table in render_markdown().split("\n\n"):
        rows = [r for r in table.splitlines() if r.startswith("|")]
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}  # a '\|' inside a cell does not split it
        assert len(widths) <= 1, table
    assert "| `LOCATED_IN` | Place → Country | no |" in render_markdown()


def test_a_schema_with_user_types_generates_their_constraints_and_rows():
    schema = SCHEMA.with_relations([declare(symmetric=False)])
    text = render_schema_cypher(schema)
    assert ("CREATE CONSTRAINT signed_agreement_with_key IF NOT EXISTS FOR ()-[r:SIGNED_AGREEMENT_WITH]-() "
            "REQUIRE r.key IS UNIQUE;") in text
    assert "| `SIGNED_AGREEMENT_WITH` | Person → Country | no |" in render_markdown(schema)


# ------------------------------------------------------------------ declarations
def test_a_good_declaration_becomes_a_text_relation_type():
    rel = RelType.from_declaration({"name": "ALLIED_WITH", "from": "Country", "to": ["Country"], "symmetric": True,
                                    "description": "are allies", "color": "#8e44ad"})
    assert (rel.name, rel.endpoints, rel.symmetric, rel.description, rel.color) == (
        "ALLIED_WITH", (("Country", "Country"),), True, "are allies", "#8e44ad")
    assert (rel.origin, rel.builtin, rel.keyed, rel.placed) == ("text", False, True, True)
    rel = declare()
    assert rel.endpoints == (("Person", "Country"),) and not rel.symmetric
    assert rel.description == "user-defined relation SIGNED_AGREEMENT_WITH" and re.fullmatch(r"#[0-9A-F]{6}", rel.color)
    many = RelType.from_declaration({"name": "FUNDED", "from": ["Organization", "Country"],
                                     "to": ["Event", "Organization", "Event"]})
    assert many.endpoints == (("Organization", "Event"), ("Organization", "Organization"), ("Country", "Event"),
                              ("Country", "Organization"))
    assert many.allows("Country", "Event") and not many.allows("Event", "Country")


@pytest.mark.parametrize("fields, problem", [
    ({"name": "signed"}, "the relation type name 'signed' must be UPPER_SNAKE_CASE"),
    ({"name": "2_SIGNED"}, "must be UPPER_SNAKE_CASE"),
    ({"name": "SIGNED-WITH"}, "must be UPPER_SNAKE_CASE"),
    ({"name": "S" * 64}, "must be UPPER_SNAKE_CASE"),
    ({"name": None}, "the relation type name None"),
    ({"name": "MERGE"}, "'MERGE' is a word Cypher reserves; choose another name"),
    ({"from": ["Planet"]}, "unknown label 'Planet' in 'from'; use Person, Country"),
    ({"to": ["Document"]}, "unknown label 'Document' in 'to'"),
    ({"to": []}, "'to' must list one or more entity labels"),
    ({"from": None}, "'from' must list one or more entity labels"),
    ({"symmetric": True}, "a symmetric relation needs the same labels in 'from' and 'to'"),
    ({"symmetric": "yes"}, "'symmetric' is true or false"),
    ({"color": "purple"}, "'color' is a CSS hex colour such as \"#8E44AD\""),
    ({"color": "#8E44A"}, "'color' is a CSS hex colour"),
])
def test_a_bad_declaration_names_the_problem_and_where(fields, problem):
    with pytest.raises(SchemaError) as e:
        declare(**fields)
    assert problem in str(e.value) and str(e.value).startswith("p.json relation 1")


def test_a_declaration_that_is_not_an_object_is_refused():
    with pytest.raises(SchemaError, match="x.json: a relation type is an object with 'name', 'from' and 'to'"):
        RelType.from_declaration(["SIGNED"], "x.json")


def test_a_built_in_type_cannot_be_redefined_and_a_user_type_only_the_same_way():
    with pytest.raises(SchemaError, match="MET is a built-in relationship type; declare a new type under another name"):
        SCHEMA.with_relations([RelType.from_declaration({"name": "MET", "from": ["Person"], "to": ["Country"]})])
    one = SCHEMA.with_relations([declare()])
    assert one.with_relations([declare()]).relations == one.relations  # declared again alike: fine
    with pytest.raises(SchemaError, match="SIGNED_AGREEMENT_WITH is declared twice with different endpoints"):
        one.with_relations([declare(to=["Person"])])
    assert SCHEMA.with_relations(SCHEMA.relations.values()).relations == SCHEMA.relations
    assert "SIGNED_AGREEMENT_WITH" not in SCHEMA  # extending makes a new schema


def test_declared_types_survive_the_manifest_round_trip():
    schema = SCHEMA.with_relations([declare(description="signed with", color="#123ABC")])
    again = Schema.from_custom_json(schema.custom_json())
    assert again.relations == schema.relations
    assert [r.name for r in again.custom_relations] == ["SIGNED_AGREEMENT_WITH"]


# ------------------------------------------------------------------ the shape of the built-in schema
def test_every_text_relation_has_the_same_properties():
    text = [r for r in SCHEMA.with_relations([declare()]).relations.values() if r.origin == "text"]
    assert [r.name for r in text] == ["MET", "TALKED_TO", "HOLDS_ROLE", "VISITED", "SIGNED_AGREEMENT_WITH"]
    assert all(r.properties == TEXT_REL_PROPERTIES for r in text)
    assert {"key", "doc_id", "evidence", "rule", "confidence"} <= {p.name for p in TEXT_REL_PROPERTIES}


def test_every_entity_label_has_a_prefix_or_is_a_country_and_is_mentioned():
    for name in ENTITY_LABELS:
        lab = SCHEMA.label(name)
        assert lab.id_prefix.endswith(":") or name == "Country"
        assert SCHEMA.relation("MENTIONS").allows("Document", name)
        assert lab.property_names[:3] == ("id", "name", "aliases")
    assert len({SCHEMA.label(n).style.color for n in SCHEMA.node_labels}) == len(SCHEMA.node_labels)


def test_lookups_and_checks_say_what_the_schema_has():
    with pytest.raises(SchemaError, match="unknown node label 'Planet'; the schema has Person, Country"):
        SCHEMA.label("Planet")
    with pytest.raises(SchemaError, match="unknown relationship type 'LIKES'.*--patterns"):
        SCHEMA.relation("LIKES")
    assert SCHEMA.check_edge("VISITED", "Person", "Country").name == "VISITED"
    with pytest.raises(SchemaError, match=r"VISITED joins Person->Place, Person->Country"):
        SCHEMA.check_edge("VISITED", "Person", "Person")
    met = SCHEMA.relation("MET")
    assert met.symmetric and met.allows("Person", "Person") and not met.allows("Person", "Place")
