"""Bodies and events: events, acronyms, countries of bodies, title bodies (extract/entities/bodies.py)."""
from kgbuild.extract.entities import TitleSpan
from kgbuild.extract.entities.bodies import acronyms_of_known, title_complements
from tests.conftest import mention, names, role_titles
from tests.extract.entity_helpers import CONFIG, draft, found, tokens


def test_a_named_thing_and_an_event_word_are_an_event(extract):
    ext = extract("Delegates attended the 27th EU summit in Brussels.")
    assert {"27th EU summit in Brussels", "EU summit"} <= names(ext, "Event")
    assert "EU" in names(ext, "Organization")  # the body named inside the event


def test_a_body_inside_a_named_event(extract):
    ext = extract("Leaders met at the ASEAN Summit in Jakarta.")
    assert "ASEAN Summit" in names(ext, "Event") and "ASEAN" in names(ext, "Organization")


def test_initials_of_a_named_body(extract):
    ext = extract("The African Union said the AU would send observers.")
    assert mention(ext, "AU").label == "Organization"


def test_initials_skip_the_small_words(parse):
    doc = parse("The Bank of Nordavia said the BN would act.")
    d = draft(doc, found(doc, "Bank of Nordavia", "Organization"))
    acronyms_of_known(CONFIG, d)
    assert [(d.text(f), f.label, f.reason) for f in d.found[1:]] == [
        ("BN", "Organization", "initials of Bank of Nordavia in this document")]


def test_a_bracketed_acronym_is_the_same_thing(extract):
    ext = extract("Papua New Guinea (PNG) signed the accord.")
    png, full = mention(ext, "PNG"), mention(ext, "Papua New Guinea")
    assert png.label == "Country" and png.key == "PG"
    assert png.cluster == full.cluster >= 0
    ext = extract("The Ministry of Defence (MoD) said the talks went well.")
    assert mention(ext, "MoD").label == "Ministry"
    assert mention(ext, "MoD").cluster == mention(ext, "Ministry of Defence").cluster >= 0


def test_the_country_in_front_of_a_ministry(extract):
    ext = extract("Ukraine's Defence Ministry said drills ended.")
    assert mention(ext, "Defence Ministry").country == "UA"


def test_country_in_front_of_a_ministry_gives_its_country_and_an_alias(extract):
    ext = extract("A spokesman for the Saudi Foreign Ministry declined to comment.")
    ministry = [m for m in ext.mentions if m.label == "Ministry"]
    assert {m.text for m in ministry} == {"Foreign Ministry", "Saudi Foreign Ministry"}
    assert {m.country for m in ministry} == {"SA"}


def test_the_country_word_inside_a_body_is_a_country_mention(extract):
    ext = extract("The British Army and the Russian Navy held drills.")
    assert {"British Army", "Russian Navy"} <= names(ext, "Organization")
    assert {m.key for m in ext.mentions if m.label == "Country"} == {"GB", "RU"}


def test_the_body_a_title_belongs_to(extract):
    ext = extract("Jens Halvorsen, Secretary General of NATO, spoke.")
    assert role_titles(ext) == {("Jens Halvorsen", "Secretary General of NATO", "NATO")}


def test_a_title_of_nothing_known_has_no_body(parse):
    doc = parse("The Secretary General of the club spoke.")
    d = draft(doc, titles=[TitleSpan(*tokens(doc, "Secretary General"))])
    title_complements(CONFIG, d)
    assert d.titles[0].org is None


# ------------------------------------------------------------------ names of bodies (issue 11)
def test_capitalised_words_ending_in_a_body_word_are_one_body(extract):
    ext = extract("Delegates of the UN General Assembly met officials of the NATO Liaison Office and of the "
                  "Private Office of the Secretary General of NATO.")
    orgs = names(ext, "Organization")
    assert {"UN General Assembly", "NATO Liaison Office", "Private Office of the Secretary General of NATO"} <= orgs
    assert "Assembly" not in names(ext, "Person")


def test_a_body_name_runs_over_of_for_and_on_and_ends_at_a_country(extract):
    ext = extract("Officials of the International Working Group on Water Security for Chad met on Monday.")
    assert "International Working Group on Water Security for Chad" in names(ext, "Organization")
    assert "Chad" in names(ext, "Country")


def test_and_inside_a_body_name(extract):
    ext = extract("He represents the Political Affairs and Security Policy Division at the meeting.")
    assert "Political Affairs and Security Policy Division" in names(ext, "Organization")


