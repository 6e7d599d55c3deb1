"""The incremental build: what is extracted again, when the graph is rebuilt, what later builds reuse, and
that an interrupted build leaves the store as it was.

Extraction is replaced by a stand-in that records which documents it was asked for (two capitalised words
are a person; "met" joins the first two), so these tests need no spaCy model; tests/test_cli.py and
tests/test_shards.py build with the real one.
"""
import json
import re

import pytest

import kgbuild
from kgbuild.errors import KgbuildError
from kgbuild.records import DocExtraction, Document, Mention, RelationCandidate
from kgbuild.shards import write_shard
from kgbuild.stores.embedded import MANIFEST, EmbeddedStore
from tests.stores.graphs import facts

NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
SIGNED_PATTERNS = {"relations": [{"name": "SIGNED_AGREEMENT_WITH", "from": ["Person"], "to": ["Person"]}],
                   "patterns": []}


def extraction(doc: Document, digest: str) -> DocExtraction:
    mentions = [Mention(doc.doc_id, m.group(), "Person", m.start(), m.end(), 0) for m in NAME.finditer(doc.text)]
    rels = []
    for rel_type, word in (("MET", " met "), ("SIGNED_AGREEMENT_WITH", " signed with ")):
        if word in doc.text and len(mentions) >= 2:
            rels.append(RelationCandidate(doc.doc_id, rel_type, 0, 1, doc.text, 0, len(doc.text), word.strip(),
                                          "stand-in", 0.9))
    return DocExtraction(doc, mentions, rels, digest)


class StandIn:
    """Takes the place of kgbuild.extract.extract_documents; remembers every call."""

    def __init__(self, stop_after: int | None = None):
        self.calls: list[list[str]] = []  # the documents each build asked for
        self.patterns: list[list[str]] = []  # the text of the pattern files each build passed
        self.stop_after = stop_after

    def __call__(self, docs, model=None, workers=1, batch_size=50, pattern_files=None, **_):
        from kgbuild.extract import digest, extraction_fingerprint

        fingerprint = extraction_fingerprint(pattern_files, model)
        self.calls.append([])
        self.patterns.append([open(p, encoding="utf-8").read() for p in pattern_files or []])
        for n, doc in enumerate(docs):
            if self.stop_after is not None and n == self.stop_after:
                raise KeyboardInterrupt  # as Ctrl-C does, in the middle of extraction
            self.calls[-1].append(doc.doc_id)
            yield extraction(doc, digest(doc, fingerprint))


@pytest.fixture
def stand_in(monkeypatch):
    s = StandIn()
    monkeypatch.setattr("kgbuild.extract.extract_documents", s)
    return s


@pytest.fixture
def articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    write(d, "a", "Ana Reis met Ivo Dunn in Lisbon.")
    write(d, "b", "Eva Novak met Karl Holm in Prague.")
    return d


def write(folder, name, text):
    (folder / f"{name}.txt").write_text(f"Talks {name}\n\n{text}\n", encoding="utf-8")


def snapshot(store_path):
    """What a user can see of a store: its manifest and its graph."""
    st = EmbeddedStore(store_path)
    return (store_path / MANIFEST).read_text(encoding="utf-8"), facts(st.read_graph())


def people(store_path):
    g = EmbeddedStore(store_path).read_graph()
    return sorted(sorted(d["properties"]["aliases"]) for _, d in g.nodes(data=True) if d["label"] == "Person")


# ------------------------------------------------------------------ incremental
def test_unchanged_documents_are_not_extracted_again(tmp_path, articles, stand_in):
    kg = tmp_path / "kg"
    first = kgbuild.build([articles], kg)
    assert stand_in.calls == [["a", "b"]] and (first.documents_extracted, first.documents_total) == (2, 2)
    assert first.relationships["MET"] == 2
    before = snapshot(kg)
    again = kgbuild.build([articles], kg)
    assert stand_in.calls[-1] == [] and (again.documents_unchanged, again.documents_extracted) == (2, 0)
    assert again.nodes == first.nodes and again.relationships == first.relationships
    assert snapshot(kg) == before  # nothing was committed
    write(articles, "b", "Eva Novak met Lena Berg in Prague.")  # changed
    write(articles, "c", "Ivo Dunn met Eva Novak in Vienna.")  # new
    third = kgbuild.build([articles], kg)
    assert stand_in.calls[-1] == ["b", "c"] and (third.documents_unchanged, third.documents_total) == (1, 3)
    assert ["Karl Holm"] not in people(kg) and ["Lena Berg"] in people(kg)  # b's old record is superseded
    assert "3 documents read (2 extracted, 1 updated, 1 unchanged), 0 skipped" in third.summary()


