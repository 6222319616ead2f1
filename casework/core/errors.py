"""Domain errors: raised by services, turned into messages by the CLI and the web views."""


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
