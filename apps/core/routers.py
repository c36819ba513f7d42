"""PostgreSQL is the distributed engine: with DATABASE_REPLICA_URL set, the
public pages, exports and API read from a streaming replica while the admin
and every write use the primary."""

import contextvars

from django.conf import settings

reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_from_replica", default=False
)


# Only the published content is read from the replica; sessions, the cache
# (rate-limit counters), users and login records always come from the primary.
CONTENT_APPS = {"sources", "registry", "figures"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            reading_from_replica.get()
            and "replica" in settings.DATABASES
            and model._meta.app_label in CONTENT_APPS
        ):
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
