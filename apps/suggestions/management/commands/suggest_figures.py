"""``manage.py suggest_figures PATH [--format json] [--language ar|fr|en|all]``: the candidate
figures of a text file.

The text is read in the language given, or in the language guessed from it
(``all`` reads it with the tables of every language, for mixed texts).
Entity names (institutions, programmes, laws, incidents) are read from the
database when it can be reached; without it the figures are still found,
only with no entities attached.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.numbers import LANGUAGES, guess_language
from apps.suggestions.finder import Candidate, find_candidates
from apps.suggestions.selectors import registry_entities


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def as_json(candidate: Candidate) -> dict[str, Any]:
    """A candidate as plain JSON values: numbers as numbers, entities as [kind, pk] pairs."""
    return {
        "value": _number(candidate.value),
        "value_max": _number(candidate.value_max),
        "qualifier": candidate.qualifier,
        "unit": candidate.unit,
        "metric": candidate.metric,
        "quote": candidate.quote,
        "start": candidate.start,
        "end": candidate.end,
        "number_start": candidate.number_start,
        "number_end": candidate.number_end,
        "entities": [[kind, pk] for kind, pk in candidate.entities],
        "reasons": list(candidate.reasons),
        "review": candidate.review,
    }


def _shown_value(candidate: Candidate) -> str:
    value = f"{candidate.value:,}"
    if candidate.value_max is not None:
        value = f"{value}–{candidate.value_max:,}"
    return f"{value}%" if candidate.unit == "percent" else value


def as_table(candidates: list[Candidate]) -> list[str]:
    """A readable listing: one block of four lines per candidate (five when it must be checked)."""
    lines = []
    for number, candidate in enumerate(candidates, start=1):
        metric = candidate.metric or "(no metric)"
        offsets = f"[{candidate.start}:{candidate.end}]"
        lines.append(
            f"#{number:<3} {_shown_value(candidate):>14}  {candidate.qualifier:<13} "
            f"{metric:<30} {offsets}"
        )
        lines.append(f"     quote:    {candidate.quote}")
        lines.append(f"     reasons:  {'; '.join(candidate.reasons)}")
        if candidate.review:
            lines.append(f"     check:    {candidate.review}")
        entities = ", ".join(f"{kind}:{pk}" for kind, pk in candidate.entities)
        lines.append(f"     entities: {entities or '-'}")
    return lines


class Command(BaseCommand):
    help = "List the candidate figures (value, qualifier, unit, metric, quote) of a UTF-8 text."
    # Works on any text, with or without a database: no checks that need one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A UTF-8 text file, e.g. seeds/000_b87efe00d9d671c1.txt")
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument(
            "--language",
            choices=(*LANGUAGES, "all"),
            help="The text's language (default: guessed from the text); all: every language.",
        )
        parser.add_argument(
            "--no-entities",
            action="store_true",
            help="Do not read entity names from the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = self.read(Path(options["path"]))
        entities = [] if options["no_entities"] else registry_entities()
        language = options["language"] or guess_language(text)
        candidates = find_candidates(text, entities, None if language == "all" else language)
        if options["format"] == "json":
            payload = [as_json(candidate) for candidate in candidates]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{len(candidates)} candidate figure(s) in {options['path']} (language: {language})"
        )
        for line in as_table(candidates):
            self.stdout.write(line)

    def read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: {error}") from error
