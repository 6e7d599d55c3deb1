"""Spans of the ruler and the model, typed and trimmed (extract/entities/spans.py)."""
from kgbuild.extract.entities.spans import trim
from tests.conftest import mention, names


def test_demonyms_and_abbreviations_are_mentions_of_their_country(extract):
    ext = extract("British officials and UK diplomats met Ukrainian envoys in Britain.")
    keys = {m.text: m.key for m in ext.mentions if m.label == "Country"}
    assert keys == {"British": "GB", "UK": "GB", "Ukrainian": "UA", "Britain": "GB"}
    assert mention(ext, "UK").reason == "abbreviation of GB"


def test_large_city_is_a_place_even_where_the_model_says_person(extract):
    ext = extract("Kiev would have to enter any talks from a position of strength, officials in Kiev said.")
    assert "Kiev" in names(ext, "Place")
    assert "Kiev" not in names(ext, "Person")


def test_ministry_patterns(extract):
    ext = extract("The Ministry of Defence and the Pentagon issued statements, and the Foreign Ministry said little.")
    assert {"Ministry of Defence", "Pentagon", "Foreign Ministry"} <= names(ext, "Ministry")
    assert mention(ext, "Pentagon").country == "US"


def test_social_platform_used_as_a_medium_is_not_an_entity(extract):
    ext = extract("In a post on Twitter, the minister thanked the volunteers.")
    assert "Twitter" not in names(ext)


def test_a_hyphenated_adjective_is_not_part_of_the_name(extract):
    ext = extract("Kiev-based analysts met in Kiev.")
    assert names(ext) == {"Kiev"}


def test_trimming_articles_possessives_and_punctuation(parse):
    doc = parse("the Nordavia Times's")
    assert doc[slice(*trim(doc, 0, len(doc)))].text == "Nordavia Times"


def test_a_named_building_is_a_place(extract):
    ext = extract("Officials met at the Lusail Palace in Doha.")
    assert {"Lusail Palace", "Doha"} <= names(ext, "Place")


def test_an_event_by_the_ruler(extract):
    assert "Operation Northern Shield" in names(extract("Operation Northern Shield began on Monday."), "Event")


def test_a_continent_adjective_is_the_continent(extract):
    ext = extract("Europe and the European delegates met in Paris.")
    european = mention(ext, "European")
    assert european.label == "Place" and european.key.startswith("geonames:")
