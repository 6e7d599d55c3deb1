"""The mentions of one sentence, pronouns included (relations/sentence.py)."""
from kgbuild.extract.relations.roles import Portfolios, find_people
from kgbuild.extract.relations.sentence import SentenceView, pronouns
from tests.conftest import relations


def test_he_is_the_one_person_of_the_sentence_before(extract):
    ext = extract("Chancellor Karl Weber arrived in Accra. He met President David Mensah on Monday.")
    assert relations(ext, "MET") == {frozenset({"Karl Weber", "David Mensah"})}


def test_he_is_nobody_when_two_people_could_be_meant(index):
    ix = index("Chancellor Karl Weber and President David Mensah arrived. He said little.")
    assert pronouns(ix, ix.sentences[1]) == {}


def test_he_is_the_one_person_named_earlier_in_the_sentence(index):
    ix = index("Chancellor Karl Weber arrived, and he said little.")
    he = next(t for t in ix.doc if t.text == "he")
    assert ix.text(pronouns(ix, ix.sentences[0])[he.i]) == "Karl Weber"


def test_a_view_separates_people_and_places(index):
    ix = index("Chancellor Karl Weber met President David Mensah in Accra, Ghana.")
    v = SentenceView.build(ix, ix.sentences[0], {})
    assert {ix.text(i) for i in v.person_at.values()} == {"Karl Weber", "David Mensah"}
    assert {ix.text(i) for i in v.place_at.values()} == {"Accra", "Ghana"}
    assert {ix.text(i) for i in v.at(frozenset({"Person", "Country"})).values()} == {"Karl Weber", "David Mensah",
                                                                                    "Ghana"}


def test_a_title_reference_is_a_person_of_the_sentence(index):
    ix = index("Ghanaian President David Mensah arrived. The president met reporters.")
    people = find_people(ix, Portfolios.load())
    v = SentenceView.build(ix, ix.sentences[1], people.title_refs)
    president = next(t for t in ix.sentences[1] if t.text == "president")
    assert ix.text(v.person_at[president.i]) == "David Mensah"


def test_a_subject_pronoun_continues_the_subject_of_the_sentence_before(index):
    ix = index("Chancellor Karl Weber called President David Mensah on Monday. He also spoke with Ana Reis.")
    he = next(t for t in ix.doc if t.text == "He")
    assert ix.text(pronouns(ix, ix.sentences[1])[he.i]) == "Karl Weber"
    ix = index("Chancellor Karl Weber called President David Mensah on Monday. Reporters asked him about it.")
    assert pronouns(ix, ix.sentences[1]) == {}  # an object pronoun stays ambiguous


def test_an_object_pronoun_is_not_its_own_clauses_subject(extract):
    ext = extract("Chancellor Ivo Dunn arrived in Berlin. President Karl Weber received him at the palace.")
    assert relations(ext, "MET") == {frozenset({"Karl Weber", "Ivo Dunn"})}
