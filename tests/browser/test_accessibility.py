"""Accessibility (WCAG 2.1 A and AA): every page in every role passes axe-core, and the skip
link, the focus ring and the forms' error summary work by keyboard alone.

axe-core comes from npm (tests/browser/axe/package-lock.json, installed by scripts/test) and is
read from node_modules: nothing is fetched while the tests run. The pages are a data table,
``PAGES``; a test fails when the app serves a GET route that the table does not list, so a new
page cannot be left unchecked.
"""
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import sleep

import pyotp
import pytest
import sqlalchemy as sa
from flask import render_template
from playwright.sync_api import Page, expect

from casework.attachments.services import add_files
from casework.auth.models import PasswordReset, Role
from casework.cases import handling
from casework.core.clock import local_today, utcnow
from casework.core.extensions import db
from casework.followup import services as followup
from casework.legal import services as legal
from casework.logchecks.weeks import current as current_week
from casework.outbox.models import OutgoingMail
from casework.replies import services as replies
from casework.reports.snapshots import take_snapshots
from casework.retention.anonymise import anonymise
from casework.retention.models import RetentionLogEntry
from casework.trail.models import AuditEvent
from casework.web.errors import pages as error_pages
from tests import factories
from tests.attachments import samples
from tests.attachments.samples import upload
from tests.browser.intake_helpers import PHONE, log_in, open_step
from tests.factories import PASSWORD
from tests.services import unavailable

# The pages' markup does not depend on the database: checked on one backend, the production one
# (the walks in the other modules run on the README's SQLite file).
pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("live_database", ["postgresql"], indirect=True)]

AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FOCUS_RING = Path(__file__).parent / "axe" / "focus-ring.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}

#: axe's best-practice rules on landmarks, headings and the skip link, run on top of the WCAG
#: rules: the page structure that WCAG 1.3.1 and 2.4.1 ask for, checked the same way everywhere.
STRUCTURE_RULES = [
    "region", "landmark-one-main", "landmark-unique", "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main",
    "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level", "page-has-heading-one", "heading-order", "skip-link",
    "empty-heading", "empty-table-header",
]

RUN_AXE = """([tags, rules]) => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    rules: Object.fromEntries(rules.map(rule => [rule, {enabled: true}])),
    resultTypes: ['violations']})
  .then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': '
                            + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  })))"""


@dataclass(frozen=True)
class Visit:
    """A page: its endpoint, its path (``{name}`` filled from ``World.ids``), and the role that
    must get it with 200 (others may get an error page, which is checked as well)."""

    endpoint: str
    path: str
    shown_to: str


