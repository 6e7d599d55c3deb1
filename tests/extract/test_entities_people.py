"""People: titles, agreement, propagation, nicknames, honorifics and aliases (extract/entities/people.py)."""
from kgbuild.extract.entities import Found, TitleSpan
from kgbuild.extract.entities.people import (
    agree,
    alias_forms,
    extend_names,
    mark_titled,
    name_parts,
    listed_people,
    names_after_titles,
    person_by_grammar,
    propagate,
)
from tests.conftest import mention, names, relations, role_titles
from tests.extract.entity_helpers import CONFIG, draft, found, seen, tokens


def test_surname_alone_is_a_person_after_the_full_name(extract):
    ext = extract("Defence Secretary Tomas Brandt arrived on Monday. Brandt said the trip was useful. "
                  "Critics accused Brandt of ignoring the risks.")
    assert {"Tomas Brandt", "Brandt"} <= names(ext, "Person")
    assert "Brandt" not in names(ext, "Organization")


def test_capitalised_words_after_a_title_are_a_name(parse):
    doc = parse("Trade Minister Liesl Vandermeer met reporters.")
    d = draft(doc, titles=[TitleSpan(*tokens(doc, "Trade Minister"))])
    names_after_titles(CONFIG, d)
    assert seen(d, "Person") == {"Liesl Vandermeer"}
    assert d.found[0].titled and d.found[0].reason == "name after a title"


def test_a_model_organization_after_a_title_is_a_person(parse):
    doc = parse("Minister Ingrid Solheim met reporters.")
    d = draft(doc, found(doc, "Ingrid Solheim", "Organization", source="ner:ORG"),
              titles=[TitleSpan(*tokens(doc, "Minister"))])
    mark_titled(CONFIG, d)
    assert d.found[0].label == "Person" and d.found[0].titled


def test_an_honorific_belongs_to_the_name_and_the_name_without_it_is_an_alias(extract):
    ext = extract("Sir Keir Hollis met reporters in London.")
    assert {"Sir Keir Hollis", "Keir Hollis"} <= names(ext, "Person")
    assert mention(ext, "Keir Hollis").reason == "name without the honorific"
    ext = extract("Ms Anna Sorensen met reporters.")
    assert {"Ms Anna Sorensen", "Anna Sorensen"} <= names(ext, "Person")


def test_a_royal_style_is_part_of_how_a_name_is_written(extract):
    ext = extract("King Haakon met reporters. Haakon said the talks went well.")
    assert {"King Haakon", "Haakon"} <= names(ext, "Person")


def test_a_one_word_organization_that_speaks_is_a_person(parse):
    doc = parse("Okonkwo said the plan was fair.")
    d = draft(doc, found(doc, "Okonkwo", "Organization", source="ner:ORG"))
    person_by_grammar(CONFIG, d)
    assert d.found[0].label == "Person" and d.found[0].strong


def test_a_speaking_capital_city_stays_a_place(parse):
    doc = parse("Berlin said the plan was fair.")
    d = draft(doc, found(doc, "Berlin", "Organization", source="ner:ORG"))
    person_by_grammar(CONFIG, d)
    assert d.found[0].label == "Organization"


def test_agreement_a_surname_of_a_full_name_is_a_person(parse):
    doc = parse("Tomas Brandt arrived. Brandt spoke.")
    d = draft(doc, found(doc, "Tomas Brandt", "Person", source="ner:PERSON"),
              found(doc, "Brandt spoke", "Organization", source="ner:ORG"))
    d.found[1].end -= 1  # "Brandt"
    agree(CONFIG, d)
    assert [f.label for f in d.found] == ["Person", "Person"]


def test_propagation_finds_the_names_the_model_missed(parse):
    doc = parse("Anna Sorensen arrived. Later, Sorensen left.")
    d = draft(doc, found(doc, "Anna Sorensen", "Person", source="ner:PERSON"))
    propagate(CONFIG, d)
    assert [(d.text(f), f.label, f.source) for f in d.found[1:]] == [("Sorensen", "Person", "agreement")]


def test_a_first_name_that_is_a_place_does_not_stand_for_the_person(parse):
    doc = parse("Sydney Kamara met reporters.")
    assert name_parts(CONFIG, doc, found(doc, "Sydney Kamara", "Person")) == ["Kamara"]
    doc = parse("Liesl Vandermeer met reporters.")
    assert name_parts(CONFIG, doc, found(doc, "Liesl Vandermeer", "Person")) == ["Vandermeer", "Liesl"]


