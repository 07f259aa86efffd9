"""Words the quote rules read: speech verbs, pronouns, and what a speaker phrase may not
contain. Small on purpose: the common cases of English news writing."""

from __future__ import annotations

import re

#: Verbs that introduce what someone said, in the forms news uses (past, present, -ing is
#: left out: "saying" mostly opens a participle clause the rules do not read).
SPEECH_VERBS = frozenset("""
said says say told tells added adds noted notes stressed stresses emphasized emphasised
emphasizes emphasises recalled recalls explained explains assured assures warned warns
claimed claims argued argues insisted insists announced announces stated declared
declares wrote writes replied replies responded responds acknowledged acknowledges admitted
admits confirmed confirms suggested suggests predicted predicts reported reports continued
concluded remarked observed commented tweeted underlined underscored maintained maintains
contended contends conceded concedes cautioned cautions complained complains promised
promises vowed vows reiterated reiterates asserted asserts alleged alleges revealed reveals
disclosed estimated believes believed thinks thought recounted told explained
informed reminded urged urges asked asks echoed echoes hinted hints denied denies
""".split())
#: Two-word cues: "pointed out", "went on", "made clear".
PHRASAL_CUES = ("pointed out", "points out", "made clear", "makes clear", "summed up")
#: Verbs that take the person spoken to before the content ("told reporters that ...").
OBJECT_VERBS = frozenset("told tells assured assures informed reminded warned warns urged "
                         "urges asked asks".split())
#: Verbs whose bare content (no "that") is too often something else ("asked for a delay",
#: "urged calm", "promised to resign", "reported a loss", "claimed a victory", "maintains
#: a lead", "wrote a letter"), or that are nouns as often ("claims", "notes"): without
#: "that" they need a name or a subject pronoun after them.
NEEDS_THAT = frozenset("asked asks urged urges promised promises vowed vows reported reports "
                       "continued concluded revealed reveals disclosed estimated "
                       "thought thinks believes believed informed reminded recounted "
                       "complained complains admitted admits acknowledged acknowledges "
                       "confirmed confirms announced announces claimed claims declared "
                       "declares maintained maintains wrote writes recalled recalls notes "
                       "stated hinted hints denied denies".split())
#: Auxiliaries and adverbs between a speaker and the verb ("Zas has also said").
BETWEEN = frozenset("has had have was is were are also had previously later reportedly "
                    "again once repeatedly publicly recently earlier himself herself "
                    "themselves itself further separately subsequently still just already "
                    "even now never often always".split())

#: Finite auxiliaries and modals: a clause's verb ("federal money would ...").
AUXILIARIES = frozenset("is was were are has have had will would can could should may might "
                        "must did does do".split())

SUBJECT_PRONOUNS = frozenset("he she it they we i there".split())
PRONOUNS = frozenset("he she they it we i you his her their its him them".split())
#: Pronouns that are a speaker phrase on their own, never a word of a longer one ("every
#: time he", "He also hosts a show").
LONE_PRONOUNS = frozenset("he she they it we i you him them".split())
REFLEXIVES = frozenset("himself herself themselves itself myself ourselves".split())
#: Pronouns a person can be resolved from, conservatively (singular, personal).
PERSON_PRONOUNS = frozenset("he she his her him".split())
RELATIVES = frozenset({"who", "whose", "which"})
DETERMINERS = frozenset("the a an another one some two three several many most other "
                        "his her their its our this that these those".split())
#: Lower-case words that cannot be in a speaker phrase: a clause has started.
CLAUSE_WORDS = frozenset("""
is was were are be been being has have had do does did will would can could should may might
must not that which when while because if although though after before since until as and but
or so than whether where whose whom what how why there here to for by with from at on in into
about over against during through under without
""".split()) - {"of"}
#: Prepositions that cannot open a speaker phrase ("In a statement" is not a speaker).
LEADING_PREPOSITIONS = frozenset("in on at for with by from to into about after before during "
                                 "over under as".split())
#: Words a content clause opens with when "that" is left out ("said the troops ...").
CLAUSE_OPENERS = frozenset("the a an it he she they we i there this these those his her "
                           "their its our no all some most many none every each".split())
#: Time words skipped between a verb and its content ("said on Monday that ...").
_TIME = (r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|"
         r"today|tonight|earlier|later|last\s+(?:week|month|year|night)|this\s+(?:week|month|"
         r"year|morning)|(?:on|in)\s+[A-Z][a-z]+\.?\s+\d{1,2}")
TIME_WORDS = re.compile(rf"\s*(?:{_TIME})\b,?", re.IGNORECASE)
#: What may stand between a closing attribution's verb and the comma after which the
#: content resumes ("The plan, Zas said on Friday, is final"; "..., Zas told reporters in
#: an interview, ..."): a time, a date, a short prepositional phrase, and for a verb that
#: takes the person spoken to, a lower-case object first. Anything else ("police said
#: Anthony Brown, 38, shot ...", "Cruz responded with vitriol, ...") starts a clause.
PARENTHETICAL_GAP = re.compile(
    rf"\s*(?:(?:reporters|journalists|me|us|him|her|them|(?:the|a|an)\s+[a-z]+)\s*)?"
    rf"(?i:(?:{_TIME})(?:\s+(?:morning|afternoon|evening|night))?|then|(?:on\s+)?[A-Z][a-z]+\.?\s+\d{{1,2}}|(?:in|on|at|during)\s+"
    rf"(?:an?|the|his|her|their|its)\s+[a-z]+(?:\s+[a-z]+)?)?\s*")
