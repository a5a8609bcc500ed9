"""What a question pins down, read once before any candidate is scored: the kind of answer it expects (a person,
a date, a place, a count, an overview) and the constraints an answer must satisfy (parties, names, years,
figures). These are properties of the question's form, shared by every question of that kind; they never pick
an answer by themselves (the reader scores candidates, and the constraints only rule candidates out)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rag.corpus import QUESTION_WORDS, CorpusStats, salient_names
from rag.reader.answer_types import AMOUNT_ASKED, DIVERGENCE_ASKED, TYPED, AnswerType, answer_types
from rag.reader.gazetteer import OFFICES, REGIONS, parties_in, party_of, regions_in
from rag.text import STOPWORDS, folded, terms

ConstraintKind = Literal["party", "name", "figure"]

# "How many ... two sides" asks a count; "compare", "differ", ", and what ..." ask two things at once.
_COMPARING = r"\b(?:compare[ds]?|comparison|contrast|differ|differs|difference|differences)\b"
_TWO_PARTS = re.compile(
    rf",\s*and\s+(?:what|how|which|who|whom|where|when|why|did|does|do|is|are|was|were)\b|{_COMPARING}|"
    r"\b(?:each|respectively)\b",
    re.I,
)
_COMPARES = re.compile(_COMPARING, re.I)  # sets two statements side by side
# The question's subject is a meeting: "Where was the ministerial at which ...?", "When did the meeting ... take
# place?" ("When was the evaluation due, meeting by meeting?" asks about the evaluation).
_MEETING = re.compile(
    r"\b(?:where|when|which|what)\s+(?:\w+\s+){0,2}?(?:the\s+|that\s+|this\s+)?(?:meeting|ministerial|summit|session)\b",
    re.IGNORECASE,
)
# ("Where was the Sofia meeting supposed to be held?" asks where it had been planned, not the next one.)
_NEXT = re.compile(
    r"\b(next|future|following|follow-up|upcoming|subsequent|later)\b|"
    r"\b(will|shall|(?<!supposed )(?<!meant )(?<!planned )(?<!scheduled )(?<!intended )to be) (?:be )?"
    r"(?:held|host|hosted|meet)|\bmeet again\b|\banother (?:meeting|ministerial)\b",
    re.I,
)
# The question's subject is a meeting ("When did the ministers meet?") or a paper of it ("What date does the note
# carry?", "When was it issued?"): only then does the meeting's or the paper's date or place answer it. "When was
# that directive approved?" or "What date was fixed for the proposals?" name something else, which neither dates;
# and the joint statement's dateline ("dated Zagreb") is no answer to when or where the ministers met.
_MEETING_NAMED = re.compile(
    r"\b(?:meet|meets|meeting|meetings|met|ministerials?|ministers?|gather\w*|get together|got together|talks|"
    r"sessions?|summit|conference|convene\w*|held|hold|holds|take place|took place|takes place|taken place|happen\w*|"
    r"host\w*|venue)\b",
    re.I,
)
# (A paper is named, not only issued: "When was it published?" after a question on the Commission's
# Recommendation asks when the Recommendation was, which no dateline says.)
# ("report" and "note" are papers only after a word that makes them nouns: "When did the group first report?" asks
# when it reported, and had been answered with the outcome document's date.)
_PAPER_NAMED = re.compile(
    r"\b(?:documents?|outcome|proceedings|papers?|readouts?|statements?|communiqu\w*|declarations?|texts?|"
    r"datelined?|annex\w*)\b|"
    r"\b(?:the|this|that|these|those|a|an|its|their|whole|full|final|outcome|meeting's|council's)\s+(?:[\w-]+\s+)?"
    r"(?:reports?|notes?)\b",
    re.I,
)
# The Council's Presidency, or who chaired, presided over, ran or led the Council: "Which country was chairing the
# Council then?", "Which country presided over the Council?", "Who led the Council then?", "Who was in charge of
# the Council at the time?"
_COUNCIL_CHAIRED = re.compile(
    r"\b(?:chair\w*|presid(?:e|es|ed|ing)|run|runs|ran|running|lead|leads|led|leading|head|heads|headed|heading|"
    r"in\s+charge|at\s+the\s+helm)\s+"
    r"(?:over\s+|of\s+)?the\s+(?:eu\s+)?council\b(?!\s+(?:delegations?|side|team)\b)",
    re.I,
)
# Holding the Council Presidency is chairing the Council: "Who held the EU Council presidency at the time?" asks
# for a country (it was answered with the EU's delegation).
_PRESIDENCY_HELD = re.compile(
    r"\b(?:held|holds|hold|holding|had|has|have)\s+(?:the\s+)?(?:(?:eu|council|eu's|rotating)\s+){0,2}presidency\b"
    r"|\bpresidency\s+(?:was\s+|is\s+)?in\s+office\b",  # "Which presidency was in office ...?"
    re.I,
)
_PRESIDENCY_NAMED = re.compile(rf"\bpresiden(?:cy|cies)\b|{_COUNCIL_CHAIRED.pattern}", re.I)
_STATEMENT_NAMED = re.compile(r"\b(?:statements?|communiqu\w*|declarations?|datelined?|annex\w*)\b", re.I)
# What a "who" question asks the person to have done: the word after "who" and its auxiliary ("Who chaired the
# meeting?" -> "chaired"; "Who was in charge of ...?" -> "charge"; "Who were the officials?" asks who they were).
_AUX = r"(?:did|does|do|was|were|is|are|has|have|had|will|would|could|might|may|shall|should|must)"
_PERSON_NOUN = (
    r"ministers?|commissioners?|officials?|politicians?|delegates?|ambassadors?|secretar(?:y|ies)|attorneys?\s+general"
)
_WHO_DID = re.compile(
    rf"\b(?:(?i:which|who)\s+of\s+(?i:them|those|these|the\s+\w+)|(?i:who|whom)"
    rf"|(?i:which|what)\s+(?:[\w.-]+\s+){{0,2}}?(?i:{_PERSON_NOUN}|body|bodies|institutions?))\s+(?:(?i:{_AUX})\s+)?"
    r"(?:(?i:else|also|actually|really|then|in|on|at|for)\s+)*([A-Za-z][\w-]*)"
)
_AUTHOR_NAMED = re.compile(r"\bwho\s+(?:is|was|are|were)\s+the\s+(?:authors?|writers?|drafters?)\b", re.I)
# Those who came, named as such: "Who were the (American) participants?", "List the attendees."
_PARTICIPANTS_NAMED = re.compile(
    r"\b(?:who\s+(?:is|was|are|were)|(?:list|name))\s+(?:all\s+)?(?:of\s+)?the\s+(?:[\w.-]+\s+){0,2}?"
    r"(?:participants|attendees)\b",
    re.I,
)
_PARTICLE = re.compile(r"\s+(over)\b", re.I)  # ("made up", "put out" keep their meaning here)
# The question asks what was said or discussed ("Did they discuss justice reforms?", "What was said about homeland
# security?", "Was the GDPR mentioned?"): what a record of who attended names in its titles was not said.
_ASKS_WHAT_WAS_SAID = re.compile(
    r"\b(?:say|says|said|mention(?:s|ed)?|discuss(?:es|ed)?|talk(?:s|ed)?(?:\s+about)?|rais(?:e|es|ed)|"
    r"c(?:o|a)me\s+up|br(?:ing|ought)\s+up|on\s+the\s+agenda|address(?:es|ed)?|touch(?:es|ed)?\s+on)\b",
    re.I,
)
# An office named by its portfolio ("the Commissioner for trade", "Austria's minister of finance"): the portfolio
# pins the answer as a name does. Whoever holds another office is not the one asked for.
_PORTFOLIO = re.compile(
    r"\b(?:ministers?|commissioners?|secretar(?:y|ies)|directors?)\s+(?:for|of)\s+(?:the\s+)?([A-Za-z][\w-]{2,})", re.I
)
# "Which of them ...?": one of those the last answer named (rag/conversation.py passes its people).
WHICH_OF = re.compile(r"\b(?:which|who)\s+of\s+(?:them|those|these|the\s+\w+)\b", re.I)
_NO_PREDICATE = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "it", "they", "he", "she", "we"}
    | {"of", "from", "with", "to", "by", "who", "which"}  # "Which ministers of the Presidency attended?"
)
# The question asks about what is still to come, from the meeting's point of view.
_FUTURE = re.compile(r"\b(?:will|shall|going to|is to|are to)\b", re.I)
# "When does it begin?" asks, as "will" does, when something starts or ends that had not yet when the document was
# written (the incoming Presidency, an agreement's term) -- unless it is the meeting ("When does the meeting start?").
_STARTS = re.compile(
    r"\b(?:does|do)\s+(?:[\w'-]+\s+){0,4}?(?:begin|start|end|expire|run out|take over|take effect|come into force)\b",
    re.I,
)
_TO_WHOM = re.compile(
    r"\bto whom\b|\brecipients?\b|\breceiv\w*|\baddress(?:ed|ee|ees)\b|\b(?:sent|circulated|distributed|copied)\s+to\b|"
    r"\bwho\b.{0,40}\bto\s*\?",
    re.I,
)
# The question asks for a day, not a period: "On which date ...?", "What exact date ...?", "Over which days ...?".
_DAY = re.compile(
    r"\b(?:which|what)\s+(?:exact\s+|precise\s+)?(?:date|dates|day|days)\b|\b(?:exact|precise)\s+date\b", re.I
)
# Words of asking what was said (a topic request's own words, which no statement need repeat), not of what happened.
TALK_TERMS = frozenset(
    terms(
        "tell say said discuss discussed discussion mention mentioned talk talked raise raised come came bring "
        "brought agenda address addressed touch touched issue issues matter matters topic subject question point "
        "update news anything something more happen happened meeting ministerial ministers delegation side sides "
        # (words that say when, how much or how surely, never what: "... across the Atlantic ever on the agenda?")
        "ever never yet still already even whether actually really across anywhere somewhere"
    )
)
# What a "which meeting" question asks happened there, when it ends on it ("At which ministerial was the agreement
# finally signed?"): a meeting's sentence that only speaks of the agreement says nothing of a signing.
_ENDING_EVENT = re.compile(r"\b(?P<verb>[a-z]{3,}(?:ed|en))\W*$", re.I)
# What one side sought on a topic ("What did the Americans want on PNR?"): its own statement, never one both
# sides made ("The EU and the US exchanged information on ... visa policies" is nothing the US offered).
SOUGHT = r"(?:want|propose|suggest|offer|argue|seek|(?:push|call|ask)\s+for)"
# ("What did the EU want from the US on visas?": from whom it is sought says nothing of what)
FROM_WHOM = r"(?:\s+from\s+(?:the\s+)?[\w.'-]+(?:\s+(?:side|delegation))?)?"
_ASKS_WHAT_WAS_SOUGHT = re.compile(
    rf"\bwhat\s+did\s+[\w\s.'-]{{1,40}}?\s+{SOUGHT}{FROM_WHOM}\s+(?:about|on|regarding|concerning)\b", re.I
)
# The first time a matter came up ("When was e-evidence first discussed?", "When did they first talk about PNR?",
# "the first time PNR came up"): where several meetings answer, the oldest one does (rag/scope.py).
FIRST_TIME = re.compile(
    r"\b(?:first|initially|originally)\s+(?:\w+ed|raised|discussed|said|brought up|put|c[oa]me up|taken up"
    r"|talk|discuss|mention|raise|bring up|come up|appear|address|arise)\b|\b(?:the|for\s+the)\s+first\s+time\b",
    re.I,
)
_WHICH_MEETING = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:meeting|ministerial|summit|session)\b(?!s)", re.I)
# ... and whether anything was done, asked with the deed last ("Were any agreements signed?", "Has the directive been
# adopted?"): a sentence on the agreements that says nothing of a signing does not answer yes. (Not "Was it agreed?"
# or "Were they satisfied?": what was decided or felt is a statement kind, rag/reader/answer_types.py.)
_WHETHER_DONE = re.compile(r"\s*(?:was|were|has|have|had)\s+(?:any|anything|a|an|the|it|they|this|that)\b", re.I)
_EITHER_OR = re.compile(r"([\w.-]+)\s+or\s+(?:the\s+)?([\w.-]+)", re.I)
# Numbers offered as the choice ("the fourth or the fifth one?", "in 2017 or 2018?"): figures are said as they are,
# so an answer names one of them; words offered ("new laws or self-policing?") may be answered in other words.
_NUMBER_WORD = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|\d+(?:st|nd|rd|th)?"
)
_NUMBER_CHOICE = re.compile(rf"\b({_NUMBER_WORD})\s+or\s+(?:the\s+|an?\s+)?({_NUMBER_WORD})\b", re.I)
# How long something went on ("How long did the meeting last?"), not "how long ago".
_HOW_LONG = re.compile(
    r"\bhow\s+long\b(?!\s+ago)(?=.*\b(?:last\w*|run|ran|go\s+on|went\s+on|take|took|continu\w*)\b)", re.I
)
# "Where in Sofia ...?", "At which venue in Sofia ...?": a place right after what is asked for narrows the answer
# to somewhere inside it, so naming that place again answers nothing (the meeting scope takes the words out of the
# question the reader sees, so they are read from the question as asked).
_WITHIN = re.compile(
    r"\b(?i:where|(?:what|which)\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+(?i:in|at|within|inside)\s+(?:the\s+)?"
    r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# "Which Austrian minister ...?", "Which US official ...?": a noun for a person asks for someone by name, and an
# institution ("the incoming Austrian Presidency presented ...") is no answer. (Not "What did the ministers ...?".)
_BY_NAME = re.compile(
    r"\b(?:which|what)\s+(?:(?!(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could)\b)[\w.-]+\s+){0,2}?"
    rf"({_PERSON_NOUN})\b",
    re.I,
)
# The offices a person asked for by one must hold ("Which commissioners took part?" is not answered by the US
# delegation's Attorney General); "officials", "politicians" and "delegates" say no office.
_NAMED_OFFICE = re.compile(r"minister|commissioner|ambassador|secretar|attorneys?\s+general", re.I)
# A country asked for as the one that did something ("Which country vetoed the statement?", "Which Member States
# objected?"), not as where something was ("In which country was it held?", "Which country was the meeting in?").
_COUNTRY_ACTS = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:country|countries|nations?|member\s+states?)\s+"
    r"(?:(?!(?:was|were|is|are|did|does|do|has|have|had|will|would|can|could|might|may|should|must)\b)[a-z][\w-]*"
    # ... or said in the passive or progressive: "Which country is concerned about ...?", "... was pushing for ...?"
    # (not what was done to it: "Which countries are affected?" asks which undergo it, none of the sides who met)
    r"|(?:was|were|is|are)\s+(?!(?:held|located|situated|based|used|chosen|mentioned|named|cited|discussed|listed"
    r"|referred|affected|excluded|covered|impacted|targeted|exempted|included|concerned\s+by)\b)[a-z]+(?:ed|ing)\b)",
    re.I,
)
# The parties a question makes its subject: "What did the Canadians say ...?", "How has the US responded ...?"
# (names, and "and" between them; the verb's lower-case words end it). A copula ("What is the US programme?")
# asks about a thing, not what someone said.
_SPEAKERS = re.compile(
    r"(?:\b(?i:what|how|why|where)\s+|^\W*)(?i:did|does|do|has|have|had|will|would)\s+(?i:the\s+)?"
    r"((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*)"
)
# ... or whose view, position or stance it asks for: "What is the US view of ETIAS?", "What was Washington's
# position on PNR?".
_VIEW_OF = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w.'’-]*)(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][\w.'’-]*)*?)(?:['’]s)?\s+"
    r"(?i:view|views|position|positions|stance|opinion|take|line|attitude)\s+(?i:of|on|about|regarding|towards)\b"
)
# ... or by a pronoun for them ("What did they present?" after the Austrian ministers): a meeting fact recording who
# came is no answer to what they did.
_PRONOUN_SPEAKER = re.compile(r"\b(?:what|how|why)\s+(?:did|does|do|has|have|had|will|would)\s+(?:they|he|she)\b", re.I)
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
)
# A part of a document named as where something is said ("What does the joint statement say about ...?", "in the
# outcome section"): it says where to look (`Question.part`), not what the answer must say.
# (What people call it too: "the joint press release", "the communiqué".)
_STATEMENT_PART = (
    r"joint\s+(?:press\s+)?(?:statement|text|declaration|release|communiqu[eé])|annex(?:ed)?(?:\s+(?:statement|text))?"
    r"|press\s+release|communiqu[eé]"
)
_OUTCOME_PART = (
    r"outcome\s+(?:section|document|note|paper|report|of\s+(?:the\s+)?proceedings)|(?:this|that|the)\s+section"
)
DOCUMENT_PART = re.compile(rf"\b(?:{_STATEMENT_PART}|{_OUTCOME_PART})\b", re.I)
_PARTS = {
    "statement": re.compile(rf"\b(?:{_STATEMENT_PART})\b", re.I),
    "outcome": re.compile(rf"\b(?:{_OUTCOME_PART})\b", re.I),
}
# Words that are never in the noun phrase a "what/which" question asks for; and prepositions that end its head
# ("of" does not: "which categories of threat" asks for threats).
_NOT_IN_A_NOUN_PHRASE = frozenset(
    {"did", "do", "does", "was", "were", "is", "are", "has", "have", "had", "will", "would", "can", "could"}
    | {"might", "may", "should", "must", "them", "they", "it", "he", "she", "we", "you", "these", "those"}
)
_ENDS_A_HEAD = frozenset({"about", "on", "for", "in", "with", "from", "to", "against", "regarding", "concerning"})
_FIGURE = re.compile(r"^\d[\d,.]*$")
# A person's first and last name, as a list says them: "... Jeff Sessions and ...", "... Claire Grady."
_PERSON_NAME = re.compile(r"\b([A-Z][a-zà-ž'’-]+)\s+([A-Z][a-zà-žěřčšýáíéúůó'’-]+)(?=\s*(?:,|\.|;|\(|\)|\[|\band\b|$))")
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)", re.I)
# Words that end the counted noun phrase before its plural head is found ("How many of them ...").
_PHRASE_END = frozenset(
    {"of", "are", "were", "did", "do", "does", "have", "has", "had", "will", "would", "can", "could", "is", "was"}
    | {"in", "at", "on"}
)
_CONNECTOR = {"of", "for", "and", "the", "on", "de", "van", "von"}


@dataclass(frozen=True)
class Constraint:
    """Something the question names that the answer's evidence must also name."""

    text: str  # as the question writes it: "Canada", "Sessions", "2019"
    kind: ConstraintKind
    party: str | None = None  # the canonical party, for kind "party"
    generic: bool = False  # a name most paragraphs share ("EU", "Council"): the document may satisfy it
    spelled: str = ""  # an abbreviation as the corpus spells it out ("visa waiver programme" for VWP), folded

    @property
    def needle(self) -> str:
        # A shared stem is enough: "Canadian" ~ "Canada" is a party match; names match on their first letters.
        return folded(self.text)[:6]

    def named_in(self, folded_text: str) -> bool:
        """Whether a text (folded) names it, or spells the abbreviation out ("Programme"/"Program": its last letters
        may differ)."""
        return self.needle in folded_text or bool(self.spelled and self.spelled[:-2] in folded_text)


