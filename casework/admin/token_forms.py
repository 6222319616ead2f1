"""The forms of the API token pages. The node choices are those the admin manages; the
service checks them again, and names its limits."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, ValidationError

from casework.admin.user_forms import node_choices
from casework.auth import accounts
from casework.auth.models import TOKEN_SCOPE_LABELS, User
from casework.cases.list_forms import ListChoice
from casework.core.fields import FreeText

SCOPE_CHOICES = {scope.value: label for scope, label in TOKEN_SCOPE_LABELS.items()}


def whole_days(form, field) -> None:
    text = (field.data or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise ValidationError("Ange ett antal dagar med siffror, till exempel 90.")


class NewTokenForm(FlaskForm):
    name = FreeText("Namn", limit=100, line=True, required="Ge nyckeln ett namn.")
    node = ListChoice("Organisationsdel", default="",
                      validators=[InputRequired("Välj en del av organisationen.")])
    scope = ListChoice("Behörighet", default="read", choices=SCOPE_CHOICES)
    days = StringField("Giltig i antal dagar", validators=[whole_days])

    @classmethod
    def for_admin(cls, admin: User, default_days: int) -> "NewTokenForm":
        form = cls(days=str(default_days))
        form.nodes = {str(node.id): node for node in accounts.managed_nodes(admin)}
        form.node.choices = {"": "Välj"} | node_choices(list(form.nodes.values()))
        return form


class RevokeForm(FlaskForm):
    """The revoke button: its CSRF token only."""