#: Every page, visited in every role. Adding a page is adding a line.
PAGES = [
    Visit("web.start", "/", "planerare"),
    Visit("cases.index", "/cases", "bitradande_enhetschef"),
    Visit("cases.index", "/cases?typ=klagomal&status=ny&forsenade=y&sortera=inkom&ordning=stigande",
          "enhetschef"),
    Visit("cases.index", "/cases?fran=inte-ett-datum", "planerare"),  # the filter's error summary
    Visit("cases.index", "/cases?sokning=okand", "medarbetare"),  # a search no longer kept
    Visit("cases.detail", "/cases/{new_complaint}", "bitradande_enhetschef"),  # assign, act, APT
    Visit("cases.detail", "/cases/{complaint_in_progress}", "bitradande_enhetschef"),  # close
    Visit("cases.detail", "/cases/{closed_suggestion}", "enhetschef"),  # reopen
    Visit("cases.detail", "/cases/{praise}", "planerare"),
    Visit("cases.detail", "/cases/{reopen_requested}", "bitradande_enhetschef"),  # the notice
    Visit("cases.detail", "/cases/{deviation}", "medarbetare"),  # the reporter's own view
    Visit("cases.detail", "/cases/{deviation}", "bitradande_enhetschef"),  # its attachments
    Visit("cases.detail", "/cases/{lex_sarah}", "bitradande_enhetschef"),  # protective measures
    Visit("cases.detail", "/cases/{lex_sarah_investigated}", "enhetschef"),  # the assessment
    Visit("cases.detail", "/cases/{lex_sarah_notified}", "bitradande_enhetschef"),  # IVO decision
    Visit("cases.detail", "/cases/{lex_maria}", "mas"),
    Visit("cases.detail", "/cases/{lex_maria_assessed}", "mas"),
    Visit("cases.detail", "/cases/{breach}", "bitradande_enhetschef"),
    Visit("cases.detail", "/cases/{breach_documented}", "enhetschef"),  # IMY, art. 34
    Visit("cases.correct", "/cases/{new_complaint}/ratta", "bitradande_enhetschef"),
    Visit("cases.correct", "/cases/{deviation}/ratta", "enhetschef"),  # the staff fields
    Visit("cases.new", "/cases/new", "planerare"),
    Visit("cases.report", "/cases/report", "medarbetare"),
    Visit("cases.import_page", "/cases/import", "enhetschef"),
    Visit("cases.todo", "/att-gora", "bitradande_enhetschef"),
    Visit("cases.apt", "/apt/{unit}", "bitradande_enhetschef"),
    Visit("reports.index", "/reports", "admin"),
    Visit("reports.index", "/reports?node={unit}&year={year}", "enhetschef"),  # text column
    Visit("reports.index", "/reports?node={area}&year={year}", "omradeschef"),
    Visit("reports.index", "/reports?node={unit}&year={year}", "bitradande_enhetschef"),
    Visit("reports.trends_page", "/reports/trends", "mas"),
    Visit("reports.trends_page", "/reports/trends?node={unit}&year={year}", "enhetschef"),
    Visit("reports.snapshot_list", "/reports/snapshots", "omradeschef"),
    Visit("reports.snapshot_compare", "/reports/snapshots/{snapshot}/compare", "enhetschef"),
    Visit("cases.new_legal", "/cases/legal/new", "mas"),
    Visit("cases.new_legal", "/cases/legal/new", "bitradande_enhetschef"),  # the discovery
    Visit("audit.index", "/audit", "enhetschef"),
    Visit("audit.index", "/audit", "admin"),
    Visit("audit.index", "/audit?sokning=okand&handelse=view", "enhetschef"),
    Visit("logchecks.index", "/audit/kontroller", "enhetschef"),
    Visit("logchecks.week", "/audit/kontroller/{unit_node}/{log_week}", "enhetschef"),  # sample
    Visit("reminders.failing", "/admin/e-post", "admin"),
    Visit("admin.registerutdrag", "/admin/registerutdrag", "admin"),
    Visit("admin.index", "/admin", "admin"),
    # ---- the admin's user pages
    Visit("admin.users", "/admin/anvandare", "admin"),
    Visit("admin.new_user", "/admin/anvandare/ny", "admin"),
    Visit("admin.user", "/admin/anvandare/{planerare}", "admin"),
    Visit("admin.import_users", "/admin/anvandare/import", "admin"),
    # the organisation tree (admin): the tree, an område's page (add), an enhet's (responsible)
    Visit("admin.organisation", "/admin/organisation", "admin"),
    Visit("admin.organisation_node", "/admin/organisation/{area_node}", "admin"),
    Visit("admin.organisation_node", "/admin/organisation/{unit_node}", "admin"),
    # ---- admin: deadline rules, categories and templates (branch admin-rules) ----
    # ---- retention: the page, a förvaltning's rules, an anonymised case's notice
    Visit("admin.retention", "/admin/gallring", "enhetschef"),
    Visit("admin.retention_rules_page", "/admin/gallring/regler/{district}", "admin"),
    Visit("cases.detail", "/cases/{anonymised}", "enhetschef"),
    Visit("admin.rules_index", "/admin/tidsfrister", "admin"),  # straight to the district
    Visit("admin.district_rules", "/admin/tidsfrister/{district}", "admin"),
    Visit("admin.rule", "/admin/tidsfrister/{district}/complaint_acknowledge", "admin"),
    Visit("admin.rule", "/admin/tidsfrister/{district}/breach_imy", "admin"),  # in hours
    Visit("admin.catalogue_page", "/admin/kategorier", "admin"),
    Visit("admin.catalogue_page", "/admin/kategorier?ar=1999", "admin"),  # no such template
    Visit("admin.api_tokens", "/admin/api-nycklar", "admin"),
    Visit("admin.new_api_token", "/admin/api-nycklar/ny", "admin"),
    # ---- end of admin-rules ----
    # ---- standard texts and the answer from one
    Visit("replies.index", "/svarsmallar", "enhetschef"),
    Visit("replies.new", "/svarsmallar/ny", "admin"),
    Visit("replies.edit", "/svarsmallar/{reply_text}", "enhetschef"),
    Visit("replies.answer", "/cases/{complaint_in_progress}/svar", "bitradande_enhetschef"),
    Visit("auth.password", "/account/password", "medarbetare"),
    Visit("auth.totp", "/account/totp", "planerare"),
    Visit("auth.login", "/login", "anonymous"),
    Visit("auth.login_code", "/login/code", "anonymous"),  # after the password, for a TOTP user
    Visit("auth.forgot", "/login/glomt", "anonymous"),
    Visit("auth.reset_password", "/losenord/{reset_token}", "anonymous"),  # from the e-mail
    Visit("auth.reset_password", "/losenord/ingen-sadan-lank", "nobody"),  # 410
    Visit("error 404", "/finns-inte", "nobody"),
    Visit("web.accessibility", "/tillganglighet", "anonymous"),  # and everyone signed in
    Visit("followup.question", "/uppfoljning/{follow_up_token}", "anonymous"),  # from the e-mail
    Visit("followup.question", "/uppfoljning/ingen-sadan-lank", "nobody"),  # 410
    Visit("followup.thanks", "/uppfoljning/tack", "anonymous"),
    Visit("public.form", "/lamna-synpunkt", "anonymous"),  # the e-service, for everyone
    Visit("public.form", "/lamna-synpunkt?lang=en", "anonymous"),
    Visit("public.receipt", "/lamna-synpunkt/kvitto", "nobody"),  # 404: nothing sent here
    Visit("api.docs", "/api/v1/docs", "anonymous"),  # the API's reference, open to all
]
#: GET routes that answer with a file, not a page.
NOT_PAGES = {
    "static", "reports.download", "reports.snapshot_download", "reports.trend_chart",
    "audit.export", "cases.investigation_document", "attachments.download",
    "cases.import_template", "replies.letter",
    # The JSON API: documents for other systems, no pages (its reference, api.docs, is one).
    "api.openapi", "api.list_cases", "api.get_case", "api.get_report", "api.list_snapshots",
    "api.get_snapshot",
}
#: Pages only a signed-out user gets (the login page sends a signed-in one to the start page),
#: and the forgotten-password link's page, opened from an e-mail by someone who cannot sign in.
ANONYMOUS_ONLY = {"auth.login", "auth.login_code", "auth.forgot", "auth.reset_password"}
#: Pages reached only through another: the code page, right after a TOTP user's password.
THROUGH_LOGIN = {"auth.login_code"}
ROLES = [role.value for role in Role]


