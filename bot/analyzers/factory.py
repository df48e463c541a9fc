"""Choose the analyzer the settings ask for: the model when configured, else the rules."""

from __future__ import annotations

from bot.analyzers.base import Analyzer
from bot.settings import AnalyzerChoice, Settings


def make_analyzer(settings: Settings, choice: AnalyzerChoice | None = None) -> Analyzer:
    wanted = choice or settings.analyzer
    use_llm = settings.use_llm() if wanted is AnalyzerChoice.AUTO else wanted is AnalyzerChoice.LLM
    if use_llm:
        from bot.analyzers.llm import LLMAnalyzer

        return LLMAnalyzer(settings)
    from bot.analyzers.rules import RulesAnalyzer

    return RulesAnalyzer(settings.spacy_model)
