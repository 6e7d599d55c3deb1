"""Relations from dependency patterns, including relation types a patterns file declares (relations/matches.py)."""
import json

import pytest

from kgbuild.extract import Extractor
from kgbuild.extract.relations.grammar import Blockers
from kgbuild.extract.relations.matches import pattern_candidates
from kgbuild.extract.relations.sentence import SentenceView
from kgbuild.records import Document
from kgbuild.schema import SCHEMA

SIGNING = {
    "relations": [{"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"], "to": ["Person", "Country", "Organization"],
                   "symmetric": False, "description": "signed an agreement with"}],
    "patterns": [{
        "name": "signed-with", "relation": "SIGNED_AGREEMENT_WITH", "confidence": 0.8,
        "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "sign"}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "nsubj"}},
            {"LEFT_ID": "trigger", "REL_OP": ">>", "RIGHT_ID": "with", "RIGHT_ATTRS": {"LOWER": "with"}},
            {"LEFT_ID": "with", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {"DEP": "pobj"}}]}],
}


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    f = tmp_path_factory.mktemp("patterns") / "signing.json"
    f.write_text(json.dumps(SIGNING), encoding="utf-8")
    ex = Extractor(pattern_files=[str(f)])
    return lambda text: next(ex.extract([Document("d", text)]))


def signed(ext):
    return {(ext.mentions[r.source].text, ext.mentions[r.target].text, ext.mentions[r.target].label)
            for r in ext.relations if r.type == "SIGNED_AGREEMENT_WITH"}


def test_a_declared_type_reaches_a_country(signer):
    ext = signer("Prime Minister Lena Kask signed a trade agreement with Finland on Monday.")
    assert signed(ext) == {("Lena Kask", "Finland", "Country")}
    r = next(r for r in ext.relations if r.type == "SIGNED_AGREEMENT_WITH")
    assert r.rule == "pattern:signed-with" and r.confidence == 0.8 and r.trigger == "signed"


def test_a_declared_type_reaches_an_organization_and_keeps_the_place(signer):
    ext = signer("President Ana Lopes signed a defence pact with NATO in Brussels.")
    assert signed(ext) == {("Ana Lopes", "NATO", "Organization")}
    r = next(r for r in ext.relations if r.type == "SIGNED_AGREEMENT_WITH")
    assert ext.mentions[r.place].text == "Brussels"


def test_a_declared_type_reaches_a_person(signer):
    ext = signer("Foreign Minister Sara Lind signed a memorandum with Chancellor Erik Holm in Madrid.")
    assert signed(ext) == {("Sara Lind", "Erik Holm", "Person")}


def test_co_signers_are_not_related_to_each_other_by_a_directed_type(signer):
    ext = signer("President Ana Lopes and Chancellor Erik Holm signed an accord with Norway.")
    assert signed(ext) == {("Ana Lopes", "Norway", "Country"), ("Erik Holm", "Norway", "Country")}


def test_a_declared_type_is_blocked_by_negation(signer):
    assert signed(signer("President Ana Lopes did not sign the deal with Norway.")) == set()


def test_built_in_types_behave_as_before_with_a_declared_type_loaded(signer, extract):
    text = "Chancellor Karl Weber met President David Mensah in Accra and flew to Lagos."
    assert signer(text).relations == extract(text, doc_id="d").relations


def test_a_visit_pattern_takes_its_place_node(extractor, index):
    ix = index("Foreign Minister Sara Lind made a two-day trip to Nairobi last week.")
    match = next(m for m in extractor.relations.patterns(ix.doc) if m.pattern.name == "made-a-trip-to")
    view = SentenceView.build(ix, ix.sentences[0], {})
    found = pattern_candidates(view, match, SCHEMA.relation("VISITED"), Blockers.load())
    assert [(c.type, ix.text(c.a), ix.text(c.b), c.rule) for c in found] == [
        ("VISITED", "Sara Lind", "Nairobi", "pattern:made-a-trip-to")]


def test_a_declared_type_between_bodies_is_read_in_sentences_without_people(tmp_path):
    spec = {"relations": [{"name": "BODY_SIGNED_WITH", "from": ["Organization"], "to": ["Country"]}],
            "patterns": [dict(SIGNING["patterns"][0], name="body-signed-with", relation="BODY_SIGNED_WITH")]}
    f = tmp_path / "bodies.json"
    f.write_text(json.dumps(spec), encoding="utf-8")
    ext = next(Extractor(pattern_files=[str(f)]).extract([Document("d", "NATO signed an accord with Finland.")]))
    assert {(ext.mentions[r.source].text, ext.mentions[r.target].text)
            for r in ext.relations if r.type == "BODY_SIGNED_WITH"} == {("NATO", "Finland")}
