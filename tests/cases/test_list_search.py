"""The case list's search box (issue 7.3): what is typed there may name a client, so it is
posted, kept in the session, and the list's URL and every link it makes carry only a key."""
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from casework.cases.services import bulk_insert_cases
from casework.web.private_terms import PARAM
from tests import factories
from tests.cases.test_list_views import case_numbers, chief, get, link  # noqa: F401  (a fixture)
from tests.cases.test_queries import add_case, org  # noqa: F401  (a fixture)
from tests.privacy import carries, record_access_log, urls_in

NAME = "Lindqvist"
EXPIRED = "Sökningen gäller inte längre – sök igen."


def search(client, **data) -> str:
    """Post the filter form; the URL of the list it answers with."""
    response = client.post("/cases", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location


def test_the_search_text_is_in_no_url_and_no_access_log_line(
        app, client, org, chief, monkeypatch):  # noqa: F811
    named = add_case(org.a, description=f"Åsa {NAME} föll i trappan.")
    add_case(org.a, description="Morgonbesöket kom för sent.")
    log = record_access_log(app, monkeypatch)

    response = client.post("/cases", data={"sok": NAME.lower(), "typ": "klagomal"})
    page = get(client, response.location)

    assert response.status_code == 303
    query = parse_qs(urlsplit(response.location).query)
    assert query["typ"] == ["klagomal"] and len(query[PARAM]) == 1
    assert case_numbers(page) == [named.number]
    assert f'value="{NAME.lower()}"' in page  # the box keeps the search, in the page only
    assert urls_in(page) and not [url for url in urls_in(page) if carries(url, NAME)]
    assert not carries(response.location, NAME)
    assert [line.split()[:2] for line in log] == [["POST", "/cases"],
                                                  ["GET", response.location]]
    assert not [line for line in log if carries(line, NAME)]


def test_the_search_holds_across_sort_and_page_links(client, org, chief):  # noqa: F811
    other = add_case(org.a, description="Annat.")  # the lowest number: first by number
    bulk_insert_cases([factories.case_fields("klagomal", unit_id=org.a.id, received_on=date(2025, 4, 1),
                                description=f"Besök hos {NAME}.") for _ in range(55)])

    first = get(client, search(client, sok=NAME))
    second = get(client, link(first, "Nästa sida"))
    by_number = get(client, link(second, "Ärendenummer"))
    back = get(client, link(get(client, link(first, "Nästa sida")), "Föregående sida"))

    assert (len(case_numbers(first)), len(case_numbers(second))) == (50, 5)
    assert len(case_numbers(by_number)) == 50 and other.number not in case_numbers(by_number)
    assert case_numbers(by_number) == sorted(case_numbers(by_number))
    assert case_numbers(back) == case_numbers(first)
    for page in (first, second, by_number):
        assert f'value="{NAME}"' in page
        assert not [url for url in urls_in(page) if carries(url, NAME)]
    key = parse_qs(urlsplit(link(first, "Nästa sida")).query)[PARAM]
    assert parse_qs(urlsplit(link(by_number, "Inkom")).query)[PARAM] == key


def test_the_same_search_again_keeps_its_key_and_a_new_one_gets_another(
        client, org, chief):  # noqa: F811
    first = search(client, sok=NAME)

    assert search(client, sok=NAME, sortera="nummer").split(f"{PARAM}=")[1] \
        == first.split(f"{PARAM}=")[1]
    assert search(client, sok="trappan") != first


def test_a_case_number_is_searched_the_same_way(client, org, chief):  # noqa: F811
    case = add_case(org.a)

    location = search(client, sok=case.number)

    assert case.number not in location
    assert case_numbers(get(client, location)) == [case.number]


def test_no_search_no_key(client, org, chief):  # noqa: F811
    assert search(client, sok="  ", typ="berom") == "/cases?typ=berom"


def test_an_unknown_key_shows_the_list_without_the_search_and_says_so(
        client, org, chief):  # noqa: F811
    cases = [add_case(org.a, description=f"Hos {NAME}."), add_case(org.a)]

    response = client.get(f"/cases?{PARAM}=finns-inte&typ=klagomal")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert EXPIRED in page and 'role="status"' in page
    assert sorted(case_numbers(page)) == sorted(case.number for case in cases)
    assert PARAM not in link(page, "Ärendenummer") and "typ=klagomal" in link(page, "Ärendenummer")


def test_a_key_from_another_browser_is_unknown(app, client, org, chief):  # noqa: F811
    add_case(org.a, description=f"Hos {NAME}.")
    location = search(client, sok=NAME)
    other = app.test_client()
    factories.log_in(other, chief)

    page = get(other, location)

    # The name shows only where the case's own description does, in its row.
    assert EXPIRED in page and NAME not in page.replace(f">Hos {NAME}.</td>", "")


def test_a_search_typed_into_the_url_is_neither_read_nor_passed_on(
        client, org, chief):  # noqa: F811
    cases = [add_case(org.a, description=f"Hos {NAME}."), add_case(org.a)]

    page = get(client, f"/cases?sok={NAME}")

    assert EXPIRED in page and len(case_numbers(page)) == len(cases)
    assert f'value="{NAME}"' not in page
    assert not [url for url in urls_in(page) if carries(url, NAME)]


def test_a_long_search_gets_a_swedish_message_at_the_field_and_stays_typed(
        client, org, chief):  # noqa: F811
    response = client.post("/cases", data={"sok": "x" * 101})
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert '<p class="field__error" id="sok-error">' in page
    assert "Texten får vara högst 100 tecken; den här har 101." in page
    # Nothing cuts the search in the browser: the text is refused, not shortened.
    assert f'value="{"x" * 101}"' in page and "Rätta filtren ovan" in page
    assert "maxlength" not in page


def test_the_form_is_posted_with_a_csrf_token_and_labelled(client, org, chief):  # noqa: F811
    page = get(client, "/cases")

    form = re.search(r'<form class="filters panel"[^>]*>', page).group(0)
    assert 'method="post"' in form and 'action="/cases"' in form
    assert 'name="csrf_token"' in page
    assert re.search(r'<label[^>]*for="sok">Sök</label>', page)


def test_the_post_needs_a_login(client):
    response = client.post("/cases", data={"sok": NAME})

    assert response.status_code == 302 and "/login" in response.location
    assert not carries(response.location, NAME)
