"""Who is on which side of a word, and whether the word states a fact (relations/grammar.py)."""
import pytest

from kgbuild.extract.relations.grammar import (
    Blockers,
    blocked,
    governor,
    name_head,
    np_mentions,
    objects,
    pairs,
    phrase,
    places_under,
    subjects,
)
from kgbuild.extract.relations.sentence import SentenceView

WORDS = Blockers.load()


def view_of(index, text):
    ix = index(text)
    return SentenceView.build(ix, ix.sentences[0], {})


def tok(view, word):
    return next(t for t in view.sent if t.text == word)


def names(view, idx):
    return [view.ix.text(i) for i in idx]


@pytest.mark.parametrize("text, word", [
    ("Chancellor Karl Weber will meet President David Mensah.", "meet"),
    ("Chancellor Karl Weber did not meet President David Mensah.", "meet"),
    ("Chancellor Karl Weber never met President David Mensah.", "met"),
    ("Chancellor Karl Weber refused to meet President David Mensah.", "meet"),
    ("Chancellor Karl Weber denied meeting President David Mensah.", "meeting"),
    ("If Chancellor Karl Weber meets President David Mensah, the talks will resume.", "meets"),
    ("Chancellor Karl Weber is expected to meet President David Mensah.", "meet"),
    ("The planned meeting with President David Mensah was cancelled.", "meeting"),
    ("Chancellor Karl Weber and President David Mensah had no meeting.", "meeting"),
    ("Aides prepared for the meeting with President David Mensah.", "meeting"),
])
def test_plans_negations_and_conditions_are_not_stated_facts(parse, text, word):
    doc = parse(text)
    assert blocked(next(t for t in doc if t.text == word), WORDS)


@pytest.mark.parametrize("text, word", [
    ("Chancellor Karl Weber met President David Mensah.", "met"),
    ("Chancellor Karl Weber held talks with President David Mensah.", "talks"),
    ("Chancellor Karl Weber was received by President David Mensah.", "received"),
    ("After the meeting, Chancellor Karl Weber flew home.", "meeting"),
])
def test_stated_facts_are_not_blocked(parse, text, word):
    doc = parse(text)
    assert not blocked(next(t for t in doc if t.text == word), WORDS)


def test_subject_and_object_of_a_verb(index):
    v = view_of(index, "Chancellor Karl Weber met President David Mensah in Accra.")
    met = tok(v, "met")
    subj, psubj = subjects(v.person_at, met)
    assert names(v, subj) == ["Karl Weber"] and psubj == []
    assert names(v, objects(v.person_at, met, {"with"})) == ["David Mensah"]
    assert names(v, places_under(v.place_at, met)) == ["Accra"]


def test_the_agent_of_a_passive_is_its_subject(index):
    v = view_of(index, "Chancellor Karl Weber was received by President David Mensah.")
    subj, psubj = subjects(v.person_at, tok(v, "received"))
    assert names(v, subj) == ["David Mensah"]
    assert names(v, psubj) == ["Karl Weber"]


def test_a_subject_is_inherited_through_a_conjunction(index):
    v = view_of(index, "Chancellor Karl Weber arrived in Accra and met President David Mensah.")
    subj, _ = subjects(v.person_at, tok(v, "met"))
    assert names(v, subj) == ["Karl Weber"]


def test_a_noun_phrase_names_its_conjuncts_but_not_its_clauses(index):
    v = view_of(index, "Chancellor Karl Weber and President David Mensah, who met Anna Berg, spoke.")
    subj, _ = subjects(v.person_at, tok(v, "spoke"))
    assert sorted(names(v, subj)) == ["David Mensah", "Karl Weber"]


def test_a_possessor_names_someone_else(index):
    # "Mensah's spokesman" is not Mensah.
    v = view_of(index, "President David Mensah's spokesman met Chancellor Karl Weber.")
    assert np_mentions(v.person_at, tok(v, "spokesman")) == []


def test_the_verb_a_noun_hangs_from(parse):
    doc = parse("Chancellor Karl Weber held talks with President David Mensah.")
    assert governor(next(t for t in doc if t.text == "talks")).text == "held"
    doc = parse("The talks lasted three hours.")
    assert governor(next(t for t in doc if t.text == "talks")).text == "lasted"


