"""Statements read on the passage a topic is spoken of, rather than by the words of the question alone: the
decision, stage or demand asked for in the paragraph on the topic, and what one side said on it. The sentence
nearest the question's words is often the paragraph's opening ("The two sides took the opportunity to brief each
other on ..."); what was pledged, how far a matter has come, or a side's own part, comes after it."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping

from rag.corpus import CorpusStats
from rag.meeting import NEXT_MEETING
from rag.reader.answer_types import STATEMENT_KINDS
from rag.reader.candidates import Candidate, Paragraph
from rag.reader.constraints import ConstraintCheck, speaking
from rag.reader.eligibility import TAKEN_UP_AGAIN, in_statement
from rag.reader.gazetteer import CITIES, parties_in, without_parties
from rag.reader.question import Question
from rag.reader.question_wording import LIGHT_VERBS, TALK_TERMS, asks_whether
from rag.reader.requests import DECIDED_TERMS, MATTER_NAMED, SAID_TERMS, matter_named, topic_asked, words_beyond
from rag.reader.statements import states_a_stage
from rag.text import terms, words

# A statement asked about a topic is read in the topic's paragraph when the sentence ranked first of all is this
# likely and the gate would give it this much. 0.9 / 0.4 and 0.9 / 0.3 answer train and dev alike; 0.8 / 0.25 also
# answers a near miss ("What did the meeting conclude on firearms trafficking?").
TOPIC_SENTENCE_PROBABILITY = 0.9
TOPIC_GATE = 0.4
_SECOND_MARGIN = 0.15  # a side's own sentence beside the best must be nearly as likely as it
_WRITTEN_SHORT = re.compile(r"\b[A-Z]{2,}\b")  # an abbreviation as a paragraph writes it ("PNR")
_WHEN = frozenset(terms(" ".join(calendar.month_name[1:])))


def conversation_matter(context: str, question: Question) -> set[str]:
    """The terms of what a conversation has been about (`context`: its earlier questions), beyond words of asking,
    the sides, the places and the times: "Did the EU agree?" after "What did the US propose at Bucharest about
    PNR?" is about PNR."""
    text = without_parties(context, parties_in(context))
    found = words_beyond(text, question, SAID_TERMS | TALK_TERMS | DECIDED_TERMS)
    return {t for t in found if t not in CITIES and t not in _WHEN and not t.isdigit()}


def speaks_of(
    paragraph: Paragraph,
    matter: set[str],
    near: Mapping[str, frozenset[str]],
    spelled: Mapping[str, str],
    every_word: bool = False,
    headings: bool = True,
    text: bool = True,
) -> bool:
    """Whether a paragraph speaks of any word of a matter (`every_word`: of each), under its headings (the parent
    section's too: the CBRN paragraph is under "1 Counterterrorism"), with its abbreviations read as `spelled` out,
    in a compound ending with it ("counterterrorism" speaks of terrorism), or in a word the model reads as it
    (`near`: "electronic evidence" speaks of e-evidence). `headings`, `text`: where it is read."""
    read = f"{paragraph.headings if headings else ''} {paragraph.text if text else ''}"
    written = (spelled.get(short.lower(), "") for short in _WRITTEN_SHORT.findall(read))
    there = set(terms(f"{read} {' '.join(written)}"))
    stated = (
        word in there
        or bool(near.get(word, frozenset()) & there)
        or any(said.endswith(word) for said in there)
        # (an abbreviation the paragraph spells out: Helsinki's "the Visa Waiver Programme" speaks of the "VWP")
        or (word in spelled and set(terms(spelled[word])) <= there)
        for word in matter
    )
    return all(stated) if every_word else any(stated)


# A matter named as what was talked of: "Which meetings discussed synthetic drugs?".
_TALKED_OF = re.compile(
    r"\b(?:discuss(?:ed)?|mention(?:ed)?|raised?|cover(?:ed)?|address(?:ed)?|debated?)\s+(?P<matter>[^?.!]+?)\W*$", re.I
)


def of_another_kind(
    question: Question, best: Candidate, near: Mapping[str, frozenset[str]], stats: CorpusStats
) -> str | None:
    """The first word of a two-word matter ("battlefield evidence") when the answer's paragraph speaks of the second
    ("evidence") but not of it, in it or a word the model reads as it, and the corpus uses it elsewhere, more
    rarely than the second: "Was there any agreement on battlefield evidence?" is not answered by the agreement on
    electronic evidence (a paragraph on battlefield evidence would say "battlefield", as the ones on battlefield
    information do). A word the corpus never uses may be a paraphrase ("digital evidence"): None, as otherwise."""
    found = MATTER_NAMED.search(question.text) or _TALKED_OF.search(question.text)
    pair = words(found["matter"]) if found else []
    if len(pair) != 2 or best.kind != "sentence":
        return None
    modifier, head = (next(iter(terms(word)), "") for word in pair)
    if not (modifier and head and stats.known(modifier)) or stats.weight(modifier) <= stats.weight(head):
        return None
    paragraph = best.paragraph
    if speaks_of(paragraph, {modifier}, near, stats.spelled) or not speaks_of(paragraph, {head}, near, stats.spelled):
        return None
    return pair[0]


