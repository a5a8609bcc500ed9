"""Candidates: the statements an answer could be made of, with the evidence around each.

Two sources: every sentence of the retrieved paragraphs (with its precomputed vector), and the meeting facts
of the documents those paragraphs belong to (rag/meeting.py: dates, place, host, delegations, document
details), each a plain statement cited to the header line or paragraph it is read from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np
from llama_index.core.schema import BaseNode, NodeWithScore

from rag.contract import Citation
from rag.meeting import is_dateline
from rag.reader.answer_types import DEADLINE_ASKED, FREQUENCY, STATEMENT_KINDS, TYPED, AnswerType
from rag.reader.constraints import Evidence, subject_of
from rag.reader.gazetteer import (
    CITIES,
    EU_MEMBERS,
    MEMBER_STATES,
    OFFICES,
    THIRD_COUNTRIES,
    country_name,
    parties_in,
    party_of,
    side_mentions,
    without_parties,
)
from rag.reader.question import Question
from rag.reader.statements import STATES, asks_satisfaction, states_satisfaction
from rag.text import folded, split_sentences, term_set, terms, words

SentenceLookup = Callable[[list[str]], dict[str, np.ndarray]]  # stored sentence vectors by id

# A count or amount: a number that is not a year, or a number word. Ordinals and "half" are not counts.
NUMBER = re.compile(
    r"(?<![\d/.-])(?!(?:19|20)\d\d\b)\d[\d,.]*(?![\d/])|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozens?)\b",
    re.I,
)
DATE = re.compile(
    r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"spring|summer|autumn|winter|week|weeks|month|months|year|years|today|yesterday)\b",
    re.I,
)
# A date said as a limit: "by the end of 2019", "before the end of the summer", "until 2021", "by December 2020", or
# a window to keep: "will take place in the first half of 2020".
_BY_A_DATE = re.compile(
    r"\b(?:(?:by|before|until|till|no later than|deadline\w*)\s+(?:the\s+)?"
    r"(?:(?:end|beginning|start|middle|first half|second half)\s+of\s+(?:the\s+)?)?(?:\d{1,2}\s+)?"
    r"|in\s+the\s+(?:first|second)\s+half\s+of\s+)"
    r"(?:(?:19|20)\d{2}|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|spring|summer|autumn|winter|year|month)\b",
    re.I,
)
# An amount as written: digits that are no year, a percentage, a magnitude or a currency.
_FIGURE = re.compile(
    r"(?<![\d/.-])(?!(?:19|20)\d\d\b)\d|%|\b(?:per ?cent|million|billion|thousand|euros?|dollars?|EUR|USD)\b|[€$£]",
    re.I,
)
_PERSON = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-zà-ž]+(?:\s+[A-Z][a-zà-žě]+)+")
# A day of a month is a date, never a count: "On 22 and 23 May 2018" says nothing of how much or how many.
_DAY_OF_MONTH = re.compile(
    r"\b\d{1,2}(?:\s*(?:-|–|and|to)\s*\d{1,2})?\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\b",
    re.I,
)
_PLACE_AFTER = re.compile(r"\b(in|at|to)\s+[A-Z][a-z]+")
_SPAN_UNITS = frozenset({"days"})  # what a meeting's dates count
# A paper said to have been put out: "a joint press statement was issued", "adopted a joint declaration".
_PAPER_ISSUED = re.compile(
    r"\b(?:statements?|declarations?|communiqu[eé]s?|conclusions)\b.{0,40}?\b(?:issued|published|released|adopted)\b"
    r"|\b(?:issued|published|released|adopted)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:statement|declaration|communiqu[eé])",
    re.I,
)
_MARKING = re.compile(r"\b(?:LIMITE|RESTREINT(?: UE)?|CONFIDENTIAL|CONFIDENTIEL(?: UE)?|SECRET|PUBLIC)\b")
# A meeting's name as a title, capitalised ("Ministerial Meeting on Justice and Home Affairs").
_MEETING_TITLE = re.compile(r"\b(?:Ministerial|Meeting|Conference|Summit)\b")


class DocumentView(Protocol):
    """What the reader needs to know about one document (the engine's per-document record)."""

    id: str
    title_text: str  # subject, title and header lines, for generic names
    meeting_parties: frozenset[str]
    summary_paragraph: str


@dataclass
class Paragraph:
    id: str
    document: str
    section: str
    text: str
    number: int
    parent: str = ""  # the numbered section its section is under ("1 Counterterrorism"), if any

    @property
    def headings(self) -> str:
        """The headings it is under, the parent section's first: what the paragraph is about as the document
        files it ("1 Counterterrorism 1(c) Further cooperation on CBRN ...")."""
        return f"{self.parent} {self.section}".strip()


@dataclass
class Candidate:
    text: str  # the statement as it would be asserted
    quote: str  # what of the cited paragraph supports it (the sentence itself, or a fact's source line)
    paragraph: Paragraph
    vector: np.ndarray
    kind: Literal["sentence", "fact"]
    position: int  # sentence index in its paragraph (facts: 0)
    hit_rank: int  # rank of the paragraph in retrieval (facts: the best rank of their document)
    dense: float  # the paragraph's dense cosine to the question (0 when the dense retriever did not see it)
    bm25: float
    fact_type: str = ""  # a fact's answer type ("date", "place", "person", ...)
    fact_field: str = ""  # what a fact is about ("meeting_dates", "next_meeting", "document_date", ...)
    fact_party: str = ""  # a delegation fact's side ("US")
    evidence: Evidence | None = None
    features: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    probability: float = 0.0
    field_vector: np.ndarray | None = None  # a fact's field, described as the questions it answers (embedded)
    field_cosine: float = 0.0  # ... and how close this question is to them
    counts_asked: bool = True  # for "how many X": a number in the sentence counts X (or a near synonym of it)
    counted: frozenset[str] = frozenset()  # ... and those numbers ("five"): candidates giving one agree
    listed: tuple[str, ...] = ()  # ... or, with no number, the names it lists as such ("Commissioners A, B and C")
    named: frozenset[str] = frozenset()  # for "who"/"where": the people or places it names; naming one agrees
    slot_cover: float = 1.0  # for "what/which <noun>": how near the sentence comes to naming such a thing

    @property
    def key(self) -> tuple[str, str]:
        return (self.paragraph.id, self.text)


# The answer types a fact's own type answers ("when" is answered by a date fact, "who" by a person or a body).
FACT_ANSWERS: dict[str, frozenset[str]] = {
    "person": frozenset({"person", "organisation"}),
    "date": frozenset({"date"}),
    "place": frozenset({"place"}),
    "country": frozenset({"place", "country"}),
    "count": frozenset({"count"}),
    "title": frozenset({"person"}),  # a delegation's people, with their offices
    "overview": frozenset({"overview"}),
    "name": frozenset({"name"}),  # the meeting's name
    "marking": frozenset({"marking"}),  # the document's classification
    "paper": frozenset({"paper"}),  # what the meeting put out (a joint statement), not the outcome document itself
}


# Things asked for that a passage states rather than names: "What were the results of the joint work against
# smugglers?" is answered by "Their joint work has allowed the identification of links ...", in the paragraph that
# speaks of "the positive results". Such a slot is covered by the sentence's paragraph.
STATED_NOUNS = frozenset({"result", "results", "outcome", "outcomes", "achievement", "achievements"})


# Kinds of a thing asked for by its general name, which the model does not put near it: "Which law did the EU
# approve?" is "the recently approved Money Laundering directive" ("directive" is 0.46 from "law"). Stems.
_KINDS_OF = {
    noun: frozenset(terms("directive regulation act convention treaty protocol statute code"))
    for noun in terms("law legislation")
}


def slot_cover(text: str, slot: str, near: dict[str, float]) -> float:
    """How near a sentence comes to naming the thing a "what/which <noun>" question asks for: 1.0 when it says
    the noun (`slot`, stemmed) or a kind of it, else its word closest to it (`near`: corpus stem -> cosine)."""
    said = term_set(text)
    if slot in said or _KINDS_OF.get(slot, frozenset()) & said:
        return 1.0
    return max((near.get(t, 0.0) for t in said), default=0.0)


def fits(answer_type: AnswerType, candidate: Candidate, asked: Question | None = None) -> bool:
    """Whether a candidate gives the kind of answer the question asks for. A fact is judged by the type it
    declares ("date place" for "took place in Sofia on 22-23 May"), prose by what it contains. What the question
    itself names is no answer: "Who led the US side?" is not answered by "The US delegation presented ...", nor
    "At which venue in Sofia ...?" by "The meeting took place in Sofia"."""
    text = candidate.text
    # The question's parties are context ("Who led the US side?"), unless it offers them as the choice.
    parties = frozenset(asked.parties) if asked and not asked.offered else frozenset()
    # (Unless the question checks the meeting's place: "Did they meet in Sofia?" is confirmed by "... in Sofia".)
    places = _place_words(asked) if asked and not asked.verifies_meeting else frozenset()
    if answer_type == "date" and asked and asked.day and not _DAY_OF_MONTH.search(text):
        return False  # a day asked for ("On which date ...?"); "in the second half of 2018" gives none
    if answer_type == "expansion":
        return candidate.kind == "sentence" and asked is not None and bool(spelled_out(text, asked.text))
    if answer_type == "title":
        declared = candidate.kind != "fact" or "person" in candidate.fact_type.split()
        return declared and asked is not None and _gives_office(text, asked)
    if answer_type == "count" and asked and asked.frequency:
        return bool(FREQUENCY.search(text))  # "every two years" (a Summary may say it), never "after four rounds"
    if answer_type == "count" and asked and asked.counted.lower() in _SPAN_UNITS and "date" in candidate.fact_type:
        # "How many days did the ministerial last?": the span of its dates ("22-23 May 2018") counts them.
        return (
            candidate.kind == "fact" and bool(_DAY_OF_MONTH.search(text)) and candidate.fact_field.startswith("meeting")
        )
    if answer_type == "assessment" and asked is not None and asks_satisfaction(asked.text):
        return candidate.kind == "sentence" and states_satisfaction(text)
    if answer_type in STATES:
        return candidate.kind == "sentence" and STATES[answer_type](text)
    if answer_type == "marking" and candidate.kind == "sentence":
        return bool(_MARKING.search(text))  # prose saying "LIMITE" or "CONFIDENTIAL" itself
    if answer_type == "paper" and candidate.kind == "sentence":
        return bool(_PAPER_ISSUED.search(text))  # "At the end of the meeting, a joint statement was issued (Annex)."
    if answer_type == "name" and candidate.kind == "sentence":
        return bool(_MEETING_TITLE.search(text))  # "the EU-U.S. Ministerial Meeting on Justice and Home Affairs"
    if answer_type == "count" and candidate.listed:
        return True  # "How many Commissioners ...?": "... by Commissioners A, B and C" lists them
    if answer_type == "person" and asked and asked.chairs_council and candidate.kind == "fact":
        return "country" in candidate.fact_type.split()  # "Who chaired the Council?": a country's Presidency did
    if candidate.kind == "fact":
        declared = bool(FACT_ANSWERS.get(answer_type, frozenset()) & set(candidate.fact_type.split()))
        delegation = candidate.fact_field.startswith("delegation_")
        if not declared and delegation and answer_type == "country" and asked and _REPRESENTED.search(asked.text):
            # "Which countries were represented by ministers on the EU side?": the record of who came names them
            # ("Ministers ... (Bulgarian Presidency), Ministers ... (incoming Austrian Presidency)").
            return bool(parties_in(text) - {"EU"} - parties)
        if not declared:
            return False
        if answer_type == "person" and parties:
            return _names_someone(without_parties(text, parties))
        if answer_type == "place" and places:
            return _names_a_place(without_parties(text, words=places))
        if answer_type == "country" and asked and not _of_the_occasion(asked):
            # A meeting's or paper's fact says which country hosted, presided or was the venue, nothing else:
            # "Which member states are affected?" (of the visa waiver) had been answered with the host.
            return False
        if answer_type == "country" and asked and asked.country_acts:
            # Where or when something was never says which country did something: "Which country vetoed the
            # joint statement?" is not answered by its dateline ("dated Sofia, 23 May 2018").
            return "country" in candidate.fact_type.split()
        return True
    if answer_type == "country":  # a country other than those the question names ("Which US states ...?")
        given = parties_in(text) - {"EU"} - parties
        if asked and (THIRD_COUNTRIES.search(asked.text) or not asked.country_acts) and candidate.evidence:
            # The sides are no third country; nor, unless a country is asked for as who did something ("Which
            # country pushed for ...?"), the countries a sentence gives ("Which drugs were linked to which
            # countries?" is not answered by "... drug production in both the US and the EU").
            given -= candidate.evidence.meeting_parties
        # "Which Member States ...?" asks for some of the EU's: "the United States" names none.
        return bool(given & EU_MEMBERS if asked and MEMBER_STATES.search(asked.text) else given)
    if answer_type == "count":
        figures = _DAY_OF_MONTH.sub(" ", text)
        if asked and asked.amount and not _FIGURE.search(figures):
            return False
        if asked and candidate.counted and counts_only_those_left_out(text, asked.text):
            # "How many Member States are in the Visa Waiver Programme?" is not answered by "the five EU Member
            # States not covered by the US Visa Waiver Programme": those it counts are the ones outside.
            return False
        return bool(NUMBER.search(figures)) and candidate.counts_asked
    if answer_type == "date":
        if asked and DEADLINE_ASKED.search(asked.text):
            return bool(_BY_A_DATE.search(text))
        return bool(DATE.search(text))
    if answer_type == "place":
        return _names_a_place(without_parties(text, words=places) if places else text)
    if answer_type == "person" and asked and _SAYING.fullmatch(asked.did.split(" ")[0]):
        # "Who raised the issue of election interference?": the one raising it is the sentence's subject; "One
        # issue that deserved particular attention was ... the Cambridge Analytica scandal" names no one who did.
        # "Which side raised migrant smuggling?": a side ("The law enforcement agencies present ..." is none).
        subject = subject_of(text)
        if _only_received(asked.did.split(" ")[0], text):
            return False
        return (
            bool(parties_in(subject) or _SIDES_SAID.search(subject))
            if _SIDE_ASKED.search(asked.text)
            else (_names_someone(subject))
        )
    if answer_type == "person":
        # (the sides as one are who did it where they are the sentence's subject and it says the deed asked: "The two
        # sides ... agreed to set up a joint working group" for "Who set up the working group?")
        deed = frozenset(terms(asked.did)) if asked and asked.did else frozenset()
        together = bool(deed) and deed <= term_set(text) and bool(_SIDES_SAID.search(subject_of(text)))
        return _names_someone(without_parties(text, parties) if parties else text, together)
    return True


# Deeds of saying: who did one is who the sentence says did it, its subject.
_SAYING = re.compile(
    r"(?:rais|mention|propos|suggest|brought|call|push|ask|stress|report|present|explain|express|underlin|said|warn"
    r"|insist|emphasi[sz]|highlight|request|urg|initiat)\w*"
)


def _only_received(deed: str, text: str) -> bool:
    """Whether the sentence names the deed only as a thing someone else did, its subject receiving it: "The EU
    delegation took note of the proposal" does not say the EU proposed (the US had; "By whom?" was answered with the
    EU). A deed said with its doer ("the proposal made by the US") names who did it."""
    stem = re.escape(deed[:5].lower())
    said = list(re.finditer(rf"\b(\w+\s+)?{stem}\w*", text, re.I))
    received = [
        m for m in said if (m.group(1) or "").strip().lower() in _DETERMINERS and not _DONE_BY.match(text, m.end())
    ]
    return bool(said) and len(received) == len(said)


_DETERMINERS = frozenset({"the", "this", "that", "a", "an", "its", "their", "his", "her"})
_DONE_BY = re.compile(r"\s+(?:(?:made|put\s+forward|tabled|presented|submitted)\s+)?by\b", re.I)


# Who came, asked of countries: "Which countries were represented ...?", "Which member states sent ministers?".
_REPRESENTED = re.compile(r"\b(?:represented|attended|took\s+part|participated|sent|came|present)\b", re.I)


def _of_the_occasion(asked: Question) -> bool:
    """The question speaks of the meeting, the Presidency, the Council's chair or the paper, in its own words:
    "Which ones?" after "How many member states were still outside?" of Washington's meeting asks no country of
    the meeting (it had been answered "The ... Meeting took place in Washington, D.C.")."""
    return asked.says_meeting or asked.names_presidency or asked.chairs_council or asked.names_paper


def gives_what_is_asked(question: Question, statement: str, source: Citation) -> bool:
    """Whether a statement written by a model (cited to `source`) gives the kind of answer the
    question asks for, judged as a sentence of that paragraph is (`fits`)."""
    kinds = [t for t in (*TYPED, *STATEMENT_KINDS) if t in question.answer_types]
    if not kinds:
        return True
    paragraph = Paragraph(source.id, source.document, source.section, source.text, 0)
    written = Candidate(statement, statement, paragraph, np.zeros(0, dtype=np.float32), "sentence", 0, 0, 0.0, 0.0)
    return all(fits(kind, written, question) for kind in kinds)


def parties_agree(statement: str, source: Citation) -> bool:
    """Whether the parties a model's statement names are named by the sentence of its cited paragraph it is most
    likely written from (the one sharing most of its terms): "The US delegation provided an update on the
    implementation ... of the PNR Directive" is written from the EU delegation's sentence, and says otherwise."""
    said = set(terms(statement))
    closest = max(split_sentences(source.text), key=lambda s: len(said & set(terms(s))), default="")
    return parties_in(statement) <= parties_in(closest)


def _place_words(asked: Question) -> frozenset[str]:
    """The places the question names, as it words them, and their countries: "At which venue in Sofia?" is not
    answered by "Sofia, Bulgaria", but "Where in Bulgaria?" is answered by "Sofia" (so a country's cities stay)."""
    named = [c for c in asked.constraints if c.kind == "party" and c.party and c.text[:1].isupper()]
    within = [(place, party_of(place)) for place in asked.within]
    return (
        frozenset(c.text.lower() for c in named)
        | frozenset(country_name(c.party) for c in named if c.party)
        | frozenset(place.lower() for place, _ in within)
        | frozenset(country_name(party) for _, party in within if party)
    )


# An office held by one person, said before the name ("Federal Minister for the Interior Herbert Kickl", "the U.S.
# Attorney General, Jeff Sessions"); "Ministers Herbert Kickl and Josef Moser" names a group, no one's title.
_ONE_OFFICE = re.compile(
    r"\b(?:minister|commissioner|secretary|attorney general|president|vice-president|ambassador|director|chair|"
    r"head|representative|officer)\b",
    re.I,
)
_OFFICE_WINDOW = 10  # words before the name: "Minister for Constitutional Affairs, Reforms, Deregulation and Justice"


def _gives_office(text: str, asked: Question) -> bool:
    """Whether the text says the office of a person the question names: an office held by one person within
    the few words before the name, with no other office in the group form nearer to it."""
    for name in [*(c.text for c in asked.constraints if c.kind == "name"), *asked.people]:
        plain = folded(text)  # as constraints are matched: "Vera Jourova" is the statement's "Věra Jourová"
        found = re.search(rf"\b{re.escape(folded(name))}(?![a-z])", plain)
        if not found:
            continue
        before = " ".join(plain[: found.start()].split()[-_OFFICE_WINDOW:])
        nearest = list(OFFICES.finditer(before))
        if nearest and _ONE_OFFICE.fullmatch(nearest[-1].group(0)):
            return True
    return False


# An abbreviation as a question writes it ("PNR", "e-evidence"), and as a text defines it: "... (PNR)".
_ABBREVIATION = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z]*[A-Z]s?|[a-z]-[a-z]+)(?![\w-])")
_DEFINED = re.compile(r"\(([A-Za-z-]{2,12})\)")
_JOINING = frozenset({"and", "of", "for", "the", "on", "in", "to", "de"})


