"""Generated Arabic press articles, each with the figures it states.

An article is a run of paragraphs. Some sentences state one or two figures
(a metric, a qualified value, a period, whom it is attributed to and what it
is about); the others give context. A figure's quote is either its whole
sentence or the clause that states it, so its offsets are known exactly
while the text is assembled.

Wording varies on every axis: some thirty sentence patterns, per-metric
verbs, action nouns and counted nouns, qualifiers (أكثر من، حوالي، نحو…),
numbers in Western or Arabic-Indic digits or in words, periods written as
years, months, days, ranges or not at all, and three calendars of month names.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers_ar import INDIC, NumberWriter

QUALIFIER_WORDS = {
    "exact": [""],
    "approximately": ["حوالي ", "نحو ", "قرابة ", "ما يقارب ", "زهاء ", "ما يناهز "],
    "more_than": ["أكثر من ", "أزيد من ", "ما يزيد عن ", "ما يفوق ", "ما يربو على "],
    "at_least": ["ما لا يقل عن ", "على الأقل "],
    "fewer_than": ["أقل من ", "ما دون "],
    "at_most": ["ما لا يزيد عن ", "ما لا يتجاوز "],
}
QUALIFIER_WEIGHTS = {
    "exact": 52,
    "approximately": 16,
    "more_than": 16,
    "at_least": 5,
    "fewer_than": 3,
    "at_most": 3,
    "range": 5,
}
RANGE_WORDS = [("ما بين {a} و{b}", True), ("من {a} إلى {b}", False), ("بين {a} و{b}", True)]

MONTHS = [
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ],
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ],
]

FORCES = [
    "عناصر {agency}",
    "مصالح {agency}",
    "فرق {agency}",
    "الأجهزة الأمنية المغربية",
    "السلطات المغربية",
    "المصالح الأمنية",
]

# Sentences stating one count. {clause} is action + amount, {qnum} the
# qualified number alone, {count_of} "the number of …", {forces} a feminine
# plural subject, {about} what the figure is about (may be empty).
COUNT_PATTERNS = [
    "تمكنت {forces} {time} من {clause}{about}",
    "أعلنت {agency} أنها تمكنت من {clause}{about} {time}",
    "وأوضح {speaker_role} أن المقاربة الاستباقية مكنت من {clause}{about} {time}",
    "وأفادت معطيات رسمية بأن عدد {count_of} بلغ {qnum}{about} {time}",
    "كشف تقرير صادر عن {agency} أن مصالحها نجحت في {clause}{about} {time}",
    "{verb_phrase}{about} {time}",
    "وبحسب أرقام {agency}، فإن عدد {count_of} وصل إلى {qnum}{about} {time}",
    "ووصل عدد {count_of} {time} إلى {qnum}{about}، وفق ما أكده {speaker}",
    "وقال {speaker} في تصريح لـ{publisher} إن عدد {count_of} يناهز {qnum}{about}",
    "وتشير الإحصائيات الرسمية إلى {clause}{about} {time}",
    "وأسفرت العمليات الأمنية التي باشرتها {agency} {time} عن {clause}{about}",
    "وحسب حصيلة رسمية، فقد تم {clause}{about} {time} في مدن عدة من بينها {city}",
    "ومن جهتها، أكدت {agency} أن عدد {count_of} ارتفع {time} إلى {qnum}{about}",
    "وأبرز {speaker_role} خلال ندوة صحفية بـ{city} أن {forces} تمكنت {time} من {clause}{about}",
    "في حصيلة جديدة، تم {clause}{about} {time}",
    "وسجلت الحصيلة السنوية الصادرة عن {agency} {clause}{about} {time}",
    "وأضاف المصدر ذاته أنه جرى {clause}{about} {time}، في إطار العمليات الاستباقية",
    "وذكر بلاغ لـ{agency} أن الأبحاث المنجزة {time} أدت إلى {clause}{about}",
]
# Sentences stating two counts.
PAIR_PATTERNS = [
    "تمكنت {forces} {time} من {clause}، و{clause2}",
    "وأسفرت هذه العمليات عن {clause}{about}، إضافة إلى {clause2} {time}",
    "وأوضح {speaker_role} أن {forces} تمكنت من {clause}، فيما تم {clause2} {time}",
    "وبلغ عدد {count_of} {qnum}، في حين وصل عدد {count_of2} إلى {qnum2} {time}",
    "ومكنت المقاربة الاستباقية من {clause} و{clause2} {time}، حسب {agency}",
    "وأشار {speaker} إلى {clause}{about} {time}، مضيفا أنه تم كذلك {clause2}",
]
# Sentences stating one percentage. {pnum} is the qualified percentage.
PERCENT_PATTERNS = [
    "وأوضح {speaker_role} أن {pnum} من {whole} {predicate} {time}",
    "وتبلغ نسبة {count_of} {pnum}{about} {time}، حسب {agency}",
    "وكشفت معطيات {agency} أن {pnum} من {whole} {predicate}{about}",
    "وتشير الأرقام إلى أن نسبة {count_of} بلغت {pnum} {time}",
    "وحسب {speaker}، فإن {pnum} من {whole} {predicate}{about} {time}",
]
# Sentences without a figure (they may still hold years and dates).
FILLERS = [
    "وتأتي هذه العملية في إطار الجهود المتواصلة لمكافحة الخطر الإرهابي وتفكيك الخلايا المتطرفة",
    "وقد تم الاحتفاظ بالمشتبه فيهم تحت تدابير الحراسة النظرية رهن إشارة البحث القضائي",
    "ويجري البحث تحت إشراف النيابة العامة المكلفة بقضايا الإرهاب",
    "وكانت مدينة {city} قد شهدت في {year} عمليات مماثلة أسفرت عن توقيف عدد من المشتبه فيهم",
    "وشدد {speaker} على أهمية التعاون الدولي في مجال تبادل المعلومات الاستخباراتية",
    "ويعتمد المغرب منذ أحداث 16 ماي {y2003} مقاربة متعددة الأبعاد تجمع بين الأمني والديني",
    "وأشادت {agency} بمستوى التنسيق بين مختلف المصالح المعنية",
    "وأظهرت الأبحاث الأولية أن المشتبه فيهم كانوا ينشطون في مدينتي {city} و{city2}",
    "وحجزت المصالح الأمنية خلال عمليات التفتيش معدات إلكترونية ومخطوطات تحريضية",
    "ويرى {speaker} أن التهديد الإرهابي لا يزال قائما رغم تراجع حدته",
    "وتحدث المسؤول عن تنامي ظاهرة الذئاب المنفردة واستقطاب الشباب عبر شبكات التواصل الاجتماعي",
    "وقد خلفت أحداث {incident} صدمة كبيرة في المجتمع المغربي",
    "وينص القانون رقم {law} على عقوبات مشددة في حق المتورطين في الأعمال الإرهابية",
    "وانطلقت الدورة الأولى من {programme} في سنة {launch}",
    "وأكدت {agency} أن المشتبه فيهم كانوا يخططون لاستهداف منشآت حيوية",
    "وأشار التقرير إلى أن المنطقة الساحلية والصحراوية تعرف نشاطا متزايدا للجماعات المسلحة",
    "وقد نوهت تقارير دولية بالتجربة المغربية في مجال مكافحة الإرهاب",
    "ويستفيد السجناء المشاركون من دورات في التأهيل الديني والنفسي والاجتماعي",
    "وتعرف الندوة مشاركة خبراء من {country_count} دولة",
    "وجرى إيداع المتهمين السجن المحلي بـ{city} في انتظار محاكمتهم",
    "وسبق لـ{agency} أن أعلنت في {month} {year} عن تفكيك شبكة مماثلة",
    "وتندرج هذه الأرقام ضمن الحصيلة التي قدمها {speaker} أمام البرلمان",
    "ولا تزال التحقيقات جارية لتحديد باقي الامتدادات المحتملة للخلية",
    "وأوضحت المصادر ذاتها أن العملية تمت بتنسيق مع {agency}",
    "وتكتسي هذه المعطيات أهمية خاصة في ظل التحولات التي تعرفها منطقة الساحل",
    "وقضت المحكمة في حق المتهم الرئيسي بالسجن {sentence} سنوات نافذة",
    "ويذكر أن المغرب عزز ترسانته القانونية بعد أحداث {incident}",
    "وأبرزت {agency} الدور المحوري للعمل الاستخباراتي في إجهاض المخططات الإرهابية",
]
TITLES = [
    "تفكيك خلية إرهابية موالية لداعش بـ{city}",
    "حصيلة {agency_short}: {amount} منذ {year}",
    "{speaker}: المقاربة الاستباقية مكنت من {clause}",
    "هكذا واجه المغرب خطر الإرهاب منذ {year}",
    "تقرير: {amount} خلال {year}",
    "{agency_short} تكشف أرقاما جديدة حول مكافحة الإرهاب",
    "المغرب يحبط مخططا إرهابيا خطيرا بـ{city}",
    "ملف: سنوات على أحداث 16 ماي وما تغير في المقاربة الأمنية",
    "الأرقام الكاملة لحصيلة مكافحة الإرهاب في {year}",
    "خبراء: {amount} رقم يعكس نجاعة المقاربة المغربية",
    "{programme}: أرقام وتفاصيل عن {amount}",
    "بالأرقام.. {clause}",
    "حوار مع {speaker} حول التهديد الإرهابي",
    "المغرب والإرهاب: قراءة في أرقام {year}",
]


@dataclass(slots=True)
class Fact:
    """One figure as an article states it (the columns a ReportedFigure needs)."""

    metric: dict
    value: Decimal | int
    value_max: Decimal | int | None
    qualifier: str
    in_quote: bool = True
    period: tuple = (None, "unknown", None, "unknown", None, "unknown")
    subject: dict = field(default_factory=dict)
    attributed_institution: int | None = None
    attributed_speaker: str = ""
    disagreement: int | None = None
    quote: int = -1


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str
    speaker_institution: int | None


@dataclass
class Article:
    title: str
    text: str
    quotes: list[Quote]
    facts: list[Fact]


@dataclass
class Forced:
    """A figure that must appear with this metric, subject, value and start year."""

    disagreement: int
    metric: dict
    subject: dict
    value: int
    year: int


def weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


class ArticleWriter:
    """Writes articles for one registry (see ``Registry`` in 01_generate.py)."""

    def __init__(self, rng: random.Random, registry):
        self.rng = rng
        self.registry = registry
        self.numbers = NumberWriter(rng)
        self.metric_weights = [m["weight"] for m in registry.metrics]
        self.qualifiers = list(QUALIFIER_WEIGHTS)
        self.qualifier_weights = list(QUALIFIER_WEIGHTS.values())

    # -- values ---------------------------------------------------------

    def draw_value(self, metric: dict, qualifier: str) -> Decimal | int:
        """A log-uniform value in the metric's range, rounded when the press rounds."""
        low, high = metric["range"]
        if metric["unit"] == "percent":
            value = Decimal(self.rng.randint(low, high))
            if self.rng.random() < 0.15 and value < high:
                value += Decimal(self.rng.randint(1, 9)) / 10
            return value
        value = int(math.exp(self.rng.uniform(math.log(low), math.log(high + 1))))
        value = max(low, min(high, value))
        if qualifier != "exact" and self.rng.random() < 0.6:
            step = 1000 if value >= 5000 else 100 if value >= 400 else 10 if value >= 40 else 1
            value = max(low, round(value / step) * step)
        return value

    def amount(self, fact: Fact) -> str:
        """The qualified number, e.g. "أكثر من 214"; sets fact.in_quote."""
        metric = fact.metric
        if fact.qualifier == "range":
            writer = self.numbers.percent if metric["unit"] == "percent" else self.digits
            pattern, _ = self.rng.choice(RANGE_WORDS)
            low, _ = writer(fact.value)
            high, _ = writer(fact.value_max)
            return pattern.format(a=low, b=high)
        words = self.rng.choice(QUALIFIER_WORDS[fact.qualifier])
        if metric["unit"] == "percent":
            text, fact.in_quote = self.numbers.percent(fact.value)
        else:
            text, fact.in_quote = self.numbers.count(fact.value)
        return words + text

    def digits(self, value) -> tuple[str, bool]:
        text = str(value)
        return (text.translate(INDIC) if self.rng.random() < 0.2 else text), True

    def counted(self, fact: Fact) -> tuple[str, str]:
        """(amount, amount + counted noun): plural after 3–10, singular otherwise."""
        singular, plural = fact.metric["noun"]
        value = fact.value if fact.value_max is None else fact.value_max
        amount = self.amount(fact)
        return amount, f"{amount} {plural if 3 <= value <= 10 else singular}"

    # -- dates ----------------------------------------------------------

    def year_text(self, year: int) -> str:
        return str(year).translate(INDIC) if self.rng.random() < 0.1 else str(year)

    def period(self, published: dt.date, months: list[str]) -> tuple[str, tuple]:
        """A time phrase and the period it states: (start, precision, end, precision,
        as_of, precision)."""
        rng = self.rng
        last = max(2003, published.year)
        year = rng.randint(2002, last)
        other = rng.randint(year, last)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        y, y2 = self.year_text(year), self.year_text(other)
        first, first2 = dt.date(year, 1, 1), dt.date(other, 1, 1)
        on_month = dt.date(year, month, 1)
        kind = rng.randrange(14)
        unknown = (None, "unknown")
        if kind == 0:
            return f"منذ سنة {y}", (first, "year", *unknown, *unknown)
        if kind == 1:
            return f"منذ {y} حتى اليوم", (first, "year", *unknown, *unknown)
        if kind == 2:
            return f"بين {y} و{y2}", (first, "year", first2, "year", *unknown)
        if kind == 3:
            return f"خلال سنة {y}", (first, "year", first, "year", *unknown)
        if kind == 4:
            name = months[month - 1]
            return f"خلال شهر {name} {y}", (on_month, "month", on_month, "month", *unknown)
        if kind == 5:
            when = dt.date(year, month, day)
            return f"يوم {day} {months[month - 1]} {y}", (when, "day", when, "day", *unknown)
        if kind == 6:
            when = dt.date(year, month, day)
            return f"إلى غاية {day} {months[month - 1]} {y}", (*unknown, *unknown, when, "day")
        if kind == 7:
            return f"حتى متم سنة {y}", (*unknown, *unknown, first, "year")
        if kind == 8:
            half = dt.date(year, 6, 1)
            text = f"خلال الأشهر الستة الأولى من سنة {y}"
            return text, (first, "month", half, "month", *unknown)
        if kind == 9:
            return f"خلال الفترة الممتدة من {y} إلى {y2}", (first, "year", first2, "year", *unknown)
        if kind == 10:
            return f"منذ {months[month - 1]} {y}", (on_month, "month", *unknown, *unknown)
        if kind == 11 and published.year > 2002:
            previous = dt.date(published.year - 1, 1, 1)
            return "خلال العام الماضي", (previous, "year", previous, "year", *unknown)
        return "", (*unknown, *unknown, *unknown)

    # -- facts ----------------------------------------------------------

    def new_fact(self, metric: dict | None = None, forced: Forced | None = None) -> Fact:
        rng = self.rng
        if forced is not None:
            fact = Fact(forced.metric, forced.value, None, "exact", subject=dict(forced.subject))
            fact.disagreement = forced.disagreement
            return fact
        metric = metric or rng.choices(self.registry.metrics, weights=self.metric_weights)[0]
        qualifier = rng.choices(self.qualifiers, weights=self.qualifier_weights)[0]
        value = self.draw_value(metric, qualifier)
        value_max = None
        if qualifier == "range":
            low, high = metric["range"]
            if value >= high:
                value = max(low, high // 2)
            spread = max(1, int(float(value) * rng.uniform(0.05, 0.5)))
            value_max = min(high, value + spread) if metric["unit"] == "percent" else value + spread
            if value_max <= value:
                qualifier, value_max = "exact", None
        fact = Fact(metric, value, value_max, qualifier)
        fact.subject = self.subject(metric)
        return fact

    def subject(self, metric: dict) -> dict:
        """What the figure is about, per the metric's usual subjects."""
        registry, rng = self.registry, self.rng
        kind = weighted(rng, metric["subjects"])
        if kind == "institution":
            return {"institution": rng.choice(registry.agencies)}
        if kind == "programme":
            return {"programme": rng.choice(registry.programmes)}
        if kind == "cohort":
            programme = rng.choice(registry.programmes)
            return {"programme": programme, "cohort": rng.choice(programme["cohorts"])}
        if kind == "law":
            return {"law": rng.choice(registry.laws)}
        if kind == "incident":
            return {"incident": rng.choice(registry.incidents)}
        return {}

    def about(self, fact: Fact) -> str:
        """The words naming what the figure is about (empty for national totals)."""
        subject = fact.subject
        if "cohort" in subject:
            number = subject["cohort"]["number"]
            return f" خلال الدورة {number} من {subject['programme']['name_ar']}"
        if "programme" in subject:
            return f" في إطار {subject['programme']['name_ar']}"
        if "law" in subject:
            return f" طبقا لمقتضيات القانون رقم {subject['law']['number']}"
        if "incident" in subject:
            return f" على خلفية {subject['incident']['name_ar']}"
        return ""

    # -- sentences ------------------------------------------------------

    def slots(self, fact: Fact, context: dict) -> dict:
        """The words a pattern may use around one fact."""
        rng, registry = self.rng, self.registry
        agency = fact.subject.get("institution") or rng.choice(registry.agencies)
        speaker = rng.choice(registry.speakers)
        agency_name = rng.choice(agency["aliases"])
        forces = rng.choice(FORCES).format(agency=agency_name)
        return {
            "agency_ref": agency,
            "speaker_ref": speaker,
            "agency": agency_name,
            "forces": forces,
            "speaker": speaker["name"],
            "speaker_role": speaker["name"] + (f"، {speaker['role']}،" if speaker["role"] else ""),
            "publisher": context["publisher"],
            "city": rng.choice(registry.cities),
            "time": context["time"],
            "about": self.about(fact),
        }

    def count_words(self, fact: Fact, slots: dict, suffix: str = "") -> None:
        """Fill clause, qnum, count_of and verb_phrase for a count fact."""
        rng, metric = self.rng, fact.metric
        amount, counted = self.counted(fact)
        action = rng.choice(metric["actions"])
        slots["clause" + suffix] = action + ("" if action.endswith("ـ") else " ") + counted
        slots["count_of" + suffix] = rng.choice(metric["count_of"])
        slots["qnum" + suffix] = amount
        verb = rng.choice(metric["verbs"]).split(" ", 1)
        tail = verb[1] if len(verb) > 1 else ""
        tail = tail if tail.endswith("ـ") or not tail else tail + " "
        slots["verb_phrase" + suffix] = f"{verb[0]} {slots['forces']} {tail}{counted}"

    def percent_words(self, fact: Fact, slots: dict) -> None:
        rng, metric = self.rng, fact.metric
        slots["pnum"] = self.amount(fact)
        slots["whole"] = rng.choice(metric["whole"])
        slots["predicate"] = rng.choice(metric["predicate"])
        slots["count_of"] = rng.choice(metric["count_of"])
        slots["clause"] = f"{slots['pnum']} من {slots['whole']} {slots['predicate']}"

    def choose(self, patterns: list[str], fact: Fact) -> str:
        """A pattern; one that names the subject when the figure is about something."""
        if fact.subject and "institution" not in fact.subject:
            patterns = [p for p in patterns if "{about}" in p]
        return self.rng.choice(patterns)

    def attribute(self, fact: Fact, pattern: str, slots: dict) -> None:
        """Whom the sentence attributes the figure to."""
        names_agency = "{forces}" in pattern and slots["agency"] in slots["forces"]
        if "{agency}" in pattern or names_agency:
            fact.attributed_institution = slots["agency_ref"]["id"]
        if "{speaker" in pattern:
            fact.attributed_speaker = slots["speaker"]
            if fact.attributed_institution is None:
                fact.attributed_institution = slots["speaker_ref"]["institution"]

    def single(self, fact: Fact, context: dict) -> tuple[str, list[str | None], dict | None]:
        """One sentence stating ``fact``: (sentence, [clause], speaker)."""
        slots = self.slots(fact, context)
        if fact.metric["unit"] == "percent":
            self.percent_words(fact, slots)
            pattern = self.choose(PERCENT_PATTERNS, fact)
        else:
            self.count_words(fact, slots)
            pattern = self.choose(COUNT_PATTERNS, fact)
        self.attribute(fact, pattern, slots)
        clause = slots["clause"] if "{clause}" in pattern else None
        speaker = slots["speaker_ref"] if "{speaker" in pattern else None
        return tidy(pattern.format(**slots)), [clause], speaker

    def pair(self, first: Fact, second: Fact, context: dict) -> tuple[str, list, dict | None]:
        """One sentence stating two counts."""
        slots = self.slots(first, context)
        self.count_words(first, slots)
        self.count_words(second, slots, "2")
        pattern = self.choose(PAIR_PATTERNS, first)
        self.attribute(first, pattern, slots)
        second.attributed_institution = first.attributed_institution
        second.attributed_speaker = first.attributed_speaker
        clauses = [slots["clause"], slots["clause2"]] if "{clause2}" in pattern else [None, None]
        speaker = slots["speaker_ref"] if "{speaker" in pattern else None
        return tidy(pattern.format(**slots)), clauses, speaker

    def filler(self, context: dict) -> str:
        rng, registry = self.rng, self.registry
        programme = rng.choice(registry.programmes)
        slots = {
            "city": rng.choice(registry.cities),
            "city2": rng.choice(registry.cities),
            "year": self.year_text(rng.randint(2002, max(2003, context["year"]))),
            "y2003": self.year_text(2003),
            "speaker": rng.choice(registry.speakers)["name"],
            "agency": rng.choice(rng.choice(registry.agencies)["aliases"]),
            "incident": rng.choice(registry.incidents)["name_ar"],
            "law": rng.choice(registry.laws)["number"],
            "programme": programme["name_ar"],
            "launch": programme["launched"],
            "country_count": rng.randint(5, 60),
            "month": rng.choice(context["months"]),
            "sentence": rng.randint(3, 30),
        }
        return rng.choice(FILLERS).format(**slots)

    # -- articles -------------------------------------------------------

    def write(self, figures: int, published: dt.date, forced: list[Forced]) -> Article:
        """An article stating ``figures`` figures, ``forced`` ones among them."""
        rng = self.rng
        publisher = rng.choice(self.registry.publishers)
        context = {"publisher": publisher[0], "months": rng.choice(MONTHS), "year": published.year}
        builder = TextBuilder()
        facts: list[Fact] = []
        forced = list(forced)
        while len(facts) < figures:
            if rng.random() < 0.35:
                builder.add(self.filler(context) + ".", rng.random() < 0.3)
            if forced:
                item = forced.pop()
                group = [self.new_fact(forced=item)]
                context["time"], period = self.forced_period(item.year)
            else:
                group = self.new_group(figures - len(facts))
                context["time"], period = self.period(published, context["months"])
            self.state(group, context, builder)
            for fact in group:
                fact.period = period
            facts.extend(group)
        return Article(self.title(facts, context), builder.text(), builder.quotes, facts)

    def forced_period(self, year: int) -> tuple[str, tuple]:
        """Members of a disagreement share a start year, so their periods overlap."""
        start = dt.date(year, 1, 1)
        return f"منذ سنة {self.year_text(year)}", (start, "year", None, "unknown", None, "unknown")

    def new_group(self, room: int) -> list[Fact]:
        """One fact, or two counts of different metrics stated together."""
        first = self.new_fact()
        if room < 2 or first.metric["unit"] == "percent" or self.rng.random() > 0.25:
            return [first]
        second = self.new_fact()
        if second.metric["unit"] == "percent" or second.metric is first.metric:
            return [first]
        first.subject = {k: v for k, v in first.subject.items() if k == "institution"}
        second.subject = {}
        return [first, second]

    def state(self, group: list[Fact], context: dict, builder: TextBuilder) -> None:
        """Write the sentence for ``group`` and record the quotes its figures rest on."""
        if len(group) == 1:
            sentence, clauses, speaker = self.single(group[0], context)
            whole = self.rng.random() < 0.75
        else:
            sentence, clauses, speaker = self.pair(group[0], group[1], context)
            whole = self.rng.random() < 0.55
        start = builder.add(sentence + ".", self.rng.random() < 0.25)
        name = speaker["name"] if speaker else ""
        institution = speaker["institution"] if speaker else None
        for fact, clause in zip(group, clauses, strict=True):
            offset = sentence.find(clause) if clause and not whole else -1
            if offset < 0:
                offset, clause = 0, sentence
            fact.quote = builder.quote(start + offset, clause, name, institution)

    def title(self, facts: list[Fact], context: dict) -> str:
        rng, registry = self.rng, self.registry
        agency = rng.choice(registry.agencies)
        first = facts[0]
        amount = f"{first.value} {first.metric['noun'][0]}" if "noun" in first.metric else ""
        slots = {
            "city": rng.choice(registry.cities),
            "agency_short": agency["acronym"] or agency["aliases"][-1],
            "amount": amount or first.metric["name_ar"],
            "year": context["year"],
            "speaker": rng.choice(registry.speakers)["name"],
            "clause": f"{rng.choice(first.metric.get('actions', ['تسجيل']))} {amount}".strip(),
            "programme": rng.choice(registry.programmes)["name_ar"],
        }
        return rng.choice(TITLES).format(**slots)


def tidy(sentence: str) -> str:
    """Single spaces, no space before a comma, none at the ends."""
    while "  " in sentence:
        sentence = sentence.replace("  ", " ")
    return sentence.replace(" ،", "،").strip()


class TextBuilder:
    """Assembles an article's text and the offsets of its quotes."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.quotes: list[Quote] = []
        self.spans: dict[tuple[int, int], int] = {}

    def add(self, sentence: str, new_paragraph: bool) -> int:
        """Append a sentence; returns its start offset."""
        if self.parts:
            separator = "\n" if new_paragraph else " "
            self.parts.append(separator)
            self.length += 1
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        return start

    def quote(self, start: int, text: str, speaker: str, institution: int | None) -> int:
        """The index of the quote over text[start:start+len(text)], made once."""
        span = (start, start + len(text))
        if span not in self.spans:
            self.spans[span] = len(self.quotes)
            self.quotes.append(Quote(span[0], span[1], text, speaker, institution))
        return self.spans[span]

    def text(self) -> str:
        return "".join(self.parts)
