"""Which candidates may be asserted at all, before any is scored against another: every constraint of the question
holds, the candidate gives the kind of answer asked for, and a meeting or document fact is held to what it records
(a meeting's dates only for a question about the meeting, a paper's date only for one naming the paper, the
delegation facts only for who led, represented or attended). These rules only rule candidates out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.meeting import NEXT_MEETING
from rag.reader.answer_types import DEADLINE_ASKED, STATEMENT_KINDS, TYPED
from rag.reader.candidates import Candidate, fits, names_a_person, said_choice, spelled_out
from rag.reader.constraints import ConstraintCheck, speaking
from rag.reader.features import FEATURES
from rag.reader.gazetteer import CITIES, parties_in, party_of, side_mentions
from rag.reader.question import Question
from rag.reader.question_meeting import DOCUMENT_PART, NEXT_OTHER, anyone_came
from rag.reader.question_wording import (
    TALK_TERMS,
    UNSAID_STATED,
    asks_what_was_sought,
    asks_whether,
    asks_why,
    holds_office,
)
from rag.text import STOPWORDS, first_stem, folded, term_set, terms, word_spans, words

_REPEATED = FEATURES.index("repeated")
# Facts about the meeting itself answer questions about it; the next meeting's facts, questions about that.
OWN_MEETING = frozenset(["meeting_place", "meeting_dates", "meeting_place_dates", "host", "meeting_name"])
# Facts of what already happened when the document was written: the meeting itself, its people, its papers.
_HELD = OWN_MEETING | {
    "delegation_head",
    "delegation_representatives",
    "document_date",
    "document_place_date",
    "statement_date",
}
# Facts dating or placing the meeting itself, and one of its papers.
_MEETING_DATES_AND_PLACES = OWN_MEETING - {"host", "meeting_name"}
_PAPER_DATES_AND_PLACES = frozenset({"document_date", "document_place", "document_place_date", "statement_date"})
# A paper's reference number is asked as such: "Were any numbers mentioned?" after a question on migration asks
# for figures on migration, and was answered "The document's reference number is 9278/18".
_REFERENCE_NAMED = re.compile(r"\b(?:reference|symbol|code|registration)\b", re.I)
# The part of a document each of its paper's facts belongs to.
_PAPER_PART = {
    "statement_date": "statement",
    "document_date": "outcome",
    "document_place": "outcome",
    "document_place_date": "outcome",
}
_PRESIDENCY_FACTS = frozenset({"presidency", "incoming_presidency"})
# The meeting's facts about people, and what they say people did: led, represented or attended a side, hosted the
# meeting, issued the document. "Who chaired the meeting?" or "Who refused to endorse it?" asks something else.
_PERSON_FACTS = frozenset({"delegation_head", "delegation_representatives", "host", "issuer"})
DELEGATION_FACTS = frozenset({"delegation_head", "delegation_representatives"})
# Which of them each verb asks for: who led, represented or attended a side (and the offices the delegations
# list: "Which commissioner looks after ...?"), who hosted or organised the meeting, who issued or wrote the
# document. "Who organised the meeting?" was answered with the US delegation's heads. Words several ask for
# ("made", "held": a meeting or an office) are in each. (As written: "were present" is being there, "presented" is not.)
_SHARED_WORDS = "make makes made charge responsible run runs hold holds held"
# Coming, leading or attending for a side; and the offices a delegation's record lists.
_CAME_WORDS = (
    "head heads headed lead leads led represent represents represented attend attends attended participate "
    "participated part take takes took taking appear appeared come came send sent join joined accompany "
    "accompanied present there speak spoke spoken go goes went travel travelled traveled visit visited sit sat "
    "sits seated"
)
_OFFICE_WORDS = (
    "handle handles handled serve served described called named titled listed look looks looked oversee oversees "
    "cover covers deal deals"
)
CAME_VERBS = frozenset(_CAME_WORDS.split())  # a "who" question asking who came (for a side)
# Whether someone came, led or represented a side: "Did Chad Wolf attend ...?", "Did Barr lead the US side?"
# ("Was Chad Wolf at Sofia?": a name, then where)
_ASKS_WHETHER_CAME = re.compile(
    r"^\W*(?i:did|does|has|had)\b.*\b(?i:attend|represent|lead|head|participate|take\s+part|come\s+to|go\s+to|join)\b"
    r"|^\W*(?i:was|were)\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?i:at|in|present|there)\b"
)


def asks_whether_came(question: Question) -> bool:
    """Whether the question asks if someone it names came to a meeting, or led or represented a side there."""
    return bool(_ASKS_WHETHER_CAME.search(question.text)) and any(
        c.kind == "name" and not c.generic for c in question.constraints
    )


_PERSON_FACT_WORDS = {
    "delegation": f"{_CAME_WORDS} {_OFFICE_WORDS}",
    "host": "host hosts hosted play played welcome welcomed organise organised organize organized",
    "issuer": (
        "issue issues issued write writes wrote written draft drafts drafted prepare prepared draw drew drawn put "
        "publish published release released produce produced author authored compile compiled circulate circulated"
    ),
}
_PERSON_FACT_VERBS = {
    field: frozenset(f"{_PERSON_FACT_WORDS[kind]} {_SHARED_WORDS}".split())
    for field, kind in (
        ("delegation_head", "delegation"),
        ("delegation_representatives", "delegation"),
        ("host", "host"),
        ("issuer", "issuer"),
    )
}
# "What deadline was set ...?": a sentence naming nothing nearer a deadline than this (MiniLM word cosine) does not
# say what was asked ("the CLOUD Act was already adopted in March"); "NATO" is 0.63 from "alliance".
SLOT_FLOOR = 0.5  # (0.45 and 0.5 answer train and dev alike; 0.55 lets one more near miss through)


# A paper asked about as put out: "When was the outcome issued?", "... dated", "... published".
_PAPER_PUT_OUT = re.compile(r"\b(?:issued|dated|published|released|put\s+out|circulated)\b", re.I)


_PAPER_DATES = frozenset({"document_date", "document_place", "document_place_date", "statement_date"})
# The ministers meeting, asked in words that do not name a meeting: "When did the ministers get together?"
_MET = re.compile(
    r"\b(?:meet|met|meetings?|ministerials?|gather(?:ed)?|together|convene[ds]?|assembled?|(?:take|took|taken)\s+place"
    r"|held)\b",
    re.I,
)
# Those the conversation named doing something other than meeting: "Which countries did they single out?"
_THEY_DID_ELSE = re.compile(
    r"\b(?:did|do|does|will|would)\s+(?:they|he|she)\s+"
    r"(?!(?:(?:last|first|next|ever|again|then|finally|originally|actually)\s+)?"
    r"(?:meet|gather|get|come|convene|assemble|hold|host)\b)\w+",
    re.I,
)
# "Where are they held?" after foreign terrorist fighters: those the conversation spoke of are held (detained)
# somewhere; no meeting is, unless the conversation asked about meetings (each meeting's place had answered it).
_THEY_HELD = re.compile(r"\b(?:are|were)\s+(?:they|these|those)\s+(?:being\s+|still\s+)?(?:held|kept)\b", re.I)
_MEETINGS_ASKED = re.compile(r"\b(?:meetings?|ministerials?|conferences?|gatherings?)\b", re.I)


def _they_are_held(question: Question) -> bool:
    if not (question.topic and _THEY_HELD.search(question.text)):
        return False
    return not _MEETINGS_ASKED.search(question.topic.split("?")[0])


def eligible(question: Question, candidates: list[Candidate], checks: list[ConstraintCheck]) -> list[Candidate]:
    """Candidates that may be asserted: every constraint holds, and they give the kind of answer asked for."""
    typed = [t for t in TYPED if t in question.answer_types]
    to_come = _who_will(question.text)
    done = _who_did_act(question)
    # "Who else was there?", "Was anyone from Bulgaria there?": who came, read only from a record of who came (and
    # one naming them answers whoever its subject is: "Did the Austrians send anyone?" is "The EU was represented by
    # ... Ministers Herbert Kickl and Josef Moser (incoming Austrian Presidency)", no other party's saying)
    who_came = (question.besides or bool(anyone_came(question.text))) and _asks_who_came(question)
    led_a_matter = _leads_the_matter(question)
    gathering = _gathering_asked(question.text)
    held_not_met = _they_are_held(question)
    return [
        c
        for c, ok in zip(candidates, checks, strict=True)
        if (ok.satisfied or _spells_out_the_unmet(question, c, ok) or (who_came and _came_for_them(c, ok)))
        and all(fits(t, c, question) for t in typed)
        and all(fits(kind, c, question) for kind in STATEMENT_KINDS if kind in question.answer_types)
        # "What was not agreed?", "What remains unresolved?": what they agreed is the one thing it does not ask.
        and not (question.undecided and c.kind == "sentence" and fits("decision", c, question))
        and not (question.unsaid and not (c.kind == "sentence" and UNSAID_STATED.search(c.text)))
        and _fits_the_occasion(question, c)
        and (
            not question.event
            or c.kind != "sentence"
            or states_the_event(c.text, question.event, to_come=question.future)
        )
        # "Who will host it?" (the next meeting): who is still to do a deed is said of it as still to come; this
        # meeting's "was hosted by the Bulgarian Presidency" had answered it.
        and not (c.kind == "sentence" and to_come and not _said_to_come(c.text, to_come))
        # ... and who did one, as done: "Who signed the EU-Canada PNR agreement?" is not answered by "agreed to sign
        # the agreement in the first half of 2019", nor by a sentence saying nothing of signing
        and not (c.kind == "sentence" and done and not states_the_event(c.text, done))
        # "Where was the CLOUD Act agreement signed?": the sentence must say where beside the deed, not name a party
        # anywhere ("its agreement with the United Kingdom ..., signed on 3 October 2019" had answered it).
        and not (
            question.event
            and "place" in question.answer_types
            and c.kind == "sentence"
            and not places_the_event(c.text, question.event, to_come=question.future)
        )
        # "When did the e-evidence talks officially begin?" asks when they began, not when a meeting was held (each
        # meeting's dates had answered it, the sentence saying "formally opened" being read at one meeting only).
        and not (
            question.event
            and c.fact_field in OWN_MEETING
            and not question.about_meeting
            and not (_MET.search(question.text) and not held_not_met)
        )
        # ... nor when the document or statement was dated ("When?" after "Which law did the US adopt ...?")
        and not (question.event and c.fact_field in _PAPER_DATES and not _PAPER_PUT_OUT.search(question.text))
        and (c.kind == "fact" or c.slot_cover >= SLOT_FLOOR)  # a fact's kind is held to it where its field is asked
        and not (c.kind == "sentence" and question.slot in NAMED_KINDS and not names_one(c.text))
        and _in_part(question, c)
        and (not question.choices or said_choice(c.text, question.choices))
        and (not question.by_name or names_a_person(c.text))
        and (not question.office or holds_office(question.office, c.text))
        and not (question.besides and "person" in question.answer_types and c.named and c.named <= _said(question))
        # "Who else was there?" after one side's delegation: another record of who came, never a sentence naming
        # someone or something ("... with the Commission negotiating on behalf of the EU" names a convention); nor
        # is "was hosted by the Bulgarian Presidency" whether anyone from Bulgaria was there
        and not (who_came and not _records_coming(c))
        and not (led_a_matter and c.fact_field in DELEGATION_FACTS)
        and not (gathering and gathering not in term_set(c.text))
        # "Did she attend other meetings?" (after Canada's justice minister): only a record of who came naming one of
        # the people the last answer gave says so (Helsinki's "The meeting was the EU-U.S. Ministerial Meeting" had)
        and not (
            asks_whether_they_came(question) and not (_records_coming(c) and _names_one_of(c.text, question.people))
        )
        # "Anything else?", "What else was discussed?": not what the last answer said
        and not (question.besides and c.features.size and c.features[_REPEATED])
        # "And the US?" after the EU's part: what the last answer said is not the part of the party the follow-up
        # names (a sentence on "the US Visa Waiver Programme" names the US, and was given again as the US's part).
        and not (
            question.said
            and parties_in(question.said)
            and c.features.size
            and c.features[_REPEATED]
            and not _said_by_the_party_named(question, c)
        )
        # "What did the US delegation report?", "What did Jeff Sessions say?": a meeting fact ("The US delegation was
        # headed by ...") records who, when and where, never what a party or person said or did; a question asking
        # no person, date or place wants that.
        and not (
            question.of_someone
            and not typed
            and c.kind == "fact"
            and not _summed_up_for_all(question, c)
            # (whether someone came is what a delegation's record says: "Did Chad Wolf attend the Helsinki meeting?")
            and not (c.fact_field in DELEGATION_FACTS and asks_whether_came(question))
        )
        and not (question.about_said and not typed and c.fact_field in DELEGATION_FACTS)
        # "What did the joint statement say about terrorism?": that it was issued says where to look, not what it
        # says (as the sentence recording it is no answer either: _in_part); "Was there a joint statement?" asks it.
        and not (
            (question.about_said or "overview" in question.answer_types)
            and question.parts
            and c.fact_field == "issued_at_end"
        )
        and not (c.fact_field in _PERSON_FACTS and question.did and not _person_fact_does(c.fact_field, question.did))
        # "Who wrote this report?": the proceedings' prose never says who wrote them ("authorities" is no author);
        # only the header's issuer does; and it issued the outcome, not the joint statement (whose authors are its
        # sides: "Who issued the joint statement?" had been answered "the General Secretariat of the Council").
        and not (c.kind == "sentence" and asks_who_wrote_the_paper(question))
        and not (c.fact_field == "issuer" and question.names_statement)
        # "Which countries did they single out?" (after aviation security's "key third countries"): what those the
        # conversation named did, not where or when they met (the meeting's "took place in Sofia, Bulgaria" had
        # answered it)
        and not (c.fact_field in OWN_MEETING and not question.about_meeting and _THEY_DID_ELSE.search(question.text))
        and not _another_sides_delegation(question, c)
        and not _another_agreement(question, c)
        and not _not_the_side_that_sought(question, c)
        # "Who was the incoming presidency at Washington?": a delegation's record naming no Presidency is no answer
        # (it had been the US delegation's heads).
        and not (question.names_presidency and c.fact_field in DELEGATION_FACTS and "presidency" not in c.text.lower())
        # "Who led the Council then?": who led a delegation, hosted or issued is not who chaired the Council.
        and not (c.fact_field in _PERSON_FACTS and question.chairs_council)
        # "Why did the ministers meet by video conference?": that they did is no cause.
        and not (c.kind == "fact" and asks_why(question.text))
        # An overview is never the record of what, where or when the meeting was: "What happened at the meeting?"
        # after "What happened in Helsinki?" had been "The meeting was the EU-US Justice and Home Affairs Ministerial
        # Meeting". (A field of the document may still be asked: "Which Council service prepared this summary?")
        and not ("overview" in question.answer_types and not typed and c.fact_field in OWN_MEETING)
    ]


# Deeds named in several words: a directive "approved" has been adopted, and one "adopted" approved; a
# notification "completed" finished; an evaluation "postponed" delayed ("Was it delayed?" had found no delay).
_ENACTED = ("adopt", "approv", "pass", "enact")
_FINISHED = ("finish", "complet")
_PUT_OFF = ("delay", "postpon", "defer")
_BEGUN = ("start", "open", "launch", "begin", "began", "begun", "commenc")  # negotiations "formally opened"
_HOSTED = ("held", "hold", "host")  # where a dialogue or exercise was held: "the exercise held in The Hague"
# Taking part: "When will the US experts take part?" is answered by "agreed to invite US experts to the EU
# scenario-based discussions on hybrid threats in 2020".
_TAKING_PART = ("part", "particip", "join", "attend", "invit")
_EVENT_KIN: dict[str, tuple[str, ...]] = {
    stem: kin for kin in (_ENACTED, _FINISHED, _PUT_OFF, _BEGUN, _HOSTED, _TAKING_PART) for stem in kin
}


# Kinds of thing asked for by name: "Which agencies were mentioned?" asks which ones, and "The law enforcement
# agencies present at the meeting gave examples ..." names none. (Countries, people and places are answer types.)
NAMED_KINDS = frozenset(
    {"agency", "agencies", "organisation", "organisations", "organization", "organizations", "institution"}
    | {"institutions", "company", "companies", "firm", "firms", "platform", "platforms", "alliance", "alliances"}
    | {"forum", "forums", "newspaper", "newspapers"}
)  # (not "group" or "network": "a joint working group on the protection of soft targets" is one, unnamed)
_CAPITALISED = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")
_NO_NAME = frozenset({"Member States", "Member State"})  # "the Member States" are no agency, company or forum


def names_one(text: str) -> bool:
    """Whether a sentence names something by a proper name other than the two sides' (Europol, Interpol, NATO, the
    Internet Forum); a sentence's first word is capitalised whatever it is."""
    first, _, rest = text.strip().partition(" ")
    runs = _CAPITALISED.findall(rest if first.lower() in STOPWORDS else text)
    return any(run not in _NO_NAME and party_of(run) is None for run in runs)


