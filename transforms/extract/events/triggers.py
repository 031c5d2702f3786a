"""PLOVER event triggers in a parsed sentence: lexicon, light-verb nominalisations, negation and modality.

The lexicon is written from the PLOVER codebook summary and the CAMEO-to-PLOVER table (one verb or
noun family per CAMEO code description), not from the annotated example sentences.  Mood rules
follow the PLOVER codebook: "all cooperative actions reported in future tense are also taken to
imply intentions" (-> AGREE); a future or conditional conflictual act is a threat (-> THREATEN); a
refused or negated cooperative act is a rejection (-> REJECT); possible, considered, denied or
hypothetical acts are not coded at all.
"""

from __future__ import annotations

from dataclasses import dataclass

# Output of detect_triggers(): one candidate event per trigger.
TRIGGER_SCHEMA = {
    "category": "PLOVER category",
    "token_i": "doc index of the trigger token",
    "anchor_i": "doc index of the verb whose arguments give the roles",
    "text": "trigger phrase",
    "strength": "lexical strength x mood factor, 0..1",
    "mood": "realis|reported|intent|threat|refusal|obligation",
    "depth": "distance of the anchor from the sentence root",
}

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
MATERIAL_CONFLICT = {"SANCTION", "PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT"}

# --- object word families (CAMEO code descriptions) ---------------------------------------
TALKS = {
    "talk",
    "talks",
    "meeting",
    "negotiation",
    "discussion",
    "consultation",
    "visit",
    "summit",
    "dialogue",
    "mediation",
    "conference",
    "round",
    "session",
    "contact",
    "meet",
}
AGREEMENTS = {
    "agreement",
    "treaty",
    "accord",
    "pact",
    "deal",
    "memorandum",
    "statement",
    "declaration",
    "protocol",
    "convention",
    "charter",
    "document",
    "settlement",
    "understanding",
}
CEASEFIRE = {
    "ceasefire",
    "cease-fire",
    "truce",
    "cessation",
    "armistice",
    "de-escalation",
    "withdrawal",
    "disarmament",
    "demobilization",
    "pullout",
    "surrender",
}
AID_OBJ = {
    "aid",
    "assistance",
    "supply",
    "supplies",
    "food",
    "fuel",
    "medicine",
    "medicines",
    "goods",
    "grain",
    "flour",
    "relief",
    "help",
    "shelter",
    "water",
    "electricity",
    "heating",
    "loan",
    "grant",
    "credit",
    "fund",
    "funds",
    "money",
    "equipment",
    "vaccine",
    "tent",
    "blanket",
    "arms",
    "weapon",
    "ammunition",
    "asylum",
    "care",
    "provision",
    "kit",
    "convoy",
    "support",
    "service",
}
WEAPONS = {"arm", "arms", "weapon", "weapons", "ammunition", "equipment", "gun", "rifle"}
PERSONS_HELD = {
    "prisoner",
    "hostage",
    "detainee",
    "captive",
    "pow",
    "soldier",
    "national",
    "citizen",
    "people",
    "person",
    "activist",
    "journalist",
    "civilian",
    "fisherman",
    "crew",
    "sailor",
    "<person>",
}
ACCESS = {
    "access",
    "entry",
    "delivery",
    "passage",
    "corridor",
    "inspector",
    "observer",
    "peacekeeper",
    "mission",
    "monitor",
    "border",
    "bridge",
    "crossing",
    "road",
    "airspace",
    "port",
    "checkpoint",
}
RESTRICTIONS = {
    "curfew",
    "ban",
    "restriction",
    "emergency",
    "measure",
    "law",
    "censorship",
    "rule",
    "control",
    "siege",
    "blockade",
    "lockdown",
    "martial",
}
SANCTIONS = {"sanction", "embargo", "tariff", "boycott"}
DIPLOMATIC = {
    "relation",
    "tie",
    "link",
    "talk",
    "negotiation",
    "mediation",
    "cooperation",
    "aid",
    "assistance",
    "delivery",
    "flight",
    "membership",
    "contact",
    "program",
    "programme",
    "visit",
    "meeting",
    "trade",
    "funding",
    "support",
    "dialogue",
    "effort",
}
ENVOYS = {
    "ambassador",
    "diplomat",
    "envoy",
    "consul",
    "embassy",
    "inspector",
    "observer",
    "peacekeeper",
    "monitor",
    "mission",
    "staff",
    "worker",
    "agency",
    "journalist",
    "correspondent",
    "chargé",
    "attaché",
    "force",
    "contingent",
}
TROOPS = {
    "troop",
    "force",
    "army",
    "soldier",
    "unit",
    "tank",
    "missile",
    "reservist",
    "division",
    "battalion",
    "brigade",
    "warship",
    "ship",
    "fighter",
    "jet",
    "aircraft",
    "artillery",
    "police",
    "hacker",
    "presence",
    "military",
    "guard",
    "marine",
}
MILITARY_TARGETS = {
    "mine",
    "landmine",
    "ied",
    "target",
    "position",
    "base",
    "town",
    "city",
    "village",
    "stronghold",
    "outpost",
    "camp",
    "convoy",
    "post",
    "depot",
    "headquarters",
    "area",
    "region",
    "territory",
    "infrastructure",
    "system",
    "equipment",
    "shelter",
    "hill",
    "bridge",
    "airport",
    "facility",
    "school",
    "hospital",
    "building",
    "house",
    "home",
    "vehicle",
    "plane",
    "helicopter",
    "aircraft",
    "drone",
}
PROTEST_OBJ = {
    "road",
    "avenue",
    "street",
    "bridge",
    "highway",
    "traffic",
    "access",
    "entrance",
    "transport",
    "route",
    "railway",
    "square",
    "port",
    "border",
    "crossing",
    "motorway",
    "junction",
    "way",
}
MILITARY_MODS = (
    "military",
    "terror",
    "combat",
    "offensive",
    "armed",
    "punitive",
    "army",
    "air",
    "ground",
    "artillery",
    "missile",
    "drone",
    "naval",
    "security",
    "special",
    "retaliat",
    "cleansing",
)

