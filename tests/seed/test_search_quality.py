"""How well the search finds words in the seed corpus, per language.

Each table gives a word or phrase a reader might type and, judged by reading
the seed corpus, what it should find: quotes (Arabic, through their words in
the search_text column) or registry records (French and English, through
their names). The test prints precision and recall over each table and fails
when either falls below what the search reaches today.
"""

import pytest

from apps.core.search import WordSearch, any_of
from apps.figures.models import Metric
from apps.registry.models import Incident, Institution, Law, Programme
from apps.seed.services import load_seed
from apps.sources.models import Quote

# word or phrase → words that single out each quote it should find
ARABIC = {
    "خلية": [
        "اعتقال 214 خلية إرهابية، وإجهاض أكثر",
        "مكّنت من اعتقال 214 خلية",
        "88 في المائة من الخلايا",
        "الخلايا المنتسبة",
        "تفكيك أكثر من 200 خلية",
        "أكثر من مئتي خلية",
        "بعد تفكيك المغرب لـ 2009 خلية",
        "قد فككت 2009 خلية",
    ],
    "سجين": [
        "160 سجيناً",
        "مجموع سجناء التطرف",
        "74 سجينا",
        "كانوا سجناء سابقين",
        "أفرجت عن 217 سجينا",
        "من أصل 301 سجينا",
    ],
    "هجوم": [
        "بالهجمات الإرهابية",
        "هجوم مدريد",
        "سلسلة من الهجمات",
        "عدد الهجمات بالدول الغربية",
    ],
    "قتيل": ["حوالي 900 قتيل", "191 قتيلا"],
    "جرحى": ["4200 جريح", "2050 جريحا"],
    "مؤامرة": ["500 مؤامرة إرهابية"],
    "عمليات": ["إن عمليات التفكيك"],
    "تفكيك": [
        "عمليات التفكيك",
        "بدأ تفكيكها",
        "سمح تفكيك الخلايا",
        "تفكيك أكثر من 200 خلية",
        "بعد تفكيك المغرب",
    ],
    "إرهابية": [
        "اعتقال 214 خلية إرهابية، وإجهاض أكثر",
        "مكّنت من اعتقال 214 خلية",
        "بالهجمات الإرهابية",
        "أربع خلايا إرهابية",
        "تفكيك أكثر من 200 خلية",
        "بعد تفكيك المغرب لـ 2009 خلية",
        "قد فككت 2009 خلية",
        "أنشطة إرهابية",
        "500 مؤامرة إرهابية",
    ],
    "أمنية": ["مسؤول أمني", "الأجهزة الأمنية المغربية", "للأجهزة الأمنية"],
    "أشخاص": ["4304 أشخاص", "3535 شخصا"],
    "مغربي": [
        "السلطات المغربية",
        "المقاربة المغربية",
        "الإسلامية المغربية المقاتلة",
        "الشباب المغاربة",
        "الأجهزة الأمنية المغربية",
        "الأجهزة المغربية قد فككت",
    ],
    "البرامج": ["المستفيدين من البرنامج", "ضمن برنامج", "استفادوا من برنامج"],
    "مصالحة": ['ضمن برنامج "مصالحة"', "استفادوا من برنامج مصالحة"],
    "٢٠٠٩": ["بعد تفكيك المغرب لـ 2009 خلية", "قد فككت 2009 خلية"],
    '"خلية إرهابية"': [
        "اعتقال 214 خلية إرهابية، وإجهاض أكثر",
        "مكّنت من اعتقال 214 خلية",
        "أربع خلايا إرهابية",
        "تفكيك أكثر من 200 خلية",
        "بعد تفكيك المغرب لـ 2009 خلية",
        "قد فككت 2009 خلية",
    ],
    "تخلي": ["تخلّيهم عن الأفكار"],
}

