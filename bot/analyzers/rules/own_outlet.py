"""The article's own outlet: named where only its own reporters could be.

News names itself when it describes its own reporting: questions or requests for comment
it sent ("did not respond to the Ledger's questions", "in response to the Ledger's
queries"), what was sent or given to it ("an email to the Ledger", "audio provided to the
Ledger"), what it obtained or reviewed ("obtained by the Ledger"), what it did itself ("the
Ledger interviewed 20 senators", "the Ledger identified dozens of donations"). Its reporting
elsewhere in the article ("a Ledger analysis found", "as the Ledger reported") is then the
article's own, not another outlet's. "Told the Ledger" alone says nothing: sources talk to
other outlets too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import Mention, mention
from bot.models import SourceType

ASKED = frozenset({"request", "question", "query", "inquiry", "call", "email", "message"})
GIVEN_TO = frozenset({"email", "letter", "statement", "message", "note", "provide", "give",
                      "send", "hand", "show", "write", "speak"})
OBTAINED_BY = frozenset({"obtain", "review", "examine", "analyze", "analyse", "commission",
                         "conduct"})
OWN_ACTS = frozenset({"interview", "identify", "review", "obtain", "analyze", "analyse",
                      "examine", "contact", "survey", "ask", "email", "call", "reach"})
_KEY = "factdesk.own_outlet"


def own_outlets(doc: Doc) -> frozenset[str]:
    """The last words of the names the article's own outlet goes by ("ledger"), once per
    document."""
    found: frozenset[str] | None = doc.user_data.get(_KEY)
    if found is None:
        found = frozenset(t.lower_ for t in doc if _self_reference(t))
        doc.user_data[_KEY] = found
    return found


THIS_PIECE = frozenset({"story", "article", "piece", "report", "column", "post"})


def is_own(source: Mention, own: frozenset[str]) -> bool:
    """Whether `source` ("a Ledger analysis", "The Ledger", "this story") is the article's
    own outlet."""
    head = source.head
    if head.lemma_.lower() in THIS_PIECE and any(
            c.dep_ == "det" and c.lower_ == "this" for c in head.children):
        return True  # "This story has been updated to note": the article itself
    return bool(own) and any(t.pos_ == "PROPN" and t.lower_ in own for t in source.tokens)


def names_own(text: str, own: frozenset[str]) -> bool:
    """Whether an outlet's name as text ("The Almera Ledger") is the article's own."""
    words = text.split()
    return bool(words) and words[-1].lower().removesuffix("'s").removesuffix("’s") in own


def _self_reference(token: Token) -> bool:
    """`token` names an outlet where only the article's own reporters could be."""
    if token.pos_ != "PROPN" or token.dep_ == "compound" or not _outlet(token):
        return False
    head = token.head
    lemma = head.lemma_.lower()
    if token.dep_ == "poss":
        return lemma in ASKED  # "the Ledger's questions", "USA TODAY's queries"
    if token.dep_ == "nsubj":
        return lemma in OWN_ACTS  # "the Ledger interviewed", "the Ledger identified"
    if token.dep_ == "pobj" and head.lower_ in {"to", "from", "by"}:
        governor = head.head.lemma_.lower()
        if head.lower_ == "to":
            return governor in GIVEN_TO  # "an email to the Ledger", "provided to"
        if head.lower_ == "from":
            return governor in ASKED  # "questions from the Ledger"
        return head.dep_ == "agent" and governor in OBTAINED_BY  # "obtained by the Ledger"
    return False


def _outlet(token: Token) -> bool:
    name = [t for t in token.subtree if t.i <= token.i]
    return classify(mention(name, token)) is SourceType.OUTLET
