"""The analyzer as the rest of the bot sees it: identity, hash, async path, engine."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.analyzers.base import run_analyzer
from bot.analyzers.rules import RulesAnalyzer, hash_files, rules_hash
from bot.models import Article, SourceKind
from bot.textnorm import content_hash

PACKAGE = Path(__file__).resolve().parents[1] / "bot" / "analyzers" / "rules"
TEXT = "The mayor said the bridge is safe. Critics say it is not. Nobody else spoke."


def test_identity() -> None:
    analyzer = RulesAnalyzer()
    assert analyzer.name == "rules"
    assert analyzer.model.startswith("rules-")
    assert len(analyzer.prompt_hash) == 16
    assert analyzer.prompt_hash == rules_hash() == hash_files(PACKAGE)


def test_any_rule_change_changes_the_hash(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert hash_files(copy) == rules_hash()
    lexicon = copy / "lexicon.py"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# one more word\n", "utf-8")
    assert hash_files(copy) != rules_hash()


async def test_async_path_matches_sync_and_grounds_cleanly() -> None:
    article = Article(text=TEXT, kind=SourceKind.TEXT, content_hash=content_hash(TEXT))
    analyzer = RulesAnalyzer()
    analysis = await run_analyzer(analyzer, article)
    direct = analyzer.analyze_sync(article)
    assert analysis.attributions == direct.attributions
    assert analysis.engine.analyzer == "rules"
    assert analysis.engine.prompt_hash == analyzer.prompt_hash
    assert analysis.engine.dropped == 0
    assert (analysis.engine.tokens_in, analysis.engine.tokens_out) == (0, 0)
    assert [a.source.text for a in analysis.attributions if a.source] == ["The mayor", "Critics"]


def test_empty_and_odd_input_does_not_crash() -> None:
    for text in ["", "   ", "“", '"unclosed quote said', "said.", "\n\n\n", "A: B: C:"]:
        article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
        analysis = RulesAnalyzer().analyze_sync(article)
        for a in analysis.attributions:
            assert text[a.cue.start : a.cue.end] == a.cue.text