# --- nominal triggers: noun lemma -> (category, strength) -----------------------------------
NOUNS: dict[str, tuple[str, float]] = {
    # CONSULT 040-046
    "talks": ("CONSULT", 0.85),
    "meeting": ("CONSULT", 0.85),
    "negotiation": ("CONSULT", 0.85),
    "discussion": ("CONSULT", 0.8),
    "consultation": ("CONSULT", 0.8),
    "visit": ("CONSULT", 0.8),
    "summit": ("CONSULT", 0.85),
    "mediation": ("CONSULT", 0.8),
    "dialogue": ("CONSULT", 0.7),
    # AGREE 03x
    "agreement": ("AGREE", 0.75),
    "deal": ("AGREE", 0.7),
    "accord": ("AGREE", 0.75),
    "pact": ("AGREE", 0.75),
    "invitation": ("AGREE", 0.6),
    "commitment": ("AGREE", 0.6),
    "pledge": ("AGREE", 0.7),
    "offer": ("AGREE", 0.7),
    # SUPPORT 05x
    "treaty": ("SUPPORT", 0.75),
    "apology": ("SUPPORT", 0.8),
    "recognition": ("SUPPORT", 0.7),
    # COOPERATE 06x
    "cooperation": ("COOPERATE", 0.6),
    # AID 07x
    "aid": ("AID", 0.6),
    "assistance": ("AID", 0.6),
    "asylum": ("AID", 0.7),
    # RETREAT 084-087
    "ceasefire": ("RETREAT", 0.85),
    "cease-fire": ("RETREAT", 0.85),
    "truce": ("RETREAT", 0.85),
    "cessation": ("RETREAT", 0.8),
    "armistice": ("RETREAT", 0.85),
    "withdrawal": ("RETREAT", 0.8),
    "pullout": ("RETREAT", 0.8),
    "disarmament": ("RETREAT", 0.75),
    "surrender": ("RETREAT", 0.8),
    "release": ("RETREAT", 0.6),
    "resignation": ("RETREAT", 0.8),
    "amnesty": ("CONCEDE", 0.7),
    # INVESTIGATE 09x
    "investigation": ("INVESTIGATE", 0.85),
    "inquiry": ("INVESTIGATE", 0.85),
    "probe": ("INVESTIGATE", 0.85),
    "inspection": ("INVESTIGATE", 0.7),
    # DEMAND 10x
    "demand": ("DEMAND", 0.7),
    "ultimatum": ("THREATEN", 0.85),
    # DISAPPROVE 11x
    "complaint": ("DISAPPROVE", 0.75),
    "criticism": ("DISAPPROVE", 0.7),
    "condemnation": ("DISAPPROVE", 0.8),
    "lawsuit": ("DISAPPROVE", 0.8),
    "accusation": ("DISAPPROVE", 0.75),
    # THREATEN 13x
    "threat": ("THREATEN", 0.7),
    "warning": ("THREATEN", 0.6),
    # PROTEST 14x
    "protest": ("PROTEST", 0.85),
    "demonstration": ("PROTEST", 0.85),
    "rally": ("PROTEST", 0.8),
    "riot": ("PROTEST", 0.85),
    "sit-in": ("PROTEST", 0.85),
    "boycott": ("PROTEST", 0.75),
    "march": ("PROTEST", 0.6),
    "picket": ("PROTEST", 0.8),
    # SANCTION 16x
    "sanction": ("SANCTION", 0.8),
    "embargo": ("SANCTION", 0.8),
    # MOBILIZE 15x
    "alert": ("MOBILIZE", 0.7),
    "exercise": ("MOBILIZE", 0.65),
    "drill": ("MOBILIZE", 0.65),
    "deployment": ("MOBILIZE", 0.7),
    "mobilization": ("MOBILIZE", 0.8),
    "games": ("MOBILIZE", 0.6),
    # COERCE 17x
    "curfew": ("COERCE", 0.8),
    "blockade": ("COERCE", 0.75),
    "crackdown": ("COERCE", 0.8),
    "siege": ("COERCE", 0.75),
    "arrest": ("COERCE", 0.8),
    "ban": ("COERCE", 0.6),
    "restriction": ("COERCE", 0.6),
    "deportation": ("COERCE", 0.8),
    "detention": ("COERCE", 0.7),
    "emergency": ("COERCE", 0.5),
    # ASSAULT 18x-20x
    "attack": ("ASSAULT", 0.85),
    "offensive": ("ASSAULT", 0.85),
    "bombing": ("ASSAULT", 0.85),
    "shelling": ("ASSAULT", 0.85),
    "airstrike": ("ASSAULT", 0.85),
    "assault": ("ASSAULT", 0.85),
    "ambush": ("ASSAULT", 0.85),
    "raid": ("ASSAULT", 0.75),
    "clash": ("ASSAULT", 0.8),
    "fighting": ("ASSAULT", 0.8),
    "hostility": ("ASSAULT", 0.75),
    "invasion": ("ASSAULT", 0.85),
    "massacre": ("ASSAULT", 0.9),
    "bombardment": ("ASSAULT", 0.85),
    "explosion": ("ASSAULT", 0.6),
    "blast": ("ASSAULT", 0.6),
    "counteroffensive": ("ASSAULT", 0.85),
    "incursion": ("ASSAULT", 0.8),
    "gunbattle": ("ASSAULT", 0.85),
    "firefight": ("ASSAULT", 0.85),
    "skirmish": ("ASSAULT", 0.8),
    "battle": ("ASSAULT", 0.7),
    "assassination": ("ASSAULT", 0.85),
    "kidnapping": ("ASSAULT", 0.85),
    "abduction": ("ASSAULT", 0.85),
    "cleansing": ("ASSAULT", 0.8),
    "war": ("ASSAULT", 0.5),
    "strike": ("ASSAULT", 0.6),
    "escalation": ("ASSAULT", 0.5),
    # needs a military modifier ("anti-terrorist measures", "military operation")
    "operation": ("ASSAULT", 0.75),
    "measure": ("ASSAULT", 0.75),
    "activity": ("ASSAULT", 0.6),
    "action": ("ASSAULT", 0.6),
    "campaign": ("ASSAULT", 0.6),
    "incident": ("ASSAULT", 0.6),
}
NEEDS_MILITARY_MOD = {
    "operation",
    "measure",
    "activity",
    "action",
    "campaign",
    "incident",
    "strike",
    "games",
    "exercise",
    "drill",
}
# Verbs that turn an event noun into an event ("held talks", "launched an operation", "a meeting was held").
LIGHT_VERBS = {
    "hold",
    "have",
    "conduct",
    "launch",
    "begin",
    "start",
    "stage",
    "carry",
    "mount",
    "open",
    "resume",
    "initiate",
    "announce",
    "continue",
    "undertake",
    "organize",
    "organise",
    "host",
    "attend",
    "join",
    "reach",
    "sign",
    "impose",
    "declare",
    "lodge",
    "issue",
    "make",
    "pay",
    "extend",
    "observe",
    "order",
    "unleash",
    "wage",
    "commence",
    "conclude",
    "finalize",
    "seal",
    "agree",
    "accept",
    "call",
    "go",
    "lift",
    "end",
    "halt",
    "stop",
    "cease",
    "suspend",
    "terminate",
    "break",
    "introduce",
    "enforce",
    "tighten",
    "escalate",
    "renew",
    "intensify",
    "step",
}
# Intransitive predicates of event nouns ("fighting broke out", "the meeting took place").
EVENT_PREDICATES = {
    "take",
    "break",
    "erupt",
    "occur",
    "happen",
    "begin",
    "start",
    "continue",
    "resume",
    "end",
    "last",
    "escalate",
    "flare",
    "intensify",
    "follow",
    "rage",
}
PHASE_END = {
    "end",
    "halt",
    "stop",
    "cease",
    "suspend",
    "terminate",
    "break",
    "call",
    "lift",
    "conclude",
    "abandon",
    "cancel",
    "freeze",
    "cessation",
    "suspension",
    "termination",
}
PHASE_START = {
    "start",
    "launch",
    "beginning",
    "resumption",
    "launching",
    "initiation",
    "begin",
    "resume",
    "opening",
    "creation",
    "establishment",
}

