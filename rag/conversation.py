"""Questions and their history: validation, and resolving follow-ups without an LLM.

A follow-up ("What was her title?", "Which countries did they name?") leans on the conversation: we detect it
by its anaphora or its brevity and expand it with the topic of the previous exchange, the earlier question's
words and the names and figures of the earlier answer, so retrieval finds what a person would expect.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rag.composer import ABSTENTION, NOT_STATED
from rag.contract import Turn
from rag.corpus import salient_names
from rag.errors import QuestionError
from rag.reader.gazetteer import CITIES, parties_in
from rag.reader.question_wording import only_more
from rag.scope import WHICH_TIME
from rag.settings import Settings
from rag.text import SPACED_MARKER, addresses_a_model, not_text, split_sentences, terms

_ANAPHORA = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "former",
        "latter",
        "same",
        "such",
        "both",
        "either",
        "else",  # "Who else came?": someone besides those the last answer named
    ]
)
_CONTINUATIONS = (
    "and ",
    "also ",
    "what about",
    "how about",
    "what else",
    "anything else",
    "anything on ",
    "anything about ",
    "anything regarding ",
    "and?",
    "why?",
    "how?",
)
_MAX_CONTEXT_CHARS = 600  # the embedding reads 256 tokens; more context only dilutes
_MARKER = SPACED_MARKER
_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|de|van|von)?\s*[A-Z][\w’'.-]*)*)")
_NUMBER = re.compile(r"\b(?:\d[\d,./-]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b", re.I)


# A sentence that instructs the assistant rather than asks about the proceedings (prompt injection, format
# requests). The extractive generator cannot obey it, but its words would steer retrieval and trip the
# unknown-name guard ("Answer in French." -> "French"), so the question is answered without it.
#
# Decision (issue 14): this rule used to name "system:" and "you are", the wordings of the eval's test items adv-02
# and adv-06: it was tuned on the test split. It is now general, by kind of sentence rather than by wording, and
# tests/test_answer_robustness.py shows it on instructions worded for that test, none from the eval dataset. (The
# kinds still cover adv-02 and adv-06, so those two test items say little about the rule; the new wordings do.)
# A sentence is an instruction when it is not itself a question and it
#   - addresses a language model (rag/text.addresses_a_model, the rule that also cleans paragraphs for LLMs);
#   - opens with the speaker label of a chat transcript or of an authority ("Assistant:", "Developer note:",
#     "Admin:"), not with what it is about;
#   - tells the assistant what it is or must do, in the second person ("You must ...", "You're now ...", "Your
#     instructions ...", "From now on ..."); "You mentioned the CLOUD Act." is context and stays;
#   - opens with an imperative about the answer or what to heed ("Ignore ...", "Please answer in ...", "Do not
#     cite ...", "Translate ...").
_ROLE_LABEL = r"(?:system|assistant|user|developer|admin(?:istrator)?|operator|moderator|root|instructions?|note)"
_INSTRUCTION = re.compile(
    rf"^\W*(?:{_ROLE_LABEL}(?:\s+[a-z]+)?\s*:"
    r"|you(?:'re|’re|\s+(?:are|must|should|shall|will|have to|need to|can now|may now|no longer|now))\b"
    r"|your\s+(?:rules?|instructions?|guidelines|task|role|job)\b|from now on\b"
    r"|your\s+(?:answers?|repl(?:y|ies)|responses?|output)\s+(?:must|should|shall|will|may|has to|needs? to)\b"
    r"|(?:please\s+)?(?:ignore|disregard|forget|pretend|imagine|act as|answer|respond|reply|print|output|repeat"
    r"|translate|say|do not|don't|don’t|never|always)\b)",
    re.I,
)
_ENDS_AS_A_QUESTION = re.compile(r"\?[\"'’”)\]]*$")


def is_instruction(sentence: str) -> bool:
    """True for a sentence addressed to the assistant rather than asking about the proceedings (see above)."""
    if _ENDS_AS_A_QUESTION.search(sentence.strip()):
        return False
    return bool(_INSTRUCTION.match(sentence)) or addresses_a_model(sentence)


# How the answer should look, said inside the question ("Summarise the meeting in two sentences.", "... briefly",
# "in bullet points"): the extractive reader quotes the proceedings as they are, and these words are about no
# passage (they only pulled the question away from the one it asks for).
_ANSWER_FORM = re.compile(
    r",?\s+(?:(?:in|within|using)\s+(?:(?:a|one|two|three|four|five|few|several|some|short|simple|plain|bullet|"
    r"[1-9])\s+){0,3}(?:sentences?|words?|lines?|paragraphs?|bullet\s+points|bullets|points|terms|english)"
    r"|(?:very\s+)?briefly|in\s+(?:short|brief|a\s+nutshell))\b(?=\s*[?.!]?\s*$)",
    re.I,
)

_LEADING_FORM = re.compile(r"^\s*(?:(?:very\s+)?briefly|in\s+(?:short|brief|a\s+nutshell))\s*,\s*", re.I)
# What people say before a question, not part of it: "OK, different subject: was election security on the
# agenda?", "Switching topics - what did ...?", "Quick question: ...".
_LEADING_TALK = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|right|alright|well|thanks|thank\s+you|great|hmm+)\s*[,.!:;-]+\s*)*"
    r"(?:(?:(?:a\s+)?(?:different|new|another|other)\s+(?:subject|topic|question|matter)|change\s+of\s+(?:subject|topic)"
    r"|switching\s+(?:topics?|subjects?|gears)|moving\s+on|one\s+more\s+(?:thing|question)|quick\s+question"
    r"|next\s+question|on\s+another\s+(?:note|topic|subject))\s*[,.!:;-]+\s*)?",
    re.I,
)


# The topic put first, then a question asking nothing of its own about it: "visa waiver - what's the latest?",
# "Visa waiver: where do things stand?". (A meeting put first sets the scene instead: rag/scope.py.)
_TOPIC_FIRST = re.compile(r"^\s*(?P<topic>[^:?–—]{2,40}?)\s*(?::|\s[-–—]\s)\s*(?P<rest>\S[^?]*\??)\s*$")
_ASKS_NOTHING_OF_ITS_OWN = re.compile(
    r"^(?:what(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?(?:latest|news|state\s+of\s+play|status|outcome)|"
    r"where\s+(?:do|did|does)\s+(?:things|matters|we|they)\s+stand|any\s+(?:news|updates?|progress)|"
    r"what\s+(?:was|were)\s+(?:said|discussed|decided|agreed)|what\s+happened|tell\s+me\s+more)\W*$",
    re.I,
)


_MONTHS = frozenset(name.lower() for name in calendar.month_name if name)
# Where to look, said after the question, when it is everywhere: "..., going by these records?", "... according to
# the proceedings?" (a part named, "according to the joint statement", is kept: it narrows where to look).
_TRAILING_SOURCE = re.compile(
    r"\s*,?\s*(?:going\s+by|according\s+to|based\s+on|judging\s+(?:by|from)|from|in)\s+(?:these|the|this|those)"
    r"\s+(?:records|proceedings|documents|papers|minutes)\s*(?=[?.!]*\s*$)",
    re.I,
)


def _topic_put_after(question: str) -> str:
    """ "visa waiver - what's the latest?" -> "What's the latest on visa waiver?"; unchanged otherwise."""
    found = _TOPIC_FIRST.match(question)
    if found is None or not _ASKS_NOTHING_OF_ITS_OWN.match(found["rest"]):
        return question
    topic = found["topic"].strip()
    named = {word.lower().strip(",.") for word in topic.split()}
    if any(ch.isdigit() for ch in topic) or named & (CITIES | _MONTHS) or parties_in(topic):
        return question  # a meeting, a side or a date ("Helsinki, December 2019: ..."): scope reads those
    rest = found["rest"].rstrip(" ?")
    lowered = topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic  # ("PNR" stays)
    return f"{rest[:1].upper()}{rest[1:]} on {lowered}?"


def focus(question: str) -> str:
    """The question without the instructions around it, and without how its answer should look; unchanged when it
    is nothing but instructions."""
    sentences = split_sentences(question)
    kept = [s for s in sentences if not is_instruction(s)]
    asked = " ".join(kept) if kept and len(kept) < len(sentences) else question
    plain = _LEADING_FORM.sub("", _LEADING_TALK.sub("", _ANSWER_FORM.sub("", asked), count=1)).strip()
    plain = _topic_put_after(_TRAILING_SOURCE.sub("", plain))
    return plain[:1].upper() + plain[1:] if plain else asked


# Two questions asked as one: "Who authored the note, and who was it sent to?", "Where did the meeting take place
# and who hosted it?" (each part a question of at least three words; "When and where ...?" is one question).
# ("Who attended and where was it held?": a verb alone may follow "who"; "Which countries and which agencies ...?"
# asks one thing of two.)
_COMPOUND = re.compile(
    r"^(?P<first>who\s+\S+|(?:who|whom|what|when|where|which|how|did|does|do|is|are|was|were)\b(?:\s+\S+){2,}?)"
    r"\s*,?\s+and\s+"
    r"(?P<second>(?:who|whom|what|when|where|which|how)\b(?:\s+\S+){2,})$",
    re.I,
)


def compound_parts(question: str) -> tuple[str, str] | None:
    """The two questions a question joins with "and" ("Who headed the US delegation and who represented the
    EU?" -> "Who headed the US delegation?", "Who represented the EU?"), or None."""
    found = _COMPOUND.match(question.strip())
    if found is None:
        return None
    first, second = found["first"].rstrip(" ,;?"), found["second"].rstrip(" ?")
    return f"{first}?", f"{second[:1].upper()}{second[1:]}?"


def check_text(text: str, what: str) -> str:
    """`text` unchanged, or a QuestionError naming its first lone surrogate or non-character (rag/text.not_text:
    why they are refused rather than repaired). Every piece of asked text passes here before the tokenizer."""
    problem = not_text(text)
    if problem:
        raise QuestionError(f"{what} contains {problem}. Send plain Unicode text (UTF-8) without it.")
    return text


def validate_question(question: Any, settings: Settings) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    question = check_text(question, "The question").strip()
    if not question:
        raise QuestionError("The question is empty. Ask something about the proceedings.")
    if len(question) > settings.max_question_chars:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {settings.max_question_chars:,}. "
            "Ask a shorter question."
        )
    return question


