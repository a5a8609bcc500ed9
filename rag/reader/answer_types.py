"""The kind of answer a question expects, read from its form: a person, a date, a place, a country, a count, an
office, an abbreviation spelled out, a meeting's name, a paper's marking, a paper the meeting put out, an overview,
or a statement of a kind (a decision, a stage, a demand, a judgement, a concern, an aim). Shared by every question
of that kind; the reader checks a candidate gives it (rag/reader/candidates.fits)."""

from __future__ import annotations

import re
from typing import Literal, get_args

AnswerType = Literal[
    "person",
    "date",
    "place",
    "country",
    "count",
    "title",
    "expansion",
    "name",
    "marking",
    "paper",
    "decision",
    "stage",
    "request",
    "assessment",
    "concern",
    "intention",
    "overview",
]
# Statements a question asks for by what they say, not by a value they give: only required to say it was agreed or
# decided, how far a matter has come, what someone asked for, how it was judged, what worried them, or what they mean
# to do (rag/reader/eligibility.py).
STATEMENT_KINDS: tuple[AnswerType, ...] = ("decision", "stage", "request", "assessment", "concern", "intention")
# The answer types the scorer reads as such: the rest (an overview is any passage, so it is not one of them).
TYPED: tuple[AnswerType, ...] = tuple(t for t in get_args(AnswerType) if t not in (*STATEMENT_KINDS, "overview"))

# Whether, or where, the sides differ: "Where did the EU and the US disagree?", "Are Brussels and Washington on the
# same page about ...?", "Is there full agreement on ...?", "What remains disputed ...?".
DIVERGENCE_ASKED = re.compile(
    r"\bdisagree\w*|\bdisput\w*|\bfriction\b|\bat odds\b|\bsame page\b|\bfull(?:y)? agree\w*|\bcontenti\w+|"
    r"\bsticking points?\b|\bdiverg\w*|\bnot\s+(?:\w+\s+)?(?:aligned|agree[ds]?)\b|\bdifferences? of (?:opinion|view)|"
    r"\bsee eye to eye\b",
    re.I,
)
# A statement that the sides differ: "there are different interpretations as to ...", "the US side was only able
# to commit to ...", "despite the different geographical focus".
DIVERGENCE_STATED = re.compile(
    r"\bdifferent\s+(?:\w+\s+)?(?:interpretations?|views?|positions?|approaches|stages|focus|assessments?|opinions?)\b|"
    r"\bdiverg\w+|\bdisagree\w*|\b(?:only|not)\s+(?:been\s+)?able\s+to\b|\bcould\s+only\b|\bno\s+agreement\b|"
    r"\bremain(?:s|ed)?\s+(?:open|outstanding|unresolved)\b|\breservations?\b|\bwhile\s+understanding\b",
    re.I,
)

# A date asked as a limit: "Is there a deadline for the e-evidence agreement?" is answered by a date said as one
# ("complete this notification by the end of 2019"), not by any date of the matter ("monthly rounds in 2020"). ("By
# when?" may ask as of when: "By when?" after how many fighters the US had shared information on.)
DEADLINE_ASKED = re.compile(r"\bdeadlines?\b|\btime[- ]?limits?\b|\bcut-?off\b|\bno later than\b", re.I)

