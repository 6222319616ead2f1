"""What the loaders of config/*.toml share: reading a file, and checking a table's fields. Their
messages name the file and the place of a fault, raised as the loader's own error class."""
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def read_toml(path: Path, *, error: type[Exception]) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as fault:
        raise error(f"{path}: cannot read: {fault.strerror or fault}") from fault
    except tomllib.TOMLDecodeError as fault:
        raise error(f"{path}: invalid TOML: {fault}") from fault


def table_fields(value: Any, where: str, required: Iterable[str], optional: Iterable[str] = (),
                 *, error: type[Exception]) -> dict:
    """``value`` as a table with every ``required`` field and no unknown one: a misspelt field
    must stop start-up, not be ignored (a misspelt filter would widen what a report row counts)."""
    if not isinstance(value, dict):
        raise error(f"{where}: expected a table")
    # A misspelt field is named first: it is likely the one "missing".
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise error(f"{where}: unknown field {', '.join(unknown)}")
    missing = [name for name in required if name not in value]
    if missing:
        raise error(f"{where}: missing field {', '.join(sorted(missing))}")
    return value
