"""Every step of every case type's workflow, taken over HTTP on the real server, as the roles
take them: the planner and the care worker register, the deputy manager handles, the enhetschef
signs the lex Sarah assessment, the MAS handles lex Maria. A step the workflows define that no
walk takes fails the test, and so does any answer of 5xx."""
from datetime import timedelta

import pytest

from casework.cases.models import CaseType
from tests.e2e.site import PEOPLE
from tests.e2e.walk import Walk, defined_steps

pytestmark = pytest.mark.e2e

#: Steps this walk cannot reach: declining a reopen request needs a follow-up question answered
#: "Nej" with a comment, through the link a real SMTP server received (tests/e2e/
#: test_follow_up.py walks it for klagomål); synpunkter and avvikelser, which share the
#: klagomål's workflow, never get the question.
WALKED_ELSEWHERE = {(t, "decline_reopen") for t in
                    (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.AVVIKELSE)}


def first_choice(walk: Walk, who: str, path: str, field: str) -> str:
    """The first real option an intake form offers for ``field``."""
    form = next(f for f in walk.as_(who).get(path).forms if "type" in f.names)
    return next(value for value, _ in form.names[form.name_of(field)] if value)


def register_all(walk: Walk) -> None:
    """Each role files what it files, on its own page."""
    category = first_choice(walk, "planner", "/cases/new", "categories")
    source = first_choice(walk, "planner", "/cases/new", "source")
    complaint = {"source": source, "categories": [category]}
    walk.register("klagomal", "planner", "/cases/new", complaint | {
        "type": "klagomal", "description": "Hemtjänsten kom inte på söndagen."})
    walk.register("synpunkt", "planner", "/cases/new", complaint | {
        "type": "synpunkt", "description": "Maten kunde vara varmare."})
    walk.register("berom", "planner", "/cases/new", {
        "type": "berom", "description": "Tack för det fina bemötandet."})

    today = walk.site.local_now().date().isoformat()
    deviation = first_choice(walk, "staff", "/cases/report", "categories")
    walk.register("avvikelse", "staff", "/cases/report", {
        "type": "avvikelse", "description": "Medicinen gavs en timme för sent.",
        "occurred_on": today, "identified_by": "medarbetare", "concerns": "egen_verksamhet",
        "categories": [deviation], "immediate_measures": "Sjuksköterskan kontaktades."})
    walk.register("lex_sarah", "staff", "/cases/report", {
        "type": "lex_sarah", "description": "Brukaren lämnades ensam utan larm.",
        "occurred_on": today, "immediate_measures": "Larmet lagades samma kväll."})

    walk.register("lex_maria", "mas", "/cases/legal/new", {
        "type": "lex_maria", "description": "Fel dos insulin gavs på kvällen."})
    discovered = walk.site.local_now() - timedelta(hours=4)
    walk.register("incident", "chief", "/cases/legal/new", {
        "type": "personuppgiftsincident", "discovered_at": discovered.isoformat(timespec="minutes"),
        "description": "En genomförandeplan skickades till fel närstående."})


def handle(walk: Walk, name: str, *, escalate: bool) -> None:
    """The deputy's handling of a klagomål, synpunkt or avvikelse up to återkoppling."""
    walk.step(name, "assign", handler_id=PEOPLE["deputy"].name)
    walk.step(name, "add_action", description="Ringde och gick igenom schemat med brukaren.")
    walk.step(name, "record_feedback", method="Telefon", recipient="Brukaren",
              content="Vi har lagt in besöket igen och ringer före nästa ändring.")
    if escalate:
        walk.step(name, "escalate_lex_sarah")


def close_and_reopen(walk: Walk, name: str, who: str = "deputy", **values) -> None:
    walk.step(name, "close", who, summary="Schemat kontrolleras nu varje fredag.", **values)
    walk.step(name, "reopen", who)


def walk_lex_sarah(walk: Walk, today: str) -> None:
    """The rapport, protection, utredning, the enhetschef's signed assessment, IVO, closing."""
    walk.step("lex_sarah", "assign")
    walk.step("lex_sarah", "record_protection", measures="Larmet lagades samma kväll.")
    walk.step("lex_sarah", "record_feedback", method="Möte", recipient="Mats Medarbetare",
              content="Utredningen pågår; skyddsåtgärderna gäller tills vidare.")
    walk.step("lex_sarah", "record_investigation", what_happened="Larmet var urkopplat.")
    walk.step("lex_sarah", "record_investigation",
              why="Ingen kontrollerade larmet vid överlämningen.",
              prevention="Larmet kontrolleras vid varje besök.",
              measures="Ny checklista för överlämningar.", finished_on=today)
    walk.step("lex_sarah", "add_action", description="Checklistan är införd.")
    # The deputy prepares; the enhetschef signs.
    page = walk.as_("deputy").get(walk.cases["lex_sarah"].path)
    assert not page.has_step("assess") and "Bedömningen signeras av enhetschefen." in page.text
    walk.step("lex_sarah", "assess", who="chief", assessment="allvarligt")
    walk.step("lex_sarah", "notify_ivo", reference="3.5.1-4711/2026",
              documents="Anmälan och utredningen.")
    walk.step("lex_sarah", "record_ivo_decision", decision="IVO avslutar ärendet med kritik.")
    walk.step("lex_sarah", "mark_for_apt")
    walk.step("lex_sarah", "record_apt")
    close_and_reopen(walk, "lex_sarah", lessons="Överlämningar behöver en checklista.")


