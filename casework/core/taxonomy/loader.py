"""Load the report catalogue from config/ and refuse anything that could miscount.

Validation runs at load time, so a template edit with a typo, a category
counted twice or a category counted nowhere stops start-up with a message
naming the file, section and row, instead of silently skewing a report.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from casework.core.config_files import read_toml, table_fields

from .model import (
    ANONYMOUS,
    CASE_TYPES,
    CATEGORY_BITS,
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

_TAXONOMY_TABLES = ("categories", "sources", "identified_by", "concerns", "channels")
_CLAUSE_LISTS = ("types", "categories", "sources", "identified_by", "concerns")
_NOUNS = {
    "types": "case type",
    "categories": "category",
    "sources": "source",
    "identified_by": "identified_by value",
    "concerns": "concerns value",
}


class CatalogueError(Exception):
    """The catalogue files are missing, malformed or inconsistent."""


def load_catalogue(config_dir: Path) -> Catalogue:
    """Read taxonomy.toml and templates/*.toml under `config_dir` and validate them."""
    config_dir = Path(config_dir)
    taxonomy = _parse_taxonomy(config_dir / "taxonomy.toml")
    paths = sorted((config_dir / "templates").glob("*.toml"))
    if not paths:
        raise CatalogueError(f"{config_dir / 'templates'}: no report template (*.toml) found")
    templates = {}
    for path in paths:
        template = _parse_template(path, taxonomy)
        _check_coverage(path, template, taxonomy)
        templates[template.year] = template
    return Catalogue(taxonomy, templates)


_read = partial(read_toml, error=CatalogueError)


_fields = partial(table_fields, error=CatalogueError)


def _text(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {name} must be a non-empty string")
    return value


def _name(value: Any, field: str, kind: str) -> str:
    """How messages name a section or row: by its title or key when it has one."""
    name = value.get(field) if isinstance(value, dict) else None
    return f"{kind} {name!r}" if isinstance(name, str) else f"a {kind}"


def _tables(value: Any, where: str, name: str) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise CatalogueError(f"{where}: {name} must be a non-empty list of tables")
    return value


def _parse_taxonomy(path: Path) -> Taxonomy:
    data = _fields(_read(path), str(path), _TAXONOMY_TABLES)
    tables = {}
    for name in _TAXONOMY_TABLES:
        where = f"{path}: [{name}]"
        if not isinstance(data[name], dict) or not data[name]:
            raise CatalogueError(f"{where}: expected a non-empty table of terms")
        tables[name] = {
            key: _parse_term(key, value, f"{where} {key!r}", with_domain=name == "categories")
            for key, value in data[name].items()
        }
    bits = Counter(term.bit for term in tables["categories"].values())
    shared = sorted(bit for bit, count in bits.items() if count > 1)
    if shared:
        raise CatalogueError(f"{path}: [categories] bit {shared[0]} is given to two categories")
    if ANONYMOUS in tables["sources"]:
        raise CatalogueError(f"{path}: [sources] {ANONYMOUS!r} is reserved for anonymous cases")
    if E_SERVICE not in tables["channels"]:
        raise CatalogueError(f"{path}: [channels] needs {E_SERVICE!r}, the public e-service's")
    return Taxonomy(**tables)


def _parse_term(key: str, value: Any, where: str, with_domain: bool) -> Term:
    """A term; a category (``with_domain``) also has its domain and its bit."""
    table = _fields(value, where, ("label", "domain", "bit") if with_domain else ("label",))
    label = _text(table["label"], where, "label")
    domain, bit = table.get("domain"), table.get("bit")
    if with_domain and domain not in DOMAINS:
        raise CatalogueError(f"{where}: domain must be one of {', '.join(DOMAINS)}, not {domain!r}")
    if with_domain and (type(bit) is not int or not 0 <= bit < CATEGORY_BITS):
        raise CatalogueError(f"{where}: bit must be an integer from 0 to {CATEGORY_BITS - 1}, "
                             f"not {bit!r}")
    return Term(key, label, domain, bit)


def _parse_template(path: Path, taxonomy: Taxonomy) -> Template:
    data = _fields(_read(path), str(path), ("year", "text_column", "sections"))
    year = data["year"]
    if type(year) is not int or str(year) != path.stem:
        raise CatalogueError(f"{path}: year must be the integer in the file name, not {year!r}")
    text_column = _text(data["text_column"], str(path), "text_column")
    sections, titles, row_keys = [], set(), set()
    for value in _tables(data["sections"], str(path), "sections"):
        where = f"{path}: {_name(value, 'title', 'section')}"
        table = _fields(value, where, ("title", "rows"), ("short",))
        title = _text(table["title"], where, "title")
        short = _text(table["short"], where, "short") if "short" in table else None
        if title in titles:
            raise CatalogueError(f"{where}: duplicate section title")
        titles.add(title)
        rows = []
        for row_value in _tables(table["rows"], where, "rows"):
            row = _parse_row(row_value, where, taxonomy)
            if row.key in row_keys:
                raise CatalogueError(f"{where}, row {row.key!r}: duplicate row key")
            row_keys.add(row.key)
            rows.append(row)
        sections.append(Section(title, tuple(rows), short))
    return Template(year, text_column, tuple(sections))


def _parse_row(value: Any, where: str, taxonomy: Taxonomy) -> Row:
    where = f"{where}, {_name(value, 'key', 'row')}"
    table = _fields(value, where, ("key", "label", "count"))
    key = _text(table["key"], where, "key")
    label = _text(table["label"], where, "label")
    count = table["count"]
    if not isinstance(count, list) or not count:
        raise CatalogueError(f"{where}: count has no clause, so no case can fill the row")
    clauses = tuple(
        _parse_clause(clause, f"{where}, clause {number}", taxonomy)
        for number, clause in enumerate(count, start=1)
    )
    return Row(key, label, clauses)


def _parse_clause(value: Any, where: str, taxonomy: Taxonomy) -> Clause:
    table = _fields(value, where, ("types",), _CLAUSE_LISTS[1:] + ("anonymous", "flag"))
    known = {"types": CASE_TYPES}
    known.update((name, taxonomy.terms(dimension)) for dimension, name in DIMENSIONS.items())
    lists = {
        name: _keys(table[name], known[name], where, name)
        for name in _CLAUSE_LISTS
        if name in table
    }
    anonymous = table.get("anonymous")
    if anonymous is not None and not isinstance(anonymous, bool):
        raise CatalogueError(f"{where}: anonymous must be true or false")
    if anonymous and "sources" in lists:
        raise CatalogueError(
            f"{where}: sources imply a named sender, so anonymous = true matches nothing"
        )
    flag = table.get("flag")
    if flag is not None and flag not in FLAGS:
        raise CatalogueError(f"{where}: unknown flag {flag!r} (known: {', '.join(FLAGS)})")
    return Clause(anonymous=anonymous, flag=flag, **lists)


def _keys(value: Any, known: Any, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CatalogueError(f"{where}: {name} must be a list of keys")
    if not value:
        raise CatalogueError(f"{where}: {name} is empty, so no case can fill the row")
    unknown = [item for item in value if item not in known]
    if unknown:
        raise CatalogueError(f"{where}: unknown {_NOUNS[name]} {', '.join(map(repr, unknown))}")
    return tuple(value)


def _check_coverage(path: Path, template: Template, taxonomy: Taxonomy) -> None:
    """Every key must land in exactly one row per case type the template sorts by it.

    Counting rule 7: a case must never be dropped silently (no row) nor
    counted twice within one breakdown (two rows).
    """
    problems = []
    for dimension in DIMENSIONS:
        values = list(taxonomy.terms(dimension)) + ([ANONYMOUS] if dimension == "source" else [])
        for case_type in CASE_TYPES:
            rows = [(s, r) for s, r in template.rows() if r.sorts_by(dimension, case_type)]
            if rows:
                problems += _misplaced(dimension, case_type, values, rows)
    if problems:
        raise CatalogueError(f"{path}:\n  " + "\n  ".join(problems))


def _misplaced(dimension: str, case_type: str, values: list[str], rows: list) -> list[str]:
    problems = []
    for value in values:
        hits = [
            f"{section.title} > {row.label} ({row.key})"
            for section, row in rows
            if row.covers(dimension, case_type, value)
        ]
        what = f"{dimension} {value!r}"
        if not hits:
            sections = "; ".join(dict.fromkeys(section.title for section, _ in rows))
            problems.append(f"{what} maps nowhere for {case_type} (sections: {sections})")
        elif len(hits) > 1:
            hits_text = "; ".join(hits)
            problems.append(f"{what} is counted by {len(hits)} rows for {case_type}: {hits_text}")
    return problems