@dataclass
class World:
    ids: dict[str, object]
    #: role → the e-mail of its person; "totp" → a planner who uses a second factor.
    emails: dict[str, str]
    totp_secret: str
    #: The admin's second factor: the server runs the README's settings, which require one.
    admin_secret: str
    #: The time step of the admin's last code: each step's code is accepted once.
    admin_step: int = 0

    def admin_code(self) -> str:
        """A code the server accepts now: a step of its window (now ±1) not used yet, and not
        the one before now, which the clock may leave behind before the server checks it."""
        totp = pyotp.TOTP(self.admin_secret)
        while (now := totp.timecode(datetime.now())) < self.admin_step:
            sleep(1)
        self.admin_step = max(now, self.admin_step + 1)
        return totp.generate_otp(self.admin_step)


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        unavailable(f"axe-core is not installed at {AXE_JS}: run "
                    "npm ci --prefix tests/browser/axe (scripts/test does)")
    return AXE_JS


@pytest.fixture(scope="module")
def world(live_app) -> World:
    """A förvaltning of its own with one person per role and a case in each state of the UI."""
    with live_app.app_context():
        district = factories.node("forvaltning", "Tallkrogens stadsdelsförvaltning", code="A11Y")
        department = factories.node("avdelning", "Äldreomsorg Tallkrogen", district, code="A11Y-AO")
        area = factories.node("omrade", "Hemtjänst Tallkrogen", department, code="A11Y-HT")
        unit = factories.node("enhet", "Tallkrogen hemtjänst", area, code="A11Y-TK")
        where = {"omradeschef": area, "mas": area, "admin": district}
        people = {
            role: factories.user(role, where.get(role, unit), email=f"{role}@a11y.example.se",
                                 name=f"{Role(role).label} Tallkrogen")
            for role in ROLES
        }
        second_factor = factories.user("planerare", unit, email="totp@a11y.example.se")
        second_factor.totp_secret = pyotp.random_base32()
        second_factor.totp_enabled_at = utcnow()
        people["totp"] = second_factor
        people["admin"].totp_secret = pyotp.random_base32()
        people["admin"].totp_enabled_at = utcnow()
        ids = {"unit": unit.code, "area": area.code, "year": local_today().year,
               "unit_node": unit.id, "area_node": area.id, "district": district.id}
        ids.update(_cases(unit, people))
        ids.update(_legal_cases(unit, people))
        ids["log_week"] = _log_reads(unit, people["omradeschef"], ids["lex_sarah"])
        ids["snapshot"] = _snapshot(unit)
        ids["reset_token"] = _reset_link(people["medarbetare"])
        ids.update(_follow_ups(unit, people["bitradande_enhetschef"]))
        ids["planerare"] = people["planerare"].id
        ids["anonymised"] = _anonymised(unit)
        ids["reply_text"] = replies.create(people["enhetschef"], replies.TextInput(
            purpose="svar", case_type="klagomal", category="", node_id=unit.id,
            name="Svar på klagomål", subject="Svar på ditt ärende {ärendenummer}",
            body="Hej!\n\n{åtgärder}\n\n{handläggare}, {titel}")).id
        db.session.commit()
        return World(ids, {role: person.email for role, person in people.items()},
                     second_factor.totp_secret, people["admin"].totp_secret)


