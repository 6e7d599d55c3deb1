"""The entity pipeline as declared (extract/entities/__init__.py)."""
from kgbuild.extract.entities import PIPELINE, EntityFinder
from tests.conftest import names


def test_the_pipeline_is_declared_in_order_and_every_pass_says_what_it_does():
    order = [p.name for p in PIPELINE]
    assert order[0] == "spans" and order[-1] == "title bodies"
    assert order.index("titled mentions") < order.index("agreement") < order.index("propagation")
    assert order.index("sort") < order.index("acronym definitions")
    assert len(set(order)) == len(order)
    for p in PIPELINE:
        assert p.doc, f"pass {p.name!r} has no docstring"


def test_a_finder_keeps_nothing_of_the_last_document(extractor):
    finder = EntityFinder()
    state = dict(vars(finder))
    first, _ = finder.find(extractor.nlp("Defence Secretary Tomas Brandt arrived. Brandt spoke."))
    second, _ = finder.find(extractor.nlp("Officials met in Kharkiv."))
    assert vars(finder) == state
    assert [f.label for f in second] == ["Place"] and first


def test_mentions_come_out_in_text_order(extractor):
    found, _ = extractor.entities.find(extractor.nlp("The US State Department and Foreign Minister Anna Berg of Norway spoke."))
    assert [(f.start, -f.end) for f in found] == sorted((f.start, -f.end) for f in found)


def test_a_pipeline_without_a_pass_does_without_it(extractor):
    doc = extractor.nlp("Defence Secretary Tomas Brandt arrived on Monday. Brandt said the trip was useful.")
    full, _ = extractor.entities.find(doc)
    finder = EntityFinder(pipeline=tuple(p for p in PIPELINE if p.name != "propagation"))
    fewer, _ = finder.find(doc)
    assert len(fewer) <= len(full)


def test_every_mention_is_a_schema_label(extract):
    ext = extract("KYIV, May 2 (Reuters) - Ukraine's Defence Ministry said Defence Minister Rustem Umerov met "
                  "NATO envoys at the ASEAN Summit in Jakarta.")
    assert {m.label for m in ext.mentions} <= {"Person", "Country", "Place", "Ministry", "Organization", "Event"}
    assert {"KYIV", "Reuters", "Ukraine", "Defence Ministry", "Rustem Umerov", "NATO", "Jakarta"} <= names(ext)
