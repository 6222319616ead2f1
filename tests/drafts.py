"""What the case validator (casework.cases.validation) asks of each type, filled in, for tests
that need a case of a type rather than one with particular categories or sources. Every value
is offered by each template year's catalogue (2023, 2024, 2025)."""
from casework.core.case_types import CaseType

_REPORTED = {"description": "Det som hände beskrivs här."}
#: The fields each type needs, at values no test counts or filters by unless it says so.
NEEDED = {
    CaseType.KLAGOMAL: {"source": "annan", "categories": ["annat"],
                        "description": "Samtalet gällde insatsen."},
    CaseType.SYNPUNKT: {"source": "annan", "categories": ["annat"],
                        "description": "Samtalet gällde insatsen."},
    CaseType.BEROM: {},
    CaseType.AVVIKELSE: {"identified_by": "medarbetare", "concerns": "egen_verksamhet",
                         "categories": ["avv_annat"], **_REPORTED},
    CaseType.LEX_SARAH: _REPORTED,
    CaseType.LEX_MARIA: _REPORTED,
    CaseType.PERSONUPPGIFTSINCIDENT: _REPORTED,
}


def needed(type, **fields) -> dict:
    """A case of ``type`` (``create_case``'s arguments, a row of the bulk path): ``fields``,
    and what they leave out of what the type needs; an empty value given (no categories, a
    blank description) counts as left out. A type that is none needs nothing."""
    needs = NEEDED.get(type, {})
    given = {name: value for name, value in fields.items() if value or name not in needs}
    return {"type": type} | needs | given
