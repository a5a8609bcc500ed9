"""The query engine: question (+ history) in, the answer contract out. The one entry point that the CLI, the
HTTP API, the UI and the eval suite call."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from llama_index.core import Settings as LlamaSettings
from llama_index.core.schema import NodeWithScore, QueryBundle

from rag.components import configure_llama_index
from rag.composer import Composer, citation
from rag.contract import Answer, Citation, Evidence, StreamItem, Timings, Turn
from rag.conversation import ResolvedQuestion, resolve, says_topic_switch
from rag.conversation_meetings import ConversationMeetings
from rag.conversation_referents import only_what_a_side_said
from rag.conversation_topic import SAID_ALREADY, ConversationTopic, all_said
from rag.derived import fact_vectors, field_vectors, load_or_derive
from rag.errors import QuestionError
from rag.generators import Generated, llm_generator
from rag.meeting import FIELD_QUESTIONS
from rag.question_form import focus
from rag.reader import AnswerScorer, Candidate, ExtractiveReader, Paragraph, Reading
from rag.reader.answer_types import answer_types
from rag.reader.candidates import gives_what_is_asked, parties_agree
from rag.reader.constraints import Evidence as ConstraintEvidence  # not the contract's Evidence
from rag.reader.constraints import check
from rag.reader.gazetteer import PARTIES, parties_in, seats_as_sides
from rag.reader.question_wording import asks_why
from rag.reading import MeetingReading, gives_a_ground
from rag.reading_apart import ReadingApart
from rag.records import ParagraphView, by_document, document_record, fact_statements, meeting_ref, with_meeting
from rag.retrieval import HybridRetriever
from rag.scope import Scope
from rag.settings import Settings
from rag.sides import other_side_named
from rag.store import Generation, IndexStore, store_errors
from rag.validation import validate_documents, validate_history, validate_question

# A follow-up asking for more than the last answer gave: "What exactly were those changes?", "Which ones
# specifically?", "Can you give details?".
_ASKS_MORE = re.compile(r"\b(?:exactly|specifically|precisely|in detail|in more detail|details?|concretely)\b", re.I)


@dataclasses.dataclass
class _Read:
    """One question read as asked (`Engine._read_as_asked`)."""

    resolved: ResolvedQuestion
    meetings: Scope
    hits: list[NodeWithScore]
    readings: list[tuple[str, Reading]]
    retrieved: float  # when retrieval ended (perf_counter), for the timings


class Engine(ConversationMeetings, ConversationTopic, MeetingReading, ReadingApart):
    """Everything loaded once (model, index, BM25, corpus statistics) and shared across questions."""

    def __init__(self, settings: Settings, generation: Generation) -> None:
        self.settings = settings
        self.generation = generation
        threading.Thread(target=generation.warm, name="procqa-warm-vectors", daemon=True).start()
        self.embed_model = configure_llama_index(settings)
        self.documents: dict[str, dict[str, Any]] = {d["id"]: d for d in generation.manifest.get("documents", [])}
        metadata = {doc: found.get("metadata", {}) for doc, found in self.documents.items()}
        # The chunks, BM25, the corpus statistics, the meeting facts, the vocabulary and the reader's corpus vectors
        # as stored with the generation (rebuilt when absent or stale).
        derived, _ = load_or_derive(settings, generation, metadata, self.embed_model.embed)
        nodes = derived.nodes  # in the BM25 index's corpus order
        self.paragraphs = derived.paragraphs
        self.retriever = HybridRetriever(
            generation.chunks,
            generation.sentences,
            nodes,
            self.embed_model,
            mode=settings.retrieval_mode,
            top_k=settings.top_k,
            dense_weight=settings.dense_weight,
            bm25_weight=settings.bm25_weight,
            bm25=derived.bm25,
            sentence_count=generation.manifest.get("sentences"),
        )
        self.stats = derived.stats
        own = by_document(self.paragraphs)  # each document's paragraphs, grouped once (not a scan each)
        self.records = {
            doc: document_record(doc, metadata.get(doc, {}), views, derived.meetings.get(doc))
            for doc, views in own.items()
        }
        # Each document's paragraph ids in order: "show in context" looks in one document, not the whole corpus.
        self._document_order = {doc: [view.id for view in views] for doc, views in own.items()}
        # Every label names its meeting in words a person knows ("Sofia, 22-23 May 2018 · 9278/18 · ... · ¶4").
        self.paragraphs = {pid: with_meeting(v, self.records[v.document]) for pid, v in self.paragraphs.items()}
        self.meetings = {doc: meeting_ref(record.meeting) for doc, record in self.records.items()}
        self.several_meetings = sum(m is not None for m in self.meetings.values()) > 1
        self._facts: dict[str, list[Candidate]] = {}
        self._facts_lock = threading.Lock()
        # A follow-up's own words, embedded apart from its query (see _scored); comparisons score each meeting.
        self._own_vectors: dict[str, np.ndarray] = {}
        self._own_vectors_lock = threading.Lock()
        self._abbreviations: dict[str, frozenset[str]] | None = None  # document -> the abbreviations it writes
        self._abbreviations_lock = threading.Lock()
        self._vectors = derived.vectors  # None: embedded as questions need them
        self._vocabulary = derived.vocabulary
        self.reader = ExtractiveReader(
            AnswerScorer.load(settings.answer_scorer),
            self.stats,
            lookup=self._sentences,
            paragraph=self._reader_paragraph,
            document=self.records.get,
            facts=self._fact_candidates,
            embed=self.embed_model.embed,
            tokens=self.embed_model.token_vectors,
            vocabulary=derived.vocabulary,
            max_sentences=settings.max_answer_sentences,
        )
        self.composer = Composer(
            lambda p: self.paragraphs[p.id].label if p.id in self.paragraphs else p.id, self.meetings.get
        )
        self.llm = llm_generator(settings, self.embed_model.embed)  # None: the extractive generator answers

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embed_model.embed(texts)

    def _reader_paragraph(self, paragraph_id: str) -> Paragraph | None:
        view = self.paragraphs.get(paragraph_id)
        return Paragraph(view.id, view.document, view.section, view.text, view.number, view.parent) if view else None

    def _fact_candidates(self, document: str) -> list[Candidate]:
        """The meeting and document facts of one document, and its own Summary (what an overview question is
        answered with), as candidates: embedded once, copied per question."""
        with self._facts_lock:
            if document not in self._facts:
                self._facts[document] = self._build_facts(document)
        return [dataclasses.replace(c) for c in self._facts[document]]

    def _build_facts(self, document: str) -> list[Candidate]:
        record = self.records.get(document)
        if record is None:
            return []
        stated = fact_statements(record, self.paragraphs)
        stored = self._vectors.facts.get(document) if self._vectors is not None else None
        vectors = stored if stored is not None and len(stored) == len(stated) else fact_vectors(stated, self.embed)
        fields = self._field_vectors()
        return [
            Candidate(
                text=text,
                quote=quote,
                paragraph=self._reader_paragraph(pid),  # type: ignore[arg-type]
                vector=np.asarray(vector, dtype=np.float32),
                kind="fact",
                position=0,
                hit_rank=0,
                dense=0.0,
                bm25=0.0,
                fact_type=answer_type,
                fact_field=field,
                fact_party=party,
                field_vector=fields.get(field),
            )
            for (text, quote, pid, answer_type, field, party), vector in zip(stated, vectors, strict=True)
        ]

    def _field_vectors(self) -> dict[str, np.ndarray]:
        """Each fact field's description (rag/meeting.py FIELD_QUESTIONS), embedded once."""
        if not hasattr(self, "_fields"):
            vectors = self._vectors.fields if self._vectors is not None else field_vectors(self.embed)
            self._fields = dict(zip(FIELD_QUESTIONS, vectors, strict=True))
        return self._fields

    @classmethod
    def load(cls, settings: Settings | None = None) -> Engine:
        settings = settings or Settings()
        # Store errors anywhere in the load, not only in finding the generation: a server that dies while an
        # engine loads (counting sentences, reading rows) is "not reachable", and a worker starting then must
        # not fail its start-up over it (uvicorn then stops every worker).
        with _collection_paused(), store_errors(settings):
            return cls(settings, IndexStore(settings).current())

    def paragraph_text(self, paragraph_id: str) -> str:
        found = self.paragraphs.get(paragraph_id)
        return found.text if found else ""

    def paragraph(self, paragraph_id: str) -> ParagraphView | None:
        return self.paragraphs.get(paragraph_id)

    def neighbours(self, paragraph_id: str, radius: int = 1) -> list[ParagraphView]:
        """The paragraphs around one, in document order (itself included), for "show in context"."""
        found = self.paragraphs.get(paragraph_id)
        if found is None:
            return []
        same_document = self._document_order.get(found.document, [paragraph_id])
        at = same_document.index(paragraph_id)
        return [self.paragraphs[pid] for pid in same_document[max(0, at - radius) : at + radius + 1]]

    def is_stale(self) -> bool:
        """True when a newer index has been published since this engine loaded (by `procqa index`, say)."""
        with store_errors(self.settings):
            return IndexStore(self.settings).current_name() not in (None, self.generation.name)

    def check_store(self) -> None:
        """Raise StoreUnavailableError when the index cannot be read now (a Chroma server that went away)."""
        with store_errors(self.settings):
            self.generation.chunks.count()

    def _prepare(
        self, question: str, history: Sequence[Any] | None, top_k: int | None, documents: list[str] | None
    ) -> tuple[ResolvedQuestion, QueryBundle, HybridRetriever, Scope]:
        """Validate a request and resolve it against its history and the indexed meetings: what answering and
        retrieval both start from."""
        asked = validate_question(question, self.settings)
        switched = says_topic_switch(asked)  # (said before the question, which focus drops)
        question = focus(asked)
        # "radicalisation" where the corpus writes "radicalization": read as the corpus spells it (the model and
        # the word match both miss the other spelling; the question was "out of scope").
        question = self._vocabulary.spelled_as_used(question)
        turns = validate_history(history, self.settings)
        question = other_side_named(question, turns, lambda: self._sides(documents or self._talked_of(turns)))
        if top_k is not None and not 1 <= top_k <= 50:
            raise QuestionError("top_k must be between 1 and 50.")
        documents = validate_documents(documents)
        unknown = [d for d in documents or [] if d not in self.documents]
        if unknown:
            raise QuestionError(f"Unknown document(s): {', '.join(unknown)}. Indexed: {', '.join(self.documents)}.")

        # The reader resolves a follow-up itself, with or without an LLM: a model asked to rewrite it (llama-index's
        # condense pattern) made the reader's right answers wrong on dev ("Which of them is responsible for
        # migration?", "And security?"). The model gets its own rewriting when it is asked to answer (llm.py).
        return self._grounded(resolve(question, turns, switched=switched), turns, top_k, documents)

    def _grounded(
        self, resolved: ResolvedQuestion, turns: Sequence[Turn], top_k: int | None, documents: list[str] | None
    ) -> tuple[ResolvedQuestion, QueryBundle, HybridRetriever, Scope]:
        """A resolved question's meetings, its embedded query and the retriever for it."""
        resolved, meetings = self._scoped(resolved, turns)
        resolved = dataclasses.replace(
            resolved, own=seats_as_sides(resolved.standalone), query=seats_as_sides(resolved.query)
        )
        # The request's explicit document filter wins over the meetings the question names.
        chosen = documents or list(meetings.documents) or None
        if chosen and (spelled := self._spelled_out(resolved.query, chosen)):
            resolved = dataclasses.replace(resolved, query=f"{resolved.query} {spelled}")
        borrowed = resolved.query.removeprefix(resolved.own)
        if borrowed != resolved.query and (short := self._abbreviated(borrowed)):
            # A topic a follow-up borrows spelled out ("What did the Americans want?" after "What was discussed
            # about passenger name records?") is searched for as "PNR" too: the paragraphs after a definition write
            # only that. (A question's own words are searched as asked.)
            resolved = dataclasses.replace(resolved, query=f"{resolved.query} {short}")
        if short := self._abbreviated_in_part(resolved.own):
            resolved = dataclasses.replace(resolved, query=f"{resolved.query} {short}")
        bundle = QueryBundle(resolved.query, embedding=self.embed_model.get_query_embedding(resolved.query))
        retriever = self.retriever.with_options(top_k=top_k or self.settings.top_k, documents=chosen)
        return resolved, bundle, retriever, meetings

    def retrieve(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        *,
        top_k: int | None = None,
        documents: list[str] | None = None,
    ) -> list[NodeWithScore]:
        """The ranked chunks `ask` would answer from, follow-ups resolved the same way (for evaluation)."""
        _, bundle, retriever, _ = self._prepare(question, history, top_k, documents)
        return self._hits(retriever, bundle, "procqa.retrieve")

    def _hits(self, retriever: HybridRetriever, bundle: QueryBundle, trace: str = "procqa.ask") -> list[NodeWithScore]:
        """The retriever's hits, in one llama-index trace (its callback manager records every event in a map that is
        only cleared when a trace starts: without one a long-running server grows it with each question), a Chroma
        server that died since start-up given as one clear error (store_errors)."""
        with LlamaSettings.callback_manager.as_trace(trace), store_errors(self.settings):
            return retriever.retrieve(bundle)

    def ask(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        *,
        top_k: int | None = None,
        documents: list[str] | None = None,
    ) -> Answer:
        """The answer contract for one question (the last item of `stream`)."""
        *_, answer = self.stream(question, history, top_k=top_k, documents=documents)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        *,
        top_k: int | None = None,
        documents: list[str] | None = None,
    ) -> Iterator[StreamItem]:
        """The Evidence (the extractive reading, ~30 ms), then pieces of the answer text as they are ready, then
        the Answer. Validation and retrieval happen here, before the first item: a bad question raises now, never
        half-way through a stream. Every generator sends the evidence first: with an LLM it is what people read
        while the model writes (and its fallback); without one it is the answer, and the pieces repeat it."""
        started = time.perf_counter()
        asked = self._read_as_asked(question, history, top_k, documents)
        turns = validate_history(history, self.settings)
        resolved, meetings, hits, readings = asked.resolved, asked.meetings, asked.hits, asked.readings
        if (apart := self._read_apart(resolved, meetings, history, top_k, documents, readings)) is not None:
            found, readings = apart
            hits = found if found is not None else hits
        return self._generate(resolved, hits, readings, started, asked.retrieved, turns)

    def _read_as_asked(
        self, question: str, history: Sequence[Any] | None, top_k: int | None, documents: list[str] | None
    ) -> _Read:
        """One question read as asked: resolved, scoped, retrieved and read; in a conversation, read again on its
        topic when that alone found nothing; and "not stated" when it asks for more than the last answer said and
        the reading only says that again."""
        resolved, bundle, retriever, meetings = self._prepare(question, history, top_k, documents)
        hits = self._with_the_names_asked(resolved, retriever, self._hits(retriever, bundle))
        retrieved = time.perf_counter()
        readings = self._read(resolved, bundle, hits, meetings, retriever)
        names_no_matter = bool(history) and self._names_no_matter(resolved)
        # (a question of its own borrows nothing, though its scope took the words naming a meeting out of it: "How
        # many rounds had been held by May 2020?" after a question on the e-evidence negotiations)
        of_its_own = resolved.borrows_nothing or not resolved.followup
        if history and ((of_its_own and readings[0][1].outcome != "answer") or names_no_matter):
            as_asked = readings
            topical = self._read_on_the_topic(resolved, history, top_k, documents)
            # (read on the topic, "they say no more than the last answer" replaces a refusal, never an answer)
            if topical is not None and (_answered(topical[2]) or not _answered(as_asked)):
                resolved, hits, readings = topical
            if names_no_matter:
                readings = self._on_the_conversations_matter(resolved, history, readings, as_asked)
        if (
            resolved.followup
            and (
                _ASKS_MORE.search(resolved.question)
                # "Why?" after an answer giving no reason: saying it again gives none (one that gave it, "... as a
                # matter of reciprocity", is the answer again)
                or (asks_why(resolved.question) and not gives_a_ground(readings))
                # (a count is no repetition: "How many commissioners?" after the record naming three of them)
                or (only_what_a_side_said(resolved.standalone) and not answer_types(resolved.standalone) & {"count"})
            )
            and all_said(readings, self._unheaded(resolved.already_said))
        ):
            # "What exactly were those changes?" after "The US delegation reported on recent institutional
            # changes ...", or "And what did the US want?" after both sides' sentence: saying it again gives no
            # more than was asked past.
            related = [c for _, r in readings for c in r.chosen]
            readings = [("", Reading("not_stated", related=related, reason=SAID_ALREADY))]
        return _Read(resolved, meetings, hits, readings, retrieved)

    def _with_the_names_asked(
        self, resolved: ResolvedQuestion, retriever: HybridRetriever, hits: list[NodeWithScore]
    ) -> list[NodeWithScore]:
        """The hits, with the paragraph naming a name the question pins in each meeting none of them names it for
        (BM25's first there for the name alone): "Was Interpol mentioned?" had been answered "they never mention
        Interpol" (the one paragraph naming it was BM25's first, but fused it fell below paragraphs both dense
        rankings put midway), and "Did the sides discuss China?" found Bucharest's fentanyl "produced in China", not
        Sofia's "drug producers in ... China (opioids)". Whether it answers is the reader's."""
        constraints = [c for c in self._question(resolved).constraints if not c.generic]

        def document(hit: NodeWithScore) -> str:
            return hit.node.metadata.get("document", "")

        def naming(hits_: list[NodeWithScore], names: Callable[[str], bool]) -> set[str]:
            return {document(hit) for hit in hits_ if names(hit.node.get_content())}

        def add(words: str, names: Callable[[str], bool]) -> None:
            nonlocal hits
            covered, added = naming(hits, names), 0
            if covered and not self.several_meetings:
                return  # (one document, named already: no lexical search on the hot path)
            for found in retriever.all_with(words):
                if added == retriever.top_k:
                    break  # (a name many meetings write: as many more passages as retrieval gives, no more)
                if document(found) not in covered and names(found.node.get_content()):
                    hits, added = [*hits, found], added + 1
                    covered.add(document(found))

        for name in (c.text for c in constraints if c.kind == "name"):
            add(name, lambda text, name=name: name.lower() in text.lower())
        # So with a country or city the proceedings name once ("What happened in The Hague?": fused, its paragraph
        # fell below five the dense rankings liked, and "they do not mention Hague" was said), by its own word or,
        # failing that, its other names ("Dutch" for a text saying "Netherlands").
        for party in dict.fromkeys(c.party for c in constraints if c.kind == "party" and c.party):
            asked = [c.text for c in constraints if c.party == party]

            def names_it(text: str, party: str = party) -> bool:
                return party in parties_in(text)

            for words in dict.fromkeys([*asked, *PARTIES.get(party, ())]):
                if not self.stats.mentions(words):
                    continue  # (no lexical search for a name the corpus never writes: "Japan" on the hot path)
                add(words, names_it)
                if naming(hits, names_it):
                    break  # (its other names only where this one is written nowhere)
        return hits

    def _read(
        self,
        resolved: ResolvedQuestion,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        meetings: Scope,
        retriever: HybridRetriever,
    ) -> list[tuple[str, Reading]]:
        # Its own trace (see stream); store_errors: the sentence vectors are read from the store.
        with LlamaSettings.callback_manager.as_trace("procqa.read"), store_errors(self.settings):
            return self.read_meetings(resolved, bundle, hits, meetings, retriever)

    def _generate(
        self,
        resolved: ResolvedQuestion,
        hits: list[NodeWithScore],
        readings: list[tuple[str, Reading]],
        started: float,
        retrieved: float,
        turns: Sequence[Turn] = (),
    ) -> Iterator[StreamItem]:
        def extractive() -> Generated:
            reading = readings[0][1]
            # With several meetings indexed, an answer always says which meeting it is from; with one, when the
            # question asks which meeting ("Which meeting did Jeff Sessions attend?").
            named_meeting = self.several_meetings or self._question(resolved).one_meeting
            if len(readings) > 1 or (reading.outcome == "answer" and named_meeting):
                named = [(self.meetings.get(d or r.chosen[0].paragraph.document), d, r) for d, r in readings]
                text, citations = self.composer.per_meeting(named)
                return Generated(text, False, citations, "extractive", note=reading.note or None)
            if reading.outcome == "answer":
                text, citations = self.composer.answer(reading)
                return Generated(text, False, citations, "extractive", note=reading.note or None)
            text, related = self.composer.not_answered_text(reading), self.composer.related(reading)
            return Generated(text, True, [], "extractive", outcome=reading.outcome, related=related)

        # Evidence first, answer next: the reading is made once, shown at once, and is what an LLM generator
        # falls back to (and what decides whether the model is asked at all).
        reading = extractive()
        yield Evidence(
            outcome=reading.outcome, answer=reading.answer, citations=reading.citations, related=reading.related
        )
        if self.llm is None:
            result = reading
            yield result.answer
        else:
            result = None
            sources = self._sources(hits)[: self.settings.llm_paragraphs]
            # The reader found no answer: a model statement must at least cite a paragraph that names what the
            # question pins down ("Who led the Japanese delegation?" is not answered by who led the US one).
            admits = self._names_what_is_pinned(resolved) if reading.outcome == "not_stated" else None
            history = turns if resolved.followup else ()
            for item in self.llm.stream(resolved.question, sources, reading, admits, history):
                if isinstance(item, Generated):
                    result = item
                else:
                    yield item
            assert result is not None
        done = time.perf_counter()
        yield Answer(
            answer=result.answer,
            abstained=result.abstained,
            citations=result.citations,
            outcome=result.outcome,
            related=result.related,
            generator=result.generator,
            fallback_reason=result.fallback_reason,
            dropped=result.dropped,
            note=result.note,
            timings_ms=Timings(
                retrieve=round((retrieved - started) * 1000, 2),
                synthesize=round((done - retrieved) * 1000, 2),
                total=round((done - started) * 1000, 2),
            ),
        )

    def _names_what_is_pinned(self, resolved: ResolvedQuestion) -> Callable[[str, Citation], bool]:
        """The reader's constraint check (rag/reader/constraints.py) for a statement written of a cited paragraph:
        the names, parties and figures the question pins down must be in the statement, its paragraph and section
        or (generic names) its document's header, and the statement must not speak of other parties only; and the
        statement gives the kind of answer asked for, as the reader's sentences must ("How many liaison officers
        ...?" is not answered by "Both sides exchange liaison officers"), and names no party the sentence it is
        written from does not (parties_agree)."""
        question = self._question(resolved)

        def admits(statement: str, source: Citation) -> bool:
            record = self.records.get(source.document)
            around = ConstraintEvidence(
                sentence=statement,
                paragraph=f"{source.section} {source.text}",
                document=record.title_text if record else "",
                meeting_parties=record.meeting_parties if record else frozenset(),
            )
            return (
                check(question, around).satisfied
                and gives_what_is_asked(question, statement, source)
                and parties_agree(statement, source)
            )

        return admits

    def _sources(self, hits: list[NodeWithScore]) -> list[Citation]:
        """The retrieved paragraphs, whole and in rank order, as citations an LLM may use (n: their rank)."""
        sources: dict[str, Citation] = {}
        for hit in hits:
            pid = (hit.node.metadata or {}).get("paragraph_id", hit.node.node_id)
            if pid not in sources:
                text = self.paragraph_text(pid) or hit.node.get_content()
                view = self._reader_paragraph(pid) or Paragraph(pid, "", "", text, 0)
                label = self.paragraphs[pid].label if pid in self.paragraphs else pid
                meeting = self.meetings.get(view.document)
                sources[pid] = citation(view, len(sources) + 1, label, "", float(hit.score or 0.0), meeting)
        return list(sources.values())


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while an engine loads, and what the load made frozen after it: a start
    makes hundreds of thousands of objects that all stay alive (the stored rows, the paragraphs), and every
    collection pass walked them all again, a second of the start at 100k paragraphs (measured), or, collected
    after it, a pause inside some question. Frozen objects are still freed by reference counting; an engine loaded
    later unfreezes them first, so the cycles of one it replaces are collected then."""
    paused = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if paused:
            gc.enable()


def _answered(readings: list[tuple[str, Reading]]) -> bool:
    return readings[0][1].outcome == "answer"
