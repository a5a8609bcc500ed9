"""The extractive reader: scores every candidate with the learned scorer, rules out those that break the
question's constraints or give the wrong kind of answer, and decides the outcome.

- answer: the best eligible candidate is likely enough to answer (its probability reaches the threshold chosen
  on the dev split); a second sentence joins when the question has two parts or it is nearly as likely.
- not_stated: the proceedings hold related passages but none of them answers; the closest are shown, not
  asserted.
- out_of_scope: nothing retrieved is even about the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from llama_index.core.schema import NodeWithScore

from rag.corpus import ABBREVIATION, CorpusStats
from rag.meeting import AT_THE_NEXT, FIELD_QUESTIONS
from rag.reader.answer_types import STATEMENT_KINDS, TYPED
from rag.reader.candidates import (
    STATED_NOUNS,
    Candidate,
    DocumentView,
    Paragraph,
    SentenceLookup,
    counted,
    counts_only_those_left_out,
    listed,
    names_given,
    sentence_candidates,
    slot_cover,
)
from rag.reader.causes import (
    EFFECTS_FLOOR,
    REASON_FLOOR,
    effect_unsaid,
    gives_a_cause,
    giving_the_effect,
    giving_the_reason,
)
from rag.reader.constraints import CLAUSES, ConstraintCheck, Evidence, check, speaking
from rag.reader.eligibility import (
    DELEGATION_FACTS,
    OWN_MEETING,
    asks_whether_came,
    asks_whether_they_came,
    eligible,
    in_statement,
    overview_of_a_matter,
    states_the_event,
)
from rag.reader.facts_first import (
    FIELD_MATCH,
    TYPED_FACT_FLOOR,
    field_asked,
    names_what_happened_where,
    other_sides,
    typed_fact,
    typed_fact_first,
    where_it_happened,
    writing_the_country,
)
from rag.reader.features import FEATURES, GATE_FEATURES, featurize, gate_row
from rag.reader.on_topic import (
    TOPIC_GATE,
    actors,
    decided_under_its_heading,
    of_another_kind,
    said_by_the_one_asked,
    said_on_the_topic,
    staging_the_matter,
    stated_by_the_one_asked,
    stated_on_the_topic,
    stating_the_plan,
    taken_up_again_next,
)
from rag.reader.question import Question
from rag.reader.question_meeting import DOCUMENT_PART
from rag.reader.question_wording import TALK_TERMS, asks_what_was_sought
from rag.reader.requests import (
    DIVERGENCE_FLOOR,
    PART_NAMED_THRESHOLD,
    SAID_TERMS,
    TOPIC_THRESHOLD,
    asks_whether_it_came_up,
    asks_who_came_for_a_side,
    in_the_part_named,
    said_there_by,
    stating_divergence,
    topic_asked,
)
from rag.reader.scorer import AnswerScorer
from rag.reader.tokens import TokenRecall, TokenVectors, words_to_match
from rag.reader.vocabulary import FRAME_WORDS, Vocabulary
from rag.text import terms, words

Outcome = Literal["answer", "not_stated", "out_of_scope"]
NEVER_MENTIONED = "they never mention"  # the reason given for a name no indexed text has
NOT_IN_THE_CLOSEST = "the closest passages do not mention"  # ... and for one the passages found do not have
_WHICH = re.compile(r"\W*(?:and\s+|so\s+)?which\b", re.IGNORECASE)  # "Which companies?": which ones, by name
_FRAME_TERMS = frozenset(terms(" ".join(FRAME_WORDS)))  # words of asking, stemmed
_NEAR_DUPLICATE = 0.82  # cosine above which a second sentence adds nothing new
_SAME_STEM = 5  # letters two stems share when one word is written two ways ("prioriti", "prioritis")
# More of the best sentence's paragraph is given when likely enough: the best sentence alone often names the topic
# and leaves what was said of it to the next ("Both sides agreed to exchange information on threats to electoral
# processes" and then the Rapid Alert System; "... vulnerability of electoral systems ..." and then "Both sides
# agreed to explore this issue ..."). 0.25 answered one train question more than 0.15, 0.35 none more.
_MORE_OF_THE_PARAGRAPH = 0.25
_TOKEN_RECALL = GATE_FEATURES.index("top_token_recall")
_REPEATED = FEATURES.index("repeated")
_UNKNOWN_SHARE = FEATURES.index("unknown_share")
# A follow-up's answer is asserted at this lower gate probability when it comes from the passage the conversation
# is on (the paragraphs the last answer quoted). Chosen on train and dev: 0.6 answered three more train follow-ups,
# 0.5 four (and one wrongly: a cascade from a refused turn), 0.45 one more dev question, 0.4 answered an
# unanswerable one ("Who will chair it?", gate 0.43).
PASSAGE_THRESHOLD = 0.5
# Each part of a document set side by side answers with its best sentence when at least this likely (as each
# meeting of a comparison does, rag/engine.py COMPARED_PROBABILITY).
PART_PROBABILITY = 0.5
# Below this dense cosine no retrieved paragraph is about the question at all: out of scope, nothing related.
RELATED_FLOOR = 0.25


@dataclass
class Reading:
    """What the reader decided, with the candidates behind it (the composer turns it into the contract)."""

    outcome: Outcome
    chosen: list[Candidate] = field(default_factory=list)  # asserted, in reading order
    related: list[Candidate] = field(default_factory=list)  # shown, not asserted (not_stated)
    reason: str = ""
    summary: Paragraph | None = None  # an overview answered by a document's own Summary, whole
    by_part: bool = False  # the outcome's and the joint statement's answers, side by side (said apart)
    note: str = ""  # what the reader should know about the answer ("no passage says what the US said on it")


class ExtractiveReader:
    def __init__(
        self,
        scorer: AnswerScorer,
        stats: CorpusStats,
        *,
        lookup: SentenceLookup,
        paragraph: Callable[[str], Paragraph | None],
        document: Callable[[str], DocumentView | None],
        facts: Callable[[str], list[Candidate]],
        embed: Callable[[list[str]], np.ndarray],
        tokens: TokenVectors,
        vocabulary: Vocabulary | None = None,
        max_sentences: int = 2,
    ) -> None:
        self.scorer = scorer
        self.stats = stats
        self._lookup = lookup
        self._paragraph = paragraph
        self._document = document
        self._facts = facts
        self._embed = embed
        self.token_recall = TokenRecall(tokens)
        self._vocabulary = vocabulary
        self.max_sentences = max_sentences

    def candidates(
        self,
        question: Question,
        hits: Sequence[NodeWithScore],
        query_vector: np.ndarray,
        *,
        context: str = "",
        already_said: str = "",
        asked_vector: np.ndarray | None = None,
    ) -> tuple[list[Candidate], list[ConstraintCheck]]:
        """Every candidate with its evidence, constraint check, features and probability. `asked_vector`: the
        question's own words without a follow-up's borrowed context, matched against the facts' fields."""
        candidates = sentence_candidates(hits, self._lookup, self._paragraph, self._embed)
        retrieved: dict[str, dict[str, str]] = {}  # document -> its retrieved paragraphs' text
        for candidate in candidates:
            retrieved.setdefault(candidate.paragraph.document, {})[candidate.paragraph.id] = candidate.paragraph.text
        # The documents retrieval found, in rank order: their facts are candidates even when only a header was hit
        # (a header has no sentence candidates of its own).
        documents = list(
            dict.fromkeys(
                [*(h.node.metadata.get("document", "") for h in hits), *(c.paragraph.document for c in candidates)]
            )
        )
        documents = [d for d in documents if d]
        facts = []
        for rank, document in enumerate(documents):
            for fact in self._facts(document):
                fact.hit_rank = rank
                facts.append(fact)
        # A sentence that is itself a fact ("The US delegation was headed by ...") is kept once, as the fact:
        # the fact knows what it states (a delegation's head), the sentence does not.
        sentences = {(c.paragraph.id, c.text): c for c in candidates}
        for fact in facts:
            if (same := sentences.pop((fact.paragraph.id, fact.text), None)) is not None:
                fact.hit_rank, fact.dense, fact.bm25 = same.hit_rank, same.dense, same.bm25
                fact.position = same.position
        candidates = [*sentences.values(), *facts]
        checks = []
        summaries = set()
        for candidate in candidates:
            view = self._document(candidate.paragraph.document)
            if view is not None and view.summary_paragraph:
                summaries.add(view.summary_paragraph)
            # (under its headings, the parent's too: "Crime exploiting the pandemic" is under "1 Impact of the
            # COVID-19 pandemic", which names what its sentences call "the pandemic")
            around = f"{candidate.paragraph.headings} {candidate.paragraph.text}"
            if candidate.fact_field in OWN_MEETING and question.about_meeting and typed_fact(question, candidate):
                # "Where was the meeting at which Whitaker led the US delegation?": a meeting's own place or dates
                # answer for what its retrieved passages say happened there (only when the question is about a
                # meeting and asks for its place or dates: "When does the PNR agreement expire?" or "What did the
                # US say about PNR at each meeting?" are never answered by the meeting's dates).
                around += " " + " ".join(retrieved.get(candidate.paragraph.document, {}).values())
            candidate.evidence = Evidence(
                sentence=candidate.text,
                paragraph=around,
                document=view.title_text if view else "",
                meeting_parties=view.meeting_parties if view else frozenset(),
            )
            checks.append(check(question, candidate.evidence))
        for candidate in candidates:
            if candidate.field_vector is not None:
                candidate.field_cosine = float(
                    candidate.field_vector @ (query_vector if asked_vector is None else asked_vector)
                )
        matched = self._vocabulary.match(question.text) if self._vocabulary else None
        if question.counted:
            stem = terms(question.counted)[:1]
            near = matched.expansions.get(stem[0], frozenset()) if matched and stem else frozenset()
            nouns = frozenset(stem) | near
            for candidate in candidates:
                candidate.counted = counted(candidate.text, nouns)
                candidate.listed = listed(candidate.text, nouns)
                candidate.counts_asked = candidate.kind == "fact" or bool(candidate.counted)
        for candidate in candidates:
            candidate.named = names_given(candidate.text, question.answer_types, question.text)
        slot = terms(question.slot)[:1] if question.slot else []
        if slot and matched and slot[0] in matched.similarity:
            for candidate in candidates:
                # A fact names its kind in its field's description too ("the venue"; "Which agencies ...?" is
                # not asked of the meeting's name).
                said = f"{candidate.text} {FIELD_QUESTIONS.get(candidate.fact_field, '')}"
                if question.slot.lower() in STATED_NOUNS:
                    said += f" {candidate.paragraph.text}"
                candidate.slot_cover = slot_cover(said, slot[0], matched.similarity[slot[0]])
        rows = featurize(
            question,
            candidates,
            checks,
            query_vector,
            self.stats,
            context=context,
            already_said=already_said,
            summaries=frozenset(summaries),
            words=matched,
        )
        for candidate, row, probability in zip(candidates, rows, self.scorer.probabilities(rows), strict=True):
            candidate.features, candidate.probability = row, float(probability)
        return candidates, checks

    def read(
        self,
        question: Question,
        hits: Sequence[NodeWithScore],
        query_vector: np.ndarray,
        *,
        context: str = "",
        already_said: str = "",
        threshold: float | None = None,
    ) -> Reading:
        candidates, checks = self.candidates(question, hits, query_vector, context=context, already_said=already_said)
        return self.decide(question, candidates, checks, self.scorer.threshold if threshold is None else threshold)

    def gate_row(self, question: Question, ranked: list[Candidate], total: int) -> np.ndarray:
        """The gate's row for eligible candidates, best first."""
        return gate_row(ranked, total, self._recall(question, ranked[0].text))

    def _recall(self, question: Question, sentence: str) -> float:
        """How much of the question the sentence states, word by word (rag/reader/tokens.py), with each abbreviation
        the sentence does not write spelled out as the corpus defines it: "VWP" is "Visa Waiver Programme" where the
        video conference's proceedings never abbreviate it (the model reads the two far apart)."""
        asked = words_to_match(question)
        for short in dict.fromkeys(ABBREVIATION.findall(asked)):
            if (spelled := self.stats.spelled.get(short.lower())) and short not in sentence:
                asked = re.sub(rf"\b{re.escape(short)}\b", spelled, asked)
        return self.token_recall.recall(asked, sentence)

    def _confidence(
        self, question: Question, ranked: list[Candidate], total: int, threshold: float, words_stated: bool = False
    ) -> float:
        """The gate's probability. Its word-by-word match costs a model pass (about 10 ms a question), so it is
        read only when its value could change the decision: the gate is linear in it, and it lies in [0, 1], so
        the probability lies between the two ends; when both are on one side of the threshold, that end is it.
        (Exact either way: a decision never rests on an end the match could not reach.) `words_stated`: the best
        candidate is known to state every word asked about, so the match is taken as full."""
        row = gate_row(ranked, total, 1.0 if words_stated else 0.0)
        if words_stated:
            return self.scorer.answerable(row)
        low, high = self.scorer.answerable_range(row, _TOKEN_RECALL, 0.0, 1.0)
        if low >= threshold:
            return low
        if high < threshold:
            return high
        row[_TOKEN_RECALL] = self._recall(question, ranked[0].text)
        return self.scorer.answerable(row)

    def decide(
        self,
        question: Question,
        candidates: list[Candidate],
        checks: list[ConstraintCheck],
        threshold: float,
        side_by_side: bool = False,
    ) -> Reading:
        """The outcome, from scored candidates (apart from `read` so that training can re-score and decide).
        `side_by_side`: one meeting's part of a comparison: what the document's body says, never its Summary's
        sentences (which only name the topics) where the body has an eligible one."""
        # How close the proceedings come at all: the best cosine of any candidate (feature 0) or paragraph.
        about = max((max(float(c.features[0]), c.dense) for c in candidates if c.features.size), default=0.0)
        if question.unknown:
            names = _as_written(question.text, list(question.unknown))
            return self._not_answered(candidates, about, f"{NEVER_MENTIONED} {names}")
        ranked = sorted(eligible(question, candidates, checks), key=lambda c: c.probability, reverse=True)
        if question.names_next and "overview" in question.answer_types:
            # "What was discussed at the Brussels meeting?" (Ottawa's next one): the proceedings only announce it, and
            # a document's Summary sums up its own meeting (Sofia's had answered).
            return self._not_answered(candidates, about, "they only announce that meeting, which is still to come")
        if (
            question.about_next
            and question.answer_types & {"decision", "overview"}
            and AT_THE_NEXT.search(question.text)
        ):
            # "What was agreed at the next meeting?": nothing yet; this meeting's agreements had been listed.
            return self._not_answered(candidates, about, "they only announce that meeting, which is still to come")
        if side_by_side and "overview" not in question.answer_types:
            ranked = [c for c in ranked if not self._in_summary(c)] or ranked
        elif "overview" in question.answer_types and overview_of_a_matter(question):
            # "Summarise the cybersecurity discussion": that matter's part, never the Summary's sentences (which
            # only name the meeting's topics, and had been given as the summary of any).
            ranked = [c for c in ranked if not self._in_summary(c)]
        elif len(question.speakers) == 1 and "overview" not in question.answer_types:
            # What one side said is never the document's Summary, which says what the meeting covered, by no one:
            # "What did the EU say about e-evidence?" had been "the meeting also paved the way to pursue further
            # bilateral consultations on ... e-evidence".
            ranked = [c for c in ranked if not self._in_summary(c)]
        # (the share of the question's constraints each candidate's sentence satisfies by itself)
        stated = {id(c): ok.in_sentence for c, ok in zip(candidates, checks, strict=True)}
        confidence: float | None = None  # the gate's, read below unless a structured answer makes it 1
        own_side = False  # the answer is what one side said, in its own sentences
        if (own := said_by_the_one_asked(question, ranked)) is not None:
            # (and only its sentences: "What was the US position on drugs?" had begun with both sides' agreeing)
            ranked, own_side = [own, *(c for c in ranked if c is not own)], True
        elif (own := stated_by_the_one_asked(question, ranked, self.stats.spelled, self.near(question))) is not None:
            # (What one side asked for or worried about on a matter, said by it in the paragraph on that matter.)
            ranked, confidence, own_side = [own, *(c for c in ranked if c is not own)], 1.0, True
        elif (own := said_on_the_topic(question, ranked, self.stats.spelled)) is not None:
            # (The side and the topic are the conversation's: its own sentence there is what it said.)
            ranked, confidence, own_side = [own, *(c for c in ranked if c is not own)], 1.0, True
        # An overview whose best evidence is the document's own Summary asks for the whole, not one field of it.
        whole = bool(ranked) and self._summary_for(question, ranked[0]) is not None
        if not whole and (asked_field := field_asked(question, candidates, ranked)):
            # The question asks for one field of the document or meeting ("To whom is the note addressed?"):
            # that fact, read from the header or statement, is the answer.
            ranked = [asked_field, *(c for c in ranked if c is not asked_field)]
            confidence = 1.0
        elif (
            "overview" in question.answer_types
            and not overview_of_a_matter(question)
            and (summary := next((c for c in ranked if c.fact_field == "summary"), None)) is not None
        ):
            # An overview of the whole meeting ("What were the highlights?") is the document's own Summary, however
            # far its words are from the question's (it had been "out of scope").
            ranked = [summary, *(c for c in ranked if c is not summary)]
            confidence = 1.0
        elif ranked and "expansion" in question.answer_types:
            # Every eligible candidate spells the abbreviation out in its own words ("Passenger Name Records
            # (PNR)"): a definition the text states, as structured as a header field.
            confidence = 1.0
        elif ranked and not question.compares and (fact := typed_fact_first(question, ranked)) is not None:
            # A meeting or document fact of exactly the kind asked for ("when" -> the meeting's dates), ranked
            # first or confirmed by the sentence ranked first: structured data read from the header or statement,
            # asserted without the prose gate (unless the question compares two statements: "How does her title in
            # the outcome differ from the statement's?").
            ranked = [fact, *(c for c in ranked if c is not fact)]
            confidence = 1.0
        elif (
            ranked
            and ranked[0].fact_field in DELEGATION_FACTS
            and (
                (asks_whether_came(question) and _named_in(ranked[0], candidates, checks))
                # ("Did he attend the video conference?" after Chad Wolf: eligible, the record names him)
                or asks_whether_they_came(question)
            )
        ):
            # "Did Chad Wolf attend the Helsinki meeting?": the record of the delegations names him, as read from
            # the header or statement (asserted without the prose gate, as a fact of the kind asked is).
            confidence = 1.0
        elif asks_who_came_for_a_side(question) and not any(c.fact_field in DELEGATION_FACTS for c in ranked):
            # "Who came from Canada?": only a record of a side's delegation says who came for it; a sentence
            # naming Canada ("... negotiations between the EU and Canada") says nothing of who came.
            named = dict.fromkeys(c.party or c.text for c in question.constraints)
            sides = ", ".join(f"the {p}" if p.isupper() else p for p in named)
            # (the records of who came are about the question, however far its words are from them: "Was the US?",
            # its meeting taken out, had been "The proceedings do not cover this")
            return self._not_answered(candidates, max(about, RELATED_FLOOR), f"they record no delegation from {sides}")
        if (country := writing_the_country(question, ranked)) is not None:
            ranked = [country, *(c for c in ranked if c is not country)]
        if len(question.parts) == 2 or (question.parts and question.two_parts):
            # "What do the outcome section and the joint statement say about the Visa Waiver Programme?": each
            # part's own best statement, side by side (as meetings compared are), when the ranker finds it likely;
            # one part alone would answer half the question.
            if each := _each_part(question, ranked):
                return Reading("answer", each, reason="each part of the document", by_part=True)
            why = "not both parts of the document speak of it clearly" if ranked else None
            return self._not_answered(candidates, about, why or _why_not(question, candidates, checks, ranked))
        if confidence is None:
            confidence = self._confidence(question, ranked, len(candidates), threshold) if ranked else 0.0
        reason = f"answer confidence {confidence:.2f}"
        if (
            ranked
            and confidence < threshold
            and (passage := self._on_the_passage(question, candidates, ranked, threshold))
        ):
            ranked, confidence, threshold = passage
            reason = f"answer confidence {confidence:.2f}, on the passage the conversation is on"
        elif ranked and confidence < threshold and (stating := self._stating_the_whole_topic(question, ranked)):
            # Every word of the topic is stated (or one the model reads as it): the word-by-word match is full.
            ranked = [stating, *(c for c in ranked if c is not stating)]
            threshold = min(TOPIC_THRESHOLD, threshold)
            confidence = self._confidence(question, ranked, len(candidates), threshold, words_stated=True)
            reason = f"answer confidence {confidence:.2f}, stating every word of the topic asked about"
            own_words = set(terms(f"{ranked[0].text} {ranked[0].paragraph.section}"))
            if (
                len(question.speakers) == 1
                and actors(ranked[0]) == question.speakers
                and topic_asked(question) <= own_words
            ):
                # One side asked what it said on the topic, and this is its own sentence saying it (its heading
                # too): what others said beside it (the Summary naming the topic) is no rival answer. (Not the EU's
                # sentence beside the US's on crypto currencies, for what the EU said of them.)
                confidence = 1.0
                reason = "the side asked about, in its own sentence stating the topic"
            elif _only_a_name_asked(question, ranked[0]) and stated[id(ranked[0])] == 1.0:
                # "What did the ministers say about China?": the topic is a name the question pins, and the sentence
                # names it itself, which the constraint check has read; no reading of the words is needed.
                confidence = 1.0
                reason = "the sentence naming what was asked about"
            elif asks_whether_it_came_up(question):
                # Asked only whether the topic came up: a likely sentence stating it says it did.
                confidence = 1.0
                reason = "a sentence stating the topic asked whether it came up"
            elif not in_statement(ranked[0]) and topic_asked(question) <= set(terms(ranked[0].paragraph.section)):
                # The topic is what its section is headed ("What was discussed on cybercrime?" under "Cooperation on
                # cybersecurity/cybercrime"): that section says what was said on it, however the gate reads the
                # question's words beside the joint statement's "cyber-space" ranked first.
                confidence = 1.0
                reason = "the section headed by the topic asked about"
        elif (
            ranked
            and confidence < threshold
            and (differing := stating_divergence(question, ranked, self.near(question))) is not None
        ):
            ranked = [differing, *(c for c in ranked if c is not differing)]
            confidence, threshold = differing.probability, min(DIVERGENCE_FLOOR, threshold)
            reason = f"ranked {confidence:.2f}, saying where the sides differ, as asked"
        elif (
            ranked
            and confidence < threshold
            and stated_on_the_topic(
                question, candidates, checks, ranked, self.near(question), self._topic_gate(question, len(candidates))
            )
        ):
            reason = f"ranked {ranked[0].probability:.2f}, the statement asked for, in the passage on the topic"
            confidence = 1.0
        elif ranked and confidence < threshold and (plan := stating_the_plan(question, ranked)):
            ranked, confidence = [plan, *(c for c in ranked if c is not plan)], 1.0
            reason = f"ranked {plan.probability:.2f}, saying where or when the meeting had been planned, as asked"
        elif ranked and confidence < threshold and (again := taken_up_again_next(question, ranked, stated)):
            ranked, confidence = [again, *(c for c in ranked if c is not again)], 1.0
            reason = f"ranked {again.probability:.2f}, taking the matter up again at the next meeting, as asked when"
        elif (
            ranked
            and confidence < threshold
            and (headed := decided_under_its_heading(question, ranked, self.near(question), self.stats.spelled))
        ):
            ranked, confidence = [headed, *(c for c in ranked if c is not headed)], 1.0
            reason = f"ranked {headed.probability:.2f}, a decision in the section the matter asked about heads"
        elif (
            ranked
            and confidence < threshold
            and (cause := giving_the_reason(question, ranked, self.stats.known)) is not None
        ):
            ranked = [cause, *(c for c in ranked if c is not cause)]
            confidence, threshold = cause.probability, min(REASON_FLOOR, threshold)
            reason = f"ranked {confidence:.2f}, giving a cause, as asked why"
        elif (
            ranked
            and confidence < threshold
            and (effects := giving_the_effect(question, ranked, self.near(question))) is not None
            and (not effects.each or effects.found[0].probability >= EFFECTS_FLOOR)
        ):
            if effects.each:  # "What impact did the pandemic have?": each sentence giving it as a cause
                chosen = sorted(effects.found, key=lambda c: (c.paragraph.document, c.paragraph.number, c.position))
                return Reading("answer", chosen, reason="each likely sentence giving the cause asked about")
            ranked = [effects.found[0], *(c for c in ranked if c is not effects.found[0])]
            confidence, threshold = effects.found[0].probability, min(REASON_FLOOR, threshold)
            reason = f"ranked {confidence:.2f}, giving the cause asked about, as asked what it affected"
        elif ranked and confidence < threshold and in_the_part_named(question, ranked[0]):
            threshold = min(PART_NAMED_THRESHOLD, threshold)
            confidence = self._confidence(question, ranked, len(candidates), threshold)
            reason = f"answer confidence {confidence:.2f}, read in the one part of the document the question names"
        elif ranked and confidence < threshold and names_what_happened_where(question, ranked[0], candidates, checks):
            threshold = min(TOPIC_THRESHOLD, threshold)
            confidence = self._confidence(question, ranked, len(candidates), threshold)
            reason = f"answer confidence {confidence:.2f}, naming all the question names, at the meeting asked for"
        if not ranked or confidence < threshold:
            return self._not_answered(candidates, about, _why_not(question, candidates, checks, ranked))
        if (cause := giving_the_reason(question, ranked, self.stats.known)) is not None:
            # Asked why, and answered however surely with a sentence giving no cause: the likely one giving a cause
            # ("Why did the EU bring up visas?" had been the EU's update on migration, its own sentence, trusted as
            # what it said; the answer is its position "... as a matter of reciprocity").
            ranked = [cause, *(c for c in ranked if c is not cause)]
        if never_used := self._never_spoken_of(question):
            # "Tell me about drug prices": drugs are spoken of, prices never; a statement on drugs is no answer.
            return self._not_answered(candidates, about, f"they never speak of {', '.join(never_used)}")
        if (kind := of_another_kind(question, ranked[0], self.near(question), self.stats)) is not None:
            return self._not_answered(candidates, about, f"the closest passages do not speak of {kind}")
        if (staging := staging_the_matter(question, ranked, self.near(question), self.stats)) is not None:
            ranked = [staging, *(c for c in ranked if c is not staging)]
        if cause := effect_unsaid(question, ranked[0], self.near(question)):
            return self._not_answered(candidates, about, f"they do not say what effect {cause} had")
        if question.divergence and stating_divergence(question, ranked[:1], self.near(question)) is None:
            # "Did the sides disagree about drugs?": what was said on drugs says nothing of whether they did; a
            # likely sentence saying they differ answers in its place ("Did the two sides see eye to eye on access to
            # electronic evidence?": not their briefing each other, but "... at different stages").
            differing = stating_divergence(question, ranked, self.near(question))
            if differing is None or differing.probability < DIVERGENCE_FLOOR:
                return self._not_answered(candidates, about, "no passage says the sides differed on it")
            ranked = [differing, *(c for c in ranked if c is not differing)]
            reason = f"ranked {differing.probability:.2f}, saying where the sides differ, as asked"
        best = ranked[0]
        summary = self._summary_for(question, best)
        if summary is not None:
            return Reading("answer", [best], summary=summary, reason="the document's own Summary")
        chosen = [best]
        # A sentence of the document's Summary says a topic came up ("... consultations on ... visa reciprocity");
        # the body's most likely sentence, when nearly as likely, says what was said of it: both are given.
        summarised = best.kind == "sentence" and self._in_summary(best)
        for other in ranked[1:] if best.kind == "sentence" else []:
            if len(chosen) >= self.max_sentences:
                break
            if question.two_parts and not (side_by_side and question.compares):
                # The other part of a two-part question: the most likely sentence of another paragraph. (One
                # meeting's part of a comparison across meetings is one part: "Compare what Sofia and Washington
                # said about e-evidence" had Sofia's e-evidence paragraph and its GDPR paragraph.)
                if other.paragraph.id != best.paragraph.id and other.probability >= best.probability / 2:
                    chosen.append(other)
                continue
            if summarised and other.kind == "sentence" and not self._in_summary(other):
                # (likely enough on its own: the Summary's sentence only names the topic, so it outranks the body's)
                if other.probability >= PART_PROBABILITY:
                    chosen.append(other)
                summarised = False  # one sentence of the body
                continue
            if other.probability < best.probability - _MORE_OF_THE_PARAGRAPH:
                break
            if other.paragraph.id != best.paragraph.id:
                continue  # more of the same paragraph, never a second topic
            if gives_a_cause(question, best) and not gives_a_cause(question, other):
                continue  # asked why, and answered with a cause: what else the paragraph says is no reason
            one_side = len(question.speakers) == 1 and actors(best) == question.speakers
            if ("person" in question.answer_types or own_side or one_side) and actors(other) != actors(best):
                # "Who explained the shift in migration policy?": the US did, not also the EU; "What did the US do
                # about opioids?": its sentence, not both sides' beside it
                continue
            if stated[id(other)] < stated[id(best)]:
                continue  # "Which drugs come from China?": the sentence naming China, not the one beside it
            if all(float(other.vector @ c.vector) < _NEAR_DUPLICATE for c in chosen):
                chosen.append(other)
        if own_side and (before := _referred_back_to(best, candidates)) is not None and before not in chosen:
            # "The US delegation welcomed this and ...": what "this" is, though the other side said it
            chosen.append(before)
        if (witness := where_it_happened(question, best, candidates, checks)) is not None:
            chosen.append(witness)
        chosen += other_sides(question, best, ranked)
        chosen.sort(key=lambda c: (c.paragraph.document, c.paragraph.number, c.position))
        return Reading("answer", chosen, reason=reason)

    def _on_the_passage(
        self, question: Question, candidates: list[Candidate], ranked: list[Candidate], threshold: float
    ) -> tuple[list[Candidate], float, float] | None:
        """A follow-up goes on where the conversation is: "And the US?" after the EU's part of a paragraph on
        terrorist content online asks for the US's part of it. The eligible candidates of the paragraphs the last
        answer quoted, less what it said, are read alone (no rival elsewhere) and trusted at a lower gate
        probability (PASSAGE_THRESHOLD): the conversation, not the question's few words, says where to look.
        Returns them, the gate's probability and the threshold it had to reach, or None."""
        said = {c.paragraph.id for c in candidates if c.features.size and c.features[_REPEATED]}
        # (a count may be one the last answer gave: "How many of them are still outside it?" after "... the five EU
        # Member States not covered by the US Visa Waiver Programme", and so may a statement of the kind asked: "Were
        # they happy with it?" after "... to express satisfaction with their technical cooperation", unless one side's
        # is asked, which the sentence just given need not be ("What does Washington want to happen to its own
        # agreement?" after the joint statement on PNR); a date or a person it gave is of something else: "When did
        # the US end up lifting them?" after the date they began)
        kind = bool(question.answer_types & set(STATEMENT_KINDS)) and not question.speakers
        again = "count" in question.answer_types or kind
        # (so may the names it gave, asked for by their kind alone: "With which countries?" after "... its asylum
        # cooperative agreements with Guatemala, Honduras and El Salvador")
        by_kind = _only_the_kind_asked(question)
        # (and the thing it named, asked for by its kind: "Which law?" after "... the coming into force of the General
        # Data Protection Regulation")
        thing = _bare_kind(question.said or question.text)
        on = [
            c
            for c in ranked
            if c.paragraph.id in said
            and (
                again
                or (by_kind and c.named)
                or (thing and slot_cover(c.text, thing, {}) == 1.0)
                or not c.features[_REPEATED]
            )
        ]
        if not on:
            return None
        threshold = min(PASSAGE_THRESHOLD, threshold)
        if by_kind and (naming := next((c for c in on if _names_beyond_the_sides(c)), None)) is not None:
            # (the follow-up's words are only the kind asked: the sentence there naming such things answers it)
            return ([naming, *(c for c in on if c is not naming)], 1.0, threshold)
        if thing and (naming := next((c for c in on if slot_cover(c.text, thing, {}) == 1.0), None)) is not None:
            return ([naming, *(c for c in on if c is not naming)], 1.0, threshold)  # (the thing there, named)
        if own := said_there_by(question, on):
            # "What did the Americans say?" after the EU's part of the money laundering paragraph: the sentence of
            # that paragraph whose subject is the US alone is what they said there.
            return ([own, *(c for c in on if c is not own)], 1.0, threshold)
        if (stating := self._stating_the_words_asked(question, on)) is not None:
            # "What results did that give?" after the migrant smuggling paragraph's first two sentences: the one
            # there that says its "results" (the gate had refused the paragraph's rest, a short question's words
            # matching little).
            return ([stating, *(c for c in on if c is not stating)], 1.0, threshold)
        if len(question.speakers) == 1 and "decision" not in question.answer_types:
            # One side asked: only its own sentences there say what it did ("What did the Americans offer?" on the
            # visa passage had been both sides' exchanging information on their visa policies). (What both agreed,
            # it agreed: "Did the EU agree with that?" is "Both sides agreed ...".)
            on = [c for c in on if actors(c) == question.speakers]
            if not on:
                return None
        if "decision" in question.answer_types:
            # "What did they agree to do about it?" after the Cambridge Analytica sentence: what that paragraph
            # says was agreed (the only candidates eligible for a decision asked) is what was agreed on it. Not a
            # joint statement's paragraph, which sums up many matters: "What did they agree to do?" after the
            # video conference's statement on COVID-19 and crime had been its PNR postponement.
            on = [c for c in on if not in_statement(c)]
            return (on, 1.0, threshold) if on else None
        confidence = self._confidence(question, on, len(candidates), threshold)
        return (on, confidence, threshold) if confidence >= threshold else None

    def _stating_the_words_asked(self, question: Question, on: list[Candidate]) -> Candidate | None:
        """Of the passage the conversation is on, the likeliest sentence not yet said that states every word a short
        follow-up asks with (one or two, beyond words of asking), itself or in a word the model reads as it."""
        if question.answer_types or _WHICH.match(question.said or question.text):
            return None  # (a kind of answer asked, or which ones: "Which companies?" is no word to find stated)
        asked = {t for t in terms(question.said or question.text) if t not in FRAME_WORDS}
        if not asked or len(asked) > 2:
            return None
        near = self.near(question)
        for candidate in on:
            if candidate.kind != "sentence" or candidate.features[_REPEATED]:
                continue
            stated = set(terms(candidate.text))
            if all(word in stated or near.get(word, frozenset()) & stated for word in asked):
                return candidate
        return None

    def _topic_gate(self, question: Question, total: int) -> Callable[[list[Candidate]], float]:
        """The gate's probability for candidates ranked as given (read exactly where it could reach TOPIC_GATE)."""
        return lambda ranked: self._confidence(question, ranked, total, TOPIC_GATE)

    def _stating_the_whole_topic(self, question: Question, ranked: list[Candidate]) -> Candidate | None:
        """The first-ranked candidate stating the whole topic asked about, or one nearly as likely that does when it
        does not: "Did the ministers mention public spaces?" ranked the sentence on the next Ministerial first (its
        "ministers"), the one saying "... in public spaces" second."""
        likely = (c for c in ranked if c.probability >= ranked[0].probability - _MORE_OF_THE_PARAGRAPH)
        return next((c for c in likely if self._states_the_whole_topic(question, c)), None)

    def _states_the_whole_topic(self, question: Question, best: Candidate) -> bool:
        """A request for what was said on a topic ("Tell me about the visa issue", "What did the US say about
        voluntary efforts?") asks for no one fact: a statement of the topic answers it, so the one ranked first
        states every word of it, with its heading (a side it names is a constraint, checked already). Not the
        Summary's, which only names the topics ("... consultations on ... e-evidence") and says nothing of them."""
        topic = topic_asked(question)
        if best.kind != "sentence" or self._in_summary(best):
            return False
        if not topic:
            return self._said_in_its_own_words(question, best)
        if asks_what_was_sought(question) and len(question.speakers) == 1 and actors(best) != question.speakers:
            return False  # what one side wanted or offered is its own statement, not both sides'
        # Its section's heading says what it is about too ("The EU delegation ... as a matter of reciprocity" is
        # under "3(c) Visa reciprocity"); the joint statement's heading names the whole meeting, no topic.
        heading = "" if in_statement(best) else best.paragraph.section
        stated = set(terms(f"{best.text} {heading}"))
        if len(question.speakers) == 1 and actors(best) == question.speakers:
            # A side asked what it said on a topic: its own sentence is read with its paragraph ("The US stressed
            # ... to eliminate terrorist propaganda on the internet" answers what the US said about removing
            # terrorist content online, the paragraph's topic: "a more effective removal of online propaganda").
            stated |= set(terms(best.paragraph.text))
        if topic <= stated:
            return True
        # Or in words that mean the same to the model ("electoral" for "election"), never its negation (the model
        # puts "illegal" next to "legal").
        near = self.near(question)
        return all(
            word in stated or any(not _negates(kin, word) for kin in near.get(word, frozenset()) & stated)
            for word in topic
        )

    def _said_in_its_own_words(self, question: Question, best: Candidate) -> bool:
        """A side asked what it said or did, and nothing else ("What did Austria want to prioritise?", "Did the
        Americans bring up cryptocurrencies?"): a clause whose subject is that side states every word of the question
        beyond words of asking, itself or in a word the model reads as it ("priorities"). (A clause: the joint
        statement's "The European Union provided an update on migration ...; the European Union and the United States
        took stock of ... the Visa Waiver Program" says nothing of visas by the EU alone.)"""
        # (not a follow-up, whose matter is the conversation's: "What were the Americans concerned about?" after the
        # Money Laundering directive is not their migration policy's "security concerns")
        if question.answer_types or question.people or not question.speakers or question.topic.strip():
            return False
        # (what it is asked of, a name pinned, is a word to state: "What did the EU offer Iraq?")
        speakers = {t for c in question.constraints if c.party in question.speakers for t in terms(c.text)}
        asked = set(terms(question.text)) - SAID_TERMS - TALK_TERMS - _FRAME_TERMS - speakers
        sides = best.evidence.meeting_parties if best.evidence else frozenset()
        near = self.near(question)
        heading = "" if in_statement(best) else best.paragraph.section  # (as for a topic: "Terrorist financing")
        return bool(asked) and any(
            speaking(clause, sides) == question.speakers
            and all(
                word in (stated := set(terms(f"{clause} {heading}")))
                or any(_same_word(kin, word) for kin in near.get(word, frozenset()) & stated)
                for word in asked
            )
            for clause in CLAUSES.split(best.text)
        )

    def _never_spoken_of(self, question: Question) -> list[str]:
        """The words of a requested topic that no word of the proceedings means ("prices" in "Tell me about drug
        prices"; "extremist" is "terrorist" to the model, "elections" "electoral")."""
        topic = topic_asked(question)
        if not topic or self._vocabulary is None:
            return []
        matched = self._vocabulary.match(question.text).expansions
        return [
            word
            for word in words(question.text)
            if (stem := next(iter(terms(word)), "")) in topic and stem in matched and not matched[stem]
        ]

    def _in_summary(self, candidate: Candidate) -> bool:
        """Whether a candidate is from its document's own Summary."""
        view = self._document(candidate.paragraph.document)
        return view is not None and candidate.paragraph.id == view.summary_paragraph

    def near(self, question: Question) -> dict[str, frozenset[str]]:
        """The corpus words the model reads as each word of the question ("electoral" for "election")."""
        return self._vocabulary.match(question.text).expansions if self._vocabulary is not None else {}

    def _summary_for(self, question: Question, best: Candidate) -> Paragraph | None:
        """An overview whose best evidence is a document's own Summary is answered with that Summary, whole."""
        if "overview" not in question.answer_types or not self._in_summary(best):
            return None
        return best.paragraph  # the Summary, whole: each of its sentences cited

    def _not_answered(self, candidates: list[Candidate], about: float, why: str) -> Reading:
        if about < RELATED_FLOOR:
            return Reading("out_of_scope", reason=why)  # (nothing retrieved is about the question at all)
        related: dict[str, Candidate] = {}
        for candidate in sorted(candidates, key=lambda c: c.probability, reverse=True):
            # The header is shown only for a question about one of its fields: "the meeting was the EU-US
            # Ministerial" (the Subject line) is no passage close to what was concluded about the Schengen
            # Information System. Facts read from paragraphs show those paragraphs, prose like any other.
            off_topic = candidate.paragraph.number == 0 and candidate.field_cosine < FIELD_MATCH
            if candidate.fact_field != "summary" and not off_topic and candidate.paragraph.id not in related:
                related[candidate.paragraph.id] = candidate
            if len(related) == 2:
                break
        return Reading("not_stated", related=list(related.values()), reason=why)


