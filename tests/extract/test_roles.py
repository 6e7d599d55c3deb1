"""Titles -> HOLDS_ROLE, and what roles tell about people and ministries (relations/roles.py)."""
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
    assert people.title_refs == {}


def test_find_people_reports_countries_without_changing_the_mentions(index):
    ix = index("UK Defence Secretary John Hale visited the Ministry of Defence.")
    before = [(f.label, f.country, f.reason) for f in ix.found]
    people = find_people(ix, Portfolios.load())
    john = next(i for i, f in enumerate(ix.found) if ix.text(i) == "John Hale")
    ministry = next(i for i, f in enumerate(ix.found) if f.label == "Ministry")
    assert people.person_country == {john: "GB"}
    assert people.ministry_country[ministry][0] == "GB"
    assert [(f.label, f.country, f.reason) for f in ix.found] == before
