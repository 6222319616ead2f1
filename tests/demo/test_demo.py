"""``casework demo``: a demo district with one user per role and realistic cases."""
from collections import Counter

import sqlalchemy as sa

from casework.auth.models import Role, User
from casework.auth.passwords import password_problems, verify_password
from casework.cases.models import Case, CaseCategory, CaseType
from casework.core.extensions import db
from casework.demo.generator import DEMO_PASSWORD, FORVALTNING, generate
from casework.organisation.models import NodeKind, OrgNode


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_creates_users_who_can_log_in_and_the_cases_asked_for(cli, app_ctx):
    result = cli.invoke(args=["demo", "--cases", "400"])
    assert result.exit_code == 0, result.output
    assert f"password for every demo user: {DEMO_PASSWORD}" in result.output
    users = db.session.scalars(sa.select(User)).all()
    printed = {line.split(" ", 1)[0] for line in result.output.splitlines()}
    listed = [u for u in users if u.email in printed]
    assert sorted(role for u in listed for role in u.roles()) == sorted(Role)
    # The other eleven enheter have a deputy manager and a manager each.
    staff = [u for u in users if u not in listed]
    assert sorted(role for u in staff for role in u.roles()) == sorted(
        [Role.BITRADANDE_ENHETSCHEF, Role.ENHETSCHEF] * 11)
    assert "22 users, e.g. bitradande_enhetschef.hae-tre@demo.casework.se" in result.output
    assert all(verify_password(u.password_hash, DEMO_PASSWORD) for u in users)
    assert not password_problems(DEMO_PASSWORD, email="planerare@demo.casework.se")
    assert count(Case) == 400
    assert "frozen tertial tables" in result.output
    units = db.session.scalars(sa.select(OrgNode.name).where(OrgNode.kind == NodeKind.ENHET)).all()
    assert {"Aspudden hemtjänst", "Beställarenhet 2"} <= set(units) and len(units) == 12


def test_running_demo_twice_does_not_duplicate(cli, app_ctx):
    assert cli.invoke(args=["demo", "--cases", "50"]).exit_code == 0
    again = cli.invoke(args=["demo", "--cases", "50"])
    assert again.exit_code == 0 and "already present" in again.output
    assert "planerare@demo.casework.se" in again.output and DEMO_PASSWORD in again.output
    assert count(Case) == 50 and count(User) == len(Role) + 22


def test_demo_is_refused_in_production(cli, app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = cli.invoke(args=["demo", "--cases", "10"])
    assert result.exit_code == 1 and "never created in production" in result.output
    assert count(OrgNode) == 0


def test_cases_look_like_the_seed_reports(app, app_ctx):
    generate(2000, seed=5)
    by_type = sa.select(Case.type, sa.func.count()).group_by(Case.type)
    types = Counter(dict(db.session.execute(by_type).all()))
    complaints = types[CaseType.KLAGOMAL] + types[CaseType.SYNPUNKT] + types[CaseType.BEROM]
    assert complaints > 1500 and types[CaseType.AVVIKELSE] > types[CaseType.LEX_SARAH]
    assert 0 < types[CaseType.LEX_SARAH] < 150 and types[CaseType.LEX_MARIA] < 60
    anonymous = db.session.scalar(sa.select(sa.func.count()).where(Case.anonymous))
    assert 0.05 < anonymous / complaints < 0.15
    catalogue = app.extensions["casework.catalogue"]
    year = sa.extract("year", Case.received_on)
    used = db.session.execute(
        sa.select(year, Case.type, CaseCategory.category).join(CaseCategory).distinct()
    )
    for received_year, case_type, category in used:
        choices = catalogue.category_choices(int(received_year), case_type.value)
        offered = {key for key, _ in choices}
        assert category in offered, (received_year, case_type, category)


def test_same_seed_same_cases(app_ctx):
    def generated(seed):
        savepoint = db.session.begin_nested()
        generate(150, seed=seed)
        rows = db.session.execute(
            sa.select(Case.number, Case.type, Case.received_on, Case.source, Case.description,
                      Case.status, Case.feedback_on, Case.first_action_on, Case.closed_on,
                      Case.due_on)
            .order_by(Case.number)
        ).all()
        savepoint.rollback()
        db.session.expunge_all()  # nodes reloaded inside the savepoint are gone with it
        return rows

    assert generated(7) == generated(7) != generated(8)


def test_units_option_spreads_enheter_over_omraden(app_ctx):
    result = generate(60, units=50)
    assert result.units == 50 and result.omraden == 6
    root = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == FORVALTNING[0]))
    enheter = db.session.scalar(sa.select(sa.func.count()).where(
        OrgNode.kind == NodeKind.ENHET, OrgNode.path.startswith(root.path)))
    assert enheter == 50 and count(Case) == 60
