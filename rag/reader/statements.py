"""What a sentence states, beyond a value it gives: a decision, how far a matter has come, a demand, a judgement,
a concern, an aim. A question asking for one of these statements (rag/reader/answer_types.py STATEMENT_KINDS) is
answered only by a sentence that states it (rag/reader/candidates.fits); the proceedings' record of what was
agreed (rag/outcomes.py) is read the same way."""

from __future__ import annotations

import re
from collections.abc import Callable

# A sentence stating what was agreed or decided ("Both sides agreed to ...", "concurred", "committed to"; not
# "crimes committed by").
# ("the EU Crisis Protocol agreed at the EU Internet Forum": a thing named by where it was agreed, not an agreement
# the sentence states; "agreed by the Council" likewise)
_DECIDED = re.compile(
    r"\b(?:agree[ds]?(?!\s+(?:at|by)\s)|agreeing|concur(?:s|red)?|decided?|decisions?|conclu(?:ded|sions?)|commit(?:s|ted)?\s+(?:\w+\s+)?to|"
    r"undert(?:ook|ake|akes|aken)|resolved|pledged|promised|consensus|"
    # A commitment stated as a will to act ("could only confirm their willingness to ensure compatibility",
    # "expressed their intention to step up cooperation", "expressed their support to the extension").
    r"(?:confirm|express|reaffirm|reiterat)\w*\s+(?:\w+\s+){0,2}?(?:willingness|intention|readiness|support)\s+(?:to|for)\b)\b",
    re.I,
)


# A sentence saying how far a matter has come: adopted, in force, signed, under negotiation, paused, at a stage.
_STAGED = re.compile(
    r"\b(?:adopted|entered\s+into\s+force|in\s+force|signed|ratified|conclu(?:ded|sion)|under\s+negotiation"
    r"|negotiat(?:ions?|ing)|(?:being|been)\s+discussed|started|opened|opening|paused|pending|ongoing|stages?"
    r"|under\s*way|progress|implement\w*|transpos\w*|approved|awaiting|launched|postpon\w*|suspend\w*|rounds?"
    r"|delayed|planned|scheduled|(?:will|is\s+to|are\s+to)\s+take\s+place|complet(?:ed|ion)|finali[sz]ed"
    r"|trilogues?)\b",
    re.I,
)


def states_a_stage(sentence: str) -> bool:
    """Whether a sentence says how far a matter has come ("the Commission proposals have only started being
    discussed at Council level, while the CLOUD Act was already adopted in March")."""
    return bool(_STAGED.search(sentence))


# A sentence stating a demand: "called for", "asked", "urged", "insisted", "underlined the need", "the urgency of",
# "preferable".
_REQUESTED = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+(?:for|on|upon)|ask(?:ed|s|ing)?|urg(?:ed|es|ing|ency|ent)|request(?:ed|s|ing)?"
    r"|insist(?:ed|s|ing)?|press(?:ed|es|ing)?\s+for|demand(?:ed|s|ing)?|invit(?:ed|es|ing)"
    # (what a side would rather have is what it wants: "voluntary efforts ... are preferable to legislation")
    r"|preferab\w*|prefer(?:s|red)?|preference"
    r"|(?:stress|underlin|emphasi[sz]|highlight|recall)\w*\s+(?:the\s+)?(?:need|importance)"
    # (what it said must be: "stressed that the EU-US agreement must provide strong ... safeguards")
    r"|(?:stress|underlin|emphasi[sz]|insist|made\s+clear)\w*\s+that\s+(?:[\w'’-]+\s+){1,8}?(?:must|should|ha(?:s|ve)\s+to))\b",
    re.I,
)


def states_a_request(sentence: str) -> bool:
    """Whether a sentence states what someone asked for ("... expressed its position on the urgency of extending
    the Programme to all EU Member States")."""
    return bool(_REQUESTED.search(sentence))


