"""New rows written with PostgreSQL's COPY, for imports of thousands of rows.

``bulk_create`` spends longer preparing each value in Python than PostgreSQL
spends storing it; COPY takes the values as they are. The rows get their ids
from the table's own sequence first, as an INSERT would give them.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone


def copy_insert(model, instances: list) -> None:
    """Insert unsaved instances of ``model`` (all, or none if the database refuses one)."""
    if not instances:
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    now = timezone.now()
    stamped = [field for field in fields if getattr(field, "auto_now", False)]
    stamped += [field for field in fields if getattr(field, "auto_now_add", False)]
    with connection.cursor() as cursor:
        missing = [instance for instance in instances if instance.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(missing)],
            )
            for instance, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                instance.pk = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        names = [field.attname for field in fields]
        statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        # Django's errors (IntegrityError…), as for any other statement.
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for instance in instances:
                for field in stamped:
                    setattr(instance, field.attname, now)
                copy.write_row([getattr(instance, name) for name in names])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias
