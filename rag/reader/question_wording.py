"""The wording of what a question asks, read from its words alone: yes or no, why, or only more of the same; who
is asked to have done what (the verb after "who", the speakers, a person by name or office, a country that acted,
to whom); what was said or sought, or not agreed; the deed asked to have been done; the thing a "what/which <noun>"
question asks for and the noun "how many" counts; a day, a choice offered, a place the answer must lie within.
`analyse` (rag/reader/question.py) reads these into the `Question`; like the rest of it, they never pick an answer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.reader.answer_types import GATHERING
from rag.reader.gazetteer import parties_in
from rag.text import STOPWORDS, first_stem, terms

if TYPE_CHECKING:
    from rag.reader.question import Question

# What a "who" question asks the person to have done: the word after "who" and its auxiliary ("Who chaired the
# meeting?" -> "chaired"; "Who was in charge of ...?" -> "charge"; "Who were the officials?" asks who they were).
_AUX = r"(?:did|does|do|was|were|is|are|has|have|had|will|would|could|might|may|shall|should|must)"
_PERSON_NOUN = (
    r"ministers?|commissioners?|officials?|politicians?|delegates?|ambassadors?|secretar(?:y|ies)|attorneys?\s+general"
)
_WHO_DID = re.compile(
    rf"\b(?:(?i:which|who)\s+of\s+(?i:them|those|these|the\s+\w+)|(?i:who|whom)"
    rf"|(?i:which|what)\s+(?:[\w.-]+\s+){{0,2}}?(?i:{_PERSON_NOUN}|body|bodies|institutions?|sides?|part(?:y|ies)))"
    rf"\s+(?:(?i:else)\s+)?(?:(?i:{_AUX})\s+)?"  # ("Who else was there?" asks who was there, as others)
    r"(?:(?i:else|also|actually|really|then|in|on|at|for|first|originally|initially|later|eventually|finally"
    r"|formally|officially)\s+)*([A-Za-z][\w-]*)"
)
_BE_THEN_PLURAL = re.compile(r"\b(?:is|was|are|were)\s+(?:[\w-]+\s+)*?[a-z][\w-]*[^s\W]s$", re.I)
# Whom a side sent: "Who did Bulgaria send to the meeting?", "Whom did the US send?" (who came for it).
_WHOM_SENT = re.compile(r"\b(?:who|whom)\s+(?:did|does|do|has|have|had)\s+(?:[\w.'’-]+\s+){1,3}?(send|sent)\b", re.I)
_AUTHOR_NAMED = re.compile(r"\bwho\s+(?:is|was|are|were)\s+the\s+(?:authors?|writers?|drafters?)\b", re.I)
# Those who came, named as such: "Who were the (American) participants?", "List the attendees."
_PARTICIPANTS_NAMED = re.compile(
    r"\b(?:who\s+(?:is|was|are|were)|(?:list|name))\s+(?:all\s+)?(?:of\s+)?the\s+(?:[\w.-]+\s+){0,2}?"
    r"(?:participants|attendees)\b"
    # ... or as who was at a meeting: "Who was at the Ottawa meeting?" ("Who was in charge?" is no coming)
    rf"|\bwho\s+(?:was|were)\s+(?:also\s+)?(?:present\s+)?at\s+(?:the\s+)?(?:[\w.'’-]+\s+){{0,3}}?{GATHERING}\b",
    re.I,
)
_PARTICLE = re.compile(r"\s+(over)\b", re.I)  # ("made up", "put out" keep their meaning here)
# The question asks what was said or discussed ("Did they discuss justice reforms?", "What was said about homeland
# security?", "Was the GDPR mentioned?"): what a record of who attended names in its titles was not said.
ASKS_WHAT_WAS_SAID = re.compile(
    r"\b(?:say|says|said|mention(?:s|ed)?|discuss(?:es|ed)?|talk(?:s|ed)?(?:\s+about)?|rais(?:e|es|ed)|"
    r"c(?:o|a)me\s+up|br(?:ing|ought)\s+up|on\s+the\s+agenda|address(?:es|ed)?|touch(?:es|ed)?\s+on"
    r"|describ(?:e|es|ed)|characteri[sz](?:e|es|ed)|portray(?:s|ed)?"
    # (a reaction in the proceedings is what a side said of it: "How did the US react to the pause?")
    r"|react(?:s|ed)?|respond(?:s|ed)?|repl(?:y|ies|ied))\b",
    re.I,
)
# "Which of them ...?": one of those the last answer named (rag/conversation.py passes its people).
WHICH_OF = re.compile(r"\b(?:which|who)\s+of\s+(?:them|those|these|the\s+\w+)\b", re.I)
_NO_PREDICATE = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "it", "they", "he", "she", "we"}
    | {"of", "from", "with", "to", "by", "who", "which"}  # "Which ministers of the Presidency attended?"
)
TO_WHOM = re.compile(
    r"\bto whom\b|\brecipients?\b|\breceiv\w*|\baddress(?:ed|ee|ees)\b|\b(?:sent|circulated|distributed|copied)\s+to\b|"
    r"\bwho\b.{0,40}\bto\s*\?",
    re.I,
)
# The question asks for a day, not a period: "On which date ...?", "What exact date ...?", "Over which days ...?".
DAY = re.compile(
    r"\b(?:which|what)\s+(?:exact\s+|precise\s+)?(?:date|dates|day|days)\b|\b(?:exact|precise)\s+date\b", re.I
)
# Verbs that carry no matter of their own ("What progress was made ...?", "What steps were taken ...?", "Why couldn't
# they go further?"), and the noun of "take place" ("When was it supposed to take place?" is about the evaluation).
LIGHT_VERBS = frozenset(
    terms("make made makes making take took taken give gave given get got put done place go goes went gone going")
)
# Words of asking what was said (a topic request's own words, which no statement need repeat), not of what happened.
TALK_TERMS = frozenset(
    terms(
        "tell say said discuss discussed discussion mention mentioned talk talked raise raised come came bring cover "
        "covered "
        "brought agenda address addressed touch touched issue issues matter matters topic subject question point "
        "problem problems situation dossier "
        "update news anything something more happen happened meeting ministerial ministers delegation side sides "
        # (words that say when, how much or how surely, never what: "... across the Atlantic ever on the agenda?")
        "ever never yet still already even whether actually really across anywhere somewhere"
    )
)
# What a "which meeting" question asks happened there, when it ends on it ("At which ministerial was the agreement
# finally signed?"): a meeting's sentence that only speaks of the agreement says nothing of a signing.
_ENDING_EVENT = re.compile(r"\b(?P<verb>[a-z]{3,}(?:ed|en))\W*$", re.I)
# ... and whether anything was done, asked with the deed last ("Were any agreements signed?", "Has the directive been
# adopted?"): a sentence on the agreements that says nothing of a signing does not answer yes. (Not "Was it agreed?"
# or "Were they satisfied?": what was decided or felt is a statement kind, rag/reader/answer_types.py.)
_WHETHER_DONE = re.compile(r"\s*(?:was|were|has|have|had)\s+(?:any|anything|a|an|the|it|they|this|that)\b", re.I)
# What one side sought on a topic ("What did the Americans want on PNR?"): its own statement, never one both
# sides made ("The EU and the US exchanged information on ... visa policies" is nothing the US offered).
# A wish or hope is sought too ("What did the US hope for regarding the PNR agreement?"), and asked as it was
# ongoing ("What was Washington hoping for ...?").
_SEEKING = ("want", "propose", "suggest", "offer", "argue", "seek", "expect", "hope for", "wish for", "push for")
_SEEKING += ("call for", "ask for")


def _progressive(verb: str) -> str:
    first, _, rest = verb.partition(" ")
    return " ".join(filter(None, (f"{first.removesuffix('e')}ing", rest)))


# ("What did the EU want from the US on visas?": from whom it is sought says nothing of what)
FROM_WHOM = r"(?:\s+from\s+(?:the\s+)?[\w.'-]+(?:\s+(?:side|delegation))?)?"
# "did the US want", "was Washington hoping for": what follows "what" when a side's wish is asked.
SOUGHT_BY = (
    rf"(?:(?:did|does|do)\s+[\w\s.'-]{{1,40}}?\s+(?:{'|'.join(_SEEKING)})"
    rf"|(?:was|were|is|are)\s+[\w\s.'-]{{1,40}}?\s+(?:{'|'.join(map(_progressive, _SEEKING))})){FROM_WHOM}"
).replace(" ", r"\s+")
_ASKS_WHAT_WAS_SOUGHT = re.compile(rf"\bwhat\s+{SOUGHT_BY}\s+(?:about|on|regarding|concerning)\b", re.I)
EITHER_OR = re.compile(r"([\w.-]+)\s+or\s+(?:the\s+)?([\w.-]+)", re.I)
# Numbers offered as the choice ("the fourth or the fifth one?", "in 2017 or 2018?"): figures are said as they are,
# so an answer names one of them; words offered ("new laws or self-policing?") may be answered in other words.
_NUMBER_WORD = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|\d+(?:st|nd|rd|th)?"
)
NUMBER_CHOICE = re.compile(rf"\b({_NUMBER_WORD})\s+or\s+(?:the\s+|an?\s+)?({_NUMBER_WORD})\b", re.I)
# "Where in Sofia ...?", "At which venue in Sofia ...?": a place right after what is asked for narrows the answer
# to somewhere inside it, so naming that place again answers nothing (the meeting scope takes the words out of the
# question the reader sees, so they are read from the question as asked).
WITHIN = re.compile(
    r"\b(?i:where|(?:what|which)\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+(?i:in|at|within|inside)\s+(?:the\s+)?"
    r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# "Which Austrian minister ...?", "Which US official ...?": a noun for a person asks for someone by name, and an
# institution ("the incoming Austrian Presidency presented ...") is no answer. (Not "What did the ministers ...?".)
BY_NAME = re.compile(
    r"\b(?:which|what)\s+(?:(?!(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could)\b)[\w.-]+\s+){0,2}?"
    rf"({_PERSON_NOUN})\b",
    re.I,
)
# The offices a person asked for by one must hold ("Which commissioners took part?" is not answered by the US
# delegation's Attorney General); "officials", "politicians" and "delegates" say no office.
_NAMED_OFFICE = re.compile(r"minister|commissioner|ambassador|secretar|attorneys?\s+general", re.I)
# A country asked for as the one that did something ("Which country vetoed the statement?", "Which Member States
# objected?"), not as where something was ("In which country was it held?", "Which country was the meeting in?").
COUNTRY_ACTS = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:country|countries|nations?|member\s+states?)\s+"
    r"(?:(?!(?:was|were|is|are|did|does|do|has|have|had|will|would|can|could|might|may|should|must)\b)[a-z][\w-]*"
    # ... or said in the passive or progressive: "Which country is concerned about ...?", "... was pushing for ...?"
    # (not what was done to it: "Which countries are affected?" asks which undergo it, none of the sides who met)
    r"|(?:was|were|is|are)\s+(?!(?:held|located|situated|based|used|chosen|mentioned|named|cited|discussed|listed"
    r"|referred|affected|excluded|covered|impacted|targeted|exempted|included|concerned\s+by|singled|identified"
    # (nor what others said of it: "Which countries were singled out?" after the US naming Colombia and China)
    r"|highlighted|flagged|pointed|blamed|critici[sz]ed|praised|urged|invited|encouraged|asked|called)\b)"
    r"[a-z]+(?:ed|ing)\b)",
    re.I,
)
# The nouns of a side's own bodies, which speak for it ("the US administration", "the Turkish authorities").
_SIDES_BODY = (
    r"(?:delegations?|administration|government|department|parliament|officials?|authorit(?:y|ies)|commission|nations?)"
)
# The parties a question makes its subject: "What did the Canadians say ...?", "How has the US responded ...?"
# (names, and "and" between them; the verb's lower-case words end it). A copula ("What is the US programme?")
# asks about a thing, not what someone said.
SPEAKERS = re.compile(
    # ("What concerns did the Americans raise ...?": the thing asked may stand between "what" and the verb)
    # (never a meeting: "Which meeting did Jeff Sessions attend?" asks for the meeting, not what he said)
    r"(?:\b(?i:what|which)\s+(?!(?i:meetings?|ministerials?|conferences?|sessions?)\b)(?:(?-i:[a-z])[\w-]*\s+){0,2}|\b(?i:how|why|where)\s+|^\W*)"
    r"(?i:did|does|do|has|have|had|will|would)\s+(?i:the\s+)?"
    r"((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*)(?![\w'’-])"
    # (a name that came up is what was spoken of, no one speaking: "Did China come up?" had read China as a side
    # and refused, "the closest passages speak of another party")
    # (the whole run of names: "Has the EU-Canada PNR agreement been signed?" is no "EU-Canada" speaking)
    r"(?!\s+(?:and\s+(?:the\s+)?)?[A-Z]|\s+(?i:come|came|comes)\s+up\b|\s+(?i:get|got)\s+(?i:mentioned|discussed|raised)\b"
    # (nor is a thing of a side, named by a noun after it: "What did the Turkish operation mean for the camps?" had
    # read Turkey as the one saying it, and refused, "the closest passages speak of another party"; "-al" only as in
    # proposal, approval, renewal: "the US federal agencies" are the US)
    rf"|\s+(?!{_SIDES_BODY}\b)(?-i:[a-z])[\w-]*(?:tion|sion|ment|ance|ence|ity|ure|sal|val|wal)s?\b)"
)
# ... or whose view, position or stance it asks for: "What is the US view of ETIAS?", "What was Washington's
# position on PNR?", "What was the EU's message on visa reciprocity?".
VIEW_OF = re.compile(
    # ("What were the US side's views on e-evidence?": the side's word goes with the name)
    r"\b(?:the\s+)?((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*?)(?:\s+(?i:side|delegation))?"
    r"(?:['’]s)?\s+(?i:view|views|position|positions|stance|opinion|take|line|attitude|message|messages|argument|arguments"
    r"|reaction|reactions|response|responses|reply|answer"  # ("What was the US reaction to the pause?")
    r"|ask|asks|demand|demands|request|requests)"  # ("What was the EU's demand on visas?")
    r"\s+(?i:of|on|about|regarding|towards|to)\b"
)
# ... or by a pronoun for them ("What did they present?" after the Austrian ministers): a meeting fact recording who
# came is no answer to what they did.
# ... or how it felt about something, or was after: "What was the US worried about?", "What were the Europeans unhappy
# with?", "What were the Americans trying to achieve?".
FELT_BY = re.compile(
    r"\b(?i:what)\s+(?i:was|were|is|are)\s+(?i:the\s+)?((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*)"
    r"\s+(?:(?i:delegation|side)\s+)?(?i:worried|concerned|anxious|troubled|alarmed|unhappy|happy|pleased|satisfied"
    # ... or what it was after: "What were the Americans trying to achieve on drugs?"
    r"|trying|hoping|aiming|seeking|pushing|asking|looking|calling|pressing)\b"
)
# ... or whether it was for something: "Were the Americans on board with ...?", "Was the EU happy with ...?".
STANCE_OF = re.compile(
    r"^\W*(?i:was|were|is|are)\s+(?i:the\s+)?((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*)"
    r"\s+(?:(?i:delegation|side)\s+)?(?i:on\s+board|happy|satisfied|pleased|willing|ready|open|in\s+favou?r|opposed"
    r"|against|keen|supportive|worried|concerned)\b"
)
PRONOUN_SPEAKER = re.compile(r"\b(?:what|how|why)\s+(?:did|does|do|has|have|had|will|would)\s+(?:they|he|she)\b", re.I)
# "What deadline was set ...?", "Which military alliance might ...?": the noun between "what/which" and the verb
# names the thing asked for (its slot). Nouns that only say "some kind of" name none.
_SLOT = re.compile(
    r"\b(?:what|which)\s+((?:(?-i:[a-z])[\w-]*\s+){0,3}?)((?-i:[a-z])[\w-]*)\s+"
    r"(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could|might|may|should|must)\b",
    re.I,
)
_NO_SLOT = frozenset(
    {
        "kind",
        "kinds",
        "sort",
        "sorts",
        "type",
        "types",
        "way",
        "ways",
        "thing",
        "things",
        "one",
        "ones",
        "else",
        "exactly",
    }
    | {"role", "position", "view", "views", "stance"}
    # (what is known of a matter, no thing named: "What is the most recent information on the mandate?")
    | {"information", "news", "update", "updates", "details", "word", "latest"}
    # (what they agreed on, said as ground shared: "What common ground did they find on ...?")
    | {"ground"}
)
# Words that are never in the noun phrase a "what/which" question asks for; and prepositions that end its head
# ("of" does not: "which categories of threat" asks for threats).
_NOT_IN_A_NOUN_PHRASE = frozenset(
    {"did", "do", "does", "was", "were", "is", "are", "has", "have", "had", "will", "would", "can", "could"}
    | {"might", "may", "should", "must", "them", "they", "it", "he", "she", "we", "you", "these", "those"}
)
_ENDS_A_HEAD = frozenset({"about", "on", "for", "in", "with", "from", "to", "against", "regarding", "concerning"})
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)", re.I)
# Words that end the counted noun phrase before its plural head is found ("How many of them ...").
_PHRASE_END = frozenset(
    {"of", "are", "were", "did", "do", "does", "have", "has", "had", "will", "would", "can", "could", "is", "was"}
    | {"in", "at", "on"}
)
UNDECIDED = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}(?:agree[ds]?|decide[ds]?|settle[ds]?|resolve[ds]?)\b|"
    r"\b(?:unresolved|undecided|unsettled|disagree\w*|disagreements?)\b",
    re.I,
)
# What was left unsaid: "What was not discussed?", "Which topics didn't they raise?", "What was left off the agenda?".
# The proceedings record what was said; only a sentence saying something was not is an answer.
UNSAID = re.compile(
    r"^\W*(?:and\s+)?(?:what|which)\b[^?]*?(?:\b(?:was|were|did|do|does|is|are|has|have|had)(?:n['’]t|\s+not|\s+never)"
    r"(?:\s+\w+){0,2}?\s+(?:discuss|mention|rais|cover|address|talk|brought|bring|touch|debat)\w*"
    r"|\bleft\s+(?:off|out\s+of)\s+the\s+agenda\b)",
    re.I,
)
# A sentence saying something was not said: "did not discuss", "was not raised", "no discussion of" ("not covered
# by the US Visa Waiver Programme" is left out of a programme, not of the talks).
UNSAID_STATED = re.compile(
    r"\b(?:not|never|no)\b(?:\s+\w+){0,2}?\s+(?:discuss|mention|rais|address|talk|debat)\w*", re.I
)
_YES_NO = re.compile(r"\s*(?:did|was|were|is|are|has|had|have|does|do|will|would|shall|can|could)\b", re.I)


def asks_whether(text: str) -> bool:
    """Whether a question asks yes or no ("Was the meeting in Vienna?"), by its opening auxiliary."""
    return bool(_YES_NO.match(text))


_MORE_OF_IT = frozenset(["what", "anything", "something", "else", "more", "further", "other", "any", "is", "there"])


def only_more(text: str) -> bool:
    """Whether a question only asks for more of the same: "Anything else?", "Is there anything more?"."""
    said = set(re.findall(r"[a-z]+", text.lower()))
    return bool(said) and said <= _MORE_OF_IT


def office_asked(text: str) -> str:
    """The office a "which/what <office>" question asks a person by, as a stem to find in the answer ("Which
    Bulgarian ministers ...?" -> "minister"); "" for a noun that names no office ("Which officials ...?")."""
    found = BY_NAME.search(text)
    office = _NAMED_OFFICE.match(found.group(1)) if found else None
    if office is None and (titled := _TITLED_OFFICE.match(text) or _DESCRIBED_OFFICE.match(text)):
        # "Who is the US Secretary of State?": that office, whole ("Secretary" and "State" apart had been met by
        # "the Acting Deputy Secretary for Homeland Security" of "the United States"); "Who is the EU counter-terrorism
        # coordinator?" likewise (the EU delegation's record had answered it)
        return re.sub(r"\s+", " ", titled["office"].lower())
    return re.sub(r"\s+", " ", office.group(0).lower()).replace("attorneys", "attorney") if office else ""


# An office named by its portfolio: "Who is the Secretary of State?", "Who was the Commissioner for Migration?".
_TITLED_OFFICE = re.compile(
    r"^\W*(?i:and\s+)?(?i:who)\s+(?i:is|was|are|were)\s+(?i:the\s+)?(?:[A-Z][\w.]*\s+)?"
    r"(?P<office>(?:[Mm]inisters?|[Cc]ommissioners?|[Ss]ecretar(?:y|ies)|[Dd]irectors?)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][\w-]+(?:\s+(?:and\s+)?[A-Z][\w-]+)*)"
)


# ... or by what it does: "Who is the EU counter-terrorism coordinator?", "Who was the US envoy?"
_DESCRIBED_OFFICE = re.compile(
    r"^\W*(?i:and\s+)?(?i:who)\s+(?i:is|was|are|were)\s+(?i:the\s+)?(?:(?:EU|US|U\.S\.|European|American)\s+)?"
    r"(?P<office>(?:[\w-]+\s+){0,3}?(?i:coordinators?|envoys?|ambassadors?|rapporteurs?|supervisors?"
    r"|prosecutors?|spokes(?:person|man|woman|people)|czars?|tsars?|ombudsm[ae]n))\b"
)


def holds_office(office: str, text: str) -> bool:
    """Whether a text names the office asked, "of" or "for" alike ("Minister for Justice" is the "Minister of
    Justice" the proceedings write)."""
    said = " ".join(text.lower().split())
    if " of " not in office and " for " not in office:
        return office in said
    # (the portfolio may be one of several: "the Commissioner for Migration, Home Affairs and Citizenship")
    pattern = r"\s+(?:of|for)\s+(?:the\s+)?(?:[\w-]+,?\s+(?:and\s+)?){0,3}?".join(
        re.escape(part) for part in re.split(r"\s+(?:of|for)\s+(?:the\s+)?", office)
    )
    return bool(re.search(pattern, said))


_WHY_ASKED = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(?:why|for\s+what\s+reason|what\s+was\s+the\s+reason"
    # ("What triggered the concern?", "What prompted it?": its cause)
    r"|what\s+(?:triggered|prompted|caused|sparked|motivated|drove|led\s+to|was\s+behind))\b",
    re.I,
)


def asks_why(text: str) -> bool:
    """Whether a question asks for a cause: no meeting or document fact states one."""
    return bool(_WHY_ASKED.search(text))


# (the helpers before a cause that acted: "How did ...", "What impact could ... have")
_DOING_AUX = r"(?:did|does|do|has|have|had|will|would|could|might|may|can)"
_AFFECT = r"(?:affect|impact|influence|disrupt)(?:s|ed|d)?"  # (not "change": "How did the number ... change?")
# What something did to something else: "How did the pandemic affect the 2020 meeting?", "What impact did COVID have
# on travel?", "What were the consequences of the pandemic?", "How was the PNR review affected by the pandemic?".
_EFFECT_ASKED = (
    re.compile(
        rf"^\W*(?:(?:and|so|but)\s+)?how\s+{_DOING_AUX}\s+(?P<cause>.+?)\s+{_AFFECT}\s+(?P<affected>.+?)\W*$", re.I
    ),
    re.compile(
        r"^\W*(?:(?:and|so|but)\s+)?what\s+(?:\w+\s+)?(?:effects?|impacts?|consequences?)\s+"
        rf"{_DOING_AUX}\s+(?P<cause>.+?)\s+(?:have|had)(?:\s+on\s+(?P<affected>.+?))?\W*$",
        re.I,
    ),
    re.compile(
        r"^\W*(?:(?:and|so|but)\s+)?what\s+(?:was|were|is|are)\s+(?:the\s+)?(?:\w+\s+)?(?:effects?|impacts?"
        r"|consequences?)\s+of\s+(?P<cause>.+?)(?:\s+(?:on|for)\s+(?P<affected>.+?))?\W*$",
        re.I,
    ),
    re.compile(
        r"^\W*(?:(?:and|so|but)\s+)?how\s+(?:was|were|is|are|has|have)\s+(?P<affected>.+?)\s+(?:been\s+)?"
        rf"{_AFFECT}\s+by\s+(?P<cause>.+?)\W*$",
        re.I,
    ),
)


def effect_asked(text: str) -> tuple[str, str] | None:
    """What a question asks the effect of, and on what ("" when it names nothing): "How did the pandemic affect
    the meeting?" -> ("the pandemic", "the meeting"); None for any other question."""
    found = next((m for pattern in _EFFECT_ASKED if (m := pattern.search(text))), None)
    return (found["cause"], found["affected"] or "") if found else None


# Who did it, asked in the passive: "By whom was it first proposed?" -> "proposed" (the deed closes the question).
_BY_WHOM = re.compile(
    r"\bby\s+whom\s+(?:is|was|are|were|has|have|had|will|would)\b[^?]*?\b([a-z]+(?:ed|en|wn|led|held|made|sent|set|put))"
    r"\W*$",
    re.I,
)


def who_did(text: str) -> str:
    if by_whom := _BY_WHOM.search(text):
        return by_whom.group(1).lower()
    if _AUTHOR_NAMED.search(text):
        return "authored"  # "Who is the author of the report?" asks who wrote it
    if sent := _WHOM_SENT.search(text):
        return sent.group(1).lower()  # "Who did the US send?" asks who came for it
    if _PARTICIPANTS_NAMED.search(text):
        return "attended"  # "Who were the participants?" asks who came
    found = _WHO_DID.search(text)
    if not found or found.group(1).lower() in _NO_PREDICATE or found.group(1)[:1].isupper():
        return ""  # "Who was Austria's interior minister?" asks who someone was, as "Who were the officials?" does
    if _BE_THEN_PLURAL.search(found.group(0)):
        return ""  # "Which of them were commissioners?" asks who was one, no deed ("commissioners" had been one)
    # "Who took over the presidency?" is not who took part: "take over" is another verb.
    particle = _PARTICLE.match(text, found.end())
    return found.group(1).lower() + (f" {particle.group(1).lower()}" if particle else "")


# The same asked with "to be" first: "What is the deadline for the e-evidence regulation?" asks for a deadline
# ("What is the latest on PNR?" asks for no thing called "latest").
_NO_NOUN = frozenset(
    {"latest", "newest", "most", "current", "recent", "first", "last", "next", "main", "other", "same", "whole"}
)
_SLOT_AFTER_BE = re.compile(
    # (a word or two may stand before the noun: "What is the statutory threshold for the visa waiver?")
    r"^\W*(?:and\s+)?what\s+(?:is|was|are|were)\s+the\s+(?:(?-i:[a-z])[\w-]*\s+){0,2}?((?-i:[a-z])[\w-]*)\s+"
    r"(?:for|of|on|in|to)\b",
    re.I,
)


# Verbs of saying, deciding, asking or feeling (stemmed, so "agreed" and "agree" are one): the statement of that
# kind answers, whatever its own verb ("Was it agreed?", "Were they satisfied?", "Did the US push for ...?"). What
# was welcomed, supported, accepted or rejected is a deed a sentence says was done.
_NO_DEED = frozenset(
    terms(
        "say tell agree disagree differ diverge decide conclude settle commit pledge promise propose suggest request "
        "ask offer stress explain "
        "present report note express raise mention discuss push call urge press demand seek want need think see "
        "view consider feel share have make do give take expect plan intend hope satisfied pleased concerned "
        "worried interested involved affected represented covered included invited"
    )
)


def asked_event(text: str) -> str:
    """The stem of the verb a question ends on, when it says something happened rather than was said ("signed",
    not "discussed" or "raised": talk is what every meeting's sentence on a matter records)."""
    if not (found := _ENDING_EVENT.search(text)):
        return ""
    stem = first_stem(found["verb"])
    return "" if stem in TALK_TERMS else stem


def which_was_done(text: str) -> str:
    """The deed a "which" question asks what it was done to, named in the passive before what it was done for or
    in ("Which country was designated for the VWP?" -> "design"): a sentence on the programme that says nothing of a
    designation does not say which (Bucharest's "took stock of the progress by the four concerned EU Member States
    ..., in order to be considered for designation" had answered it)."""
    found = _WHICH_WAS_DONE.match(text)
    return _a_deed(first_stem(found["verb"]), _RELATED) if found else ""


# What ties a thing to another is no deed done to it: "Which drug was associated with China?", "Which scandal was
# cited in connection with election interference?" ask what the text relates, however it words it.
_RELATED = frozenset(
    terms(
        "associated linked cited connected related tied attributed compared referred described named called known "
        "considered seen regarded used given listed identified highlighted singled"
    )
)


_WHICH_WAS_DONE = re.compile(
    r"^\W*(?:and\s+)?(?:which|what)\s+(?:[\w-]+\s+){1,3}?(?:was|were|has\s+been|have\s+been)\s+"
    r"(?P<verb>[a-z]{3,}(?:ed|en))\s+(?:for|to|into|in|by|as|under|with)\b",
    re.I,
)


def _a_deed(event: str, also_none: frozenset[str] = frozenset()) -> str:
    """The stem of the verb asked about when it names a deed: not talk ("discussed"), a statement kind ("agreed"),
    or (`also_none`) what the question's form says is no deed either; "" otherwise."""
    return "" if event in TALK_TERMS | _NO_DEED | also_none else event


def whether_done(text: str) -> str:
    """The deed a yes-or-no question asks was done, when it ends on it ("Were any agreements signed?" -> "sign"),
    or a side asked whether it did it ("Did the EU welcome the CLOUD Act?" -> "welcom": the two sides briefing each
    other on it had answered yes); "" for a decision, a statement or a feeling asked ("Was it agreed?", "Were they
    satisfied?", "Did the US push for ...?")."""
    if (did := _SIDE_DID.match(text)) and (did["anyone"] or parties_in(did["side"]) or _BOTH.fullmatch(did["side"])):
        event = next(iter(terms(did["verb"])), "")
    else:
        event = asked_event(text) if _WHETHER_DONE.match(text) else ""
    return _a_deed(event)


def counted_done(text: str) -> str:
    """The deed a count is of, when the question ends on it ("How many foreign fighters were repatriated?" ->
    "repatri"): a sentence counting them for something else ("shared battlefield information on more than 2 000
    foreign terrorist fighters") does not count those it was done to."""
    if not _HOW_MANY_DONE.match(text):
        return ""
    event = asked_event(text)
    return _a_deed(event, _TOOK_PLACE)


# (that a thing counted took place is said as such: "How many rounds have been completed?" is "Three negotiating
# rounds have taken place")
_TOOK_PLACE = frozenset(terms("completed conducted organised organized carried undertaken convened happened"))
_HOW_MANY_DONE = re.compile(
    r"^\W*(?:and\s+)?how\s+many\b.*\b(?:were|was|have\s+been|has\s+been|had\s+been|got)\s+[a-z]{3,}(?:ed|en)\W*$", re.I
)


def where_done(text: str) -> str:
    """The deed a question asks the place of, when it ends on it ("Where was the drugs dialogue held?" -> "held"):
    a sentence giving a place for something else of the matter ("fentanyl ... mostly produced in China") is not
    where that was done."""
    found = _WHERE_DONE.match(text)
    return first_stem(found and found["verb"])


_WHERE_DONE = re.compile(
    r"^\W*(?:and\s+)?where\s+(?:was|were|is|are|will|would|has|have|had)\s+(?!(?:the|this|that|their)\s+(?:next\s+)?"
    r"(?:meeting|ministerial|conference|talks)\b)\S+(?:\s+\S+){0,6}?\s+(?:be\s+|been\s+)?"
    r"(?P<verb>held|hosted|signed|organi[sz]ed|conducted)\W*$",
    re.I,
)


def when_it_will_be_done(text: str) -> str:
    """The deed a question asks the date of, still to come, when it ends on it ("When will the Umbrella Agreement
    expire?" -> "expir"): a sentence dating something else of the matter (its review "due in 2020") does not date
    that. "" for a meeting, a statement, a decision, or a thing taking place ("When will the evaluation take place?",
    "When will they meet again?")."""
    if not (found := _WHEN_WILL.match(text)) or _ends_on_a_thing(text):
        return ""  # ("When will the EU and Canada sign their PNR deal?" ends on what is signed, no deed)
    event = first_stem(found["verb"])
    return _a_deed(event, _TOOK_PLACE | _HAPPENS)


_WHEN_WILL = re.compile(
    r"^\W*(?:and\s+)?when\s+(?:will|would|shall|is\s+\S+(?:\s+\S+){0,5}?\s+(?:due|expected|set|scheduled)\s+to)\s+"
    r"\S+(?:\s+\S+){0,6}?\s+(?:be\s+)?(?P<verb>(?-i:[a-z]){3,})\W*$",
    re.I,
)
# (a thing that takes place, or a meeting, is dated by when it does, in whatever words)
_HAPPENS = frozenset(terms("place happen occur meet again next start begin held hold take come there then"))


def when_done(text: str) -> str:
    """The deed a question asks the date of, when it ends on it ("When was the CLOUD Act agreement signed?" ->
    "sign"): the date a sentence gives for it still to come ("which it expects to sign in the second half of 2019")
    is not when it was done. "" for a statement or a decision ("When was it agreed?", "When was it discussed?")."""
    if not _WHEN_DONE.match(text) or _STILL_TO_BE_DONE.search(text):
        return ""  # ("When was it expected to be signed?" asks the date it was still to come)
    # ("When did the e-evidence negotiations start?": the deed said bare, after "did")
    bare = _WHEN_DID.match(text)
    side = _WHEN_SIDE_DID.match(text)
    if side and parties_in(side["side"]):
        # ("When did the UK sign its CLOUD Act agreement?": the deed after the side that did it, not the noun last,
        # which had left Bucharest's "which it expects to sign" as when it signed)
        event = first_stem(side["verb"])
    elif bare and bare["before"].lower() not in STOPWORDS and not _ends_on_a_thing(text):
        # ("When did the Court of Justice give its opinion on the Canada PNR deal?" ends on a thing, "deal")
        event = next(iter(terms(bare["verb"])), "")
    else:
        event = asked_event(text)
    return _a_deed(event)


def who_wanted_done(text: str) -> str:
    """The deed a question asks who sought to have done, when it ends on it ("Who wanted it renewed?" -> "renew"):
    the side that did is the one whose sentence says so ("... positive expectation for the renewal"), not one that
    only spoke of the matter. "" otherwise ("Who was involved?", "Who was it addressed to?")."""
    if not _WHO_WANTED.match(text):
        return ""
    event = asked_event(text)
    return _a_deed(event)


_WHO_WANTED = re.compile(
    r"^\W*(?:and\s+)?(?:who|which\s+(?:side|delegation|party|country))\s+(?:wanted|want|wants|asked\s+for|pushed\s+for"
    r"|called\s+for|expected|expects|hoped\s+for|needed|preferred)\s+(?:it|them|this|that|the\s+[\w\s-]+?)\s+[a-z]{3,}(?:ed|en)"
    r"\W*$",
    re.I,
)
_WHEN_DONE = re.compile(r"^\W*(?:and\s+)?when\s+(?:was|were|has|have|had|did)\b", re.I)
# (a bare verb last, after its subject: never a plural noun, "... come up in these meetings", nor after a
# preposition or article)
_WHEN_DID = re.compile(
    r"^\W*(?:and\s+)?when\s+did\b.*\s(?P<before>[\w-]+)\s+(?P<verb>(?-i:[a-z]{2,}[a-rt-z]|[a-z]+ss))\W*$", re.I
)
# A question ending on a thing, what its deed was done to: "... sign their PNR deal?", "... its opinion on the deal?"
# (an article or a possessive after the subject's, at most two words before the end).
_OBJECT_LAST = re.compile(
    r"\b(?:its|their|his|her|our|your|the|a|an|this|that|these|those)\s+(?:[\w-]+\s+){0,2}[\w-]+\W*$", re.I
)
_SUBJECT_START = re.compile(r"^\W*(?:and\s+)?when\s+\w+\s+(?:the\s+)?", re.I)


def _ends_on_a_thing(text: str) -> bool:
    """Whether a when-question ends on a thing rather than its deed ("When will the Umbrella Agreement expire?" ends
    on one; the subject's own article is no sign of a thing)."""
    return bool(_OBJECT_LAST.search(_SUBJECT_START.sub("", text, count=1)))


_WHEN_SIDE_DID = re.compile(
    r"^\W*(?:and\s+)?when\s+did\s+(?P<side>(?:the\s+)?[\w.-]+(?:\s+(?:side|delegation))?)\s+(?P<verb>[a-z]+)\b", re.I
)
_STILL_TO_BE_DONE = re.compile(
    r"\b(?:expected|planned|scheduled|supposed|due|meant|intended|set|going|to\s+be)\b", re.I
)


# "Did the EU welcome ...?", "Did the Americans accept ...?": a side, then what it is asked to have done.
# (Both sides, "Did the EU and the US sign ...?"; or anyone at all, "Did any country join ...?")
# Who met, said as a whole: "Did the sides sign an agreement?", "Did the ministers adopt anything?" ("they" may be
# anyone the conversation named, and what they did is often said in other words: "Did they find links ...?" is
# answered by "... allowed the identification of links").
_BOTH = re.compile(r"(?:the\s+|both\s+)?(?:two\s+)?(?:sides|ministers|delegations|participants|parties)", re.I)
_SIDE_DID = re.compile(
    r"^\W*did\s+(?P<side>(?P<anyone>any(?:one|body|\s+(?:of\s+them|country|countries|member\s+states?|states?"
    r"|side|delegation)))|(?:the\s+)?[\w.-]+(?:\s+(?:side|delegation))?(?:\s+and\s+(?:the\s+)?[\w.-]+)?)"
    r"\s+(?P<verb>[a-z]+)\b",
    re.I,
)


# Nouns that name the statement asked for itself: a decision asked as "the follow-up" or "the plan" is any
# decision, and a matter's "status" or "stage" any statement of how far it has come.
_STATEMENT_NOUNS = frozenset(
    {"follow-up", "followup", "plan", "plans", "step", "steps", "outcome", "commitment", "status", "stage", "state"}
    | {"concern", "concerns", "worry", "worries", "fear", "fears", "problem", "problems", "risk", "risks", "danger"}
    | {"assessment", "verdict", "opinion", "impression", "view", "views"}
)


def slot_of(text: str, types: frozenset[str]) -> str:
    """The slot, unless it only names the statement a decision or stage question asks for ("What is the follow-up
    on election interference?" asks what was agreed on it, "What is the status of ...?" how far it has come)."""
    if effect_asked(text) is not None:
        return ""  # "What impact did the pandemic have?": a sentence giving the pandemic as a cause, no "impact" in it
    slot = slot_noun(text)
    return "" if types & {"decision", "stage", "assessment", "concern"} and slot in _STATEMENT_NOUNS else slot


def slot_noun(text: str) -> str:
    """The noun a "what/which <noun> <verb>" question asks for, or "" ("What did ...?", "What kind of ...?" name
    none; a proper name is a constraint, not a slot)."""
    if (after_be := _SLOT_AFTER_BE.search(text)) and after_be.group(1).lower() not in _NO_SLOT | _PHRASE_END | _NO_NOUN:
        return after_be.group(1).lower()
    found = _SLOT.search(text)
    if not found:
        return ""
    words = [*found.group(1).lower().split(), found.group(2).lower()]
    if _NOT_IN_A_NOUN_PHRASE & set(words):
        return ""  # "What did both sides agree is ...?", "Which of them is ...?": a verb or a pronoun, no noun
    head = next((i for i, word in enumerate(words) if word in _ENDS_A_HEAD), len(words))
    if 0 < head < len(words):
        words = words[:head]  # "What worry about voting was raised?" asks for a worry, not a kind of voting
    if words[-1] in _NO_SLOT or words[-1] in _PHRASE_END:
        return ""
    return words[-1]


def counted_noun(text: str) -> str:
    """The head of what "how many" counts: its first plural word ("How many EU Member States ..." -> "States");
    "" when there is none to be found ("How many of them ...", "How many people ...")."""
    found = _HOW_MANY.search(text)
    if not found:
        return ""
    for word in found.group(1).split():
        if word.lower() in _PHRASE_END:
            return ""
        if len(word) > 3 and word.lower().endswith("s") and not word.lower().endswith("ss"):
            return word
    return ""


def asks_what_was_sought(question: Question) -> bool:
    """Whether the question asks what a side wanted, proposed or offered on a topic (not what it said)."""
    return bool(_ASKS_WHAT_WAS_SOUGHT.search(question.text))