# The words of a follow-up asking only for names of a kind ("With which countries?", "Together with whom?",
# "Through which agencies?", "Where do they come from?").
_KIND_WORDS = frozenset(
    terms(
        "country countries person people place places together which ones agency agencies body bodies organisation "
        "organisations organization organizations institution institutions come comes came"
    )
)
_WHICH_OR_WHAT = re.compile(r"\b(?:which|what)\b", re.I)
_BARE_KIND = re.compile(r"\W*(?:and\s+|so\s+)?(?:which|what)\s+([a-z-]+)\W*", re.I)


def _bare_kind(text: str) -> str:
    """The thing a follow-up asks for by its kind alone, stemmed ("Which law?" -> "law"), or ""."""
    found = _BARE_KIND.fullmatch(text)
    kind = terms(found.group(1)) if found else []
    return kind[0] if len(kind) == 1 and kind[0] not in _KIND_WORDS else ""


def _same_word(kin: str, word: str) -> bool:
    """Whether the model's nearest corpus word is the asked word written otherwise ("priorities" for "prioritise",
    "crypto currencies" for "cryptocurrencies"), not another word near in meaning: "crypto" for "bitcoin" is the
    kind of thing asked about, which says nothing of bitcoin itself."""
    return len(kin) >= _SAME_STEM and kin[:_SAME_STEM] == word[:_SAME_STEM] and not _negates(kin, word)


