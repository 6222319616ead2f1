"""The organisation tree in the admin area: the tree, and per node its page, where the admin
adds a node under it, renames or moves it, closes or reopens an enhet and chooses who is
responsible there. Only nodes in the subtrees of the admin's grants exist here (others 404)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp
from casework.admin.organisation_forms import (
    CHOOSE,
    AddNodeForm,
    AddressForm,
    CloseForm,
    MoveForm,
    RenameForm,
    ResponsibleForm,
)
from casework.auth.accounts import admin_paths
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.organisation import queries, services
from casework.organisation.models import NodeKind, OrgNode
from casework.reminders import responsible
from casework.reminders.recipients import Recipients


@bp.get("/organisation")
@requires(ADMIN)
def organisation():
    return render_template("admin/organisation.html", kind_labels=services.KIND_LABELS,
                           tree=queries.subtrees(admin_paths(current_user)))


@bp.get("/organisation/<int:node_id>")
@requires(ADMIN)
def organisation_node(node_id: int):
    return _page(_node_or_404(node_id))


@bp.post("/organisation/<int:node_id>/ny")
@requires(ADMIN)
def organisation_add(node_id: int):
    parent = _node_or_404(node_id)
    if parent.kind is NodeKind.ENHET:
        abort(404)  # nothing ranks below an enhet: its page offers no such form
    form = AddNodeForm(parent)
    return _saved(parent, form, lambda: services.add_node(
        form.code.data or "", form.name.data or "", form.kind.data or "", parent.code),
        "Lade till {}.", add=form)


@bp.post("/organisation/<int:node_id>/namn")
@requires(ADMIN)
def organisation_rename(node_id: int):
    node = _node_or_404(node_id)
    form = RenameForm()
    return _saved(node, form, lambda: services.rename_node(node, form.name.data or ""),
                  "Bytte namn till {}.", rename=form)


@bp.post("/organisation/<int:node_id>/adress")
@requires(ADMIN)
def organisation_address(node_id: int):
    node = _node_or_404(node_id)
    form = AddressForm()
    return _saved(node, form, lambda: services.set_postal_address(
        node, form.postal_address.data or ""), "Sparade postadressen för {}.", address=form)


@bp.post("/organisation/<int:node_id>/flytta")
@requires(ADMIN)
def organisation_move(node_id: int):
    node = _node_or_404(node_id)
    form = MoveForm(queries.move_targets(node, admin_paths(current_user)))
    return _saved(node, form, lambda: services.move_node(node, _target(form)),
                  "Flyttade {}.", move=form)


@bp.post("/organisation/<int:node_id>/stang")
@requires(ADMIN)
def organisation_close(node_id: int):
    node = _node_or_404(node_id)
    form = CloseForm()
    return _saved(node, form, lambda: services.close_unit(node),
                  "Stängde {}: den tar inte emot nya ärenden.", close=form)


@bp.post("/organisation/<int:node_id>/oppna")
@requires(ADMIN)
def organisation_reopen(node_id: int):
    node = _node_or_404(node_id)
    form = CloseForm()
    return _saved(node, form, lambda: services.reopen_unit(node),
                  "Öppnade {} igen.", close=form)


@bp.post("/organisation/<int:node_id>/ansvariga")
@requires(ADMIN)
def organisation_responsible(node_id: int):
    node = _node_or_404(node_id)
    form = _responsible_form(node)
    return _saved(node, form, lambda: responsible.set_responsible(
        node, form.handler_id.data, form.manager_id.data),
        "Sparade vilka som är ansvariga i {}.", responsible=form)


def _saved(node: OrgNode, form, change, done: str, **forms):
    """Validate ``form``, make the ``change``; the node's page with the form's errors (400), or
    a redirect to the page of the node changed with ``done`` said."""
    if form.validate_on_submit():
        with refusals(form) as refused:
            changed = change()
        if not refused:
            flash(done.format(changed.name), "success")
            return redirect(url_for(".organisation_node", node_id=changed.id))
    return _page(node, **forms), 400


def _page(node: OrgNode, **forms):
    """The node's page; the forms not in ``forms`` are fresh (not filled from the post)."""
    scope = admin_paths(current_user)
    fresh = {
        "rename": lambda: RenameForm(formdata=None, obj=node),
        "address": lambda: AddressForm(formdata=None, obj=node),
        "move": lambda: MoveForm(queries.move_targets(node, scope), formdata=None),
        "add": lambda: AddNodeForm(node, formdata=None),
        "close": lambda: CloseForm(formdata=None),
        "responsible": lambda: _responsible_form(
            node, formdata=None, handler_id=node.responsible_handler_id,
            manager_id=node.escalation_manager_id),
    }
    if node.kind is NodeKind.ENHET:
        del fresh["add"]
    else:
        del fresh["close"], fresh["responsible"]
    built = {name: forms[name] if name in forms else make() for name, make in fresh.items()}
    return render_template("admin/organisation_node.html", node=node,
                           kind_labels=services.KIND_LABELS,
                           ancestors=_ancestors(node, scope),
                           children=sorted(node.children, key=lambda child: child.name),
                           people=_people(node), **built)


def _responsible_form(node: OrgNode, **kwargs) -> ResponsibleForm:
    return ResponsibleForm(responsible.candidates(node, responsible.HANDLER_ROLES),
                           responsible.candidates(node, responsible.MANAGER_ROLES), **kwargs)


def _people(node: OrgNode) -> dict | None:
    """Who gets an enhet's reminders and escalations: the chosen, or else who would today."""
    if node.kind is not NodeKind.ENHET:
        return None
    reminded, escalated = Recipients().fallbacks(node)
    return {"handler": responsible.responsible_handler(node),
            "manager": responsible.escalation_manager(node),
            "reminded": reminded, "escalated": escalated}


def _target(form: MoveForm) -> OrgNode:
    """The node chosen to move under: one in the admin's subtrees, else the form's error."""
    target = db.session.get(OrgNode, form.parent.data) if form.parent.data else None
    if target is None or not queries.within(target, admin_paths(current_user)):
        raise InvalidFields([FieldError("parent", CHOOSE)])
    return target


def _node_or_404(node_id: int) -> OrgNode:
    node = db.session.get(OrgNode, node_id)
    if node is None or not queries.within(node, admin_paths(current_user)):
        abort(404)
    return node


def _ancestors(node: OrgNode, scope: list[str]) -> list[OrgNode]:
    """The nodes above ``node`` that the admin reaches, from the top: the page's breadcrumbs."""
    found, above = [], node.parent
    while above is not None and queries.within(above, scope):
        found.insert(0, above)
        above = above.parent
    return found
