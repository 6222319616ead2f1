"""Each district's deadline rules: the file's rules with the district's changes applied.

A district is a top node of the organisation tree (a förvaltning): the first id of a node's
``path``. Its rules are read once per app context (a request, a task, a CLI command) and kept
in ``flask.g``; saving a change drops them, so the rest of the request reads the new ones. A
change applies at once, in its transaction, to the district's running cases of the rule's types
(``on_change``: their stored deadlines are recomputed) and to every case registered after it. The holidays
and the time zone stay the file's, for every district.

Services flush; the caller commits. Every change is audited (``rule_change``) and kept in the
rule's history (``DeadlineRuleChange``) in the same transaction.
"""
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import g

from casework import trail
from casework.auth.models import Role, User
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.deadlines import deadline_rules
from casework.deadlines.models import DeadlineRuleChange, DeadlineRuleOverride
from casework.deadlines.rules import (
    DeadlineConfigError,
    DeadlineRules,
    Rule,
    parse_rule,
)
from casework.organisation.models import OrgNode

#: ``flask.g``'s key of the rules read in this app context: district id → DeadlineRules.
_CACHE = "casework_district_rules"
_listeners: list[Callable[[int, frozenset[str]], None]] = []


@dataclass(frozen=True)
class RuleValues:
    """What a district may change of a rule: the length (in the rule's unit), the reminder
    (working days before for a rule in days, hours before for one in hours) and whether it
    is on."""

    length: int
    remind_working_days_before: int | None = None
    remind_hours_before: tuple[int, ...] = ()
    enabled: bool = True

    @classmethod
    def of(cls, rule: Rule, enabled: bool = True) -> "RuleValues":
        return cls(rule.length, rule.remind_working_days_before, rule.remind_hours_before,
                   enabled)

    def as_dict(self, rule: Rule) -> dict:
        """The values as the history and the audit trail keep them, in the file's words."""
        values = {rule.length_unit: self.length, "enabled": self.enabled}
        if rule.hours is None:
            values["remind_working_days_before"] = self.remind_working_days_before
        else:
            values["remind_hours_before"] = list(self.remind_hours_before)
        return values


@dataclass(frozen=True)
class RuleState:
    """A rule as one district has it: ``rule`` with the district's values, ``default`` the
    file's."""

    rule: Rule
    default: Rule
    enabled: bool
    overridden: bool

    @property
    def values(self) -> RuleValues:
        return RuleValues.of(self.rule, self.enabled)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    #: The admin's name; None for a change made on the command line.
    who: str | None
    before: dict
    after: dict

    def changes(self) -> list[tuple[str, object, object]]:
        """(name, before, after) of each value that changed, in the order of ``after``."""
        return [(name, self.before.get(name), value) for name, value in self.after.items()
                if self.before.get(name) != value]


def district_id_of(node: OrgNode) -> int:
    """``/1/4/17/`` → 1."""
    return int(node.path.strip("/").split("/")[0])


def districts() -> list[OrgNode]:
    """Every district (top node), by name."""
    query = sa.select(OrgNode).where(OrgNode.parent_id.is_(None))
    return list(db.session.scalars(query.order_by(OrgNode.name, OrgNode.code)))


def districts_of_admin(user: User) -> list[OrgNode]:
    """The districts whose rules ``user`` manages: those an admin grant of theirs covers
    whole (a grant on the district's own node). A grant lower down (an avdelning) is not
    enough: a district's rules apply to all of it."""
    if not user.is_active:
        return []
    ids = {grant.org_node_id for grant in user.grants if grant.role is Role.ADMIN}
    return [node for node in districts() if node.id in ids]


def district(district_id: int) -> OrgNode:
    node = db.session.get(OrgNode, district_id)
    if node is None or node.parent_id is not None:
        raise UnknownValue("district", str(district_id), [str(d.id) for d in districts()])
    return node


def rules_for_unit(unit_id: int | None) -> DeadlineRules:
    """The rules of the district the unit lies in: what its cases' clocks are computed by."""
    unit = db.session.get(OrgNode, unit_id) if unit_id is not None else None
    if unit is None:
        raise UnknownValue("unit", str(unit_id), [])
    return district_rules(district_id_of(unit))


def district_rules(district_id: int) -> DeadlineRules:
    """The district's rules in force: the file's, changed by the district, those it turned
    off left out. Read once per app context."""
    cache = g.setdefault(_CACHE, {})
    if district_id not in cache:
        states = rule_states(district_id)
        cache[district_id] = replace(
            deadline_rules(), rules=tuple(state.rule for state in states if state.enabled))
    return cache[district_id]


def rule_states(district_id: int) -> list[RuleState]:
    """Every rule of the file, in its order, as the district has it."""
    overrides = {row.rule_key: row for row in db.session.scalars(
        sa.select(DeadlineRuleOverride).where(DeadlineRuleOverride.district_id == district_id))}
    return [_state(rule, overrides.get(rule.key)) for rule in deadline_rules().rules]


