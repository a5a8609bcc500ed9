"""Which meetings a question in a conversation is about: those it names, else those its conversation is on
("there", "And the EU?" after an answer from Ottawa), the next one a meeting announced, or, for a follow-up asking
what became of a matter, the meetings held after the conversation's one. `ConversationMeetings` is the engine's
half that scopes a resolved question; rag/scope.py reads the meetings one question names on its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rag.composer import meeting_heading
from rag.contract import Meeting, Turn
from rag.conversation import ResolvedQuestion, last_asked, on_the_topic
from rag.meeting import MeetingFacts
from rag.reader.gazetteer import parties_in
from rag.reader.question_meeting import WHICH_MEETING, WHICH_MEETINGS, of_the_meeting_itself
from rag.records import DocumentRecord
from rag.scope import (
    NEXT_NAMED,
    Scope,
    announced_next,
    asks_what_became,
    held_after,
    names_a_neighbour,
    presidencies_named,
    scope,
    tidy,
    without_which_time,
)


def _unnamed(text: str, named: Sequence[str]) -> str:
    """`text` without the words that named a meeting in an earlier question ("Sofia" of "at Sofia", "Helsinki?")."""
    said = {word.lower() for phrase in named for word in phrase.split()}
    return " ".join(w for w in text.split() if w.strip("?.,!;:").lower() not in said)


_STILL_THEN = re.compile(r"\b(?:was|were|had)\s+(?:\w+\s+)?still\b|\bstill\s+(?:\w+\s+)?(?:was|were|had)\b", re.I)


# A follow-up whose only word borrowing from the conversation is "there" or "then" (no "it", "they", "that" ...).
_ONLY_THE_MEETING = re.compile(
    r"^(?!.*\b(?:it|its|they|them|their|that|this|these|those|he|him|his|she|her)\b).*\b(?:there|then)\b", re.I
)

# ... or whose pronoun is those meetings, asked where or when they were: "Where were they held?" after "Which
# meetings discussed PNR?" (PNR, borrowed, had been pinned: no record of a meeting's place names it).
_THE_MEETINGS_THEMSELVES = re.compile(
    r"^\W*(?:and\s+)?(?:where|when)\s+(?:were|was|did)\s+(?P<pronoun>they|it|these|those)\s+"
    r"(?=held\b|hosted\b|take\s+place\b|meet\b)",
    re.I,
)


# A follow-up asking when those who met meet again: the meeting after the one the conversation is on.
_MEET_AGAIN = re.compile(r"\bmeet(?:ing)?\s+(?:again|next)\b|\bnext\s+(?:meeting|ministerial|one)\b", re.I)


class ConversationMeetings:
    """Meeting scoping for the engine (a mixin: the engine sets the attributes declared here when it loads)."""

    records: dict[str, DocumentRecord]
    meetings: dict[str, Meeting | None]

    def _scoped(self, resolved: ResolvedQuestion, turns: Sequence[Turn]) -> tuple[ResolvedQuestion, Scope]:
        """The meetings the question names (or, for a follow-up naming none, the meetings the conversation is
        about), and the question without the words naming them."""
        meetings = [record.meeting for record in self.records.values()]
        found = scope(resolved.standalone, meetings)
        if found.announced:
            resolved = dataclasses.replace(resolved, announced=True)
        # "How many member states were still outside?" after Washington's visa waiver: still then, at the meeting
        # the conversation is on (said in the present, "still" asks for the newest state: scope's recent).
        then = found.recent and bool(_STILL_THEN.search(resolved.standalone))
        # ("And the Croatian one?" after what the German Presidency will focus on: a Presidency the person names
        # speaks at its own meetings, not at the one the last answer came from)
        presidency_said = resolved.framed and any(
            adjective.lower() in resolved.question.lower() for adjective in presidencies_named(resolved.standalone)
        )
        borrows = (resolved.followup or then or self._at_the_last_meeting(resolved, found, turns)) and not (
            found.scoped or found.missing or presidency_said
        )
        if borrows and (earlier := self._conversation_scope(turns, meetings)) is not None:
            tail = resolved.query[len(resolved.standalone) :]  # what the query borrowed
            next_said = NEXT_NAMED.search(resolved.standalone)
            current = self.records[earlier.documents[0]].meeting if len(earlier.documents) == 1 else None
            if next_said and current and (after := announced_next(current, meetings)):
                # "And at the next meeting?" after Bucharest: the meeting Bucharest announced is indexed
                # (Helsinki), so it is that meeting, named, not what Bucharest said of a meeting to come.
                own = tidy(resolved.standalone.replace(next_said.group(0), " "))
                resolved = dataclasses.replace(resolved, own=own)
                earlier = Scope((after,), own, named=(*earlier.named, current.place or ""))  # not Bucharest's words
            # "Did they actually do it?" after what the US undertook in Bucharest: the meetings after it say (or the
            # next one, when named: "Was that followed up at the next ministerial?").
            on = self._meeting_on(turns, meetings) if asks_what_became(resolved.standalone) else None
            if on and (held := earlier.documents if next_said else held_after(on, meetings)):
                earlier = Scope(held, named=earlier.named, later=True)
                resolved = self._asked_again(resolved, turns, meetings)
            # "there"/"then" borrowed the words that named those meetings ("Sofia", "Bucharest"): they
            # scope the follow-up, and pinned as names they would act as parties (Bucharest -> Romania,
            # the EU side), so an EU passage would answer "Who led the US side there?".
            # The same words are dropped from what retrieval and the reader borrow: the scope keeps them.
            # ("When will they meet next?" after Ottawa asks what Ottawa announced, not the newest meeting's record)
            again = len(earlier.documents) == 1 and bool(_MEET_AGAIN.search(resolved.standalone))
            if (
                (earlier.every or len(earlier.documents) == 1)
                and ((found.recent and not then) or found.earliest)
                and not again
            ):
                # "What did the US say about it the last time?" after "Which meetings discussed the visa waiver
                # programme?": the newest (or the first) of every meeting, not each one again; and "And the first
                # time?" after that answer from the newest meeting is no question about that one meeting.
                # (The one meeting between the sides the conversation named stays: "When will they meet again?" after
                # "What did the EU and Canada discuss?" is Ottawa's record of the next meeting, not the video
                # conference's, the newest of all.)
                between = earlier.documents if earlier.by_sides and len(earlier.documents) == 1 else ()
                earlier = Scope(between, named=earlier.named, recent=found.recent and not then, earliest=found.earliest)
                resolved = dataclasses.replace(resolved, own=without_which_time(resolved.standalone))
            before = next((t.content for t in reversed(turns) if t.role == "user"), "")
            named = earlier.named
            the_meeting = bool(_ONLY_THE_MEETING.search(resolved.standalone) and WHICH_MEETING.search(before))
            if WHICH_MEETINGS.search(before) and (themselves := _THE_MEETINGS_THEMSELVES.search(resolved.standalone)):
                # (asked of those meetings, as "Where were the meetings held?" is; the matter that found them is
                # no part of where or when they were)
                own = resolved.standalone[: themselves.start("pronoun")] + (
                    "the meeting" if themselves["pronoun"].lower() == "it" else "the meetings"
                )
                resolved = dataclasses.replace(resolved, own=own + resolved.standalone[themselves.end("pronoun") :])
                the_meeting, tail = True, ""
            resolved = dataclasses.replace(
                resolved,
                # (A question of its own read on the topic is not about the meeting: "Which countries were still
                # outside?" after Washington's Visa Waiver Programme was answered "... took place in Washington".)
                at_meetings=not resolved.on_topic,
                # (and where "there" or "then" is the only word borrowed after a question asking which meeting, it
                # stands for that meeting, which the scope now holds, and the words that found it are no topic: "Who
                # represented the US there?" after "Which meeting was hosted by Croatia?" had pinned Croatia, which
                # no record of the US delegation names)
                pinned="" if the_meeting else _unnamed(resolved.pinned, named),
                context="" if the_meeting else _unnamed(resolved.context, named),
                query=tidy(f"{resolved.standalone} {_unnamed(tail, named)}"),
            )
            return resolved, dataclasses.replace(earlier, text=resolved.standalone, named=())
        if resolved.followup and found.scoped:
            resolved = self._elsewhere(resolved, turns, meetings)
            on = self._meeting_on(turns, meetings) if asks_what_became(resolved.standalone) else None
            if on and set(found.documents) <= set(held_after(on, meetings)):
                # "Did they come back to it in Washington as promised?" after Sofia: what became of it there
                found = dataclasses.replace(found, named=(), later=True)
                resolved = self._asked_again(resolved, turns, meetings)
        if (found.recent or found.earliest) and not found.named and len(meetings) > 1:
            own = without_which_time(resolved.standalone)
            resolved = dataclasses.replace(resolved, own=own, query=without_which_time(resolved.query))
        if found.every and not found.named and found.text != resolved.standalone:
            # Asked which meetings spoke of a matter, each is read for what it said of it (rag/scope.py): "What was
            # said about PNR?", not "Which meetings ...", whose word drew each meeting's header.
            query = tidy(resolved.query.replace(resolved.standalone, found.text))
            return dataclasses.replace(resolved, own=found.text, query=query), found
        if not found.named or (of_the_meeting_itself(found.text) and not names_a_neighbour(found.named)):
            # "Was the meeting in Sofia?", "Did it take place in 2018?": the words naming the meeting are what is
            # asked, so the reader keeps them (left out, "Was the meeting?" was answered with its name).
            return resolved, found
        query = resolved.query
        for words in found.named:
            query = query.replace(words, " ")
        named = bool(found.documents) and not found.announced
        return dataclasses.replace(resolved, own=found.text, query=tidy(query), meeting_named=named), found

    def _at_the_last_meeting(self, resolved: ResolvedQuestion, found: Scope, turns: Sequence[Turn]) -> bool:
        """Whether a question of its own naming no meeting, nor asking across meetings or time, goes on at the one
        meeting the question before it named: "Who led the EU delegation?" after "What was discussed at Helsinki?" had
        been answered for every meeting. Not when it names a side that was not there ("Did the US make a similar
        commitment?" after what the EU and Canada agreed at Ottawa)."""
        before = next((t.content for t in reversed(turns) if t.role == "user"), None)
        # (found.every: asked of each meeting, or over time, "How did the PNR discussion evolve?")
        if found.every or found.recent or found.earliest or before is None:
            return False
        meetings = [record.meeting for record in self.records.values()]
        if len(documents := scope(before, meetings).documents) != 1:
            return False
        return parties_in(resolved.standalone) <= self.records[documents[0]].meeting_parties

    def _meeting_on(self, turns: Sequence[Turn], meetings: Sequence[MeetingFacts]) -> MeetingFacts | None:
        """The one meeting a conversation is on, or None: several, none, or a last answer from other meetings than
        its questions named (the conversation went elsewhere: after Sofia's PNR, "Anything on the EU-US agreement
        specifically?" was answered from three later meetings)."""
        earlier = self._conversation_scope(turns, meetings)
        if earlier is None or len(earlier.documents) != 1:
            return None
        last_answer = next((t.content for t in reversed(turns) if t.role == "assistant"), "")
        if (answered := self._answered_from(last_answer)) and answered != list(earlier.documents):
            return None
        return self.records[earlier.documents[0]].meeting

    def _asked_again(
        self, resolved: ResolvedQuestion, turns: Sequence[Turn], meetings: Sequence[MeetingFacts]
    ) -> ResolvedQuestion:
        """What became of a matter later ("Did that date hold?" after "What was decided about the PNR joint
        evaluation in Helsinki?") is the last question asked again of the later meetings: its words say what the
        matter is, the follow-up's own ("that date", "hold") say little a later meeting writes."""
        before = last_asked(turns)
        if before is None:
            return resolved
        again = scope(before.standalone, meetings)  # without the words naming its meeting
        own = again.text if again.named else before.standalone
        query = before.query
        for words in again.named:
            query = query.replace(words, " ")
        return dataclasses.replace(
            before, question=resolved.question, own=own, query=tidy(query), followup=True, at_meetings=True
        )

    def _elsewhere(
        self, resolved: ResolvedQuestion, turns: Sequence[Turn], meetings: Sequence[MeetingFacts]
    ) -> ResolvedQuestion:
        """A follow-up naming another meeting than the conversation's: "it" borrowed the words naming the earlier
        meeting ("Did it come up again in 2020?" after "What was said about child sexual abuse material in
        Helsinki?" read "it" as Helsinki). Those words go, of every meeting the conversation named ("And by
        Helsinki?" after questions on Sofia, then Bucharest); what "it" stands for is then what was asked about."""
        named = tuple(word for t in turns if t.role == "user" for word in scope(t.content, meetings).named)
        if not named:
            return resolved
        pinned, context = _unnamed(resolved.pinned, named), _unnamed(resolved.context, named)
        if (pinned, context) == (resolved.pinned, resolved.context):
            return resolved
        if not (pinned or context) and (topic := on_the_topic(resolved.standalone, turns)) is not None:
            context = _unnamed(topic.context, named)
        query = tidy(f"{resolved.standalone} {context} {pinned}")
        return dataclasses.replace(resolved, pinned=pinned, context=context, query=query)

    def _conversation_scope(self, turns: Sequence[Turn], meetings: Sequence[MeetingFacts]) -> Scope | None:
        """The meetings a follow-up is about: those its conversation's questions last named or, when the last
        question named none, the one meeting the last answer came from ("Who headed the Canadian delegation?"
        is answered from Ottawa, so "And the EU?" asks about Ottawa)."""
        last_answer = next((t.content for t in reversed(turns) if t.role == "assistant"), "")
        questions = [t.content for t in reversed(turns) if t.role == "user"]
        for i, question in enumerate(questions):
            if (earlier := scope(question, meetings)).scoped or earlier.missing:
                # (a meeting no document records stays the conversation's: "And the EU side?" after "Who headed the
                # US delegation in Helsinki?" over Sofia's proceedings is not asked of Sofia)
                answered = self._answered_from(last_answer) if i == 0 and earlier.every else []
                if answered and len(answered) < len(earlier.documents):
                    # After which meetings spoke of a matter, those that did: "What were the findings?" after "Which
                    # meetings discussed the Umbrella Agreement review?" had been asked of every meeting, and Ottawa's
                    # PNR agreement and Washington's e-evidence Regulation answered it.
                    return (
                        Scope(tuple(answered))
                        if len(answered) == 1
                        else dataclasses.replace(earlier, documents=tuple(answered))
                    )
                return earlier
            if i == 0 and len(answered := self._answered_from(last_answer)) == 1:
                return Scope(tuple(answered))
        return None

    def _answered_from(self, answer: str) -> list[str]:
        """The meetings an earlier answer speaks for, by the "At <meeting>: " that opens each of its parts."""
        found = []
        for document, meeting in self.meetings.items():
            heading = meeting_heading(meeting)
            if heading and (answer.startswith(f"{heading}: ") or f"\n\n{heading}: " in answer):
                found.append(document)
        return found
