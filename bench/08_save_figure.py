"""Time saving one figure where its partition is largest (run 01_generate.py first).

    .venv/bin/python bench/08_save_figure.py [--repeats 20]

A staff edit goes through ``figures.services.figure_record_edit``: the value
check, the save, then the regrouping of what the change can reach. The figure
is taken from the largest partition of the corpus (one metric's national
totals: tens of thousands of figures), and edited three ways, each timed
``--repeats`` times in a savepoint rolled back after each save:

- ``save_note``: a note changes; nothing the rule reads;
- ``save_value``: its value moves by one, so its conflicts are judged again;
- ``save_misprint``: its value becomes ten times larger, so that it now sets
  itself against every count of its partition with the same start.

Target (the issues "One home for every rule" and "Disagreements that reason
like an analyst"): under 100 ms, whatever the size of the partition. The
reference is the figure before those changes, recorded in bench/README.md
(1.6 to 4.6 s: each save regrouped its whole partition).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.timing import REPEATS, describe_machine, emit, median, p95, sample_ms

TARGET_MS = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    options = parser.parse_args()
    setup_django()
    from django.db import transaction
    from django.db.models import Count

    from apps.figures.models import ReportedFigure
    from apps.figures.services import figure_record_edit

    describe_machine()
    largest = (
        ReportedFigure.objects.exclude(status="rejected")
        .values("partition_key")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if largest is None:
        raise SystemExit("No figures: run bench/01_generate.py first.")
    emit("largest_partition", largest["n"], "figures")
    emit("figures_in_corpus", ReportedFigure.objects.count(), "figures")
    chosen = (
        ReportedFigure.objects.filter(partition_key=largest["partition_key"], status="draft")
        .exclude(compared_from=None)
        .order_by("id")
        .first()
    ) or ReportedFigure.objects.filter(partition_key=largest["partition_key"]).first()
    editor = chosen.created_by

    def edit(change) -> None:
        with transaction.atomic():
            figure = ReportedFigure.objects.select_related("quote", "metric").get(pk=chosen.pk)
            change(figure)
            figure.value_check_override = figure.value_check_override or "benchmark"
            figure_record_edit(figure=figure, user=editor)
            transaction.set_rollback(True)

    edits = {
        "save_note": lambda figure: setattr(figure, "notes", figure.notes + "."),
        "save_value": lambda figure: setattr(figure, "value", figure.value + 1),
        "save_misprint": lambda figure: setattr(figure, "value", figure.value * Decimal(10)),
    }
    met = 0
    for name, change in edits.items():
        timings = sample_ms(lambda change=change: edit(change), repeats=options.repeats)
        emit(f"{name}_median", median(timings), "ms")
        emit(f"{name}_p95", p95(timings), "ms")
        met += median(timings) < TARGET_MS
    emit("save_target", TARGET_MS, "ms")
    emit("save_reference_before", "1600-4600", "ms (bench/README.md, at commit 1160a65)")
    emit("targets_met", f"{met}/{len(edits)}", "")


if __name__ == "__main__":
    main()