def spelled_out(text: str, question: str) -> str:
    """The words the text spells an abbreviation of the question out as: "Passenger Name Records (PNR)", "weapons
    of mass destruction (WMD)", "electronic evidence (e-evidence)": the initials of the words right before the
    brackets are its letters. "" when the text does not define it."""
    asked = {a.lower().removesuffix("s") for a in _ABBREVIATION.findall(question)}
    for found in _DEFINED.finditer(text):
        short = found.group(1)
        if short.lower().removesuffix("s") not in asked:
            continue
        before = re.findall(r"[\w-]+", text[: found.start()])
        if "-" in short and len(head := short.split("-")[0]) == 1:  # "e-evidence": a letter for a word
            rest = short.split("-", 1)[1].lower()
            if len(before) >= 2 and before[-1].lower() == rest and before[-2].lower().startswith(head.lower()):
                return f"{before[-2]} {before[-1]}"
            continue
        letters = [c.lower() for c in short.removesuffix("s") if c.isalpha()]
        # Walked back from the brackets: the last word takes the last letter.
        if taken := _initials(list(reversed(before)), letters[::-1]):
            return " ".join(reversed(taken))
    return _initials_run(text, asked)


def _initials_run(text: str, asked: set[str]) -> str:
    """Words in a row whose initials are an abbreviation of three letters or more, where the text does not
    bracket it: "chemical, biological, radiological and nuclear threats" spells CBRN out though the document never
    writes "(CBRN)". Two letters are too easily met by chance ("European Union" aside, "each unit" is EU)."""
    tokens = re.findall(r"[\w-]+", text)
    for short in asked:
        letters = [c.lower() for c in short if c.isalpha()]
        if len(letters) < 3:
            continue
        for start, word in enumerate(tokens):
            if word[:1].lower() == letters[0] and (taken := _initials(tokens[start:], letters)):
                return " ".join(taken)
    return ""


