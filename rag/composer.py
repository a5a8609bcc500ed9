"""The composer: a reader's decision in, the answer contract's text, citations and related passages out.

Every asserted statement carries a marker [n] that resolves to citations[n-1]; related passages (with a
"not stated" outcome) are listed apart and never marked, because nothing is asserted from them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.contract import Citation, Meeting
from rag.reader.candidates import Candidate, Paragraph
from rag.reader.eligibility import in_statement
from rag.reader.extractive import Reading
from rag.text import split_sentences, with_markers

ABSTENTION = "The proceedings do not cover this."
NOT_STATED = "The proceedings do not say: {why}."
RELATED_BELOW = " The closest passages are listed below; they do not answer it."


def citation(
    paragraph: Paragraph, n: int, label: str, quote: str, score: float, meeting: Meeting | None = None
) -> Citation:
    return Citation(
        n=n,
        id=paragraph.id,
        label=label,
        document=paragraph.document,
        section=paragraph.section,
        text=paragraph.text,
        quote=quote,
        score=round(score, 4),
        meeting=meeting,
    )


def meeting_heading(meeting: Meeting | None) -> str | None:
    """How an answer names the meeting a part of it is from: "At Sofia, 22-23 May 2018"; a place that is no
    name reads "At the video conference, 28 May 2020"."""
    if meeting is None:
        return None
    return f"At {meeting.label}" if meeting.label[:1].isupper() else f"At the {meeting.label}"


class Composer:
    def __init__(
        self, label_of: Callable[[Paragraph], str], meeting_of: Callable[[str], Meeting | None] = lambda _: None
    ) -> None:
        self._label = label_of
        self._meeting = meeting_of

    def answer(self, reading: Reading, first: int = 1) -> tuple[str, list[Citation]]:
        """(answer text, citations) of an answer outcome; markers are numbered from `first`."""
        if reading.summary is not None:
            paragraph = reading.summary
            text = " ".join(with_markers(s, [first]) for s in split_sentences(paragraph.text))
            probability = reading.chosen[0].probability
            return text, [self._citation(paragraph, first, paragraph.text, probability)]
        citations: dict[str, Citation] = {}
        parts = []
        said_part: bool | None = None
        for candidate in reading.chosen:
            if reading.by_part and (part := in_statement(candidate)) != said_part:
                # Each part said apart and named, as meetings are: "In the joint statement: ... [2]".
                said_part = part
                parts.append("In the joint statement:" if part else "In the outcome of proceedings:")
            pid = candidate.paragraph.id
            if pid not in citations:
                citations[pid] = self._cite(candidate, first + len(citations))
            else:
                cited = citations[pid]
                if candidate.quote not in cited.quote:
                    # Adjacent sentences quote as one passage; others as separate lines of the same paragraph.
                    joined = f"{cited.quote} {candidate.quote}"
                    cited.quote = joined if joined in cited.text else f"{cited.quote}\n{candidate.quote}"
                cited.score = round(max(cited.score, candidate.probability), 4)
            parts.append(with_markers(candidate.text, [citations[pid].n]))
        return " ".join(parts), list(citations.values())

    def per_meeting(self, readings: Sequence[tuple[Meeting | None, str, Reading]]) -> tuple[str, list[Citation]]:
        """Answers from several meetings, each said apart and named, in the order given (date order): "At Sofia,
        22-23 May 2018: ... [1] At Washington, D.C., 6-7 December 2018: ... [2]"."""
        parts, citations = [], []
        for meeting, document, reading in readings:
            text, cited = self.answer(reading, first=len(citations) + 1)
            where = meeting_heading(meeting)
            parts.append(f"{where}: {text}" if where else f"In {document}: {text}")
            citations += cited
        return "\n\n".join(parts), citations

    def related(self, reading: Reading) -> list[Citation]:
        return [self._cite(candidate, i + 1) for i, candidate in enumerate(reading.related)]

    def not_answered_text(self, reading: Reading) -> str:
        if reading.outcome == "out_of_scope":
            return ABSTENTION
        # Passages are only announced when there are some to list.
        return NOT_STATED.format(why=reading.reason) + (RELATED_BELOW if reading.related else "")

    def _cite(self, candidate: Candidate, n: int) -> Citation:
        return self._citation(candidate.paragraph, n, candidate.quote, candidate.probability)

    def _citation(self, paragraph: Paragraph, n: int, quote: str, score: float) -> Citation:
        return citation(paragraph, n, self._label(paragraph), quote, score, self._meeting(paragraph.document))
