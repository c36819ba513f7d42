"""What an editor reads when a file cannot be imported: the project's own words, in
their language, each error by row and column above the preview, no traceback."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.figures.models import ReportedFigure
from apps.registry.models import Institution
from apps.sources.matching import nearest_passage

IMPORT = reverse("admin:figures_reportedfigure_import")
HEADER = "source,quote,metric,value,qualifier,unit,attributed_to_institution\n"
ROW = "https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,214,exact,count,DGSN\n"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def importer(client, source, cells):
    source.url = "https://example.org/article"
    source.save()
    Institution.objects.create(slug="dgsn", acronym="DGSN", name_en="National Security")
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def upload(client, data: bytes, *, name="figures.csv", fmt=CSV_FORMAT, language="en"):
    client.cookies["django_language"] = language
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT, {"format": fmt, "import_file": file, "resource": "0"})


@pytest.mark.parametrize(
    ("data", "fmt", "said"),
    [
        (bytes(range(256)) * 4, CSV_FORMAT, "This file is not a CSV or Excel spreadsheet"),
        ((HEADER + ROW).encode("utf-16"), CSV_FORMAT, "This file is not a CSV or Excel"),
        ((HEADER + ROW).encode(), XLSX_FORMAT, "This file is not an Excel (.xlsx) workbook."),
        (
            (HEADER + ROW + "a,b,c,d,e,f,g,h,i\n").encode(),
            CSV_FORMAT,
            "Some rows have more cells than the first line has column names.",
        ),
    ],
    ids=["random bytes", "UTF-16", "CSV chosen as Excel", "a row too long"],
)
def test_a_file_that_cannot_be_read_says_why_in_the_projects_words(importer, data, fmt, said):
    page = upload(importer, data, fmt=fmt).text
    assert said in page
    assert "encountered while trying to read file" not in page
    assert not ReportedFigure.objects.exists()


def test_the_reason_is_given_in_the_editors_language(importer):
    page = upload(importer, (HEADER + ROW).encode(), fmt=XLSX_FORMAT, language="fr").text
    assert "Ce fichier n&#x27;est pas un classeur Excel (.xlsx)." in page


def test_unknown_and_missing_columns_are_named_without_a_traceback(importer):
    page = upload(importer, ("sorce,quote,metric,value,colour\n" + "x,y,z,1,red\n").encode()).text
    assert "Unknown column(s): sorce, colour." in page
    assert "Missing column(s): source." in page
    assert "Traceback" not in page and 'class="traceback"' not in page
    assert not ReportedFigure.objects.exists()


def test_row_errors_are_listed_by_row_and_column_above_the_preview(importer):
    rows = ROW.replace("https://example.org/article", "https://example.org/other")
    rows += ROW.replace("اعتقال 214 خلية", "اعتقال 214 خليّة واحدة")
    page = upload(importer, (HEADER + ROW + rows).encode()).text
    listed = page[page.index('<ul class="import-errors-list">') :]
    listed = listed[: listed.index("</ul>")]
    assert "Row 2, column “source”: Unknown source “https://example.org/other”." in listed
    assert "Row 3, column “quote”: These words are not in the source&#x27;s text." in listed
    assert "validation-error-count" not in page  # no badge in a table of every column
    assert not ReportedFigure.objects.exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("تمكّنت السلطات من اعتقال 214 خلية إرهابية، وإجهاض 500 مشروع", "اعتقال 214 خليّة"),
        ("The police arrested 17 people in Casablanca yesterday.", "arested 17 peple"),
        ("Les services ont démantelé 12 cellules terroristes en 2019.", "démantelé 12 celulles"),
    ],
)
def test_the_nearest_passage_is_whole_words(text, words):
    passage = nearest_passage(text, words)
    start = text.index(passage)
    end = start + len(passage)
    assert passage and passage == passage.strip()
    assert start == 0 or not text[start - 1].isalnum()  # no word cut at its start
    assert end == len(text) or not text[end].isalnum()  # nor at its end
