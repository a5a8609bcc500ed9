"""Questions read as several, or from the documents' structure: two questions asked as one ("Who headed the US
delegation and who represented the EU?"), a comparison of the sides ("How did the EU and US positions on visa
reciprocity differ?", one question per side: rag/sides.py), a meeting's agenda (its numbered sections:
rag/agenda.py) and how many meetings were held (each from its header). `ReadingApart` is the engine's part that
reads them (a mixin: it uses the engine's `_prepare`, `_hits`, `_read`, `_read_as_asked`, facts, composer and
records)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from llama_index.core.schema import NodeWithScore

from rag.agenda import agenda_items, asks_for_the_agenda, asks_how_many_items
from rag.contract import Turn
from rag.conversation import ResolvedQuestion
from rag.meeting import AT_THE_NEXT
from rag.outcomes import (
    agreed,
    asks_what_the_statement_says,
    asks_what_was_agreed,
    asks_where_they_differed,
    differed,
    requested_by,
    side_asked_for_whole,
    statement_topics,
)
from rag.question_form import compound_parts
from rag.reader import Candidate, Reading
from rag.reader.constraints import speaking
from rag.reader.eligibility import DELEGATION_FACTS
from rag.reader.gazetteer import CITIES, parties_in, side_mentions
from rag.reader.requests import meetings_someone_came_to, side_that_came
from rag.scope import Scope, asks_for_the_meetings_held, sides_of_the_meetings_counted
from rag.sides import side_name, side_questions
from rag.text import folded, words

# What a follow-up is once the words naming its meeting are gone: "And at Helsinki?" -> "And?".
_NOTHING_BUT_AND = re.compile(r"\W*(?:and|so|also|then)?\W*", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class ReadingApart:
    """Reading a question in parts, and giving the parts' answers together."""

    def _read_apart(
        self,
        resolved: ResolvedQuestion,
        meetings: Scope,
        history: Sequence[Any] | None,
        top_k: int | None,
        documents: list[str] | None,
        readings: list[tuple[str, Reading]],
    ) -> tuple[list[NodeWithScore] | None, list[tuple[str, Reading]]] | None:
        """The questions no one passage answers, read apart: two questions asked as one, the sides compared, how
        many meetings were held, at which meetings someone came, the agenda. (hits, readings), the hits None where
        the question's own stand; None for any other question, or one naming a meeting not indexed or only announced
        (the reading as asked says so)."""
        if (meetings.missing and not meetings.scoped) or meetings.announced or resolved.announced:
            return None  # (or only announced: "What was agreed at the Washington ministerial?" of Sofia's proceedings)
        question = resolved.standalone
        in_scope = self._held_in_a_year_written(question, documents or list(meetings.documents) or list(self.records))
        if parts := compound_parts(question):
            return self._read_each_part(parts, history, top_k, documents, readings[0][1].outcome == "answer")
        if (sides := side_questions(question, lambda: self._sides(meetings.documents or documents))) and (
            by_side := self._read_each_side(sides, history, top_k, documents or list(meetings.documents) or None)
        ):
            return by_side
        if asks_for_the_meetings_held(question) and (
            held := self._meetings_held(in_scope, sides_of_the_meetings_counted(question))
        ):
            # (of one meeting too: "How many EU-US ministerials are in the corpus?" had been its EU delegation)
            return None, held
        if (
            self.several_meetings
            and (names := meetings_someone_came_to(self._question(resolved)))
            and (attended := self._meetings_attended(names, in_scope))
        ):
            return None, attended
        if (
            self.several_meetings
            and (side := side_that_came(self._question(resolved)))
            and (attended := self._meetings_attended((side,), in_scope, side=side))
        ):
            return None, attended
        if asks_for_the_agenda(question) and (agenda := self._agenda(in_scope, asks_how_many_items(question))):
            return None, agenda
        # (a follow-up goes on with its topic: "What did they agree on?" after PNR; one putting another meeting in the
        # last question's frame asks the same whole: "And at Helsinki?" after "What did the US ask for at Bucharest?")
        whole = not resolved.followup or (resolved.framed and not (resolved.context or resolved.pinned))
        # (nor at a next meeting no indexed one is: "What was agreed at the next meeting?" had listed this one's)
        whole = whole and not (AT_THE_NEXT.search(question) and not meetings.scoped)
        if whole and (listed := self._outcomes(question, in_scope)):
            return None, listed
        # "And at Helsinki?" after "What was agreed at Bucharest?": the meeting's words gone, "And?" is the last
        # question again, there (it had been read on the topic "What was agreed", one sentence of Helsinki's).
        again = resolved.followup and bool(_NOTHING_BUT_AND.fullmatch(question)) and not resolved.pinned
        if again and resolved.context and (listed := self._outcomes(resolved.context, in_scope)):
            return None, listed
        return None

    def _held_in_a_year_written(self, question: str, documents: Sequence[str]) -> list[str]:
        """The documents whose meeting was held in a year the question writes, all where it writes none (or a
        meeting's dates are unknown): "What was agreed in 2019?" of Sofia 2018's proceedings had listed what Sofia
        agreed; with no meeting of that year left, the question is read as asked ("they never mention 2019")."""
        years = {int(year) for year in _YEAR.findall(question)}

        def held(document: str) -> bool:
            meeting = self.records[document].meeting
            return meeting.start is None or bool(years & {meeting.start.year, (meeting.end or meeting.start).year})

        return [d for d in documents if held(d)] if years else list(documents)

    def _read_each_part(
        self,
        parts: tuple[str, str],
        history: Sequence[Any] | None,
        top_k: int | None,
        documents: list[str] | None,
        whole_answered: bool,
    ) -> tuple[list[NodeWithScore], list[tuple[str, Reading]]] | None:
        """Two questions asked as one ("Where did the meeting take place, and who hosted it?"): each is read on its
        own (the second after the first, so "it" is what the first asked about), and when each has its answer and
        the second adds to the first, the two are given together, first part first: read as a whole, the question
        answered one part at best ("Who headed the US delegation and who represented the EU?" gave the US
        delegation only). Where the whole found no answer, only meeting or document facts answer the parts (a part
        read alone passes the gate more easily than the whole: "Who chaired that second joint review, and what
        were its findings?" would be answered with what the Commission informed). None otherwise."""
        asked: list[Any] = list(history or [])
        found: list[NodeWithScore] = []
        chosen: list[Candidate] = []
        for part in parts:
            resolved, bundle, retriever, meetings = self._prepare(part, asked, top_k, documents)
            hits = self._hits(retriever, bundle)
            readings = self._read(resolved, bundle, hits, meetings, retriever)
            (_, reading), *more = readings
            if more or reading.outcome != "answer" or reading.summary is not None:
                return None  # (an answer per meeting, or the whole Summary, is an answer of its own)
            if not whole_answered and any(c.kind != "fact" for c in reading.chosen):
                return None
            # (the same statement read from another paragraph adds nothing either: a fact of the next meeting is
            # read from the outcome and from the joint statement alike)
            new = [c for c in reading.chosen if all(c.text != o.text for o in chosen)]
            if not new:
                return None  # the second part adds nothing: the whole question's reading stands
            found += hits
            chosen += new
            said, _ = self.composer.answer(reading)
            asked += [{"role": "user", "content": part}, {"role": "assistant", "content": said}]
        return found, [("", Reading("answer", chosen, reason="each of the two questions asked as one"))]

    def _agenda(self, documents: Sequence[str], counted: bool = False) -> list[tuple[str, Reading]]:
        """Each meeting's agenda, in date order: its numbered sections, each cited to the first paragraph under it
        (none for a document without numbered sections); `counted`: how many, in the note."""
        readings = []
        for document in sorted(documents, key=self._meeting_order):
            views = [self.paragraphs[pid] for pid in self._document_order.get(document, [])]
            items = [
                Candidate(item, first, paragraph, np.zeros(0, dtype=np.float32), "fact", 0, 0, 0.0, 0.0)
                for item, view, first in agenda_items(views)
                if (paragraph := self._reader_paragraph(view.id)) is not None
            ]
            if items:
                readings.append((document, Reading("answer", items, reason="the numbered sections: its agenda")))
        if counted and readings:
            each = "; ".join(f"{self.records[d].meeting.label}: {len(r.chosen)}" for d, r in readings)
            note = (
                f"Items on the agenda: {each}."
                if len(readings) > 1
                else f"{len(readings[0][1].chosen)} items on the agenda."
            )
            readings = [(d, dataclasses.replace(r, note=note)) for d, r in readings]
        return readings

    def _outcomes(self, question: str, documents: Sequence[str]) -> list[tuple[str, Reading]]:
        """What was agreed, or where the sides differed, asked for whole: each meeting's sentences stating it, in
        date order, each cited to its paragraph; none for any other question, nor for one still naming a city no
        indexed meeting was held in ("What did the ministers agree in Zagreb?" had listed every meeting's)."""
        if any(word.lower() in CITIES for word in words(question)):
            return []
        if asks_what_was_agreed(question):
            pick, why = agreed, "every sentence stating what was agreed or decided"
        elif asks_what_the_statement_says(question):
            pick, why = statement_topics, "what each paragraph of the joint statement says the sides did"
        elif asks_where_they_differed(question):
            pick, why = differed, "every sentence stating where the sides differed"
        elif side := side_asked_for_whole(question):
            pick, why = requested_by(side), f"every sentence stating what the {side} asked for"
        else:
            return []
        readings = []
        for document in sorted(documents, key=self._meeting_order):
            views = [self.paragraphs[pid] for pid in self._document_order.get(document, [])]
            stated = [
                Candidate(sentence, sentence, paragraph, np.zeros(0, dtype=np.float32), "sentence", 0, 0, 0.0, 0.0)
                for view, sentence in pick(views)
                if (paragraph := self._reader_paragraph(view.id)) is not None
            ]
            if stated:
                readings.append((document, Reading("answer", stated, reason=why)))
        return readings

    def _meetings_attended(
        self, names: Sequence[str], documents: Sequence[str], side: str = ""
    ) -> list[tuple[str, Reading]]:
        """The meetings whose record of who came names someone ("How many meetings did Avramopoulos attend?"), or
        has a delegation of the `side` asked about ("Which meetings did Canada attend?"): each meeting's record, in
        date order; the count in the note. None when no record names them."""
        wanted = [folded(name).lower() for name in names]
        attended = []
        for document in sorted(documents, key=self._meeting_order):
            records = [c for c in self._fact_candidates(document) if c.fact_field in DELEGATION_FACTS]
            naming = [
                c
                for c in records
                if (
                    c.fact_party == side
                    if side
                    else all(re.search(rf"\b{re.escape(n)}\b", folded(c.text).lower()) for n in wanted)
                )
            ]
            if naming:
                attended.append((document, naming[0]))
        if not attended:
            return []
        who, places = " ".join(names), "; ".join(self.records[d].meeting.label for d, _ in attended)
        note = f"{who}: recorded at {len(attended)} of the {len(documents)} indexed meetings ({places})."
        why = "the meetings whose record of who came names them"
        return [(document, Reading("answer", [fact], reason=why, note=note)) for document, fact in attended]

    def _meetings_held(
        self, documents: Sequence[str], sides: frozenset[str] = frozenset()
    ) -> list[tuple[str, Reading]]:
        """How many meetings were held (of those asked about, between the `sides` named): each meeting's place and
        dates, read from its header, in date order; the count in the note (a count no passage states is no
        statement to cite)."""
        held = []
        between = [d for d in documents if d in self.records and sides <= self.records[d].meeting_parties]
        for document in sorted(between, key=self._meeting_order):
            fact = next((c for c in self._fact_candidates(document) if c.fact_field == "meeting_place_dates"), None)
            if fact is not None:
                held.append((document, fact))
        if not held:
            return []
        places = "; ".join(self.records[d].meeting.label for d, _ in held)
        note = f"{len(held)} meeting{'s' if len(held) > 1 else ''} in the indexed proceedings: {places}."
        why = "the meetings the indexed proceedings record"
        return [(document, Reading("answer", [fact], reason=why, note=note)) for document, fact in held]

    def _talked_of(self, turns: Sequence[Turn]) -> list[str]:
        """The meetings a conversation is on (its scope), or none."""
        talked_of = self._conversation_scope(turns, [record.meeting for record in self.records.values()])
        return list(talked_of.documents) if talked_of else []

    def _sides(self, documents: Sequence[str] | None) -> list[str]:
        """Every side of the meetings asked about, as their names order them ("EU-US": the EU, the US; then
        Canada, of an EU-Canada meeting): "each side" over meetings between different sides asks each of them."""
        records = [self.records[d] for d in documents or self.records if d in self.records]
        named = [party for r in records for _, party in side_mentions(r.meeting.name or "")]
        sides = {party for r in records for party in r.meeting_parties}
        return sorted(sides, key=lambda p: (named.index(p) if p in named else len(named), p))

    def _read_each_side(
        self,
        asked: list[tuple[str, str]],
        history: Sequence[Any] | None,
        top_k: int | None,
        documents: list[str] | None,
    ) -> tuple[list[NodeWithScore], list[tuple[str, Reading]]] | None:
        """A comparison of the sides ("How did the EU and US positions on visa reciprocity differ?"): each side's
        question read on its own, the answers given together, meeting by meeting, in the order the sides were
        named. A side with no answer of its own is said to have none (in the note), not left out unsaid. None when
        no side has an answer: the whole question's reading stands."""
        found: list[NodeWithScore] = []
        by_document: dict[str, list[Candidate]] = {}
        missing = []
        for side, question in asked:
            read = self._read_as_asked(question, history, top_k, documents)
            hits = read.hits
            said = [
                (document or reading.chosen[0].paragraph.document, reading)
                for document, reading in read.readings
                if reading.outcome == "answer" and reading.summary is None
            ]
            if not said:
                missing.append(side)
                continue
            found += hits
            for document, reading in said:
                chosen = by_document.setdefault(document, [])
                chosen += [c for c in reading.chosen if all(c.text != o.text for o in chosen)]
        if len(missing) == len(asked):
            return None
        # A side whose own question found nothing may still speak in another side's answer ("While understanding
        # the arguments put forward by the EU delegation, the US side was only able to commit to ...").
        given = [c for chosen in by_document.values() for c in chosen]
        silent = [side_name(side) for side in missing if not any(self._speaks_for(c, side) for c in given)]
        note = f"No passage states clearly enough what {' or '.join(silent)} said on it." if silent else ""
        why = "each side asked about apart"
        return found, [
            (document, Reading("answer", chosen, reason=why, note=note))
            for document, chosen in sorted(by_document.items(), key=lambda item: self._meeting_order(item[0]))
        ]

    def _speaks_for(self, candidate: Candidate, side: str) -> bool:
        """Whether the sentence reports what `side` said or did: its subject names it, or, where no subject is
        found, it names the side at all."""
        record = self.records.get(candidate.paragraph.document)
        subject = speaking(candidate.text, record.meeting_parties if record else frozenset())
        return side in (subject or parties_in(candidate.text))
