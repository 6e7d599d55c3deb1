"""Titles -> HOLDS_ROLE, and what roles tell about people and ministries (relations/roles.py)."""
import pytest

from kgbuild.extract.relations.roles import ROLE_WITH_BODY, ROLE_WITHOUT_BODY, Portfolios, find_people
from tests.conftest import mention, relations, role_titles


def test_title_before_a_name_gives_a_person_with_that_role(extract):
    ext = extract("Estonian Foreign Minister Kadri Lepp met reporters in Tallinn on Monday.")
    assert ("Kadri Lepp", "Foreign Minister", "Estonian") in role_titles(ext)
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE")
    assert role.confidence == ROLE_WITH_BODY
    assert mention(ext, "Kadri Lepp").country == "EE"


def test_a_title_without_a_body_is_still_a_role(extract):
    ext = extract("Chancellor Karl Weber met reporters.")
    assert role_titles(ext) == {("Karl Weber", "Chancellor", None)}
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE")
    assert role.target == -1 and role.confidence == ROLE_WITHOUT_BODY
    assert mention(ext, "Karl Weber").country is None


def test_a_possessive_country_before_the_title_is_its_body(extract):
    ext = extract("Norway's Trade Minister Liesl Vandermeer met reporters.")
    assert ("Liesl Vandermeer", "Trade Minister", "Norway") in role_titles(ext)
    assert mention(ext, "Liesl Vandermeer").country == "NO"


def test_a_title_in_apposition_after_the_name(extract):
    ext = extract("Karl Weber, Germany's finance minister, spoke to reporters.")
    assert ("Karl Weber", "finance minister", "Germany") in role_titles(ext)
    ext = extract("Karl Weber, the German chancellor, met David Mensah.")
    assert ("Karl Weber", "chancellor", "German") in role_titles(ext)
    ext = extract("Karl Weber, a senior adviser, spoke.")
    assert role_titles(ext) == {("Karl Weber", "senior adviser", None)}


def test_a_title_with_a_comma_before_the_name(extract):
    ext = extract("Foreign Minister, Anna Berg, spoke.")
    assert role_titles(ext) == {("Anna Berg", "Foreign Minister", None)}


def test_the_one_ministry_of_a_portfolio_is_the_body_of_its_title(extract):
    ext = extract("External Affairs Minister Ravi Menon praised the Ministry of External Affairs staff.")
    assert ("Ravi Menon", "External Affairs Minister", "Ministry of External Affairs") in role_titles(ext)


def test_two_ministries_of_one_portfolio_are_no_body(extract):
    # Two differently named trade ministries without a country: the title cannot tell which one.
    ext = extract("The Ministry of Trade and the Trade Ministry met. Trade Minister Liesl Vandermeer spoke.")
    assert role_titles(ext) == {("Liesl Vandermeer", "Trade Minister", None)}


def test_a_ministry_takes_the_country_of_its_portfolio_title_holder(extract):
    ext = extract("UK Defence Secretary John Hale visited the Ministry of Defence.")
    ministry = mention(ext, "Ministry of Defence", "Ministry")
    assert ministry.country == "GB"
    assert ministry.reason == "country of the defence title holder in this document"


def test_a_ministry_keeps_no_country_when_no_title_names_one(extract):
    ext = extract("Trade Minister Liesl Vandermeer met reporters. The Ministry of Trade said she would return.")
    assert mention(ext, "Ministry of Trade").country is None


def test_a_title_alone_names_its_one_holder(extract):
    ext = extract("Ghanaian President David Mensah arrived on Monday. "
                  "The president met Chancellor Karl Weber in Berlin.")
    assert frozenset({"David Mensah", "Karl Weber"}) in relations(ext, "MET")


def test_a_title_two_people_hold_names_nobody(index):
    ix = index("President David Mensah and President Anna Berg spoke. The president said little.")
    people = find_people(ix, Portfolios.load())
    assert len(people.roles) == 2
    the_president = next(t.i for t in ix.doc if t.text == "president")
    assert the_president not in people.title_refs
    # the title words next to the names stand for their own holders
    assert people.title_refs == {0: 0, 4: 1}