# --- verb lexicon: lemma -> list of (object words or None, category, strength); first match wins ---
V = dict[str, list[tuple[frozenset | None, str, float]]]


def _r(*rules):
    return [(frozenset(o) if o is not None else None, c, s) for o, c, s in rules]


VERBS: V = {
    # AGREE 03x: promise, offer, agree
    "agree": _r((CEASEFIRE, "RETREAT", 0.85), (None, "AGREE", 0.9)),
    "promise": _r((None, "AGREE", 0.85)),
    "pledge": _r((None, "AGREE", 0.85)),
    "offer": _r((None, "AGREE", 0.8)),
    "accept": _r((None, "AGREE", 0.75)),
    "consent": _r((None, "AGREE", 0.8)),
    "commit": _r((None, "AGREE", 0.7)),
    "invite": _r((None, "AGREE", 0.6)),
    "vow": _r((None, "AGREE", 0.75)),
    # CONSULT 04x: meet, visit, host, negotiate, mediate, phone
    "meet": _r((None, "CONSULT", 0.85)),
    "visit": _r((None, "CONSULT", 0.85)),
    "host": _r((None, "CONSULT", 0.75)),
    "discuss": _r((None, "CONSULT", 0.75)),
    "negotiate": _r((None, "CONSULT", 0.85)),
    "consult": _r((None, "CONSULT", 0.8)),
    "confer": _r((None, "CONSULT", 0.7)),
    "mediate": _r((None, "CONSULT", 0.8)),
    "telephone": _r((None, "CONSULT", 0.8)),
    "phone": _r((None, "CONSULT", 0.8)),
    "talk": _r((None, "CONSULT", 0.6)),
    "receive": _r(
        (ACCESS, "RETREAT", 0.6),
        (
            {
                "delegation",
                "envoy",
                "minister",
                "ambassador",
                "president",
                "leader",
                "representative",
                "official",
                "counterpart",
            },
            "CONSULT",
            0.75,
        ),
    ),
    # SUPPORT 05x: praise, endorse, defend verbally, apologize, recognize, sign agreement
    "welcome": _r((None, "SUPPORT", 0.8)),
    "praise": _r((None, "SUPPORT", 0.85)),
    "commend": _r((None, "SUPPORT", 0.85)),
    "endorse": _r((None, "SUPPORT", 0.85)),
    "support": _r((None, "SUPPORT", 0.7)),
    "back": _r((None, "SUPPORT", 0.6)),
    "defend": _r((None, "SUPPORT", 0.6)),
    "apologize": _r((None, "SUPPORT", 0.85)),
    "apologise": _r((None, "SUPPORT", 0.85)),
    "forgive": _r((None, "SUPPORT", 0.8)),
    "recognize": _r((None, "SUPPORT", 0.75)),
    "recognise": _r((None, "SUPPORT", 0.75)),
    "sign": _r((AGREEMENTS, "SUPPORT", 0.85)),
    "ratify": _r((None, "SUPPORT", 0.85)),
    "upgrade": _r((None, "SUPPORT", 0.7)),
    "restore": _r(({"relation", "tie"}, "SUPPORT", 0.75)),
    "normalize": _r((None, "SUPPORT", 0.7)),
    "congratulate": _r((None, "SUPPORT", 0.8)),
    "thank": _r((None, "SUPPORT", 0.75)),
    "hail": _r((None, "SUPPORT", 0.8)),
    "applaud": _r((None, "SUPPORT", 0.8)),
    "laud": _r((None, "SUPPORT", 0.8)),
    "appreciate": _r((None, "SUPPORT", 0.55)),
    # COOPERATE 06x: cooperate, share intelligence
    "cooperate": _r((None, "COOPERATE", 0.85)),
    "collaborate": _r((None, "COOPERATE", 0.8)),
    "share": _r(
        ({"information", "intelligence", "expertise", "evidence", "data", "experience", "technology"}, "COOPERATE", 0.8)
    ),
    "exchange": _r(({"prisoner", "hostage", "body"}, "RETREAT", 0.7), (None, "COOPERATE", 0.6)),
    "establish": _r(
        ({"group", "commission", "committee", "team", "council", "mechanism", "relation", "tie"}, "COOPERATE", 0.55)
    ),
    # AID 07x: provide aid, grant asylum
    "donate": _r((None, "AID", 0.85)),
    "deliver": _r((AID_OBJ, "AID", 0.8)),
    "provide": _r((AID_OBJ, "AID", 0.75), (None, "AID", 0.55)),
    "send": _r((TROOPS, "MOBILIZE", 0.7), (AID_OBJ, "AID", 0.75)),
    "supply": _r((None, "AID", 0.7)),
    "grant": _r(({"amnesty", "pardon"}, "CONCEDE", 0.75), ({"access", "entry"}, "RETREAT", 0.7), (None, "AID", 0.7)),
    "evacuate": _r((None, "AID", 0.65)),
    "airlift": _r((None, "AID", 0.8)),
    "fund": _r((None, "AID", 0.6)),
    "finance": _r((None, "AID", 0.6)),
    "give": _r((AID_OBJ, "AID", 0.6)),
    "hand": _r((WEAPONS, "RETREAT", 0.75), (PERSONS_HELD, "RETREAT", 0.7), (AID_OBJ, "AID", 0.7)),
    # CONCEDE 08x: ease restrictions, accede to demands
    "concede": _r((None, "CONCEDE", 0.8)),
    "accede": _r((None, "CONCEDE", 0.8)),
    "ease": _r((SANCTIONS | {"blockade", "siege"}, "RETREAT", 0.75), (None, "CONCEDE", 0.75)),
    "lift": _r((SANCTIONS | {"blockade", "siege"}, "RETREAT", 0.8), (RESTRICTIONS, "CONCEDE", 0.8)),
    "relax": _r((None, "CONCEDE", 0.75)),
    "cancel": _r((RESTRICTIONS, "CONCEDE", 0.75), (DIPLOMATIC, "SANCTION", 0.7)),
    "amnesty": _r((None, "CONCEDE", 0.8)),
    "pardon": _r((None, "CONCEDE", 0.8)),
    "approve": _r(
        ({"law", "bill", "demand", "request", "reform", "amendment"}, "CONCEDE", 0.6), (None, "SUPPORT", 0.55)
    ),
    "yield": _r(({"demand", "pressure"}, "CONCEDE", 0.7)),
    "legalize": _r((None, "CONCEDE", 0.7)),
    # RETREAT 084-0874: release, return, allow access, disarm, withdraw, surrender, resign
    "withdraw": _r((ENVOYS, "SANCTION", 0.8), (DIPLOMATIC, "SANCTION", 0.75), (None, "RETREAT", 0.85)),
    "retreat": _r((None, "RETREAT", 0.85)),
    "surrender": _r((None, "RETREAT", 0.9)),
    "disarm": _r((None, "RETREAT", 0.85)),
    "demobilize": _r((None, "RETREAT", 0.85)),
    "lay down": _r((WEAPONS, "RETREAT", 0.9)),
    "release": _r((PERSONS_HELD, "RETREAT", 0.8)),
    "free": _r((PERSONS_HELD, "RETREAT", 0.8)),
    "return": _r(
        ({"refugee", "property", "territory", "land", "body", "remains", "prisoner", "hostage"}, "RETREAT", 0.6)
    ),
    "repatriate": _r((None, "RETREAT", 0.8)),
    "resign": _r((None, "RETREAT", 0.85)),
    "step down": _r((None, "RETREAT", 0.85)),
    "cede": _r((None, "RETREAT", 0.85)),
    "open": _r((ACCESS, "RETREAT", 0.7)),
    "reopen": _r((ACCESS, "RETREAT", 0.75)),
    "allow": _r((ACCESS | AID_OBJ, "RETREAT", 0.6)),
    "permit": _r((ACCESS, "RETREAT", 0.6)),
    # INVESTIGATE 09x
    "investigate": _r((None, "INVESTIGATE", 0.9)),
    "probe": _r((None, "INVESTIGATE", 0.8)),
    "inspect": _r((None, "INVESTIGATE", 0.75)),
    "examine": _r((None, "INVESTIGATE", 0.5)),
    "dispatch": _r(
        ({"inspector", "investigator", "expert", "monitor", "observer"}, "INVESTIGATE", 0.7),
        (TROOPS, "MOBILIZE", 0.7),
        (AID_OBJ, "AID", 0.7),
    ),
    # DEMAND 10x: demand, order, call on, urge
    "demand": _r((None, "DEMAND", 0.9)),
    "urge": _r((None, "DEMAND", 0.8)),
    "insist": _r((None, "DEMAND", 0.6)),
    "order": _r((None, "DEMAND", 0.7)),
    "ask": _r((None, "DEMAND", 0.55)),
    "request": _r((None, "DEMAND", 0.6)),
    "press": _r((None, "DEMAND", 0.6)),
    "call": _r(({"on", "for", "upon"}, "DEMAND", 0.75)),
    "pressure": _r((None, "DEMAND", 0.7)),
    "pressurize": _r((None, "DEMAND", 0.7)),
    "require": _r((None, "DEMAND", 0.45)),
    "appeal": _r((None, "DEMAND", 0.5)),
    "seek": _r(
        (
            {
                "refuge",
                "asylum",
                "independence",
                "autonomy",
                "status",
                "compensation",
                "release",
                "extradition",
                "shelter",
                "protection",
            },
            "DEMAND",
            0.6,
        )
    ),
    # DISAPPROVE 11x: criticize, accuse, complain, sue, summon
    "accuse": _r((None, "DISAPPROVE", 0.9)),
    "blame": _r((None, "DISAPPROVE", 0.85)),
    "criticize": _r((None, "DISAPPROVE", 0.9)),
    "criticise": _r((None, "DISAPPROVE", 0.9)),
    "condemn": _r((None, "DISAPPROVE", 0.9)),
    "denounce": _r((None, "DISAPPROVE", 0.9)),
    "complain": _r((None, "DISAPPROVE", 0.8)),
    "decry": _r((None, "DISAPPROVE", 0.85)),
    "deplore": _r((None, "DISAPPROVE", 0.85)),
    "slam": _r((None, "DISAPPROVE", 0.8)),
    "censure": _r((None, "DISAPPROVE", 0.85)),
    "rebuke": _r((None, "DISAPPROVE", 0.85)),
    "allege": _r((None, "DISAPPROVE", 0.6)),
    "sue": _r((None, "DISAPPROVE", 0.8)),
    "summon": _r((ENVOYS, "DISAPPROVE", 0.75)),
    "charge": _r(({"with"}, "DISAPPROVE", 0.55)),
    "lodge": _r(({"protest", "complaint"}, "DISAPPROVE", 0.85)),
    # REJECT 12x: reject, refuse, veto, defy
    "reject": _r((None, "REJECT", 0.9)),
    "refuse": _r((None, "REJECT", 0.9)),
    "decline": _r((None, "REJECT", 0.75)),
    "dismiss": _r(
        (
            {
                "appeal",
                "call",
                "proposal",
                "offer",
                "demand",
                "claim",
                "plan",
                "request",
                "idea",
                "allegation",
                "accusation",
                "report",
            },
            "REJECT",
            0.75,
        )
    ),
    "veto": _r((None, "REJECT", 0.9)),
    "oppose": _r((None, "REJECT", 0.7)),
    "renege": _r((None, "REJECT", 0.85)),
    "defy": _r((None, "REJECT", 0.75)),
    "resist": _r((None, "REJECT", 0.55)),
    "rebuff": _r((None, "REJECT", 0.85)),
    "spurn": _r((None, "REJECT", 0.85)),
    "turn down": _r((None, "REJECT", 0.85)),
    "snub": _r((None, "REJECT", 0.7)),
    # THREATEN 13x
    "threaten": _r((None, "THREATEN", 0.9)),
    "warn": _r((None, "THREATEN", 0.6)),
    "swear": _r((None, "THREATEN", 0.7)),
    # PROTEST 14x: demonstrate, hunger strike, boycott, obstruct, riot
    "protest": _r((None, "PROTEST", 0.8)),
    "demonstrate": _r((None, "PROTEST", 0.8)),
    "rally": _r((None, "PROTEST", 0.7)),
    "riot": _r((None, "PROTEST", 0.9)),
    "picket": _r((None, "PROTEST", 0.85)),
    "boycott": _r((None, "PROTEST", 0.75)),
    "block": _r((PROTEST_OBJ, "PROTEST", 0.75)),
    "blockade": _r((None, "PROTEST", 0.6)),
    "march": _r((None, "PROTEST", 0.55)),
    # CRIME (PLOVER list)
    "rob": _r((None, "CRIME", 0.85)),
    "steal": _r((None, "CRIME", 0.85)),
    "smuggle": _r((None, "CRIME", 0.85)),
    "embezzle": _r((None, "CRIME", 0.9)),
    "bribe": _r((None, "CRIME", 0.85)),
    "loot": _r((None, "CRIME", 0.75)),
    "burgle": _r((None, "CRIME", 0.85)),
    "launder": _r((None, "CRIME", 0.8)),
    "extort": _r((None, "CRIME", 0.85)),
    "defraud": _r((None, "CRIME", 0.85)),
    "vandalize": _r((None, "CRIME", 0.7)),
    "poach": _r((None, "CRIME", 0.5)),
    # SANCTION 16x: reduce relations, stop aid, expel or withdraw
    "suspend": _r((DIPLOMATIC | ENVOYS, "SANCTION", 0.8)),
    "expel": _r((ENVOYS, "SANCTION", 0.85), (None, "COERCE", 0.75)),
    "sever": _r((None, "SANCTION", 0.85)),
    "break off": _r((None, "SANCTION", 0.8)),
    "cut": _r((DIPLOMATIC, "SANCTION", 0.75)),
    "recall": _r((ENVOYS, "SANCTION", 0.8)),
    "downgrade": _r((None, "SANCTION", 0.8)),
    "freeze": _r((DIPLOMATIC | {"asset", "account", "fund"}, "SANCTION", 0.7)),
    "prohibit": _r((DIPLOMATIC | AID_OBJ, "SANCTION", 0.6), (None, "COERCE", 0.6)),
    "sanction": _r((None, "SANCTION", 0.8)),
    "embargo": _r((None, "SANCTION", 0.8)),
    # MOBILIZE 15x
    "mobilize": _r((TROOPS, "MOBILIZE", 0.85)),
    "mobilise": _r((TROOPS, "MOBILIZE", 0.85)),
    "deploy": _r(({"peacekeeper"}, "AID", 0.7), (TROOPS, "MOBILIZE", 0.8)),
    "mass": _r((TROOPS, "MOBILIZE", 0.75)),
    "reinforce": _r((None, "MOBILIZE", 0.7)),
    "strengthen": _r((TROOPS, "MOBILIZE", 0.65)),
    "train": _r((TROOPS, "MOBILIZE", 0.5)),
    # COERCE 17x: arrest, deport, ban, confiscate, curfew, occupy
    "arrest": _r((None, "COERCE", 0.9)),
    "detain": _r((None, "COERCE", 0.9)),
    "deport": _r((None, "COERCE", 0.85)),
    "ban": _r((None, "COERCE", 0.8)),
    "outlaw": _r((None, "COERCE", 0.85)),
    "confiscate": _r((None, "COERCE", 0.85)),
    "seize": _r((None, "COERCE", 0.7)),
    "prevent": _r(({"demonstration", "protest", "rally", "march"}, "COERCE", 0.6)),
    "impose": _r((SANCTIONS, "SANCTION", 0.85), (RESTRICTIONS, "COERCE", 0.8)),
    "censor": _r((None, "COERCE", 0.8)),
    "jail": _r((None, "COERCE", 0.85)),
    "imprison": _r((None, "COERCE", 0.85)),
    "sentence": _r((None, "COERCE", 0.7)),
    "evict": _r((None, "COERCE", 0.75)),
    "demolish": _r((None, "COERCE", 0.7)),
    "raze": _r((None, "COERCE", 0.75)),
    "crack down": _r((None, "COERCE", 0.8)),
    "disperse": _r((None, "COERCE", 0.7)),
    "deface": _r((None, "COERCE", 0.7)),
    "torch": _r((None, "COERCE", 0.7)),
    "occupy": _r((None, "COERCE", 0.65)),
    "annex": _r((None, "COERCE", 0.75)),
    "set": _r(({"fire"}, "COERCE", 0.7)),
    "burn": _r((None, "COERCE", 0.6)),
    # ASSAULT 18x-20x: kill, wound, shell, bomb, attack, mines, abduct, torture
    "attack": _r((None, "ASSAULT", 0.9)),
    "kill": _r((None, "ASSAULT", 0.9)),
    "wound": _r((None, "ASSAULT", 0.85)),
    "injure": _r((None, "ASSAULT", 0.85)),
    "shell": _r((None, "ASSAULT", 0.9)),
    "bomb": _r((None, "ASSAULT", 0.9)),
    "bombard": _r((None, "ASSAULT", 0.9)),
    "shoot": _r((None, "ASSAULT", 0.85)),
    "fire": _r(({"on", "at", "shot", "rocket", "missile", "shell", "mortar", "bullet"}, "ASSAULT", 0.8)),
    "fight": _r((None, "ASSAULT", 0.75)),
    "clash": _r((None, "ASSAULT", 0.85)),
    "assassinate": _r((None, "ASSAULT", 0.95)),
    "abduct": _r((None, "ASSAULT", 0.9)),
    "kidnap": _r((None, "ASSAULT", 0.9)),
    "hijack": _r((None, "ASSAULT", 0.9)),
    "torture": _r((None, "ASSAULT", 0.9)),
    "beat": _r((PERSONS_HELD, "ASSAULT", 0.6)),
    "beat up": _r((None, "ASSAULT", 0.8)),
    "massacre": _r((None, "ASSAULT", 0.95)),
    "capture": _r((MILITARY_TARGETS | TROOPS | PERSONS_HELD, "ASSAULT", 0.75)),
    "invade": _r((None, "ASSAULT", 0.9)),
    "raid": _r((None, "ASSAULT", 0.8)),
    "ambush": _r((None, "ASSAULT", 0.9)),
    "storm": _r((None, "ASSAULT", 0.8)),
    "strike": _r((MILITARY_TARGETS, "ASSAULT", 0.8)),
    "hit": _r(({"mine", "landmine", "ied", "bomb"}, "ASSAULT", 0.75), (MILITARY_TARGETS - {"area"}, "ASSAULT", 0.6)),
    "detonate": _r((None, "ASSAULT", 0.8)),
    "explode": _r((None, "ASSAULT", 0.55)),
    "murder": _r((None, "ASSAULT", 0.85)),
    "behead": _r((None, "ASSAULT", 0.9)),
    "execute": _r((None, "ASSAULT", 0.7)),
    "neutralize": _r((TROOPS | MILITARY_TARGETS | {"formation", "group", "militant", "terrorist"}, "ASSAULT", 0.55)),
    "disable": _r((MILITARY_TARGETS | TROOPS, "ASSAULT", 0.6)),
    "destroy": _r((None, "ASSAULT", 0.6)),
    "liberate": _r((MILITARY_TARGETS | {"settlement"}, "ASSAULT", 0.6)),
    "violate": _r((CEASEFIRE | {"ceasefire", "truce"}, "ASSAULT", 0.6)),
    "die": _r((None, "ASSAULT", 0.45)),
    "lose": _r(({"life"}, "ASSAULT", 0.45)),
}
# Deaths are only an ASSAULT when the sentence says what killed them (CAMEO 18-20 are deliberate acts).
CASUALTY_VERBS = {"die", "lose"}
CONFLICT_CONTEXT = {
    "mine",
    "landmine",
    "attack",
    "bomb",
    "bombing",
    "clash",
    "fighting",
    "shelling",
    "explosion",
    "gunfire",
    "strike",
    "airstrike",
    "shooting",
    "ambush",
    "blast",
    "war",
    "offensive",
    "rocket",
    "missile",
    "drone",
    "artillery",
    "sniper",
    "assault",
    "raid",
    "battle",
    "conflict",
    "violence",
}
PROTESTERS = {
    "protester",
    "demonstrator",
    "worker",
    "student",
    "resident",
    "people",
    "thousand",
    "hundred",
    "crowd",
    "activist",
    "farmer",
    "teacher",
    "doctor",
    "union",
    "opposition",
    "prisoner",
    "citizen",
    "supporter",
    "villager",
    "miner",
    "driver",
    "employee",
    "woman",
    "youth",
}

