"""Relation patterns kept as data: spaCy DependencyMatcher patterns from
`data/patterns.json` and from files the user adds (`kgbuild build --patterns FILE`).

A pattern's nodes 'trigger', 'a', 'b' and 'place' tell which tokens state the
relation and which noun phrases name its sides; relations/matches.py turns a match into
relation candidates with the same person expansion and blocking rules as its
built-in grammar.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from ..errors import KgbuildError
from ..resources import data_text
from ..schema import SCHEMA, RelType, Schema, SchemaError

if TYPE_CHECKING:  # spaCy loads only when patterns are matched, not when a file is read or checked
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

ROLES = ("trigger", "a", "b", "place")
LINEAR_OPS = frozenset({".", ".*", ";", ";*"})  # DependencyMatcher operators of word order alone
DEFAULT_CONFIDENCE = 0.7  # of a pattern that does not give its own


class PatternFileError(KgbuildError):
    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class RelationPattern:
    name: str
    relation: str
    confidence: float
    nodes: list[dict[str, Any]]
    source: str


@dataclass(frozen=True)
class PatternMatch:
    pattern: RelationPattern
    tokens: dict[str, int]  # role -> token index


def shipped_patterns_text() -> str:
    return data_text("patterns.json")


@dataclass(frozen=True)
class PatternSet:
    """Relation patterns with the relation types their files declared (besides the built-in ones)."""

    patterns: list[RelationPattern]
    relations: tuple[RelType, ...] = ()

    @property
    def schema(self) -> Schema:
        return SCHEMA.with_relations(self.relations)


def parse_patterns(text: str, where: str, known: Schema = SCHEMA) -> PatternSet:
    """Patterns (and declared relation types) from one JSON file; each problem names the file and the pattern.

    A file may declare new relation types in a "relations" list (see kgbuild.schema.RelType.from_declaration);
    its patterns may then state them as well as the built-in MET, TALKED_TO and VISITED.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PatternFileError(f"{where}:{e.lineno}", f"not valid JSON ({e.msg})") from None
    items = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise PatternFileError(where, 'expected {"patterns": [ ... ]} (and optionally "relations": [ ... ])')
    declared_items = data.get("relations", [])
    if not isinstance(declared_items, list):
        raise PatternFileError(where, '"relations" must be a list of relation type declarations')
    declared: list[RelType] = []
    for n, item in enumerate(declared_items, 1):
        try:
            declared.append(RelType.from_declaration(item, f"{where} relation {n}"))
        except SchemaError as e:
            raise PatternFileError(where, str(e).removeprefix(where + " ").removeprefix(where + ": ")) from None
    try:
        schema = known.with_relations(declared)
    except SchemaError as e:
        raise PatternFileError(where, str(e)) from None
    stated = [r.name for r in schema.text_relations if r.name != "HOLDS_ROLE"]
    out: list[RelationPattern] = []
    for n, item in enumerate(items, 1):
        label = f"{where} pattern {n}" + (f" ({item.get('name')})" if isinstance(item, dict) and item.get("name") else "")
        if not isinstance(item, dict):
            raise PatternFileError(label, "each pattern is an object")
        rel = item.get("relation")
        if rel not in stated:
            raise PatternFileError(label, f"'relation' must be one of {', '.join(stated)} (got {rel!r}); declare a "
                                          "new type in the file's \"relations\" list")
        nodes = item.get("pattern")
        if not isinstance(nodes, list) or not nodes:
            raise PatternFileError(label, "'pattern' must be a non-empty list of DependencyMatcher nodes")
        ids = {node.get("RIGHT_ID") for node in nodes if isinstance(node, dict)}
        if "trigger" not in ids or "a" not in ids:
            raise PatternFileError(label, "the nodes need RIGHT_IDs 'trigger' and 'a' (and optionally 'b', 'place')")
        if rel == "VISITED" and "place" not in ids:
            raise PatternFileError(label, "a VISITED pattern needs a 'place' node")
        conf = float(item.get("confidence", DEFAULT_CONFIDENCE))
        name = str(item.get("name") or f"pattern-{n}")
        out.append(RelationPattern(name, rel, conf, nodes, where))
        optional = item.get("optional")
        if optional:
            out.append(RelationPattern(name, rel, conf, nodes + list(optional), where))
    return PatternSet(out, tuple(declared))


SHIPPED = "kgbuild/data/patterns.json"