def test_find_people_reports_countries_without_changing_the_mentions(index):
    ix = index("UK Defence Secretary John Hale visited the Ministry of Defence.")
    before = [(f.label, f.country, f.reason) for f in ix.found]
    people = find_people(ix, Portfolios.load())
    john = next(i for i, f in enumerate(ix.found) if ix.text(i) == "John Hale")
    ministry = next(i for i, f in enumerate(ix.found) if f.label == "Ministry")
    assert people.person_country == {john: "GB"}
    assert people.ministry_country[ministry][0] == "GB"
    assert [(f.label, f.country, f.reason) for f in ix.found] == before


# ------------------------------------------------------------------ title phrases: complements, runs, apposition
def test_a_title_keeps_its_complement_and_the_body_in_it(extract):
    ext = extract("Kenya's Special Envoy to the Great Lakes Region Paul Mwangi arrived.")
    assert ("Paul Mwangi", "Special Envoy to the Great Lakes Region", "Kenya") in role_titles(ext)
    ext = extract("The talks were attended by the Head of the Regional Office of ASEAN, Lucia Ferraz.")
    (person, title, body), = role_titles(ext)
    assert person == "Lucia Ferraz" and title.startswith("Head of the Regional Office") and body is not None


def test_a_title_inside_another_titles_complement_is_someone_elses(extract):
    ext = extract("Finance Minister Omar Diallo met the Chief Adviser to the President of Ghana, Kwame Osei.")
    roles = role_titles(ext)
    assert ("Kwame Osei", "Chief Adviser to the President of Ghana", "Ghana") in roles
    assert not any(t == "President" for _, t, _ in roles)


def test_two_titles_joined_by_a_slash_or_and_share_the_body_after_them(extract):
    ext = extract("The Deputy Prime Minister/Defence Minister of Estonia, Lena Kask, spoke.")
    assert {(t, b) for p, t, b in role_titles(ext) if p == "Lena Kask"} == {
        ("Deputy Prime Minister", "Estonia"), ("Defence Minister of Estonia", "Estonia")}
    ext = extract("Deputy Prime Minister and Foreign Minister Lena Kask met reporters.")
    assert {t for p, t, _ in role_titles(ext)} == {"Deputy Prime Minister", "Foreign Minister"}


def test_two_titles_before_one_name_separated_by_a_comma(extract):
    ext = extract("Kenya's Minister of Foreign Affairs, Ambassador Ruth Wanjiru, spoke.")
    assert role_titles(ext) == {("Ruth Wanjiru", "Minister of Foreign Affairs", "Kenya"),
                                ("Ruth Wanjiru", "Ambassador", "Kenya")}


def test_a_title_that_owns_the_next_is_not_the_persons(extract):
    ext = extract("The talks were attended by the NATO Secretary General's Special Representative for the "
                  "Caucasus, Javier Molina.")
    titles = {t for p, t, _ in role_titles(ext) if p == "Javier Molina"}
    assert titles == {"Special Representative for the Caucasus"}


def test_a_head_word_counts_with_a_body_or_a_complement(extract):
    ext = extract("The AU representative, Amina Diallo, spoke. Carlos Mendes, head of Brazil's federal police, "
                  "said the talks went well.")
    roles = role_titles(ext)
    assert ("Amina Diallo", "representative", "AU") in roles
    assert ("Carlos Mendes", "head of Brazil's federal police", "Brazil") in roles
    assert not role_titles(extract("The head said little."))


def test_an_apposition_closed_by_a_preposition_of_its_own(extract):
    ext = extract("Ivan Petrov, Moldova's leader for nearly ten years, fled to Romania.")
    assert ("Ivan Petrov", "leader", "Moldova") in role_titles(ext)


def test_a_headline_list_is_no_apposition(extract):
    # "X, Qatari emir discuss ...": two parties of a headline, not X's title (issue 13).
    ext = extract("Kenya's Ruto, Qatari emir discuss trade\n\nPresident William Ruto spoke.")
    assert not any(t.lower() == "emir" for _, t, _ in role_titles(ext))


