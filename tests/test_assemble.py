"""Assembly: resolved entities and relation candidates into one graph, shaped by the schema (no spaCy model)."""
import json

import pytest

from kgbuild.assemble import (
    COUNTRY_FROM_OTHER_ROLES_CONFIDENCE,
    COUNTRY_OF_PERSON_CONFIDENCE,
    assemble_graph,
    graph_counts,
)
from kgbuild.records import Document
from kgbuild.schema import SCHEMA, RelType, SchemaError
from kgbuild.stores import graph_rows
from tests.resolve.docs import doc, relation, resolve

TALKS = "Foreign Minister Ana Reis met Ivo Dunn in Lisbon. Reis later met Dunn again."


def build(*docs, schema=SCHEMA):
    return assemble_graph(list(docs), resolve(*docs), schema)


def edges(g, rel_type):
    return [(a, b, d["properties"]) for a, b, d in g.edges(data=True) if d["type"] == rel_type]


def talks(doc_id="a"):
    return doc(doc_id, TALKS, ("Ana Reis", "Person"), ("Ivo Dunn", "Person"), ("Lisbon", "Place"), ("Reis", "Person"),
               ("Dunn", "Person"))


# ------------------------------------------------------------------ one edge per fact and document
def test_a_fact_stated_twice_in_a_document_is_one_edge_citing_the_best_sentence():
    d = talks()
    relation(d, "MET", "Ana Reis", "Ivo Dunn", confidence=0.6, evidence="Ana Reis met Ivo Dunn in Lisbon.",
             place="Lisbon", date="2025-03-03")
    relation(d, "MET", "Reis", "Dunn", confidence=0.9, evidence="Reis later met Dunn again.")
    (a, b, props), = edges(build(d), "MET")
    assert (a, b) == ("person:ana-reis", "person:ivo-dunn")
    assert props["evidence"] == "Reis later met Dunn again." and props["confidence"] == 0.9
    # what only the weaker statement knew is kept
    assert (props["place"], props["place_id"], props["date"]) == ("Lisbon", "place:lisbon-pt", "2025-03-03")
    assert props["key"] == "MET|person:ana-reis|person:ivo-dunn|a"


def test_the_best_sentence_does_not_depend_on_the_order_of_the_statements():
    def met(order):
        d = talks()
        stated = {"placed": dict(confidence=0.6, evidence="Ana Reis met Ivo Dunn in Lisbon.", place="Lisbon"),
                  "sure": dict(confidence=0.9, evidence="Reis later met Dunn again.", date="2025-03-03")}
        for name in order:
            relation(d, "MET", "Ana Reis", "Ivo Dunn", **stated[name])
        return edges(build(d), "MET")[0][2]

    assert met(["placed", "sure"]) == met(["sure", "placed"])
    assert met(["placed", "sure"])["evidence"] == "Reis later met Dunn again."


def test_the_same_fact_in_two_documents_is_two_edges():
    one, two = talks("a"), talks("b")
    relation(one, "MET", "Ana Reis", "Ivo Dunn")
    relation(two, "MET", "Ivo Dunn", "Ana Reis")
    g = build(one, two)
    assert sorted(p["doc_id"] for *_, p in edges(g, "MET")) == ["a", "b"]


def test_symmetric_types_are_stored_once_with_sorted_ends_and_others_keep_their_direction():
    d = doc("a", "Ivo Dunn met Ana Reis. Ana Reis called Ivo Dunn. Dunn visited Lisbon.", ("Ivo Dunn", "Person"),
            ("Ana Reis", "Person"), ("Lisbon", "Place"))
    relation(d, "MET", "Ivo Dunn", "Ana Reis")
    relation(d, "MET", "Ana Reis", "Ivo Dunn")
    relation(d, "TALKED_TO", "Ivo Dunn", "Ana Reis")
    relation(d, "VISITED", "Ivo Dunn", "Lisbon")
    g = build(d)
    assert [(a, b) for a, b, _ in edges(g, "MET")] == [("person:ana-reis", "person:ivo-dunn")]
    assert [(a, b) for a, b, _ in edges(g, "TALKED_TO")] == [("person:ana-reis", "person:ivo-dunn")]
    assert [(a, b) for a, b, _ in edges(g, "VISITED")] == [("person:ivo-dunn", "place:lisbon-pt")]


