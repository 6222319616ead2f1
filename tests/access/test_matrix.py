"""Issue 7.1: every URL rule answers each persona as tests/access/matrix.py says, and list,
search, export and report pages show A's personas nothing of unit B."""
import re
from urllib.parse import urlsplit

import pytest
from werkzeug.routing import RequestRedirect

from casework.cases.models import Case
from casework.core.extensions import db
from tests import factories
from tests.access.matrix import INACTIVE, MATRIX, PERSONAS, UNGUARDED, World, marker

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def outcome(response) -> str:
    """The matrix's token for a response: the status, ``L`` or ``R`` for a redirect."""
    if response.status_code in (301, 302, 303, 307, 308):
        return "L" if urlsplit(response.location).path == "/login" else "R"
    return str(response.status_code)


def signed_in(app, world: World, persona: str):
    """A new client signed in as ``persona`` (none for ``anonym``), with its own session."""
    client = app.test_client()
    if (user := world.users[persona]) is not None:
        factories.log_in(client, user)
        db.session.commit()
    return client


def test_every_rule_and_method_has_an_entry(app):
    rules = {(method, rule.rule)
             for rule in app.url_map.iter_rules() if rule.rule not in UNGUARDED
             for method in rule.methods - IGNORED_METHODS}
    assert sorted(rules - MATRIX.keys()) == [], "routes without a matrix entry: decide who may"
    assert sorted(MATRIX.keys() - rules) == [], "matrix entries without a route"


def test_each_probe_reaches_its_rule_and_data_of_a_has_its_b_counterpart(app, world):
    adapter = app.url_map.bind("localhost")
    for (method, rule), entry in MATRIX.items():
        for probe in entry.probes:
            path = urlsplit(world.url(probe.url)).path
            try:
                reached, _ = adapter.match(path, method, return_rule=True)
            except RequestRedirect as moved:  # pragma: no cover - a matrix typo
                pytest.fail(f"{probe.url} redirects to {moved.new_url}")
            assert reached.rule == rule, f"{method} {probe.url} reaches {reached.rule}"
        templates = [probe.url for probe in entry.probes]
        if any("{A." in url for url in templates):
            assert any("{B." in url for url in templates), f"{method} {rule}: no probe of B"


#: The personas in this many groups, one test each, so that a parallel run spreads them.
PERSONA_GROUPS = 3


@pytest.mark.parametrize("group", range(PERSONA_GROUPS))
def test_every_persona_gets_what_the_matrix_says(app, world, group):
    """One pass over the whole matrix per group of personas; every mismatch is listed at once.

    Each persona keeps one client, signed in again after a logout; the deactivated user signs
    in before every request, so that each probe meets an open session of an inactive user.
    """
    mismatches = []
    for index, persona in list(enumerate(PERSONAS))[group::PERSONA_GROUPS]:
        client = signed_in(app, world, persona)
        for (method, rule), entry in MATRIX.items():
            for probe in entry.probes:
                if persona == INACTIVE:
                    client = signed_in(app, world, persona)
                response = client.open(world.url(probe.url), method=method, data=entry.data)
                got, expected = outcome(response), probe.expected[index]
                if got != expected:
                    mismatches.append(f"{persona:>13} {method:4} {probe.url}: "
                                      f"expected {expected}, got {got}")
            if rule == "/logout":
                client = signed_in(app, world, persona)
    assert not mismatches, "\n" + "\n".join(mismatches)


# Scopes: lists, searches, exports and reports show A's personas nothing of unit B.

A_PERSONAS = ("medarbetare_a", "planerare_a", "bitr_a", "enhetschef_a")

#: Pages with lists, searches, exports and reports, as an A persona asks for them, including
#: B's case numbers, description words, unit id and a user of B as search terms and filters.
#: A pair is a filter form posted to its path (the search then lives in the session, and the
#: page is the one its answer leads to), as a person searches.
SCOPED_PAGES = (
    "/", "/att-gora", "/apt/{A.code}",
    "/cases", ("/cases", {"sok": "{number}"}), ("/cases", {"sok": "{word}"}),
    "/cases?enhet={B.id}", "/cases?typ=lex_maria", "/cases?sortera=nummer&ordning=fallande",
    "/audit", "/audit?arende={number}", ("/audit", {"anvandare": "{email}"}),
    "/audit/export.csv", "/audit/export.csv?arende={number}", "/audit/kontroller",
    "/reports?node={A.code}&year=2025",
    "/reports/download?node={A.code}&year=2025&format=csv",
    "/reports/download?node={A.code}&year=2025&format=json",
    "/reports/snapshots", "/reports/snapshots/{A.snapshot}.json",
    "/reports/snapshots/{A.snapshot}/compare",
    "/reports/trends?node={A.code}&year=2025",
    "/reports/trends.svg?node={A.code}&year=2025&section=1",
)


