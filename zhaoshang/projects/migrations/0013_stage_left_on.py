"""The day each stage was left (the project's next change), kept on the change for the KPIs (link_stage_changes)."""

from django.db import migrations, models


def link_all(apps, schema_editor):
    # projects.models.link_stage_changes' statement, written out: a migration must not change when the code does.
    table = apps.get_model("projects", "StageChange")._meta.db_table
    following = (f'FROM {table} n WHERE n.project_id = {table}.project_id AND (n."on" > {table}."on" '
                 f'OR (n."on" = {table}."on" AND n.id > {table}.id)) ORDER BY n."on", n.id LIMIT 1')
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'UPDATE {table} SET left_on = (SELECT n."on" {following}), '  # noqa: S608 — names are ours
                       f"left_inferred = COALESCE((SELECT n.inferred {following}), FALSE)")


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