@dataclass(frozen=True)
class Question:
    text: str
    answer_types: frozenset[AnswerType]
    constraints: tuple[Constraint, ...]
    terms: tuple[str, ...]  # stemmed content terms
    two_parts: bool
    unknown: tuple[str, ...]  # names and figures the corpus never mentions
    about_next: bool = False  # asks about a meeting still to come ("the next ministerial", "will host")
    names_next: bool = False  # names it by its announced place ("the Washington meeting"): no recorded meeting
    about_meeting: bool = False  # asks about a meeting itself ("Where was the ministerial at which ...?")
    verifies_meeting: bool = False  # asks yes or no of the meeting's place or dates ("Did they meet in Sofia?")
    undecided: bool = False  # asks what was not agreed or decided ("What was not agreed?", "What remains unresolved?")
    divergence: bool = False  # asks whether or where the sides differ ("Are they on the same page about ...?")
    planned: bool = False  # asks what had been planned ("Where was it originally supposed to be held?")
    counted: str = ""  # the plural noun a "how many" question counts ("meetings", "Member States" -> "States")
    future: bool = False  # asks what is still to come ("When will they come back to it?", "Who will chair it?")
    to_whom: bool = False  # asks who receives something ("To whom is it addressed?"), not who does it
    offered: bool = False  # offers its parties as the choice ("Which side hosted, the EU or the US?")
    one_meeting: bool = False  # asks which one meeting ("At which ministerial did McAleenan represent the US?")
    event: str = ""  # the stem of what it asks happened at that meeting ("... finally signed?" -> "sign"), not talk
    speakers: frozenset[str] = frozenset()  # parties the question asks to have said or done something
    day: bool = False  # asks for a day ("On which date ...?"): "the second half of 2018" does not say
    amount: bool = False  # asks an amount ("What fine ...?", "How much ...?"): a figure answers, a number word does not
    compares: bool = False  # sets two statements side by side ("How does her title here differ from there?")
    people: tuple[str, ...] = ()  # whom a personal pronoun may mean ("What was her title?"): the last answer's
    besides: bool = False  # asks for others than those ("Who else came?"): someone the last answer did not name
    parts: frozenset[str] = frozenset()  # parts of a document it names: "statement" (the annexed joint one), "outcome"
    slot: str = ""  # the thing a "what/which <noun>" question asks for ("What deadline was set ...?" -> "deadline")
    names_meeting: bool = True  # its subject is a meeting: the meeting's dates and place may answer it
    says_meeting: bool = True  # ... in its own words or a pronoun, not only as a follow-up of a conversation on them
    names_paper: bool = True  # ... or a paper of it: the document's date and place
    names_statement: bool = True  # ... or the joint statement: its dateline
    names_presidency: bool = True  # ... or the Council Presidency: who held it, who took it over next
    chairs_council: bool = False  # asks who chaired or led the Council itself: the Presidency, no delegation
    did: str = ""  # what a "who" question asks the person to have done, as written ("Who chaired ...?" -> "chaired")
    choices: tuple[str, ...] = ()  # numbers offered as the choice ("the fourth or the fifth?"): one must be said
    by_name: bool = False  # asks for a person by a noun for one ("Which Austrian minister ...?"): a name answers
    office: str = ""  # ... by an office ("Which commissioners ...?" -> "commissioner"): the answer names it too
    about_said: bool = False  # asks what was said or discussed (of a topic, not of people)
    of_someone: bool = False  # asks what someone named did or said ("What did Jeff Sessions say?", "... the US ...")
    country_acts: bool = False  # asks for a country that did something ("Which country vetoed it?"), not a place
    within: tuple[str, ...] = ()  # a place the answer must be inside ("Where in Sofia ...?"): naming it is no answer
    said: str = ""  # a follow-up put in the last question's frame: what the person wrote ("And the EU?")
    topic: str = ""  # what a follow-up borrows from the conversation (rag/conversation.py): read, never pinned

    @property
    def part(self) -> str:
        """The one part of a document a one-part question asks about ("According to the joint statement, ..."):
        retrieval's candidates are held to it. A question naming two parts, or setting one beside the rest
        ("Compare what the US said ... with what the joint statement says ..."), reads each part apart."""
        return next(iter(self.parts)) if len(self.parts) == 1 and not self.two_parts else ""

    @property
    def parties(self) -> set[str]:
        return {c.party for c in self.constraints if c.party}