# --- mood: verbs that govern an infinitive or that-clause ------------------------------------
REPORTING = {
    "say",
    "tell",
    "report",
    "note",
    "stress",
    "add",
    "state",
    "announce",
    "claim",
    "confirm",
    "declare",
    "insist",
    "emphasize",
    "emphasise",
    "underline",
    "explain",
    "reveal",
    "write",
    "quote",
    "cite",
    "acknowledge",
    "admit",
    "indicate",
    "reiterate",
    "assert",
    "point",
    "know",
    "become",
    "learn",
    "believe",
    "think",
    "suggest",
    "show",
    "convince",
    "understand",
    "recall",
    "remind",
    "mention",
}
INTENT = {
    "plan",
    "intend",
    "decide",
    "aim",
    "prepare",
    "expect",
    "agree",
    "promise",
    "pledge",
    "vow",
    "offer",
    "commit",
    "undertake",
    "propose",
    "resolve",
    "choose",
    "ready",
    "willing",
    "prepared",
    "open",
    "set",
    "determined",
    "eager",
    "going",
    "due",
    "poised",
    "about",
}
THREAT_HEADS = {"threaten", "warn", "swear"}
REFUSAL_HEADS = {"refuse", "decline", "reject", "fail", "oppose", "resist", "reluctant", "unwilling"}
DEMAND_HEADS = {
    "demand",
    "urge",
    "call",
    "ask",
    "order",
    "press",
    "appeal",
    "pressure",
    "request",
    "require",
    "insist",
    "force",
    "compel",
    "push",
    "invite",
    "encourage",
    "persuade",
    "convince",
    "tell",
}
ATTEMPT_HEADS = {
    "try",
    "attempt",
    "seek",
    "continue",
    "begin",
    "start",
    "resume",
    "manage",
    "help",
    "keep",
    "go",
    "proceed",
    "stop",
    "cease",
    "halt",
    "end",
    "finish",
}
# Heads under which nothing is coded as happened (PLOVER: considered, hoped for, denied, possible).
IRREALIS_HEADS = {
    "consider",
    "mull",
    "contemplate",
    "weigh",
    "discuss",
    "debate",
    "want",
    "hope",
    "wish",
    "like",
    "deny",
    "doubt",
    "imagine",
    "fear",
    "rule",
    "envisage",
    "envision",
    "study",
    "explore",
    "examine",
    "suggest",
    "recommend",
    "propose",
    "need",
    "plan",
    "possibility",
    "chance",
    "prospect",
    "potential",
    "condition",
    "likely",
    "unlikely",
    "possible",
    "able",
    "unable",
    "would",
    "may",
    "might",
    "could",
    "can",
    "if",
    "unless",
    "whether",
    "should",
    "must",
    "cannot",
    "in case",
    "provided",
    "deserve",
    "supposed",
    "aim",
    "intention",
    "readiness",
    "willingness",
    "intend",
    "order",
    "effort",
    "attempt",
    "bid",
    "ready",
    "wait",
    "refrain",
    "avoid",
    "inability",
    "ability",
    "seek",
    "try",
    "call",
    "urge",
    "demand",
    "ask",
    "threaten",
    "warn",
    "refuse",
    "agree",
    "promise",
    "pledge",
    "vow",
    "offer",
    "prepare",
    "decide",
    "expect",
    "open",
    "willing",
    "choose",
    "invitation",
    "commitment",
    "statement",
    "plans",
    "suggestion",
    "proposal",
    "idea",
    "help",
}
POSSIBLE_AUX = {"could", "may", "might", "can", "ca"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
OBLIGATION_AUX = {"should", "must", "ought"}


@dataclass
class Trigger:
    category: str
    token_i: int
    anchor_i: int
    text: str
    strength: float
    mood: str
    depth: int


def _obj_words(v) -> set[str]:
    """Lemmas of a verb's objects (dobj, passive subject, prepositional objects) and their modifiers."""
    words: set[str] = set()
    heads = []
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "acomp", "pobj", "obj"):
            heads.append(c)
        elif c.dep_ in ("prep", "agent", "prt"):
            words.add(c.lower_)
            heads.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
        elif c.dep_ == "ccomp" and c.lemma_ == "responsible":
            heads.append(c)
    for h in heads:
        if h.ent_type_ in ("PERSON", "NORP"):
            words.add("<person>")
        words.add(h.lemma_.lower())
        words.add(h.lower_)
        for g in h.children:
            if g.dep_ in ("compound", "amod", "conj", "nmod"):
                words.add(g.lemma_.lower())
            if g.dep_ == "prep" and g.lower_ == "of":
                words.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
    return words


