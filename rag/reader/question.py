"""What a question pins down, read once before any candidate is scored: the kind of answer it expects (a person,
a date, a place, a count, an overview) and the constraints an answer must satisfy (parties, names, years,
figures). These are properties of the question's form, shared by every question of that kind; they never pick
an answer by themselves (the reader scores candidates, and the constraints only rule candidates out).

This module holds the `Question`, its `Constraint`s and `analyse`, which reads both; what a question asks of the
meeting, its papers or the Presidency is read in rag/reader/question_meeting.py, and the wording of what it asks
(who did what, the thing or the number asked for, yes or no, why) in rag/reader/question_wording.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rag.corpus import CorpusStats, salient_names
from rag.reader.answer_types import (
    AMOUNT_ASKED,
    DIVERGENCE_ASKED,
    FREQUENCY_ASKED,
    TYPED,
    AnswerType,
    answer_types,
)
from rag.reader.gazetteer import CITIES, OFFICES, PARTIES, REGIONS, parties_in, party_of, regions_in, side_mentions
from rag.reader.question_meeting import (
    COUNCIL_CHAIRED,
    FIRST_TIME,
    FUTURE,
    HOW_LONG,
    IT,
    MEETING,
    MEETING_NAMED,
    NEXT_OTHER,
    NEXT_SAID,
    PAPER_NAMED,
    PARTS,
    PLANNED,
    PRESIDENCY_HELD,
    PRESIDENCY_NAMED,
    STARTS,
    STATEMENT_NAMED,
    TO_BE_HELD,
    WHEN_CAME,
    WHICH_MEETING,
    anyone_came,
    checked_place,
    held_is_no_meeting,
    verified_of_the_meeting,
)
from rag.reader.question_wording import (
    ASKS_WHAT_WAS_SAID,
    BY_NAME,
    COUNTRY_ACTS,
    DAY,
    EITHER_OR,
    FELT_BY,
    NUMBER_CHOICE,
    PRONOUN_SPEAKER,
    SPEAKERS,
    STANCE_OF,
    TO_WHOM,
    UNDECIDED,
    UNSAID,
    VIEW_OF,
    WHICH_OF,
    WITHIN,
    asked_event,
    asks_whether,
    counted_done,
    counted_noun,
    office_asked,
    only_more,
    slot_of,
    when_done,
    when_it_will_be_done,
    where_done,
    whether_done,
    which_was_done,
    who_did,
    who_wanted_done,
)
from rag.text import folded, terms, words

ConstraintKind = Literal["party", "name", "figure"]

# "How many ... two sides" asks a count; "compare", "differ", ", and what ..." ask two things at once.
_COMPARING = r"\b(?:compare[ds]?|comparison|contrast|differ|differs|difference|differences)\b"
_TWO_PARTS = re.compile(
    rf",\s*and\s+(?:what|how|which|who|whom|where|when|why|did|does|do|is|are|was|were)\b|{_COMPARING}|"
    r"\b(?:each|respectively)\b",
    re.I,
)
_COMPARES = re.compile(_COMPARING, re.I)  # sets two statements side by side
# An office named by its portfolio ("the Commissioner for trade", "Austria's minister of finance"): the portfolio
# pins the answer as a name does. Whoever holds another office is not the one asked for.
_PORTFOLIO = re.compile(
    r"\b(?:ministers?|commissioners?|secretar(?:y|ies)|directors?)\s+(?:for|of)\s+(?:the\s+)?([A-Za-z][\w-]{2,})", re.I
)
_FIGURE = re.compile(r"^\d[\d,.]*$")
_PART_OF_A_YEAR = re.compile(r"^(?:mid|early|late|end|start)-(?:19|20)\d\d$", re.I)
# A person's first and last name, as a list says them: "... Jeff Sessions and ...", "... Claire Grady."
_PERSON_NAME = re.compile(r"\b([A-Z][a-zà-ž'’-]+)\s+([A-Z][a-zà-žěřčšýáíéúůó'’-]+)(?=\s*(?:,|\.|;|\(|\)|\[|\band\b|$))")
_CONNECTOR = {"of", "for", "and", "the", "on", "de", "van", "von"}
# IDF below this (the name is in more than about a quarter of all paragraphs) makes a name generic.
_GENERIC_IDF = 1.61
_ACROSS_THE_ATLANTIC = re.compile(
    r"\b(?:(?:both|either|each|two|the\s+other)\s+sides?\s+of|across|over)\s+the\s+Atlantic\b", re.I
)


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
        # (at the start of a word: "ESTA" is not in "restated")
        return bool(_at_a_word_start(self.needle).search(folded_text)) or bool(
            self.spelled and self.spelled[:-2] in folded_text
        )


@lru_cache(maxsize=4096)
def _at_a_word_start(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(needle)}")


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
    unsaid: bool = False  # asks what was not discussed ("What was not discussed?"): only a sentence saying so answers
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
    frequency: bool = False  # asks how often ("How often will they meet?"): "monthly" answers, a count does not
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


_ABBREVIATION_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


# Where or when a thing is, named by its own noun ("Where is the seminar?", "When was the exercise?").
_THING_PLACED = re.compile(
    r"^\W*(?:and\s+)?(?:where|when)\s+(?:is|was|are|were|will)\s+the\s+(?P<thing>[a-z][\w-]*)\b", re.I
)
_NO_THING = frozenset({"next", "first", "last", "following", "previous", "same", "other", "latest", "one"})


def _placed_thing(text: str) -> bool:
    found = _THING_PLACED.search(text)
    return bool(found) and found["thing"].lower() not in _NO_THING and not MEETING_NAMED.search(found["thing"])


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
    meeting_named: bool = False,
) -> Question:
    """`asked`: the question as the person wrote it, when `text` has lost the words naming its meeting;
    `at_meetings`: it follows a conversation about meetings it named, so it is about them too;
    `framed`: it is the last question's frame with `asked`'s words put in ("And the EU?");
    `next_meeting`: it names the meeting a document announces ("the Washington meeting"), so asks about it;
    `meeting_named`: it named an indexed meeting (words `text` has lost), so asked when or where it is, that one;
    `also_pinned`: names a follow-up's pronoun stands for ("it" -> "CLOUD Act"), constraints like its own;
    `people`: text naming whom a personal pronoun may mean (not pinned: "What was her title?" names no one);
    `topic`: what a follow-up's pronoun refers to, from the conversation ("And when was that?" after "Where did the
    ministers meet?" is about the meeting)."""
    # An abbreviation's plural is the abbreviation the proceedings write ("WMDs" had been "never mentioned" beside
    # "(WMD) attacks").
    text = _ABBREVIATION_PLURAL.sub(lambda m: m[1] if stats.known(m[1].lower()) else m[0], text)
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
    # A side named in several words is one party, not names to find ("the United States": "United" and "States").
    sides_said = set()
    for found, party in side_mentions(f"{text} - {also_pinned}"):
        if " " in found.group(1):
            constraints.setdefault(f"party:{party}", Constraint(found.group(1), "party", party))
            sides_said |= set(found.group(1).split())
    for token in _salient_tokens(text) + _salient_tokens(f"- {also_pinned}"):
        if token in regional or token in sides_said or _PART_OF_A_YEAR.match(token):
            continue  # ("by mid-2019" says when, loosely: no name a passage must write)
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
    # A side or country written in lower case ("who represented the commission", "what did the americans want"):
    # the same party as capitalised ("us" and "eu" in lower case are words, not sides: parties_in skips them; a city
    # is where something happened, which the meeting's scope reads).
    for word in words(text):
        if word.islower() and word not in CITIES and (party := party_of(word)) is not None:
            constraints.setdefault(f"party:{party}", Constraint(word, "party", party))
    for found in _PORTFOLIO.finditer(text):
        portfolio = found.group(1)
        if party_of(portfolio) is None and not OFFICES.fullmatch(portfolio) and terms(portfolio):
            constraints.setdefault(portfolio.lower(), Constraint(portfolio, "name"))
    unknown = tuple(
        # ("Japan" for "the Japanese delegation"; a city as written: "Zagreb" is no "Croatia" the question named)
        c.party if c.kind == "party" and c.party and c.text.lower() not in CITIES else c.text
        for c in constraints.values()
        if not stats.mentions(c.text) and not c.spelled and (c.kind != "party" or _never_named(c.party, stats))
    )
    if topic and len(terms(text)) <= 1:
        # A follow-up with little topic of its own asks about the conversation's ("What was the concern?" after "Did
        # anyone mention 5G?"): a name of it that no indexed text has is as unanswerable as when first asked (it had
        # been answered with a concern about something else).
        # (a party too, none of whose names any indexed text has: "Through which agencies?" after "What did they
        # agree on Russia?" had been answered with the agencies of the counter-terrorism passage)
        never = (
            party or t
            for t in _salient_tokens(topic)
            if ((party := party_of(t)) is None and not stats.mentions(t)) or _never_named(party, stats)
        )
        unknown += tuple(dict.fromkeys(t for t in never if t not in unknown))
    types = answer_types(text)
    # (The meeting's words may have left the question with its deed: "Who was at the Ottawa meeting?" -> "Who was?")
    did = who_did(text)
    if did in ("", "was", "were") and asked and who_did(asked) == "attended":
        did = "attended"
    if came := anyone_came(text):
        # "Did the incoming presidency send anyone?": who came answers whether anyone did (and only who came: the
        # issuer of the document is no answer to "Did anyone from the Council Secretariat attend?").
        types, did = types | {"person"}, came
    persons = tuple(f"{first} {last}" for first, last in _PERSON_NAME.findall(people) if not OFFICES.search(last))
    named = any(c.kind == "name" and not c.generic for c in constraints.values())
    if "title" in types and not named and not persons:
        types -= {"title"}  # an office is asked of someone the question names ("the job of the Commission")
    counted = counted_noun(text)
    if HOW_LONG.search(text) and MEETING_NAMED.search(text):
        types, counted = types | {"count"}, "days"  # "How long did the meeting last?": how many days it ran
    verified = verified_of_the_meeting(text, constraints.values())
    undecided = bool(UNDECIDED.search(text))
    held_else = held_is_no_meeting(text)
    # "Where will the meeting after Bucharest be held?": the meeting it named is indexed, so held, whatever the tense
    # (not the meeting that one announced, nor something still to come no record of it answers).
    itself = meeting_named and bool(MEETING.search(text) or TO_BE_HELD.search(text))
    planned = bool(PLANNED.search(text) and MEETING_NAMED.search(text))  # (not "When is it supposed to be signed?")
    # "When did Kirstjen Nielsen attend a ministerial?" asks at which meeting she came: the record naming her answers,
    # under its meeting's dates (no sentence dates her coming). A person, by name ("When did Croatia join ...?" not).
    came_when = "date" in types and named and bool(WHEN_CAME.search(text))
    # ... as "When was e-evidence first discussed?" asks at which meeting: its meeting's dates answer, not a date in
    # a sentence (Washington's "set up a joint working group on ... soft targets" names none, so Bucharest's
    # "set up at the Washington meeting in December 2018" had answered when soft targets first came up).
    came_when = came_when or ("date" in types and bool(FIRST_TIME.search(text)))
    if came_when:
        types -= {"date"}
    if undecided:
        types -= {"decision"}  # what was not agreed is no agreement
    types |= verified
    if came == "there":
        # ("Was the US at the meeting?" asks whether anyone came for it, not where the meeting was: the place
        # "at the meeting" verified had ruled out the US delegation's record)
        types -= {"place"}
    if verified and asks_whether(text):
        # The place a yes-or-no question checks is what it asks, not a side it pins: "Will the next meeting be in
        # Brussels?" is answered by "... in Washington, D.C." (which speaks of the US only). ("Which meeting took
        # place in Canada?" asks which one the place singles out.)
        constraints = {k: c for k, c in constraints.items() if not checked_place(c, text)}
    if persons and WHICH_OF.search(text) and not types & {"title", "date", "place", "count"}:
        types |= {"person"}  # "Which of them is responsible for migration?" after an answer naming people
    return Question(
        text=text,
        answer_types=types,
        constraints=tuple(constraints.values()),
        terms=tuple(terms(text)),
        two_parts=bool(_TWO_PARTS.search(text)),
        unknown=unknown,
        about_next=(next_meeting or bool(NEXT_SAID.search(text) or (TO_BE_HELD.search(text) and not itself)))
        and not held_else
        and not NEXT_OTHER.search(text),  # ("When did the US want the next PNR review?" is no meeting's)
        names_next=next_meeting,
        about_meeting=bool(MEETING.search(text)),
        verifies_meeting=bool(verified),
        undecided=undecided,
        unsaid=bool(UNSAID.search(text)),
        divergence=bool(DIVERGENCE_ASKED.search(text)),
        planned=planned,
        counted=counted,
        future=not itself and bool(FUTURE.search(text) or (STARTS.search(text) and not MEETING.search(text))),
        to_whom=bool(TO_WHOM.search(text)),
        offered=any(party_of(a) and party_of(b) for a, b in EITHER_OR.findall(text)),
        one_meeting=bool(WHICH_MEETING.search(text)) or came_when,
        event=asked_event(text)
        if WHICH_MEETING.search(text)
        else (
            whether_done(text)
            or when_done(text)
            or who_wanted_done(text)
            or counted_done(text)
            or when_it_will_be_done(text)
            or where_done(text)
            or which_was_done(text)
        ),
        day=bool(DAY.search(text)),
        amount=bool(AMOUNT_ASKED.search(text)),
        frequency=bool(FREQUENCY_ASKED.search(text)),
        compares=bool(_COMPARES.search(text)),
        people=persons,
        besides=bool(re.search(r"\belse\b", asked or text, re.I)) or only_more(asked),
        parts=frozenset(part for part, pattern in PARTS.items() if pattern.search(text)),
        # (a typed question's answer type already says what it asks for; "which meeting" asks for a meeting)
        slot="" if set(types) & set(TYPED) or WHICH_MEETING.search(text) else slot_of(text, types),
        speakers=frozenset(
            p
            for pattern in (SPEAKERS, VIEW_OF, FELT_BY, STANCE_OF)
            for m in pattern.finditer(text)
            for p in parties_in(m.group(1))
        ),
        choices=tuple(w.lower() for pair in NUMBER_CHOICE.findall(text) for w in pair),
        # "Which of them is responsible for migration?" after an answer naming people asks for one of them.
        by_name=bool(BY_NAME.search(text) or (persons and WHICH_OF.search(text))),
        office=office_asked(text),
        # (a follow-up of a conversation about named meetings is about them: "When was that?" after "Who led the
        # US delegation there?")
        # (but not one asking where or when a thing of its own is: "Where is the seminar?" after Ottawa's firearms had
        # been "The EU-Canada ... Meeting took place in Ottawa")
        names_meeting=bool(
            MEETING_NAMED.search(text) or MEETING_NAMED.search(topic) or (at_meetings and not _placed_thing(text))
        )
        and not held_else,
        says_meeting=bool(
            MEETING_NAMED.search(text) or MEETING_NAMED.search(topic) or (at_meetings and IT.search(text))
        )
        and not held_else,
        names_paper=bool(PAPER_NAMED.search(text) or PAPER_NAMED.search(topic)),
        names_statement=bool(STATEMENT_NAMED.search(text) or STATEMENT_NAMED.search(topic)),
        names_presidency=bool(PRESIDENCY_NAMED.search(text) or PRESIDENCY_NAMED.search(topic)),
        chairs_council=bool(COUNCIL_CHAIRED.search(text) or PRESIDENCY_HELD.search(text)),
        did=did,
        of_someone=bool(SPEAKERS.search(text) or PRONOUN_SPEAKER.search(text)),
        # (a side's view or position on a matter is what it said of it: "What was the US position on drugs?")
        about_said=bool(ASKS_WHAT_WAS_SAID.search(text) or VIEW_OF.search(text)),
        within=tuple(found.group(1) for found in WITHIN.finditer(asked or text)),
        country_acts=bool(COUNTRY_ACTS.search(text)),
        said=asked if framed else "",
        topic=topic,
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


def _never_named(party: str | None, stats: CorpusStats) -> bool:
    """A party no indexed text names in any of its words ("Iran"): as unanswerable as any name never written. (A
    side may be named in words the corpus does not use: "the Americans" where it writes "US".)"""
    return party is not None and not any(stats.mentions(alias) for alias in PARTIES.get(party, (party,)))
