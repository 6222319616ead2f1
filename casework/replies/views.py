"""The standard-text pages (``/svarsmallar``), the answer from the case page
(``/cases/<id>/svar``) and the letter's download.

An enhetschef manages the texts of their units, an admin all; a text out of reach answers 404.
The answer is for whoever may record the case's återkoppling; a case out of reach answers 404,
one seen but not handled 403, as the case page's steps do.
"""
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from casework.access.needs import MANAGES_REPLY_TEXTS, SIGNED_IN, requires
from casework.access.policy import Action
from casework.cases import handling, submissions
from casework.cases.forms import RELOAD
from casework.cases.handling_forms import APT_NOTE_DRAFTS
from casework.cases.models import Case, CaseFeedback
from casework.cases.scope import case_or_404
from casework.cases.views.detail import PAGE_PARTS
from casework.core import unit_of_work
from casework.core.documents import MIME_TYPES
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.outbox.queries import mail_of_case, state_label
from casework.replies import answers, letters, queries, services
from casework.replies.forms import AnswerForm, ConfirmForm, ReplyTextForm
from casework.replies.placeholders import PLACEHOLDERS

bp = Blueprint("replies", __name__)


def _case_part(case: Case, user) -> dict:
    """What the case page shows of the answers: the way to answer, the mails, the letters."""
    return {"answers": {
        "may": answers.may_answer(user, case),
        "mails": [(mail, state_label(mail)) for mail in mail_of_case(case)],
        "letters": {f.id for f in case.feedback if letters.is_letter(f)},
    }}


PAGE_PARTS.append(_case_part)
APT_NOTE_DRAFTS.append(answers.apt_draft)


# ---- the standard texts -------------------------------------------------------------------

@bp.get("/svarsmallar")
@requires(MANAGES_REPLY_TEXTS)
def index():
    return render_template("replies/index.html", texts=queries.listed(current_user),
                           categories=services.complaint_categories())


@bp.route("/svarsmallar/ny", methods=["GET", "POST"])
@requires(MANAGES_REPLY_TEXTS)
def new():
    form = _text_form()
    if form.validate_on_submit():
        with refusals(form) as refused:
            text = services.create(current_user, form.given())
        if not refused:
            flash(f"Svarsmallen {text.name} är sparad.", "success")
            return redirect(url_for(".index"), 303)
    return _text_page(form, None)


@bp.route("/svarsmallar/<int:text_id>", methods=["GET", "POST"])
@requires(MANAGES_REPLY_TEXTS)
def edit(text_id: int):
    text = _text_or_404(text_id)
    form = _text_form(**({} if request.method == "POST" else ReplyTextForm.values_of(text)))
    if form.validate_on_submit():
        with refusals(form) as refused:
            services.update(current_user, text, form.given())
        if not refused:
            flash(f"Svarsmallen {text.name} är ändrad.", "success")
            return redirect(url_for(".index"), 303)
        text = _text_or_404(text_id)  # read afresh after the rollback
    return _text_page(form, text)


@bp.post("/svarsmallar/<int:text_id>/ta-bort")
@requires(MANAGES_REPLY_TEXTS)
def delete(text_id: int):
    text = _text_or_404(text_id)
    if not ConfirmForm().validate():
        abort(400)
    name = text.name
    services.delete(current_user, text)
    flash(f"Svarsmallen {name} är borttagen.", "success")
    return redirect(url_for(".index"), 303)


def _text_form(**data) -> ReplyTextForm:
    return ReplyTextForm(queries.manageable_nodes(current_user),
                         queries.manages_everywhere(current_user),
                         services.complaint_categories(), **data)


def _text_page(form: ReplyTextForm, text):
    page = render_template("replies/text.html", form=form, text=text, confirm=ConfirmForm(),
                           placeholders=PLACEHOLDERS)
    return page, 400 if form.errors else 200


def _text_or_404(text_id: int):
    text = queries.managed_or_none(current_user, text_id)
    if text is None:
        abort(404)
    return text


# ---- the answer ---------------------------------------------------------------------------

