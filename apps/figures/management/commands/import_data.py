"""Import a CSV or Excel file into one table, with the admin's validation.

Exit status is non-zero on any error, and then nothing is written.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.imports import CSV, MAX_IMPORT_BYTES, XLSX, ImportFileError
from apps.figures.spreadsheets import TABLES


def read_dataset(path: Path):
    data = path.read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise CommandError(f"{path} is {len(data)} bytes; the limit is {MAX_IMPORT_BYTES}.")
    reader = XLSX() if data[:2] == b"PK" else CSV()
    try:
        return reader.create_dataset(data)
    except ImportFileError as error:
        raise CommandError(f"{path}: {error}") from error
    except Exception as error:
        raise CommandError(f"{path} could not be read as CSV or Excel: {error}") from error


def describe_errors(result) -> list[str]:
    lines = [f"file: {error.error}" for error in result.base_errors]
    for number, errors in result.row_errors():
        lines.extend(f"row {number}: {error.error}" for error in errors)
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            lines.extend(f"row {invalid.number}, column {column}: {m}" for m in messages)
    return lines


class Command(BaseCommand):
    help = "Import a CSV or .xlsx file into a table (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", help="Username recorded as the creator of imported figures.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")
        parser.add_argument(
            "--keep-review",
            action="store_true",
            help="Restore an export: keep each figure's status, creator and reviewer.",
        )

    def handle(self, *args, table, path, user, dry_run, keep_review, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        account = self.account(user)
        kwargs = {"keep_review": keep_review} if table == "figures" else {}
        resource = TABLES[table](**kwargs)
        result = resource.import_data(
            read_dataset(path),
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=account,
        )
        if result.has_errors() or result.has_validation_errors():
            for line in describe_errors(result):
                self.stderr.write(line)
            raise CommandError("Nothing was imported.")
        totals = ", ".join(f"{n} {kind}" for kind, n in result.totals.items() if n)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {path.name} into {table}: {totals or 'no rows'}.")
        )

    def account(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