def analyse(
    text: str,
    stats: CorpusStats,
    also_pinned: str = "",
    people: str = "",
    topic: str = "",
    asked: str = "",
    at_meetings: bool = False,
    framed: bool = False,
    next_meeting: bool = False,
) -> Question:
    """`asked`: the question as the person wrote it, when `text` has lost the words naming its meeting;
    `at_meetings`: it follows a conversation about meetings it named, so it is about them too;
    `framed`: it is the last question's frame with `asked`'s words put in ("And the EU?");
    `next_meeting`: it names the meeting a document announces ("the Washington meeting"), so asks about it;
    `also_pinned`: names a follow-up's pronoun stands for ("it" -> "CLOUD Act"), constraints like its own;
    `people`: text naming whom a personal pronoun may mean (not pinned: "What was her title?" names no one);
    `topic`: what a follow-up's pronoun refers to, from the conversation ("And when was that?" after "Where did the
    ministers meet?" is about the meeting)."""
    constraints: dict[str, Constraint] = {}
    # A region the proceedings speak of only by its countries pins none of its words ("Central American" is not
    # the US, and "Central" no name they never write).
    regional = {
        word
        for said, region in regions_in(text)
        if not stats.mentions(said) and any(stats.mentions(country) for country in REGIONS[region])
        for word in said.split()
    }
    if _ACROSS_THE_ATLANTIC.search(text):
        regional.add("Atlantic")  # "on both sides of the Atlantic": the two sides, no place a passage must name
    for token in _salient_tokens(text) + _salient_tokens(f"- {also_pinned}"):
        if token in regional:
            continue
        if _FIGURE.match(token):
            constraints.setdefault(token, Constraint(token, "figure"))
            continue
        party = party_of(token)
        if party is not None:
            constraints.setdefault(f"party:{party}", Constraint(token, "party", party))
            continue
        if OFFICES.fullmatch(token) and not stats.mentions(token):
            continue  # "the US Department of Homeland Security": the kind of body is no name it must write
        spelled = stats.spelled.get(token.lower(), "") if token.isupper() else ""
        # (An abbreviation the corpus never writes is as generic as its long form: "JHA" names every meeting.)
        stems = terms(spelled) if spelled and not stats.mentions(token) else terms(token)[:1]
        generic = bool(stems) and all(stats.known(t) and stats.weight(t) < _GENERIC_IDF for t in stems)
        constraints.setdefault(token.lower(), Constraint(token, "name", generic=generic, spelled=spelled))
    for found in _PORTFOLIO.finditer(text):
        portfolio = found.group(1)
        if party_of(portfolio) is None and not OFFICES.fullmatch(portfolio) and terms(portfolio):
            constraints.setdefault(portfolio.lower(), Constraint(portfolio, "name"))
    unknown = tuple(
        c.text for c in constraints.values() if c.kind != "party" and not stats.mentions(c.text) and not c.spelled
    )
    types = answer_types(text)
    did = _who_did(text)
    if came := _anyone_came(text):
        # "Did the incoming presidency send anyone?": who came answers whether anyone did (and only who came: the
        # issuer of the document is no answer to "Did anyone from the Council Secretariat attend?").
        types, did = types | {"person"}, came
    persons = tuple(f"{first} {last}" for first, last in _PERSON_NAME.findall(people) if not OFFICES.search(last))
    named = any(c.kind == "name" and not c.generic for c in constraints.values())
    if "title" in types and not named and not persons:
        types -= {"title"}  # an office is asked of someone the question names ("the job of the Commission")
    counted = counted_noun(text)
    if _HOW_LONG.search(text) and _MEETING_NAMED.search(text):
        types, counted = types | {"count"}, "days"  # "How long did the meeting last?": how many days it ran
    verified = _verified_of_the_meeting(text, constraints.values())
    undecided = bool(_UNDECIDED.search(text))
    held_else = _held_is_no_meeting(text)
    planned = bool(_PLANNED.search(text) and _MEETING_NAMED.search(text))  # (not "When is it supposed to be signed?")
    # "When did Kirstjen Nielsen attend a ministerial?" asks at which meeting she came: the record naming her answers,
    # under its meeting's dates (no sentence dates her coming). A person, by name ("When did Croatia join ...?" not).
    came_when = "date" in types and named and bool(_WHEN_CAME.search(text))
    # ... as "When was e-evidence first discussed?" asks at which meeting: its meeting's dates answer, not a date in
    # a sentence (Washington's "set up a joint working group on ... soft targets" names none, so Bucharest's
    # "set up at the Washington meeting in December 2018" had answered when soft targets first came up).
    came_when = came_when or ("date" in types and bool(FIRST_TIME.search(text)))
    if came_when:
        types -= {"date"}
    if undecided:
        types -= {"decision"}  # what was not agreed is no agreement
    types |= verified
    if verified and asks_whether(text):
        # The place a yes-or-no question checks is what it asks, not a side it pins: "Will the next meeting be in
        # Brussels?" is answered by "... in Washington, D.C." (which speaks of the US only). ("Which meeting took
        # place in Canada?" asks which one the place singles out.)
        constraints = {k: c for k, c in constraints.items() if not _checked_place(c, text)}
    if persons and WHICH_OF.search(text) and not types & {"title", "date", "place", "count"}:
        types |= {"person"}  # "Which of them is responsible for migration?" after an answer naming people
    return Question(
        text=text,
        answer_types=types,
        constraints=tuple(constraints.values()),
        terms=tuple(terms(text)),
        two_parts=bool(_TWO_PARTS.search(text)),
        unknown=unknown,
        about_next=(next_meeting or bool(_NEXT.search(text))) and not held_else,
        names_next=next_meeting,
        about_meeting=bool(_MEETING.search(text)),
        verifies_meeting=bool(verified),
        undecided=undecided,
        divergence=bool(DIVERGENCE_ASKED.search(text)),
        planned=planned,
        counted=counted,
        future=bool(_FUTURE.search(text) or (_STARTS.search(text) and not _MEETING.search(text))),
        to_whom=bool(_TO_WHOM.search(text)),
        offered=any(party_of(a) and party_of(b) for a, b in _EITHER_OR.findall(text)),
        one_meeting=bool(_WHICH_MEETING.search(text)) or came_when,
        event=asked_event(text) if _WHICH_MEETING.search(text) else _whether_done(text),
        day=bool(_DAY.search(text)),
        amount=bool(AMOUNT_ASKED.search(text)),
        compares=bool(_COMPARES.search(text)),
        people=persons,
        besides=bool(re.search(r"\belse\b", asked or text, re.I)) or only_more(asked),
        parts=frozenset(part for part, pattern in _PARTS.items() if pattern.search(text)),
        # (a typed question's answer type already says what it asks for; "which meeting" asks for a meeting)
        slot="" if set(types) & set(TYPED) or _WHICH_MEETING.search(text) else _slot_of(text, types),
        speakers=frozenset(
            p for pattern in (_SPEAKERS, _VIEW_OF) for m in pattern.finditer(text) for p in parties_in(m.group(1))
        ),
        choices=tuple(w.lower() for pair in _NUMBER_CHOICE.findall(text) for w in pair),
        # "Which of them is responsible for migration?" after an answer naming people asks for one of them.
        by_name=bool(_BY_NAME.search(text) or (persons and WHICH_OF.search(text))),
        office=office_asked(text),
        # (a follow-up of a conversation about named meetings is about them: "When was that?" after "Who led the
        # US delegation there?")
        names_meeting=bool(_MEETING_NAMED.search(text) or _MEETING_NAMED.search(topic) or at_meetings)
        and not held_else,
        says_meeting=bool(
            _MEETING_NAMED.search(text) or _MEETING_NAMED.search(topic) or (at_meetings and _IT.search(text))
        )
        and not held_else,
        names_paper=bool(_PAPER_NAMED.search(text) or _PAPER_NAMED.search(topic)),
        names_statement=bool(_STATEMENT_NAMED.search(text) or _STATEMENT_NAMED.search(topic)),
        names_presidency=bool(_PRESIDENCY_NAMED.search(text) or _PRESIDENCY_NAMED.search(topic)),
        chairs_council=bool(_COUNCIL_CHAIRED.search(text) or _PRESIDENCY_HELD.search(text)),
        did=did,
        of_someone=bool(_SPEAKERS.search(text) or _PRONOUN_SPEAKER.search(text)),
        about_said=bool(_ASKS_WHAT_WAS_SAID.search(text)),
        within=tuple(found.group(1) for found in _WITHIN.finditer(asked or text)),
        country_acts=bool(_COUNTRY_ACTS.search(text)),
        said=asked if framed else "",
        topic=topic,
    )


