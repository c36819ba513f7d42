"""Staff exports (the admin's Export button and ``manage.py export_data``): nothing in
them runs as a formula in a spreadsheet."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

from apps.figures.models import Metric
from apps.registry.models import Institution

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@SUM(A1)", "-2+3", '=HYPERLINK("http://evil")']
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def booby_trapped(db):
    """Names that a spreadsheet would run, in the tables' text columns."""
    for index, text in enumerate(FORMULAS):
        Metric.objects.create(slug=f"trap-{index}", name_en=text, name_fr=text)
        Institution.objects.create(slug=f"trap-{index}", name_en=text, acronym=text[:20])


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def exported(table: str, fmt: str, tmp_path) -> bytes:
    path = tmp_path / f"{table}.{fmt}"
    call_command("export_data", table, format=fmt, output=path)
    return path.read_bytes()


@pytest.mark.parametrize("table", ["metrics", "institutions"])
def test_the_command_writes_no_live_formula_in_csv(booby_trapped, tmp_path, table):
    cells = csv_cells(exported(table, "csv", tmp_path))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'=cmd|' /C calc'!A0" in cells  # kept whole, behind an apostrophe


@pytest.mark.parametrize("table", ["metrics", "institutions"])
def test_the_command_writes_no_live_formula_in_excel(booby_trapped, tmp_path, table):
    cells = xlsx_cells(exported(table, "xlsx", tmp_path))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [
        cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert "'=cmd|' /C calc'!A0" in [cell.value for cell in cells]


ADMIN_FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}


def admin_export(client, model, fmt: str) -> bytes:
    """What the admin's Export button gives, every column ticked."""
    from django.urls import reverse

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    data = {"format": ADMIN_FORMATS[fmt], "resource": "0"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False):
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:300]
    return response.content


@pytest.fixture
def staff_client(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-for-tests-1"))
    return client


@pytest.mark.parametrize("model", [Metric, Institution])
def test_the_admin_writes_no_live_formula_and_keeps_the_text(booby_trapped, staff_client, model):
    cells = csv_cells(admin_export(staff_client, model, "csv"))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'=cmd|' /C calc'!A0" in cells
    sheet = xlsx_cells(admin_export(staff_client, model, "xlsx"))
    assert not [cell.coordinate for cell in sheet if cell.data_type == "f"]
    assert "'+SUM(A1:A9)" in [cell.value for cell in sheet]
