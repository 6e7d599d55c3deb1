"""Events named in running text (extract/entities/events.py)."""
from tests.conftest import mention, names


def test_a_pair_of_countries_names_talks_and_an_ordinal_round_belongs_to_them(extract):
    ext = extract("The cancellation of the fourth round of Chile-Peru water talks angered farmers.")
    events = names(ext, "Event")
    assert "fourth round of Chile-Peru water talks" in events
    assert "Chile-Peru water talks" in events  # the shorter form is an alias
    assert len({m.key for m in ext.mentions if m.label == "Event"}) == 1


def test_talks_and_a_meeting_of_the_same_parties_are_one_event(extract):
    ext = extract("Ahead of the Peru-Chile talks, officials prepared the upcoming Chile-Peru meeting.")
    keys = {m.key for m in ext.mentions if m.label == "Event"}
    assert len(keys) == 1 and keys.pop() == "event:meeting:CL|PE"


def test_a_complement_that_names_someone_names_the_event(extract):
    ext = extract("Flights resumed after the fall of the Omar al-Bakri regime. "
                  "Envoys warned of a confrontation between Norway and Finland.")
    events = names(ext, "Event")
    assert "fall of the Omar al-Bakri regime" in events
    assert "confrontation between Norway and Finland" in events


def test_a_summit_in_a_city_but_not_a_meeting_in_one(extract):
    ext = extract("Delegates prepared a peace summit in Lisbon. Ministers held a meeting in Madrid.")
    assert "peace summit in Lisbon" in names(ext, "Event") and "peace summit" in names(ext, "Event")
    assert not any("Madrid" in n for n in names(ext, "Event"))


def test_a_demonym_a_possessive_a_visit_or_a_bare_noun_names_no_event(extract):
    ext = extract("A Russian attack hit the port. Chile's war with Peru was recalled during the visit to Lima. "
                  "The summit ended. Talks with Rodrigo Fuentes went on.")
    assert names(ext, "Event") == set()


def test_a_meeting_of_people_is_a_relation_not_an_event(extract):
    ext = extract("The meeting of Rodrigo Fuentes and Ana Duarte lasted an hour.")
    assert names(ext, "Event") == set()


def test_a_pair_of_names_before_fighting(extract):
    ext = extract("Aid stalled during a pause in Chile-Peru fighting in the border region.")
    assert "Chile-Peru fighting" in names(ext, "Event")


def test_an_event_keeps_the_body_named_in_it(extract):
    ext = extract("Ministers attended the 30th OECD summit in Paris.")
    assert {"30th OECD summit in Paris", "OECD summit"} <= names(ext, "Event")
    assert mention(ext, "OECD").label == "Organization"


def test_an_events_key_has_its_kind_and_words_and_a_bodys_initials(extract):
    ext = extract("Leaders left the European Union summit. The EU summit had ended.")
    assert {m.key for m in ext.mentions if m.label == "Event"} == {"event:meeting:EU"}


def test_a_capitalised_name_of_an_event(extract):
    ext = extract('Leaders prepared next week\'s "Harvest Summit" in Lima, and the Andes Dialogue opened.')
    assert "Harvest Summit" in names(ext, "Event")


def test_a_parliament_named_congress_is_a_body_not_an_event(extract):
    ext = extract("The US Congress passed the bill on Monday.")
    assert not names(ext, "Event")


def test_a_state_visit_the_lead_reports_is_an_event_and_later_mentions_are_the_same(extract):
    ext = extract("Visit ends\n\nPresident Amara Diallo arrived in Accra on Tuesday for a three-day State visit to Ghana. "
                  "Talks on trade followed. The State visit ends on Friday.")
    events = [m for m in ext.mentions if m.label == "Event"]
    assert {"three-day State visit to Ghana", "State visit"} <= {m.text for m in events}
    assert len({m.key for m in events}) == 1 and "GH" in events[0].key
    ext = extract("Prime Minister Tomasz Wrona began his official visit to Malaysia on Monday.")
    assert "official visit" in names(ext, "Event")


def test_a_planned_or_ordinary_or_late_visit_is_no_event(extract):
    ext = extract("President Lina Okafor is expected to pay a state visit to Peru next month.")
    assert not names(ext, "Event")
    ext = extract("President Lina Okafor will make a working visit to Peru.")
    assert not names(ext, "Event")
    ext = extract("President Lina Okafor arrived in Lima for a visit on Monday.")
    assert not names(ext, "Event")
    ext = extract("Prices rose in May. Farmers protested in June. Exports fell again. Banks cut rates. "
                  "Officials recalled that Lina Okafor once made an official visit to Peru.")
    assert not names(ext, "Event")


