"""The models and their migrations agree, and migrations stand on their own."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from apps.core import search

MIGRATIONS = sorted(Path(settings.BASE_DIR, "apps").glob("*/migrations/[0-9]*.py"))


def test_makemigrations_finds_nothing_to_do(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, at its top or inside a function ('.' for relative ones)."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules.append("." * node.level + (node.module or ""))
    return modules


def test_every_app_has_its_migrations_looked_at():
    assert {path.parent.parent.name for path in MIGRATIONS} >= {"core", "sources", "figures"}


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: f"{path.parts[-3]}/{path.name}")
def test_a_migration_imports_no_app_code(path):
    # A migration is history: the SQL and values it needs are written in it, so
    # that changing the app's code never changes what an old migration does.
    app_code = [
        module
        for module in imported_modules(path)
        if module == "apps" or module.startswith(("apps.", "."))
    ]
    assert app_code == []


def test_the_database_normalises_text_as_core_search_describes(db):
    # The function comes from migrations; a change to apps/core/search.py needs one.
    body = re.search(r"AS \$\$(.*)\$\$;", search.CREATE_FUNCTION, re.DOTALL).group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'ctdb_normalize'")
        assert cursor.fetchone()[0] == body
