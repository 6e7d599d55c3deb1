"""The per-document index: positions of mentions, sentences, titles and dates, built once per document."""
import datetime as dt

import pytest

from kgbuild.extract.docindex import DocIndex

TEXT = ("Sir Keir Hollis met Foreign Minister Anna Berg of Norway in Oslo on Monday. "
        "The two held talks at the palace. Later that day Hollis flew to Bergen.")


def test_every_token_knows_its_sentence(index):
    ix = index(TEXT)
    assert len(ix.sentences) == 3
    assert len(ix.sent_of) == len(ix.doc)
    bergen = next(t for t in ix.doc if t.text == "Bergen")
    assert ix.sent_of[bergen.i] == 2
    assert ix.sentence_of(bergen.i).text.startswith("Later that day")


def test_a_token_maps_to_its_mention(index):
    ix = index(TEXT)
    oslo = next(t for t in ix.doc if t.text == "Oslo")
    assert ix.text(ix.mention_at[oslo.i]) == "Oslo"
    assert ix.label_at(oslo.i) == "Place"
    assert ix.label_at(next(t for t in ix.doc if t.text == "palace").i) is None


def test_the_longest_mention_over_a_token_wins(index):
    # The body inside an event is a mention of its own, but its token reads as the event.
    ix = index("Delegates attended the 27th EU summit in Brussels.")
    eu = next(t for t in ix.doc if t.text == "EU")
    assert "EU" in {ix.text(i) for i, f in enumerate(ix.found) if f.label == "Organization"}
    assert ix.text(ix.mention_at[eu.i]) == "27th EU summit in Brussels"
    # ... and the place of its complement reads as the place.
    brussels = next(t for t in ix.doc if t.text == "Brussels")
    assert ix.text(ix.mention_at[brussels.i]) == "Brussels"


def test_titles_are_indexed_by_their_ends(index):
    ix = index(TEXT)
    anna = next(t for t in ix.doc if t.text == "Anna")
    title = ix.title_at_end[anna.i]
    assert ix.doc[title.start:title.end].text == "Foreign Minister"
    assert ix.title_at_start[title.start] is title


def test_bodies_and_countries_by_position(index):
    ix = index("Norway's Foreign Ministry said the minister would visit the country again.")
    ministry = ix.ministries[0]
    assert ix.text(ministry) == "Foreign Ministry"
    country = next(t for t in ix.doc if t.text == "country")
    assert ix.text(ix.country_before(country.i)) == "Norway"
    norway = next(i for i, f in enumerate(ix.found) if ix.text(i) == "Norway")
    assert ix.body_at_end[ix.found[norway].end] == norway


def test_no_country_before_the_first_one(index):
    ix = index("The country was quiet before Norway spoke.")
    assert ix.country_before(1) is None


def test_dates_resolve_against_the_publication_date(index):
    ix = index(TEXT, published="2024-03-06")
    first, second, third = ix.sentences
    assert ix.date_of(first) == "2024-03-04"  # the Monday before a Wednesday
    assert ix.date_of(second) is None
    assert ix.dates.get(third.start) is None or ix.date_of(third) is None  # "that day" gives no date


def test_without_a_publication_date_a_weekday_is_no_date(index):
    ix = index(TEXT)
    assert ix.date_of(ix.sentences[0]) is None


def test_the_index_is_built_from_final_mentions_only(index, extractor):
    doc = extractor.nlp("President Ana Lopes met Chancellor Erik Holm.")
    ix = DocIndex.build(doc, [], [])
    assert ix.mention_at == {} and ix.ministries == () and ix.country_before(len(doc)) is None


# ------------------------------------------------------------------ the dateline
@pytest.mark.parametrize("text, place", [
    ("Talks end\n\nKYIV, June 3 (Reuters) - President Ana Lopes spoke.", "KYIV"),
    ("Talks end\n\nHanoi, June 22 - President Ana Lopes spoke.", "Hanoi"),
    ("Talks end\n\nAbuja \u2014 Nigeria's foreign minister spoke.", "Abuja"),
    ("Talks end\n\nMANILA, Philippines \u2014 President Ana Lopes spoke.", "MANILA"),
    ("Talks end\n23 May 2024\nBy Ivo Dunn\n\nArmenia - Ana Lopes spoke.", "Armenia"),
    # agency forms: a colon, a date written right after the place, a full stop after a place in capitals
    ("Talks end\n\nNAIROBI: President Ana Lopes spoke on Monday.", "NAIROBI"),
    ("Talks end\n\nLima: President Ana Lopes spoke on Monday.", "Lima"),
    ("Talks end\n\nNairobi March 12/ 2021 President Ana Lopes spoke on Monday.", "Nairobi"),
    ("Talks end\n\nNAIROBI. KENPRESS President Ana Lopes spoke on Monday.", "NAIROBI"),
])
def test_the_dateline_is_the_place_opening_an_early_line(index, text, place):
    ix = index(text)
    assert ix.dateline is not None and ix.text(ix.dateline) == place


@pytest.mark.parametrize("text", [
    "Talks end\n\nPresident Ana Lopes flew to Hanoi, where she spoke.",
    "Talks end\n\nIn Hanoi, President Ana Lopes spoke.",
    "Norway, Sweden sign a deal\n\nThe deal was signed.",
    "Talks end\n\nKenya Tuesday said President Ana Lopes spoke.",  # a weekday is no dateline's date
    "Talks end\n\nLima: the talks that never were",  # a colon before a lower-case word
])
def test_a_place_in_a_sentence_is_no_dateline(index, text):
    assert index(text).dateline is None


def test_without_a_publication_date_the_first_full_date_dates_the_article(index):
    ix = index("Talks end\nMonday, September 28, 2020\n\nPresident Ana Lopes spoke on Friday.")
    assert ix.published == dt.date(2020, 9, 28) and ix.stated_published is None
    assert ix.date_of(ix.sentences[-1]) == "2020-09-25"


def test_a_credit_line_is_no_dateline(index):
    ix = index("Talks end\n23 January 2024\nThe Daily Star (Lagos)\nBy Ivo Dunn\n\nAbuja \u2014 Nigeria's Foreign "
               "Minister Yusuf Bello received the envoy in Abuja on Tuesday.")
    assert ix.text(ix.dateline) == "Abuja"
