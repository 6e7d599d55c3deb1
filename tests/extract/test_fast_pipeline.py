"""kgbuild's faster pipeline parts give exactly what the spaCy components they stand for give.

QuickAttributeRuler stands for the model's attribute_ruler, PatternRuler for an EntityRuler with kgbuild's
patterns, and PatternMatcher matches sentence by sentence instead of whole Docs: each is compared here with
the stock component on hand-written news text, token by token and entity by entity.
"""
import pytest
import spacy
from spacy.tokens import Doc

from kgbuild.extract.nlp import available_model, build_patterns, load_pipeline
from kgbuild.extract.patterns import PatternMatcher, RelationPattern, load_patterns

TEXTS = [
    "KYIV, March 3 (Meridian) - Ukraine's Defence Minister Petro Halyna met his Polish counterpart in Warsaw on "
    "Tuesday, the Ministry of Defence said. There is no sign the talks will end soon.\n"
    "Let's be clear: we ain't gonna stop, said Deputy Prime Minister Olena Ruslanivna. Y'all know it.",
    "The United states of America and the UNITED KINGDOM signed a deal. Secretary-General Mara Teles of the "
    "Foreign and Commonwealth Office called it historic; the lieutenant-general did not. I'd say it's nothin' new.",
    "British Army officers and the Indian Navy took part in Operation Northern Shield. Vice Foreign Minister "
    "for Asia and Pacific Affairs Jun Mori told reporters he had spoken with the Department of State.\n\n"
    "Photo: Prime Minister Leila Haddad (L) greets President Tomas Varga in Budapest, April 2.",
    "It was raining.  Nobody came.\nThe Minister of Foreign Affairs and Trade, who is 64, declined to comment. "
    "Reuters and Agence France-Presse reported that the U.S.-led coalition had met in Doha.",
]


@pytest.fixture(scope="module")
def kg_nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def stock_nlp(kg_nlp):
    """The same model with spaCy's own attribute_ruler and an EntityRuler holding kgbuild's patterns."""
    nlp = spacy.load(available_model(None), exclude=["senter"])
    nlp.tokenizer = kg_nlp.tokenizer  # kgbuild's infix rule, so both sides see the same tokens
    for pipe in list(nlp.pipe_names):
        if pipe not in kg_nlp.pipe_names:
            nlp.disable_pipe(pipe)
    nlp.add_pipe("kgbuild_line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kgbuild_ruler", before="ner",
                         config={"overwrite_ents": False, "validate": False})
    ruler.add_patterns(build_patterns())
    return nlp


def test_the_model_runs_with_kgbuild_components_in_place_of_the_stock_ones(kg_nlp):
    assert type(kg_nlp.get_pipe("attribute_ruler")).__name__ == "QuickAttributeRuler"
    ruler = kg_nlp.get_pipe("kgbuild_ruler")
    # the exact phrases (countries, demonyms, agencies, named ministries) are not token patterns
    assert ruler.counts["orth"] > 1000 and ruler.counts["lower"] > 100 and ruler.counts["token"] < 100


@pytest.mark.parametrize("n", range(len(TEXTS)))
def test_tokens_and_entities_are_those_of_the_stock_components(kg_nlp, stock_nlp, n):
    ours, theirs = kg_nlp(TEXTS[n]), stock_nlp(TEXTS[n])
    assert [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in ours] == \
           [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in theirs]
    assert [(e.start, e.end, e.label_, e.ent_id_) for e in ours.ents] == \
           [(e.start, e.end, e.label_, e.ent_id_) for e in theirs.ents]
    assert any(e.label_.startswith("KG_") for e in ours.ents)


def test_attribute_rules_are_applied_like_spacys_on_the_same_parse(kg_nlp, stock_nlp):
    """Same parse in, then each attribute ruler alone: POS, morphology and lemma exceptions agree."""
    quick, stock = kg_nlp.get_pipe("attribute_ruler"), stock_nlp.get_pipe("attribute_ruler")
    upto = kg_nlp.pipe_names.index("attribute_ruler")
    with kg_nlp.select_pipes(enable=kg_nlp.pipe_names[:upto]):
        for text in TEXTS:
            doc = kg_nlp(text)
            copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
            a, b = quick(doc), stock(copy)
            assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.pos_, str(t.morph), t.lemma_) for t in b]


def _whole_doc_matches(matcher, doc):
    """What PatternMatcher gave when it ran the DependencyMatcher over the whole Doc."""
    out = {}
    for match_id, token_ids in matcher.matcher(doc):
        for p in matcher.by_key[match_id]:
            roles = {n["RIGHT_ID"]: t for n, t in zip(p.nodes, token_ids) if n["RIGHT_ID"] in ("trigger", "a", "b", "place")}
            key = (p.name, roles["trigger"], roles["a"])
            if key not in out or len(roles) > len(out[key]):
                out[key] = roles
    return {(key[0], tuple(sorted(roles.items()))) for key, roles in out.items()}


def test_relation_patterns_match_sentence_by_sentence_as_on_the_whole_doc(kg_nlp):
    shipped = load_patterns().patterns
    # a word-order operator makes the matcher read the whole Doc
    ordered = shipped + [RelationPattern("after", "MET", 0.5, [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "shake"}},
        {"LEFT_ID": "trigger", "REL_OP": ".*", "RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "varga"}}], "test")]
    text = ("It rained in Budapest. Prime Minister Leila Haddad shook hands with President Tomas Varga there.\n"
            "Ambassador Jun Mori presented his credentials to Varga on Monday. Varga later hosted a dinner for "
            "Mori. Nobody else came.")
    doc = kg_nlp(text)
    assert PatternMatcher(kg_nlp.vocab, shipped)._by_sentence is True
    assert PatternMatcher(kg_nlp.vocab, ordered)._by_sentence is False
    for patterns in (shipped, ordered):
        matcher = PatternMatcher(kg_nlp.vocab, patterns)
        found = {(m.pattern.name, tuple(sorted(m.tokens.items()))) for m in matcher(doc)}
        assert len(found) >= 2
        assert found == _whole_doc_matches(matcher, doc)


def test_the_model_multiplies_matrices_with_numpy_and_parses_as_with_blis(kg_nlp, stock_nlp):
    """kgbuild builds the model's layers on numpy's matrix products (thinc's default is its BLIS kernels, several
    times slower here); the stock side above keeps thinc's default, so the comparisons above are across both."""
    from thinc.api import NumpyOps

    for name in ("tok2vec", "tagger", "parser", "ner"):
        ops = kg_nlp.get_pipe(name).model.ops
        assert type(ops) is NumpyOps and ops.use_blis is False, name
    assert stock_nlp.get_pipe("ner").model.ops.use_blis is True


def test_kgbuild_blis_keeps_thincs_default(monkeypatch):
    from kgbuild.extract.nlp import BLIS_ENV, _model_ops

    monkeypatch.setenv(BLIS_ENV, "1")
    with _model_ops():
        nlp = spacy.load(available_model(None), exclude=["senter"])
    assert nlp.get_pipe("ner").model.ops.use_blis is True


def test_the_parse_runs_its_matrix_products_on_one_thread():
    """One process per core (--workers): OpenBLAS threads on matrices this small only burn CPU."""
    from threadpoolctl import threadpool_info

    from kgbuild.extract.nlp import one_blas_thread

    with one_blas_thread():
        assert all(lib["num_threads"] == 1 for lib in threadpool_info() if lib["user_api"] == "blas")
