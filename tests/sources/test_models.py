"""Sources keep their verbatim text; quotes are located in it, never typed."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from apps.sources.models import Quote, Source
from tests.conftest import ARTICLE


def test_source_stores_the_sha256_of_its_text(source):
    assert source.text_sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()


def test_arabic_text_round_trips_unchanged_through_postgresql(source):
    assert Source.objects.get(pk=source.pk).text == ARTICLE


def test_quote_offsets_are_computed_from_the_source_text(source, make_quote):
    quote = make_quote("أكثر من مئتي خلية")
    assert source.text[quote.start : quote.end] == "أكثر من مئتي خلية"
    assert quote.in_source


def test_quote_not_in_its_source_is_refused_with_the_nearest_passage(make_quote):
    with pytest.raises(ValidationError) as error:
        make_quote("اعتقال 215 خلية إرهابية")
    message = error.value.message_dict["text"][0]
    assert "not in the source's text" in message
    assert "اعتقال 214 خلية إرهابية" in message
    assert not Quote.objects.exists()


def test_quote_offsets_that_do_not_span_the_words_are_refused_by_the_database(make_quote):
    quote = make_quote("اعتقال 214 خلية")
    with pytest.raises(IntegrityError):
        Quote.objects.filter(pk=quote.pk).update(end=quote.end + 3)


def test_the_same_words_at_the_same_place_are_one_quote(make_quote):
    make_quote("اعتقال 214 خلية")
    with pytest.raises(IntegrityError):
        make_quote("اعتقال 214 خلية")


def test_editing_the_source_text_flags_quotes_that_no_longer_match(source, make_quote):
    kept = make_quote("وإجهاض أكثر من 500 مشروع إرهابي")
    lost = make_quote("اعتقال 214 خلية")
    source = Source.objects.get(pk=source.pk)  # as the admin loads it
    source.text = "مقدمة جديدة. " + source.text.replace("214", "215")
    source.full_clean()
    source.save()
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.in_source and source.text[kept.start : kept.end] == kept.text
    assert not lost.in_source
    assert list(Quote.objects.lost()) == [lost]


def test_deleting_a_source_that_quotes_rest_on_is_refused(source, make_quote):
    make_quote("اعتقال 214 خلية")
    with pytest.raises(ProtectedError):
        source.delete()


def test_source_urls_are_unique_when_given(db):
    Source.objects.create(title="A", text="نص", url="https://example.org/a")
    Source.objects.create(title="B", text="نص")
    Source.objects.create(title="C", text="نص")  # two sources without URL are fine
    with pytest.raises(IntegrityError):
        Source.objects.create(title="D", text="نص", url="https://example.org/a")


def test_duplicate_url_is_reported_on_the_url_field(db):
    Source.objects.create(title="A", text="نص", url="https://example.org/a")
    duplicate = Source(title="B", text="نص", url="https://example.org/a")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "url" in error.value.message_dict


def test_a_source_without_text_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError):
        Source.objects.create(title="Empty", text="   ")


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        ("2003-05-16", "unknown"),  # a date whose precision says unknown
        (None, "day"),  # a precision without a date
        ("2003-05-16", "month"),  # a month is stored as its first day
        ("2003-05-01", "year"),  # a year is stored as 1 January
    ],
)
def test_a_publication_date_must_agree_with_its_precision(db, date, precision):
    source = Source(title="T", text="نص", published_on=date, published_on_precision=precision)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "published_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        source.save()


@pytest.mark.parametrize(
    ("date", "precision"),
    [("2003-05-16", "day"), ("2003-05-01", "month"), ("2003-01-01", "year"), (None, "unknown")],
)
def test_consistent_publication_dates_are_accepted(db, date, precision):
    source = Source(title="T", text="نص", published_on=date, published_on_precision=precision)
    source.full_clean()
    source.save()