def recent_history(history: Sequence[Any], settings: Settings) -> list[Any]:
    """The end of a running conversation that fits max_history_turns, for the doors that keep one (the CLI's
    chat, the UI); what they send then passes validate_history like any API request. It starts at a question:
    an answer without the question it answered would only mislead the follow-up rewriting."""
    limit = settings.max_history_turns
    recent = list(history[-limit:]) if limit else []
    while recent and _role(recent[0]) == "assistant":
        recent.pop(0)
    return recent


def _role(turn: Any) -> Any:
    return turn.role if isinstance(turn, Turn) else turn.get("role") if isinstance(turn, dict) else None


def validate_history(history: Sequence[Any] | None, settings: Settings) -> list[Turn]:
    if history is None:
        return []
    if not isinstance(history, Sequence) or isinstance(history, str | bytes):
        raise QuestionError("history must be a list of {role, content} turns.")
    if len(history) > settings.max_history_turns:
        raise QuestionError(
            f"history has {len(history)} turns; the limit is {settings.max_history_turns}. Start a new chat."
        )
    turns: list[Turn] = []
    for i, item in enumerate(history):
        try:
            turn = item if isinstance(item, Turn) else Turn.model_validate(item)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "turn"
            raise QuestionError(
                f"history[{i}] is malformed ({where}: {problem['msg']}); each turn is "
                '{"role": "user" or "assistant", "content": text}.'
            ) from None
        check_text(turn.content, f"history[{i}]")
        if len(turn.content) > settings.max_turn_chars:
            raise QuestionError(
                f"history[{i}] is {len(turn.content):,} characters; the limit is {settings.max_turn_chars:,}."
            )
        turns.append(turn)
    return turns


