"""What each role sees: the header's navigation and the start page's list of tasks.

Both are data. A page joins the navigation by adding a ``NavItem`` once its endpoint exists
(a test builds every endpoint listed here); a task becomes a link by giving it an endpoint.
"""
from typing import NamedTuple

from casework.access.policy import AUDIT_ROLES, REPLY_TEXT_ROLES, REPORT_ROLES
from casework.auth.models import Role


class NavItem(NamedTuple):
    label: str
    endpoint: str
    #: Who sees the item; ``None`` means everyone signed in.
    roles: frozenset[Role] | None = None
    #: The menu it folds into, and its label there, when a role has more than one of its group.
    group: tuple[str, str] | None = None


class NavGroup(NamedTuple):
    label: str
    items: list[NavItem]


class Task(NamedTuple):
    text: str
    endpoint: str | None = None
    #: GET parameters of the link: filters of the case list, never free text.
    params: tuple[tuple[str, str], ...] = ()


_HANDLERS = frozenset({Role.BITRADANDE_ENHETSCHEF, Role.ENHETSCHEF})
_NEW = "Registrera"

NAV_ITEMS: list[NavItem] = [
    NavItem("Start", "web.start"),
    NavItem("Att göra", "cases.todo", _HANDLERS | {Role.MAS}),
    NavItem("Ärenden", "cases.index", frozenset(Role) - {Role.ADMIN}),
    NavItem("Registrera", "cases.new", _HANDLERS | {Role.PLANERARE},
            (_NEW, "Klagomål, synpunkt eller beröm")),
    NavItem("Rapportera avvikelse", "cases.report", _HANDLERS | {Role.MEDARBETARE},
            (_NEW, "Avvikelse eller lex Sarah")),
    NavItem("Lex Maria och incidenter", "cases.new_legal", _HANDLERS | {Role.MAS},
            (_NEW, "Lex Maria eller personuppgiftsincident")),
    NavItem("Rapporter", "reports.index", REPORT_ROLES),
    NavItem("Åtkomstlogg", "audit.index", AUDIT_ROLES),
    NavItem("Svarsmallar", "replies.index", REPLY_TEXT_ROLES),
    NavItem("Administration", "admin.index", frozenset({Role.ADMIN})),
]

ROLE_TASKS: dict[Role, list[Task]] = {
    Role.PLANERARE: [
        Task("Registrera synpunkter och klagomål medan du pratar med den som hör av sig",
             "cases.new"),
        Task("Registrera beröm", "cases.new"),
    ],
    Role.MEDARBETARE: [
        Task("Skriva avvikelserapporter och lex Sarah-rapporter", "cases.report"),
        Task("Se återkopplingen på dina rapporter", "cases.index"),
    ],
    Role.BITRADANDE_ENHETSCHEF: [
        Task("Handlägga enhetens ärenden: utreda, dokumentera åtgärder och återkoppla",
             "cases.todo"),
        # Att göra links each enhet's APT page (its URL needs the enhet).
        Task("Ta upp ärenden på arbetsplatsträffen och avsluta dem", "cases.todo"),
    ],
    Role.ENHETSCHEF: [
        Task("Bedöma om en lex Sarah-rapport gäller ett missförhållande och fatta beslut",
             "cases.index", (("typ", "lex_sarah"),)),
        Task("Läsa och komplettera enhetens rapporttabeller", "reports.index"),
        Task("Se vem som har läst och ändrat enhetens ärenden och rapporter", "audit.index"),
        Task("Göra veckans loggkontroll och signera den", "logchecks.index"),
        Task("Skriva enhetens svarsmallar för kvittenser, svar och APT", "replies.index"),
        Task("Se vad som gallras och spärra ärenden mot gallring", "admin.retention"),
    ],
    Role.OMRADESCHEF: [
        Task("Läsa rapporter sammanställda för dina enheter", "reports.index"),
        Task("Följa trenderna år för år", "reports.trends_page"),
    ],
    Role.MAS: [
        Task("Registrera lex Maria-ärenden", "cases.new_legal"),
        Task("Handlägga lex Maria-ärenden och anmäla till IVO", "cases.todo"),
    ],
    Role.ADMIN: [
        Task("Hantera användare, enheter, kategorier, rapportmallar och tidsfrister",
             "admin.index"),
        Task("Se vilka e-postadresser påminnelserna inte når", "reminders.failing"),
        Task("Skriva svarsmallar för alla enheter", "replies.index"),
        Task("Granska åtkomstloggen", "audit.index"),
        Task("Göra veckans loggkontroller och signera dem", "logchecks.index"),
    ],
}


def nav_items(roles: set[Role]) -> list[NavItem]:
    return [item for item in NAV_ITEMS if item.roles is None or item.roles & roles]


def menu(roles: set[Role]) -> list[NavItem | NavGroup]:
    """The header's menu: the role's items, those of a group folded into one entry where the
    role has several of them (a handler's three intake forms), so that it fits one line."""
    items, entries = nav_items(roles), []
    for item in items:
        members = [other for other in items
                   if item.group and other.group and other.group[0] == item.group[0]]
        if len(members) < 2:
            entries.append(item)
        elif item is members[0]:
            entries.append(NavGroup(item.group[0], members))
    return entries


def tasks_by_role(roles: set[Role]) -> list[tuple[Role, list[Task]]]:
    """The tasks of each role held, in the order roles are declared."""
    return [(role, ROLE_TASKS[role]) for role in Role if role in roles]