def states_the_event(text: str, event: str, to_come: bool = False) -> bool:
    """Whether a sentence says the event asked about happened, in a word of its family ("signature" for "sign"),
    or of its kin ("approved" for "adopted"). `to_come`: asked when it will happen, so said as still to come too
    ("When will it be signed?" is "which it expects to sign in the second half of 2019")."""
    return bool(_event_said(text, event, to_come))


_WHO_WILL = re.compile(
    r"^\W*(?:and\s+)?(?:who|which\s+[\w-]+)\s+(?:will|is\s+going\s+to|are\s+going\s+to|is\s+to|are\s+to)\s+"
    r"(?:be\s+)?(?P<verb>[a-z]{3,})\b",
    re.I,
)
_TO_COME = re.compile(r"\b(?:will|would|shall|to|next|incoming|future|planned|expected)\b", re.I)


def _who_will(question: str) -> str:
    """The deed a "who will" question asks who is to do ("Who will host it?" -> "host"), when it is one."""
    found = _WHO_WILL.match(question)
    stem = first_stem(found and found["verb"])
    return "" if not stem or stem in TALK_TERMS | _WILL_HAPPEN else stem


# Acts a "who" question may ask who did, which a sentence may say as still to come ("agreed to sign", "expects to
# sign", "has not yet been signed").
_ACTS = frozenset(terms("sign ratify adopt approve enact conclude designate launch complete finalise finalize"))