def validate_documents(documents: Sequence[Any] | None) -> list[str] | None:
    """The document filter: a list of ids, each real text (None or empty: every document). Whether each id is
    indexed is for the caller, who knows the index."""
    if documents is None:
        return None
    if isinstance(documents, str | bytes) or not isinstance(documents, Sequence):
        raise QuestionError("documents must be a list of document ids.")
    for i, document in enumerate(documents):
        if not isinstance(document, str):
            raise QuestionError(f"documents[{i}] must be a document id (text).")
        check_text(document, f"documents[{i}]")
    return list(documents) or None


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # what the person asked
    query: str  # what retrieval uses: the standalone question and the context borrowed from the conversation
    followup: bool
    already_said: str = ""  # a follow-up's previous answer: asking again means wanting something new
    own: str = ""  # the standalone question: what it pins down must hold of the answer
    context: str = ""  # what a pronoun of the question refers to, from the conversation (helps retrieval)
    pinned: str = ""  # the referent's names ("it" -> "CLOUD Act"): what the answer's evidence must also name
    people: str = ""  # what a personal pronoun ("her", "his") may stand for: the last answer's names
    at_meetings: bool = False  # the conversation named the meetings it is about ("there" after "in Helsinki")
    carried: str = ""  # the conversation's topic before a question of its own, for the follow-ups after it
    framed: bool = False  # the last question's frame with the follow-up's words in it ("And the EU?")
    announced: bool = False  # it names a meeting only announced ("the Washington meeting"): the next one
    on_topic: bool = False  # a question of its own read again on the conversation's topic (it says nothing of it)

    @property
    def standalone(self) -> str:
        return self.own or self.question

    @property
    def borrows_nothing(self) -> bool:
        """Read as asked, with nothing from the conversation: a question of its own, or a follow-up put as one
        ("And what did the US want?")."""
        return self.standalone == self.question and not (self.context or self.pinned or self.framed)


