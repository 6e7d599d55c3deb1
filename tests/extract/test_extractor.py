"""Parsed Docs -> DocExtraction records (kgbuild/extract/extractor.py)."""
from kgbuild.extract import MAX_CHARS
from kgbuild.extract.extractor import _pieces
from kgbuild.records import Document
from tests.conftest import mention, relations


def test_every_relation_carries_its_sentence_and_span(extract):
    text = "Background first. Minister Eva Novak met President Karel Dvorak in Prague."
    ext = extract(text)
    met = next(r for r in ext.relations if r.type == "MET")
    assert met.evidence == "Minister Eva Novak met President Karel Dvorak in Prague."
    assert text[met.sent_start:met.sent_end].strip() == met.evidence
    assert met.trigger == "met" and met.rule.startswith("verb")


def test_mention_offsets_point_into_the_text(extract):
    text = "Sir Keir Hollis met Ghana's President David Mensah in Accra. Hollis later flew home."
    ext = extract(text)
    for m in ext.mentions:
        assert text[m.start:m.end] == m.text
    assert mention(ext, "Sir Keir Hollis").sent == 0 and mention(ext, "Hollis").sent == 1


def test_what_roles_tell_reaches_the_mentions(extract):
    ext = extract("UK Defence Secretary John Hale visited the Ministry of Defence.")
    assert mention(ext, "John Hale").country == "GB"
    assert mention(ext, "Ministry of Defence").country == "GB"
    role = next(r for r in ext.relations if r.type == "HOLDS_ROLE")
    assert (role.title, ext.mentions[role.target].text) == ("Defence Secretary", "UK")


def test_finders_keep_no_state_between_documents(extractor):
    before = (dict(vars(extractor.entities)), dict(vars(extractor.relations)))
    first = next(extractor.extract([Document("a", "German Chancellor Karl Weber met Ghanaian President "
                                                  "David Mensah in Paris.")]))
    second = next(extractor.extract([Document("b", "Chancellor Karl Weber met President David Mensah in Paris.")]))
    assert (dict(vars(extractor.entities)), dict(vars(extractor.relations))) == before
    assert ("Karl Weber", "Paris") in relations(first, "VISITED")  # met abroad: his country is known here
    assert ("Karl Weber", "Paris") not in relations(second, "VISITED")  # ... but not in the next document


def test_long_articles_are_parsed_in_paragraph_pieces_with_offsets(extract):
    para = "Foreign Minister Sara Lind visited Nairobi on Monday.\n"
    text = para * (2 * MAX_CHARS // len(para) + 1)
    pieces = list(_pieces(text))
    assert len(pieces) >= 3
    assert "".join(p for p, _ in pieces) == text
    assert all(p.endswith("\n") for p, _ in pieces[:-1])
    assert all(text[o:o + len(p)] == p for p, o in pieces)
    ext = extract(text)
    assert len({m.sent for m in ext.mentions}) == text.count("\n")  # sentence numbers run on across pieces
    assert ext.mentions[-1].start == text.rindex("Nairobi")
    visits = [r for r in ext.relations if r.type == "VISITED"]
    assert len(visits) == text.count("\n")
    # mention indexes of a later piece were shifted: the last visit is the last paragraph's
    assert ext.mentions[visits[-1].source].start == text.rindex("Sara Lind")
    assert ext.mentions[visits[-1].target].start == text.rindex("Nairobi")


def test_several_documents_in_one_batch_stay_apart(extractor):
    docs = [Document(str(n), f"Chancellor Karl Weber met President David Mensah in Accra on day {n}.")
            for n in range(5)]
    out = list(extractor.extract(docs, batch_size=2))
    assert [e.document.doc_id for e in out] == ["0", "1", "2", "3", "4"]
    assert all(relations(e, "MET") == {frozenset({"Karl Weber", "David Mensah"})} for e in out)
