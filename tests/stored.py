"""Figures written as the app's services write them, for setting up tests."""

from apps.figures.models import ReportedFigure
from apps.figures.provenance import check_value
from apps.figures.services import figures_changed


def stored_figure(**fields) -> ReportedFigure:
    """A new figure, its value checked against its quote and its disagreements regrouped."""
    figure = ReportedFigure(**fields)
    check_value(figure)
    figure.save()
    figures_changed([figure.pk])
    return figure


def resaved(figure: ReportedFigure) -> ReportedFigure:
    """Save a figure changed in place (no workflow step) as a service would."""
    check_value(figure)
    figure.save()
    figures_changed([figure.pk])
    return figure
