"""A figure's whole life in a real browser: an Editor pastes an Arabic article and
enters a figure from its words, a Reviewer publishes it, and a reader finds it,
reads it and downloads it, in English and then in Arabic."""

import csv
import io
import re
import urllib.error
import urllib.request
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from apps.figures.models import Metric, ReportedFigure
from apps.sources.models import Quote

from .conftest import PASSWORD

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# From seeds/002_26bc6d3920ec8b63.txt.
TITLE = "الأرقام تعكس نجاح مقاربة المغرب في مكافحة الارهاب"
ARTICLE = (
    "الرباط - نجحت الأجهزة الأمنية المغربية في تفكيك أكثر من 200 خلية إرهابية منذ عام 2002، "
    "وفق آخر حصيلة نشرتها وزارة الداخلية. وتؤكد هذه الأرقام نجاعة الجهود التي تبذلها المملكة "
    "في مكافحة هذه الظاهرة العالمية، مما أهّلها لتكون نموذجًا في الاستقرار الأمني ورسخ مكانتها "
    "كشريك دولي موثوق في مكافحة الإرهاب."
)
QUOTE = "نجحت الأجهزة الأمنية المغربية في تفكيك أكثر من 200 خلية إرهابية منذ عام 2002"
# "الأجهزة" typed without its hamza and with ha for the ta marbuta.
VARIANT_SEARCH = "الاجهزه"
ABSENT_SEARCH = "مصالحة"
ARABIC_HEADING = "الأرقام المُعلَنة"


@pytest.fixture
def cells_metric(transactional_db):
    return Metric.objects.create(
        slug="cells-dismantled",
        name_en="Terrorist cells dismantled",
        name_ar="الخلايا الإرهابية المفككة",
        name_fr="Cellules terroristes démantelées",
    )


