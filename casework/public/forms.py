"""The e-service's form: shape only (texts within their limits, a type, the honeypot empty, the
form not sent too soon after it was shown). Which unit a name means is resolved by the view
(``casework.public.units``), and what a case needs is the case validator's to say.

The form's start time is signed (itsdangerous, under the secret key), so a bot cannot make an
old form of a fresh one; its hash is also the form's one-time token (``PublicSubmission``).
"""
import hashlib

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import ValidationError

from casework.attachments.checks import Limits
from casework.attachments.forms import AttachmentsField
from casework.core.addresses import EMAIL_MAX, email_problem
from casework.core.case_types import CaseType
from casework.core.clock import utcnow
from casework.core.fields import FreeText
from casework.core.taxonomy import ANONYMOUS, E_SERVICE, Catalogue, category_labels
from casework.public.texts import WORDS, limit_hint

TYPES = (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM)
#: The sources a resident may say they are, in plain words (casework.public.texts); any other
#: sender is "annan", as is one who does not say.
SOURCES = ("brukare", "narstaende", "annan")
UNSAID_SOURCE = "annan"
#: What a klagomål or synpunkt is about when the sender ticks nothing: the validator wants a
#: category, and the handler corrects it (/cases/<id>/ratta) once they have read the case.
UNSAID_CATEGORY = "annat"
#: The fields a sender may leave out, so marked.
OPTIONAL = frozenset({"categories", "source", "name", "contact_email", "phone", "attachments"})
DESCRIPTION_MAX = 5000
NAME_MAX, PHONE_MAX, UNIT_MAX, HONEYPOT_MAX = 200, 40, 200, 200
_SALT = "casework.public.form-started"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def start_token() -> str:
    """A signed token of the moment the form is shown."""
    return _serializer().dumps(utcnow().timestamp())


class PublicText(FreeText):
    """Free text whose stated limit is in the form's language."""

    lang = "sv"

    @property
    def limit_hint(self) -> str:
        return limit_hint(self.limit, self.lang)


def _line(limit: int, **render_kw) -> PublicText:
    return PublicText(limit=limit, line=True, render_kw=render_kw)


class PublicAttachments(AttachmentsField):
    """The files, with their limits stated in the form's language."""

    lang = "sv"

    @property
    def hint(self) -> str:
        if self.lang == "sv":
            return super().hint
        limits = Limits.of(current_app.config)
        return WORDS[self.lang]["attachments_hint"].format(files=limits.max_files,
                                                           mb=limits.max_mb)


