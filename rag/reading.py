"""How the engine reads a question's hits: once, or once per meeting when the question compares meetings, asks
for the latest (or first) state of a matter, or its hits come from several meetings that each answer it. Also
the reader's scoring of one resolved question, and the stored sentence vectors it reads (fetched once per question).

`MeetingReading` is the engine's half that reads; rag/engine.py loads what it reads from (records, statistics,
the reader) and turns readings into the answer contract.
"""

from __future__ import annotations

import contextvars
import dataclasses
import re
import threading
from collections.abc import Sequence

import numpy as np
from llama_index.core.schema import NodeWithScore, QueryBundle

from rag.conversation import ResolvedQuestion
from rag.corpus import ABBREVIATION, CorpusStats
from rag.embeddings import MiniLMEmbedding
from rag.reader import Candidate, ExtractiveReader, Question, Reading, analyse
from rag.reader.answer_types import TYPED
from rag.reader.candidates import stored_sentence_ids
from rag.reader.causes import BECAUSE
from rag.reader.constraints import ConstraintCheck
from rag.reader.eligibility import eligible, overview_of_a_matter
from rag.reader.extractive import NEVER_MENTIONED, NOT_IN_THE_CLOSEST
from rag.reader.on_topic import matter_terms, speaks_of
from rag.reader.question_wording import TALK_TERMS, asks_why
from rag.reader.requests import asks_who_came_to_each, topic_asked
from rag.records import DocumentRecord, ParagraphView
from rag.retrieval import HybridRetriever
from rag.scope import COUNTS_MEETINGS, Scope
from rag.settings import Settings
from rag.store import Generation
from rag.text import folded, terms

# A meeting's statement in a comparison is given when the ranker rates it at least this likely (see read_meetings).
COMPARED_PROBABILITY = 0.5
# Words asking which time, not what matter: "first" in "At which meeting was the CLOUD Act first discussed?" (the
# Washington sentence on "the first executive agreements" is not the only meeting that speaks of the Act).
_WHICH_TIME = frozenset(terms("first last latest earliest recent recently newest ever again initially originally"))
# ... nor are the words saying that something happens ("will take place", "be held"): a later meeting postponing
# the PNR evaluation says neither
_HAPPENING = frozenset(terms("take taking took place held hold happen happens occur occurs"))
# ... nor when, from where the person stands: "When is the next PNR evaluation now?" is the video conference's
# postponing the evaluation, which says no "next" (Bucharest's "next joint evaluation ... in 2020" had answered it)
_AS_OF_NOW = frozenset(terms("next upcoming now currently"))
# ... and the gate at least this likely to find it an answer: a meeting that never spoke of the matter has its best
# statement too ("Across these meetings, how has election security been handled?" had the 2020 meeting's
# e-evidence sentence, ranked 0.53, gate 0.10; the two meetings that spoke of it read 0.69).
COMPARED_GATE = 0.2
# The stored sentences one question has fetched so far (see Engine.read_meetings); None outside one.
_QUESTION_SENTENCES: contextvars.ContextVar[dict[str, np.ndarray] | None] = contextvars.ContextVar(
    "question_sentences", default=None
)
# "What is the latest position on X?": meetings whose best statement is this close to the best answer's
# probability speak of the same matter; the newest of them holds the latest position (chosen on the multi-meeting
# train and dev splits: the newest or first statement of a matter is often worded further from the question;
# 0.10 missed "At which meeting was the CLOUD Act first discussed?", Sofia's statement at 0.85 against 0.98).
SAME_MATTER_MARGIN = 0.15


def _same_fact_of_each(answered: Sequence[tuple[str, Reading]]) -> bool:
    """Whether each meeting's answer is the same field of its own meeting facts (its place, its dates)."""
    fields = {reading.chosen[0].fact_field for _, reading in answered}
    return len(fields) == 1 and "" not in fields


