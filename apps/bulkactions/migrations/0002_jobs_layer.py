
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bulkactions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='bulkaction',
            name='bulkactions_done_within_total',
        ),
        migrations.RemoveConstraint(
            model_name='bulkaction',
            name='bulkactions_action_known',
        ),
        migrations.RenameField(
            model_name='bulkaction',
            old_name='figures_done',
            new_name='done',
        ),
        migrations.RenameField(
            model_name='bulkaction',
            old_name='figures_total',
            new_name='total',
        ),
        migrations.AlterField(
            model_name='bulkaction',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='done'),
        ),
        migrations.AddField(
            model_name='bulkaction',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='taken by the worker at'),
        ),
        migrations.AlterField(
            model_name='bulkaction',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='total'),
        ),
        migrations.AlterField(
            model_name='bulkaction',
            name='action',
            field=models.CharField(choices=[('submit', 'submit for review'), ('publish', 'publish'), ('reject', 'reject'), ('return_to_draft', 'return to draft')], max_length=15, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='bulkaction',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_jobs', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AddConstraint(
            model_name='bulkaction',
            constraint=models.CheckConstraint(condition=models.Q(('done__lte', models.F('total'))), name='bulkactions_bulkaction_done_within_total', violation_error_message='More done than there is to do.'),
        ),
        migrations.AddConstraint(
            model_name='bulkaction',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', ['submit', 'publish', 'reject', 'return_to_draft'])), name='bulkactions_action_known'),
        ),
    ]
