"""Visits that follow from meetings (relations/derived.py)."""
import pytest

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


def test_a_meeting_with_people_the_text_does_not_name_is_a_visit_too(extract):
    ext = extract("Russian Deputy Prime Minister Pavel Orlov met with Armenian leaders in Yerevan on Wednesday.")
    assert {(a, b) for a, b, _ in visits(ext, "met-abroad")} == {("Pavel Orlov", "Yerevan")}


def test_someone_of_an_international_body_meeting_a_local_visited(extract):
    ext = extract("U.N. Secretary-General Amina Diallo met Ukrainian President Petro Lysenko in Lviv.")
    assert ("Amina Diallo", "Lviv") in relations(ext, "VISITED")
    assert ("Petro Lysenko", "Lviv") not in relations(ext, "VISITED")


def test_a_meeting_during_a_visit_happened_where_the_visit_went(extract):
    ext = extract("During his visit to Turkey, Ukrainian Foreign Minister Petro Lysenko met U.S. Secretary of State "
                  "Mark Ellis.")
    met = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[met.place].text == "Turkey"
    assert ("Mark Ellis", "Turkey") in relations(ext, "VISITED")


def test_their_meeting_places_the_sentences_meetings(extract):
    ext = extract("President Ana Lopes (L) and Chancellor Erik Holm attend a joint news conference following their "
                  "meeting in Lviv, Ukraine.")
    met = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[met.place].text == "Lviv"


def test_a_guest_received_at_a_site_visited_it_and_the_city_beside_it(extract):
    ext = extract("Nigerian Foreign Minister Yusuf Bello received U.S. Secretary of State Mark Ellis at the Nnamdi "
                  "Azikiwe International Airport, Abuja.")
    assert {("Mark Ellis", "Nnamdi Azikiwe International Airport"), ("Mark Ellis", "Abuja")} <= \
        relations(ext, "VISITED")
    assert not any(p == "Yusuf Bello" for p, _ in relations(ext, "VISITED"))


def test_who_travels_with_someone_visited_but_did_not_meet_them(extract):
    ext = extract("Russian Deputy Prime Minister Pavel Orlov flew to Yerevan with Deputy Foreign Minister Ivan Galkin.")
    assert relations(ext, "VISITED") == {("Pavel Orlov", "Yerevan"), ("Ivan Galkin", "Yerevan")}
    assert not relations(ext, "MET")


def test_the_dateline_places_its_sentences_meetings_and_visitors(extract):
    ext = extract("Talks in Serbia\n\nBELGRADE, Aug. 14 (Xinhua) -- Chinese State Councilor Lin Wei visited Serbia "
                  "from Aug. 12 to 14, meeting with Serbian President Dragan Petrovic.")
    assert ("Lin Wei", "BELGRADE") in relations(ext, "VISITED")
    met = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[met.place].text == "BELGRADE" and met.rule.endswith("+dateline")


def test_a_past_visit_later_in_a_datelined_article_is_not_placed_at_the_dateline(extract):
    ext = extract("Talks in Serbia\n\nBELGRADE, Aug. 14 (Xinhua) -- Chinese State Councilor Lin Wei visited Serbia. "
                  "Trade grew. Chinese President Li Qiang's visit to Serbia in May opened a new chapter.")
    assert ("Li Qiang", "BELGRADE") not in relations(ext, "VISITED")


def test_travel_within_ones_own_country_is_no_visit(extract):
    ext = extract("Ukrainian President Petro Lysenko returned to Ukraine on Monday. Lysenko then travelled to Lviv.")
    assert not relations(ext, "VISITED")


def test_fleeing_to_a_country_is_going_there(extract):
    ext = extract("Former president Omar Haddad fled to Russia after the rebels took the capital.")
    assert ("Omar Haddad", "Russia") in relations(ext, "VISITED")


def test_the_capital_of_a_country_is_the_city_the_article_names(extract):
    ext = extract("Qatari Minister of State Khalid Nasser arrived in the Syrian capital. Damascus was quiet.")
    # ... and the country the capital belongs to, which the article names (ANNOTATION.md: the city and the country)
    assert relations(ext, "VISITED") == {("Khalid Nasser", "Damascus"), ("Khalid Nasser", "Syrian")}


def test_the_place_a_port_belongs_to_not_the_sea(extract):
    ext = extract("Secretary General Amina Diallo visited the Black Sea port of Odesa on Friday.")
    assert relations(ext, "VISITED") == {("Amina Diallo", "Odesa")}


def test_travel_to_persuade_people_is_no_visit_to_a_place_named_in_the_purpose(extract):
    ext = extract("Petro Lysenko has been travelling widely in order to persuade countries to attend the summit "
                  "near the Swiss city of Lucerne.")
    assert not relations(ext, "VISITED")


