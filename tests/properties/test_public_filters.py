"""Whatever query string a reader (or a robot) sends to /figures/, the answer is
the listing (200) or a page naming the bad parameter (400): never a server
error, and an export is never cut short by one."""

import base64
import datetime as dt
import io
import json
import string
import urllib.parse
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.core.pagination import encode_cursor
from apps.figures.filters import FigureFilter
from apps.figures.selectors import ORDERINGS

PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LISTING = "/figures/"
FILTER_NAMES = sorted(FigureFilter.base_filters)
PAGE_NAMES = ["sort", "per_page", "after", "before"]
EXPORTS = ["csv", "xlsx", "json"]

garbage = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(min_size=1, max_size=3).map(lambda bit: bit * 2000),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "%00",
            "-1",
            "0",
            "1e309",
            "NaN",
            "sNaN",
            "Infinity",
            "-Infinity",
            "9" * 400,
            "١٢٣",
            "۱۲۳",
            "٣٫٥",
            "'; DROP TABLE figures_reportedfigure; --",
            "<script>alert(1)</script>",
            '"quoted phrase"',
            '"',
            "ctdb\u202eevil",
            "\ufeff",
            "true",
            "null",
            "[]",
            "{}",
        ]
    ),
)
# Characters str.isdigit() accepts and int() may not: superscripts (²), circled
# and other "No" digits; and decimal digits of other scripts (٢, ۲, ２, ߂), which int() reads.
digit_like = st.text(
    alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6
) | st.sampled_from(["\u00b2", "\u2461", "2\u2075", "\u0662\u0665", "\uff15\uff10", "1_00", "+50"])
numbers = st.one_of(
    digit_like,
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
)
offsets = st.integers(-(15 * 60 + 59), 15 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
# The first and last days of Python's calendar, in any offset: some have no UTC form.
calendar_edges = st.one_of(
    st.datetimes(max_value=dt.datetime(1, 1, 2), timezones=offsets),
    st.datetimes(min_value=dt.datetime(9999, 12, 30), timezones=offsets),
).map(lambda moment: moment.isoformat())
dates = st.one_of(
    calendar_edges,
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.sampled_from(
        [
            "2003",
            "2003-05",
            "2021-13-45",
            "2003-02-29",
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "٢٠٠٣-٠٥-١٦",
            "²⁰⁰³",
        ]
    ),
)


def cursors() -> st.SearchStrategy:
    """Cursors the site makes (for any value and id), and ones it never made."""
    made = st.builds(
        encode_cursor,
        st.one_of(numbers, dates, garbage, st.none(), st.booleans()),
        st.one_of(st.integers(-(2**70), 2**70), st.just(1)),
    )
    forged = st.one_of(
        st.binary(max_size=60).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
        st.builds(
            lambda document: base64.urlsafe_b64encode(json.dumps(document).encode()).decode(),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                lambda inner: st.lists(inner, max_size=3),
                max_leaves=6,
            ),
        ),
    )
    return st.one_of(made, forged, garbage)


def values_for(name: str) -> st.SearchStrategy:
    """Sensible and senseless values for one parameter."""
    sensible = {
        "q": st.sampled_from(["خلية", "ارهابيه", "الأمن الوطني", "DGSN", '"أكثر من مئتي"', "214"]),
        "metric": st.sampled_from(["cells-dismantled", "persons-prosecuted", "unknown-metric"]),
        "institution": st.sampled_from(["dgsn", "interior", "bcij"]),
        "programme": st.sampled_from(["moussalaha", "tamkine"]),
        "cohort": st.integers(-5, 10**6).map(str),
        "law": st.sampled_from(["law-03-03", "03.03"]),
        "incident": st.sampled_from(["casablanca-2003"]),
        "source": st.integers(-5, 10**20).map(str),
        "publisher": st.sampled_from(["Outlet A", "Outlet B", "outlet a"]),
        "language": st.sampled_from(["ar", "en", "fr", "de"]),
        "qualifier": st.sampled_from(["exact", "more_than", "range", "roughly"]),
        "period_from": dates,
        "period_to": dates,
        "value_min": numbers,
        "value_max": numbers,
        "updated_since": dates,
        "disputed": st.sampled_from(["true", "false", "1", "0", "yes", "unknown"]),
        "area": st.sampled_from(["MA", "world", "ma", "XX", ""]),
        "disagreement": st.one_of(st.integers(-5, 10**20).map(str), st.text(max_size=6)),
        "sort": st.sampled_from([*ORDERINGS, "--id", "value desc"]),
        "per_page": st.sampled_from(["25", "50", "100", "200", "0", "10000", "٢٥"]) | digit_like,
        "after": cursors(),
        "before": cursors(),
        "format": st.sampled_from([*EXPORTS, "pdf", "CSV"]),
    }
    return st.one_of(sensible[name], garbage)


@st.composite
def queries(draw, names: list[str]) -> list[tuple[str, str]]:
    """A query string as (name, value) pairs: a few parameters, some repeated."""
    chosen = draw(st.lists(st.sampled_from(names), max_size=6))
    return [(name, draw(values_for(name))) for name in chosen]