def test_a_title_in_a_list_belongs_to_the_name_after_it(extract):
    ext = extract("Turkey's Communications Director Fahri Altan, presidential spokesman Ismail Kaya and "
                  "others attended.")
    roles = role_titles(ext)
    assert ("Ismail Kaya", "presidential spokesman", None) in roles
    assert not any(p == "Fahri Altan" and t == "presidential spokesman" for p, t, _ in roles)


def test_a_title_after_as(extract):
    ext = extract("Parliament replaced Ivan Petrov as Foreign Minister on Monday.")
    assert ("Ivan Petrov", "Foreign Minister", None) in role_titles(ext)
    ext = extract("Former premier Li Wen, who was named as Taiwan's new envoy on Monday, spoke.")
    assert ("Li Wen", "envoy", "Taiwan") in role_titles(ext)
    # "met X as foreign minister": the subject's title, not the object's
    ext = extract("Ana Reis met Ivo Dunn in Lisbon on her first trip as foreign minister.")
    assert not any(p == "Ivo Dunn" for p, _, _ in role_titles(ext))


def test_a_title_after_as_in_a_plan_is_no_role(extract):
    ext = extract("Parliament will not replace Ivan Petrov as Foreign Minister.")
    assert not any(p == "Ivan Petrov" for p, _, _ in role_titles(ext))


def test_a_copula_gives_the_subject_the_title(extract):
    ext = extract("Anna Berg is the chairman of the Nordic Council.")
    (person, title, _), = role_titles(ext)
    assert person == "Anna Berg" and title.startswith("chairman")


def test_a_verb_of_office_gives_a_role_in_the_body_it_takes(extract):
    ext = extract("Omar Haddad spoke. He recalled that the Working Group on Security, which he heads together "
                  "with Anna Berg, had met twice.")
    roles = role_titles(ext)
    assert ("Anna Berg", "head", "Working Group on Security") in roles
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE" and ext.mentions[r.source].text == "Anna Berg")
    assert role.rule == "verb:head"


def test_a_parenthesised_acronym_between_the_country_and_the_title(extract):
    ext = extract("Papua New Guinea (PNG) Prime Minister James Tau held a meeting.")
    assert ("James Tau", "Prime Minister", "Papua New Guinea") in role_titles(ext)


# ------------------------------------------------------------------ people's countries without a title
def test_nationality_cues_give_a_person_a_country(extract):
    ext = extract("Ghana's Kwame Osei said he was pleased.")
    assert mention(ext, "Kwame Osei").country == "GH"
    ext = extract("Hussein Ali met his Iranian counterpart Reza Karimi in Tehran.")
    assert mention(ext, "Reza Karimi").country == "IR"
    ext = extract("Sheikh Tamim Khalid of Qatar received the envoy.")
    assert mention(ext, "Tamim Khalid").country == "QA"


def test_no_country_from_a_mere_neighbouring_country(extract):
    ext = extract("In Norway Karl Weber spoke.")
    assert mention(ext, "Karl Weber").country is None


def test_a_title_without_a_body_in_a_datelined_article_points_at_the_dateline(extract):
    ext = extract("Talks in the capital\n\nMANILA, Philippines \u2014 President Ramon Cruz met envoys on Monday.")
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE")
    assert role.rule == "title-before+country-of-dateline" and role.confidence < ROLE_WITHOUT_BODY
    assert ext.mentions[role.target].text in ("MANILA", "Philippines")
    assert mention(ext, "Ramon Cruz").country is None  # a dateline says nothing of the person's own country


def test_a_visitor_to_the_datelines_country_takes_no_body_from_it(extract):
    ext = extract("Talks in the capital\n\nNAIROBI: Foreign Minister Tomas Varga met President Grace Wanjiru on "
                  "Monday. Varga is in Nairobi on the first leg of a regional tour.")
    roles = {ext.mentions[r.source].text: r for r in ext.relations if r.type == "HOLDS_ROLE"}
    assert roles["Tomas Varga"].target < 0 and roles["Tomas Varga"].rule == "title-before"
    assert roles["Grace Wanjiru"].rule == "title-before+country-of-dateline"  # the host keeps the hint
    ext = extract("Talks in the capital\n\nNAIROBI: Foreign Minister Tomas Varga met President Grace Wanjiru on "
                  "Monday.")
    assert all(r.rule.endswith("+country-of-dateline") for r in ext.relations if r.type == "HOLDS_ROLE")