def _each_meetings_record(question: Question, answered: Sequence[tuple[str, Reading]]) -> bool:
    """Whether each meeting answered with its own record of what the question asks by type ("Where was the meeting
    held?") or by a name each record states ("Which meeting did Julian King attend?"): each is that meeting's answer,
    however it ranks beside the others' (records rank by wording; a statement may outrank them all)."""
    records = all(reading.chosen[0].kind == "fact" for _, reading in answered)
    names = _pinned_names(question)
    each_names = bool(names) and all(
        re.search(rf"\b{re.escape(name)}\b", reading.chosen[0].text) for name in names for _, reading in answered
    )  # (as written: "Commissioner" is no "Commission")
    return records and (bool(question.answer_types & set(TYPED)) or each_names)


def _each_meeting_answers_alone(question: Question) -> bool:
    """Whether each meeting has its own answer, whatever the others': who came to it, or its overview ("Summarise the
    meeting." over six meetings had been three meetings' Summaries, those whose passages ranked among the best)."""
    whole = "overview" in question.answer_types and not overview_of_a_matter(question)
    return whole or asks_who_came_to_each(question) or _asks_the_meetings_own_fact(question)


# The words of a question asking only when, where or by whom a meeting was held ("When was the meeting?").
_OF_THE_MEETING_ITSELF = frozenset(
    terms(
        "when where which what who whom date dates day days place city country venue location host hosted hosting "
        "held hold take took taken happen happened start started begin began end ended meeting ministerial"
    )
)


def _asks_the_meetings_own_fact(question: Question) -> bool:
    """Whether a question asks when, where or by whom the meeting was held, and nothing else: over six meetings
    "When was the meeting?" had been answered for the four whose records ranked among the best of all."""
    typed = bool(question.answer_types & {"date", "place", "country", "person"})
    return (
        typed
        and question.about_meeting
        and not question.constraints
        and not (set(terms(question.text)) - _OF_THE_MEETING_ITSELF)
    )


def gives_a_ground(readings: Sequence[tuple[str, Reading]]) -> bool:
    """Whether an answer gives a ground for what it says ("... as a matter of reciprocity")."""
    return any(BECAUSE.search(c.text) for _, r in readings if r.outcome == "answer" for c in r.chosen)


def _giving_a_ground(resolved: ResolvedQuestion, answered: list[tuple[str, Reading]]) -> list[tuple[str, Reading]]:
    """Asked why, the meetings whose answer gives a ground, where some does: "Why didn't the ministers meet in
    Zagreb?" is the video conference's "... because of the COVID-19 pandemic", not Helsinki's "committed to meet
    again ... in Zagreb"."""
    if asks_why(resolved.standalone) and any(gives_a_ground([pair]) for pair in answered):
        return [pair for pair in answered if gives_a_ground([pair])]
    return answered


def _pinned_names(question: Question) -> list[str]:
    return [c.text for c in question.constraints if c.kind == "name" and not c.generic]


_EVERY_DOCUMENT = ""  # (no document id is empty)


