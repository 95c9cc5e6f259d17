from __future__ import annotations

from django import forms

from zhaoshang.logistics.planner import CUSTOMS, FACTOR_SETS


class RouteForm(forms.Form):
    """A shipment to plan: from, to, TEU or tonnes, ready time, customs status wanted on arrival."""

    origin = forms.ChoiceField(label="起点")
    destination = forms.ChoiceField(label="终点")
    teu = forms.IntegerField(label="箱量（TEU）", min_value=1, required=False)
    tonnes = forms.DecimalField(label="或重量（吨）", min_value=0.001, required=False)
    ready = forms.DateTimeField(label="备货时间", input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    customs_from = forms.ChoiceField(label="起运海关状态", choices=CUSTOMS.items(), initial="domestic")
    customs_to = forms.ChoiceField(label="到达海关状态", choices=CUSTOMS.items(), initial="domestic")
    max_changes = forms.CharField(label="换装次数上限", required=False, max_length=6,
                                  help_text="默认 4 次；填 none 不限")
    factors = forms.ChoiceField(label="排放因子", required=False,
                                choices=[("", "各线路自带因子")] + [(k, v.label) for k, v in FACTOR_SETS.items()])

    def __init__(self, *args, nodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n.key, n.name) for n in nodes]
        self.fields["origin"].choices = self.fields["destination"].choices = choices

    def clean(self):
        data = super().clean()
        if not data.get("teu") and not data.get("tonnes"):
            raise forms.ValidationError("请填写箱量（TEU）或重量（吨）。")
        if data.get("teu") and data.get("tonnes"):
            raise forms.ValidationError("箱量与重量只填一项。")
        return data


INVESTOR_DESTINATIONS = ("yangshan", "chuanshan", "suzhou")


class InvestorForm(forms.Form):
    """A candidate site in the zone and the seaports and markets an investor wants to reach from it."""

    site = forms.ChoiceField(label="候选地块")
    destinations = forms.MultipleChoiceField(label="目的港口与市场", widget=forms.CheckboxSelectMultiple)
    teu = forms.IntegerField(label="箱量（TEU）", min_value=1, max_value=1000, initial=2)
    ready = forms.DateTimeField(label="备货时间", input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, nodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(n.key, n.name) for n in nodes if n.kind.endswith("park")]
        self.fields["destinations"].choices = [(n.key, n.name) for n in nodes if n.kind in ("seaport", "city")]


class BatchForm(forms.Form):
    """A batch of shipments: a CSV file or the same text pasted, and which route each shipment takes."""

    file = forms.FileField(label="发运批次文件（.csv）", required=False,
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))
    text = forms.CharField(label="或粘贴 CSV 内容", required=False, max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 6,
                                                        "placeholder": "from,to,teu,tonnes,ready,customs_to"}))
    pick = forms.ChoiceField(label="每票货物取", choices=[("cheapest", "最省钱的路线"), ("fastest", "最快的路线"),
                                                        ("greenest", "最低碳的路线")], initial="cheapest",
                             required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            raw = upload.read()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    data["csv"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError("文件不是 UTF-8 或 GBK 编码的 CSV。")
        elif data.get("text", "").strip():
            data["csv"] = data["text"]
        else:
            raise forms.ValidationError("请上传 CSV 文件或粘贴 CSV 内容，或使用示例批次。")
        return data