def test_met_with_the_visiting_guest(extract):
    ext = extract("Saudi Crown Prince Faisal Nasser met with visiting Ukrainian President Petro Lysenko in Jeddah.")
    visited = relations(ext, "VISITED")
    assert ("Petro Lysenko", "Jeddah") in visited and not any(p == "Faisal Nasser" for p, _ in visited)


def test_a_meeting_in_a_region_named_by_a_country_is_a_visit_to_the_country(extract):
    ext = extract("Turkish President Ahmet Demir held a meeting with Ukrainian President Petro Lysenko in eastern "
                  "Ukraine. Ukraine welcomed him.")
    assert ("Ahmet Demir", "Ukraine") in relations(ext, "VISITED")


def test_being_in_a_place_for_a_visit_or_talks_is_a_visit(extract):
    ext = extract("Foreign Minister Ana Reis is in Kyiv for talks with President Petro Lysenko.")
    assert ("Ana Reis", "Kyiv") in relations(ext, "VISITED")
    ext = extract("Turkish President Ahmet Demir arrived in Qatar on Thursday. Doha welcomed him. President Demir "
                  "was in the capital for a day-long official visit.")
    assert ("Demir", "Doha") in relations(ext, "VISITED")
    assert not relations(extract("Peace is in Ukraine's interest, Ana Reis said on a visit."), "VISITED")


def test_being_in_a_place_on_a_leg_or_as_part_of_a_visit_is_a_visit(extract):
    ext = extract("Foreign Minister Tomas Varga is in Nairobi on the first leg of a regional tour.")
    assert ("Tomas Varga", "Nairobi") in relations(ext, "VISITED")
    ext = extract("Foreign Minister Tomas Varga is in Lima as part of a visit to South America.")
    assert ("Tomas Varga", "Lima") in relations(ext, "VISITED")
    # "on the first day of the month", "as part of the government" give no reason to travel
    assert not relations(extract("Foreign Minister Tomas Varga is in Lima on the first day of the month."), "VISITED")
    assert not relations(extract("Foreign Minister Tomas Varga is in Lima as part of the government."), "VISITED")


# ------------------------------------------------------------------ the country of a visited city
def test_arriving_in_a_city_is_a_visit_to_its_country_when_the_article_names_it(extract):
    ext = extract("Chilean Foreign Minister Rosa Alvear arrived in Hanoi on Monday. She praised Vietnamese "
                  "farmers.")
    got = relations(ext, "VISITED")
    assert ("Rosa Alvear", "Hanoi") in got and ("Rosa Alvear", "Vietnamese") in got
    rule = next(r.rule for r in ext.relations if r.type == "VISITED" and ext.mentions[r.target].text == "Vietnamese")
    assert rule.endswith("+country-of-place")


def test_no_country_edge_when_the_article_never_names_the_country(extract):
    ext = extract("Chilean Foreign Minister Rosa Alvear arrived in Hanoi on Monday.")
    assert {b for a, b in relations(ext, "VISITED")} == {"Hanoi"}


def test_a_planned_visit_to_a_city_gives_no_country_either(extract):
    ext = extract("Kenyan President Samuel Otieno will travel to Jakarta next week, Indonesian officials said.")
    assert relations(ext, "VISITED") == set()


def test_a_meeting_place_abroad_does_not_add_the_country(extract):
    # the meeting's place is a visit read off the meeting; its country is not added on top
    ext = extract("Ghana's President David Mensah met German Chancellor Karl Weber in Berlin.")
    assert ("David Mensah", "German") not in relations(ext, "VISITED")


def test_a_clause_with_a_pronoun_subject_of_its_own_is_not_the_main_subjects(extract):
    # 'they' (the guests) arrived, not the host who welcomed them
    ext = extract("President Omar Haddad welcomed Chilean President Tomas Varga and his delegation as they arrived "
                  "at the Presidential Airport.")
    assert not any(a == "Omar Haddad" for a, _ in relations(ext, "VISITED"))
    # without a subject of its own the clause still shares the main one
    ext = extract("President Omar Haddad flew to Lima and met President Tomas Varga.")
    assert ("Omar Haddad", "Lima") in relations(ext, "VISITED")


def test_a_meeting_told_before_the_travel_is_not_placed_where_the_travel_went(extract):
    ext = extract("Thai Prime Minister Anan Chai flew out of Vientiane after his meeting with Laotian President "
                  "Somsak Vong and arrived in Bangkok on Thursday.")
    r = next(r for r in ext.relations if r.type == "MET")
    assert r.place is None or ext.mentions[r.place].text != "Bangkok"
    assert ("Somsak Vong", "Bangkok") not in relations(ext, "VISITED")
    # a meeting during a visit still happens where the visit went
    ext = extract("During his visit to Laos, Thai Prime Minister Anan Chai met Laotian President Somsak Vong.")
    r = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[r.place].text == "Laos"


