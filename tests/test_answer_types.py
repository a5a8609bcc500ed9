"""The kind of answer a question asks for (issue 12): what the question itself names is no answer, a day of a month
is no count, what already happened never answers what is still to come, and a document's addressee never answers
who issued it, and what one party said is not answered by what another said of it. These rules only rule
candidates out; the tests check both sides of each."""

from __future__ import annotations

import numpy as np
import pytest

from rag.reader.answer_types import answer_types
from rag.reader.candidates import Candidate, Paragraph, fits, names_given
from rag.reader.constraints import Evidence, check
from rag.reader.question import analyse
from rag.reader.question_meeting import of_the_meeting_itself
from tests.test_trust import ask_chain


def candidate(text: str, kind: str = "sentence", fact_type: str = "", fact_field: str = "") -> Candidate:
    where = Paragraph("9278/18 ¶2", "9278/18", "", text, 2)
    return Candidate(text, text, where, np.zeros(3, dtype=np.float32), kind, 0, 0, 0.0, 0.0, fact_type, fact_field)  # type: ignore[arg-type]


EXECUTIVE_AGREEMENTS = (
    "The US delegation presented the first executive agreements under the CLOUD Act and both sides agreed to "
    "start exploratory talks on an EU-US agreement on cross-border access to electronic evidence."
)
HEADED = "The US delegation was headed by Attorney General Jeff Sessions."
HOSTED = "The meeting was hosted by the European Union."
DAYS = "On 22 and 23 May 2018, the meeting was hosted by Bulgaria."
PLACE = "The EU-U.S. Ministerial Meeting on Justice and Home Affairs took place in Sofia, Bulgaria."
POSTPONED = "Both sides agreed to postpone the review, planned for the first half of 2020, to the first half of 2021."


@pytest.mark.parametrize(
    ("question", "text", "kind", "fact_type", "answers"),
    [
        # A sentence naming no one but the side asked about does not say who.
        ("Who led the US side?", EXECUTIVE_AGREEMENTS, "sentence", "", False),
        ("Who presented the first executive agreements?", EXECUTIVE_AGREEMENTS, "sentence", "", True),
        ("Who led the US side?", HEADED, "sentence", "", True),
        # ... nor does a fact whose value is that side.
        ("Who made up the EU side at the table?", HOSTED, "fact", "organisation", False),
        ("Who hosted the meeting?", HOSTED, "fact", "organisation", True),
        ("Which side hosted, the EU or the US?", HOSTED, "fact", "organisation", True),  # offered as the choice
        # A place the question names is no answer to where; a place inside it is.
        ("At which venue in Sofia did they meet?", PLACE, "fact", "place", False),
        ("Where in Bulgaria did the ministers meet?", PLACE, "fact", "place", True),
        # The days of a date are not a count or an amount.
        ("How much did hosting cost?", DAYS, "sentence", "", False),
        ("How many Member States are outside the Programme?", "The five EU Member States ...", "sentence", "", True),
        # An amount is a figure: "One issue ..." or "the two sides" give none.
        ("What fine was imposed over the scandal?", "One issue was the scandal.", "sentence", "", False),
        ("How much did the two sides pledge?", "The two sides pledged support.", "sentence", "", False),
        ("How much did the two sides pledge?", "The two sides pledged EUR 3 million.", "sentence", "", True),
        ("What share of requests was refused?", "Two sides said 5.9 % were refused.", "sentence", "", True),
    ],
)
def test_what_the_question_names_is_no_answer(engine, question, text, kind, fact_type, answers):
    asked = analyse(question, engine.stats)
    (answer_type,) = [t for t in ("person", "place", "count") if t in asked.answer_types]
    assert fits(answer_type, candidate(text, kind, fact_type), asked) is answers


AVIATION = "Both sides expressed satisfaction with their cooperation with key third countries on aviation security."
VISAS = "The EU and the United States took stock of progress towards the Visa Waiver Program."
PRESIDENCIES = "Ministers of Bulgaria and Austria spoke for the current and incoming Presidencies."


