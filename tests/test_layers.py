"""The import contract: core → domains → web, and no cycle between the domain packages
(tests/layers.py reads the imports from the source)."""
from tests import layers


def test_no_layer_imports_one_above_it():
    found = [f"{i.source} (line {i.line}) imports {i.target}" for i in layers.upward()]

    assert found == [], "upward imports:\n" + "\n".join(found)


def test_no_two_domain_packages_import_each_other_even_through_others():
    assert layers.cycles(layers.domain_graph()) == []


def test_every_domain_package_has_a_level():
    graph = layers.domain_graph()

    assert sorted(p for level in layers.domain_levels(graph) for p in level) == sorted(graph)


def test_the_contract_catches_an_upward_import_and_a_cycle(tmp_path, monkeypatch):
    """The checker itself: a core module importing a domain, and two packages importing each
    other, are found."""
    source = tmp_path / "casework"
    for name, text in {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/clock.py": "from casework.cases.models import Case\n",
        "cases/__init__.py": "",
        "cases/models.py": "from casework.reports import counting\n",
        "reports/__init__.py": "",
        "reports/counting.py": "from casework.cases import models\n",
        "cases/views.py": "from casework.web import errors\n",
        "web/__init__.py": "",
        "web/errors.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                         "    from casework.core import clock\n",
    }.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    monkeypatch.setattr(layers, "ROOTS", {"casework": source})
    layers.modules.cache_clear()
    layers.imports.cache_clear()
    try:
        upward = [(i.source, i.target) for i in layers.upward()]
        cycles = layers.cycles(layers.domain_graph())
    finally:
        layers.modules.cache_clear()
        layers.imports.cache_clear()

    assert upward == [("casework.core.clock", "casework.cases.models")]
    assert cycles == [["cases", "reports"]]
