"""Find the counted figures a source text states, by rules that can be explained.

``find_candidates(text, entities, language)`` proposes every figure an
editor may want to record, in Arabic, French or English text: its value (and
upper value for a range), qualifier, unit, a metric where the words make it
clear, the clause that states it as the proposed quote (a verbatim slice of
the text), the registry entities named in the same sentence, and
``reasons``: the words each choice rests on. Nothing here touches the
database, so the engine can run on any text.

- ``apps.core.numbers`` reads the numbers; ``exclusions`` decides which
  are not counted figures (dates, years, ranks, reference numbers, ages,
  durations, times, telephone numbers) and ``excluded_numbers`` says why;
- ``figures`` pairs ranges and reads qualifiers and units, ``nouns`` the
  counted noun after a number;
- ``quotes``, ``metrics`` and ``entities`` give the rest of a candidate;
- ``arabic``, ``french`` and ``english`` hold each language's words, in the
  shape ``lexicon`` declares; None as the language reads with all three.

Known limits: numbers the reader does not know (نصف، بضعة) are not proposed,
and "بين 1.5 و2.5 مليون" / "entre 1,5 et 2,5 millions" give 1.5 and 2500000
apart, since 1500000 is not written in the quote.
"""

from .candidates import Candidate, excluded_numbers, find_candidates
from .entities import EntityName

__all__ = ["Candidate", "EntityName", "excluded_numbers", "find_candidates"]