def _who_did_act(question: Question) -> str:
    """The act a "who" question asks who did, in the past ("Who signed the agreement?" -> "sign"), or ""."""
    if question.future or "person" not in question.answer_types or not question.did:
        return ""
    stem = next(iter(terms(question.did.split()[0])), "")
    return stem if stem in _ACTS else ""


# (who "will be there", "will attend" or "will take part" is asked of the next meeting's delegations, said as such)
_WILL_HAPPEN = frozenset(terms("there attend attending take come coming be"))


def _said_to_come(text: str, deed: str) -> bool:
    """Whether a sentence says the deed, or its kin, as still to come: "will be hosted", "agreed to hold"."""
    said, kin = [word for word, _, _ in word_spans(text)], _EVENT_KIN.get(deed, ())
    return any(
        _TO_COME.search(" ".join(said[max(0, i - 4) : i + 1]))
        for i, word in enumerate(said)
        if any(t.startswith(deed) or t in kin for t in term_set(word))  # ("to hold the next meeting ... under")
    )


def places_the_event(text: str, event: str, to_come: bool = False) -> bool:
    """Whether a sentence says where the event asked about happened, beside the word saying it: "the table-top
    exercise held in The Hague", "Washington hosted"; "its agreement with the United Kingdom under the CLOUD Act,
    signed on 3 October 2019" says when it was signed, not where."""
    return any(
        _PLACE_NEXT.match(text, end) or CITIES & set(folded(w) for w in words(text[max(0, start - 30) : start]))
        for start, end in _event_said(text, event, to_come)
    )


