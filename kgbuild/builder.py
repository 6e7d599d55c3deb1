"""The build algorithm: what changed, what to extract, and one commit of the result.

    stored extractions ─┐
    new articles ──ingest──▶ changed? ──extract──▶ pending shard ─┤
    shards from elsewhere ─────────────────────────────────────────┴─▶ resolve ─▶ assemble ─▶ store.commit

A document whose digest (text, metadata and extraction fingerprint) is already stored is not extracted
again. Everything else happens under the store's write lock, and the store's commit protocol makes the
result appear at once or not at all.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from .aliases import AliasRule
from .errors import KgbuildError
from .ingest import iter_documents
from .records import DocExtraction, Document, Skipped
from .schema import SchemaError
from .stores.embedded import EmbeddedStore

SkipHandler = Callable[[Skipped], None]
ProgressHandler = Callable[[int], None]


@dataclass
class BuildResult:
    store: str
    documents_read: int = 0
    documents_extracted: int = 0
    documents_unchanged: int = 0
    documents_total: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. an alias rule naming a spelling no article uses
    nodes: Counter = field(default_factory=Counter)
    relationships: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        nodes = ", ".join(f"{k} {v}" for k, v in sorted(self.nodes.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(self.relationships.items()))
        return (f"{self.documents_read} documents read ({self.documents_extracted} extracted, "
                f"{self.documents_unchanged} unchanged), {len(self.skipped)} skipped; "
                f"store {self.store} holds {self.documents_total} documents. "
                f"Nodes: {nodes or 'none'}. Relationships: {rels or 'none'}.")


@dataclass(frozen=True)
class PatternFile:
    """A user's relation pattern file as the store remembers it: its name and its text."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | os.PathLike) -> PatternFile:
        from .extract.patterns import PatternFileError

        p = Path(path)
        try:
            return cls(p.name, p.read_text(encoding="utf-8"))
        except OSError as e:
            raise PatternFileError(str(p), f"cannot read the pattern file ({e.strerror or e})") from None
        except UnicodeDecodeError:
            raise PatternFileError(str(p), "the pattern file is not UTF-8 text") from None

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "text": self.text}


