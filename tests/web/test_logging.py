"""Nothing personal reaches the log: a statement that fails is logged without its values."""
import logging

import pytest
import sqlalchemy as sa

from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories

SECRET = "Greta Grönlund, 070-123 45 67"


@pytest.fixture
def planner(app_ctx, client):
    user = factories.user("planerare", factories.node(name="Aspudden hemtjänst"))
    db.session.commit()
    factories.log_in(client, user)
    return user


def test_a_failing_statement_is_logged_without_its_parameters(app, client, planner, caplog,
                                                               monkeypatch):
    def failing_create_case(**fields):
        db.session.execute(sa.text("INSERT INTO no_such_table VALUES (:text)"),
                           {"text": fields["description"]})

    monkeypatch.setattr("casework.cases.views.intake.create_case", failing_create_case)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    unit = planner.grants[0].node
    with caplog.at_level(logging.DEBUG):
        response = client.post("/cases/new", data={
            "submission": new_token(), "type": "berom", "received_on": local_today().isoformat(), "unit": str(unit.id),
            "description": SECRET})

    assert response.status_code == 500
    assert "no_such_table" in caplog.text  # the failure itself is logged, with its statement
    assert "parameters hidden" in caplog.text
    assert "Grönlund" not in caplog.text and "070-123" not in caplog.text
