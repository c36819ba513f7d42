"""Time the admin's bulk actions over a whole filter of the corpus (run 01_generate.py first).

    .venv/bin/python bench/07_bulk_actions.py [--in-request 10000]

A reviewer filters the figure changelist by one metric — the metric with the
fewest figures among those with at least 100,000 — ticks "select all" and
runs each review step on every figure of it: submit, publish (with an
override reason), reject (with a reason). Each step is one POST to the
changelist through Django's test client, as the admin's form sends it;
selections over ``figures.admin.figures.BACKGROUND_FIGURES`` are answered at
once with the action's page while the worker does the work, so the request
and the worker's run (``bulk_action_run``, called here as the worker calls
it) are timed apart.

Everything runs in one transaction, rolled back at the end: ``ctdb_bench``
is left as it was. Before the timings, the metric's figures are made drafts
and its disagreements regrouped under the app's rule (the generator plants
its disagreements rather than computing them); then submit, then publish
and reject each from the same "all in review" state (a savepoint).

The reference, in the same run: PostgreSQL's own ``UPDATE`` of the same
figures' status (no rules, no history, no regrouping), and the same step
within one request for ``--in-request`` figures (the largest selection the
request handles).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.timing import describe_machine, emit

SELECTION = 100_000
REASON = "Checked against the original article."


def seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--in-request", type=int, default=None)
    options = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client, override_settings

    from apps.bulkactions import services as bulk
    from apps.bulkactions.models import BulkAction
    from apps.figures import services as review
    from apps.figures.admin.figures import BACKGROUND_FIGURES
    from apps.figures.models import ReportedFigure
    from apps.figures.provenance import SUBJECT_FIELDS, refresh_partitions
    from apps.figures.review import REJECT

    describe_machine()
    in_request = options.in_request or BACKGROUND_FIGURES
    sizes = ReportedFigure.objects.values("metric").annotate(n=Count("id")).order_by("n")
    metric_id, size = next(
        ((row["metric"], row["n"]) for row in sizes if row["n"] >= SELECTION), (None, 0)
    )
    if metric_id is None:
        raise SystemExit(f"No metric has {SELECTION:,} figures: run bench/01_generate.py first.")
    print(f"# metric {metric_id}: {size:,} figures, all selected through the metric filter")
    emit("selected_figures", size, "figures")
    emit("background_above", BACKGROUND_FIGURES, "figures")
    figures = ReportedFigure.objects.filter(metric_id=metric_id)
    url = f"/admin/figures/reportedfigure/?metric__id__exact={metric_id}"
    # The request only queues the action; the worker's run is timed on its own.
    queued = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})

    with transaction.atomic():
        editor = get_user_model().objects.create_user("bench-bulk-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editor"))
        reviewer = get_user_model().objects.create_user("bench-bulk-reviewer", is_staff=True)
        reviewer.groups.add(Group.objects.get(name="Reviewer"))
        figures.update(status="draft", reviewed_by=None, reviewed_at=None, last_modified_by=editor)
        partitions = {
            (m, tuple(s)) for m, *s in figures.values_list("metric_id", *SUBJECT_FIELDS).distinct()
        }
        took, _ = seconds(lambda: refresh_partitions(partitions))
        print(f"# the metric's disagreements regrouped under the rule first, in {took:.1f} s")
        took, _ = seconds(lambda: refresh_partitions(partitions))
        emit("regroup_metric_unchanged", round(took, 2), "s")

        def run(action: str, user, **fields) -> None:
            client = Client()
            client.force_login(user)
            post = {"action": action, "select_across": "1", "index": "0", **fields}
            post["_selected_action"] = [figures.values_list("pk", flat=True).first()]
            with queued:
                took, response = seconds(lambda: client.post(url, post))
            assert response.status_code == 302, response.status_code
            job = BulkAction.objects.latest("id")
            assert response.url.endswith(f"/bulkactions/bulkaction/{job.pk}/change/")
            emit(f"{action}_request", round(took * 1000, 1), "ms")
            took, status = seconds(lambda: bulk.bulk_action_run(job.pk))
            job.refresh_from_db()
            assert status == "done", (status, job.message)
            emit(f"{action}_worker", round(took, 1), "s")
            emit(f"{action}_changed", job.changed, "figures")
            emit(f"{action}_refused", job.refused_count, "figures")
            for entry in job.refused:
                print(f"#   refused {entry['count']:,}: {entry['reason']}")

        def plain_update(status: str) -> None:
            review = "" if status == "in_review" else ", reviewed_by_id = %s, reviewed_at = now()"
            if status == "published":  # the override reason, as the action writes it
                review += ", value_check_override = 'x'"
            params = [status] + ([] if status == "in_review" else [reviewer.pk]) + [metric_id]
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT plain")
                took, _ = seconds(
                    lambda: cursor.execute(
                        f"UPDATE figures_reportedfigure SET status = %s{review} "
                        "WHERE metric_id = %s",
                        params,
                    )
                )
                cursor.execute("ROLLBACK TO SAVEPOINT plain")
            emit(f"reference_plain_update_to_{status}", round(took, 1), "s")

        plain_update("in_review")
        run("submit_for_review", editor)
        in_review = transaction.savepoint()
        # Published figures need a value check and a reviewer who neither
        # created nor last changed them: the generated creators are kept.
        plain_update("published")
        run("publish", reviewer, apply="1", reason=REASON)
        transaction.savepoint_rollback(in_review)
        plain_update("rejected")
        run("reject", reviewer, apply="1", reason=REASON)
        transaction.savepoint_rollback(in_review)

        few = ReportedFigure.objects.filter(
            pk__in=list(figures.order_by("pk").values_list("pk", flat=True)[:in_request])
        )
        took, summary = seconds(
            lambda: review.review_apply(
                transition=REJECT, figures=few, user=reviewer, reason=REASON
            )
        )
        emit(f"reject_{in_request}_in_one_request", round(took, 1), "s")
        assert summary.done == in_request, summary
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
