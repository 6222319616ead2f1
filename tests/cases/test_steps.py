"""The step registry, config/workflows.toml and the case page's templates agree: every step a
workflow names is registered with a form and a route, every registered step is used, the case
page lists the steps without naming any, and each case type gets the form of its own variant."""
import re

from flask import url_for

from casework.cases.steps import EVENT_TEXTS, STEPS
from casework.core.case_types import CaseType
from config.settings import CONFIG_DIR

TEMPLATES = [CONFIG_DIR.parent / "templates" / name
             for name in ("cases/detail.html", "legal/_case.html")]
#: How a template would name a step's form: ``forms.assign`` or ``step("assess")``.
SHOWN = re.compile(r"""forms\.(\w+)|step\("(\w+)"\)""")


def used_by_workflows(app) -> dict[CaseType, set[str]]:
    loaded = app.extensions["casework.workflows"]
    return {case_type: {t.action for t in workflow.transitions}
            for case_type, workflow in loaded.by_type.items()}


def test_every_workflow_action_is_a_registered_step_and_every_step_is_used(app):
    used = set().union(*used_by_workflows(app).values())
    assert used == set(STEPS)


def test_each_type_takes_each_of_its_steps_with_a_form_of_that_step(app):
    for case_type, actions in used_by_workflows(app).items():
        for action in actions:
            variant = STEPS[action].variant(case_type)
            assert variant.form.step == action, (case_type, action, variant.form)
            assert callable(variant.service)
    for step in STEPS.values():
        assert set(step.variants) <= {t for t, used in used_by_workflows(app).items()
                                      if step.name in used}, step.name


def test_every_step_has_its_own_route_and_event(app):
    with app.test_request_context():
        for step in STEPS.values():
            assert url_for(f"cases.{step.name}", case_id=7) == f"/cases/7/{step.url_path}"
            assert EVENT_TEXTS[step.event] == step.event_text
    assert len({step.event for step in STEPS.values()}) == len(STEPS)


def test_the_case_page_lists_the_steps_without_naming_any():
    """Its "Nästa steg" shows each form it is given, so a registered step needs no template."""
    named = {a or b for path in TEMPLATES for a, b in SHOWN.findall(path.read_text())}
    assert named == {"values"}  # ``forms.values()``: the list of steps, the error summaries
