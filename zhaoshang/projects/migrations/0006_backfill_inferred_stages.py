"""Data migration: stages a project skipped before the model recorded them.

A project accepted from news as 开工 had no 签约 and no signing KPI counted it; an imported one had its
skipped stages recorded with a note (日期未知…) but not flagged. Flag those, and add the missing ones as
inferred, dated at the earliest later stage change.
"""

from django.db import migrations

PIPELINE = ["lead", "negotiating", "signed", "registered", "started", "operating"]
NOTE = "推定：迁移数据时补记，日期取自首个证据"


def backfill(apps, schema_editor):
    StageChange = apps.get_model("projects", "StageChange")
    StageChange.objects.filter(note__contains="日期未知").update(inferred=True)
    by_project: dict[int, dict[str, object]] = {}
    for project_id, stage, on in StageChange.objects.values_list("project_id", "stage", "on"):
        by_project.setdefault(project_id, {})[stage] = on
    missing = []
    for project_id, stages in by_project.items():
        reached = [s for s in PIPELINE if s in stages]
        if not reached:
            continue
        evidence = None
        for stage in reversed(PIPELINE[: PIPELINE.index(reached[-1]) + 1]):
            if stage in stages:
                evidence = stages[stage] if evidence is None else min(evidence, stages[stage])
            else:
                missing.append(StageChange(project_id=project_id, stage=stage, on=evidence, inferred=True,
                                           note=NOTE))
    StageChange.objects.bulk_create(missing, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_stage_change_inferred")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
