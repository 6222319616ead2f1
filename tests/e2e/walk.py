"""Taking a case's steps over HTTP as its handlers do, and keeping the record to check it by.

Each step opens the case page, takes the form the page offers for it, fills in what a handler
would, posts it and checks the confirmation and the status the workflow (config/workflows.toml)
gives the case. The walk remembers what it took, so a test can compare that with what the
workflows define and with what the database holds afterwards.
"""
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from casework import followup, legal  # noqa: F401  (register their steps)
from casework.cases.models import CaseEvent, CaseType
from casework.cases.steps import step as registered_step
from casework.cases.workflow import load_workflows
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from config.settings import CONFIG_DIR
from tests.e2e.client import Client, Page
from tests.e2e.site import UNIT_CODE, Site

#: The confirmation each step shows, as a pattern.
CONFIRMATIONS = {
    "assign": "Handläggaren är tilldelad.",
    "add_action": "Åtgärden är sparad.",
    "record_feedback": "Återkopplingen är sparad.",
    "mark_for_apt": "Ärendet är markerat för nästa APT.",
    "record_apt": "Det är registrerat att ärendet togs upp på APT.",
    "close": "Ärendet är avslutat.",
    "reopen": "Ärendet är återöppnat.",
    "escalate_lex_sarah": "Lex Sarah-ärende (?P<number>\\S+) är skapat.",
    "record_protection": "Skyddsåtgärderna är sparade.",
    "record_investigation": "Utredningen är sparad.",
    "assess": "Bedömningen är signerad.",
    "notify_ivo": "Anmälan till IVO är registrerad.",
    "record_ivo_decision": "IVO:s beslut är registrerat.",
    "record_breach": "Incidenten är dokumenterad.",
    "decide_imy": "Beslutet om anmälan till IMY är registrerat.",
    "inform_subjects": "Informationen till de registrerade är registrerad.",
    "decline_reopen": "Begäran om återöppning är avslagen.",
}
WORKFLOWS = load_workflows(CONFIG_DIR)


def defined_steps() -> set[tuple[CaseType, str]]:
    """Every (case type, action) pair config/workflows.toml defines."""
    return {(case_type, step.action) for case_type, workflow in WORKFLOWS.by_type.items()
            for step in workflow.transitions}


@dataclass
class Walked:
    """A case the walk created, and what the walk did to it."""

    id: int
    number: str
    type: CaseType
    status: str = "ny"
    #: The history events the case starts with.
    history: list[str] = field(default_factory=lambda: ["created"])
    steps: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/cases/{self.id}"

    def expected_events(self) -> list[str]:
        return self.history + [registered_step(step).event for step in self.steps]