@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("What did the Member States agree?", {"decision"}),  # what they agreed, not which of them
        ("Which of the states attended?", {"country"}),
        ("What fine did the regulator impose?", {"count"}),  # an amount: a number must be given
        ("What penalties were agreed?", {"count"}),
        ("Which Attorney General attended?", {"person"}),
        ("What figure did the US give for foreign fighters?", {"count"}),
    ],
)
def test_what_a_which_or_what_question_asks_for(question, types):
    from rag.reader.answer_types import answer_types

    assert set(answer_types(question)) == types


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("What target was set for the proposals?", "target"),  # (a deadline asks for a date: answer_types)
        # A word or two may stand between "the" and the noun after "what is"; a word for what is known names none.
        ("What is the statutory threshold for the visa waiver?", "threshold"),
        ("What is the most recent information on the soft targets working group's mandate?", ""),
        ("Within which military alliance might cooperation be stepped up?", "alliance"),
        ("What other crimes were smugglers tied to?", "crimes"),
        ("What sort of migration systems did they support?", "systems"),  # "sort of" names no thing, systems do
        ("What kind of action did the US call for?", "action"),
        ("What kind was it?", ""),
        ("What did the EU say about PNR?", ""),  # no noun: what it said
        ("What happened at the meeting?", ""),  # a verb, not a noun, follows "what"
        ("What was the EU's position on PNR?", ""),
        ("Which Member States are outside the programme?", ""),  # a name is a constraint (and a country a type)
        ("When was the deadline?", ""),  # a date is asked: the type says what
        ("Which ministerial was the first after the elections?", ""),  # which meeting: the meeting facts answer
    ],
)
def test_the_thing_a_what_or_which_question_asks_for(engine, question, slot):
    assert analyse(question, engine.stats).slot == slot


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # The sentences speak of the proposals and of the CLOUD Act adopted in March; nothing near a deadline.
        ("What deadline did the two sides set for the Commission proposals on electronic evidence?", None),
        # NATO is a military alliance: near enough in the embedding's words (0.63), so the slot is met. But the
        # gate's word-by-word match (rag/reader/tokens.py) finds little of "alliance ... work through" in "in the
        # NATO framework" (0.41), and the gate refuses it at 0.62 against 0.66.
        pytest.param(
            "Which alliance could the two sides work through against CBRN threats?",
            "NATO",
            marks=pytest.mark.xfail(reason="known miss: the gate reads 0.62 (threshold 0.66)", strict=True),
        ),
        # A directive is a law, though the model puts "directive" at 0.46 from "law": it had been refused.
        ("Which law did the EU recently approve on money laundering?", "Money Laundering directive"),
    ],
)
def test_a_what_or_which_question_is_answered_by_a_sentence_naming_such_a_thing(engine, question, answered):
    answer = engine.ask(question)
    if answered is None:
        assert answer.abstained and "adopted in March" not in answer.answer
    else:
        assert not answer.abstained and answered in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "When will the ministers come back to PNR?",
        "When will they meet again?",
        "When will the consultations end?",
        "When does the incoming Presidency begin?",  # what starts or ends after the document, as "will" asks
    ],
)
def test_what_is_still_to_come_is_never_answered_by_this_meetings_dates(engine, question):
    answer = engine.ask(question)
    assert "22-23 May 2018" not in answer.answer and "31 May 2018" not in answer.answer
    assert "took place" not in answer.answer and "was issued on" not in answer.answer


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("Did the meeting take place in 2018?", "22-23 May 2018"),  # once read "Did the meeting take place?"
        ("Did the meeting happen in May?", "22-23 May 2018"),
        ("Was the meeting in Sofia?", "Sofia"),  # once "The meeting was the EU-US ... Meeting" (its name)
        ("Did they meet in Sofia?", "Sofia"),
        ("Was the meeting held in Washington?", "Sofia"),  # corrected by where it was, not by the next meeting's
    ],
)
def test_a_yes_or_no_question_on_the_meetings_place_or_dates_is_answered_by_them(engine, question, stated):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and stated in answer.answer
    assert "next" not in answer.answer and "second half" not in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Will the next meeting be in Brussels?",  # was refused: "Brussels" read as the EU, which the record is not
        "Is the next ministerial going to be held in Brussels?",
        "Will they meet again in Brussels?",
        "Will the next meeting take place in Washington?",  # "will" opens a yes-or-no question too
    ],
)
def test_a_yes_or_no_question_on_the_next_meetings_place_is_answered_by_its_record(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "Washington, D.C." in answer.answer and "second half of 2018" in answer.answer
    assert "Sofia" not in answer.answer and "22-23 May" not in answer.answer


def test_a_yes_or_no_question_on_something_else_at_the_meeting_keeps_its_scope_words_out():
    assert of_the_meeting_itself("Did the meeting take place ?") and of_the_meeting_itself("Was the meeting ?")
    assert not of_the_meeting_itself("Did they discuss PNR at the meeting ?")
    assert not of_the_meeting_itself("Where did the meeting take place ?")  # asks, not checks: the scope's to strip


def test_when_the_meeting_itself_starts_is_its_dates(engine):
    answer = engine.ask("When does the meeting start?")
    assert answer.outcome == "answer" and "22-23 May 2018" in answer.answer


@pytest.mark.parametrize(
    "question",
    ["When is the next meeting?", "When is the next ministerial?", "Where will the next ministerial be held?"],
)
def test_what_is_said_of_the_next_meeting_still_answers_when_it_is(engine, question):
    # The next-meeting fact says when ("second half of 2018") and where: it answers both, in any wording.
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "second half of 2018" in answer.answer and "Washington" in answer.answer


def test_who_will_chair_the_next_meeting_is_not_who_represented_this_one(engine):
    history = [
        {"role": "user", "content": "Where will the next ministerial take place?"},
        {"role": "assistant", "content": engine.ask("Where will the next ministerial take place?").answer},
    ]
    answer = engine.ask("Who will chair it?", history)
    assert "represented" not in answer.answer and "headed" not in answer.answer


@pytest.mark.parametrize("question", ["Who issued this document?", "Which body drew up this document?"])
def test_who_issued_the_document_is_the_service_and_institution_never_its_addressee(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "General Secretariat of the Council" in answer.answer
    assert "Delegations" not in answer.answer
    assert [c.id for c in answer.citations] == ["9278/18 header"]


@pytest.mark.parametrize("question", ["To whom is the document addressed?", "Who received the document?"])
def test_the_addressee_answers_to_whom(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "addressed to Delegations" in answer.answer


PNR_UPDATE = (
    "On PNR, the EU delegation provided an update on the implementation by Member States of the PNR Directive, as "
    "well as on the contacts with Canadian authorities for the revision of the EU-Canada PNR agreement."
)


@pytest.mark.parametrize(
    ("question", "sentence", "speaks"),
    [
        # Canada is spoken of, the EU speaks.
        ("What did the Canadians say about PNR?", PNR_UPDATE, False),
        ("What did the EU say about PNR?", PNR_UPDATE, True),
        ("What did the Canadian side say about PNR?", "Canada and the EU discussed PNR.", True),
        ("What has the US delegation proposed on PNR?", PNR_UPDATE, False),
        # "Both sides" speak for every party of the meeting.
        ("What did the US say about PNR?", "On PNR, both sides agreed to continue their contacts.", True),
        # A sentence with no subject of its own ("It also ...") is left to its paragraph.
        ("What did the US say about PNR?", "It also stressed the importance of PNR.", True),
        # A question not asking what a party said pins Canada as a name only.
        ("Were the contacts with Canadian authorities on PNR mentioned?", PNR_UPDATE, True),
    ],
)
def test_a_party_asked_what_it_said_must_be_the_one_saying_it(engine, question, sentence, speaks):
    asked = analyse(question, engine.stats)
    paragraph = f"The US delegation presented its approach. {sentence}"
    evidence = Evidence(sentence, paragraph, "", frozenset({"EU", "US"}))
    assert check(asked, evidence).satisfied is speaks


DRUG_TALKS = "The discussions focused on efforts to crack down on drug production in both the US and the EU."
US_ON_COLOMBIA = "The US delegation urged action in Colombia."


@pytest.mark.parametrize(
    ("question", "said_of_colombia", "answers"),
    [
        # Only the US spoke of Colombia: the EU said nothing about it, whatever else the paragraph holds.
        ("What did the EU say about drug production in Colombia?", US_ON_COLOMBIA, False),
        ("What did the US say about drug production in Colombia?", US_ON_COLOMBIA, True),
        ("What did the EU say about drug production in Colombia?", "Both sides urged action in Colombia.", True),
        # A side of the meeting is also the one spoken to: the US saying something is no reason to refuse.
        ("What did the EU tell the US about drug production?", US_ON_COLOMBIA, True),
    ],
)
def test_what_a_party_is_asked_to_have_said_about_something_it_must_have_said(
    engine, question, said_of_colombia, answers
):
    """A name the question asks about, found in the paragraph only where another party is the subject, was not
    spoken of by the party asked about."""
    evidence = Evidence(DRUG_TALKS, f"{DRUG_TALKS} {said_of_colombia}", "", frozenset({"EU", "US"}))
    assert check(analyse(question, engine.stats), evidence).satisfied is answers


def test_what_a_party_said_is_not_answered_by_what_another_said_of_it(engine):
    answer = engine.ask("What did the Canadians say about PNR?")
    assert answer.abstained and "EU delegation provided an update" not in answer.answer


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        # A day asked for: a period is no answer ...
        (
            "On what exact date will the next ministerial take place?",
            "The next meeting is in the second half of 2018.",
            False,
        ),
        ("On which day in March was the act signed?", "The act was signed in March 2018.", False),
        # ... a day is; and "when" takes a period.
        ("On which dates did the ministers meet?", "The ministers met on 22-23 May 2018.", True),
        ("When is the next meeting?", "The next meeting is in the second half of 2018.", True),
    ],
)
def test_a_day_asked_for_is_not_answered_by_a_period(engine, question, text, answers):
    assert fits("date", candidate(text), analyse(question, engine.stats)) is answers


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("How many Member States are outside the Visa Waiver Programme?", "mani"),
        ("How much did the Internet Forum cost?", "much"),
        ("According to the joint statement, what was agreed on PNR?", "accord"),
    ],
)
def test_how_a_question_asks_is_no_term_of_it(engine, question, absent):
    """'many', 'much' and 'according' say how a question asks, as 'what' does: the corpus never needing to
    contain them, they counted as words it does not know ('how many' questions read as about something absent)."""
    asked = analyse(question, engine.stats)
    assert absent not in asked.terms
    assert asked.terms  # the question's own matter stays


def typed_features() -> np.ndarray:
    """A candidate's feature row for a question asking a person, date, place or count (the rest zero)."""
    from rag.reader.features import FEATURES

    row = np.zeros(len(FEATURES), dtype=np.float32)
    row[FEATURES.index("type_asked")] = 1.0
    return row


def test_sentences_of_one_paragraph_are_one_passage_for_the_gate_when_no_type_is_asked():
    """For a question asking no person, date or count, two sentences of one paragraph are parts of one passage
    (the drug talks' focus and what both sides agreed): the margin is over the best sentence of another
    paragraph. For a typed question, a sentence of the same paragraph giving another answer still rivals."""
    from rag.reader.features import FEATURES, GATE_FEATURES, gate_row

    ranked = [candidate("The discussions focused on drug networks."), candidate("Both sides agreed on best practice.")]
    ranked.append(
        Candidate(
            **{
                **vars(candidate("The EU debriefed on money laundering.")),
                "paragraph": Paragraph("9278/18 ¶16", "9278/18", "", "The EU debriefed on money laundering.", 16),
            }
        )
    )
    for found, probability in zip(ranked, (0.95, 0.85, 0.30), strict=True):
        found.probability, found.features = probability, np.zeros(len(FEATURES), dtype=np.float32)
    margin = GATE_FEATURES.index("top_margin")
    assert gate_row(ranked, 3, 1.0)[margin] == pytest.approx(0.65)
    for found in ranked:
        found.features = typed_features()
    assert gate_row(ranked, 3, 1.0)[margin] == pytest.approx(0.10)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("What did the two delegations discuss about drugs?", "drug trafficking networks"),
        ("Why could the two sides only promise compatible e-evidence legislation?", "different stages"),
    ],
)
def test_a_paraphrase_answered_by_one_paragraph_is_not_refused_for_its_other_sentences(engine, question, said):
    # Each was refused: the best sentence's margin was over the next sentence of its own paragraph.
    answer = engine.ask(question)
    assert not answer.abstained and said in answer.answer


def test_sentences_giving_the_same_count_are_no_rivals_for_the_gate():
    """The gate weighs the best candidate against the best one saying something else: two sentences that both
    say 'five Member States' agree, so the margin is over the first that gives another count (or none)."""
    from rag.reader.features import GATE_FEATURES, gate_row

    ranked = [
        candidate("The meeting reviewed progress by the five EU Member States not covered by the Programme."),
        candidate("The US side will be transparent on what keeps the five Member States from entering it."),
        candidate("Three Member States remain outside the Programme."),
    ]
    for found, probability, number in zip(ranked, (0.95, 0.85, 0.30), ("five", "five", "three"), strict=True):
        found.probability, found.counted, found.features = probability, frozenset({number}), typed_features()
    margin = GATE_FEATURES.index("top_margin")
    assert gate_row(ranked, 3, 1.0)[margin] == pytest.approx(0.65)
    ranked[1].counted = frozenset({"four"})  # a rival count: the margin is over it
    assert gate_row(ranked, 3, 1.0)[margin] == pytest.approx(0.10)


