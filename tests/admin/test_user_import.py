"""Many users from a file, CSV or Excel: every row checked and shown before anything is saved,
bad rows named with their line, all or nobody, and each created user e-mailed a link (real
SMTP); the command line does the same."""
import html
import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from casework.auth.models import User
from casework.core.extensions import db
from tests import factories

GOOD = ("namn;e-post;roll;enhet\n"
        "Petra Planerare;petra@example.se;Planerare;ASP\n"
        "Bo Biträdande;BO@example.se;bitradande_enhetschef;ASP\n")


@pytest.fixture
def admin_client(client, app_ctx):
    root = factories.node("forvaltning", "Förvaltningen", code="F")
    factories.node("enhet", "Aspudden", root, code="ASP")
    factories.node("enhet", "Grannen", factories.node("forvaltning", code="G"), code="GE")
    factories.log_in(client, factories.user("admin", root, email="ada@example.se"))
    return client


def upload(client, content: bytes, filename="anvandare.csv"):
    return client.post("/admin/anvandare/import",
                       data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def emails() -> set[str]:
    return set(db.session.scalars(sa.select(User.email)))


def test_a_good_file_is_previewed_then_every_user_created_with_a_link(admin_client, smtp):
    preview = upload(admin_client, GOOD.encode("utf-8-sig"))

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 användare att lägga till" in page
    assert "Petra Planerare" in page and "bo@example.se" in page
    assert emails() == {"ada@example.se"}  # nothing saved before the confirmation

    rows = page.split('name="rows" type="hidden" value="')[1].split('"')[0]
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    confirmation = {"rows": html.unescape(rows), "token": token}
    done = admin_client.post("/admin/anvandare/import/bekrafta", data=confirmation)
    again = admin_client.post("/admin/anvandare/import/bekrafta", data=confirmation,
                              follow_redirects=True)  # a double click

    assert done.status_code == 303
    assert "Filen är redan inläst" in again.get_data(as_text=True)
    assert emails() == {"ada@example.se", "petra@example.se", "bo@example.se"}
    assert sorted(message["To"] for message in smtp.messages) == [
        "bo@example.se", "petra@example.se"]


def test_an_excel_file_reads_like_a_csv(admin_client):
    book = Workbook()
    sheet = book.active
    sheet.append(["Namn", "E-post", "Roll", "Enhet"])
    sheet.append(["Eva Excel", "eva@example.se", "Medarbetare", "ASP"])
    sheet.append([None, None, None, None])
    data = io.BytesIO()
    book.save(data)

    preview = upload(admin_client, data.getvalue(), "folk.xlsx")

    assert preview.status_code == 200
    assert "1 användare att lägga till" in preview.get_data(as_text=True)


def test_one_bad_row_creates_nobody_and_every_fault_is_named_by_line(admin_client, smtp):
    factories.user("planerare", email="finns@example.se")
    db.session.commit()  # the refused preview's 400 rolls its unit of work back
    content = (GOOD + "Utan Adress;;Planerare;ASP\n"
               "Fel Roll;fel@example.se;kejsare;ASP\n"
               "Fel Enhet;enhet@example.se;Planerare;NOPE\n"
               "Granne;granne@example.se;Planerare;GE\n"
               "Finns;finns@example.se;Planerare;ASP\n"
               "Dubbel;petra@example.se;Planerare;ASP\n")
    before = emails()

    preview = upload(admin_client, content.encode())

    page = preview.get_data(as_text=True)
    assert preview.status_code == 400 and "7 av 8 rader har fel" in page
    for message in ("Ange en e-postadress.", "Okänd roll", "Okänd enhetskod",
                    "Du kan inte ge behörigheter för Grannen.",
                    "Det finns redan en användare med den e-postadressen.",
                    "Adressen finns på flera rader i filen."):
        assert message in page
    assert 'name="rows"' not in page  # no confirmation is offered
    assert emails() == before and not smtp.messages


def test_a_tampered_confirmation_is_checked_again(admin_client, smtp):
    posted = admin_client.post("/admin/anvandare/import/bekrafta", data={
        "rows": '[[2, "Granne", "granne@example.se", "planerare", "GE"]]', "token": "t1"})

    assert posted.status_code == 400
    assert "Ingen användare har lagts till" in posted.get_data(as_text=True)
    assert "Du kan inte ge behörigheter för Grannen." in posted.get_data(as_text=True)
    assert "granne@example.se" not in emails()


@pytest.mark.parametrize("rows", ["", "inte json", "[]", "[[2, 3, 4]]", '{"a": 1}',
                                  '[[2, "A", "a@example.se", "planerare", 5]]'])
def test_a_garbled_confirmation_saves_nothing(admin_client, rows):
    posted = admin_client.post("/admin/anvandare/import/bekrafta",
                               data={"rows": rows, "token": "t2"}, follow_redirects=True)

    assert "Granskningen gick inte att läsa." in posted.get_data(as_text=True)
    assert emails() == {"ada@example.se"}


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"", "tom.csv", "Filen är tom."),
    (b"namn;e-post\nA;a@example.se\n", "a.csv", "Kolumner saknas: roll, enhet"),
    (b"namn;e-post;roll;enhet\n", "a.csv", "Filen har inga rader"),
    ("namn;e-post;roll;enhet\nÅsa;a@example.se;Planerare;ASP\n".encode("latin-1"), "a.csv",
     "inte UTF-8"),
    (b"PK\x03\x04 inte en arbetsbok", "a.xlsx", "Excel-arbetsbok"),
    (b"namn;e-post;roll;enhet\n" + b"A;a@example.se;Planerare;ASP\n" * 1001, "a.csv",
     "fler än 1000 rader"),
])
def test_an_unreadable_file_gets_a_message(admin_client, content, filename, message):
    response = upload(admin_client, content, filename)

    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_no_file_chosen_is_asked_for(admin_client):
    response = admin_client.post("/admin/anvandare/import", data={},
                                 content_type="multipart/form-data")

    assert response.status_code == 400
    assert "Välj en fil att läsa in." in response.get_data(as_text=True)


def test_the_command_line_imports_the_same_file(cli, app_ctx, tmp_path, smtp):
    factories.node("enhet", "Aspudden", code="ASP")
    db.session.commit()
    path = tmp_path / "folk.csv"
    path.write_text(GOOD, encoding="utf-8")

    result = cli.invoke(args=["users", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert {"petra@example.se", "bo@example.se"} <= emails()
    assert len(smtp.messages) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "X;x@example.se;kejsare;ASP\n", encoding="utf-8")
    refused = cli.invoke(args=["users", "import", str(bad)])
    assert refused.exit_code == 1 and "line 4: Okänd roll" in refused.output


def test_a_broken_workbook_is_refused_by_name(admin_client):
    book = Workbook()
    book.active.append(["namn", "e-post", "roll", "enhet"])
    data = io.BytesIO()
    book.save(data)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data.getvalue())) as source, \
            zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b"<sheetData><row><c>&#0;<<")
            target.writestr(item, content)

    response = upload(admin_client, broken.getvalue(), "trasig.xlsx")

    assert response.status_code == 400
    assert "går inte att läsa som Excel-arbetsbok" in response.get_data(as_text=True)
