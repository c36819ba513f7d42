"""Admin behaviour every ctdb model shares: search by words, text that keeps
its own direction, history, forms that refuse to save over a change made since
they were opened; and the search's lexicon of plural forms."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .formulas import EXPORT_FORMATS
from .imports import IMPORT_FORMATS, MAX_IMPORT_BYTES, CtdbResource, ImportFileError
from .models import PluralForm
from .search import WordSearch, any_of, fields_matching
from .versions import changes_since, is_versioned, state_at

# Arabic and Latin text share the same fields: each box takes the direction of
# what is typed in it.
DIRECTION_AWARE_WIDGETS = {
    models.URLField: {
        "assume_scheme": "https",
        "widget": forms.URLInput(attrs={"class": "vURLField"}),
    },
    models.CharField: {"widget": forms.TextInput(attrs={"dir": "auto", "class": "vTextField"})},
    models.TextField: {"widget": forms.Textarea(attrs={"dir": "auto", "rows": 4, "cols": 80})},
}


def typing_ahead(request) -> bool:
    """An autocomplete box asks while a word is being typed."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class ArabicSearchMixin:
    """Search ``search_fields`` by words, the way the public site does
    (``apps.core.search.fields_matching``): a row matches when it matches any
    word or phrase of the search. In an autocomplete box the last word may be
    the beginning of a longer one."""

    def get_search_results(self, request, queryset, search_term):
        if not self.search_fields:
            return queryset, False
        search = WordSearch.prepare(search_term, using=queryset.db, prefix=typing_ahead(request))
        if not search:
            return queryset, False
        queryset, per_term = fields_matching(queryset, self.search_fields, search)
        return queryset.filter(any_of(per_term)), False


class SpreadsheetMixin(ImportExportMixin):
    """Import and export buttons on every table: CSV and Excel in, CSV, Excel and JSON out.

    A file that cannot be read says why in the reader's language; errors are
    listed by row and column above the preview (``admin/ctdb_import.html``)."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    import_template_name = "admin/ctdb_import.html"

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ImportFileError):
            message = str(error)
        else:
            message = _(
                "This file cannot be read in the format chosen: choose CSV for a .csv file "
                "(UTF-8 or Windows-1256) and Excel for a .xlsx workbook."
            )
        form.add_error("import_file", message)

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file")
        if upload is not None and upload.size > MAX_IMPORT_BYTES:
            from django.contrib import messages

            self.message_user(
                request,
                _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. "
                    "Split it and import the parts."
                )
                % {"size": round(upload.size / 2**20, 1), "limit": MAX_IMPORT_BYTES // 2**20},
                messages.ERROR,
            )
            request.FILES.pop("import_file")
        return super().import_action(request, **kwargs)


OPENED_VERSION = "opened_version"


class VersionCheckedForm(forms.ModelForm):
    """A form that remembers the version of the record it opened, and refuses to
    save once the record has moved on (apps.core.versions).

    The refusal says who changed what since; the form keeps everything typed in
    it and takes in the other changes to fields left alone, so that saving
    again loses nobody's work. The row stays locked from the check to the save.
    """

    opened_version = forms.IntegerField(
        label=_("version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and is_versioned(type(self.instance)):
            self.fields[OPENED_VERSION].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get(OPENED_VERSION)
        if opened is not None and self.instance.pk is not None:
            self.check_version(opened)
        return cleaned

    def check_version(self, opened: int) -> None:
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.first()
        if current is None:
            raise ValidationError(_("This record was deleted after you opened this form."))
        if current.version == opened:
            return
        taken, clashes = self.take_in_changes(state_at(model, current.pk, opened), current)
        self.write(OPENED_VERSION, current.version)
        changes, unrecorded = changes_since(model, current.pk, opened)
        raise ValidationError(stale_messages(self, current, changes, unrecorded, taken, clashes))

    def take_in_changes(self, base, current) -> tuple[list[str], list[str]]:
        """Put in the form the current value of each field changed since ``base`` that
        the person left alone; return those fields and the ones both changed."""
        editable = {field.name for field in type(current)._meta.fields if field.editable}
        names = [name for name in self.fields if name in editable]
        now = model_to_dict(current, fields=names)
        before = None if base is None else model_to_dict(base, fields=names)
        taken, clashes = [], []
        for name in names:
            field, typed = self.fields[name], self.typed(name)
            if before is None:  # nothing to compare with: any difference is the person's
                if field.has_changed(now.get(name), typed):
                    clashes.append(name)
            elif before.get(name) != now.get(name):
                if not field.has_changed(before.get(name), typed):
                    self.write(name, now.get(name))
                    taken.append(name)
                elif field.has_changed(now.get(name), typed):
                    clashes.append(name)
        return taken, clashes

    def typed(self, name: str):
        widget = self.fields[name].widget
        return widget.value_from_datadict(self.data, self.files, self.add_prefix(name))

    def write(self, name: str, value) -> None:
        """Show ``value`` in the field ``name`` when the form is shown again."""
        if getattr(self.data, "_mutable", True) is False:
            self.data = self.data.copy()
        field, key = self.fields[name], self.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=False):
                self.data[key + suffix] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        else:
            prepared = field.prepare_value(value)
            self.data[key] = "" if prepared is None else str(prepared)


def stale_messages(form, current, changes, unrecorded, taken, clashes) -> list[str]:
    """What the person is told when their copy of the record is out of date."""
    label = {name: str(form.fields[name].label or name) for name in form.fields}
    messages = [_("This record was changed after you opened this form; nothing was saved.")]
    for change in changes:
        when = date_format(timezone.localtime(change.when), "DATETIME_FORMAT")
        if change.fields:
            messages.append(
                _("%(user)s changed %(fields)s (%(when)s).")
                % {"user": change.user, "fields": ", ".join(change.fields), "when": when}
            )
        else:
            saved = _("%(user)s saved it (%(when)s).")
            messages.append(saved % {"user": change.user, "when": when})
    if unrecorded:
        messages.append(_("It was also changed outside this form (an import, a bulk action…)."))
    if taken:
        messages.append(
            _("Those changes are now in the form: %(fields)s.")
            % {"fields": ", ".join(label[name] for name in taken)}
        )
    for name in clashes:
        messages.append(
            _("You changed %(field)s too: the form keeps yours; it is now “%(value)s”.")
            % {"field": label[name], "value": shown_value(current, name)}
        )
    messages.append(_("Check the form, then save again to keep what it shows."))
    return [str(message) for message in messages]


def shown_value(record, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, f"get_{name}_display")() if field.choices else getattr(record, name)
    return Truncator("" if value is None else str(value)).chars(200)


class VersionCheckMixin:
    """Admin (and inline) forms carry the version they were opened at, hidden."""

    form = VersionCheckedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != OPENED_VERSION]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if fieldsets and self.checks_versions(request, obj):
            fieldsets[0][1]["fields"].append(OPENED_VERSION)
        return fieldsets

    def checks_versions(self, request, obj) -> bool:
        opened = obj is not None or isinstance(self, InlineModelAdmin)  # not a new record
        return opened and is_versioned(self.model) and self.has_change_permission(request, obj)


class NamedBoxesMixin:
    """Every box of a form has a name a screen reader can say: a date and time's two
    boxes each say what they are ("retrieved at: date"), and so does each box of a
    form's table, whose only label is its column's header."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        widget = getattr(widget, "widget", widget)  # under the related-object buttons
        if isinstance(widget, forms.SplitDateTimeWidget):
            for part, kind in zip(widget.widgets, (_("date"), _("time")), strict=True):
                part.attrs["aria-label"] = format_lazy("{}: {}", db_field.verbose_name, kind)
        return formfield