def test_a_body_word_inside_a_longer_name_makes_no_body(extract):
    ext = extract("The photo was released under the Open Government Licence by the agency.")
    assert "Open Government" not in names(ext)


def test_a_known_body_with_its_country_in_front_is_not_made_again(extract):
    ext = extract("A spokesman for the U.S. State Department declined to comment.")
    assert "State Department" in names(ext, "Ministry")
    assert not names(ext, "Organization")


def test_a_titles_office_is_an_executive_body_with_the_country_after_it(extract):
    ext = extract("The Head of the President's Office of Moldova Ion Cretu spoke. The President's Office said more.")
    offices = [m for m in ext.mentions if m.label == "Ministry"]
    assert {m.text for m in offices} == {"President's Office of Moldova", "President's Office"}
    assert "Ion Cretu" in names(ext, "Person")


def test_initials_before_a_name_are_a_title_not_the_body(extract):
    ext = extract("The Iraqi Foreign Ministry said Iraqi FM Karim Saadi would travel on Monday.")
    assert "FM" not in names(ext)


def test_a_list_of_words_inside_a_bodys_name(extract):
    ext = extract("Officials of the Joint Commission on Economic, Cultural and Technical Cooperation met in Lima.")
    assert "Joint Commission on Economic, Cultural and Technical Cooperation" in names(ext, "Organization")


def test_a_royal_court_is_an_executive_body(extract):
    ext = extract("The Royal Court announced that the king would chair the session.")
    assert "Royal Court" in names(ext, "Ministry")


def test_a_countrys_lowercase_ministry_is_that_countrys_ministry_and_named_again_without_it(extract):
    ext = extract("The Chilean foreign ministry said the talks went well. Later the foreign ministry declined "
                  "to comment.")
    ministries = [m for m in ext.mentions if m.label == "Ministry"]
    assert {m.text for m in ministries} >= {"foreign ministry", "Chilean foreign ministry"}
    assert {m.country for m in ministries} == {"CL"}
    ext = extract("Kenya's defence ministry confirmed the order.")
    assert mention(ext, "defence ministry").country == "KE"


def test_a_lowercase_ministry_without_any_country_is_no_mention(extract):
    ext = extract("The foreign ministry declined to comment on the report.")
    assert not names(ext, "Ministry")
    ext = extract("The Chilean ministry declined to comment.")
    assert not names(ext, "Ministry")


def test_a_bodys_name_stops_before_the_holders_next_title(extract):
    ext = extract("Omar Haddad, Chairman of the President's Office for Strategic Affairs and Chairman of the "
                  "Coastal Executive Office, spoke.")
    assert "President's Office for Strategic Affairs" in names(ext, "Ministry")
    assert not any("Chairman" in n for n in names(ext, "Ministry") | names(ext, "Organization"))


def test_a_bodys_name_goes_on_over_in_and_a_continent_and_keeps_a_hyphenated_noun(extract):
    ext = extract("Envoys of the Organization for Security and Co-operation in Europe met in Vienna.")
    assert "Organization for Security and Co-operation in Europe" in names(ext, "Organization")
    assert "Europe" not in names(ext, "Place")
    ext = extract("The Kenya-based Organization for Security met the delegation in Europe on Monday.")
    assert "Europe" in names(ext, "Place")


def test_royal_in_front_of_a_countrys_force_is_part_of_its_name(extract):
    ext = extract("Jets of the Royal Jordanian Air Force escorted the plane.")
    assert "Royal Jordanian Air Force" in names(ext, "Organization")


def test_a_group_of_people_named_by_a_plural_title_is_no_body(extract):
    ext = extract("Messages poured in from Heads of State and Government across the world.")
    assert not names(ext, "Organization")
    ext = extract("The Council of Ministers met in Accra.")
    assert "Council of Ministers" in names(ext, "Organization")


def test_a_diwan_is_an_executive_office_and_its_name_stops_before_the_holders_name(extract):
    ext = extract("The talks were attended by the Minister of the Diwan of Royal Court Sayyid Khalid bin Hilal Al "
                  "Harthy and others.")
    assert "Diwan of Royal Court" in names(ext, "Ministry")
    assert "Khalid bin Hilal Al Harthy" in names(ext, "Person")
    assert not any("Khalid" in n for n in names(ext, "Ministry"))


def test_a_place_of_the_model_whose_name_ends_in_a_body_word_is_a_body(parse):
    from spacy.tokens import Span

    from kgbuild.extract.entities.spans import classify
    doc = parse("Envoys of the African Union and of West Java met.")
    for words, label in (("African Union", "Organization"), ("West Java", "Place")):
        out = []
        classify(CONFIG, doc, Span(doc, *tokens(doc, words), label="GPE"), out, [])
        assert [(doc[f.start:f.end].text, f.label) for f in out] == [(words, label)]


