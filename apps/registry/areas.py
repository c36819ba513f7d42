"""The areas every database holds: figures are about Morocco unless staff say otherwise."""

from __future__ import annotations

DEFAULT_AREA = "MA"

# (code, kind, English, Arabic, French)
STANDING_AREAS = [
    ("world", "world", "The world", "العالم", "Le monde"),
    (DEFAULT_AREA, "country", "Morocco", "المغرب", "Maroc"),
]


def ensure_areas(sender=None, using="default", apps=None, **kwargs) -> None:
    """Create the standing areas where they are missing (never changes existing rows)."""
    if apps is None:
        from django.apps import apps
    try:
        Area = apps.get_model("registry", "Area")
    except LookupError:
        return  # before the migration that makes areas
    for code, kind, name_en, name_ar, name_fr in STANDING_AREAS:
        Area.objects.using(using).get_or_create(
            code=code,
            defaults={"kind": kind, "name_en": name_en, "name_ar": name_ar, "name_fr": name_fr},
        )
