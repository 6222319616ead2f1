"""Categories, sources and the yearly report templates, kept as data in config/."""

from .labels import AmbiguousLabel, LabelError, UnknownLabel, accepted_labels, resolve
from .loader import CatalogueError, load_catalogue
from .model import (
    ANONYMOUS,
    CASE_TYPES,
    CATEGORY_DOMAINS,
    COMPLAINT_TYPES,
    DIMENSIONS,
    DOMAINS,
    FLAGS,
    Catalogue,
    Clause,
    Row,
    Section,
    Taxonomy,
    Template,
    Term,
)

__all__ = [
    "ANONYMOUS",
    "CASE_TYPES",
    "CATEGORY_DOMAINS",
    "COMPLAINT_TYPES",
    "DIMENSIONS",
    "DOMAINS",
    "FLAGS",
    "AmbiguousLabel",
    "Catalogue",
    "CatalogueError",
    "Clause",
    "LabelError",
    "Row",
    "Section",
    "Taxonomy",
    "Template",
    "Term",
    "UnknownLabel",
    "accepted_labels",
    "load_catalogue",
    "resolve",
]