def _only_the_kind_asked(question: Question) -> bool:
    """Whether a follow-up asks for names of a kind and nothing more: no matter of its own, nor anyone besides."""
    # (bodies asked by their kind, as no answer type reads them: "Through which agencies?")
    by_kind = bool(_WHICH_OR_WHAT.search(question.text)) and bool(set(question.terms) & _KIND_WORDS)
    asks_names = bool(question.answer_types & {"country", "person", "place"}) or by_kind
    return asks_names and not question.besides and not set(question.terms) - _KIND_WORDS


def _names_beyond_the_sides(candidate: Candidate) -> bool:
    """Whether a candidate names people, places or countries other than the meeting's own sides (which nearly every
    sentence names)."""
    sides = {side.lower() for side in candidate.evidence.meeting_parties} if candidate.evidence else set()
    return bool(candidate.named - sides)


def _only_a_name_asked(question: Question, best: Candidate) -> bool:
    """Whether the topic a request names is only a name the question pins ("What was said about Colombia?"), or a
    country that is no side of the meeting ("... about China?": spoken of, not speaking)."""
    topic = topic_asked(question)
    sides = best.evidence.meeting_parties if best.evidence else frozenset()
    names = [
        c.text
        for c in question.constraints
        if (c.kind == "name" and not c.generic) or (c.kind == "party" and c.party not in sides)
    ]
    return bool(topic) and topic <= set(terms(" ".join(names)))


