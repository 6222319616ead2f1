"""The demo's case pages, through the test client as its users see them: the återkoppling
recorded is on the page, for the handler and for the medarbetare who filed the report.

Each test reads what it expects in an app context of its own and makes its requests outside
it, so that a request never shares the test's session.
"""
import sqlalchemy as sa
from markupsafe import escape

from casework.auth.models import Role
from casework.cases.handling import FEEDBACK_METHODS
from casework.cases.models import Case, CaseType
from casework.core.extensions import db
from tests import factories
from tests.demo.helpers import demo_user, first_unit


def signed_in(demo, role: Role):
    client = demo.app.test_client()
    with demo.app.app_context():
        factories.log_in(client, demo_user(role))
    return client


def expected(demo, *conditions) -> dict[int, tuple[list[str], list[str]]]:
    """Three cases of the first unit with återkoppling that meet ``conditions``: case id →
    (what the återkoppling list shows, the åtgärder's texts), as the page escapes them."""
    with demo.app.app_context():
        query = sa.select(Case).where(Case.unit_id == first_unit().id,
                                      Case.feedback_on.is_not(None), *conditions)
        cases = db.session.scalars(query.order_by(Case.number).limit(3)).all()
        assert len(cases) == 3
        return {case.id: (
            [str(escape(text)) for f in case.feedback for text in (
                f"{FEEDBACK_METHODS[f.method]} till {f.recipient}", f.content)],
            [str(escape(action.description)) for action in case.actions],
        ) for case in cases}


def page(client, case_id: int) -> str:
    response = client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_case_page_shows_the_recorded_aterkoppling_to_the_deputy_manager(demo):
    cases = expected(demo, Case.type == CaseType.KLAGOMAL)
    cases |= expected(demo, Case.type == CaseType.AVVIKELSE)
    client = signed_in(demo, Role.BITRADANDE_ENHETSCHEF)
    for case_id, (feedback, actions) in cases.items():
        text = page(client, case_id)
        assert all(shown in text for shown in feedback + actions), case_id
        assert "Vad som återkopplades är inte registrerat." not in text


def test_the_medarbetare_reads_what_was_said_and_done_on_their_report_not_the_handling(demo):
    with demo.app.app_context():
        staff_id = demo_user(Role.MEDARBETARE).id
    cases = expected(demo, Case.type == CaseType.AVVIKELSE, Case.registered_by_id == staff_id)
    client = signed_in(demo, Role.MEDARBETARE)
    for case_id, (feedback, actions) in cases.items():
        text = page(client, case_id)
        assert all(shown in text for shown in feedback), case_id
        assert actions and all(action in text for action in actions), case_id  # issue 13.7
        assert "Historik" not in text


def test_every_kind_of_demo_case_opens_for_those_who_handle_it(demo):
    """One case of each type and status of the first unit, on its handler's page (the MAS's
    for lex Maria)."""
    with demo.app.app_context():
        picked = db.session.execute(
            sa.select(Case.type, Case.status, sa.func.min(Case.id))
            .where(Case.unit_id == first_unit().id).group_by(Case.type, Case.status)).all()
    assert len(picked) >= 12
    for role in (Role.BITRADANDE_ENHETSCHEF, Role.MAS):
        client = signed_in(demo, role)
        for case_type, status, case_id in picked:
            if (case_type is CaseType.LEX_MARIA) == (role is Role.MAS):
                assert client.get(f"/cases/{case_id}").status_code == 200, (case_type, status)


def test_the_demo_users_start_pages_and_lists_open(demo):
    for role, paths in ((Role.BITRADANDE_ENHETSCHEF, ("/", "/att-gora", "/cases",
                                                      "/cases?forsenade=y", "/apt/HAE-ASP")),
                        (Role.MEDARBETARE, ("/",)), (Role.MAS, ("/", "/att-gora")),
                        (Role.ENHETSCHEF, ("/reports",))):
        client = signed_in(demo, role)
        for path in paths:
            assert client.get(path).status_code == 200, (role, path)
