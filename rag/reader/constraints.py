"""The constraint check: does a candidate sentence, read with its paragraph, section and document, satisfy what
the question pins down? A sentence may satisfy a constraint itself (best), through its paragraph or section
("the US delegation" two sentences earlier), or, for a generic name such as "Council", through its document.

A party the question names must be the party the sentence speaks of: "What did the EU say about voluntary
industry efforts?" is not answered by "The US ... restated its conviction that voluntary efforts ...", even
though the paragraph mentions the EU elsewhere. Phrases such as "both sides" speak for every party of the
meeting. And a party asked to have said something must be the one saying it: "What did the Canadians say about
PNR?" is not answered by "On PNR, the EU delegation provided an update on ... the contacts with Canadian
authorities", where Canada is only spoken of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.reader.gazetteer import BOTH_SIDES, parties_in
from rag.reader.question import Constraint, Question
from rag.text import folded, split_sentences

# The end of a sentence's subject: its first verb (a past tense, a common irregular one, an auxiliary) or "also".
_VERB = re.compile(
    r"\b(?:[a-z]+ed|said|gave|took|made|held|set|put|told|drew|spoke|sought|brought|led|met|"
    r"is|are|was|were|has|have|had|will|would|can|could|should|must|may|also)\b"
)


# A sentence whose subject is a thing, no one who spoke: "One issue that deserved particular attention was ...".
_NO_ONE = re.compile(
    r"\s*(?:One|An?|The|Another|This|That)\s+(?:\w+\s+){0,2}?(?:issue|topic|matter|point|question|concern)\b", re.I
)
_MEETING_SUBJECT = re.compile(r"\s*(?:The|This)\s+(?:meeting|ministerial)\b(?!\s+(?:of|between)\b)")


# A clause opening a sentence before its subject: "While understanding the arguments put forward by the EU
# delegation, the US side was only able to commit ..." is the US's.
_OPENING_CLAUSE = re.compile(
    r"^\s*(?:While|Whilst|Although|Though|Given|Following|Despite|Recalling|Underlining|Noting|Welcoming|Recognising"
    r"|Recognizing|Acknowledging|Stressing|Since|After|Before|Whereas)\b[^,;]{3,200},\s+(?=[A-Za-z])"
)


def speaking(sentence: str, meeting: frozenset[str]) -> frozenset[str]:
    """The parties a sentence's subject names, the ones saying or doing what it reports ("On PNR, the EU
    delegation provided ..." -> EU); every side for "both sides" and the like; none when no verb is found."""
    subject = subject_of(sentence)
    if not subject:
        return frozenset()
    parties, _ = _parties(subject, meeting)
    return frozenset(parties)


def subject_of(sentence: str) -> str:
    """The words before a sentence's first verb, an opening clause left out: who says or does what it reports
    ("The US delegation" of "The US delegation underlined ..."); "" when no verb is found."""
    sentence = _OPENING_CLAUSE.sub("", sentence, count=1)
    verb = _VERB.search(sentence)
    return sentence[: verb.start()] if verb else ""


@dataclass(frozen=True)
class Evidence:
    """The text around one candidate sentence, at each level a constraint may be satisfied."""

    sentence: str
    paragraph: str  # the whole paragraph and its section heading
    document: str  # the document's title, subject and header lines
    meeting_parties: frozenset[str]  # the sides of the meeting ("EU", "US"), for "both sides"


@dataclass(frozen=True)
class ConstraintCheck:
    in_sentence: float  # share of the question's constraints the sentence satisfies by itself (1.0: none pinned)
    in_context: float  # share satisfied by the sentence, its paragraph or (generic names) its document
    unmet: tuple[Constraint, ...]  # constraints nothing around the sentence satisfies
    conflict: bool  # the sentence speaks of another party than the one asked about

    @property
    def satisfied(self) -> bool:
        return not self.unmet and not self.conflict


