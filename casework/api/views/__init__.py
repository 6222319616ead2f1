"""The JSON API under /api/v1: authentication by bearer token, the operations' plumbing
(parse, validate, answer), and problem details for every refusal.

Who calls: an ``ApiClient`` (``casework.auth.tokens``), loaded by Flask-Login's request loader
from ``Authorization: Bearer cw_…`` on API paths only. The browser's session is not even
opened under /api (``ApiSessionInterface``), so a session cookie authorises no call, and the
blueprint is exempt from CSRF: nothing here is authorised by a cookie a browser sends on its
own. Each call is counted against the token's rate limit (``casework.api.ratelimit``) before
its token is looked up.

Each route is declared once, with ``operation``: its method and path, the pydantic models of
its query, body and answer, the token scopes it serves and its need (``@requires``, as every
view has); the OpenAPI document is made from the same declarations.
"""
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Flask, abort, current_app, g, json, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from pydantic import BaseModel, ValidationError

from casework.access.needs import Need, requires
from casework.api import problems, ratelimit
from casework.api.idempotency import KeyReused
from casework.api.openapi import PREFIX, Operation, Param
from casework.auth import tokens
from casework.cases.handling import InvalidInput
from casework.core.errors import Conflict, DomainError, FieldError, InvalidFields
from casework.core.extensions import csrf, login_manager

bp = Blueprint("api", __name__, url_prefix=PREFIX)
#: Every operation, in the order declared: the OpenAPI document's source.
OPERATIONS: list[Operation] = []
#: Endpoints anyone may read: the document and its rendering.
OPEN_ENDPOINTS = frozenset({"api.openapi", "api.docs"})
#: Flask's converter for each path parameter.
CONVERTERS = {"case_id": "int", "snapshot_id": "int"}
SECRET_MAX = 200


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class ApiSessionInterface(SecureCookieSessionInterface):
    """The app's cookie session, except under /api: there no session is read or written."""

    def open_session(self, app: Flask, request):
        if is_api_path(request.path):
            return self.null_session_class()
        return super().open_session(app, request)


def register_api(app: Flask) -> None:
    # The routes, declared on import.
    from casework.api.views import cases, meta, reports  # noqa: F401

    app.session_interface = ApiSessionInterface()
    csrf.exempt(bp)
    app.register_blueprint(bp)


@login_manager.request_loader
def _api_client(req) -> tokens.ApiClient | None:
    """The token's client on an API path; None (and the reason in ``g``) otherwise."""
    if not is_api_path(req.path):
        return None
    scheme, _, secret = req.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > SECRET_MAX \
            or not secret.isascii() or not secret.isprintable():
        return None
    wait = ratelimit.spend(tokens.secret_hash(secret))
    if wait is not None:
        g.api_retry_after = wait
        return None
    token = tokens.authenticate(secret)
    return tokens.ApiClient(token) if token is not None else None


@bp.before_request
def _authorise():
    """A call without a usable token ends here (401, or 429 when it is over the rate
    limit), except for the document and its page."""
    if current_user.is_authenticated or request.endpoint in OPEN_ENDPOINTS:
        return None
    if wait := g.get("api_retry_after"):
        return problems.problem(429, headers={"Retry-After": str(wait)})
    return problems.problem(401, headers={"WWW-Authenticate": 'Bearer realm="casework"'})


def operation(method: str, path: str, *, need: Need, scopes: tuple[str, ...], summary: str,
              response: type[BaseModel], status: int = 200, body: type[BaseModel] | None = None,
              query: type[BaseModel] | None = None, params: tuple[Param, ...] = (),
              problems_: tuple[int, ...] = (), description: str = "", tag: str = "cases"):
    """Declare an API route. The view gets the path's parameters and ``query`` and ``body``
    (validated models), and returns a model of ``response`` (answered with ``status``) or
    ``(model, status, headers)``."""
    def declare(view: Callable) -> Callable:
        OPERATIONS.append(Operation(
            method=method, path=path, operation_id=view.__name__, summary=summary,
            scopes=scopes, response=response, status=status, body=body, query=query,
            params=params, problems=problems_, description=description, tag=tag))

        @wraps(view)
        def handle(**kwargs):
            if query is not None:
                kwargs["query"] = _validated(query, request.args.to_dict(), "query")
            if body is not None:
                kwargs["body"] = _body(body)
            return _answer(view(**kwargs), status)

        rule = path
        for name in params:
            converter = CONVERTERS.get(name.name)
            if name.where == "path":
                rule = rule.replace(f"{{{name.name}}}",
                                    f"<{converter}:{name.name}>" if converter else f"<{name.name}>")
        bp.add_url_rule(rule, view.__name__, requires(need)(handle), methods=[method])
        return view

    return declare


def _validated(model: type[BaseModel], data: dict, where: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as refused:
        raise InvalidFields(problems.field_errors(refused, where)) from None


class _BadJson(Exception):
    pass


def _body(model: type[BaseModel]) -> BaseModel:
    if request.mimetype != "application/json":
        raise _Unsupported()
    limit = current_app.config["API_MAX_BODY"]
    if (request.content_length or 0) > limit:
        abort(413)
    data = request.stream.read(limit + 1)  # also a body sent without its length
    if len(data) > limit:
        abort(413)
    try:
        return model.model_validate_json(data)
    except ValidationError as refused:
        if any(reason["type"] == "json_invalid" for reason in refused.errors()):
            raise _BadJson() from None
        raise InvalidFields(problems.field_errors(refused)) from None


class _Unsupported(Exception):
    pass


def _answer(result, status: int):
    headers = {}
    if isinstance(result, tuple):
        result, status, headers = result
    return current_app.response_class(
        json.dumps(result.model_dump(mode="json"), ensure_ascii=False), status=status,
        mimetype="application/json", headers=headers)


# ---- the refusals a view lets escape (its work is undone by then) -------------------------

@bp.errorhandler(InvalidFields)
def _invalid(error: InvalidFields):
    return problems.problem(422, errors=error.errors)


@bp.errorhandler(InvalidInput)
def _invalid_input(error: InvalidInput):
    return problems.problem(422, errors=[FieldError(error.field, str(error))])


@bp.errorhandler(KeyReused)
def _key_reused(error: KeyReused):
    return problems.problem(422, str(error), [FieldError("header.Idempotency-Key", str(error))])


@bp.errorhandler(Conflict)
def _conflict(error: Conflict):
    return problems.problem(409, str(error))


@bp.errorhandler(DomainError)
def _refused(error: DomainError):
    """A step the case's workflow does not allow now (its message says why, in Swedish)."""
    return problems.problem(409, str(error))


@bp.errorhandler(_BadJson)
def _bad_json(_error):
    return problems.problem(400, "Innehållet är inte giltig JSON.")


@bp.errorhandler(_Unsupported)
def _unsupported(_error):
    return problems.problem(415)