def _initials(words: list[str], letters: list[str]) -> list[str]:
    """The words from the first on whose initials are `letters` in order, joining words between them taken along
    ("weapons of mass destruction": "of" has no letter); [] when they are not."""
    taken: list[str] = []
    matched = 0
    for word in words:
        if matched == len(letters):
            break
        if word.lower() in _JOINING and matched:
            taken.append(word)
        elif word[:1].lower() == letters[matched]:
            taken.append(word)
            matched += 1
        else:
            break
    return taken if matched == len(letters) else []


def _names_a_place(text: str) -> bool:
    return bool(parties_in(text)) or bool(_PLACE_AFTER.search(text))


def names_a_person(text: str) -> bool:
    """Whether a text names someone by name ("Ministers Herbert Kickl and Josef Moser"), not only a body or an
    office ("the incoming Austrian Presidency", "the US delegation")."""
    return any(_name_after_title(run.group(0)) for run in _PERSON.finditer(text))


def said_choice(text: str, choices: Sequence[str]) -> bool:
    """Whether a text says one of the numbers a question offers as the choice ("the fourth or the fifth?")."""
    said = set(words(text.lower()))
    return any(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", choice) in said for choice in choices)


def _names_someone(text: str, together: bool = False) -> bool:
    """Whether a text names someone: a person, an office, a side by its name, or (`together`) the sides as one. A
    city is no one ("planned to take place in Zagreb" names where, not who chaired), nor a capitalised place a person
    ("The Hague")."""
    people = (run for run in _PERSON.findall(text) if run.lower().removeprefix("the ") not in CITIES)
    named = next(people, None) or OFFICES.search(text) or side_mentions(text)
    return bool(named or together)


# Capitalised words of a body or a title that are no office (gazetteer.OFFICES has those): "Home Affairs",
# "Member States", the "Attorney" and "General" of "Attorney General".
_BODY_WORDS = re.compile(
    r"union|states|affairs|ministerial|meeting|justice|home|security|agreement|programme|attorney|general", re.I
)
_ASKS_FOR_NAMES = frozenset({"person", "title", "place", "country", "date"})
# A date as a person would repeat it: "the first half of 2021", "6 June 2019", "December 2018", "2020".
_DATE_GIVEN = re.compile(
    r"\b(?:(?:first|second) half of |(?:\d{1,2}(?:\s*(?:-|–|and)\s*\d{1,2})? )?(?:january|february|march|april|may|"
    r"june|july|august|september|october|november|december) )?(?:19|20)\d\d\b",
    re.I,
)
_DAY_RANGE = re.compile(r"\b(\d{1,2})\s*(?:-|–|and)\s*(\d{1,2})\b")
_SIDE_ASKED = re.compile(r"\b(?:which|what) (?:side|sides|party|parties)\b", re.I)
_SIDES_SAID = re.compile(
    r"\b(?:sides|delegations|parties|participants)\b", re.I
)  # ("both sides", "the two delegations")


def _name_after_title(run: str) -> str:
    """The person's name at the end of a run of capitalised words: "Attorney General Jeff Sessions" -> "Jeff
    Sessions"; "Home Affairs" -> "" (no name has fewer than two words here)."""
    given = run.split()
    for at in range(len(given) - 1, -1, -1):
        if _BODY_WORDS.fullmatch(given[at]) or OFFICES.fullmatch(given[at]):
            given = given[at + 1 :]
            break
    return " ".join(given) if len(given) >= 2 else ""


def names_given(text: str, answer_types: frozenset[AnswerType], asked: str) -> frozenset[str]:
    """The people ("Jeff Sessions"), places ("in Washington") or dates ("the first half of 2021") a candidate
    names for a who/where/when question, less those the question names itself: the next-meeting fact and the
    sentence that fixes the next meeting in Washington give one answer, as do the outcome's and the joint
    statement's sentences postponing an evaluation to the same half-year, so neither is the other's rival at the
    gate."""
    side = bool(_SIDE_ASKED.search(asked))
    if not (answer_types & _ASKS_FOR_NAMES or side):
        return frozenset()  # most questions: nothing to read, on the hot path
    found: set[str] = set()
    if answer_types & {"person", "title"}:
        found |= {name for run in _PERSON.finditer(text) if (name := _name_after_title(run.group(0)))}
    if answer_types & {"place", "country"}:
        found |= {place.group(0).split()[1] for place in _PLACE_AFTER.finditer(text)}
    # A country or a side is a party ("Which side played host?"); where something happened is not answered by
    # naming the EU or the US, which nearly every sentence does.
    if "country" in answer_types or side:
        found |= parties_in(text)
    if "date" in answer_types:
        # (A day range said either way is one date: "10 and 11 December 2019" is "10-11 December 2019".)
        found |= {_DAY_RANGE.sub(r"\1-\2", " ".join(date.group(0).split())) for date in _DATE_GIVEN.finditer(text)}
    question = _words_of(asked)
    return frozenset(
        name for name in (folded(found_name).lower() for found_name in found) if not set(words(name)) <= question
    )


@lru_cache(maxsize=256)
def _words_of(question: str) -> frozenset[str]:
    """A question's words, accents folded: read once per question, not once per candidate."""
    return frozenset(words(folded(question).lower()))


# Those a count leaves out, said right after it ("five EU Member States not covered by ...", "two Member States,
# Bulgaria and Romania, remain outside ...", "... keeping the five Member States from entering the VWP", "the
# progress by the two concerned EU Member States towards meeting the statutory requirements"), and a
# question asking about those let in ("in the programme", "joined", "already enjoy"), not those left out ("still
# need visas", "not yet in", "waiting to join", "lack visa-free travel"; "How many are affected?" asks either).
_LEFT_OUT_AFTER_A_COUNT = re.compile(
    r"\b(?:\d[\d ]*|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+(?:[\w\s,]{0,40}?\s)?"
    r"(?:not\s+(?:yet\s+)?(?:covered|included|in|part|members?|eligible)|remain(?:s|ed)?\s+outside|outside|excluded"
    r"|left\s+out|from\s+(?:entering|joining)|towards\s+(?:meeting|full\s+access|joining|entering|designation))\b",
    re.I,
)
_ASKS_THOSE_LET_IN = re.compile(
    r"\b(?:are|is|were|was)\s+(?:already\s+|now\s+)?(?:in|inside|part\s+of|members?\s+of|covered|included|participating)\b"
    r"|\b(?:join(?:ed|s)?|belong\w*|enjoy\w*|already|participat\w*|designated|admitted)\b"
    r"|\bhave\s+(?:visa-free|access)\b",
    re.I,
)
_LEFT_OUT = re.compile(
    r"\b(?:not|never|outside|exclud\w*|without|lack\w*|yet|still|wait\w*|remain\w*|missing|left\s+out|kept\s+out"
    r"|need\w*|barred|denied|refused)\b|n[’']t\b",
    re.I,
)


def counts_only_those_left_out(text: str, question: str) -> bool:
    """Whether a sentence's count is of those left out where the question asks of those let in."""
    asks_those_let_in = bool(_ASKS_THOSE_LET_IN.search(question)) and not _LEFT_OUT.search(question)
    return asks_those_let_in and bool(_LEFT_OUT_AFTER_A_COUNT.search(text))


def counted(text: str, nouns: frozenset[str]) -> frozenset[str]:
    """The numbers in the text that count one of `nouns` (stems): the noun follows within three words ("five
    Member States", "2 000 foreign terrorist fighters"). "The two sides" does not count meetings; Member States are
    countries."""
    # "the number of Schengen Information System alerts ..., which now exceeds 2 000": a figure after "the number
    # of <noun>" counts it too.
    numbered = [m.end() for m in _NUMBER_OF.finditer(text) if nouns & set(_counted_terms(text[m.end() :]))]
    return frozenset(
        found.group(0).lower()
        for found in NUMBER.finditer(text)
        if nouns
        & {*_counted_terms(text[found.end() :]), *_counted_terms(MEMBER_STATES.sub("countries", text[found.end() :]))}
        or (numbered and found.start() > numbered[0] and _DIGITS.match(found.group(0)))
    )


_NUMBER_OF = re.compile(r"\bnumber\s+of\s+", re.I)
_DIGITS = re.compile(r"\d")


def _counted_terms(text: str) -> list[str]:
    return terms(" ".join(words(text)[:4]))


# A person's or body's full name: two or more capitalised words ("Dimitris Avramopoulos", "Věra Jourová").
_FULL_NAME = r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)+"
_NAME_LIST = re.compile(rf"({_FULL_NAME})((?:\s*,\s*{_FULL_NAME})*)(?:,?\s+and\s+(?:by\s+)?({_FULL_NAME}))?")


