"""A canonical name is a spelling an article wrote (titles before it left out), never its words joined anew."""
from tests.resolve.docs import doc, entity, resolve


def test_a_name_with_particles_and_a_hyphen_keeps_the_articles_spelling():
    res = resolve(doc("a", "Sheikh Hamad bin Nasser al-Mansouri met Anna Lind. Al-Mansouri said little.",
                      ("Sheikh Hamad bin Nasser al-Mansouri", "Person"), ("Anna Lind", "Person"),
                      ("Al-Mansouri", "Person")),
                  doc("b", "Hamad bin Nasser al Mansouri arrived in Doha.", ("Hamad bin Nasser al Mansouri", "Person")))
    e = entity(res, "Sheikh Hamad bin Nasser al-Mansouri", "Person")
    assert "Hamad bin Nasser al Mansouri" in e.aliases  # one person, spelled two ways
    assert e.name in ("Hamad bin Nasser al-Mansouri", "Hamad bin Nasser al Mansouri")
    assert any(e.name in a for a in e.aliases if a != e.name)  # as an article wrote it, titles left out
    assert e.id == "person:hamad-bin-nasser-al-mansouri"


def test_a_nickname_in_quotes_is_left_out_only_by_choosing_a_spelling_without_it():
    alone = resolve(doc("a", 'Ahmed "Abu" Mohammed spoke.', ('Ahmed "Abu" Mohammed', "Person")))
    assert entity(alone, 'Ahmed "Abu" Mohammed', "Person").name == 'Ahmed "Abu" Mohammed'
    both = resolve(doc("a", 'Ahmed "Abu" Mohammed spoke.', ('Ahmed "Abu" Mohammed', "Person")),
                   doc("b", 'Ahmed "Abu" Mohammed left.', ('Ahmed "Abu" Mohammed', "Person")),
                   doc("c", "Ahmed Mohammed arrived.", ("Ahmed Mohammed", "Person")))
    e = entity(both, "Ahmed Mohammed", "Person")
    assert e.name == "Ahmed Mohammed" and e.reasons[e.name] != "canonical name"  # written, though less often
