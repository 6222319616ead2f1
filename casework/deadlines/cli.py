"""``casework rules``: a district's deadline rules from the command line, through the same
services as the admin pages (``casework.deadlines.overrides``); changes are recorded with no
user, as made on the command line."""
from dataclasses import replace

import click
from flask.cli import AppGroup

from casework.core.cli import domain_errors
from casework.core.extensions import db
from casework.deadlines import deadline_rules, overrides
from casework.deadlines.overrides import RuleValues
from casework.organisation.services import node_by_code

rules_cli = AppGroup("rules", help="Show and change the deadline rules of a district.")


def _district_id(code: str) -> int:
    return overrides.district(node_by_code(code).id).id


def _reminder(rule) -> str:
    if rule.hours is not None:
        return ",".join(map(str, rule.remind_hours_before)) or "none"
    return "none" if rule.remind_working_days_before is None else str(rule.remind_working_days_before)


@rules_cli.command("list")
@click.option("--district", "code", metavar="CODE", help="A district's rules (default: the file's).")
def list_rules(code: str | None) -> None:
    """The rules: key, length, reminder, on or off, and whether the district changed it."""
    with domain_errors():
        states = (overrides.rule_states(_district_id(code)) if code else
                  [overrides.RuleState(r, r, True, False) for r in deadline_rules().rules])
    for state in states:
        rule = state.rule
        flags = ("on" if state.enabled else "off") + (" changed" if state.overridden else "")
        click.echo(f"{rule.key}\t{rule.length} {rule.length_unit}\tremind {_reminder(rule)}"
                   f"\t{flags}")


def _numbers(text: str) -> tuple[int, ...]:
    if text.strip().lower() in ("", "none"):
        return ()
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise click.BadParameter(f"{text!r}: give whole numbers separated by commas, or none",
                                 param_hint="--remind") from None


def _reminded(rule, values: RuleValues, numbers: tuple[int, ...]) -> RuleValues:
    if rule.hours is not None:
        return replace(values, remind_hours_before=numbers)
    if len(numbers) > 1:
        raise click.BadParameter("a rule in days takes one number", param_hint="--remind")
    return replace(values, remind_working_days_before=numbers[0] if numbers else None)


@rules_cli.command("set")
@click.argument("key")
@click.option("--district", "code", required=True, metavar="CODE")
@click.option("--length", type=int, help="In the rule's unit (working days, days or hours).")
@click.option("--remind", metavar="N[,N...]|none",
              help="Working days before (one number), or hours before for a rule in hours.")
@click.option("--on/--off", "enabled", default=None, help="Whether the rule is used.")
def set_rule(key: str, code: str, length: int | None, remind: str | None,
             enabled: bool | None) -> None:
    """Change a district's rule; what is not given stays as the district has it."""
    with domain_errors():
        district_id = _district_id(code)
        now = overrides.rule_state(district_id, key)
        values = now.values
        if length is not None:
            values = replace(values, length=length)
        if enabled is not None:
            values = replace(values, enabled=enabled)
        if remind is not None:
            values = _reminded(now.rule, values, _numbers(remind))
        state = overrides.set_rule(district_id, key, values, by=None)
    db.session.commit()
    click.echo(f"{key} in {code}: {state.rule.length} {state.rule.length_unit}, "
               f"remind {_reminder(state.rule)}, {'on' if state.enabled else 'off'}")


@rules_cli.command("reset")
@click.argument("key")
@click.option("--district", "code", required=True, metavar="CODE")
def reset_rule(key: str, code: str) -> None:
    """Give a district the file's values of a rule again."""
    with domain_errors():
        overrides.reset_rule(_district_id(code), key, by=None)
    db.session.commit()
    click.echo(f"{key} in {code}: the file's values")
