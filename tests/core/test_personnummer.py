"""The personnummer guard: the ways people write one are found, look-alikes whose check digit or
date fails are not."""
import pytest

from casework.core.personnummer import contains_personnummer

FOUND = [
    "121212-1212",  # Skatteverket's test number, as written on forms
    "121212+1212",  # over a hundred years old
    "121212 1212",
    "121212\u00a01212",  # a no-break space, as a word processor joins them
    "1212121212",
    "19121212-1212",
    "191212121212",
    "20121212 1212",
    "121212–1212",  # en dash
    "121212—1212",  # em dash
    "121212‐1212",  # hyphen (U+2010)
    "121212−1212",  # minus sign
    "121212 - 1212",
    "121272-1219",  # a samordningsnummer: the day plus 60
    "Brukaren (811218-9876) ringde.",
    "pnr:6408233234",
]

NOT_FOUND = [
    "",
    "121212-1213",  # the check digit fails
    "0701234567",  # a mobile number: its check digit fails
    "070-123 45 67",
    "08-123 456 78",
    "250101-0131",  # a date range 1 jan–31 jan: its check digit fails
    "20250101-20250131",
    "2025-0042",  # a case number
    "IVO 3.5.1-12345/2025",
    "131313-1313",  # no month 13
    "121232-1212",  # no day 32
    "12121212121",  # eleven digits
    "991212121212",  # twelve digits not starting 19 or 20
]


@pytest.mark.parametrize("text", FOUND)
def test_a_personnummer_is_found(text):
    assert contains_personnummer(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_a_look_alike_is_not(text):
    assert not contains_personnummer(text)