def log_in(page, user):
    """Log in through the admin's own form, as a person would."""
    page.context.clear_cookies()
    page.goto(f"{reverse('admin:login')}?next={reverse('admin:index')}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form#login-form [type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.first_name)


def log_out(page):
    """Forget the session: what follows is an anonymous reader."""
    page.context.clear_cookies()


def expect_message(page, text: str):
    """The admin's success message after a save or an action."""
    expect(page.locator("ul.messagelist li.success")).to_contain_text(text)


def choose_in_autocomplete(page, field: str, typed: str, option_text: str):
    """Pick a related row in the admin's select2 box by typing a few letters."""
    page.locator(f".field-{field} .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(typed)
    option = page.locator(
        ".select2-container--open .select2-results__option:not(.loading-results)",
        has_text=option_text,
    )
    option.first.click()
    expect(page.locator(f".field-{field} .select2-selection__rendered")).to_contain_text(
        option_text
    )


def run_changelist_action(page, figure, action: str):
    """Tick a figure in the figure list and run one of the list's actions on it."""
    page.goto(reverse("admin:figures_reportedfigure_changelist"))
    page.locator(f"input.action-select[value='{figure.pk}']").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def editor_enters_a_figure(page, editor) -> ReportedFigure:
    """Source pasted, quote pasted in the inline, figure chosen by autocomplete, submitted."""
    log_in(page, editor)

    page.goto(reverse("admin:sources_source_add"))
    page.fill("#id_title", TITLE)
    page.select_option("#id_language", "ar")
    page.fill("#id_text", ARTICLE)
    page.fill("textarea[name='quotes-0-text']", QUOTE)
    page.click("input[name=_continue]")
    expect_message(page, TITLE)
    quote = Quote.objects.get()
    assert ARTICLE[quote.start : quote.end] == QUOTE
    expect(page.locator("#quotes-group .field-start").first).to_contain_text(str(quote.start))

    page.goto(reverse("admin:figures_reportedfigure_add"))
    choose_in_autocomplete(page, "quote", "تفكيك", "200 خلية")
    choose_in_autocomplete(page, "metric", "cells", "Terrorist cells dismantled")
    page.fill("#id_value", "200")
    page.select_option("#id_qualifier", "more_than")
    page.fill("#id_period_start", "2002-01-01")
    page.select_option("#id_period_start_precision", "year")
    page.click("input[name=_save]")
    expect_message(page, "was added successfully")

    figure = ReportedFigure.objects.get()
    assert (figure.status, figure.created_by, figure.quote) == ("draft", editor, quote)
    assert figure.value == Decimal("200") and figure.value_in_quote

    run_changelist_action(page, figure, "submit_for_review")
    expect_message(page, "1 figure submitted for review.")
    figure.refresh_from_db()
    assert figure.status == "in_review"
    return figure


def reviewer_publishes(page, reviewer, figure):
    """The publish action, then its confirmation page."""
    log_in(page, reviewer)
    run_changelist_action(page, figure, "publish")
    expect(page.locator("#content h1")).to_have_text("Publish figures")
    page.click(".submit-row input[type=submit]")
    expect_message(page, "1 figure published.")
    figure.refresh_from_db()
    assert (figure.status, figure.reviewed_by) == ("published", reviewer)


def status_of(url: str) -> int:
    """The HTTP status an anonymous client gets for a URL, without the browser."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def download(page, link_selector: str, tmp_path, name: str) -> bytes:
    """Click a download link of the listing and return the file it gives."""
    with page.expect_download() as pending:
        page.click(link_selector)
    target = tmp_path / name
    pending.value.save_as(target)
    assert pending.value.suggested_filename.startswith("ctdb-figures-")
    return target.read_bytes()


def csv_rows(data: bytes) -> list[dict]:
    """The rows of an exported CSV (UTF-8 with a byte-order mark)."""
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]
    text = data[3:].decode("utf-8")
    assert "EXPORT INCOMPLETE" not in text
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(data: bytes) -> list[dict]:
    """The rows of an exported Excel workbook's first sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows if any(row)]


def reader_finds_reads_and_downloads(page, figure, tmp_path, *, language: str, metric_name: str):
    """Filter by metric, search with a variant spelling, open the figure, download both files."""
    page.goto("/figures/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    filters = page.locator("aside.filters form")
    filters.locator("select[name=metric]").select_option("cells-dismantled")
    filters.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/figures/\?.*metric=cells-dismantled"))
    expect(page.locator("table.figures td.value a")).to_have_count(1)

    filters.locator("input[name=q]").fill(VARIANT_SEARCH)
    filters.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/figures/\?.*q=.*"))
    assert "metric=cells-dismantled" in page.url
    expect(filters.locator("input[name=q]")).to_have_value(VARIANT_SEARCH)

    rows = page.locator("table.figures tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.quote")).to_contain_text(QUOTE)
    expect(rows.first.locator("td.value a")).to_have_attribute("href", f"/figures/{figure.pk}/")
    listing = page.url

    rows.first.locator("td.value a").click()
    page.wait_for_url(f"**/figures/{figure.pk}/")
    expect(page.locator("h1")).to_contain_text("200")
    expect(page.locator("h1")).to_contain_text(metric_name)
    expect(page.locator("blockquote.paragraph mark.quote")).to_contain_text(QUOTE)
    expect(page.locator("blockquote.paragraph strong.value")).to_have_text("200")

    page.goto(listing)
    summary = page.locator("p.summary")
    exported = download(page, "p.summary a[href*='format=csv']", tmp_path, f"{language}.csv")
    assert "metric=cells-dismantled" in summary.locator("a[href*='format=csv']").get_attribute(
        "href"
    )
    (row,) = csv_rows(exported)
    assert (row["id"], row["metric"], row["value"], row["qualifier"]) == (
        str(figure.pk),
        "cells-dismantled",
        "200",
        "more_than",
    )
    assert (row["quote"], row["source_title"], row["period_start"]) == (QUOTE, TITLE, "2002")

    workbook = download(page, "p.summary a[href*='format=xlsx']", tmp_path, f"{language}.xlsx")
    (row,) = xlsx_rows(workbook)
    assert (row["id"], row["metric"], row["value"], row["qualifier"]) == (
        figure.pk,
        "cells-dismantled",
        200,
        "more_than",
    )
    assert (row["quote"], row["source_title"]) == (QUOTE, TITLE)

    page.goto(f"/figures/?q={ABSENT_SEARCH}")
    expect(page.locator("table.figures tbody tr")).to_have_count(1)
    expect(page.locator("table.figures td.value a")).to_have_count(0)


def test_an_editor_enters_a_figure_a_reviewer_publishes_it_and_a_reader_downloads_it(
    page, live_server, editor_account, reviewer_account, cells_metric, tmp_path
):
    figure = editor_enters_a_figure(page, editor_account)
    assert status_of(f"{live_server.url}/figures/{figure.pk}/") == 404  # in review: not public

    reviewer_publishes(page, reviewer_account, figure)
    log_out(page)
    assert status_of(f"{live_server.url}/figures/{figure.pk}/") == 200

    reader_finds_reads_and_downloads(
        page, figure, tmp_path, language="en", metric_name="Terrorist cells dismantled"
    )

    page.goto("/figures/")
    page.click("header nav.language a[hreflang=ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("section.results h1")).to_have_text(ARABIC_HEADING)
    reader_finds_reads_and_downloads(
        page, figure, tmp_path, language="ar", metric_name="الخلايا الإرهابية المفككة"
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