def _log_reads(unit, reader, case_id: int) -> str:
    """A read last Saturday of a lex Sarah case by someone who does not handle it (flagged
    twice in last week's access-log check); the week as its page's path has it."""
    week = current_week().before()
    saturday = datetime.combine(week.monday + timedelta(days=5), time(12))
    db.session.add(AuditEvent(action="view", user_id=reader.id, case_id=case_id,
                              unit_id=unit.id, roles="omradeschef", detail={}, at=saturday))
    return f"{week.year}/{week.number}"


def _reset_link(user) -> str:
    """An open forgotten-password link of ``user``: its token."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(token_hash=hashlib.sha256(token.encode()).hexdigest(),
                                 user_id=user.id, expires_at=utcnow() + timedelta(days=1)))
    db.session.flush()
    return token


def _cases(unit, people) -> dict[str, int]:
    today, deputy = local_today(), people["bitradande_enhetschef"]

    def case(type, registered_by, received_on=today, **fields):
        return factories.case(unit, type, received_on, by=people[registered_by],
                              description="Hemtjänsten kom en timme för sent på morgonen.",
                              **fields)

    complaint = dict(source="narstaende", channel="telefon", categories=["utebliven_insats"])
    new = case("klagomal", "planerare", today - timedelta(days=30), **complaint)  # overdue
    going = case("klagomal", "planerare", contact="Dottern, 070-000 00 00", **complaint)
    handling.assign_handler(going, going.version, deputy, handler_id=deputy.id)
    handling.add_action(going, going.version, deputy, description="Ringde dottern.",
                        taken_on=today)
    handling.record_feedback(going, going.version, deputy, given_on=today, method="telefon",
                             recipient="Dottern",
                             content="Besöket är nu inlagt varje söndag.")
    handling.mark_for_apt(going, going.version, deputy)
    closed = case("synpunkt", "planerare", channel="brev",
                  categories=["fraga_ide"], anonymous=True)
    handling.assign_handler(closed, closed.version, deputy, handler_id=deputy.id)
    handling.close(closed, closed.version, deputy, summary="Menyn ses över till våren.")
    staff = dict(identified_by="medarbetare", concerns="egen_verksamhet", occurred_on=today)
    deviation = case("avvikelse", "medarbetare", categories=["avv_utforande"], **staff)
    add_files(deviation, [upload("Foto av larmet.jpg", samples.jpeg_with_gps())],
              by=people["medarbetare"])
    add_files(deviation, [upload("Beslut.pdf", samples.pdf())], by=deputy)
    return {
        "new_complaint": new.id,
        "complaint_in_progress": going.id,
        "closed_suggestion": closed.id,
        "praise": case("berom", "planerare", source="brukare", channel="telefon").id,
        "deviation": deviation.id,
        "lex_sarah": case("lex_sarah", "medarbetare", occurred_on=today,
                          immediate_measures="Brukaren fick en ny kontaktperson.").id,
        "lex_maria": case("lex_maria", "mas").id,
    }


def _follow_ups(unit, deputy) -> dict[str, object]:
    """A complaint closed with its follow-up question open (the token of its link), and one
    whose question was answered "Nej" with a comment: a reopen request on its page."""
    def closed(email):
        case = factories.case(unit, "klagomal", local_today(), contact_email=email,
                              description="Hemtjänsten kom en timme för sent.")
        handling.record_feedback(case, case.version, deputy, given_on=local_today(),
                                 method="telefon", recipient="Brukaren", content="Vi ringde.")
        handling.close(case, case.version, deputy, summary="Rutinen är ändrad.")
        mail = db.session.scalar(sa.select(OutgoingMail).where(OutgoingMail.case_id == case.id))
        return case, mail.body.split("/uppfoljning/", 1)[1].split()[0]

    _, token = closed("anna@a11y.example.se")
    requested, other = closed("berit@a11y.example.se")
    followup.answer(other, "nej", "Ingen har ringt mig, och besöken är fortfarande sena.")
    return {"follow_up_token": token, "reopen_requested": requested.id}


def _legal_cases(unit, people) -> dict[str, int]:
    """Lex Sarah, lex Maria and personuppgiftsincidenter in the states whose forms differ."""
    today = local_today()

    def case(type, by, steps=0):
        found = factories.case(unit, type, today, by=people[by], occurred_on=today,
                               description="Brukaren föll i duschen.")
        for step, user, fields in LEGAL_STEPS[type][:steps]:
            step(found, found.version, people[user], **fields(today))
        return found.id

    return {
        "lex_sarah_investigated": case("lex_sarah", "medarbetare", steps=2),
        "lex_sarah_notified": case("lex_sarah", "medarbetare", steps=4),
        "lex_maria_assessed": case("lex_maria", "mas", steps=1),
        "breach": case("personuppgiftsincident", "bitradande_enhetschef"),
        "breach_documented": case("personuppgiftsincident", "bitradande_enhetschef", steps=1),
    }


#: Case type → its workflow's steps in order: (service, who, the fields given today's date).
LEGAL_STEPS = {
    "lex_sarah": [
        (legal.record_protection, "bitradande_enhetschef",
         lambda day: dict(measures="Ny kontaktperson.", taken_on=day)),
        (legal.record_investigation, "bitradande_enhetschef",
         lambda day: dict(started_on=day, finished_on=day, what_happened="Ett fall.",
                          why="Halt golv.", prevention="Halkmatta.", measures="")),
        (legal.assess, "enhetschef", lambda day: dict(assessment="allvarligt", assessed_on=day)),
        (legal.notify_ivo, "enhetschef",
         lambda day: dict(notified_on=day, reference="", documents="Anmälan och utredning.")),
    ],
    "lex_maria": [
        (legal.assess, "mas", lambda day: dict(assessment="allvarlig_vardskada",
                                               assessed_on=day, event="Fel läkemedel.")),
    ],
    "personuppgiftsincident": [
        (legal.record_breach, "bitradande_enhetschef",
         lambda day: dict(discovered_at=datetime.combine(day, time(0, 0)),
                          what_happened="Ett brev till fel adress.", data_categories="Namn",
                          approx_people=1, approx_records=1, consequences="", measures="")),
    ],
}


def _anonymised(unit) -> int:
    """A complaint closed in 2020 and anonymised, as the retention job leaves it."""
    case = factories.case(unit, received_on=date(2020, 1, 7))
    case.status, case.closed_on = "avslutad", date(2020, 1, 9)
    anonymise([case])
    db.session.add(RetentionLogEntry(case_id=case.id, rule_key="complaints", years=2))
    db.session.flush()
    return case.id


def _snapshot(unit) -> int:
    """Last year's third tertial frozen, then a case it missed: "Jämför med nu" has a change."""
    last_year = local_today().year - 1
    taken = take_snapshots(date(last_year, 12, 31))
    factories.case(unit, "berom", date(last_year, 10, 1), description="Tack för en fin höst.")
    return next(snapshot.id for snapshot in taken if snapshot.node_id == unit.id)


