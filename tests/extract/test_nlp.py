"""The spaCy pipeline and kgbuild's ruler (extract/nlp.py)."""
import pytest

from kgbuild.errors import ModelNotFound
from kgbuild.extract.nlp import COUNTRY, MINISTRY, TITLE, available_model


def ents(doc):
    return {(e.text, e.label_) for e in doc.ents}


def test_the_ruler_marks_countries_titles_and_ministries(parse):
    doc = parse("UKRAINE's Defence Minister met officials of the Ministry of Foreign Affairs.")
    found = ents(doc)
    assert ("UKRAINE", COUNTRY) in found
    assert ("Defence Minister", TITLE) in found
    assert ("Ministry of Foreign Affairs", MINISTRY) in found
    assert next(e for e in doc.ents if e.label_ == COUNTRY).ent_id_ == "UA"


def test_a_title_is_never_swallowed_into_a_name(parse):
    doc = parse("Deputy Foreign Minister Anna Berg spoke.")
    assert ("Deputy Foreign Minister", TITLE) in ents(doc)


def test_a_line_break_ends_a_sentence(parse):
    doc = parse("Chancellor Karl Weber in Accra\nPresident David Mensah met reporters.")
    assert next(doc.sents).text.strip() == "Chancellor Karl Weber in Accra"


def test_an_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotFound):
        available_model("no_such_model_xx")