def test_a_phrase_stops_at_its_clause(parse):
    doc = parse("Officials met in Accra, where talks were held with envoys.")
    accra = next(t for t in doc if t.text == "Accra")
    assert [t.text for t in phrase(accra)] == ["Accra"]


def test_from_a_title_word_up_to_the_name(parse):
    doc = parse("The minister greeted President David Mensah.")
    president = next(t for t in doc if t.text == "President")
    assert name_head(president).text == "Mensah"


def test_pairs_relate_each_side_and_a_symmetric_side_within_itself():
    assert pairs([1, 2], [3]) == [(1, 3), (2, 3), (1, 2)]
    assert pairs([1, 2], []) == [(1, 2)]
    assert pairs([1, 2], [3], among=False) == [(1, 3), (2, 3)]
    assert pairs([1], []) == [] and pairs([], [3]) == []
    assert pairs([1], [1, 2]) == [(1, 2)]  # nobody is related to themselves


def test_a_negation_above_a_meeting_nested_in_another_phrase_does_not_deny_it(extract):
    from tests.conftest import relations
    ext = extract("Russian Deputy Prime Minister Alexei Orlov arrived. The statement did not mention prices in a "
                  "summary of Alexei Orlov's meeting with Armenian Prime Minister Nikol Vardanyan.")
    assert frozenset({"Alexei Orlov", "Nikol Vardanyan"}) in relations(ext, "MET")
    ext = extract("Russian Deputy Prime Minister Alexei Orlov did not hold a meeting with Armenian Prime Minister "
                  "Nikol Vardanyan.")
    assert not relations(ext, "MET")


def _hand_parsed(words, heads, deps, pos, tags):
    """A Doc with the parse given by hand: what a wrong parse of a real sentence looks like."""
    from spacy.lang.en import English
    from spacy.tokens import Doc
    return Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)


def test_an_office_in_the_plural_lists_the_names_after_it_when_the_parse_hangs_them_elsewhere():
    # "talks between the two nations' presidents, Kofi Mensah of Ghana and Rosa Quispe of Peru, in Accra,
    # officials said": the parse made "Mensah" the subject of "said"; the names still follow the office.
    words = ["talks", "between", "the", "two", "nations", "'", "presidents", ",", "Kofi", "Mensah", "of", "Ghana",
             "and", "Rosa", "Quispe", "of", "Peru", ",", "in", "Accra", ",", "officials", "said"]
    heads = [22, 0, 4, 4, 6, 4, 1, 22, 9, 22, 9, 10, 9, 14, 9, 14, 15, 9, 9, 18, 22, 22, 22]
    deps = ["nsubj", "prep", "det", "nummod", "poss", "case", "pobj", "punct", "compound", "nsubj", "prep", "pobj",
            "cc", "compound", "conj", "prep", "pobj", "punct", "prep", "pobj", "punct", "nsubj", "ROOT"]
    pos = ["NOUN", "ADP", "DET", "NUM", "NOUN", "PART", "NOUN", "PUNCT", "PROPN", "PROPN", "ADP", "PROPN", "CCONJ",
           "PROPN", "PROPN", "ADP", "PROPN", "PUNCT", "ADP", "PROPN", "PUNCT", "NOUN", "VERB"]
    tags = ["NNS", "IN", "DT", "CD", "NNS", "POS", "NNS", ",", "NNP", "NNP", "IN", "NNP", "CC", "NNP", "NNP", "IN",
            "NNP", ",", "IN", "NNP", ",", "NNS", "VBD"]
    doc = _hand_parsed(words, heads, deps, pos, tags)
    people = {8: 0, 9: 0, 13: 1, 14: 1}
    assert np_mentions(people, doc[6]) == [0, 1]
    # a name followed by its own verb starts a clause: "met the ministers, Ana Reis said" lists nobody
    words = ["met", "the", "ministers", ",", "Ana", "Reis", "said"]
    doc = _hand_parsed(words, [6, 2, 0, 6, 5, 6, 6], ["ccomp", "det", "dobj", "punct", "compound", "nsubj", "ROOT"],
                       ["VERB", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "VERB"],
                       ["VBD", "DT", "NNS", ",", "NNP", "NNP", "VBD"])
    assert np_mentions({4: 0, 5: 0}, doc[2]) == []