def run_build(store: EmbeddedStore, paths: Iterable[str | os.PathLike], *, model: str | None = None,
              workers: int = 1, batch_size: int = 50, wait: bool = False, rules: list[AliasRule] | None = None,
              pattern_paths: list[str] | None = None, from_shards: Iterable[str | os.PathLike] | None = None,
              on_skip: SkipHandler | None = None, on_progress: ProgressHandler | None = None) -> BuildResult:
    """Read, extract what changed, resolve against everything stored, assemble, and commit (see the module doc).

    `rules` and `pattern_paths` of None mean: use what the store remembers from the last build.
    """
    result = BuildResult(store=str(store.path))
    timing: Counter = Counter()
    paths = list(paths)

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip:
            on_skip(s)

    with store.writing(wait=wait), tempfile.TemporaryDirectory(prefix="kgbuild-patterns-") as tmp:
        t0 = time.perf_counter()
        state = store.state_or_empty()
        existing: dict[str, DocExtraction] = {}
        for ext in store.iter_extractions():  # later records supersede; the texts stay in the shards only
            existing[ext.document.doc_id] = _without_text(ext)
        settings_changed = False
        if rules is None:
            rules = [AliasRule.from_json(r) for r in state.alias_rules]
        else:
            settings_changed |= [r.to_json() for r in rules] != state.alias_rules
        if pattern_paths is None:
            patterns = [PatternFile(**p) for p in state.patterns]
            pattern_paths = _materialise(patterns, Path(tmp))
        else:
            patterns = [PatternFile.read(p) for p in pattern_paths]
            settings_changed |= [p.to_json() for p in patterns] != state.patterns
        from .extract import digest, extraction_fingerprint
        from .extract.patterns import load_patterns

        schema = load_patterns(pattern_paths).schema
        fingerprint = extraction_fingerprint(pattern_paths, model)
        known = {k: v.digest for k, v in existing.items()}
        timing["load"] += time.perf_counter() - t0

        def todo() -> Iterator[Document]:
            docs = iter_documents(paths, skip)
            while True:
                t = time.perf_counter()  # reading and hashing, timed apart from extraction
                doc = next(docs, None)
                if doc is None:
                    timing["ingest"] += time.perf_counter() - t
                    return
                result.documents_read += 1
                unchanged = known.get(doc.doc_id) == digest(doc, fingerprint)
                timing["ingest"] += time.perf_counter() - t
                if unchanged:
                    result.documents_unchanged += 1
                    if on_progress:
                        on_progress(1)
                    continue
                yield doc

        new: list[DocExtraction] = []
        t0 = time.perf_counter()
        extracted: Iterable[DocExtraction] = ()
        if paths:
            from .extract import extract_documents

            extracted = extract_documents(todo(), model=model, workers=workers, batch_size=batch_size,
                                          pattern_files=pattern_paths)
        if from_shards is not None:  # the reduce step: extraction already ran elsewhere
            extracted = chain(_changed_in_shards(from_shards, known, result, timing, skip, on_progress), extracted)
        # Each new record goes to this build's shard as it arrives and only a copy without the text
        # stays for the reduce: the raw texts stream through, never all in memory at once.
        pending = store.pending_shard()
        try:
            for ext in extracted:
                pending.write(ext)
                new.append(_without_text(ext))
                if on_progress:
                    on_progress(1)
            timing["extract"] += time.perf_counter() - t0 - timing["ingest"]
            result.documents_extracted = len(new)
            all_docs = dict(existing)
            for ext in new:
                all_docs[ext.document.doc_id] = ext
            result.documents_total = len(all_docs)
            result.warnings += _unused_rule_warnings(rules, all_docs.values())
            if not new and store.exists and not settings_changed:
                pending.discard()
                result.nodes, result.relationships = Counter(state.stats["nodes"]), Counter(state.stats["relationships"])
                result.seconds = dict(timing)
                return result
            from .assemble import assemble_graph
            from .resolve import resolve_mentions

            t0 = time.perf_counter()
            resolution = resolve_mentions(all_docs.values(), rules)
            timing["resolve"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                graph = assemble_graph(all_docs.values(), resolution, schema)
            except SchemaError as e:  # e.g. shards stating a type no --patterns file declares: one line, no traceback
                raise KgbuildError(str(e)) from None
            timing["assemble"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            committed = store.commit(graph, pending=pending, documents=len(all_docs),
                                     alias_rules=[r.to_json() for r in rules],
                                     patterns=[p.to_json() for p in patterns])
            timing["store"] += time.perf_counter() - t0
        except BaseException:
            pending.discard()  # the store stays as it was; a shard renamed already is swept next time
            raise
    result.nodes, result.relationships = Counter(committed.stats["nodes"]), Counter(committed.stats["relationships"])
    result.seconds = dict(timing)
    return result


def _unused_rule_warnings(rules: list[AliasRule], docs: Iterable[DocExtraction]) -> list[str]:
    from .aliases import unused_names, unused_warning

    if not rules:
        return []
    return [unused_warning(r, n) for r, n in unused_names(rules, ((m.label, m.text) for d in docs for m in d.mentions))]


def _materialise(patterns: list[PatternFile], folder: Path) -> list[str]:
    """The remembered pattern files written out again, for the extraction workers to read."""
    out = []
    for n, p in enumerate(patterns):
        path = folder / f"{n:02d}-{Path(p.name).name or 'patterns.json'}"
        path.write_text(p.text, encoding="utf-8")
        out.append(str(path))
    return out


def _without_text(ext: DocExtraction) -> DocExtraction:
    """The record as resolve and assemble need it: everything but the article text (kept in the shards)."""
    return DocExtraction(document=replace(ext.document, text=""), mentions=ext.mentions,
                         relations=ext.relations, digest=ext.digest)


def _changed_in_shards(shards: Iterable[str | os.PathLike], known: dict[str, str], result: BuildResult,
                       timing: Counter, skip: SkipHandler,
                       on_progress: ProgressHandler | None) -> Iterator[DocExtraction]:
    """The shards' records whose document is new or changed (by digest) against the store."""
    from .shards import read_shards

    records = read_shards(shards, skip)
    while True:
        t = time.perf_counter()  # reading shards is this build's ingest
        ext = next(records, None)
        timing["ingest"] += time.perf_counter() - t
        if ext is None:
            return
        result.documents_read += 1
        if known.get(ext.document.doc_id) == ext.digest:
            result.documents_unchanged += 1
            if on_progress:
                on_progress(1)
            continue
        yield ext

