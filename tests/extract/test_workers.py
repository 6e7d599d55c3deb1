"""extract_documents with worker processes: the same records as one process, in the documents' order."""
import itertools

import pytest

from kgbuild.extract import MIN_TASK, _tasks, extract_documents
from kgbuild.records import Document

CITIES = ["Lisbon", "Nairobi", "Hanoi", "Lima", "Oslo", "Accra"]


def documents(n: int) -> list[Document]:
    out = []
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        text = (f"Envoys meet in {city}\n\n{city.upper()}, May {i % 27 + 1} - Foreign Minister Tala Orsen{i} met "
                f"Trade Minister Bo Kerrin{i} in {city} on Monday. " * (1 + i % 3)
                + f"Orsen{i} later spoke by phone with President Ama Selby{i}.\n")
        out.append(Document(doc_id=f"d{i:02d}", text=text))
    return out


@pytest.fixture(scope="module")
def alone():
    return list(extract_documents(documents(17), workers=1))


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_give_the_records_of_one_process_in_order(alone, workers):
    got = list(extract_documents(documents(17), workers=workers, batch_size=2))
    assert [e.document.doc_id for e in got] == [f"d{i:02d}" for i in range(17)]
    assert got == alone
    assert any(r.type == "MET" for e in got for r in e.relations)


def test_a_stream_shorter_than_one_task(alone):
    assert list(extract_documents(documents(1), workers=2, batch_size=10)) == alone[:1]
    assert list(extract_documents([], workers=2)) == []


def plain(n: int, chars: int = 100) -> list[Document]:
    return [Document(doc_id=f"p{i:04d}", text="x" * chars) for i in range(n)]


def test_tasks_are_whole_batches_then_shrink_so_workers_finish_together():
    docs = plain(1000)
    tasks = list(_tasks(docs, workers=2, batch_size=50))
    assert [d for t in tasks for d in t] == docs  # every document once, in order
    sizes = [len(t) for t in tasks]
    assert max(sizes) == 50 and sizes[0] == 50
    tail = sizes[next(i for i, s in enumerate(sizes) if s < 50):]
    assert len(tail) > 2 and tail == sorted(tail, reverse=True)  # the end is dealt out in shrinking tasks...
    assert sizes[-1] <= MIN_TASK  # ...down to a few documents
    assert sum(1 for s in sizes if s == 50) >= 15  # most work still goes in whole batches


def test_a_task_holds_at_most_a_batch_of_characters():
    docs = plain(20, chars=40_000)
    tasks = list(_tasks(docs, workers=2, batch_size=50, batch_chars=100_000))
    assert [d for t in tasks for d in t] == docs
    assert all(sum(len(d.text) for d in t) < 100_000 + 40_000 for t in tasks)  # the batch, or one article over
    assert len(tasks) >= 7


def test_tasks_read_only_a_few_batches_ahead_of_the_workers():
    read = 0

    def endless():
        nonlocal read
        for i in itertools.count():
            read += 1
            yield Document(doc_id=f"s{i}", text="word " * 20)

    first = next(_tasks(endless(), workers=2, batch_size=50))
    assert len(first) == 50
    assert read <= 4 * 50 + 1  # the input streams: it is not read to its end first


def test_nothing_to_parse_starts_no_workers(monkeypatch):
    """No document to parse (every one unchanged): no worker process is started, so no model is loaded."""
    from kgbuild import extract

    def refuse(*args, **kwargs):
        raise AssertionError("workers were started with nothing to parse")

    monkeypatch.setattr(extract.mp, "get_context", refuse)
    assert list(extract_documents(iter([]), workers=2)) == []
