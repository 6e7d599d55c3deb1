"""Resolution end to end: articles through the real spaCy model, then resolve (one test per rule, including
the merges that must never happen). tests/resolve/test_rules.py tests each rule on hand-made mentions."""
from kgbuild.records import Document
from kgbuild.resolve import resolve_mentions


def resolve(extractor, *texts):
    docs = [Document(doc_id=f"d{i}", text=t) for i, t in enumerate(texts)]
    exts = list(extractor.extract(docs))
    return exts, resolve_mentions(exts)


def entity_with_alias(res, alias, label):
    found = [e for e in res.entities.values() if alias in e.aliases and e.label == label]
    assert len(found) == 1, f"{alias}: {found}"
    return found[0]


def test_kiev_and_kyiv_in_two_documents_are_one_place(extractor):
    _, res = resolve(extractor, "The minister arrived in Kiev on Monday.", "Talks were held in Kyiv.")
    kyiv = entity_with_alias(res, "Kiev", "Place")
    assert "Kyiv" in kyiv.aliases and kyiv.country == "UA"
    assert "GeoNames alternate name of Kyiv" in kyiv.reasons["Kiev"]


def test_uk_britain_british_are_one_country_node_with_iso_id(extractor):
    _, res = resolve(extractor, "The UK said Britain would send British trainers.")
    gb = entity_with_alias(res, "UK", "Country")
    assert gb.id == "GB" and {"Britain", "British"} <= set(gb.aliases)
    assert "demonym of GB" in gb.reasons["British"]


def test_surname_joins_full_name_in_the_same_document(extractor):
    _, res = resolve(extractor, "Defence Secretary John Healey arrived. Healey said the visit went well.")
    healey = entity_with_alias(res, "John Healey", "Person")
    assert "Healey" in healey.aliases
    assert "surname of John Healey" in healey.reasons["Healey"]


def test_transliteration_variants_join_across_documents(extractor):
    _, res = resolve(extractor, "Ukrainian President Volodymyr Zelensky spoke.",
                     "President Volodymyr Zelenskyy arrived.", "Later, President Zelenskiy said the talks went well.")
    z = entity_with_alias(res, "Volodymyr Zelensky", "Person")
    assert {"Volodymyr Zelenskyy", "Zelenskiy"} <= set(z.aliases)


def test_namesakes_with_different_given_names_stay_apart(extractor):
    _, res = resolve(extractor, "President William Ruto spoke in Nairobi.", "Rachel Ruto opened a school in Nairobi.")
    people = {e.name for e in res.entities.values() if e.label == "Person"}
    assert {"William Ruto", "Rachel Ruto"} <= people


def test_person_and_place_with_one_name_never_merge(extractor):
    _, res = resolve(extractor, "Senator Mark Washington met voters.", "The delegation flew to Washington on Friday.")
    labels = {e.label for e in res.entities.values() if any("Washington" in a for a in e.aliases)}
    assert labels == {"Person", "Place"}


def test_acronym_joins_the_organisation_it_abbreviates(extractor):
    _, res = resolve(extractor, "The European Union and the EU parliament met.", "EU leaders gathered.")
    eu = entity_with_alias(res, "European Union", "Organization")
    assert "EU" in eu.aliases


def test_ids_do_not_depend_on_document_order(extractor):
    texts = ["Prime Minister Keir Starmer met President Emmanuel Macron in Paris.",
             "Starmer later visited Kyiv.", "Kiev welcomed Macron."]
    _, a = resolve(extractor, *texts)
    _, b = resolve(extractor, *reversed(texts))
    names = lambda r: sorted((e.id, tuple(e.aliases)) for e in r.entities.values())  # noqa: E731
    assert names(a) == names(b)


def people(res):
    return [e for e in res.entities.values() if e.label == "Person"]


def test_diacritics_join(extractor):
    _, res = resolve(extractor, "Turkish President Recep Tayyip Erdoğan spoke.", "President Recep Tayyip Erdogan arrived.")
    e = entity_with_alias(res, "Recep Tayyip Erdogan", "Person")
    assert "Recep Tayyip Erdoğan" in e.aliases


def test_middle_name_left_out_joins(extractor):
    _, res = resolve(extractor, "President Recep Tayyip Erdogan spoke.", "Turkey's President Tayyip Erdogan arrived.")
    e = entity_with_alias(res, "Recep Tayyip Erdogan", "Person")
    assert "Tayyip Erdogan" in e.aliases


def test_initial_joins_full_given_name(extractor):
    _, res = resolve(extractor, "Indian Foreign Minister Subrahmanyam Jaishankar spoke.",
                     "Foreign Minister S Jaishankar arrived in Tokyo.")
    e = entity_with_alias(res, "Subrahmanyam Jaishankar", "Person")
    assert "S Jaishankar" in e.aliases


def test_particles_and_hyphens_join(extractor):
    _, res = resolve(extractor, "General Abdel Fattah al-Burhan spoke in Khartoum.",
                     "Sudan's leader, General Abdel Fattah Al Burhan, arrived in Cairo.")
    e = entity_with_alias(res, "Abdel Fattah al-Burhan", "Person")
    assert "Abdel Fattah Al Burhan" in e.aliases


