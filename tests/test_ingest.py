import json

from kgbuild.ingest import iter_documents


def read(paths):
    skipped = []
    docs = list(iter_documents(paths, skipped.append))
    return docs, skipped


def test_text_markdown_and_folders_are_read_recursively(tmp_path):
    (tmp_path / "a.txt").write_text("Title A\n\nBody of A.", encoding="utf-8")
    sub = tmp_path / "deeper" / "still"
    sub.mkdir(parents=True)
    (sub / "b.md").write_text("# Title B\n\nBody of B.", encoding="utf-8")
    (sub / "notes.csv").write_text("ignored,file", encoding="utf-8")
    docs, skipped = read([tmp_path])
    assert [d.doc_id for d in docs] == ["a", "b"]
    assert docs[1].title == "Title B"
    assert not skipped


def test_jsonl_lines_carry_id_title_published_and_source(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "x1", "text": "Some text.", "title": "T", "published": "2024-05-01",
                             "url": "https://example.org/x1"}) + "\n", encoding="utf-8")
    docs, skipped = read([f])
    assert docs[0].doc_id == "x1" and docs[0].published == "2024-05-01"
    assert docs[0].source == "https://example.org/x1"


def test_bad_inputs_are_reported_one_line_each_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "good.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"id": "ok", "text": "fine"}\n{not json\n{"id": "", "text": "x"}\n[1,2]\n',
                                         encoding="utf-8")
    docs, skipped = read([tmp_path, tmp_path / "missing.txt"])
    assert [d.doc_id for d in docs] == ["ok", "good"]
    reasons = {s.where.split("/")[-1]: s.reason for s in skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin.txt"]
    assert "JSON" in reasons["feed.jsonl:2"]
    assert "id" in reasons["feed.jsonl:3"]
    assert "object" in reasons["feed.jsonl:4"]
    assert "no such file" in reasons["missing.txt"]


def test_line_ends_and_byte_order_mark_are_normalised(tmp_path):
    (tmp_path / "win.txt").write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nBody line.\rMore.")
    docs, _ = read([tmp_path])
    assert docs[0].text == "Title\n\nBody line.\nMore."


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    docs, skipped = read([tmp_path])
    assert [d.doc_id for d in docs] == ["a"]
    assert any("loop" in s.reason for s in skipped)
