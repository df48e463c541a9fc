"""A loose collective's view reported as fact ("some Republicans are wary", "critics have
decried the plan", "it has rankled many in the party"): whose view it is cannot be checked."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.analyzers.rules.findings import FoundFlag, clause
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import Offsets, text_of, tokens_span
from bot.models import FlagKind

LOOSE_QUANTIFIERS = frozenset({"some", "many", "several", "few", "numerous", "various",
                               "other", "others", "most", "multiple", "countless"})
LOOSE_CLASSES = frozenset({"critic", "observer", "analyst", "expert", "advocate", "skeptic",
                           "sceptic", "detractor", "commentator", "pundit", "opponent",
                           "supporter", "ally", "backer", "proponent", "defender"})


def collective_actors(doc: Doc, cues: set[int], reported: list[Offsets]) -> list[FoundFlag]:
    """A loose collective doing or feeling something the article reports as fact ("some
    Republicans are wary", "many observers doubt it", "critics have decried the plan"): whose
    view it is cannot be checked. Only a quantified group ("some", "many in the party") or a
    generic class of commentators; a bare "Republicans voted" is a record, not a view."""
    out = []
    for token in doc:
        if token.i in cues or token.pos_ not in {"VERB", "AUX"} or token.dep_ in {
                "aux", "auxpass", "amod", "acl", "relcl", "xcomp", "pcomp"}:
            continue
        head = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        moved = next((c for c in token.children if c.dep_ == "dobj"), None)
        if token.lemma_.lower() in MOVING and moved is not None:
            head = moved  # "the plan has rankled many in the party": theirs is the feeling
        if head is None or not loose(head) or not _stance(token) or any(
                start <= token.idx < end for start, end in reported):
            continue  # inside what a source is cited as saying, it rests on that source
        found = _loose_flag(clause(token), list(head.subtree))
        if found is not None:
            out.append(found)
    return out


STANCE_VERBS = frozenset({"welcome", "doubt", "decry", "condemn", "criticize", "criticise",
                          "worry", "fear", "interpret", "view", "question", "object", "oppose",
                          "complain", "praise", "applaud", "blame", "suspect", "wonder",
                          "resent", "fault", "deride", "denounce", "lament", "bristle",
                          "chafe", "balk", "grumble", "cheer", "celebrate", "mock", "slam",
                          "liken", "dismiss", "ridicule"})
VOICED = frozenset({"concern", "outrage", "doubt", "frustration", "anger", "alarm", "support",
                    "opposition", "skepticism", "scepticism", "dismay", "fear", "worry",
                    "question", "objection", "reservation", "specter", "spectre"})
STANCE_STATES = frozenset({"wary", "skeptical", "sceptical", "angry", "outraged", "frustrated",
                           "concerned", "worried", "convinced", "opposed", "critical",
                           "furious", "uneasy", "nervous", "unhappy", "angered", "alarmed",
                           "dismayed", "incensed", "upset", "suspicious", "doubtful"})


MOVING = frozenset({"frustrate", "anger", "rankle", "irritate", "alarm", "worry", "trouble",
                    "upset", "dismay", "infuriate", "annoy", "unsettle", "disappoint",
                    "outrage", "unnerve", "spook", "irk", "incense", "enrage",
                    "baffle", "puzzle", "concern"})


FEELINGS = frozenset({"concern", "anger", "frustration", "worry", "fear", "skepticism",
                      "scepticism", "unease", "alarm", "outrage", "dismay", "consensus",
                      "recognition", "feeling", "sentiment", "speculation", "resentment",
                      "discontent", "anxiety", "doubt", "grumbling", "complaint", "criticism",
                      "angst", "irritation", "disquiet", "nervousness", "pessimism",
                      "optimism", "chatter", "belief", "suspicion", "disappointment", "fury",
                      "bitterness", "exasperation", "consternation", "talk"})
GROUPS = frozenset({"circle", "circles", "rank", "ranks", "quarter", "quarters"})


def feelings_among(doc: Doc, reported: list[Offsets]) -> list[FoundFlag]:
    """A feeling or view the article finds in a loose group, as fact: "growing anger in
    Saudi circles", "a tacit recognition among some members of his circle", "alarm among
    legal experts". Not one in a named or possessed group ("among our members", "within
    the GOP"), and not poll support ("support among black voters")."""
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in FEELINGS or any(
                start <= noun.idx < end for start, end in reported):
            continue
        preps = list(noun.children)
        if noun.dep_ in {"dobj", "nsubj", "attr"}:  # "raised alarm among legal experts"
            preps += [c for c in noun.head.children if c.lower_ in {"among", "within"}]
        for prep in preps:
            if prep.dep_ != "prep" or prep.lower_ not in {"among", "within", "inside", "in"}:
                continue
            group = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if group is None or not _loose_group(group, prep.lower_ == "in"):
                continue
            found = _loose_flag(clause(noun), list(prep.subtree))
            if found is not None:
                out.append(found)
            break
    return out


def _loose_group(group: Token, only_circles: bool) -> bool:
    if group.lemma_.lower() in GROUPS or group.lower_ in GROUPS:
        return True  # "in Saudi circles", "within the ranks"
    if only_circles or group.tag_ not in {"NNS", "NNPS"} or group.ent_type_ in {"ORG", "GPE"}:
        return False
    return not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ not in LOOSE_QUANTIFIERS)
                   for c in group.children)  # "among some members", "among legal experts"