def _each_part(question: Question, ranked: list[Candidate]) -> list[Candidate]:
    """The most likely sentence of the outcome and of the joint statement, in reading order; [] unless both are
    likely enough (PART_PROBABILITY, or for a fact of the kind asked for the floor it is trusted at anywhere)."""
    best: dict[bool, Candidate] = {}
    for candidate in ranked:  # best first
        # A fact read from a paragraph is of that paragraph's part ("The United States was represented by ... the
        # Acting Deputy Secretary ..., Claire Grady" is the joint statement's); the header's are of neither.
        if candidate.kind == "sentence" or (
            candidate.paragraph.number > 0 and not DOCUMENT_PART.search(candidate.text)
        ):
            best.setdefault(in_statement(candidate), candidate)
    floors = [TYPED_FACT_FLOOR if typed_fact(question, c) else PART_PROBABILITY for c in best.values()]
    if len(best) < 2 or any(c.probability < floor for c, floor in zip(best.values(), floors, strict=True)):
        return []
    # More of the same paragraph when nearly as likely, as for any answer.
    tops = list(best.values())
    more = [
        c
        for c in ranked
        if c.kind == "sentence"
        and c not in tops
        and any(
            c.paragraph.id == b.paragraph.id and c.probability >= b.probability - _MORE_OF_THE_PARAGRAPH for b in tops
        )
    ]
    return sorted([*tops, *more], key=lambda c: (c.paragraph.number, c.position))


