"""Meetings with several people (relations/gatherings.py): everyone the text places at one meeting met
everyone else there, across the sentences that add people to it."""
import pytest

from tests.conftest import relations


def met(ext):
    return relations(ext, "MET")


def pair(a, b):
    return frozenset({a, b})


def clique(*names):
    return {pair(a, b) for i, a in enumerate(names) for b in names[i + 1:]}


def rule_of(ext, a, b, rel="MET"):
    return next(r.rule for r in ext.relations if r.type == rel
                and {ext.mentions[r.source].text, ext.mentions[r.target].text} == {a, b})


# ------------------------------------------------------------------ one sentence
def test_companions_of_a_side_are_at_its_meeting(extract):
    ext = extract("Chancellor Karl Weber, accompanied by Foreign Minister Ana Reis and Defence Minister Ivo Dunn, "
                  "met President David Mensah in Accra.")
    assert met(ext) == clique("Karl Weber", "Ana Reis", "Ivo Dunn", "David Mensah")
    ext = extract("Chancellor Karl Weber, along with Foreign Minister Ana Reis, met President David Mensah.")
    assert met(ext) == clique("Karl Weber", "Ana Reis", "David Mensah")


def test_being_accompanied_alone_is_travel_not_a_meeting(extract):
    # ANNOTATION.md: people said only to travel with someone get VISITED, not MET (companions.py)
    ext = extract("President Omar Haddad was accompanied by Finance Minister Lena Kask and Defence Minister "
                  "Ivo Dunn.")
    assert met(ext) == set()


def test_a_meeting_of_several_people(extract):
    ext = extract("Prime Minister Lena Kask hosted a trilateral meeting of President Omar Haddad and Chancellor "
                  "Karl Weber in Tallinn.")
    assert met(ext) == clique("Lena Kask", "Omar Haddad", "Karl Weber")


def test_welcomed_by_several_people(extract):
    ext = extract("President Omar Haddad was welcomed at the airport by Foreign Minister Lena Kask, Mayor Ivo "
                  "Dunn and General Ana Reis.")
    assert met(ext) == clique("Omar Haddad", "Lena Kask", "Ivo Dunn", "Ana Reis")


def test_the_host_of_talks_is_at_them(extract):
    ext = extract("Prime Minister Lena Kask held talks with President Omar Haddad hosted by Chancellor Karl Weber "
                  "in Berlin.")
    assert met(ext) == clique("Lena Kask", "Omar Haddad", "Karl Weber")


# ------------------------------------------------------------------ later sentences add people
def test_the_meeting_was_attended_by(extract):
    ext = extract("Chancellor Karl Weber met President David Mensah in Accra on Monday. The two discussed trade. "
                  "The meeting was also attended by Foreign Minister Ana Reis and the Head of the Trade Office, "
                  "Samuel Okoro.")
    assert met(ext) == clique("Karl Weber", "David Mensah", "Ana Reis", "Samuel Okoro")
    assert rule_of(ext, "David Mensah", "Samuel Okoro") == "gathering:attended"


def test_also_present_were(extract):
    ext = extract("Chancellor Karl Weber met President David Mensah in Accra. Also present were Foreign Minister "
                  "Ana Reis and Defence Minister Ivo Dunn.")
    assert met(ext) == clique("Karl Weber", "David Mensah", "Ana Reis", "Ivo Dunn")


def test_a_side_at_the_meeting_was_represented_by(extract):
    ext = extract("Prime Minister Lena Kask met President Omar Haddad in Tallinn. The Estonian side at the meeting "
                  "was represented by Foreign Minister Ana Reis and Defence Minister Ivo Dunn.")
    assert met(ext) == clique("Lena Kask", "Omar Haddad", "Ana Reis", "Ivo Dunn")


def test_took_part_in_the_talks(extract):
    ext = extract("Prime Minister Lena Kask held talks with President Omar Haddad. Trade Minister Ivo Dunn also "
                  "took part in the talks.")
    assert met(ext) == clique("Lena Kask", "Omar Haddad", "Ivo Dunn")


