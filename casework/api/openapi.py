"""The OpenAPI 3.1 document, made from the operations the views declare and the pydantic
models they validate and answer with (``casework.api.schemas``): nothing in it is written
beside the code. ``casework.api.views`` declares each route as an ``Operation``; ``document``
turns the list into the document the API serves at /api/v1/openapi.json and renders at
/api/v1/docs.
"""
from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from casework.api.problems import KINDS
from casework.api.schemas import Problem
from casework.core.columns import DB_INT_MAX

VERSION = "1.0.0"
PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"

#: The problems every call may answer; a body adds its own, a path parameter 404.
COMMON_PROBLEMS = (400, 401, 403, 429, 500)
BODY_PROBLEMS = (413, 415, 422)

DESCRIPTION = """\
JSON API of casework, for other systems: create and read cases, record åtgärder and
återkoppling, read the report table "Redovisning av synpunkter och klagomål" and its frozen
snapshots.

**Authentication**: every call sends `Authorization: Bearer cw_…`, a token an admin makes
under /admin/api-nycklar (or `casework tokens create`). A token reaches the subtree of its
organisation node with one scope: `read` reads cases, `write` also creates cases and records
åtgärder and återkoppling (write implies read), `reports` reads the report tables and
snapshots only. A case, node or snapshot out of the token's reach answers 404. Tokens reach
klagomål, synpunkter, beröm and avvikelser; the legal cases stay in the browser. A browser's
session cookie authorises nothing here.

**Errors** are RFC 9457 problem details (`application/problem+json`) with a Swedish `detail`
and, for refused input, every field's reason in `errors`.

**Rate limit**: each token makes at most the configured number of calls a minute
(`CASEWORK_API_RATE_PER_MINUTE`, 120 by default); beyond it 429 with `Retry-After`.

**Retries**: a create sent with an `Idempotency-Key` header is answered with the first
create's case when sent again with the same key and body (keys are kept 24 hours); the same key
with another body answers 422.

Every call is recorded in the audit trail, as the same reads and changes in the browser are.
"""


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # "path" or "header"
    schema: dict
    description: str = ""
    required: bool = True


CASE_ID = Param("case_id", "path", {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX},
                "The case's id.")
SNAPSHOT_ID = Param("snapshot_id", "path",
                    {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX}, "The snapshot's id.")
NODE_CODE = Param("node_code", "path", {"type": "string", "minLength": 1, "maxLength": 40},
                  "The organisation node's code.")
IDEMPOTENCY_KEY = Param(
    "Idempotency-Key", "header",
    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"},
    "Any unique text (a UUID, say): a retry with the same key and body creates nothing again.",
    required=False)


@dataclass(frozen=True)
class Operation:
    """One route of the API, as the view declares it."""

    method: str
    path: str  # OpenAPI style, below PREFIX: /cases/{case_id}
    operation_id: str
    summary: str
    scopes: tuple[str, ...]
    response: type[BaseModel]
    status: int = 200
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    params: tuple[Param, ...] = ()
    problems: tuple[int, ...] = ()
    description: str = ""
    tag: str = "cases"
    extra_headers: dict = field(default_factory=dict)


def document(operations: list[Operation]) -> dict:
    """The OpenAPI 3.1 document of ``operations``."""
    models = {Problem}
    for op in operations:
        models |= {m for m in (op.response, op.body, op.query) if m is not None}
    keyed = [(model, mode) for model in sorted(models, key=lambda m: m.__name__)
             for mode in ("validation", "serialization")]
    schemas, defs = models_json_schema(keyed, ref_template=REF)
    components = defs.get("$defs", {})
    paths: dict[str, dict] = {}
    for op in operations:
        paths.setdefault(PREFIX + op.path, {})[op.method.lower()] = _operation(op, schemas,
                                                                               components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "casework API", "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "tags": [{"name": "cases", "description": "Ärenden"},
                 {"name": "reports", "description": "Rapporttabeller och ögonblicksbilder"}],
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "An API token, `cw_…`."}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


def _ref(schemas: dict, model: type[BaseModel], mode: str) -> dict:
    return schemas[(model, mode)]


def _operation(op: Operation, schemas: dict, components: dict) -> dict:
    scopes = " or ".join(f"`{s}`" for s in op.scopes)
    out = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": (op.description + "\n\n" if op.description else "")
        + f"Token scope: {scopes}.",
        "tags": [op.tag],
        "parameters": [_param(p) for p in op.params]
        + (_query_params(op.query, schemas, components) if op.query else []),
        "responses": _responses(op, schemas),
    }
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": _ref(schemas, op.body, "validation")}}}
    return out


def _param(param: Param) -> dict:
    out = {"name": param.name, "in": param.where, "required": param.required or
           param.where == "path", "schema": param.schema}
    if param.description:
        out["description"] = param.description
    return out


def _query_params(model: type[BaseModel], schemas: dict, components: dict) -> list[dict]:
    name = _ref(schemas, model, "validation")["$ref"].rsplit("/", 1)[1]
    schema = components[name]
    required = set(schema.get("required", ()))
    params = []
    for field_name, prop in schema["properties"].items():
        prop = dict(prop)
        description = prop.pop("description", None)
        param = {"name": field_name, "in": "query", "required": field_name in required,
                 "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def _responses(op: Operation, schemas: dict) -> dict:
    problem = {"content": {"application/problem+json": {
        "schema": _ref(schemas, Problem, "serialization")}}}
    codes = set(COMMON_PROBLEMS) | set(op.problems)
    if op.body is not None:
        codes |= set(BODY_PROBLEMS)
    if any(p.where == "path" for p in op.params):
        codes.add(404)
    if op.query is not None:
        codes.add(422)
    responses = {str(op.status): {
        "description": "OK" if op.status == 200 else "Skapat",
        "content": {"application/json": {"schema": _ref(schemas, op.response,
                                                          "serialization")}},
        **({"headers": op.extra_headers} if op.extra_headers else {}),
    }}
    for code in sorted(codes):
        responses[str(code)] = {"description": KINDS[code][1], **problem}
    return responses