def test_a_sheikh_is_a_style_not_an_office(extract):
    ext = extract("Emir Sheikh Tamim Khalid received the envoy.")
    assert {t for _, t, _ in role_titles(ext)} == {"Emir"}


def test_a_title_alone_names_the_holder_of_exactly_that_title(extract):
    ext = extract("Jens Varga, the Secretary General of the Alliance, met Irakli Beridze. The talks were attended "
                  "by the Deputy Secretary General, Ola Lind. The Secretary General later flew to Oslo.")
    assert ("Jens Varga", "Oslo") in relations(ext, "VISITED")


def test_a_title_without_a_body_in_an_article_about_one_country_points_at_it(extract):
    text = ("Senate approves budget\n\nSenator Ade Bello said Nigeria would borrow less. Nigeria's economy grew, "
            "and Nigeria's exports rose. Kenyan President William Kamau welcomed the news; Nigeria thanked him.")
    ext = extract(text)
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE" and ext.mentions[r.source].text == "Ade Bello")
    assert role.rule == "title-before+country-of-article" and ext.mentions[role.target].text == "Nigeria"
    assert mention(ext, "Ade Bello").country is None


def test_the_articles_country_may_also_qualify_a_home_officials_title(extract):
    # A paper names its own head of state with the country ("Governor-General of Nigeria") and its minister without
    text = ("Senate approves budget\n\nSenator Ade Bello said Nigeria would borrow less. Governor-General of "
            "Nigeria Musa Okon signed the bill. Nigeria's economy grew, and Nigeria's exports rose.")
    ext = extract(text)
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE" and ext.mentions[r.source].text == "Ade Bello")
    assert role.rule == "title-before+country-of-article" and ext.mentions[role.target].text == "Nigeria"


def test_no_article_country_when_the_countries_are_a_bilateral_pair_or_a_war_in_passing(extract):
    text = ("Talks in Baku\n\nPresident Ilham Aliyev met Turkish Foreign Minister Ahmet Demir. Turkey and "
            "Azerbaijan signed deals. Russia watched; Russia's war and Russia's army were discussed with Turkey.")
    ext = extract(text)
    assert not any(r.rule.endswith("+country-of-article") for r in ext.relations)


def test_a_ministry_in_a_titles_complement_takes_the_titles_country(extract):
    ext = extract("Jordan's Foreign Minister Ayman Nasser spoke. Qatari Minister of State at the Ministry of Foreign "
                  "Affairs Khalid Saleh also arrived.")
    assert mention(ext, "Ministry of Foreign Affairs").country == "QA"


def test_head_of_a_body_the_model_read_as_one_name(extract):
    ext = extract("The meeting was attended by the Head of the NATO Liaison Office, Alexander Petrov, and the "
                  "Acting NATO Spokesperson, Dylan Moore.")
    assert {(p, t.split()[0]) for p, t, _ in role_titles(ext)} >= {("Alexander Petrov", "Head"),
                                                                  ("Dylan Moore", "Spokesperson")}


def test_a_country_an_office_deals_with_is_not_its_body(extract):
    ext = extract("The talks were attended by the Desk Officer for Georgia, Steffen Lang.")
    assert role_titles(ext) == {("Steffen Lang", "Desk Officer for Georgia", None)} or \
        all(b != "Georgia" for _, _, b in role_titles(ext))


def test_a_past_office_keeps_former_before_the_body(extract):
    ext = extract("He chairs it with former NATO Secretary General Anders Holm.")
    assert ("Anders Holm", "former Secretary General", "NATO") in role_titles(ext)