# An amount (of money, or a share): answered by a figure, never by "one issue" or "the two sides".
_AMOUNT = (
    # ("How much weight does Washington put on PNR?" asks how it was judged, not an amount)
    r"\bhow (?:much|big|large|high)\b(?!\s+(?:weight|importance|emphasis|value|priority|attention|store)\b)|"
    r"\b(?:what|which) (?:size|scale|amount) of\b|"
    r"\b(?:what|which) (?:share|percentage|amount|fines?|penalty|penalties|sum|cost|budget|price|figures?)\b"
)
AMOUNT_ASKED = re.compile(_AMOUNT, re.I)
# How often, rather than how many: "monthly" or "every two years" answers, "after four rounds" does not.
FREQUENCY_ASKED = re.compile(r"\bhow (?:often|frequently|regularly)\b|\b(?:at what|how long an?) intervals?\b", re.I)
FREQUENCY = re.compile(
    r"\b(?:every|each)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|quarters?|presidency|presidencies)\b"
    r"|\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|annual|biennial|biannual|regularly)\b"
    r"|\b(?:once|twice|\w+\s+times)\s+(?:a|an|per|each|every)\b",
    re.I,
)
GATHERING = r"(?:meeting|ministerial|gathering|conference|session|summit)"
# "back" as in backing something ("What did the delegations back?"), not a particle ("look back over").
_BACKED = r"(?<!look\s)(?<!come\s)(?<!go\s)(?<!get\s)(?<!bring\s)(?<!hold\s)back(?!\s+(?:over|to|on|from|up|down|in)\b)"
# Whom something was asked of: "ask the US about", "asking the other side about".
_OF_WHOM = r"(?:(?:the\s+)?(?:other\s+)?[\w.'’-]+\s+(?:side\s+|delegation\s+)?)?"
# Those who met, as a question's subject: both sides named ("the EU and Canada"), or all of them.
_THOSE_WHO_MET = (
    r"(?:they|the\s+(?:ministers|participants|delegations|two\s+sides|parties)|both\s+sides"
    r"|(?:the\s+)?[\w.-]+\s+and\s+(?:the\s+)?[\w.-]+)"
)
_TYPES: dict[AnswerType, re.Pattern[str]] = {
    # "the number of ..." counts; "the reference number of this document" is a label, no count.
    "count": re.compile(rf"\bhow (many|often|frequently)\b|\b(?:the|a|what|total|which)\s+number of\b|{_AMOUNT}", re.I),
    # "when" opens a question, or asks with its verb ("... and when was it adopted?"); "when tracing funds" does not.
    "date": re.compile(
        r"^\W*(?:(?:and|so|but|then)\W+)?when\b|\bwhen (?:did|was|were|will|is|are|does|do|has|have|had|and)\b|"
        r"\b(?:what|which) (?:date|dates|day|days|year|month|time)\b|\bdate[sd]?\b|\bby when\b|\bhow long ago\b|"
        r"\bdeadlines?\b|\btime[- ]?limits?\b|\bcut-?off\b",
        re.I,
    ),
    "place": re.compile(
        r"\bwhere\b|\b(what|which|in which|in what) (city|country|capital|venue|location|place|town)\b", re.I
    ),
    # "Which key third countries ...?", "Which EU member states ...?": a word or two may stand before the noun.
    "country": re.compile(
        r"\b(?:which|what)\s+(?:(?!(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could)\b)[\w-]+\s+){0,2}?"
        r"(?:country|countries|nation|nations|member states?|states)\b"
        # "Which presidency was in office?" asks for a country's ("What ... Presidency's priorities?" does not)
        r"|\b(?:which|what)\s+(?:(?:eu|council|eu's|rotating)\s+){0,2}presidency\b(?!['’]s)",
        re.I,
    ),
    # ("Which Austrian ministers ...?": a word or two may stand before the noun, as for countries.)
    "person": re.compile(
        r"\bwho(m|se)?\b|\b(which|what)\s+(?:(?!(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could)\b)"
        r"[\w-]+\s+){0,2}?(minister|ministers|commissioner|commissioners|officials?|person|people|"
        # ("What worried both sides ...?" asks what worried them: both sides are no choice of one)
        r"representatives?|delegates?|politicians?|(?<!both\s)(?<!two\s)(?:side|sides|party|parties)|body|bodies"
        r"|institution|organisation|"
        r"participants?|attendees?|"
        r"(?:us |u\.s\. )?attorneys? general|(?:under |deputy )?secretary|secretaries|ambassadors?|presidents?)\b"
        # "List the participants.", "Name the attendees of the meeting."
        r"|^\W*(?:please\s+)?(?:list|name)\s+(?:all\s+)?(?:of\s+)?the\s+(?:[\w-]+\s+){0,2}?(?:participants|attendees)\b",
        re.I,
    ),
    # A named person's office: "What title did Jeff Sessions hold?", "What was Herbert Kickl's job?" (the person
    # is checked with the candidate: fits() needs an office said right before the name the question gives).
    # ("position" and "role" only with nothing after them but the verb: "What was the EU's position on PNR?" asks
    # what it said, "What is Julian King's role?" and "What position does Herbert Kickl hold?" ask his office.)
    # ("What was Julian King responsible for?", "... in charge of?": what a named person's office covers.)
    "title": re.compile(
        r"\b(?:title|job|post|portfolio|(?<!\bin )office)s?\b"
        r"|\b(?:role|position)s?\s*\?*$|\b(?:role|position)s?\s+(?:(?:does|did|do|is|was|are|were)\s+[\w\s.'-]{1,40}?\s+)?"
        r"(?:hold|holds|held|have|has|had|occupy|occupies|occupied)\s*\?*$"
        r"|^\W*what\s+(?:was|is|were|are)\s+[\w\s.'-]{1,40}?\s+(?:responsible\s+for|in\s+charge\s+of)\W*$",
        re.I,
    ),
    # What an abbreviation stands for: "What does PNR stand for?", "GDPR is short for what?".
    "expansion": re.compile(
        r"\bstands?\s+for\b|\bshort\s+for\b|\b(?:abbreviat\w*|acronyms?)\b|\bspell(?:ed|t)?\s+out\b|"
        r"\bfull\s+(?:form|name)\s+of\b|\bthe\s+letters\s+(?-i:[A-Z]{2,})\b|"
        r"\b(?:does|do)\s+(?:the\s+)?(?-i:[A-Z][A-Za-z]*[A-Z]s?|[a-z]-[a-z]+)\s+mean\b(?!\s+by)|"
        # (an abbreviation asked about bare, "What is CBRN?": what it is, spelled out; a sentence only using it had
        # answered, "... to better respond to the evolving CBRN threat")
        r"^\W*what(?:'s|’s|\s+is|\s+are)\s+(?:the\s+|an?\s+)?(?-i:[A-Z]{2,6})\W*$",
        re.I,
    ),
    # What a meeting was called, or what kind of meeting it was: its name ("What was the meeting called?").
    "name": re.compile(
        rf"\bwhat\s+(?:was|is)\s+(?:the|this|that)\s+{GATHERING}\s+(?:officially\s+)?called\b|"
        rf"\b(?:name|title)\s+of\s+(?:the|this|that)\s+{GATHERING}\b|"
        rf"\b{GATHERING}['’]s\s+(?:official\s+|full\s+|formal\s+)?(?:name|title)\b|"
        rf"\bwhat\s+(?:kind|type|sort)\s+of\s+{GATHERING}\b|\bwhat\s+{GATHERING}\s+(?:was|is)\s+(?:it|this|that)\b",
        re.I,
    ),
    # Whether a paper may be shown to anyone: its classification or distribution marking ("Is the report public?").
    "marking": re.compile(
        r"\b(?:is|was)\s+(?:(?:this|the|that)\s+(?:\w+\s+)?(?:document|note|report|paper|outcome)|it)\s+(?:\w+\s+)?"
        r"(?:public|classified|confidential|restricted|secret)\b|"
        r"\b(?:classification|security\s+marking|distribution\s+marking|marking)\b|\b(?:is|was)\s+it\s+marked\b",
        re.I,
    ),
    # A paper the meeting put out ("What was released at the close of the talks?", "What did the two sides publish?",
    # "Was anything put out for reporters?", "Was a joint statement issued?"): a joint statement, a declaration.
    "paper": re.compile(
        r"\b(?:what|anything|something)\s+(?:else\s+)?(?:(?:was|were)\s+)?(?:jointly\s+)?(?:issued|published|released|put\s+out"
        r"|made\s+public)\b"
        # (put out by those who met; what one side or the Commission published is a paper of its own)
        r"|\bwhat\s+did\s+(?:the\s+)?(?:two\s+sides|both\s+sides|sides|delegations|ministers|participants|they|meeting)"
        r"\s+(?:jointly\s+)?(?:issue|publish|release|put\s+out)\b"
        r"|\b(?:was|were)\s+(?:there\s+)?(?:a|an|any)\s+(?:joint\s+|press\s+|final\s+)*(?:statements?|declarations?"
        r"|communiqu[eé]s?|conclusions)\s+(?:issued|published|released|adopted|put\s+out|made\s+public)\b",
        re.I,
    ),
    # What the sides agreed or decided ("What did they agree on election interference?", "Was anything decided on
    # cybersecurity?"): a sentence stating an agreement answers it, not one describing the discussion. ("Commit"
    # is left out: "What did the Commission urge companies to commit to?" asks what others are to do.)
    "decision": re.compile(
        r"\b(?:agree[ds]?|decide[ds]?|conclude[ds]?|settle[ds]?|resolve[ds]?)\b"
        r"(?!\s+(?:is|was|are|were)\b)"
        # A pledge asked of those who made it ("What did both sides pledge ...?", "the most Washington would
        # promise"; not "Which companies committed to ...?", nor what others were urged "to commit to").
        r"|\b(?:did|do|does|would|will|could|can)\s+(?:[\w'-]+\s+){0,5}?(?<!to\s)"
        # ("What did the US offer?": what it would do, "only able to commit to further transparency")
        r"(?:pledge|promise|vow|undertake|commit(?=\s+to\b)|endorse|support|offer(?=\W*$)|" + _BACKED + r")\b"
        # What is to be done is what was agreed or undertaken: "What will they do about it?", "the next steps".
        r"|\bwhat\s+(?:will|would|shall|are\s+(?:they\s+)?going\s+to)\s+(?:[\w'-]+\s+){0,3}?do\b"
        r"|\bnext\s+steps?\b|\bway\s+forward\b"
        # Agreement said as ground shared: "Did they find common ground?", "What common ground did they find ...?"
        r"|\b(?:common|shared)\s+ground\b"
        # What follows on a matter ("What happens next on PNR?", "What's next on e-evidence?", "the follow-up on
        # election interference"; not the next meeting, which has its own place and time).
        r"|\bwhat\s*(?:'s|’s|\s+is|\s+was|\s+happens|\s+happened|\s+comes|\s+came"
        r"|\s+(?:will|would|is\s+going\s+to)\s+(?:happen|come))\s+next\b(?!\s+(?:meeting|ministerial)\b)"
        r"|\b(?:plans?\s+(?:is\s+)?(?:for|to)\s+)?follow(?:ing)?[\s-]?up\s+(?:on|with|to)\b"
        # What a discussion of a matter came to ("What came out of the talks on migrant smuggling?", "the outcome of
        # the PNR discussion"; the meeting's own outcome is its overview).
        r"|\b(?:(?:came|comes|come)\s+out\s+of|outcomes?\s+of(?!\s+(?:the\s+)?proceedings)|upshot\s+of|resulted\s+from|emerged\s+from)\b"
        r"(?!\s+(?:the|this|that|their)\s+(?:\w+\s+)?(?:meeting|ministerial|proceedings|conference|summit|gathering)\b)",
        re.I,
    ),
    # How far a matter has come ("Where do the e-evidence negotiations stand?", "How far along is the package?",
    # "What stage is the CLOUD Act at?", "Is it already law?"): a statement of its stage answers, not a place.
    "stage": re.compile(
        r"\bwhere\s+(?:do|does|did|are|is|were|was)\s+(?:[\w'’-]+\s+){0,8}?stand(?:s|ing)?\b"
        r"|\bhow\s+far\s+(?:along|advanced|on)\b|\b(?:what|which)\s+stage\b|\bstatus\s+of\b|\bstate\s+of\s+play\b"
        r"|\b(?:is|are|was|were)\s+(?:it|they|this|that|these|those)\s+(?:already\s+|yet\s+|now\s+)?"
        r"(?:law|in\s+force|adopted)\b"
        # "Has the CLOUD Act been adopted?", "Have the proposals been signed yet?"
        r"|^\W*(?:has|have|had)\s+(?:[\w'’-]+\s+){1,6}?(?:already\s+|yet\s+)?been\s+(?:adopted|signed|ratified|approved"
        r"|concluded|implemented|transposed|agreed|finali[sz]ed|passed|enacted|completed)\b"
        # "Did the US complete the notification?", "Did the EU ever sign the revised agreement?"
        r"|^\W*(?:did|has|have)\s+(?:[\w'’-]+\s+){1,4}?(?:ever\s+|yet\s+|already\s+|actually\s+)?(?:complete|finish"
        r"|finali[sz]e|ratify|implement|transpose|enact)\b",
        re.I,
    ),
    # What a side means to do or wants to happen ("What do both delegations want to do with their partnership from
    # here?", "What does Washington want to happen to its agreement?", "What practice do they intend to keep up?"): a
    # statement of an aim answers ("discussed ways to expand and improve", "its positive expectation for the renewal").
    "intention": re.compile(
        r"\b(?:want|wish|hope|intend|plan|aim|seek|expect)(?:s|ed)?\s+to\s+(?:do|happen|achieve|see|keep|continue|maintain)\b"
        # ("What did the US hope for regarding the PNR agreement?", "What were the Europeans expecting on PNR?")
        r"|\b(?:did|do|does)\s+(?:[\w.'’-]+\s+){1,5}?(?:(?:hope|wish)\s+for|expect)\b"
        r"|\b(?:was|were|is|are)\s+(?:[\w.'’-]+\s+){1,4}?(?:(?:hoping|wishing)\s+for|expecting)\b",
        re.I,
    ),
    # What a side asked for ("What did the Europeans demand about visa-free travel?", "push for", "call for"): a
    # statement of a demand answers. ("urge" is left out: "What did the Commission urge companies to commit to?"
    # asks what the others are to do.)
    "request": re.compile(
        r"\b(?:did|do|does|would|will)\s+(?:[\w'’-]+\s+){0,5}?"
        r"(?:demand|push\s+for|call\s+for|ask\s+for|press\s+for|insist\s+on|request"
        # ("What did the US urge the member states to do?", "... ask the EU to do?"; not "What did the Commission urge
        # internet companies to commit to?", answered by the EU's action "to ensure their commitment")
        r"|(?:ask|press|tell|urge|want)\s+(?:[\w'’-]+\s+){1,3}?to\s+do"
        # ("What did the EU ask the US about data protection?": what was asked on a matter)
        rf"|ask\s+{_OF_WHOM}about"
        # ("What did the US ask of Member States about foreign fighters?", "... want from the EU?")
        r"|(?:ask|want|expect|need)(?:ed)?\s+(?:of|from)"
        # ("What did the EU want regarding visas?": what it wanted on a matter, not what it wanted to do)
        r"|want(?:ed)?\s+(?:from\s+(?:the\s+)?[\w.'’-]+\s+)?(?:regarding|on|about|concerning)\s"
        # ... or what it wanted, said last ("What did the EU want?" after "Tell me about visas.")
        r"|want(?:ed)?(?=\W*$))\b"
        # ("What was the EU's demand on visas?", "... Europe's ask ...": what it asked for, said as a noun)
        r"|['’]s\s+(?:main\s+|key\s+|chief\s+|central\s+)?(?:ask|demand|request|call)s?\b"
        # ("What was the EU pushing for on visas?")
        r"|\b(?:was|were|is|are)\s+(?:[\w.'’-]+\s+){1,4}?(?:(?:pushing|pressing|calling|asking)\s+for"
        rf"|asking\s+{_OF_WHOM}about)\b",
        re.I,
    ),
    # How something was judged ("How did both sides rate the partnership?", "How happy were they with ...?", "What
    # did they think of ...?", "the US view of ETIAS"): a statement of a judgement answers ("expressed satisfaction
    # with", "excellent", "welcomed"), not one that only reports the topic.
    "assessment": re.compile(
        r"\bhow\s+(?:did|do|does|was|were|is|are|has|have|had)\s+(?:[\w'’-]+\s+){0,6}?(?:feel|felt|rate|rated|assess|assessed"
        r"|view|viewed|see|judge|judged|evaluate|evaluated|regard|regarded|characteri[sz]e|find|look\s+(?:at|on|back\s+on))\b"
        r"|\bhow\s+(?:happy|satisfied|pleased|content|unhappy|dissatisfied|successful|important|useful|valuable)\b"
        r"|\bhow\s+much\s+(?:weight|importance|emphasis|value|priority|attention|store)\b"
        # ("Were they happy with it?": whether they were is said by how they judged it)
        r"|\b(?:was|were|is|are)\s+(?:[\w'’-]+\s+){1,4}?(?:happy|satisfied|pleased|content|unhappy|dissatisfied)\s+(?:with|about)\b"
        r"|\bwhat\s+(?:did|do|does)\s+(?:[\w'’-]+\s+){1,5}?think\s+(?:of|about)\b"
        # (asked as such, not a matter's name: "the latest position on the joint evaluation of the PNR agreement")
        r"|\bwhat\s+(?:was|is|were|are)\s+(?:[\w'’-]+\s+){0,3}?(?:assessment|verdict|opinion|impression|view)s?\s+(?:of|on)\b"
        r"|(?:'s|’s)\s+(?:assessment|verdict|opinion|impression|views?)\s+(?:of|on)\b"
        r"|\bwhat\s+did\s+(?:[\w'’-]+\s+){1,5}?(?:see|regard)\s+as\b",
        re.I,
    ),
    # What worried a side ("What worry about voting was raised?", "What troubled the Americans ...?", "What was the
    # concern?"): a statement of a concern answers ("expressed its concern about", "the vulnerability of").
    "concern": re.compile(
        r"\b(?:what|which)\s+(?:[\w'’-]+\s+){0,2}?(?:concerns?|worr(?:y|ies)|fears?|problems?|risks?|dangers?)\b"
        r"|\b(?:the|their|its|a|any)\s+(?:main\s+|biggest\s+|chief\s+)?(?:concerns?|worr(?:y|ies)|fears?)\b"
        r"|\bwhat\s+(?:troubled|worried|concerned|alarmed|bothered)\b"
        # ("What was the US worried about?", "What were the Americans concerned about?")
        r"|\bwhat\s+(?:was|were|is|are)\s+(?:[\w.'’-]+\s+){1,4}?(?:worried|concerned|anxious|troubled|alarmed)\s+"
        r"(?:about|by|over|with)\b"
        r"|\b(?:problematic|worrying|troubling|concerning|alarming)\b(?!\s+(?:the|a|an|its|their)\b)",
        re.I,
    ),
    "overview": re.compile(
        r"\b(summar(y|ise|ize)|overview|gist|recap|run-?down|takeaways?|highlights|"
        r"(?:main|key|major|principal|chief) (points|topics|themes|outcomes?|results?|takeaways?|conclusions?"
        r"|highlights?|messages?|findings?))\b|\bwhat (was|is) (the|this) (meeting|document) about\b|"
        r"\bin (short|brief)\b|\bwhat happened\b(?! (?:to|with|on|about|regarding)\b)"
        # (a place no meeting was held in, which the scope leaves in the question: "What happened in The Hague?"
        # asks about an event there)
        r"(?! (?:in|at) (?!(?:the|this|that) (?:meeting|ministerial|conference|talks|session)\b))"
        # ("What happened at the end of the meeting?" asks about one moment of it)
        r"(?! (?:at|by|towards?|near) the (?:end|close|start|beginning|opening|outset)\b)|"
        # (asked as the whole question: "The timing of the PNR joint evaluation keeps moving - what was planned
        # versus what was decided?" asks about the evaluation)
        r"^\W*(?:(?:and|so)\s+)?what (?:was|were) (?:discussed|decided|agreed)\s*(?:at|in|during|\?|$)|"
        # ... and what those who met discussed, as the whole question ("What did the EU and Canada discuss in
        # Ottawa?", "What did the ministers talk about?"; not what one side discussed)
        rf"^\W*(?:(?:and|so)\s+)?what did {_THOSE_WHO_MET} (?:discuss|talk about|cover|go over)"
        r"\s*(?:at|in|during|\?|$)|"
        # What the meeting as a whole focused on (what a side focused on is that side's part).
        r"\bwhat did (?:the|this) (?:meeting|ministerial|talks) (?:focus|concentrate|center|centre) on\b|"
        # ... or took up, the meeting said as who discussed ("What did the Helsinki meeting discuss?", its place
        # taken out as scope, had been "At the end of the meeting, a joint statement was issued")
        r"^\W*(?:(?:and|so)\s+)?what did (?:the|this) (?:meeting|ministerial) (?:discuss|cover|address|deal with"
        r"|go over|look at|talk about|take up)\s*(?:\?|$)|"
        # ... or what it came to: "What did the meeting achieve?", "What came out of the talks?", "What was the
        # outcome of the meeting?" (the subject line "Outcome of proceedings of ..." had answered that)
        r"\bwhat did (?:the|this) (?:meeting|ministerial|talks) (?:achieve|accomplish|produce|deliver|yield"
        r"|result in)\b|"
        r"\bwhat came out of (?:the|this) (?:meeting|ministerial|talks)\W*$|"
        r"\b(?:outcomes?|results?|upshot) of (?:the|this) (?:meeting|ministerial|talks)\W*$|"
        # The meeting itself asked about, and nothing of it named ("Tell me about the Washington meeting.", its
        # place taken out as scope): its overview, not the line naming it.
        r"^\W*(?:(?:please|so|and|ok(?:ay)?),?\s+)?(?:(?:can|could) you\s+)?(?:tell me|what can you tell me|describe)"
        r"\s+(?:(?:more|a bit|a little)\s+)?(?:about\s+)?(?:the|this|that)\s+(?:meeting|ministerial|document"
        r"|proceedings|(?:video\s*)?conference)\W*$",
        re.I,
    ),
}