# ------------------------------------------------------------------ received at an airport
def test_a_guest_received_at_an_airport_arrived_there(extract):
    ext = extract("King Harald Olsen on Wednesday received Sultan Said Harib at Marka Airport at the start of his "
                  "state visit.")
    assert ("Said Harib", "Marka Airport") in relations(ext, "VISITED")
    assert not any(a == "Harald Olsen" for a, _ in relations(ext, "VISITED"))  # the host did not travel


def test_hosts_welcoming_a_guest_at_an_airport_together_did_not_arrive_there(extract):
    ext = extract("President Omar Haddad flew to Hanoi on Monday. Welcoming him at Noi Airport were Chairman of the "
                  "City Council Vo Minh Tuan, Chairman of the Office of the Cabinet Le Thi Hoa and Deputy Minister "
                  "Tran Van Nam.")
    hosts = {"Vo Minh Tuan", "Le Thi Hoa", "Tran Van Nam"}
    assert not any(a in hosts for a, _ in relations(ext, "VISITED"))
    assert frozenset({"Vo Minh Tuan", "Le Thi Hoa"}) in relations(ext, "MET")


def test_a_palace_where_someone_was_received_is_only_where_they_met(extract):
    ext = extract("King Harald Olsen received Sultan Said Harib at the Royal Palace.")
    assert not any(r.rule == "received-at-arrival" for r in ext.relations)


def test_a_planned_reception_at_an_airport_is_no_arrival(extract):
    ext = extract("King Harald Olsen will receive Sultan Said Harib at Marka Airport on Monday.")
    assert relations(ext, "VISITED") == set()


def test_a_visit_noun_takes_no_place_from_a_clause_under_it_or_a_demonym_before_it(extract):
    ext = extract("Chilean President Rosa Alvear arrived in Lima on an official visit marking improved relations "
                  "between the two allies, who have been at odds over some Bolivian issues.")
    assert ("Rosa Alvear", "Lima") in relations(ext, "VISITED")
    assert ("Rosa Alvear", "Bolivian") not in relations(ext, "VISITED")
    ext = extract("The Indian mission said Foreign Secretary Vikram Das conveyed greetings.")
    assert relations(ext, "VISITED") == set()
    ext = extract("Foreign Secretary Vikram Das said the Kathmandu visit went well.")
    assert ("Vikram Das", "Kathmandu") in relations(ext, "VISITED")


def test_talks_abroad_with_the_city_hung_on_the_host_are_a_visit_to_the_city(extract):
    ext = extract("Norwegian Prime Minister Jonas Berg held talks with Kenyan President Daniel Kamau in Nairobi.")
    assert ("Jonas Berg", "Nairobi") in relations(ext, "VISITED")
    assert ("Daniel Kamau", "Nairobi") not in relations(ext, "VISITED")  # at home


def test_a_meeting_at_a_site_in_a_city_abroad_is_a_visit_to_the_city_not_the_venue(extract):
    ext = extract("Norwegian Prime Minister Jonas Berg met Kenyan President Daniel Kamau at State House in Nairobi.")
    assert ("Jonas Berg", "Nairobi") in relations(ext, "VISITED")
    assert ("Jonas Berg", "State House") not in relations(ext, "VISITED")


def test_being_in_a_city_abroad_is_a_visit_for_someone_from_elsewhere(extract):
    ext = extract("Norwegian Prime Minister Jonas Berg was in Nairobi on Monday.")
    assert ("Jonas Berg", "Nairobi") in relations(ext, "VISITED")


@pytest.mark.parametrize("text", [
    "Prime Minister Jonas Berg was in Nairobi on Monday.",  # home unknown
    "Norwegian Prime Minister Jonas Berg was in Oslo on Monday.",  # at home
    "Norwegian Prime Minister Jonas Berg will be in Nairobi next week.",
    "Norwegian Prime Minister Jonas Berg was not in Nairobi.",
    "Norwegian Prime Minister Jonas Berg said he was in Nairobi when the attack happened."])
def test_being_somewhere_gives_no_visit_at_home_in_plans_negations_or_reported_clauses(extract, text):
    assert relations(extract(text), "VISITED") == set()


def test_a_stay_or_visit_told_before_a_demonym_title_is_a_visit(extract):
    # "Nairobi, Norwegian ..." is not "Doha, Qatar": the demonym starts the next phrase
    for noun, prep in (("visit", "to"), ("stay", "in")):
        ext = extract(f"During his {noun} {prep} Nairobi, Norwegian Prime Minister Jonas Berg met business leaders.")
        assert ("Jonas Berg", "Nairobi") in relations(ext, "VISITED")
    assert relations(extract("Norwegian Prime Minister Jonas Berg wants to stay in power."), "VISITED") == set()