def test_a_bodys_chief_is_the_one_person_holding_a_title_in_it(extract):
    ext = extract("David Barak, head of Israel's Mossad intelligence service, and CIA Director William Burke spoke. "
                  "The CIA and Mossad chiefs met with Qatari Prime Minister Ali Thani in Doha on Thursday.")
    assert {frozenset({"Ali Thani", "William Burke"}), frozenset({"Ali Thani", "David Barak"})} <= \
        relations(ext, "MET")
    assert ("David Barak", "head of Israel's Mossad intelligence service", "Mossad") in role_titles(ext)


def test_who_accompanies_someone_serves_that_persons_country_as_a_hint(extract):
    ext = extract("Turkish President Ahmet Demir arrived in Doha. Demir was accompanied by Finance Minister Berk Aydin.")
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE" and ext.mentions[r.source].text == "Berk Aydin")
    assert role.rule == "title-before+country-of-companion" and ext.mentions[role.target].text == "Turkish"
    assert mention(ext, "Berk Aydin").country is None


# ------------------------------------------------------------------ an office in the plural before a list
def roles_of(ext):
    return {(ext.mentions[r.source].text, r.title, ext.mentions[r.target].text if r.target >= 0 else None)
            for r in ext.relations if r.type == "HOLDS_ROLE"}


def test_an_office_in_the_plural_gives_each_listed_person_the_office_and_the_country_beside_them(extract):
    ext = extract("President Maria Lopes also accredited the ambassadors of Ghana, Kofi Mensah, and Vietnam, Tran "
                  "Binh, who will have resident status.")
    assert {("Kofi Mensah", "ambassador", "Ghana"), ("Tran Binh", "ambassador", "Vietnam")} <= roles_of(ext)
    ext = extract("Trade was in focus of talks between the two countries' presidents, Emomali Karimov of Tajikistan "
                  "and Boris Orlov of Russia, in Dushanbe.")
    assert {("Emomali Karimov", "president", "Tajikistan"), ("Boris Orlov", "president", "Russia")} <= roles_of(ext)


@pytest.mark.parametrize("text", [
    "The presidents met Xi Jinping in Beijing.",  # a verb ends the list before any name
    "Senators praised Ana Reis and Ivo Dunn.",
])
def test_people_after_a_plural_office_and_a_verb_hold_no_office(extract, text):
    ext = extract(text)
    assert not any(r.rule == "plural-title" for r in ext.relations if r.type == "HOLDS_ROLE")


def test_someone_with_a_title_of_their_own_keeps_it_in_a_list(extract):
    ext = extract("The ministers, along with President Omar Haddad, visited the site.")
    assert roles_of(ext) == {("Omar Haddad", "President", None)}


# ------------------------------------------------------------------ a demonym on a title reference
def test_the_thai_prime_minister_tells_the_country_of_the_one_prime_minister(extract):
    ext = extract("Prime Minister Anan Chai concluded his trip to Laos on Thursday. He praised President Somsak "
                  "Vong. The Thai prime minister said ties were strong.")
    assert mention(ext, "Anan Chai").country == "TH"
    assert mention(ext, "Somsak Vong").country is None


def test_a_demonym_title_with_two_possible_holders_tells_nobody_s_country(extract):
    ext = extract("Prime Minister Anan Chai met Prime Minister Lee Wong. The Thai prime minister said ties were "
                  "strong.")
    assert mention(ext, "Anan Chai").country is None and mention(ext, "Lee Wong").country is None


def test_a_demonym_title_never_overrides_a_country_known_for_the_person(extract):
    ext = extract("Jordan's Foreign Minister Ayman Haddad arrived in Doha. Foreign Minister Ayman Haddad met "
                  "Minister of State Khalid Nasser. The Qatari minister welcomed him.")
    assert {m.country for m in ext.mentions if m.text == "Ayman Haddad"} <= {"JO", None}


