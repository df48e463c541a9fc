"""Word lists the rules read: reporting verbs, titles, source words, hedges.

Kept as plain constants so a reviewer can see every word a rule depends on, and so a
change here changes the analyzer's hash (and so invalidates cached answers).
"""

from __future__ import annotations

from bot.analyzers.rules_v1.wordlist import words

ABBREVIATIONS = frozenset(
    words(
    """
    Mr Mrs Ms Dr Sen Sens Rep Reps Gov Gen Lt Col Sgt Capt Adm Maj St Jr Sr Rev Prof Hon
    Pres Atty Supt Cmdr Mt Ft Inc Corp Co Ltd No vs Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Ave Blvd Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md
    Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo Ind
    etc approx Gens Govs Messrs Mmes
    """
)
)

SENTENCE_STARTERS = frozenset(
    words(
    """
    The A An He She It They We I But And In On At This That These Those His Her Their
    Its Our After Before When While If As Some Many Most Mr. Mrs. Ms. Dr. So Yet Still
    Now Then However Meanwhile
    """
)
)

# Reporting verbs: every inflection listed, since there is no lemmatiser.
SPEECH_VERBS: dict[str, str] = {}
# One verb a line: its base form first, then its inflections.
_FORMS = """
say said says saying
tell told tells telling
write wrote writes writing written
add added adds adding
note noted notes noting
argue argued argues arguing
claim claimed claims claiming
warn warned warns warning
insist insisted insists insisting
acknowledge acknowledged acknowledges acknowledging
admit admitted admits admitting
explain explained explains explaining
announce announced announces announcing
report reported reports reporting
declare declared declares declaring
state stated states stating
suggest suggested suggests suggesting
tweet tweeted tweets tweeting
respond responded responds responding
reply replied replies replying
recall recalled recalls recalling
conclude concluded concludes concluding
predict predicted predicts predicting
promise promised promises promising
vow vowed vows vowing
pledge pledged pledges pledging
deny denied denies denying
confirm confirmed confirms confirming
contend contended contends contending
maintain maintained maintains maintaining
assert asserted asserts asserting
observe observed observes observing
remark remarked remarks remarking
complain complained complains complaining
allege alleged alleges alleging
testify testified testifies testifying
concede conceded concedes conceding
caution cautioned cautions cautioning
emphasize emphasized emphasizes emphasizing
emphasise emphasised emphasises emphasising
stress stressed stresses stressing
boast boasted boasts boasting
joke joked jokes joking
quip quipped quips quipping
agree agreed agrees agreeing
reveal revealed reveals revealing
indicate indicated indicates indicating
show showed shows showing shown
find found finds finding
estimate estimated estimates estimating
charge charged charges charging
accuse accused accuses accusing
ask asked asks asking
continue continued continues continuing
counter countered counters countering
read reads
call called calls calling
describe described describes describing
criticize criticized criticizes criticizing
criticise criticised criticises criticising
endorse endorsed endorses endorsing
urge urged urges urging
praise praised praises praising
blast blasted blasts blasting
slam slammed slams slamming
defend defended defends defending
reject rejected rejects rejecting
question questioned questions questioning
cite cited cites citing
mention mentioned mentions mentioning
denounce denounced denounces denouncing
decline declined declines declining
express expressed expresses expressing
point pointed points pointing
refer referred refers referring
propose proposed proposes proposing
threaten threatened threatens threatening
demand demanded demands demanding
dismiss dismissed dismisses dismissing
applaud applauded applauds applauding
condemn condemned condemns condemning
lament lamented laments lamenting
hail hailed hails hailing
mock mocked mocks mocking
think thinks thought thinking
believe believes believed believing
know knows knew knowing
feel feels felt feeling
fear fears feared fearing
hope hopes hoped hoping
want wants wanted wanting
doubt doubts doubted doubting
suspect suspects suspected suspecting
worry worries worried worrying
wish wishes wished wishing
reiterate reiterated reiterates reiterating
assure assured assures assuring
remind reminded reminds reminding
wonder wondered wonders wondering
imply implied implies implying
email emailed emails emailing
answer answered answers answering
signal signaled signals signaling signalled
echo echoed echoes echoing
shout shouted shouts shouting
chant chanted chants chanting
retweet retweeted retweets retweeting
quote quoted quotes quoting
post posted posts posting
plead pleaded pleads pleading
offer offered offers offering
seek sought seeks seeking
refuse refused refuses refusing
oppose opposed opposes opposing
attack attacked attacks attacking
blame blamed blames blaming
order ordered orders ordering
discuss discussed discusses discussing
challenge challenged challenges challenging
request requested requests requesting
voice voiced voices voicing
portray portrayed portrays portraying
decry decried decries decrying
highlight highlighted highlights highlighting
tout touted touts touting
rail railed rails railing
encourage encouraged encourages encouraging
thank thanked thanks thanking
assail assailed assails assailing
reference referenced references referencing
bemoan bemoaned bemoans bemoaning
liken likened likens likening
support supported supports supporting
talk talked talks talking
invoke invoked invokes invoking
champion championed champions championing
recommend recommended recommends recommending
""".splitlines()
for _line in _FORMS:
    _words = _line.split()
    for _word in _words:
        SPEECH_VERBS[_word] = _words[0] if _words else _word

