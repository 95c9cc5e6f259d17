from django.conf import settings
from django.db import models


class TargetWeights(models.Model):
    """An analyst's weights for the parts of a target's score (points per part); absent means the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                                related_name="target_weights")
    weights = models.JSONField("权重", default=dict)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "招商图谱权重"

    def __str__(self) -> str:
        return f"{self.user} 的权重"