def test_the_reception_led_by_someone_continues_the_receiving(extract):
    ext = extract("Foreign Minister Lena Kask received President Omar Haddad at the airport. The airport "
                  "reception was led by Senator Ivo Dunn.")
    assert met(ext) == clique("Lena Kask", "Omar Haddad", "Ivo Dunn")


@pytest.mark.parametrize("text", [
    # another event
    ("Chancellor Karl Weber met President David Mensah in Accra. Foreign Minister Ana Reis and Defence Minister "
     "Ivo Dunn attended the funeral."),
    # another meeting
    # a plan or a negation
    "Chancellor Karl Weber met President David Mensah in Accra. Foreign Minister Ana Reis will attend the talks.",
    "Chancellor Karl Weber met President David Mensah in Accra. Foreign Minister Ana Reis did not attend the talks.",
    # far from the meeting, and no meeting named
    ("Chancellor Karl Weber met President David Mensah in Accra. Trade grew. Prices fell. Rain came. Also present "
     "were Foreign Minister Ana Reis and Defence Minister Ivo Dunn."),
    # a delegation list that says nothing of the meeting
    "Chancellor Karl Weber met President David Mensah in Accra. The delegation included Foreign Minister Ana Reis.",
])
def test_nobody_joins_a_meeting_the_sentence_does_not_place_them_at(extract, text):
    assert met(extract(text)) == {pair("Karl Weber", "David Mensah")}


def test_the_summit_does_not_continue_a_bilateral_meeting(extract):
    ext = extract("Chancellor Karl Weber met President David Mensah on the sidelines. The summit was attended by "
                  "Foreign Minister Ana Reis.")
    assert met(ext) == {pair("Karl Weber", "David Mensah")}


def test_attendees_of_a_meeting_not_told_before_met_each_other(extract):
    ext = extract("Foreign Minister Ana Reis and Defence Minister Ivo Dunn attended a meeting in Lisbon.")
    assert met(ext) == {pair("Ana Reis", "Ivo Dunn")}


# ------------------------------------------------------------------ "the two leaders"
def test_the_two_leaders_are_the_two_people_of_the_last_meeting(extract):
    ext = extract("President Omar Haddad received Chancellor Karl Weber on Monday. The two leaders later held "
                  "talks in Amman.")
    r = next(r for r in ext.relations if r.type == "MET" and r.rule == "noun:talk")
    assert {ext.mentions[r.source].text, ext.mentions[r.target].text} == {"Omar Haddad", "Karl Weber"}
    assert ext.mentions[r.place].text == "Amman"


def test_the_two_leaders_after_a_meeting_of_three_are_nobody(extract):
    ext = extract("President Omar Haddad met Chancellor Karl Weber and Prime Minister Lena Kask. The two leaders "
                  "later held talks in Amman.")
    assert not any(r.rule == "noun:talk" for r in ext.relations)


def test_a_delegation_headed_by_someone_is_that_person(extract):
    ext = extract("Prime Minister Kwame Asante received a delegation from the European Parliament headed by "
                  "Vice-President Maria Rossi.")
    assert met(ext) == {pair("Kwame Asante", "Maria Rossi")}


def test_met_with_the_visiting_guest_places_the_meeting(extract):
    ext = extract("Chinese President Li Wenhua met with visiting Vietnamese Prime Minister Tran Quoc Bao in Beijing.")
    r = next(r for r in ext.relations if r.type == "MET")
    assert r.rule == "verb:meet" and ext.mentions[r.place].text == "Beijing"
    assert ("Tran Quoc Bao", "Beijing") in relations(ext, "VISITED")


def test_leaders_attending_a_summit_are_not_said_to_meet(extract):
    ext = extract("Leaders including President Ana Lopes, Chancellor Erik Holm and Prime Minister Lena Kask attended "
                  "the G20 summit in Rome.")
    assert not met(ext)


@pytest.mark.parametrize("later", [
    "Those present included Foreign Minister Lena Kask and Trade Minister Omar Haddad.",
    "Among those attending the talks were Foreign Minister Lena Kask and Trade Minister Omar Haddad.",
    "Participants in the meeting included Foreign Minister Lena Kask and Trade Minister Omar Haddad.",
])
def test_those_present_and_participants_join_the_meeting(extract, later):
    ext = extract("President Ana Lopes met Chancellor Erik Holm in Madrid on Monday. " + later)
    assert met(ext) == clique("Ana Lopes", "Erik Holm", "Lena Kask", "Omar Haddad")


