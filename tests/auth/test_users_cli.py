"""``casework users add``: password from standard input, weak ones refused, bad values named."""
import pytest
import sqlalchemy as sa

from casework.auth.models import Role, User
from casework.auth.passwords import verify_password
from casework.core.extensions import db
from casework.organisation.services import add_node

GOOD = "korrekt-häst-batteri-57"


def setup_unit():
    add_node("ASP", "Aspudden hemtjänst", "enhet")
    db.session.commit()


def user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_adds_a_user_with_a_role_over_a_unit(cli, app_ctx):
    setup_unit()
    result = cli.invoke(args=["users", "add", "Anna.Planerare@Example.se", "--name", "Anna P",
                              "--role", "planerare", "--unit", "ASP"], input=GOOD + "\n")
    assert result.exit_code == 0, result.output
    anna = user("anna.planerare@example.se")
    assert verify_password(anna.password_hash, GOOD)
    assert anna.password_hash.startswith("$argon2")
    assert [(g.role, g.node.code) for g in anna.grants] == [(Role.PLANERARE, "ASP")]


def test_email_is_unique_whatever_its_case(cli, app_ctx):
    setup_unit()
    args = ["--name", "A", "--role", "planerare", "--unit", "ASP"]
    assert cli.invoke(args=["users", "add", "a@example.se", *args], input=GOOD).exit_code == 0
    again = cli.invoke(args=["users", "add", "A@EXAMPLE.SE", *args], input=GOOD)
    assert again.exit_code == 1 and "already exists" in again.output


def test_weak_passwords_are_refused(cli, app_ctx):
    setup_unit()
    args = ["users", "add", "b@example.se", "--name", "B", "--role", "mas", "--unit", "ASP"]
    short = cli.invoke(args=args, input="kort\n")
    assert short.exit_code == 1 and "minst 12 tecken" in short.output
    common = cli.invoke(args=args, input="password1234\n")
    assert common.exit_code == 1 and "för vanligt" in common.output
    assert user("b@example.se") is None


@pytest.mark.parametrize("password, message", [
    ("123456789012", "bokstäver eller siffror i följd"),
    ("abcdefghijkl", "bokstäver eller siffror i följd"),
    ("qwertyuiopå1", "tangenter i rad"),
    ("abcabcabcabc", "upprepningar"),
    ("berit.berg1987", "din e-postadress eller ditt namn"),
])
def test_predictable_passwords_are_refused_by_add_and_set_password(cli, app_ctx, password,
                                                                   message):
    setup_unit()
    args = ["users", "add", "berit.berg@example.se", "--name", "Berit Berg", "--role", "mas",
            "--unit", "ASP"]
    refused = cli.invoke(args=args, input=password + "\n")
    assert refused.exit_code == 1 and message in refused.output
    assert user("berit.berg@example.se") is None

    assert cli.invoke(args=args, input=GOOD + "\n").exit_code == 0
    again = cli.invoke(args=["users", "set-password", "berit.berg@example.se"],
                       input=password + "\n")
    assert again.exit_code == 1 and message in again.output
    assert verify_password(user("berit.berg@example.se").password_hash, GOOD)


def test_unknown_role_and_unit_are_named_with_the_accepted_values(cli, app_ctx):
    setup_unit()
    bad_role = cli.invoke(args=["users", "add", "c@example.se", "--name", "C", "--role", "chef",
                                "--unit", "ASP"], input=GOOD)
    assert bad_role.exit_code == 1
    assert "unknown role 'chef'; accepted: medarbetare, planerare, bitradande_enhetschef" in (
        bad_role.output)
    bad_unit = cli.invoke(args=["users", "add", "c@example.se", "--name", "C", "--role", "mas",
                                "--unit", "NOPE"], input=GOOD)
    assert bad_unit.exit_code == 1 and "unknown unit 'NOPE'; accepted: ASP" in bad_unit.output
    assert user("c@example.se") is None


def test_invite_grant_revoke_deactivate_and_reactivate_call_the_admin_services(cli, app_ctx,
                                                                              smtp):
    from casework.trail.models import AuditEvent

    setup_unit()
    add_node("BRG", "Bredäng hemtjänst", "enhet")
    db.session.commit()
    invited = cli.invoke(args=["users", "invite", "Nils@Example.se", "--name", "Nils N",
                               "--role", "planerare", "--unit", "ASP"])
    assert invited.exit_code == 0, invited.output
    (message,) = smtp.messages
    assert message["To"] == "nils@example.se" and "/losenord/" in message.get_content()

    assert cli.invoke(args=["users", "grant", "nils@example.se", "--role",
                            "bitradande_enhetschef", "--unit", "BRG"]).exit_code == 0
    revoked = cli.invoke(args=["users", "revoke", "nils@example.se", "--role", "planerare",
                               "--unit", "ASP"])
    assert revoked.exit_code == 0, revoked.output
    last = cli.invoke(args=["users", "revoke", "nils@example.se", "--role",
                            "bitradande_enhetschef", "--unit", "BRG"])
    assert last.exit_code == 1 and "minst en behörighet" in last.output
    nils = user("nils@example.se")
    assert [(g.role, g.node.code) for g in nils.grants] == [(Role.BITRADANDE_ENHETSCHEF, "BRG")]

    assert cli.invoke(args=["users", "deactivate", "nils@example.se"]).exit_code == 0
    assert not user("nils@example.se").active
    assert cli.invoke(args=["users", "reactivate", "nils@example.se"]).exit_code == 0
    assert user("nils@example.se").active
    actions = list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.startswith("user_")).order_by(AuditEvent.id)))
    assert actions == ["user_create", "user_grants", "user_grants", "user_deactivate",
                       "user_reactivate"]