@pytest.mark.parametrize(
    ("text", "types", "question", "names"),
    [
        (HEADED, {"person"}, "Who led the Americans?", {"jeff sessions"}),  # the title before a name is no name
        (HEADED, {"person"}, "Which post did Jeff Sessions hold?", set()),  # what the question names is no answer
        (PLACE, {"person"}, "Who met?", set()),  # "Home Affairs", "Ministerial Meeting": bodies, not people
        ("The next meeting will take place in Washington.", {"place"}, "Where will they meet next?", {"washington"}),
        (PLACE, {"place"}, "Where did the EU and the US meet?", {"sofia"}),  # not the EU or the US, named everywhere
        (DAYS, {"person"}, "Which side played host?", {"bulgaria", "eu"}),  # a side is a party (and its union)
        (POSTPONED, {"date"}, "When is the PNR evaluation?", {"first half of 2020", "first half of 2021"}),
        ("They meet on 6-7 June 2019 in Bucharest.", {"date"}, "When in 2019 did they meet?", {"6-7 june 2019"}),
        # A day range said in words is the same date ("Did the ministers meet in Helsinki in 2019?" was refused: the
        # sentence's "10 and 11 December 2019" did not confirm the fact's "10-11 December 2019").
        ("On 6 and 7 June 2019 they met.", {"date"}, "When in 2019 did they meet?", {"6-7 june 2019"}),
        ("Talks resume in 2019.", {"date"}, "What happens in 2019?", set()),  # the question's own date is no answer
    ],
)
def test_the_people_or_places_a_candidate_gives(text, types, question, names):
    assert names_given(text, frozenset(types), question) == names


@pytest.mark.parametrize(
    ("question", "kind", "texts"),
    [
        # The delegation fact and ¶20's sentence name the one person asked for.
        (
            "Which Attorney General attended?",
            "person",
            [HEADED, "The US was represented by Attorney General Jeff Sessions.", "The EU sent Julian King."],
        ),
        # The outcome and the joint statement both postpone the PNR evaluation to the first half of 2021.
        (
            "When will the joint evaluation of the PNR agreement take place?",
            "date",
            [POSTPONED, "They postponed the evaluation to the first half of 2021.", "They meet in December 2020."],
        ),
    ],
)
def test_candidates_giving_the_same_person_or_date_are_no_rivals_for_the_gate(question, kind, texts):
    """Two candidates giving the one person or date asked for agree: the gate's margin is over the first candidate
    giving another."""
    from rag.reader.features import GATE_FEATURES, gate_row

    ranked = [candidate(text) for text in texts]
    for found, probability in zip(ranked, (0.95, 0.90, 0.30), strict=True):
        found.probability, found.features = probability, typed_features()
        found.named = names_given(found.text, frozenset({kind}), question)
    assert gate_row(ranked, 3, 1.0)[GATE_FEATURES.index("top_margin")] == pytest.approx(0.65)


@pytest.mark.parametrize(
    ("question", "said"),
    [("Which Attorney General attended?", "Jeff Sessions"), ("Which party was the host?", "Bulgarian Presidency")],
)
def test_a_person_or_side_two_passages_agree_on_is_answered(engine, question, said):
    answer = engine.ask(question)
    assert not answer.abstained and said in answer.answer, answer.answer


def test_a_count_two_sentences_agree_on_is_answered(engine):
    answer = engine.ask("How many Member States were not yet covered by the US Visa Waiver Programme?")
    assert not answer.abstained and "five EU Member States" in answer.answer


@pytest.mark.parametrize(
    ("question", "country"),
    [
        ("Which member state held the rotating presidency when the ministers met?", "Bulgaria held the Council"),
        ("Which country's presidency came after that?", "Austria was about to take over"),
        ("Which country hosted the gathering?", "hosted by the Bulgarian Presidency"),
    ],
)
def test_which_country_held_the_presidency_is_a_meeting_fact(engine, question, country):
    """'Which country ...?' asks for a country (not any place): the Presidency in office, the incoming one and a
    host that is a country's Presidency answer it, each cited to the sentence that names it."""
    answer = engine.ask(question)
    assert not answer.abstained and country in answer.answer
    assert answer.citations[0].id in {"9278/18 ¶2", "9278/18 ¶19"}


KICKL_TITLED = "The EU was represented by Austrian Federal Minister for the Interior Herbert Kickl."
SESSIONS_TITLED = "The US was represented by the U.S. Attorney General, Jeff Sessions."
KICKL_GROUPED = "The EU was represented by Ministers Herbert Kickl and Josef Moser (incoming Austrian Presidency)."


@pytest.mark.parametrize(
    ("answer_type", "question", "text", "answers"),
    [
        # An office held by one person, said before the name, is the person's title ...
        ("title", "What was Herbert Kickl's job?", KICKL_TITLED, True),
        ("title", "What title did Jeff Sessions hold?", SESSIONS_TITLED, True),
        # ... a group's label is nobody's title, nor is another person's office.
        ("title", "What was Herbert Kickl's job?", KICKL_GROUPED, False),
        ("title", "What portfolio did Josef Moser hold?", KICKL_GROUPED, False),
        ("title", "What portfolio did Josef Moser hold?", KICKL_TITLED, False),
        # A word or two before the noun still asks for countries; a sentence that only says "countries" names none.
        ("country", "Which key third countries were named on aviation security?", AVIATION, False),
        ("country", "Which EU member states spoke for the Presidencies?", PRESIDENCIES, True),
        # Member states are the EU's: "the United States" is none of them.
        ("country", "Which five Member States are outside the Visa Waiver Program?", VISAS, False),
        ("country", "Which EU countries are outside the Visa Waiver Program?", VISAS, False),  # (was True)
        # Nor is a country the question names an answer ("Which US states ...?" is not answered by "the US").
        ("country", "Which US states took stock of the Visa Waiver Program?", VISAS, False),
    ],
)
def test_a_title_or_country_is_one_the_sentence_gives(engine, answer_type, question, text, answers):
    """A person's title is an office said right before their name; a country, one the sentence names."""
    asked = analyse(question, engine.stats)
    assert answer_type in asked.answer_types
    assert fits(answer_type, candidate(text), asked) is answers


@pytest.mark.parametrize(
    "question",
    [
        "What was the EU's position on PNR?",  # what a side said, not an office
        "What position did the US take on visas?",
        "What role did Europol play in the smuggling operations?",  # what it did there
        "Which EU Council presidency was in office during the meeting?",
        "What is the title of the joint statement?",  # no one is named
    ],
)
def test_an_office_is_asked_only_of_someone_named(engine, question):
    assert "title" not in analyse(question, engine.stats).answer_types


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("What office did Tsetska Tsacheva hold?", "Minister of Justice Tsetska Tsacheva"),
        ("Which job did Dimitris Avramopoulos have?", "Commissioner for Migration, Home Affairs and Citizenship"),
        # What a named person is responsible for is their office (both were refused)
        ("What was Julian King responsible for?", "Commissioner for the Security Union Julian King"),
        ("What is Věra Jourová in charge of?", "Commissioner for Justice, Consumers and Gender Equality"),
        # A named person's role or position, with nothing after it, is their office (refused; "out of scope")
        ("What is Julian King's role?", "Commissioner for the Security Union Julian King"),
        ("What position does Herbert Kickl hold?", "Federal Minister for the Interior Herbert Kickl"),
    ],
)
def test_a_named_persons_office_is_answered_from_the_delegation(engine, question, said):
    answer = engine.ask(question)
    assert not answer.abstained and said in answer.answer
    assert answer.citations[0].id == "9278/18 ¶21"


TIAS = "Travel Information and Authorisation System"
CBRN = "chemical biological radiological and nuclear"


@pytest.mark.parametrize(
    ("text", "question", "spelled"),
    [
        ("sharing on Passenger Name Records (PNR) and", "What does PNR stand for?", "Passenger Name Records"),
        ("to counter weapons of mass destruction (WMD)", "WMD is short for what?", "weapons of mass destruction"),
        ("access to electronic evidence (e-evidence)", "Spell out e-evidence.", "electronic evidence"),
        ("the Travel Information and Authorisation System (TIAS)", "TIAS stands for?", TIAS),
        ("drug producers in Colombia (cocaine) and", "What does PNR stand for?", ""),  # brackets, no definition
        ("Passenger Name Records (PNR)", "What does GDPR stand for?", ""),  # another abbreviation's
        ("the Visa Waiver Programme (VWP)", "What does PNR stand for?", ""),
        # Unbracketed: words in a row whose initials are its three or more letters.
        ("and chemical, biological, radiological and nuclear threats", "What does CBRN stand for?", CBRN),
        ("the chemical and nuclear threats", "What does CBRN stand for?", ""),  # letters missing
        ("the European Union", "What does EU stand for?", ""),  # two letters: met too easily by chance
    ],
)
def test_an_abbreviation_is_spelled_out_by_the_words_whose_initials_it_takes(text, question, spelled):
    from rag.reader.candidates import spelled_out

    assert spelled_out(text, question) == spelled


def test_what_an_abbreviation_stands_for_is_answered_by_the_sentence_defining_it(engine):
    answer = engine.ask("Which words does the abbreviation GDPR stand for?")
    assert not answer.abstained and "General Data Protection Regulation (GDPR)" in answer.answer
    # One the proceedings spell out only in passing, with no brackets, is answered from that passage, although
    # its paragraph never writes the abbreviation; one they never spell out is "not stated".
    for question in ("What does CBRN stand for?", "What do the letters CBRN cover?"):
        answer = engine.ask(question)
        assert answer.outcome == "answer" and "chemical, biological, radiological and nuclear" in answer.answer
        assert [c.id for c in answer.citations] == ["9278/18 ¶22"]
    assert engine.ask("What does NATO stand for?").outcome == "not_stated"


