"""The offline rules analyzer (see `analyzer`): reporting cues, denials, flags, claims."""

from bot.analyzers.rules.analyzer import RulesAnalyzer, hash_files, rules_hash

__all__ = ["RulesAnalyzer", "hash_files", "rules_hash"]
