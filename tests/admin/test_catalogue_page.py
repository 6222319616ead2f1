"""The categories, sources and report templates, read-only (/admin/kategorier): each term with
the rows it lands in under every year's template, which are the rows the report counts it in."""
import html
from datetime import date

import pytest

from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.core.taxonomy.mapping import landings, term_mappings
from casework.reports.counting import count_report
from tests import factories


@pytest.fixture
def admin_client(app_ctx, client):
    admin = factories.user("admin", factories.node("forvaltning", "Förvaltningen", code="KF"))
    db.session.commit()
    factories.log_in(client, admin)
    return client


def rows(year: int, dimension: str, key: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"{landing.section} > {landing.row}", landing.types)
            for landing in landings(catalogue().templates[year], dimension, key)]


def test_a_category_lands_in_each_years_row_by_case_type(app_ctx):
    assert rows(2023, "category", "avv_rattssakerhet") == [
        (("Vad gällde klagomålet, synpunkten eller avvikelsen? > Brister i rutiner/utförande av "
          "insats eller verksamhet"), ("klagomal", "synpunkt", "avvikelse"))]
    found_2025 = dict(rows(2025, "category", "avv_rattssakerhet"))
    assert found_2025["Avvikelse - SOL/LSS > Rättssäkerhet vid handläggning och utförande"] == (
        "avvikelse",)


def test_an_anonymous_sender_and_a_supervisory_authority_across_the_years(app_ctx):
    assert rows(2024, "source", "anonym") == rows(2024, "source", "tillsynsmyndighet") == [
        ("Från vem har klagomål eller synpunkt inkommit? > Annan (t.ex. okänd)",
         ("klagomal", "synpunkt"))]
    assert rows(2025, "source", "anonym") == [
        ("Från vem har klagomål eller synpunkt inkommit? > Anonym", ("klagomal", "synpunkt"))]


def test_a_term_only_mapped_is_not_offered_on_that_years_forms(app_ctx):
    by_key = {m.key: m for m in term_mappings(catalogue(), "category", 2024)}
    assert by_key["annat_ej_personal"].offered == ()
    assert by_key["bemotande"].offered == (("Bemötande", ("klagomal", "synpunkt")),)
    assert set(by_key["bemotande"].landings) == set(catalogue().years)


@pytest.mark.parametrize("case_type, category, received", [
    ("avvikelse", "avv_rattssakerhet", 2025), ("klagomal", "personuppgifter", 2025),
    ("synpunkt", "halso_sjukvard", 2023), ("avvikelse", "bemanning", 2023),
])
def test_the_rows_shown_are_the_rows_the_report_counts(app_ctx, case_type, category, received):
    """A case registered under one year's choices, counted under every year's template."""
    unit = factories.node("enhet")
    factories.case(unit, case_type, date(received, 3, 4), categories=[category])
    for year, template in catalogue().templates.items():
        table = count_report(template, unit, received, date(received, 12, 31))
        by_category = {row.key for _, row in template.rows() if row.sorts_by("category", case_type)}
        counted = {row.key for row in table.rows if row.total and row.key in by_category}
        shown = {landing.row_key for landing in landings(template, "category", category)
                 if case_type in landing.types}
        assert counted == shown, year


def test_the_page_shows_the_chosen_year_and_every_years_rows(admin_client):
    text = html.unescape(admin_client.get("/admin/kategorier?ar=2023").get_data(as_text=True))
    assert '<option value="2023" selected>' in text
    assert "Rapportmall 2023" in text and "Rad 2024" in text and "Rad 2025" in text
    assert "Klagomål som gäller hälso- och sjukvård" in text
    assert "Vem avser avvikelsen" in text and "<code>anonym</code>" in text


@pytest.mark.parametrize("asked", ["1999", "abc", "2025 OR 1=1", "9" * 500, "-2024"])
def test_a_year_without_a_template_shows_the_one_in_force_and_says_so(admin_client, asked):
    answer = admin_client.get("/admin/kategorier", query_string={"ar": asked})
    assert answer.status_code == 200
    text = html.unescape(answer.get_data(as_text=True))
    assert "Det finns ingen rapportmall för år" in text
    assert "9" * 21 not in text  # a long text is shown cut


def test_without_a_year_the_template_in_force_is_shown(admin_client):
    text = html.unescape(admin_client.get("/admin/kategorier").get_data(as_text=True))
    assert "Det finns ingen rapportmall" not in text
    assert f'<option value="{catalogue().template_for(date.today().year).year}" selected>' in text
