"""Places: datelines, the gazetteer scan, geographic names, adjectives, a place's country
(extract/entities/places.py)."""
from kgbuild.extract.entities.places import datelines, gazetteer_scan, place_adjectives, place_countries
from tests.conftest import mention, names
from tests.extract.entity_helpers import CONFIG, draft, found, seen, tokens


def test_a_dateline_names_the_city_and_the_wire_service(parse):
    doc = parse("KYIV, May 2 (Reuters) - The minister spoke on Monday.")
    d = draft(doc)
    datelines(CONFIG, d)
    assert {(d.text(f), f.label, f.source) for f in d.found} == {("KYIV", "Place", "dateline"),
                                                                ("Reuters", "Organization", "dateline")}


def test_a_city_in_capitals_the_model_read_as_an_organisation_opens_a_dateline(extract):
    ext = extract("Talks resume\n\nNAIROBI: President Grace Wanjiru met envoys on Monday.")
    assert mention(ext, "NAIROBI").label == "Place"
    ext = extract("Talks resume\n\nNAIROBI (KNA) - President Grace Wanjiru met envoys on Monday.")
    assert mention(ext, "NAIROBI").label == "Place"
    assert mention(ext, "KNA").label == "Organization"  # the wire service, not an acronym of the city


def test_a_dateline_in_a_whole_article(extract):
    ext = extract("Talks resume\n\nKYIV, May 2 (Reuters) - The minister spoke on Monday.")
    assert mention(ext, "KYIV").label == "Place" and mention(ext, "Reuters").label == "Organization"


def test_a_large_city_the_model_missed(parse):
    doc = parse("Envoys met in Kharkiv on Monday.")
    d = draft(doc)
    gazetteer_scan(CONFIG, d)
    assert seen(d, "Place") == {"Kharkiv"}
    assert d.found[0].reason.startswith("GeoNames")


def test_a_country_word_inside_a_geographic_name_is_not_the_country(extract):
    ext = extract("Ships crossed the South China Sea and the Black Sea on Monday.")
    assert {"South China Sea", "Black Sea"} <= names(ext, "Place")
    assert "China" not in names(ext, "Country")


def test_the_adjective_of_a_place_in_the_document(extract):
    ext = extract("Leaders discussed East African trade at the summit in East Africa.")
    assert mention(ext, "East African").label == "Place"
    assert mention(ext, "East African").key == "name:east africa"


def test_an_adjective_without_its_place_in_the_document_is_no_place(parse):
    doc = parse("Leaders discussed East African trade.")
    d = draft(doc)
    place_adjectives(CONFIG, d)
    assert d.found == []


def test_a_country_beside_a_place_is_its_country(extract):
    ext = extract("Talks opened in Nairobi, Kenya, on Monday.")
    assert mention(ext, "Nairobi").country == "KE"
    ext = extract("Officials in Jeddah, Saudi Arabia, met on Monday.")
    assert mention(ext, "Jeddah").country == "SA"


def test_a_place_without_a_country_beside_it_has_none(parse):
    doc = parse("Talks opened in Nairobi on Monday.")
    d = draft(doc, found(doc, "Nairobi", "Place"))
    place_countries(CONFIG, d)
    assert d.found[0].context_country is None


# ------------------------------------------------------------------ issue 11
def test_a_place_in_brackets_of_a_credit_line_and_a_wire_service_opening_a_paragraph(parse):
    doc = parse("Daily Courier (Nairobi)\nThe minister spoke.\n(KENPRESS) The minister left on Monday.")
    d = draft(doc)
    datelines(CONFIG, d)
    assert {(d.text(f), f.label) for f in d.found} == {("Daily Courier", "Organization"), ("Nairobi", "Place"),
                                                       ("KENPRESS", "Organization")}


