"""The layers of casework and the imports between them, read from the source (the import contract).

* **core** (``casework.core``): imports nothing of the app outside itself;
* **domains** (the other packages: ``cases``, ``auth``, ``reports`` ...): import the core and
  each other, and never the web layer; between their packages the imports form no cycle, so the
  domains stand in an order, each on those below it;
* **web** (``casework.web``, every ``views`` package or ``*_views`` module, the app factory,
  the CLI wiring and ``workers``): may import anything.

Imports under ``if TYPE_CHECKING:`` are for annotations only and do not count.
"""
import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import casework

ROOTS = {"casework": Path(casework.__file__).parent,
         "workers": Path(casework.__file__).parent.parent / "workers"}
#: Modules of the web layer outside ``casework.web`` and the views.
APP_MODULES = {"casework", "casework.models", "casework.cli"}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int


def layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "workers" or module in APP_MODULES or parts[1] == "web" \
            or any(part == "views" or part.endswith("_views") for part in parts):
        return "web"
    return "core" if parts[1] == "core" else "domain"


def package(module: str) -> str:
    """``casework.cases.handling`` → ``cases``."""
    return module.split(".")[1]


@cache
def modules() -> dict[str, Path]:
    found = {}
    for root_name, root in ROOTS.items():
        for path in root.rglob("*.py"):
            parts = (root_name, *path.relative_to(root).with_suffix("").parts)
            name = ".".join(parts).removesuffix(".__init__")
            found[name] = path
    return found


@cache
def imports() -> tuple[Import, ...]:
    """Every import of a casework or workers module by one, type-checking imports left out."""
    known = modules()
    found = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        checking = {id(node) for block in ast.walk(tree) if _type_checking(block)
                    for node in ast.walk(block)}
        package_of_file = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in checking:
                continue
            for target in _targets(node, package_of_file):
                while target and target not in known:  # ``from x import name``: the module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.append(Import(name, target, node.lineno))
    return tuple(dict.fromkeys(found))


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
        and node.test.id == "TYPE_CHECKING"


def _targets(node: ast.AST, package_of_file: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from .labels import x
        anchor = package_of_file.rsplit(".", node.level - 1)[0] if node.level > 1 \
            else package_of_file
        base = f"{anchor}.{base}" if base else anchor
    if not base.startswith(("casework", "workers")):
        return []
    # Each name is a module of its own (``from casework import trail``) or a name in ``base``.
    return [f"{base}.{alias.name}" for alias in node.names]


ORDER = {"core": 0, "domain": 1, "web": 2}


def upward() -> list[Import]:
    """Imports of a higher layer by a lower one."""
    return [i for i in imports() if ORDER[layer(i.target)] > ORDER[layer(i.source)]]


def domain_graph() -> dict[str, set[str]]:
    """Domain package → the domain packages its domain modules import."""
    graph: dict[str, set[str]] = {}
    for i in imports():
        if layer(i.source) == layer(i.target) == "domain":
            graph.setdefault(package(i.source), set())
            if package(i.source) != package(i.target):
                graph[package(i.source)].add(package(i.target))
                graph.setdefault(package(i.target), set())
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def domain_levels(graph: dict[str, set[str]]) -> list[list[str]]:
    """The domain packages by level: each imports only packages of the levels before it."""
    levels, placed = [], set()
    while len(placed) < len(graph):
        level = sorted(p for p in graph if p not in placed and graph[p] <= placed)
        if not level:  # a cycle: cycles() names it
            break
        levels.append(level)
        placed |= set(level)
    return levels


def summary() -> list[str]:
    """The layers, for the end of the test run."""
    graph = domain_graph()
    web = sorted({m for m in modules() if layer(m) == "web"})
    lines = ["core: casework.core (" + ", ".join(sorted(
        m.removeprefix("casework.core.") for m in modules()
        if layer(m) == "core" and m.count(".") == 2)) + ")"]
    lines += [f"domains, level {n}: {', '.join(level)}"
              for n, level in enumerate(domain_levels(graph), 1)]
    lines.append(f"web: {len(web)} modules (casework.web, the views, the app factory, workers)")
    return lines