def test_korean_name_with_and_without_hyphen(extractor):
    _, res = resolve(extractor, "North Korean leader Kim Jong Un inspected a factory.",
                     "Chairman Kim Jong-un visited Pyongyang.")
    e = entity_with_alias(res, "Kim Jong Un", "Person")
    assert "Kim Jong-un" in e.aliases


def test_transliterated_given_and_surnames_join(extractor):
    _, res = resolve(extractor, "Russian Foreign Minister Sergei Lavrov spoke.", "Minister Sergey Lavrov arrived.",
                     "Russian general Igor Kirrilov was killed.", "Lieutenant-General Igor Kirillov died.")
    assert "Sergey Lavrov" in entity_with_alias(res, "Sergei Lavrov", "Person").aliases
    assert "Igor Kirillov" in entity_with_alias(res, "Igor Kirrilov", "Person").aliases


def test_surname_alone_across_documents_joins_only_an_unambiguous_person(extractor):
    _, res = resolve(extractor, "President Donald Trump spoke.", "Reporters asked Trump about the call.")
    assert "Trump" in entity_with_alias(res, "Donald Trump", "Person").aliases
    _, res = resolve(extractor, "President William Ruto spoke.", "First lady Rachel Ruto opened a school.",
                     "Minister Ruto said nothing.")
    assert "Ruto" not in entity_with_alias(res, "William Ruto", "Person").aliases
    assert "Ruto" not in entity_with_alias(res, "Rachel Ruto", "Person").aliases


def test_namesakes_with_conflicting_countries_stay_apart(extractor):
    _, res = resolve(extractor, "British Foreign Secretary John Smith spoke.", "Australian Defence Minister John Smith spoke.")
    smiths = [e for e in people(res) if e.name == "John Smith"]
    assert len(smiths) == 2 and len({e.id for e in smiths}) == 2


def test_upper_case_dateline_is_the_city(extractor):
    exts, res = resolve(extractor, "KYIV, March 3 (Reuters) - Officials met.")
    kyiv = entity_with_alias(res, "KYIV", "Place")
    assert kyiv.name == "Kyiv" and kyiv.country == "UA"
    assert entity_with_alias(res, "Reuters", "Organization")


def test_ambiguous_place_takes_the_reading_the_context_supports(extractor):
    _, res = resolve(extractor, "Russia said drones struck a refinery in Rostov overnight.")
    rostov = entity_with_alias(res, "Rostov", "Place")
    assert rostov.country == "RU"


def test_demonyms_and_other_names_of_countries(extractor):
    _, res = resolve(extractor, "Emirati and Turkish officials met in the UAE. Türkiye and the United Arab Emirates signed.")
    assert entity_with_alias(res, "Emirati", "Country").id == "AE"
    assert entity_with_alias(res, "UAE", "Country").id == "AE"
    assert entity_with_alias(res, "Turkish", "Country").id == "TR"
    assert entity_with_alias(res, "Türkiye", "Country").id == "TR"


def test_acronym_defined_in_the_text_joins(extractor):
    _, res = resolve(extractor, "The Ministry of Defence (MoD) said on Monday that the MoD would respond.")
    mod = entity_with_alias(res, "Ministry of Defence", "Ministry")
    assert "MoD" in mod.aliases and mod.name == "Ministry of Defence"


def test_ministries_of_different_countries_are_two_nodes(extractor):
    _, res = resolve(extractor, "Britain's Ministry of Defence said one thing.", "Ukraine's Ministry of Defence said another.")
    mods = [e for e in res.entities.values() if e.label == "Ministry"]
    assert sorted(e.country for e in mods) == ["GB", "UA"]


def test_two_countries_ministries_in_one_document_are_two_nodes(extractor):
    exts, res = resolve(extractor, "British Defence Secretary John Healey met Ukrainian Defence Minister Rustem Umerov. "
                                   "The British Ministry of Defence and the Ukrainian Ministry of Defence agreed.")
    mods = [e for e in res.entities.values() if e.label == "Ministry"]
    assert sorted(e.country for e in mods) == ["GB", "UA"]
    ua = next(e for e in mods if e.country == "UA")
    assert "Ukrainian Ministry of Defence" in ua.aliases and "British Ministry of Defence" not in ua.aliases


def test_defence_ministry_and_ministry_of_defence_of_one_country_join(extractor):
    _, res = resolve(extractor, "The Russian Defence Ministry said the strike hit a depot.",
                     "Russia's Ministry of Defence published a video.")
    mods = [e for e in res.entities.values() if e.label == "Ministry"]
    assert len(mods) == 1 and mods[0].country == "RU"
    assert {"Defence Ministry", "Ministry of Defence"} <= set(mods[0].aliases)


def test_place_and_person_named_alike_never_merge(extractor):
    _, res = resolve(extractor, "Senator Sydney Kamara visited Sydney on Friday.")
    labels = sorted(e.label for e in res.entities.values() if any("Sydney" in a for a in e.aliases))
    assert labels == ["Person", "Place"]
