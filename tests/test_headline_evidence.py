"""An edge cites a sentence of the article's body, not its headline, when both state the fact (no spaCy model)."""
from dataclasses import replace

from kgbuild.assemble import assemble_graph
from tests.resolve.docs import doc, relation, resolve

TITLE = "Reis hosts Dunn in Lisbon"
TEXT = TITLE + "\n\nForeign Minister Ana Reis met Ivo Dunn in Lisbon on Monday. Reis said the talks went well."


def article(title: str | None = TITLE):
    d = doc("a", TEXT, ("Reis", "Person"), ("Dunn", "Person"), ("Lisbon", "Place"), ("Ana Reis", "Person"),
            ("Ivo Dunn", "Person"), ("Lisbon", "Place"))
    d = replace(d, document=replace(d.document, title=title))
    body_start = TEXT.index("Foreign")
    # The headline's loose grammar gives the surer-looking statement: it must still not be the one cited.
    headline = relation(d, "MET", "Reis", "Dunn", confidence=0.9, evidence=TITLE, place="Lisbon", rule="verb:host")
    body = relation(d, "MET", "Ana Reis", "Ivo Dunn", confidence=0.8, evidence=TEXT[body_start:TEXT.index(" Reis said")],
                    date="2025-03-03", rule="verb:meet")
    d.relations[:] = [replace(headline, sent_start=0, sent_end=len(TITLE)),
                      replace(body, sent_start=body_start, sent_end=TEXT.index(" Reis said"))]
    return d


def met(d):
    g = assemble_graph([d], resolve(d))
    (props,) = [p["properties"] for _, _, p in g.edges(data=True) if p["type"] == "MET"]
    return props


def test_a_body_sentence_is_cited_before_the_headline_that_states_the_same_meeting():
    props = met(article())
    assert props["evidence"] == "Foreign Minister Ana Reis met Ivo Dunn in Lisbon on Monday."
    assert (props["rule"], props["confidence"], props["date"]) == ("verb:meet", 0.8, "2025-03-03")
    assert props["place"] == "Lisbon"  # what only the headline said is kept


def test_without_a_title_the_surer_statement_wins_as_before():
    # A JSONL article whose text does not repeat a title: no sentence is a headline.
    props = met(article(title=None))
    assert props["evidence"] == TITLE and props["confidence"] == 0.9