_PERSONAL = frozenset(["he", "she", "him", "her", "his", "hers"])
_WHERE_OR_WHEN = frozenset(["there", "then"])
_MONTHS = frozenset(calendar.month_name[1:])
_PLURAL = frozenset(["they", "them", "their", "theirs"])
_OTHERS = frozenset(["else"])  # "Who else came?": others than the last answer's people, who are not pinned
_WH = re.compile(r"\b(what|who|whom|whose|which|when|where|why|how|did|does|do|is|are|was|were|can|will)\b", re.I)
_WH_WORD = r"(what|who|whom|when|where|why|which|how many|how much|how)"
# ("To whom?" after "Who issued it?": the same question, asking to whom)
_BARE_WH = re.compile(rf"((?:(?:to|from|with|by|for)\s+)?{_WH_WORD})\W*", re.I)
_LEADING_WH = re.compile(rf"\W*{_WH_WORD}\b", re.I)
# A question that only says what kind of answer it wants: "On what date exactly?", "In which city?".
_BARE_KIND = re.compile(
    r"((?:(?:on|in|at|for)\s+)?(?:what|which)\s+(?:date|dates|day|days|year|month|time|city|country|place|venue))"
    r"(?:\s+(?:exactly|precisely))?\W*",
    re.I,
)
# "Which ones?" after "How many member states ...?": the same question, asking which ("Which member states ...?").
_WHICH_ONES = re.compile(
    r"(?:which|what)\s+ones?(?:\s+(?:are|were)\s+(?:they|those|these))?\W*|(?:name|list)\s+them\W*"
    r"|(?:which|what|who)\s+(?:are|were)\s+(?:they|those|these)\W*",
    re.I,
)
_HOW_MANY = re.compile(r"\W*how\s+many\s+(?=\w)", re.I)
_CONTINUATION = re.compile(
    r"^\s*(and|also|but|so|what about|how about|and what about|anything (?:on|about|regarding))\b[\s,]*", re.I
)
# A place or time said as where or when something happened: "in Washington", "at the Sofia meeting", "in 2019".
_MONTH_NAMES = "|".join(calendar.month_name[1:])
_BY_A_TIME = rf"\b(?:by|as\s+of|before|after|until)\s+(?:(?:{_MONTH_NAMES})(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d)\b"
_ADJUNCT = re.compile(
    r"\b(?:in|at|during)\s+(?:the\s+)?(?:[A-Z][\w.,-]*|(?:19|20)\d\d)(?:\s+(?:[A-Z][\w.-]*|(?:19|20)\d\d|meeting|ministerial))*"
    # ... or a meeting said by how it was held: "at the video conference" (then "And at Helsinki?" had been asked
    # "... at the video conference at Helsinki?", a meeting no index holds)
    r"|\b(?:in|at|during)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?:video[\s-]?conference|videoconference|online\s+meeting)\b"
    # ... or a time things stood at: "by June 2019" (then "And by December?" had asked June again)
    rf"|{_BY_A_TIME}"
)
# A fragment that is nothing but a place or time, in lower case too: "And at the video conference?".
_ONLY_ADJUNCT = re.compile(rf"(?:in|at|during)\s+(?:the\s+)?\w[\w.,-]*(?:\s+[\w.,-]+){{0,3}}|{_BY_A_TIME}", re.I)
# Where a question says what it is about: "What was said about PNR?", "What did the EU report on migration?".
_TOPIC_SLOT = re.compile(r"\b(?:about|regarding|concerning|on)\s+", re.I)
# Whether "it" (or "that") came up somewhere: "Did it come up again in 2020?", "Was that followed up at the next
# ministerial?", "Did they discuss it in Helsinki?". The pronoun is the matter the last question was about.
_IT_CAME_UP = re.compile(
    r"\b(?P<it>it|that)\s+(?:(?:ever|also|again|really)\s+)?(?:(?:come|came|get|got|been|be)\s+)?(?:up|discussed|raised"
    r"|mentioned|addressed|followed\s+up|brought\s+up|revisited|taken\s+up|on\s+the\s+agenda|talked\s+about)\b"
    r"|\b(?:discuss|discussed|raise|raised|mention|mentioned|address|addressed|revisit|revisited|bring\s+up"
    r"|follow\s+up\s+on|come\s+back\s+to|return\s+to|talk\s+about)\s+(?P<object>it|that)\b",
    re.I,
)
# The matter a question is about: "What was said about child sexual abuse material in Helsinki?" -> "child sexual
# abuse material" (the meeting it was asked of is no part of it).
_MATTER = re.compile(
    r"\b(?:about|regarding|concerning)\s+(?P<matter>[^?.!]+?)(?:\s+(?:in|at|during)\s+[^?.!]*)?\W*$", re.I
)
_SALIENT = re.compile(r"(?<![\w-])(?:[A-Z][\w’'.]*[A-Z]|[A-Z]{2,}|[A-Z][a-z][\w’'.-]*)(?![\w-])")


# "the next one", "that one", "the other one": a pronoun for something the conversation named.
# "the other two", "the others", "the rest": those the last answer named, less the one asked about.
_ONE = re.compile(
    r"\b(?:the|that|this)\s+(?:(?:next|last|first|previous|other|same|earlier|later|remaining)\s+)?ones?\b"
    r"|\bthe\s+(?:other|remaining)\s+(?:two|three|four|five|six|\d+)\b|\bthe\s+(?:others|rest)\b",
    re.I,
)


# "the cooperation", "the agreement", with nothing saying which: the one the conversation is on ("Will the
# cooperation continue?" after the smuggling discussion had been read alone, and given the counter-terrorism one).
_THE_SAME_THING = re.compile(
    r"\bthe\s+(?P<noun>cooperation|collaboration|agreement|negotiations?|talks|discussions?|programme|program"
    r"|evaluation|review|proposals?|measures?|plans?|initiatives?|project|process|dialogue|exercise|mandate|deal"
    r"|arrangements?|partnership|directive|regulation|recommendation)\b"
    r"(?!\s+(?:on|of|with|between|about|for|against|to|under|in)\b)",
    re.I,
)


def _the_same_thing(question: str) -> re.Match[str] | None:
    """Where the question speaks of "the cooperation" (or agreement, talks ...) and of little else."""
    found = _THE_SAME_THING.search(question)
    if found is None or len(set(terms(question)) - set(terms(found["noun"]))) > 1:
        return None
    return found


def is_followup(question: str) -> bool:
    lowered = question.lower().strip()
    tokens = re.findall(r"[a-z’']+", lowered)
    if any(token in _ANAPHORA for token in tokens) or lowered.startswith(_CONTINUATIONS) or _ONE.search(question):
        return True
    if _the_same_thing(question):
        return True
    return len(terms(question)) <= 1  # "And the EU?" / "Why?" carry no topic of their own


def only_what_a_side_said(question: str) -> bool:
    """A question asking only what a side said, wanted or did ("What did the EU side report?"): its topic is the
    conversation's."""
    from rag.reader.gazetteer import PARTIES, parties_in, without_parties
    from rag.reader.requests import SAID_TERMS

    if not parties_in(question):
        return False
    return not set(terms(without_parties(question, frozenset(PARTIES)))) - SAID_TERMS