def test_an_abbreviation_asked_about_bare_is_spelled_out(engine):
    # "What is CBRN?" had been "... to better respond to the evolving CBRN threat", which does not say what it is;
    # "What is NATO?" "... including in the NATO framework", and "What is the EU?" the meeting's host sentence.
    answer = engine.ask("What is CBRN?")
    assert answer.outcome == "answer" and "chemical, biological, radiological and nuclear" in answer.answer
    assert "Passenger Name Records (PNR)" in engine.ask("What is PNR?").answer
    for never_spelled in ("What is NATO?", "What is the EU?"):
        assert engine.ask(never_spelled).outcome == "not_stated", never_spelled


@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("What does ETIAS mean?", {"expansion"}),
        ("What's the VWP?", {"expansion"}),
        ("What is the CLOUD Act?", set()),  # a name, not an abbreviation asked about bare
        ("What did the US mean by voluntary efforts?", set()),  # what a side meant, no abbreviation
        ("What is the document number of this note?", set()),  # a label, no count
        ("What is the total number of Member States outside the Programme?", {"count"}),
    ],
)
def test_what_a_question_asks_for_by_its_form(question, types):
    from rag.reader.answer_types import answer_types

    assert set(answer_types(question)) == types


def test_a_persons_office_asked_by_pronoun_is_read_from_the_last_answers_people(engine):
    """ "What office did he hold?" names no one: the people of the answer before are whom "he" may mean, and the
    office said right before one of their names answers it."""
    first = "Who headed the US delegation?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": engine.ask(first).answer}]
    answer = engine.ask("What office did he hold?", history)
    assert not answer.abstained and "Attorney General Jeff Sessions" in answer.answer
    asked = analyse("What office did he hold?", engine.stats, people=history[1]["content"])
    assert asked.people == ("Jeff Sessions", "Claire Grady") and not asked.constraints  # whom, but not pinned


@pytest.mark.parametrize("question", ["What job did Věra Jourová have?", "What was Vera Jourova's portfolio?"])
def test_a_name_with_accents_is_one_name_typed_with_or_without_them(engine, question):
    """Words are letters of any alphabet ("Jourová" was cut to "Jourov", "Věra" to "V"), and names compare
    without accents: the proceedings write "Vera" in one paragraph and "Věra" in another, and so do people."""
    from rag.text import terms, words

    assert words("Věra Jourová, Božinović") == ["Věra", "Jourová", "Božinović"]
    assert terms("Věra Jourová") == terms("Vera Jourova")
    answer = engine.ask(question)
    assert not answer.abstained and "Gender Equality Věra Jourová" in answer.answer


@pytest.mark.parametrize(
    ("question", "by_name"),
    [
        ("Which Austrian minister presented the incoming Presidency's priorities?", True),
        ("Which US official is described as Under Secretary for Homeland Security?", True),
        ("Which of the commissioners spoke about migration?", True),
        ("What did the ministers conclude about ETIAS?", False),  # what they said, not who they are
        ("Which presidency presented its priorities?", False),  # a body answers
    ],
)
def test_a_noun_for_a_person_asks_for_someone_by_name(engine, question, by_name):
    assert analyse(question, engine.stats).by_name is by_name


def test_a_person_asked_for_by_name_is_not_answered_by_an_institution(engine):
    from rag.reader.candidates import names_a_person

    assert names_a_person("The EU was represented by Ministers Herbert Kickl and Josef Moser (Austrian Presidency).")
    assert not names_a_person("The incoming Austrian Presidency gave a brief presentation of its priorities.")
    answer = engine.ask("Which Austrian minister presented the incoming Presidency's priorities?")
    assert "gave a brief presentation" not in answer.answer, answer.answer
    named = engine.ask("Which Bulgarian minister held the justice brief?")
    assert named.outcome == "answer" and "Tsacheva" in named.answer, named.answer


def test_numbers_offered_as_the_choice_must_be_said(engine):
    from rag.reader.candidates import said_choice

    question = analyse("Is the money laundering directive the fourth or the fifth one?", engine.stats)
    assert question.choices == ("fourth", "fifth")
    assert analyse("Do the Americans favour new laws or self-policing?", engine.stats).choices == ()
    assert said_choice("the 5th Anti-Money Laundering Directive", ("4th", "5th"))
    assert not said_choice(
        "The EU delegation debriefed on the recently approved Money Laundering directive.", question.choices
    )
    answer = engine.ask("Is the recently approved Money Laundering directive the fourth or the fifth one?")
    assert answer.abstained and answer.citations == [], answer.answer


def test_a_quoted_name_is_the_name_without_its_quote_marks(engine):
    from rag.corpus import salient_names

    assert salient_names("Which areas did the Austrians list under 'Home'?") == ["Austrians", "Home"]
    assert salient_names("the Member States' rights under ‘Justice’") == ["Member", "States", "Justice"]
    answer = engine.ask("Which areas did the Austrians list under 'Home'?")
    assert "never mention" not in answer.answer, answer.answer  # "Home'" was an unknown name
    assert answer.outcome == "answer" and "border management" in answer.answer


@pytest.mark.parametrize(
    "question", ["What did the US delegation report?", "What did the Austrians present to the meeting?"]
)
def test_what_a_party_said_or_did_is_never_a_meeting_fact(engine, question):
    """A meeting fact ("The US delegation was headed by ...", "Austria was about to take over the Presidency")
    records who, when and where; it was asserted for what the party reported or presented."""
    answer = engine.ask(question)
    assert "headed by" not in answer.answer and "about to take over" not in answer.answer, answer.answer
    assert all(c.id.split()[-1] != "header" for c in answer.citations)


def test_what_the_austrians_presented_is_their_priorities(engine):
    answer = engine.ask("What did the Austrians present to the meeting?")
    assert answer.outcome == "answer" and "priorities" in answer.answer, answer.answer
    assert [c.id for c in answer.citations] == ["9278/18 ¶17"]


@pytest.mark.parametrize(
    ("question", "did"),
    [
        ("Who chaired the meeting?", "chaired"),
        ("Who was in charge of the US team at the talks?", "charge"),
        ("Name the members of the Commission who were present.", "present"),
        ("Who was Austria's interior minister at the time?", ""),  # who someone was
        ("Who were the top US officials at the talks?", ""),
        ("Which ministers refused to endorse the joint statement?", "refused"),
        ("Which US Attorney General took part?", "took"),
        ("Which ministers of the incoming Austrian Presidency attended?", ""),  # the verb comes later: not judged
    ],
)
def test_what_a_who_question_asks_the_person_to_have_done(engine, question, did):
    assert analyse(question, engine.stats).did == did


@pytest.mark.parametrize(
    "question",
    [
        "Who chaired the meeting?",
        "Who refused to endorse the joint statement?",
        "Who presented the priorities?",
        "Which ministers refused to endorse the joint statement?",
        "Which minister chaired the meeting?",
    ],
)
def test_who_did_what_no_fact_records_is_not_answered_by_the_delegations(engine, question):
    # The delegation and host facts say who led, represented, attended or hosted; not who chaired or refused.
    answer = engine.ask(question)
    assert "was represented by" not in answer.answer and "was headed by" not in answer.answer, answer.answer
    assert "hosted by" not in answer.answer


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who led the American side?", "Sessions"),
        ("Who spoke for the European Commission at the ministerial?", "King"),
        ("Which US Attorney General took part?", "Jeff Sessions"),
        ("Which ministers of the incoming Austrian Presidency attended?", "Kickl"),
    ],
)
def test_who_led_or_represented_a_side_is_still_the_delegation_fact(engine, question, name):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and name in answer.answer, answer.answer


def test_a_fact_and_the_sentence_it_is_read_from_are_no_rivals_for_the_gate():
    from rag.reader.features import GATE_FEATURES, gate_row

    said = "At the end of the meeting, a joint press statement was issued (Annex)."
    fact = candidate(
        "At the end of the meeting, a joint press statement was issued.", "fact", "document", "issued_at_end"
    )
    fact.quote = said
    ranked = [fact, candidate(said), candidate("The next meeting is to take place in Washington.")]
    for found, probability in zip(ranked, (0.9, 0.7, 0.3), strict=True):
        found.probability, found.features = probability, typed_features()
    assert gate_row(ranked, 3, 1.0)[GATE_FEATURES.index("top_margin")] == pytest.approx(0.6)


