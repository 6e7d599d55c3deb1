"""The spaCy pipeline: an English model loaded by name, plus kgbuild's EntityRuler.

The ruler runs before the statistical NER and fixes what the small models get
wrong most: countries and demonyms (from the gazetteer), ministries, titles and
ranks. Spans it sets are kept by NER, so "Defence Secretary" can no longer be
swallowed into a person or organisation name.
"""
from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from ..gazetteer import get_gazetteer
from ..resources import load_data, titles, word_list
from .models import available_model

# What kgbuild reads from the parse; everything else in a model is disabled.
USED_COMPONENTS = ("tok2vec", "transformer", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")

COUNTRY, MINISTRY, ORG, TITLE, EVENT = "KG_COUNTRY", "KG_MINISTRY", "KG_ORG", "KG_TITLE", "KG_EVENT"
# One-word country names of at least this many letters are also matched in capitals ("UKRAINE" in a dateline);
# shorter words in capitals are too often acronyms.
CAPS_COUNTRY_MIN = 5
ABBREV_HYPHEN = r"(?<=[A-Z]\.)[\-\u2013](?=[A-Za-z])"
# "/TASS/.", "MOSCOW, May 2 /TASS/": a wire service's name between slashes in a dateline.
SLASH_PREFIX = r"/(?=[A-Z])"
SLASH_SUFFIXES = (r"(?<=[A-Z])/", r"(?<=[A-Z]/)\.")
# "... with Putin.—AFP", "said Modi—AFP": a dash glued to the word before a wire service's name at a story's end.
DASH_INFIXES = (r"(?<=[a-z])\.(?=[\u2014\u2013][A-Z])", r"(?<=[a-z.])\u2014(?=[A-Z])")


# The model's matrix products: thinc's CPU default is BLIS, whose generic kernels run far slower than the
# OpenBLAS numpy ships (dot products of the sizes these models use: 2.5 ms against 0.4 here). NumPy's dot gives
# the same parses (tags, heads, labels, lemmas and entities were compared token by token), in about 60 % of the
# CPU time. KGBUILD_BLIS=1 keeps thinc's default.
BLIS_ENV = "KGBUILD_BLIS"


def _model_ops() -> contextlib.AbstractContextManager:
    """Where the model's layers are built: numpy's matrix products instead of BLIS, on the CPU only (a GPU or a
    transformer model keeps its own), unless KGBUILD_BLIS is set."""
    from thinc.api import NumpyOps, get_current_ops, use_ops

    if os.environ.get(BLIS_ENV, "") not in ("", "0") or type(get_current_ops()) is not NumpyOps:
        return contextlib.nullcontext()
    return use_ops("numpy", use_blis=False)


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Matrix products on one thread while parsing: kgbuild runs one process per core (--workers), and OpenBLAS
    threads on matrices this small cost more CPU than they save time (about twice the CPU, no faster)."""
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load the model once per process and add the kgbuild ruler before its NER."""
    name = available_model(model)
    with _model_ops():
        nlp = spacy.load(name, exclude=["senter"])
    # "U.S.-Iran talks", "U.S.-led": a hyphen after an abbreviation's full stop joins two words.
    infixes = list(nlp.Defaults.infixes) + [ABBREV_HYPHEN, *DASH_INFIXES]
    # One new tokenizer with all three rules: setting them one by one on the model's tokenizer re-tokenizes its
    # 6,700 special cases after each (0.1 s of every start, in every worker).
    old = nlp.tokenizer
    nlp.tokenizer = Tokenizer(
        nlp.vocab, rules=old.rules, token_match=old.token_match, url_match=old.url_match,
        faster_heuristics=old.faster_heuristics,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer,
        prefix_search=spacy.util.compile_prefix_regex(list(nlp.Defaults.prefixes) + [SLASH_PREFIX]).search,
        suffix_search=spacy.util.compile_suffix_regex(list(nlp.Defaults.suffixes) + list(SLASH_SUFFIXES)).search)
    for pipe in list(nlp.pipe_names):
        if pipe not in USED_COMPONENTS:
            nlp.disable_pipe(pipe)
    if "attribute_ruler" in nlp.pipe_names:
        rules = nlp.get_pipe("attribute_ruler")
        nlp.replace_pipe("attribute_ruler", "kgbuild_attribute_ruler")
        nlp.get_pipe("attribute_ruler").compile(rules)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kgbuild_line_breaks", before="parser")
    ruler = nlp.add_pipe("kgbuild_ruler", before="ner" if "ner" in nlp.pipe_names else None)
    ruler.add_patterns(build_patterns())
    return nlp


@Language.factory("kgbuild_ruler")
def make_ruler(nlp: Language, name: str) -> PatternRuler:
    return PatternRuler(nlp)


class PatternRuler:
    """spaCy's EntityRuler (overwrite_ents off) with the same patterns and the same result, compiled for speed.

    A token Matcher tries every pattern at every token, so each pattern costs time on every word of every
    article. Patterns that are exact phrases therefore go to PhraseMatchers, which look a phrase up in one
    step however many there are: string patterns match the words as written (ORTH), and token patterns
    made only of `{"LOWER": "word"}` items (long country names in any case) match on LOWER. Only the
    patterns that need more (IN lists, operators, IS_TITLE) stay in the token Matcher. Phrase patterns
    are tokenized with the tokenizer alone (EntityRuler runs the whole pipeline over each, to no use
    when matching on ORTH). Matches then become entities exactly as EntityRuler.set_annotations makes
    them: longest first, then leftmost; never over a token that already has an entity type.
    """

    ID_SEP = "||"  # as EntityRuler: a pattern with an id is keyed "LABEL||id"

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.orth_phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.ent_ids: dict[int, tuple[str, str]] = {}
        self.counts = {"token": 0, "orth": 0, "lower": 0}
        # Which tokens can be part of a token-pattern match (see _runs); None: any token can.
        self.gate: tuple[set[int], set[int], bool] | None = (set(), set(), False)

    def _key(self, label: str, ent_id: str | None) -> str:
        if ent_id is None:
            return label
        key = f"{label}{self.ID_SEP}{ent_id}"
        self.ent_ids[self.nlp.vocab.strings.add(key)] = (label, ent_id)
        return key

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        from spacy.tokens import Doc

        token: dict[str, list] = {}
        orth: dict[str, list] = {}
        lower: dict[str, list] = {}
        for entry in patterns:
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                # EntityRuler keeps the id of a phrase pattern only when it is not empty
                key = self._key(entry["label"], entry.get("id") or None)
                orth.setdefault(key, []).append(self.nlp.make_doc(pattern))
            elif isinstance(pattern, list):
                key = self._key(entry["label"], entry["id"] if "id" in entry else None)
                if pattern and all(isinstance(t, dict) and t.keys() == {"LOWER"} and isinstance(t["LOWER"], str)
                                   for t in pattern):
                    lower.setdefault(key, []).append(Doc(self.nlp.vocab, words=[t["LOWER"] for t in pattern]))
                else:
                    token.setdefault(key, []).append(pattern)
                    self._open_gate(pattern)
            else:
                raise ValueError(f"a ruler pattern is a string or a list of token dicts, not {pattern!r}")
        for key, items in token.items():
            self.matcher.add(key, items)
        for key, docs in orth.items():
            self.orth_phrases.add(key, docs)
        for key, docs in lower.items():
            self.lower_phrases.add(key, docs)
        self.counts["token"] += sum(map(len, token.values()))
        self.counts["orth"] += sum(map(len, orth.values()))
        self.counts["lower"] += sum(map(len, lower.values()))

    def _open_gate(self, pattern: list) -> None:
        """Let the gate pass every token that some item of `pattern` may match: one test each item cannot
        match without (its LOWER or ORTH values, or IS_TITLE). An item with none closes no token out."""
        if self.gate is None:
            return
        lower, orth, title = self.gate
        strings = self.nlp.vocab.strings
        for item in pattern:
            spec = {str(k).upper(): v for k, v in item.items()} if isinstance(item, dict) else {}
            if spec.get("OP") == "!":
                self.gate = None  # a negated item stands for a token that fails its tests
                return
            for attr, into in (("LOWER", lower), ("ORTH", orth)):
                v = spec.get(attr)
                values = [v] if isinstance(v, str) else v.get("IN") if isinstance(v, dict) and len(v) == 1 else None
                if isinstance(values, list) and all(isinstance(x, str) for x in values):
                    into.update(strings.add(x) for x in values)
                    break
            else:
                if spec.get("IS_TITLE") is True:
                    title = True
                else:
                    self.gate = None
                    return
        self.gate = (lower, orth, title)

    def _runs(self, doc: Doc) -> list:
        """The stretches of `doc` where the token Matcher can match: every token of a match passes the gate,
        so a match lies within one maximal run of tokens that pass it. The Matcher then reads those runs
        instead of every token (news text is mostly words no kgbuild token pattern can start or continue)."""
        from spacy.attrs import IS_TITLE, LOWER, ORTH

        if self.gate is None:
            return [doc[:]]
        lower, orth, title = self.gate
        runs, start = [], None
        for i, (lo, ot, ti) in enumerate(doc.to_array([LOWER, ORTH, IS_TITLE]).tolist()):
            if lo in lower or ot in orth or (title and ti):
                if start is None:
                    start = i
            elif start is not None:
                runs.append(doc[start:i])
                start = None
        if start is not None:
            runs.append(doc[start:])
        return runs

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = set()
        if len(self.matcher):
            for run in self._runs(doc):
                base = run.start
                matches.update((m_id, start + base, end + base) for m_id, start, end in self.matcher(run)
                               if start != end)
        for matcher in (self.orth_phrases, self.lower_phrases):
            if len(matcher):
                matches.update((m_id, start, end) for m_id, start, end in matcher(doc) if start != end)
        return sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in self.match(doc):
            if any(t.ent_type for t in doc[start:end]):
                continue
            if start not in seen_tokens and end - 1 not in seen_tokens:
                if match_id in self.ent_ids:
                    label, ent_id = self.ent_ids[match_id]
                    span = Span(doc, start, end, label=label, span_id=ent_id)
                else:
                    span = Span(doc, start, end, label=match_id)
                new_entities.append(span)
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen_tokens.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


@Language.factory("kgbuild_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> QuickAttributeRuler:
    return QuickAttributeRuler(nlp.vocab)


class QuickAttributeRuler:
    """The model's attribute_ruler (tag -> POS and morphology, lemma exceptions) with the same result, faster.

    spaCy's AttributeRuler runs a token Matcher with all its rules (179 in en_core_web_sm) over every
    token: about an eighth of the whole parse. Nearly all rules are one token tested for equality on a
    few attributes ({"TAG": "NNS"}, {"LOWER": "'s", "TAG": "POS"}, IN lists); those become dictionary
    look-ups on the token's attributes. Rules of a fixed number of tokens with equality, IN, NOT_IN and
    REGEX tests ("gon" + "na", {"DEP": {"NOT_IN": [...]}, "TAG": "DT"}) are looked up by one of their
    equality tests and then checked in full. Anything else (operators, other predicates) stays in a
    Matcher. All matches are then applied as AttributeRuler applies them: in the order of the rules, a
    later rule overriding an earlier one, every match read from the tokens as they were before any change.
    """

    ATTRS = ("ORTH", "LOWER", "TAG", "DEP", "IS_SPACE")
    STRING_ATTRS = ("ORTH", "LOWER", "TAG", "DEP")  # REGEX tests read these as text

    def __init__(self, vocab) -> None:
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.matcher = Matcher(vocab, validate=False)
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        self.tables: list[tuple[tuple[str, ...], dict[tuple[int, ...], list[int]]]] = []
        # checked rules: (rule, tests per token); anchored by the value of one attribute of one token
        self.checked: list[tuple[int, list[list[tuple]]]] = []
        self.anchors: dict[str, dict[int, list[tuple[int, int]]]] = {}  # attr -> value -> (checked rule, position)
        self.unanchored: list[int] = []
        self.columns: list[str] = []
        self._regex_memo: dict[tuple[int, int], bool] = {}

    def compile(self, ruler) -> None:
        """Take the rules of a spaCy AttributeRuler, in its order."""
        tables: dict[tuple[str, ...], dict[tuple[int, ...], list[int]]] = {}
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        used: set[str] = set()
        for n, rule in enumerate(ruler.patterns):
            rest = []
            for pattern in rule["patterns"]:
                tests = self._tests(pattern)
                if tests is None or not -len(tests) <= rule["index"] < len(tests):
                    rest.append(pattern)
                    continue
                used.update(t[0] for token in tests for t in token)
                if len(tests) == 1 and all(kind == "IN" for _, kind, _ in tests[0]):
                    names = tuple(sorted(attr for attr, _, _ in tests[0]))
                    values = dict((attr, sorted(v)) for attr, _, v in tests[0])
                    table = tables.setdefault(names, {})
                    for combination in itertools.product(*(values[a] for a in names)):
                        if n not in table.setdefault(combination, []):
                            table[combination].append(n)
                    continue
                self.checked.append((n, tests))
                anchor = next(((pos, attr, v) for pos, token in enumerate(tests) for attr, kind, v in token
                               if kind == "IN"), None)
                if anchor is None:
                    self.unanchored.append(len(self.checked) - 1)
                else:
                    pos, attr, values = anchor
                    for v in values:
                        self.anchors.setdefault(attr, {}).setdefault(v, []).append((len(self.checked) - 1, pos))
            if rest:
                self.matcher.add(str(n), rest)
        self.tables = sorted(tables.items())
        self.columns = sorted(used)

    def _tests(self, pattern) -> list[list[tuple]] | None:
        """Per token, (attribute, "IN" | "NOT_IN" | "REGEX", values or compiled regex); None for a pattern the
        look-ups do not cover. An equality is an IN test of one value."""
        import re

        if not isinstance(pattern, list) or not pattern:
            return None
        out = []
        for spec in pattern:
            if not isinstance(spec, dict) or not spec:
                return None
            tests = []
            for attr, value in spec.items():
                attr = str(attr).upper()
                if attr not in self.ATTRS:
                    return None  # OP, other attributes, extensions
                if isinstance(value, dict):
                    if len(value) != 1:
                        return None
                    kind, arg = next(iter(value.items()))
                    kind = str(kind).upper()
                else:
                    kind, arg = "IN", [value]
                if kind == "REGEX":
                    if attr not in self.STRING_ATTRS or not isinstance(arg, str):
                        return None
                    tests.append((attr, "REGEX", re.compile(arg)))
                    continue
                if kind not in ("IN", "NOT_IN") or not isinstance(arg, list):
                    return None
                if attr == "IS_SPACE":
                    if not all(isinstance(v, bool) for v in arg):
                        return None
                    values = frozenset(int(v) for v in arg)
                elif all(isinstance(v, str) for v in arg):
                    values = frozenset(self.vocab.strings.add(v) for v in arg)
                else:
                    return None
                tests.append((attr, kind, values))
            out.append(tests)
        return out

    def _passes(self, tests: list[list[tuple]], cols: dict[str, list[int]], start: int) -> bool:
        strings = self.vocab.strings
        for offset, token in enumerate(tests):
            i = start + offset
            for attr, kind, arg in token:
                value = cols[attr][i]
                if kind == "IN":
                    if value not in arg:
                        return False
                elif kind == "NOT_IN":
                    if value in arg:
                        return False
                else:
                    key = (id(arg), value)
                    hit = self._regex_memo.get(key)
                    if hit is None:
                        hit = self._regex_memo[key] = bool(arg.search(strings[value]))
                    if not hit:
                        return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        matches: set[tuple[int, int, int]] = set()
        n_tokens = len(doc)
        if self.columns and n_tokens:
            arr = doc.to_array(self.columns)
            if arr.ndim == 1:
                arr = arr.reshape(-1, 1)
            cols = dict(zip(self.columns, arr.T.tolist()))
            for names, table in self.tables:
                get = table.get
                for i, key in enumerate(zip(*(cols[a] for a in names))):
                    rules = get(key)
                    if rules:
                        matches.update((n, i, i + 1) for n in rules)
            for attr, index in self.anchors.items():
                get = index.get
                for i, value in enumerate(cols[attr]):
                    for c, pos in get(value, ()):
                        n, tests = self.checked[c]
                        start = i - pos
                        if 0 <= start and start + len(tests) <= n_tokens and self._passes(tests, cols, start):
                            matches.add((n, start, start + len(tests)))
            for c in self.unanchored:
                n, tests = self.checked[c]
                for start in range(n_tokens - len(tests) + 1):
                    if self._passes(tests, cols, start):
                        matches.add((n, start, start + len(tests)))
        if len(self.matcher):
            strings = self.vocab.strings
            matches.update((int(strings[m_id]), s, e) for m_id, s, e in self.matcher(doc, allow_missing=True))
        attrs, indices = self.attrs, self.indices
        for n, start, end in sorted(matches):
            set_token_attrs(doc[start:end][indices[n]] if end - start > 1 else doc[start], attrs[n])
        return doc


@Language.component("kgbuild_line_breaks")
def line_breaks(doc):
    """A line break ends a sentence: titles, captions and paragraphs never run into the next."""
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def build_patterns() -> list[dict[str, Any]]:
    gaz = get_gazetteer()
    patterns: list[dict[str, Any]] = []
    # Countries, their abbreviations and demonyms: exact phrases from the gazetteer.
    for surface, hit in gaz.country_forms.items():
        patterns.append({"label": COUNTRY, "pattern": surface, "id": hit.code})
        if surface.isascii() and len(surface) >= CAPS_COUNTRY_MIN and " " not in surface and hit.kind == "name":
            patterns.append({"label": COUNTRY, "pattern": surface.upper(), "id": hit.code})
        if " " in surface and hit.kind == "name" and surface.isascii():
            # "United states of America": long names are matched whatever the case of their words.
            patterns.append({"label": COUNTRY, "id": hit.code,
                             "pattern": [{"LOWER": w.lower()} for w in surface.split()]})

    ttl = titles()
    ranks_heads = {r.split()[-1] for r in ttl["ranks"]}
    heads = sorted(set(ttl["heads"]) | ranks_heads)
    strong_heads = sorted(set(heads) - set(ttl["not_heads_alone"]))
    mods = sorted(set(ttl["modifiers"]) - {"of"})
    hyphen = {"ORTH": {"IN": ["-", "\u2010", "\u2013"]}}
    title_core = [
        [{"LOWER": {"IN": strong_heads}}],
        [{"LOWER": {"IN": mods}, "OP": "+"}, {"LOWER": {"IN": heads}}],
        # Hyphenated forms the tokenizer splits: "Secretary-General", "lieutenant-general".
        [{"LOWER": {"IN": mods}, "OP": "*"}, {"LOWER": {"IN": heads}}, hyphen, {"LOWER": {"IN": heads}}],
        [{"LOWER": {"IN": mods}, "OP": "*"}, {"LOWER": {"IN": mods}}, hyphen, {"LOWER": {"IN": heads}}],
    ]
    ministries = load_data("ministries.json")
    portfolio_words = sorted({w for p in ministries["portfolios"] for w in p.replace(",", "").split()} - {"and"})
    complement = [{"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"},
                  {"LOWER": {"IN": portfolio_words}, "OP": "+"}]
    # "Minister of Communication and Multimedia": two portfolios joined in one title.
    joined = complement + [{"LOWER": {"IN": ["and", "&"]}}, {"LOWER": {"IN": portfolio_words}, "OP": "+"}]
    # "Algerian PM X", "his counterpart FM Y", "Z, Nicaraguan FM,": a title's short form, written in capitals.
    title_core.append([{"ORTH": {"IN": sorted(a.upper() for a in ttl["title_abbreviations"])}}])
    for core in title_core:
        patterns.append({"label": TITLE, "pattern": core})
        patterns.append({"label": TITLE, "pattern": core + complement})
        patterns.append({"label": TITLE, "pattern": core + joined})

    # Ministries: "Ministry of X (and Y)", "X Ministry", "Department of X", "X Office", named bodies.
    mheads = ministries["heads"]
    cap = {"IS_TITLE": True}
    joiner = {"LOWER": {"IN": ["and", "&"]}}
    for h in mheads:
        head = {"LOWER": h}
        patterns.append({"label": MINISTRY, "pattern": [head, {"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"}, {**cap, "OP": "+"}]})
        patterns.append({"label": MINISTRY, "pattern": [head, {"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"}, {**cap, "OP": "+"}, joiner, {**cap, "OP": "+"}]})
        if h in ("ministry", "department"):
            patterns.append({"label": MINISTRY, "pattern": [{"LOWER": {"IN": portfolio_words}, "IS_TITLE": True, "OP": "+"}, {"LOWER": h, "IS_TITLE": True}]})
        else:
            patterns.append({"label": MINISTRY, "pattern": [{"LOWER": {"IN": portfolio_words}, "IS_TITLE": True, "OP": "+"}, {"ORTH": h.title()}]})
    for named in ministries["named"]:
        patterns.append({"label": MINISTRY, "pattern": named["name"], "id": named["country"] or ""})

    # Organisations named by country + head ("British Army"), events ("Operation X", "ASEAN Summit").
    orgs = load_data("organizations.json")
    one_word_forms = sorted(s for s in gaz.country_forms if " " not in s)
    for head in orgs["country_heads"]:
        words = head.split()
        patterns.append({"label": ORG, "pattern": [{"ORTH": {"IN": one_word_forms}}] + [{"LOWER": w, "IS_TITLE": True} for w in words]})
    for name in word_list("news_agencies.txt"):
        patterns.append({"label": ORG, "pattern": name})
    for prefix in orgs["event_prefixes"]:
        patterns.append({"label": EVENT, "pattern": [{"LOWER": prefix}, {"IS_TITLE": True, "OP": "+"}]})
    return patterns