def test_a_quoted_nickname_keeps_the_name_whole(extract):
    ext = extract('Ferdinand "Bongbong" Marcos Jr. met reporters.')
    assert names(ext, "Person") == {'Ferdinand "Bongbong" Marcos Jr.'}


def test_alias_forms_of_a_body_with_its_country_in_front(parse):
    doc = parse("The US State Department spoke.")
    d = draft(doc, found(doc, "US", "Country", key="US"), found(doc, "State Department", "Ministry"))
    alias_forms(CONFIG, d)
    assert "US State Department" in seen(d, "Ministry")
    assert {f.country for f in d.found if f.label == "Ministry"} == {"US"}


# ------------------------------------------------------------------ names the model cut (issue 11)
def test_a_surname_takes_the_given_name_in_front_of_it(parse):
    doc = parse("Foreign Minister Oksana Hrytsenko spoke. Later, Oksanna Hrytsenko wrote again.")
    i, _ = tokens(doc, "Hrytsenko wrote")
    d = draft(doc, found(doc, "Oksana Hrytsenko", "Person", source="ner:PERSON"))
    d.found.append(Found(i, i + 1, "Person", source="agreement"))
    extend_names(CONFIG, d)
    assert seen(d, "Person") == {"Oksana Hrytsenko", "Oksanna Hrytsenko"}


def test_a_name_takes_its_particle_and_hyphen(parse):
    doc = parse("The envoy Karim al-Mansouri arrived.")
    i, _ = tokens(doc, "Mansouri")
    d = draft(doc, Found(i, i + 1, "Person", source="agreement"))
    extend_names(CONFIG, d)
    assert seen(d, "Person") == {"Karim al-Mansouri"}


def test_a_name_the_model_cut_in_two_is_joined(parse):
    doc = parse("Prime Minister Phạm Minh Chính received the delegation.")
    d = draft(doc, found(doc, "Phạm Minh", "Person", source="ner:PERSON"), found(doc, "Chính", "Place", source="ner:GPE"))
    extend_names(CONFIG, d)
    assert [(d.text(f), f.label) for f in d.found] == [("Phạm Minh Chính", "Person")]


def test_a_name_does_not_grow_over_a_title_a_city_or_a_line_break(parse):
    doc = parse("President Hrytsenko met Lyon officials.\nMarta Hrytsenko")
    d = draft(doc, found(doc, "Hrytsenko met", "Person", source="ner:PERSON"))
    d.found[0].end -= 1
    extend_names(CONFIG, d)
    assert seen(d, "Person") == {"Hrytsenko"}


def test_a_word_the_model_calls_a_body_is_a_person_when_a_name_of_the_document_ends_in_it(parse):
    doc = parse("Faisal al-Rashidi arrived. Al-Rashidi said the talks went well. Bashar al-Hakim met Hakim.")
    d = draft(doc, found(doc, "Faisal al - Rashidi", "Person", source="ner:PERSON"),
              found(doc, "Al - Rashidi", "Organization", source="ner:ORG"),
              found(doc, "Bashar al - Hakim", "Place", source="ner:FAC"),
              found(doc, "Hakim .", "Person", source="ner:PERSON"))
    d.found[-1].end -= 1
    agree(CONFIG, d)
    assert [f.label for f in d.found] == ["Person"] * 4


def test_a_bodys_chief_does_not_make_the_body_a_person_but_a_persons_aide_does(parse):
    doc = parse("The Korvanta chief said little, and Okonkwo's aide said more.")
    d = draft(doc, found(doc, "Korvanta", "Organization", source="ner:ORG"),
              found(doc, "Okonkwo", "Organization", source="ner:ORG"))
    person_by_grammar(CONFIG, d)
    assert [f.label for f in d.found] == ["Organization", "Person"]


def test_a_name_after_a_titles_complement(parse):
    doc = parse("Chief Adviser to the President of the Republic of Nauru Tevita Kaloni met reporters.")
    d = draft(doc, found(doc, "Republic of Nauru", "Country", key="NR"),
              titles=[TitleSpan(*tokens(doc, "Chief Adviser")), TitleSpan(*tokens(doc, "President"))])
    names_after_titles(CONFIG, d)
    assert seen(d, "Person") == {"Tevita Kaloni"}


def test_a_given_name_that_only_a_small_town_shares_stands_for_the_person(extract):
    ext = extract("Prime Minister Abiy Ahmed arrived on Monday. Abiy met the delegation in Nairobi.")
    assert {"Abiy Ahmed", "Abiy"} <= names(ext, "Person")