def rule_state(district_id: int, key: str) -> RuleState:
    return _state(default_rule(key), _override(district_id, key))


def default_rule(key: str) -> Rule:
    """The file's rule ``key``."""
    rules = deadline_rules().rules
    found = next((rule for rule in rules if rule.key == key), None)
    if found is None:
        raise UnknownValue("rule", key, [rule.key for rule in rules])
    return found


def set_rule(district_id: int, key: str, values: RuleValues, by: int | None) -> RuleState:
    """Give the district's rule ``key`` these values, validated as the file's rules are
    (``parse_rule``), by the user ``by`` (None: the command line). Values equal to what the
    district has already change nothing and are not recorded."""
    node = district(district_id)
    before = rule_state(district_id, key)
    rule = validated(before.default, values, f"district {node.code}")
    if values == before.values:
        return before
    row = _override(district_id, key) or DeadlineRuleOverride(district_id=district_id,
                                                              rule_key=key)
    row.length = rule.length
    row.remind_working_days_before = rule.remind_working_days_before
    row.remind_hours_before = list(rule.remind_hours_before)
    row.enabled = values.enabled
    db.session.add(row)
    after = RuleState(rule, before.default, values.enabled, overridden=True)
    _changed(node, key, before, after, by)
    return after


def reset_rule(district_id: int, key: str, by: int | None) -> RuleState:
    """Give the district the file's values of rule ``key`` again ("Återställ till standard")."""
    node = district(district_id)
    before = rule_state(district_id, key)
    after = _state(before.default, None)
    row = _override(district_id, key)
    if row is None:
        return after
    db.session.delete(row)
    _changed(node, key, before, after, by)
    return after


def validated(default: Rule, values: RuleValues, source: str) -> Rule:
    """The file's rule with ``values`` put in, through the file's own validator."""
    raw = default.as_raw()
    raw.pop("remind_working_days_before", None)
    raw.pop("remind_hours_before", None)
    raw[default.length_unit] = values.length
    if default.hours is not None:
        if values.remind_hours_before:
            raw["remind_hours_before"] = list(values.remind_hours_before)
    elif values.remind_working_days_before is not None:
        raw["remind_working_days_before"] = values.remind_working_days_before
    try:
        return parse_rule(raw, source)
    except DeadlineConfigError as error:
        raise DomainError(str(error)) from None


def history(district_id: int, key: str, changes=DeadlineRuleChange) -> list[HistoryEntry]:
    """The changes of the district's rule, newest first. ``changes`` is the model of the
    history: the deadline rules' here, the retention rules' for casework.retention."""
    query = (sa.select(changes, User.name)
             .outerjoin(User, User.id == changes.user_id)
             .where(changes.district_id == district_id, changes.rule_key == key)
             .order_by(changes.id.desc()))
    return [HistoryEntry(change.at, name, change.before, change.after)
            for change, name in db.session.execute(query)]


def _state(default: Rule, row: DeadlineRuleOverride | None) -> RuleState:
    if row is None:
        return RuleState(default, default, enabled=True, overridden=False)
    values = RuleValues(row.length, row.remind_working_days_before,
                        tuple(row.remind_hours_before or ()), row.enabled)
    # Read back through the validator: a file changed since (a rule now in hours) is refused
    # here, naming the district, rather than counted wrongly.
    return RuleState(validated(default, values, f"district {row.district_id}"), default,
                     row.enabled, overridden=True)


def _override(district_id: int, key: str) -> DeadlineRuleOverride | None:
    return db.session.scalar(sa.select(DeadlineRuleOverride).where(
        DeadlineRuleOverride.district_id == district_id, DeadlineRuleOverride.rule_key == key))


def _changed(node: OrgNode, key: str, before: RuleState, after: RuleState,
             by: int | None) -> None:
    """Keep the change in the rule's history and the audit trail, and forget the district's
    rules read so far, so that clocks computed from now on use the new ones."""
    values = before.values.as_dict(before.default), after.values.as_dict(after.default)
    db.session.add(DeadlineRuleChange(user_id=by, district_id=node.id, rule_key=key,
                                      before=values[0], after=values[1]))
    trail.record_admin_change("rule_change", before=values[0], after=values[1],
                              unit_id=node.id, rule=key)
    db.session.flush()
    g.pop(_CACHE, None)
    for listener in _listeners:
        listener(node.id, after.default.types)


def on_change(listener: Callable[[int, frozenset[str]], None]) -> Callable:
    """Register ``listener(district_id, case_types)`` to run when a district's rule for those
    types has changed, in the change's transaction (``casework.cases.clocks`` keeps the stored
    deadlines of the running cases in step)."""
    _listeners.append(listener)
    return listener
