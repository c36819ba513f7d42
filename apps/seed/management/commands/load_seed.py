from django.core.management.base import BaseCommand, CommandError

from apps.seed.services import SeedError, load_seed


class Command(BaseCommand):
    help = "Load the seed corpus (seeds/ and fixtures/seed/) into the database. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put back the fixture's version of seeded figures that staff have changed.",
        )

    def handle(self, *args, refresh=False, **options):
        try:
            report = load_seed(refresh=refresh)
        except SeedError as error:
            raise CommandError(f"Seed not loaded, nothing was written: {error}") from error
        for line in report.lines():
            self.stdout.write(f"  {line}")
        verdict = "Seed corpus loaded." if report.changed else "Seed corpus already up to date."
        self.stdout.write(self.style.SUCCESS(verdict))