def test_the_envoy_of_a_titled_person_is_not_that_person(extract):
    # "envoy of President X": X is the President; the envoy is the person the apposition describes
    ext = extract("King Rashid Al Amin met with Lucia Moreno, the envoy of President Tomas Berg.")
    roles = {(p, t) for p, t, _ in role_titles(ext)}
    assert ("Tomas Berg", "President") in roles and ("Lucia Moreno", "envoy") in roles
    assert not any(p == "Tomas Berg" and "envoy" in t.lower() for p, t in roles)
    assert relations(ext, "MET") == {frozenset(("Rashid Al Amin", "Lucia Moreno"))}
    # a title with "the" and a complement before the name is still that name's ("Chief Adviser to the President
    # of Chile X": X is the adviser)
    ext = extract("Chief Adviser to the President of Chile Lucia Moreno met reporters.")
    assert any(p == "Lucia Moreno" and t.startswith("Chief Adviser") for p, t, _ in role_titles(ext))


def test_a_described_person_of_a_country_is_the_one_person_from_there(extract):
    ext = extract("Estonian Prime Minister Kadri Lepp arrived in Santiago on Monday. The Estonian stateswoman "
                  "met President Jorge Soto at the palace.")
    assert relations(ext, "MET") == {frozenset(("Kadri Lepp", "Jorge Soto"))}
    ext = extract("Chilean President Jorge Soto hosted Estonian Prime Minister Kadri Lepp. The Estonian leader "
                  "also met Vice President Ana Reis.")
    assert frozenset(("Kadri Lepp", "Ana Reis")) in relations(ext, "MET")


@pytest.mark.parametrize("text", [
    # no country word, or two people of that country: nobody is named
    "Estonian Prime Minister Kadri Lepp arrived in Santiago. The stateswoman met President Jorge Soto.",
    "Estonian Prime Minister Kadri Lepp and Estonian President Ivo Tamm arrived in Santiago. The Estonian "
    "leader met President Jorge Soto.",
])
def test_a_description_without_one_person_of_its_country_names_nobody(extract, text):
    assert not relations(extract(text), "MET")


def test_a_list_of_names_each_followed_by_its_title(extract):
    # "accompanied by A, Title, B, Title": the list opens with a name, so each title is the name's before it.
    ext = extract("President Kofi Mensah was accompanied by John Mahama, Minister for Fisheries, Yaw Darko, "
                  "Roads and Transport Minister, Peter Sarpong, Works and Housing Minister as well as others.")
    roles = {(p, t) for p, t, _ in role_titles(ext)}
    assert ("John Mahama", "Minister for Fisheries") in roles
    assert ("Yaw Darko", "Roads and Transport Minister") in roles
    assert ("Peter Sarpong", "Works and Housing Minister") in roles
    assert not any(p == "Yaw Darko" and "Fisheries" in t for p, t in roles)
    assert not any(p == "Peter Sarpong" and "Transport" in t for p, t in roles)


def test_a_list_of_titles_each_followed_by_its_name_keeps_the_title_before(extract):
    # "attended by the Title, A, the Title, B": the list opens with a title, so each title is the name's after it.
    ext = extract("The meeting was attended by the Deputy Director of the Planning Office, Lina Kovac, the Head "
                  "of Protocol, Marek Novak, and others.")
    roles = {(p, t) for p, t, _ in role_titles(ext)}
    assert ("Marek Novak", "Head of Protocol") in roles
    assert not any(p == "Lina Kovac" and t.startswith("Head") for p, t in roles)


def _role_of(ext, person):
    return next(r for r in ext.relations if r.type == "HOLDS_ROLE" and ext.mentions[r.source].text == person)


def test_the_same_office_on_the_other_side_of_a_bilateral_article_is_the_other_countrys(extract):
    text = ("Prime Minister Anan Chaiyasit ended his visit to Laos on Friday. He met Lao Prime Minister Sone "
            "Keomany in Vientiane. Laos and Thailand agreed to build a bridge. Anan said Laos was a close friend "
            "of Thailand.")
    ext = extract(text)
    role = _role_of(ext, "Anan Chaiyasit")
    assert role.rule == "title-before+country-of-pair" and ext.mentions[role.target].text == "Thailand"
    assert mention(ext, "Anan Chaiyasit").country is None  # a hint for the role, not the person's country


