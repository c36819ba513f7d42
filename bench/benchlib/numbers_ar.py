"""Numbers written as the Arabic press writes them, for the generated quotes.

A value is written in Western digits (with or without a thousands dot or
comma), in Arabic-Indic digits, in words, or with a scale word ("3 آلاف").
Every word form is checked once against the project's own reader
(``apps.core.numbers.value_in_text``) and dropped when the reader would not
find it, so that a figure's ``value_in_quote`` flag is true exactly when the
app would set it.

A small share of values is written with a space between the thousands
("4 304"): the reader sees two numbers there, so those figures are stored
with ``value_in_quote`` false, as the app would flag them.
"""

from __future__ import annotations

import random
from decimal import Decimal

UNITS = ["", "واحد", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
TENS = ["", "عشرة", "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين"]
HUNDREDS = [
    "",
    "مائة",
    "مائتين",
    "ثلاثمائة",
    "أربعمائة",
    "خمسمائة",
    "ستمائة",
    "سبعمائة",
    "ثمانمائة",
    "تسعمائة",
]
TEENS = {11: "أحد عشر", 12: "اثني عشر"}
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def below_hundred(n: int) -> str:
    """1–99 in words, accusative/genitive as after "من" or a verb."""
    if n < 10:
        return UNITS[n]
    if n == 10:
        return TENS[1]
    if n < 20:
        return TEENS.get(n, f"{UNITS[n - 10]} عشر")
    unit, ten = n % 10, n // 10
    return TENS[ten] if unit == 0 else f"{UNITS[unit]} و{TENS[ten]}"


def below_thousand(n: int) -> str:
    hundred, rest = divmod(n, 100)
    if not hundred:
        return below_hundred(rest)
    return HUNDREDS[hundred] + (f" و{below_hundred(rest)}" if rest else "")


def thousands(n: int) -> str:
    if n == 1:
        return "ألف"
    if n == 2:
        return "ألفين"
    if n <= 10:
        return f"{below_hundred(n)} آلاف"
    return f"{below_thousand(n)} ألف"


def in_words(n: int) -> str:
    """1–999,999 in Arabic words."""
    high, low = divmod(n, 1000)
    if not high:
        return below_thousand(n)
    return thousands(high) + (f" و{below_thousand(low)}" if low else "")


def verified_words(limit: int = 1000, round_thousands: int = 30) -> dict[int, str]:
    """Word forms the project's reader finds again, for 1–limit and round thousands."""
    from apps.core.numbers import value_in_text

    candidates = list(range(1, limit + 1)) + [k * 1000 for k in range(2, round_thousands + 1)]
    words = {}
    for value in candidates:
        text = in_words(value)
        if value_in_text(value, f"تم تسجيل {text} حالة") is not None:
            words[value] = text
    return words


def group(digits: str, separator: str) -> str:
    """'1600' → '1.600' with the separator between thousands."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


class NumberWriter:
    """Writes a value in one of the forms the press uses; says if the reader finds it."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = verified_words()

    def count(self, value: int) -> tuple[str, bool]:
        """A whole count: (text, value readable in it)."""
        roll = self.rng.random()
        digits = str(value)
        if value >= 1000 and roll < 0.015:
            return group(digits, " "), False  # "4 304": two numbers to the reader
        if roll < 0.17 and value >= 3 and value in self.words:
            return self.words[value], True
        if value >= 3000 and value % 1000 == 0 and roll < 0.30:
            scale = "آلاف" if value <= 10000 else "ألف"
            return f"{value // 1000} {scale}", True
        if roll < 0.45:
            return (group(digits, "٬") if value >= 1000 else digits).translate(INDIC), True
        if value >= 1000 and roll < 0.60:
            return group(digits, self.rng.choice([".", ","])), True
        return digits, True

    def percent(self, value: Decimal) -> tuple[str, bool]:
        """A percentage with its sign or phrase."""
        roll = self.rng.random()
        value = Decimal(value)
        whole = value == value.to_integral_value()
        text = str(int(value)) if whole else str(value).replace(".", self.rng.choice([".", ","]))
        if roll < 0.2:
            text = text.replace(".", "٫").replace(",", "٫").translate(INDIC)
        elif roll < 0.27 and whole and value >= 3 and int(value) in self.words:
            text = self.words[int(value)]
        sign = self.rng.choice([" في المائة", " في المائة", " بالمائة", "%", " في المئة"])
        if "٫" in text or text[:1] in "٠١٢٣٤٥٦٧٨٩":
            sign = self.rng.choice([" في المائة", "٪"])
        return text + sign, True