def listed(text: str, nouns: frozenset[str]) -> tuple[str, ...]:
    """The names the text lists right after one of `nouns` (stems): "Commissioners Dimitris Avramopoulos, Vera
    Jourová and Julian King" lists three Commissioners. A list counts what a "how many" question asks for as a
    number does, so a person can count it; one name alone is not a list."""
    names: list[str] = []
    for word in re.finditer(r"[A-Za-z]+", text):
        if not nouns & set(terms(word.group(0))):
            continue
        found = _NAME_LIST.match(text, word.end() + 1) if text[word.end() : word.end() + 1] == " " else None
        if found:
            rest = re.findall(_FULL_NAME, found.group(2) or "")
            names += [found.group(1), *rest, *([found.group(3)] if found.group(3) else [])]
    return tuple(names) if len(names) > 1 else ()


def stored_sentences(node: BaseNode) -> list[tuple[str, int, str]]:
    """(id, position, text) of the stored sentences of one retrieved chunk, each cut from the chunk's text where
    its metadata says it ends (a header's are its lines). None for a chunk of an index built before its metadata
    said so: its sentences are embedded as they are read."""
    meta = node.metadata or {}
    if "sentence_ends" not in meta:
        return []
    text, first, start = node.get_content(), int(str(meta["first_sentence"])), 0
    found = []
    for i, end in enumerate(int(e) for e in str(meta["sentence_ends"]).split(",")):
        found.append((f"{meta['paragraph_id']}#{first + i}", first + i, text[start:end].strip()))
        start = end
    return found


