"""``casework demo``: fill an empty development database with a demo district."""
import time

import click

from casework.auth.models import Role
from casework.core.cli import progress_bar
from casework.core.extensions import db
from casework.demo.generator import (
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    FORVALTNING,
    generate,
    staff_email,
    unit_plan,
)


@click.command("demo")
@click.option("--cases", default=2000, show_default=True, type=click.IntRange(min=0),
              help="How many cases to generate.")
@click.option("--units", type=click.IntRange(min=1),
              help="How many enheter to create (default: the twelve of the seeds).")
@click.option("--seed", default=1, show_default=True, help="Same seed, same cases.")
def demo_command(cases: int, units: int | None, seed: int) -> None:
    """Create a demo district, one user per role and realistic cases (not in production)."""
    from casework.core.cli import domain_errors

    started = time.perf_counter()
    with domain_errors(), progress_bar(cases, "generating cases") as progress:
        result = generate(cases, units, seed, progress=progress)
    if not result.created:
        code, name = FORVALTNING
        click.echo(f"demo data already present ({name}, {code}); nothing written")
        click.echo(f"sign in as <role>@{EMAIL_DOMAIN} (e.g. planerare@{EMAIL_DOMAIN}), "
                   f"password {DEMO_PASSWORD}")
        return
    db.session.commit()
    click.echo(f"created {FORVALTNING[1]} ({FORVALTNING[0]}): {result.omraden} områden, "
               f"{result.units} enheter, {result.cases} cases, {result.snapshots} frozen "
               f"tertial tables in {time.perf_counter() - started:.1f} s")
    width = max(len(email) for email, _, _ in result.users) + 2
    click.echo(f"{'e-mail':<{width}}{'role':<24}covers")
    for email, role, node in result.users:
        click.echo(f"{email:<{width}}{role.label:<24}{node}")
    if result.staff:
        example = staff_email(Role.BITRADANDE_ENHETSCHEF, unit_plan(None)[1][2])
        click.echo(f"the other enheter have their own managers ({result.staff} users, e.g. "
                   f"{example})")
    click.echo(f"password for every demo user: {result.password}")
    click.echo("the admin must set up a second factor (an authenticator app, TOTP) at first "
               "sign-in, as admins must in production")

