"""Export one table as CSV, Excel or JSON, with the same columns as the admin."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from apps.core.formulas import EXPORT_FORMATS
from apps.figures.spreadsheets import TABLES

# The admin's export formats, formulas escaped the same way.
FORMATS = {format_class().get_title(): format_class() for format_class in EXPORT_FORMATS}


class Command(BaseCommand):
    help = "Export a table to CSV, .xlsx or JSON (natural keys, ready to import back)."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, table, format, output, **options):
        dataset = TABLES[table]().export()
        data = FORMATS[format].export_data(dataset)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if output:
            output.write_bytes(data)
            self.stdout.write(self.style.SUCCESS(f"{len(dataset)} rows written to {output}."))
        else:
            sys.stdout.buffer.write(data)