@pytest.fixture
def site(world, settings):
    """The published world, with exports not rate-limited (many are asked for here)."""
    settings.EXPORT_RATE = "1000000/m"
    return world


def fetch(client, query_string: str):
    """GET the listing with this query string; the body of a streamed export is read in full."""
    response = client.get(f"{LISTING}?{query_string}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def assert_whole_export(response, body: bytes):
    """An export that started (200) ran to its end: no error was swallowed mid-stream."""
    disposition = response.get("Content-Disposition", "")
    if response.status_code != 200 or "attachment" not in disposition:
        return
    if disposition.rstrip('"').endswith(".csv"):
        assert body.startswith(b"\xef\xbb\xbf")
        assert b"EXPORT INCOMPLETE" not in body, body[-300:]
    elif disposition.rstrip('"').endswith(".json"):
        document = json.loads(body)
        assert document["complete"] is True, document
    else:
        openpyxl.load_workbook(io.BytesIO(body), read_only=True)


def assert_200_or_400(client, pairs: list[tuple[str, str]]):
    """The property, for one query."""
    query_string = urllib.parse.urlencode(pairs)
    response, body = fetch(client, query_string)
    assert response.status_code in {200, 400}, (pairs, response.status_code)
    assert_whole_export(response, body)


@PROPERTY_SETTINGS
@given(pairs=queries(FILTER_NAMES + PAGE_NAMES))
def test_any_filters_on_the_listing_get_a_200_or_a_400(client, site, pairs):
    assert_200_or_400(client, pairs)


@pytest.mark.parametrize("name", FILTER_NAMES + PAGE_NAMES)
@hypothesis_settings(PROPERTY_SETTINGS, max_examples=40)
@given(data=st.data())
def test_any_value_of_each_parameter_gets_a_200_or_a_400(client, site, name, data):
    assert_200_or_400(client, [(name, data.draw(values_for(name)))])


@PROPERTY_SETTINGS
@given(pairs=queries(FILTER_NAMES + PAGE_NAMES), export=st.sampled_from(EXPORTS))
def test_any_filters_on_an_export_get_a_200_or_a_400_and_a_whole_file(client, site, pairs, export):
    assert_200_or_400(client, [*pairs, ("format", export)])


@PROPERTY_SETTINGS
@given(
    sort=st.sampled_from(list(ORDERINGS)),
    direction=st.sampled_from(["after", "before"]),
    cursor=cursors(),
    pairs=queries(FILTER_NAMES),
)
def test_any_cursor_in_any_sort_order_gets_a_200_or_a_400(
    client, site, sort, direction, cursor, pairs
):
    assert_200_or_400(client, [*pairs, ("sort", sort), (direction, cursor)])


@PROPERTY_SETTINGS
@given(pairs=queries(["format", *FILTER_NAMES]))
def test_any_format_with_any_filters_gets_a_200_or_a_400(client, site, pairs):
    assert_200_or_400(client, pairs)


@pytest.fixture
def api_unthrottled(settings):
    configured = dict(getattr(settings, "REST_FRAMEWORK", {}))
    configured["DEFAULT_THROTTLE_RATES"] = {"api": "1000000/min"}
    settings.REST_FRAMEWORK = configured


@PROPERTY_SETTINGS
@given(pairs=queries([*FILTER_NAMES, "sort"]))
def test_the_site_and_the_api_refuse_the_same_filters(client, site, api_unthrottled, pairs):
    query_string = urllib.parse.urlencode(pairs)
    on_the_site = client.get(f"{LISTING}?{query_string}")
    in_the_api = client.get(f"/api/v1/figures/?{query_string}")
    assert on_the_site.status_code in {200, 400}, pairs
    assert in_the_api.status_code == on_the_site.status_code, (pairs, in_the_api.content[:300])


raw_query_strings = st.one_of(
    st.binary(max_size=200).map(lambda raw: urllib.parse.quote(raw, safe="=&")),
    st.text(alphabet=string.printable, max_size=200),
    st.lists(
        st.tuples(
            st.sampled_from([*FILTER_NAMES, *PAGE_NAMES, "format", ""]),
            st.binary(max_size=40).map(lambda raw: urllib.parse.quote(raw, safe="")),
        ),
        max_size=5,
    ).map(lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)),
)


@PROPERTY_SETTINGS
@given(query_string=raw_query_strings)
def test_any_raw_query_string_gets_a_200_or_a_400(client, site, query_string):
    response, body = fetch(client, query_string)
    assert response.status_code in {200, 400}, (query_string, response.status_code)
    assert_whole_export(response, body)


# ---------------------------------------------------------------------------
# Cursors no page could have made: each gets a 400.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "-Infinity",
        "1e999999",
        "1e-20000",
    ],
)
def test_a_value_cursor_that_no_page_could_have_made_gets_a_400(client, site, value):
    client.raise_request_exception = False
    cursor = encode_cursor(Decimal(value), 1)
    response, _ = fetch(client, urllib.parse.urlencode({"sort": "value", "after": cursor}))
    assert response.status_code == 400
