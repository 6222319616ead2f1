from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(
        "E-post",
        validators=[InputRequired("Ange din e-postadress."), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    # PasswordField never writes the typed value back into the page.
    password = PasswordField(
        "Lösenord",
        validators=[InputRequired("Ange ditt lösenord.")],
        render_kw={"autocomplete": "current-password"},
    )
