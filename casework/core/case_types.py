"""The case types, and the statuses every workflow shares. Kept free of Flask and SQLAlchemy
so that the taxonomy and the deadline rules can use them too."""
from enum import StrEnum

#: The status a new case starts in; the workflows of each type go on from here.
INITIAL_STATUS = "ny"
#: The status of a closed case, whatever its type: deadlines stop and lists call it done.
CLOSED_STATUS = "avslutad"
#: The status of a case its registrant took back right after saving it ("Ångra"): it keeps its
#: number and history, but no report counts it, no list of work shows it and its clocks stop.
WITHDRAWN_STATUS = "atertaget"
#: The statuses in which a case is no longer worked on.
ENDED_STATUSES = (CLOSED_STATUS, WITHDRAWN_STATUS)


class CaseType(StrEnum):
    KLAGOMAL = "klagomal"
    SYNPUNKT = "synpunkt"
    BEROM = "berom"
    AVVIKELSE = "avvikelse"
    LEX_SARAH = "lex_sarah"
    LEX_MARIA = "lex_maria"
    PERSONUPPGIFTSINCIDENT = "personuppgiftsincident"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]


CASE_TYPE_LABELS = {
    CaseType.KLAGOMAL: "Klagomål",
    CaseType.SYNPUNKT: "Synpunkt",
    CaseType.BEROM: "Beröm",
    CaseType.AVVIKELSE: "Avvikelse",
    CaseType.LEX_SARAH: "Lex Sarah",
    CaseType.LEX_MARIA: "Lex Maria",
    CaseType.PERSONUPPGIFTSINCIDENT: "Personuppgiftsincident",
}
