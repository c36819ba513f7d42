"""History rows (django-simple-history) written by PostgreSQL, many at a time.

Bulk writes skip ``save()`` and so the signal that records history; these
functions write the same rows in one statement per call instead.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

HISTORY_OWN_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}

CREATED, CHANGED = "+", "~"


def write_history(model, ids, *, user, history_type: str, reason: str | None = None) -> None:
    """One historical row per row of ``model`` in ``ids``, as each row stands now."""
    ids = list(ids)
    if not ids:
        return
    history = model.history.model
    listed = ", ".join(
        connection.ops.quote_name(field.column)
        for field in history._meta.concrete_fields
        if field.name not in HISTORY_OWN_FIELDS
    )
    sql = (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} ({listed}, "
        '"history_date", "history_change_reason", "history_type", "history_user_id") '
        f"SELECT {listed}, %s, %s, %s, %s FROM {connection.ops.quote_name(model._meta.db_table)} "
        "WHERE id = ANY(%s)"
    )
    user_id = user.pk if user is not None and user.is_authenticated else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), reason, history_type, user_id, ids])