def test_a_direction_in_front_of_a_country_is_a_region_of_it(extract):
    ext = extract("Fighting spread in eastern Sudan. Aid reached east Sudan by Monday.")
    regions = [m for m in ext.mentions if m.label == "Place"]
    assert {m.text for m in regions} == {"eastern Sudan", "east Sudan"}
    assert {m.key for m in regions} == {"region:east:SD"} and {m.country for m in regions} == {"SD"}
    assert "Sudan" in names(ext, "Country")


def test_a_direction_and_a_continents_adjective(extract):
    ext = extract("Leaders discussed West African trade in Accra.")
    assert mention(ext, "West African").label == "Place" and mention(ext, "West African").key == "name:west africa"


def test_a_place_with_region_after_it_is_the_same_place(extract):
    ext = extract("Drones struck the Kursk region, and officials in Kursk said the damage was light.")
    kursk = [m for m in ext.mentions if m.label == "Place"]
    assert {m.text for m in kursk} >= {"Kursk", "Kursk region"}


def test_a_country_written_with_accents_the_model_missed(parse):
    doc = parse("Việt Nam signed the deal.")
    d = draft(doc)
    gazetteer_scan(CONFIG, d)
    assert [(d.text(f), f.label, f.key) for f in d.found] == [("Việt Nam", "Country", "VN")]


def test_a_word_listed_with_a_place_that_the_gazetteer_knows_in_that_country_is_a_place(parse):
    from kgbuild.extract.entities.places import listed_places
    doc = parse("Grain left the ports of Odesa, Chornomorsk and Kovalenko.")
    d = draft(doc, found(doc, "Odesa", "Place", source="ner:GPE"),
              found(doc, "Kovalenko", "Person", source="ner:PERSON"))
    listed_places(CONFIG, d)
    assert seen(d, "Place") == {"Odesa", "Chornomorsk"}
    assert seen(d, "Person") == {"Kovalenko"}  # no place of that name


def test_a_name_with_province_after_it_is_a_place_written_both_ways(extract):
    ext = extract("The delegation later visited Quang Tri province and met local officials.")
    places = {m.text for m in ext.mentions if m.label == "Place"}
    assert {"Quang Tri", "Quang Tri province"} <= places


def test_the_kingdom_is_the_one_kingdom_the_document_names(extract):
    ext = extract("Saudi Arabia and France signed a deal in Riyadh. The Kingdom's ministers praised it.")
    assert mention(ext, "Kingdom").key == "SA"
    ext = extract("Peru and Chile signed a deal. The Kingdom was not mentioned before.")
    assert "Kingdom" not in names(ext)


def test_an_all_capitals_word_the_model_calls_a_place_is_a_body_unless_it_stands_where_a_place_does(parse):
    from spacy.tokens import Span
    from kgbuild.extract.entities.spans import classify
    for text, label in (("Leaders of ZORVA met.", "Organization"), ("Leaders met in ZORVA.", "Place"),
                        ("ZORVA, March 3 (SPA) -- Leaders met.", "Place")):
        doc = parse(text)
        i, _ = tokens(doc, "ZORVA")
        out = []
        classify(CONFIG, doc, Span(doc, i, i + 1, label="GPE"), out, [])
        assert [(doc[f.start:f.end].text, f.label) for f in out] == [("ZORVA", label)], text


def test_world_regions_are_places_and_america_inside_them_is_no_country(extract):
    ext = extract("Ministers from Latin America and the Caribbean met in Nairobi. Trade with Southeast Asia and "
                  "the Indo-Pacific grew, officials in the Middle East said.")
    assert {"Latin America", "Caribbean", "Southeast Asia", "Indo-Pacific", "Middle East"} <= names(ext, "Place")
    assert not {"America", "US"} & names(ext, "Country")
    assert mention(ext, "Latin America").key == "name:latin america"


def test_spellings_of_one_region_share_a_key(extract):
    a = extract("Growth in South-East Asia slowed this year.")
    b = extract("Growth in Southeast Asia slowed this year.")
    assert mention(a, "South-East Asia", "Place").key == mention(b, "Southeast Asia", "Place").key