def load_patterns(extra_files: list[str | Path] | None = None) -> PatternSet:
    """The shipped patterns plus those of the user's files, with every relation type the files declare."""
    shipped = parse_patterns(shipped_patterns_text(), SHIPPED)
    patterns, relations = list(shipped.patterns), list(shipped.relations)
    for f in extra_files or []:
        p = Path(f)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise PatternFileError(str(p), f"cannot read the pattern file ({e.strerror or e})") from None
        except UnicodeDecodeError:
            raise PatternFileError(str(p), "the pattern file is not UTF-8 text") from None
        more = parse_patterns(text, str(p), SCHEMA.with_relations(relations))
        patterns += more.patterns
        relations += [r for r in more.relations if r.name not in {x.name for x in relations}]
    return PatternSet(patterns, tuple(relations))


def patterns_fingerprint(extra_files: list[str | Path] | None = None) -> str:
    h = hashlib.sha256(shipped_patterns_text().encode())
    for f in extra_files or []:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:12]


class PatternMatcher:
    def __init__(self, vocab: Vocab, patterns: list[RelationPattern]) -> None:
        from spacy.matcher import DependencyMatcher

        self.matcher = DependencyMatcher(vocab)
        self.by_key: dict[int, list[RelationPattern]] = {}
        for n, p in enumerate(patterns):
            key = f"kgbuild-pattern-{n}"
            try:
                self.matcher.add(key, [p.nodes])
            except (ValueError, KeyError) as e:
                raise PatternFileError(f"{p.source} ({p.name})", f"spaCy rejected the pattern: {e}") from None
            self.by_key.setdefault(vocab.strings[key], []).append(p)
        self._requirements = [self._required_words(p) for p in patterns]
        self._hashed = [[(attr, frozenset(vocab.strings.add(v) for v in values)) for attr, values in req]
                        for req in self._requirements]
        # Linear operators (".", ";" ...) may tie tokens of two sentences: then the whole Doc is matched.
        self._by_sentence = all(node.get("REL_OP", ">") not in LINEAR_OPS for p in patterns for node in p.nodes)

    def _required_words(self, p: RelationPattern) -> list[tuple[str, frozenset[str]]]:
        """The LEMMA/LOWER values a pattern cannot match without: a cheap test before the matcher runs."""
        out = []
        for node in p.nodes:
            for attr in ("LEMMA", "LOWER"):
                v = (node.get("RIGHT_ATTRS") or {}).get(attr)
                if isinstance(v, str):
                    out.append((attr, frozenset([v])))
                elif isinstance(v, dict) and isinstance(v.get("IN"), list):
                    out.append((attr, frozenset(v["IN"])))
        return out

    def possible(self, doc: Doc) -> bool:
        """Whether any pattern can match: most documents lack the words every pattern needs."""
        from spacy.attrs import LEMMA, LOWER

        lemmas, lowers = doc.to_array([LEMMA, LOWER]).T.tolist() if len(doc) else ([], [])
        return self._can_match(set(lemmas), set(lowers))

    def _can_match(self, lemmas: set[int], lowers: set[int]) -> bool:
        """Whether the words (hashes of their lemmas and lowercase forms) have all that some pattern needs."""
        words = {"LEMMA": lemmas, "LOWER": lowers}
        return any(all(not values.isdisjoint(words[attr]) for attr, values in req) for req in self._hashed)

    def __call__(self, doc: Doc) -> list[PatternMatch]:
        """Matches of every pattern, sentence by sentence.

        A pattern's nodes are tied by dependency relations, and a parse tree never leaves its sentence, so
        a match lies in one sentence and needs all its words there. The DependencyMatcher, which costs
        about a tenth of the parse on a whole article, therefore runs only on the sentences that have the
        words some pattern needs (most have none); token positions are given in the whole Doc."""
        from spacy.attrs import LEMMA, LOWER

        out: dict[tuple, PatternMatch] = {}
        if not self._requirements or not len(doc):
            return []
        lemmas, lowers = doc.to_array([LEMMA, LOWER]).T.tolist()
        if not self._can_match(set(lemmas), set(lowers)):
            return []
        by_sentence = self._by_sentence and doc.has_annotation("SENT_START")
        for sent in (doc.sents if by_sentence else [doc[:]]):
            if by_sentence and not self._can_match(set(lemmas[sent.start:sent.end]), set(lowers[sent.start:sent.end])):
                continue
            base = sent.start
            for match_id, token_ids in self.matcher(sent if by_sentence else doc):
                for p in self.by_key[match_id]:
                    roles = {node["RIGHT_ID"]: tok + base for node, tok in zip(p.nodes, token_ids, strict=True)
                             if node["RIGHT_ID"] in ROLES}
                    key = (p.name, roles["trigger"], roles["a"])
                    old = out.get(key)
                    if old is None or len(roles) > len(old.tokens):  # the match with the optional part wins
                        out[key] = PatternMatch(p, roles)
        return list(out.values())