@pytest.fixture
def axe_page(browser, live_server, axe_source):
    """A page with axe-core loaded into every document.

    An init script, not ``add_script_tag``: the app's Content-Security-Policy (script-src
    'self') refuses an injected inline script, and the pages are checked with it in force.
    """
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    context.add_init_script(path=axe_source)
    page = context.new_page()
    yield page
    context.close()


def violations(page: Page) -> list[str]:
    """axe's violations on the page (WCAG 2.1 A/AA and ``STRUCTURE_RULES``): rule, help, nodes."""
    found = page.evaluate(RUN_AXE, [WCAG_21_AA, STRUCTURE_RULES])
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"      {n}" for n in v["nodes"])
        for v in found
    ]


def failures(results: dict[str, list[str]]) -> str:
    return "\n".join(
        f"  {where}:\n" + "\n".join(f"    {v}" for v in found)
        for where, found in results.items() if found
    )


def sign_in(page: Page, world: World, role: str) -> None:
    """``log_in``, with the code the admin is asked for after the password."""
    if role != "admin":
        return log_in(page, world.emails[role])
    page.goto("/login")
    page.get_by_label("E-post").fill(world.emails[role])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/code"))
    page.get_by_role("textbox").fill(world.admin_code())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")


#: The header's parts that must share one line at desktop width: where each starts, and the
#: header's height; and how far the page reaches past the window's right edge.
LAYOUT = """() => {
    const tops = [...document.querySelectorAll(
        '.site-header__name, .site-nav__link, .site-user')]
        .filter(element => element.getClientRects().length)
        .map(element => Math.round(element.getBoundingClientRect().top));
    return {
        header: document.querySelector('header').getBoundingClientRect().height,
        lines: new Set(tops.map(top => Math.round(top / 16))).size,
        tops: tops,
        sideways: document.documentElement.scrollWidth - window.innerWidth,
    };
}"""


def layout_problems(page: Page, screen: str) -> list[str]:
    """At 1280 px the header is one line; at 390 px nothing scrolls sideways."""
    facts = page.evaluate(LAYOUT)
    if screen == "desktop" and (facts["header"] > 72 or max(facts["tops"]) - min(facts["tops"]) > 16):
        return [f"header on more than one line: {facts}"]
    if screen == "phone" and facts["sideways"] > 0:
        return [f"the page scrolls sideways by {facts['sideways']} px"]
    return []


