"""Categories, sources and the yearly report templates, kept as data in config/."""
from flask import current_app

from .display import CategoryLabel, category_labels, split_label
from .labels import AmbiguousLabel, LabelError, UnknownLabel, accepted_labels, resolve
from .loader import CatalogueError, load_catalogue
from .model import (
    ANONYMOUS,
    CASE_TYPES,
    CATEGORY_DOMAINS,
    COMPLAINT_TYPES,
    DIMENSIONS,
    DOMAINS,
    E_SERVICE,
    FLAGS,
    Catalogue,
    Clause,
    Row,
    Section,
    Taxonomy,
    Template,
    Term,
)


def catalogue() -> Catalogue:
    """The catalogue the app loaded at start-up (``create_app``)."""
    return current_app.extensions["casework.catalogue"]


__all__ = [
    "ANONYMOUS",
    "CASE_TYPES",
    "CATEGORY_DOMAINS",
    "COMPLAINT_TYPES",
    "DIMENSIONS",
    "DOMAINS",
    "E_SERVICE",
    "FLAGS",
    "AmbiguousLabel",
    "Catalogue",
    "CatalogueError",
    "CategoryLabel",
    "Clause",
    "LabelError",
    "Row",
    "Section",
    "Taxonomy",
    "Template",
    "Term",
    "UnknownLabel",
    "accepted_labels",
    "catalogue",
    "category_labels",
    "load_catalogue",
    "resolve",
    "split_label",
]
