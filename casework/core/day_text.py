"""A day as a planner types it on the phone: "idag", "igår", "14/3", "14/3 2025", "14.3",
"2025-03-14".

The parser only turns text into a date; whether the date is one a field takes (not in the
future, not before the earliest received date) is for the validator of whatever the date is
for (casework.cases.validation), so that each rule has one home.

A day and month without a year is always this year: "20/12" typed on 3 January is refused as a
future date rather than read as last December, because a guess of the year would save a case a
year off without a word (the message asks for the year).
"""
import re
from datetime import date, timedelta

#: Words for a day relative to today, written with or without the space.
RELATIVE = {"idag": 0, "igår": 1, "iförrgår": 2, "förrgår": 2}
#: The longest text worth reading: "2025-03-14" with room for spaces.
LONGEST = 30

UNREADABLE = "Skriv datumet som 2025-03-14, 14/3, 14/3 2025, idag eller igår."
NO_SUCH_DAY = "Det datumet finns inte. Skriv till exempel 14/3 eller 2025-03-14."

#: ASCII digits only: ``\d`` alone takes any script's digits ("١٤/٣").
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
#: Day and month with / or . between, then optionally the year after a space, / , . or -.
_DAY_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:(?:\s+|[/.-])(\d{4}))?\.?", re.ASCII)


class DayTextError(ValueError):
    """The text names no day; the message says how to write one, in Swedish."""


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names, relative to ``today``. Raises DayTextError."""
    if len(text) > LONGEST:
        raise DayTextError(UNREADABLE)
    words = " ".join(text.split()).casefold()
    if (squeezed := words.replace(" ", "")) in RELATIVE:
        return today - timedelta(days=RELATIVE[squeezed])
    if match := _ISO.fullmatch(words):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH.fullmatch(words):
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else today.year
    else:
        raise DayTextError(UNREADABLE)
    try:
        return date(year, month, day)
    except ValueError:
        raise DayTextError(NO_SUCH_DAY) from None