def test_a_regions_adjective_names_the_region_and_no_country_and_a_region_inside_a_longer_name_is_no_place(extract):
    ext = extract("The Latin American bloc met in Quito on Monday.")
    assert "American" not in names(ext, "Country") and "Latin American" in names(ext, "Place")
    assert mention(ext, "Latin American").key == "name:latin america"
    ext = extract("The Asia-Pacific Economic Cooperation forum met in Lima.")
    assert "Asia-Pacific" not in names(ext, "Place")
    ext = extract("He met the Special Envoy for the Middle East Stefan Kowal in Doha.")
    assert "Middle East" in names(ext, "Place") and "Stefan Kowal" in names(ext, "Person")


def test_a_dateline_with_a_colon_or_slash_names_the_city_even_when_the_model_called_it_a_body(extract):
    ext = extract("Talks held\nNAIROBI: Foreign Minister Ali Raza met his counterpart on Sunday.")
    assert mention(ext, "NAIROBI").label == "Place"
    ext = extract("Talks held\nTOKYO /Japan/, May 21. The minister spoke.")
    assert mention(ext, "TOKYO").label == "Place"
    ext = extract("Talks held\nBRIEFING: Foreign Minister Ali Raza met his counterpart on Sunday.")
    assert "BRIEFING" not in names(ext, "Place")


def test_a_large_citys_name_the_model_calls_a_body_is_the_place(extract):
    ext = extract("She met the Crown Prince of Abu Dhabi, Sheikh Khalid, on Monday.")
    assert "Abu Dhabi" in names(ext, "Place")
    ext = extract("The Abu Dhabi Investment Authority bought the stake.")
    assert "Abu Dhabi" not in names(ext, "Place") or "Abu Dhabi Investment Authority" in names(ext, "Organization")


def test_a_wire_service_in_brackets_after_a_dateline_is_no_acronym_of_the_city(extract):
    ext = extract("ABU DHABI (WAM)\n\nThe minister arrived on Thursday.")
    assert mention(ext, "WAM").label == "Organization" and mention(ext, "ABU DHABI").label == "Place"
    ext = extract("Papua New Guinea (PNG) signed the deal.")
    assert mention(ext, "PNG").label == "Country"


def test_a_group_named_by_letters_and_a_number_is_no_place(parse):
    from spacy.tokens import Span

    from kgbuild.extract.entities.spans import classify
    doc = parse("Ministers came to the G7 summit from Ottawa and Lagos.")
    for words, label in (("G7", "Organization"), ("Lagos", "Place")):
        out = []
        classify(CONFIG, doc, Span(doc, *tokens(doc, words), label="GPE"), out, [])
        assert [(doc[f.start:f.end].text, f.label) for f in out] == [(words, label)]


def test_a_site_named_with_a_title_is_a_place_not_a_person(extract):
    ext = extract("The crown prince arrived at Queen Amina International Airport on Tuesday.")
    assert "Queen Amina International Airport" in names(ext, "Place")
    assert not names(ext, "Person") & {"Amina International Airport", "Queen Amina International Airport"}
    ext = extract("He later visited Parliament House and the Prime Minister House in Islamabad.")
    assert {"Parliament House", "Prime Minister House"} <= names(ext, "Place")
    assert "House" not in names(ext, "Person")


def test_a_site_word_alone_is_no_place(extract):
    ext = extract("The Palace said nothing about the visit to Nairobi.")
    assert "Palace" not in names(ext)


def test_a_palace_named_in_another_language_is_a_place(extract):
    ext = extract("The leaders met at Schloss Hallberg, the government's guest house, on Monday.")
    assert "Schloss Hallberg" in names(ext, "Place") and not names(ext, "Person")
    ext = extract("The envoy was received at Rashtrapati Bhavan in Delhi.")
    assert "Rashtrapati Bhavan" in names(ext, "Place")