def _phrasal(v) -> str:
    prt = [c.lower_ for c in v.children if c.dep_ == "prt"]
    return f"{v.lemma_.lower()} {prt[0]}" if prt else v.lemma_.lower()


def _military(n) -> bool:
    left = n.doc[n.left_edge.i : n.i].text.lower()
    mods = " ".join(c.lower_ for c in n.children if c.dep_ in ("compound", "amod", "nmod"))
    return any(m in left or m in mods for m in MILITARY_MODS)


def noun_category(n) -> tuple[str, float] | None:
    """PLOVER category of an event noun (with phase nouns: 'the start/end of X')."""
    lemma = n.lemma_.lower()
    if n.lower_ == "talks":
        lemma = "talks"
    if lemma in PHASE_START | PHASE_END and lemma not in NOUNS:
        inner = [g for p in n.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if not inner:
            return None
        got = noun_category(inner[0])
        if got is None:
            return None
        return _phase(lemma, got[0], got[1])
    if lemma not in NOUNS:
        # "a mediation effort", "the peace process": the compound carries the event
        comp = [c for c in n.children if c.dep_ == "compound" and c.lemma_.lower() in NOUNS]
        if lemma in ("effort", "process", "round", "mission", "initiative", "bid") and comp:
            return noun_category(comp[0])
        return None
    cat, strength = NOUNS[lemma]
    if lemma in NEEDS_MILITARY_MOD:
        left = n.doc[n.left_edge.i : n.i].text.lower()
        if lemma in ("strike",) and any(w in left for w in ("hunger", "general", "labour", "labor", "workers")):
            return "PROTEST", 0.8
        if lemma == "incident" and "mine" in left:
            return "ASSAULT", 0.75
        if lemma in ("exercise", "drill", "games"):
            if not _military(n) and lemma != "games":
                return None
            if "joint" in left:
                return "COOPERATE", 0.7
            return "MOBILIZE", 0.65
        if not _military(n):
            return None
    if lemma == "protest" and any(c.lower_ in ("official", "diplomatic", "formal") for c in n.children):
        return "DISAPPROVE", 0.8
    if lemma == "alert" and not any(t.lemma_ in TROOPS for t in n.sent):
        pass
    return cat, strength


def _phase(phase: str, cat: str, strength: float) -> tuple[str, float] | None:
    if phase in PHASE_END:
        # Ending hostilities is RETREAT (0871/087); ending talks or aid is SANCTION (164/162); ending a strike
        # or protest is CONCEDE (082); ending sanctions is RETREAT (085).
        if cat in ("ASSAULT", "COERCE", "MOBILIZE"):
            return "RETREAT", 0.85
        if cat in ("CONSULT", "AID", "COOPERATE", "SUPPORT", "AGREE"):
            return "SANCTION", 0.75
        if cat == "PROTEST":
            return "CONCEDE", 0.8
        if cat == "SANCTION":
            return "RETREAT", 0.75
        return None
    return cat, max(strength, 0.8)


def _verb_category(v) -> tuple[str, float] | None:
    key = _phrasal(v)
    rules = VERBS.get(key) or VERBS.get(v.lemma_.lower())
    if not rules:
        return None
    objs = _obj_words(v)
    for obj, cat, strength in rules:
        if obj is None or objs & obj:
            return cat, strength
    return None


def _light_object(v):
    """The event noun a light verb governs ('held talks', 'a meeting was held', 'announced the start of')."""
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "obj") and c.pos_ in ("NOUN", "PROPN"):
            got = noun_category(c)
            if got:
                return c, got
        if c.dep_ == "prt" or c.dep_ == "prep" and c.lower_ in ("to", "on", "into", "for"):
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "NOUN":
                    got = noun_category(g)
                    if got:
                        return g, got
    return None


