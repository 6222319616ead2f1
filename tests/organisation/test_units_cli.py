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
