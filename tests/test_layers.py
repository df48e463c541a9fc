"""The core imports no platform, and no platform imports another: read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.serve import platform_names, platforms

ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def offenders(package: str, forbidden: str) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / package).rglob("*.py")
        for module in imported(path)
        if module == forbidden or module.startswith(forbidden + ".")
    )


def test_the_core_imports_no_platform() -> None:
    assert offenders("bot", "handlers") == []


def test_no_platform_imports_another() -> None:
    assert offenders("handlers/slack_app", "handlers.discord_bot") == []
    assert offenders("handlers/discord_bot", "handlers.slack_app") == []


def test_the_scan_sees_a_lazy_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from handlers.slack_app import app\n")
    assert "handlers.slack_app" in imported(module)


def test_the_platforms_are_found_through_entry_points() -> None:
    assert platform_names() == ["discord", "slack"]
    assert [p.name for p in platforms()] == ["discord", "slack"]