def _names(text: str) -> list[str]:
    """Names and figures from a text: what a pronoun in the next question most likely means."""
    if not text:
        return []
    text = _MARKER.sub("", text)
    names = [m.group(0) for m in _NAME.finditer(text) if len(m.group(0)) > 2]
    return list(dict.fromkeys(names + _NUMBER.findall(text)))


def _persons_meant(last_answer: str, previous: ResolvedQuestion) -> list[str]:
    """The last answer's names, or those of them the last question asked about: after "Who is Chad Wolf?", "he"
    is Chad Wolf, not William Barr beside him in the answer (all of them had made "Which meetings did he attend?"
    every meeting the US came to)."""
    asked = [n for n in _NAME.findall(previous.standalone) if " " in n and n in last_answer]
    if asked:
        return asked
    if previous.people and set(re.findall(r"[a-z]+", previous.question.lower())) & _PERSONAL:
        return [previous.people]  # "Was he at Sofia?", then "Which meetings did he attend?": the same person
    return _names(last_answer)


def resolve(question: str, history: Sequence[Turn], switched: bool = False) -> ResolvedQuestion:
    """Resolve `question` against the conversation so far (oldest turn first). The question's own content
    always wins: the conversation only supplies what it lacks (a pronoun's referent, an elided frame).
    `switched`: the person said the topic changes, in words no longer in `question` ("Switching topics: ...")."""
    return _resolve_one(question, *_so_far(history), switched=switched)


def says_topic_switch(text: str) -> bool:
    """Whether the person says the topic changes ("Switching topics: ...", "On a different note, ...")."""
    return bool(_TOPIC_SWITCH.search(text))


def _so_far(history: Sequence[Turn]) -> tuple[ResolvedQuestion | None, str]:
    """The conversation's last question, resolved as it was asked, and the answer given to it."""
    previous: ResolvedQuestion | None = None
    last_answer = asserted = ""
    for turn in history:
        if turn.role == "user":
            previous, last_answer = _resolve_one(turn.content, previous, last_answer), ""
        elif not _refusal(turn.content):
            last_answer = asserted = turn.content
        else:
            # A refusal asserts nothing: the next question's pronoun cannot mean a word of it ("How many are there?"
            # after "The proceedings do not say: ..." had pinned "The"), nor is it something said already. A
            # follow-up refused leaves the conversation on the last answer's passage ("Did the EU agree?" after "What
            # did the US propose there?" was refused is asked of the US proposal just given); one of its own does not.
            last_answer = asserted = asserted if previous is not None and not previous.borrows_nothing else ""
    return previous, last_answer


def _refusal(answer: str) -> bool:
    text = answer.strip()
    return text.startswith(ABSTENTION) or text.startswith(NOT_STATED.partition("{")[0])


def last_asked(history: Sequence[Turn]) -> ResolvedQuestion | None:
    """The conversation's last question, resolved as it was asked (None without one)."""
    return _so_far(history)[0]


def on_the_topic(question: str, history: Sequence[Turn]) -> ResolvedQuestion | None:
    """`question` read as continuing the conversation's topic, though it does not say so: "What triggered the
    concern?" after "Did election security come up?". The topic helps retrieval and pins nothing; the engine asks
    this only when the question read on its own found no answer (its own content comes first). None without an
    earlier question."""
    previous, last_answer = _so_far(history)
    if previous is None:
        return None
    context = _topic(previous)
    query = f"{question} {context}".strip()[: len(question) + _MAX_CONTEXT_CHARS]
    said = _MARKER.sub("", last_answer)
    return ResolvedQuestion(question, query, True, said, own=question, context=context, on_topic=True)


# "the second one", "the last of those", "And on the first?": one item of what the last answer listed.
_ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "latter": -1}
_ORDINAL_REFERENCE = re.compile(
    r"\bthe\s+(first|second|third|fourth|fifth|last|latter|former)\s+"
    r"(?:one\b|(?:item|topic|point|issue|subject)s?\b(?:\s+(?:on\s+the\s+(?:agenda|list)|listed))?|"
    r"of\s+(?:those|them|these)\b)"
    r"|^\W*(?:and\s+)?(?:(?:on|about|for|in|of)\s+)?the\s+(first|second|third|fourth|last)\W*$",
    re.I,
)


# An agenda item as an answer gives it: "1(a) Information sharing, including ... [1].", after "At Helsinki, ...: ".
_AGENDA_ITEM = re.compile(r"(?:^|:\s)\d+(?:\([a-z]\))?\s+(?P<item>[^:]+?)\s*\.?$")


def _agenda_listed(answer: str) -> list[str]:
    """The items of an agenda the answer gave (rag/agenda.py), in its order; [] for any other answer."""
    found = [_AGENDA_ITEM.search(sentence) for sentence in split_sentences(answer)]
    return [m["item"] for m in found if m] if len(found) > 1 and all(found) else []


def _listed(answer: str, asked: str) -> list[str]:
    """The names an answer gives that its question did not ask with ("Colombia", "China" for "Which producer
    countries did the US name?"), in the order it gives them."""
    named = []
    for name in _names(answer):
        name = re.sub(r"^(?:The|A|An)\s+", "", name)
        if name[:1].isupper() and not set(name.split()) & set(asked.split()) and name not in named:
            named.append(name)
    return named


