"""``casework units``: the organisation tree from the command line, through the services the
admin pages call. ``casework units responsible`` is in ``casework.reminders.cli``, beside the
rule it sets."""
import click
from flask.cli import AppGroup

from casework.core.extensions import db
from casework.organisation import queries, services
from casework.organisation.models import NodeKind

units_cli = AppGroup("units", help="Manage the organisation tree.")


@units_cli.command("add")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--kind", required=True, metavar="|".join(k.value for k in NodeKind))
@click.option("--parent", "parent_code", metavar="CODE", help="Code of the parent node.")
def add_unit(code: str, name: str, kind: str, parent_code: str | None) -> None:
    """Add an organisation node (förvaltning, avdelning, område or enhet)."""
    from casework.core.cli import domain_errors

    with domain_errors():
        node = services.add_node(code, name, kind, parent_code)
    db.session.commit()
    click.echo(f"added {node.kind.value} {node.code} ({node.name})")


@units_cli.command("list")
def list_units() -> None:
    """Print the tree, indented, each node as CODE kind name; closed enheter are marked."""
    def show(branches, depth: int) -> None:
        for branch in branches:
            node = branch.node
            closed = f" [stängd {node.closed_on.isoformat()}]" if node.closed else ""
            click.echo(f"{'  ' * depth}{node.code} {node.kind.value} {node.name}{closed}")
            show(branch.children, depth + 1)

    show(queries.subtrees(["/"]), 0)


@units_cli.command("rename")
@click.argument("code")
@click.option("--name", required=True)
def rename_unit(code: str, name: str) -> None:
    """Give a node a new name; its code, place and cases stay."""
    _change(code, lambda node: services.rename_node(node, name), "renamed {node.code} to {node.name}")


@units_cli.command("move")
@click.argument("code")
@click.option("--parent", "parent_code", required=True, metavar="CODE")
def move_unit(code: str, parent_code: str) -> None:
    """Move a node, with everything under it, under another; an enhet keeps its cases."""
    _change(code, lambda node: services.move_node(node, services.node_by_code(parent_code)),
            "moved {node.code} under {node.parent.code}")


@units_cli.command("close")
@click.argument("code")
def close_unit(code: str) -> None:
    """Close an enhet: no new cases; its cases stay readable, handleable and reportable."""
    _change(code, services.close_unit, "closed {node.code}")


@units_cli.command("reopen")
@click.argument("code")
def reopen_unit(code: str) -> None:
    """Open a closed enhet again."""
    _change(code, services.reopen_unit, "reopened {node.code}")


def _change(code: str, change, done: str) -> None:
    """Apply ``change`` to the node ``code`` and commit, or say why not (exit code 1)."""
    from casework.core.cli import domain_errors

    with domain_errors():
        node = change(services.node_by_code(code))
    db.session.commit()
    click.echo(done.format(node=node))