# Verbs whose content is their object, up to the end of the clause: "called Trump a liar".
TRANSITIVE_VERBS = words(
    """
    call describe criticize criticise endorse urge praise blast slam defend reject question
    cite mention denounce decline express point refer propose threaten demand dismiss
    applaud condemn lament hail mock accuse charge offer seek refuse oppose attack blame
    order discuss challenge request voice portray decry highlight tout rail encourage thank
    assail reference bemoan liken support talk invoke champion recommend
    """
)
# Verbs that may follow their content and come before their source: "“…,” said X".
INVERTED_VERBS = words(
    """
    say add write ask note continue explain argue insist recall warn tweet declare reply
    respond counter concede admit acknowledge read state suggest claim report joke quip
    boast remark observe complain predict caution emphasize stress conclude confirm
    announce
    """
)
# Verbs of thinking and wanting: PolNeAR counts them as attributions too.
BELIEF_VERBS = words("think believe know feel fear hope want doubt suspect worry wish")
# Verbs whose subject holds the content in mind rather than asserting it to anyone:
# attributions for PolNeAR, but never what makes their subject the claimant of a claim.
COGNITIVE_VERBS = BELIEF_VERBS | words("wonder")
# Source heads that make "shows", "found" a reporting cue without "that": "a poll shows X".
EVIDENCE_HEADS = words(
    """
    poll polls survey surveys study studies data report reports analysis research
    figures numbers results records documents estimates review audit investigation memo
    memos letter document emails email filing filings files cables transcript transcripts
    video videos polling footage series count tally
    """
)
# Particles that belong to the cue: "called for", "pointed to", "referring to".
PARTICLES = {
    "call": {"for", "on"},
    "point": {"to", "out"},
    "refer": {"to"},
    "talk": {"about", "with", "to"},
    "rail": {"against"},
    "liken": set(),
    "express": set(),
}
# Auxiliaries and adverbs between the source and the verb that PolNeAR counts in the cue.
CUE_CHAIN = words(
    """
    has have had also is was were are will would repeatedly later then previously recently
    once again publicly privately first further earlier simply flatly subsequently
    separately similarly initially originally already
    """
)

# Lower-case nouns that can head a source phrase ("the campaign said", "critics argue").
SOURCE_HEADS = words(
    """
    campaign report poll polls survey surveys study studies data figures numbers results
    statement memo letter analysis research records document documents article story
    voters supporters critics experts analysts observers residents people members leaders
    lawmakers legislators democrats republicans candidates officials aides advisers
    advisors staff staffers friends neighbors neighbours reporters police authorities
    protesters activists delegates donors women men americans groups economists sources
    spokesman spokeswoman spokesperson official aide adviser advisor source person group
    government ministry department agency embassy company administration party committee
    military army navy court judge prosecutors prosecutor lawyers lawyer attorney
    attorneys investigators researchers scientists scholars historians strategists
    pollsters consultants insiders diplomats executives workers students parents
    conservatives liberals progressives evangelicals fans followers opponents rivals allies
    backers colleagues family mother father wife husband son daughter brother sister
    president senator governor mayor chairman director minister secretary leader
    candidate nominee ambassador commander general chief founder ceo manager owner
    organizers organisers officers soldiers union unions institute foundation center
    paper newspaper network website site account book video ad ads tweet tweets post
    posts rules law laws bill poll polling surveys estimate estimates projections
    forecast forecasts model models index polls evidence review audit investigation
    inquiry probe filing filings complaint lawsuit indictment court coalition team
    board council commission office bureau service services association organization
    organisation firm firms
    """
)