def test_a_regnal_number_or_suffix_after_a_name_is_part_of_it(extract):
    ext = extract("King Letsie III received the envoy in Maseru on Monday.")
    assert "Letsie III" in names(ext, "Person") and "King Letsie III" in names(ext, "Person")
    ext = extract("The delegation was led by Ramon Dizon Jr. and two aides.")
    assert any(n.startswith("Ramon Dizon Jr") for n in names(ext, "Person"))
    ext = extract("Part II of the report was published by Anna Kowalczyk on Monday.")
    assert not any("II" in n for n in names(ext, "Person"))


def test_a_royal_style_before_a_full_name_gives_the_styled_form(extract):
    ext = extract("His Highness Sheikh Rashid bin Hamdan Al Qasimi received the ambassador in Sharjah.")
    assert {"Sheikh Rashid bin Hamdan Al Qasimi", "Rashid bin Hamdan Al Qasimi"} <= names(ext, "Person")
    ext = extract("Queen Amalia Vasquez opened the bridge.")
    assert "Queen Amalia Vasquez" in names(ext, "Person")
    ext = extract("The minister Amalia Vasquez opened the bridge.")
    assert not any(n.startswith("minister") for n in names(ext, "Person"))


def test_a_name_that_starts_with_bin_takes_the_given_name_the_model_tagged_apart(parse):
    doc = parse("The meeting was attended by HH Sayyid Zul-Nuwas bin Tariq al Harthy and others.")
    d = draft(doc, found(doc, "HH Sayyid Zul - Nuwas", "Organization", source="ner:ORG"),
              found(doc, "bin Tariq al Harthy", "Person", source="ner:PERSON"))
    extend_names(CONFIG, d)
    (p,) = [f for f in d.found if f.label == "Person"]
    assert d.text(p) == "Zul-Nuwas bin Tariq al Harthy" and doc[p.written_start].text == "HH"
    assert not [f for f in d.found if f.label == "Organization"]
    # a body's name before 'bin' is no given name
    doc = parse("A grant from the Qatar Foundation bin Tariq al Harthy signed was announced.")
    d = draft(doc, found(doc, "Qatar Foundation", "Organization", source="ner:ORG"),
              found(doc, "bin Tariq al Harthy", "Person", source="ner:PERSON"))
    extend_names(CONFIG, d)
    assert seen(d, "Organization") == {"Qatar Foundation"}


def test_names_after_ministers_titles_with_portfolios_of_many_governments(extract):
    ext = extract("The delegation included Minister of Rural Development Osman Khalid, Minister of Communication and "
                  "Multimedia Zainal Arif and Minister of Fisheries Losa Tuilagi.")
    assert {"Osman Khalid", "Zainal Arif", "Losa Tuilagi"} <= names(ext, "Person")
    assert not any(n.startswith(("Rural", "Multimedia", "Fisheries")) for n in names(ext))
    assert ("Zainal Arif", "Minister of Communication and Multimedia", None) in role_titles(ext)


def test_a_title_that_runs_into_another_name_takes_no_name_after_it(extract):
    ext = extract("Ali Nouri, the Ambassador of the Islamic Republic of Iran to Oman, met Omar Hadi.")
    assert "Republic" not in names(ext, "Person")
    assert {"Ali Nouri", "Omar Hadi"} <= names(ext, "Person")


def test_more_portfolios_after_a_title_are_no_name(extract):
    ext = extract("The envoy met with Pedro Salgado, Minister of Foreign Affairs, International Trade and Worship of "
                  "Argentina.")
    assert "International Trade and Worship" not in names(ext)


def test_a_name_shaped_organization_with_a_title_in_apposition_is_a_person(parse):
    doc = parse("The envoy also met Felipe Rojas, Minister of Foreign Affairs of Chile, in Lima.")
    d = draft(doc, found(doc, "Felipe Rojas", "Organization", source="ner:ORG"),
              titles=[TitleSpan(*tokens(doc, "Minister of Foreign Affairs"))])
    mark_titled(CONFIG, d)
    assert d.found[0].label == "Person" and d.found[0].titled
    # a company with a title after it in apposition is not made a person by it when it is a place's name
    doc = parse("Investors in Nairobi Securities, chairman of the board said, were calm.")
    d = draft(doc, found(doc, "Nairobi Securities", "Organization", source="ner:ORG"),
              titles=[TitleSpan(*tokens(doc, "chairman"))])
    mark_titled(CONFIG, d)
    assert d.found[0].label == "Organization"


