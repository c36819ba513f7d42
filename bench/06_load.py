"""Load test: the production server under mixed traffic while an Editor imports.

    .venv/bin/python bench/06_load.py [--duration 60] [--users 20] [--workers 3] [--threads 4]

Starts gunicorn with the production settings over ``ctdb_bench`` on a free
loopback port (``benchlib.server``), then drives it with locust, used as a
library, for ``--duration`` seconds or ``--max-requests`` requests, whichever
comes first. ``--users`` readers wait ``--wait`` seconds (uniform) between
requests and mix, by weight: the listing's first page, the listing under
filters (metric, institution, period, value range), Arabic searches written
with and without hamza and ta marbuta, "next" links followed a few pages deep,
the other sort orders, pages of published figures drawn from the database,
metric and institution pages, and CSV and JSON exports of a selective filter
(about a thousand rows: exporting all 900,000 takes 13 s and more and would
drown everything else). One more user, an Editor, logs into the admin and
imports a CSV of ``--import-rows`` figures through the import form (upload,
preview, confirm) every ``--import-every`` seconds.

The imported rows reuse real quotes of the corpus, each under a metric that
quote does not state yet and an institution that metric has no figure about,
so that an import creates drafts and never edits a corpus figure nor regroups
a corpus disagreement (``benchlib.loadplan``). Those drafts, their history and
anything they created are deleted at the end (and at the start, if an earlier
run was interrupted).

Every request is timed by the client (wall clock, from sending to the last
byte). Printed per request type: count, median and nearest-rank p95 in ms;
then ``pages_…`` over every request but the exports and the Editor's, and how
their p95 compares with the target: no errors, p95 under 500 ms for pages at
20 concurrent clients. The load generator runs on the same machine as the
server and PostgreSQL and takes its share of the cores.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import resource
import signal
import sys
import time
from collections import Counter, defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

# locust patches the standard library for gevent when it is imported.
import gevent
from locust import FastHttpUser, HttpUser, between, constant_pacing, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.loadplan import (
    EDITOR,
    Plan,
    corpus_changes_since,
    make_plan,
    prepare_editor,
    remove_imports,
    rows,
)
from benchlib.server import ProductionServer
from benchlib.timing import describe_machine, emit, limit_memory, median, p95

TARGET_P95_MS = 500
NEXT_LINK = re.compile(r'rel="next" href="([^"]+)"')
JSON_END = re.compile(r'"complete": true')
# Common words of the corpus, each also as typed without hamza or with ه for ة.
SEARCHES = [
    "خلية",
    "خليه",
    "إرهابية",
    "ارهابيه",
    "خلية إرهابية",
    "داعش",
    "المشتبه",
    "أسلحة",
    "اسلحه",
    "توقيف",
    "الأمن",
    "الامن",
    "مخطط",
]
SORTS = ["-value", "value", "-period", "period", "id"]
VALUE_RANGES = [(1, 10), (10, 100), (100, 1000), (1000, 100000), (50, 60)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--users", type=int, default=20, help="concurrent readers")
    parser.add_argument("--max-requests", type=int, default=20000, help="stop after this many")
    # make serve's defaults: the load test measures the server as production runs it.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument(
        "--wait", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"),
        help="seconds a reader waits between requests",
    )  # fmt: skip
    parser.add_argument("--import-every", type=float, default=20, help="seconds between imports")
    parser.add_argument("--import-rows", type=int, default=200, help="figures per imported file")
    parser.add_argument("--seed", type=int, default=8)
    return parser.parse_args()


# -- the clients ----------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: action and the values of their inputs."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name, kind = attrs.get("name"), attrs.get("type")
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag == "input" and self.forms and name and kind not in {"file", "submit"}:
            self.forms[-1][1][name] = attrs.get("value") or ""

    def form(self, action_ending: str) -> dict[str, str] | None:
        """The first form posting to a path ending so ("": to the page itself)."""
        for action, inputs in self.forms:
            path = action.split("?")[0]
            if path.endswith(action_ending) if action_ending else not action:
                return inputs
        return None


class Reader(FastHttpUser):
    """A visitor of the public site."""

    plan: Plan
    network_timeout = 120.0
    connection_timeout = 10.0

    def get(self, url: str, name: str, check=None):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif check is not None and not check(response):
                response.failure("unexpected content")
            return response

    def listing_params(self) -> dict:
        """One to three of the listing's filters."""
        plan, rng = self.plan, self.plan.rng
        low, high = rng.choice(VALUE_RANGES)
        year = rng.randint(2004, 2024)
        options = [
            {"metric": rng.choice(plan.metrics)},
            {"institution": rng.choice(plan.institutions)},
            {"period_from": f"{year}-01-01", "period_to": f"{year + rng.randint(0, 3)}-12-31"},
            {"value_min": low, "value_max": high},
        ]
        params = {}
        for option in rng.sample(options, rng.randint(1, 3)):
            params.update(option)
        return params

    @task(3)
    def listing_page1(self):
        self.get("/figures/", "listing_page1", complete_page)

    @task(4)
    def listing_filtered(self):
        self.get("/figures/?" + urlencode(self.listing_params()), "listing_filtered", complete_page)

    @task(4)
    def listing_search(self):
        params = {"q": self.plan.rng.choice(SEARCHES)}
        if self.plan.rng.random() < 0.3:
            params["metric"] = self.plan.rng.choice(self.plan.metrics)
        self.get("/figures/?" + urlencode(params), "listing_search", complete_page)

    @task(2)
    def listing_sorted(self):
        params = {"sort": self.plan.rng.choice(SORTS)}
        self.get("/figures/?" + urlencode(params), "listing_sorted", complete_page)

    @task(2)
    def listing_next(self):
        """Page 1 of a random sort, then 1–4 "next" links (only these are timed here)."""
        url = "/figures/?" + urlencode({"sort": self.plan.rng.choice(["-id", *SORTS])})
        response = self.get(url, "listing_next_start", complete_page)
        for _ in range(self.plan.rng.randint(1, 4)):
            found = NEXT_LINK.search(response.text or "")
            if not found:
                return
            response = self.get(unescape(found.group(1)), "listing_next", complete_page)

    @task(6)
    def figure_page(self):
        self.get(f"/figures/{self.plan.rng.choice(self.plan.figures)}/", "figure_page")

    @task(1)
    def metric_page(self):
        self.get(f"/metrics/{self.plan.rng.choice(self.plan.metrics)}/", "metric_page")

    @task(1)
    def institution_page(self):
        slug = self.plan.rng.choice(self.plan.institutions)
        self.get(f"/institutions/{slug}/", "institution_page")

    @task(1)
    def export_csv(self):
        params = {**self.plan.rng.choice(self.plan.exports), "format": "csv"}
        self.get("/figures/?" + urlencode(params), "export_csv", csv_file)

    @task(1)
    def export_json(self):
        params = {**self.plan.rng.choice(self.plan.exports), "format": "json"}
        self.get("/figures/?" + urlencode(params), "export_json", json_file)


