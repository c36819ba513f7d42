"""The publication version moves once per transaction, when it commits.

The triggers of 0005, 0008 and 0009 updated the version's single row at once,
so a transaction that changed something readers see held that row's lock until
it ended: a bulk action running for a minute in the worker made every
reviewer's publication wait behind it. Now they only note, in a row of their
own transaction (``figures_version_pending``, keyed by the transaction's id,
so transactions never wait for each other), that the version must move; a
deferred constraint trigger on that row moves it when the transaction commits,
holding the version's lock only for the commit itself. A transaction that
rolls back leaves no note and moves nothing.

Tests run inside a transaction that never commits: they set the constraint
trigger IMMEDIATE, so the version moves at the end of each statement as before.
"""

from django.db import migrations

BUMP = "UPDATE figures_publication_version SET version = version + 1;"
NOTE = "PERFORM ctdb_version_must_move();"

NOTED = """
CREATE TABLE figures_version_pending (txid bigint PRIMARY KEY);

CREATE FUNCTION ctdb_version_must_move() RETURNS void
LANGUAGE sql AS $$
  INSERT INTO figures_version_pending VALUES (txid_current()) ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION ctdb_version_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figures_publication_version SET version = version + 1;
  DELETE FROM figures_version_pending WHERE txid = NEW.txid;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER figures_version_moves_at_commit
  AFTER INSERT ON figures_version_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ctdb_version_move();
"""

UNNOTED = """
DROP TRIGGER figures_version_moves_at_commit ON figures_version_pending;
DROP FUNCTION ctdb_version_move();
DROP FUNCTION ctdb_version_must_move();
DROP TABLE figures_version_pending;
"""


def functions(action: str) -> str:
    """The three trigger functions of 0005, 0008 and 0009, with ``action`` where
    they move the version."""
    return f"""
CREATE OR REPLACE FUNCTION figures_publication_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'published') THEN
      {action}
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') THEN
      {action}
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ctdb_public_rows_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
      {action}
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM old_rows) THEN
      {action}
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ctdb_public_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {action}
  RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("figures", "0009_version_on_truncate_and_new_sources")]

    operations = [
        migrations.RunSQL(NOTED + functions(NOTE), functions(BUMP) + UNNOTED),
    ]
