"""Who travels with someone (relations/companions.py): companions visit where the one they accompany went, and
accompanying alone is no meeting (ANNOTATION.md)."""
from tests.conftest import relations


def visits(ext):
    return relations(ext, "VISITED")


def test_a_companion_went_where_the_one_accompanied_arrived(extract):
    ext = extract("Polish President Jan Nowak arrived in Vilnius on Friday. The president was accompanied by "
                  "Defence Minister Adam Wolski.")
    assert ("Adam Wolski", "Vilnius") in visits(ext)
    assert not relations(ext, "MET")
    rule = next(r.rule for r in ext.relations if r.type == "VISITED" and ext.mentions[r.source].text == "Adam Wolski")
    assert rule.endswith("+companion")


def test_the_delegation_accompanying_someone_lists_its_members(extract):
    ext = extract("South Korean President Park Min arrived in Hanoi for a state visit. The delegation accompanying "
                  "President Park includes Foreign Minister Kim Ho and Trade Minister Lee Dong.")
    assert {("Kim Ho", "Hanoi"), ("Lee Dong", "Hanoi")} <= visits(ext)
    assert not relations(ext, "MET")


def test_officials_who_accompanied_someone_are_listed_after_be(extract):
    ext = extract("Kenyan President Samuel Otieno arrived in Kampala. Officials who accompanied Otieno during the "
                  "visit are Foreign Minister Grace Achieng and Trade Minister Peter Mwangi.")
    assert {("Grace Achieng", "Kampala"), ("Peter Mwangi", "Kampala")} <= visits(ext)


def test_companions_of_a_meeting_still_met_everyone_there(extract):
    ext = extract("Chancellor Karl Weber, accompanied by Foreign Minister Ana Reis, met President David Mensah in "
                  "Accra.")
    assert frozenset({"Ana Reis", "David Mensah"}) in relations(ext, "MET")


def test_no_visit_for_a_companion_when_the_one_accompanied_went_nowhere_said(extract):
    ext = extract("Finance Minister Lena Kask accompanied President Omar Haddad to the stadium.")
    assert visits(ext) == set() and not relations(ext, "MET")


def test_a_visit_far_from_the_accompaniment_is_not_shared(extract):
    ext = extract("Chilean President Rosa Alvear arrived in Lima on Monday. She praised the harvest. Markets rose. "
                  "Prices fell. Later, Alvear was accompanied by Deputy Minister Tomas Rojas at a school in Santiago.")
    assert ("Tomas Rojas", "Lima") not in visits(ext)


def test_a_planned_trip_gives_the_companion_no_visit(extract):
    ext = extract("Chilean President Rosa Alvear will travel to Lima next week, accompanied by Deputy Minister "
                  "Tomas Rojas.")
    assert visits(ext) == set()


def test_his_delegation_at_a_meeting_is_the_people_who_accompany_him(extract):
    ext = extract("Prime Minister Tomas Berg and his delegation were welcomed by President Amina Diallo at the "
                  "palace. Officials who accompanied Berg during the visit are Trade Minister Erik Holm and Deputy "
                  "Foreign Minister Sara Lind.")
    people = ["Tomas Berg", "Amina Diallo", "Erik Holm", "Sara Lind"]
    assert relations(ext, "MET") == {frozenset((a, b)) for i, a in enumerate(people) for b in people[i + 1:]}
    rule = next(r.rule for r in ext.relations if r.type == "MET"
                and {ext.mentions[r.source].text, ext.mentions[r.target].text} == {"Erik Holm", "Amina Diallo"})
    assert rule.endswith("+delegates")


def test_a_delegation_not_at_a_meeting_or_not_joined_to_anyone_meets_nobody(extract):
    travel = extract("Prime Minister Tomas Berg was accompanied by Trade Minister Erik Holm. Berg and his "
                     "delegation arrived in Dakar.")
    assert not relations(travel, "MET")
    other = extract("Prime Minister Tomas Berg was accompanied by Trade Minister Erik Holm. President Amina Diallo "
                    "received Minister Sara Lind, while a delegation toured the port.")
    assert relations(other, "MET") == {frozenset(("Amina Diallo", "Sara Lind"))}
