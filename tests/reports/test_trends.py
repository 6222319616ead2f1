"""Trends: figures of two years for hand-made cases, the SVG chart, the page and its access."""
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.taxonomy import catalogue
from casework.reports.trends import SectionTrend, svg, trends
from tests import factories
from tests.pages import inline_scripts
from tests.reports.test_counting import count_statements

SVG = "{http://www.w3.org/2000/svg}"
FROM_WHOM = "Från vem har klagomål eller synpunkt inkommit?"


@pytest.fixture
def org(app_ctx):
    """Område O1 with enheter ASP (cases of 2023 to 2026) and E2; område O2 with E3."""
    o1 = factories.node("omrade", "Område 1", code="O1")
    asp = factories.node("enhet", "Aspudden hemtjänst", o1, "ASP")
    factories.node("enhet", "Enhet 2", o1, "E2")
    e3 = factories.node("enhet", "Enhet 3", factories.node("omrade", "Område 2", code="O2"), "E3")
    cases = [
        (asp, "berom", date(2025, 2, 3), {}),
        (asp, "berom", date(2025, 9, 1), {}),
        (asp, "klagomal", date(2025, 5, 5), {"source": "brukare"}),
        (asp, "klagomal", date(2025, 1, 10), {"source": "narstaende"}),
        (asp, "berom", date(2024, 3, 1), {}),
        (asp, "berom", date(2024, 4, 30), {}),
        (asp, "berom", date(2024, 12, 31), {}),
        (asp, "klagomal", date(2024, 8, 31), {"source": "brukare"}),
        (asp, "klagomal", date(2024, 9, 1), {"source": "samverkanspart"}),
        (asp, "berom", date(2023, 12, 31), {}),
        (asp, "berom", date(2026, 1, 1), {}),
        (e3, "berom", date(2025, 3, 3), {}),
    ]
    bulk_insert_cases([{"type": CaseType(kind), "unit_id": unit.id, "received_on": on,
                        "categories": ["bemotande"] if kind == "klagomal" else [],
                        "description": "Ärendet gällde insatsen.", **fields}
                       for unit, kind, on, fields in cases])
    return {"o1": o1, "asp": asp, "e3": e3}


def section(found, title: str) -> SectionTrend:
    [match] = [s for s in found.sections if s.title == title]
    return match


def test_each_section_has_this_years_tertials_beside_last_years(org):
    found = trends(org["asp"], 2025)
    assert found.template == 2025
    assert [s.title for s in found.sections] == [
        s.title for s in catalogue().templates[2025].sections]
    berom = section(found, "Beröm")
    assert (berom.current, berom.previous) == ((1, 0, 1), (2, 0, 1))
    sources = section(found, FROM_WHOM)
    rows = {row.label: (row.current, row.previous) for row in sources.rows}
    assert rows["Brukare/patient"] == ((0, 1, 0), (0, 1, 0))
    assert rows["Närstående (anhörig, god man etc.)"] == ((1, 0, 0), (0, 0, 0))
    assert rows["Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)"] == (
        (0, 0, 0), (0, 0, 1))
    assert (sources.current, sources.previous) == ((1, 1, 0), (0, 1, 1))


def test_a_level_above_sums_its_units_and_takes_four_statements(org):
    statements = count_statements(lambda: trends(org["o1"], 2025))
    assert statements == 4
    assert section(trends(org["o1"], 2025), "Beröm").current == (1, 0, 1)


def test_the_chart_is_well_formed_svg_with_title_desc_and_swedish_labels(org):
    berom = section(trends(org["asp"], 2025), "Beröm")
    chart = svg(berom, 2025)
    root = ET.fromstring(chart)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    labelled_by = root.get("aria-labelledby").split()
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert ids[labelled_by[0]].text == "Beröm: 2025 jämfört med 2024"
    assert "T1: 2025 1 st, 2024 2 st" in ids[labelled_by[1]].text
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"T1", "T2", "VB", "2025", "2024", "Antal (st)"} <= set(texts)
    assert all(element.get("style") is None for element in root.iter())
    assert "<script" not in chart
    assert svg(berom, 2025, standalone=True).startswith('<?xml version="1.0"')


def test_an_empty_section_still_draws_an_axis(org):
    chart = ET.fromstring(svg(SectionTrend(1, "Tomt", ()), 2025))
    assert [t.text for t in chart.iter(f"{SVG}text")][:2] == ["0", "1"]


def signed_in(client, role, unit):
    factories.log_in(client, factories.user(role, unit))
    return client


def test_the_page_has_a_chart_and_a_table_per_section(client, org):
    page = signed_in(client, "enhetschef", org["asp"]).get("/reports/trends?node=ASP&year=2025")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    charts = re.findall(r"<svg .*?</svg>", text, re.DOTALL)
    assert len(charts) == len(catalogue().templates[2025].sections)
    for chart in charts:
        ET.fromstring(chart)
    assert f"<caption>{FROM_WHOM}: antal per tertial, 2025 och 2024</caption>" in text
    assert '<th scope="col">T1 2025</th>' in text and '<th scope="col">VB 2024</th>' in text
    assert '<th scope="row">Brukare/patient</th>' in text
    assert not inline_scripts(text) and "style=" not in text


def test_one_chart_is_served_as_svg(client, org):
    signed_in(client, "omradeschef", org["o1"])
    response = client.get("/reports/trends.svg?node=O1&year=2025&section=1")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert ET.fromstring(response.data).get("role") == "img"
    for bad in ("section=0", "section=99", "section=ett", ""):
        response = client.get(f"/reports/trends.svg?node=O1&year=2025&{bad}")
        assert response.status_code == 400
        assert response.get_data(as_text=True).startswith("Ange avsnittets nummer")


@pytest.mark.parametrize("role", ["planerare", "medarbetare"])
def test_without_a_report_role_403(client, org, role):
    signed_in(client, role, org["asp"])
    assert client.get("/reports/trends").status_code == 403
    assert client.get("/reports/trends.svg?node=ASP&year=2025&section=1").status_code == 403


def test_a_node_out_of_reach_is_404(client, org):
    signed_in(client, "enhetschef", org["asp"])
    for node in ("E3", "O1"):
        assert client.get(f"/reports/trends?node={node}&year=2025").status_code == 404
        assert client.get(f"/reports/trends.svg?node={node}&year=2025&section=1"
                          ).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    assert client.get("/reports/trends").status_code == 302


@pytest.mark.parametrize("query, message", [
    ("node=NOPE&year=2025", "Det finns ingen enhet med koden NOPE."),
    ("node=ASP&year=1999", "Det finns ingen rapportmall för 1999"),
    ("node=ASP&year=tjugo", "Skriv året med fyra siffror"),
    ("node=&year=2025", "Välj en enhet."),
])
def test_bad_input_gets_a_swedish_message(client, org, query, message):
    signed_in(client, "enhetschef", org["asp"])
    page = client.get(f"/reports/trends?{query}")
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    chart = client.get(f"/reports/trends.svg?{query}&section=1")
    assert chart.status_code == 400 and message in chart.get_data(as_text=True)