@bp.route("/cases/<int:case_id>/svar", methods=["GET", "POST"])
@requires(SIGNED_IN)
def answer(case_id: int):
    case = _answerable_or_404(case_id)
    if request.method == "GET":
        return _answer_page(case, _fresh_form(case, request.args.get("mall", "")))
    form = AnswerForm()
    action = request.form.get("action", "preview")
    if not form.validate():
        return _answer_page(case, form), 400
    text = answers.text_for(case, form.chosen_id)
    if action in ("edit", "preview"):
        # Nothing is stored: the case was read, not changed (the trail's row says so).
        unit_of_work.rollback()
    if action == "edit":
        return _answer_page(case, form)
    if action == "preview":
        form.version.data = case.version  # what the preview shows is the case as it is now
        shown = answers.preview(case, form.body.data, text)
        form.body.errors = list(shown.problems)
        return _answer_page(case, form, shown), 400 if shown.problems else 200
    if action not in ("email", "letter"):
        abort(400)
    return _sent_once(case, form, action, text)


def _sent_once(case: Case, form: AnswerForm, action: str, text):
    """Send or print the answer, once however often the form is posted."""
    earlier = submissions.claim(form.submission.data, current_user.id)
    if earlier is not None:
        if earlier.case_id != case.id:  # not this user's form, or another case's
            form.submission.data = submissions.new_token()
            form.form_errors.append(RELOAD)
            return _answer_page(case, form), 400
        flash("Svaret är redan registrerat: det gjordes vid första klicket.", "info")
        return redirect(url_for("cases.detail", case_id=case.id), 303)
    with refusals(form) as refused:
        if action == "email":
            answers.send_by_email(case, form.version.data, current_user,
                                  body=form.body.data, text=text)
        else:
            answers.record_letter(case, form.version.data, current_user, body=form.body.data,
                                  recipient=form.recipient.data or "", text=text)
    if refused:  # shown again as previewed, with the reasons
        case = db.session.get(Case, case.id)
        shown = answers.preview(case, form.body.data, answers.text_for(case, form.chosen_id))
        form.body.errors = [*form.body.errors, *shown.problems]
        return _answer_page(case, form, shown if not form.body.errors else None), 400
    submissions.settle(form.submission.data, case.id)
    flash("Svaret är skickat med e-post och registrerat som återkoppling." if action == "email"
          else "Svaret är registrerat som återkoppling. Hämta brevet under Återkoppling och "
               "skriv ut det.", "success")
    return redirect(url_for("cases.detail", case_id=case.id), 303)


@bp.errorhandler(handling.StaleVersion)
def _conflict(error: handling.StaleVersion):
    """The case changed after the preview: the case as it is now, and the text as the handler
    wrote it, to preview again. The save is undone by then."""
    case = _answerable_or_404((request.view_args or {})["case_id"])
    form = AnswerForm()
    form.version.data = case.version
    form.submission.data = submissions.new_token()
    recent = handling.timeline(case)[-5:]
    return _answer_page(case, form, conflict=recent), 409


@bp.get("/cases/<int:case_id>/aterkoppling/<int:feedback_id>/brev.<any(pdf):fmt>")
@requires(SIGNED_IN)
def letter(case_id: int, feedback_id: int, fmt: str):
    """The letter of an återkoppling given by letter, for whoever handles the case."""
    case = case_or_404(case_id, Action.HANDLE)
    feedback = db.session.get(CaseFeedback, feedback_id)
    if feedback is None or feedback.case_id != case.id or not letters.is_letter(feedback):
        abort(404)
    body = letters.letter_pdf(case, feedback)
    return Response(body, mimetype=MIME_TYPES["pdf"], headers={
        "Content-Disposition": f'attachment; filename="{letters.filename(case, feedback)}"'})


def _answerable_or_404(case_id: int) -> Case:
    """The case, if the user handles it (else 404 or 403) and it is answered from a standard
    text now (else 404: the page does not exist for it)."""
    case = case_or_404(case_id, Action.HANDLE)
    if not answers.may_answer(current_user, case):
        abort(404)
    return case


def _fresh_form(case: Case, chosen: str) -> AnswerForm:
    texts = answers.texts_for(case)
    text = next((t for t in texts if str(t.id) == chosen), texts[0] if texts else None)
    contact = " ".join((case.contact or "").split())
    return AnswerForm(formdata=None, version=case.version,
                      text_id=str(text.id) if text else "", body=text.body if text else "",
                      recipient=contact if len(contact) <= answers.RECIPIENT_MAX else "")


def _answer_page(case: Case, form: AnswerForm, shown=None, conflict=None):
    texts = answers.texts_for(case)
    return render_template("replies/answer.html", case=case, form=form, texts=texts,
                           chosen=form.chosen_id, shown=shown, conflict=conflict,
                           has_address=answers.address_block(case.unit) is not None)
