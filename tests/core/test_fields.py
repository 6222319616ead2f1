"""The shared form fields: free text is refused in Swedish above its limit and never cut, dates
and moments outside their bounds are refused, and every form of the app uses them."""
import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

import casework
from casework.core.fields import Day, FreeText, MaxLength, Moment


class Texts(Form):
    note = FreeText("Anteckning")
    short = FreeText("Kort", limit=10, line=True, required="Skriv något.")


def texts(**data) -> Texts:
    form = Texts(MultiDict(data))
    form.validate()
    return form


def test_a_text_over_the_limit_is_refused_with_its_length_and_kept():
    typed = "a" * 10_250

    form = texts(note=typed, short="x")

    assert form.note.errors == ["Texten får vara högst 10\u00a0000 tecken; den här har 10\u00a0250."]
    assert form.note.data == typed
    html = form.note()
    assert "maxlength" not in html and typed in html
    assert form.note.limit_hint == "Högst 10\u00a0000 tecken."


def test_a_text_at_the_limit_passes_and_a_line_end_counts_once():
    form = texts(note="a" * 10_000, short="12345\r\n1234")

    assert form.errors == {}
    assert form.short.data == "12345\n1234"


def test_free_text_is_tidied_required_and_one_line_when_asked():
    form = texts(note="  hej \r\n", short="   ")

    assert form.note.data == "hej"
    assert form.short.errors == ["Skriv något."]
    assert form.short().startswith("<input") and 'type="text"' in form.short()
    assert form.note().startswith("<textarea")


@pytest.mark.parametrize("typed", ["Brukaren 121212-1212", "121212 1212", "1212121212",
                                   "19121212–1212"])
def test_free_text_refuses_a_personnummer(typed):
    assert texts(note=typed, short="x").note.errors == ["Skriv inte personnummer här."]


def test_free_text_lets_a_phone_number_through():
    assert texts(note="Ring 0701234567", short="x").errors == {}


class Dates(Form):
    day = Day("Dag")
    typed = Day("Från", typed=True)
    moment = Moment("Tidpunkt")


def dates(**data) -> Dates:
    form = Dates(MultiDict(data))
    form.validate()
    return form


@pytest.mark.parametrize("field, typed, message", [
    ("day", "0001-01-01", "Datumet kan inte vara före 1900-01-01."),
    ("day", "9999-12-31", "Datumet kan inte vara efter 2100-12-31."),
    ("typed", "9999-12-31", "Datumet kan inte vara efter 2100-12-31."),
    ("typed", "14/3", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-03-14."),
    ("moment", "0001-01-01T00:30", "Tidpunkten kan inte vara före 1900-01-01."),
    ("moment", "9999-12-31T23:59", "Tidpunkten kan inte vara efter 2100-12-31."),
    ("moment", "i morse", "Skriv datum och klockslag, till exempel 2025-03-14 10:15."),
])
def test_a_date_out_of_bounds_or_malformed_is_refused_and_kept(field, typed, message):
    form = dates(**{field: typed})

    assert form.errors == {field: [message]}
    assert f'value="{typed}"' in form[field]()


def test_the_bounds_themselves_and_empty_dates_pass():
    form = dates(day="1900-01-01", typed="2100-12-31", moment="2100-12-31T23:59")
    assert form.errors == {}
    assert dates().errors == {}
    assert 'inputmode="numeric"' in form.typed() and 'type="text"' in form.typed()


def test_max_length_says_how_long_the_text_is_and_sets_no_maxlength():
    class Search(Form):
        q = TextAreaField(validators=[MaxLength(100)])

    form = Search(MultiDict({"q": "x" * 101}))

    assert not form.validate()
    assert form.q.errors == ["Texten får vara högst 100 tecken; den här har 101."]
    assert "maxlength" not in form.q()


def _form_classes():
    for module in pkgutil.walk_packages(casework.__path__, "casework."):
        importlib.import_module(module.name)
    pending, found = [FlaskForm], []
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("casework."):
                found.append(subclass)
    return found


def test_no_field_of_the_app_renders_a_maxlength_and_every_textarea_is_free_text():
    """WTForms' Length sets the maxlength attribute, at which browsers cut a paste silently."""
    checked = 0
    for form_class in _form_classes():
        for name in dir(form_class):
            field = getattr(form_class, name)
            if not isinstance(field, UnboundField):
                continue
            checked += 1
            validators = field.kwargs.get("validators") or ()
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            assert not any(isinstance(v, Length) for v in validators), where
            if issubclass(field.field_class, TextAreaField):
                assert issubclass(field.field_class, FreeText), where
    assert checked > 50