class PublicForm(FlaskForm):
    """Labels, hints and the form's own messages are in ``lang``; the values stored are the
    same in either language."""

    unit = _line(UNIT_MAX, list="enheter", autocomplete="off", spellcheck="false")
    type = RadioField(choices=[t.value for t in TYPES], validate_choice=False)
    categories = SelectMultipleField(validate_choice=False)
    description = PublicText(limit=DESCRIPTION_MAX, render_kw={"rows": 8})
    source = RadioField(choices=list(SOURCES), validate_choice=False)
    anonymous = BooleanField()
    name = _line(NAME_MAX, autocomplete="name")
    contact_email = _line(EMAIL_MAX, autocomplete="email", inputmode="email",
                          spellcheck="false")
    phone = _line(PHONE_MAX, autocomplete="tel", inputmode="tel")
    #: The honeypot: hidden from people (and from screen readers, by its wrapper), labelled to
    #: be left empty for anyone who meets it anyway; bots fill in what looks like a web address.
    webbplats = StringField(render_kw={"tabindex": "-1", "autocomplete": "off"})
    started = HiddenField(default=start_token)
    attachments = PublicAttachments()

    def __init__(self, catalogue: Catalogue, year: int, lang: str = "sv", **kwargs):
        super().__init__(**kwargs)
        self.lang, words = lang, WORDS[lang]
        for field in self:
            if field.name in words:
                optional = f" {words['optional']}" if field.name in OPTIONAL else ""
                field.label.text = words[field.name] + optional
            if isinstance(field, PublicText | PublicAttachments):
                field.lang = lang
        self.webbplats.label.text = words["honeypot"]
        self.type.choices = [(t.value, words["types"][t.value]) for t in TYPES]
        self.source.choices = [(key, words["sources"][key]) for key in SOURCES]
        labels = category_labels(catalogue, year, CaseType.KLAGOMAL.value)
        self.categories.choices = [(label.key, label.label) for label in labels]
        self.category_examples = {label.key: label.examples for label in labels
                                  if label.examples}

    # The form's own checks, in its language.

    def validate_unit(self, field) -> None:
        if not field.data:
            raise ValidationError(WORDS[self.lang]["unit_missing"])

    def validate_type(self, field) -> None:
        if field.data not in {t.value for t in TYPES}:
            raise ValidationError(WORDS[self.lang]["type_missing"])

    def validate_description(self, field) -> None:
        if not field.data and not field.errors:
            raise ValidationError(WORDS[self.lang]["description_missing"])

    def validate_contact_email(self, field) -> None:
        """The one address check (the validator's too), so that it stands with the others."""
        if field.data and not self.anonymous.data and (problem := email_problem(field.data)):
            raise ValidationError(problem)

    def validate_webbplats(self, field) -> None:
        if len(field.data or "") > HONEYPOT_MAX or (field.data or "").strip():
            raise ValidationError(WORDS[self.lang]["honeypot_filled"])

    def validate_started(self, field) -> None:
        """Too soon after it was shown, too long ago, or not ours: the form comes back. A
        form kept too long gets a new start; one sent too fast keeps its own, so sending it
        again after reading the message passes."""
        words, config = WORDS[self.lang], current_app.config
        try:
            shown = _serializer().loads(field.data or "",
                                        max_age=config["PUBLIC_FORM_MAX_HOURS"] * 3600)
        except SignatureExpired:
            field.data = start_token()
            raise ValidationError(words["stale"]) from None
        except BadSignature:
            field.data = start_token()
            raise ValidationError(words["reload"]) from None
        if utcnow().timestamp() - float(shown) < config["PUBLIC_FORM_MIN_SECONDS"]:
            raise ValidationError(words["too_fast"])

    def validate(self, extra_validators=None) -> bool:
        """As FlaskForm's; a filled honeypot is said at the top (the field is hidden) and
        emptied, so that a person whose browser filled it can send the form again."""
        valid = super().validate(extra_validators)
        if self.webbplats.errors:
            self.form_errors.extend(self.webbplats.errors)
            self.webbplats.errors, self.webbplats.data = [], ""
        return valid

    @property
    def token_hash(self) -> str:
        return hashlib.sha256((self.started.data or "").encode()).hexdigest()

    @property
    def is_anonymous(self) -> bool:
        return bool(self.anonymous.data)

    def case_fields(self, unit_id: int, received_on) -> dict:
        """The keyword arguments of ``create_case`` the form decides. An anonymous sender's
        name, address and phone are dropped, as the form says they will be."""
        case_type = CaseType(self.type.data)
        categories = list(self.categories.data) if case_type is not CaseType.BEROM else []
        if case_type is not CaseType.BEROM and not categories:
            categories = [UNSAID_CATEGORY]
        fields = dict(type=case_type, unit_id=unit_id, received_on=received_on,
                      description=self.description.data, channel=E_SERVICE,
                      categories=categories)
        if self.is_anonymous:
            return fields | {"source": ANONYMOUS}
        contact = ", ".join(filter(None, [self.name.data,
                                          f"tel. {self.phone.data}" if self.phone.data else ""]))
        return fields | {
            "source": self.source.data if self.source.data in SOURCES else UNSAID_SOURCE,
            "contact": contact or None,
            "contact_email": (self.contact_email.data or "").lower() or None,
        }