def test_how_many_days_a_meeting_lasted_is_the_span_of_its_dates(engine):
    for question in ("How many days did the ministerial last?", "How long did the meeting last?"):
        answer = engine.ask(question)
        assert answer.outcome == "answer" and "22-23 May 2018" in answer.answer, (question, answer.answer)
    # How long something else runs is not the meeting's dates.
    assert "22-23 May" not in engine.ask("How long will the PNR agreement last?").answer
    # Days of something else are not counted by the meeting's dates.
    other = engine.ask("How many days did the consultations on e-evidence last?")
    assert "22-23 May" not in other.answer, other.answer


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("What deadline was set for adopting the e-evidence proposals?", "deadline"),
        ("Which other categories of threat does the joint text list?", "threat"),  # "of" does not end the head
        ("What worry about voting was raised?", "worry"),  # a preposition does
        ("What did both sides agree is key to addressing the terrorist threat?", ""),  # a verb, no noun
        ("Which of them is responsible for migration?", ""),  # a pronoun
        ("What kind of document is this?", "document"),
        # The same asked with "to be" first ("What is the deadline for ...?" had the sentence briefing on the
        # proposals asserted, which gives none).
        ("What is the deadline for the e-evidence regulation?", "deadline"),
        ("What was the EU's position on PNR?", ""),  # (a position is what was said: no slot)
        ("What is the latest on PNR?", ""),  # "latest" names no thing
    ],
)
def test_the_thing_a_what_or_which_question_asks_for_is_the_head_of_its_noun_phrase(question, slot):
    """A sentence must name the thing asked for (or something near it) to answer: a verb or pronoun taken for
    that thing ruled out every sentence ("agree" was the slot of the fourth question)."""
    from rag.reader.question_wording import slot_noun

    assert slot_noun(question) == slot


def test_what_something_came_to_is_the_sentence_stating_it(engine):
    # "Their joint work has allowed the identification of links ..." names no "result": it had been ineligible.
    answer = engine.ask("What were the results of the joint work against smugglers?")
    assert answer.outcome == "answer" and "identification of links" in answer.answer, answer.answer


def test_a_deadline_asked_with_to_be_first_is_not_answered_by_a_sentence_naming_none(engine):
    answer = engine.ask("What is the deadline for the e-evidence regulation?")
    assert answer.abstained and answer.citations == [], answer.answer


REPRESENTED = (
    "The EU was represented by Ministers Valentin Radev and Tsetska Tsacheva (Bulgarian Presidency), Ministers "
    "Herbert Kickl and Josef Moser (incoming Austrian Presidency) and by Commissioners Dimitris Avramopoulos, Vera "
    "Jourová and Julian King."
)


def test_names_listed_after_the_counted_noun_count_it():
    from rag.reader.candidates import listed
    from rag.text import terms

    def nouns(word: str) -> frozenset[str]:
        return frozenset(terms(word))

    assert [n.rstrip(".") for n in listed(REPRESENTED, nouns("Commissioners"))] == [
        "Dimitris Avramopoulos",
        "Vera Jourová",
        "Julian King",
    ]
    assert len(listed(REPRESENTED, nouns("ministers"))) == 4  # two groups of two
    assert listed(REPRESENTED, nouns("officials")) == ()  # no such noun
    assert listed("It was chaired by Commissioner Julian King.", nouns("Commissioners")) == ()  # one is no list


def test_a_count_is_answered_by_a_list_and_who_were_they_asks_no_deed(engine):
    for question in ("How many Commissioners attended?", "How many Commissioners took part, and who were they?"):
        answer = engine.ask(question)
        assert not answer.abstained, (question, answer.answer)
        for name in ("Avramopoulos", "Jourová", "King"):
            assert name in answer.answer
    # No list, no number: still refused.
    assert engine.ask("How many officials led the US delegation?").abstained


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Did they agree on anything about drugs?", "both sides agree that the exchange of best practices"),
        ("What did the delegations agree about migrant smuggling?", "areas of mutual concern"),
        ("What did they agree about PNR?", "agreed to continue the discussion of PNR"),
    ],
)
def test_what_was_agreed_is_answered_by_a_sentence_stating_the_agreement(engine, question, said):
    answer = engine.ask(question)
    assert not answer.abstained and said in answer.answer


@pytest.mark.parametrize("question", ["What was not agreed?", "What wasn't decided?", "What has not yet been agreed?"])
def test_what_was_not_agreed_is_never_answered_by_an_agreement(engine, question):
    # "What was not agreed?" had been answered "Both sides agreed to come back to this matter ..." (the question's
    # "agreed" asked for an agreement).
    question_read = analyse(question, engine.stats)
    assert question_read.undecided and "decision" not in question_read.answer_types
    answer = engine.ask(question)
    assert "agreed" not in answer.answer and "agree " not in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    ["Was anything decided on cybersecurity?", "What did they agree on election interference?"],
)
def test_what_was_agreed_is_never_answered_by_what_was_discussed(engine, question):
    # Each was answered with ¶11's account of the discussion ("brief overviews of ... strategies", "One issue that
    # deserved particular attention ..."), which states no agreement. ¶11's agreement ("Both sides agreed to explore
    # this issue ...") says "this issue": answered with it, or refused, never with the discussion.
    answer = engine.ask(question)
    assert "brief overviews" not in answer.answer and "deserved particular attention" not in answer.answer
    assert answer.abstained or "agreed to explore" in answer.answer


@pytest.mark.parametrize(
    ("question", "decision"),
    [
        ("What did the two sides decide about PNR?", True),
        ("Was anything agreed on cybersecurity?", True),
        ("When will the consultations conclude?", False),  # a date is asked
        ("What was agreed at the meeting?", False),  # the whole meeting: an overview
        ("What did the Commission urge internet companies to commit to?", False),  # what others are to do
        ("What will they do about it?", True),  # what is to be done: what was agreed or undertaken
        ("What are the next steps on e-evidence?", True),
        ("What did the US do about drugs?", False),  # what was done
        # A pledge asked of those who made it is what they undertook.
        ("What did both sides pledge regarding their e-evidence laws?", True),
        ("What's the most Washington would promise on the visa waiver?", True),
        ("What did the EU and Canada commit to on PNR?", True),
        ("Which tech companies committed to removing terrorist propaganda?", False),  # who committed
        ("Is the promise of visa-free travel kept?", False),
        ("Given the good results, what did the delegations back?", True),  # what they supported
        ("Which joint activities did the two sides look back over?", False),  # "back" of "look back"
        # What follows on a matter is what was agreed on it; the next meeting is a place and a time.
        ("What happens next on PNR?", True),
        ("What's next on e-evidence?", True),
        ("What is the follow-up on election interference?", True),
        ("What's the next meeting?", False),
    ],
)
def test_a_question_asks_for_a_decision_only_as_such(engine, question, decision):
    assert ("decision" in analyse(question, engine.stats).answer_types) is decision


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("What was decided?", True),
        ("So what was discussed?", True),
        # A matter asked about before it is no overview: the meetings' Summaries were their parts of the comparison.
        ("The timing of the PNR joint evaluation keeps moving - what was planned versus what was decided?", False),
        ("On PNR, what was decided?", False),
        ("What happened at the meeting?", True),
        ("What happened at the end of the meeting?", False),  # one moment of it: the statement issued then
        # What all who met discussed is the meeting's whole; what one side discussed, or discussed on a matter, is not.
        ("What did the EU and Canada discuss?", True),
        ("What did they discuss at the meeting?", True),
        ("What did the ministers talk about?", True),
        ("What did the US discuss?", False),
        ("What did the EU and the US discuss about PNR?", False),
    ],
)
def test_what_was_decided_asks_for_an_overview_only_as_the_whole_question(question, overview):
    assert ("overview" in answer_types(question)) is overview


def test_a_small_word_opening_a_second_sentence_names_nothing(engine):
    from rag.corpus import salient_names

    # "If" was read as a name the proceedings never mention ("the closest passages do not mention If").
    asked = "Was the Cambridge Analytica scandal raised at the ministerial? If so, in what context?"
    assert salient_names(asked) == ["Cambridge", "Analytica"]
    assert salient_names("Who spoke first? Sofia or Brussels?") == ["Sofia", "Brussels"]  # names still are
    answer = engine.ask(asked)
    assert "mention If" not in answer.answer
    assert answer.outcome == "answer" and "Cambridge Analytica" in answer.answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which are the five EU countries that still need visas to travel to the US?", "country"),
        ("Which were the countries named?", "country"),
        ("Who are the ministers?", "person"),
    ],
)
def test_which_are_the_asks_what_which_asks(question, kind):
    assert kind in answer_types(question)


def test_the_countries_asked_for_are_never_the_two_sides(engine):
    # Read as asking no kind of answer, it was answered with the EU and the US exchanging visa information.
    answer = engine.ask("Which are the five EU countries that still need visas to travel to the US?")
    assert answer.outcome == "not_stated" and answer.citations == [], answer.answer


def test_what_size_of_something_asks_for_a_figure(engine):
    assert "count" in answer_types("What size of GDPR penalties came up?") and "count" in answer_types("How big?")
    assert "count" not in answer_types("What level of cooperation was reached?")  # a level is said in words
    # The GDPR sentence had answered it: it names the GDPR, and no penalty of any size.
    answer = engine.ask("What size of GDPR penalties came up when they discussed data protection?")
    assert answer.outcome == "not_stated" and "no figure" in answer.answer, answer.answer


