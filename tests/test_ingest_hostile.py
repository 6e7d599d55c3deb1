"""Hostile corpora: FIFOs, devices, huge files, undecodable names, surrogate ids, deep JSON, links out of the folder,
and articles that share a name. Each is one skip line (or a notice), and the rest of the corpus goes on.

Reading that could block or eat memory runs in a child process with a memory limit and a generous time limit, so a
regression fails here instead of hanging the test run or the machine.
"""
import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild.cli import main
from kgbuild.ingest import iter_documents
from kgbuild.stores.embedded import EmbeddedStore
from tests.test_builder import StandIn

ROOT = Path(__file__).resolve().parent.parent
READER = """
import json, sys
from kgbuild.ingest import iter_documents
args = json.loads(sys.argv[1])
skipped = []
docs = [[d.doc_id, len(d.text)] for d in iter_documents(args["paths"], skipped.append, **args.get("options", {}))]
print(json.dumps({"docs": docs, "skipped": [[s.where, s.reason, str(s)] for s in skipped]}))
"""


def read_in_child(paths, **options) -> tuple[list, list]:
    """iter_documents in a child process limited to 1.5 GB and 120 s: returns (doc ids, skipped [where, reason])."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    arg = json.dumps({"paths": [os.fsdecode(p) for p in paths], "options": options})
    try:
        p = subprocess.run([sys.executable, "-c", READER, arg], cwd=ROOT, capture_output=True, text=True, timeout=120,
                           preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail("reading blocked for 120 s")
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads(p.stdout)
    return [d[0] for d in out["docs"]], out["skipped"]


def reasons(skipped) -> dict[str, str]:
    return {Path(w).name: r for w, r, _ in skipped}


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "good.txt").write_text("Talks\n\nAna Reis met Ivo Dunn in Lisbon.\n", encoding="utf-8")
    return d


@pytest.fixture
def stand_in(monkeypatch):
    s = StandIn()
    monkeypatch.setattr("kgbuild.extract.extract_documents", s)
    return s


# ------------------------------------------------------------------ things that are not regular files
def test_a_fifo_named_like_an_article_is_reported_not_read(corpus, tmp_path):
    os.mkfifo(corpus / "pipe.txt")
    os.mkfifo(tmp_path / "named.jsonl")
    (corpus / "link-to-pipe.txt").symlink_to(corpus / "pipe.txt")
    try:
        docs, skipped = read_in_child([corpus, tmp_path / "named.jsonl"])
    finally:  # an old kgbuild blocked in open() would be released by a writer
        for fifo in (corpus / "pipe.txt", tmp_path / "named.jsonl"):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    assert docs == ["good"]
    r = reasons(skipped)
    assert "FIFO" in r["pipe.txt"] and "FIFO" in r["link-to-pipe.txt"] and "FIFO" in r["named.jsonl"]


def test_a_link_to_a_device_is_never_read(corpus):
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "urandom.jsonl").symlink_to("/dev/urandom")
    docs, skipped = read_in_child([corpus])  # links out of the folder: not followed at all
    assert docs == ["good"] and "not followed" in reasons(skipped)["zero.txt"]
    docs, skipped = read_in_child([corpus], follow_links=True)  # followed: still not a regular file
    r = reasons(skipped)
    assert docs == ["good"] and "character device" in r["zero.txt"] and "character device" in r["urandom.jsonl"]
    docs, skipped = read_in_child([corpus / "zero.txt"])  # named on the command line
    assert docs == [] and "character device" in reasons(skipped)["zero.txt"]


def test_a_file_larger_than_the_limit_is_skipped_and_says_how_to_raise_it(corpus):
    (corpus / "big.txt").write_bytes(b"word " * 300_000)  # 1.5 MB
    feed = corpus / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "small", "text": "A short one."}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "x " * 600_000}) + "\n")  # 1.2 MB on one line
        fh.write(json.dumps({"id": "after", "text": "Still read."}) + "\n")
    docs, skipped = read_in_child([corpus], max_bytes=1_000_000)
    assert docs == ["small", "after", "good"]  # feed.jsonl, then good.txt
    r = reasons(skipped)
    assert "larger than the limit of 1 MB" in r["big.txt"] and "--max-mb" in r["big.txt"]
    assert "larger than the limit" in r["feed.jsonl:2"]
    docs, _ = read_in_child([corpus], max_bytes=2_000_000)
    assert sorted(docs) == ["after", "big", "good", "huge", "small"]


def test_the_cli_takes_max_mb(corpus, tmp_path, stand_in):
    (corpus / "big.txt").write_bytes(b"Ana Reis met Ivo Dunn. " * 100_000)  # 2.3 MB
    res = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "kg"), "--max-mb", "2"])
    assert res.exit_code == 1 and "big.txt: larger than the limit of 2 MB" in res.output
    res = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "kg"), "--max-mb", "3"])
    assert res.exit_code == 0 and "1 extracted" in res.output


# ------------------------------------------------------------------ inputs that used to abort the whole build
def test_a_file_name_that_is_not_utf8_is_one_skip_line_and_the_build_goes_on(corpus, tmp_path, stand_in):
    name = os.path.join(os.fsencode(corpus), b"caf\xe9\nnews.txt")
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("Ana Reis met Eva Novak.")
    res = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "kg")])
    assert res.exit_code == 1, res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "caf\\xe9\\nnews.txt" in lines[0] and "not valid UTF-8" in lines[0]
    assert "1 documents read (1 extracted" in res.stdout
    assert sorted(EmbeddedStore(tmp_path / "kg").extractions()) == ["good"]


@pytest.mark.parametrize("line, why", [
    ('{"id": "\\ud800", "text": "Ana Reis met Ivo Dunn."}', "lone surrogate"),
    ('{"id": "x\\udfff", "text": "Ana Reis met Ivo Dunn."}', "lone surrogate"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"id": ' + "7" * 5000 + ', "text": "Ana Reis met Ivo Dunn."}', "not valid JSON"),
    ('{"id": ["a"], "text": "Ana Reis met Ivo Dunn."}', "not a string or a number"),
])
def test_a_jsonl_line_that_used_to_abort_the_build_is_one_skip_line(tmp_path, stand_in, line, why):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([json.dumps({"id": "before", "text": "Eva Novak met Karl Holm."}), line,
                               json.dumps({"id": "after", "text": "Mira Vale met Olaf Berg."})]) + "\n",
                    encoding="utf-8")
    skipped = []
    result = kgbuild.build([feed], tmp_path / "kg", on_skip=skipped.append)
    assert [s.where for s in skipped] == [f"{feed}:2"] and why in skipped[0].reason
    assert result.documents_total == 2 and sorted(EmbeddedStore(tmp_path / "kg").extractions()) == ["after", "before"]


# ------------------------------------------------------------------ links out of the folder
def test_links_that_lead_out_of_the_folder_are_not_followed_unless_asked(corpus, tmp_path):
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "shadow.txt").write_text("root:secret-hash:19000:0:99999:7:::", encoding="utf-8")
    (corpus / "x.txt").symlink_to(secret / "shadow.txt")
    (corpus / "outside").symlink_to(secret)
    (corpus / "inner.txt").symlink_to(corpus / "good.txt")  # a link inside the folder is fine (read once)
    sub = corpus / "sub"
    sub.mkdir()
    (sub / "notes.md").write_text("# Notes\n\nEva Novak met Karl Holm.", encoding="utf-8")
    (corpus / "sub-link").symlink_to(sub)  # a folder link inside the folder: read once, not twice
    docs, skipped = read_in_child([corpus])
    assert docs == ["good", "notes"]
    r = reasons(skipped)
    assert "outside" in r["x.txt"] and "not followed" in r["x.txt"] and "--follow-links" in r["x.txt"]
    assert "not followed" in r["outside"]
    assert "the same file as" in r["inner.txt"] and "already read" in r["sub-link"]
    docs, skipped = read_in_child([corpus], follow_links=True)  # outside/shadow.txt and x.txt: one file, read once
    assert docs == ["good", "shadow", "notes"] and "the same file as" in reasons(skipped)["x.txt"]


# ------------------------------------------------------------------ articles that share a name
def test_articles_with_the_same_name_in_two_builds_are_both_kept(tmp_path, stand_in):
    for folder, text in (("a", "Ana Reis met Ivo Dunn."), ("b", "Eva Novak met Karl Holm.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"Talks\n\n{text}\n", encoding="utf-8")
    kgbuild.build([tmp_path / "a" / "x.txt"], tmp_path / "kg")
    notices = []
    result = kgbuild.build([tmp_path / "b"], tmp_path / "kg", on_notice=notices.append)
    assert result.documents_total == 2
    assert sorted(EmbeddedStore(tmp_path / "kg").extractions()) == ["b/x", "x"]
    assert any("stored as document 'b/x'" in str(n) for n in notices)
    again = kgbuild.build([tmp_path / "a", tmp_path / "b"], tmp_path / "kg")  # both again: nothing changes
    assert (again.documents_unchanged, again.documents_total, again.documents_updated) == (2, 2, 0)


def test_a_changed_article_is_an_update_and_says_so(tmp_path, stand_in):
    (tmp_path / "a").mkdir()
    f = tmp_path / "a" / "x.txt"
    f.write_text("Talks\n\nAna Reis met Ivo Dunn.\n", encoding="utf-8")
    kgbuild.build([f], tmp_path / "kg")
    f.write_text("Talks\n\nAna Reis met Eva Novak.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(tmp_path / "a"), "--store", str(tmp_path / "kg")])
    assert res.exit_code == 0 and "1 updated" in res.stdout
    assert "updated: document 'x' differs from the one stored before" in res.stderr
    stored = EmbeddedStore(tmp_path / "kg").extractions()
    assert list(stored) == ["x"] and "Eva Novak" in stored["x"].document.text


def test_two_feeds_reusing_an_id_keep_both_and_a_feed_updating_one_says_so(tmp_path, stand_in):
    one, two = tmp_path / "monday.jsonl", tmp_path / "tuesday.jsonl"
    one.write_text(json.dumps({"id": "7", "text": "Ana Reis met Ivo Dunn."}) + "\n", encoding="utf-8")
    two.write_text(json.dumps({"id": "7", "text": "Eva Novak met Karl Holm."}) + "\n", encoding="utf-8")
    kgbuild.build([one], tmp_path / "kg")
    kgbuild.build([two], tmp_path / "kg")
    assert sorted(EmbeddedStore(tmp_path / "kg").extractions()) == ["7", "7@tuesday"]
    one.write_text(json.dumps({"id": "7", "text": "Ana Reis met Mira Vale."}) + "\n", encoding="utf-8")
    result = kgbuild.build([one], tmp_path / "kg")
    assert result.documents_updated == 1 and result.documents_total == 2
    assert "Mira Vale" in EmbeddedStore(tmp_path / "kg").extractions()["7"].document.text
    # A declared source qualifies the id too: the same id from another source is another article.
    src = tmp_path / "sourced.jsonl"
    src.write_text(json.dumps({"id": "7", "text": "Olaf Berg met Lena Berg.", "source": "Agency"}) + "\n",
                   encoding="utf-8")
    assert kgbuild.build([src], tmp_path / "kg").documents_total == 3


def test_a_moved_folder_keeps_its_ids(tmp_path, stand_in):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x.txt").write_text("Talks\n\nAna Reis met Ivo Dunn.\n", encoding="utf-8")
    kgbuild.build([tmp_path / "old"], tmp_path / "kg")
    (tmp_path / "old").rename(tmp_path / "new")
    result = kgbuild.build([tmp_path / "new"], tmp_path / "kg")
    assert result.documents_total == 1 and list(EmbeddedStore(tmp_path / "kg").extractions()) == ["x"]


# ------------------------------------------------------------------ extract --shards
def test_extract_keeps_the_old_shards_until_the_new_ones_are_written(tmp_path, stand_in, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Talks\n\nAna Reis met Ivo Dunn.\n", encoding="utf-8")
    shards = tmp_path / "shards"
    kgbuild.api.extract([tmp_path / "in"], shards)
    before = {p.name: p.read_bytes() for p in shards.iterdir()}
    assert list(before) == ["part-00000.jsonl"]
    # A run that reads nothing usable ...
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "missing"), "--shards", str(shards)])
    assert res.exit_code == 1 and "left as they were" in res.output
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before
    # ... and one interrupted half-way leave the shards as they were.
    (tmp_path / "in" / "b.txt").write_text("Talks\n\nEva Novak met Karl Holm.\n", encoding="utf-8")
    monkeypatch.setattr("kgbuild.extract.extract_documents", StandIn(stop_after=1))
    with pytest.raises(KeyboardInterrupt):
        kgbuild.api.extract([tmp_path / "in"], shards, docs_per_shard=1)
    assert {p.name: p.read_bytes() for p in shards.iterdir()} == before
    monkeypatch.setattr("kgbuild.extract.extract_documents", StandIn())
    done = kgbuild.api.extract([tmp_path / "in"], shards, docs_per_shard=1)
    assert sorted(p.name for p in shards.iterdir()) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert done.documents_extracted == 2


# ------------------------------------------------------------------ what reaches the terminal
def test_skip_lines_stay_one_line_and_titles_cannot_drive_the_terminal(tmp_path, stand_in):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "line\nbreak.txt").write_bytes(b"")  # empty: skipped, and its name has a line break
    (corpus / "esc.txt").write_text("\x1b]0;owned\x07\x1b[2J\x1b[31mRed title\n\nAna Reis met Ivo Dunn.",
                                    encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "kg")])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "line\\nbreak.txt: empty file" in res.stderr
    out = CliRunner().invoke(main, ["query", "MATCH (d:Document) RETURN d.title AS title, d.doc_id AS id",
                                    "--store", str(tmp_path / "kg")]).output
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mRed title" in out


def test_reading_a_fifo_given_by_name_does_not_block_even_in_this_process(tmp_path):
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("r", list(iter_documents([fifo], lambda s: result.setdefault(
        "skip", s)))), daemon=True)
    t.start()
    t.join(60)
    if t.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO blocked")
    assert result["r"] == [] and "FIFO" in result["skip"].reason
