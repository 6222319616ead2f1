"""Forms of the organisation pages. They check shape; ``casework.organisation.services`` and
``casework.reminders.responsible`` decide (code and name rules, ranks, who may be chosen), so
the command line is refused for the same reasons."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from casework.core.columns import db_int
from casework.core.fields import FreeText
from casework.organisation.models import NodeKind, OrgNode
from casework.organisation.services import ADDRESS_MAX, KIND_LABELS

CHOOSE = "Välj ur listan."


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _id_or_none(value):
    """A chosen id, None for "nobody"; text no row can have is refused in Swedish."""
    if value in (None, "", "None"):
        return None
    try:
        return db_int(value)
    except ValueError:
        raise ValueError(CHOOSE) from None


class IdField(SelectField):
    """A choice of a row by id. The choices are what the page offers; any id passes the form,
    so that the service names why an unoffered one is refused (a node under itself)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=_id_or_none, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:  # a select always sends its value: a post without it chose nothing
            raise ValueError(CHOOSE)
        self.data = _id_or_none(valuelist[0])


class AddNodeForm(FlaskForm):
    # No maxlength: a browser would cut the text silently; the service says how long it may be.
    code = StringField("Kod", filters=[_strip], render_kw={"autocomplete": "off"})
    name = StringField("Namn", filters=[_strip])
    kind = SelectField("Slag")

    def __init__(self, parent: OrgNode, **kwargs):
        below = [kind for kind in NodeKind if kind.rank > parent.kind.rank]
        super().__init__(prefix="ny", kind=below[0].value if below else None, **kwargs)
        self.kind.choices = [(kind.value, KIND_LABELS[kind].capitalize()) for kind in below]


class RenameForm(FlaskForm):
    """Shown filled from the node (``obj``); a post without the name renames to nothing."""

    name = StringField("Nytt namn", filters=[_strip])

    def __init__(self, **kwargs):
        super().__init__(prefix="namn", **kwargs)


class AddressForm(FlaskForm):
    """Shown filled from the node (``obj``); empty removes the address."""

    postal_address = FreeText("Postadress", limit=ADDRESS_MAX)

    def __init__(self, **kwargs):
        super().__init__(prefix="adress", **kwargs)


class MoveForm(FlaskForm):
    parent = IdField("Ny plats")

    def __init__(self, targets: list[OrgNode], **kwargs):
        super().__init__(prefix="flytta", **kwargs)
        self.parent.choices = [(target.id, f"{target.name} ({KIND_LABELS[target.kind]})")
                               for target in targets]


class CloseForm(FlaskForm):
    """Close or reopen an enhet: the button is the whole form."""

    def __init__(self, **kwargs):
        super().__init__(prefix="stang", **kwargs)


class ResponsibleForm(FlaskForm):
    """Shown with the unit's choices (``handler_id``, ``manager_id`` given as data)."""

    handler_id = IdField("Ansvarig handläggare")
    manager_id = IdField("Enhetschef för eskaleringar")

    def __init__(self, handlers, managers, **kwargs):
        super().__init__(prefix="ansvar", **kwargs)
        nobody = [("", "Ingen vald")]
        self.handler_id.choices = nobody + [(u.id, u.name) for u in handlers]
        self.manager_id.choices = nobody + [(u.id, u.name) for u in managers]
