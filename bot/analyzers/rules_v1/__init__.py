"""The first offline engine: word lists and regular expressions, no parser.

Replaced as the bot's offline analyzer by `bot.analyzers.rules` (rules on spaCy's parse),
which finds far more of what the product promises (official responses, shaky sourcing).
It is kept, unused by the bot, only as the PolNeAR baseline the parse-based engine must
match on attribution spans before it is deleted: `bench/polnear_eval.py --engine rules_v1`.
"""

from bot.analyzers.rules.analyzer import hash_files
from bot.analyzers.rules_v1.analyzer import RulesAnalyzer, rules_hash

__all__ = ["RulesAnalyzer", "hash_files", "rules_hash"]