def matter_terms(question: Question, stats: CorpusStats) -> list[str]:
    """The question's words naming its matter, not a word of talk or of the matter's stage: "the e-evidence
    negotiations" and "What progress was made on e-evidence?" are matters of e-evidence (the Canada paragraph's
    "evolution of negotiations" is no stage of it, nor Washington's "progress made since Sofia" on battlefield
    information a word on it)."""
    staging = {t for word in words(question.text) if states_a_stage(word) for t in terms(word)}
    return [
        t
        for t in question.terms
        if stats.known(t) and t not in TALK_TERMS | LIGHT_VERBS and t not in staging and not t.isdigit()
    ]


def staging_the_matter(
    question: Question, ranked: list[Candidate], near: Mapping[str, frozenset[str]], stats: CorpusStats
) -> Candidate | None:
    """Asked how far a matter has come, the likely sentence whose stage is the matter's own: one clause says both
    the stage and the matter's rarest word. "What's the status of the e-evidence agreement?" is not "it had
    completed ... the notification of the federal agencies applying the agreement, and both sides agreed that the
    Umbrella Agreement should also apply to data exchanged under a future EU-US agreement on electronic evidence"
    (the stage is the notification's), but "the negotiations on an EU-US agreement on ... electronic evidence had
    been paused in March 2020". None when the best does, or no likely sentence does (the best stands)."""
    best = ranked[0]
    matter = matter_terms(question, stats)
    if "stage" not in question.answer_types or best.kind != "sentence" or not matter:
        return None
    rarest = max(matter, key=stats.weight)
    sought = {rarest} | near.get(rarest, frozenset())

    def staged(candidate: Candidate) -> bool:
        return any(
            states_a_stage(clause) and any(said.endswith(word) for said in terms(clause) for word in sought)
            for clause in _CLAUSE.split(candidate.text)
        )

    if staged(best):
        return None
    return next(
        (
            c
            for c in ranked[1:]
            if c.kind == "sentence" and c.probability >= best.probability - _STAGE_MARGIN and staged(c)
        ),
        None,
    )


_CLAUSE = re.compile(r";|,\s+(?:and|while|whereas|but)\s+|\s+while\s+")
_STAGE_MARGIN = 0.15  # (as a side's own sentence beside the best: nearly as likely)


def actors(candidate: Candidate) -> frozenset[str]:
    """The sides a candidate's subject names (who says or does what it reports)."""
    sides = candidate.evidence.meeting_parties if candidate.evidence else frozenset()
    return speaking(candidate.text, sides)


