"""The extractive generator: a llama-index synthesizer that answers with the proceedings' own sentences.

It scores every sentence of the retrieved paragraphs against the question (dense cosine of precomputed
sentence vectors, IDF-weighted term overlap, and the paragraph's own relevance), keeps the best one or two
that actually answer (the right kind of answer: a figure for "how many", a date for "when"), orders them as
the document does and cites each with a marker [n] -> citations[n-1]. When the evidence is too weak, or the
question names something the proceedings never mention, it abstains and cites nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.response.schema import Response
from llama_index.core.response_synthesizers.base import BaseSynthesizer
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle, TextNode

from rag.contract import Citation
from rag.embeddings import MiniLMEmbedding
from rag.header_questions import answer_field, asks_for_overview, match_field
from rag.text import split_sentences, terms, words

ABSTENTION = "The proceedings do not cover this."
SentenceLookup = Callable[[list[str]], dict[str, tuple[str, np.ndarray]]]

_NUMERIC_Q = re.compile(
    r"\bhow (many|much|often|long)\b|\bnumber of\b|\b(percentage|share|amount|figure|budget|cost|price|"
    r"funding|sum|total)\b",
    re.I,
)
_TEMPORAL_Q = re.compile(r"^\s*when\b|\b(what|which) (date|year|month|day)\b|\bby when\b|\bwhat time\b", re.I)
# A count or amount: a number that is not a year, or a number word. Ordinals and "half" ("the second half of
# 2018") are not answers to "how many".
_NUMBER = re.compile(
    r"(?<![\d/.-])(?!(?:19|20)\d\d\b)\d[\d,.]*(?![\d/])|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|dozens|single|both)\b",
    re.I,
)
_DATE = re.compile(
    r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"spring|summer|autumn|winter|next|future|half|week|weeks|month|months|year|years|today|yesterday)\b",
    re.I,
)
# A question in two parts ("..., and what did ...?", "compare ...", "how does X differ from Y?") needs evidence
# for each part, which usually sits in two paragraphs.
_TWO_PART_Q = re.compile(
    r",\s*and\s+(?:what|how|which|who|whom|where|when|why|did|does|do|is|are|was|were)\b|"
    r"\b(?:compare|comparison|contrast|differ|differs|difference|differences|each)\b",
    re.I,
)
_QUESTION_WORDS = frozenset(
    [
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "did",
        "does",
        "do",
        "was",
        "were",
        "is",
        "are",
        "can",
        "could",
        "would",
        "will",
        "should",
        "tell",
        "list",
        "name",
        "give",
        "describe",
        "explain",
        "summarise",
        "summarize",
        "please",
    ]
)
# Weights of the sentence score; calibrated on the question sets in tests/ and evals/.
_W_DENSE, _W_LEXICAL, _W_PARAGRAPH = 0.55, 0.30, 0.15
_SECTION_WEIGHT = 0.5  # a term matched only in the section title counts half
_NEAR_DUPLICATE = 0.82  # cosine above which a second sentence adds nothing new
_REPEAT_PENALTY = 0.15  # a follow-up asks for something new: the previous answer's sentences rank lower
_MARGIN = 0.06  # a second sentence must score within this of the best


@dataclass
class CorpusStats:
    """What the synthesizer knows of the whole corpus: term rarity, and what is mentioned at all."""

    idf: dict[str, float]
    default_idf: float
    text: str  # all indexed text, lower-cased, for "is this name mentioned anywhere?"

    @classmethod
    def from_nodes(cls, nodes: Sequence[BaseNode]) -> CorpusStats:
        frequency: Counter[str] = Counter()
        texts = []
        for node in nodes:
            content = f"{node.metadata.get('section', '')} {node.get_content()}"
            texts.append(content.lower())
            frequency.update(set(terms(content)))
        total = max(len(nodes), 1)
        idf = {term: math.log(1 + total / count) for term, count in frequency.items()}
        return cls(idf, math.log(1 + total), "\n".join(texts))

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)

    def unknown_names(self, question: str) -> list[str]:
        """Names, acronyms and figures in the question that appear nowhere in the corpus."""
        unknown = []
        for i, word in enumerate(words(question)):
            bare = re.sub(r"['’]s$", "", word)
            salient = bare[:1].isupper() or any(c.isdigit() for c in bare)
            if i == 0 and not (bare.isupper() and len(bare) > 1):
                salient = salient and bare.lower() not in _QUESTION_WORDS and any(c.isdigit() for c in bare)
            if not salient or bare.lower() in _QUESTION_WORDS:
                continue
            probe = bare.lower()[:6]  # a shared stem is enough: "American" ~ "America", "Bulgarian" ~ "Bulgaria"
            if probe not in self.text:
                unknown.append(bare)
        return unknown


@dataclass
class _Candidate:
    hit: NodeWithScore
    sentence_id: str
    position: int  # sentence index within its paragraph
    text: str
    vector: np.ndarray
    score: float = 0.0


class ExtractiveSynthesizer(BaseSynthesizer):
    def __init__(
        self,
        embed_model: MiniLMEmbedding,
        stats: CorpusStats,
        *,
        sentence_lookup: SentenceLookup | None = None,
        paragraph_text: Callable[[str], str] | None = None,
        document_metadata: Callable[[str], dict[str, str]] | None = None,
        abstain_threshold: float = 0.38,
        max_sentences: int = 2,
    ) -> None:
        from llama_index.core.llms import MockLLM

        super().__init__(llm=MockLLM())  # never called: this synthesizer writes no text of its own
        self._embed = embed_model
        self._stats = stats
        self._lookup = sentence_lookup
        self._paragraph_text = paragraph_text or (lambda pid: "")
        self._document_metadata = document_metadata or (lambda doc: {})
        self.abstain_threshold = abstain_threshold
        self.max_sentences = max_sentences

    def _get_prompts(self) -> dict[str, Any]:
        return {}

    def _update_prompts(self, prompts: dict[str, Any]) -> None:
        pass

    # llama-index's plain interface: text chunks in, answer text out (no precomputed vectors needed).
    def get_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        nodes = [
            NodeWithScore(node=TextNode(text=t, id_=f"chunk {i + 1}"), score=1.0) for i, t in enumerate(text_chunks)
        ]
        return str(self.synthesize(query_str, nodes, **kwargs))

    async def aget_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        return self.get_response(query_str, text_chunks, **kwargs)

    def synthesize(  # type: ignore[override]
        self,
        query: QueryBundle | str,
        nodes: list[NodeWithScore],
        additional_source_nodes: Sequence[NodeWithScore] | None = None,
        question: str | None = None,
        already_said: str = "",
        **kwargs: Any,
    ) -> Response:
        bundle = QueryBundle(query) if isinstance(query, str) else query
        question = question or bundle.query_str
        if bundle.embedding is None:
            bundle.embedding = self._embed.get_query_embedding(bundle.query_str)

        # A name the proceedings never mention rules out every kind of answer, the header's and the Summary's
        # included ("summarise the Privacy Shield agreement" must not get the meeting's Summary).
        unknown = self._stats.unknown_names(question)
        if unknown:
            return _abstain(f"The proceedings never mention {', '.join(unknown)}.")
        header = self._header_answer(question, nodes)
        if header is not None:
            return header
        candidates = self._candidates(nodes)
        if not candidates:
            return _abstain("Nothing relevant was retrieved.")
        self._score(candidates, bundle, already_said)
        chosen = self._select(candidates, question)
        if not chosen:
            best = max(c.score for c in candidates)
            return _abstain(f"No sentence answers it well enough (best evidence {best:.2f}).")
        return _compose(chosen, self._paragraph_text)

    def _header_answer(self, question: str, nodes: list[NodeWithScore]) -> Response | None:
        """Questions about the document itself: its header fields, or an overview (its own Summary)."""
        documents = list(dict.fromkeys(n.node.metadata.get("document") for n in nodes if n.node.metadata))
        for document in documents:
            metadata = self._document_metadata(document)
            summary_id = metadata.get("summary_paragraph", "")
            if asks_for_overview(question) and self._paragraph_text(summary_id):
                return self._summary_answer(document, summary_id)
            field = match_field(question, metadata)
            if field is None:
                continue
            header_id = f"{document} header"
            header_text = self._paragraph_text(header_id)
            sentence, quote = answer_field(field, metadata, header_text)
            return _one_source(f"{sentence} [1].", header_id, document, "Header", header_text, quote, f"header:{field}")
        return None

    def _summary_answer(self, document: str, paragraph_id: str) -> Response:
        text = self._paragraph_text(paragraph_id)
        answer = " ".join(_with_marker(sentence, 1) for sentence in split_sentences(text))
        return _one_source(answer, paragraph_id, document, "Summary", text, text, "summary")

    def _candidates(self, nodes: list[NodeWithScore]) -> list[_Candidate]:
        wanted: list[tuple[NodeWithScore, str, int, str | None]] = []
        for hit in nodes:
            meta = hit.node.metadata or {}
            if meta.get("number") == 0:
                continue  # header lines are answered by field (above), never stitched into prose
            if "first_sentence" in meta:
                pid, first = meta["paragraph_id"], int(meta["first_sentence"])
                wanted += [(hit, f"{pid}#{first + i}", first + i, None) for i in range(int(meta["sentence_count"]))]
            else:
                sentences = split_sentences(hit.node.get_content())
                wanted += [(hit, f"{hit.node.node_id}#{i}", i, s) for i, s in enumerate(sentences)]
        found = self._lookup([sid for _, sid, _, text in wanted if text is None]) if self._lookup else {}
        missing = [text for _, sid, _, text in wanted if text is not None]
        vectors = iter(self._embed.embed(missing)) if missing else iter(())
        candidates = []
        for hit, sid, position, text in wanted:
            if text is None:
                if sid not in found:
                    continue
                text, vector = found[sid]
            else:
                vector = next(vectors)
            candidates.append(_Candidate(hit, sid, position, text, np.asarray(vector, dtype=np.float32)))
        return candidates

    def _score(self, candidates: list[_Candidate], bundle: QueryBundle, already_said: str = "") -> None:
        query_vector = np.asarray(bundle.embedding, dtype=np.float32)
        dense = np.stack([c.vector for c in candidates]) @ query_vector
        weights = {t: self._stats.weight(t) for t in terms(bundle.query_str)}
        total = sum(weights.values()) or 1.0
        for candidate, cosine in zip(candidates, dense, strict=True):
            sentence_terms = set(terms(candidate.text))
            section_terms = set(terms(candidate.hit.node.metadata.get("section", "")))
            matched = sum(w for t, w in weights.items() if t in sentence_terms)
            matched += _SECTION_WEIGHT * sum(w for t, w in weights.items() if t in section_terms - sentence_terms)
            paragraph = getattr(candidate.hit, "dense", None)
            paragraph = float(paragraph) if paragraph is not None else float(cosine)
            candidate.score = _W_DENSE * float(cosine) + _W_LEXICAL * (matched / total) + _W_PARAGRAPH * paragraph
            if already_said and candidate.text.rstrip(".!?") in already_said:
                candidate.score -= _REPEAT_PENALTY

    def _select(self, candidates: list[_Candidate], question: str) -> list[_Candidate]:
        kind = _answer_kind(question)
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        fitting = [c for c in ranked if c.score >= self.abstain_threshold and _fits(kind, c.text)]
        if not fitting:
            return []
        chosen = [fitting[0]]
        if _TWO_PART_Q.search(question) and self.max_sentences > 1:
            # The best sentence of another paragraph joins even when it scores well below the best one.
            first = _paragraph_of(fitting[0])
            other = next((c for c in fitting[1:] if _paragraph_of(c) != first), None)
            return chosen + ([other] if other is not None else [])
        for candidate in fitting[1:]:
            if len(chosen) >= self.max_sentences or candidate.score < fitting[0].score - _MARGIN:
                break
            if all(float(candidate.vector @ c.vector) < _NEAR_DUPLICATE for c in chosen):
                chosen.append(candidate)
        return chosen


def _paragraph_of(candidate: _Candidate) -> str:
    return str((candidate.hit.node.metadata or {}).get("paragraph_id", candidate.hit.node.node_id))


def _answer_kind(question: str) -> str:
    if _NUMERIC_Q.search(question):
        return "number"
    if _TEMPORAL_Q.search(question):
        return "date"
    return "any"


def _fits(kind: str, sentence: str) -> bool:
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    return True


def _one_source(answer: str, pid: str, document: str, section: str, text: str, quote: str, reason: str) -> Response:
    """An answer that cites one paragraph as [1]: the header's fields, or the document's own Summary."""
    number = pid.rsplit("¶", 1)[-1] if "¶" in pid else ""
    label = f"{document} · {section}" + (f" · ¶{number}" if number else "")
    citation = Citation(n=1, id=pid, label=label, document=document, section=section, text=text, quote=quote, score=1.0)
    return Response(answer, source_nodes=[], metadata={"abstained": False, "citations": [citation], "reason": reason})


def _abstain(reason: str) -> Response:
    return Response(ABSTENTION, source_nodes=[], metadata={"abstained": True, "citations": [], "reason": reason})


def _with_marker(sentence: str, n: int) -> str:
    match = re.search(r"[.!?][\"')\]]*$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{n}]{sentence[match.start() :]}"
    return f"{sentence} [{n}]."


def citation_for(hit: NodeWithScore, n: int, text: str, quote: str, score: float) -> Citation:
    """Citation [n] of the paragraph a retrieved chunk belongs to (`text`: the whole paragraph)."""
    meta = hit.node.metadata or {}
    pid = meta.get("paragraph_id", hit.node.node_id)
    return Citation(
        n=n,
        id=pid,
        label=meta.get("label", pid),
        document=meta.get("document", ""),
        section=meta.get("section", ""),
        text=text,
        quote=quote,
        score=round(score, 4),
    )


def _compose(chosen: list[_Candidate], paragraph_text: Callable[[str], str]) -> Response:
    def reading_order(c: _Candidate) -> tuple[str, int, int]:
        meta = c.hit.node.metadata or {}
        return (meta.get("document", ""), int(meta.get("number", 0)), c.position)

    chosen = sorted(chosen, key=reading_order)
    citations: dict[str, Citation] = {}
    parts = []
    for candidate in chosen:
        meta = candidate.hit.node.metadata or {}
        pid = meta.get("paragraph_id", candidate.hit.node.node_id)
        if pid not in citations:
            text = paragraph_text(pid) or candidate.hit.node.get_content()
            citations[pid] = citation_for(candidate.hit, len(citations) + 1, text, candidate.text, candidate.score)
        else:
            citation = citations[pid]
            citation.quote = f"{citation.quote} {candidate.text}"
            citation.score = round(max(citation.score, candidate.score), 4)
        parts.append(_with_marker(candidate.text, citations[pid].n))
    return Response(
        " ".join(parts),
        source_nodes=[c.hit for c in chosen],
        metadata={"abstained": False, "citations": list(citations.values()), "reason": "extractive"},
    )
