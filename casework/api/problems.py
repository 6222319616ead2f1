"""RFC 9457 problem details: every refusal and failure under /api, as
``application/problem+json`` with a Swedish ``detail`` and, for refused input, every field's
reason (``errors``). Never an HTML page, never an exception's text."""
from collections.abc import Iterable

from flask import Response, current_app, json
from pydantic import ValidationError

from casework.api.schemas import FieldProblem, Problem
from casework.core.errors import FieldError
from casework.core.fields import swedish_number

MEDIA_TYPE = "application/problem+json"
#: ``type`` is a URI naming the kind of problem; these are relative to the API's docs.
TYPE_BASE = "/api/v1/docs#problem-"

#: Status → (type slug, title, the detail when the caller gives none).
KINDS = {
    400: ("bad-request", "Felaktig begäran", "Begäran kunde inte läsas."),
    401: ("unauthorized", "Ingen giltig API-nyckel",
          ("Skicka en giltig API-nyckel som Authorization: Bearer <nyckel>. Nyckeln kan "
           "saknas, vara felskriven, ha gått ut eller vara återkallad.")),
    403: ("forbidden", "Nyckeln får inte göra detta",
          "API-nyckelns behörighet räcker inte för den här åtgärden."),
    404: ("not-found", "Finns inte", "Det finns inget här som nyckeln når."),
    405: ("method-not-allowed", "Metoden stöds inte", "Adressen tar inte emot den metoden."),
    409: ("conflict", "Konflikt", "Begäran krockar med hur ärendet ser ut nu."),
    413: ("too-large", "För stor begäran", "Begäran är för stor."),
    415: ("unsupported-media-type", "Fel innehållstyp",
          "Skicka innehållet som JSON med Content-Type: application/json."),
    422: ("invalid", "Uppgifterna godtas inte", "Rätta uppgifterna och skicka igen."),
    429: ("rate-limited", "För många anrop",
          "Nyckeln har gjort för många anrop den här minuten. Vänta och försök igen."),
    500: ("server-error", "Serverfel",
          "Något gick fel hos oss. Försök igen om en stund; felet är loggat."),
}


def problem(status: int, detail: str | None = None, errors: Iterable[FieldError] = (),
            headers: dict | None = None) -> Response:
    """The problem response of ``status``."""
    slug, title, default = KINDS.get(status, KINDS[400 if status < 500 else 500])
    body = Problem(type=TYPE_BASE + slug, title=title, status=status, detail=detail or default,
                   errors=[FieldProblem(field=e.field, message=e.message) for e in errors])
    response = current_app.response_class(
        json.dumps(body.model_dump(mode="json"), ensure_ascii=False), status=status,
        mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def field_errors(error: ValidationError, where: str = "") -> list[FieldError]:
    """Pydantic's reasons as FieldErrors in Swedish, each at its field (``where`` prefixes
    the field: ``query``, ``header``)."""
    found = []
    for reason in error.errors(include_url=False):
        path = ".".join(str(part) for part in reason["loc"])
        found.append(FieldError(f"{where}.{path}" if where and path else path or where,
                                _swedish(reason)))
    return found


def _swedish(reason: dict) -> str:
    kind, ctx = reason["type"], reason.get("ctx") or {}
    if kind == "missing":
        return "Uppgiften saknas."
    if kind == "extra_forbidden":
        return "Okänt fält."
    if kind == "string_too_long":
        length = len(reason["input"]) if isinstance(reason.get("input"), str) else None
        has = f"; den här har {swedish_number(length)}" if length is not None else ""
        return f"Texten får vara högst {swedish_number(ctx['max_length'])} tecken{has}."
    if kind == "string_too_short":
        return "Skriv något här."
    if kind == "too_long":
        return f"Högst {ctx.get('max_length')} värden."
    if kind in ("enum", "literal_error"):
        return f"Välj ett av: {ctx.get('expected', '')}."
    if kind == "string_pattern_mismatch":
        return "Använd en nyckel av små bokstäver a–z, siffror och understreck."
    if kind.startswith("date"):
        return "Ange ett datum som ÅÅÅÅ-MM-DD."
    if kind.startswith("bool"):
        return "Ange true eller false."
    if kind.startswith("int") or kind in ("greater_than_equal", "less_than_equal"):
        if "ge" in ctx or "le" in ctx:
            return f"Ange ett heltal från {ctx.get('ge', '')} till {ctx.get('le', '')}."
        return "Ange ett heltal."
    if kind in ("string_type", "list_type", "model_type", "dict_type", "json_type"):
        return "Fel slags värde."
    if kind in ("personnummer", "day_bounds"):
        return reason["msg"]
    return "Ogiltigt värde."
