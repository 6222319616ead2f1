"""The one check of an e-mail address's shape, for staff accounts and for the people who raise
cases alike. Whether mail reaches it is for the outbox to find out."""
import re

EMAIL_MAX = 254
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_BAD = f"Skriv hela e-postadressen, till exempel namn@exempel.se (högst {EMAIL_MAX} tecken)."


def email_problem(email: str) -> str | None:
    """Why ``email`` (tidied) is not an address, if it is not."""
    if len(email) > EMAIL_MAX or not EMAIL_SHAPE.match(email):
        return EMAIL_BAD
    return None
