"""extract_documents with worker processes: the same records as one process, in the documents' order."""
import pytest

from kgbuild.extract import extract_documents
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
    got = list(extract_documents(documents(17), workers=workers, chunk_size=2))
    assert [e.document.doc_id for e in got] == [f"d{i:02d}" for i in range(17)]
    assert got == alone
    assert any(r.type == "MET" for e in got for r in e.relations)


def test_a_stream_shorter_than_one_chunk(alone):
    assert list(extract_documents(documents(1), workers=2, chunk_size=10)) == alone[:1]
    assert list(extract_documents([], workers=2)) == []
