"""Visits that follow from meetings (relations/derived.py)."""
from kgbuild.extract.relations.derived import MET_ABROAD_CONFIDENCE, VISITING_CONFIDENCE
from tests.conftest import relations


def visits(ext, rule):
    return {(ext.mentions[r.source].text, ext.mentions[r.target].text, r.confidence)
            for r in ext.relations if r.type == "VISITED" and r.rule == rule}


def test_the_visiting_guest_went_to_the_meeting_place_and_its_country(extract):
    ext = extract("Chancellor Karl Weber received the visiting President David Mensah in Jeddah, Saudi Arabia.")
    assert visits(ext, "visiting+meeting-place") == {("David Mensah", "Jeddah", VISITING_CONFIDENCE),
                                                     ("David Mensah", "Saudi Arabia", VISITING_CONFIDENCE)}
    assert ("Karl Weber", "Jeddah") not in relations(ext, "VISITED")  # the host did not travel


def test_a_meeting_abroad_is_a_visit_for_those_from_elsewhere(extract):
    ext = extract("Ghana's President David Mensah met German Chancellor Karl Weber in Berlin.")
    assert visits(ext, "met-abroad") == {("David Mensah", "Berlin", MET_ABROAD_CONFIDENCE)}


def test_a_meeting_in_a_third_country_is_a_visit_for_both(extract):
    ext = extract("Norwegian Prime Minister Anna Berg met German Chancellor Karl Weber in Doha, Qatar.")
    assert {(a, b) for a, b, _ in visits(ext, "met-abroad")} == {("Anna Berg", "Doha"), ("Karl Weber", "Doha")}


def test_no_visit_without_a_known_home_country(extract):
    ext = extract("Norwegian Prime Minister Anna Berg met Chancellor Karl Weber in Oslo.")
    assert visits(ext, "met-abroad") == set()
