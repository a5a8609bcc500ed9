"""A small general gazetteer: parties (who speaks at a meeting), their aliases, and the words of places and
offices. It is general knowledge about EU relations, never the wording of particular questions; the corpus adds
its own names at load time (rag/reader/constraints.py reads parties from the text it is given)."""

from __future__ import annotations

import re
from functools import lru_cache

# The Commission and its Commissioners speak for the EU side ("Who attended on behalf of the Commission?").
_EU_BODIES = ("commission", "commissioners")
# Canonical party -> the words that name it. Lower-case; matched on word boundaries. A party is anyone that
# speaks or acts at a meeting: the two sides of a ministerial, and the third countries their texts mention.
PARTIES: dict[str, tuple[str, ...]] = {
    "US": ("us", "u.s.", "u.s", "usa", "united states", "american", "americans", "america", "washington"),
    "EU": ("eu", "european union", "european", "europeans", "europe", "brussels", "union", *_EU_BODIES),
    "Canada": ("canada", "canadian", "canadians", "ottawa"),
    "Japan": ("japan", "japanese", "tokyo"),
    "UK": ("uk", "united kingdom", "british", "britain", "brits", "london"),
    "China": ("china", "chinese", "beijing"),
    "Russia": ("russia", "russian", "moscow"),
    "Colombia": ("colombia", "colombian"),
    "Mexico": ("mexico", "mexican"),
    "Australia": ("australia", "australian"),
    "Turkey": ("turkey", "turkish", "türkiye"),
    "Ukraine": ("ukraine", "ukrainian"),
    "India": ("india", "indian"),
    "Switzerland": ("switzerland", "swiss"),
    "Norway": ("norway", "norwegian"),
    "Bulgaria": ("bulgaria", "bulgarian", "sofia"),
    "Austria": ("austria", "austrian", "vienna"),
    "Germany": ("germany", "german", "berlin"),
    "France": ("france", "french", "paris"),
    "Italy": ("italy", "italian", "rome"),
    "Spain": ("spain", "spanish", "madrid"),
    "Poland": ("poland", "polish", "poles", "warsaw"),
    "Romania": ("romania", "romanian", "bucharest"),
    "Croatia": ("croatia", "croatian", "croats", "zagreb"),
    "Cyprus": ("cyprus", "cypriot", "cypriots"),
    "Finland": ("finland", "finnish", "finns", "helsinki"),
    "Estonia": ("estonia", "estonian", "tallinn"),
    "Netherlands": ("netherlands", "dutch", "hague"),
    "Belgium": ("belgium", "belgian"),
    "Ireland": ("ireland", "irish", "dublin"),
    "Greece": ("greece", "greek", "greeks", "athens"),
    "Portugal": ("portugal", "portuguese", "lisbon"),
    # The rest of the 27 (each holds the Council Presidency in turn). Budapest is no alias: "the Budapest
    # Convention" is the Council of Europe's, not Hungary speaking.
    "Sweden": ("sweden", "swedish", "swedes", "stockholm"),
    "Denmark": ("denmark", "danish", "danes", "copenhagen"),
    "Czechia": ("czechia", "czech republic", "czech", "czechs", "prague"),
    "Slovakia": ("slovakia", "slovak", "slovaks", "bratislava"),
    "Slovenia": ("slovenia", "slovenian", "slovene", "slovenes", "ljubljana"),
    "Hungary": ("hungary", "hungarian"),
    "Latvia": ("latvia", "latvian", "riga"),
    "Lithuania": ("lithuania", "lithuanian", "vilnius"),
    "Luxembourg": ("luxembourg", "luxembourgish"),
    "Malta": ("malta", "maltese", "valletta"),
    # Third countries that justice and home affairs proceedings speak of: partners, countries of origin and transit,
    # conflict zones ("asylum cooperative agreements with Guatemala, Honduras and El Salvador" names countries).
    # (No Chad, Georgia or Jordan: names of people and of a US state are far likelier.)
    "Guatemala": ("guatemala", "guatemalan", "guatemalans"),
    "Honduras": ("honduras", "honduran", "hondurans"),
    "El Salvador": ("el salvador", "salvadoran", "salvadorans"),
    "Brazil": ("brazil", "brazilian"),
    "Argentina": ("argentina", "argentinian", "argentine"),
    "Venezuela": ("venezuela", "venezuelan", "venezuelans"),
    "Syria": ("syria", "syrian", "syrians"),
    "Iraq": ("iraq", "iraqi", "iraqis"),
    "Iran": ("iran", "iranian"),
    "Afghanistan": ("afghanistan", "afghan", "afghans"),
    "Pakistan": ("pakistan", "pakistani"),
    "Israel": ("israel", "israeli"),
    "Lebanon": ("lebanon", "lebanese"),
    "Egypt": ("egypt", "egyptian"),
    "Libya": ("libya", "libyan"),
    "Tunisia": ("tunisia", "tunisian"),
    "Morocco": ("morocco", "moroccan"),
    "Nigeria": ("nigeria", "nigerian"),
    "Serbia": ("serbia", "serbian", "serbs"),
    "Albania": ("albania", "albanian"),
    "North Macedonia": ("north macedonia", "macedonian"),
    "Montenegro": ("montenegro", "montenegrin"),
    "Bosnia and Herzegovina": ("bosnia and herzegovina", "bosnia", "bosnian"),
    "Kosovo": ("kosovo",),
    "Moldova": ("moldova", "moldovan"),
    "Belarus": ("belarus", "belarusian"),
    "Iceland": ("iceland", "icelandic"),
    "New Zealand": ("new zealand",),
    "South Korea": ("south korea", "korean"),
}
# The cities among the aliases: a city a question names is where something happened, never what "it" stands for.
CITIES = frozenset(
    {
        *("washington", "brussels", "ottawa", "tokyo", "london", "beijing", "moscow", "sofia", "vienna", "berlin"),
        *("paris", "rome", "madrid", "warsaw", "bucharest", "zagreb", "helsinki", "tallinn", "hague", "dublin"),
        *("athens", "lisbon", "stockholm", "copenhagen", "prague", "bratislava", "ljubljana", "riga", "vilnius"),
        *("valletta",),
    }
)
# A side named by its seat of government ("What does Washington want?", "Brussels' position"): the side itself, as
# the proceedings write it. Not where something happens ("in Washington") nor a meeting ("the Washington meeting"):
# the meeting scope reads those.
_SEAT_AS_SIDE = re.compile(
    r"(?<!\bin )(?<!\bat )(?<!\bto )(?<!\bfrom )(?<!\bthe )\b(Washington|Brussels|Ottawa)(?:['’]s?)?(?![\w,]*\s*D\.?C)"
    r"(?!\s+(?:meetings?|ministerials?|talks|summits?|conferences?|sessions?|outcome|documents?|proceedings)\b)"
)
_SIDE_OF_SEAT = {"washington": "the US", "brussels": "the EU", "ottawa": "Canada"}


