import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The areas every database holds (figures are about Morocco unless staff say
# otherwise); the seed corpus and staff add others.
AREAS = [
    ("world", "world", "The world", "العالم", "Le monde"),
    ("MA", "country", "Morocco", "المغرب", "Maroc"),
]


def add_areas(apps, schema_editor):
    Area = apps.get_model("registry", "Area")
    for code, kind, name_en, name_ar, name_fr in AREAS:
        Area.objects.get_or_create(
            code=code, defaults={"kind": kind, "name_en": name_en, "name_ar": name_ar, "name_fr": name_fr}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Area',
            fields=[
                ('name_ar', models.CharField(blank=True, max_length=300, verbose_name='name (Arabic)')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='name (English)')),
                ('name_fr', models.CharField(blank=True, max_length=300, verbose_name='name (French)')),
                ('code', models.CharField(help_text="A country's two-letter ISO 3166 code (MA, FR), a region's key in lower case (western-countries), or world.", max_length=60, primary_key=True, serialize=False, verbose_name='code')),
                ('kind', models.CharField(choices=[('country', 'country'), ('region', 'region'), ('world', 'the world')], max_length=10, verbose_name='kind')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
            ],
            options={
                'verbose_name': 'area',
                'verbose_name_plural': 'areas',
                'ordering': ['kind', 'code'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('name_ar', ''), _negated=True), models.Q(('name_en', ''), _negated=True), models.Q(('name_fr', ''), _negated=True), _connector='OR'), name='registry_area_has_a_name', violation_error_message='Give at least one name.'), models.CheckConstraint(condition=models.Q(models.Q(('code__regex', '^[A-Z]{2}$'), ('kind', 'country')), models.Q(('code__regex', '^[a-z0-9]+(-[a-z0-9]+)*$'), ('kind', 'region')), models.Q(('code', 'world'), ('kind', 'world')), _connector='OR'), name='registry_area_code_fits_kind', violation_error_message='A country has a two-letter code in capitals, a region a key in lower case with hyphens, the world the code world.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalArea',
            fields=[
                ('name_ar', models.CharField(blank=True, max_length=300, verbose_name='name (Arabic)')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='name (English)')),
                ('name_fr', models.CharField(blank=True, max_length=300, verbose_name='name (French)')),
                ('code', models.CharField(db_index=True, help_text="A country's two-letter ISO 3166 code (MA, FR), a region's key in lower case (western-countries), or world.", max_length=60, verbose_name='code')),
                ('kind', models.CharField(choices=[('country', 'country'), ('region', 'region'), ('world', 'the world')], max_length=10, verbose_name='kind')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical area',
                'verbose_name_plural': 'historical areas',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(add_areas, migrations.RunPython.noop),
    ]
