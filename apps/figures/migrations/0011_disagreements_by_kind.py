import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.functions.text
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

# What the seed corpus's metrics count; any other metric counts events until staff say otherwise.
KINDS = {
    "programme-beneficiaries-share": "share",
    "share-of-cells-linked-to-isis": "share",
}


def set_kinds(apps, schema_editor):
    Metric = apps.get_model("figures", "Metric")
    for slug, kind in KINDS.items():
        Metric.objects.filter(slug=slug).update(kind=kind)
    # A percentage is a share, whatever its name.
    Metric.objects.filter(unit_kind="percent").update(kind="share")


class Migration(migrations.Migration):

    dependencies = [
        ('figures', '0010_version_moves_at_commit'),
        ('registry', '0002_areas'),
        ('sources', '0002_quote_lost_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='disagreement',
            name='kind',
            field=models.CharField(choices=[('contradiction', 'contradiction'), ('implausible', 'implausible (a likely misprint)')], default='contradiction', max_length=15, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='disagreement',
            name='public',
            field=models.BooleanField(default=False, help_text='Formed by published figures alone: the group readers see.', verbose_name='among published figures'),
        ),
        migrations.AddField(
            model_name='disagreement',
            name='reason_ar',
            field=models.TextField(blank=True, verbose_name='why (Arabic)'),
        ),
        migrations.AddField(
            model_name='disagreement',
            name='reason_en',
            field=models.TextField(blank=True, verbose_name='why (English)'),
        ),
        migrations.AddField(
            model_name='disagreement',
            name='reason_fr',
            field=models.TextField(blank=True, verbose_name='why (French)'),
        ),
        migrations.AddField(
            model_name='historicalmetric',
            name='kind',
            field=models.CharField(choices=[('events', 'events over a period (they add up over time)'), ('level', 'a level at a date'), ('share', 'a share')], default='events', help_text='Events over a period (cells dismantled, arrests, attacks, deaths: a longer period holds more); a level at a date (prisoners held, members of a programme at a date); or a share (a percentage).', max_length=10, verbose_name='what it counts'),
        ),
        migrations.AddField(
            model_name='historicalreportedfigure',
            name='area',
            field=models.ForeignKey(blank=True, db_constraint=False, default='MA', help_text='Where the count is about: Morocco unless the source speaks of another country, a region (Western countries, European partners) or the world.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.area', verbose_name='area'),
        ),
        migrations.AddField(
            model_name='historicalreportedfigure',
            name='public_disagreement',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.disagreement', verbose_name='disagreement among published figures'),
        ),
        migrations.AddField(
            model_name='metric',
            name='kind',
            field=models.CharField(choices=[('events', 'events over a period (they add up over time)'), ('level', 'a level at a date'), ('share', 'a share')], default='events', help_text='Events over a period (cells dismantled, arrests, attacks, deaths: a longer period holds more); a level at a date (prisoners held, members of a programme at a date); or a share (a percentage).', max_length=10, verbose_name='what it counts'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='area',
            field=models.ForeignKey(default='MA', help_text='Where the count is about: Morocco unless the source speaks of another country, a region (Western countries, European partners) or the world.', on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='registry.area', verbose_name='area'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='compared_from',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='first day compared'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='compared_to',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='last day compared'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='public_disagreement',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='public_figures', to='figures.disagreement', verbose_name='disagreement among published figures'),
        ),
        migrations.AddConstraint(
            model_name='disagreement',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['contradiction', 'implausible'])), name='figures_disagreement_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='metric',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['events', 'level', 'share'])), name='figures_metric_kind_known'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='partition_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Concat(django.db.models.functions.comparison.Cast(models.F('metric'), models.TextField()), models.Value(':'), models.F('area'), models.Value(':'), django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce(models.F('institution'), 0), models.TextField()), models.Value(':'), django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce(models.F('programme'), 0), models.TextField()), models.Value(':'), django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce(models.F('cohort'), 0), models.TextField()), models.Value(':'), django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce(models.F('law'), 0), models.TextField()), models.Value(':'), django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce(models.F('incident'), 0), models.TextField()), output_field=models.TextField()), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='value_high',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(qualifier='approximately', then=django.db.models.expressions.CombinedExpression(models.F('value'), '*', models.Value(Decimal('1.1')))), models.When(qualifier__in=['more_than', 'at_least'], then=None), models.When(qualifier='range', then=models.F('value_max')), default=models.F('value'), output_field=models.DecimalField(decimal_places=4, max_digits=20)), output_field=models.DecimalField(decimal_places=4, max_digits=20)),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='value_low',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(qualifier='approximately', then=django.db.models.expressions.CombinedExpression(models.F('value'), '*', models.Value(Decimal('0.9')))), models.When(qualifier__in=['fewer_than', 'at_most'], then=models.Value(Decimal('0'))), default=models.F('value'), output_field=models.DecimalField(decimal_places=4, max_digits=20)), output_field=models.DecimalField(decimal_places=4, max_digits=20)),
        ),
            migrations.AddIndex(
            model_name='reportedfigure',
            index=models.Index(condition=models.Q(('status', 'rejected'), _negated=True), fields=['partition_key', 'compared_from'], name='figures_rule_partition'),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
    ]