def test_attendees_of_a_new_meeting_meet_where_it_was(extract):
    ext = extract("Russian President Ivan Sokolov (R) and Chinese President Li Wenhua attend a meeting in Beijing.")
    r = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[r.place].text == "Beijing"


def test_the_two_leaders_before_any_meeting_are_the_headlines_two(extract):
    ext = extract("President Recep Demir and President Petro Lysenko discuss grain deal\n\nThe two leaders met in "
                  "Lviv on Thursday.")
    assert met(ext) == {pair("Recep Demir", "Petro Lysenko")}


# ------------------------------------------------------------------ presence at a reception, lists, bare presence
def test_present_to_receive_someone_is_a_reception_of_them(extract):
    ext = extract("Prince Karim Aziz and Prince Faisal Omar were present to receive King Harald Olsen at the airport.")
    assert met(ext) == clique("Karim Aziz", "Faisal Omar", "Harald Olsen")
    assert met(extract("Prince Karim Aziz and Prince Faisal Omar were present to receive the award.")) == set()


def test_a_fronted_presence_list_with_titles_and_semicolons_names_everyone(extract):
    ext = extract("President Omar Haddad welcomed Chilean President Tomas Varga at the airport. Also present to "
                  "receive the Chilean President were Sheikh Khalid Nasser, Deputy Ruler of the province and "
                  "National Security Adviser; Sheikh Salim Rashid, Minister of Energy; and Ali Karimi, Ambassador "
                  "to Chile.")
    assert met(ext) == clique("Omar Haddad", "Tomas Varga", "Sheikh Khalid Nasser", "Sheikh Salim Rashid",
                              "Ali Karimi")


def test_a_bare_were_present_joins_the_meeting_just_told(extract):
    ext = extract("Foreign Minister Rina Das met President Arun Mehta in Delhi. During the meeting, they discussed "
                  "trade. Secretary Vikram Rao and Ambassador Lena Kask were present.")
    assert met(ext) == clique("Rina Das", "Arun Mehta", "Vikram Rao", "Lena Kask")


@pytest.mark.parametrize("second", [
    "Secretary Vikram Rao and Ambassador Lena Kask were present at the opening of a school.",  # another event
    "Secretary Vikram Rao and Ambassador Lena Kask were not present.",  # a negation
    "The markets rose. Prices fell. Grain was sold. Secretary Vikram Rao and Ambassador Lena Kask were present.",
])
def test_presence_elsewhere_absent_or_long_after_joins_no_meeting(extract, second):
    ext = extract("Foreign Minister Rina Das met President Arun Mehta in Delhi. " + second)
    assert met(ext) == {pair("Rina Das", "Arun Mehta")}


def test_a_name_in_brackets_after_a_name_is_the_same_person_not_someone_met(extract):
    ext = extract("President Budi Santoso (Budi) met Prime Minister Lee Wong and Chancellor Karl Weber in Jakarta.")
    assert pair("Budi Santoso", "Budi") not in met(ext)
    assert pair("Budi Santoso", "Lee Wong") in met(ext)


def test_people_present_join_a_meeting_a_pattern_found(extract):
    ext = extract("External Affairs Minister Arun Mehta paid a courtesy call on Prime Minister Rina Das. Secretary "
                  "Vikram Rao and Ambassador Lena Kask were present.")
    assert met(ext) == clique("Arun Mehta", "Rina Das", "Vikram Rao", "Lena Kask")


def test_sentences_about_the_people_of_a_meeting_keep_it_the_one_a_bare_presence_joins(extract):
    ext = extract("Foreign Minister Rina Das met President Arun Mehta in Delhi. Das thanked Mehta for the "
                  "invitation. Mehta praised the ties. Das spoke of trade. Secretary Vikram Rao and Ambassador Lena "
                  "Kask were present.")
    assert met(ext) == clique("Rina Das", "Arun Mehta", "Vikram Rao", "Lena Kask")