_MONTH_NAMES = frozenset(calendar.month_name[1:])
# What had been planned, not what happened: "Where was the 2020 meeting originally supposed to be?" (Zagreb; it was
# held by video conference).
_WHEN_CAME = re.compile(
    r"^\W*when\s+(?:did|was|were|had|has)\s+(?-i:[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+)+)\s+"
    r"(?:attend|come|represent|take\s+part|participate|travel|go|visit|been)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:originally|initially|first)\s+(?:\w+\s+)?(?:planned|scheduled|supposed|meant|due|intended|set)\b|"
    r"\b(?:supposed|meant|scheduled|planned|intended)\s+to\b|\b(?:had|have|has)\s+been\s+(?:planned|scheduled)\b",
    re.I,
)
_UNDECIDED = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}(?:agree[ds]?|decide[ds]?|settle[ds]?|resolve[ds]?)\b|"
    r"\b(?:unresolved|undecided|unsettled|disagree\w*|disagreements?)\b",
    re.I,
)
_YES_NO = re.compile(r"\s*(?:did|was|were|is|are|has|had|have|does|do|will|would|shall|can|could)\b", re.I)


# Whether anyone came: "Did the incoming presidency send anyone to Sofia?", "Was anyone from the Commission there?".
_ANYONE = re.compile(r"\b(?:anyone|anybody|someone|somebody)\b", re.I)
_CAME = ("send", "sent", "attend", "attended", "there", "present", "come", "came", "join", "joined")


