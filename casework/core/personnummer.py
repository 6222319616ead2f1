"""Finding Swedish personnummer (and samordningsnummer) in free text, so that forms can refuse them.

A case about a client must not need one (the domain keeps personal data to the minimum), so
every free-text field refuses text holding one. A number counts when it is written the ways
people write them (``121212-1212``, ``121212 1212``, ``1212121212``, ``19121212-1212``, with
a plus for those over a hundred, or any dash a word processor makes of the hyphen), its first
six digits are a date (a samordningsnummer adds 60 to the day) and its last digit is the Luhn
check digit of the nine before it, as Skatteverket issues them. The check digit keeps phone
numbers and date ranges that merely look like one from raising a false alarm.
"""
import re
from datetime import date

#: Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign,
#: small and full-width hyphen-minus: what "-" becomes after a word processor or a phone.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
#: A space, a no-break space, a thin space and a narrow no-break space.
SPACES = " \u00a0\u2009\u202f"
_CANDIDATE = re.compile(
    rf"(?<![0-9])(?:19|20)?([0-9]{{6}})(?:[{SPACES}]*[-+{DASHES}][{SPACES}]*|[{SPACES}])?"
    r"([0-9]{4})(?![0-9])"
)


def contains_personnummer(text: str | None) -> bool:
    """Whether ``text`` holds a valid personnummer or samordningsnummer."""
    return any(_valid(m.group(1) + m.group(2)) for m in _CANDIDATE.finditer(text or ""))


def _valid(digits: str) -> bool:
    """Ten digits ÅÅMMDDNNNK: a date (day + 60 for a samordningsnummer) and the Luhn digit K."""
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    try:
        date(2000, month, day)  # a leap year: the century is unknown, 29 February may be real
    except ValueError:
        return False
    return _luhn_digit(digits[:9]) == int(digits[9])


def _luhn_digit(digits: str) -> int:
    """The Luhn check digit of ``digits``: weights 2, 1, 2, ... from the left, digit sums."""
    total = 0
    for position, digit in enumerate(int(d) for d in digits):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10
