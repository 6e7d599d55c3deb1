"""Hand-made extraction records for resolution tests: no model, offsets computed from the text."""
from __future__ import annotations

import re

from kgbuild.aliases import AliasRule
from kgbuild.records import DocExtraction, Document, Mention, RelationCandidate
from kgbuild.resolve import Resolution, resolve_mentions


def doc(doc_id: str, text: str, *spans: tuple) -> DocExtraction:
    """A document whose mentions are `spans`: (surface, label[, key[, country[, cluster]]]), in text order.

    Each surface is looked up in `text` after the previous one, so a name written twice is two mentions;
    the sentence index counts the sentence ends before it.
    """
    mentions, pos = [], 0
    for span in spans:
        surface, label, key, country, cluster = tuple(span) + (None, None, -1)[len(span) - 2:]
        start = text.find(surface, pos)
        if start < 0:
            raise ValueError(f"{surface!r} does not occur in {text!r} after offset {pos}")
        end = start + len(surface)
        sent = len(re.findall(r"[.!?](?:\s|$)", text[:start]))
        mentions.append(Mention(doc_id, surface, label, start, end, sent, key=key, country=country, cluster=cluster))
        pos = end
    return DocExtraction(Document(doc_id, text), mentions, [], digest=doc_id)


def relation(ext: DocExtraction, rel_type: str, source: str, target: str | None, *, confidence: float = 0.8,
             rule: str = "test", title: str | None = None, place: str | None = None, date: str | None = None,
             evidence: str | None = None) -> RelationCandidate:
    """A relation between the first mentions written `source` and `target` (None: a role naming no body)."""
    def index(surface: str) -> int:
        return next(i for i, m in enumerate(ext.mentions) if m.text == surface)

    text = ext.document.text
    r = RelationCandidate(ext.document.doc_id, rel_type, index(source), -1 if target is None else index(target),
                          evidence=evidence or text, sent_start=0, sent_end=len(text), trigger=rel_type.lower(),
                          rule=rule, confidence=confidence, title=title,
                          place=None if place is None else index(place), date=date)
    ext.relations.append(r)
    return r


def resolve(*docs: DocExtraction, rules: list[AliasRule] = ()) -> Resolution:
    return resolve_mentions(list(docs), rules)


def entity(res: Resolution, alias: str, label: str):
    """The one entity of `label` that has `alias` (the test fails when there are none or several)."""
    found = [e for e in res.entities.values() if e.label == label and alias in e.aliases]
    assert len(found) == 1, f"{label} {alias!r}: {[(e.id, e.aliases) for e in found]}"
    return found[0]


def entities(res: Resolution, label: str):
    return sorted((e for e in res.entities.values() if e.label == label), key=lambda e: e.id)