def complete_page(response) -> bool:
    return (response.text or "").rstrip().endswith("</html>")


def csv_file(response) -> bool:
    return (response.text or "").startswith(("id,", "\ufeffid,"))


def json_file(response) -> bool:
    return bool(JSON_END.search((response.text or "")[-500:]))


class Editor(HttpUser):
    """A member of staff importing a spreadsheet of figures every few seconds."""

    plan: Plan
    fixed_count = 1
    started = 0  # files uploaded (class-wide: there is one Editor)
    confirmed = 0

    def on_start(self):
        login = f"{self.plan.admin}login/"
        page = self.client.get(login, name="editor_login_form")
        fields = Forms(page.text).form("login/") or {}
        fields.update(username=EDITOR, password=self.plan.password, next=self.plan.admin)
        with self.client.post(
            login, data=fields, name="editor_login", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    @task
    def import_file(self):
        if Editor.started >= len(self.plan.import_files):
            return
        data = self.plan.import_files[Editor.started]
        Editor.started += 1
        base = f"{self.plan.admin}figures/reportedfigure/"
        form_page = self.client.get(f"{base}import/", name="editor_import_form")
        fields = Forms(form_page.text).form("") or {}
        fields.update(format=csv_choice(form_page.text), resource="0")
        upload = {"import_file": (f"load-{Editor.started}.csv", data, "text/csv")}
        with self.client.post(
            f"{base}import/", data=fields, files=upload, name="editor_import_preview",
            catch_response=True,
        ) as preview:  # fmt: skip
            confirm = Forms(preview.text).form("process_import/")
            if preview.status_code != 200 or confirm is None:
                preview.failure(f"no confirmation form (HTTP {preview.status_code})")
                return
        with self.client.post(
            f"{base}process_import/", data=confirm, name="editor_import_confirm",
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"confirmation answered {response.status_code}")
            else:
                Editor.confirmed += 1


def csv_choice(page: str) -> str:
    """The value of the import form's "csv" format option."""
    found = re.search(r'<option value="(\d+)"[^>]*>\s*csv\s*</option>', page, re.IGNORECASE)
    return found.group(1) if found else "0"


# -- running and reporting --------------------------------------------------------


class Recorder:
    """Every request's client-side time, by name, and the failures."""

    def __init__(self):
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.total = 0

    def __call__(self, name, response_time, exception=None, **kwargs):
        self.total += 1
        self.timings[name].append(response_time)
        if exception is not None:
            self.errors[name] += 1
            self.reasons[(name, str(exception)[:160])] += 1


def run_load(plan: Plan, url: str, args: argparse.Namespace) -> tuple[Recorder, float]:
    Reader.plan = Editor.plan = plan
    Reader.wait_time = between(*args.wait)
    Editor.wait_time = constant_pacing(args.import_every)
    logging.getLogger("locust").setLevel(logging.WARNING)
    env = Environment(user_classes=[Reader, Editor], host=url)
    recorder = Recorder()
    env.events.request.add_listener(recorder)
    runner = env.create_local_runner()

    def stop_at_request_limit(**kwargs):
        if recorder.total >= args.max_requests and runner.state != "stopped":
            gevent.spawn(runner.quit)

    env.events.request.add_listener(stop_at_request_limit)
    machine, own, started = cpu_busy(), time.process_time(), time.perf_counter()
    runner.start(args.users + 1, spawn_rate=args.users + 1)
    stopper = gevent.spawn_later(args.duration, runner.quit)
    runner.greenlet.join()
    stopper.kill()
    seconds = time.perf_counter() - started
    busy = (cpu_busy() - machine) / (seconds * (os.cpu_count() or 1))
    print(
        f"# CPU during the load: the machine {busy:.0%} busy (every process),"
        f" {busy * seconds * (os.cpu_count() or 1):.0f} CPU-seconds;"
        f" the load generator {(time.process_time() - own) / seconds:.0%} of one core"
    )
    return recorder, seconds


def children_cpu() -> float:
    """CPU-seconds of the child processes that have ended (gunicorn's, once stopped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_busy() -> float:
    """Seconds every core of the machine spent working since boot (/proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def warm_up(plan: Plan, url: str) -> None:
    """One untimed request per kind of page, so that the first timed ones are not
    also the first of each worker's connection and template loading."""
    import urllib.request

    paths = ["/figures/", f"/figures/{plan.figures[0]}/", f"/metrics/{plan.metrics[0]}/"]
    for path in paths:
        with urllib.request.urlopen(url + path, timeout=120) as response:
            response.read()


def report(recorder: Recorder, seconds: float) -> None:
    emit("duration", seconds, "s")
    emit("requests", recorder.total, "requests")
    emit("requests_per_s", recorder.total / seconds, "requests/s")
    emit("errors", sum(recorder.errors.values()), "requests")
    for name in sorted(recorder.timings):
        timings = recorder.timings[name]
        emit(f"{name}_count", len(timings), "requests")
        emit(f"{name}_median", median(timings), "ms")
        emit(f"{name}_p95", p95(timings), "ms")
        if recorder.errors[name]:
            emit(f"{name}_errors", recorder.errors[name], "requests")
    for (name, reason), count in recorder.reasons.most_common(10):
        print(f"# {count} × {name}: {reason}")
    pages = [
        ms
        for name, timings in recorder.timings.items()
        if not name.startswith(("export_", "editor_"))
        for ms in timings
    ]
    if pages:
        emit("pages_count", len(pages), "requests")
        emit("pages_median", median(pages), "ms")
        emit("pages_p95", p95(pages), "ms")
        emit("pages_p95_over_target", p95(pages) / TARGET_P95_MS, "ratio")
        met = p95(pages) < TARGET_P95_MS and not recorder.errors
        verdict = "met" if met else "missed"
        print(f"# target (no errors, pages p95 under {TARGET_P95_MS} ms): {verdict}")


def exit_on_signals() -> None:
    """Ctrl-C or SIGTERM end the run at once, the server stopped and the drafts deleted
    (left to gevent, a Ctrl-C may end one client's greenlet instead)."""
    main_greenlet = gevent.getcurrent()
    gevent.signal_handler(signal.SIGINT, main_greenlet.throw, KeyboardInterrupt())
    gevent.signal_handler(signal.SIGTERM, main_greenlet.throw, SystemExit(128 + signal.SIGTERM))


def serve_and_load(plan: Plan, args: argparse.Namespace) -> tuple[Recorder, float]:
    with ProductionServer(workers=args.workers, threads=args.threads) as server:
        print(
            f"# gunicorn, {args.workers} workers × {args.threads} threads,"
            f" production settings, {server.url}"
        )
        before = children_cpu()
        warm_up(plan, server.url)
        recorder, seconds = run_load(plan, server.url, args)
        server.stop()  # lets an import in flight finish before its rows are counted
        print(f"# gunicorn's processes used {children_cpu() - before:.0f} CPU-seconds in all")
        for line in server.logged_errors()[:10]:
            print(f"# server log: {line[:200]}")
    return recorder, seconds


def main() -> None:
    args = parse_args()
    exit_on_signals()
    limit_memory()
    setup_django()
    describe_machine()
    (started,) = rows("SELECT now()")[0]
    editor_id, password = prepare_editor()
    if leftovers := remove_imports(editor_id):
        print(f"# removed {leftovers} figures left by an interrupted run")
    plan = make_plan(args, password)
    print(
        f"# {args.users} readers waiting {args.wait[0]:g}–{args.wait[1]:g} s between requests,"
        f" 1 Editor importing {args.import_rows} rows every {args.import_every:g} s;"
        f" at most {args.duration:g} s and {args.max_requests} requests"
    )
    try:
        recorder, seconds = serve_and_load(plan, args)
        imported = remove_imports(editor_id)
    finally:
        remove_imports(editor_id)
    if changed := corpus_changes_since(started):
        print(f"# WARNING: {changed} corpus figures changed during the run (here or elsewhere)")
    report(recorder, seconds)
    emit("editor_imports_started", Editor.started, "files")
    emit("editor_imports_confirmed", Editor.confirmed, "files")
    emit("editor_rows_imported", imported, "rows")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"# load average at the end {load}")


if __name__ == "__main__":
    main()
