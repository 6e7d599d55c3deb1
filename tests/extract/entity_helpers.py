"""Helpers for testing one entity pass on a hand-built Draft."""
from kgbuild.extract.entities import Draft, EntityConfig, Found

CONFIG = EntityConfig.load()


def tokens(doc, words: str) -> tuple[int, int]:
    """Token offsets of the first occurrence of `words` in the Doc."""
    want = words.split()
    for i in range(len(doc) - len(want) + 1):
        if [t.text for t in doc[i:i + len(want)]] == want:
            return i, i + len(want)
    raise AssertionError(f"{words!r} not in {doc.text!r}")


def found(doc, words: str, label: str, **kw) -> Found:
    start, end = tokens(doc, words)
    return Found(start, end, label, **kw)


def draft(doc, *found_: Found, titles=()) -> Draft:
    return Draft(doc, list(found_), list(titles))


def seen(d: Draft, label=None) -> set[str]:
    return {d.text(f) for f in d.found if label is None or f.label == label}
