"""The follow-up question's public pages (``/uppfoljning/<token>``, and the thanks), and the
reopen request's notice on the case page. The work is in ``casework.followup.services``.

The question's page needs no login and shows nothing but the unit and the case number to
whoever holds the link; a link unknown, used or expired gets one page, the same for all (410).
Its address holds the token: it is sent with ``Referrer-Policy: no-referrer`` and the access
log writes the path without it (``casework.web.log_redaction``).

The handler decides a request with two steps of the case page, shown in the notice: the
existing reopen step, and ``decline_reopen`` (casework.followup.steps); their routes are the
case page's.
"""
from flask import Blueprint, redirect, render_template, request, url_for

from casework import trail
from casework.access.needs import PUBLIC, requires
from casework.cases.views.detail import PAGE_PARTS
from casework.core.refusals import refusals
from casework.followup import services
from casework.followup.forms import AnswerForm
from casework.followup.models import FollowUp
from casework.web.security import without_referrer

bp = Blueprint("followup", __name__)

#: The steps the notice of an open request shows, instead of the "Nästa steg" panel.
DECISION_STEPS = ("reopen", "decline_reopen")


@bp.get("/uppfoljning/tack")
@requires(PUBLIC)
def thanks():
    return render_template("followup/thanks.html")


@bp.route("/uppfoljning/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def question(token: str):
    question = services.open_question(token)
    if question is None:
        if request.method == "POST" and services.recently_answered(token):
            return _thanked()  # a double click: the first submission's answer stands
        return without_referrer(render_template("followup/closed.html"), 410)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            with refusals(form) as refused:
                services.answer(token, form.answer.data, form.comment.data)
        except services.QuestionClosed:  # answered meanwhile by another submission
            return _thanked()
        if not refused:
            return _thanked()
    elif request.method == "GET":
        trail.record("view", case_id=question.case_id, unit_id=question.case.unit_id,
                     actor=trail.NOBODY, follow_up=question.id)
    page = render_template("followup/question.html", form=form, case=question.case,
                           limit=services.COMMENT_MAX)
    return without_referrer(page, 400 if form.errors else None)


def _thanked():
    return without_referrer(redirect(url_for(".thanks"), 303))


def _page_part(case, user) -> dict:
    """The case page's share: the open reopen request (with the answer that made it), else the
    last answer to the follow-up question."""
    request_open = services.open_request(case)
    answered: FollowUp | None = request_open.answer if request_open else \
        services.latest_answer(case)
    if answered is None:
        return {}
    return {"followup": {"request": request_open, "answer": answered},
            "inline_steps": DECISION_STEPS if request_open else ()}


PAGE_PARTS.append(_page_part)
