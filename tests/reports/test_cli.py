"""``casework report``: the table of any organisation node as JSON or CSV."""
import csv
import io
import json
from datetime import date

import pytest

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.core.taxonomy import catalogue
from tests import factories


@pytest.fixture
def unit(app_ctx):
    """Enhet E1 under område O1, with a complaint, a praise and a lex Maria of 2025."""
    enhet = factories.node("enhet", "Aspudden hemtjänst",
                           factories.node("omrade", "Område 1", code="O1"), code="E1")
    bulk_insert_cases([
        {"type": CaseType.KLAGOMAL, "unit_id": enhet.id, "received_on": date(2025, 2, 3),
         "source": "narstaende", "categories": ["bemotande"], "feedback_on": date(2025, 5, 2),
         "description": "Personalen var otrevlig."},
        {"type": CaseType.BEROM, "unit_id": enhet.id, "received_on": date(2025, 9, 1)},
        {"type": CaseType.LEX_MARIA, "unit_id": enhet.id, "received_on": date(2025, 6, 1),
         "description": "Fel läkemedel gavs."},
    ])
    return enhet


def report(cli, *args):
    return cli.invoke(args=["report", *args])


def test_json_has_every_row_with_zeros_and_lists_unmapped_cases(cli, unit):
    result = report(cli, "--unit", "O1", "--year", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["template", "unit", "year", "cutoff", "rows", "unmapped"]
    assert (data["template"], data["unit"], data["year"], data["cutoff"]) == (
        "2025", "O1", 2025, "2025-12-31")
    assert len(data["rows"]) == sum(1 for _ in catalogue().templates[2025].rows())
    assert data["rows"][0] == {
        "section": "Avvikelse - Lex Sarah",
        "label": "Antal anmälningar till IVO (Antal rapporter som bedömts som allvarligt "
                 "missförhållande eller påtaglig risk för missförhållande och anmälts till IVO)",
        "t1": 0, "t2": 0, "vb": 0, "total": 0, "note": "",
    }
    by_label = {(row["section"], row["label"]): row for row in data["rows"]}
    feedback = by_label["Vilken återkoppling och vilka åtgärder har gjorts?",
                        "Antal synpunkter/klagomål där återkoppling har lämnats"]
    assert (feedback["t1"], feedback["total"]) == (1, 1)
    assert by_label["Beröm", "Beröm"]["vb"] == 1
    assert data["unmapped"] == [{"number": "2025-0002", "type": "lex_maria",
                                 "received_on": "2025-06-01",
                                 "reason": "template 2025 has no row for lex_maria"}]
    assert '"Bemötande"' in result.stdout  # not \u-escaped


def test_template_and_cutoff_options(cli, unit):
    result = report(cli, "--unit", "E1", "--year", "2025", "--template", "2024",
                    "--cutoff", "2025-04-30", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["template"], data["cutoff"]) == ("2024", "2025-04-30")
    totals = {row["label"]: row["total"] for row in data["rows"]}
    assert totals["Antal klagomål där återkoppling har lämnats"] == 0
    assert totals["Närstående (anhörig, god man, etc.)"] == 1
    assert totals["Lex Maria"] == 0 and data["unmapped"] == []


def test_csv_has_the_table_columns(cli, unit, tmp_path):
    out = tmp_path / "rapport.csv"
    result = report(cli, "--unit", "E1", "--year", "2025", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 unmapped entries" in result.stderr
    content = out.read_bytes()
    assert content.startswith("\ufeff".encode())  # Swedish Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Uppdelning", "Klagomål/synpunkter/kategorier", "Utfall T1", "Utfall T2",
                       "Utfall VB", "Totalt ack. Utfall", "Bedömning och planerade åtgärder"]
    assert ["Synpunkter och klagomål - som gäller verksamhet och personal", "Bemötande",
            "1", "0", "0", "1", ""] in rows
    assert len(rows) == 1 + sum(1 for _ in catalogue().templates[2025].rows())
    assert report(cli, "--unit", "E1", "--year", "2025", "--format", "csv").stdout_bytes == (
        content)


def test_an_unknown_unit_is_named_with_the_accepted_codes(cli, unit):
    result = report(cli, "--unit", "NOPE", "--year", "2025", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == "Error: unknown unit 'NOPE'; accepted: E1, O1"


@pytest.mark.parametrize("args, message", [
    (["--template", "2019"], "unknown template '2019'; accepted: 2023, 2024, 2025"),
    (["--cutoff", "2024-12-31"], "the cut-off 2024-12-31 is before the report year 2025 begins"),
    (["--format", "xml"], "'xml' is not one of 'json', 'csv'"),
])
def test_bad_options_are_refused_in_one_line(cli, unit, args, message):
    result = report(cli, "--unit", "E1", "--year", "2025", "--format", "json", *args)
    assert result.exit_code in (1, 2) and message in result.stderr