def stored_sentence_ids(hits: Sequence[NodeWithScore]) -> list[str]:
    """The ids of the stored sentences of the retrieved chunks (what `sentence_candidates` looks up)."""
    prose = [hit.node for hit in hits if (hit.node.metadata or {}).get("number") != 0]
    return [sid for node in prose for sid, _, _ in stored_sentences(node)]


def sentence_candidates(
    hits: Sequence[NodeWithScore],
    lookup: SentenceLookup,
    paragraph: Callable[[str], Paragraph | None],
    embed: Callable[[list[str]], np.ndarray],
) -> list[Candidate]:
    """Every sentence of the retrieved chunks, in retrieval order, with the chunk's retrieval evidence."""
    wanted: list[tuple[int, NodeWithScore, str, int, str, bool]] = []  # ..., text, stored
    for rank, hit in enumerate(hits):
        if (hit.node.metadata or {}).get("number") == 0:
            continue  # header lines are read as facts, never stitched into prose
        if stored := stored_sentences(hit.node):
            wanted += [(rank, hit, sid, position, text, True) for sid, position, text in stored]
        else:
            for i, text in enumerate(split_sentences(hit.node.get_content())):
                wanted.append((rank, hit, f"{hit.node.node_id}#{i}", i, text, False))
    found = lookup([sid for _, _, sid, _, _, stored in wanted if stored])
    missing = [text for *_, text, stored in wanted if not stored]
    vectors = iter(embed(missing)) if missing else iter(())
    candidates = []
    for rank, hit, sid, position, text, stored in wanted:
        if stored:
            if sid not in found:
                continue
            vector = found[sid]
        else:
            vector = next(vectors)
        if is_dateline(text):
            # It says no proposition ("Who led the US side?" is not answered by "Bucharest, 12 June 2019"); the
            # dateline is read as the statement's date, a fact (rag/meeting.py).
            continue
        meta = hit.node.metadata or {}
        pid = meta.get("paragraph_id", hit.node.node_id)
        where = paragraph(pid) or Paragraph(
            pid,
            meta.get("document", ""),
            meta.get("section", ""),
            hit.node.get_content(),
            int(meta.get("number", 0)),
            meta.get("parent", ""),
        )
        dense = getattr(hit, "dense", None)
        bm25 = getattr(hit, "bm25", None)
        candidates.append(
            Candidate(
                text=text,
                quote=text,
                paragraph=where,
                vector=np.asarray(vector, dtype=np.float32),
                kind="sentence",
                position=position,
                hit_rank=rank,
                dense=float(dense) if dense is not None else 0.0,
                bm25=float(bm25) if bm25 is not None else 0.0,
            )
        )
    return candidates