# ------------------------------------------------------------------ "the delegation" that just arrived
def test_welcoming_the_delegation_that_just_arrived_is_meeting_its_travellers(extract):
    ext = extract("South Korean President Park Min and his wife Kim Ara arrived in Hanoi on Thursday. Welcoming the "
                  "Korean delegation at Noi Bai International Airport were Deputy Minister Le Van Hai and Ambassador "
                  "Tran Binh.")
    assert met(ext) == clique("Park Min", "Kim Ara", "Le Van Hai", "Tran Binh")


@pytest.mark.parametrize("text", [
    # a plan, and a delegation with no travellers told of before it
    "South Korean President Park Min arrived in Hanoi on Thursday. Deputy Minister Le Van Hai will receive the "
    "delegation at the airport.",
    "Deputy Minister Le Van Hai received the delegation at the airport.",
])
def test_a_delegation_without_its_travellers_or_a_planned_reception_gives_no_meeting(extract, text):
    assert not met(extract(text))


# ------------------------------------------------------------------ "the pair", "the duo"
def test_the_pair_are_the_two_people_of_the_last_meeting(extract):
    ext = extract("President Amara Toure received Prime Minister Hanna Berg on Monday. Aides said the pair then "
                  "held a working lunch with business leaders.")
    assert met(ext) == {pair("Amara Toure", "Hanna Berg")}
    assert rule_of(ext, "Amara Toure", "Hanna Berg") in ("verb:receive", "noun:lunch")


def test_the_pair_before_any_contact_are_the_two_people_just_named(extract):
    ext = extract("President Amara Toure complained to Prime Minister Hanna Berg about the leaks. Officials said "
                  "the pair discussed the border during a short meeting at the summit.")
    assert met(ext) == {pair("Amara Toure", "Hanna Berg")}
    ext = extract("Chancellor Rui Lopes praised President Dina Okoro. The duo held talks in Lagos on Friday.")
    assert met(ext) == {pair("Rui Lopes", "Dina Okoro")}


@pytest.mark.parametrize("text", [
    # a plan, three people before it, countries rather than people, or too long ago
    "Chancellor Rui Lopes praised President Dina Okoro. The duo will hold talks in Lagos next month.",
    "Chancellor Rui Lopes praised President Dina Okoro and General Sam Eze. The pair held talks in Lagos.",
    "Chancellor Rui Lopes praised President Dina Okoro. The two countries held talks in Lagos.",
    "Chancellor Rui Lopes praised President Dina Okoro. Trade grew. Prices fell. Rain came. The pair held talks "
    "in Lagos.",
])
def test_the_pair_needs_two_people_just_named_and_a_stated_meeting(extract, text):
    assert not met(extract(text))


# ------------------------------------------------------------------ round 4
def test_a_relative_clause_on_a_meeting_adds_its_attendees(extract):
    ext = extract("Prime Minister Jonas Berg met President Omar Haddad in Tunis. During the meeting, which was "
                  "attended by Foreign Minister Ali Hamad, the two sides reviewed ties.")
    assert met(ext) == {pair("Jonas Berg", "Omar Haddad"), pair("Jonas Berg", "Ali Hamad"),
                        pair("Omar Haddad", "Ali Hamad")}


def test_a_relative_clause_on_another_event_adds_nobody(extract):
    ext = extract("Prime Minister Jonas Berg held talks with President Omar Haddad in Tunis. The funeral, which was "
                  "attended by Foreign Minister Ali Hamad, took place later.")
    assert met(ext) == {pair("Jonas Berg", "Omar Haddad")}


def test_those_officials_are_a_b_and_c_names_who_joined_the_meeting_just_told(extract):
    ext = extract("Prime Minister Jonas Berg was welcomed by President Omar Haddad at the palace. Ministers of the "
                  "cabinet then welcomed Berg and his delegation. Those officials are Foreign Minister Ali Hamad, "
                  "Defence Minister Sami Ben Ali and Trade Minister Leila Trabelsi.")
    assert clique("Jonas Berg", "Ali Hamad", "Sami Ben Ali", "Leila Trabelsi") <= met(ext)


