"""The forms of the user pages. The choices of organisation nodes are those the admin manages
(``accounts.managed_nodes``); the services check them again."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, Form, FormField, HiddenField, StringField
from wtforms.validators import InputRequired

from casework.auth import accounts
from casework.auth.models import ROLE_LABELS, Role, User
from casework.cases.forms import submission_field
from casework.cases.list_forms import ListChoice
from casework.core.addresses import EMAIL_MAX
from casework.core.fields import MaxLength
from casework.organisation.models import OrgNode

NBSP = "\u00a0"
ROLE_CHOICES = {role.value: ROLE_LABELS[role] for role in Role}
#: The list's status filter: its values and what they select.
STATUS_CHOICES = {"aktiva": "Aktiva", "inaktiva": "Inaktiva", "alla": "Alla"}
STATUS_ACTIVE = {"aktiva": True, "inaktiva": False, "alla": None}


def node_choices(nodes: list[OrgNode]) -> dict[str, str]:
    """The nodes as select options in tree order, indented by depth (no-break spaces, which
    the list keeps) so that the tree shows."""
    return {str(node.id): f"{NBSP * 3 * node.kind.rank}{node.name} ({node.code})"
            for node in nodes}


class UserFilterForm(FlaskForm):
    class Meta:
        # Also read from GET arguments; its POST is CSRF-checked by CSRFProtect like every POST.
        csrf = False

    sok = StringField("Namn eller e-post", validators=[MaxLength(200)])
    roll = ListChoice("Roll", default="")
    enhet = ListChoice("Organisationsdel", default="")
    status = ListChoice("Status", default="aktiva", choices=STATUS_CHOICES)

    @classmethod
    def for_admin(cls, admin: User, formdata) -> "UserFilterForm":
        form = cls(formdata)
        form.roll.choices = {"": "Alla roller"} | ROLE_CHOICES
        form.enhet.choices = {"": "Alla"} | node_choices(accounts.managed_nodes(admin))
        return form

    def filters(self, nodes: dict[str, OrgNode]) -> accounts.Filters:
        return accounts.Filters(
            text=self.sok.data or "",
            role=Role(self.roll.data) if self.roll.data else None,
            node=nodes.get(self.enhet.data),
            active=STATUS_ACTIVE[self.status.data],
        )


class GrantFields(Form):
    """A role over an organisation node (and everything below it)."""

    role = ListChoice("Roll", default="", validators=[InputRequired("Välj en roll.")])
    node = ListChoice("Organisationsdel", default="",
                      validators=[InputRequired("Välj en organisationsdel.")])


class WithGrant:
    """A form with a ``grant`` (``GrantFields``) whose choices are the admin's."""

    @classmethod
    def for_admin(cls, admin: User):
        form = cls()
        grant = form.grant.form
        grant.role.choices = {"": "Välj roll"} | ROLE_CHOICES
        grant.node.choices = {"": "Välj organisationsdel"} | node_choices(
            accounts.managed_nodes(admin))
        return form


class NameFields:
    name = StringField("Namn", validators=[InputRequired("Ange användarens namn."),
                                           MaxLength(accounts.NAME_MAX)])


class NewUserForm(WithGrant, NameFields, FlaskForm):
    email = EmailField("E-post", validators=[InputRequired("Ange en e-postadress."),
                                             MaxLength(EMAIL_MAX)],
                       render_kw={"spellcheck": "false", "autocomplete": "off"})
    grant = FormField(GrantFields, "Behörighet", separator="-")


class NameForm(NameFields, FlaskForm):
    pass


class TitleForm(FlaskForm):
    title = StringField("Titel", validators=[MaxLength(accounts.TITLE_MAX)])

    def __init__(self, **kwargs):
        super().__init__(prefix="titel", **kwargs)


class GrantForm(WithGrant, FlaskForm):
    grant = FormField(GrantFields, "Ny behörighet", separator="-")


class ConfirmForm(FlaskForm):
    """A button that changes one thing (deactivate, reset the second factor, send a link):
    only the CSRF token."""


class ImportUploadForm(FlaskForm):
    file = FileField("Fil (CSV eller Excel)")


class ImportConfirmForm(FlaskForm):
    #: The checked rows (JSON), posted back and checked again before anything is saved.
    rows = HiddenField()
    #: The confirmation's one-time token (``casework.cases.submissions``): a double click
    #: adds the users once.
    token = submission_field()
