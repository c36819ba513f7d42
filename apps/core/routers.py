"""PostgreSQL is the distributed engine: with DATABASE_REPLICA_URL set, the
public pages, exports and API read from a streaming replica while the admin
and every write use the primary."""

import contextvars

from django.conf import settings

reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_from_replica", default=False
)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_from_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
