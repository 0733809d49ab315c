"""Word classes the quote and speaker code reads heads against: speech verbs, nouns naming
people by function, organisations, documents, titles.

These are closed classes of news English (who can say things, and how), not lists of
particular names; everything article-specific comes from the parse.
"""

from __future__ import annotations


def wordset(words: str) -> frozenset[str]:
    """'a b c' -> frozenset({'a', 'b', 'c'}) (keeps the word lists below readable)."""
    return frozenset(words.split())


# Lemmas of verbs that attribute words or claims to their subject.
SPEECH_LEMMAS = wordset(
    """say tell add state declare announce write tweet warn insist claim report note explain
    stress emphasize emphasise predict urge ask reply respond answer confirm deny acknowledge
    admit concede argue suggest assert maintain contend allege comment observe remark recall
    reiterate repeat conclude caution complain disclose reveal promise vow pledge threaten
    estimate decry condemn criticize criticise praise hail accuse blame describe call label dub
    brand quote testify proclaim chant shout yell scream exclaim thunder identify plead
    demand boast lament"""
)
# Speech lemmas that are also common non-speech verbs ("the campaign concludes", "added 500
# troops"): they count only with a clause or a speaker-like subject.
WEAK_LEMMAS = wordset(
    """add call describe note report promise answer conclude observe recall repeat thunder
    scream cry identify plead demand"""
)
# Weak speech lemmas that take an object and a predicate ("called it a disaster", "identified
# the victim as ..."): an object does not make them non-speech.
PREDICATE_LEMMAS = wordset("call describe identify")
DOCUMENT_NOUNS = wordset(
    "statement report letter communique communiqué tweet post message release note memo "
    "declaration announcement"
)
TOLL_NOUNS = wordset("toll number figure count tally estimate")
AUDIENCE_NOUNS = wordset("reporter reporters journalist journalists press newspaper agency")
# Nouns naming people by their function: a mention headed by one is a human speaker.
PERSON_ROLES = wordset(
    """spokesman spokeswoman spokesperson official officer minister secretary president premier
    chief head member expert analyst commander general colonel leader director adviser advisor
    envoy ambassador diplomat source activist resident witness aide governor mayor senator
    lawmaker researcher professor journalist reporter correspondent chairman chairwoman chair
    representative negotiator monitor man woman person people doctor medic worker fighter
    soldier militant rebel insider citizen civilian survivor victim investigator prosecutor
    judge lawyer king queen prince emir sheikh cleric pope sheriff undersheriff deputy
    inspector detective lieutenant sergeant captain chancellor attorney superintendent
    commissioner constable trooper firefighter paramedic rescuer neighbor neighbour friend
    relative son daughter mother father wife husband brother sister employee manager owner
    student teacher protester demonstrator marcher organizer organiser coroner pathologist
    examiner agent marshal guard ranger pilot passenger driver climber guide colleague
    partner founder executive economist scientist historian politician candidate voter
    spokespeople youth crowd fan supporter opponent critic people"""
)
# Nouns naming a body of people that can speak as one ("police said", "the authorities said").
GROUP_NOUNS = wordset(
    """police authorities government administration media officials authority regime
    military army navy ministry office department agency council committee commission
    court prosecutors investigators rescuers firefighters witnesses residents organizers
    organisers family relatives neighbors neighbours company firm bank hospital university
    school church union party observatory monitor group coalition alliance board panel
    cabinet parliament senate congress embassy consulate newspaper paper network channel
    station broadcaster prison jail clinic airline airport museum library zoo"""
)
# Nouns that look like agents by their ending but name things ("the disaster", "the order").
NOT_AGENT_NOUNS = wordset(
    """number matter order border water power center centre disaster corner quarter
    layer error factor sector mirror terror horror floor door color colour behavior behaviour
    honor honour labor labour favor favour motor tumor chapter murder weather
    character answer register manner offer transfer cancer shelter barrier
    parameter meter metre former latter"""
)
# Heads of unnamed sources ("officials said", "a source close to ...").
ANONYMOUS_HEADS = wordset("official source diplomat insider aide person people individual officer")
# Title words stripped from the front of a person's name ("US President Donald Trump").
TITLE_WORDS = wordset(
    """president vice secretary minister prime foreign defense defence state general gen major
    maj colonel col lieutenant lt captain capt commander sergeant sgt admiral adm dr mr mrs ms
    sir senator sen rep representative governor gov mayor king queen prince sheikh emir judge
    spokesman spokeswoman chief deputy ambassador us u.s. uk former professor prof sheriff
    undersheriff inspector insp chancellor pm detective det prosecutor attorney superintendent
    supt commissioner constable officer sgt. lt. miss"""
)
# Abbreviated titles and what they stand for ("Greek PM" is "Prime Minister George Papandreou").
TITLE_ALIASES = {
    "pm": "prime minister", "gov": "governor", "sen": "senator", "rep": "representative",
    "lt": "lieutenant", "sgt": "sergeant", "insp": "inspector", "supt": "superintendent",
    "det": "detective", "capt": "captain", "col": "colonel", "gen": "general",
    "maj": "major", "adm": "admiral", "prof": "professor", "dr": "doctor",
}
# Titles that, followed by capitalised words, introduce a personal name (no country codes or
# bare modifiers: "U.S. Marshals" is not a person called Marshals).
PERSON_TITLES = (TITLE_WORDS - wordset("us u.s. uk former state foreign defense defence")) | (
    wordset(
        """spokesperson director adviser advisor envoy leader analyst expert professor
        secretary-general chairman chairwoman lawyer researcher pastor rev reverend father
        bishop archbishop cardinal coach manager ceo"""
    )
)
ORG_WORDS = wordset(
    """forces force ministry council observatory army league club team group agency organization
    organisation
    committee coalition times news party department office government union alliance front
    militia police navy command commission court bank company corporation institute
    university network press post guardian tribune service services watch movement
    brigade brigades battalion unit authority authorities administration parliament assembly
    senate congress foundation fund association federation nations tv radio media herald
    journal telegraph daily hospital church school center centre board bureau embassy"""
)
# Gender cues in a mention's phrase, for "he" / "she".
FEMALE_WORDS = wordset(
    """mrs ms miss woman spokeswoman chairwoman mother daughter wife sister queen
    grandmother aunt niece girl businesswoman congresswoman actress widow"""
)
MALE_WORDS = wordset(
    """mr man spokesman chairman father son husband brother king prince
    grandfather uncle nephew boy businessman congressman actor widower sir"""
)
# Words that make a name-like token a date or a time, never a speaker ("Sat Nov 12").
CALENDAR_WORDS = wordset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec am pm est edt gmt utc bst cet
    pst pdt cst cdt today yesterday tomorrow"""
)
