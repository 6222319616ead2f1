"""The API's reference page, read from the OpenAPI document: each operation with its
parameters, body and answers, each schema with its fields, and the kinds of problem. A plain
page rendered on the server (/api/v1/docs): no script, nothing from elsewhere."""
from dataclasses import dataclass

from casework.api.problems import KINDS, TYPE_BASE


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[FieldRow]
    body: str | None
    responses: list[tuple[str, str, str]]  # status, description, schema name


def schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


def type_of(schema: dict) -> str:
    """A schema in a few words: ``string (date)``, ``array of ActionOut``, ``integer | null``."""
    if "$ref" in schema:
        return schema_name(schema["$ref"])
    if "anyOf" in schema:
        return " | ".join(type_of(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    limits = [f"{schema['format']}"] if "format" in schema else []
    if "maxLength" in schema:
        limits.append(f"at most {schema['maxLength']} characters")
    if "minimum" in schema or "maximum" in schema:
        limits.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    return f"{kind} ({', '.join(limits)})" if limits else kind


def fields(schema: dict) -> list[FieldRow]:
    required = set(schema.get("required", ()))
    return [FieldRow(name, type_of(prop), name in required, prop.get("description", ""))
            for name, prop in schema.get("properties", {}).items()]


def operations(document: dict) -> list[OperationView]:
    found = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            found.append(OperationView(
                anchor=op["operationId"], method=method.upper(), path=path,
                summary=op["summary"], description=op.get("description", ""),
                parameters=[FieldRow(f"{p['name']} ({p['in']})", type_of(p["schema"]),
                                     p["required"], p.get("description", ""))
                            for p in op.get("parameters", [])],
                body=schema_name(body["schema"]["$ref"]) if body else None,
                responses=[(status, answer["description"],
                            next((schema_name(c["schema"]["$ref"])
                                  for c in answer.get("content", {}).values()), ""))
                           for status, answer in op["responses"].items()],
            ))
    return found


def schemas(document: dict) -> list[tuple[str, str, list[FieldRow]]]:
    """Each schema's name, description and fields; enums as one row of their values."""
    out = []
    for name, schema in sorted(document["components"]["schemas"].items()):
        if "enum" in schema:
            out.append((name, "", [FieldRow("value", type_of(schema), True, "")]))
        else:
            out.append((name, schema.get("description", ""), fields(schema)))
    return out


def problem_kinds() -> list[tuple[str, str, int, str]]:
    """Each kind of problem: its anchor, title, status and what it means."""
    prefix = TYPE_BASE.rsplit("#", 1)[1]
    return [(prefix + slug, title, status, detail)
            for status, (slug, title, detail) in sorted(KINDS.items())]
