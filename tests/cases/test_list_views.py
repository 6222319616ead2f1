"""/cases: the filter form, the table, sorting links and page links. The search box, which stays
out of URLs, is tested in test_list_search.py."""
import re
from datetime import date
from html import unescape

import pytest

from casework.cases.services import bulk_insert_cases
from tests import factories
from tests.cases.test_queries import add_case, org  # noqa: F401  (a fixture)


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def case_numbers(page: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a href="/cases/\d+">([\d-]+)</a>', page)


def link(page: str, text: str) -> str:
    return unescape(re.search(rf'href="([^"]+)">{text}</a>', page).group(1))


@pytest.fixture
def chief(org, client):  # noqa: F811
    user = factories.user("omradeschef", org.north)
    factories.log_in(client, user)
    return user


def test_the_list_needs_a_login(client):
    response = client.get("/cases")
    assert response.status_code == 302 and "/login" in response.location


def test_a_row_links_its_case_and_shows_the_columns(client, org, chief):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a, name="Bea Biträdande")
    case = add_case(org.a, categories=["bemotande"], handler_id=deputy.id,
                    due_on=date(2025, 3, 10), status="pagaende")

    page = get(client, "/cases")

    assert f'<a href="/cases/{case.id}">{case.number}</a>' in page
    for text in ("Klagomål", "Pågående", "Aspudden hemtjänst", "4 mars 2025", "Bea Biträdande",
                 "Bemötande", ">Försenad</strong>"):
        assert text in page
    for label in ("Typ", "Status", "Kategori", "Enhet", "Från", "Till", "Försenade", "Mina", "Sök"):
        assert re.search(rf'<label[^>]*for="\w+">{label}</label>', page), label


def test_filters_come_from_the_query_string(client, org, chief):  # noqa: F811
    complaint = add_case(org.a, description="Trappan var hal.")
    praise = add_case(org.b, "berom")

    assert case_numbers(get(client, "/cases?typ=berom")) == [praise.number]
    assert case_numbers(get(client, f"/cases?enhet={org.a.id}&typ=")) == [complaint.number]
    assert 'selected value="berom"' in get(client, "/cases?typ=berom")


def test_the_form_is_posted_and_answered_with_the_filters_in_the_url(
        client, org, chief):  # noqa: F811
    response = client.post("/cases", data={"typ": "berom", "forsenade": "y", "sok": ""})

    assert response.status_code == 303
    assert response.location == "/cases?typ=berom&forsenade=y"


def test_units_offered_are_those_in_scope(client, org, chief):  # noqa: F811
    page = get(client, "/cases")

    assert "Aspudden hemtjänst</option>" in page and "Trekanten hemtjänst</option>" in page
    assert "Kransen hemtjänst" not in page
    response = client.get(f"/cases?enhet={org.c.id}")
    assert "Välj ett av alternativen i listan." in response.get_data(as_text=True)


def test_a_single_unit_needs_no_unit_filter(client, org):  # noqa: F811
    factories.log_in(client, factories.user("planerare", org.a))
    assert 'name="enhet"' not in get(client, "/cases")


@pytest.mark.parametrize("query, field, message", [
    ("typ=okand", "typ", "Välj ett av alternativen i listan."),
    ("status=borta", "status", "Välj ett av alternativen i listan."),
    ("kategori=vader", "kategori", "Välj ett av alternativen i listan."),
    ("enhet=abc", "enhet", "Välj ett av alternativen i listan."),
    ("fran=14%2F3", "fran", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-03-14."),
    ("till=2025-02-30", "till", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-03-14."),
    ("fran=2025-03-05&till=2025-03-01", "till", "Till-datumet kan inte vara före Från-datumet."),
])
def test_a_bad_filter_value_gets_a_swedish_message_by_its_field(client, org, chief,  # noqa: F811
                                                                query, field, message):
    add_case(org.a)

    page = get(client, f"/cases?{query}")

    assert f'<p class="field__error" id="{field}-error">' in page
    assert message in page
    assert "Rätta filtren ovan" in page and case_numbers(page) == []


def test_a_bad_value_posted_shows_the_form_again_with_400_and_the_input_kept(
        client, org, chief):  # noqa: F811
    response = client.post("/cases", data={"fran": "14/3 2025", "sok": "trappa",
                                           "typ": "klagomal"})
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert 'value="14/3 2025"' in page and 'value="trappa"' in page
    assert '<p class="field__error" id="fran-error">' in page
    assert "Formuläret innehåller fel" in page
    assert 'selected value="klagomal"' in page


def test_an_empty_result_says_so(client, org, chief):  # noqa: F811
    add_case(org.a)

    assert "Inga ärenden matchar filtren." in get(client, "/cases?typ=berom")


def test_admin_sees_no_cases(client, org):  # noqa: F811
    add_case(org.a)
    factories.log_in(client, factories.user("admin", org.district))

    page = get(client, "/cases")

    assert case_numbers(page) == [] and "Inga ärenden" in page


def test_column_headers_sort_and_say_how(client, org, chief):  # noqa: F811
    first = add_case(org.a, received_on=date(2025, 3, 1))
    second = add_case(org.a, received_on=date(2025, 3, 2))

    page = get(client, "/cases?typ=klagomal")
    assert case_numbers(page) == [second.number, first.number]
    assert re.search(r'aria-sort="descending"><a href="[^"]+">Inkom</a>', page)

    by_number = get(client, link(page, "Ärendenummer"))
    assert case_numbers(by_number) == [first.number, second.number]
    assert re.search(r'aria-sort="ascending"><a href="[^"]+">Ärendenummer</a>', by_number)
    assert "typ=klagomal" in link(by_number, "Ärendenummer")
    assert "ordning=fallande" in link(by_number, "Ärendenummer")
    assert 'name="sortera" type="hidden" value="nummer"' in by_number


def test_page_links_walk_forward_and_back(client, org, chief):  # noqa: F811
    bulk_insert_cases([factories.case_fields("klagomal", unit_id=org.a.id, received_on=date(2025, 4, 1),
                                description="x") for _ in range(55)])

    first = get(client, "/cases")
    assert len(case_numbers(first)) == 50 and "Föregående sida" not in first

    second = get(client, link(first, "Nästa sida"))
    assert len(case_numbers(second)) == 5 and "Nästa sida" not in second
    assert not set(case_numbers(first)) & set(case_numbers(second))

    back = get(client, link(second, "Föregående sida"))
    assert case_numbers(back) == case_numbers(first)


def test_a_page_link_that_names_no_page_answers_404(client, org, chief):  # noqa: F811
    add_case(org.a)

    for query in ("efter=nonsens", "fore=2025-99-99~1", "sortera=hemligt&efter=1~2",
                  "efter=2026-01-01~2147483648", "fore=2026-01-01~99999999999999999999",
                  "sortera=nummer&efter=2025-0001~2147483648~2025-0001", "efter="):
        assert client.get(f"/cases?{query}").status_code == 404, query


def test_links_carry_only_the_filters(client, org, chief):  # noqa: F811
    add_case(org.a)

    page = get(client, "/cases?typ=klagomal&_external=1&_anchor=x&annat=y")

    assert link(page, "Typ") == "/cases?typ=klagomal&sortera=typ&ordning=stigande"