# Verbs that take a hearer before the content: "told reporters that ...".
HEARER_VERBS = frozenset({"tell", "told", "tells", "telling", "ask", "asked", "asks", "warn"})
# Verbs that are reporting cues only when followed by "that" or a quote (too common else).
WEAK_VERBS = frozenset(
    {"show", "find", "continue", "agree", "state", "report", "indicate", "estimate", "charge",
     "accuse", "ask", "maintain", "observe", "promise", "note", "add", "stress", "deny",
     "confirm", "reveal", "predict", "claim", "suggest", "warn", "admit", "complain",
     "respond", "reply", "recall", "counter", "allege", "read", "post", "quote", "answer",
     "signal", "echo", "email", "imply", "shout", "chant", "retweet", "plead", "remind",
     "assure", "wonder"}
)
# Always strong whatever follows.
STRONG_VERBS = frozenset({"say", "tell", "write", "tweet", "declare", "insist", "argue",
                          "explain", "acknowledge", "emphasize", "emphasise", "contend",
                          "assert", "concede", "quip", "joke", "boast", "announce", "remark"})

AUXILIARIES = frozenset(
    words(
    """
    has have had is was were are be been would will could should may might must do does
    did also later then previously recently repeatedly reportedly publicly privately
    once often again separately last first further earlier already flatly simply not
    never still just has n't
    """
)
)

PRONOUNS = words("he she they it i we you who which that this one")
PERSONAL_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "you"])

TITLES = frozenset(
    words(
    """
    president vice prime minister ministers secretary senator sen. sens. rep.
    representative congressman congresswoman gov. governor mayor chairman chairwoman
    chair ceo chief director directors spokesman spokeswoman spokesperson spokespeople
    ambassador general gen. gens. lt. col. colonel admiral commander king queen prince
    judge justice attorney leader speaker adviser advisor aide official officials
    officer minister counsel deputy head candidate nominee founder executive analyst
    professor dr. mr. mrs. ms. manager strategist pollster economist lawyer chancellor
    envoy inspector commissioner sheriff superintendent treasurer clerk consul premier
    """
)
)

OFFICIAL_WORDS = (
    "minister", "prime minister", "president", "spokes", "agency", "embassy", "military",
    "army", "navy", "air force", "idf", "defense forces", "defence forces", "ministry",
    "government", "department", "police", "director", "mossad", "intelligence", "official",
    "ambassador", "senator", "sen.", "rep.", "governor", "gov.", "white house", "pentagon",
    "kremlin", "representative", "cabinet", "office", "secretary", "foreign", "commission",
    "council", "authority", "general", "commander", "mayor", "administration", "company",
    "representative", "operations director", "chief executive", "ceo", "regulator",
)

ANONYMOUS_NOUNS = (
    "official", "officials", "source", "sources", "aide", "aides", "person", "people",
    "insider", "insiders", "diplomat", "diplomats", "officer", "officers", "adviser",
    "advisers", "advisor", "advisors", "staffer", "staffers", "member", "members",
    "employee", "employees", "analyst", "analysts", "expert", "experts",
)

OUTLETS = (
    "yahoo news", "cnn", "fox news", "fox", "new york times", "washington post", "reuters",
    "associated press", "the ap", "afp", "agence france-presse", "france 24", "bbc",
    "politico", "the hill", "bloomberg", "nbc", "abc", "cbs", "msnbc", "breitbart",
    "huffington post", "huffpost", "axios", "al jazeera", "wall street journal", "wsj",
    "guardian", "times", "post", "journal", "npr", "usa today", "newsweek", "time magazine",
    "haaretz", "tass", "ria novosti", "xinhua", "le monde", "der spiegel", "the atlantic",
    "vox", "slate", "buzzfeed", "daily mail", "telegraph", "financial times", "the economist",
    "cnbc", "c-span", "univision", "telemundo", "irna", "fars", "tasnim", "press tv",
    "channel", "radio", "television", "newspaper", "magazine", "daily", "tribune", "herald",
    "gazette", "network", "news agency", "outlet", "website", "blog", "tv",
)

