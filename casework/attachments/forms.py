"""The attachments field any form can carry, and the case page's upload form.

The field checks each chosen file as the service does (``checks.check``), so that a form
shows a bad file's reason beside its other errors at once; the service checks again, with the
case's attachments counted, before anything is stored. A browser does not send the files of a
refused form again: the page says so (templates/attachments/_field.html).
"""
from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms.validators import ValidationError

from casework.attachments.checks import Limits, check, chosen

LABEL = "Bilagor"


def _files_pass(form, field) -> None:
    _, problems = check(field.data, Limits.of(current_app.config))
    if problems:
        field.errors.extend(problems[:-1])
        raise ValidationError(problems[-1])


class AttachmentsField(MultipleFileField):
    """A multiple file input labelled "Bilagor", optional unless a validator says otherwise.

    Name it ``attachments`` in the form (``casework.attachments.services.FIELD``), where the
    service's reasons go; send its form as ``multipart/form-data``, and decorate its route with
    ``casework.web.input_guard.takes_files`` (the request may then be as large as the files).
    """

    def __init__(self, label: str = LABEL, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"accept": _ACCEPT})
        super().__init__(label, validators=[*(validators or []), _files_pass], **kwargs)

    @property
    def hint(self) -> str:
        """The allowed kinds and the limits, for the field's hint."""
        return Limits.of(current_app.config).hint()

    @property
    def files(self) -> list[FileStorage]:
        """The files chosen, without the empty part of an input left empty."""
        return chosen(self.data)


#: What the file picker offers; the server decides from the bytes all the same.
_ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.xlsx,.txt,application/pdf,image/jpeg," \
          "image/png,image/heic,image/heif"


def at_least_one(form, field) -> None:
    if not chosen(field.data):
        raise ValidationError("Välj minst en fil att bifoga.")


class UploadForm(FlaskForm):
    """The case page's upload of attachments."""

    attachments = AttachmentsField(validators=[at_least_one])