def _parties(text: str, meeting: frozenset[str]) -> tuple[set[str], bool]:
    named = parties_in(text)
    both = bool(BOTH_SIDES.search(text))
    return (named | meeting if both else named), both


def _names(text: str, constraint: Constraint) -> bool:
    if constraint.kind == "party":
        return constraint.party in parties_in(text)
    return constraint.named_in(folded(text))


def _said_by_others(question: Question, evidence: Evidence) -> bool:
    """A name the question asks the speaker about is in the paragraph only where another party is the subject:
    "What did the EU say about cocaine production in Colombia?" is not answered by "The discussions focused on
    ... drug production" because "The US delegation underlined ... Colombia" is in the same paragraph."""
    for constraint in question.constraints:
        if constraint.generic or constraint.party in question.speakers | evidence.meeting_parties:
            continue  # (a side of the meeting is also the one spoken to: "What did the EU tell the US ...?")
        if _names(evidence.sentence, constraint):
            continue
        carriers = [s for s in split_sentences(evidence.paragraph) if _names(s, constraint)]
        subjects = [speaking(s, evidence.meeting_parties) for s in carriers]
        if carriers and all(who and not (question.speakers & who) for who in subjects):
            return True
    return False


# What a party did, reported by another: "welcomed China's decision to control all fentanyl-related substances".
_OWN_DEED = re.compile(
    r"(?P<party>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+(?:(?:recent|new|latest)\s+)?(?P<deed>decision|proposal"
    r"|commitment|initiative|announcement|offer|request|plan|intention)s?\b"
)


# A party to an agreement, named as the other side of it: "its agreement with the United Kingdom under the CLOUD
# Act, signed on 3 October 2019".
_PARTY_TO = re.compile(
    r"\b(?:agreements?|arrangements?|treat(?:y|ies)|accords?|memorand(?:um|a))\s+(?:[\w-]+\s+){0,4}?with\s+"
    r"(?:the\s+)?(?P<party>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
)
# Deeds both parties to an agreement do.
_DONE_BY_BOTH = ("sign", "conclud", "negotiat", "ratif", "finali")


def _deed_reported(question: Question, sentence: str) -> bool:
    """Whether the sentence reports the deed asked of a speaker, said by another: "What did China decide?" is
    answered by the US delegation's "welcomed China's decision to ..." (it had been "another party"); "What did
    China say?" is not (China said nothing there). And what both parties to an agreement do, the other party did:
    "Did the UK sign a CLOUD Act agreement?" is answered by the US's "its agreement with the United Kingdom ...,
    signed on 3 October 2019"."""
    asked = {word[:4] for word in re.findall(r"[a-z]{4,}", question.text.lower())}
    if question.event.startswith(_DONE_BY_BOTH) and any(
        parties_in(found["party"]) & question.speakers for found in _PARTY_TO.finditer(sentence)
    ):
        return True
    return any(
        parties_in(found["party"]) & question.speakers and found["deed"][:4] in asked
        for found in _OWN_DEED.finditer(sentence)
    )


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _the_documents_year(constraint: Constraint, paragraph: str, document: str) -> bool:
    """A year asked about is the document's own when the paragraph writes none: "What legislation did the US
    adopt in March 2018?" is answered by "the CLOUD Act was already adopted in March" in proceedings of May 2018
    (it had been "the closest passages do not mention 2018"). A paragraph that writes a year says which it means."""
    return bool(
        constraint.kind == "figure"
        and _YEAR.fullmatch(constraint.text)
        and not _YEAR.search(paragraph)
        and constraint.named_in(document)
    )


# Where a sentence goes on with what another side did: "The US delegation reiterated its call ..., while the EU
# delegation recalled ... and presented the support offered to Iraq"; the joint statement's "The European Union
# provided an update ...; the European Union and the United States took stock ...".
CLAUSES = re.compile(r";\s*|,\s+(?:while|whilst|whereas)\s+", re.I)


def _later_subjects(evidence: Evidence) -> frozenset[str]:
    """The sides that are the subject of a clause after the sentence's first."""
    clauses = CLAUSES.split(evidence.sentence)[1:]
    return frozenset(side for clause in clauses for side in speaking(clause, evidence.meeting_parties))