# A sentence stating how something was judged: "express satisfaction with", "the excellent level of", "welcomed",
# "concurred on their assessment that ... is key", "regretted", "is working effectively" (not how a thing is done:
# "to effectively prevent", "a more effective management").
# How well it went: "express satisfaction with", "welcomed", "regretted", "is working effectively".
_WENT = (
    r"satisf\w*|welcom\w*|success\w*|excellent|fruitful|beneficial|positive|appreciat\w*|valuable|prais\w*|commend\w*"
    r"|useful|productive|constructive|regrett?\w*|disappoint\w*"
    r"|(?:is|are|was|were|be|been|being)\s+(?:working\s+)?(?:very\s+)?effective(?:ly)?"
)
_ASSESSED = re.compile(
    rf"\b(?:{_WENT}|(?:underlin|stress|emphasi[sz]|highlight)\w*\s+the\s+importance|importance\s+\w+\s+attach"
    r"|advantages?|assessments?|(?:is|are|was|were|be)\s+preferable|preference|conviction"
    r"|(?:open|frank|comprehensive|good|strong|close)\s+(?:and\s+\w+\s+)?(?:exchange|discussion|level|progress|cooperation"
    r"|partnership)|(?:is|are|was|were|remains?)\s+(?:\w+\s+)?(?:key|vital|essential|crucial|important))\b",
    re.I,
)
# A sentence stating a concern: "expressed its concern about", "areas of mutual concern", "the vulnerability of",
# "its potential impact on" (not "the concerned Member States", nor "in what concerns", which means "regarding").
_CONCERNED = re.compile(
    r"\b(?:(?<!in\swhat\s)concerns?\b(?!\s+(?:the|a)\b)|concerned\s+(?:about|by|over|that|at)|worr\w*|vulnerab\w*"
    r"|problem\w*|danger\w*|alarm\w*|risks?|fears?|(?:growing|increasing|new|evolving|serious)\s+(?:\w+\s+)?threats?"
    r"|(?:possible|potential|negative|adverse)\s+(?:\w+\s+)?(?:impact|effects?|consequences?))\b",
    re.I,
)


# A sentence stating an aim: "discussed ways to expand and improve", "expressed their intention to step up",
# "its positive expectation for the renewal", "the need to develop", "agreed to continue", "to maintain".
_INTENDED = re.compile(
    r"\b(?:intend\w*|intention|plan(?:s|ned)?\s+to|aim(?:s|ed)?\s+(?:to|at)|hop(?:e|es|ed|ing)|expect\w*|wish\w*"
    r"|seek\w*|ways?\s+to|need\s+(?:to|for)|urgency|willingness|readiness|agree[ds]?\s+to|commit\w*\s+to|support\s+(?:to|for)"
    r"|(?<!how\s)(?:to|will|would)\s+(?:continue|expand|improve|step\s+up|strengthen|deepen|intensify|enhance|renew|maintain"
    r"|explore)"
    r"|continu(?:e|ing)\s+(?:the|to|their|its)|extension|renewal)\b",
    re.I,
)


def states_an_intention(sentence: str) -> bool:
    """Whether a sentence states what someone means to do or wants to happen ("They discussed ways to expand and
    improve such cooperation"); what they asked for says it too ("reiterated its call for the repatriation of foreign
    terrorist fighters"), and what they agreed to do ("agreed to"), though not a view they agreed on ("concurred on
    their assessment")."""
    return bool(_INTENDED.search(sentence)) or states_a_request(sentence)


# Whether someone was pleased, asked as such ("Were the ministers pleased with drugs cooperation?"): a judgement of
# how it went answers, not one of how much it matters ("... are crucial to adapt and improve public policies").
# ("content" only as one is content with something: "online terrorist content" is a thing asked about)
_SATISFACTION_ASKED = re.compile(
    r"\b(?:happy|satisfied|pleased|content(?=\s+(?:with|about|that)\b)|glad|unhappy|dissatisfied|displeased)\b", re.I
)
_SATISFIED = re.compile(rf"\b(?:{_WENT}|(?:good|strong)\s+(?:\w+\s+)?(?:progress|cooperation|results?))\b", re.I)


def asks_satisfaction(question: str) -> bool:
    return bool(_SATISFACTION_ASKED.search(question))


def states_satisfaction(sentence: str) -> bool:
    """Whether a sentence states how well something was judged to go ("to express satisfaction with", "welcomed",
    "the excellent level of"), or how badly ("regretted")."""
    return bool(_SATISFIED.search(sentence))


def states_an_assessment(sentence: str) -> bool:
    """Whether a sentence states how something was judged ("to express satisfaction with their technical
    cooperation")."""
    return bool(_ASSESSED.search(sentence))


def states_a_concern(sentence: str) -> bool:
    """Whether a sentence states what worried someone ("expressed its concern about the growing importance of
    cryptocurrencies")."""
    return bool(_CONCERNED.search(sentence))


def states_a_decision(sentence: str) -> bool:
    """Whether a sentence states what was agreed or decided ("Both sides agreed to ...")."""
    return bool(_DECIDED.search(sentence))


# Each statement kind (answer_types.STATEMENT_KINDS) and what tells a sentence states one.
STATES: dict[str, Callable[[str], bool]] = {
    "decision": states_a_decision,
    "stage": states_a_stage,
    "request": states_a_request,
    "assessment": states_an_assessment,
    "concern": states_a_concern,
    "intention": states_an_intention,
}
