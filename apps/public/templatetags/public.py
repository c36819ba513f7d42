"""Template helpers for the public pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def url_with(context, key=None, value=None, **changes):
    """The current URL with one parameter set (and others set or removed by keyword).

    A keyword whose value is None removes that parameter, so that paging links
    can drop the cursor when a filter changes.
    """
    request = context["request"]
    params = request.GET.copy()
    if key is not None:
        changes[key] = value
    for name, new in changes.items():
        if new is None or new == "":
            params.pop(name, None)
        else:
            params[name] = str(new)
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path