def _pinned_in_anothers_clause(question: Question, evidence: Evidence) -> bool:
    """Whether what the question pins beside the side asked is named only in clauses whose subject is another side:
    "What did the US offer Iraq?" is not answered by "The US delegation reiterated its call ..., while the EU
    delegation ... presented the support offered to Iraq"."""
    # (a side of the meeting may be whom the deed is asked of: "What did the US ask the EU to do?")
    sides = evidence.meeting_parties
    clauses = CLAUSES.split(evidence.sentence)
    pinned = [c for c in question.constraints if not (c.kind == "party" and c.party in question.speakers | sides)]
    if len(clauses) < 2 or not pinned:
        return False
    naming = [
        clause
        for clause in clauses
        if any(
            c.party in _parties(clause, sides)[0] if c.kind == "party" else c.named_in(folded(clause)) for c in pinned
        )
    ]
    return bool(naming) and all((said := speaking(clause, sides)) and not said & question.speakers for clause in naming)


def check(question: Question, evidence: Evidence) -> ConstraintCheck:
    if not question.constraints:
        return ConstraintCheck(1.0, 1.0, (), False)
    sentence_parties, sentence_both = _parties(evidence.sentence, evidence.meeting_parties)
    paragraph_parties, _ = _parties(evidence.paragraph, evidence.meeting_parties)
    sentence, paragraph, document = (folded(evidence.sentence), folded(evidence.paragraph), folded(evidence.document))
    in_sentence = in_context = 0
    unmet = []
    conflict = False
    named = parties_in(evidence.sentence)
    pinned_parties = question.parties
    for constraint in question.constraints:
        if constraint.kind == "party":
            here = constraint.party in sentence_parties
            around = here or constraint.party in paragraph_parties
        else:
            here = constraint.named_in(sentence)
            around = here or constraint.named_in(paragraph) or (constraint.generic and constraint.named_in(document))
            around = around or _the_documents_year(constraint, paragraph, document)
        in_sentence += here
        in_context += around
        if not around:
            unmet.append(constraint)
    # The sentence speaks of other parties only, none of those asked about: "What did the EU say ...?" is not
    # answered by what the US said. (With two parties pinned, "the EU asked the US ...", one is enough.)
    if pinned_parties and named and not sentence_both and not (pinned_parties & sentence_parties):
        conflict = True
    # The asked speaker is only spoken of: someone else is the sentence's subject.
    subject = speaking(evidence.sentence, evidence.meeting_parties) if question.speakers else frozenset()
    reported = bool(subject) and _deed_reported(question, evidence.sentence)
    if subject and not (question.speakers & (subject | _later_subjects(evidence))) and not reported:
        conflict = True
    # ... or one of several asked speakers is neither the subject nor a side of this meeting: "What did the EU and
    # Canada agree on PNR?" is not answered by an EU-US meeting's "Both sides agreed ...".
    if subject and (question.speakers - subject) - evidence.meeting_parties and not reported:
        conflict = True
    # ... or the meeting itself is ("The meeting was an opportunity for reviewing progress by the five EU Member
    # States ..." is no answer to what the EU said about the Visa Waiver Programme).
    if question.speakers and _MEETING_SUBJECT.match(evidence.sentence):
        conflict = True
    if question.speakers and not conflict and _said_by_others(question, evidence):
        conflict = True
    if question.speakers and not conflict and _pinned_in_anothers_clause(question, evidence):
        conflict = True
    # ... or the sentence's subject is a thing, no one saying it: "Did the US raise election interference?" (or "What
    # did the US say about it?") is not answered by "One issue that deserved particular attention was ...".
    if question.speakers and not subject and _NO_ONE.match(evidence.sentence):
        conflict = True
    total = len(question.constraints)
    return ConstraintCheck(in_sentence / total, in_context / total, tuple(unmet), conflict)