def check_pages(page: Page, world: World, role: str, visits,
                screen: str | None = None) -> dict[str, list[str]]:
    """Each visit's status, axe's violations and (with ``screen``) the layout's problems. A
    refusal (403, 404) is one template per status: it is checked at its first answer, and only
    its status after that, since a role is refused most of the pages it does not hold."""
    results, refusals_checked = {}, set()
    for visit in visits:
        path = visit.path.format(**world.ids)
        response = page.goto(path)
        if visit.shown_to == role:
            assert response.status == 200, f"{path} answered {response.status} for {role}"
        assert response.status < 500, f"{path} answered {response.status} for {role}"
        if response.status >= 400:
            if response.status in refusals_checked:
                continue
            refusals_checked.add(response.status)
        found = violations(page)
        if screen:
            found += layout_problems(page, screen)
        results[f"{path} ({response.status})"] = found
    return results


def test_every_get_route_is_in_the_page_table(live_app):
    listed = {visit.endpoint for visit in PAGES} | NOT_PAGES
    served = {rule.endpoint for rule in live_app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(served - listed)
    assert not missing, f"GET routes missing from PAGES (or NOT_PAGES if not a page): {missing}"
    roles = {visit.shown_to for visit in PAGES} - {"anonymous", "nobody"}
    assert roles <= set(ROLES), f"unknown roles in PAGES: {sorted(roles - set(ROLES))}"


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_in_every_role(axe_page, world, role, screen):
    """On a desktop (1280 px: the header one line) and on a phone's screen (390 px: tables
    stack and rules reflow, nothing scrolls sideways)."""
    axe_page.set_viewport_size(PHONE if screen == "phone" else DESKTOP)
    sign_in(axe_page, world, role)
    visits = [visit for visit in PAGES if visit.endpoint not in ANONYMOUS_ONLY]
    results = check_pages(axe_page, world, role, visits, screen)
    assert not any(results.values()), f"axe violations as {role} ({screen}):\n{failures(results)}"


def test_pages_without_signing_in_pass_axe(axe_page, world):
    """The login page, the login page after a failed attempt, and the 404 page."""
    results = check_pages(axe_page, world, "anonymous", [
        visit for visit in PAGES
        if visit.shown_to in ("anonymous", "nobody") and visit.endpoint not in THROUGH_LOGIN
    ])
    axe_page.goto("/login")
    axe_page.get_by_label("E-post").fill("ingen@example.se")
    axe_page.get_by_label("Lösenord").fill("fel lösenord")
    axe_page.get_by_role("button", name="Logga in").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Logga in")
    results["/login after a failed attempt"] = violations(axe_page)
    axe_page.goto("/login/glomt")
    axe_page.get_by_label("E-post").fill("ingen@example.se")
    axe_page.get_by_role("button", name="Skicka länken").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Kolla din e-post")
    results["/login/glomt, sent"] = violations(axe_page)
    assert not any(results.values()), f"axe violations:\n{failures(results)}"


# Forms in their error state ------------------------------------------------------------------

@dataclass(frozen=True)
class Invalid:
    """A form sent empty or wrong: who (None: signed out), where, the form's accessible name
    when the page has several, its button, and what to type first (label → text)."""

    role: str | None
    path: str
    submit: str
    form: str | None = None
    fill: tuple[tuple[str, str], ...] = ()
    uncheck_all: bool = False


INVALID_FORMS = [
    Invalid(None, "/login", "Logga in"),
    Invalid(None, "/login/glomt", "Skicka länken"),
    Invalid(None, "/losenord/{reset_token}", "Spara lösenordet"),  # leaves the link open
    Invalid(None, "/lamna-synpunkt", "Skicka"),
    Invalid("planerare", "/cases/new", "Spara"),
    Invalid("medarbetare", "/cases/report", "Skicka rapporten"),
    Invalid("planerare", "/cases", "Visa", fill=(("Från", "igår"),)),
    Invalid("enhetschef", "/audit", "Visa", fill=(("Användare (e-post)", "bea"),)),
    Invalid("enhetschef", "/audit/kontroller/{unit_node}/{log_week}", "Signera kontrollen"),
    Invalid("bitradande_enhetschef", "/cases/{complaint_in_progress}", "Avsluta ärendet",
            form="Avsluta ärendet"),
    Invalid("bitradande_enhetschef", "/cases/{new_complaint}", "Spara återkopplingen",
            form="Registrera återkoppling"),
    Invalid("bitradande_enhetschef", "/apt/{unit}", "Registrera", uncheck_all=True),
    Invalid("bitradande_enhetschef", "/cases/{deviation}", "Bifoga filerna"),  # no file
    Invalid("bitradande_enhetschef", "/cases/{new_complaint}/ratta", "Spara rättelsen",
            uncheck_all=True),  # no category left
    Invalid("enhetschef", "/reports?node={unit}", "Visa rapporten", fill=(("Brytdatum", "1 maj"),)),
    Invalid("mas", "/cases/legal/new", "Registrera ärendet"),
    Invalid("medarbetare", "/account/password", "Byt lösenord"),
    Invalid("enhetschef", "/svarsmallar/ny", "Spara mallen"),
    Invalid("enhetschef", "/admin/gallring", "Spärra mot gallring"),
]


@pytest.mark.parametrize("invalid", INVALID_FORMS, ids=lambda i: f"{i.role}{i.path}")
def test_an_invalid_form_shows_an_error_summary_that_leads_to_the_field(axe_page, world, invalid):
    """Sent by keyboard, the form comes back with the summary focused and announced; its first
    link takes focus to the field in error; and the page still passes axe."""
    page = axe_page
    if invalid.role:
        log_in(page, world.emails[invalid.role])
    page.goto(invalid.path.format(**world.ids))
    scope = open_step(page, invalid.form) if invalid.form else page.locator("main")
    for label, text in invalid.fill:
        scope.get_by_label(label, exact=True).fill(text)
    if invalid.uncheck_all:
        for box in scope.get_by_role("checkbox").all():
            box.uncheck()
    scope.get_by_role("button", name=invalid.submit, exact=True).focus()
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert").filter(has_text="Formuläret innehåller fel")
    expect(summary).to_be_focused()
    assert violations(page) == [], "\n".join(violations(page))
    page.keyboard.press("Tab")
    link = summary.get_by_role("link").first
    expect(link).to_be_focused()
    target = link.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page.locator(target)).to_be_focused()
    described = page.locator(target).get_attribute("aria-describedby") or ""
    assert f"{target[1:]}-error" in described.split(), f"{target} does not point to its error"


