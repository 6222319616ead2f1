"""``casework tokens``: make, list and revoke API tokens, as the admin page does (recorded with
no user in the audit trail)."""
import click
from flask.cli import AppGroup

from casework.auth import tokens
from casework.auth.models import TokenScope
from casework.core.clock import as_utc, utcnow
from casework.core.extensions import db
from casework.organisation.services import node_by_code

tokens_cli = AppGroup("tokens", help="Manage the API's bearer tokens.")


@tokens_cli.command("create")
@click.option("--name", required=True, help="What the token is for, e.g. the system's name.")
@click.option("--node", "node_code", required=True, metavar="CODE",
              help="The organisation node the token reaches, with everything below it.")
@click.option("--scope", required=True, type=click.Choice([s.value for s in TokenScope]),
              help="read: cases; write: cases, also creating them and recording åtgärder and "
                   "återkoppling; reports: the report tables and snapshots.")
@click.option("--days", type=int, help="How long it is valid (default API_TOKEN_DAYS).")
def create_token(name: str, node_code: str, scope: str, days: int | None) -> None:
    """Make a token and print it once: only its hash is kept."""
    from casework.core.cli import domain_errors

    with domain_errors():
        token, secret = tokens.create_token(None, name=name, node=node_by_code(node_code),
                                            scope=scope, days=days)
    db.session.commit()
    click.echo(secret)
    click.echo(f"token {token.id} ({scope} over {node_code}) valid until "
               f"{as_utc(token.expires_at).isoformat(timespec='minutes')}; it is not shown "
               "again", err=True)


@tokens_cli.command("list")
def list_tokens() -> None:
    """Every token: id, the start of its secret, node, scope, state, expiry, last use."""
    now = utcnow()
    for token in tokens.all_tokens():
        state = "revoked" if token.revoked_at else "valid" if tokens.usable(token, now) \
            else "expired"
        used = as_utc(token.last_used_at).isoformat(timespec="minutes") \
            if token.last_used_at else "never"
        click.echo(f"{token.id}\t{token.hint}…\t{token.node.code}\t{token.scope.value}\t"
                   f"{state}\t{as_utc(token.expires_at).isoformat(timespec='minutes')}\t"
                   f"{used}\t{token.name}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke a token at once."""
    from casework.core.cli import domain_errors

    with domain_errors():
        tokens.revoke_token(tokens.token_by_id(token_id))
    db.session.commit()
    click.echo(f"revoked token {token_id}")
