"""Clusters made as records arrive (Resolver.prepare, kgbuild.builder) resolve exactly as clusters made at the end."""
from kgbuild.resolve import Resolver

from .docs import doc


def records():
    return [
        doc("a", "Minister Ada Marr met Ole Brink in Oslo. Marr said the talks went well.",
            ("Ada Marr", "Person"), ("Ole Brink", "Person"), ("Oslo", "Place"), ("Marr", "Person")),
        doc("b", "Brink later called Ada Marr.", ("Brink", "Person"), ("Ada Marr", "Person")),
    ]


def names(resolution):
    return sorted((e.label, e.name, tuple(sorted(e.aliases))) for e in resolution.entities.values())


def test_prepared_documents_resolve_as_documents_clustered_at_the_end():
    fresh = Resolver().resolve(records())
    ahead = Resolver()
    exts = records()
    for ext in exts:
        ahead.prepare(ext)
    assert names(ahead.resolve(exts)) == names(fresh)
    assert names(ahead.resolve(exts)) == names(fresh)  # a second resolution clusters the documents again


def test_a_record_replaced_after_it_was_prepared_is_clustered_anew():
    r = Resolver()
    first = records()
    r.prepare(first[0])
    replaced = doc("a", "Ole Brink met Tor Lund.", ("Ole Brink", "Person"), ("Tor Lund", "Person"))
    resolution = r.resolve([replaced, first[1]])
    assert ("Person", "Tor Lund", ("Tor Lund",)) in names(resolution)
    assert not any(e.name == "Ada Marr" and "Marr" in e.aliases for e in resolution.entities.values())
