"""A version on every record staff edit, moved by PostgreSQL itself.

Two people who open the same record and both save must not silently erase
each other's work. Each row carries a ``version`` that a trigger raises on
every UPDATE changing what staff enter, whoever runs it: the admin, an
import, a bulk action, a script or a future API. A form remembers the version
it was opened at and is refused once the row has moved on (apps.core.admin).

Columns the database or the code keeps up to date (the last change's time,
generated search columns, a figure's disagreement, a quote's offsets) are
left out of the comparison: recomputing them is not an edit, and would
refuse forms nobody else touched. Historical rows (django-simple-history)
take the version their change produced, so the changes made since a version
can be listed with who made them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

VERSION = "version"


class VersionField(models.PositiveBigIntegerField):
    """The row's version: 1 when created, one more at each change (never set by code)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("version"))
        kwargs.setdefault("default", 1)
        kwargs.setdefault("db_default", 1)
        kwargs.setdefault("editable", False)
        kwargs.setdefault(
            "help_text", _("Moved by the database at each change; forms check it when saving.")
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Migrations name Django's own field, so that they import nothing of the app.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveBigIntegerField", args, kwargs


def is_versioned(model) -> bool:
    return any(field.name == VERSION for field in model._meta.concrete_fields)


# The trigger function, created once (core migration 0003): the version moves
# when anything outside the ignored columns (its arguments) changed.
FUNCTION = """
CREATE FUNCTION ctdb_version_moves() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
    NEW.version := OLD.version + 1;
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END $$;
"""
DROP_FUNCTION = "DROP FUNCTION ctdb_version_moves();"


def moves_sql(table: str, *ignored: str) -> str:
    """The trigger that moves ``table``'s version, and the one that copies it into
    its history table (``historical`` + the model's table name, without its app)."""
    arguments = ", ".join(f"'{column}'" for column in (VERSION, *ignored))
    history = history_table(table)
    return f"""
CREATE TRIGGER {table}_version_moves BEFORE UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION ctdb_version_moves({arguments});

CREATE FUNCTION {history}_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current bigint;
BEGIN
  SELECT version INTO current FROM {table} WHERE id = NEW.id;
  IF FOUND THEN
    NEW.version := current;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER {history}_version BEFORE INSERT ON {history}
  FOR EACH ROW EXECUTE FUNCTION {history}_version();
"""


def unmoves_sql(table: str) -> str:
    history = history_table(table)
    return f"""
DROP TRIGGER {table}_version_moves ON {table};
DROP TRIGGER {history}_version ON {history};
DROP FUNCTION {history}_version();
"""


def history_table(table: str) -> str:
    app, name = table.split("_", 1)
    return f"{app}_historical{name}"


@dataclass
class Change:
    """One saved change of a record, as its history tells it."""

    user: str
    when: dt.datetime
    fields: list[str]  # verbose names


def history_of(model, pk):
    return model.history.filter(id=pk).order_by("history_date", "history_id")


def state_at(model, pk, version: int):
    """The record as it was at ``version`` (from its history), or None when no
    history row has it (moved by a statement that keeps no history)."""
    record = history_of(model, pk).filter(version=version).last()
    return None if record is None else record.instance


def changes_since(model, pk, version: int) -> tuple[list[Change], bool]:
    """The changes saved since ``version``, oldest first, and whether some changes
    left no history (an import, a bulk statement, a script)."""
    current = model._default_manager.filter(pk=pk).values_list(VERSION, flat=True).first()
    records = list(history_of(model, pk).filter(version__gt=version).select_related("history_user"))
    changes = []
    for record in records:
        previous = record.prev_record
        names = [] if previous is None else [c.field for c in record.diff_against(previous).changes]
        user = record.history_user.get_username() if record.history_user else _("someone")
        fields = [str(model._meta.get_field(name).verbose_name) for name in names]
        changes.append(Change(user, record.history_date, fields))
    recorded = {record.version for record in records}
    unrecorded = current is not None and len(recorded) < current - version
    return changes, unrecorded
