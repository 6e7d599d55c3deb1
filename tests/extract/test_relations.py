from tests.conftest import relations


def test_caption_with_left_marker_gives_met_with_place(extract):
    ext = extract("Polish Defence Minister Jan Sowa (left) meeting Lithuanian Foreign Minister Rasa Juknė in Vilnius")
    assert frozenset({"Jan Sowa", "Rasa Juknė"}) in relations(ext, "MET")
    met = next(r for r in ext.relations if r.type == "MET")
    assert ext.mentions[met.place].text == "Vilnius"


def test_caption_with_preposition_with(extract):
    ext = extract("Prime Minister Ana Morales (right) with Chilean Finance Minister Diego Soto in Santiago")
    assert frozenset({"Ana Morales", "Diego Soto"}) in relations(ext, "MET")


def test_met_with_verb(extract):
    ext = extract("Austrian Chancellor Peter Haller met with Czech President Milan Dvorak in Vienna on Tuesday.")
    assert frozenset({"Peter Haller", "Milan Dvorak"}) in relations(ext, "MET")


def test_held_talks_with(extract):
    ext = extract("Prime Minister Lena Kask held talks with Finnish President Mikko Rantala in Helsinki.")
    assert frozenset({"Lena Kask", "Mikko Rantala"}) in relations(ext, "MET")


def test_passive_received_by(extract):
    ext = extract("Foreign Minister Omar Haddad was received by King Faisal Amari at the palace.")
    assert frozenset({"Omar Haddad", "Faisal Amari"}) in relations(ext, "MET")


def test_plan_is_not_a_meeting(extract):
    ext = extract("President Laura Chinchilla will meet Prime Minister Jonas Berg next week.")
    assert not relations(ext, "MET")


def test_expected_to_is_not_a_meeting(extract):
    ext = extract("President Karl Ortner is expected to hold talks with Chancellor Ida Wendt soon.")
    assert not relations(ext, "MET")


def test_negation_is_not_a_meeting(extract):
    ext = extract("Senator Paul Reyes did not meet Governor Amy Clarke during the trip.")
    assert not relations(ext, "MET")


def test_names_in_one_sentence_are_not_a_meeting(extract):
    ext = extract("Analysts compared the policies of President Ruth Adler and Prime Minister Tom Okafor.")
    assert not relations(ext, "MET") and not relations(ext, "TALKED_TO")


def test_phone_call_is_talked_to(extract):
    ext = extract("President Maria Lindqvist spoke by phone with Prime Minister Ahmed Karimi on Friday.")
    assert frozenset({"Maria Lindqvist", "Ahmed Karimi"}) in relations(ext, "TALKED_TO")
    assert not relations(ext, "MET")


def test_a_call_with(extract):
    ext = extract("Prime Minister Nora Vik made the case again in a call with President Hans Ebert on Wednesday.")
    assert frozenset({"Nora Vik", "Hans Ebert"}) in relations(ext, "TALKED_TO")


def test_visited_a_place(extract):
    ext = extract("Foreign Minister Sara Lind visited Nairobi on Monday.")
    assert ("Sara Lind", "Nairobi") in relations(ext, "VISITED")


def test_arrived_in(extract):
    ext = extract("Defence Minister Ivo Marek arrived in Warsaw on Sunday.")
    assert ("Ivo Marek", "Warsaw") in relations(ext, "VISITED")


def test_relative_weekday_resolves_against_published_date(extract):
    ext = extract("President Ana Lopes met Chancellor Erik Holm in Madrid on Wednesday.", published="2024-12-19")
    met = next(r for r in ext.relations if r.type == "MET")
    assert met.date == "2024-12-18"


def test_every_relation_carries_its_sentence_and_span(extract):
    text = "Background first. Minister Eva Novak met President Karel Dvorak in Prague."
    ext = extract(text)
    met = next(r for r in ext.relations if r.type == "MET")
    assert met.evidence == "Minister Eva Novak met President Karel Dvorak in Prague."
    assert text[met.sent_start:met.sent_end].strip() == met.evidence
    assert met.trigger == "met" and met.rule.startswith("verb")
