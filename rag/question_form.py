"""What a question says beyond what it asks: instructions to the assistant, how the answer should look, talk
before it, a topic put first, two questions joined as one. The engine reads the question without them."""

from __future__ import annotations

import calendar
import re

from rag.reader.gazetteer import CITIES, parties_in
from rag.text import addresses_a_model, split_sentences

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


_LOWER_MONTHS = frozenset(name.lower() for name in calendar.month_name if name)
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
    if any(ch.isdigit() for ch in topic) or named & (CITIES | _LOWER_MONTHS) or parties_in(topic):
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


# ... the second said only by its question word, the first's frame understood: "When was the document issued and by
# whom?", "Who issued the document and when?" (not "Which meeting is next and where?": one thing, asked of twice)
_ELIDED_SECOND = re.compile(
    r"^(?P<first>(?:who|what|when|where|how)\s+(?P<frame>(?:\S+\s+){2,}?\S+?)),?\s+and\s+"
    r"(?P<bare>(?:(?:by|to|from|with|for)\s+)?(?:whom|who|when|where|why|how))\W*$",
    re.I,
)
# "Who issued the document" asked again by another question word: "... was the document issued"
_WHO_DID = re.compile(r"^(?P<verb>\w+ed)\s+(?P<thing>.+)$", re.I)


def compound_parts(question: str) -> tuple[str, str] | None:
    """The two questions a question joins with "and" ("Who headed the US delegation and who represented the
    EU?" -> "Who headed the US delegation?", "Who represented the EU?"; "When was the document issued and by whom?"
    -> "When was the document issued?", "By whom was the document issued?"), or None."""
    if elided := _ELIDED_SECOND.match(question.strip()):
        frame = elided["frame"]
        if elided["first"].lower().startswith("who ") and (did := _WHO_DID.match(frame)):
            frame = f"was {did['thing']} {did['verb']}"
        bare = elided["bare"]
        return f"{elided['first']}?", f"{bare[:1].upper()}{bare[1:]} {frame}?"
    found = _COMPOUND.match(question.strip())
    if found is None:
        return None
    first, second = found["first"].rstrip(" ,;?"), found["second"].rstrip(" ?")
    return f"{first}?", f"{second[:1].upper()}{second[1:]}?"
