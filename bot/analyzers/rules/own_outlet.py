"""The article's own outlet: named where only its own reporters could be.

News names itself when it describes its own reporting: questions or requests for comment
it sent ("did not respond to the Ledger's questions", "in response to the Ledger's
queries"), what was sent or given to it ("an email to the Ledger", "audio provided to the
Ledger"), what it obtained, saw or reviewed ("obtained by the Ledger", "a memo seen by the
Ledger"), what it did itself ("the Ledger interviewed 20 senators", "the Ledger identified
dozens of donations"). Its reporting elsewhere in the article ("a Ledger analysis found",
"as the Ledger reported") is then the article's own, not another outlet's. "Told the
Ledger" alone says nothing: sources talk to other outlets too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from bot.analyzers.rules.lexicon import phrases
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import Mention, mention
from bot.models import SourceType

ASKED = frozenset({"request", "question", "query", "inquiry", "call", "email", "message"})
GIVEN_TO = frozenset({"email", "letter", "statement", "message", "note", "provide", "give",
                      "send", "hand", "show", "write", "speak"})
OBTAINED_BY = frozenset({"obtain", "review", "examine", "analyze", "analyse", "commission",
                         "conduct", "see"})
OWN_ACTS = frozenset({"interview", "identify", "review", "obtain", "analyze", "analyse",
                      "examine", "contact", "survey", "ask", "email", "call", "reach"})
_KEY = "factdesk.own_outlet"
SITE_KEY = "factdesk.site"  # the names a page's site goes by, set by the analyzer


@dataclass(frozen=True)
class OwnOutlet:
    """How the article's own outlet is named: the last words of the names it goes by in
    the text ("ledger"), and the names the site goes by when the article came from a page
    (("new", "york", "times"), ("nytimes",))."""

    last_words: frozenset[str] = frozenset()
    site: tuple[tuple[str, ...], ...] = ()

    def named_by(self, words: list[str]) -> bool:
        """Whether a name made of `words` (lower case, its capitalised words) is one of the
        site's: "the Times" or "The New York Times" on nytimes.com, not "the Los Angeles
        Times"."""
        return bool(words) and any(name and words[-1] == name[-1] and set(words) <= set(name)
                                   for name in self.site)


def site_names(site: str | None) -> tuple[tuple[str, ...], ...]:
    """The names a site goes by, as words: its own name ("The New York Times" gives new,
    york, times); for a bare host name, its name under the public suffix ("www.politico.com":
    politico; "ledger.co.uk": ledger), after the name a known news host's outlet goes by
    in print ("www.nytimes.com": new, york, times; then nytimes)."""
    if not site or not site.strip():
        return ()
    if " " not in site.strip() and "." in site:
        labels = [part for part in site.lower().split(".") if part and part != "www"]
        if len(labels) < 2 or all(label.isdigit() for label in labels):
            return ()  # "127.0.0.1" names no outlet
        known = next((_news_hosts()[host] for host in (".".join(labels[-3:]),
                                                         ".".join(labels[-2:]))
                      if host in _news_hosts()), None)
        second_level = len(labels) >= 3 and labels[-2] in SECOND_LEVEL
        label = (labels[-3] if second_level else labels[-2],)
        return (known, label) if known is not None and known != label else (label,)
    words = tuple(w for w in (_bare(word) for word in site.split()) if w and w != "the")
    return (words,) if words else ()


SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac"})  # ".co.uk", ".com.au"


@cache
def _news_hosts() -> dict[str, tuple[str, ...]]:
    """Known news hosts and the words of their outlets' names (`data/news_hosts.txt`)."""
    return {line[0]: line[1:] for line in phrases("news_hosts")}


def _bare(word: str) -> str:
    return word.lower().strip(".,:;!?\"'“”").removesuffix("'s").removesuffix("’s")


def own_outlets(doc: Doc) -> OwnOutlet:
    """How the article's own outlet is named (see `OwnOutlet`), once per document."""
    found: frozenset[str] | None = doc.user_data.get(_KEY)
    if found is None:
        found = frozenset(t.lower_ for t in doc if _self_reference(t))
        doc.user_data[_KEY] = found
    return OwnOutlet(found, tuple(doc.user_data.get(SITE_KEY, ())))


THIS_PIECE = frozenset({"story", "article", "piece", "report", "column", "post"})


def is_own(source: Mention, own: OwnOutlet) -> bool:
    """Whether `source` ("a Ledger analysis", "The Ledger", "this story") is the article's
    own outlet."""
    head = source.head
    if head.lemma_.lower() in THIS_PIECE and any(
            c.dep_ == "det" and c.lower_ == "this" for c in head.children):
        return True  # "This story has been updated to note": the article itself
    names = [t.lower_ for t in source.tokens if t.pos_ == "PROPN" and not _in_clause(t, head)]
    return any(name in own.last_words for name in names) or own.named_by(names)


def _in_clause(word: Token, head: Token) -> bool:
    """`word` lies in a clause describing `head`: "an audit seen by the Ledger" is the
    Ledger's copy of someone's audit, not the Ledger's own reporting."""
    node = word
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in {"acl", "relcl"}:
            return True
        node = node.head
    return False


def names_own(text: str, own: OwnOutlet) -> bool:
    """Whether an outlet's name as text ("The Almera Ledger") is the article's own."""
    words = text.split()
    if words and _bare(words[-1]) in own.last_words:
        return True
    capitalised = [_bare(word) for word in words if word[:1].isupper()]
    return own.named_by([word for word in capitalised if word and word != "the"])


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
