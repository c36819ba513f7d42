"""The source and quote lists, with what the apps building on them add."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

QUOTES = reverse("admin:sources_quote_changelist")
SOURCES = reverse("admin:sources_source_changelist")


@pytest.fixture
def boss(client, db):
    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-1-boss"))
    return client


def test_the_quote_list_counts_the_figures_resting_on_each_quote(boss, make_figure, make_quote):
    counted = make_figure()
    make_figure(quote=counted.quote)
    bare = make_quote("إجهاض أكثر من 500 مشروع إرهابي")
    page = boss.get(QUOTES, {"o": "-7"})  # the seventh column, the figures, most first
    header = page.context["cl"].list_display[-1]
    assert header.__name__ == "figure_count" and header.short_description == "figures"
    assert [(quote.pk, quote.figure_count) for quote in page.context["cl"].result_list] == [
        (counted.quote_id, 2),
        (bare.pk, 0),
    ]
    assert '<td class="field-figure_count">2</td>' in page.text


def test_the_source_list_counts_the_quotes_of_each_source(boss, source, make_quote):
    make_quote("اعتقال 214 خلية إرهابية")
    make_quote("أكثر من مئتي خلية")
    page = boss.get(SOURCES)
    assert [(row.pk, row.quote_total) for row in page.context["cl"].result_list] == [(source.pk, 2)]
