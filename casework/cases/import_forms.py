"""The forms of the case import page: the file, and the confirmation naming the checked file."""
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField
from wtforms.validators import InputRequired, Regexp

from casework.cases.forms import RELOAD


class CaseImportForm(FlaskForm):
    file = FileField("Fil (Excel eller CSV)")


class CaseImportConfirmForm(FlaskForm):
    #: The checked file kept for this confirmation (casework.cases.import_drafts).
    draft = HiddenField(validators=[InputRequired(RELOAD),
                                    Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=RELOAD)])