class MeetingReading:
    """Reading for the engine (a mixin: the engine sets the attributes declared here when it loads)."""

    settings: Settings
    generation: Generation
    embed_model: MiniLMEmbedding
    reader: ExtractiveReader
    stats: CorpusStats
    records: dict[str, DocumentRecord]
    paragraphs: dict[str, ParagraphView]
    several_meetings: bool
    _own_vectors: dict[str, np.ndarray]
    _own_vectors_lock: threading.Lock
    _abbreviations: dict[str, frozenset[str]] | None
    _abbreviations_lock: threading.Lock

    def _sentences(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored sentence vectors by id. While one question reads several meetings apart (and then maybe
        all their hits together), each sentence is fetched once for it (with a server, a round trip a fetch)."""
        kept = _QUESTION_SENTENCES.get()
        if kept is None:
            return self._fetch_sentences(ids)
        missing = [i for i in dict.fromkeys(ids) if i not in kept]
        if missing:
            kept.update(self._fetch_sentences(missing))
        return {i: kept[i] for i in ids if i in kept}

    def _fetch_sentences(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.generation.sentences.get(ids=ids, include=["embeddings"])
        return {i: np.asarray(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def read_meetings(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        meetings: Scope,
        retriever: HybridRetriever | None = None,
    ) -> list[tuple[str, Reading]]:
        """(document, reading) pairs: one reading, or one per meeting in date order when the question compares
        meetings or the hits come from several meetings that answer it (their answers may differ: each is said
        apart). `retriever` (the request's) finds each compared meeting's own passages."""
        token = _QUESTION_SENTENCES.set({})
        try:
            readings = self._read_meetings(resolved, bundle, hits, meetings, retriever)
        finally:
            _QUESTION_SENTENCES.reset(token)
        if meetings.scoped and meetings.named:
            # A meeting the proceedings hold is named: a name they never mention is not stated there, not beyond
            # them ("Was Chad Wolf at Sofia?" had been "The proceedings do not cover this.").
            readings = [(d, _not_stated_there(r)) for d, r in readings]
        return readings

    def _read_meetings(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        meetings: Scope,
        retriever: HybridRetriever | None,
    ) -> list[tuple[str, Reading]]:
        if meetings.missing and not meetings.scoped:
            closest = self.read(resolved, bundle, hits)
            why = f"no indexed meeting matches “{meetings.missing}”"
            return [("", Reading("not_stated", related=closest.related or closest.chosen, reason=why))]
        if (
            retriever is not None
            and self.several_meetings
            and (not meetings.scoped or meetings.by_sides)
            and _each_meeting_answers_alone(self._question(resolved))
            and (each := self._each_read_alone(resolved, bundle, retriever, meetings.documents))
        ):
            return each
        if (meetings.compared or meetings.later) and retriever is not None:
            allowed = retriever.documents or list(self.records)
            each = []
            for document in sorted(
                [d for d in meetings.documents or list(self.records) if d in allowed], key=self._meeting_order
            ):
                if (reading := self._part_of(resolved, retriever, bundle, document)) is not None:
                    each.append((document, reading))
                    if meetings.later:
                        break  # what became of it: the first later meeting that speaks of it
            # ("Why were they paused?" after how the e-evidence talks evolved over time: the video conference's
            # "paused ... pending progress in the trilogues", not every meeting's part of the story again)
            each = _giving_a_ground(resolved, each)
            if each and COUNTS_MEETINGS.search(resolved.question):
                # ("How many meetings discussed PNR?": those that speak of it, counted in the note, as no passage
                # states the count)
                read = [d for d in meetings.documents or list(self.records) if d in allowed]
                places = "; ".join(self.records[d].meeting.label for d, _ in each)
                note = f"{len(each)} of the {len(read)} meetings asked about speak of it: {places}."
                each = [(d, dataclasses.replace(r, note=note)) for d, r in each]
            if each:
                return each
        documents = list(dict.fromkeys(hit.node.metadata.get("document", "") for hit in hits))
        if len(documents) > 1:
            self._sentences(stored_sentence_ids(hits))  # one fetch for every meeting read below
        each = [
            (d, self.read(resolved, bundle, [h for h in hits if h.node.metadata.get("document") == d]))
            for d in documents
        ]
        answered = sorted(
            ((d, r) for d, r in each if r.outcome == "answer"), key=lambda pair: self._meeting_order(pair[0])
        )
        answered = _giving_a_ground(resolved, answered)
        dated = (meetings.recent or meetings.earliest) and retriever is not None and self.several_meetings
        if dated and (latest := self._newest_or_first(resolved, bundle, answered, retriever, meetings.recent)):
            return [latest]
        if len(documents) < 2:
            return [("", each[0][1] if each else self.read(resolved, bundle, hits))]
        question = self._question(resolved)
        if len(answered) > 1 and question.one_meeting and _same_fact_of_each(answered) and not _pinned_names(question):
            # "Which meeting was held abroad?": every meeting answered with the same fact of itself ("took place
            # in ..."), which cannot single one out: what would ("abroad") was not found. (A name the question
            # pins is found in each: "Which meeting did Julian King attend?" is each meeting whose record names him.)
            related = [reading.chosen[0] for _, reading in answered]
            why = "several meetings fit it alike, and nothing singles one out"
            return [("", Reading("not_stated", related=related, reason=why))]
        if answered and not _each_meetings_record(question, answered) and not topic_asked(question):
            # (a request for what was said on a topic is each meeting's statement of it, however it ranks beside the
            # others': "What did the Budapest Convention discussions cover?" had been Bucharest's alone)
            answered = self._agreeing_with_all(resolved, bundle, hits, answered)
        if len(answered) > 1:
            answered = self._speaking_of_all_of_it(question, answered)
        return answered or [("", self.read(resolved, bundle, hits))]

    def _speaking_of_all_of_it(
        self, question: Question, answered: list[tuple[str, Reading]]
    ) -> list[tuple[str, Reading]]:
        """Of several meetings' statements on a topic, those whose paragraph speaks of its rarest word, when some
        does: "What did the US say about the pause in e-evidence talks?" is the video conference's "regretted the
        pause", not also Washington's "agreed to start exploratory talks" (e-evidence talks, and no pause)."""
        matter = matter_terms(question, self.stats)
        if not matter:
            return answered
        rarest = {max(matter, key=self.stats.weight)}
        near = self.reader.near(question)
        # (a meeting's record of itself is no statement on a topic: "Which country held the presidency?")
        speaking = [
            (d, r)
            for d, r in answered
            if any(c.kind != "sentence" or speaks_of(c.paragraph, rarest, near, self.stats.spelled) for c in r.chosen)
        ]
        return speaking or answered

    def _agreeing_with_all(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        answered: list[tuple[str, Reading]],
    ) -> list[tuple[str, Reading]]:
        """The meetings whose answer, read apart, is about as likely as the best when every meeting's passages are
        ranked together. Read apart, a meeting's best statement has only its own sentences to beat: "When were the
        e-evidence negotiations formally opened?" had Washington's "agreed to start exploratory talks ... in 2019"
        first, above Helsinki's "formally opened on 25 September 2019"."""
        question, candidates, checks = self._scored(resolved, bundle, hits)
        joint = {(c.paragraph.id, c.text): c.probability for c in candidates}
        likely = {d: joint.get((r.chosen[0].paragraph.id, r.chosen[0].text), 0.0) for d, r in answered}
        top = max(eligible(question, candidates, checks), key=lambda c: c.probability, default=None)
        best = top.probability if top else 0.0
        if top is not None and top.paragraph.document not in likely and all(p < best for p in likely.values()):
            # The likeliest statement of all is a meeting's that its own reading did not assert ("on 6 June 2019
            # the Council had authorised ..." for "When was the negotiation mandate adopted?"): the others' answers
            # stand in for it ("agreed to start exploratory talks ... in 2019").
            return []
        return [(d, r) for d, r in answered if likely[d] >= best - SAME_MATTER_MARGIN]

    def _each_read_alone(
        self, resolved: ResolvedQuestion, bundle: QueryBundle, retriever: HybridRetriever, documents: Sequence[str]
    ) -> list[tuple[str, Reading]]:
        """ "Who attended?", "Summarise the meeting." over several meetings: each meeting's own answer (its record of
        who came, its Summary), read on its own passages (the best hits of all hold a few meetings' only), in date
        order; the meetings that do not answer (no US delegation in Ottawa) are left out."""
        allowed = retriever.documents or list(self.records)
        each = []
        for document in sorted([d for d in documents or self.records if d in allowed], key=self._meeting_order):
            own_bundle, own = self._own_hits(retriever, bundle, document)
            if (reading := self.read(resolved, own_bundle, own)).outcome == "answer":
                each.append((document, reading))
        return each

    def _part_of(
        self, resolved: ResolvedQuestion, retriever: HybridRetriever, bundle: QueryBundle, document: str
    ) -> Reading | None:
        """What one meeting said of the question, read on its own passages, as a part beside other meetings' (a
        comparison's, or what a later meeting made of a matter): its best eligible statement when the ranker finds
        it likely, without the gate (made for questions with one answer); None when it says nothing likely.
        (Each meeting's Summary only names its topics: "... took stock of the negotiations on electronic evidence"
        said nothing of how they evolved.)"""
        own_bundle, own = self._own_hits(retriever, bundle, document)
        reading = self.read(resolved, own_bundle, own, COMPARED_GATE, side_by_side=True)
        # A document's header says nothing of what its meeting said, unless asked for a kind of fact it holds ("When
        # did each meeting take place?"): "Have the extradition agreements been reviewed at any of these
        # ministerials?" was answered with each meeting's subject line.
        header = bool(reading.chosen) and reading.chosen[0].paragraph.number == 0
        question = self._question(resolved)
        if header and not question.answer_types:
            return None
        matter = set(matter_terms(question, self.stats))
        # A meeting's part speaks of the matter: "What progress was made on e-evidence between 2018 and 2020?" had
        # given Washington's "progress made since Sofia on sharing battlefield information".
        said = reading.chosen[0] if reading.chosen else None
        if (
            said
            and said.kind == "sentence"
            and matter
            and not speaks_of(said.paragraph, matter, self.reader.near(question), self.stats.spelled)
        ):
            return None
        return reading if reading.chosen and reading.chosen[0].probability >= COMPARED_PROBABILITY else None

    def _own_hits(
        self, retriever: HybridRetriever, bundle: QueryBundle, document: str
    ) -> tuple[QueryBundle, list[NodeWithScore]]:
        """One meeting's own passages for the question (its best, whatever the other meetings' rank), and the query
        they were found and are read with (its abbreviations spelled out where the meeting never writes them)."""
        if spelled := self._spelled_out(bundle.query_str, [document]):
            text = f"{bundle.query_str} {spelled}"
            bundle = QueryBundle(text, embedding=self._own_vector(text).tolist())
        return bundle, retriever.with_options(top_k=retriever.top_k, documents=[document]).retrieve(bundle)

    def _spelled_out(self, query: str, documents: Sequence[str]) -> str:
        """The abbreviations a query uses, spelled out as the corpus defines them, that none of `documents` writes:
        Helsinki's proceedings say "the Visa Waiver Programme", never "VWP", so neither the word match nor the
        model finds them for "VWP" (where a document writes it, the query is searched as asked: spelling it out
        there moved which of its sentences ranked first)."""
        used = [w for w in dict.fromkeys(ABBREVIATION.findall(query)) if w.lower() in self.stats.spelled]
        missing = [w for w in used if not any(w in self._abbreviations_of(d) for d in documents)]
        return " ".join(self.stats.spelled[w.lower()] for w in missing)

    def _abbreviated(self, query: str) -> str:
        """The abbreviations the corpus writes for what a query spells out ("passenger name records" -> "PNR"),
        that the query does not use: once a document defines one, its later paragraphs write only it ("On PNR,
        ..."), so neither the word match nor the model ties them to the words spelled out."""
        written = self._abbreviations_of(_EVERY_DOCUMENT)
        lowered = query.lower()
        return " ".join(
            short.upper()
            for short, spelled in self.stats.spelled.items()
            if short.upper() in written
            and short.upper() not in query
            and " " in spelled
            and re.search(rf"\b{re.escape(spelled)}\b", lowered)
        )

    def _abbreviated_in_part(self, question: str) -> str:
        """The abbreviations the corpus writes for a thing a question names by a word only its spelled-out form has
        ("passenger data": the PNR), when the question writes neither: the paragraphs after its definition write
        only the abbreviation, so "What did the US want on passenger data?" had not found the US's "... renewal
        of the EU-US PNR agreement". (A question spelling it out whole is searched as asked.)"""
        written = self._abbreviations_of(_EVERY_DOCUMENT)
        lowered = folded(question).lower()
        found = (self.stats.abbreviation_of(word) for word in dict.fromkeys(re.findall(r"[a-z]{4,}", lowered)))
        return " ".join(
            dict.fromkeys(
                short.upper()
                for short in found
                if short
                and short.upper() in written
                and short.upper() not in question
                and self.stats.spelled[short] not in lowered
            )
        )

    def _abbreviations_of(self, document: str) -> frozenset[str]:
        """The capitalised abbreviations a document writes, or any document (`_EVERY_DOCUMENT`): every document's
        read in one pass over the paragraphs, on the first question that asks (about 0.05 s at 100k paragraphs)."""
        with self._abbreviations_lock:
            if self._abbreviations is None:
                written: dict[str, set[str]] = {}
                for view in self.paragraphs.values():
                    written.setdefault(view.document, set()).update(ABBREVIATION.findall(view.text))
                self._abbreviations = {d: frozenset(found) for d, found in written.items()}
                self._abbreviations[_EVERY_DOCUMENT] = frozenset().union(*self._abbreviations.values())
            return self._abbreviations.get(document, frozenset())

    def _newest_or_first(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        answered: list[tuple[str, Reading]],
        retriever: HybridRetriever,
        newest: bool,
    ) -> tuple[str, Reading] | None:
        """The latest (or first) state of a matter. Once some meeting answers the question through the gate
        (`answered`, or a meeting read on its own passages), the newest (oldest) meeting whose best statement is
        about as likely as the best answer (SAME_MATTER_MARGIN) answers it, gated or not: that the proceedings
        answer the matter is settled; which meeting said it last is a matter of dates, not of confidence."""
        gated, ungated = {}, {}
        for document in retriever.documents or list(self.records):
            own_bundle, own = self._own_hits(retriever, bundle, document)
            gated[document], ungated[document] = self.read_twice(resolved, own_bundle, own)
        readings = [r for _, r in answered] + [r for r in gated.values() if r.outcome == "answer"]
        if not (best := [_likeliest(r).probability for r in readings if r.chosen]):
            named = any(c.kind == "name" and not c.generic for c in self._question(resolved).constraints)
            # (or a follow-up's matter is the conversation's, which its last answer stated: "When was that first
            # discussed?" after right-wing extremism, whose statement the gate did not pass again, already said)
            if not named and not self._matter_stated(resolved, []):
                return None
            # "What is the latest on PNR?": no one statement passes the gate (each meeting says a little), but the
            # meetings whose statements name PNR, when the ranker finds them likely (as meetings compared side by
            # side), are those that speak of it, however likely beside each other; the newest is a matter of dates.
            best = [COMPARED_PROBABILITY + SAME_MATTER_MARGIN]
        # (Likeliness is compared among the meetings read on their own passages where one passed the gate: read
        # among every meeting's passages, a statement's features differ, and the best of those read higher.)
        own = [_likeliest(r).probability for r in gated.values() if r.outcome == "answer" and r.chosen]
        reference = max(own or best)
        matter = self._matter_stated(resolved, readings)
        # (in the words the model reads as the same: Sofia's "electronic evidence" is the "e-evidence" asked about)
        question = self._question(resolved)
        near = self.reader.near(question)
        if question.topic:  # (and of the conversation's words, which a follow-up's matter may be)
            near = {**self.reader.near(_asked_before(question.topic, self.stats)), **near}
        close = [
            d
            for d, r in ungated.items()
            if r.chosen
            # (the first time a matter came up is often in passing: any likely statement of it, as when compared)
            and _likeliest(r).probability >= (reference - SAME_MATTER_MARGIN if newest else COMPARED_PROBABILITY)
            and speaks_of(_likeliest(r).paragraph, matter, near, self.stats.spelled, every_word=True)
        ]
        if not close:
            return None
        close.sort(key=self._meeting_order)
        pick = close[-1] if newest else close[0]
        return (pick, gated[pick] if gated[pick].outcome == "answer" else ungated[pick])

    def _matter_stated(self, resolved: ResolvedQuestion, readings: list[Reading]) -> set[str]:
        """The words of the question the best answer states (beyond words of asking): what a meeting must speak of to
        be an earlier or later state of the same matter. "When was violent right-wing extremism first discussed?"
        was answered with Helsinki's hybrid threats, likely enough by the ranker, and no word of the matter."""
        question, asking = self._question(resolved), TALK_TERMS | _WHICH_TIME | _HAPPENING | _AS_OF_NOW
        answered = [r for r in readings if r.chosen]
        likeliest = max((_likeliest(r) for r in answered), key=lambda c: c.probability, default=None)
        best = set(terms(likeliest.text)) if likeliest else set()
        if not set(question.terms) - asking and question.topic:
            # A follow-up's matter is the conversation's, whether or not the best answer states it: "When was it first
            # discussed?" after soft targets had been Sofia's statement on terrorism, "When was that last discussed?"
            # after firearms the video conference's on right-wing extremism (no word of the matter, so any meeting
            # spoke of it).
            borrowed = set(matter_terms(_asked_before(question.topic, self.stats), self.stats)) - asking
            return (borrowed & best) or borrowed
        return (set(question.terms) & best) - asking

    def _meeting_order(self, document: str) -> tuple[str, str]:
        meeting = self.records[document].meeting if document in self.records else None
        return (meeting.start.isoformat() if meeting and meeting.start else "9999", document)

    def read(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        threshold: float | None = None,
        side_by_side: bool = False,
    ) -> Reading:
        """The extractive reader's decision for a resolved question (the eval's training reads candidates here)."""
        question, candidates, checks = self._scored(resolved, bundle, hits)
        threshold = self._threshold if threshold is None else threshold
        return self.reader.decide(question, candidates, checks, threshold, side_by_side)

    def read_twice(
        self, resolved: ResolvedQuestion, bundle: QueryBundle, hits: list[NodeWithScore]
    ) -> tuple[Reading, Reading]:
        """The reader's decision through the gate, and without it (its best eligible statement), from one scoring."""
        question, candidates, checks = self._scored(resolved, bundle, hits)
        gated = self.reader.decide(question, candidates, checks, self._threshold)
        return gated, self.reader.decide(question, candidates, checks, 0.0)

    @property
    def _threshold(self) -> float:
        configured = self.settings.answer_threshold
        return self.reader.scorer.threshold if configured is None else configured

    def _question(self, resolved: ResolvedQuestion) -> Question:
        """What the reader checks: the question's own words, with the names a pronoun stood for pinned too."""
        return analyse(
            resolved.standalone,
            self.stats,
            also_pinned=resolved.pinned,
            people=resolved.people,
            topic=resolved.context,
            asked=resolved.question,
            at_meetings=resolved.at_meetings,
            framed=resolved.framed,
            next_meeting=resolved.announced,
            meeting_named=resolved.meeting_named,
        )

    def _scored(
        self, resolved: ResolvedQuestion, bundle: QueryBundle, hits: list[NodeWithScore]
    ) -> tuple[Question, list[Candidate], list[ConstraintCheck]]:
        question = self._question(resolved)
        assert bundle.embedding is not None
        query_vector = np.asarray(bundle.embedding, dtype=np.float32)
        # Which fact a question asks for is in its own words: a follow-up's query also carries the conversation's
        # topic ("Who led the US side there? Sofia Bucharest"), which pulls it away from every field's description.
        own = resolved.standalone
        asked = query_vector if own == resolved.query else self._own_vector(own)
        candidates, checks = self.reader.candidates(
            question,
            hits,
            query_vector,
            context=resolved.context,
            already_said=resolved.already_said,
            asked_vector=asked,
        )
        return question, candidates, checks

    def _own_vector(self, text: str) -> np.ndarray:
        with self._own_vectors_lock:
            if (found := self._own_vectors.get(text)) is None:
                found = np.asarray(self.embed_model.get_query_embedding(text), dtype=np.float32)
                self._own_vectors[text] = found
                while len(self._own_vectors) > 256:  # a few follow-ups' worth; comparisons read each meeting
                    self._own_vectors.pop(next(iter(self._own_vectors)))
            return found


def _likeliest(reading: Reading) -> Candidate:
    """A reading's likeliest statement (its chosen ones are in reading order: a paragraph's sentences are given in
    the order written, so Sofia's cybersecurity overview came before its "vulnerability of electoral systems")."""
    return max(reading.chosen, key=lambda c: c.probability)


def _not_stated_there(reading: Reading) -> Reading:
    """A reading out of scope because the question names what the proceedings never mention, or what the meeting's
    passages do not ("Was Chad Wolf at the Bucharest meeting?": another meeting's record names him), as not stated
    (at the meeting named, they are what would say it); any other as it is ("Can you recommend a good restaurant in
    Sofia?" is beyond the proceedings, though it names the meeting's city)."""
    if reading.outcome != "out_of_scope" or not reading.reason.startswith((NEVER_MENTIONED, NOT_IN_THE_CLOSEST)):
        return reading
    return Reading("not_stated", reason=reading.reason)


def _asked_before(topic: str, stats: CorpusStats) -> Question:
    """The conversation's question, of the topic a follow-up borrows (rag/conversation.py: the question, then the
    names its answer gave: "... e-evidence at each meeting? At Sofia May The US CLOUD Act"): its matter is what was
    asked about, not every name the answer happened to give."""
    return analyse(topic.split("?", 1)[0], stats)
