"""Names the way analysts type them: one rule that turns a typed name into one entity, for every command.

    index = NameIndex(entities)                   # Known(id, label, name, aliases) of a store
    index.find("umerov").entity.id                # 'person:rustem-umerov' (a surname, any case)
    index.find("Zelensky", labels=("Person",))    # finds Volodymyr Zelenskyy (a transliteration)

A typed name is compared with every spelling of every entity (its canonical name and each alias the
articles wrote) by these rules, the first that matches anything wins:

1. the entity's id (`person:john-healey`, `GB`);
2. a spelling as the articles wrote it;
3. a spelling ignoring case, accents and punctuation ("zelenskyy", "Erdogan", "al Mansouri", "US");
4. for people, the words of the name without titles, honorifics and particles ("Mr Healey",
   "Defence Secretary John Healey");
5. for people, the surname ("Umerov");
6. for people, other words of the name in their order (a given name, "Hamad bin Nasser");
7. the transliteration keys resolution merges by (Zelensky / Zelenskyy / Zelenskiy, Sergei / Sergey; for a
   person with two or more words, also given names whose consonants agree: Mohammad / Mohammed).

When the first rule that matches finds one entity, that is the answer. When it finds several, the name is
ambiguous: `AmbiguousName` lists them (name, label, id) and says how to pick one. When nothing matches,
`UnknownName` suggests the closest spellings (difflib), and says when the name is an entity of another
label than the one asked for. Pure Python over names.py: no spaCy, no store.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import KgbuildError
from .names import PARTICLES, fold, name_tokens, skeleton, translit

PERSON = "Person"
# How a typed name matched, by rule (see the module doc); lower is surer.
HOW = ("its id", "a spelling the articles wrote", "a spelling ignoring case, accents and punctuation",
       "the words of the name", "the surname", "part of the name", "a transliteration of the name")
BY_ID, WRITTEN, LOOSE, WORDS, SURNAME, PART, TRANSLIT = range(len(HOW))


@dataclass(frozen=True)
class Known:
    """An entity as the look-up sees it: what it is and every spelling it is known by."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"{self.name} ({self.label}, {self.id})"


@dataclass(frozen=True)
class Match:
    entity: Known
    rule: int  # index into HOW
    text: str  # what was typed

    @property
    def how(self) -> str:
        return HOW[self.rule]


class AmbiguousName(KgbuildError):
    """A typed name that the first matching rule finds in several entities."""

    def __init__(self, text: str, candidates: list[Known], rule: int, pick: str = "its id") -> None:
        self.text, self.candidates, self.rule = text, candidates, rule
        shown = "; ".join(c.describe() for c in candidates[:10])
        more = f"; and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        super().__init__(f"{text!r} could be {len(candidates)} entities ({HOW[rule]}): {shown}{more}. "
                         f"Say which with {pick} or a fuller name")


class UnknownName(KgbuildError):
    """A typed name no rule matches (with the closest spellings), or one that names an entity of another label."""

    def __init__(self, text: str, suggestions: list[Known], labels: tuple[str, ...] | None = None,
                 elsewhere: list[Known] | None = None, note: str = "") -> None:
        self.text, self.suggestions, self.elsewhere = text, suggestions, elsewhere or []
        what = " or ".join(labels) if labels else "entity"
        if self.elsewhere:
            found = "; ".join(c.describe() for c in self.elsewhere[:5])
            msg = f"{text!r} is {found}, not a {what}"
        else:
            msg = f"no {what} is called {text!r}"
        if note:
            msg += f" ({note})"
        if suggestions:
            msg += "; did you mean " + " or ".join(c.describe() for c in suggestions) + "?"
        elif not self.elsewhere:
            msg += "; `kgbuild query most-mentioned` lists the entities the articles name most"
        super().__init__(msg)


# ------------------------------------------------------------------ keys
_DROP = re.compile(r"['.\u2019]")
_SPACE = re.compile(r"[^\w]+|_")


def loose(text: str) -> str:
    """A spelling ignoring case, accents and punctuation: "Al-Mansouri" and "al mansouri", "U.S." and "US"."""
    s = _SPACE.sub(" ", _DROP.sub("", fold(text))).strip()
    return s[4:] if s.startswith("the ") and len(s) > 4 else s


_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")


def name_words(text: str) -> tuple[str, ...]:
    """The words of a person's name as look-ups compare them: no titles, honorifics, particles or punctuation
    (an apostrophe inside a word joins it: O'Brien is one word, "obrien")."""
    out = []
    for w in name_tokens(_INNER_APOSTROPHE.sub("", text)):
        w = loose(w)
        for part in w.split():
            if part not in PARTICLES:
                out.append(part)
    return tuple(out)


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(any(x == y for y in it) for x in short)


