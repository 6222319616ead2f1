"""``casework cases import``: a CSV file goes in whole, or not at all with every bad line named."""
import csv
import random
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases.importer import COLUMNS
from casework.cases.models import Case, CaseCategory, CaseEvent
from casework.core.extensions import db
from casework.core.taxonomy import ANONYMOUS
from tests import factories

TODAY = date.today()


@pytest.fixture
def units(app_ctx):
    omrade = factories.node("omrade", "Hemtjänst Hägersten", code="IMP-O")
    return [factories.node("enhet", name, omrade, code=code) for code, name in
            (("IMP-ASP", "Aspudden hemtjänst"), ("IMP-TRE", "Trekanten hemtjänst"))]


def write_csv(path, rows, *, delimiter=",", bom=False, header=COLUMNS):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def row(**fields):
    """A klagomål as a register keeps it; ``fields`` change or add columns."""
    return {"unit": "IMP-ASP", "type": "klagomal", "received_on": "2025-03-04",
            "source": "Brukare/patient", "categories": "Bemötande",
            "description": "Morgonbesöket kom för sent."} | fields


def case_count():
    return db.session.scalar(sa.select(sa.func.count(Case.id)))


def mixed_rows(catalogue, count, seed=3):
    """Rows as units write them: labels of the template in force, ``Section > Label`` included.

    Returns the rows and the counts per type and per category key the import must produce.
    """
    rng = random.Random(seed)
    rows, types, categories = [], Counter(), Counter()
    for _ in range(count):
        case_type = rng.choice(["klagomal", "klagomal", "synpunkt", "berom", "avvikelse",
                                "lex_sarah", "lex_maria", "personuppgiftsincident"])
        received = date(rng.choice(catalogue.years), 1, 1) + timedelta(rng.randrange(365))
        received = min(received, TODAY)
        fields = row(unit=rng.choice(["IMP-ASP", "IMP-TRE"]), type=case_type,
                     received_on=received.isoformat())
        choices = catalogue.category_choices(received.year, case_type)
        picked = dict(rng.sample(choices, k=min(len(choices), rng.choice([1, 1, 2]))))
        fields["categories"] = ";".join(picked.values())
        if case_type in ("klagomal", "synpunkt"):
            key, label = rng.choice(catalogue.source_choices(received.year))
            fields["source"] = label
            fields["anonymous"] = "ja" if key == ANONYMOUS else rng.choice(["nej", ""])
            fields["feedback_on"] = min(received + timedelta(5), TODAY).isoformat()
        if case_type == "avvikelse":
            for dimension in ("identified_by", "concerns"):
                if offered := catalogue.choices(received.year, dimension, case_type):
                    fields[dimension] = rng.choice(offered)[1]
        rows.append(fields)
        types[case_type] += 1
        categories.update(picked.keys())
    return rows, types, categories


