"""The registerutdrag's two forms: the search (posted, its text never in a URL) and the export
of the ticked cases (their ids and a format; no search text)."""
from flask_wtf import FlaskForm
from wtforms import StringField

from casework.cases.list_forms import CaseIds, ListChoice
from casework.extracts.search import MAX_QUERY

FORMATS = {"pdf": "PDF", "json": "JSON (maskinläsbar)"}


class SearchForm(FlaskForm):
    """Checked by ``search.parse``, which names every refusal in Swedish at this field."""

    sok = StringField("Namn, e-postadress eller telefonnummer",
                      description=f"Högst {MAX_QUERY} tecken. Stora och små bokstäver, å, ä, "
                                  "ö och enstaka stavfel spelar ingen roll.")


class ExportForm(FlaskForm):
    arenden = CaseIds("Ärenden som gäller personen")
    #: The button pressed.
    format = ListChoice("Format", choices=FORMATS)