def search_terms(world: World) -> dict[str, str]:
    """What the scans type: B's klagomål by number and by word, B's deputy by address."""
    return {"number": world.numbers["B.klagomal"], "word": marker("B", "klagomal"),
            "email": world.users["bitr_b"].email}


def fetch(client, world: World, page: str | tuple[str, dict], terms: dict[str, str]):
    """GET the page, or post its filter form and GET the page the answer leads to."""
    if isinstance(page, str):
        return client.get(page.format_map(world.refs | terms))
    path, form = page
    posted = client.post(path, data={name: value.format_map(terms)
                                     for name, value in form.items()})
    if posted.status_code != 303:  # refused (403): that is the page
        return posted
    assert not [term for term in terms.values() if term in posted.location], posted.location
    return client.get(posted.location)


def b_traces(world: World) -> list[str]:
    """What would show B's data: its case numbers and description words, its name."""
    keys = [key for key in world.numbers if key.startswith("B.")]
    return ([world.numbers[key] for key in keys]
            + [marker("B", key.removeprefix("B.")) for key in keys] + ["Enhet Beta"])


def without_echo(body: str, terms) -> str:
    """``body`` without the search terms where the page only echoes them: in attribute values
    (the search box, links that keep the filters)."""
    def strip(attribute: re.Match) -> str:
        value = attribute.group(0)
        for term in terms:
            value = value.replace(term, "")
        return value

    return re.sub(r'="[^"]*"', strip, body)


def visit_everything_of_b(app, world: World) -> None:
    """B's deputy reads every case of B (audit rows with B's numbers), A's deputy tries one
    (a refused row), and the klagomål and avvikelse of both units wait for the APT."""
    deputy = signed_in(app, world, "bitr_b")
    for key in world.numbers:
        if key.startswith("B."):
            case_id = getattr(world.refs["B"], key.removeprefix("B."))
            assert deputy.get(f"/cases/{case_id}").status_code == 200
    for name in ("klagomal", "avvikelse"):
        db.session.get(Case, getattr(world.refs["B"], name)).apt_pending = True
        db.session.get(Case, getattr(world.refs["A"], name)).apt_pending = True
    db.session.commit()
    assert signed_in(app, world, "bitr_a").get(f"/cases/{world.refs['B'].klagomal}").status_code \
        == 404


@pytest.mark.parametrize("persona", A_PERSONAS)
def test_a_personas_see_nothing_of_b_in_lists_searches_exports_and_reports(app, world, persona):
    visit_everything_of_b(app, world)
    client = signed_in(app, world, persona)
    terms = search_terms(world)
    traces = b_traces(world)
    leaks = []
    for page in SCOPED_PAGES:
        response = fetch(client, world, page, terms)
        assert response.status_code in (200, 400, 403, 404), f"{page}: {response.status_code}"
        body = without_echo(response.get_data(as_text=True), terms.values())
        leaks += [f"{page} ({response.status_code}) shows {trace!r}"
                  for trace in traces if trace in body]
    assert not leaks, "\n" + "\n".join(leaks)


@pytest.mark.parametrize("persona, page, trace", [
    ("planerare_b", ("/cases", {"sok": "{number}"}), "B.klagomal"),
    ("planerare_b", ("/cases", {"sok": "{word}"}), "B.klagomal"),
    ("bitr_b", "/cases?enhet={B.id}", "B.lex_sarah"),
    ("bitr_b", "/att-gora", "B.avvikelse"),
    ("bitr_b", "/apt/{B.code}", "B.klagomal"),
    ("mas", "/apt/{B.code}", "Enhet Beta"),
    ("admin", "/audit?arende={number}", "B.klagomal"),
    ("admin", "/audit/export.csv", "B.lex_maria"),
    ("admin", ("/audit", {"anvandare": "{email}"}), "B.lex_maria"),
    ("admin", "/audit/kontroller", "Enhet Beta"),
    # Every case the validator passes has its rows, so no number is listed as unmapped.
    ("bitr_b", "/reports?node={B.code}&year=2025", "Enhet Beta"),
    ("bitr_b", "/reports/snapshots", "Enhet Beta"),
])
def test_the_same_pages_show_b_to_bs_personas(app, world, persona, page, trace):
    """The control: the traces looked for above are there for those who may see them."""
    visit_everything_of_b(app, world)
    terms = search_terms(world)
    response = fetch(signed_in(app, world, persona), world, page, terms)
    assert response.status_code == 200
    body = without_echo(response.get_data(as_text=True), terms.values())
    assert world.numbers.get(trace, trace) in body
