"""Time importing a register of N cases through the web page, beside the command line's path.

    python bench/import_bench.py --rows 10000 [--database-url postgresql://.../bench_import]

Builds the demo district on an empty database (a fresh SQLite file when no URL is given),
writes an .xlsx of N valid rows of every type for the enhetschef's unit, with the year's
labels, and signs in as the demo enhetschef with the Flask test client (CSRF on, the real
request path, no network). It times the upload (read, check every row, keep the file for the
confirmation, render the preview) and the confirmation (check again, insert), then, as the
baseline, the same work without the web (``importer.check_data`` and ``import_rows``, as
``casework cases import`` does). Last line: JSON with the seconds of each.
"""
import argparse
import io
import json
import random
import re
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from casework import create_app  # noqa: E402
from casework.auth.models import User  # noqa: E402
from casework.cases import importer  # noqa: E402
from casework.cases.import_template import lists  # noqa: E402
from casework.cases.models import Case  # noqa: E402
from casework.core.clock import local_today  # noqa: E402
from casework.core.extensions import db  # noqa: E402
from casework.core.taxonomy import catalogue  # noqa: E402
from casework.demo.generator import DEMO_PASSWORD, generate  # noqa: E402

CHIEF = "enhetschef@demo.casework.se"
TYPES = ("klagomal", "klagomal", "synpunkt", "berom", "avvikelse")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"ENV_NAME": "development", "DATABASE_URL": url})
    with app.app_context():
        from flask_migrate import upgrade

        if sa.inspect(db.engine).get_table_names():
            sys.exit("the database is not empty; create a fresh one (createdb)")
        upgrade()
        generate(cases=0, units=2)
        db.session.commit()
        chief = db.session.scalar(sa.select(User).where(User.email == CHIEF))
        unit = chief.grants[0].node.code
        content = register(args.rows, unit)
        db.session.remove()
    client = app.test_client()
    sign_in(client)
    started = time.perf_counter()
    preview = client.post("/cases/import", data={
        "csrf_token": token(client.get("/cases/import")),
        "file": (io.BytesIO(content), "register.xlsx")}, content_type="multipart/form-data")
    upload_s = time.perf_counter() - started
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-2000:]
    draft = re.search(r'name="draft" type="hidden" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    done = client.post("/cases/import/bekrafta", data={"csrf_token": token(preview),
                                                        "draft": draft})
    confirm_s = time.perf_counter() - started
    assert done.status_code == 303, done.get_data(as_text=True)[-2000:]
    with app.app_context():
        stored = db.session.scalar(sa.select(sa.func.count(Case.id)))
        started = time.perf_counter()
        checked = importer.check_data(content, "register.xlsx")
        importer.import_rows(checked.rows)
        db.session.commit()
        baseline_s = time.perf_counter() - started
        db.session.remove()
    print(json.dumps({"rows": args.rows, "backend": url.split(":")[0], "stored": stored,
                      "upload_s": round(upload_s, 2), "confirm_s": round(confirm_s, 2),
                      "web_total_s": round(upload_s + confirm_s, 2),
                      "baseline_s": round(baseline_s, 2),
                      "xlsx_bytes": len(content)}))


def register(rows: int, unit: str) -> bytes:
    """``rows`` valid rows over the last two years, of the types planners and staff register."""
    rng, today, terms = random.Random(7), local_today(), catalogue()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Ärenden")
    sheet.append(list(importer.COLUMNS))
    for number in range(rows):
        received = today - timedelta(days=rng.randrange(700))
        case_type = rng.choice(TYPES)
        values = lists(terms, received.year)
        categories = terms.category_choices(received.year, case_type)
        row = {"unit": unit, "type": case_type, "received_on": received.isoformat(),
               "categories": rng.choice(categories)[1] if categories else "",
               "description": f"Rad {number}: besöket kom för sent."}
        if case_type == "avvikelse":
            row |= {"identified_by": rng.choice(values["identified_by"]),
                    "concerns": rng.choice(values["concerns"])}
        else:
            row["source"] = rng.choice(values["source"][:-1])  # not Anonym
        sheet.append([row.get(column, "") for column in importer.COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sign_in(client) -> None:
    response = client.post("/login", data={"csrf_token": token(client.get("/login")),
                                           "email": CHIEF, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[-1000:]


def token(response) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     response.get_data(as_text=True)).group(1)


if __name__ == "__main__":
    main()