def test_a_style_of_address_without_a_name_is_no_person(extract):
    ext = extract("Their Royal Highnesses Prince Karim bin Faisal and Prince Omar bin Faisal received the guests. "
                  "His Majesty the Sultan thanked them.")
    people = names(ext, "Person")
    assert {"Karim bin Faisal", "Omar bin Faisal"} <= people
    assert not {"Royal Highnesses", "His Majesty", "Majesty", "Royal"} & people
    ext = extract("Sir Alan Royle met reporters.")
    assert "Sir Alan Royle" in names(ext, "Person")


def test_a_plural_title_or_a_titles_short_form_is_no_part_of_the_names_after_it(extract):
    ext = extract("Present at the talks were Ministers Amadou Ba, Kwame Mensah and Efua Sutherland.")
    people = names(ext, "Person")
    assert {"Amadou Ba", "Kwame Mensah", "Efua Sutherland"} <= people
    assert not any(n.startswith("Ministers") for n in people)
    ext = extract("PM Tala Fono thanked EAM Rohan Das and FM Lea Kova.")
    assert "Rohan Das" in names(ext, "Person") and not any("EAM" in n for n in names(ext))


def test_plural_titles_and_short_forms_are_no_name_words():
    from kgbuild.names import person_key
    assert person_key("Congressmen Tomas Keller") == person_key("Tomas Keller")
    assert person_key("PM Tala Fono") == person_key("Tala Fono")
    assert person_key("Secretaries") == ("secretaries",)  # a lone word stays itself


def test_a_name_shaped_organization_listed_with_people_is_a_person(parse):
    doc = parse("He met the presidents Amina Yusuf, Tarek Benali of Tunisia and Kersti Valk of Estonia.")
    d = draft(doc, found(doc, "Amina Yusuf", "Person", source="ner:PERSON"),
              found(doc, "Tarek Benali", "Person", source="ner:PERSON"),
              found(doc, "Kersti Valk", "Organization", source="ner:ORG"))
    listed_people(CONFIG, d)
    assert d.found[2].label == "Person" and d.found[2].reason == "a name listed with people"
    doc = parse("Shares of Zenith Mining and Acme Holdings rose while Tomas Keller sold.")
    d = draft(doc, found(doc, "Zenith Mining", "Organization", source="ner:ORG"),
              found(doc, "Acme Holdings", "Organization", source="ner:ORG"),
              found(doc, "Tomas Keller", "Person", source="ner:PERSON"))
    listed_people(CONFIG, d)
    assert seen(d, "Organization") == {"Zenith Mining", "Acme Holdings"}


def test_a_name_in_apposition_after_a_title_and_its_body_is_a_person(parse):
    doc = parse("He thanked the President of Chile, Wu Jianguo and the Premier.")
    d = draft(doc, found(doc, "Chile", "Country", key="CL", source="ruler"),
              titles=[TitleSpan(*tokens(doc, "President")), TitleSpan(*tokens(doc, "Premier"))])
    names_after_titles(CONFIG, d)
    assert seen(d, "Person") == {"Wu Jianguo"}
    # after a comma only a whole name the apposition closes, not the start of a clause
    doc = parse("He thanked the President of Chile, Santiago Officials said.")
    d = draft(doc, found(doc, "Chile", "Country", key="CL", source="ruler"),
              titles=[TitleSpan(*tokens(doc, "President"))])
    names_after_titles(CONFIG, d)
    assert not seen(d, "Person")


def test_a_name_in_brackets_after_a_full_name_is_the_same_person_wherever_the_text_writes_it(extract):
    ext = extract("President Bambang Susilo (Bamsu) received the delegation. Bamsu said the talks went well. "
                  "Later Bamsu left for Bali.")
    bamsu = [m for m in ext.mentions if m.text == "Bamsu"]
    full = mention(ext, "Bambang Susilo")
    assert len(bamsu) == 3 and all(m.label == "Person" and m.cluster == full.cluster >= 0 for m in bamsu)
    ext = extract("Officials of Peru (Lima) met.")
    assert "Lima" not in names(ext, "Person")


def test_a_surname_with_an_honorific_gives_the_surname_alone_as_an_alias(extract):
    ext = extract("Mr. Kwarteng also met the president. Dr. Osei spoke.")
    assert {"Mr. Kwarteng", "Kwarteng", "Dr. Osei", "Osei"} <= names(ext, "Person")
    assert mention(ext, "Osei").reason == "name without the honorific"


