"""Search by words: the SQL functions that read a text's words and a search's
(apps.core.search.database), and the lexicon of plural forms the search reads,
filled with the broken plurals of the field."""

import apps.core.search.words
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from apps.core.search.database import DROP_QUERY, DROP_WORD_FUNCTIONS, QUERY, WORD_FUNCTIONS

# (singular, plural): broken plurals the endings do not give, and the pairs the
# search was first tried on.
PLURAL_FORMS = [
    ("خلية", "خلايا"),
    ("سجين", "سجناء"),
    ("سجين", "مساجين"),
    ("هجوم", "هجمات"),
    ("مؤامرة", "مؤامرات"),
    ("عملية", "عمليات"),
    ("جريح", "جرحى"),
    ("قتيل", "قتلى"),
    ("أسير", "أسرى"),
    ("شخص", "أشخاص"),
    ("عنصر", "عناصر"),
    ("سلاح", "أسلحة"),
    ("قنبلة", "قنابل"),
    ("صاروخ", "صواريخ"),
    ("حزام", "أحزمة"),
    ("رهينة", "رهائن"),
    ("ضحية", "ضحايا"),
    ("قضية", "قضايا"),
    ("تهمة", "تهم"),
    ("جريمة", "جرائم"),
    ("دليل", "أدلة"),
    ("سجن", "سجون"),
    ("حكم", "أحكام"),
    ("قانون", "قوانين"),
    ("مشروع", "مشاريع"),
    ("هدف", "أهداف"),
    ("موقع", "مواقع"),
    ("حادث", "حوادث"),
    ("حدث", "أحداث"),
    ("جهاز", "أجهزة"),
    ("عضو", "أعضاء"),
    ("زعيم", "زعماء"),
    ("قائد", "قادة"),
    ("أمير", "أمراء"),
    ("إمام", "أئمة"),
    ("عالم", "علماء"),
    ("خبير", "خبراء"),
    ("وزير", "وزراء"),
    ("جندي", "جنود"),
    ("كتيبة", "كتائب"),
    ("حزب", "أحزاب"),
    ("فكر", "أفكار"),
    ("مجلس", "مجالس"),
    ("برنامج", "برامج"),
    ("مدرسة", "مدارس"),
    ("مسجد", "مساجد"),
    ("أجنبي", "أجانب"),
    ("مغربي", "مغاربة"),
    ("عربي", "عرب"),
    ("طفل", "أطفال"),
    ("امرأة", "نساء"),
    ("رجل", "رجال"),
    ("شاب", "شباب"),
    ("أسرة", "أسر"),
    ("دولة", "دول"),
    ("بلد", "بلدان"),
    ("مدينة", "مدن"),
    ("منطقة", "مناطق"),
    ("إقليم", "أقاليم"),
    ("حي", "أحياء"),
    ("عام", "أعوام"),
    ("سنة", "سنوات"),
    ("شهر", "أشهر"),
    ("يوم", "أيام"),
    ("رقم", "أرقام"),
    ("عدد", "أعداد"),
    ("نسبة", "نسب"),
    ("مئة", "مئات"),
    ("مائة", "مئات"),
    ("ألف", "آلاف"),
    ("مليون", "ملايين"),
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
]


def add_plural_forms(apps, schema_editor):
    PluralForm = apps.get_model("core", "PluralForm")
    PluralForm.objects.using(schema_editor.connection.alias).bulk_create(
        PluralForm(singular=singular, plural=plural) for singular, plural in PLURAL_FORMS
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_cache_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(WORD_FUNCTIONS, DROP_WORD_FUNCTIONS),
        migrations.CreateModel(
            name='HistoricalPluralForm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('singular', models.CharField(help_text='One word, as usually written: خلية. Hamza forms, diacritics and the article make no difference.', max_length=60, verbose_name='singular')),
                ('plural', models.CharField(help_text='Its plural, one word: خلايا.', max_length=60, verbose_name='plural')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical plural form',
                'verbose_name_plural': 'historical plural forms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PluralForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('singular', models.CharField(help_text='One word, as usually written: خلية. Hamza forms, diacritics and the article make no difference.', max_length=60, verbose_name='singular')),
                ('plural', models.CharField(help_text='Its plural, one word: خلايا.', max_length=60, verbose_name='plural')),
                ('singular_key', models.GeneratedField(db_persist=True, expression=apps.core.search.words.SearchKey(models.F('singular')), output_field=models.TextField())),
                ('plural_key', models.GeneratedField(db_persist=True, expression=apps.core.search.words.SearchKey(models.F('plural')), output_field=models.TextField())),
            ],
            options={
                'verbose_name': 'plural form',
                'verbose_name_plural': 'plural forms',
                'ordering': ['singular', 'plural'],
                'constraints': [models.CheckConstraint(condition=models.Q(('singular__regex', '^\\S+$'), ('plural__regex', '^\\S+$')), name='core_pluralform_single_words', violation_error_message='Write one word in each box.'), models.UniqueConstraint(apps.core.search.words.SearchKey(models.F('singular')), apps.core.search.words.SearchKey(models.F('plural')), name='core_pluralform_unique_pair', violation_error_message='This singular and plural are already listed.')],
            },
        ),
        migrations.RunSQL(QUERY, DROP_QUERY),
        migrations.RunPython(add_plural_forms, migrations.RunPython.noop),
    ]