def test_the_second_factor_page_passes_axe_also_with_a_wrong_code(axe_page, world):
    page = axe_page
    page.goto("/login")
    page.get_by_label("E-post").fill(world.emails["totp"])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/login/code"))
    results = {"/login/code": violations(page)}
    page.get_by_role("textbox").fill("000000" if pyotp.TOTP(world.totp_secret).now() != "000000"
                                     else "111111")
    page.get_by_role("button", name="Logga in").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="Formuläret innehåller fel")).to_be_focused()
    results["/login/code with a wrong code"] = violations(page)
    assert not any(results.values()), f"axe violations:\n{failures(results)}"


def test_the_registerutdrag_search_passes_axe_refused_and_answered(axe_page, world):
    """The search's answers are its posts': sent empty (the summary focused), then with a
    name, whose hits are marked in their excerpts."""
    page = axe_page
    sign_in(page, world, "admin")
    page.goto("/admin/registerutdrag")
    page.get_by_role("button", name="Sök", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="Formuläret innehåller fel")).to_be_focused()
    results = {"refused": violations(page)}
    page.get_by_label("Namn, e-postadress eller telefonnummer").fill("dottern")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#traffar")).to_contain_text("ärende")
    expect(page.locator("mark").first).to_be_visible()
    results["answered"] = violations(page)
    assert not any(results.values()), f"axe violations:\n{failures(results)}"


def test_a_conflict_page_passes_axe(axe_page, world):
    """The 409 page: someone else saved the case first; the user's input is kept for a retry."""
    page = axe_page
    log_in(page, world.emails["bitradande_enhetschef"])
    page.goto(f"/cases/{world.ids['new_complaint']}")
    form = open_step(page, "Tilldela handläggare")  # an åtgärd never conflicts
    form.locator("input[name$='version']").evaluate("input => input.value = '999'")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Tilldela").click()
    assert answer.value.status == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("Ärendet har ändrats av någon annan")
    assert violations(page) == [], "\n".join(violations(page))


def test_the_answers_preview_passes_axe(axe_page, world):
    """The answer from a standard text, previewed: the filled text and the ways to send it."""
    page = axe_page
    log_in(page, world.emails["bitradande_enhetschef"])
    page.goto(f"/cases/{world.ids['complaint_in_progress']}/svar")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Så här blir svaret")).to_be_visible()
    expect(page.get_by_text("Ringde dottern.")).to_be_visible()
    assert violations(page) == [], "\n".join(violations(page))


def test_the_report_text_conflict_page_passes_axe(axe_page, world):
    """The 409 page of the report's text column: someone else saved a row the user changed."""
    page = axe_page
    log_in(page, world.emails["enhetschef"])
    page.goto("/reports?node={unit}&year={year}".format(**world.ids))
    box = page.get_by_label("Bedömning för Beröm", exact=True)
    basis = page.locator(f"#{box.get_attribute('id').replace('note_', 'basis_')}")
    basis.evaluate("input => input.value = '0000000000000000.' + input.value.split('.')[1]")
    box.fill("Beröm lyfts på APT.")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Spara bedömning och planerade åtgärder").click()
    assert answer.value.status == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("Texterna har ändrats av någon annan")
    assert violations(page) == [], "\n".join(violations(page))


