"""``casework units add``: the organisation tree from the command line."""
import sqlalchemy as sa

from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode


def node(code: str) -> OrgNode | None:
    return db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code))


def test_builds_a_tree_with_materialised_paths(cli, app_ctx):
    for args in (
        ["HAE", "--name", "Hägersten-Älvsjö", "--kind", "forvaltning"],
        ["ALD", "--name", "Äldreomsorg", "--kind", "avdelning", "--parent", "HAE"],
        ["ASP", "--name", "Aspudden hemtjänst", "--kind", "enhet", "--parent", "ALD"],
    ):
        result = cli.invoke(args=["units", "add", *args])
        assert result.exit_code == 0, result.output
    root, unit = node("HAE"), node("ASP")
    assert unit.kind is NodeKind.ENHET and unit.parent.code == "ALD"
    assert unit.path.startswith(root.path) and unit.path == f"{node('ALD').path}{unit.id}/"


def test_unknown_kind_names_the_value_and_the_accepted_ones(cli, app_ctx):
    result = cli.invoke(args=["units", "add", "X1", "--name", "X", "--kind", "team"])
    assert result.exit_code == 1
    assert "unknown kind 'team'; accepted: forvaltning, avdelning, omrade, enhet" in result.output
    assert node("X1") is None


def test_unknown_parent_and_duplicate_code_are_refused(cli, app_ctx):
    result = cli.invoke(args=["units", "add", "E1", "--name", "E", "--kind", "enhet",
                              "--parent", "NOPE"])
    assert result.exit_code == 1 and "unknown unit 'NOPE'" in result.output
    assert cli.invoke(args=["units", "add", "F1", "--name", "F", "--kind", "forvaltning"]).exit_code == 0
    again = cli.invoke(args=["units", "add", "F1", "--name", "F", "--kind", "forvaltning"])
    assert again.exit_code == 1 and "Koden F1 används redan" in again.output


def test_a_child_must_rank_below_its_parent(cli, app_ctx):
    assert cli.invoke(args=["units", "add", "E2", "--name", "E", "--kind", "enhet"]).exit_code == 0
    result = cli.invoke(args=["units", "add", "O2", "--name", "O", "--kind", "omrade",
                              "--parent", "E2"])
    assert result.exit_code == 1 and "kan inte ligga under en enhet" in result.output
    assert node("O2") is None


def test_list_rename_move_close_and_reopen(cli, app_ctx):
    for args in (["F", "--name", "Förvaltningen", "--kind", "forvaltning"],
                 ["O1", "--name", "Område 1", "--kind", "omrade", "--parent", "F"],
                 ["O2", "--name", "Område 2", "--kind", "omrade", "--parent", "F"],
                 ["ASP", "--name", "Aspudden", "--kind", "enhet", "--parent", "O1"]):
        assert cli.invoke(args=["units", "add", *args]).exit_code == 0
    for args, said in ((["rename", "ASP", "--name", "Aspudden hemtjänst"],
                        "renamed ASP to Aspudden hemtjänst"),
                       (["move", "ASP", "--parent", "O2"], "moved ASP under O2"),
                       (["close", "ASP"], "closed ASP")):
        result = cli.invoke(args=["units", *args])
        assert (result.exit_code, result.output.strip()) == (0, said)
    listed = cli.invoke(args=["units", "list"])
    assert listed.output.splitlines()[:4] == [
        "F forvaltning Förvaltningen",
        "  O1 omrade Område 1",
        "  O2 omrade Område 2",
        f"    ASP enhet Aspudden hemtjänst [stängd {node('ASP').closed_on.isoformat()}]",
    ]
    assert node("ASP").path == f"{node('O2').path}{node('ASP').id}/"
    assert cli.invoke(args=["units", "reopen", "ASP"]).output.strip() == "reopened ASP"
    assert "[stängd" not in cli.invoke(args=["units", "list"]).output


def test_a_move_under_its_own_child_is_refused_with_the_reason(cli, app_ctx):
    for args in (["F", "--name", "Förvaltningen", "--kind", "forvaltning"],
                 ["O1", "--name", "Område 1", "--kind", "omrade", "--parent", "F"],
                 ["ASP", "--name", "Aspudden", "--kind", "enhet", "--parent", "O1"]):
        cli.invoke(args=["units", "add", *args])
    result = cli.invoke(args=["units", "move", "O1", "--parent", "ASP"])
    assert result.exit_code == 1
    assert "Område 1 kan inte flyttas till sig själv eller till en del under sig" in result.output
    assert node("ASP").parent.code == "O1"


def test_responsible_sets_and_unsets_by_email(cli, app_ctx):
    from tests import factories

    unit = factories.node("enhet", "Aspudden", code="ASP")
    deputy = factories.user("bitradande_enhetschef", unit, email="bea@stad.example")
    chief = factories.user("enhetschef", unit, email="chef@stad.example")
    factories.user("planerare", unit, email="pia@stad.example")
    db.session.commit()
    result = cli.invoke(args=["units", "responsible", "ASP", "--handler", "bea@stad.example",
                              "--manager", "chef@stad.example"])
    assert result.exit_code == 0, result.output
    assert (node("ASP").responsible_handler_id, node("ASP").escalation_manager_id) == (
        deputy.id, chief.id)
    refused = cli.invoke(args=["units", "responsible", "ASP", "--manager", "pia@stad.example"])
    assert refused.exit_code == 1 and "Välj en aktiv enhetschef för enheten." in refused.output
    assert cli.invoke(args=["units", "responsible", "ASP", "--handler", ""]).exit_code == 0
    assert (node("ASP").responsible_handler_id, node("ASP").escalation_manager_id) == (
        None, chief.id)