# A place said in the few words after a deed: "held in The Hague", "signed at Sofia on 23 May", "held on 5 June in
# Washington", or none but a screen: "would be held by video conference in the autumn"; the thing done may stand
# between ("to hold an expert seminar on 3D-printed weapons in Ottawa").
# (a region of a country is a place too: "foreign terrorist fighters held in north-east Syria")
_PLACE_NEXT = re.compile(
    r"\W*(?:[\w-]+\W+){0,7}?(?:(?:in|at)\s+(?:the\s+)?(?:(?:north|south|east|west|central)(?:-?(?:east|west))?(?:ern)?\s+)?"
    r"[A-Z]|(?:by|via)\s+video|online)"
)


def _event_said(text: str, event: str, to_come: bool = False) -> list[tuple[int, int]]:
    """Where a sentence says the event happened (`states_the_event`): the start and end of each word saying it."""
    kin = _EVENT_KIN.get(event, ())
    spans = word_spans(text)
    said = [word for word, _, _ in spans]
    yet_to_be = _NEVER if to_come else _YET_TO_BE if event in _DONE_BY_AGREEING else _AGREED_TO_BE
    # (a kin word as said, not as a prefix: "pass" is no part of "passenger"; and said as done, not as still to be:
    # "which it expects to sign", "will sign", "has not yet been signed", "its signature is now expected": read only
    # for a word of the event)
    return [
        (start, end)
        for i, (word, start, end) in enumerate(spans)
        if any(
            (
                (t.startswith(event) and not _ANOTHER_WORD.fullmatch(t[len(event) :]))
                or (len(t) >= 4 and event.startswith(t))
                or t in kin
            )
            and not yet_to_be.search(" ".join(said[max(0, i - 3) : i]))
            and (to_come or not _EXPECTED.match(" ".join(said[i + 1 : i + 5])))
            for t in term_set(word)
        )
    ]