def seats_as_sides(text: str) -> str:
    """`text` with a side named by its seat of government named as the side ("Who spoke for Washington?" -> "Who
    spoke for the US?"): the seat's name matches where the proceedings say a meeting will be held instead."""

    # ("Washington's preference" -> "the US preference")
    return _SEAT_AS_SIDE.sub(lambda found: _SIDE_OF_SEAT[found.group(1).lower()], text)


# Regions said by an adjective or their name ("Central American countries", "the Western Balkans"): the countries
# in them, by which the proceedings may speak of them ("asylum cooperative agreements with Guatemala, Honduras and
# El Salvador").
_CENTRAL_AMERICA = ("guatemala", "honduras", "el salvador", "nicaragua", "costa rica", "panama", "belize")
_SOUTH_AMERICA = ("colombia", "brazil", "argentina", "venezuela", "peru", "chile", "ecuador", "bolivia", "paraguay")
REGIONS: dict[str, tuple[str, ...]] = {
    "central america": _CENTRAL_AMERICA,
    "south america": _SOUTH_AMERICA,
    "latin america": (*_CENTRAL_AMERICA, *_SOUTH_AMERICA, "mexico", "cuba"),
    "western balkans": ("albania", "bosnia", "kosovo", "montenegro", "north macedonia", "serbia"),
    "north africa": ("morocco", "algeria", "tunisia", "libya", "egypt"),
    "middle east": ("syria", "iraq", "iran", "lebanon", "jordan", "israel", "saudi arabia", "yemen"),
    "sahel": ("mali", "niger", "chad", "burkina faso", "mauritania"),
}
_REGION = re.compile(
    r"\b(" + "|".join(rf"{re.escape(r)}(?:n|ns|an|ans)?" for r in sorted(REGIONS, key=len, reverse=True)) + r")\b",
    re.I,
)


def regions_in(text: str) -> list[tuple[str, str]]:
    """(the words naming a region, the region) for each region a text names ("Central American" -> central
    america)."""
    found = []
    for match in _REGION.finditer(text):
        said = match.group(1)
        region = next(r for r in REGIONS if said.lower().startswith(r))
        found.append((said, region))
    return found