@pytest.mark.parametrize("text", [
    # a third country holds the office too: a gathering, not one person of each side
    "Prime Minister Anan Chaiyasit met Lao Prime Minister Sone Keomany and Cambodian Prime Minister Dara Kim. "
    "Laos and Thailand signed a deal. Laos, Laos and Thailand agreed.",
    # the office on the known side may be the same person written short
    "Indonesian President Budi Santoso met Secretary Ellen Ward. President Budisan said Indonesia and the "
    "United States were partners. Indonesia and the United States agreed.",
    # a past office is no side of the pair
    "Former Prime Minister Anan Chaiyasit met Lao Prime Minister Sone Keomany. Laos and Thailand agreed. "
    "Laos thanked Thailand.",
])
def test_no_country_from_a_pair_without_one_holder_on_one_side(extract, text):
    ext = extract(text)
    assert not any(r.rule.endswith("+country-of-pair") for r in ext.relations)


def test_a_state_before_a_title_tells_the_holders_country(extract):
    ext = extract("Gujarat Chief Minister Ravi Patel met reporters. Texas Governor Dale Brooks spoke.")
    assert mention(ext, "Ravi Patel").country == "IN"
    assert mention(ext, "Dale Brooks").country == "US"
    # a name two countries give a division ("Punjab") tells no country
    ext = extract("Punjab Governor Ali Khan spoke.")
    assert mention(ext, "Ali Khan").country is None


@pytest.mark.parametrize("text, companion", [
    ("Kenyan President William Kamau, accompanied by Foreign Minister Ann Wekesa, met Premier Li Wei. Kenya and "
     "China signed deals.", "Ann Wekesa"),
    ("Kenyan President William Kamau arrived in Beijing. The delegation accompanying President Kamau includes "
     "Foreign Minister Ann Wekesa.", "Ann Wekesa"),
    ("Kenyan President William Kamau arrived in Beijing. A delegation including Foreign Minister Ann Wekesa "
     "accompanied President Kamau.", "Ann Wekesa"),
])
def test_companions_in_a_delegation_serve_the_leaders_country(extract, text, companion):
    ext = extract(text)
    role = _role_of(ext, companion)
    assert role.rule == "title-before+country-of-companion" and ext.mentions[role.target].text == "Kenyan"


def test_a_person_accompanying_a_guest_may_be_the_host(extract):
    ext = extract("Kenyan President William Kamau arrived in Dodoma. President Amani Mushi is accompanying "
                  "Mr Kamau on a tour of the port.")
    assert not _role_of(ext, "Amani Mushi").rule.endswith("+country-of-companion")


def test_a_ministry_elsewhere_in_a_two_country_article_keeps_no_country_from_a_title(extract):
    ext = extract("Mexico's Foreign Secretary Ana Ruiz arrived in Venezuela on Monday. The meeting was attended "
                  "by the Undersecretary of the Ministry of Foreign Affairs, Rafael Pena.")
    assert mention(ext, "Ministry of Foreign Affairs", "Ministry").country is None
    # in the title holder's own sentence the ministry is the holder's country's
    ext = extract("Mexico's Foreign Secretary Ana Ruiz thanked the Ministry of Foreign Affairs in Venezuela.")
    assert mention(ext, "Ministry of Foreign Affairs", "Ministry").country == "MX"


def test_a_court_several_states_name_alike_takes_no_fixed_country(extract):
    # Kuwait and Qatar both call their ruler's court the Amiri Diwan
    ext = extract("The Amir of Kuwait received the envoy at the Amiri Diwan on Sunday.")
    assert mention(ext, "Amiri Diwan", "Ministry").country != "QA"


def test_a_complement_runs_to_the_end_of_the_bodys_name(extract):
    ext = extract("The talks were attended by Faisal bin Ali al Amri, Secretary-General of the Royal Court Affairs, "
                  "and others.")
    assert any(p == "Faisal bin Ali al Amri" and t == "Secretary-General of the Royal Court Affairs"
               for p, t, _ in role_titles(ext))


