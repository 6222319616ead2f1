"""The plan of each demo case's handling: the steps of its type, dated, with what each records.

Delays are counted in working days and drawn so that the years look like a unit's: most
complaints answered within a week or two and some late, a lex Sarah utredning of a few weeks
with IVO's decision months later, a breach decided within the 72 hours. A quick plan (the first
unit's current work) takes every step at its earliest and does all it may, so that where its
story stops is where it was meant to stop. casework.demo.stories tells the plans.
"""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from casework.cases.models import CaseType
from casework.demo import handling_texts as texts
from casework.demo.legal_texts import BREACH, IVO_DECISIONS, IVO_DOCUMENTS, MARIA, SARAH
from casework.demo.stories import Step, WorkingDays, local_moment, office_hour
from casework.legal.terms import legal_terms

#: Of the complaints and avvikelser: how many åtgärder they get (weights for 0, 1 and 2).
ACTION_COUNTS = (10, 70, 20)
#: Share of klagomål and synpunkter whose first återkoppling only confirms that it came in.
ACKNOWLEDGED = 0.15
#: Working days from the first åtgärd to the återkoppling: (share, least, most), else prompt.
LATE_ANSWERS = ((0.05, 25, 60), (0.20, 10, 25))
PROMPT_ANSWER = (0, 6)
#: Share of each type taken up at the unit's APT.
APT_SHARES = {CaseType.KLAGOMAL: 0.2, CaseType.SYNPUNKT: 0.1, CaseType.AVVIKELSE: 0.45,
              CaseType.BEROM: 0.3, CaseType.LEX_SARAH: 0.6}
#: Share of each legal type assessed as one to notify (IVO), or notified (IMY).
SERIOUS_SHARES = {CaseType.LEX_SARAH: 0.25, CaseType.LEX_MARIA: 0.6,
                  CaseType.PERSONUPPGIFTSINCIDENT: 0.3}
#: How each channel's complaints are answered.
METHODS = {"telefon": "telefon", "e_post": "e_post", "brev": "brev", "besok": "mote",
           "e_tjanst": "e_post"}
RECIPIENTS = {
    "brukare": ("brukaren",), "narstaende": ("dottern", "sonen", "maken", "hustrun", "god man"),
    "samverkanspart": ("biståndshandläggaren",), "patientnamnden": ("Patientnämnden",),
    "tillsynsmyndighet": ("IVO",), "medarbetare": ("medarbetaren",),
    "annan": ("den som lämnade synpunkten",),
}
SARAH_BY_DESCRIPTION = {thread.description: thread for thread in SARAH}
MARIA_BY_DESCRIPTION = {thread.description: thread for thread in MARIA}
BREACH_BY_DESCRIPTION = {thread.description: thread for thread in BREACH}


@dataclass(frozen=True)
class Staff:
    """Who handles a unit's cases: its deputy manager, its manager (who signs lex Sarah) and
    the MAS (lex Maria)."""

    deputy: int
    manager: int
    mas: int


@dataclass(frozen=True)
class Work:
    """A case of the first unit's current work: received ``days_ago``, its story stopping
    before any step named in ``stop_before``; ``apt`` and ``serious`` fix what is else drawn."""

    type: CaseType
    days_ago: int
    stop_before: frozenset[str]
    apt: bool | None = None
    serious: bool | None = None


