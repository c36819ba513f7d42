"""Reads the suggestion engine needs from the database."""

from __future__ import annotations

from django.db import DatabaseError

from apps.registry.subjects import NAMED_SUBJECTS

from .finder import EntityName


def registry_entities() -> list[EntityName]:
    """Every name of the registry an editor may find written in a text, or none
    when the database cannot be read."""
    entities = []
    try:
        for kind in NAMED_SUBJECTS:
            for pk, *names in kind.model.objects.values_list("pk", *kind.name_fields):
                entities.append(EntityName(kind.name, pk, tuple(name for name in names if name)))
    except DatabaseError:
        return []
    return entities
