"""The finder's French tables."""

from __future__ import annotations

from .lexicon import Lexicon, Noun, RangeLink, phrases, qualifier_table, words

# After the noun, "de" or "d'" may come first: projets d'attentats.
_TERRORIST = "terroriste terroristes attentat attentats djihadiste djihadistes jihadiste jihadistes"
_COUNTED_NOUNS = (
    Noun("cells-dismantled", words("cellule cellules réseau réseaux")),
    Noun("plots-foiled", words("complot complots")),
    Noun("plots-foiled", words("projet projets plan plans"), words(_TERRORIST)),
    Noun("deaths", words("mort morts tué tués tuée tuées décès victime victimes")),
    Noun("injuries", words("blessé blessés blessée blessées")),
    Noun("attacks", words("attentat attentats attaque attaques")),
    Noun("attacks", words("opération opérations acte actes"), words(_TERRORIST + " suicide")),
    Noun("foreign-fighters", words("combattant combattants")),
    Noun("returnees", words("revenant revenants rapatrié rapatriés")),
    Noun("targeted-sites", words("sites cibles lieux")),
)

FRENCH = Lexicon(
    qualifiers_before=qualifier_table(
        {
            "more_than": "plus de|plus d'|de plus de|un peu plus de|bien plus de|au-delà de|"
            "supérieur à|dépassant|dépasse|dépassent|dépassé|excédant|excède",
            "approximately": "environ|près de|près d'|quelque|autour de|aux alentours de|"
            "avoisine|avoisinent|avoisinait|frôle|frôlent|frôlé|approche|approchent|"
            "approximativement|à peu près|presque|quasiment|de l'ordre de|avoisinant|"
            "plus ou moins|estimé à|estimés à|estimées à|une estimation de",
            "at_least": "au moins|pas moins de|pas moins d'|au minimum|au bas mot",
            "fewer_than": "moins de|moins d'|inférieur à",
            "at_most": "jusqu'à|au plus|tout au plus|au maximum|pas plus de|pas plus d'|"
            "ne dépasse pas|ne dépassant pas|n'excède pas|n'excédant pas",
        }
    ),
    qualifiers_after=qualifier_table(
        {
            "approximately": "environ|à peu près",
            "at_least": "au moins|au minimum|ou plus|et plus",
            "at_most": "au plus|au maximum|tout au plus|ou moins",
        }
    ),
    comparatives=words("plus moins"),
    opens_comparison=words("de d que"),
    count_words=words("nombre"),
    number_articles=words("les"),
    denominators=phrases("sur|un sur|une sur"),
    percent_words=phrases("pour cent|pourcent|pour-cent"),
    range_links=(
        RangeLink(words("et"), words("entre"), "entre … et"),
        RangeLink(words("à au"), words("de d du"), "de … à"),
        RangeLink(words("à"), frozenset(), "… à …"),
    ),
    range_openers=words("entre de d du"),
    range_words=words("et à au"),
    months=words(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
        "janv févr fév avr juil oct nov déc"
    ),
    day_cues=words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
    year_cues=words("an année"),
    rank_cues=phrases(
        "article|articles|loi|lois|dahir|décret|arrêté|circulaire|résolution|décision|alinéa|"
        "paragraphe|chapitre|section|titre|page|pages|numéro|édition|session|tome|volume|"
        "étape|phase|tour|rang|classement|code pénal|chambre|salle|"
        "numéro vert|ligne verte|numéro de téléphone|téléphone|appeler le|composer le|"
        "appelez le|composez le"
    ),
    time_cues=words("heure"),
    time_of_day=words("h"),
    age_cues=words("âge âgé âgée âgés âgées"),
    time_units=words(
        "an ans année années mois jour jours semaine semaines heure heures minute minutes "
        "seconde secondes décennie décennies siècle siècles trimestre trimestres semestre semestres"
    ),
    time_per=words("sur"),
    time_adjectives=words(
        "derniers dernières prochains prochaines premiers premières précédents précédentes "
        "suivants suivantes longues longs"
    ),
    not_counts=words("fois tiers quart quarts moitié cinquièmes dixièmes"),
    one_before_noun=words("un une"),
    of_words=words("de d"),
    modifiers=words("autres nouveaux nouvelles présumés présumées"),
    vague_counts={"dizaines": 10, "douzaines": 12, "centaines": 100, "milliers": 1000},
    vague_determiners=words("des plusieurs quelques de d"),
    conjunctions=words("et tandis dont mais"),
    counted_nouns=_COUNTED_NOUNS,
    foiling=words(
        "déjoué déjoués déjouée déjouées déjouer avorté avortés avortées échec contrecarré"
    ),
    targeting=words("visé visés visée visées ciblé ciblés ciblée ciblées"),
    events=(
        ("prisoners-released", words("libéré libération relâch élargi")),
        ("pardons", words("gracié amnisti")),
        ("persons-prosecuted", words("poursuivi poursuites condamn déféré inculp traduits jugés")),
        ("persons-arrested", words("interpell arrêt arrestation appréhend")),
        ("deaths", words("tué tués tuée tuées tuant tuer mort décéd")),
        ("injuries", words("bless")),
        ("returnees", words("rentré rentrés retourné retournés rapatri revenu")),
    ),
    weak=(
        ("programme-beneficiaries", words("détenu prisonnier bénéfici pensionnaire")),
        ("foreign-fighters", words("rejoint rallié rallier rejoindre")),
    ),
    cell_words=_COUNTED_NOUNS[0].nouns,
    isis=words("daech daesh ei"),
    programme_stems=words("détenu prisonnier bénéfici programme"),
    people_and_things=words(
        "personne personnes individu individus suspect suspects membre membres femme femmes "
        "homme hommes enfant enfants mineur mineurs jeune jeunes détenu détenus prisonnier "
        "prisonniers condamné condamnés militant militants djihadiste djihadistes jihadiste "
        "jihadistes extrémiste extrémistes terroriste terroristes ressortissant ressortissants "
        "marocain marocains citoyen citoyens étranger étrangers élément éléments cas dossier "
        "dossiers affaire affaires arme armes kilos tonnes dirhams euros dollars policier "
        "policiers soldat soldats agent agents migrant migrants touriste touristes civil civils "
        "islamiste islamistes partisan partisans recrue recrues bénéficiaire bénéficiaires "
        "pensionnaire pensionnaires accusé accusés prévenu prévenus inculpé inculpés"
    ),
    not_people=words(
        "pays villes régions provinces continents états nations sessions éditions prisons "
        "établissements mosquées langues kilomètres km incidents"
    ),
)
