"""Read numbers as the press writes them, in Arabic, French and English.

Every figure in ctdb is tied to a verbatim quote; this package finds the
numbers a quote contains so that a figure can be checked against it.
``find_numbers`` returns each number with its offsets in the original text;
``parse_number`` reads a field that must hold exactly one number;
``value_in_text`` tells whether a value is written in a quote. Each takes a
``language`` ("ar", "fr", "en", or None to read all three, for mixed texts).

- ``digits``: digits of every script, thousands and decimal separators,
  scale words after digits, ordinal endings.
- ``arabic``: Arabic number words.
- ``latin`` and ``tables``: French and English number words and nouns of
  approximation ("une dizaine", "a dozen").
- ``reader``: the three public functions.
- ``language``: a guess of a text's language.
"""

from .language import guess_language
from .mention import NumberMention
from .reader import LANGUAGES, find_numbers, parse_number, value_in_text

__all__ = [
    "LANGUAGES",
    "NumberMention",
    "find_numbers",
    "guess_language",
    "parse_number",
    "value_in_text",
]