# word or phrase → slugs of the registry records whose names it should find
FRENCH = {
    "cellule": [
        "cells-dismantled",
        "share-of-cells-linked-to-isis",
        "gicm-dismantling-morocco-2004",
        "gicm-dismantling-europe",
    ],
    "attentat": [
        "attacks",
        "casablanca-2003",
        "september-11-2001",
        "madrid-2004",
        "paris-2015",
        "embassy-bombings-1998",
        "casablanca-2007",
        "meknes-2007",
        "marrakech-2011",
        "catalonia-2017",
        "sri-lanka-2019",
    ],
    "détenus": ["prisoners-released", "foreign-fighters-former-prisoners"],
    "terroristes": ["cells-dismantled", "plots-foiled", "attacks", "foreign-fighters"],
    "sûreté": ["dgsn"],
    "nationaux": ["dgsn", "cndh", "indh", "interpol-ncb-rabat"],
    "État": ["isis", "isgs", "iskp", "us-state-department"],
    "marocain": ["gicm", "ministry-of-foreign-affairs", "mali-isgs-cadre-arrest-2020"],
    "déjoué": ["plots-foiled"],
    "démantèlement": [
        "cells-dismantled",
        "gicm-dismantling-morocco-2004",
        "gicm-dismantling-europe",
    ],
    '"Nations unies"': ["united-nations", "un-security-council", "unoct"],
}
ENGLISH = {
    "cell": [
        "cells-dismantled",
        "share-of-cells-linked-to-isis",
        "gicm-dismantling-morocco-2004",
        "gicm-dismantling-europe",
    ],
    "attack": ["attacks", "september-11-2001", "paris-2015", "khobar-2004", "catalonia-2017"],
    "prisoner": ["prisoners-released", "foreign-fighters-former-prisoners"],
    "terrorist": ["cells-dismantled", "plots-foiled", "attacks"],
    "people": ["persons-prosecuted", "persons-arrested", "pardons"],  # Personnes graciées
    "state": ["us-state-department", "isis", "isgs", "iskp", "embassy-bombings-1998"],
    "bombing": [
        "casablanca-2003",
        "madrid-2004",
        "embassy-bombings-1998",
        "casablanca-2007",
        "meknes-2007",
        "marrakech-2011",
        "sri-lanka-2019",
    ],
    "dismantled": [
        "cells-dismantled",
        "share-of-cells-linked-to-isis",
        "gicm-dismantling-morocco-2004",
        "gicm-dismantling-europe",
    ],
    '"United Nations"': ["united-nations", "un-security-council", "unoct"],
}

REGISTRY = (Metric, Institution, Programme, Law, Incident)


@pytest.fixture
def seeded(db):
    load_seed()


def quotes_found(query: str) -> set[int]:
    search = WordSearch.prepare(query)
    return set(
        Quote.objects.filter(any_of(search.matching("search_text"))).values_list("pk", flat=True)
    )


def quotes_meant(snippets: list[str]) -> set[int]:
    found = set()
    for snippet in snippets:
        (pk,) = Quote.objects.filter(text__contains=snippet).values_list("pk", flat=True)
        found.add(pk)
    return found


def records_found(query: str) -> set[str]:
    search = WordSearch.prepare(query)
    found = set()
    for model in REGISTRY:
        matching = model.objects.filter(any_of(search.matching("search_names")))
        found |= set(matching.values_list("slug", flat=True))
    return found


def quality(name, table, found, meant, capsys) -> tuple[float, float]:
    """Precision and recall over every query of the table, printed with what went wrong."""
    hits = extra = missed = 0
    notes = []
    for query, judged in table.items():
        expected, got = meant(judged), found(query)
        hits += len(expected & got)
        extra += len(got - expected)
        missed += len(expected - got)
        if got != expected:
            notes.append(
                f"  {query}: found {sorted(got - expected)}, missed {sorted(expected - got)}"
            )
    precision, recall = hits / (hits + extra), hits / (hits + missed)
    with capsys.disabled():
        print(
            f"\n{name}: {len(table)} searches, precision {precision:.2f}, recall {recall:.2f}",
            *notes,
            sep="\n",
        )
    return precision, recall


def test_arabic_words_are_found_in_the_seed_quotes(seeded, capsys):
    precision, recall = quality("Arabic", ARABIC, quotes_found, quotes_meant, capsys)
    assert (precision, recall) == (1.0, 1.0)


def test_french_words_are_found_in_the_seed_names(seeded, capsys):
    precision, recall = quality("French", FRENCH, records_found, set, capsys)
    assert precision >= 0.9 and recall == 1.0


def test_english_words_are_found_in_the_seed_names(seeded, capsys):
    precision, recall = quality("English", ENGLISH, records_found, set, capsys)
    assert precision >= 0.9 and recall == 1.0
