"""Reads the suggestion engine needs from the database."""

from __future__ import annotations

from django.db import DatabaseError

from .finder import EntityName

# (kind, model path, name fields): every name an editor may find written in a text.
_REGISTRY = (
    ("institution", "Institution", ("name_ar", "name_en", "name_fr", "acronym")),
    ("programme", "Programme", ("name_ar", "name_en", "name_fr")),
    ("law", "Law", ("name_ar", "name_en", "name_fr", "number")),
    ("incident", "Incident", ("name_ar", "name_en", "name_fr")),
)


def registry_entities() -> list[EntityName]:
    """The registry's names, or none when the database cannot be read."""
    from apps.registry import models

    entities = []
    try:
        for kind, model_name, fields in _REGISTRY:
            model = getattr(models, model_name)
            for pk, *names in model.objects.values_list("pk", *fields):
                entities.append(EntityName(kind, pk, tuple(name for name in names if name)))
    except DatabaseError:
        return []
    return entities
