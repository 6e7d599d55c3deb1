import pytest

from kgbuild.extract import Extractor
from kgbuild.records import Document


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real spaCy model with kgbuild's pipeline, loaded once for the whole test run."""
    return Extractor()


@pytest.fixture
def extract(extractor):
    """Extract one hand-written article: returns its DocExtraction."""

    def run(text: str, doc_id: str = "t", published: str | None = None):
        return next(extractor.extract([Document(doc_id=doc_id, text=text, published=published)]))

    return run


def names(ext, label=None):
    return {m.text for m in ext.mentions if label is None or m.label == label}


def relations(ext, rel_type):
    """Relations of one type as (source text, target text) pairs, order-free for MET/TALKED_TO."""
    out = set()
    for r in ext.relations:
        if r.type != rel_type:
            continue
        a = ext.mentions[r.source].text
        b = ext.mentions[r.target].text if r.target >= 0 else None
        out.add(frozenset((a, b)) if rel_type in ("MET", "TALKED_TO") else (a, b))
    return out


@pytest.fixture
def index(extractor):
    """Parse one hand-written text and index its final mentions: returns a DocIndex (see extract/docindex.py)."""
    from kgbuild.extract.dates import parse_published
    from kgbuild.extract.docindex import DocIndex

    def run(text: str, published: str | None = None):
        doc = extractor.nlp(text)
        found, titles = extractor.entities.find(doc)
        return DocIndex.build(doc, found, titles, parse_published(published))

    return run


@pytest.fixture
def parse(extractor):
    """The kgbuild pipeline's parse of one text (a spaCy Doc)."""
    return extractor.nlp


def mention(ext, text, label=None):
    """The first mention written `text` (with that label, when given)."""
    return next(m for m in ext.mentions if m.text == text and (label is None or m.label == label))


def role_titles(ext):
    """HOLDS_ROLE facts as {(person, title, body or None)}."""
    return {(ext.mentions[r.source].text, r.title, ext.mentions[r.target].text if r.target >= 0 else None)
            for r in ext.relations if r.type == "HOLDS_ROLE"}
