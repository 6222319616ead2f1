"""Att göra at /att-gora, and what the start page shows each role."""
from datetime import date

from casework.cases.queries import SHORT_LIST
from tests import factories
from tests.cases.test_list_views import case_numbers, get
from tests.cases.test_queries import add_case, org  # noqa: F401  (a fixture)


def test_att_gora_lists_each_section_with_its_count(client, org):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a)
    late = add_case(org.a, handler_id=deputy.id, due_on=date(2025, 3, 10))
    waiting = add_case(org.a, "avvikelse")
    add_case(org.a, "berom", apt_pending=True)
    add_case(org.b, "klagomal")
    factories.log_in(client, deputy)

    page = get(client, "/att-gora")

    assert "<h1>Att göra</h1>" in page
    for heading in ('Försenade <span class="count">(1)</span>',
                    'Mina öppna ärenden <span class="count">(1)</span>',
                    'Ej tilldelade ärenden <span class="count">(2)</span>',
                    'Väntar på återkoppling <span class="count">(2)</span>',
                    'Till nästa APT <span class="count">(1)</span>'):
        assert heading in page
    assert case_numbers(page).count(late.number) == 3
    assert f'<a href="/cases/{waiting.id}">' in page
    # In Försenade, Mina and Väntar på återkoppling.
    assert page.count(">Försenad</strong>") == 3


def test_a_long_section_shows_the_most_urgent_and_says_so(client, org):  # noqa: F811
    deputy = factories.user("enhetschef", org.a)
    for _ in range(SHORT_LIST + 1):
        add_case(org.a, "berom")
    factories.log_in(client, deputy)

    page = get(client, "/att-gora")

    assert f"Visar de {SHORT_LIST} mest brådskande av {SHORT_LIST + 1}." in page


def test_att_gora_is_for_those_who_handle_cases(client, org):  # noqa: F811
    factories.log_in(client, factories.user("planerare", org.a))
    assert client.get("/att-gora").status_code == 403


def test_start_shows_a_handler_what_waits(client, org):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a)
    case = add_case(org.a, handler_id=deputy.id)
    factories.log_in(client, deputy)

    page = get(client, "/")

    assert '<h2 id="att-gora">Att göra</h2>' in page
    assert 'Mina öppna ärenden <span class="count">(1)</span></h3>' in page
    assert case_numbers(page) == [case.number, case.number]  # mine, and waiting for återkoppling


def test_start_offers_a_planner_registering_and_their_latest_cases(client, org):  # noqa: F811
    planner = factories.user("planerare", org.a)
    own = add_case(org.a, by=planner)
    add_case(org.a)
    factories.log_in(client, planner)

    page = get(client, "/")

    assert '<a class="button" href="/cases/new">Registrera ett ärende</a>' in page
    assert "Senast registrerade av dig" in page and case_numbers(page) == [own.number]
    assert 'href="/cases?mina=y"' in page and "Att göra" not in page


def test_start_shows_staff_their_reports_and_the_feedback_on_them(client, org):  # noqa: F811
    staff = factories.user("medarbetare", org.a)
    answered = add_case(org.a, "avvikelse", by=staff, feedback_on=date(2025, 3, 14))
    waiting = add_case(org.a, "lex_sarah", by=staff)
    factories.log_in(client, staff)

    page = get(client, "/")

    assert "<h2 id=\"mina-rapporter\">Mina rapporter</h2>" in page
    assert case_numbers(page) == [waiting.number, answered.number]
    assert "Lämnad 14 mars 2025" in page and "Inte ännu" in page
    assert "Registrera ett ärende" not in page


def test_start_for_someone_who_registers_nothing_yet(client, org):  # noqa: F811
    factories.log_in(client, factories.user("medarbetare", org.a))
    assert "Du har inte registrerat några ärenden ännu." in get(client, "/")