def _anyone_came(text: str) -> str:
    """The verb of coming in a yes-or-no question whether anyone came ("Did the Austrians send anyone?" -> "send"),
    or ""."""
    if not (asks_whether(text) and _ANYONE.search(text)):
        return ""
    said = re.findall(r"[a-z]+", text.lower())
    return next((word for word in said if word in _CAME), "")


def asks_whether(text: str) -> bool:
    """Whether a question asks yes or no ("Was the meeting in Vienna?"), by its opening auxiliary."""
    return bool(_YES_NO.match(text))


_MORE_OF_IT = frozenset(["what", "anything", "something", "else", "more", "further", "other", "any", "is", "there"])


def only_more(text: str) -> bool:
    """Whether a question only asks for more of the same: "Anything else?", "Is there anything more?"."""
    said = set(re.findall(r"[a-z]+", text.lower()))
    return bool(said) and said <= _MORE_OF_IT


def of_the_meeting_itself(text: str) -> bool:
    """Whether a question asks only whether or which the meeting was (held, took place): "Was the meeting?" is what
    is left of "Was the meeting in Sofia?" once the words naming the meeting are taken out, and those words are what
    it asks."""
    rest = _MEETING_NAMED.sub(" ", text)
    left = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in STOPWORDS and w not in QUESTION_WORDS]
    # ("Which meeting was held in Sofia?" asks which meeting the words name, as "Was the meeting in Sofia?" does.)
    asks = asks_whether(text) or bool(_WHICH_MEETING.search(text))
    return asks and bool(_MEETING_NAMED.search(text)) and not left