class Walk:
    def __init__(self, site: Site):
        self.site = site
        self.clients: dict[str, Client] = {}
        self.cases: dict[str, Walked] = {}
        self.taken: set[tuple[CaseType, str]] = set()

    def as_(self, who: str) -> Client:
        """The browser of ``who``, signed in at its first use."""
        if who not in self.clients:
            self.clients[who] = self.site.client(who)
        return self.clients[who]

    def register(self, name: str, who: str, path: str, values: dict) -> Walked:
        """File a case on an intake page (``/cases/new``, ``/cases/report``, ``/cases/legal/new``)
        and remember it as ``name``."""
        client = self.as_(who)
        form = next(f for f in client.get(path).forms if "type" in f.names)
        page = client.submit(form, values)
        if page.url.endswith(path):  # the quick entry and the report confirm above a new form
            found = re.search(r'class="confirmation".*?href="/cases/(\d+)">([^<]+)</a>',
                              page.text, re.DOTALL)
            assert found, f"no confirmation on {path}: {page.errors}"
            case_id, number = int(found.group(1)), found.group(2)
        else:  # the legal intake goes to the new case's page
            case_id = int(re.fullmatch(r".*/cases/(\d+)", page.url).group(1))
            number = re.search(r"<h1>[^<]* (\S+)</h1>", page.text).group(1)
        case = Walked(case_id, number, CaseType(values["type"]))
        self.cases[name] = case
        page = client.get(case.path)
        assert page.lead == "Status: Ny", page.lead
        return case

    def step(self, name: str, action: str, who: str = "deputy", **values) -> Page:
        """Take ``action`` on the case ``name`` with the form its page offers ``who``."""
        case, client = self.cases[name], self.as_(who)
        page = client.get(case.path)
        page = client.submit(page.step_form(action), values)
        assert page.url.endswith(case.path), page.url
        messages = page.messages()
        assert len(messages) == 1 and re.fullmatch(CONFIRMATIONS[action], messages[0]), (
            f"{action} on {name}: {page.flashes} {page.errors}")
        self._took(case, action)
        assert page.lead == f"Status: {WORKFLOWS.statuses[case.status]}", (action, page.lead)
        if action == "escalate_lex_sarah":
            self._escalated(name, re.fullmatch(CONFIRMATIONS[action], messages[0]), page)
        return page

    def apt_meeting(self, names: list[str], who: str = "deputy") -> None:
        """Record the cases ``names`` as taken up together on the unit's APT list."""
        client = self.as_(who)
        page = client.get(f"/apt/{UNIT_CODE}")
        form = page.form("registrera")
        ids = {str(self.cases[name].id) for name in names}
        assert {value for value, _ in form.names["cases"]} == ids, form.names["cases"]
        page = client.submit(form, {"cases": sorted(ids)})
        count = f"{len(ids)} ärende" + ("n" if len(ids) > 1 else "")
        assert re.fullmatch(f"Registrerat att {count} togs upp på APT \\d+ \\w+ \\d{{4}}\\.",
                            " ".join(page.messages())), page.flashes
        assert "Inga ärenden är markerade för nästa APT." in page.text
        for name in names:
            case = self.cases[name]
            self._took(case, "record_apt")
            page = client.get(case.path)
            assert "Togs upp på APT" in page.text
            assert page.lead == f"Status: {WORKFLOWS.statuses[case.status]}", page.lead

    def _took(self, case: Walked, action: str) -> None:
        transition = WORKFLOWS.by_type[case.type].find(action, case.status)
        assert transition is not None, f"the walk takes {action} on {case.type} in {case.status}"
        case.status = transition.target or case.status
        case.steps.append(action)
        self.taken.add((case.type, action))

    def _escalated(self, name: str, confirmation: re.Match, page: Page) -> None:
        """Remember the lex Sarah case made of ``name``, linked from its page, as
        ``<name>-sarah``."""
        number = confirmation.group("number")
        url = page.link(f"{CaseType.LEX_SARAH.label} {number}")
        sarah = Walked(int(url.rsplit("/", 1)[1]), number, CaseType.LEX_SARAH,
                       history=["created", "escalated_from"])
        self.cases[f"{name}-sarah"] = sarah
        page = self.as_("deputy").get(sarah.path)
        assert page.link(f"{self.cases[name].type.label} {self.cases[name].number}").endswith(
            self.cases[name].path)
        assert f"Skapade ärendet från ärende {self.cases[name].number}" in page.timeline

    def check_records(self) -> None:
        """Each case's history holds the events of the steps taken, in order; its page shows
        them; and the audit trail has one "create" row and one "change" row per step."""
        for name, case in self.cases.items():
            page = self.as_("deputy" if case.type is not CaseType.LEX_MARIA else "mas").get(
                case.path)
            assert len(page.timeline) == len(case.expected_events()), (name, page.timeline)
        with self.site.app.app_context():
            for name, case in self.cases.items():
                events = db.session.scalars(
                    sa.select(CaseEvent.event).where(CaseEvent.case_id == case.id)
                    .order_by(CaseEvent.at, CaseEvent.id)).all()
                assert events == case.expected_events(), name
                assert audit_rows(case.id, "create") == 1, name
                changes = audit_rows(case.id, "change")
                assert changes == len(case.steps), (
                    f"{name}: {changes} \"change\" audit rows for {len(case.steps)} steps "
                    f"taken {case.steps}")


def audit_rows(case_id: int, action: str) -> int:
    """How many audit rows of ``action`` the case has (call inside the test's app context)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.case_id == case_id, AuditEvent.action == action))