HOSTED_BY_PRESIDENCY = "The meeting was hosted by the Bulgarian Presidency of the EU Council."


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("Which country hosted the meeting?", True),
        ("Which country held the Council Presidency?", True),
        # The host is no answer to anything else asked of a country (a "Which ones?" follow-up had been answered
        # with it: "Which member states are affected?").
        ("Which member states are affected?", False),
        ("Which countries are outside the Visa Waiver Program?", False),
    ],
)
def test_a_meetings_country_fact_answers_only_what_it_records(engine, question, answers):
    asked = analyse(question, engine.stats)
    assert fits("country", candidate(HOSTED_BY_PRESIDENCY, "fact", "organisation country", "host"), asked) is answers


@pytest.mark.parametrize(
    ("question", "meeting"),
    [
        ("Where was the table-top exercise held?", False),
        ("Where will the next drugs dialogue take place?", False),
        ("Where was the Sofia meeting held?", True),
        ("When were the talks held?", True),
        ("Where will the next one take place?", True),
    ],
)
def test_what_is_held_is_the_meeting_only_when_the_question_says_so(engine, question, meeting):
    asked = analyse(question, engine.stats)
    assert asked.names_meeting is meeting
    assert asked.about_next is (meeting and "next" in question)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # The gate reads these as far from any one fact; the ranker puts the statement of difference near the top.
        ("Is there a disagreement over direct access to providers' data?", "interpretations"),
        ("Was there any point of friction between the delegations?", "only able to commit"),
        ("Did the two sides see eye to eye on visa reciprocity?", "only able to commit"),
        # (ranked below migrant smuggling's "despite the different geographical focus", which is off the topic)
        ("Did the two sides see eye to eye on visas?", "only able to commit"),
        # (what differs between them, asked of one matter: "While drug consumption trends differ ..., both sides
        # agree ..."; it had been refused)
        ("Did the sides see eye to eye on drugs?", "trends differ"),
    ],
)
def test_whether_the_sides_differ_is_answered_by_a_statement_that_they_do(engine, question, said):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and said in answer.answer, answer.answer


def test_whether_the_sides_differ_is_not_answered_by_what_they_said(engine):
    # What was said on drugs says nothing of whether the sides disagreed on them.
    answer = engine.ask("Did the sides disagree about drugs?")
    assert answer.outcome == "not_stated", answer.answer
    assert "differed" in answer.answer


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Did the justice minister stay in her post after that?", False),
        ("Has Avramopoulos left his job since?", False),
        ("What post did Jody Wilson-Raybould hold?", True),
    ],
)
def test_staying_in_or_leaving_an_office_does_not_ask_for_the_office(question, title):
    # "stay in her post" had asked for her title: the record of who came, giving it, was asserted.
    assert ("title" in answer_types(question)) is title


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # ¶9 opens with the two sides' briefing on their laws; the pledge is its second sentence.
        ("What did both sides pledge regarding their e-evidence laws?", "willingness to ensure compatibility"),
        ("What did the two sides promise each other on e-evidence?", "willingness to ensure compatibility"),
        # ¶14 opens with the review of the five Member States' progress; what the US undertook comes last.
        ("What was the most Washington would promise on the visa waiver question?", "commit to further transparency"),
        ("What did the delegations vow to do about CBRN threats?", "intention to step up cooperation"),
        # ¶13 opens with the agencies' examples of their cooperation; their backing of more of it comes after.
        ("Given the good results against smuggling rings, what did the delegations back?", "support to the extension"),
    ],
)
def test_a_pledge_asked_about_a_topic_is_the_decision_stated_in_its_paragraph(engine, question, said):
    # Each was refused: the sentence stating the pledge matches the question's words less than the paragraph's
    # opening, which states none. ("promise each other" is no question put to each side in turn.)
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    assert said in answer.answer
    assert {c.id for c in answer.citations} <= {"9278/18 ¶8", "9278/18 ¶9", "9278/18 ¶13", "9278/18 ¶14"}


@pytest.mark.parametrize(
    "question",
    [
        "What did the meeting conclude on firearms trafficking?",  # the smuggling paragraph is about another trade
        "What did the sides promise on cryptocurrencies?",
        "What did the US pledge on PNR funding?",
        # The joint statement's paragraph speaks of radicalisation, but its agreement is on PNR.
        "What did the EU pledge on radicalisation?",
    ],
)
def test_a_pledge_on_a_topic_the_proceedings_do_not_cover_is_not_stated(engine, question):
    assert engine.ask(question).abstained


@pytest.mark.parametrize(
    "question",
    [
        "What happens next on shielding voting systems from cyber meddling?",  # was refused
        "What is the follow-up on election interference?",  # was refused: "follow-up" asked as a thing named
    ],
)
def test_what_happens_next_on_a_matter_is_what_was_agreed_on_it(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    assert "agreed to explore this issue in the near future at technical level" in answer.answer
    assert [c.id for c in answer.citations] == ["9278/18 ¶11"]


def test_what_happens_next_on_a_matter_never_spoken_of_is_not_stated(engine):
    # The drugs paragraph (its agreement ranked 0.98) had been the answer: nothing there is about prices.
    answer = engine.ask("What happens next on drug prices?")
    assert answer.abstained and answer.citations == [], answer.answer


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("Where do the e-evidence negotiations stand?", True),
        ("How far along is the Commission's e-evidence package?", True),
        ("What stage is the CLOUD Act at?", True),
        ("What is the status of the joint evaluation?", True),
        ("Is it already law?", True),
        ("Where does the visa waiver issue stand for Romania?", True),  # not a spelling out ("stand for")
        ("Where was the meeting held?", False),  # a place
        ("Has the CLOUD Act been adopted?", True),
        ("Did the US complete the Umbrella Agreement notification?", True),
        ("Did the US delegation present the agreements?", False),  # what it did, no stage
        ("What does PNR stand for?", False),
    ],
)
def test_how_far_a_matter_has_come_is_asked_as_its_stage_not_a_place(engine, question, stage):
    types = analyse(question, engine.stats).answer_types
    assert ("stage" in types) is stage
    assert not stage or not types & {"place", "expansion"}


@pytest.mark.parametrize(
    "question",
    [
        "Where do Europe's e-evidence bills stand in the lawmaking process?",  # was refused: no place given
        "How far along is the Commission's e-evidence package?",
        "What stage is the CLOUD Act at?",  # was ¶9's opening, which names the Act and says nothing of its stage
        "Has the CLOUD Act been adopted?",  # the same
    ],
)
def test_how_far_a_matter_has_come_is_the_sentence_stating_its_stage(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    assert "only started being discussed at Council level" in answer.answer
    assert "already adopted in March" in answer.answer
    assert "brief each other" not in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Each was answered with ¶15's agreement of both sides ("both sides agree that the exchange of best
        # practices ..."), which is no demand of Washington's.
        "Did the Americans push for a tougher international crackdown on the drug supply?",
        "What did the US call for on drugs?",
    ],
)
def test_what_a_side_asked_for_is_the_sentence_stating_its_demand(engine, question):
    assert "request" in analyse(question, engine.stats).answer_types
    answer = engine.ask(question)
    assert answer.answer.startswith("The US delegation underlined the need to develop more repressive"), answer.answer


def test_what_a_side_asked_of_others_is_its_demand(six_meetings):
    # "ask of" had read as no request at all: the ranker's first sentence was the US report on battlefield
    # information shared, and the gate refused every meeting's (0.60-0.66).
    question = "What did the US ask of Member States about foreign fighters?"
    assert "request" in analyse(question, six_meetings.stats).answer_types
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer" and "call on the Member States to repatriate" in answer.answer, answer.answer
    assert "request" in analyse("What did the Americans want from the Europeans?", six_meetings.stats).answer_types


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("What did the US do about opioids?", "The US delegation underlined the need"),
        (
            "How has Washington's thinking on migration shifted, as its team explained it?",
            "The US delegation explained",
        ),
    ],
)
def test_what_one_side_said_is_its_own_sentence_without_the_others_beside_it(engine, question, own):
    # Both sides' sentence beside it ("both sides agree that the exchange of best practices ...", "The two sides
    # updated each other ...") had been given first, as if the side asked had said it.
    answer = engine.ask(question)
    assert answer.outcome == "answer" and answer.answer.startswith(own), answer.answer
    assert "both sides" not in answer.answer.lower() and "two sides" not in answer.answer.lower()


def test_what_others_were_urged_to_do_is_no_demand_asked(engine):
    # What the Commission urged companies to commit to is said as what it did to ensure their commitment.
    question = "What did the Commission urge internet companies to commit to?"
    assert "request" not in analyse(question, engine.stats).answer_types
    assert "ensure their commitment" in engine.ask(question).answer


