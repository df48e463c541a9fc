"""The offline analyzer: rules on spaCy's dependency parse (see analyzer.py)."""

from bot.analyzers.rules.analyzer import RulesAnalyzer, hash_files, rules_hash

__all__ = ["RulesAnalyzer", "hash_files", "rules_hash"]