def test_an_outbreak_is_named_by_its_disease_and_the_diseases_name_alone_names_it_again(extract):
    ext = extract("Trade fell during the COVID-19 pandemic. Since COVID-19, exports have grown.")
    events = [m for m in ext.mentions if m.label == "Event"]
    assert {m.text for m in events} == {"COVID-19 pandemic", "COVID-19"}
    assert len({m.key for m in events}) == 1
    assert not names(ext, "Organization") and not names(ext, "Person")
    ext = extract("A cholera outbreak was reported in Ndola on Monday.")
    assert "cholera outbreak" in names(ext, "Event")


def test_an_outbreak_without_a_disease_is_no_event(extract):
    ext = extract("The outbreak was reported in Ndola on Monday. A new pandemic worried experts.")
    assert not names(ext, "Event")


def test_a_capitalised_gathering_of_office_holders_is_a_named_event(extract):
    ext = extract("She hosted a Chile-Peru-Bolivia Foreign Ministers' Meeting in Arica on Friday.")
    assert "Chile-Peru-Bolivia Foreign Ministers' Meeting" in names(ext, "Event")
    ext = extract("Heads of government gathered for the Leaders\u2019 Summit in Suva.")
    assert "Leaders\u2019 Summit" in names(ext, "Event")


def test_a_lowercase_gathering_of_office_holders_names_no_event(extract):
    ext = extract("The ministers' meeting in Arica was short, and the leaders' talks ended early.")
    assert not names(ext, "Event")


def test_a_gathering_named_with_of_is_an_event_not_a_body(extract):
    ext = extract("The 9th Summit of Andean Leaders closed in La Paz on Sunday.")
    assert "9th Summit of Andean Leaders" in names(ext, "Event")
    assert "9th Summit of Andean Leaders" not in names(ext, "Organization")
    ext = extract("The Congress of Deputies and the Council of Europe met in Madrid.")
    assert not names(ext, "Event")
def test_a_war_named_once_outside_the_lead_is_named_in_passing(extract):
    text = ("Trade ministers of Peru and Chile met in Lima on Monday.\n\nThey signed a customs accord.\n\n"
            "The accord covers fruit and copper.\n\nTariffs fall next year.\n\n"
            "Copper prices have risen since the invasion of Ukraine, officials said.")
    assert not names(extract(text), "Event")


def test_a_war_the_lead_names_or_the_text_names_again_stays_an_event(extract):
    lead = ("Fighting resumed in the Sudan war on Monday, officials said.\n\nTalks had failed.\n\n"
            "Aid groups left the area.\n\nPrices rose.\n\nThe Sudan war has displaced thousands.")
    assert "Sudan war" in names(extract(lead), "Event")
    again = ("Trade ministers of Peru and Chile met in Lima on Monday.\n\nThey signed a customs accord.\n\n"
             "The accord covers fruit.\n\nTariffs fall next year.\n\nThe Sudan war has hurt trade.\n\n"
             "Both said the Sudan war must end.")
    assert "Sudan war" in names(extract(again), "Event")


def test_a_vote_the_lead_names_and_the_text_names_again_is_the_articles_event(extract):
    ext = extract("Voters in Malawi went to the polls on Tuesday in the presidential elections.\n\nTurnout was high.\n\n"
                  "Observers said the elections were calm. Results are due on Friday.")
    events = [m for m in ext.mentions if m.label == "Event"]
    assert {m.text for m in events} == {"presidential elections", "elections"}
    assert len({m.cluster for m in events}) == 1


def test_a_vote_named_once_or_only_in_general_is_no_event(extract):
    assert not names(extract("Voters in Malawi went to the polls on Tuesday in the presidential elections."), "Event")
    ext = extract("Donors in Malawi want free and fair elections.\n\nElections cost money, they said.")
    assert not names(ext, "Event")


def test_a_capitalised_event_name_may_hold_a_titles_modifier_but_not_its_length(extract):
    ext = extract("Delegates meet in Oslo\n\nThe ministers flew north for Norway's two-day Arctic Economic Forum on Tuesday.")
    assert "Arctic Economic Forum" in names(ext, "Event")


def test_an_ordinal_before_a_round_of_talks_names_the_talks(extract):
    ext = extract("Envoys resume work\n\nThe third round of talks between the two delegations began in Lima on Monday.")
    assert "third round of talks" in names(ext, "Event")


def test_a_capitalised_retreat_is_an_event_and_the_body_in_front_of_it_a_body(extract):
    ext = extract("Leaders gather\n\nThe premier is attending the Andean Community Forum Special Leaders Retreat at a hotel.")
    assert "Andean Community Forum Special Leaders Retreat" in names(ext, "Event")
    assert "Andean Community Forum" in names(ext, "Organization")
