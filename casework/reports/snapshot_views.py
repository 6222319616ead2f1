"""The frozen tertial tables on the web: the list, the downloads and "Jämför med nu".

A user sees the snapshots of the nodes ``report_nodes`` gives them; any other snapshot id
answers 404, as an unreachable node code does on /reports, so ids reveal nothing.
"""
import io
import json

import sqlalchemy as sa
from flask import abort, render_template, request, send_file
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from casework import trail
from casework.access.needs import READS_REPORTS, requires
from casework.access.policy import report_nodes
from casework.core.columns import db_int
from casework.core.documents import MIME_TYPES
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.reports import formats, snapshots
from casework.reports.snapshot_models import ReportSnapshot
from casework.reports.views import bp

COLUMN_LABELS = dict(zip(snapshots.FIGURES, formats.FIGURE_COLUMNS))


@bp.get("/reports/snapshots")
@requires(READS_REPORTS)
def snapshot_list():
    readable = ReportSnapshot.node_id.in_(_readable_ids())
    years = list(db.session.scalars(sa.select(ReportSnapshot.year).where(readable).distinct()
                                    .order_by(ReportSnapshot.year.desc())))
    year = request.args.get("year", type=db_int) or (years[0] if years else None)
    found = db.session.scalars(
        sa.select(ReportSnapshot).join(ReportSnapshot.node).options(contains_eager(
            ReportSnapshot.node)).where(readable, ReportSnapshot.year == year)
        .order_by(ReportSnapshot.tertial.desc(), ReportSnapshot.template, OrgNode.name))
    return render_template("reports/snapshots.html", years=years, year=year,
                           snapshots=list(found))


@bp.get("/reports/snapshots/<int:snapshot_id>.<any(json, csv, xlsx):name>")
@requires(READS_REPORTS)
def snapshot_download(snapshot_id: int, name: str):
    snapshot = _snapshot(snapshot_id, "snapshot_download", format=name)
    if name == "json":  # as it was frozen
        content = json.dumps(snapshot.data, ensure_ascii=False, indent=2).encode()
    else:
        table = snapshots.table_of(snapshot)
        content = formats.WRITERS[name](table, formats.heading_for(table))
    filename = f"redovisning-{snapshot.node.code}-{snapshot.year}-T{snapshot.tertial}.{name}"
    return send_file(io.BytesIO(content), mimetype=MIME_TYPES[name], as_attachment=True,
                     download_name=filename)


@bp.get("/reports/snapshots/<int:snapshot_id>/compare")
@requires(READS_REPORTS)
def snapshot_compare(snapshot_id: int):
    snapshot = _snapshot(snapshot_id, "snapshot_compare")
    return render_template("reports/snapshot_compare.html", snapshot=snapshot,
                           changes=snapshots.compare(snapshot), column_labels=COLUMN_LABELS)


def _readable_ids() -> list[int]:
    """Ids of the nodes whose reports the user reads."""
    return [node.id for node in report_nodes(current_user)]


def _snapshot(snapshot_id: int, action: str, **detail) -> ReportSnapshot:
    """The snapshot if the user may read its node (404 otherwise), its access recorded."""
    readable = _readable_ids()
    snapshot = db.session.get(ReportSnapshot, snapshot_id)
    if snapshot is None or snapshot.node_id not in readable:
        abort(404)
    trail.record(action, unit_id=snapshot.node_id, snapshot=snapshot.id, **detail)
    return snapshot
