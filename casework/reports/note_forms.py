"""The report table's text column as a form: one textarea per row of the template.

The rows are the template's, so the form class is built per template. Fields a request does not
send are left out of ``texts()``, so a partial post cannot blank the other rows.
"""
from flask_wtf import FlaskForm

from casework.reports.notes import MAX_NOTE_LENGTH
from casework.taxonomy import Template
from casework.web.fields import FreeText

PREFIX = "note_"


class NotesForm(FlaskForm):
    @classmethod
    def build(cls, template: Template, texts: dict[str, str] | None = None) -> "NotesForm":
        """The form over the posted data, or else showing ``texts`` (row key → text)."""
        fields = {
            PREFIX + row.key: FreeText(f"Bedömning för {row.label}", limit=MAX_NOTE_LENGTH)
            for _, row in template.rows()
        }
        form_class = type(f"NotesForm{template.year}", (cls,), fields)
        return form_class(data={PREFIX + key: text for key, text in (texts or {}).items()})

    def row(self, key: str):
        return self[PREFIX + key]

    def texts(self) -> dict[str, str]:
        """Row key → text, for the rows the request sent."""
        return {field.name.removeprefix(PREFIX): field.data
                for field in self if field.name.startswith(PREFIX) and field.raw_data}