def test_a_mixed_file_imports_every_row_with_its_type_and_categories(cli, app, units, tmp_path):
    catalogue = app.extensions["casework.catalogue"]
    rows, types, categories = mixed_rows(catalogue, 3000)
    result = cli.invoke(args=["cases", "import", str(write_csv(tmp_path / "cases.csv", rows))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported 3000 cases\n")
    by_type = db.session.execute(sa.select(Case.type, sa.func.count()).group_by(Case.type))
    assert {t.value: n for t, n in by_type} == dict(types)
    by_category = db.session.execute(
        sa.select(CaseCategory.category, sa.func.count()).group_by(CaseCategory.category)
    )
    assert dict(by_category.all()) == dict(categories)
    assert db.session.scalar(
        sa.select(sa.func.count()).where(CaseEvent.event == "imported", CaseEvent.user_id.is_(None))
    ) == 3000


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(cli, units, tmp_path):
    future = (TODAY + timedelta(days=3)).isoformat()
    rows = [
        row(),                                                           # line 2: good
        row(unit="IMP-XXX"),                                             # 3
        row(type="klagomål!"),                                           # 4
        row(received_on="2025-02-30"),                                   # 5
        row(categories="Bemötande;Väder"),                               # 6
        row(categories="Annat (ange vad i rapporteringsvyn)"),           # 7: two 2025 sections
        row(feedback_on="2025-03-01"),                                   # 8: before received_on
        row(received_on=future),                                         # 9
        row(source="Anonym", anonymous="nej"),                           # 10
        row(unit="IMP-O"),                                               # 11: an område
        row(anonymous="kanske"),                                         # 12
        row(received_on="0025-03-04"),                                   # 13: a slip for 2025
        row(),                                                           # 14: good
    ]
    result = cli.invoke(args=["cases", "import", str(write_csv(tmp_path / "bad.csv", rows))])
    assert result.exit_code == 1
    reported = [line for line in result.stderr.splitlines() if line.startswith("line ")]
    assert sorted({int(line.split()[1].rstrip(":")) for line in reported}) == list(range(3, 14))
    # What parses, the validator checks (casework.cases.validation): its reasons, by column.
    for expected in (
        "line 3: unit: okänd enhetskod 'IMP-XXX'; giltiga: IMP-ASP, IMP-TRE",
        "line 4: type: okänd typ 'klagomål!'; giltiga: klagomal, synpunkt",
        "line 5: received_on: '2025-02-30' är inget datum (skriv ÅÅÅÅ-MM-DD)",
        "line 6: categories: okänd kategori 'Väder'",
        "line 7: categories: kategori 'Annat (ange vad i rapporteringsvyn)' finns i flera "
        "avsnitt; skriv ett av: "
        "Synpunkter och klagomål - ej personalrelaterade > Annat (ange vad i rapporteringsvyn)",
        "line 8: feedback_on: 2025-03-01 är före received_on 2025-03-04",
        "line 9: received_on: Datumet kan inte vara senare än i dag.",
        "line 10: source: 'Anonym' betyder anonymt, men anonymous är 'nej'",
        "line 11: unit: Ärenden registreras på en enhet.",
        "line 12: anonymous: okänt värde 'kanske'; giltiga: ja, nej",
        "line 13: received_on: Datumet kan inte vara före 2000-01-01.",
    ):
        assert expected in result.stderr
    assert "11 of 13 rows are wrong; nothing imported" in result.stderr
    assert case_count() == 0


def test_a_dry_run_reports_and_writes_nothing(cli, units, tmp_path):
    praise = {"categories": "", "description": ""}
    path = write_csv(tmp_path / "cases.csv",
                     [row(), row(type="berom", **praise), row(type="Beröm", **praise)])
    result = cli.invoke(args=["cases", "import", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == ("would import 3 cases\n  klagomal: 1\n  berom: 2\n"
                             "dry run: nothing written\n")
    assert case_count() == 0


def test_section_label_picks_between_equal_labels(cli, units, tmp_path):
    label = "Annat (ange vad i rapporteringsvyn)"
    rows = [
        row(categories=f"Synpunkter och klagomål - ej personalrelaterade > {label}"),
        row(categories=f"Synpunkter och klagomål - som gäller verksamhet och personal > {label}"),
    ]
    result = cli.invoke(args=["cases", "import", str(write_csv(tmp_path / "c.csv", rows))])
    assert result.exit_code == 0, result.output
    stored = db.session.scalars(sa.select(CaseCategory.category).order_by(CaseCategory.case_id))
    assert stored.all() == ["annat_ej_personal", "annat"]


def test_semicolon_separated_utf8_with_bom(cli, units, tmp_path):
    rows = [row(categories="Bemötande; Kompetens", source="Anonym", anonymous="",
                action_on="2025-03-10")]
    path = write_csv(tmp_path / "excel.csv", rows, delimiter=";", bom=True)
    result = cli.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 0, result.output
    case = db.session.scalar(sa.select(Case))
    assert case.categories == ["bemotande", "kompetens"]
    assert case.anonymous is True and case.source is None
    assert case.first_action_on == date(2025, 3, 10)


def test_missing_and_unknown_columns_are_named(cli, units, tmp_path):
    header = [c for c in COLUMNS if c not in ("concerns", "anonymous")] + ["personnummer"]
    path = write_csv(tmp_path / "odd.csv", [row()], header=header)
    result = cli.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 1
    assert "kolumner saknas: concerns, anonymous; okända kolumner: 'personnummer'" in result.output
    assert case_count() == 0


def test_a_file_that_is_not_utf8_is_refused(cli, units, tmp_path):
    path = tmp_path / "latin1.csv"
    text = ",".join(COLUMNS) + "\nIMP-ASP,beröm,2025-01-01,,,,,,,,,\n"
    path.write_bytes(text.encode("latin-1"))
    result = cli.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 1 and "Filen är inte UTF-8-text" in result.output


def test_an_excel_file_imports_as_its_csv_does(cli, units, tmp_path):
    from tests.cases.test_import_views import workbook

    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook([row(), row(unit="IMP-TRE", type="berom", categories="")]))
    result = cli.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 2 cases" in result.output and case_count() == 2
