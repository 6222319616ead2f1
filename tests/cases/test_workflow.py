"""The workflows as data: loading and validating config/workflows.toml, and what they allow."""
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from casework.cases.models import Case, CaseType
from casework.cases.workflow import (
    WorkflowError,
    allowed,
    held_back,
    load_workflows,
    refusal,
    status_label,
    transition,
    workflow_for,
)
from casework.core.errors import DomainError
from casework.legal import terms
from config.settings import CONFIG_DIR

SHIPPED = (Path(CONFIG_DIR) / "workflows.toml").read_text()


@pytest.fixture
def shipped():
    """An app context holding only the shipped workflows (no database needed)."""
    app = Flask(__name__)
    app.extensions["casework.workflows"] = load_workflows(Path(CONFIG_DIR))
    app.extensions[terms.EXTENSION] = terms.load_legal_terms(Path(CONFIG_DIR))
    with app.app_context():
        yield


def case(type="klagomal", status="ny", **fields):
    values = dict(anonymous=False, feedback_on=None, apt_pending=False) | fields
    return Case(type=CaseType(type), status=status, **values)


def write(tmp_path, text) -> Path:
    (tmp_path / "workflows.toml").write_text(text)
    return tmp_path


def test_the_app_loads_the_shipped_workflows_at_start_up(app):
    loaded = app.extensions["casework.workflows"]
    assert set(loaded.by_type) == set(CaseType)
    assert list(loaded.statuses) == ["ny", "pagaende", "skyddsatgarder", "utreds", "bedomd",
                                     "anmald_ivo", "ivo_beslut", "avslutad", "atertaget"]
    assert set(app.extensions[terms.EXTENSION]) == {
        "lex_sarah", "lex_maria", "personuppgiftsincident"}


@pytest.mark.parametrize("old, new, message", [
    ('to = "avslutad"', 'to = "stangd"',
     "workflow 'handlaggning', action 'close': unknown status 'stangd'"),
    ('from = ["ny", "pagaende"], to', 'from = ["ny", "vilande"], to', "unknown status 'vilande'"),
    ('action = "add_action"', 'action = "add_note"',
     "workflow 'handlaggning': unknown action 'add_note'"),
    ('guards = ["summary_given"]', 'guards = ["summary"]',
     "action 'close': unknown guard 'summary'"),
    ('lex_maria = "lex_maria"\n', "", "[types] case type lex_maria has no workflow"),
    ('berom = "berom"', 'berom = "tack"', "[types] 'berom': unknown workflow 'tack'"),
    ('berom = "berom"', 'berom = "berom"\nklagomaal = "berom"', "unknown case type 'klagomaal'"),
    ('{ action = "reopen",', '{ action = "reopen", when = "alltid",', "unknown field when"),
    ('{ action = "reopen", from = ["avslutad"]', '{ action = "reopen"', "missing field from"),
    ('{ action = "reopen", from = ["avslutad"], to = "pagaende" },\n]',
     '{ action = "reopen", from = ["avslutad"], to = "pagaende" },\n'
     '  { action = "reopen", from = ["avslutad"], to = "ny" },\n]',
     "action 'reopen': listed twice for status 'avslutad'"),
    ('ny = "Ny"\n', "", "[statuses] lacks 'ny'"),
    ('atertaget = "Återtaget"\n', "", "[statuses] lacks 'atertaget'"),
    ('ny = "Ny"', 'ny = ""', "[statuses] 'ny': the label must be a non-empty string"),
    ("[types]", "[typer]", "unknown field typer"),
    ("[statuses]", "[statuses", "invalid TOML"),
])
def test_a_broken_file_stops_loading_naming_the_fault(tmp_path, old, new, message):
    assert old in SHIPPED
    with pytest.raises(WorkflowError) as raised:
        load_workflows(write(tmp_path, SHIPPED.replace(old, new, 1)))
    assert message in str(raised.value)
    assert "workflows.toml" in str(raised.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(WorkflowError, match="workflows.toml: cannot read"):
        load_workflows(tmp_path)


def test_handling_steps_start_the_work(shipped):
    for action in ("assign", "add_action", "record_feedback"):
        assert transition(case(), action) == "pagaende"
        assert transition(case(status="pagaende"), action) == "pagaende"
    assert transition(case(), "mark_for_apt") == "ny"


def test_a_complaint_is_closed_only_after_aterkoppling_unless_anonymous(shipped):
    working = case(status="pagaende")
    assert not allowed(working, "close")
    assert held_back(working, "close").startswith("Återkoppling sker alltid")
    with pytest.raises(DomainError, match="Återkoppling sker alltid"):
        transition(working, "close", summary="Klart.")

    answered = case(status="pagaende", feedback_on=date(2025, 3, 5))
    assert allowed(answered, "close") and held_back(answered, "close") is None
    assert transition(answered, "close", summary="Klart.") == "avslutad"
    anonymous = case("avvikelse", "pagaende", anonymous=True)
    assert transition(anonymous, "close", summary="x") == "avslutad"


def test_closing_needs_a_summary(shipped):
    with pytest.raises(DomainError, match="Skriv en sammanfattning"):
        transition(case(status="pagaende", feedback_on=date(2025, 3, 5)), "close", summary="  ")


def test_praise_can_be_closed_at_once_but_takes_no_actions(shipped):
    assert transition(case("berom"), "close", summary="Tack framförd.") == "avslutad"
    assert refusal(case("berom"), "add_action") == (
        "För ärendetypen Beröm går det inte att lägga till en åtgärd."
    )


def test_an_illegal_transition_is_refused_in_swedish(shipped):
    closed = case(status="avslutad", feedback_on=date(2025, 3, 5))
    with pytest.raises(DomainError) as raised:
        transition(closed, "close", summary="Igen.")
    assert str(raised.value) == "Ärendet har status Avslutad: det går inte att avsluta ärendet."
    assert not allowed(closed, "add_action") and not allowed(case(), "reopen")
    assert transition(closed, "reopen") == "pagaende"


def test_apt_marks_are_guarded_in_every_status(shipped):
    for status in ("ny", "pagaende", "avslutad"):
        assert allowed(case(status=status), "mark_for_apt")
        assert not allowed(case(status=status), "record_apt")
        assert refusal(case(status=status, apt_pending=True), "mark_for_apt") == (
            "Ärendet är redan markerat för nästa APT."
        )


def test_status_labels_and_the_generic_workflow(shipped):
    assert [status_label(s) for s in ("ny", "pagaende", "avslutad", "okand")] == [
        "Ny", "Pågående", "Avslutad", "okand",
    ]
    names = [workflow_for(t).name for t in ("lex_sarah", "lex_maria", "personuppgiftsincident")]
    assert names == ["lex_sarah", "lex_maria", "personuppgiftsincident"]