def test_shards_from_elsewhere_join_without_extraction_and_only_once(tmp_path, stand_in):
    docs = [Document("a", "Ana Reis met Ivo Dunn."), Document("b", "Eva Novak met Karl Holm.")]
    write_shard([extraction(d, "digest-" + d.doc_id) for d in docs], tmp_path / "shards" / "part-00000.jsonl")
    kg = tmp_path / "kg"
    first = kgbuild.build([], kg, from_shards=[tmp_path / "shards"])
    assert stand_in.calls == [] and (first.documents_extracted, first.documents_total) == (2, 0 + 2)
    before = snapshot(kg)
    again = kgbuild.build([], kg, from_shards=[tmp_path / "shards"])
    assert (again.documents_unchanged, again.documents_extracted) == (2, 0) and snapshot(kg) == before
    changed = extraction(Document("b", "Eva Novak met Lena Berg."), "digest-b2")
    write_shard([changed], tmp_path / "more" / "part-00000.jsonl")
    third = kgbuild.build([], kg, from_shards=[tmp_path / "shards", tmp_path / "more"])
    assert (third.documents_extracted, third.documents_unchanged, third.documents_total) == (1, 2, 2)
    assert ["Lena Berg"] in people(kg) and ["Karl Holm"] not in people(kg)


def test_changed_pattern_files_extract_every_document_again(tmp_path, articles, stand_in):
    patterns = tmp_path / "p.json"
    patterns.write_text(json.dumps(SIGNED_PATTERNS), encoding="utf-8")
    kg = tmp_path / "kg"
    kgbuild.build([articles], kg)
    kgbuild.build([articles], kg, patterns=[patterns])
    assert stand_in.calls[-1] == ["a", "b"]  # what extraction finds may change with the patterns


# ------------------------------------------------------------------ settings
def test_changed_alias_rules_rebuild_the_graph_without_extracting(tmp_path, articles, stand_in):
    kg = tmp_path / "kg"
    kgbuild.build([articles], kg)
    assert ["Karl Holm"] in people(kg) and ["Ivo Dunn"] in people(kg)
    rules = tmp_path / "aliases.csv"
    rules.write_text("same,Karl Holm,Ivo Dunn,Person\n", encoding="utf-8")
    kgbuild.build([articles], kg, aliases=rules)
    assert stand_in.calls[-1] == []
    assert ["Ivo Dunn", "Karl Holm"] in people(kg)
    reasons = kgbuild.explain("Karl Holm", kg)["aliases"]
    assert {r["reason"] for r in reasons.values()} == {"same as Karl Holm: aliases.csv line 1",
                                                       "same as Ivo Dunn: aliases.csv line 1"}
    rules.write_text("different,Ana Reis,Reis\n", encoding="utf-8")  # other rules: rebuilt again
    kgbuild.build([articles], kg, aliases=rules)
    assert ["Karl Holm"] in people(kg) and stand_in.calls[-1] == []


def test_remembered_alias_rules_and_pattern_files_are_reused_by_later_builds(tmp_path, articles, stand_in):
    rules = tmp_path / "aliases.csv"
    rules.write_text("same,Karl Holm,Ivo Dunn,Person\n", encoding="utf-8")
    patterns = tmp_path / "p.json"
    patterns.write_text(json.dumps(SIGNED_PATTERNS), encoding="utf-8")
    kg = tmp_path / "kg"
    kgbuild.build([articles], kg, aliases=rules, patterns=[patterns])
    state = EmbeddedStore(kg).state()
    assert state.alias_rules[0]["where"] == "aliases.csv line 1"
    assert state.patterns == [{"name": "p.json", "text": patterns.read_text(encoding="utf-8")}]
    rules.unlink()
    patterns.unlink()  # the store keeps them: the files may be gone
    write(articles, "c", "Karl Holm signed with Eva Novak in Riga.")
    result = kgbuild.build([articles], kg)
    assert stand_in.calls[-1] == ["c"]  # the same patterns: a and b stay as extracted
    assert stand_in.patterns[-1] == [json.dumps(SIGNED_PATTERNS)]
    assert result.relationships["SIGNED_AGREEMENT_WITH"] == 1
    assert ["Ivo Dunn", "Karl Holm"] in people(kg)
    assert kgbuild.query("MATCH (a)-[r:SIGNED_AGREEMENT_WITH]->(b) RETURN a.name, b.name", store=kg).rows == [["Karl Holm", "Eva Novak"]]


