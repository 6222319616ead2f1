import click
from flask.cli import AppGroup

from casework.core.extensions import db
from casework.organisation import services
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
