"""Tests for ``manage.py suggest_figures``: a text file in, candidate figures out."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.registry.models import Institution
from apps.suggestions.management.commands.suggest_figures import Command

TEXT = (
    "وأعلن BCIJ مؤخرًا أن الأجهزة المغربية قد فككت 2009 خلية إرهابية منذ عام 2002.\n"
    "وذهب ضحيتها حوالي 900 قتيل وأكثر من 4200 جريح، وإن 88 في المائة من الخلايا "
    "ارتبطت بتنظيم داعش.\n"
)

needs_app = pytest.mark.skipif(
    "apps.suggestions" not in settings.INSTALLED_APPS,
    reason="apps.suggestions is not in INSTALLED_APPS yet (the project owner adds it), "
    "so manage.py cannot find suggest_figures by name",
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@needs_app
@pytest.mark.django_db
def test_json_output_lists_every_candidate_with_its_entities(article: Path) -> None:
    bcij = Institution.objects.create(
        slug="bcij", acronym="BCIJ", name_ar="المكتب المركزي للأبحاث القضائية"
    )
    out = StringIO()
    call_command("suggest_figures", str(article), "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["value"], r["qualifier"], r["unit"], r["metric"]) for r in rows] == [
        (2009, "exact", "count", "cells-dismantled"),
        (900, "approximately", "count", "deaths"),
        (4200, "more_than", "count", "injuries"),
        (88, "exact", "percent", "share-of-cells-linked-to-isis"),
    ]
    for row in rows:
        assert TEXT[row["start"] : row["end"]] == row["quote"]
        assert row["value_max"] is None
        assert row["reasons"][0].startswith("number: ")
    assert rows[0]["entities"] == [["institution", bcij.pk]]
    assert "entity: BCIJ" in rows[0]["reasons"]


@needs_app
@pytest.mark.django_db
def test_the_default_output_is_a_readable_table(article: Path) -> None:
    out = StringIO()
    call_command("suggest_figures", str(article), stdout=out)
    listing = out.getvalue()
    assert "4 candidate figure(s)" in listing
    assert "quote:    وأكثر من 4200 جريح" in listing
    assert "88%" in listing


def test_the_command_works_on_any_text_without_the_database(tmp_path: Path) -> None:
    path = tmp_path / "range.txt"
    path.write_text("واعتقل ما بين 150 و200 شخص.", encoding="utf-8")
    out = StringIO()
    call_command(Command(), str(path), "--format", "json", "--no-entities", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert (row["value"], row["value_max"], row["qualifier"]) == (150, 200, "range")
    assert row["entities"] == []


def test_a_missing_or_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command(Command(), str(tmp_path / "missing.txt"), "--no-entities")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x80")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command(Command(), str(binary), "--no-entities")


@pytest.mark.parametrize(
    ("text", "options", "language", "expected"),
    [
        (
            "Plus de 60 cellules ont été démantelées, et une centaine de personnes interpellées.",
            [],
            "fr",
            [
                (60, "more_than", "cells-dismantled", ""),
                (100, "approximately", "persons-arrested", "approximate: une centaine"),
            ],
        ),
        (
            "Between 1,200 and 1,500 attacks were recorded on 9 October 2020.",
            [],
            "en",
            [(1200, "range", "attacks", "")],
        ),
        (
            "sept membres, three hundred suspects",
            ["--language", "all"],
            "all",
            [(7, "exact", None, ""), (300, "exact", None, "")],
        ),
        (
            "sept membres, three hundred suspects",
            ["--language", "en"],
            "en",
            [(300, "exact", None, "")],
        ),
    ],
)
def test_the_command_reads_the_text_in_its_language_guessed_or_given(
    tmp_path: Path, text: str, options: list, language: str, expected: list
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(Command(), str(path), "--format", "json", "--no-entities", *options, stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["value"], r["qualifier"], r["metric"], r["review"]) for r in rows] == expected
    table = StringIO()
    call_command(Command(), str(path), "--no-entities", *options, stdout=table)
    assert f"(language: {language})" in table.getvalue()