def test_every_error_page_passes_axe(axe_page, live_app, live_server):
    """Each templates/errors/<code>.html, rendered as the error handler renders it (signed
    out; 500 bare) and served at an address of the app, so its stylesheet loads as usual."""
    page = axe_page
    with live_app.test_request_context():
        rendered = {code: render_template(f"errors/{code}.html", bare=code == 500)
                    for code in error_pages(live_app)}
    assert {403, 404, 500} <= rendered.keys()
    results = {}
    for code, html in rendered.items():
        page.route(f"{live_server}/felsida-{code}", _serve(html))
        page.goto(f"/felsida-{code}")
        results[f"errors/{code}.html"] = violations(page)
    assert not any(results.values()), f"axe violations:\n{failures(results)}"


def _serve(html: str):
    return lambda route: route.fulfill(body=html, content_type="text/html")


# Landmarks, the skip link and the focus ring, by keyboard ------------------------------------

def test_every_page_has_the_same_landmarks(axe_page, world):
    page = axe_page
    page.goto("/login")
    for landmark in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(landmark)).to_have_count(1)
    log_in(page, world.emails["enhetschef"])
    for path in ("/", "/cases", f"/cases/{world.ids['complaint_in_progress']}", "/reports"):
        page.goto(path)
        for landmark in ("banner", "main", "contentinfo"):
            expect(page.get_by_role(landmark)).to_have_count(1)
        nav = page.get_by_role("banner").get_by_role("navigation", name="Huvudmeny")
        expect(nav.get_by_role("link", name="Ärenden")).to_be_visible()
        expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_count(1)


@pytest.mark.parametrize("role, path", [
    (None, "/login"),
    ("bitradande_enhetschef", "/"),
    ("bitradande_enhetschef", "/cases/{complaint_in_progress}"),
    ("enhetschef", "/reports?node={unit}&year={year}"),
])
def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(axe_page, world, role,
                                                                         path):
    page = axe_page
    if role:
        log_in(page, world.emails[role])
    page.goto(path.format(**world.ids))
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).not_to_be_in_viewport()  # out of sight until focused

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        "Tab after the skip link left the main content")


@pytest.mark.parametrize("role, path", [
    (None, "/login"),
    ("planerare", "/cases/new"),
    ("bitradande_enhetschef", "/"),
    ("bitradande_enhetschef", "/cases?typ=klagomal"),
    ("bitradande_enhetschef", "/cases/{complaint_in_progress}"),
    ("bitradande_enhetschef", "/apt/{unit}"),
    ("enhetschef", "/reports?node={unit}&year={year}"),
])
def test_every_tab_stop_shows_a_focus_ring_with_enough_contrast(axe_page, world, role, path):
    """Tab through the page: each stop shows a ring at least 2px wide whose contrast with the
    background around it is at least 3:1."""
    page = axe_page
    if role:
        log_in(page, world.emails[role])
    page.goto(path.format(**world.ids))
    page.locator("body").focus()
    weak = []
    for _ in range(200):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING.read_text())
        if ring["seen"] or ring["body"]:
            break
        if not ring["visible"] or ring["best"] < 3:
            weak.append(f"{ring['best']:.2f}:1 {ring['element']}")
    else:
        raise AssertionError("Tab did not come back round in 200 presses")
    assert not weak, "focus rings missing or too faint:\n" + "\n".join(weak)


def test_a_resident_sends_the_public_form_by_keyboard_at_phone_width(axe_page, world):
    """Issue 15.1: every field reached by Tab in order (the honeypot never), the form sent with
    Enter, and the receipt passes axe at 390 px without scrolling sideways."""
    page = axe_page
    page.set_viewport_size(PHONE)
    page.goto("/lamna-synpunkt?lang=en")
    assert violations(page) + layout_problems(page, "phone") == []
    page.get_by_role("link", name="På svenska").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lämna synpunkter, klagomål eller beröm")
    page.get_by_label("Vilken enhet gäller det?").focus()
    page.keyboard.type("hemtjänst tallkrogen")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ett klagomål")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox").first).to_be_focused()
    page.keyboard.press("Space")
    page.get_by_label("Berätta vad det gäller").focus()
    page.keyboard.type("Ingen kom på morgonen i går.")
    page.get_by_label("Jag vill vara anonym").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Bilder eller dokument (frivilligt)")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skicka")).to_be_focused()  # not the honeypot
    page.wait_for_timeout(3000)  # PUBLIC_FORM_MIN_SECONDS
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tack! Vi har tagit emot det du skrev")
    expect(page.locator(".case-number")).to_have_text(re.compile(r"^\d{4}-\d{4}$"))
    assert "/kvitto" in page.url and re.search(r"\d{4}-\d{4}", page.url) is None
    assert violations(page) + layout_problems(page, "phone") == []