def test_whether_they_agreed_is_never_answered_by_another_agreement_of_the_paragraph(engine):
    # ¶9's agreement (compatibility of the two sets of laws) had been the answer; the next sentence says they
    # differ on direct access. Not stated, or that sentence; never the agreement alone.
    answer = engine.ask("Did both sides agree on how police should access data held by service providers?")
    assert answer.abstained or "different interpretations" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How did both camps rate the transatlantic counter-terror partnership?", {"assessment"}),
        ("How happy were they with their joint work on keeping air travel safe?", {"assessment"}),
        ("What did both sides think about coordinating their approach towards online platforms?", {"assessment"}),
        ("What is the US view of ETIAS?", {"assessment"}),
        # How much weight or importance something is given is how it was judged, not an amount.
        ("How much weight does Washington put on sharing flight passenger records?", {"assessment"}),
        ("How important is PNR to the Americans?", {"assessment"}),
        ("What worry about voting was raised?", {"concern"}),
        ("What troubled the Americans when it comes to following illicit money?", {"concern"}),
        # Both sides are those worried, no choice of one side asked for (had been read as asking a person).
        ("What worried both sides about encryption?", {"concern"}),
        # A concern is the judgement asked for; a matter named "evaluation" asks none; where a worry was, a place.
        ("What did the US see as increasingly problematic when tracing illicit funds?", {"concern"}),
        ("What is the latest position on the joint evaluation of the PNR agreement?", set()),
        ("Where were chemical threats singled out as a worry in the joint statement?", set()),
    ],
)
def test_how_something_was_judged_or_what_worried_them_is_asked_as_such(engine, question, kinds):
    types = analyse(question, engine.stats).answer_types
    assert types & {"assessment", "concern"} == kinds


@pytest.mark.parametrize(
    ("kind", "text", "states"),
    [
        ("assessment", "Both sides expressed satisfaction with their technical cooperation.", True),
        ("assessment", "Both sides agreed that the agreement is working effectively.", True),
        ("assessment", "They highlighted the excellent level of operational cooperation.", True),
        ("assessment", "The US delegation underlined the importance they attach to this instrument.", True),
        ("assessment", "They also discussed the importance of secure and lawful immigration systems.", False),
        # How a thing is to be done judges nothing.
        ("assessment", "Both sides acknowledged the need for cooperation to effectively prevent smuggling.", False),
        ("assessment", "The measures are contributing to a more effective management of migration flows.", False),
        ("concern", "The US delegation expressed its concern about the growing importance of crypto currencies.", True),
        ("concern", "One issue was that of the vulnerability of electoral systems to cyber interference.", True),
        ("concern", "They exchanged views on the GDPR and its potential impact on transatlantic data exchange.", True),
        # "The concerned Member States" are the ones affected; "in what concerns" means "regarding".
        ("concern", "They took stock of the progress by the five concerned EU Member States.", False),
        ("concern", "They noted the results of sharing, namely in what concerns the identification.", False),
    ],
)
def test_a_sentence_states_a_judgement_or_a_concern(engine, kind, text, states):
    asked = analyse("How did they rate it?" if kind == "assessment" else "What worried them?", engine.stats)
    assert kind in asked.answer_types
    assert fits(kind, candidate(text), asked) is states


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Each was refused: the best sentence by the question's words was the joint statement's "shared efforts ...",
        # which judges nothing; the sentence stating the judgement answers.
        ("How did both camps rate the transatlantic counter-terror partnership?", "very successful"),
        ("How did they feel about their joint work on flight and airport security?", "express satisfaction"),
        ("How did the two sides judge their cooperation against migrant smuggling?", "Given the positive results"),
        ("What worries were raised about cryptocurrencies?", "expressed its concern about the growing importance"),
    ],
)
def test_how_something_was_judged_is_the_sentence_stating_the_judgement(engine, question, expected):
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    assert expected in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What did the EU think of the US approach to migration?",  # had been the EU's own "more effective management"
        "How did the EU assess the US's CLOUD Act?",
        "What risks did they discuss regarding drones?",
    ],
)
def test_a_judgement_or_concern_not_recorded_is_not_stated(engine, question):
    assert engine.ask(question).abstained


@pytest.mark.parametrize(
    ("question", "decision"),
    [
        ("What came out of the talks on migrant smuggling?", True),
        ("What was the outcome of the PNR discussion?", True),
        # The meeting's own outcome is what it was about: its overview, not one agreement.
        ("What came out of the meeting?", False),
        ("What was the outcome of the Sofia ministerial?", False),
    ],
)
def test_what_a_discussion_came_to_is_asked_as_a_decision(engine, question, decision):
    assert ("decision" in analyse(question, engine.stats).answer_types) is decision


def test_what_came_out_of_the_talks_on_a_matter_is_what_was_agreed_on_it(engine):
    # Was refused (the gate read 0.63 over ¶13's three sentences); the agreement on the matter answers.
    answer = engine.ask("What came out of the talks on election interference?")
    assert answer.answer.startswith("Both sides agreed to explore this issue"), answer.answer


@pytest.mark.parametrize(
    ("question", "paper"),
    [
        ("What was released at the close of the talks?", True),
        ("What did the two sides publish once the talks ended?", True),
        ("Was anything put out jointly for reporters once the talks were over?", True),
        ("Was a joint press statement issued at the end?", True),
        # What one side or the Commission published is a paper of its own; when or by whom the outcome was issued
        # is its date or its author.
        ("What did the Commission publish on e-evidence?", False),
        ("When was the document issued?", False),
        ("Who issued the document?", False),
        ("Was the outcome of proceedings put out before or after the ministers met?", False),
    ],
)
def test_a_paper_the_meeting_put_out_is_asked_as_such(engine, question, paper):
    assert ("paper" in analyse(question, engine.stats).answer_types) is paper


@pytest.mark.parametrize(
    "question",
    [
        # Each was refused (the gate read 0.50-0.65 for the sentence and the fact, which say the same).
        "What was released at the close of the talks?",
        "Was anything put out jointly for reporters once the talks were over?",
    ],
)
def test_what_the_meeting_put_out_is_its_joint_statement(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    assert "joint press statement was issued" in answer.answer


def test_the_outcome_documents_own_facts_are_no_paper_the_meeting_put_out(engine):
    # The document's number and type are facts about the outcome itself: they never answer what was released.
    asked = analyse("What was released at the close of the talks?", engine.stats)
    number = candidate("The document's reference number is 9278/18.", "fact", "document", "document_number")
    statement = candidate("At the end of the meeting, a joint press statement was issued.", "fact", "paper")
    assert not fits("paper", number, asked)
    assert fits("paper", statement, asked)


def test_how_much_weight_is_no_amount(engine):
    asked = analyse("How much weight does Washington put on sharing flight passenger records?", engine.stats)
    assert "count" not in asked.answer_types
    assert "count" in analyse("How much did hosting cost?", engine.stats).answer_types
    # Was refused: "the closest passages name no figure".
    assert "importance" in engine.ask(asked.text).answer


@pytest.mark.parametrize(
    ("question", "intention"),
    [
        ("What do both delegations want to do with their counter-terror partnership from here?", True),
        ("What does Washington want to happen to its own agreement?", True),
        ("What existing practice between their police agencies do they intend to keep up?", True),
        # What was agreed or asked for is itself what they meant to happen; a plan's content is its own question.
        ("What did the delegations settle on doing about PNR going forward?", False),
        ("What does Vienna plan to prioritise in justice and home affairs during its presidency?", False),
    ],
)
def test_what_a_side_means_to_do_is_asked_as_such(engine, question, intention):
    assert ("intention" in analyse(question, engine.stats).answer_types) is intention


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("They discussed ways to expand and improve such cooperation.", True),
        ("The US delegation stated its positive expectation for the renewal of the EU-US PNR agreement.", True),
        ("The US delegation reiterated its call for the repatriation of foreign terrorist fighters.", True),
        ("Both delegations concurred on their assessment that information sharing is key.", False),
        # How a thing might be bettered is no one's aim.
        ("One issue was the vulnerability of electoral systems and how to improve their resilience.", False),
    ],
)
def test_a_sentence_states_an_aim(engine, text, states):
    asked = analyse("What do they want to do about it?", engine.stats)
    assert "intention" in asked.answer_types
    assert fits("intention", candidate(text), asked) is states


def test_what_both_sides_want_to_do_from_here_is_their_aim_not_their_assessment(engine):
    # Had been the assessment "information sharing among partners is key ..." (confidently wrong).
    answer = engine.ask("What do both delegations want to do with their counter-terror partnership from here?")
    assert answer.answer.startswith("They discussed ways to expand and improve such cooperation"), answer.answer


def test_every_statement_kind_has_a_reading_of_sentences():
    from rag.reader.answer_types import STATEMENT_KINDS
    from rag.reader.statements import STATES

    assert set(STATES) == set(STATEMENT_KINDS)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # The joint statement's update on migration trends ("... the Visa Waiver Program") had come first, as no
        # request at all; the EU's own demand is under "Visa reciprocity", which never writes "visa" in its text.
        ("What did the EU want regarding visas?", "urgency of extending the Programme"),
        ("What did the EU push for on visas?", "urgency of extending the Programme"),
        ("What was the EU pushing for on visas?", "urgency of extending the Programme"),  # (asked as it was doing)
        # What a side would rather have is what it wants ("another party" had been said).
        ("What did the US want regarding terrorist content online?", "preferable to introducing legislation"),
        # A worry asked as "What was X worried about?" is a concern, X's own (the gate read 0.659 of 0.66).
        ("What was the US worried about regarding money laundering?", "concern about the growing importance"),
    ],
)
def test_what_one_side_wanted_or_feared_on_a_matter_is_its_own_statement_there(engine, question, said):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and said in answer.answer, answer.answer
    assert "migration trends" not in answer.answer


