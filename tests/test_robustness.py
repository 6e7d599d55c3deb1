"""Hostile input: kgbuild reads what scrapers produce, reports what it skips, and never crashes."""
import json
import os
import resource
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild.ingest import iter_documents
from kgbuild.records import Document

# Text with the characters that break naive code: combining marks, right-to-left text,
# zero-width joiners, emoji, NUL, line-end variants, quotes and Cypher-looking punctuation.
NASTY = st.sampled_from(["\u0301", "\u05d0\u05d1", "\u0627\u0644", "\u200d", "\u200b", "\U0001F600", "\x00", "\r\n",
                         "\r", "\n\n", "\ufeff", "'", '"', "`", "\\", "$", "{", "}", "//", "MATCH (n) DETACH DELETE n",
                         " President ", " met ", " Kyiv ", " Healey ", "Ministry of Defence", " (left) ", " with "])
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=40), NASTY, st.text(string.ascii_letters + " .,", max_size=30)),
                max_size=25).map("".join)


def read(paths):
    skipped = []
    return list(iter_documents(paths, skipped.append)), skipped


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), name=st.sampled_from(["a.txt", "b.md", "c.jsonl"]))
def test_any_bytes_in_any_file_are_read_or_reported_never_raised(tmp_path_factory, raw, name):
    d = tmp_path_factory.mktemp("in")
    (d / name).write_bytes(raw)
    docs, skipped = read([d])
    for doc in docs:
        assert doc.text.strip() and "\r" not in doc.text
    if name != "c.jsonl":
        assert len(docs) + len(skipped) == 1  # one article, or one line saying why not


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.text(min_size=1, max_size=10), TEXT),
    st.builds(lambda t: '{"id": "s", "text": "' + t + '"}', st.sampled_from(["\\ud800", "a\\udc00b", "\\u0000x"])),
    st.text(max_size=30)), max_size=8))
def test_jsonl_lines_with_any_content_are_read_or_reported_by_line(tmp_path_factory, lines):
    d = tmp_path_factory.mktemp("j")
    f = d / "feed.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    docs, skipped = read([f])
    for s in skipped:
        assert s.where.startswith(str(f) + ":")  # the line is named
    for doc in docs:
        doc.text.encode("utf-8")  # no lone surrogates survive into a document


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_extraction_of_any_text_gives_consistent_records(extractor, text):
    if not text.strip():
        return
    ext = next(extractor.extract([Document("h", text)]))
    n = len(ext.mentions)
    for m in ext.mentions:
        assert 0 <= m.start <= m.end <= len(text)
    for r in ext.relations:
        assert 0 <= r.source < n and (r.target == -1 or 0 <= r.target < n)
        assert r.evidence and 0 <= r.sent_start <= r.sent_end <= len(text)


def test_long_lines_and_tokens_and_a_large_article(extractor):
    text = ("President Ana Lopes met Chancellor Erik Holm in Madrid. " + "x" * 50_000 + " ") * 3
    ext = next(extractor.extract([Document("long", text)]))
    assert any(r.type == "MET" for r in ext.relations)


@pytest.mark.slow
def test_ten_megabyte_article_is_parsed_in_pieces(extractor):
    # KGBUILD_BIG_ARTICLE_MB bounds CI's budget (a 10 MB article is about 1.7 million words: minutes).
    size = int(float(os.environ.get("KGBUILD_BIG_ARTICLE_MB", "10")) * 1_000_000)
    para = "Foreign Minister Sara Lind visited Nairobi on Monday and met President Daniel Muriuki.\n"
    text = para * (size // len(para))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ext = next(extractor.extract([Document("big", text)]))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert sum(r.type == "VISITED" for r in ext.relations) > size // 10_000
    assert max(m.end for m in ext.mentions) > 0.9 * size  # offsets point into the whole article
    assert grown_mb < 1500, f"parsing grew memory by {grown_mb:.0f} MB"


@pytest.mark.slow
def test_one_gigabyte_jsonl_streams_with_flat_memory(tmp_path):
    f = tmp_path / "huge.jsonl"
    line = json.dumps({"id": "x", "text": "Officials met in Kyiv. " * 200}) + "\n"
    with f.open("w", encoding="utf-8") as fh:
        for i in range(1_000_000_000 // len(line)):
            fh.write(line.replace('"x"', f'"d{i}"', 1))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = sum(1 for _ in iter_documents([f], lambda s: None))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert count > 200_000
    assert grown_mb < 200, f"reading grew memory by {grown_mb:.0f} MB"


def test_empty_folder_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    docs, skipped = read([tmp_path / "empty"])
    assert not docs and "no .txt, .md or .jsonl files" in skipped[0].reason


def test_file_that_vanishes_or_cannot_be_read_mid_run(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Article {name}.", encoding="utf-8")
    real = os.open

    def flaky(path, flags, *args):
        if os.fspath(path).endswith("c.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", flaky)
    skipped = []
    it = iter_documents([tmp_path], skipped.append)
    first = next(it)
    os.remove(tmp_path / "b.txt")  # gone between listing the folder and reading it
    rest = list(it)
    assert [d.doc_id for d in [first, *rest]] == ["a"]
    reasons = {s.where.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "No such file" in reasons["b.txt"] and "Permission denied" in reasons["c.txt"]


# Slow versions: ten times the generated inputs, for CI's bounded slow run.
@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "b.md", "c.jsonl"]))
def test_any_bytes_many(tmp_path_factory, raw, name):
    test_any_bytes_in_any_file_are_read_or_reported_never_raised.hypothesis.inner_test(tmp_path_factory, raw, name)


@pytest.mark.slow
@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_extraction_of_any_text_many(extractor, text):
    test_extraction_of_any_text_gives_consistent_records.hypothesis.inner_test(extractor, text)