# What the event's word followed by one more letter is: another word ("joint" is no "join", "plant" no "plan").
_ANOTHER_WORD = re.compile(r"[bcfghjklmnpqrtvwxz]")
# (and a deed said as what is aimed at: "... in order to be considered for designation", "progress towards accession")
_STILL_TO_COME = (
    r"will|would|shall|not(?:\s+yet)?(?:\s+been)?|yet|(?:expect|plan|intend|hope|aim)\w*(?:\s+to)?"
    r"|considered\s+for|eligible\s+for|towards?"
)
_NEVER = re.compile(r"(?!)")
_YET_TO_BE = re.compile(rf"\b(?:{_STILL_TO_COME})$", re.I)
# Agreeing to do something is doing it only for a change or keeping of course ("agreed to postpone the evaluation",
# "agreed to extend the mandate"); "agreed to sign the agreement in the first half of 2019" is no signing.
_DONE_BY_AGREEING = frozenset(terms("postpone delay defer extend prolong suspend continue resume keep maintain renew"))
# (nor is any deed said in the infinitive: "authorised the Commission to open negotiations" opened none)
_AGREED_TO_BE = re.compile(rf"\b(?:{_STILL_TO_COME}|to)$", re.I)
_EXPECTED = re.compile(r"^(?:\w+\s+){0,2}?(?:now\s+)?(?:expected|planned|scheduled|foreseen|due)\b", re.I)


# An agreement named by its parties: "the EU-US PNR agreement" (parties "EU-US", name "PNR").
_AGREEMENT = re.compile(
    r"(?P<parties>[A-Z][\w.]*(?:\s*[-–/]\s*[A-Z][\w.]*)+)\s+(?P<name>(?:[A-Z][\w]*\s+){0,3})agreements?\b", re.I
)


def _agreements(text: str) -> list[tuple[frozenset[str], str]]:
    """The agreements a text names by their parties: (parties, name) for "EU-Canada PNR agreement"."""
    return [(parties_in(m["parties"]), m["name"].strip().lower()) for m in _AGREEMENT.finditer(text)]


def _another_agreement(question: Question, candidate: Candidate) -> bool:
    """A sentence on an agreement of the same name between other parties is not about the one asked: "What's the
    status of the EU-US PNR agreement?" is not answered by the EU's contacts "for the revision of the EU-Canada PNR
    agreement"."""
    if candidate.kind != "sentence":
        return False
    asked = [(parties, name) for parties, name in _agreements(question.text) if len(parties) > 1]
    if not asked:
        return False
    named = _agreements(candidate.text)
    for parties, name in asked:
        same_name = [p for p, n in named if n == name]
        if same_name and parties not in same_name:
            return True
    return False


def _not_the_side_that_sought(question: Question, candidate: Candidate) -> bool:
    """What one side wanted, proposed or offered on a topic is its own statement: "What did the EU want from the US
    on visas?" is not "The EU and the US also exchanged information on ... their respective visa policies"."""
    if candidate.kind != "sentence" or len(question.speakers) != 1 or not asks_what_was_sought(question):
        return False
    sides = candidate.evidence.meeting_parties if candidate.evidence else frozenset()
    return speaking(candidate.text, sides) != question.speakers


def _said_by_the_party_named(question: Question, candidate: Candidate) -> bool:
    """Whether a sentence's subject is the party a follow-up in the last question's frame names ("The US stressed
    ..." for "And the US?"): that is the party's part, though the last answer gave it beside the other's."""
    parties = candidate.evidence.meeting_parties if candidate.evidence else frozenset()
    return candidate.kind == "sentence" and speaking(candidate.text, parties) == parties_in(question.said)


def _another_sides_delegation(question: Question, candidate: Candidate) -> bool:
    """A side's delegation is no answer about the other side's: "Which US ministers attended?" is not answered by
    the EU's record ("The European Union, hosting the meeting, was represented by ..." speaks of the meeting, and
    so of both sides, in the words the party check reads)."""
    sides = candidate.evidence.meeting_parties if candidate.evidence else frozenset()
    asked = question.parties & sides
    return candidate.fact_field in DELEGATION_FACTS and bool(asked) and candidate.fact_party not in asked | {""}


def asks_who_wrote_the_paper(question: Question) -> bool:
    verb = question.did.split()[0] if question.did else ""
    asks_person = "person" in question.answer_types
    return (
        asks_person and verb in _PERSON_FACT_VERBS["issuer"] and question.names_paper and not question.names_statement
    )


def _person_fact_does(field: str, did: str) -> bool:
    """Whether a person fact says someone did what a "who" question asks ("Who organised ...?": the host)."""
    return did in _PERSON_FACT_VERBS[field]