class CtdbModelAdmin(
    VersionCheckMixin, NamedBoxesMixin, ArabicSearchMixin, SpreadsheetMixin, SimpleHistoryAdmin
):
    formfield_overrides = DIRECTION_AWARE_WIDGETS

    # A list's "id" column is headed in the staff's language (Django heads it "ID").
    def get_list_display(self, request):
        return [numbered(name) for name in super().get_list_display(request)]

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return links and [numbered(name) for name in links]

    @admin.display(description=_("No."), ordering="id")
    def record_number(self, obj):
        return obj.pk


def numbered(column: str) -> str:
    return "record_number" if column == "id" else column


class CtdbTabularInline(VersionCheckMixin, NamedBoxesMixin, admin.TabularInline):
    formfield_overrides = DIRECTION_AWARE_WIDGETS

    def get_formset(self, request, obj=None, **kwargs):
        return with_named_boxes(super().get_formset(request, obj, **kwargs))


def with_named_boxes(formset):
    """A formset whose boxes are named after their field (a table row has no labels)."""

    class Named(formset):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            for name, field in form.fields.items():
                label = field.label or (_("Delete") if name == "DELETE" else name)
                field.widget.attrs.setdefault("aria-label", label)

    Named.__name__ = formset.__name__
    return Named


class BlankAwareValuesFilter(admin.AllValuesFieldListFilter):
    """A field's values, an empty one shown as "none" rather than as an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": _("none")} if choice["display"] == "" else choice


def auto_direction(text: str, limit: int | None = 120):
    """Text shown in a list in its own direction, shortened to ``limit``."""
    if text is None:
        return ""
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return format_html('<span dir="auto">{}</span>', text)


class PluralFormResource(CtdbResource):
    class Meta(CtdbResource.Meta):
        model = PluralForm
        import_id_fields = ["singular", "plural"]
        fields = ["singular", "plural"]
        export_order = fields


@admin.register(PluralForm)
class PluralFormAdmin(CtdbModelAdmin):
    """The lexicon of plural forms the search reads (apps.core.search)."""

    resource_classes = [PluralFormResource]
    list_display = ["singular", "plural"]
    search_fields = ["singular", "plural"]
