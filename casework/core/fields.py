"""The form fields every form shares: free text under a limit, dates and moments within bounds.

Free text is refused, never cut: browsers cut a typed or pasted text at a ``maxlength``
attribute without a word, so no field renders one. The limit is shown next to the field and
counted live as the user types (static/js/character-count.js, after the GOV.UK Design System's
character count), and the server refuses a longer text with its length, keeping what was typed.

Dates outside ``FIRST_DAY`` … ``LAST_DAY`` are refused with a Swedish message: no one means a
year 0001 or 9999, and moments that far out overflow the arithmetic done on them (a day added,
a time zone applied, the 72 hours of a breach).
"""
from datetime import date, datetime

from wtforms import DateField, DateTimeLocalField, Field, TextAreaField
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import TextInput

from casework.core.clock import local_today
from casework.core.day_text import DayTextError, parse_day
from casework.core.personnummer import contains_personnummer

#: The longest free text a field takes unless it says otherwise: a few pages.
MAX_TEXT = 10_000
#: The first and last day a date field takes.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def swedish_number(number: int) -> str:
    """``10 000``: thousands grouped by a no-break space, as Swedish writes them."""
    return f"{number:,}".replace(",", "\u00a0")


class MaxLength:
    """Refuse a text longer than ``limit`` characters, saying how long it is. Unlike WTForms'
    ``Length`` it sets no ``maxlength`` flag, so no browser cuts the text silently."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(f"Texten får vara högst {swedish_number(self.limit)} tecken; "
                                  f"den här har {swedish_number(length)}.")


def no_personnummer(form, field) -> None:
    if contains_personnummer(field.data):
        raise ValidationError("Skriv inte personnummer här.")


def _tidy(text: str | None) -> str:
    """Browsers send a line end as CRLF but count it as one character: store and count LF.
    No surrounding blank space."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class FreeText(TextAreaField):
    """Free text: at most ``limit`` characters, no personnummer, tidied (``_tidy``), required
    with the message ``required`` when one is given; one line (a text box) with ``line``.

    ``limit_hint`` is the limit as the page states it; the field macro shows it and the count.
    """

    def __init__(self, label=None, validators=(), *, limit: int = MAX_TEXT,
                 required: str | None = None, line: bool = False, **kwargs):
        first = [DataRequired(required)] if required else []
        kwargs.setdefault("render_kw", {} if line else {"rows": 4})
        super().__init__(label, [*first, *validators, MaxLength(limit), no_personnummer],
                         filters=[_tidy], widget=TextInput() if line else None, **kwargs)
        self.limit = limit

    @property
    def limit_hint(self) -> str:
        return f"Högst {swedish_number(self.limit)} tecken."


class _Bounded:
    """Refuses a day outside ``earliest`` … ``latest``, naming the bound it crossed, after the
    field's own checks: "not in the future" says more about 2999 than "not after 2100" does."""

    def post_validate(self, form, validation_stopped: bool) -> None:
        day = self._day()
        if validation_stopped or self.errors or day is None:
            return
        if day < self.earliest:
            raise ValidationError(f"{self.what} kan inte vara före {self.earliest.isoformat()}.")
        if day > self.latest:
            raise ValidationError(f"{self.what} kan inte vara efter {self.latest.isoformat()}.")


class Day(_Bounded, DateField):
    """A date as ÅÅÅÅ-MM-DD between ``earliest`` and ``latest``. Empty is None (a required
    field says so with ``InputRequired``); what was typed stays in the field when it is
    refused. A date picker, or with ``typed`` a text box for digits (the filters of lists and
    reports, where a date is typed faster than picked)."""

    what = "Datumet"

    def __init__(self, label=None, validators=None, *, earliest: date = FIRST_DAY,
                 latest: date = LAST_DAY, typed: bool = False, **kwargs):
        if typed:
            kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, widget=TextInput() if typed else None, **kwargs)
        self.earliest, self.latest = earliest, latest

    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip()
        self.data = None
        if not text:
            return
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-03-14.") from None

    def _day(self) -> date | None:
        return self.data


class SpokenDay(Field):
    """A day in one text box, as it is said on the phone: "idag", "igår", "14/3", "14/3 2025",
    "14.3" or "2025-03-14" (casework.core.day_text). Empty is None. It only reads the text:
    whether the day is one the form takes is the validator's to say, so the field has no
    bounds of its own. Shown as ÅÅÅÅ-MM-DD; refused, it shows what was typed."""

    widget = TextInput()

    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip()
        self.data = None
        if text:
            try:
                self.data = parse_day(text, local_today())
            except DayTextError as refused:
                raise ValueError(str(refused)) from None

    def _value(self) -> str:
        if self.raw_data and self.process_errors:
            return self.raw_data[0].replace("\x00", "")
        return self.data.isoformat() if self.data else ""


class Moment(_Bounded, DateTimeLocalField):
    """A date and time of day (naive, the app's local time) whose date lies between
    ``FIRST_DAY`` and ``LAST_DAY``; empty is None."""

    what = "Tidpunkten"
    earliest, latest = FIRST_DAY, LAST_DAY

    def __init__(self, label=None, validators=None, **kwargs):
        # The first format is what the field shows: the form a datetime-local input gives.
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                                     "%Y-%m-%d %H:%M:%S"])
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip()
        self.data = None
        if not text:
            return
        try:
            super().process_formdata([text])
        except ValueError:
            raise ValueError("Skriv datum och klockslag, till exempel 2025-03-14 10:15.") from None

    def _day(self) -> date | None:
        return self.data.date() if self.data else None