def _aux(v) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}


def _negated(v) -> bool:
    return any(
        c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("neg", "advmod", "det") for c in v.children
    )


def _depth(t) -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t = t.head
        d += 1
    return d


def _irrealis_ancestor(start, stop_at) -> bool:
    """True when an ancestor above the immediate frame makes the clause possible, considered or conditional."""
    t = start
    steps = 0
    while t.head.i != t.i and steps < 30:
        child, t = t, t.head
        steps += 1
        if t.i == stop_at.i:
            continue
        lemma = t.lemma_.lower()
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in child.children):
            return True
        if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and t.i != stop_at.i:
            if lemma in IRREALIS_HEADS and lemma not in REPORTING and child.dep_ not in ("nsubj", "nsubjpass", "appos"):
                if (
                    child.dep_ in ("xcomp", "ccomp", "acl", "relcl", "advcl", "pcomp", "pobj", "dobj", "prep", "conj")
                    or t.pos_ == "NOUN"
                ):
                    return True
            if t.pos_ in ("VERB", "AUX") and _aux(t) & (POSSIBLE_AUX | OBLIGATION_AUX) and child.dep_ != "conj":
                return True
    return False


def _mood(v, base: str):
    """(category, mood, factor, frame_head) of a trigger anchored at verb v, or None when not codable."""
    aux = _aux(v)
    negated = _negated(v)
    # the clause v sits in: if-clauses are hypothetical, never coded
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in v.children):
        return None
    if aux & POSSIBLE_AUX:
        return None  # "could be amnestied" is not an amnesty
    head = v.head if v.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "conj") else None
    if v.dep_ == "conj":
        # a conjunct shares its first verb's frame ("lay down their arms, withdraw ... and are disarmed")
        first = v
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.i != v.i:
            got = _mood(first, base) if first.pos_ in ("VERB", "AUX") else ("", "realis", 1.0, None)
            if got is None:
                return None
            aux = aux | _aux(first)
            head = first.head if first.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp") else None
            v_frame = first
        else:
            v_frame = v
    else:
        v_frame = v
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in v_frame.children)
    conditional = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in v.children
    ) or any(t.lower_ in ("unless",) for t in v.sent)
    future = bool(aux & FUTURE_AUX) or any(c.lower_ == "going" for c in v.children)
    obligation = bool(aux & OBLIGATION_AUX)
    mood, factor, frame_head = "realis", 1.0, None
    if head is not None and v_frame.dep_ in ("xcomp", "ccomp", "pcomp", "advcl", "acl", "relcl"):
        hl = head.lemma_.lower()
        if v_frame.dep_ in ("xcomp", "pcomp") or (
            v_frame.dep_ in ("ccomp", "advcl") and hl in THREAT_HEADS | DEMAND_HEADS
        ):
            if hl in THREAT_HEADS or hl in DEMAND_HEADS or hl in REFUSAL_HEADS and hl != "fail":
                return None  # the governing verb is itself the event (THREATEN / DEMAND / REJECT)
            if hl == "fail":
                return ("REJECT", "refusal", 0.8, head) if base in COOPERATIVE else None
            if hl in IRREALIS_HEADS - INTENT:
                return None
            if hl in INTENT or head.pos_ == "ADJ" and hl in INTENT:
                if hl == "prepare" and base == "ASSAULT":
                    return "MOBILIZE", "intent", 0.8, head  # CAMEO 15: readiness for force falls short of its use
                if hl in ("agree", "promise", "pledge", "vow", "offer", "commit", "swear"):
                    return None  # coded by the promising verb itself (AGREE)
                future = True
                frame_head = head
            elif hl in ATTEMPT_HEADS:
                frame_head = head
            elif infinitive and head.pos_ in ("VERB", "AUX"):
                return None  # purpose clause ("came together to establish"): intended, not done
            if hl in REPORTING:
                mood = "reported"
        elif v_frame.dep_ in ("acl", "relcl") and infinitive:
            return None  # "an invitation to visit", "the need to withdraw": not done
        elif v_frame.dep_ == "ccomp" and hl in REPORTING:
            mood, factor = "reported", 0.95
        elif v_frame.dep_ == "ccomp" and hl in IRREALIS_HEADS or v_frame.dep_ == "advcl" and infinitive:
            return None
        if head is not None and head.pos_ in ("VERB", "AUX"):
            haux = _aux(head)
            if haux & POSSIBLE_AUX:
                return None
            if haux & FUTURE_AUX and v_frame.dep_ in ("xcomp",):
                future = True
    if negated:
        if base in COOPERATIVE and base not in ("RETREAT",) or base == "CONSULT":
            return "REJECT", "refusal", 0.75, frame_head  # CAMEO 12: refuse to cooperate, meet, yield
        return None
    if obligation:
        # "X said Y must withdraw": a demand by the speaker (CAMEO 10); otherwise not coded
        rep = _reporting_head(v_frame)
        if rep is not None:
            return "DEMAND", "obligation", 0.7, rep
        return None
    if future:
        if base in COOPERATIVE:
            return "AGREE", "intent", 0.85, frame_head  # PLOVER: future cooperative acts imply intent
        if base in MATERIAL_CONFLICT or base == "THREATEN" or conditional:
            return "THREATEN", "threat", 0.85, frame_head
        return base, "intent", 0.75, frame_head
    return base, mood, factor, frame_head