# Member states are part of the EU side: a statement by "the Bulgarian Presidency" is the EU speaking.
EU_MEMBERS = frozenset(
    [
        "Bulgaria",
        "Austria",
        "Germany",
        "France",
        "Italy",
        "Spain",
        "Poland",
        "Romania",
        "Croatia",
        "Cyprus",
        "Finland",
        "Estonia",
        "Netherlands",
        "Belgium",
        "Ireland",
        "Greece",
        "Portugal",
        "Sweden",
        "Denmark",
        "Czechia",
        "Slovakia",
        "Slovenia",
        "Hungary",
        "Latvia",
        "Lithuania",
        "Luxembourg",
        "Malta",
    ]
)
# The Union's word for its countries: "five EU Member States" counts countries ("How many EU countries ...?"); and
# the EU's countries however said ("Which EU countries ...?" asks for members: "the United States" is none).
MEMBER_STATES = re.compile(
    r"\bmember\s+states?\b|\b(?:EU|European|Union)\s+(?:countr(?:y|ies)|states?|nations?)\b", re.I
)
# Countries asked for as neither side of the meeting: "Which third countries ...?", "Which other countries ...?".
THIRD_COUNTRIES = re.compile(r"\b(?:third|other|non-EU)\s+(?:countr(?:y|ies)|states|nations|partners)\b", re.I)
# Phrases that name every party of the meeting at once.
BOTH_SIDES = re.compile(
    r"\b(both (sides|delegations|parties)|the two (sides|delegations|parties)|participants|the ministers|"
    r"the meeting|the discussions?|they)\b",
    re.I,
)
# Words of people's roles: "who" is answered by a person, an office or a body.
OFFICES = re.compile(
    r"\b(minister|ministers|commissioner|commissioners|secretary|attorney general|president|presidency|"
    r"delegation|delegations|ambassador|director|chair|head|heads|representatives?|agency|agencies|commission|"
    r"council|authorities|officials?|officers?|secretariat|government|department|parliament)\b",
    re.I,
)

_ALIAS_TO_PARTY = {alias: party for party, aliases in PARTIES.items() for alias in aliases}
# A demonym's plural names its people: "the Romanians", "the Bulgarians" ("Americans" is listed already).
_ALIAS_TO_PARTY |= {f"{alias}s": party for alias, party in list(_ALIAS_TO_PARTY.items()) if alias.endswith("an")}
# One alternation over every alias, longest first ("united states" before "us"): one scan per text.
_ANY_ALIAS = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(_ALIAS_TO_PARTY, key=len, reverse=True)) + r")(?![\w])",
    re.I,
)
# "US" is also the pronoun "us": only the capitalised form names the United States.
_CASE_SENSITIVE = {"us", "eu", "uk", "usa"}


@lru_cache(maxsize=8192)
def parties_in(text: str) -> frozenset[str]:
    """The parties a text names (member states also count as the EU side). Cached: paragraphs recur."""
    found = set()
    for match in _ANY_ALIAS.finditer(text):
        word = match.group(1)
        if word.lower() in _CASE_SENSITIVE and not word.isupper():
            continue
        found.add(_ALIAS_TO_PARTY[word.lower()])
    if found & EU_MEMBERS:
        found.add("EU")
    return frozenset(found)


def countries_written(text: str) -> frozenset[str]:
    """The countries a text names by their own name or adjective, not by a city ("Sofia, Bulgaria" writes Bulgaria;
    "in Sofia" writes none)."""
    return frozenset(party for _, party in side_mentions(text)) - {"EU"}


def side_mentions(text: str) -> list[tuple[re.Match[str], str]]:
    """Each party a text names by a word that is not a city ("the Americans", "EU"), with where it is said: the
    sides a question sets against each other ("Compare what Sofia and Washington said" compares meetings)."""
    found = []
    for match in _ANY_ALIAS.finditer(text):
        word = match.group(1)
        if (word.lower() in _CASE_SENSITIVE and not word.isupper()) or word.lower() in CITIES:
            continue
        found.append((match, _ALIAS_TO_PARTY[word.lower()]))
    return found


# "EU-US", "EU-Canada": parties joined to name what is between them (an agreement, a dialogue), not who acts.
_JOINED_PARTIES = re.compile(r"(?<![\w.])[A-Z][\w.]*(?:\s*[-–/]\s*[A-Z][\w.]*)+")
# The word after a party that makes it a side of the meeting: "the US delegation", "the EU side".
_SIDE_WORD = re.compile(r"\s*(?:delegations?|sides?|authorities|administration|government)\b", re.I)


def without_parties(
    text: str, parties: frozenset[str] | set[str] = frozenset(), words: frozenset[str] = frozenset()
) -> str:
    """`text` without the mentions of `parties` (with the word making them a side: "the US delegation"), or only
    of these `words` (lower-case aliases), and without joined party names ("EU-US"): what is left names whoever
    or wherever else the text is about."""
    text = _JOINED_PARTIES.sub(lambda m: " " if parties_in(m.group(0)) else m.group(0), text)
    kept, last = [], 0
    for match in _ANY_ALIAS.finditer(text):
        word = match.group(1)
        if word.lower() in _CASE_SENSITIVE and not word.isupper():
            continue
        if _ALIAS_TO_PARTY[word.lower()] in parties or word.lower() in words:
            side = _SIDE_WORD.match(text, match.end())
            kept.append(text[last : match.start()])
            last = side.end() if side else match.end()
    return "".join([*kept, text[last:]])


def country_name(party: str) -> str:
    """The party's own name, lower-case ("bulgaria"; "us" for the US): the first of its aliases."""
    return PARTIES[party][0] if party in PARTIES else party.lower()


def party_of(word: str) -> str | None:
    """The party one word or phrase names ("Americans" -> "US"), or None."""
    named = parties_in(word)
    return min(named, key=lambda p: p == "EU") if len(named) > 1 else next(iter(named), None)
