"""No module of the bot imports, directly or through others, a module that imports it back.

The graph includes imports made inside functions (they hide a cycle from the reader, not from
the interpreter); imports made only for type checking never run and are left out.
"""

from __future__ import annotations

import importlib
import pkgutil

import grimp

import bot


def import_cycles(package: str) -> list[list[str]]:
    """Every group of modules of ``package`` that import each other in a ring (Tarjan)."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    rings: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            ring = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                ring.append(member)
                if member == module:
                    break
            if len(ring) > 1:
                rings.append(sorted(ring))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return rings


def test_no_module_of_the_bot_is_part_of_an_import_cycle() -> None:
    assert import_cycles("bot") == []


def test_every_module_of_the_bot_imports() -> None:
    """Importing each module succeeds (a ring of top-level imports fails here with a
    partially initialised module)."""
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        importlib.import_module(module.name)
