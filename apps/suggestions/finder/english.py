"""The finder's English tables."""

from __future__ import annotations

from .lexicon import Lexicon, Noun, RangeLink, phrases, qualifier_table, words

_COUNTED_NOUNS = (
    Noun("cells-dismantled", words("cell cells network networks")),
    Noun("plots-foiled", words("plot plots")),
    Noun("plots-foiled", words("project projects plan plans"), words("terrorist terror")),
    Noun("deaths", words("dead deaths death killed fatalities fatality victims lives")),
    Noun("injuries", words("injured wounded injuries")),
    Noun("attacks", words("attack attacks bombing bombings")),
    Noun("attacks", words("operation operations act acts"), words("terrorist terror suicide")),
    Noun("foreign-fighters", words("fighter fighters")),
    Noun("returnees", words("returnee returnees")),
    Noun("targeted-sites", words("sites targets locations")),
)

ENGLISH = Lexicon(
    qualifiers_before=qualifier_table(
        {
            "more_than": "more than|over|well over|just over|in excess of|upwards of|above|"
            "greater than|exceeding|exceeded|topped|surpassed",
            "approximately": "about|around|some|approximately|roughly|nearly|almost|close to|"
            "an estimated|estimated|approx|circa|in the region of|of the order of",
            "at_least": "at least|no fewer than|no less than|not less than|a minimum of",
            "fewer_than": "fewer than|less than|under|below|just under",
            "at_most": "up to|at most|no more than|not more than|as many as|a maximum of|"
            "not exceeding",
        }
    ),
    qualifiers_after=qualifier_table(
        {
            "approximately": "or so|approximately|roughly",
            "at_least": "at least|or more|and more|and over|or over",
            "at_most": "at most|or fewer|or less",
        }
    ),
    comparatives=words("more fewer less"),
    opens_comparison=words("than"),
    count_words=words("number"),
    denominators=phrases("out of|one in|one out of"),
    percent_words=phrases("per cent|percent|pc"),
    range_links=(
        RangeLink(words("and"), words("between"), "between … and"),
        RangeLink(words("to"), words("from"), "from … to"),
        RangeLink(words("to"), frozenset(), "… to …"),
    ),
    range_openers=words("between from"),
    range_words=words("and to"),
    months=words(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ),
    day_cues=words("monday tuesday wednesday thursday friday saturday sunday"),
    year_cues=words("year"),
    rank_cues=phrases(
        "article|articles|law|laws|act|decree|resolution|section|paragraph|clause|chapter|title|"
        "page|pages|number|edition|session|volume|round|phase|stage|rank|"
        "hotline|helpline|toll-free|toll free|telephone|phone|call|dial"
    ),
    time_of_day=words("am pm gmt utc"),
    age_cues=words("age aged ages"),
    time_units=words(
        "year years month months day days week weeks hour hours minute minutes second seconds "
        "decade decades century centuries"
    ),
    time_adjectives=words("last next past first previous following full long"),
    not_counts=words("times fold third thirds quarter quarters fifths tenths half"),
    one_before_noun=words("one"),
    of_words=words("of"),
    modifiers=words(
        "terrorist terror suspected alleged other more new additional armed jihadist extremist "
        "foreign militant suicide"
    ),
    vague_counts={"dozens": 12, "hundreds": 100, "thousands": 1000},
    vague_determiners=words("several some many"),
    conjunctions=words("and while whereas but"),
    counted_nouns=_COUNTED_NOUNS,
    foiling=words("foiled thwarted prevented disrupted averted foil thwart"),
    targeting=words("targeted targeting"),
    events=(
        ("prisoners-released", words("releas freed")),
        ("pardons", words("pardon amnest clemency")),
        ("persons-prosecuted", words("prosecut charged indicted trial convict sentenc")),
        ("persons-arrested", words("arrest apprehend detained")),
        ("deaths", words("killed killing died deaths death")),
        ("injuries", words("injur wound")),
        ("returnees", words("returned repatriat")),
    ),
    weak=(
        ("programme-beneficiaries", words("prisoner inmate detainee beneficiar benefited")),
        ("foreign-fighters", words("join travelled traveled")),
    ),
    cell_words=_COUNTED_NOUNS[0].nouns,
    isis=words("isis isil daesh"),
    programme_stems=words("prisoner inmate detainee beneficiar programme program"),
    people_and_things=words(
        "people person persons individual individuals suspect suspects member members woman "
        "women man men child children minor minors youth youths detainee detainees prisoner "
        "prisoners inmate inmates convict convicts militant militants jihadist jihadists "
        "extremist extremists terrorist terrorists national nationals moroccan moroccans citizen "
        "citizens foreigner foreigners case cases file files weapon weapons kilograms tons "
        "dirhams euros dollars police officer officers soldier soldiers agent agents migrant "
        "migrants tourist tourists civilian civilians recruit recruits beneficiary beneficiaries "
        "accused defendant defendants"
    ),
    not_people=words(
        "countries cities regions provinces states nations sessions editions prisons languages "
        "kilometres kilometers km miles incidents"
    ),
)
