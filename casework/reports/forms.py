"""The report page's GET form: which node, year, template and cut-off; and the download's format.

Choices are passed in, so the form runs no queries. A node code that is not among the choices
passes the form: the view tells an unknown code (a message) from one out of reach (404).
"""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, ValidationError

from casework.core.fields import LAST_DAY, Day
from casework.organisation.models import OrgNode

FORMAT_LABELS = {"xlsx": "Excel (xlsx)", "docx": "Word (docx)", "pdf": "PDF",
                 "csv": "CSV", "json": "JSON"}


class NodeField(SelectField):
    """The node's code; any value passes here, the view checks it against the database."""

    def pre_validate(self, form) -> None:
        if not self.data:
            raise ValidationError("Välj en enhet.")


class ChoiceField(SelectField):
    def pre_validate(self, form) -> None:
        if self.data not in self.choices:
            raise ValidationError("Välj ett av alternativen i listan.")


class YearField(IntegerField):
    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip()
        self.data = None
        if text and not (text.isdigit() and len(text) == 4):
            raise ValueError("Skriv året med fyra siffror, till exempel 2025.")
        if text:
            self.data = int(text)


class ReportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    node = NodeField("Enhet eller nivå", choices={})
    year = YearField("År", validators=[InputRequired("Ange ett år.")])
    template = ChoiceField("Mall", default="")
    #: Empty means 31 December of the year.
    cutoff = Day("Brytdatum", typed=True)

    @classmethod
    def build(cls, nodes: list[OrgNode], template_years: list[int], this_year: int, args):
        """The form over ``args`` (defaults when empty); ``nodes`` are those the user may read."""
        form = cls(formdata=args or None, year=this_year)
        form.node.choices = {node.code: f"{node.name} ({node.code})" for node in nodes}
        form.template.choices = {"": "Årets mall"} | {str(y): str(y) for y in template_years}
        form.first_year = template_years[0]
        return form

    def validate_year(self, field) -> None:
        if field.data is not None and field.data < self.first_year:
            raise ValidationError(f"Det finns ingen rapportmall för {field.data}; "
                                  f"den första gäller {self.first_year}.")
        if field.data is not None and field.data > LAST_DAY.year:
            raise ValidationError(f"Året kan inte vara senare än {LAST_DAY.year}.")

    def validate_cutoff(self, field) -> None:
        year = self.year.data
        if field.data and year and field.data < date(year, 1, 1):
            raise ValidationError("Brytdatumet kan inte ligga före årets början.")

    def cutoff_date(self) -> date:
        return self.cutoff.data or date(self.year.data, 12, 31)


class DownloadForm(ReportForm):
    format = ChoiceField("Format", choices=FORMAT_LABELS)
