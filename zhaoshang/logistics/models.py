"""The multimodal network: nodes, their transfers, links and timetables, each parameter with its source."""

from __future__ import annotations

from django.db import models

from zhaoshang.logistics.planner import BASES, CUSTOMS, KINDS, MODES

ESTIMATE = "估算"

Mode = models.TextChoices("Mode", [(key, (key, label)) for key, label in MODES.items()])
Kind = models.TextChoices("Kind", [(key, (key, label)) for key, label in KINDS.items()])
Customs = models.TextChoices("Customs", [(key, (key, label)) for key, label in CUSTOMS.items()])
Basis = models.TextChoices("Basis", [(key, (key, f"{key}（{label}）")) for key, label in BASES.items()])


def _money(label: str, **extra) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=4, **extra)


class Sourced(models.Model):
    """A record whose parameters each name their source: {parameter: {"source": text, "estimate": bool}}."""

    sources = models.JSONField("参数来源", default=dict, blank=True,
                               help_text='如 {"distance_km": {"source": "大圆距离×1.25", "estimate": true}}；'
                                         "未列出的参数按估算")

    class Meta:
        abstract = True

    def source_of(self, parameter: str) -> tuple[str, bool]:
        """(source, is an estimate); a parameter with no entry counts as an estimate."""
        entry = (self.sources or {}).get(parameter) or {}
        return entry.get("source") or ESTIMATE, bool(entry.get("estimate", True))

    @property
    def estimated(self) -> list[str]:
        return [p for p in self.sources_expected() if self.source_of(p)[1]]

    def sources_expected(self) -> list[str]:
        return []


class Node(Sourced):
    """A terminal, hub or city of the network."""

    key = models.SlugField("键", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    lon = models.DecimalField("经度", max_digits=9, decimal_places=5)
    lat = models.DecimalField("纬度", max_digits=8, decimal_places=5)
    customs = models.CharField("海关状态", max_length=20, choices=Customs.choices, default=Customs.domestic)
    hub_factor = models.DecimalField("作业排放因子（kg CO2e/吨）", max_digits=8, decimal_places=4, null=True,
                                     blank=True)
    hub_factor_source = models.CharField("作业排放因子来源", max_length=300, blank=True)
    hub_factor_basis = models.CharField("作业排放口径", max_length=3, choices=Basis.choices, default="WTW")
    customs_step = models.CharField("海关环节", max_length=60, blank=True, help_text="如“B保一日游”“口岸报关”")
    customs_step_hours = models.DecimalField("海关环节时长（小时）", max_digits=6, decimal_places=2, null=True,
                                             blank=True)
    customs_step_fee_per_teu = _money("海关环节费用（元/TEU）", null=True, blank=True)
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "节点"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}（{self.key}）"

    def sources_expected(self) -> list[str]:
        extra = ["hub_factor"] if self.hub_factor is not None else []
        extra += ["customs_step_hours", "customs_step_fee_per_teu"] if self.customs_step else []
        return ["lon", "lat", *extra]


class Handling(Sourced):
    """Moving a box at a node from one mode to another: time and cost."""

    node = models.ForeignKey(Node, verbose_name="节点", on_delete=models.CASCADE, related_name="handlings")
    from_mode = models.CharField("到达方式", max_length=20, choices=Mode.choices)
    to_mode = models.CharField("离开方式", max_length=20, choices=Mode.choices)
    hours = models.DecimalField("作业时长（小时）", max_digits=6, decimal_places=2)
    cost_per_teu = _money("费用（元/TEU）", default=0)
    cost_per_tonne = _money("费用（元/吨）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "换装作业"
        constraints = [models.UniqueConstraint(fields=["node", "from_mode", "to_mode"], name="handling_once_a_pair")]

    def __str__(self) -> str:
        return f"{self.node.name} {self.get_from_mode_display()}→{self.get_to_mode_display()}"

    def sources_expected(self) -> list[str]:
        return ["hours", "cost_per_teu"]


class Link(Sourced):
    """A service from one node to another by one mode."""

    key = models.CharField("键", max_length=140, unique=True)
    origin = models.ForeignKey(Node, verbose_name="起点", on_delete=models.CASCADE, related_name="links_out")
    destination = models.ForeignKey(Node, verbose_name="终点", on_delete=models.CASCADE, related_name="links_in")
    mode = models.CharField("方式", max_length=20, choices=Mode.choices)
    distance_km = models.DecimalField("距离（公里）", max_digits=8, decimal_places=2)
    speed_kmh = models.DecimalField("速度（公里/小时）", max_digits=6, decimal_places=2)
    cost_per_teu = _money("运价（元/TEU）", default=0)
    cost_per_tkm = _money("运价（元/吨公里）", default=0)
    co2_g_per_tkm = models.DecimalField("排放因子（g CO2e/吨公里）", max_digits=8, decimal_places=3)
    co2_g_per_tkm_source = models.CharField("排放因子来源", max_length=300, blank=True)
    co2_g_per_tkm_basis = models.CharField("排放口径", max_length=3, choices=Basis.choices, default="WTW")
    capacity_teu = models.PositiveIntegerField("每班运力（TEU）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "运输线路"
        ordering = ["origin__key", "destination__key", "mode"]

    def __str__(self) -> str:
        return f"{self.origin.name}→{self.destination.name}（{self.get_mode_display()}）"

    def sources_expected(self) -> list[str]:
        present = ["cost_per_teu"] if self.cost_per_teu else []
        present += ["cost_per_tkm"] if self.cost_per_tkm else []
        present += ["capacity_teu"] if self.capacity_teu else []
        return ["distance_km", "speed_kmh", "co2_g_per_tkm", *present]


class Departure(Sourced):
    """A daily departure of a link: leaves, arrives (days later), and the cut-off before it leaves."""

    link = models.ForeignKey(Link, verbose_name="线路", on_delete=models.CASCADE, related_name="departures")
    departs = models.TimeField("出发")
    arrives = models.TimeField("到达")
    arrival_day = models.PositiveSmallIntegerField("到达为出发后第几天", default=0)
    cutoff_minutes = models.PositiveIntegerField("截止（出发前分钟）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "班期"
        ordering = ["link", "departs"]

    def __str__(self) -> str:
        return f"{self.link} {self.departs:%H:%M}"

    def sources_expected(self) -> list[str]:
        return ["departs", "arrives", "cutoff_minutes"]
