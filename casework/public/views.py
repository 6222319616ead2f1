"""The e-service's pages: the form (``/lamna-synpunkt``, ``?lang=en`` for English) and the
receipt it redirects to (PRG). The receipt's URL holds nothing: the case it shows is the one
this browser's session sent, for ``PUBLIC_RECEIPT_MINUTES``; no page looks a case up by its
number."""
import time

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from casework import trail
from casework.access.needs import PUBLIC, requires
from casework.cases.models import Case
from casework.core.case_types import CaseType
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.core.taxonomy import catalogue
from casework.deadlines.overrides import default_rule
from casework.public import texts
from casework.public.forms import PublicForm
from casework.public.limits import TooManySubmissions
from casework.public.services import answer_day, deadline_day, submit
from casework.public.units import NoSuchUnit, find, open_units
from casework.web.input_guard import takes_files

bp = Blueprint("public", __name__)

#: Session key of the case this browser just sent: ``{"case": id, "at": epoch seconds}``.
RECEIPT = "public.receipt"


def _lang_args(lang: str) -> dict:
    return {"lang": lang} if lang != "sv" else {}


@bp.route("/lamna-synpunkt", methods=["GET", "POST"])
@requires(PUBLIC)
@takes_files
def form():
    """Anyone's klagomål, synpunkt or beröm to an open enhet."""
    lang = texts.language(request.args.get("lang"))
    form = PublicForm(catalogue(), local_today().year, lang)
    units = open_units()
    if form.validate_on_submit():
        try:
            case = _submitted(form, units)
        except TooManySubmissions as refused:
            return _too_many(refused, lang)
        if case is not None:
            session[RECEIPT] = {"case": case.id, "at": int(time.time())}
            return redirect(url_for(".receipt", **_lang_args(lang)))
    if lang != "sv":
        _in_english(form)
    page = render_template("public/form.html", form=form, units=units, **_page(lang))
    return page, 400 if form.errors else 200


@bp.get("/lamna-synpunkt/kvitto")
@requires(PUBLIC)
def receipt():
    """The number of the case this browser sent a moment ago; for anyone else, nothing."""
    lang = texts.language(request.args.get("lang"))
    held = session.get(RECEIPT)
    minutes = current_app.config["PUBLIC_RECEIPT_MINUTES"]
    case = None
    if isinstance(held, dict) and time.time() - held.get("at", 0) <= minutes * 60:
        case = db.session.get(Case, held.get("case"))
    if case is None:
        session.pop(RECEIPT, None)
        return render_template("public/receipt.html", case=None, **_page(lang)), 404
    trail.record_case_access(case)
    day = answer_day(case)
    return render_template("public/receipt.html", case=case, type=CaseType(case.type).value,
                           answer_by=deadline_day(day, lang) if day else None,
                           **_page(lang))


def _submitted(form: PublicForm, units) -> Case | None:
    """The case the form makes (or made, sent before); None with the reasons on the form."""
    words = texts.WORDS[form.lang]
    try:
        unit = find(form.unit.data, units)
    except NoSuchUnit as missing:
        message = [words["unit_ambiguous" if missing.ambiguous else "unit_unknown"]]
        if missing.close:
            message.append(words["unit_close"].format(names="; ".join(missing.close)))
        message.append(words["unit_pick"])
        form.unit.errors.append(" ".join(message))
        return None
    with refusals(form) as refused:
        case = submit(form.case_fields(unit.id, local_today()), unit, form.token_hash,
                      form.attachments.files)
    return None if refused else case


def _too_many(refused: TooManySubmissions, lang: str):
    page = render_template("public/too_many.html", wait=refused.wait(lang), **_page(lang))
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


def _in_english(form: PublicForm) -> None:
    """The shared checks' Swedish messages on the English form, in English."""
    form.form_errors[:] = [texts.english(m) for m in form.form_errors]
    for field in form:
        field.errors = [texts.english(m) for m in field.errors]


def _page(lang: str) -> dict:
    """What every page of the e-service shows: its words, the other language's link, and the
    complaint clocks' lengths the introduction states (the files' defaults: a district may have
    changed its own, which the receipt then shows)."""
    words = texts.WORDS[lang]
    label, other = words["switch"]
    return {
        "page_lang": lang, "words": words,
        "switch": (label, other, url_for(request.endpoint, **_lang_args(other))),
        "acknowledge": default_rule("complaint_acknowledge").length,
        "answer": default_rule("complaint_answer").length,
    }
