"""How retention hooks into the cases: an anonymised case takes no more steps (no reopening,
no APT mark, no decision on a reopen request), since the job has passed it and would not pass
again, so anything written then would never be removed. The app factory imports this."""
import sqlalchemy as sa

from casework.cases.models import Case
from casework.cases.workflow import CASE_GUARDS, Guard
from casework.retention.services import ANONYMISED_SEEN, anonymised


def _not_anonymised(case: Case, _inputs) -> bool:
    """Looked up once per loaded case (the job forgets it when it anonymises the case)."""
    if case.id is None:  # not saved yet
        return True
    info = sa.inspect(case).info
    if ANONYMISED_SEEN not in info:
        info[ANONYMISED_SEEN] = anonymised(case.id) is not None
    return not info[ANONYMISED_SEEN]


CASE_GUARDS.append(Guard(
    _not_anonymised,
    "Ärendet är gallrat: dess personuppgifter är borttagna, och det tar inga fler steg.",
))