class Plan:
    """The plan of one case: ``steps``, and ``created_at``, when it was registered."""

    def __init__(self, rng: random.Random, days: WorkingDays, zone, row: dict, staff: Staff,
                 reporter: str | None = None, work: Work | None = None):
        """``reporter`` is the name of the medarbetare who filed the report, if registered."""
        self.rng, self.days, self.zone, self.row, self.staff = rng, days, zone, row, staff
        self.reporter = reporter
        self.quick = work is not None
        self.apt = work.apt if work else None
        self.serious = work.serious if work else None
        self.received = row["received_on"]
        self.created_at = office_hour(self.received, zone, rng)
        self.steps: list[Step] = []
        PLANS[row["type"]](self)

    # Dates and the steps every type shares

    def after(self, day: date, least: int, most: int) -> date:
        return self.days.after(day, least if self.quick else self.rng.randint(least, most))

    def chance(self, share: float, fixed: bool | None = None) -> bool:
        return fixed if fixed is not None else self.rng.random() < share

    def step(self, on: date, action: str, user_id: int, **fields) -> date:
        self.steps.append(Step(on, action, user_id, **fields))
        return on

    def assign(self, on: date, handler: int) -> date:
        return self.step(on, "assign", handler, data={"handler": handler},
                         columns={"handler_id": handler})

    def action(self, on: date, text: str, user_id: int | None = None) -> date:
        return self.step(on, "add_action", user_id or self.staff.deputy,
                         data={"on": on.isoformat()},
                         action_record={"description": text, "taken_on": on})

    def feedback(self, on: date, method: str, recipient: str, content: str) -> date:
        return self.step(on, "record_feedback", self.staff.deputy,
                         data={"on": on.isoformat(), "method": method},
                         feedback_record={"given_on": on, "method": method,
                                          "recipient": recipient, "content": content})

    def take_up_at_apt(self, marked: date) -> None:
        if not self.chance(APT_SHARES[self.row["type"]], self.apt):
            return
        self.step(marked, "mark_for_apt", self.staff.deputy, columns={"apt_pending": True})
        held = next_apt(marked)
        self.step(held, "record_apt", self.staff.deputy, data={"on": held.isoformat()},
                  columns={"apt_pending": False, "apt_discussed_on": held})

    def close(self, on: date, summary: str, user_id: int | None = None, **details) -> None:
        self.step(on, "close", user_id or self.staff.deputy, details=details,
                  columns={"closed_on": on, "closing_summary": summary})

    def latest(self) -> date:
        """The day of the last step planned, but for the APT (which may follow the closing)."""
        return max(step.on for step in self.steps if step.action != "record_apt")

    # The plans of each workflow

    def handling(self) -> None:
        """Klagomål, synpunkter and avvikelser: assigned, åtgärder, återkoppling, closed."""
        row, rng, deputy = self.row, self.rng, self.staff.deputy
        thread = _thread(row, rng)
        acted = self.assign(self.after(self.received, 0, 2), deputy)
        count = 1 if self.quick else rng.choices((0, 1, 2), ACTION_COUNTS)[0]
        if count:
            acted = self.action(self.after(acted, 0, 4), thread.action)
        if count == 2:
            self.action(self.after(acted, 3, 15), rng.choice(texts.FOLLOW_UPS))
        if not row.get("anonymous"):
            method, recipient = self._answer_to()
            acknowledgement = texts.ACKNOWLEDGEMENTS.get(row["type"].value)
            if acknowledgement and not self.quick and rng.random() < ACKNOWLEDGED:
                self.feedback(self.after(self.received, 0, 1), method, recipient, acknowledgement)
            self.feedback(self.after(acted, *self._answer_delay()), method, recipient,
                          thread.feedback)
        self.take_up_at_apt(self.after(acted, 0, 3))
        self.close(self.after(self.latest(), 1, 10), thread.summary)

    def praise(self) -> None:
        """Beröm is counted, not handled: passed on to the staff (at the APT, for some)."""
        self.take_up_at_apt(self.after(self.received, 0, 2))
        taken_up = any(step.action == "mark_for_apt" for step in self.steps)
        summary = texts.PRAISE_APT_SUMMARY if taken_up else self.rng.choice(
            texts.PRAISE_SUMMARIES)
        self.close(self.after(self.steps[0].on if self.steps else self.received, 0, 3), summary)

    def lex_sarah(self) -> None:
        """Protective measures at once, the utredning, the manager's assessment, the anmälan
        and IVO's decision when it is serious, closed with what was learnt."""
        staff, thread = self.staff, SARAH_BY_DESCRIPTION[self.row["description"]]
        self.assign(self.received, staff.deputy)
        self.step(self.received, "record_protection", staff.deputy,
                  data={"on": self.received.isoformat()},
                  details={"protective_measures": thread.protective_measures,
                           "protective_measures_on": self.received})
        started = self.after(self.received, 1, 2)
        self.step(started, "record_investigation", staff.deputy, name="start_investigation",
                  details={"investigation_started_on": started})
        self.action(self.after(started, 1, 7), thread.action)
        finished = self.after(started, 5, 20)
        self.step(finished, "record_investigation", staff.deputy, name="finish_investigation",
                  details={"investigation_finished_on": finished,
                           "what_happened": thread.what_happened, "why": thread.why,
                           "prevention": thread.prevention, "measures": thread.measures})
        serious = self.chance(SERIOUS_SHARES[CaseType.LEX_SARAH], self.serious)
        assessed = self._assess(self.after(finished, 0, 3), staff.manager, serious)
        self.feedback(self.after(assessed, 0, 5), "mote",
                      self.reporter or "medarbetaren som rapporterade", thread.feedback)
        self.take_up_at_apt(self.after(assessed, 0, 3))
        if serious:
            notified = self._notify_ivo(self.after(assessed, 1, 4), staff.manager)
            decided = self.after(notified, 40, 100)
            self.step(decided, "record_ivo_decision", staff.manager,
                      data={"on": decided.isoformat()},
                      details={"ivo_decision": self.rng.choice(IVO_DECISIONS),
                               "ivo_decision_on": decided})
        self.close(self.after(self.latest(), 1, 10), thread.summary, lessons=thread.lessons)

    def lex_maria(self) -> None:
        """The MAS's: assessed, notified to IVO when it is (a risk of) allvarlig vårdskada,
        investigated, closed."""
        mas, thread = self.staff.mas, MARIA_BY_DESCRIPTION[self.row["description"]]
        self.assign(self.received, mas)
        serious = self.chance(SERIOUS_SHARES[CaseType.LEX_MARIA], self.serious)
        assessed = self._assess(self.after(self.received, 1, 5), mas, serious, event=thread.event)
        if serious:
            self._notify_ivo(self.after(assessed, 0, 5), mas)
        self.action(self.after(assessed, 1, 10), thread.action, mas)
        finished = self.after(assessed, 10, 30)
        self.step(finished, "record_investigation", mas,
                  details={"investigation": thread.investigation,
                           "investigation_finished_on": finished})
        self.close(self.after(self.latest(), 1, 10), thread.summary, mas)

    def breach(self) -> None:
        """Documented when discovered, the decision on IMY within the 72 hours, the people
        affected told or not (art. 34), closed."""
        rng, deputy = self.rng, self.staff.deputy
        thread = BREACH_BY_DESCRIPTION[self.row["description"]]
        discovered = local_moment(self.received, rng.randint(7 * 60, 11 * 60), self.zone)
        self.created_at = discovered + timedelta(minutes=rng.randint(15, 120))
        self.assign(self.received, deputy)
        people = rng.randint(1, 40)
        self.step(self.received, "record_breach", deputy, at=self.created_at, details={
            "discovered_at": discovered, "what_happened": thread.what_happened,
            "data_categories": thread.data_categories, "approx_people": people,
            "approx_records": people * rng.randint(1, 4), "consequences": thread.consequences,
            "measures": thread.measures})
        serious = self.chance(SERIOUS_SHARES[CaseType.PERSONUPPGIFTSINCIDENT], self.serious)
        if serious:
            notified = discovered + timedelta(hours=2 if self.quick else rng.randint(2, 60))
            decided = notified.astimezone(self.zone).date()
            self.step(decided, "decide_imy", deputy, at=notified,
                      columns={"authority_notified_on": decided},
                      details={"notify_imy": True, "imy_notified_at": notified,
                               "imy_reference": f"IMY-{decided.year}-{rng.randint(1000, 19999)}"})
        else:
            decided = self.step(self.after(self.received, 0, 2), "decide_imy", deputy,
                                details={"notify_imy": False,
                                         "not_notified_reason": thread.not_notified_reason})
        informed = self.after(decided, 0, 3)
        self.step(informed, "inform_subjects", deputy, details={
            "subjects_informed": serious, "subjects_informed_on": informed if serious else None,
            "subjects_not_informed_reason": None if serious else thread.not_informed_reason})
        self.action(self.after(self.received, 1, 10), thread.action)
        self.close(self.after(self.latest(), 1, 15), thread.summary)

    # Helpers of the plans

    def _assess(self, on: date, signer: int, serious: bool, **details) -> date:
        """The signed assessment: one the type's terms say is to be notified, or not."""
        keys = [key for key, term in legal_terms(self.row["type"]).assessments.items()
                if term.notify is serious]
        return self.step(on, "assess", signer, details=details | {
            "assessment": self.rng.choice(keys), "assessed_by_id": signer, "assessed_on": on})

    def _notify_ivo(self, on: date, user_id: int) -> date:
        return self.step(on, "notify_ivo", user_id, data={"on": on.isoformat()},
                         columns={"authority_notified_on": on},
                         details={"ivo_documents": IVO_DOCUMENTS,
                                  "ivo_reference": f"3.5.1-{self.rng.randint(10000, 59999)}"
                                                   f"/{on.year}"})

    def _answer_to(self) -> tuple[str, str]:
        """How the återkoppling is given, and to whom."""
        row = self.row
        if row["type"] is CaseType.AVVIKELSE:
            recipient = (self.reporter or "den som skrev avvikelsen"
                         if row.get("identified_by") != "extern" else "samverkansparten")
            return self.rng.choice(("mote", "mote", "e_post")), recipient
        return (METHODS.get(row.get("channel"), "telefon"),
                self.rng.choice(RECIPIENTS.get(row.get("source"), ("den som hörde av sig",))))

    def _answer_delay(self) -> tuple[int, int]:
        if self.quick:
            return PROMPT_ANSWER
        draw = self.rng.random()
        for share, least, most in LATE_ANSWERS:
            if draw < share:
                return least, most
            draw -= share
        return PROMPT_ANSWER


PLANS = {
    CaseType.KLAGOMAL: Plan.handling, CaseType.SYNPUNKT: Plan.handling,
    CaseType.AVVIKELSE: Plan.handling, CaseType.BEROM: Plan.praise,
    CaseType.LEX_SARAH: Plan.lex_sarah, CaseType.LEX_MARIA: Plan.lex_maria,
    CaseType.PERSONUPPGIFTSINCIDENT: Plan.breach,
}


def next_apt(after: date) -> date:
    """The unit's next workplace meeting after ``after``: the second Tuesday of each month,
    none in July."""
    year, month = after.year, after.month
    while True:
        first = date(year, month, 1)
        meeting = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
        if month != 7 and meeting > after:
            return meeting
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _thread(row: dict, rng: random.Random) -> texts.Thread:
    categories = row.get("categories") or ()
    threads = texts.BY_CATEGORY.get(categories[0]) if categories else None
    return rng.choice(threads or texts.BY_TYPE[row["type"].value])