def test_a_hyphenated_place_name_the_gazetteer_knows_stays_whole(extract):
    ext = extract("The first meeting took place in Nur-Sultan in 2018.")
    assert "Nur-Sultan" in names(ext, "Place") and "Nur" not in names(ext)


def test_a_known_place_in_front_of_a_title_is_a_place(extract):
    ext = extract("Florence Mayor Sara Bellini met Ontario Premier Doug Ford in Toronto.")
    assert {"Florence", "Ontario"} <= names(ext, "Place")
    assert {"Sara Bellini", "Doug Ford"} <= names(ext, "Person")


def test_a_word_in_front_of_a_title_that_is_no_large_place_stays_out(extract):
    ext = extract("Federal Chancellor Olaf Brandt and Acting Governor Maria Lopez spoke.")
    assert not names(ext, "Place")
def test_a_states_style_with_its_adjectives_is_the_documents_country(extract):
    ext = extract("Jordan's king met an envoy from Iran. The Hashemite Kingdom and the Islamic Republic agreed.")
    assert mention(ext, "Hashemite Kingdom").key == "JO" and mention(ext, "Islamic Republic").key == "IR"


def test_a_states_style_that_no_country_of_the_document_has_is_no_mention(extract):
    ext = extract("Chile's minister spoke in Lima. Observers distrust the Islamic Republic.")
    assert "Islamic Republic" not in names(ext, "Country") | names(ext, "Place")
def test_a_hyphenated_place_name_with_a_small_word_inside_is_one_place(extract):
    ext = extract("The leaders met at Mar-a-Lago on Friday; drones later hit Rostov-on-Don and Port-au-Prince.")
    assert {"Mar-a-Lago", "Rostov-on-Don", "Port-au-Prince"} <= names(ext, "Place")
    assert not {"Mar", "Don"} & (names(ext, "Place") | names(ext, "Person"))


def test_names_joined_by_a_hyphen_alone_are_no_one_place(extract):
    ext = extract("Bashar al-Assad and Jean-Pierre Bemba discussed the Dhaka-Delhi railway.")
    assert not {"Dhaka-Delhi", "Jean-Pierre Bemba", "Bashar al-Assad"} & names(ext, "Place")


def test_a_countrys_division_is_a_place_whatever_the_model_said(extract):
    ext = extract("Pakistan's army said the attack in Khyber Pakhtunkhwa killed five. Officials in Sindh and "
                  "Punjab raised alerts. Gujarat Chief Minister Ravi Patel met reporters in India.")
    for name in ("Khyber Pakhtunkhwa", "Sindh", "Punjab", "Gujarat"):
        assert mention(ext, name, "Place") is not None, name


def test_a_division_alone_needs_its_country_in_the_document(extract):
    ext = extract("Officials in Sindh raised alerts on Monday.")
    assert not any(m.text == "Sindh" and m.label == "Place" and m.reason.startswith("a state") for m in ext.mentions)


def test_a_wire_service_after_a_datelines_country_is_no_acronym_of_it(extract):
    ext = extract("Talks resume\n\nACCRA, Ghana (AP) — Ghana says President Kofi Mensah met envoys on Monday.")
    assert mention(ext, "AP").label == "Organization"


def test_a_wire_service_between_slashes_or_after_a_glued_dash(extract):
    ext = extract("Talks resume\n\nMOSCOW, April 17. /TASS/. Envoys met in Moscow on Monday. "
                  "The minister said he would discuss trade with Kofi Mensah.—AFP")
    assert mention(ext, "TASS").label == "Organization"
    assert mention(ext, "AFP").label == "Organization"
    assert "Kofi Mensah" in names(ext, "Person")


def test_a_national_news_agency_opening_a_line_is_a_body(extract):
    ext = extract("Envoys present credentials\n\nENA November 15/2019 President Sahle Tesfaye received envoys today.")
    assert mention(ext, "ENA").label == "Organization"
