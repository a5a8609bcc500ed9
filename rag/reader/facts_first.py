"""Which meeting or document fact answers a question (rag/meeting.py reads them from the header and the joint
statement): the field a question asks for, a fact of the kind asked that leads the candidates, the other sides'
records of who came, and where a meeting's place or dates are witnessed. Structured data, asserted past the prose
gate when it is what was asked (rag/reader/extractive.py decides)."""

from __future__ import annotations

import re

from rag.reader.answer_types import TYPED
from rag.reader.candidates import Candidate, fits
from rag.reader.constraints import ConstraintCheck
from rag.reader.eligibility import (
    DELEGATION_FACTS,
    OWN_MEETING,
    SLOT_FLOOR,
    asks_whether_came,
    asks_who_wrote_the_paper,
)
from rag.reader.features import read_from
from rag.reader.gazetteer import countries_written, party_of
from rag.reader.question import Question
from rag.reader.question_wording import asks_whether
from rag.reader.requests import (
    asks_at_which_meeting_someone_came,
    asks_only_who_came,
    asks_who_came,
    asks_who_came_for_a_side,
)
from rag.text import terms

# A question about a time or a place without asking when or where: "Was it held in Brussels?", "before or after ...?"
_TIME_OR_PLACE = re.compile(
    r"\b(?:in|at|from)\s+(?:the\s+)?[A-Z][a-z]|\b(?:before|after|earlier|later|since|until|prior)\b|\b(?:19|20)\d\d\b"
)
# A question asking what something was ("What were the main takeaways?"): the thing named is what it asks for.
_WHAT_IT_WAS = re.compile(r"\W*(?:(?:and|so)\s+)?what\s+(?:was|were|is|are)\b", re.I)
# "Was there any disagreement ...?", "Were there any tensions ...?": whether such a thing was, and what it is.
_THERE_WAS = re.compile(r"\b(?:is|was|were|are)\s+there\s+(?:any|a|an|some)\s+(?P<what>[\w-]+(?:\s+[\w-]+)?)", re.I)
# A pronoun for a thing the conversation named ("Who is in it?", "Who leads this?").
_A_THING = re.compile(r"\b(?:it|its|this|that)\b", re.I)
# A fact of the kind asked for is asserted past the gate only if the ranker finds it at least this likely: the
# meeting's country is of the kind "Which US states' electoral systems ...?" asks for, and wholly beside it.
# (0.05 to 0.2 answer train and dev alike; 0.35 refuses a meeting fact rightly answered on dev.)
TYPED_FACT_FLOOR = 0.1
# A question this close to a fact field's description, and this much closer than to any other field's, asks for
# that field (chosen on the train and dev splits).
FIELD_MATCH = 0.6
FIELD_MARGIN = 0.05


def field_asked(question: Question, candidates: list[Candidate], eligible: list[Candidate]) -> Candidate | None:
    """The eligible fact whose field the question asks for: the question is close to that field's description
    (FIELD_MATCH) and clearly closer to it than to any other field's (FIELD_MARGIN). A field that is only a date or a
    place (a dateline, the meeting's dates) is asked for by a question about a time or a place: "Did the joint
    statement mention that topic too?" is close to the statement's dateline field and asks nothing of it, where
    "Was the meeting held in Brussels?" and "... before or after the ministers met?" do."""
    if "overview" in question.answer_types and _WHAT_IT_WAS.match(question.text):
        # "What was the meeting's main conclusion about cooperation?" asks for the overview itself, no field of the
        # header (it had been "who represented the side", the field nearest it); "Which service prepared this
        # summary?" asks a field of it.
        return None
    timed = bool(question.answer_types & {"date", "place", "country"}) or bool(_TIME_OR_PLACE.search(question.text))
    best_by_field: dict[str, float] = {}
    for c in candidates:
        if c.field_vector is not None and (timed or not set(c.fact_type.split()) <= {"date", "place"}):
            best_by_field[c.fact_field] = max(best_by_field.get(c.fact_field, -1.0), c.field_cosine)
    if not best_by_field:
        return None
    ordered = sorted(best_by_field.items(), key=lambda item: item[1], reverse=True)
    field, cosine = ordered[0]
    runner_up = ordered[1][1] if len(ordered) > 1 else -1.0
    if cosine < FIELD_MATCH or cosine - runner_up < FIELD_MARGIN:
        return None
    asked = next((c for c in eligible if c.fact_field == field), None)  # eligible is best first
    if asked is not None and field in DELEGATION_FACTS and not _asks_who_came(question):
        # "Was the tone of the meeting positive?" reads close to "Who represented the side at the meeting?" (any
        # question on "the meeting" does) and asks no one: the record of who came had been asserted.
        return None
    if asked is not None and question.one_meeting and asked.fact_type == "paper":
        # "Which meeting is this document about?" asks a meeting, not what was issued at its end (the field nearest
        # a question on "the document" and "the meeting" at once)
        return None
    if asked is not None and asked.slot_cover < SLOT_FLOOR:
        return None  # "Which agencies were mentioned in the proceedings?" is near the name field, asks no name
    if asked is not None and question.event and question.event not in terms(asked.text):
        return None  # "Did the sides sign an agreement?" is near who represented them, which says no one signed
    if asked is not None and (there := _THERE_WAS.search(question.text)):
        # "Was there any disagreement at the meeting?" asks whether there was one, not who was there (the field
        # nearest it): the fact must state what it asks about ("Was there a joint statement?": "... issued").
        return asked if set(terms(there["what"])) & set(terms(asked.text)) else None
    return asked


