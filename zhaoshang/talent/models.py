"""Talent teams, people, graduate intake and joint research projects."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Education(models.TextChoices):
    BELOW_COLLEGE = "below_college", "大专以下"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士"
    DOCTOR = "doctor", "博士"


COLLEGE_OR_ABOVE = [Education.COLLEGE, Education.BACHELOR, Education.MASTER, Education.DOCTOR]


class TalentTeam(models.Model):
    """A team the zone attracted: a declared leading talent team or a start-up team in a carrier."""

    class Kind(models.TextChoices):
        LEADING = "leading", "领军型人才团队"
        STARTUP = "startup", "创业团队"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    field = models.CharField("领域", max_length=100, blank=True)
    declared_year = models.PositiveSmallIntegerField("申报年度", null=True, blank=True)
    source_region = models.ForeignKey("regions.Region", verbose_name="来源地", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    leader = models.CharField("带头人", max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "人才团队"
        ordering = ["zone", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="team_name_unique_in_zone")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A talent the zone brought in; identity numbers and phones are shown masked to all but administrators."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="people")
    name = models.CharField("姓名", max_length=50)
    education = models.CharField("学历", max_length=20, choices=Education.choices)
    team = models.ForeignKey(TalentTeam, verbose_name="团队", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members")
    carrier = models.ForeignKey("zones.Carrier", verbose_name="所在载体", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="people")
    introduced_on = models.DateField("引进日期")
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "人才"
        ordering = ["zone", "name"]

    def __str__(self) -> str:
        return self.name


class GraduateIntake(models.Model):
    """How many college graduates the zone newly brought in, by year and where they studied."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="graduates")
    year = models.PositiveSmallIntegerField("年度")
    source_region = models.ForeignKey("regions.Region", verbose_name="来源地", on_delete=models.PROTECT,
                                      related_name="+")
    count = models.PositiveIntegerField("人数")
    source = models.CharField("数据来源", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "大学生引进"
        ordering = ["zone", "-year", "source_region"]
        constraints = [models.UniqueConstraint(fields=["zone", "year", "source_region"],
                                               name="one_intake_per_zone_year_region")]

    def __str__(self) -> str:
        return f"{self.year} {self.source_region}：{self.count} 人"


class ResearchProject(models.Model):
    """A joint research project (联合技术攻关) with partner universities or institutes."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT,
                             related_name="research_projects")
    title = models.CharField("名称", max_length=200)
    partners = models.ManyToManyField("organizations.Organization", verbose_name="合作院校/院所",
                                      related_name="research_projects")
    started_on = models.DateField("立项日期")
    listed_as = models.CharField("列入计划", max_length=200, blank=True, help_text="如：2020年度浙江省重点研发项目")

    class Meta:
        verbose_name = verbose_name_plural = "联合攻关项目"
        ordering = ["zone", "-started_on"]
        constraints = [models.UniqueConstraint(fields=["zone", "title"], name="research_title_unique_in_zone")]

    def __str__(self) -> str:
        return self.title