def stated_on_the_topic(
    question: Question,
    candidates: list[Candidate],
    checks: list[ConstraintCheck],
    ranked: list[Candidate],
    near: dict[str, frozenset[str]],
    gate: Callable[[list[Candidate]], float],
) -> bool:
    """A decision, stage or demand asked about a topic ("What did both sides pledge regarding their e-evidence
    laws?", "Where do the e-evidence bills stand?"): the paragraph on that topic is where it would be stated. When
    the sentence ranked first of all (any kind of statement) is likely and the gate would nearly trust it, its
    paragraph is the topic's; the best sentence of the kind asked (`ranked`: the eligible ones) in that same
    paragraph answers, though its own words match the question less (it says "could only confirm their
    willingness", not "pledge"). A paragraph found on another topic, or a topic found unsurely, answers nothing
    ("What did the meeting conclude on firearms trafficking?" finds the migrant smuggling paragraph). `near`: the
    corpus words the model reads as each word of the question; `gate`: the gate's probability for a ranking."""
    if not question.answer_types & set(STATEMENT_KINDS) or ranked[0].kind != "sentence":
        return False
    if asks_whether(question.text):
        # "Did both sides agree on how police should access data ...?" asks whether they did: the paragraph's one
        # agreement (on compatibility) does not say, its next sentence (different interpretations) does.
        return False
    on_topic = sorted(
        (c for c, ok in zip(candidates, checks, strict=True) if ok.satisfied and c.kind == "sentence"),
        key=lambda c: c.probability,
        reverse=True,
    )
    if not on_topic or on_topic[0].paragraph.id != ranked[0].paragraph.id:
        return False
    if _headed_by_the_matter(question, ranked[0], near):
        return True  # the section the matter heads is where it is spoken of, however the question words it
    if on_topic[0].probability < TOPIC_SENTENCE_PROBABILITY:
        return False
    # The paragraph speaks of most of the matter named, and of every word of a topic requested as such ("prices"
    # in "What happens next on drug prices?" or "Anything decided on drug prices?": the drugs paragraph is no
    # answer; "shielding voting systems from cyber meddling" is "vulnerability of electoral systems to cyber
    # interference", "shielding" and "meddling" unmatched).
    there = set(terms(f"{ranked[0].paragraph.section} {ranked[0].paragraph.text}"))

    def unstated(word: str) -> bool:
        # (a compound's head stated will do: "digital-evidence rules" of a paragraph on "electronic evidence")
        head = word.rsplit("-", 1)[-1]
        return word not in there and head not in there and not near.get(word, frozenset()) & there

    matter = [word for word in matter_named(question) if word in near]
    if matter and sum(map(unstated, matter)) >= len(matter) / 2:
        return False
    if in_statement(ranked[0]):
        # A joint statement's paragraph runs through several topics: its statement answers only if it speaks of
        # the matter itself ("What did the EU pledge on radicalisation?" is not its "agreed to continue the
        # discussion of PNR").
        own = set(terms(ranked[0].text))
        if not any(word in own or near.get(word, frozenset()) & own for word in matter or topic_asked(question)):
            return False
    if any(map(unstated, topic_asked(question))):
        return False
    return gate(on_topic) >= TOPIC_GATE


def taken_up_again_next(question: Question, ranked: list[Candidate], stated: Mapping[int, float]) -> Candidate | None:
    """When a matter will be taken up again ("When will they come back to PNR?", or "... to it?" after PNR): a
    sentence saying it will be at the next meeting, and naming the matter itself (what the question pins, or the
    conversation's topic), answers with that meeting's time, as the record of the next meeting would. The model
    ranked "agreed to come back to this matter at future meetings" (no time) far above "continue the discussion of
    PNR, at the next EU-U.S. Ministerial ... in the second half of 2018", and the gate refused it. `stated`: the share
    of the question's constraints each candidate's sentence satisfies (by id)."""
    if "date" not in question.answer_types or not TAKEN_UP_AGAIN.search(question.text):
        return None
    matter = conversation_matter(question.topic, question) if question.topic else set()
    for candidate in ranked:
        if candidate.kind != "sentence" or not NEXT_MEETING.search(candidate.text):
            continue
        if stated[id(candidate)] == 1.0 if question.constraints else matter & set(terms(candidate.text)):
            return candidate
    return None


# A sentence saying where or when a meeting had been planned: "The meeting, which had been planned to take place in
# Zagreb, was held by video conference ...".
_PLANNED_TO_MEET = re.compile(
    r"\b(?:planned|scheduled|supposed|meant|intended|due|foreseen)\s+to\s+(?:take\s+place|be\s+held|be\s+hosted|meet)\b",
    re.I,
)


def stating_the_plan(question: Question, ranked: list[Candidate]) -> Candidate | None:
    """Where or when a meeting had been planned ("Where was the May 2020 meeting supposed to be held?"): a likely
    sentence saying where or when it had been planned to take place, of the kind asked (`ranked`: the eligible, so a
    place for "where"), answers as the record of a meeting's place would. "planned to take place in Zagreb" ranked
    first and the gate refused it, the question's words ("supposed to be held") not the sentence's."""
    if not question.planned or question.about_next or not {"place", "date"} & question.answer_types:
        return None
    return next((c for c in ranked[:3] if c.kind == "sentence" and _PLANNED_TO_MEET.search(c.text)), None)


_ANYTHING = re.compile(r"\b(?:anything|something)\b", re.I)