def _ordinal_item(question: str, previous: ResolvedQuestion | None, last_answer: str) -> str:
    """The question with "the second one" put as the item it means, or unchanged."""
    found = _ORDINAL_REFERENCE.search(question)
    if found is None or previous is None:
        return question
    said = _MARKER.sub("", last_answer)
    items = _agenda_listed(said) or _listed(said, previous.standalone)
    at = _ORDINALS[(found.group(1) or found.group(2)).lower()]
    if len(items) < 2 or at >= len(items):
        return question
    if found.group(2):  # "And on the second?": the item alone, asked in the previous question's frame
        return f"And {items[at]}?"
    return f"{question[: found.start()]}{items[at]}{question[found.end() :]}"


# A subject put first, then the question about it: "What about the EU side, what did it report?", "And the
# Americans, what did they want?".
_SUBJECT_FIRST = re.compile(
    r"^\W*(?:and|what about|how about|as for)\s+(?P<subject>[^,?]{2,40}?)\s*,\s*"
    r"(?P<rest>(?:what|who|when|where|which|how|did|does|do|is|are|was|were)\b[^?]*\?*)\s*$",
    re.I,
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:(?P<own>its|their|his|her)|it|they|he|she)\b", re.I)


def _subject_put_in(question: str) -> str:
    """The question about a subject put first, with the subject in place of its pronoun ("What about the EU side,
    what did it report?" -> "What did the EU side report?"); unchanged otherwise."""
    found = _SUBJECT_FIRST.match(question)
    if found is None or not (pronoun := _SUBJECT_PRONOUN.search(found["rest"])):
        return question
    rest, subject = found["rest"], found["subject"]
    said = f"{subject}'s" if pronoun["own"] else subject
    put = f"{rest[: pronoun.start()]}{said}{rest[pronoun.end() :]}"
    return put[:1].upper() + put[1:]


# Typed in a hurry: "who led the eu delegation", "what did the us say about drugs", "whats the next meeting".
# Lower-case "eu" is only ever the EU; "us" is the US after "the" or before a word of a side ("us delegation"),
# otherwise the pronoun ("tell us").
_TYPED_AS = (
    (re.compile(r"\beu\b", re.I), "EU"),
    (re.compile(r"\bu\.s\.(?=\s|$)", re.I), "U.S."),
    (
        re.compile(
            r"(?<=\bthe )us\b|(?<=\bEU-)us\b|\bus(?=[\s-]+(?:delegation|side|government|administration|authorities"
            r"|officials?|position|view|stance|attorney|secretary|-eu)\b)"
        ),
        "US",
    ),
    (re.compile(r"\b(what|who|where|when|how)s\b", re.I), r"\1's"),
)


def _as_meant(question: str) -> str:
    for pattern, meant in _TYPED_AS:
        question = pattern.sub(meant, question)
    return question


# The person says the conversation turns to something else: "Switching topics: ...", "OK, different subject: ...".
_TOPIC_SWITCH = re.compile(
    r"\b(?:switch(?:ing)?\s+(?:topics?|subjects?|gears)|(?:new|different|another|other)\s+(?:topic|subject|question|matter)"
    r"|chang(?:e|ing)\s+(?:the\s+)?(?:topic|subject)|moving\s+on|on\s+(?:a\s+)?(?:different|another|separate)\s+note)\b",
    re.I,
)


def _resolve_one(
    question: str, previous: ResolvedQuestion | None, last_answer: str, switched: bool = False
) -> ResolvedQuestion:
    switched = switched or says_topic_switch(question)
    meant = _as_meant(question)
    # ("What about the EU side, what did it report?" goes on with the conversation as "What about ...?" does.)
    question = _subject_put_in(meant)
    led = question != meant
    if previous is None or not (led or is_followup(question) or _ORDINAL_REFERENCE.search(question)):
        # A question of its own is read alone, but may go on with the conversation's topic (the engine's topic
        # retry): "What did the US focus on?" after "What about money laundering?". The topic is carried for the
        # follow-ups after it ("And the EU?" is the EU's focus on money laundering), unless the person says the
        # topic changes ("Switching topics: who led the US delegation?", then "And the EU?", is not about drugs).
        carried = _topic(previous) if previous is not None and not switched else ""
        return ResolvedQuestion(question, question, False, own=question, carried=carried)
    asked, question = question, _ordinal_item(question, previous, last_answer)
    if same := _the_same_thing(question):
        question = f"{question[: same.start()]}that{question[same.start() + 3 :]}"  # "the cooperation": that one
    framed, said_before = False, ""
    fragment = _CONTINUATION.sub("", question).strip()
    context, pinned = previous.context or previous.carried, previous.pinned
    earlier = _CONTINUATION.sub("", previous.standalone)
    if (bare := _BARE_WH.fullmatch(fragment) or _BARE_KIND.fullmatch(fragment)) and (
        frame := _LEADING_WH.match(earlier)
    ):
        # "And when?" or "On what date exactly?" after "Where will the next ministerial take place?": the same
        # question, asking when ("where's the next one" -> "On what date is the next one").
        rest = re.sub(r"^'s\b", " is", earlier[frame.end() :].replace("’", "'"))
        own = f"{bare.group(1).strip().capitalize()}{rest}"
    elif _WHICH_ONES.fullmatch(fragment) and (counted := _HOW_MANY.match(earlier)):
        own = f"Which {earlier[counted.end() :]}"
    elif only_more(fragment):
        own = previous.standalone  # "Anything else?": the last question again, for what its answer did not say
        if previous.followup and only_more(_CONTINUATION.sub("", previous.question).strip()):
            said_before = previous.already_said  # asked again ("What else?", "Anything else?"): nor what it said
    elif _WHAT_ABOUT.match(question) and (_another_topic(fragment, earlier) or switched):
        # "What about smuggling?" after "How did the EU describe its migration policy?": a topic of its own, in a
        # frame with no place for one (it had been "... migration policy (smuggling)?"); or in any frame once the
        # person says the topic changes ("Switching topics: what about aviation?" had been "What was agreed about
        # aviation?" after "What was agreed about battlefield evidence?").
        own, context, pinned = question, "", ""
    elif (
        not _WH.search(fragment)
        and len(fragment.split()) <= 5
        and not set(fragment.lower().split()) & _ANAPHORA
        and not _ONE.search(fragment)
    ):
        # "And the EU?", "What about Canada?": the previous question's frame, with the new name in it.
        own, framed = _substitute(previous.standalone, fragment), True
    else:
        own, context = _matter_put_in(question, previous), _referent(question, previous, last_answer)
        pinned = _pinned(question, previous, last_answer)
    borrowed = context if pinned in context else f"{context} {pinned}"
    query = f"{own} {borrowed.strip()}".strip()[: len(own) + _MAX_CONTEXT_CHARS]
    said = "\n".join(part for part in (said_before, _MARKER.sub("", last_answer)) if part)
    from rag.reader.question_wording import WHICH_OF

    # "her", "their", or "Which of them ...?": someone the last answer named.
    tokens = set(re.findall(r"[a-z’']+", question.lower()))
    personal = tokens & (_PERSONAL | _PLURAL | _OTHERS) or WHICH_OF.search(question)
    people = " ".join(_persons_meant(last_answer, previous)) if personal else ""
    return ResolvedQuestion(
        asked, query, True, said, own=own, context=context, pinned=pinned, people=people, framed=framed
    )