def _reporting_head(v):
    t = v
    for _ in range(4):
        if t.head.i == t.i:
            return None
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in REPORTING | {"conclude", "insist"}:
            return t.head
        t = t.head
    return None


def detect_triggers(sent, *, min_strength: float = 0.3) -> list[Trigger]:
    """Candidate PLOVER events in a spaCy sentence span, strongest per category first."""
    out: list[Trigger] = []
    used_nouns: set[int] = set()
    lemmas = {t.lemma_.lower() for t in sent}
    for v in sent:
        if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() in ("be",):
            continue
        got = None
        token_i, text = v.i, v.text
        if v.lemma_.lower() in LIGHT_VERBS or v.lemma_.lower() in EVENT_PREDICATES:
            lo = _light_object(v)
            if lo is not None:
                noun, (cat, strength) = lo
                lemma = v.lemma_.lower()
                if lemma in PHASE_END and not (lemma == "call" and not any(c.lower_ == "off" for c in v.children)):
                    got = _phase(lemma, cat, strength)
                elif lemma == "sign" and cat in ("AGREE", "SUPPORT"):
                    got = ("SUPPORT", 0.85)  # CAMEO 057: sign formal agreement
                elif lemma in ("reach", "conclude", "finalize", "seal", "agree") and cat in ("AGREE", "SUPPORT"):
                    got = ("AGREE", 0.85)
                elif lemma in ("declare", "agree", "announce", "observe", "reach") and noun.lemma_.lower() in CEASEFIRE:
                    got = ("RETREAT", 0.85)  # CAMEO 0871: declare truce, ceasefire
                elif lemma == "impose" and noun.lemma_.lower() in SANCTIONS:
                    got = ("SANCTION", 0.85)
                elif lemma == "lodge" and cat == "PROTEST":
                    got = ("DISAPPROVE", 0.85)
                elif lemma in ("accept", "agree") and cat in ("AGREE", "CONSULT"):
                    got = ("AGREE", 0.8)  # CAMEO 036/038: agree to meet, accept mediation
                elif lemma in ("lift",):
                    got = None
                else:
                    got = (cat, strength)
                if got:
                    used_nouns.add(noun.i)
                    token_i = noun.i
                    text = (
                        v.doc[min(v.i, noun.i) : max(v.i, noun.i) + 1].text
                        if abs(v.i - noun.i) <= 6
                        else f"{v.text} {noun.text}"
                    )
        if got is None:
            got = _verb_category(v)
            if got and v.lemma_.lower() == "hold" and "responsible" in _obj_words(v):
                got = ("DISAPPROVE", 0.75)
            if got is None and v.lemma_.lower() == "hold":
                ow = _obj_words(v)
                if "responsible" in ow or "accountable" in ow:
                    got = ("DISAPPROVE", 0.75)  # CAMEO 112: blame
            if got is None:
                continue
            prt = [c for c in v.children if c.dep_ == "prt"]
            if prt:
                text = v.doc[v.i : prt[0].i + 1].text if prt[0].i > v.i else v.text
        cat, strength = got
        lemma = v.lemma_.lower()
        if lemma in CASUALTY_VERBS and not (lemmas & CONFLICT_CONTEXT):
            continue
        if lemma in ("protest", "demonstrate", "rally", "march"):
            if any(c.dep_ == "dobj" for c in v.children) and lemma != "protest":
                continue  # "demonstrated its strong will" is not a demonstration
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if (
                lemma == "protest"
                and subj
                and subj[0].ent_type_ in ("GPE", "ORG")
                and subj[0].lemma_.lower() not in PROTESTERS
            ):
                cat = "DISAPPROVE"  # a state or organisation protesting is a verbal disapproval (CAMEO 114)
        if lemma == "block" and any(c.dep_ == "nsubj" and c.lemma_.lower() in TROOPS for c in v.children):
            cat = "COERCE"
        if v.dep_ == "amod":
            continue  # "armed groups", "deployed" as an adjective
        if v.dep_ == "acl" and not (cat == "ASSAULT" and any(c.dep_ == "dobj" for c in v.children)):
            if v.tag_ in ("VBN",) or v.tag_ == "VBG" and cat != "ASSAULT":
                continue  # backgrounded participles ("formations deployed in ...")
        mood = _mood(v, cat)
        if mood is None:
            continue
        cat2, mood_name, factor, frame_head = mood
        if _irrealis_ancestor(v, frame_head if frame_head is not None else v):
            continue
        out.append(Trigger(cat2, token_i, v.i, text, round(strength * factor, 4), mood_name, _depth(v)))
    # Nominal events with a temporal or locative frame ("during a meeting between X and Y", "clashes broke out")
    for n in sent:
        if n.i in used_nouns or n.pos_ not in ("NOUN", "PROPN"):
            continue
        got = noun_category(n)
        if not got or got[0] not in ("CONSULT", "ASSAULT", "PROTEST"):
            continue
        head = n.head
        if (
            n.dep_ == "pobj"
            and head.lower_ in ("during", "at", "after", "following")
            and any(p.dep_ == "prep" and p.lower_ in ("between", "with") for p in n.children)
        ):
            if _irrealis_ancestor(n, n):
                continue
            out.append(Trigger(got[0], n.i, n.i, n.text, round(got[1] * 0.75, 4), "realis", _depth(n)))
    # one mention per category per sentence: the strongest trigger ("struck a mine" over "lost their lives")
    out.sort(key=lambda t: (-t.strength, t.depth, t.token_i))
    best: dict[str, Trigger] = {}
    for t in out:
        if t.strength >= min_strength and t.category not in best:
            best[t.category] = t
    return sorted(best.values(), key=lambda t: (t.depth, -t.strength, t.token_i))
