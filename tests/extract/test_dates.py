"""Dates as the text gives them, made ISO against the publication date (extract/dates.py)."""
import datetime as dt

import pytest

from kgbuild.extract.dates import parse_published, resolve_date

THURSDAY = dt.date(2024, 12, 19)


@pytest.mark.parametrize("text, iso", [
    ("March 3", "2024-03-03"),  # the publication year
    ("3 March 2023", "2023-03-03"),
    ("Sept. 12", "2024-09-12"),
    ("Dec 31st, 2023", "2023-12-31"),
    ("yesterday", "2024-12-18"),
    ("today", "2024-12-19"),
    ("on Monday", "2024-12-16"),  # the Monday before
    ("Thursday", "2024-12-19"),  # the day itself
    ("next Monday", "2024-12-23"),
    ("last month", "2024-11"),
    ("this month", "2024-12"),
])
def test_dates_against_a_thursday(text, iso):
    assert resolve_date(text, THURSDAY) == iso


@pytest.mark.parametrize("text", ["Feb 30", "last week", "2023", "the summit"])
def test_what_cannot_be_pinned_down_is_no_date(text):
    assert resolve_date(text, THURSDAY) is None


def test_without_a_publication_date_only_full_dates_resolve():
    assert resolve_date("3 March 2023", None) == "2023-03-03"
    assert resolve_date("March 3", None) is None
    assert resolve_date("yesterday", None) is None


def test_publication_dates_are_read_leniently():
    assert parse_published("2024-05-07T10:00:00Z") == dt.date(2024, 5, 7)
    assert parse_published("May 7") is None and parse_published(None) is None and parse_published("") is None


def test_relative_weekday_resolves_against_published_date(extract):
    ext = extract("President Ana Lopes met Chancellor Erik Holm in Madrid on Wednesday.", published="2024-12-19")
    met = next(r for r in ext.relations if r.type == "MET")
    assert met.date == "2024-12-18"


def test_a_relation_without_a_date_in_its_sentence_has_none(extract):
    ext = extract("President Ana Lopes met Chancellor Erik Holm in Madrid.", published="2024-12-19")
    assert next(r for r in ext.relations if r.type == "MET").date is None


def test_a_full_date_is_read_with_its_year_only():
    from kgbuild.extract.dates import full_date
    assert full_date("Monday, September 28, 2020") == dt.date(2020, 9, 28)
    assert full_date("23 January 2024") == dt.date(2024, 1, 23)
    assert full_date("September 28") is None and full_date("EXPO 2027") is None


def test_without_a_publication_date_the_dateline_dates_the_article(extract):
    ext = extract("Talks in Hanoi\n\nHANOI, June 22, 2023 - President Ana Lopes met Chancellor Erik Holm on "
                  "Monday.")
    met = next(r for r in ext.relations if r.type == "MET")
    assert met.date == "2023-06-19"  # the Monday before the dateline's Thursday


def test_a_stated_publication_date_wins_over_the_text(extract):
    ext = extract("Talks in Hanoi\n\nHANOI, June 22, 2023 - President Ana Lopes met Chancellor Erik Holm on "
                  "Monday.", published="2024-12-19")
    assert next(r for r in ext.relations if r.type == "MET").date == "2024-12-16"