def test_a_bodys_name_stops_before_a_gathering_of_people(extract):
    ext = extract("Speaking at the Summit of Heads of State of the Sahel Union, the minister left early.")
    assert not any("Heads" in n for n in names(ext, "Organization"))


def test_a_bodys_name_stops_before_a_titled_person(extract):
    # "... Commission and Foreign Minister NAME": the holder's next office and name are no part of the body.
    ext = extract("Envoys met the Director of the Office of Maritime Affairs Commission and Foreign Minister "
                  "Tomasz Wielgosz in Gdansk on Friday.")
    assert "Office of Maritime Affairs Commission" in names(ext, "Organization") | names(ext, "Ministry")
    assert not any("Wielgosz" in n for n in names(ext, "Organization") | names(ext, "Ministry"))
    # "... Agency for Sultan NAME": a complement that is a title and a name is a person, not the body's.
    ext = extract("Photo by the Borealis News Agency for King Olavur Haraldsen of Norland, receiving guests.")
    assert not any("King" in n or "Olavur" in n for n in names(ext, "Organization"))


def test_a_bodys_complement_that_is_a_title_alone_stays(extract):
    ext = extract("Aid was announced by the Office of the Prime Minister in Accra and the Office of the "
                  "President of Ghana on Tuesday.")
    bodies = names(ext, "Organization") | names(ext, "Ministry")
    assert {"Office of the Prime Minister", "Office of the President of Ghana"} <= bodies


def test_a_newspapers_name_is_an_organisation(extract):
    ext = extract("The Nairobi Chronicle and the Canadian Press reported the visit, the Tonga Herald said.")
    orgs = names(ext, "Organization")
    assert {"Nairobi Chronicle", "Canadian Press", "Tonga Herald"} <= orgs
    ext = extract("The Times said the talks had failed.")
    assert "Times" not in names(ext, "Person")


def test_a_newspaper_word_in_a_persons_name_or_a_title_makes_no_newspaper(extract):
    ext = extract("Mr Sun met Sun Weidong, and White House Press Secretary Dana Okafor spoke.")
    assert not {n for n in names(ext, "Organization") if "Sun" in n or "Press" in n}
def test_a_government_named_only_by_its_country_or_level_is_no_body(extract):
    ext = extract("The Chilean Government said on Monday that the Federal Government and the Government of "
                  "Malawi had agreed. The President, as Head of State, signed the accord.")
    bodies = names(ext, "Organization") | names(ext, "Ministry")
    assert not {n for n in bodies if "Government" in n or n == "State"}
    assert {"Chilean", "Malawi"} <= names(ext, "Country")  # the countries stay


def test_a_government_or_state_with_a_name_of_its_own_is_a_body(extract):
    ext = extract("The Government of National Unity and the State Council met in Tripoli on Sunday.")
    bodies = names(ext, "Organization") | names(ext, "Ministry")
    assert {"Government of National Unity", "State Council"} <= bodies


def test_a_name_after_a_noun_of_a_kind_of_body_is_that_body(extract):
    ext = extract("State oil firm Petrosur signed a deal with telecoms giant Huamei. The minister told broadcaster "
                  "Radio Sur that the rebel group Alianza Roja had left.")
    assert {"Petrosur", "Huamei", "Radio Sur", "Alianza Roja"} <= names(ext, "Organization")
    assert not names(ext, "Person") & {"Huamei"} and not names(ext, "Place") & {"Petrosur"}


def test_the_same_nouns_as_adjectives_or_before_a_title_make_no_body(extract):
    ext = extract("A firm Tuesday deadline was set. The group Chairman Ali Musa spoke.")
    assert not names(ext, "Organization")
    assert "Ali Musa" in names(ext, "Person")


def test_the_presidency_is_a_states_executive_office(extract):
    ext = extract("The Presidency said the president would travel. The Colombian Presidency confirmed the call.")
    assert {"Presidency", "Colombian Presidency"} <= names(ext, "Ministry")
    assert mention(ext, "Colombian Presidency", "Ministry").country == "CO"
    ext = extract("The EU Presidency ended in June.")
    assert "Presidency" not in names(ext, "Ministry")


def test_the_body_that_holds_a_summit_is_named_inside_it(extract):
    ext = extract("Talks in Lima\n\nThe presidents flew home after the Andean Trade Union Summit ended in Lima.")
    assert "Andean Trade Union" in names(ext, "Organization")