def test_a_titles_short_form_in_capitals_is_a_title(extract):
    ext = extract("The minister held talks with his counterpart FM Salim Rabbani. He also met Denis Marenco, "
                  "Nicaraguan FM, in Havana. The meeting ended at 3 PM on Friday.")
    roles = role_titles(ext)
    assert ("Salim Rabbani", "FM", None) in roles
    assert ("Denis Marenco", "FM", "Nicaraguan") in roles
    assert len(roles) == 2


def test_a_short_form_beside_the_full_title_is_one_office(extract):
    ext = extract("Prime Minister Tala Fono arrived in Suva. PM Fono thanked his hosts.")
    titles = {t for p, t, _ in role_titles(ext)}
    assert titles == {"Prime Minister"}
    ext = extract("Prime Minister Tuala Sefo Malie arrived in Suva. PM Tuala thanked his hosts.")
    assert {t for p, t, _ in role_titles(ext)} == {"Prime Minister"}
    # another person who shares a word of the holder's name keeps the short form's office
    ext = extract("Prime Minister Abiy Ahmed met Algerian PM Ahmed Ouyahia in Addis Ababa.")
    assert any(p == "Ahmed Ouyahia" and t == "PM" for p, t, _ in role_titles(ext))


def test_a_ruler_is_an_office(extract):
    ext = extract("Sheikh Tahnoon bin Zayed, Deputy Ruler of Abu Dhabi and National Security Adviser; attended.")
    titles = {t for p, t, _ in role_titles(ext)}
    assert {"Deputy Ruler of Abu Dhabi", "National Security Adviser"} <= titles


def test_no_pair_from_countries_named_once(extract):
    ext = extract("Premier Abiy met Algerian Prime Minister Ahmed Ouyahia and Nicaraguan envoy Rosa Diaz.")
    assert not any(r.rule.endswith("+country-of-pair") for r in ext.relations)


def test_the_leader_of_a_country_is_its_head_of_state_or_government(extract):
    # a foreign minister of that country is no "leader"
    ext = extract("Estonian Prime Minister Kadri Lepp and Estonian Foreign Minister Ivo Tamm arrived in Santiago. "
                  "The Estonian leader met President Jorge Soto.")
    assert relations(ext, "MET") == {frozenset(("Kadri Lepp", "Jorge Soto"))}


def test_the_leader_with_a_demonym_tells_the_country_of_the_one_unplaced_head(extract):
    ext = extract("Britain's Foreign Secretary David Camden travelled to Kyiv and met President Ivan Petrenko for "
                  "talks, the Ukrainian leader said on Thursday.")
    assert mention(ext, "Ivan Petrenko").country == "UA"
    # two heads of unknown country: the demonym tells nobody's
    ext = extract("President Ivan Petrenko met Prime Minister Olena Bondar, the Ukrainian leader said.")
    assert mention(ext, "Ivan Petrenko").country is None and mention(ext, "Olena Bondar").country is None


def test_the_title_alone_names_its_current_holder_before_a_former_one(extract):
    ext = extract("President Ana Rios hosted former President Luis Vega in Lima. Later the president met Foreign "
                  "Minister Jose Paz.")
    assert frozenset(("Ana Rios", "Jose Paz")) in relations(ext, "MET")
    assert frozenset(("Luis Vega", "Jose Paz")) not in relations(ext, "MET")


def test_a_title_after_the_countrys_and_a_comma_is_the_next_names(extract):
    ext = extract("Ana Ruiz arrived in Caracas on Monday and held meetings with the country's Vice President, "
                  "Delia Ramos.")
    assert ("Delia Ramos", "Vice President") in {(p, t) for p, t, _ in role_titles(ext)}


def test_a_copula_in_a_relative_clause_gives_the_title_to_the_noun_it_hangs_from(extract):
    ext = extract("Hun Dara, who is now the chairman of the Supreme Privy Council, offered support. The envoy met "
                  "Ana Gil, who is not a minister.")
    roles = {(p, t) for p, t, _ in role_titles(ext)}
    assert ("Hun Dara", "chairman of the Supreme Privy Council") in roles
    assert not any(p == "Ana Gil" for p, _ in roles)
