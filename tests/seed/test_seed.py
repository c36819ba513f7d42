"""The seed corpus: every figure of the five articles, tied to its exact words."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from apps.figures.models import Disagreement, ReportedFigure
from apps.seed.services import LOADER_USERNAME, REVIEW_USERNAME, SeedError, load_seed
from apps.sources.models import Quote, Source

SEEDS = Path(settings.BASE_DIR) / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "seed"

# Figures read off the articles by hand: (seed file, metric, value, qualifier, unit,
# words that must be in the quote).
EXPECTED = [
    ("000_b87efe00d9d671c1.txt", "cells-dismantled", "214", "exact", "count", "214 خلية"),
    ("000_b87efe00d9d671c1.txt", "plots-foiled", "500", "more_than", "count", "أكثر من 500"),
    ("000_b87efe00d9d671c1.txt", "plots-foiled", "500", "more_than", "count", "أزيد من 500"),
    ("000_b87efe00d9d671c1.txt", "persons-prosecuted", "4304", "exact", "count", "4304"),
    ("002_26bc6d3920ec8b63.txt", "cells-dismantled", "200", "more_than", "count", "أكثر من 200"),
    ("002_26bc6d3920ec8b63.txt", "cells-dismantled", "200", "more_than", "count", "مئتي"),
    ("003_d7d9378dee09db28.txt", "prisoners-released", "217", "exact", "count", "217"),
    ("004_fcad1568809268b8.txt", "cells-dismantled", "2009", "exact", "count", "2009"),
]


@pytest.fixture
def seeded(db):
    load_seed()


@pytest.fixture
def snapshot():
    def take() -> list:
        rows = []
        for model in (Source, Quote, ReportedFigure, Disagreement):
            rows.extend(model.objects.order_by("pk").values())
        return rows

    return take


def test_the_seed_articles_are_the_shared_files_unchanged():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for article in shared.iterdir():
        assert (SEEDS / article.name).read_bytes() == article.read_bytes()


def test_every_seed_article_is_a_source_with_its_full_text(seeded):
    for article in SEEDS.glob("*.txt"):
        source = Source.objects.get(seed_file=article.name)
        assert source.text == article.read_text(encoding="utf-8")


@pytest.mark.parametrize(("seed_file", "metric", "value", "qualifier", "unit", "words"), EXPECTED)
def test_figures_read_off_the_articles_are_seeded(
    seeded, seed_file, metric, value, qualifier, unit, words
):
    candidates = ReportedFigure.objects.filter(
        quote__source__seed_file=seed_file,
        metric__slug=metric,
        value=Decimal(value),
        qualifier=qualifier,
        unit=unit,
        quote__text__contains=words,
    )
    assert candidates.exists(), (seed_file, metric, value, words)
    for figure in candidates:
        source_text = (SEEDS / seed_file).read_text(encoding="utf-8")
        assert source_text[figure.quote.start : figure.quote.end] == figure.quote.text


def test_every_seeded_quote_is_verbatim_in_its_source(seeded):
    for quote in Quote.objects.select_related("source"):
        assert quote.in_source
        assert quote.source.text[quote.start : quote.end] == quote.text


def test_every_seeded_value_is_in_its_quote_or_carries_an_override_reason(seeded):
    figures = ReportedFigure.objects.all()
    assert figures.count() >= 28
    assert not figures.unresolved_value_check().exists()
    overridden = figures.filter(value_in_quote=False)
    assert all(f.value_check_override.strip() for f in overridden)


def test_seeded_figures_are_published_and_say_how_they_were_entered(seeded):
    figures = ReportedFigure.objects.all()
    assert set(figures.values_list("status", flat=True)) == {"published"}
    assert set(figures.values_list("origin", flat=True)) == {"seed"}
    assert set(figures.values_list("created_by__username", flat=True)) == {LOADER_USERNAME}
    assert set(figures.values_list("reviewed_by__username", flat=True)) == {REVIEW_USERNAME}
    assert not figures.filter(created_by__is_active=True).exists()


def test_cells_dismantled_since_2002_form_one_disagreement_with_every_value(seeded):
    since_2002 = ReportedFigure.objects.filter(
        metric__slug="cells-dismantled", period_start=dt.date(2002, 1, 1)
    )
    groups = {f.public_disagreement_id for f in since_2002}
    assert len(groups) == 1 and None not in groups
    disagreement = Disagreement.objects.get(pk=groups.pop())
    values = sorted(disagreement.public_figures.values_list("value", flat=True))
    assert values == [Decimal(200), Decimal(214), Decimal(214), Decimal(2009)]
    assert disagreement.kind == "implausible"
    assert disagreement.reason_en.startswith(
        "214 (2002 – 2021) and 2,009 (since 2002) cannot both be right: "
        "2,009 is 9.4 times the other count for nearly the same span."
    )


def test_nothing_else_in_the_seed_is_grouped(seeded):
    """Only the cells since 2002 (README, "The seed corpus"): the counts without a
    period, the worldwide totals of 2003 and the Western countries' attacks of 2022
    are compared with nothing."""
    assert Disagreement.objects.filter(public=False).count() == 1
    assert Disagreement.objects.filter(public=True).count() == 1
    grouped = ReportedFigure.objects.filter(disagreement__isnull=False)
    assert set(grouped.values_list("metric__slug", flat=True)) == {"cells-dismantled"}
    assert not grouped.filter(period_start__isnull=True).exists()


def test_the_2009_cells_claims_are_marked_disputed_with_a_reason(seeded):
    figures = ReportedFigure.objects.filter(metric__slug="cells-dismantled", value=2009)
    assert figures.count() == 2  # the headline and the body of article 004
    for figure in figures:
        assert figure.assessment == "disputed"
        assert figure.assessment_reason


def test_unknown_publication_details_stay_unknown(seeded):
    for source in Source.objects.all():
        assert source.url == ""
        if source.published_on is None:
            assert source.published_on_precision == "unknown"


def test_loading_twice_changes_nothing(seeded, snapshot):
    before = snapshot()
    report = load_seed()
    assert report.changed == 0
    assert snapshot() == before


def test_the_load_seed_command_reports_an_up_to_date_corpus(seeded, capsys):
    call_command("load_seed")
    assert "already up to date" in capsys.readouterr().out


def test_a_broken_fixture_loads_nothing(db, tmp_path):
    for fixture in FIXTURES.glob("*.yaml"):
        (tmp_path / fixture.name).write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    figures = yaml.safe_load((tmp_path / "figures.yaml").read_text(encoding="utf-8"))
    figures[-1]["quote"] = "كلمات ليست في المقال"
    (tmp_path / "figures.yaml").write_text(
        yaml.safe_dump(figures, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(SeedError, match="not found"):
        load_seed(fixtures_dir=tmp_path)
    assert not Source.objects.exists()
    assert not ReportedFigure.objects.exists()


def test_loading_again_keeps_what_staff_changed_unless_asked_to_refresh(seeded):
    figure = ReportedFigure.objects.filter(metric__slug="persons-prosecuted").get()
    ReportedFigure.objects.filter(pk=figure.pk).update(notes="Checked by staff.")
    report = load_seed()
    assert report.changed == 0 and "kept as edited" in " ".join(report.lines())
    assert ReportedFigure.objects.get(pk=figure.pk).notes == "Checked by staff."
    load_seed(refresh=True)
    assert ReportedFigure.objects.get(pk=figure.pk).notes != "Checked by staff."


def test_figures_about_other_places_say_where(seeded):
    elsewhere = {
        (f.metric.slug, int(f.value)): f.area_id
        for f in ReportedFigure.objects.exclude(area="MA").select_related("metric")
    }
    assert elsewhere == {
        ("attacks", 40): "world",
        ("deaths", 900): "world",
        ("injuries", 4200): "world",
        ("attacks", 15): "western-countries",
        ("cells-dismantled", 4): "european-partners",
    }
