"""One transaction per request and per task: the unit of work.

Services and views only flush. The unit commits once, at its end, when its work succeeded (a
response below 400, a task that returned), and rolls back otherwise, on any exception too. The
audit rows of its changes are in that transaction; its reads and refusals, which must outlast a
rollback, are written with the commit, or after the rollback in a short transaction of their own,
when the unit no longer holds a write lock (``casework.audit.trail``). On SQLite every
transaction takes the write lock as it begins (``casework.core.database``), so concurrent units wait
for each other instead of failing on a stale snapshot.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, g

from casework.audit import trail
from casework.core.extensions import db

#: ``g`` holds this while a request's unit of work is open.
_OPEN = "casework_unit_open"


def begin() -> None:
    trail.open_buffer()
    g.setdefault(_OPEN, True)


def _commit() -> None:
    """Commit the unit's work with the reads and refusals it recorded."""
    trail.add_kept()
    db.session.commit()


def rollback() -> None:
    """Undo the unit's work so far; what it read stays recorded. The unit goes on (a view that
    shows a refusal reads afresh), and commits or rolls back at its end as usual."""
    db.session.rollback()
    trail.rolled_back()


def end(succeeded: bool) -> None:
    """Finish the unit: commit, or roll back and write what must outlast the rollback.

    A commit that fails leaves the unit open, for the handling of that error to end it as
    failed; the rows to keep are still buffered then.
    """
    if not g.get(_OPEN):
        return
    if succeeded:
        _commit()
        g.pop(_OPEN)
    else:
        g.pop(_OPEN)
        rollback()
        _commit()
    trail.close_buffer()


@contextmanager
def unit() -> Iterator[None]:
    """A unit of work outside a request: a task, for instance."""
    begin()
    try:
        yield
    except BaseException:
        end(succeeded=False)
        raise
    end(succeeded=True)


def register_unit_of_work(app: Flask) -> None:
    """Each request is a unit of work, ended by its response's status."""

    @app.before_request
    def _begin() -> None:
        begin()

    @app.after_request
    def _end(response: Response) -> Response:
        # A failing commit raises: the error page follows, and its own end rolls back.
        end(succeeded=response.status_code < 400)
        return response

    @app.teardown_request
    def _end_unfinished(error: BaseException | None) -> None:
        """A request whose exception escaped every handler (``PROPAGATE_EXCEPTIONS``)."""
        if g.get(_OPEN):
            end(succeeded=False)
