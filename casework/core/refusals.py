"""The one way a refusal of the domain reaches the form that asked for it."""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_wtf import FlaskForm

from casework.core import unit_of_work
from casework.core.errors import Conflict, DomainError, InvalidFields


@dataclass
class Outcome:
    """What became of the attempt: ``error`` is the refusal, None when the service succeeded."""

    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextmanager
def refusals(form: FlaskForm) -> Iterator[Outcome]:
    """Run a service call; if the domain refuses it, undo what it did and put the reason on
    ``form``: at the field it names (``InvalidInput.field``; each reason of an ``InvalidFields``
    at its own), else at the top of the form.

    A ``Conflict`` (a stale version, a duplicate) is not a refusal of the input: it goes on to
    the error handlers, which show the conflict page.
    """
    outcome = Outcome()
    try:
        yield outcome
    except Conflict:
        raise
    except DomainError as error:
        unit_of_work.rollback()
        outcome.error = error
        _place(form, error)


def _place(form: FlaskForm, error: DomainError) -> None:
    reasons = ([(e.field, e.message) for e in error.errors] if isinstance(error, InvalidFields)
               else [(getattr(error, "field", None), str(error))])
    for name, message in reasons:
        errors = form[name].errors if name and name in form else form.form_errors
        errors.append(message)
