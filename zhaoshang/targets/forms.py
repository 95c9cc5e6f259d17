from django import forms

from zhaoshang.targets.scoring import DEFAULT_WEIGHTS, PARTS


class WeightsForm(forms.Form):
    """Points per part of the score; 0 leaves a part out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in PARTS.items():
            self.fields[key] = forms.DecimalField(label=label, min_value=0, max_value=100, decimal_places=1,
                                                  initial=DEFAULT_WEIGHTS[key],
                                                  widget=forms.NumberInput(attrs={"step": "1", "class": "weight"}))

    def weights(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.cleaned_data.items()}
