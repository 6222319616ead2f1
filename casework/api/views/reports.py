"""The API's report operations: a node's table "Redovisning av synpunkter och klagomål" (the
JSON of ``casework report --format json``) and the frozen snapshots. A node or snapshot out of
the token's reach answers 404, as on /reports. Each read is audited as the report page's is.
"""
from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from casework import trail
from casework.access.needs import API_READS_REPORTS
from casework.access.policy import report_nodes
from casework.api import schemas
from casework.api.openapi import NODE_CODE, SNAPSHOT_ID
from casework.api.views import operation
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports import export
from casework.reports.counting import count_report
from casework.reports.snapshot_models import ReportSnapshot

REPORTS = ("reports",)


@operation("GET", "/reports/{node_code}", need=API_READS_REPORTS, scopes=REPORTS, tag="reports",
           summary="Läs rapporttabellen", params=(NODE_CODE,), query=schemas.ReportQuery,
           response=schemas.ReportTableOut,
           description="The node's table for a year, counted over its whole subtree as of the "
                       "cut-off, as `casework report --format json` writes it.")
def get_report(node_code: str, query: schemas.ReportQuery):
    node = _node_or_404(node_code)
    templates = catalogue().templates
    errors = []
    if query.template is not None and query.template not in templates:
        errors.append(FieldError("query.template", "Det finns ingen mall för det året. Finns: "
                                 + ", ".join(map(str, sorted(templates))) + "."))
    cutoff = query.cutoff or date(query.year, 12, 31)
    if cutoff < date(query.year, 1, 1):
        errors.append(FieldError("query.cutoff", "Brytdatumet kan inte vara före rapportåret."))
    if errors:
        raise InvalidFields(errors)
    template = templates[query.template] if query.template else \
        catalogue().template_for(query.year)
    table = count_report(template, node, query.year, cutoff)
    trail.record("report_view", unit_id=node.id, year=table.year, template=table.template,
                 cutoff=table.cutoff.isoformat())
    return schemas.ReportTableOut.model_validate(export.to_json(table))


@operation("GET", "/snapshots", need=API_READS_REPORTS, scopes=REPORTS, tag="reports",
           summary="Lista ögonblicksbilder", query=schemas.SnapshotQuery,
           response=schemas.SnapshotListOut,
           description="The frozen tertial tables of the nodes the token reaches, newest first.")
def list_snapshots(query: schemas.SnapshotQuery):
    readable = [node.id for node in report_nodes(current_user)]
    where = [ReportSnapshot.node_id.in_(readable)]
    if query.node is not None:
        where.append(OrgNode.code == query.node)
    if query.year is not None:
        where.append(ReportSnapshot.year == query.year)
    found = db.session.execute(
        sa.select(ReportSnapshot, OrgNode.code).join(ReportSnapshot.node).where(*where)
        .order_by(ReportSnapshot.year.desc(), ReportSnapshot.tertial.desc(), OrgNode.code,
                  ReportSnapshot.template)).all()
    return schemas.SnapshotListOut(items=[_snapshot(s, code) for s, code in found])


@operation("GET", "/snapshots/{snapshot_id}", need=API_READS_REPORTS, scopes=REPORTS,
           tag="reports", summary="Läs en ögonblicksbild", params=(SNAPSHOT_ID,),
           response=schemas.SnapshotTableOut,
           description="The table as the tertial job froze it.")
def get_snapshot(snapshot_id: int):
    snapshot = db.session.get(ReportSnapshot, snapshot_id)
    if snapshot is None or snapshot.node_id not in {n.id for n in report_nodes(current_user)}:
        abort(404)
    trail.record("snapshot_download", unit_id=snapshot.node_id, snapshot=snapshot.id,
                 format="json")
    return schemas.SnapshotTableOut(**_snapshot(snapshot, snapshot.node.code).model_dump(),
                                    table=schemas.ReportTableOut.model_validate(snapshot.data))


def _node_or_404(code: str) -> OrgNode:
    node = next((n for n in report_nodes(current_user) if n.code == code), None)
    if node is None:
        abort(404)
    return node


def _snapshot(snapshot: ReportSnapshot, code: str) -> schemas.SnapshotOut:
    return schemas.SnapshotOut(id=snapshot.id, node=code, year=snapshot.year,
                               tertial=snapshot.tertial, template=snapshot.template,
                               cutoff_on=snapshot.cutoff_on, taken_at=snapshot.taken_at)