#: First words of what follows an attribution that are no resumed content but a clause
#: about the speaker ("..., Zas said, referring to ...", "..., said Zas, who ...",
#: "..., they said, as they left").
NOT_RESUMED = re.compile(r"(?:[a-z]+ing|who|whose|which|as)(?![\w'’-])")
#: A time phrase at the end of a speaker region ("Zas on Monday said").
TRAILING_TIME = re.compile(rf"\s+(?:{_TIME})\s*,?\s*$", re.IGNORECASE)
#: Common nouns that can name who spoke ("officials", "a senior source", "the ministry");
#: a speaker phrase without a name, a pronoun or one of these is not read as a speaker
#: ("the sentence, albeit severe, confirmed ..."). Plurals are found by dropping "s"/"es".
SPEAKER_NOUNS = frozenset("""
official source aide adviser advisor expert analyst police ministry government president
minister leader chief head secretary director observer witness resident people critic
supporter opponent lawmaker legislator senator congressman congresswoman member report
statement study survey poll document campaign administration agency authority authorities
prosecutor lawyer attorney investigator researcher scientist economist diplomat general
commander officer spokesman spokeswoman spokesperson spokesmen representative organizer
voter democrat republican party committee council court judge newspaper paper website outlet
company firm union group team friend family colleague man woman mother father son daughter
wife husband candidate nominee governor mayor executive ceo chairman chairwoman founder
manager employee worker doctor nurse teacher student activist protester protesters
demonstrator negotiator mediator envoy ambassador embassy office department military army
army navy troops soldier commission board bank regulator ministry kremlin white house
pentagon service network station channel magazine journal editorial article letter memo
filing indictment complaint lawsuit ruling decision data figures estimate forecast model
author writer reporter journalist correspondent columnist editor host anchor pollster
strategist operative insider partner ally rival critic citizen villager farmer owner
victim survivor relative neighbour neighbor fan viewer reader user inspector regulator
official's everyone someone anyone nobody many some others both all percent majority
minority half third quarter respondents results numbers records organiser engineer planner
meteorologist forecaster geologist volcanologist seismologist utility operator
""".split())
#: Verbs that attribute a quoted fragment but too often mean something else without one
#: ("called for", "charged with", "described the scene"), so they cue a quote only when
#: the words after them hold quotation marks: `called it "one of the great miscarriages
#: of justice"`, `hammered the "disgusting" media`. Read from PolNeAR dev (issue 16).
FRAGMENT_CUES = frozenset("""
call calls called describe describes described hammer hammers hammered charge charges
charged insist insists insisted reveal reveals revealed write writes wrote label labels
labeled labelled dub dubs dubbed brand brands branded term terms termed deem deems deemed
slam slams slammed blast blasts blasted praise praises praised accuse accuses accused
criticize criticizes criticized criticise criticises criticised mock mocks mocked decry
decries decried deride derides derided tout touts touted laud lauds lauded hail hails
hailed dismiss dismisses dismissed denounce denounces denounced condemn condemns condemned
lambast lambasted rip rips ripped attack attacks attacked defend defends defended boast
boasts boasted brag brags bragged joke jokes joked quip quips quipped post posts posted
characterize characterizes characterized characterise characterised referred refers
demand demands demanded pledge pledges pledged cite cites cited quote quotes quoted
describing calling labeling labelling branding dubbing pounding slamming blasting
deny denies denied promise promised vow vowed urge urged warn warned predict predicted
suggest suggested say says said tell tells told add adds added note notes noted
argue argues argued claim claims claimed tweet tweets tweeted declare declares declared
""".split())
#: Fragment cues that take an object and its description, not a clause (`called the plan
#: "rushed"`, `described the hearing as "a farce"`): what they attribute ends with the last
#: quoted fragment; words after it ("... and left the room", "... on Tuesday") are the
#: writer's. The rest of `FRAGMENT_CUES` ("said", "charged", "insisted") take a clause,
#: which may go on after the fragment ("said she "loved" working there").
OBJECT_FRAGMENT_CUES = frozenset("""
call calls called calling describe describes described describing hammer hammers hammered
label labels labeled labelled labeling labelling dub dubs dubbed dubbing brand brands
branded branding term terms termed deem deems deemed slam slams slammed slamming blast
blasts blasted blasting praise praises praised accuse accuses accused criticize criticizes
criticized criticise criticises criticised mock mocks mocked decry decries decried deride
derides derided tout touts touted laud lauds lauded hail hails hailed dismiss dismisses
dismissed denounce denounces denounced condemn condemns condemned lambast lambasted rip
rips ripped attack attacks attacked characterize characterizes characterized characterise
characterised referred refers pounding
""".split()) & FRAGMENT_CUES