DOCUMENT_WORDS = (
    "report", "memo", "memorandum", "study", "filing", "document", "documents", "analysis",
    "poll", "survey", "letter", "statement", "data", "records", "record", "article", "story",
    "email", "emails", "cable", "cables", "dossier", "transcript", "court papers", "lawsuit",
    "complaint", "indictment", "affidavit", "assessment", "review", "audit", "estimate",
    "estimates", "figures", "investigation", "paper", "release", "book", "ruling", "returns",
    "polls", "video", "footage", "tweet", "post", "documents", "census", "research",
)

ORGANIZATION_WORDS = (
    "ministry", "department", "government", "campaign", "committee", "party", "agency",
    "embassy", "company", "military", "army", "navy", "idf", "defense forces", "white house",
    "pentagon", "kremlin", "council", "commission", "office", "administration", "congress",
    "senate", "house", "court", "police", "union", "group", "association", "institute",
    "foundation", "center", "centre", "corp", "inc", "university", "bank", "fund", "board",
    "mossad", "cia", "fbi", "nsa", "un", "nato", "eu", "directorate", "authority", "club",
    "organization", "organisation", "coalition", "movement", "democrats", "republicans",
    "gop", "dnc", "rnc", "state", "states", "israel", "iran", "russia", "china", "team",
    "contractor", "supplier", "operator", "firm", "manufacturer", "developer", "insurer",
    "lender", "retailer", "airline", "utility", "publisher", "regulator", "ministry",
)

HEDGES = (
    "reportedly", "allegedly", "purportedly", "supposedly", "apparently", "is said to",
    "are said to", "was said to", "were said to", "is believed to", "are believed to",
    "was believed to", "were believed to", "is thought to", "are thought to",
    "is understood to", "rumored", "rumoured", "unconfirmed", "it is unclear",
    "it was unclear", "it remains unclear", "it is not clear", "it was not clear",
    "is alleged", "was alleged", "alleged",
)

UNKNOWN_ADMITTED = (
    "it is unclear", "it was unclear", "it remains unclear", "it is not clear",
    "it was not clear", "it is not known", "it was not known", "it is unknown",
    "could not be independently verified", "could not be independently confirmed",
    "could not independently verify", "could not independently confirm",
    "could not be verified", "could not be confirmed", "did not say how", "did not say why",
    "did not specify", "did not provide evidence", "without providing evidence",
    "no evidence was", "remains unknown", "is unknown",
)

VAGUE_SOURCES = (
    "critics say", "critics said", "some say", "some said", "experts say", "experts said",
    "observers say", "many believe", "it is believed", "it is widely believed",
    "some have argued", "some argue", "analysts say", "analysts said", "rumors",
    "rumours", "speculation", "social media users", "people are saying",
    "many people", "some people", "word is", "insiders say",
)

COUNTRIES = frozenset(
    words(
    """
    israel iran iraq syria russia china ukraine turkey egypt jordan lebanon saudi arabia
    qatar yemen france germany britain uk u.k. us u.s. united states america japan india
    pakistan afghanistan north korea south korea mexico canada brazil venezuela cuba
    tehran moscow beijing washington jerusalem kyiv kiev ankara cairo riyadh hamas
    hezbollah taliban nato eu
    """
)
)

# Content words that make a reported statement a denial.
DENIAL_CONTENT = (
    r"\bnot involved\b|\bno role\b|\bnothing to do with\b|\bno involvement\b"
    r"|\b(?:isn[’']t|is not|wasn[’']t|was not) (?:an? |the )?(?:\w+ )?(?:event|operation|true)\b"
    r"|\buntrue\b|\bfalse\b|\bbaseless\b|\bfabricat\w*|\bunfounded\b|\bfake news\b"
    r"|\bdeni(?:ed|es)\b|\bdeny\b|\brejects?\b|\brejected\b|\bat a distance\b"
    r"|\bnever (?:happened|took place|did|was|were|had)\b|\bnot responsible\b"
    r"|\bno (?:part|hand) in\b|\bwere not (?:involved|there|behind)\b|\bnot behind\b"
)
