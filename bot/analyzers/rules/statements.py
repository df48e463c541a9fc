"""Statements that stand on their own: a claim's sentence with its pronouns made explicit.

The quote stays the article's words; the statement is what a reader needs without the
article, so a subject pronoun that stands for someone named earlier is replaced by the
name in square brackets, as newsrooms mark an editorial insertion ("[Marta Keel] said the
fees were paid"). A pronoun that cannot be resolved is left as written, and so is one in a
quotation (“she should publish every email,” Keel said: "she" is not Keel).
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.analyzers.rules.sources import PERSONAL, mention
from bot.analyzers.rules.spans import Offsets, inside_quotation, paragraph_start, text_of

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
PUBLIC_NAME = 60  # characters: a longer "name" is a description, not worth inserting


def statement(doc: Doc, quote: Offsets) -> str:
    """The quote as one line, subject pronouns replaced by "[Name]" where resolved."""
    text = text_of(doc)
    start, end = quote
    parts: list[str] = []
    position = start
    for token in doc.char_span(start, end, alignment_mode="expand") or ():
        if token.lower_ not in PERSONAL or token.dep_ not in SUBJECTS or inside_quotation(
                text, paragraph_start(text, token.idx), token.idx):
            continue  # a quoted speaker's "she" is the speaker's to mean, not the article's
        resolved = mention([token], token).resolved
        if resolved is None or len(resolved.text) > PUBLIC_NAME:
            continue
        parts.append(text[position : token.idx])
        parts.append(f"[{' '.join(resolved.text.split())}]")
        position = token.idx + len(token.text)
    parts.append(text[position:end])
    line = " ".join("".join(parts).split())
    return line[:1].upper() + line[1:]
