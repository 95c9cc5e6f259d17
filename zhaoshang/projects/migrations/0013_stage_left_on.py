"""The day each stage was left (the project's next change), kept on the change for the KPIs (link_stage_changes)."""

from django.db import migrations, models


def link_all(apps, schema_editor):
    from zhaoshang.projects.models import link_stage_changes

    link_stage_changes()


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0012_confidential_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='stagechange',
            name='left_inferred',
            field=models.BooleanField(db_default=False, default=False, editable=False, verbose_name='离开日期为推定'),
        ),
        migrations.AddField(
            model_name='stagechange',
            name='left_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='离开日期'),
        ),
        migrations.RunPython(link_all, migrations.RunPython.noop),
    ]