def test_holds_role_is_one_edge_per_title():
    d = doc("a", "Ana Reis, Portugal's Foreign Minister and deputy prime minister at the Foreign Ministry. "
                 "As Foreign minister, Reis spoke.",
            ("Ana Reis", "Person"), ("Foreign Ministry", "Ministry", None, "PT"), ("Reis", "Person"))
    relation(d, "HOLDS_ROLE", "Ana Reis", "Foreign Ministry", title="Foreign Minister")
    relation(d, "HOLDS_ROLE", "Ana Reis", "Foreign Ministry", title="deputy prime minister")
    relation(d, "HOLDS_ROLE", "Reis", "Foreign Ministry", title="Foreign minister")  # the same title, other case
    g = build(d)
    roles = edges(g, "HOLDS_ROLE")
    assert sorted(p["title"] for *_, p in roles) == ["Foreign Minister", "deputy prime minister"]
    assert {p["key"] for *_, p in roles} == {"HOLDS_ROLE|person:ana-reis|ministry:foreign-ministry-pt|a|foreign minister",
                                             "HOLDS_ROLE|person:ana-reis|ministry:foreign-ministry-pt|a|deputy prime minister"}
    assert g.nodes["person:ana-reis"]["properties"]["titles"] == ["deputy prime minister", "Foreign Minister"]


# ------------------------------------------------------------------ roles whose text names no body
def test_a_role_without_a_body_goes_to_the_country_of_the_persons_other_roles():
    a = doc("a", "Ana Reis of the Portuguese Foreign Ministry spoke.", ("Ana Reis", "Person"),
            ("Foreign Ministry", "Ministry", None, "PT"))
    relation(a, "HOLDS_ROLE", "Ana Reis", "Foreign Ministry", title="Foreign Minister", confidence=0.9)
    b = doc("b", "Reis, the spokeswoman, spoke.", ("Reis", "Person"))
    relation(b, "HOLDS_ROLE", "Reis", None, title="spokeswoman", confidence=0.9, rule="title-apposition")
    g = build(a, b)
    to_country = [(x, y, p) for x, y, p in edges(g, "HOLDS_ROLE") if y == "PT"]
    (_, _, props), = to_country
    assert props["title"] == "spokeswoman" and props["doc_id"] == "b"
    assert props["rule"] == "title-apposition+country-from-other-roles"
    assert props["confidence"] == COUNTRY_FROM_OTHER_ROLES_CONFIDENCE < 0.9
    assert g.nodes["PT"]["properties"]["name"] == "Portugal"  # the country node exists although no text named it


def test_a_role_without_a_body_or_other_roles_is_only_a_title_on_the_person():
    d = doc("a", "National Security Adviser Ivo Dunn spoke.", ("Ivo Dunn", "Person"))
    relation(d, "HOLDS_ROLE", "Ivo Dunn", None, title="National Security Adviser")
    g = build(d)
    assert edges(g, "HOLDS_ROLE") == []
    assert g.nodes["person:ivo-dunn"]["properties"]["titles"] == ["National Security Adviser"]


def test_a_role_without_a_body_goes_to_the_country_the_articles_give_the_person():
    d = doc("a", "Ghana's Kwame Osei spoke. Senator Osei left.", ("Ghana", "Country", "GH"),
            ("Kwame Osei", "Person", None, "GH"), ("Osei", "Person"))
    relation(d, "HOLDS_ROLE", "Osei", None, title="Senator", rule="title-before")
    (_, country, props), = edges(build(d), "HOLDS_ROLE")
    assert country == "GH" and props["rule"] == "title-before+country-of-person"
    assert props["confidence"] == COUNTRY_OF_PERSON_CONFIDENCE


def test_a_dateline_country_is_a_hint_the_persons_own_country_overrides():
    home = doc("a", "MANILA, Philippines - President Ramon Cruz spoke.", ("MANILA", "Place", None, "PH"),
               ("Philippines", "Country", "PH"), ("Ramon Cruz", "Person"))
    relation(home, "HOLDS_ROLE", "Ramon Cruz", "MANILA", title="President", rule="title-before+country-of-dateline",
             confidence=0.45)
    (_, body, props), = edges(build(home), "HOLDS_ROLE")
    assert body == "PH" and props["rule"] == "title-before+country-of-dateline"
    abroad = doc("b", "HANOI - Senator Ramon Cruz arrived. Philippine Senator Ramon Cruz spoke.",
                 ("HANOI", "Place", None, "VN"), ("Ramon Cruz", "Person"), ("Philippine", "Country", "PH"),
                 ("Ramon Cruz", "Person"))
    relation(abroad, "HOLDS_ROLE", "Ramon Cruz", "Philippine", title="Senator", confidence=0.9)
    relation(abroad, "HOLDS_ROLE", "Ramon Cruz", "HANOI", title="President", rule="title-before+country-of-dateline",
             confidence=0.45)
    bodies = {(p["title"], body, p["rule"]) for _, body, p in edges(build(abroad), "HOLDS_ROLE")}
    assert bodies == {("Senator", "PH", "test"), ("President", "PH", "title-before+country-from-other-roles")}


# ------------------------------------------------------------------ what else the graph holds
def test_documents_and_mention_counts():
    d = talks()
    d.document = Document("a", TALKS, title="Talks in Lisbon", published="2025-03-03", source="feed.jsonl")
    g = build(d)
    assert g.nodes["doc:a"] == {"label": "Document", "properties": {
        "id": "doc:a", "doc_id": "a", "title": "Talks in Lisbon", "source": "feed.jsonl", "published": "2025-03-03"}}
    counts = {b: p["count"] for a, b, p in edges(g, "MENTIONS")}
    assert counts == {"person:ana-reis": 2, "person:ivo-dunn": 2, "place:lisbon-pt": 1}
    assert all(p["doc_id"] == "a" for *_, p in edges(g, "MENTIONS"))