def test_what_one_side_feared_after_the_matter_is_named_is_said_on_that_matter(engine):
    *_, answer = ask_chain(
        engine, ["What did the money laundering discussion cover?", "What was the US worried about?"]
    )
    assert answer.outcome == "answer" and "crypto currencies" in answer.answer, answer.answer


def test_a_name_is_named_from_the_start_of_a_word():
    # "ESTA" was found in "restated", which made a sentence on terrorist content online meet it.
    from rag.reader.question import Constraint

    esta = Constraint("ESTA", "name")
    assert not esta.named_in("the us restated its conviction")
    assert esta.named_in("welcomed etias as the eu's equivalent of esta")
    assert Constraint("Avramopoulos", "name").named_in("commissioner dimitris avramopoulos")


def test_what_one_side_said_on_a_matter_is_its_own_sentence_on_it(engine):
    # The US's only sentence under "Visa reciprocity" writes "VWP" (the gate read 0.32: refused).
    answer = engine.ask("What did the US say about the visa waiver programme?")
    assert answer.outcome == "answer" and "further transparency" in answer.answer, answer.answer
    # Its paragraph on the matter is not enough: the EU's debrief on the directive sits beside the US concern
    # about crypto currencies, and says nothing of them.
    crypto = engine.ask("What did the EU say about crypto currencies?")
    assert "Money Laundering directive" not in crypto.answer or crypto.outcome != "answer", crypto.answer


@pytest.mark.parametrize(
    "question",
    [
        # The side was not read as the one asked when a noun stood between "what" and the verb.
        "What concerns did the Americans raise about money laundering?",
        # The US sentence says "in that context": its heading, "Anti-money laundering/Terrorist financing", names it.
        "What did the Americans say about money laundering?",
    ],
)
def test_what_one_side_said_under_the_heading_of_the_matter_is_on_it(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "crypto currencies" in answer.answer, answer.answer
    assert "Money Laundering directive" not in answer.answer


def test_a_heading_naming_several_matters_is_not_what_each_paragraph_under_it_speaks_of(engine):
    # "1(a) Information sharing, including battlefield information, PNR and aviation security" heads the PNR
    # paragraph too: the EU's "On PNR, ... provided an update ..." had answered what it said of battlefield
    # information (a confident wrong answer). Both delegations' sentence on battlefield data answers.
    answer = engine.ask("What did the EU say about battlefield information?")
    assert answer.outcome == "answer" and "battlefield data" in answer.answer, answer.answer
    assert "PNR Directive" not in answer.answer


def test_what_both_sides_named_agreed_on_a_matter_is_their_agreement_there(six_meetings):
    # Ottawa's "Both sides agreed to exchange data on seized firearms ..." under "Firearms trafficking" (gate 0.648).
    answer = six_meetings.ask("What did Canada and the EU agree on firearms?")
    assert answer.outcome == "answer" and "exchange data on seized firearms" in answer.answer, answer.answer
    # (one side named is read with the other, as before: "Did the EU agree?" is no agreement of both)
    drugs = six_meetings.ask("What did the EU and Canada agree on drugs?")
    assert drugs.outcome != "answer", drugs.answer


@pytest.mark.parametrize(
    ("question", "agreed"),
    [
        # (the joint statement's "committed to make swift progress in 2020" ranked first; the gate refused)
        ("What was agreed on e-evidence in Helsinki?", "monthly rounds in 2020"),
        ("What did the two sides agree about e-evidence at the December 2019 meeting?", "monthly rounds in 2020"),
        # ("decide", not "agree": the gate refused the body's and the statement's agreement alike)
        ("What did they decide about PNR in Helsinki?", "first half of 2020"),
        # (asked whether anything was agreed, it asks what: both had been refused)
        ("Was anything agreed in Helsinki on e-evidence?", "monthly rounds in 2020"),
        ("Was anything decided on firearms?", "exchange data on seized firearms"),
    ],
)
def test_what_was_agreed_on_a_matter_is_the_agreement_under_its_heading(six_meetings, question, agreed):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer" and agreed in answer.answer, answer.answer


def test_an_agreement_under_a_heading_naming_the_matter_is_on_it_only_where_its_paragraph_is(engine):
    # Sofia's "1(a) Information sharing, including battlefield information, PNR and aviation security" heads the PNR
    # paragraph too: its "agreed to come back to this matter" is no agreement on battlefield information.
    answer = engine.ask("What did the ministers agree on battlefield information?")
    assert "come back to this matter" not in answer.answer, answer.answer


def test_whether_anything_was_agreed_on_a_matter_is_what_was_agreed_under_its_heading(engine):
    # Both had been refused, the gate reading the body's agreement at 0.53 to 0.57.
    cyber = engine.ask("Did the two sides agree on anything about cyber?")
    assert cyber.outcome == "answer" and "explore this issue in the near future" in cyber.answer, cyber.answer
    pnr = engine.ask("Was anything agreed on PNR?")
    assert pnr.outcome == "answer" and "come back to this matter at future meetings" in pnr.answer, pnr.answer


@pytest.mark.parametrize(
    "question", ["How many fighters had been shared by mid-2019?", "What was agreed in early-2020?"]
)
def test_a_part_of_a_year_is_no_name_the_proceedings_must_write(engine, question):
    # "they never mention mid-2019" had been the answer: a loose time is no name.
    assert analyse(question, engine.stats).unknown == ()


def test_a_stage_word_of_the_question_is_no_matter_to_find_staged(engine):
    # "the e-evidence negotiations": "negotiations" is how far it has come, not what; the EU-Canada PNR paragraph's
    # "the evolution of negotiations between the EU and Canada" is no stage of e-evidence.
    answer = engine.ask("What's the status of the e-evidence negotiations?")
    assert answer.outcome == "answer" and "at different stages" in answer.answer, answer.answer


@pytest.mark.parametrize(
    "questions",
    [
        ["When will they come back to PNR?"],
        ["Tell me about PNR", "When will they come back to it?"],
        ["Tell me about PNR", "What did the US want?", "And the EU?", "When will they come back to it?"],
    ],
)
def test_when_a_matter_is_taken_up_again_is_the_next_meeting_that_will(engine, questions):
    # The model ranks "agreed to come back to this matter at future meetings" (no time) far above "continue the
    # discussion of PNR, at the next EU-U.S. Ministerial ... in the second half of 2018", which the gate refused.
    answer = ask_chain(engine, questions)[-1]
    assert answer.outcome == "answer" and "second half of 2018" in answer.answer, answer.answer


def test_when_a_matter_not_taken_up_again_will_be_is_not_the_next_meeting(engine):
    # (the next meeting's sentence speaks of PNR only: visas are not said to come back there)
    answer = engine.ask("When will they come back to visas?")
    assert "second half of 2018" not in answer.answer, answer.answer


def test_a_short_follow_up_is_answered_by_the_sentence_of_the_passage_stating_its_word(engine):
    # "What results did that give?" after the first two sentences of the migrant smuggling paragraph: its rest
    # ("Their joint work has allowed ...", "Given the positive results, ...") had been refused by the gate.
    answer = ask_chain(engine, ["Tell me about migrant smuggling", "What results did that give?"])[-1]
    assert answer.outcome == "answer" and "positive results" in answer.answer, answer.answer
    assert "areas of mutual concern" not in answer.answer  # (said already)


def test_which_ones_asked_after_a_passage_is_no_word_to_find_stated_there(engine):
    # "Which companies?" after "concerted action with regard to service providers": the paragraph names none, and
    # its sentence on "service providers" (the model's "companies") is no answer.
    answer = ask_chain(engine, ["What did both sides agree about the internet?", "Which companies?"])[-1]
    assert answer.outcome != "answer", answer.answer


def test_a_word_one_letter_longer_than_the_deed_is_another_word(six_meetings):
    # "joint" (review, statement, working group) is no "join": "Did Bulgaria join ...?" had been refused as
    # "speak of another party" once a passage naming a joint review was read beside it.
    answer = six_meetings.ask("Did Bulgaria join the Visa Waiver Programme?")
    assert answer.outcome == "not_stated" and "do not say they did join" in answer.answer, answer.answer


def test_what_a_side_stressed_must_be_is_a_demand(six_meetings):
    # "The EU delegation stressed that the EU-US agreement must provide strong procedural and fundamental rights
    # safeguards": refused as "the closest passages name no demand or request".
    answer = six_meetings.ask("What did the EU insist on regarding the e-evidence agreement?")
    assert answer.outcome == "answer" and "must" in answer.answer, answer.answer


def test_when_a_matter_is_taken_up_again_is_never_a_date_of_something_else(six_meetings):
    # "When will they come back to it?" after fentanyl had been "... China's decision to control all
    # fentanyl-related substances as a class from 1 May 2019": a date of China's decision, not of the sides' return.
    answer = ask_chain(six_meetings, ["What about fentanyl?", "When will they come back to it?"])[-1]
    assert "1 May 2019" not in answer.answer, answer.answer