# "Which are the five countries ...?" asks what "Which five countries ...?" asks.
_WHICH_ARE_THE = re.compile(r"\b(which|what)\s+(?:are|were)\s+(?:the|those|these)\s+", re.I)


def answer_types(text: str) -> frozenset[AnswerType]:
    # Read as written too: "What were the Americans pushing for ...?" has "were" as a helper, no "are the" to drop.
    readings = {text, _WHICH_ARE_THE.sub(r"\1 ", text)}
    found = {kind for kind, pattern in _TYPES.items() if any(pattern.search(said) for said in readings)}
    if "country" in found:
        found.discard("place")  # "Which country ...?" asks for a country, the narrower of the two
    if "stage" in found:
        # "Where do the negotiations stand?" asks how far they have come ("Where does it stand for Romania?" too)
        found -= {"place", "decision", "expansion"}
    if found & {"decision", "request"}:
        found.discard("intention")  # what was agreed or asked for is itself what they meant to happen
    if "concern" in found:
        found.discard("assessment")  # "What did the US see as problematic?": a concern is the judgement asked
    if found & {*TYPED, "overview"}:
        # ("Where were chemical threats singled out as a worry?" asks a place)
        found -= {"assessment", "concern", "intention"}
        found.discard("decision")  # "When will the consultations conclude?" asks a date; "What was agreed?" the whole
    if _KEPT_OR_LEFT.search(text):
        # "Did the justice minister stay in her post after that?" asks what became of her, not her office (the
        # record of who came, giving it, had been asserted).
        found.discard("title")
    return frozenset(found)


# Someone staying in, or leaving, an office.
_KEPT_OR_LEFT = re.compile(
    r"\b(?:stay(?:ed|s)?|remain(?:ed|s)?|leav(?:e|es|ing)|left|keep|kept|lose|lost|quit|resign\w*|moved?\s+from)\s+"
    r"(?:in\s+|from\s+|out\s+of\s+)?(?:her|his|their|its|the)\s+(?:post|job|office|portfolio|position)s?\b",
    re.I,
)