def test_places_lie_in_their_country_and_ministries_belong_to_theirs():
    d = doc("a", "The Defence Ministry in Lisbon and officials in Porto and Ashwick Vale.",
            ("Defence Ministry", "Ministry", None, "PT"), ("Lisbon", "Place"), ("Porto", "Place"),
            ("Ashwick Vale", "Place", "name:Ashwick Vale"))
    g = build(d)
    assert sorted((a, b) for a, b, _ in edges(g, "LOCATED_IN")) == [("place:lisbon-pt", "PT"), ("place:porto-pt", "PT")]
    (a, b, props), = edges(g, "PART_OF")
    assert (a, b, props) == ("ministry:defence-ministry-pt", "PT",
                             {"source": "gazetteer", "key": "PART_OF|ministry:defence-ministry-pt|PT"})
    assert g.nodes["PT"]["label"] == "Country"  # added from the gazetteer although no text named Portugal


def test_entities_carry_their_aliases_and_why_each_joined():
    d = talks()
    relation(d, "HOLDS_ROLE", "Ana Reis", None, title="Foreign Minister")
    props = build(d).nodes["person:ana-reis"]["properties"]
    assert props["aliases"] == ["Ana Reis", "Reis"] and props["titles"] == ["Foreign Minister"]
    why = json.loads(props["merge_reasons"])
    assert why["Reis"] == {"reason": "surname of Ana Reis in the same document", "documents": ["a"]}


def test_relations_whose_ends_are_one_entity_or_a_forbidden_pair_are_left_out():
    d = talks()
    relation(d, "MET", "Ana Reis", "Reis")  # Reis is Ana Reis
    relation(d, "MET", "Ana Reis", "Lisbon")  # MET joins people only
    relation(d, "TALKED_TO", "Ana Reis", "Ivo Dunn", place="Lisbon")  # TALKED_TO carries no place
    g = build(d)
    assert edges(g, "MET") == []
    (_, _, props), = edges(g, "TALKED_TO")
    assert "place" not in props and "place_id" not in props
    graph_rows(g)  # and the graph fits the schema


# ------------------------------------------------------------------ the schema decides
def test_a_relation_type_the_schema_lacks_is_a_clear_error():
    d = talks()
    relation(d, "SIGNED_AGREEMENT_WITH", "Ana Reis", "Ivo Dunn")
    with pytest.raises(SchemaError) as e:
        build(d)
    assert str(e.value) == ("document 'a' states a SIGNED_AGREEMENT_WITH relation, which the schema does not know; "
                            "declare the type in the \"relations\" list of the --patterns file that finds it")


def test_a_user_declared_type_is_assembled_with_its_endpoints_checked():
    signed = RelType.from_declaration({"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"],
                                       "to": ["Person", "Country"], "symmetric": False})
    allied = RelType.from_declaration({"name": "ALLIED_WITH", "from": ["Country"], "to": ["Country"],
                                       "symmetric": True})
    schema = SCHEMA.with_relations([signed, allied])
    d = doc("a", "Ivo Dunn signed with Ana Reis and with Portugal in Lisbon; Spain and Portugal are allies.",
            ("Ivo Dunn", "Person"), ("Ana Reis", "Person"), ("Portugal", "Country", "PT"), ("Lisbon", "Place"),
            ("Spain", "Country", "ES"), ("Portugal", "Country", "PT"))
    relation(d, "SIGNED_AGREEMENT_WITH", "Ivo Dunn", "Ana Reis", place="Lisbon")
    relation(d, "SIGNED_AGREEMENT_WITH", "Ivo Dunn", "Portugal")
    relation(d, "SIGNED_AGREEMENT_WITH", "Ivo Dunn", "Lisbon")  # to a Place: outside the declaration
    relation(d, "ALLIED_WITH", "Spain", "Portugal")
    g = build(d, schema=schema)
    assert g.graph["schema"] is schema
    signed_edges = sorted((a, b, p.get("place")) for a, b, p in edges(g, "SIGNED_AGREEMENT_WITH"))
    assert signed_edges == [("person:ivo-dunn", "PT", None), ("person:ivo-dunn", "person:ana-reis", "Lisbon")]
    assert [(a, b) for a, b, _ in edges(g, "ALLIED_WITH")] == [("ES", "PT")]  # symmetric: sorted ends
    assert graph_rows(g).relationship_counts()["SIGNED_AGREEMENT_WITH"] == 2
    nodes, rels = graph_counts(g)
    assert rels["SIGNED_AGREEMENT_WITH"] == 2 and nodes["Country"] == 2
