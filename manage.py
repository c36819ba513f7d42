#!/usr/bin/env python
"""Django's command-line utility for ctdb."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctdb.settings.dev")
    from ctdb import localdb

    try:
        localdb.start_when_used()
    except localdb.LocalDatabaseError as error:
        sys.exit(f"ctdb.localdb: {error}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
