"""The models and their migrations agree."""

from io import StringIO

from django.core.management import call_command


def test_makemigrations_finds_nothing_to_do(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
