from tests.conftest import names


def test_title_before_a_name_gives_a_person_with_that_role(extract):
    ext = extract("Estonian Foreign Minister Kadri Lepp met reporters in Tallinn on Monday.")
    assert "Kadri Lepp" in names(ext, "Person")
    roles = [r for r in ext.relations if r.type == "HOLDS_ROLE"]
    assert roles and roles[0].title == "Foreign Minister"
    assert ext.mentions[roles[0].target].text == "Estonian"


def test_demonyms_and_abbreviations_are_mentions_of_their_country(extract):
    ext = extract("British officials and UK diplomats met Ukrainian envoys in Britain.")
    keys = {m.text: m.key for m in ext.mentions if m.label == "Country"}
    assert keys == {"British": "GB", "UK": "GB", "Ukrainian": "UA", "Britain": "GB"}


def test_large_city_is_a_place_even_where_the_model_says_person(extract):
    ext = extract("Kiev would have to enter any talks from a position of strength, officials in Kiev said.")
    assert "Kiev" in names(ext, "Place")
    assert "Kiev" not in names(ext, "Person")


def test_surname_alone_is_a_person_after_the_full_name(extract):
    ext = extract("Defence Secretary Tomas Brandt arrived on Monday. Brandt said the trip was useful. "
                  "Critics accused Brandt of ignoring the risks.")
    assert {"Tomas Brandt", "Brandt"} <= names(ext, "Person")
    assert "Brandt" not in names(ext, "Organization")


def test_ministry_patterns(extract):
    ext = extract("The Ministry of Defence and the Pentagon issued statements, and the Foreign Ministry said little.")
    assert {"Ministry of Defence", "Pentagon", "Foreign Ministry"} <= names(ext, "Ministry")
    pentagon = next(m for m in ext.mentions if m.text == "Pentagon")
    assert pentagon.country == "US"


def test_country_in_front_of_a_ministry_gives_its_country_and_an_alias(extract):
    ext = extract("A spokesman for the Saudi Foreign Ministry declined to comment.")
    ministry = [m for m in ext.mentions if m.label == "Ministry"]
    assert {m.text for m in ministry} == {"Foreign Ministry", "Saudi Foreign Ministry"}
    assert {m.country for m in ministry} == {"SA"}


def test_social_platform_used_as_a_medium_is_not_an_entity(extract):
    ext = extract("In a post on Twitter, the minister thanked the volunteers.")
    assert "Twitter" not in names(ext)
