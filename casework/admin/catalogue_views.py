"""The categories, sources and report templates, read-only (/admin/kategorier): for a quality
developer to check which row of each year's report table a term lands in. The year (``ar``)
chooses the template shown whole and the forms' choices; the mapping covers every year."""
from flask import render_template, request

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp
from casework.core.case_types import CASE_TYPE_LABELS
from casework.core.clock import local_today
from casework.core.taxonomy import catalogue
from casework.core.taxonomy.mapping import term_mappings

#: The dimensions shown, in the page's order, with their headings.
DIMENSIONS = {
    "category": "Kategorier",
    "source": "Från vem (källor)",
    "identified_by": "Vem har identifierat avvikelsen",
    "concerns": "Vem avser avvikelsen",
}

#: The dates a row can require by the cut-off (``casework.core.taxonomy.FLAGS``), in words.
FLAGS = {"feedback": "återkoppling lämnad", "action": "åtgärd vidtagen",
         "authority_notified": "anmäld till IVO eller IMY"}


@bp.get("/kategorier")
@requires(ADMIN)
def catalogue_page():
    """A year the catalogue has no template for shows the one in force today, saying so."""
    found = catalogue()
    default = found.template_for(local_today().year).year
    asked = request.args.get("ar", "")
    year = next((y for y in found.years if str(y) == asked.strip()), None)
    refused = asked if asked and year is None else None
    year = year or default
    return render_template(
        "admin/rules_catalogue.html", catalogue=found, year=year, refused=refused,
        template=found.templates[year], type_labels=CASE_TYPE_LABELS,
        mappings={name: term_mappings(found, name, year) for name in DIMENSIONS},
        headings=DIMENSIONS, flags=FLAGS)
