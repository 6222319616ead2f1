from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Regexp

from casework.auth.passwords import MAX_LENGTH
from casework.core.fields import MaxLength


class LoginForm(FlaskForm):
    email = EmailField(
        "E-post",
        validators=[InputRequired("Ange din e-postadress."), MaxLength(254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    # PasswordField never writes the typed value back into the page.
    password = PasswordField(
        "Lösenord",
        validators=[InputRequired("Ange ditt lösenord.")],
        render_kw={"autocomplete": "current-password"},
    )


def _code_field(label: str = "Kod från appen") -> StringField:
    return StringField(
        label,
        validators=[InputRequired("Ange koden från din autentiseringsapp."), MaxLength(12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "spellcheck": "false"},
    )


class CodeForm(FlaskForm):
    """The second step of login, and the confirmation when the second factor is turned on."""

    code = _code_field()


class CurrentPasswordField:
    # Declared before the new ones: a form lists its fields in the order they were made.
    current_password = PasswordField(
        "Nuvarande lösenord",
        validators=[InputRequired("Ange ditt nuvarande lösenord.")],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordFields:
    """A new password typed twice: the password page's and the link's."""

    new_password = PasswordField(
        "Nytt lösenord",
        validators=[InputRequired("Ange ett nytt lösenord."), MaxLength(MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    new_password_again = PasswordField(
        "Nytt lösenord igen",
        validators=[InputRequired("Skriv det nya lösenordet en gång till."),
                    EqualTo("new_password", "Lösenorden är inte likadana.")],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(CurrentPasswordField, NewPasswordFields, FlaskForm):
    pass


class TotpDisableForm(FlaskForm):
    password = PasswordField(
        "Lösenord",
        validators=[InputRequired("Ange ditt lösenord.")],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field()


class ResetRequestForm(FlaskForm):
    """Asking for a link to set a forgotten password."""

    email = EmailField(
        "E-post",
        # The shape of an address only: whether one has an account is never told.
        validators=[InputRequired("Ange din e-postadress."), MaxLength(254),
                    Regexp(r"^\s*[^@\s]+@[^@\s]+\s*$",
                           message="Skriv hela e-postadressen, till exempel namn@exempel.se.")],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class ResetPasswordForm(NewPasswordFields, FlaskForm):
    """The new password, through the link; the policy is checked by the service, as on the
    password page."""
