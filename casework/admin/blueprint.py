from flask import Blueprint, Response

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _no_store(response: Response) -> Response:
    """Admin pages list people and their grants: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response
