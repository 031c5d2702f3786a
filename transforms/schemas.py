"""Declared schemas of every published table: the one place each column is defined and described.

Each transform declares its output schema by referring to a table here (``SCHEMAS["documents"]``)
or, for intermediate frames, by a schema dict beside the function.  The dataset card, the data
package, the Great Expectations suites and the release checks all read this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

SCHEMA_VERSION = 1

PLOVER_QUAD_CLASS: dict[str, str] = {
    # Quad classes as in the PLOVER codebook (verbal/material x cooperation/conflict).
    "AGREE": "verbal_cooperation",
    "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation",
    "CONCEDE": "material_cooperation",
    "COOPERATE": "material_cooperation",
    "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "INVESTIGATE": "verbal_conflict",
    "DEMAND": "verbal_conflict",
    "DISAPPROVE": "verbal_conflict",
    "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "SANCTION": "material_conflict",
    "PROTEST": "material_conflict",
    "CRIME": "material_conflict",
    "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}
PLOVER_CATEGORIES: tuple[str, ...] = tuple(PLOVER_QUAD_CLASS)
QUAD_CLASSES: tuple[str, ...] = (
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)
PUBLISHED_PRECISIONS = ("second", "day", "month", "year", "none")
PUBLISHED_SOURCES = ("metadata", "byline", "inferred", "none")
DATE_PRECISIONS = ("day", "month", "year", "report", "unresolved")
DATE_SOURCES = ("sentence", "relative", "incident", "report", "none")
GEO_PRECISIONS = ("point", "city", "region", "country", "none")
GEO_SOURCES = ("sentence", "incident", "occasion", "speaker", "dateline", "document", "none")
TEXT_POLICIES = ("full", "snippet", "none")
BOILERPLATE_REASONS = (
    "update_stamp",
    "logo",
    "title",
    "byline",
    "caption",
    "read_more",
    "social_embed",
    "footer_id",
    "empty_placeholder",
    "site_template",
    # Whole-line furniture patterns (transforms/clean/data/furniture_lines.tsv):
    "navigation",  # menus, "Skip to content", "Sign in"; also runs of short lines outside the main text
    "share_buttons",  # "Share", "Tweet", "Facebook Twitter Email"
    "cookie_notice",  # consent banners: "We use cookies ...", "Accept all"
    "comments_prompt",  # "3 Comments", "Leave a Reply", "Reply", comment-form fields
    "copyright",  # "© 2025 ...", "All rights reserved"
    "related_links",  # "Related articles" and the short lines listed under it
    "newsletter_prompt",  # "Sign up for our newsletter", "Enter your email"
    "advertisement",  # "Advertisement", "Story continues below advertisement"
    "call_to_action",  # "Get started", "Book a demo", "Learn more"
    "form_field",  # contact and sign-up form labels: "Email address*", "First name"
    "affiliate_disclosure",  # "We may earn a commission from links on this page"
    "author_bio",  # "About the author" and what follows it
    # The block classifier (transforms/clean/blocks.py), for lines no pattern names:
    "short_fragment",  # a short line outside the main text, not part of a menu
    "outside_main_text",  # a longer block outside the main text region (comments, teasers, widgets)
)
ENTITY_TYPES = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
)
REJECT_REASONS = (
    "empty_file",
    "binary_file",
    "undecodable",
    "malformed_json",
    "missing_text",
    "unsupported_extension",
    "oversized",
    "unreadable",
    "no_main_text",
    "not_regular_file",  # a FIFO, socket or device in the input folder: never opened
    "outside_input",  # a symbolic link whose target lies outside the input folder: never read
    "duplicate_link",  # a symbolic link to a file or folder the walk reads under its own name
    "truncated",  # a .jsonl.gz stream that ends before its end marker (the lines before it are kept)
    "too_long",  # a text longer than [run] max_text_chars
)
# Why an event candidate makes no published event mention (the event_rejects table).  Extraction: a verb the CAMEO
# and news dictionaries code with a PLOVER category that a rule then sets aside (transforms/extract/events:
# triggers._not_codable and the codable.py rules it runs, the mood rules of mood.py, the trigger ranking);
# linking: a candidate the party rules leave out (transforms/link/parties.py).  A verb the dictionaries do not code
# makes no row.  Each reason with what it means:
EVENT_REJECT_REASONS: dict[str, str] = {
    # the mood rules (mood.py) and the frame above the verb
    "unasserted_mood": "the mood rules find the act not done: a purpose, plan, goal, invitation or need its governing "
    "word states ('came to establish', 'the need to withdraw'), an if-clause, a command, a modal of possibility, a "
    "forecast, a negated act that is no refusal, an obligation no one reports",
    "irrealis_frame": "a word or a modal above the verb makes its clause possible, considered, conditional or "
    "negated ('may decide to attack', 'plans to meet', 'did not say it would strike')",
    # the codability rules (triggers._not_codable and the codable.py rules it runs), in their order there
    "proper_name": "the verb is a word of a name ('the Standing Rock Sioux')",
    "question": "the clause asks: a question mark, an infinitive under a wh-word, an open indirect question",
    "subject_clause": "a to-infinitive clause as its sentence's subject names a kind of act ('To negotiate now would "
    "be a mistake')",
    "habitual": "a habitual adverb or 'used to': a habit, not one act",
    "generic": "a present-simple act of a bare plural ('militants attack convoys'): a generic statement",
    "generic_clause": "an act named in a generic statement whose subject is a non-finite clause",
    "aggregate": "a count of acts summed over a period ('launched 504 attacks in 2024'): a statistic",
    "characterizing": "a participle adjunct on a present-simple verb describes what something does ('provides "
    "insights, aiding in ...')",
    "present_state": "a dynamic act in the simple present, or a state after a copula ('remain detained'): a habit or "
    "a standing position, not an act of one time",
    "ongoing": "a perfect or present progressive, a verb of continuation or a participle describing people "
    "('has been fighting', 'rebels fighting the president'): a situation, not one act",
    "description": "a predicative adjective or participle: a property of the subject",
    "present_passive_state": "a simple present passive in the writer's own voice after the lede ('products are "
    "recognized by the ADA'): a standing property, not an act of one time",
    "label_heading": "a short title-case line of its own ending in a participle ('Services Offered'): a listing's "
    "label, not a clause reporting an act",
    "appeal": "an appeal, not a demand: a verbal act on a noun of need ('underscored the need for monitors') or "
    "urging with a to-infinitive ('encourage everybody to visit')",
    "norm_content": "a relative clause saying what a law provides ('the Act, which banned laborers')",
    "norm_reference": "a relative clause identifying a law by who made it ('the ban that the junta imposed')",
    "inanimate_source": "the verb's subject or passive agent is a thing, not a party ('the internet provides')",
    "event_as_cause": "the subject is an event causing the act, not an actor",
    "cause_background": "the subject is a cause or a background, not an actor",
    "private_sense": "a verb of private life (settling, travelling, buying, investing) done by one who is no political "
    "agent",
    "negated_state": "a verb of standing attitude negated in the present ('does not recognize the court'): a position, "
    "not a refusal",
    "speculation": "'possibly', 'perhaps', 'probably' on the verb",
    "open_condition": "the consequent of an open condition no actor commits to, or a clause of inverted condition "
    "('Should the talks fail, ...')",
    "interpretation": "what something is seen as ('a move viewed as undermining the talks'): an assessment",
    "bodily_injury": "an injury to the subject's own body ('broke a leg')",
    "hazard": "an accident or a natural hazard as the doer or the setting ('killed in a crash', 'a storm hit')",
    "no_conflict_context": "a bare death verb with no weapon or fighting word in its sentence",
    "declined_to_comment": "declining to comment or to say: a journalistic formula, no rejection",
    "denial": "rejecting a proposition (an accusation, a fear, a claim), not a proposal",
    "complex_preposition": "a complex preposition ('as opposed to'), no act",
    "undergoer_state": "the progressive of a verb of undergoing ('is facing a threat'): a state",
    "publication": "releasing a text, a recording or a plan, no political act",
    "nominal_gerund": "an -ing clause in a noun phrase ('experience in countering weapons'): a kind of act",
    "figure_not_attack": "the object is an amount or a level, not a target ('trade hit $1.1 billion')",
    "earnings_not_aid": "money earned in trade, no aid",
    "measure_changed": "a verb of direction moving a measure ('pushed up the average price'): no act",
    "figurative_conflict": "a verb of force used as a figure of speech",
    "hazard_warning": "a warning about a hazard, no threat",
    "warning_not_threat": "a warning about something whose clause is no conflictual act",
    "intent_not_cooperative": "a plan to do what is no cooperation ('plans to investigate'): no AGREE",
    "concurrence": "agreeing with a view ('agreed with the remark'): no agreement to act",
    "press_contact": "an interview or a reporter's inquiry ('spoke with VOA'), no consultation",
    "reaction_met": "'met with' a reaction or an outcome, no meeting",
    "measure_effect": "a standing measure (a law, a ban, a tariff) as the doer: its effect, no act",
    "reader_addressed": "outside quotes, 'you' as subject or object: the text addresses its reader",
    "imperative": "outside quotes, a main clause in the imperative",
    "commercial_act": "a firm doing the act in a sentence with no political agent",
    "forecast": "a verb framing a forecast ('is projected to grow'), or a future act told by the press of another "
    "party",
    "judged_reason": "the ground of a judgment ('praised the army for withdrawing')",
    "ground_clause": "a gerund giving the ground of a coded act ('banned him for defying the court')",
    "means_clause": "a 'by' clause of means of a coded act, not a second act",
    "alleged_content": "what is alleged ('alleged that rebels attacked'): the allegation is the act",
    "responded_by_means": "a verb of response that names the act only as an answer",
    "asserted_claim": "a claim with a content clause is an assertion, no demand",
    "life_course": "a step of a person's life (migrating, studying, marrying)",
    "enrolment": "joining a school, a course or a training programme",
    "person_recognised": "recognising a person by sight, no recognition",
    "audience_tally": "a counted following or sales obtained ('amassed 12,000 followers')",
    "private_help": "help between private people, no aid",
    "participle_as_noun": "a participle the parser tags as a verb on a noun of people ('receiving the injured')",
    "adjectival_participle": "a participle used as an adjective ('armed groups')",
    "backgrounded_participle": "a participle that backgrounds its act ('formations deployed in the area')",
    "transported": "a passive verb of travel moving things or people, no visit",
    "carriage_not_aid": "goods or people carried, no aid",
    "quotation_verb": "a verb of saying after its quote",
    "judgment": "deciding that something is so, no intent",
    "gerund_subject": "a gerund as subject names a kind of act",
    "reporting_verb": "a reporting verb whose complement is the news",
    # the trigger pass after the rules (triggers.py)
    "negated_event_noun": "the event noun of a support verb is negated ('reached no deal'): nothing happened",
    "weak_trigger": "the trigger's strength times its mood's factor is below the minimum the extraction keeps",
    # the party rules of linking (transforms/link/parties.py)
    "no_party": "no actor or recipient, and no trace of political violence or unrest in the sentence",
    "private_parties": "every party it names is private (a firm, its customer, a product, the reader)",
    "apolitical_story": "its story is not about a political world and the act names no political party",
}
EVENT_REJECT_STAGES = ("extract", "link")

# What the quality gate did to a row recorded in the quarantine table: ``removed`` from its table,
# or ``unlinked``: the row stays but a nullable reference (or list entry) to a removed row was cleared.
QUARANTINE_ACTIONS = ("removed", "unlinked")

UTC_DATETIME = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default=())
    sort_by: tuple[str, ...] = field(default=())  # the rows' order, when not the primary key's

    @property
    def order(self) -> tuple[str, ...]:
        """The columns the published rows are sorted by: ``sort_by``, else the primary key."""
        return self.sort_by or self.primary_key

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def empty(self) -> pl.DataFrame:
        """An empty frame with this table's schema."""
        return pl.DataFrame(schema=self.schema)

    def conform(self, df: pl.DataFrame) -> pl.DataFrame:
        """Select, cast and sort ``df`` into this table's declared schema (missing columns are an error)."""
        missing = [c for c in self.column_names if c not in df.columns]
        if missing:
            raise ValueError(f"{self.name}: missing columns {missing}")
        out = df.select([pl.col(c.name).cast(c.dtype) for c in self.columns])
        return out.sort(list(self.order), nulls_last=True, maintain_order=True)