def _checked_place(constraint: Constraint, text: str) -> bool:
    """Whether a side's name stands in a question as a place ("in Brussels", "at Washington")."""
    place = rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(constraint.text)}\b"
    return constraint.kind == "party" and bool(re.search(place, text, re.I))


_NEXT_WORDS = re.compile(r"\b(?:next|following|upcoming|subsequent|again|another|going\s+to)\b", re.I)


def _verified_of_the_meeting(text: str, constraints: Iterable[Constraint]) -> frozenset[AnswerType]:
    """What a yes-or-no question about the meeting itself checks: "Did they meet in Sofia?" its place, "Was it held
    in May 2018?" its dates. The meeting's own place or dates answer it (they confirm or correct it)."""
    named = [c for c in constraints if c.kind != "party" or c.text[:1].isupper()]
    rest = text
    for constraint in named:
        rest = rest.replace(constraint.text, " ")
    # The next meeting's place or dates are checked alike: "Will the next meeting be in Brussels?" (its record
    # confirms or corrects it: "... in Washington, D.C.").
    rest = _NEXT_WORDS.sub(" ", rest)
    if not named or not of_the_meeting_itself(rest):
        return frozenset()
    dated = any(c.kind == "figure" or c.text.capitalize() in _MONTH_NAMES for c in named)
    return frozenset({"date"}) if dated else frozenset({"place"})