def decided_under_its_heading(
    question: Question, ranked: list[Candidate], near: Mapping[str, frozenset[str]], spelled: Mapping[str, str]
) -> Candidate | None:
    """What was agreed on a matter the document files under a heading of its own ("What was agreed on e-evidence in
    Helsinki?", "What did they decide about PNR?"): the likeliest decision in the body's section headed by it (or
    under the numbered section it names). The joint statement's broad sentence ("committed to make swift progress")
    had ranked first, the body's own agreement under "2 Electronic evidence" ("both sides agreed to hold monthly
    rounds in 2020") far below it, and the gate refused both. `ranked`: the eligible candidates, best first."""
    if question.answer_types != {"decision"} or (asks_whether(question.text) and not _ANYTHING.search(question.text)):
        return None  # (asked whether anything was agreed, it asks what: "Did they agree on anything about cyber?")
    if (found := MATTER_NAMED.search(question.text)) is None:
        return None
    # (the matter's own words, a name it pins ("PNR") included; not the sides it is agreed with)
    sides = {t for constraint in question.constraints if constraint.party for t in terms(constraint.text)}
    matter = {t for t in terms(found["matter"]) if t not in CITIES and t not in _WHEN and not t.isdigit()}
    matter -= TALK_TERMS | DECIDED_TERMS | sides
    if not matter:
        return None
    for candidate in ranked:
        if (
            candidate.kind == "sentence"
            and not in_statement(candidate)
            and speaks_of(candidate.paragraph, matter, near, spelled, every_word=True, text=False)
            # (and the paragraph itself: "1(a) Information sharing, including battlefield information, PNR and
            # aviation security" heads the PNR paragraph too, whose agreement is on PNR alone)
            and speaks_of(candidate.paragraph, matter, near, spelled, every_word=True, headings=False)
        ):
            return candidate
    return None


def _headed_by_the_matter(question: Question, best: Candidate, near: dict[str, frozenset[str]]) -> bool:
    """Whether the best statement's own section heading names every word of the matter asked about: "What did the
    parties agree regarding cybercrime?" is read under "Cooperation on cybersecurity/cybercrime", whose one
    agreement answers ("Both sides agreed to explore this issue ..."), though the gate reads "the parties" as far
    from "Both sides". (Not a joint statement's, whose heading names the whole meeting.)"""
    matter = [word for word in matter_named(question) if word in near]
    if not matter or in_statement(best):
        return False
    heading = set(terms(best.paragraph.section))
    return all(word in heading or near.get(word, frozenset()) & heading for word in matter)


def said_on_the_topic(question: Question, ranked: list[Candidate], spelled: dict[str, str]) -> Candidate | None:
    """What one side said on the conversation's topic, asked with no topic of its own ("What did the Americans
    want?" after "What was discussed about passenger name records?", answered from the joint statement): that side's
    most likely sentence whose paragraph speaks of the topic, its abbreviations read as `spelled` out ("On PNR, ...
    The US delegation ... stated its positive expectation for the renewal ..."). None otherwise."""
    if len(question.speakers) != 1 or not question.topic or not ranked:
        return None
    # ("What did the Americans want on visas?" asks its own topic; "What was the US worried about?" none, nor "What
    # did the US promise?", which its own sentence must say it decided: "only able to commit to ...")
    if words_beyond(question.said or question.text, question, SAID_TERMS | _KIND_WORDS | DECIDED_TERMS):
        return None
    decided = question.answer_types == {"decision"}
    # (where and when the topic was spoken of name no part of it: "... e-evidence at Helsinki?")
    topic = {t for t in terms(question.topic) if t not in CITIES and not t.isdigit()}
    topic -= SAID_TERMS | TALK_TERMS | DECIDED_TERMS
    for candidate in ranked:
        if candidate.kind != "sentence" or actors(candidate) != question.speakers:
            continue
        if decided and not set(terms(candidate.text)) & DECIDED_TERMS:
            continue
        text = candidate.paragraph.text
        written = (spelled.get(short.lower(), "") for short in _WRITTEN_SHORT.findall(text))
        there = set(terms(f"{candidate.paragraph.section} {text} {' '.join(written)}"))
        # (most of it: the conversation's earlier questions asked in words of their own, "Where are they detained?"
        # after "What was agreed at Helsinki on foreign fighters?", where the paragraph says "holding")
        if topic and len(topic - there) < len(topic) / 2:
            return candidate
    return None


def said_by_the_one_asked(question: Question, ranked: list[Candidate]) -> Candidate | None:
    """What one side said, where the sentence ranked first is both sides' ("What is the US view of ETIAS?": "Both
    sides discussed ... ETIAS" ranked above "The US delegation welcomed ETIAS as ... its own ESTA", the next
    sentence): that side's own sentence of the same paragraph, nearly as likely. None otherwise."""
    if len(question.speakers) != 1 or not ranked or actors(ranked[0]) == question.speakers:
        return None
    best = ranked[0]
    near = [c for c in ranked[1:] if c.probability >= best.probability - _SECOND_MARGIN]
    own = [c for c in near if actors(c) == question.speakers]
    # Beside the best first; else, for a topic asked, that side's sentence stating it elsewhere ("What did the EU
    # report on PNR?": the joint statement's "The participants agreed to continue the discussion of PNR" ranked
    # above the outcome's "On PNR, the EU delegation provided an update ...").
    beside = next((c for c in own if c.paragraph.id == best.paragraph.id), None)
    asked = topic_asked(question)
    return beside or next((c for c in own if asked and asked <= set(terms(c.text))), None)


