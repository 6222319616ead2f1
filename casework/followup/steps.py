"""How the follow-up question hooks into the cases: the close and reopen steps' hooks
(``handling.ON_CLOSE``, ``ON_REOPEN``), the step ``decline_reopen`` and its guard, and the
timeline's texts of the question's events. Importing the package registers them."""

from casework.cases import handling
from casework.cases.steps import Step, register, register_event
from casework.cases.workflow import Guard, register_guards
from casework.followup import services
from casework.followup.forms import DeclineForm

handling.ON_CLOSE.append(services.ask)
handling.ON_REOPEN.append(services.settle_on_reopen)

register_guards({
    "reopen_requested": Guard(
        lambda case, _: services.open_request(case) is not None,
        "Det finns ingen begäran om återöppning att avgöra.",
    ),
})

register(
    Step(name="decline_reopen", path="begaran/avsla", refusal="avslå begäran om återöppning",
         form=DeclineForm, service=services.decline,
         done="Begäran om återöppning är avslagen.",
         event="reopen_declined", event_text="Avslog begäran om återöppning"),
)

register_event("follow_up_sent", "Skickade frågan om nöjdhet till den som klagade")
register_event("follow_up_waiting", "Skickade ingen ny fråga om nöjdhet: den förra är obesvarad "
                                    "och gäller fortfarande")
register_event("follow_up_answered", "Den som klagade svarade på frågan om nöjdhet")