# ------------------------------------------------------------------ the index
class NameIndex:
    """Every spelling of every entity under the keys of the rules above, built once per look-up session."""

    def __init__(self, entities: Iterable[Known]) -> None:
        self.entities = list(entities)
        self.by_id: dict[str, int] = {}
        self.keys: list[dict[str, set[int]]] = [defaultdict(set) for _ in HOW]
        self.words: dict[int, set[tuple[str, ...]]] = defaultdict(set)  # person -> name words of each spelling
        self.translit_words: dict[int, set[tuple[str, ...]]] = defaultdict(set)
        self.token: dict[str, set[int]] = defaultdict(set)  # a word of a person's name -> people
        self.translit_token: dict[str, set[int]] = defaultdict(set)
        for n, e in enumerate(self.entities):
            self.by_id.setdefault(e.id, n)
            for s in {e.name, *e.aliases}:
                if not s:
                    continue
                self.keys[WRITTEN][s].add(n)
                self.keys[LOOSE][loose(s)].add(n)
                if e.label == PERSON:
                    words = name_words(s)
                    if not words:
                        continue
                    tw = tuple(translit(w) for w in words)
                    self.words[n].add(words)
                    self.translit_words[n].add(tw)
                    self.keys[WORDS][" ".join(words)].add(n)
                    self.keys[TRANSLIT][" ".join(tw)].add(n)
                    if len(words) >= 2:
                        self.keys[SURNAME][words[-1]].add(n)
                        self.keys[TRANSLIT]["~" + tw[-1]].add(n)  # a surname's transliteration alone
                    for w, t in zip(words, tw, strict=True):
                        self.token[w].add(n)
                        self.translit_token[t].add(n)
                else:
                    self.keys[TRANSLIT][" ".join(translit(w) for w in loose(s).split())].add(n)

    # ------------------------------------------------------------ matching
    def _hits(self, text: str, rule: int) -> set[int]:
        if rule == BY_ID:
            return {self.by_id[text]} if text in self.by_id else set()
        if rule == WRITTEN:
            return set(self.keys[WRITTEN].get(text, ()))
        if rule == LOOSE:
            return set(self.keys[LOOSE].get(loose(text), ()))
        words = name_words(text)
        if not words:
            return set()
        if rule == WORDS:
            return set(self.keys[WORDS].get(" ".join(words), ()))
        if rule == SURNAME:
            return set(self.keys[SURNAME].get(words[0], ())) if len(words) == 1 else set()
        if rule == PART:
            return self._in_order(words, self.token, self.words)
        tw = tuple(translit(w) for w in words)
        hits = set(self.keys[TRANSLIT].get(" ".join(tw), ()))
        hits |= set(self.keys[TRANSLIT].get(" ".join(translit(w) for w in loose(text).split()), ()))
        if len(tw) == 1:
            hits |= self.keys[TRANSLIT].get("~" + tw[0], set())
        else:
            hits |= self._in_order(tw, self.translit_token, self.translit_words)
            hits |= self._given_names_alike(tw)
        return hits

    def _in_order(self, words: tuple[str, ...], token: dict[str, set[int]],
                  spellings: dict[int, set[tuple[str, ...]]]) -> set[int]:
        """People one of whose spellings holds these words in this order (and more)."""
        pool = set.intersection(*(token.get(w, set()) for w in words))
        return {n for n in pool if any(_in_order(words, s) for s in spellings[n])}

    def _given_names_alike(self, tw: tuple[str, ...]) -> set[int]:
        """People named with the same surname (transliterated) and given names of the same consonants."""
        out = set()
        for n in self.keys[TRANSLIT].get("~" + tw[-1], set()):
            for s in self.translit_words[n]:
                if len(s) == len(tw) and s[-1] == tw[-1] and all(
                        skeleton(a) == skeleton(b) for a, b in zip(s[:-1], tw[:-1], strict=True)):
                    out.add(n)
        return out

    def matches(self, text: str, labels: Iterable[str] | None = None) -> tuple[int, list[Known]]:
        """The first rule that finds any entity of `labels` (all labels when None), and what it finds (sorted
        by name, id); (-1, []) when none does."""
        wanted = set(labels) if labels else None
        text = text.strip()
        for rule in range(len(HOW)):
            hits = [self.entities[n] for n in self._hits(text, rule)
                    if wanted is None or self.entities[n].label in wanted]
            if hits:
                return rule, sorted(hits, key=lambda e: (e.name, e.id))
        return -1, []

    def find(self, text: str, labels: Iterable[str] | None = None, pick: str = "its id") -> Match:
        """The one entity `text` names; AmbiguousName or UnknownName otherwise (`pick` says, in the
        ambiguity message, how the user names one entity instead: "-p name=ID")."""
        labels = tuple(labels) if labels else None
        rule, hits = self.matches(text, labels)
        if len(hits) == 1:
            return Match(hits[0], rule, text)
        if hits:
            raise AmbiguousName(text, hits, rule, pick)
        elsewhere = self.matches(text)[1] if labels else []
        raise UnknownName(text, [] if elsewhere else self.suggest(text, labels), labels, elsewhere)

    def suggest(self, text: str, labels: Iterable[str] | None = None, n: int = 3) -> list[Known]:
        """The entities whose spellings (or people's name words) are closest to `text`, best first."""
        wanted = set(labels) if labels else None
        spellings: dict[str, set[int]] = defaultdict(set)
        for key, ns in self.keys[LOOSE].items():
            spellings[key] |= ns
        for key, ns in self.token.items():
            spellings[key] |= ns
        want = loose(text)
        out: list[Known] = []
        for key in difflib.get_close_matches(want, list(spellings), n=10, cutoff=0.75):
            for e in sorted((self.entities[i] for i in spellings[key]), key=lambda e: (e.name, e.id)):
                if (wanted is None or e.label in wanted) and e not in out:
                    out.append(e)
        return out[:n]


def entities_query(labels: Iterable[str]) -> str:
    """One read-only statement listing (label, id, name, aliases) of every entity of `labels`, in the Cypher
    LadybugDB and Neo4j both read. `labels` are schema labels (identifiers), never user text."""
    parts = []
    for label in labels:
        if not re.fullmatch(r"[A-Z][A-Za-z0-9_]*", label):
            raise ValueError(f"not a label: {label!r}")
        parts.append(f"MATCH (e:{label}) RETURN '{label}' AS label, e.id AS id, e.name AS name, e.aliases AS aliases")
    return " UNION ALL ".join(parts)


def known_from_rows(rows: Iterable[list]) -> list[Known]:
    return [Known(eid, label, name or eid, tuple(a for a in (aliases or []) if a))
            for label, eid, name, aliases in rows if eid]
