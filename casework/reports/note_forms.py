"""The report table's text column as a form: one textarea per row of the template, and beside
each a hidden field with what the page showed of the row (``casework.reports.notes.Basis``).

The rows are the template's, so the form class is built per template. Fields a request does not
send are left out of ``texts()``, so a partial post cannot blank the other rows.
"""
from flask_wtf import FlaskForm
from wtforms import HiddenField

from casework.core.fields import FreeText
from casework.core.taxonomy import Template
from casework.reports.notes import MAX_NOTE_LENGTH, Basis, digest

PREFIX = "note_"
BASIS = "basis_"


class NotesForm(FlaskForm):
    @classmethod
    def build(cls, template: Template, texts: dict[str, str] | None = None,
              saved: dict[str, str] | None = None) -> "NotesForm":
        """The posted form; or, given ``texts`` (row key → text in the box), the form showing
        them, based on the ``saved`` texts."""
        fields = {}
        for _, row in template.rows():
            fields[PREFIX + row.key] = FreeText(f"Bedömning för {row.label}",
                                                limit=MAX_NOTE_LENGTH)
            fields[BASIS + row.key] = HiddenField()
        form_class = type(f"NotesForm{template.year}", (cls,), fields)
        if texts is None:
            return form_class()
        saved = saved or {}
        data = {}
        for _, row in template.rows():
            text = texts.get(row.key, "")
            data[PREFIX + row.key] = text
            data[BASIS + row.key] = f"{digest(saved.get(row.key, ''))}.{digest(text)}"
        return form_class(formdata=None, data=data)

    def row(self, key: str):
        return self[PREFIX + key]

    def basis_field(self, key: str):
        return self[BASIS + key]

    def texts(self) -> dict[str, str]:
        """Row key → text, for the rows the request sent."""
        return {field.name.removeprefix(PREFIX): field.data
                for field in self if field.name.startswith(PREFIX) and field.raw_data}

    def basis(self) -> dict[str, Basis]:
        """Row key → what the page showed, for the rows sent with a well-formed basis."""
        found = {}
        for key in self.texts():
            saved, _, shown = (self[BASIS + key].data or "").partition(".")
            if saved and shown:
                found[key] = Basis(saved, shown)
        return found

    def edits(self) -> dict[str, str]:
        """The texts of the rows the user changed from what the page showed."""
        basis = self.basis()
        return {key: text for key, text in self.texts().items()
                if not (key in basis and basis[key].shows(text))}