def walk_escalated_sarah(walk: Walk, name: str, today: str) -> None:
    """An escalated case judged not serious closes from its assessment, without IVO."""
    walk.step(name, "record_protection", measures="Rutinen för medicinering skärptes.")
    walk.step(name, "record_investigation", what_happened="Medicinen gavs sent.",
              why="Schemat var fel.", prevention="Schemat granskas.", finished_on=today)
    walk.step(name, "assess", who="chief", assessment="missforhallande")
    walk.step(name, "close", summary="Schemat granskas varje vecka.",
              lessons="Schemaändringar behöver kontrolleras.")


def walk_lex_maria(walk: Walk, today: str) -> None:
    """The MAS's: assessment of allvarlig vårdskada, anmälan, investigation, closing."""
    walk.step("lex_maria", "assign", who="mas", handler_id=PEOPLE["mas"].name)
    walk.step("lex_maria", "assess", who="mas", assessment="allvarlig_vardskada")
    walk.step("lex_maria", "notify_ivo", who="mas", documents="Anmälan och händelseanalysen.")
    walk.step("lex_maria", "record_investigation", who="mas", finished_on=today,
              investigation="Händelseanalysen: fel dos på grund av otydlig ordination.")
    walk.step("lex_maria", "add_action", who="mas", description="Ordinationen förtydligades.")
    close_and_reopen(walk, "lex_maria", "mas")


def walk_incident(walk: Walk, today: str) -> None:
    """A personuppgiftsincident: documented, the IMY decision, art. 34, closed."""
    now = walk.site.local_now()
    walk.step("incident", "assign")
    walk.step("incident", "record_breach",
              discovered_at=(now - timedelta(hours=3)).isoformat(timespec="minutes"),
              what_happened="En genomförandeplan skickades till fel närstående.",
              data_categories="Hälsouppgifter om en brukare.", approx_people="1",
              approx_records="1", consequences="Obehörig fick läsa planen.",
              measures="Brevet hämtades tillbaka.")
    walk.step("incident", "decide_imy", notify="ja",
              notified_at=(now - timedelta(hours=1)).isoformat(timespec="minutes"),
              reference="IMY-2026-1")
    walk.step("incident", "inform_subjects", informed="ja", informed_on=today)
    walk.step("incident", "add_action", description="Adresslistan rättades.")
    close_and_reopen(walk, "incident")


def test_every_step_of_every_workflow_over_http(site):
    walk = Walk(site)
    today = site.local_now().date().isoformat()
    register_all(walk)

    handle(walk, "klagomal", escalate=False)
    walk.step("klagomal", "mark_for_apt")
    walk.step("klagomal", "record_apt")  # on the case page
    close_and_reopen(walk, "klagomal")
    walk.step("klagomal", "escalate_lex_sarah")  # a reopened complaint turns out worse

    handle(walk, "synpunkt", escalate=True)
    handle(walk, "avvikelse", escalate=True)
    walk.step("berom", "assign")
    walk.step("berom", "record_feedback", method="E-post", recipient="Närstående",
              content="Tack, vi har framfört berömmet till gruppen.")
    for name in ("synpunkt", "avvikelse", "berom"):
        walk.step(name, "mark_for_apt")
    walk.apt_meeting(["synpunkt", "avvikelse", "berom"])  # on /apt/<unit code>
    for name in ("synpunkt", "avvikelse", "berom"):
        close_and_reopen(walk, name)

    walk_lex_sarah(walk, today)
    walk_escalated_sarah(walk, "avvikelse-sarah", today)
    walk_lex_maria(walk, today)
    walk_incident(walk, today)

    missing = defined_steps() - walk.taken - WALKED_ELSEWHERE
    assert not missing, f"steps of config/workflows.toml no walk takes: {sorted(missing)}"
    walk.check_records()


def test_a_refused_step_changes_nothing_and_leaves_no_change_row(site):
    """A close before återkoppling, an åtgärd without text and a save from a stale page are
    refused in Swedish, keeping what was typed; none of them leaves a "change" row in the
    audit trail."""
    walk = Walk(site)
    walk.register("klagomal", "planner", "/cases/new", {
        "type": "klagomal", "description": "Ingen kom på tisdagen.", "categories": [
            first_choice(walk, "planner", "/cases/new", "categories")],
        "source": first_choice(walk, "planner", "/cases/new", "source")})
    case = walk.cases["klagomal"]
    deputy = walk.as_("deputy")
    stale = deputy.get(case.path)
    walk.step("klagomal", "assign")

    page = deputy.get(case.path)
    assert not page.has_step("close")  # not offered before återkoppling; posted anyway:
    token = page.step_form("add_action").filled({})
    posted = [(name.replace("add_action-", "close-"), value) for name, value in token
              if name.endswith(("csrf_token", "version"))]
    page = deputy.post(f"{case.path}/close", posted + [("close-summary", "Klart.")], expect=400)
    assert page.errors == [
        "Återkoppling sker alltid: registrera återkopplingen innan ärendet avslutas."]
    assert page.lead == "Status: Pågående" and "Klart." in page.text

    page = deputy.submit(page.step_form("add_action"), {"description": ""}, expect=400)
    assert "Beskriv vad som gjordes." in page.errors

    page = deputy.submit(stale.step_form("mark_for_apt"), {}, expect=409)
    assert "har ändrats av någon annan" in page.text

    walk.check_records()  # one "change" row: the assignment's
