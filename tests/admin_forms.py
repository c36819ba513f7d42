"""An admin change or add page's form as the browser would post it back."""

from django.forms.widgets import CheckboxInput


def field_values(form, prefix_name) -> dict:
    data = {}
    for name, field in form.fields.items():
        key = prefix_name(name)
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
            continue
        subwidgets = getattr(widget, "widgets", None)
        if subwidgets:  # a split date and time
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
            continue
        if isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(value)
    return data


def admin_form_data(page, **changes) -> dict:
    """The main form and every inline formset of ``page``, with ``changes`` applied."""
    form = page.context["adminform"].form
    data = field_values(form, lambda name: name)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for key in management.fields:
            value = management[key].value()
            data[management.add_prefix(key)] = "" if value is None else str(value)
        for sub in formset.forms:
            data.update(field_values(sub, sub.add_prefix))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
