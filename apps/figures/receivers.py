"""What the disagreement rule reads beyond a figure's own row: its source's
date (the end of an open period) and its metric's kind. When either changes,
by any path (the admin, an import, a script), the figures that rest on it are
regrouped after the save."""

from __future__ import annotations

from .models import Metric, ReportedFigure
from .services import figures_changed

WATCHED = {
    "sources.Source": ("published_on", "published_on_precision"),
    Metric: ("kind",),
}


def remember(sender, instance, **kwargs) -> None:
    """Keep what the row said before this save (pre_save)."""
    fields = WATCHED_FIELDS[sender]
    if instance.pk is None:
        instance._compared_before = None
        return
    instance._compared_before = (
        type(instance).objects.filter(pk=instance.pk).values_list(*fields).first()
    )


def regroup_if_changed(sender, instance, created, **kwargs) -> None:
    """Regroup the figures resting on the row when what the rule reads of it changed."""
    fields = WATCHED_FIELDS[sender]
    before = getattr(instance, "_compared_before", None)
    if created or before is None or before == tuple(getattr(instance, f) for f in fields):
        return
    if sender is Metric:
        figures = ReportedFigure.objects.filter(metric=instance)
    else:
        figures = ReportedFigure.objects.filter(quote__source=instance)
    figures_changed(list(figures.values_list("pk", flat=True)))


WATCHED_FIELDS: dict = {}


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_save, pre_save

    for model, fields in WATCHED.items():
        model = apps.get_model(model) if isinstance(model, str) else model
        WATCHED_FIELDS[model] = fields
        pre_save.connect(remember, sender=model, dispatch_uid=f"ctdb-remember-{model.__name__}")
        post_save.connect(
            regroup_if_changed, sender=model, dispatch_uid=f"ctdb-regroup-{model.__name__}"
        )