def office_asked(text: str) -> str:
    """The office a "which/what <office>" question asks a person by, as a stem to find in the answer ("Which
    Bulgarian ministers ...?" -> "minister"); "" for a noun that names no office ("Which officials ...?")."""
    found = _BY_NAME.search(text)
    office = _NAMED_OFFICE.match(found.group(1)) if found else None
    return re.sub(r"\s+", " ", office.group(0).lower()).replace("attorneys", "attorney") if office else ""


# Where or when something is held, and what: "Where was the table-top exercise held?" asks of an exercise, "Where
# will the next drugs dialogue take place?" of a dialogue; neither is the meeting (both had the meeting's place).
_HELD_SUBJECT = re.compile(
    r"\b(?:where|when)\s+(?:was|were|is|are|will|would|did|does|do|had|has|have)\s+"
    r"(?P<subject>(?:the|a|an|this|that|its|their)\s+[\w\s'-]{1,60}?)\s+(?:be\s+|been\s+)?"
    r"(?:held|hold|take\s+place|took\s+place|taken\s+place|happen\w*|organi[sz]ed|convened)\b",
    re.I,
)
_GATHERING_WORDS = frozenset(
    {"meeting", "ministerial", "summit", "conference", "session", "gathering", "talks", "one", "it", "they"}
)