# The words of a sentence recording who came for a side ("The United States was represented by ...").
_CAME_RECORDED = frozenset(["headed", "led", "represented", "attended", "participated", "accompanied", "present"])


def _asks_who_came(question: Question) -> bool:
    return "person" in question.answer_types and question.did.split(" ")[0] in CAME_VERBS if question.did else False


_HE_OR_SHE = re.compile(r"\b(?:he|she|they|him|her|them)\b", re.I)


def asks_whether_they_came(question: Question) -> bool:
    """Whether the question asks if someone the conversation named came ("Did she attend other meetings?")."""
    return bool(question.people and _HE_OR_SHE.search(question.text) and _ASKS_WHETHER_CAME.search(question.text))


def _names_one_of(text: str, people: Sequence[str]) -> bool:
    """Whether a text names one of these people, by surname ("Acting Secretary ... Chad F. Wolf" names Chad Wolf)."""
    said = set(words(folded(text).lower()))
    return any((surname := folded(person).lower().split()[-1:]) and surname[0] in said for person in people)


# Whether a gathering of some kind was held: "Was there a press conference?", "Did they hold a press briefing?"
_GATHERING_ASKED = re.compile(
    r"\b(?:(?:is|was|were|are)\s+there|(?:did|do|will)\s+(?:they|the\s+[\w-]+)\s+(?:hold|have|give|organi[sz]e))\s+"
    r"(?:any|a|an|some)\s+(?:[\w-]+\s+)?(?P<kind>conferences?|briefings?|summits?|dinners?|receptions?|votes?"
    r"|ceremon(?:y|ies)|workshops?|seminars?|hearings?|interviews?|speech(?:es)?|visits?|lunch(?:es)?)\b",
    re.I,
)


def _gathering_asked(text: str) -> str:
    """The kind of gathering a question asks whether there was, stemmed ("Was there a press conference?" ->
    "confer"), or "": only a passage saying such a one answers it, not "a joint press statement was issued"."""
    found = _GATHERING_ASKED.search(text)
    return first_stem(found and found["kind"])


# Who leads "it" or "them", the conversation's matter: "Who leads them for the EU?" after "When did the e-evidence
# negotiations start?" asks who leads the negotiations, not who led a delegation (Sofia's had answered).
_LEADS_IT = re.compile(
    r"\b(?:lead|leads|led|leading|head|heads|headed|heading|chair|chairs|chaired)\s+(?:it|them)\b", re.I
)
_PEOPLE_WORDS = re.compile(
    r"\b(?:delegations?|sides?|teams?|meetings?|ministerials?|parties|presidency|represent\w*|attend\w*|came|sent)\b",
    re.I,
)


def _leads_the_matter(question: Question) -> bool:
    """Whether the question asks who leads a matter the conversation named (not a delegation, side or meeting)."""
    if not (question.topic and _LEADS_IT.search(question.text)):
        return False
    asked = question.topic.split("?")[0]  # (the conversation's question, not the names its answer gave)
    return not _PEOPLE_WORDS.search(asked)


def _came_for_them(candidate: Candidate, check: ConstraintCheck) -> bool:
    """A record of who came that names whom the question asks about, whoever its subject is."""
    return _records_coming(candidate) and not check.unmet


def _records_coming(candidate: Candidate) -> bool:
    if candidate.kind == "fact":
        return candidate.fact_field in DELEGATION_FACTS
    return bool(set(words(candidate.text.lower())) & _CAME_RECORDED)


def _said(question: Question) -> frozenset[str]:
    """The people the last answer named, as a candidate's names are read (rag/reader/candidates.names_given)."""
    return frozenset(folded(person).lower() for person in question.people)


def _spells_out_the_unmet(question: Question, candidate: Candidate, check: ConstraintCheck) -> bool:
    """What an abbreviation stands for may be said without it: "chemical, biological, radiological and nuclear
    threats" answers "What does CBRN stand for?" though its paragraph never writes "CBRN"."""
    if "expansion" not in question.answer_types or check.conflict or candidate.kind != "sentence":
        return False
    spelled = spelled_out(candidate.text, question.text)
    return bool(spelled) and all(spelled_out(candidate.text, unmet.text) == spelled for unmet in check.unmet)


def in_statement(candidate: Candidate) -> bool:
    """Whether a candidate is from a document's joint statement (under its heading, "Annex: Joint EU-U.S.
    statement ...") rather than from the outcome of proceedings."""
    return "statement" in candidate.paragraph.section.lower()


def _in_part(question: Question, candidate: Candidate) -> bool:
    """A sentence from the part of the document the question names: the joint statement's paragraphs are those
    under its heading ("Annex: Joint EU-U.S. statement ..."), the outcome's the others. (Facts are read from
    either part alike.)"""
    if question.part == "statement" and candidate.fact_field == "summary":
        return False  # the outcome's own Summary sums up the meeting, not its joint statement
    if question.part and candidate.fact_field in _PAPER_PART:
        # The joint statement's dateline dates the statement, the header's date the outcome: "What is the date of
        # this outcome of proceedings?" is not answered by the statement's 23 May.
        return _PAPER_PART[candidate.fact_field] == question.part
    if not question.parts or candidate.kind != "sentence":
        return True
    if DOCUMENT_PART.search(candidate.text):
        return False  # "At the end of the meeting, a joint statement was issued": where to look, not what it says
    if not question.part:
        return True
    return in_statement(candidate) == (question.part == "statement")