_WHAT_ABOUT = re.compile(r"^\W*(?:and\s+)?(?:what|how)\s+about\b", re.I)


def _another_topic(fragment: str, frame: str) -> bool:
    """Whether a "What about ...?" fragment names only a topic (no side, place, time, part or item) and the frame it
    follows has no place for one ("about ...", "on ...")."""
    from rag.reader.gazetteer import parties_in
    from rag.reader.question_meeting import DOCUMENT_PART

    words = fragment.rstrip("?.! ")
    if not words or _WH.search(words) or len(words.split()) > 5 or set(words.lower().split()) & _ANAPHORA:
        return False
    if _ONE.search(words):  # "What about the other two?": those the conversation named
        return False
    if parties_in(words) or _ONLY_ADJUNCT.fullmatch(words) or DOCUMENT_PART.search(words):
        return False
    return not _ORDINAL_REFERENCE.search(words) and not _TOPIC_SLOT.search(frame) and not _ADJUNCT.search(words)


def _matter_put_in(question: str, previous: ResolvedQuestion) -> str:
    """The question with the matter the last question was about in place of "it" or "that", when it asks whether
    that came up ("Did it come up again in 2020?" -> "Did child sexual abuse material come up again in 2020?"):
    read on its own words, "Did it come up again?" matched nothing well enough to be trusted. Unchanged otherwise."""
    came_up, matter = _IT_CAME_UP.search(question), _MATTER.search(previous.standalone)
    if came_up is None or matter is None:
        return question
    group = "it" if came_up.group("it") else "object"
    return f"{question[: came_up.start(group)]}{matter['matter']}{question[came_up.end(group) :]}"


# "that same meeting", "this ministerial": the meeting the conversation is at (its scope), no matter to pin.
_THAT_MEETING = re.compile(
    r"\b(?:that|this|the)\s+(?:same\s+|very\s+)?(?:meeting|ministerial|conference|summit|session)\b", re.I
)


# "When will they meet next?": "they" are the sides, who meet again whatever the last question's matter was (after
# "And on PNR?" it had pinned PNR, which the record of the next meeting does not name: "name no date").
_MEET_AGAIN = re.compile(r"\bmeet(?:ing)?\s+(?:again|next)\b", re.I)


def _pinned(question: str, previous: ResolvedQuestion, last_answer: str) -> str:
    """What "it", "they" or "that" stands for, by name: the answer must be about it, so the names are pinned
    like the question's own. A personal pronoun's people are not ("What was her title?" names no one). "there"
    and "then" stand for a place or a time: after "What did the Sofia meeting say about PNR?", "Who led the US
    side there?" is about Sofia, not PNR."""
    tokens = set(re.findall(r"[a-z’']+", _THAT_MEETING.sub(" ", question).lower()))
    if not tokens & (_ANAPHORA - _PERSONAL - _OTHERS) or _MEET_AGAIN.search(question):
        return ""
    only_where = not tokens & (_ANAPHORA - _PERSONAL - _WHERE_OR_WHEN - _OTHERS)
    named = " ".join(_where_or_when(salient_names(previous.standalone), only_where)) or previous.pinned
    if not only_where:
        named = _no_cities(named)
    answered = list(dict.fromkeys(_where_or_when(salient_names(_MARKER.sub("", last_answer)), only_where)))
    return named or (" ".join(answered) if len(answered) <= 2 else "")