# Words of a question about who came or spoke for a side.
_WHO_CAME_WORDS = re.compile(
    r"\b(?:who|whom|whose|delegations?|represent\w*|attend\w*|came|come|participa\w*|ministers?|commissioners?"
    r"|members?|composition|sent|send|led|lead|head\w*|officials?|people|names?)\b",
    re.I,
)


def _asks_who_came(question: Question) -> bool:
    return bool(
        question.answer_types & {"person", "country", "count", "title"}
        or question.did
        or asks_whether_came(question)
        or _WHO_CAME_WORDS.search(question.text)
    )


def where_it_happened(
    question: Question, best: Candidate, candidates: list[Candidate], checks: list[ConstraintCheck]
) -> Candidate | None:
    """A meeting's place or dates asserted for what its passages say happened there ("Where was the ministerial at
    which Whitaker led the US delegation?") are cited with the statement that says it, so both can be checked."""
    if best.fact_field not in OWN_MEETING or not question.about_meeting or not question.constraints:
        return None
    witnesses = [
        c
        for c, ok in zip(candidates, checks, strict=True)
        if c.paragraph.document == best.paragraph.document
        and c.paragraph.id != best.paragraph.id
        and ok.in_sentence == 1.0
        and not ok.conflict
    ]
    return max(witnesses, key=lambda c: c.probability, default=None)


def typed_fact_first(question: Question, ranked: list[Candidate]) -> Candidate | None:
    """The fact of the kind asked for that leads the eligible candidates (best first): ranked first, or the most
    likely such fact naming what the first-ranked sentence names ("Where did it take place?": the sentence "... was
    hosted by the Bulgarian Presidency ... in Sofia" confirms the fact "The meeting took place in Sofia")."""
    best = ranked[0]
    if best.fact_field in DELEGATION_FACTS and question.topic and _A_THING.search(question.text):
        # "Who is in it?" after the joint working group on soft targets: who is in the group the conversation is on,
        # which no meeting's record of who came says (its delegations had been the answer).
        return None
    if best.fact_field == "next_meeting" and question.about_next and asks_whether(question.text):
        # "Is another meeting planned?": the proceedings' own record of the next meeting says whether, and when.
        return best
    if best.fact_field == "issuer" and asks_who_wrote_the_paper(question):
        # "Who is the author of the outcome of proceedings?": only the header's issuer can say it (no sentence may).
        return best
    if best.fact_field in DELEGATION_FACTS and asks_at_which_meeting_someone_came(question):
        # "Which meeting did Kirstjen Nielsen attend?": the record naming her says who came to which meeting (each
        # meeting is read apart, and the answer names its meeting).
        return best
    if asks_only_who_came(question) or asks_who_came_for_a_side(question):
        # "Who attended the Helsinki ministerial?": the record of each side's delegation, though a sentence on who
        # attended ("the first to be attended by the members of the new Commission") outranks it; "Who came from
        # Washington?": the record of that side's (the eligible facts are that side's).
        return next((c for c in ranked if c.fact_field in DELEGATION_FACTS), None)
    person = "person" in question.answer_types  # (a place may be a side's name: "in Washington")
    if person and best.fact_field in DELEGATION_FACTS and (stating := _record_stating_more(question, best, ranked)):
        # "Which of them is responsible for migration?" after the EU's record: the record of the same side that
        # gives the office asked for ("the Commissioner for Migration, ... Dimitris Avramopoulos").
        return stating
    # (The sides who met confirm no person or country: nearly every sentence names the EU or the US. "Which side
    # pushed for visa reciprocity?" was answered with the EU's delegation, confirmed by a sentence naming the EU.)
    by_name = "country" not in question.answer_types
    for candidate in ranked:
        sides = best.evidence.meeting_parties if person and best.evidence else frozenset()
        shared = [n for n in candidate.named & best.named if _party(n) not in sides]
        # (or, for "who", whose verb a person fact must record, the fact is read from the sentence ranked first: "Who
        # organised the ministerial?" ranked "... was hosted by the Bulgarian Presidency ..." above the host fact)
        agrees = candidate is best or (by_name and bool(shared)) or (person and read_from(candidate, best))
        if typed_fact(question, candidate) and candidate.probability >= TYPED_FACT_FLOOR and agrees:
            return candidate
        if best.kind == "fact":
            return None
    return None