# Words that ask for a kind of statement (rag/reader/answer_types.py), not the matter it is on.
_KIND_WORDS = frozenset(
    terms(
        "want wanted ask asked demand demanded push pushed call called press pressed insist insisted request requested "
        "urge urged worried concerned concern concerns worry worries fear fears problem problems risk risks regarding "
        "concerning"
    )
)


# A section heading that lists matters ("Information sharing, including battlefield information, PNR and ...").
_LISTS_MATTERS = re.compile(r",|\bincluding\b", re.I)
_STANCE = re.compile(r"\b(?:view|views|position|positions|stance|opinion|attitude|argument|arguments)\b", re.I)


def stated_by_the_one_asked(
    question: Question,
    ranked: list[Candidate],
    spelled: dict[str, str],
    near: Mapping[str, frozenset[str]] | None = None,
) -> Candidate | None:
    """What the one side asked said on a matter, or asked for or worried about: its own sentence that, with its
    heading, names the whole matter. "What did the EU want regarding visas?" is the EU's "position on the urgency of
    extending the Programme ..." under "Visa reciprocity" (the ranker had put first the joint statement's update on
    migration trends, which is no request); "What did the US say about the visa waiver programme?" the US's "...
    further transparency on ... the VWP" (the gate read 0.32). Candidates are eligible: each states the kind asked.
    None otherwise."""
    one = len(question.speakers) == 1
    # (what one side promised or committed to is its own decision: "What did the US promise on visas?")
    asked = question.answer_types & {"request", "concern", "decision"} or (
        question.about_said and not question.answer_types
    )
    # (what one side agreed is read with the other's as a rule, rag/reader/requests.py; what both sides named agreed
    # is theirs: "What did Canada and the EU agree on firearms?" is "Both sides agreed to exchange data ...")
    agreed = len(question.speakers) > 1 and question.answer_types == {"decision"}
    if not (one and asked) and not agreed:
        return None
    sides = {t for c in question.constraints if c.kind == "party" for t in terms(c.text)}
    matter = set(terms(question.text)) - SAID_TERMS - TALK_TERMS - DECIDED_TERMS - _KIND_WORDS - sides  # ("PNR")
    if not matter:
        return None
    decided = question.answer_types == {"decision"}
    # (a stance asked in a word a sentence of that side states is that sentence: "What was the EU's position on
    # visas?" is its "position on the urgency of extending the Programme ...", not its update on migration trends
    # in the joint statement's visa paragraph, ranked first)
    stance = set(terms(" ".join(_STANCE.findall(question.text))))
    ranked = sorted(ranked, key=lambda c: not (stance and stance & set(terms(c.text))))
    for candidate in ranked:
        if candidate.kind != "sentence" or actors(candidate) != question.speakers:
            continue
        if decided and not set(terms(candidate.text)) & DECIDED_TERMS:
            continue  # its own deed says it decided ("only able to commit to ..."), not "welcomed China's decision"
        if not speaks_of(candidate.paragraph, matter, near or {}, spelled, every_word=True):
            continue  # (every word of the matter, or one the model reads as it: "passenger data" in the PNR part)
        if _LISTS_MATTERS.search(candidate.paragraph.section) and not speaks_of(
            candidate.paragraph, matter, near or {}, spelled, every_word=True, headings=False
        ):
            # (nor is a heading listing several matters what each paragraph under it speaks of: "What did the EU say
            # about battlefield information?" is not "On PNR, the EU delegation provided an update ...", under
            # "Information sharing, including battlefield information, PNR and aviation security")
            continue
        # What it said is on the matter itself, in a word of it or its abbreviation ("... entering the VWP"): its
        # paragraph may be on it through the other side's sentence ("What did the EU say about crypto currencies?"
        # is not the EU's debrief on the directive beside the US concern). A request or a concern stated in the
        # paragraph on the matter is on it ("... expressed its concern about ... crypto currencies in that context").
        written = " ".join(spelled.get(short.lower(), "") for short in _WRITTEN_SHORT.findall(candidate.text))
        # The heading its sentence is under names the matter too ("c) Visa reciprocity"): "What did the Americans
        # say about money laundering?" is their concern "in that context" under "Anti-money laundering/...".
        heading = candidate.paragraph.section
        if not question.about_said or matter & set(terms(f"{candidate.text} {written} {heading}")):
            return candidate
    return None
