import json

import pytest

from kgbuild.extract import Extractor
from kgbuild.extract.patterns import PatternFileError, load_patterns, shipped_patterns_text
from kgbuild.records import Document

SHIPPED = json.loads(shipped_patterns_text())["patterns"]


def rels(ext, rule_prefix="pattern:"):
    out = set()
    for r in ext.relations:
        if r.rule.startswith(rule_prefix):
            out.add((r.type, ext.mentions[r.source].text, ext.mentions[r.target].text, r.rule))
    return out


@pytest.mark.parametrize("pattern", SHIPPED, ids=[p["name"] for p in SHIPPED])
def test_every_shipped_pattern_finds_its_example(extractor, extract, pattern):
    """The pattern matches its own example, and extraction states the expected relation."""
    doc = extractor.nlp(pattern["example"])
    assert pattern["name"] in {m.pattern.name for m in extractor.relations.patterns(doc)}
    ext = extract(pattern["example"])
    a, b = pattern["expect"]
    found = {(r.type, ext.mentions[r.source].text, ext.mentions[r.target].text) for r in ext.relations}
    assert (pattern["relation"], a, b) in found or (pattern["relation"], b, a) in found, found


def test_negated_pattern_sentence_is_no_relation(extract):
    ext = extract("Chancellor Ida Wendt did not shake hands with President Karl Ortner.")
    assert not [r for r in ext.relations if r.type == "MET"]


def test_planned_trip_is_no_visit(extract):
    ext = extract("Foreign Minister Sara Lind will make a trip to Nairobi next month.")
    assert not [r for r in ext.relations if r.type == "VISITED"]


def test_user_pattern_file_extends_extraction(tmp_path):
    f = tmp_path / "mine.json"
    f.write_text(json.dumps({"patterns": [{
        "name": "picnicked-with", "relation": "MET", "confidence": 0.7,
        "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LOWER": {"IN": ["picnic", "picnicked", "picnics"]}}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "nsubj"}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"LOWER": "alongside"}},
            {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {"DEP": "pobj"}}]}]}), encoding="utf-8")
    text = "Prime Minister Nora Vik picnicked alongside President Hans Ebert in Bergen."
    plain = next(Extractor().extract([Document("d", text)]))
    mine = next(Extractor(pattern_files=[str(f)]).extract([Document("d", text)]))
    assert not rels(plain, "pattern:picnicked-with")
    assert ("MET", "Nora Vik", "Hans Ebert", "pattern:picnicked-with") in rels(mine, "pattern:picnicked-with")
    assert plain.digest != mine.digest  # a store re-extracts when the patterns change


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"rules": []}', 'expected {"patterns"'),
    ('{"patterns": [{"name": "x", "relation": "LIKED", "pattern": [{"RIGHT_ID": "trigger"}]}]}', "'relation' must be"),
    ('{"patterns": [{"name": "x", "relation": "MET", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}]}]}',
     "RIGHT_IDs 'trigger' and 'a'"),
])
def test_bad_pattern_files_say_what_is_wrong(tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PatternFileError, match=message):
        load_patterns([str(f)])
