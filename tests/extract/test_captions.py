"""Photo captions: "A (left) with B in C" (relations/captions.py)."""
from kgbuild.extract.relations.captions import CAPTION_CONFIDENCE, caption_markers, is_caption
from tests.conftest import relations


def test_caption_with_left_marker_gives_met_with_place(extract):
    ext = extract("Polish Defence Minister Jan Sowa (left) meeting Lithuanian Foreign Minister Rasa Juknė in Vilnius")
    assert frozenset({"Jan Sowa", "Rasa Juknė"}) in relations(ext, "MET")
    met = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[met.place].text == "Vilnius"


def test_caption_with_preposition_with(extract):
    ext = extract("Prime Minister Ana Morales (right) with Chilean Finance Minister Diego Soto in Santiago")
    assert frozenset({"Ana Morales", "Diego Soto"}) in relations(ext, "MET")


def test_everyone_after_with_was_pictured_with_the_person_before_it(extract):
    ext = extract("Chancellor Karl Weber (second left) with President David Mensah and Prime Minister Anna Berg in Accra")
    assert relations(ext, "MET") == {frozenset({"Karl Weber", "David Mensah"}), frozenset({"Karl Weber", "Anna Berg"})}
    r = next(r for r in ext.relations if r.type == "MET")
    assert r.rule == "caption:with" and r.confidence == CAPTION_CONFIDENCE
    assert ext.mentions[r.place].text == "Accra"


def test_a_caption_without_a_marker_is_a_line_without_a_verb(extract):
    ext = extract("President David Mensah with Chancellor Karl Weber at the State House in Accra")
    assert relations(ext, "MET") == {frozenset({"David Mensah", "Karl Weber"})}


def test_a_sentence_with_a_verb_is_no_caption(parse):
    markers = caption_markers()
    assert not is_caption(next(parse("Chancellor Karl Weber spoke with reporters in Accra.").sents), markers)
    assert is_caption(next(parse("Chancellor Karl Weber (left) speaks with reporters in Accra").sents), markers)
    assert is_caption(next(parse("Chancellor Karl Weber with reporters in Accra").sents), markers)


def test_speaking_with_reporters_is_no_meeting(extract):
    assert not relations(extract("Chancellor Karl Weber spoke with reporters in Accra."), "MET")


def test_a_caption_naming_a_meeting_gathers_the_people_before_it(extract):
    ext = extract("President Ana Lopes (L) and Chancellor Erik Holm during their meeting in Madrid, Spain, on Monday.")
    r = next(r for r in ext.relations if r.type == "MET")
    assert r.rule == "caption:meeting" and ext.mentions[r.place].text == "Madrid"
    assert not any(r.type == "MET" for r in extract(
        "President Ana Lopes and Chancellor Erik Holm ahead of their meeting in Madrid.").relations)


def test_a_caption_of_the_two_leaders_with_someone_while_something_happens(extract):
    ext = extract("Sato and Kamau begin historic walk at Nara\n\nTuesday, 23 April 2024\n\nThe two prime ministers "
                  "taking a selfie with Governor Ken Mori, as children wave flags (Photo: Kyodo)\n\nJapan's prime "
                  "minister Kenji Sato walked the trail with Kenyan leader Daniel Kamau.")
    got = relations(ext, "MET")
    assert frozenset({"Sato", "Ken Mori"}) in got and frozenset({"Kamau", "Ken Mori"}) in got
