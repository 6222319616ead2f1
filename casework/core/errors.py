"""Domain errors: raised by services, turned into messages by the CLI and the web views."""
from collections.abc import Iterable
from dataclasses import dataclass


class DomainError(Exception):
    """A request the domain refuses; the message is safe to show to the user."""


class UnknownValue(DomainError):
    """A value that is not one of the accepted ones (a unit code, a role, a type, a label)."""

    def __init__(self, what: str, value: str, accepted):
        self.what, self.value, self.accepted = what, value, list(accepted)
        shown = ", ".join(self.accepted[:40]) + (" ..." if len(self.accepted) > 40 else "")
        super().__init__(f"unknown {what} {value!r}; accepted: {shown}")


class Conflict(DomainError):
    """The change clashes with what is already stored (a duplicate, a stale version)."""


@dataclass(frozen=True)
class FieldError:
    """One reason an input is refused, in Swedish, and the field (form field, file column) it
    belongs to."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidFields(DomainError):
    """An input refused for every reason in ``errors`` at once, so that one answer tells the
    user all there is to fix; ``where`` says which of several inputs it was (a row)."""

    def __init__(self, errors: Iterable[FieldError], where: str = ""):
        self.errors = tuple(errors)
        reasons = "; ".join(map(str, self.errors))
        super().__init__(f"{where}: {reasons}" if where else reasons)
