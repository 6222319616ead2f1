"""One transaction per request and per task: the unit of work.

Services and views only flush. The unit commits once, at its end, when its work succeeded (a
response below 400, a task that returned), and rolls back otherwise, on any exception too; an
exception escaping a view (a stale version, say) is undone before its error handler renders a
page. What must happen at the edges of a unit is registered with ``on``: the audit trail
(``casework.trail``) keeps its reads and refusals, which must outlast a rollback, and writes them
with the commit, or after the rollback in a short transaction of its own, when the unit no
longer holds a write lock. On SQLite every transaction takes the write lock as it begins
(``casework.core.database``), so concurrent units wait for each other instead of failing on a
stale snapshot.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import Flask, Response, g
from sqlalchemy.exc import SQLAlchemyError

from casework.core.extensions import db

#: ``g`` holds this while a unit of work is open.
_OPEN = "casework_unit_open"
#: ``g`` holds what runs once the unit's work is committed (``after_commit``) ...
_AFTER_COMMIT = "casework_after_commit"
#: ... and what runs if it is rolled back instead (``on_rollback``).
_ON_ROLLBACK = "casework_on_rollback"
#: What runs at each edge of every unit: when it begins, just before it commits, just after it
#: rolls back, and when it has ended.
EDGES = ("begin", "before_commit", "after_rollback", "end")
_hooks: dict[str, list[Callable[[], None]]] = {edge: [] for edge in EDGES}


def on(edge: str) -> Callable:
    """Register the decorated function to run at ``edge`` (one of ``EDGES``) of every unit."""
    def register(function: Callable[[], None]) -> Callable[[], None]:
        _hooks[edge].append(function)
        return function

    return register


def _run(edge: str) -> None:
    for hook in _hooks[edge]:
        hook()


def begin() -> None:
    if g.get(_OPEN):
        return
    g.casework_unit_open = True
    _run("begin")


def _commit() -> None:
    _run("before_commit")
    db.session.commit()


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the unit's work is committed, and not if it is rolled back: an
    e-mail about a change goes out only when the change is stored."""
    g.setdefault(_AFTER_COMMIT, []).append(callback)


def on_rollback(callback: Callable[[], None]) -> None:
    """Run ``callback`` if the unit's work so far is rolled back, and not once it is committed:
    a file written for a row is deleted when the row is undone."""
    g.setdefault(_ON_ROLLBACK, []).append(callback)


def rollback() -> None:
    """Undo the unit's work so far; what it read stays recorded. The unit goes on (a page that
    shows a refusal reads afresh), and commits or rolls back at its end as usual."""
    g.pop(_AFTER_COMMIT, None)
    db.session.rollback()
    for callback in g.pop(_ON_ROLLBACK, []):
        callback()
    _run("after_rollback")


def end(succeeded: bool) -> None:
    """Finish the unit: commit, or roll back and write what must outlast the rollback.

    A commit that fails leaves the unit open, for the handling of that error to end it as
    failed.
    """
    if not g.get(_OPEN):
        return
    if succeeded:
        _commit()
        g.pop(_OPEN)
        g.pop(_ON_ROLLBACK, None)
        for callback in g.pop(_AFTER_COMMIT, []):
            callback()
    else:
        g.pop(_OPEN)
        rollback()
        _commit()
    _run("end")


def abandon() -> None:
    """End the unit when the database has gone away: its work went with the connection, and
    nothing can be written now, not even the reads the trail keeps (the page that showed them
    is not shown: the request is answered with an error page)."""
    if not g.pop(_OPEN, None):
        return
    g.pop(_AFTER_COMMIT, None)
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()
    for callback in g.pop(_ON_ROLLBACK, []):
        callback()
    _run("end")


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


def _undone_on_error(view: Callable) -> Callable:
    @wraps(view)
    def undoing(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Exception:
            rollback()
            raise

    return undoing


def register_unit_of_work(app: Flask) -> None:
    """Each request is a unit of work, ended by its response's status. Call after the
    blueprints are registered: every view is wrapped so that an exception it lets escape (a
    stale version, an abort, a crash) is undone before the error's handler runs."""
    for endpoint, view in app.view_functions.items():
        app.view_functions[endpoint] = _undone_on_error(view)

    # First of all before-request functions, so the unit is open whatever they do.
    app.before_request_funcs.setdefault(None, []).insert(0, begin)

    @app.after_request
    def _end(response: Response) -> Response:
        try:
            end(succeeded=response.status_code < 400)
        except Exception as error:  # noqa: BLE001  (a failing commit: its handler answers)
            # The error's own handler answers (the 503 page when the database went away in
            # the middle of the commit), as for an error in the view; with none, the 500 page
            # follows, and its own end rolls back.
            return app.make_response(app.handle_user_exception(error))
        return response

    @app.teardown_request
    def _end_unfinished(error: BaseException | None) -> None:
        """A request whose exception escaped every handler (``PROPAGATE_EXCEPTIONS``)."""
        if g.get(_OPEN):
            end(succeeded=False)