def _held_is_no_meeting(text: str) -> bool:
    if (found := _HELD_SUBJECT.search(text)) is None:
        return False
    said = {word.rstrip("s") if word != "talks" else word for word in re.findall(r"[a-z]+", found["subject"].lower())}
    return not said & _GATHERING_WORDS


_WHY_ASKED = re.compile(r"^\W*(?:(?:and|so|but)\s+)?(?:why|for\s+what\s+reason|what\s+was\s+the\s+reason)\b", re.I)


def asks_why(text: str) -> bool:
    """Whether a question asks for a cause: no meeting or document fact states one."""
    return bool(_WHY_ASKED.search(text))


def _who_did(text: str) -> str:
    if _AUTHOR_NAMED.search(text):
        return "authored"  # "Who is the author of the report?" asks who wrote it
    if _PARTICIPANTS_NAMED.search(text):
        return "attended"  # "Who were the participants?" asks who came
    found = _WHO_DID.search(text)
    if not found or found.group(1).lower() in _NO_PREDICATE or found.group(1)[:1].isupper():
        return ""  # "Who was Austria's interior minister?" asks who someone was, as "Who were the officials?" does
    # "Who took over the presidency?" is not who took part: "take over" is another verb.
    particle = _PARTICLE.match(text, found.end())
    return found.group(1).lower() + (f" {particle.group(1).lower()}" if particle else "")


# The same asked with "to be" first: "What is the deadline for the e-evidence regulation?" asks for a deadline
# ("What is the latest on PNR?" asks for no thing called "latest").
_NO_NOUN = frozenset(
    {"latest", "newest", "most", "current", "recent", "first", "last", "next", "main", "other", "same", "whole"}
)
_SLOT_AFTER_BE = re.compile(
    r"^\W*(?:and\s+)?what\s+(?:is|was|are|were)\s+the\s+((?-i:[a-z])[\w-]*)\s+(?:for|of|on|in|to)\b", re.I
)


# Verbs of saying, deciding, asking or feeling (stemmed, so "agreed" and "agree" are one): the statement of that
# kind answers, whatever its own verb ("Was it agreed?", "Were they satisfied?", "Did the US push for ...?"). What
# was welcomed, supported, accepted or rejected is a deed a sentence says was done.
_NO_DEED = frozenset(
    terms(
        "say tell agree decide conclude settle commit pledge promise propose suggest request ask offer stress explain "
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
    stem = next(iter(terms(found["verb"])), "")
    return "" if stem in TALK_TERMS else stem


def _whether_done(text: str) -> str:
    """The deed a yes-or-no question asks was done, when it ends on it ("Were any agreements signed?" -> "sign"),
    or a side asked whether it did it ("Did the EU welcome the CLOUD Act?" -> "welcom": the two sides briefing each
    other on it had answered yes); "" for a decision, a statement or a feeling asked ("Was it agreed?", "Were they
    satisfied?", "Did the US push for ...?")."""
    if (did := _SIDE_DID.match(text)) and parties_in(did["side"]):
        event = next(iter(terms(did["verb"])), "")
    else:
        event = asked_event(text) if _WHETHER_DONE.match(text) else ""
    return "" if event in TALK_TERMS | _NO_DEED else event


# "Did the EU welcome ...?", "Did the Americans accept ...?": a side, then what it is asked to have done.
_SIDE_DID = re.compile(r"^\W*did\s+(?P<side>(?:the\s+)?[\w.-]+(?:\s+(?:side|delegation))?)\s+(?P<verb>[a-z]+)\b", re.I)


# Nouns that name the statement asked for itself: a decision asked as "the follow-up" or "the plan" is any
# decision, and a matter's "status" or "stage" any statement of how far it has come.
_STATEMENT_NOUNS = frozenset(
    {"follow-up", "followup", "plan", "plans", "step", "steps", "outcome", "commitment", "status", "stage", "state"}
    | {"concern", "concerns", "worry", "worries", "fear", "fears", "problem", "problems", "risk", "risks", "danger"}
    | {"assessment", "verdict", "opinion", "impression", "view", "views"}
)


def _slot_of(text: str, types: frozenset[str]) -> str:
    """The slot, unless it only names the statement a decision or stage question asks for ("What is the follow-up
    on election interference?" asks what was agreed on it, "What is the status of ...?" how far it has come)."""
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


# IDF below this (the name is in more than about a quarter of all paragraphs) makes a name generic.
_GENERIC_IDF = 1.61
# A word that may stand for the meeting a conversation is about: "In which country was that?"
_IT = re.compile(r"\b(?:that|it|this|there|then)\b", re.I)
_ACROSS_THE_ATLANTIC = re.compile(
    r"\b(?:(?:both|either|each|two|the\s+other)\s+sides?\s+of|across|over)\s+the\s+Atlantic\b", re.I
)


def _salient_tokens(text: str) -> list[str]:
    """The corpus module's salient names, split at hyphens ("EU-Canada" names two parties)."""
    found = []
    for name in salient_names(text):
        for piece in [name] if name[:1].isdigit() else re.split(r"-(?=[A-Z])", name):
            figure = any(c.isdigit() for c in piece)
            if piece and piece.lower() not in _CONNECTOR and (len(piece) > 1 or figure):
                found.append(piece)
    return found


def asks_what_was_sought(question: Question) -> bool:
    """Whether the question asks what a side wanted, proposed or offered on a topic (not what it said)."""
    return bool(_ASKS_WHAT_WAS_SOUGHT.search(question.text))
