"""Helpers shared by the benchmark scripts in bench/ (not a benchmark itself).

They live in a package so that ``make bench``, which runs ``bench/*.py``,
never runs them on their own.
"""
