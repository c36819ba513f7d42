"""The API's documentation page: the OpenAPI document rendered as plain HTML.

Rendered on the server, with no script and nothing from another site: the
endpoints, their parameters, their answers and the fields of what they return,
in the reader's language (the document's text is translated; its names are not).
"""

from __future__ import annotations

import functools
import re

from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

INLINE_CODE = re.compile(r"`([^`]+)`")
REF_PREFIX = "#/components/schemas/"
TAG_ORDER = ["figures", "disagreements", "sources", "institutions", "programmes", "laws"]
TAG_ORDER += ["incidents", "metrics"]


# Arabic inside code (a translated error message in an example) is isolated right to
# left, or its full stop lands at the start of the sentence.
ARABIC_RUN = re.compile(r"[\u0600-\u06ff](?:[\u0600-\u06ff\s]*[\u0600-\u06ff])?[.!؟،]?")


def code(match: re.Match) -> str:
    inner = ARABIC_RUN.sub(lambda run: f'<bdi dir="rtl">{run.group(0)}</bdi>', match.group(1))
    return f"<code>{inner}</code>"


def inline(text: str) -> SafeString:
    """Escaped text with `backticks` as <code>."""
    return mark_safe(INLINE_CODE.sub(code, escape(text)))


def list_items(lines: list[str]) -> list[str]:
    """The items of a "- " list; an indented line continues the item above."""
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(line[2:])
        else:
            items[-1] += " " + line.strip()
    return items


def prose(text: str) -> SafeString:
    """Paragraphs separated by blank lines; a paragraph starting with "- " is a list."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and lines[0].startswith("- "):
            items = ((inline(item),) for item in list_items(lines))
            blocks.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
        elif block.strip():
            blocks.append(format_html("<p>{}</p>", inline(" ".join(lines))))
    return mark_safe("".join(blocks))


def ref_name(schema: dict) -> str:
    return schema.get("$ref", "").removeprefix(REF_PREFIX)


def resolve(schema: dict, components: dict) -> dict:
    """Follow a $ref (directly or through allOf) to its component."""
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = schema["allOf"][0]
    name = ref_name(schema)
    return components.get(name, schema) if name else schema


def type_label(schema: dict, components: dict) -> SafeString:
    """A short reading of a schema: "string (date-time)", "one of: a, b", "Source"."""
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = {**schema, **schema["allOf"][0]}
    if ref_name(schema):
        target = components.get(ref_name(schema), {})
        if "enum" in target:
            return one_of(v for v in target["enum"] if v not in ("", None))
        return format_html("<code>{}</code>", ref_name(schema))
    if "enum" in schema:
        return one_of(schema["enum"])
    if schema.get("type") == "array":
        return list_of(type_label(schema.get("items", {}), components))
    label = schema.get("type", "object")
    details = [schema[key] for key in ("format",) if key in schema]
    details += [
        f"{key} {schema[key]}" for key in ("minimum", "maximum", "maxLength") if key in schema
    ]
    if details:
        label += f" ({', '.join(str(d) for d in details)})"
    label = format_html("<code>{}</code>", label)
    if schema.get("nullable"):
        return words(_("%(type)s, or null"), type=label)
    return label


def words(text: str, **values: SafeString) -> SafeString:
    """A translated phrase, escaped, with HTML put in its %(name)s placeholders."""
    return mark_safe(escape(text) % values)


def one_of(values) -> SafeString:
    separator = pgettext("between the items of a list", ", ")
    codes = format_html_join(separator, "<code>{}</code>", ((value,) for value in values))
    return words(_("one of: %(values)s"), values=codes)


def list_of(items: SafeString) -> SafeString:
    return words(_("list of %(type)s"), type=items)


def parameter_rows(operation: dict, components: dict) -> SafeString:
    rows = (
        (
            parameter["name"],
            parameter["in"],
            type_label(parameter.get("schema", {}), components),
            _("yes") if parameter.get("required") else "",
            inline(parameter.get("description", "")),
        )
        for parameter in operation.get("parameters", [])
    )
    body = format_html_join(
        "", "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
    )
    if not body:
        return mark_safe("")
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        headings(
            _("Parameter"),
            pgettext("where a parameter is sent", "In"),
            _("Type"),
            _("Required"),
            _("Description"),
        ),
        body,
    )


def returned_fields(operation: dict, components: dict) -> SafeString:
    """The fields of a successful answer (of each row, for a page)."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = resolve(content.get("application/json", {}).get("schema", {}), components)
    results = schema.get("properties", {}).get("results")
    if results and results.get("type") == "array":
        schema = resolve(results.get("items", {}), components)
    properties = schema.get("properties", {})
    if not properties:
        return mark_safe("")
    rows = (
        (name, type_label(field, components), inline(field.get("description", "")))
        for name, field in properties.items()
    )
    body = format_html_join("", "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        "<details><summary>{}</summary><table><thead><tr>{}</tr></thead>"
        "<tbody>{}</tbody></table></details>",
        _("Fields returned"),
        headings(_("Field"), _("Type"), _("Description")),
        body,
    )


def headings(*labels: str) -> SafeString:
    return format_html_join("", "<th>{}</th>", ((label,) for label in labels))


def answers(operation: dict) -> SafeString:
    """Each status code the operation answers with, and what it means."""
    items = (
        (code, response.get("description", ""))
        for code, response in sorted(operation.get("responses", {}).items())
    )
    return format_html(
        "<p>{}</p><ul>{}</ul>",
        _("Answers:"),
        format_html_join("", "<li><strong>{}</strong> {}</li>", items),
    )


def anchor(method: str, path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")


def operations(document: dict) -> list[tuple[str, str, dict]]:
    """(method, path, operation), figures first, then by kind of record and path."""
    found = [
        (method.upper(), path, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]
    return sorted(found, key=lambda op: (tag_rank(op[2]), op[1], op[0]))


def tag_rank(operation: dict) -> int:
    tag = (operation.get("tags") or [""])[0]
    return TAG_ORDER.index(tag) if tag in TAG_ORDER else len(TAG_ORDER)


def section(method: str, path: str, operation: dict, components: dict) -> SafeString:
    return format_html(
        '<section id="{}"><h3><code>{} {}</code> — {}</h3>{}{}{}{}</section>',
        anchor(method, path),
        method,
        path,
        operation.get("summary", ""),
        prose(operation.get("description", "")),
        parameter_rows(operation, components),
        answers(operation),
        returned_fields(operation, components),
    )


def context() -> dict:
    """What the page's template shows, in the active language."""
    return contents(translation.get_language())


@functools.cache
def contents(language: str) -> dict:
    """The page's parts in ``language``, made once per process from that language's document."""
    from .schema import document_in

    with translation.override(language):
        return parts(document_in(language))


def parts(document: dict) -> dict:
    """The title, description, index and sections of the page, from the OpenAPI document."""
    info = document.get("info", {})
    components = document.get("components", {}).get("schemas", {})
    ops = operations(document)
    index = format_html_join(
        "",
        '<li><a href="#{}"><code>{} {}</code></a> — {}</li>',
        ((anchor(m, p), m, p, op.get("summary", "")) for m, p, op in ops),
    )
    return {
        "title": info.get("title", "API"),
        "version": info.get("version", ""),
        "description": prose(info.get("description", "")),
        "index": index,
        "sections": mark_safe("".join(section(m, p, op, components) for m, p, op in ops)),
    }
