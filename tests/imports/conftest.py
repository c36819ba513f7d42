from tests.spreadsheets import report  # noqa: F401  (a long source and what its rows name)