# A sentence that opens by pointing back at the one before it: "The US delegation welcomed this and asked ...",
# "Both sides agreed to explore this issue ...".
_REFERS_BACK = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,8}?(?:this|these|such)\b(?!\s+(?:year|month|week|meeting|ministerial))", re.I
)


def _referred_back_to(best: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The sentence before `best` in its paragraph, when `best` opens by pointing back at it: without it, "this" is
    nothing ("What did the US say about the PNR joint evaluation in Helsinki?" had been only "The US delegation
    welcomed this ...", once what one side said was its own sentences alone). Only for one side's own sentences:
    elsewhere the paragraph's likely sentences are given as ever."""
    if best.kind != "sentence" or best.position == 0 or not _REFERS_BACK.match(best.text):
        return None
    return next(
        (
            c
            for c in candidates
            if c.kind == "sentence" and c.paragraph.id == best.paragraph.id and c.position == best.position - 1
        ),
        None,
    )


_NEGATING = ("il", "ir", "un", "non", "dis")  # ("in", "im" open "information", "immigration")


def _negates(kin: str, word: str) -> bool:
    """Whether a stem is a word's negation: "illeg" of "legal", "unlaw" of "law"."""
    return any(kin.startswith(p) and len(kin) > len(p) + 2 and word.startswith(kin[len(p) :]) for p in _NEGATING)


def _as_written(text: str, names: list[str]) -> str:
    """Names listed as the question writes them: words of one name together ("Jeff Sessions", not "Jeff,
    Sessions"), others apart."""
    names = list(dict.fromkeys(names))
    joined: list[str] = []
    for name in names:
        if joined and re.search(rf"\b{re.escape(joined[-1])}\s+{re.escape(name)}\b", text):
            joined[-1] = f"{joined[-1]} {name}"
        else:
            joined.append(name)
    return ", ".join(joined)


def _named_in(best: Candidate, candidates: list[Candidate], checks: list[ConstraintCheck]) -> bool:
    """Whether the candidate itself names everyone and everything the question names."""
    return next((ok.in_sentence for c, ok in zip(candidates, checks, strict=True) if c is best), 0.0) == 1.0


def _why_not(
    question: Question, candidates: list[Candidate], checks: list[ConstraintCheck], eligible: list[Candidate]
) -> str:
    """In a few words, why the closest candidates do not answer."""
    if not candidates:
        return "nothing relevant was retrieved"
    if question.unsaid and not eligible:
        return "they record what was discussed, and none says something was not"
    if eligible:
        # Some passage meets every constraint (it is listed as related): "do not mention GDPR" would be false.
        return "no passage states it clearly enough"
    best_index = max(range(len(candidates)), key=lambda i: candidates[i].probability)
    best_check = checks[best_index]
    named = _as_written(question.text, [c.text for c in question.constraints]).split(", ")
    if best_check.unmet and len(named) > 1 and all(any(u not in ok.unmet for ok in checks) for u in best_check.unmet):
        # Each name is in some passage, none in one with the others: "What did Commissioner Jourová say about the
        # GDPR?" had been "do not mention GDPR", which the GDPR paragraph listed beside it denied.
        return f"no passage mentions {', '.join(named[:-1])} and {named[-1]} together"
    if best_check.unmet:
        return f"{NOT_IN_THE_CLOSEST} {_as_written(question.text, [c.text for c in best_check.unmet])}"
    done = [w for w in words(question.text) if question.event and w.lower().startswith(question.event)]
    if done and not any(states_the_event(c.text, question.event) for c in candidates if c.kind == "sentence"):
        # ("When was the mandate adopted?": they date its authorisation, which "name no date" would deny; "Did the EU
        # and Canada sign it?": "another party" was said of sentences on other agreements)
        deed = done[-1].lower()
        participle = deed.endswith(("ed", "en")) or deed == "held"
        if question.counted and "count" in question.answer_types:  # ("How many terrorists were arrested?")
            return f"the closest passages do not say how many were {deed}"
        if question.future:  # ("When will the Umbrella Agreement expire?")
            return f"the closest passages do not say when it will {'be ' if participle else ''}{deed}"
        return f"the closest passages do not say {f'it was {deed}' if participle else f'they did {deed}'}"
    if done and "place" in question.answer_types:  # ("Where was the CLOUD Act agreement signed?": when, not where)
        return f"the closest passages do not say where it {'will be' if question.future else 'was'} {done[-1].lower()}"
    if best_check.conflict:
        return "the closest passages speak of another party"
    if question.frequency and "count" in question.answer_types:
        return "the closest passages do not say how often"
    if question.counted and "count" in question.answer_types:
        if any(c.counted and counts_only_those_left_out(c.text, question.text) for c in candidates):
            return f"the closest passages count only the {question.counted} left out"  # (those outside, not those in)
        # ("How many foreign fighters were repatriated?": they count fighters whose information was shared)
        deed = f" {done[-1].lower()}" if done else ""
        return f"the closest passages give no number of {question.counted}{deed}"
    if question.day and "date" in question.answer_types:
        return "the closest passages give no day"
    if " " in question.office and "person" in question.answer_types:
        # ("Who is the EU counter-terrorism coordinator?": they name people, none holding that office; "Which
        # ministers ...?" is asked of people the passages may name, as ministers)
        return f"the closest passages name no {question.office}"
    if question.besides and "person" in question.answer_types:
        # ("Who else came from the US?" after the two the record names: they name people, none besides those)
        return "the closest passages name no one besides those already given"
    wanted = {"person": "person", "date": "date", "place": "place", "count": "figure", "country": "country"}
    wanted["title"] = "office of the person asked about"
    wanted["expansion"] = "spelling out of the abbreviation"
    wanted["name"] = "name of the meeting"
    wanted["marking"] = "classification of the document"
    wanted["paper"] = "paper put out"
    wanted["decision"] = "agreement or decision"
    wanted["stage"] = "stage the matter has reached"
    wanted["request"] = "demand or request"
    wanted["assessment"] = "judgement"
    wanted["concern"] = "concern"
    wanted["intention"] = "aim"
    kinds = " or ".join(wanted[t] for t in (*TYPED, *STATEMENT_KINDS) if t in question.answer_types)
    return f"the closest passages name no {kinds}" if kinds else "no passage answers it"