def _t(name, description, primary_key, columns, foreign_keys=(), sort_by=()):
    return Table(
        name=name,
        description=description,
        columns=tuple(Column(*c) for c in columns),
        primary_key=tuple(primary_key),
        foreign_keys=tuple(foreign_keys),
        sort_by=tuple(sort_by),
    )


S, I, F, B = pl.String(), pl.Int64(), pl.Float64(), pl.Boolean()
LS = pl.List(pl.String())

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _t(
            "documents",
            "One row per ingested article: cleaned main text, metadata and duplicate marks.",
            ["doc_id"],
            [
                ("doc_id", S, "Content-derived document ID (hash of source URI and raw content).", False),
                (
                    "source_uri",
                    S,
                    "Where the article came from: input path relative to the input folder, '#L<n>' for a JSONL line.",
                    False,
                ),
                ("source_name", S, "Site or publisher name, when known."),
                ("url", S, "Canonical URL of the article, when known."),
                ("title", S, "Headline."),
                ("authors", LS, "Author names from metadata or byline."),
                ("published_at", UTC_DATETIME, "Publication time (UTC); precision in published_precision."),
                ("published_precision", S, "Precision of published_at: second|day|month|year|none.", False),
                ("published_source", S, "Where published_at came from: metadata|byline|inferred|none.", False),
                ("updated_at", UTC_DATETIME, "Last update time from an update stamp or metadata (UTC)."),
                ("language", S, "ISO 639-1 language code."),
                ("text", S, "Clean main text (boilerplate removed); all offsets in other tables index into it."),
                (
                    "text_policy",
                    S,
                    "What text carries: full|snippet (only sentences needed by events and quotes)|none.",
                    False,
                ),
                ("n_chars", I, "Characters in the clean text.", False),
                ("n_words", I, "Words in the clean text.", False),
                ("content_hash", S, "SHA-256 of the normalised clean text (exact-duplicate key).", False),
                ("dup_cluster_id", S, "ID of the (near-)duplicate cluster this document belongs to.", False),
                ("dup_of", S, "doc_id of the cluster's canonical document, or null if this is canonical."),
                (
                    "boilerplate_lines",
                    I,
                    "Number of lines removed as boilerplate (rows in the boilerplate table).",
                    False,
                ),
                ("ingested_at", UTC_DATETIME, "When this document first entered the dataset (UTC).", False),
                ("pipeline_version", S, "Version of the pipeline that produced this row.", False),
            ],
        ),
        _t(
            "boilerplate",
            "One row per line removed from an article as page furniture, with the rule that removed it.",
            ["doc_id", "line_no"],
            [
                ("doc_id", S, "Document the line was removed from.", False),
                ("line_no", I, "0-based line number in the raw text.", False),
                ("text", S, "The removed line.", False),
                (
                    "reason",
                    S,
                    "Rule that removed it (update_stamp, logo, byline, caption, read_more, social_embed, footer_id, empty_placeholder, site_template, title, navigation, share_buttons, cookie_notice, comments_prompt, copyright, related_links, newsletter_prompt, advertisement, call_to_action, form_field, affiliate_disclosure, author_bio, short_fragment, outside_main_text).",
                    False,
                ),
            ],
            [(("doc_id",), "documents", ("doc_id",))],
        ),
        _t(
            "paragraphs",
            "Paragraph spans of each clean text, with cross-document repeats marked.",
            ["doc_id", "para_idx"],
            [
                ("doc_id", S, "Document.", False),
                ("para_idx", I, "0-based paragraph index in the clean text.", False),
                ("char_start", I, "Start offset in documents.text.", False),
                ("char_end", I, "End offset (exclusive) in documents.text.", False),
                ("para_hash", S, "Hash of the normalised paragraph.", False),
                (
                    "first_doc_id",
                    S,
                    "Document where this paragraph, or a lightly reworded copy (8-word shared run, most words shared), was first seen (earliest published, then smallest doc_id).",
                    False,
                ),
                ("is_repeat", B, "True if the paragraph (or a near copy) was first seen in another document.", False),
            ],
            [(("doc_id",), "documents", ("doc_id",))],
        ),
        _t(
            "sentences",
            "Sentence spans of each clean text as segmented by the NLP stage.",
            ["doc_id", "sentence_idx"],
            [
                ("doc_id", S, "Document.", False),
                ("sentence_idx", I, "0-based sentence index in the document.", False),
                ("char_start", I, "Start offset in documents.text.", False),
                ("char_end", I, "End offset (exclusive) in documents.text.", False),
            ],
            [(("doc_id",), "documents", ("doc_id",))],
        ),
        _t(
            "entities",
            "Canonical entities across the release: people, organisations, places and groups.",
            ["entity_id"],
            [
                ("entity_id", S, "Content-derived entity ID (hash of type and canonical name).", False),
                ("name", S, "Canonical name.", False),
                ("type", S, "spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, LAW, ...", False),
                ("aliases", LS, "Other surface forms that resolved to this entity."),
                ("n_mentions", I, "Mentions in entity_mentions.", False),
                ("n_documents", I, "Distinct documents mentioning it.", False),
                ("country_code", S, "ISO 3166-1 alpha-3 country the entity is, lies in, or belongs to."),
                ("latitude", F, "Latitude (WGS84) for places."),
                ("longitude", F, "Longitude (WGS84) for places."),
                ("geonames_id", I, "GeoNames ID for places, where known."),
            ],
        ),
        _t(
            "entity_mentions",
            "Every mention of an entity, with its offsets in documents.text.",
            ["mention_id"],
            [
                ("mention_id", S, "Content-derived mention ID (hash of doc_id and offsets).", False),
                ("entity_id", S, "Canonical entity.", False),
                ("doc_id", S, "Document.", False),
                ("sentence_idx", I, "Sentence index in the document.", False),
                ("char_start", I, "Start offset in documents.text.", False),
                ("char_end", I, "End offset (exclusive) in documents.text.", False),
                ("text", S, "Surface text; equals documents.text[char_start:char_end].", False),
                ("label", S, "Entity type of this mention.", False),
            ],
            [
                (("doc_id",), "documents", ("doc_id",)),
                (("entity_id",), "entities", ("entity_id",)),
            ],
        ),
        _t(
            "quotes",
            "Direct and indirect quotes with their speaker and reporting verb.",
            ["quote_id"],
            [
                ("quote_id", S, "Content-derived quote ID.", False),
                ("doc_id", S, "Document.", False),
                ("speaker_entity_id", S, "Canonical entity of the speaker, when resolved."),
                ("speaker_text", S, "Speaker as written (or the resolved antecedent of a pronoun)."),
                ("text", S, "Quoted content; equals documents.text[char_start:char_end].", False),
                ("char_start", I, "Start offset in documents.text.", False),
                ("char_end", I, "End offset (exclusive) in documents.text.", False),
                ("cue", S, "Reporting verb (said, stressed, noted, ...)."),
                ("direct", B, "True for a direct (quoted) quote, false for indirect speech.", False),
            ],
            [
                (("doc_id",), "documents", ("doc_id",)),
                (("speaker_entity_id",), "entities", ("entity_id",)),
            ],
        ),
        _t(
            "events",
            "PLOVER-typed events, clustered across articles; each traceable to its mentions.",
            ["event_id"],
            [
                ("event_id", S, "Content-derived event ID, stable across runs.", False),
                ("event_type", S, "PLOVER category.", False),
                ("quad_class", S, "PLOVER quad class.", False),
                (
                    "cameo_code",
                    S,
                    "CAMEO event code of the pattern that matched the earliest mention's trigger: the act the "
                    "trigger names. event_type is its PLOVER category, except where the mood rules recode the act "
                    "(a refused meeting, 040, is REJECT; a promised one is AGREE). Null for CRIME (no CAMEO code).",
                ),
                ("event_date", pl.Date(), "Date the event happened (not when reported)."),
                (
                    "date_precision",
                    S,
                    "day|month|year|report (no date in the text: the report's publication day)|unresolved.",
                    False,
                ),
                ("date_text", S, "The date expression the date was resolved from."),
                (
                    "date_source",
                    S,
                    "Where event_date comes from: sentence (an explicit date in the evidence), relative (a "
                    "relative expression resolved against publication: 'on Monday', 'last week'; or, for a "
                    "past-tense act with no time of its own, the earlier time its paragraph set, in date_text), "
                    "incident (a past-tense act with no time of its own that elaborates an incident the story dated "
                    "before it, by a definite reference such as 'died in the attack', the same actor or no actor of "
                    "its own: that incident's date, in date_text), report (the report's publication day) or none "
                    "(no date can be given).",
                    False,
                ),
                ("actor_entity_ids", LS, "Canonical entities acting (source actor)."),
                ("actor_text", S, "Actor as written."),
                (
                    "actor_codes",
                    LS,
                    "CAMEO-style actor codes (country, CAMEO region or body + sector, e.g. USAGOV, EURMIL, IGOUNO) "
                    "from the Phoenix dictionaries and CAMEO's regions; null when none can be derived.",
                ),
                ("recipient_entity_ids", LS, "Canonical entities acted upon (target)."),
                ("recipient_text", S, "Recipient as written."),
                ("recipient_codes", LS, "CAMEO-style codes of the recipient, as actor_codes."),
                ("location_entity_id", S, "Canonical place entity."),
                ("location_name", S, "Place name."),
                ("country_code", S, "ISO 3166-1 alpha-3 of the place."),
                ("latitude", F, "Latitude (WGS84)."),
                ("longitude", F, "Longitude (WGS84)."),
                ("geo_precision", S, "point|city|region|country|none.", False),
                (
                    "geo_source",
                    S,
                    "Where the place comes from: sentence (a place the evidence attaches to the event: 'talks in "
                    "Geneva', 'an attack on a market in Kabul'), incident (the sentence gives no place and the act "
                    "elaborates an incident the story placed before it: that incident's place), occasion (a statement or "
                    "meeting its sentence places nowhere, by a participant of the meeting, visit or placed statement the "
                    "story's opening told: that occasion's place), speaker (a statement "
                    "its sentence places nowhere: the country its speaker acts for, from the actor's entity or code, "
                    "'the Kremlin said' -> Russia, unless the dateline lies in that country), dateline (the "
                    "story's dateline, where it was reported from), document (the place the story names most, when one clearly dominates) or "
                    "none (no place: geo_precision is none).",
                    False,
                ),
                ("fatalities", I, "Reported deaths, when the text gives them."),
                ("evidence", S, "The sentence of the earliest mention."),
                ("confidence", F, "Confidence in 0..1 that the event is correctly typed and factual.", False),
                ("n_mentions", I, "Mentions in event_mentions.", False),
                ("n_documents", I, "Distinct non-duplicate documents reporting it.", False),
                ("first_reported_at", UTC_DATETIME, "Publication time of the earliest reporting document."),
            ],
        ),
        _t(
            "event_mentions",
            "Every sentence that reports an event.",
            ["event_id", "doc_id", "sentence_idx", "char_start"],
            [
                ("event_id", S, "Event.", False),
                ("doc_id", S, "Document.", False),
                ("sentence_idx", I, "Sentence index in the document.", False),
                ("char_start", I, "Start offset of the sentence in documents.text.", False),
                ("char_end", I, "End offset (exclusive) of the sentence in documents.text.", False),
                ("trigger", S, "The trigger word or phrase.", False),
                (
                    "cameo_code",
                    S,
                    "CAMEO event code of the pattern that matched the trigger (the act it names, before mood rules "
                    "such as refusal -> REJECT); null when the category has no CAMEO code.",
                ),
                ("confidence", F, "Confidence of this mention in 0..1.", False),
            ],
            [
                (("event_id",), "events", ("event_id",)),
                (("doc_id",), "documents", ("doc_id",)),
            ],
        ),
        _t(
            "event_rejects",
            "Event candidates that make no event: a verb the CAMEO and news dictionaries code with a PLOVER category "
            "that a codability or mood rule of extraction sets aside, or a candidate the party rules of linking "
            "leave out, with the reason.",
            ["reject_id"],
            [
                (
                    "reject_id",
                    S,
                    "Content-derived ID: a hash of doc_id, sentence_idx, the trigger's offsets, event_type, stage and "
                    "reason.",
                    False,
                ),
                ("doc_id", S, "Document.", False),
                (
                    "sentence_idx",
                    I,
                    "Sentence index in the document: the sentence (sentences.doc_id, sentence_idx) the trigger lies in.",
                    False,
                ),
                ("char_start", I, "Start offset of the trigger (its first word) in documents.text.", False),
                ("char_end", I, "End offset (exclusive) of the trigger in documents.text (its last word).", False),
                (
                    "trigger",
                    S,
                    "The trigger word or phrase as the dictionary matched it (a support verb with its event noun: "
                    "'reached a deal').",
                    False,
                ),
                ("event_type", S, "PLOVER category the dictionary (or the mood rules) gave the candidate.", False),
                ("cameo_code", S, "CAMEO event code of the pattern that matched; null when the category has none."),
                ("code_source", S, "Dictionary file and line the code comes from ('CAMEO.2.0.txt:8817')."),
                ("stage", S, "Where the candidate was set aside: extract (a rule of extraction) or link.", False),
                (
                    "reason",
                    S,
                    "Why it makes no event (snake_case; the list with each reason's meaning is in the dataset card).",
                    False,
                ),
            ],
            # its sentence (doc_id, sentence_idx) is checked as entity_mentions' is: the span lies inside it
            [(("doc_id",), "documents", ("doc_id",))],
            sort_by=["doc_id", "char_start", "reason", "reject_id"],
        ),
        _t(
            "rejects",
            "Inputs that could not be ingested, with a machine-readable reason.",
            ["source_uri", "reason"],
            [
                ("source_uri", S, "Input path relative to the input folder ('#L<n>' for a JSONL line).", False),
                (
                    "reason",
                    S,
                    "Machine-readable reason (empty_file, binary_file, undecodable, malformed_json, missing_text, unsupported_extension, oversized, unreadable, no_main_text, not_regular_file, outside_input, duplicate_link, truncated, too_long).",
                    False,
                ),
                ("detail", S, "Human-readable detail."),
            ],
        ),
        _t(
            "quarantine",
            "Rows the quality gate took out of the other tables: rows failing a row rule of the expectation "
            "suites, and the rows that depended on them (their dependants, followed through the foreign keys).",
            ["table", "key", "action"],
            [
                ("table", S, "Table the row belongs to.", False),
                (
                    "key",
                    S,
                    'The row\'s primary key as a JSON object, e.g. {"doc_id": "..."} or {"doc_id": "...", "line_no": 3}.',
                    False,
                ),
                (
                    "rule",
                    S,
                    "The check that failed (meta.check in expectations/<table>.json), or depends_on:<check> for a "
                    "dependant of a row that failed it.",
                    False,
                ),
                (
                    "observed",
                    S,
                    "The offending value (long texts cut around the match); for a dependant, the table and key of "
                    "the row it depended on; for an unlinked row, the references cleared.",
                ),
                (
                    "action",
                    S,
                    "removed (the row is not in its table) or unlinked (the row stays; a reference to a removed row "
                    "was set to null or dropped from its id list).",
                    False,
                ),
            ],
        ),
    ]
}

PUBLISHED_TABLES: tuple[str, ...] = tuple(TABLES)