def test_a_visit_to_a_world_region_or_continent_is_no_visit(extract):
    ext = extract("Foreign Minister Karl Weber's visit to Latin America took four days. He also toured Asia.")
    assert not any(b in ("Latin America", "Asia") for _, b in relations(ext, "VISITED"))


def test_a_visit_to_a_city_of_a_region_stays(extract):
    ext = extract("Norwegian Foreign Minister Anna Berg arrived in Lima on Monday on her tour of Latin America.")
    assert ("Anna Berg", "Lima") in relations(ext, "VISITED")
    assert ("Anna Berg", "Latin America") not in relations(ext, "VISITED")


def test_the_visiting_guest_went_to_the_country_of_the_meeting_place(extract):
    ext = extract("Kenyan President Peter Kamau met with visiting Norwegian Foreign Minister Anna Berg in Nairobi on "
                  "Monday, the Kenyan presidency said.")
    assert {("Anna Berg", "Nairobi"), ("Anna Berg", "Kenyan")} <= relations(ext, "VISITED")


def test_a_visit_to_a_country_reaches_its_places_the_clause_names(extract):
    ext = extract("Polish President Jan Nowak began his trip to Latvia on Monday with a formal ceremony at the "
                  "Presidential Palace in Riga.")
    assert {("Jan Nowak", "Latvia"), ("Jan Nowak", "Riga"), ("Jan Nowak", "Presidential Palace")} <= \
        relations(ext, "VISITED")


def test_a_visit_to_a_country_does_not_reach_places_of_another_country(extract):
    ext = extract("Polish President Jan Nowak visited Lithuania on Tuesday after the attacks in Warsaw.")
    assert relations(ext, "VISITED") == {("Jan Nowak", "Lithuania")}


def test_a_short_name_written_family_name_first_shares_the_full_names_country(extract):
    ext = extract("South Korean President Moon Jae-in flew to Tokyo on Monday. On Tuesday Moon met Japanese Prime "
                  "Minister Taro Sato in Bangkok.")
    assert ("Moon", "Bangkok") in relations(ext, "VISITED")


def test_a_meeting_place_inside_a_planned_event_is_no_visit(extract):
    ext = extract("Ghanaian President Kofi Mensah held talks with Nigerian Vice President Yemi Adeyemi. Discussions "
                  "between Mensah and Adeyemi were about the coming African Union Summit in Addis Ababa.")
    assert not any(b == "Addis Ababa" for _, b in relations(ext, "VISITED"))


def test_a_guest_welcomed_to_a_site_came_there(extract):
    ext = extract("King Harald welcomed Kenyan President Peter Kamau to Akershus Fortress on Monday.")
    assert ("Peter Kamau", "Akershus Fortress") in relations(ext, "VISITED")
    assert not any(p == "King Harald" for p, _ in relations(ext, "VISITED"))


def test_a_traveller_of_no_known_country_was_at_the_meetings_in_the_country_visited(extract):
    ext = extract("Foreign Minister Jan Nowak's tour first took him to Brazil. In Sao Paulo on Friday, Nowak met "
                  "Mayor Carla Dias. In Lima, Nowak met Mayor Rosa Vega.")
    visited = relations(ext, "VISITED")
    assert ("Nowak", "Sao Paulo") in visited
    assert not any(b == "Lima" for _, b in visited)  # no stated travel to Peru


def test_who_attended_a_summit_abroad_visited_its_place(extract):
    ext = extract("Kenyan President Peter Kamau attended the G20 summit in Rome. Italian Prime Minister Marco Rossi "
                  "took part in the talks in Rome too.")
    visited = relations(ext, "VISITED")
    assert ("Peter Kamau", "Rome") in visited
    assert not any(p == "Marco Rossi" for p, _ in visited)  # at home


def test_a_planned_attendance_is_no_visit(extract):
    ext = extract("Kenyan President Peter Kamau will attend the G20 summit in Rome.")
    assert relations(ext, "VISITED") == set()


def test_talks_held_abroad_with_people_not_named_are_a_visit(extract):
    ext = extract("Kenyan President Peter Kamau held talks in Tokyo with business leaders.")
    assert ("Peter Kamau", "Tokyo") in relations(ext, "VISITED")


def test_a_summit_skipped_abroad_is_no_visit(extract):
    ext = extract("Kenyan President Peter Kamau skipped the summit in Tokyo.")
    assert relations(ext, "VISITED") == set()