def test_a_relation_type_no_pattern_file_declares_is_a_one_line_error(tmp_path, stand_in):
    doc = Document("a", "Ana Reis signed with Ivo Dunn.")
    write_shard([extraction(doc, "x")], tmp_path / "shards" / "s.jsonl")  # extracted elsewhere with patterns
    with pytest.raises(KgbuildError) as e:
        kgbuild.build([], tmp_path / "kg", from_shards=[tmp_path / "shards"])
    assert "SIGNED_AGREEMENT_WITH" in str(e.value) and "--patterns" in str(e.value) and "\n" not in str(e.value)
    assert not (tmp_path / "kg" / MANIFEST).exists()


# ------------------------------------------------------------------ interruptions
def test_an_interrupt_during_extraction_leaves_the_store_as_before(tmp_path, articles, monkeypatch):
    kg = tmp_path / "kg"
    monkeypatch.setattr("kgbuild.extract.extract_documents", StandIn())
    kgbuild.build([articles], kg)
    before = snapshot(kg)
    for name in ("c", "d", "e"):
        write(articles, name, f"Mira Vale met Ana Reis in {name.upper()}town.")
    stopping = StandIn(stop_after=2)
    monkeypatch.setattr("kgbuild.extract.extract_documents", stopping)
    with pytest.raises(KeyboardInterrupt):
        kgbuild.build([articles], kg)
    assert stopping.calls == [["c", "d"]]  # it was stopped in the middle
    assert snapshot(kg) == before
    assert not list(kg.rglob("*.tmp"))
    finish = StandIn()
    monkeypatch.setattr("kgbuild.extract.extract_documents", finish)
    assert kgbuild.build([articles], kg).documents_total == 5 and finish.calls == [["c", "d", "e"]]


@pytest.mark.parametrize("writer", ["write_database", "apply_changes"])  # a whole graph, or changes (incremental)
def test_an_interrupt_while_writing_the_graph_leaves_the_store_as_before(tmp_path, articles, stand_in, monkeypatch,
                                                                         writer):
    kg = tmp_path / "kg"
    kgbuild.build([articles], kg)
    before = snapshot(kg)
    if writer == "apply_changes":  # a new article: an incremental build
        write(articles, "c", "Mira Vale met Ana Reis in Riga.")
    else:  # an article edited: the graph is written anew
        write(articles, "a", "Ana Reis met Mira Vale in Riga.")
    import kgbuild.stores.ladybug as ladybug

    real = getattr(ladybug, writer)

    def write_then_stop(*args, **kwargs):
        real(*args, **kwargs)  # the new graph file is complete, the manifest not yet switched
        raise KeyboardInterrupt

    monkeypatch.setattr(ladybug, writer, write_then_stop)
    with pytest.raises(KeyboardInterrupt):
        kgbuild.build([articles], kg)
    assert snapshot(kg) == before
    monkeypatch.setattr(ladybug, writer, real)
    assert kgbuild.build([articles], kg).documents_total == (3 if writer == "apply_changes" else 2)
    state = EmbeddedStore(kg).state()  # the orphan was swept: the current graph and the one before it remain
    assert sorted(p.name for p in kg.iterdir() if p.name.startswith("graph-")) == sorted([state.graph, state.previous])
    assert sorted(p.name for p in kg.iterdir() if p.name.startswith("resolve-")) == [state.resolve]


def test_nothing_to_build_is_a_clear_error(tmp_path):
    with pytest.raises(KgbuildError, match="nothing to build: give article PATHS, or --from-shards DIR"):
        kgbuild.build([], tmp_path / "kg")