def _record_stating_more(question: Question, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """Another record of the same side's delegation that states more of the question's words than the best one
    (two records, one giving each member's office), when likely enough; None otherwise."""
    asked = set(terms(question.text))
    said = len(asked & set(terms(best.text)))
    return next(
        (
            c
            for c in ranked[1:]
            if c.fact_field in DELEGATION_FACTS
            and c.fact_party == best.fact_party
            and c.probability >= TYPED_FACT_FLOOR
            and len(asked & set(terms(c.text))) > said
        ),
        None,
    )


def other_sides(question: Question, best: Candidate, ranked: list[Candidate]) -> list[Candidate]:
    """A delegation fact says who came for one side; a "who" question that names no side ("Who attended?", "Who
    led the two delegations?") asks for each, so each other side's delegation of the same document is given too
    (said in the same paragraph as the best when it is, else the most likely)."""
    if best.fact_field not in DELEGATION_FACTS or not asks_who_came(question):
        return []
    given, others = {best.fact_party}, []
    for candidate in sorted(ranked, key=lambda c: (c.paragraph.id != best.paragraph.id, -c.probability)):
        same_document = candidate.paragraph.document == best.paragraph.document
        if candidate.fact_field in DELEGATION_FACTS and same_document and candidate.fact_party not in given | {""}:
            others.append(candidate)
            given.add(candidate.fact_party)
    return others


def names_what_happened_where(
    question: Question, best: Candidate, candidates: list[Candidate], checks: list[ConstraintCheck]
) -> bool:
    """A question asking at which meeting something named happened ("At which meeting was Croatia's entry into
    the Visa Waiver Program welcomed?", "Which meeting brought up the Cambridge Analytica affair?") asks where,
    not what: a sentence naming all it names, itself, says where it happened (its meeting), as a statement of a
    requested topic does. (A matter named only by common words, "the e-evidence agreement", is not enough.)"""
    named = any(c.kind == "name" and not c.generic for c in question.constraints)
    if not (question.one_meeting and named and best.kind == "sentence"):
        return False
    return next((ok.in_sentence for c, ok in zip(candidates, checks, strict=True) if c is best), 0.0) == 1.0


def _party(name: str) -> str | None:
    """The party a name a candidate gives names (lower-cased: "eu", "united states"), or None."""
    return party_of(name.upper()) or party_of(name.title())


def typed_fact(question: Question, candidate: Candidate) -> bool:
    """A fact of exactly the kind asked for: "when" -> a date fact, "summarise the meeting" -> the Summary."""
    asked = [t for t in (*TYPED, "overview") if t in question.answer_types]
    return candidate.kind == "fact" and bool(asked) and all(fits(t, candidate, question) for t in asked)


def writing_the_country(question: Question, ranked: list[Candidate]) -> Candidate | None:
    """For a country asked ("In which country did they meet?"), a fact of the same field that writes the country,
    where the one ranked first names only a city ("... took place in Sofia", the header's; "... in Sofia, Bulgaria",
    the statement's). None otherwise."""
    if "country" not in question.answer_types or not ranked or ranked[0].kind != "fact":
        return None
    best = ranked[0]
    sides = best.evidence.meeting_parties if best.evidence else frozenset()  # (the "US" of "the EU-US Ministerial")

    def writes(candidate: Candidate) -> bool:
        return bool(countries_written(candidate.text) - sides)

    if writes(best):
        return None
    return next((c for c in ranked[1:] if c.kind == "fact" and c.fact_field == best.fact_field and writes(c)), None)
