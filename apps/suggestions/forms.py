"""The editor's review of suggested figures: tick, correct, create."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.figures.models import Metric, ReportedFigure, Unit


class SuggestionForm(forms.Form):
    keep = forms.BooleanField(label=_("keep"), required=False)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=2, min_value=0)
    value_max = forms.DecimalField(
        label=_("upper value"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    qualifier = forms.ChoiceField(label=_("qualifier"), choices=ReportedFigure.Qualifier.choices)
    unit = forms.ChoiceField(label=_("unit"), choices=Unit.choices)
    metric = forms.ModelChoiceField(
        label=_("metric"), queryset=Metric.objects.all(), to_field_name="slug", required=False
    )

    def __init__(self, *args, text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
        for name in ("value", "value_max"):
            self.fields[name].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and not 0 <= start < end <= len(self.text):
            raise forms.ValidationError(_("These offsets are outside the source's text."))
        if data.get("keep") and not data.get("metric"):
            self.add_error("metric", _("Choose the metric of a figure you keep."))
        return data

    @property
    def quote(self) -> str:
        start, end = self.initial.get("start"), self.initial.get("end")
        if self.is_bound:
            start, end = (
                self.data.get(self.add_prefix("start")),
                self.data.get(self.add_prefix("end")),
            )
        try:
            return self.text[int(start) : int(end)]
        except (TypeError, ValueError):
            return ""


SuggestionFormSet = forms.formset_factory(SuggestionForm, extra=0, max_num=500)