# The next meeting asked for as such: "What's the next meeting?", "Which is the next ministerial?"
# A thing said as still ahead when the document was written.
_AHEAD = re.compile(
    r"\b(?:next|future|upcoming|following|will|would|shall|planned|scheduled|expected|due|postpone\w*|be\s+held)\b",
    re.I,
)
_WHICH_IS_NEXT = re.compile(
    r"^\W*(?:what|which)(?:\s+(?:is|was|will\s+be)|['’]s)\s+(?:the\s+)?next\s+(?:\w+\s+)?(?:meeting|ministerial)\b",
    re.I,
)
# What a meeting's own record says of itself, never of the next one.
_THIS_MEETINGS_OWN = frozenset(
    {"issued_at_end", "meeting_name", "meeting_place", "meeting_dates", "meeting_place_dates"}
)


def _summed_up_for_all(question: Question, candidate: Candidate) -> bool:
    """The Summary, for an overview of what all who met discussed ("What did the EU and Canada discuss in
    Ottawa?", "What did they discuss?"), not of what one side did."""
    return candidate.fact_field == "summary" and "overview" in question.answer_types and len(question.speakers) != 1


# Words of an overview of the meeting as a whole ("Give me a summary of the main points of the meeting").
_OVERVIEW_WORDS = frozenset(
    terms(
        "summary summarise summarize summarised summarized overview gist recap rundown run-down main key point points "
        "topic topics "
        "theme themes outcome outcomes result results takeaway takeaways highlight highlights conclusion conclusions "
        "message messages finding findings major principal chief brief short give whole overall general "
        "happen happened meeting meetings ministerial ministers agree agreed decide decided conclude concluded cover "
        "covered focus focused concentrate center centre participants delegations sides describe document video "
        "conference videoconference proceedings achieve achieved accomplish accomplished produce produced deliver "
        "delivered yield yielded came come upshot talks"
    )
)


def overview_of_a_matter(question: Question) -> bool:
    """Whether an overview is asked of one matter, in the question's words or the conversation's topic it goes on
    with."""
    if _THE_SUMMARY.search(question.text):
        return False  # "Which activities were looked back on, according to the summary?": the Summary is asked
    # (the sides are who met, not a matter; a name is one: "Summarise the PNR discussion" had been Bucharest's
    # Summary, which names PNR among the meeting's topics)
    sides = {t for c in question.constraints if c.kind == "party" for t in terms(c.text)}
    asking = TALK_TERMS | _OVERVIEW_WORDS | _ASKING  # ("What's the main takeaway?": "what's" is no matter)
    # (a question naming the meeting asks about it, not the conversation's matter: "What happened at the meeting?"
    # after "What happened in Helsinki?" had read the names of the last answer as a matter)
    topic = "" if question.about_meeting else question.topic
    return bool(set(terms(f"{question.text} {topic}")) - asking - sides)


_ASKING = frozenset(terms("what's who's where's when's how's"))
_THE_SUMMARY = re.compile(r"\bthe\s+(?:document's\s+)?summary\b", re.I)


TAKEN_UP_AGAIN = re.compile(
    r"\b(?:will|shall|going\s+to|(?:is|are)\s+(?:due\s+)?to)\s+(?:[\w'’-]+\s+){0,4}?(?:come\s+back|return|continue"
    r"|resume|revisit|take\s+(?:it\s+|this\s+|that\s+)?up|pick\s+(?:it\s+|this\s+|that\s+)?up|reconvene|meet\s+again"
    # ("When will they discuss it again?")
    r"|(?:discuss|talk\s+about|address|look\s+at|consider|examine|raise)\w*\s+(?:[\w'’-]+\s+){0,3}?again)\b",
    re.I,
)


# A sentence saying a matter will be taken up again (at the next meeting, in future ones, continued, resumed).
_AGAIN_SAID = re.compile(
    r"\b(?:next|again|future|continu\w*|resum\w*|come\s+back|return\w*|revisit\w*|follow(?:ed)?[\s-]?up)\b", re.I
)


