from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReportedFigure


class PlainDecimalField(forms.DecimalField):
    """Shows 214 rather than 214.00: counts are whole numbers as printed."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize()
            return f"{value:f}"
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3, "cols": 80}),
        required=False,
    )


class AssessmentForm(ReasonForm):
    assessment = forms.ChoiceField(label=_("Assessment"), choices=ReportedFigure.Assessment.choices)