def test_a_name_in_apposition_after_a_title_and_its_body_is_a_person(extract):
    ext = extract("He met the President of the Andean Development Bank, Lucia Quispe Mamani, in Lima.")
    assert "Lucia Quispe Mamani" in names(ext, "Person")
    assert "Lucia Quispe Mamani" not in names(ext, "Organization")
    assert "Andean Development Bank" in names(ext, "Organization")


def test_a_body_in_apposition_after_a_title_and_its_body_stays_a_body(extract):
    ext = extract("He met the Chairman of the Pacific Islands Forum, the Asian Development Bank and others.")
    assert not names(ext, "Person")


def test_a_name_does_not_grow_over_part_of_a_hyphenated_title(extract):
    ext = extract("Ambassador-at-Large Kwame Mensah spoke in Accra.")
    assert "Kwame Mensah" in names(ext, "Person")
    assert not {n for n in names(ext, "Person") if "Large" in n}
def test_a_name_after_a_title_goes_on_over_a_hyphen_inside_a_word(extract):
    ext = extract("Governor Tunde Sanwo-Ola spoke on Monday.")
    assert "Tunde Sanwo-Ola" in names(ext, "Person")
    assert "Tunde Sanwo" not in names(ext, "Person")
def test_writers_named_in_a_byline_are_people(extract):
    ext = extract("Ministers meet in Lagos\n\nBy AMARA OKAFOR and Tunde Bakare\n\nLAGOS - Ministers met on Monday.")
    assert {"AMARA OKAFOR", "Tunde Bakare"} <= names(ext, "Person")
    assert not {"AMARA OKAFOR", "Tunde Bakare"} & names(ext, "Organization")


def test_by_inside_a_sentence_or_before_a_date_credits_no_one(extract):
    ext = extract("Ministers met in Lagos. By Friday the talks had ended.\n\nBy Monday Evening Traffic eased.")
    assert not {n for n in names(ext, "Person") if "Friday" in n or "Monday" in n}


def test_a_name_after_a_formal_style_is_a_person(extract):
    # Official readouts write 'the Honourable' and surnames in capitals; the model tags such a name as an
    # organisation or not at all.
    ext = extract("Mr. SATO Kenji, Minister for Trade of Japan, held talks with the Honourable Mary KOWALCZYK, "
                  "Minister of Trade of Poland, in Warsaw.")
    assert "Mary KOWALCZYK" in names(ext, "Person")
    assert not {n for n in names(ext, "Organization") if "KOWALCZYK" in n}
    assert frozenset({"Mr. SATO Kenji", "Honourable Mary KOWALCZYK"}) in relations(ext, "MET")


def test_a_possessive_alone_is_no_style(extract):
    # 'his Warsaw visit': 'his' is an honorific only in front of another one ('His Excellency').
    ext = extract("The minister praised his Warsaw visit and her Geneva speech.")
    assert not names(ext, "Person") & {"Warsaw", "Geneva"}


def test_a_style_the_model_took_alone_leaves_the_name_to_the_person(extract):
    ext = extract("Foreign Minister Ana Lopes held a telephone conversation with H.E. Mr. Karim Haddad, "
                  "Minister of Foreign Affairs of Lebanon.")
    assert "Karim Haddad" in names(ext, "Person")
    assert all(m.text.strip() for m in ext.mentions)


def test_a_photographers_credit_names_a_person_but_an_agency_credit_does_not(extract):
    ext = extract("Ministers meet in Lagos\n\nThe two ministers shake hands AP Photo/Tunde Bakare\n"
                  "Ministers met on Monday. Photo: Reuters")
    assert "Tunde Bakare" in names(ext, "Person")
    assert "Reuters" in names(ext, "Organization") and "Reuters" not in names(ext, "Person")


def test_a_name_that_who_follows_or_that_stands_for_a_counterpart_is_a_person(extract):
    ext = extract("Leaders meet\n\nThe talks were requested by Rodrigo Valdivieso, who came to Lima on Monday. "
                  "The president received his counterpart from Chile, Tomas Arancibia, at the palace.")
    assert "Rodrigo Valdivieso" in names(ext, "Person")
    assert "Tomas Arancibia" in names(ext, "Person")
    assert not {"Rodrigo Valdivieso", "Tomas Arancibia"} & names(ext, "Organization")


def test_a_regnal_number_after_a_kings_name_is_part_of_it(extract):
    ext = extract("Ties deepen\n\nThe impetus given by King Abdelkader VI during the meeting was praised.")
    assert "Abdelkader VI" in names(ext, "Person")