@pytest.mark.parametrize("second", ["The victims of the flood were Ali Hamad and Sami Ben Ali.",
                                    "They are Foreign Minister Ali Hamad and Defence Minister Sami Ben Ali.",
                                    "Those officials will be Ali Hamad and Sami Ben Ali."])
def test_a_list_that_does_not_point_back_at_people_just_met_joins_nothing(extract, second):
    ext = extract("Prime Minister Jonas Berg met President Omar Haddad at the palace. " + second)
    assert met(ext) == {pair("Jonas Berg", "Omar Haddad")}


# ------------------------------------------------------------------ round 5
def test_the_members_of_a_persons_delegation_are_at_his_meeting(extract):
    ext = extract("President John Mensah of Ghana met Prime Minister Kwame Bello of Nigeria in Abuja on Sunday. "
                  "The two leaders discussed trade. Members of Mensah's delegation included Ghana's Minister of "
                  "Foreign Affairs, Ama Boateng; Minister of Defence, Kofi Asante; and officials of the Foreign Ministry.")
    assert met(ext) == clique("John Mensah", "Kwame Bello", "Ama Boateng", "Kofi Asante")
    ext = extract("President John Mensah of Ghana met Prime Minister Kwame Bello of Nigeria in Abuja on Sunday. "
                  "Mensah's delegation included Foreign Minister Ama Boateng and Defence Minister Kofi Asante.")
    assert met(ext) == clique("John Mensah", "Kwame Bello", "Ama Boateng", "Kofi Asante")


def test_a_delegation_with_no_meeting_meets_nobody(extract):
    ext = extract("President John Mensah of Ghana flew to Abuja on Sunday. Mensah's delegation included Foreign "
                  "Minister Ama Boateng and Defence Minister Kofi Asante.")
    assert met(ext) == set()


def test_those_at_a_welcome_ceremony_met(extract):
    ext = extract("Image: King Harald, Queen Sonja, Prince Haakon and President Tomas Berg attend a welcome ceremony. "
                  "Pic: Reuters")
    assert met(ext) == clique("Harald", "Sonja", "Haakon", "Tomas Berg")


def test_another_ceremony_is_no_meeting(extract):
    ext = extract("King Harald and President Tomas Berg attended a wreath-laying ceremony.")
    assert met(ext) == set()


def test_several_people_met_one_after_another(extract):
    ext = extract("Chancellor Karl Weber arrived in Peru on Friday. He met several leaders in the capital, Lima, "
                  "including President Ana Reis and Foreign Minister Ivo Dunn.")
    assert met(ext) == {pair("Karl Weber", "Ana Reis"), pair("Karl Weber", "Ivo Dunn")}
    ext = extract("Chancellor Karl Weber met President Ana Reis, Foreign Minister Ivo Dunn and a number of others in "
                  "Peru.")
    assert met(ext) == {pair("Karl Weber", "Ana Reis"), pair("Karl Weber", "Ivo Dunn")}


# ------------------------------------------------------------------ credentials of envoys named later
def test_envoys_named_after_their_credentials_were_received(extract):
    ext = extract("President Ana Reis has received letters of credence of four ambassadors at State House "
                  "today. The ambassadors discussed ways of strengthening relations. Chile's Ambassador to Peru, Pedro "
                  "Alvarez said he hopes to expand trade. Former President Luis Ortega visited Chile in 1990.")
    assert met(ext) == {pair("Ana Reis", "Pedro Alvarez")}
    assert rule_of(ext, "Ana Reis", "Pedro Alvarez") == "credentials:envoys"


def test_an_envoy_named_before_the_credentials_is_not_one_of_them(extract):
    ext = extract("Chile's Ambassador to Peru, Pedro Alvarez said he hopes to expand trade. President Ana Reis "
                  "has received letters of credence of four ambassadors at State House today.")
    assert met(ext) == set()


def test_letters_of_credence_presented_or_received(extract):
    ext = extract("Ambassador Peter Ward presented his letters of credence to President Joko Santoso on Monday.")
    assert met(ext) == {pair("Peter Ward", "Joko Santoso")}
    ext = extract("President Joko Santoso received the letters of credence of Ambassador Peter Ward at the palace.")
    assert met(ext) == {pair("Peter Ward", "Joko Santoso")}