def _fits_the_occasion(question: Question, candidate: Candidate) -> bool:
    """The next meeting's place and date never answer where or when this one was, nor the other way round; the
    document's Summary, whole, answers only a question asking for an overview."""
    if candidate.fact_field == "summary":
        # It sums up this meeting; what it says of how often they meet ("agreed to meet every two years") may be
        # said nowhere else (fits holds a question asking how often to a Summary saying it). An overview of one
        # matter ("Summarise the cybersecurity discussion", or "What was agreed?" after it) is that matter's part.
        overview = "overview" in question.answer_types and not overview_of_a_matter(question)
        return (overview or question.frequency) and not question.names_next
    if candidate.fact_field == "next_meeting" and NEXT_OTHER.search(question.text):
        return False  # (the next review is no meeting)
    if candidate.fact_field == "next_meeting":
        # It says when and where the next meeting is, never what it will discuss or who will come.
        when_or_where = {"date", "place", "country"}
        asks_when_or_where = (
            bool(when_or_where & question.answer_types)
            or asks_whether(question.text)
            or bool(_WHICH_IS_NEXT.search(question.text))  # "What's the next meeting?": its place and time
        )
        # (Nor which Presidency comes next: "Which member state is responsible for the next presidency?" had been
        # answered "The next meeting is to take place ... in Washington, D.C.")
        presidency = question.names_presidency and not question.names_meeting
        return (
            question.about_next and asks_when_or_where and not question.answer_types - when_or_where and not presidency
        )
    if (
        candidate.kind == "sentence"
        and {"date", "place"} & question.answer_types
        and NEXT_OTHER.search(question.text)
        and not _AHEAD.search(candidate.text)
    ):
        # When or where the next review is: said of one still ahead ("proposed that the next joint evaluation ... be
        # held in 2020"), not of the one done ("welcomed the joint review ... completed in November 2018").
        return False
    if question.about_next and candidate.fact_field in _THIS_MEETINGS_OWN:
        return False  # "What is the next meeting?" is not answered by what was issued at the end of this one
    if question.about_next and {"date", "place"} & question.answer_types:
        # Where or when the next meeting is: only what is said of the next meeting (not where a document was
        # issued, nor this meeting's own place).
        return candidate.kind == "sentence" and bool(NEXT_MEETING.search(candidate.text))
    if (
        candidate.kind == "sentence"
        and "date" in question.answer_types
        and TAKEN_UP_AGAIN.search(question.text)
        and not _AGAIN_SAID.search(candidate.text)
    ):
        # When a matter will be taken up again is said of taking it up again: "When will they come back to it?"
        # after fentanyl had been "... China's decision to control all fentanyl-related substances ... from 1 May
        # 2019", a date of something else.
        return False
    if candidate.kind == "sentence" and not question.about_next and {"date", "place", "name"} & question.answer_types:
        # (nor its name: "at the next EU-U.S. Ministerial" names the next one). When and where a matter will be
        # taken up again is: "to continue the discussion of PNR at the next EU-U.S. Ministerial ... in the second
        # half of 2018" says when they will come back to it.
        return not NEXT_MEETING.search(candidate.text) or bool(TAKEN_UP_AGAIN.search(question.text))
    if question.planned and not question.about_next and {"date", "place"} & question.answer_types:
        # Where or when a meeting had been planned: no record of where and when it was held, or of a paper's date,
        # answers it (the 2020 meeting planned for Zagreb was held by video conference). Sentences are judged above,
        # as for any date or place ("When was the evaluation supposed to happen, meeting by meeting?").
        return False
    if candidate.fact_field == "addressee" and not question.to_whom:
        # Who a document is addressed to answers "to whom", never who issued, wrote or put it out: the two
        # header facts read alike to the embedding model, and "who" alone asks for the one who acts.
        return False
    if candidate.fact_field == "addressee" and question.topic and not question.names_paper:
        # "Who is it addressed to?" after "What did the Commission recommend?" asks of the Recommendation, not of
        # the outcome document ("The document is addressed to Delegations" had answered it).
        return False
    if candidate.fact_field == "presidency" and question.about_next:
        return False  # the Presidency in office is not the next one ("next in line to run the Council")
    if candidate.fact_field == "incoming_presidency" and question.chairs_council and not question.about_next:
        return "incoming" in question.text.lower()  # who held it then is not who was about to take it over
    if candidate.fact_field in _PRESIDENCY_FACTS and not asks_whether(question.text):
        # "Which presidency came after the Croatian one?" does not ask for the Croatian one: a country the question
        # names by its people ("Croatian", not a city's name) is where it starts from, never what it asks for.
        named = {party for _, party in side_mentions(question.text)}
        if named & parties_in(candidate.text) - {"EU"}:
            return False
    if candidate.fact_field in _PRESIDENCY_FACTS and not question.names_presidency:
        # Who held the Presidency is not where the meeting was: "Which country was the meeting held in?" was
        # answered "Bulgaria held the Council Presidency" (right country, wrong statement).
        return False
    if candidate.fact_field == "statement_date" and not question.names_statement:
        return False  # the statement is dated, the outcome issued: "When was the Helsinki outcome issued?"
    if candidate.fact_field in _PAPER_DATES_AND_PLACES and not question.names_paper:
        # "When was that directive approved?", "When did the ministers meet in Zagreb?": a paper's date or place
        # never dates what the question asks about instead (a directive, the meeting itself).
        return False
    named_paper = question.names_paper or bool(_REFERENCE_NAMED.search(question.text))
    if candidate.fact_field == "document_number" and not named_paper:
        return False
    if candidate.fact_field in _MEETING_DATES_AND_PLACES and not question.names_meeting:
        return False  # nor the meeting's a paper's ("When was the Helsinki outcome issued?" is not 10-11 December)
    if candidate.fact_field in _MEETING_DATES_AND_PLACES | _PAPER_DATES_AND_PLACES and DEADLINE_ASKED.search(
        question.text
    ):
        return False  # a deadline is set for something to be done: "What is the deadline?" is no meeting's dates
    if (
        candidate.fact_field in _MEETING_DATES_AND_PLACES
        and question.names_paper
        and _PAPER_PUT_OUT.search(question.text)
    ):
        # When the paper was issued, though the meeting is named beside it: "When was the outcome of proceedings
        # issued relative to the meeting?" had been answered with the meeting's dates.
        return False
    if question.future and candidate.fact_field in _HELD:
        # "When will they come back to it?", "Who will chair it?": what this meeting was, or when its papers
        # were dated, is past when the document was written; it never answers what is still to come.
        return False
    # What this meeting was, who came to it, when its papers were dated: none of it is the next meeting's ("Who led
    # the US delegation at the next meeting?" had this meeting's heads).
    return not (question.about_next and candidate.fact_field in _HELD)