def _stance(verb: Token) -> bool:
    """A view or a feeling: "doubt", "decried", "likened it to", "point out", "expressed
    concern", "are wary", "it frustrates many analysts". Not what they say ("many Democrats
    have warned the Fed not to act"): a speech verb no attribution covers is the flags'
    `_uncued_speaker`, whoever its unnamed or loose speaker is."""
    lemma = verb.lemma_.lower()
    if lemma in STANCE_VERBS or lemma in MOVING:
        return True
    if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return True  # "as critics point out": their view, given as a fact
    if lemma in words("belief_verbs") and lemma != "expect":
        return True  # "many progressives believed", "some workers felt betrayed"
    if lemma in {"express", "voice", "raise", "share"}:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in VOICED for c in verb.children)
    return verb.lower_ in STANCE_STATES or any(
        c.dep_ in {"acomp", "oprd"} and c.lower_ in STANCE_STATES for c in verb.children)


def loose(head: Token) -> bool:
    """A loose collective: a quantified group ("many in the party", "some Democrats"), a
    generic class of commentators ("critics"), or unnamed people by what they are."""
    lemma = head.lemma_.lower()
    if head.lower_ in {"many", "some", "several", "others"} and head.pos_ in {"PRON", "NOUN",
                                                                               "ADJ"}:
        return True  # "many in the party", "some interpret it as …"
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    quantified = any(c.dep_ in {"det", "amod", "quantmod"} and c.lower_ in LOOSE_QUANTIFIERS
                     for c in head.children)
    return quantified or lemma in LOOSE_CLASSES or (
        (lemma in words("vague_heads") or lemma in words("anonymous_heads")) and not any(
            c.dep_ in {"det", "poss"} for c in head.children))  # "business leaders decried
    # it", "Democratic strategists are skeptical"; not "the party's leaders", "these groups"


def sees_as(verb: Token) -> bool:
    """ "Some analysts see the fee as a tax": a view, as unverified as what they say (not
    "a passer-by who saw the smoke")."""
    return verb.lemma_.lower() in {"see", "view", "regard"} and any(
        t.lower_ == "as" and t.i > verb.i for t in verb.subtree)


def _loose_flag(span: Offsets | None, group: list[Token]) -> FoundFlag | None:
    """The flag on `span` for the loose collective `group`, named in its `why`."""
    words_of = tokens_span(group)
    if not span or not words_of:
        return None
    who = " ".join(text_of(group[0].doc)[words_of[0] : words_of[1]].split())
    return FoundFlag(FlagKind.VAGUE_SOURCE, span,
                     f"loose collective ({who}): who exactly, and how many?")