def _where_or_when(names: list[str], only: bool) -> list[str]:
    """`names`, or (`only`) those of places and times, when a "there" or "then" is what refers to them; when
    none is a place or time, "there" means the matter itself ("the PNR talks ... what was agreed there?")."""
    from rag.reader.gazetteer import party_of

    if not only:
        return names
    placed = [n for n in names if (party_of(n) and not n.isupper()) or any(c.isdigit() for c in n) or n in _MONTHS]
    return placed or names


def _referent(question: str, previous: ResolvedQuestion, last_answer: str) -> str:
    tokens = set(re.findall(r"[a-z’']+", _THAT_MEETING.sub(" ", question).lower()))
    if only_what_a_side_said(question):
        return _topic(previous)  # "What did the EU side say?": on what the conversation is about
    if not tokens & _ANAPHORA and _WH.search(question) and len(terms(question)) >= 2:
        return ""  # "And who represented the EU?": a whole question of its own; it needs nothing borrowed
    if tokens & _PERSONAL:
        return " ".join(_persons_meant(last_answer, previous) or salient_names(previous.standalone))
    if tokens & _PLURAL:
        # "they": the side or people the previous question was about, and what it asked about them ("Did they
        # agree?" after "What did the US say about drugs?" is about drugs, not about whatever the US agreed).
        return _topic(previous)
    if len(terms(question)) <= 1:
        # Little topic of its own ("When was it adopted?"): the previous question is the topic, with what it borrowed
        # in turn ("About what exactly?" after "Did the US raise any concerns?" on money laundering).
        borrowed = previous.context or previous.carried
        return f"{previous.standalone} {borrowed} {' '.join(_names(last_answer)[:6])}".strip()
    only_where = not tokens & (_ANAPHORA - _PERSONAL - _WHERE_OR_WHEN)
    named = " ".join(_where_or_when(salient_names(previous.standalone), only_where))
    return (named if only_where else _no_cities(named)) or _topic(previous)


def _no_cities(names: str) -> str:
    """Names without the cities among them: "it" after "What did the Sofia meeting say about the visa waiver
    programme?" is the programme, not Sofia (a city is where something happened, "there")."""
    from rag.reader.gazetteer import CITIES

    return " ".join(name for name in names.split() if name.lower() not in CITIES)


def _topic(previous: ResolvedQuestion) -> str:
    """What the previous exchange was about when it names nothing: its question's words ("Which scandal was
    mentioned in the cybersecurity discussion?" -> "it" is that matter), and what that question borrowed in turn."""
    return f"{previous.standalone} {previous.context or previous.carried}".strip()


def _substitute(frame: str, fragment: str) -> str:
    """The frame question with the fragment's party put in place of the frame's ("Who headed the US
    delegation?" + "the EU?" -> "Who headed the EU delegation?"); otherwise the fragment is appended."""
    from rag.reader.gazetteer import party_of
    from rag.reader.question_meeting import DOCUMENT_PART

    if (where := _ADJUNCT.match(fragment) or _ONLY_ADJUNCT.fullmatch(fragment.rstrip("?.! "))) is not None:
        # "And in Washington?" after "... in Helsinki?": the other meeting (or place or time), not a party.
        if (said := _ADJUNCT.search(frame)) is not None:
            return f"{frame[: said.start()]}{where.group(0).strip()}{frame[said.end() :]}"
        return f"{frame.rstrip('?.! ')} {where.group(0).strip()}?"
    if (when := WHICH_TIME.fullmatch(fragment.rstrip("?.! "))) is not None:
        # "And the first time?" after "What did the US say about it the last time?": the other time, not a topic
        if (said := WHICH_TIME.search(frame)) is not None:
            return f"{frame[: said.start()]}{when.group(0)}{frame[said.end() :]}"
        return f"{frame.rstrip('?.! ')} {when.group(0)}?"
    if (part := DOCUMENT_PART.search(fragment)) and (framed := DOCUMENT_PART.search(frame)):
        # "And the outcome section?" after "What did the joint statement say about cybersecurity?": the other part
        return f"{frame[: framed.start()]}{part.group(0)}{frame[framed.end() :]}"
    new = [m.group(0) for m in _SALIENT.finditer(fragment)]
    new_parties = [n for n in new if party_of(n)]
    for match in _SALIENT.finditer(frame):
        if new_parties and party_of(match.group(0)) and match.group(0) not in new_parties:
            return f"{frame[: match.start()]}{new_parties[0]}{frame[match.end() :]}"
    if not new_parties and not _ORDINAL_REFERENCE.search(fragment) and (slots := list(_TOPIC_SLOT.finditer(frame))):
        # "What about cybersecurity?" after "What was said about PNR?": the new topic in place of the old one
        # (kept beside it, "PNR" would still be pinned, and no cybersecurity sentence names PNR).
        start = slots[-1].end()
        adjunct = _ADJUNCT.search(frame, start)
        end = adjunct.start() if adjunct else len(frame.rstrip("?.! "))
        topic = _TOPIC_SLOT.sub("", fragment.strip(), count=1) if _TOPIC_SLOT.match(fragment.strip()) else fragment
        return f"{frame[:start]}{topic.strip().rstrip('?.! ')}{' ' if adjunct else ''}{frame[end:].lstrip()}"
    return f"{frame.rstrip('?.! ')} ({fragment.rstrip('?.! ')})?"
