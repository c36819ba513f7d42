"""The figures' admin: metrics, reported figures (with the review actions) and disagreements."""

from .disagreements import DisagreementAdmin
from .figures import ReportedFigureAdmin
from .metrics import MetricAdmin

__all__ = ["DisagreementAdmin", "MetricAdmin", "ReportedFigureAdmin"]
