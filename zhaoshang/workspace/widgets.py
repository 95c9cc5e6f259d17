"""A searchable picker: a text box that asks a search endpoint as the user types (htmx) and keeps the
chosen value(s) in hidden inputs, instead of a <select> of thousands of options."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse


class SearchPicker(forms.Widget):
    """One value (an industry, a region, an owner) or, with multiple=True, several (investors).

    `url_name` names the search endpoint (it answers `?q=` with workspace/options.html); `label` writes a
    chosen record as the picker shows it; `model` loads the records chosen in a bound or initial form.
    """

    def __init__(self, *, url_name: str, model, label: Callable[[object], str] = str, multiple: bool = False,
                 placeholder: str = "输入名称或代码搜索", attrs=None):
        super().__init__(attrs)
        self.url_name, self.model, self.label, self.multiple = url_name, model, label, multiple
        self.placeholder = placeholder

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return not self.multiple and name not in data

    def _chosen(self, value) -> list[tuple[str, str]]:
        values = value if isinstance(value, list | tuple) else [value]
        keys = [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]
        found = {str(r.pk): r for r in self.model.objects.filter(pk__in=keys)}
        return [(k, self.label(found[k])) for k in keys if k in found]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = self._chosen(value)
        # render_to_string returns a SafeString: the template escapes every value itself.
        return render_to_string("workspace/picker.html", {
            "name": name, "id": attrs.get("id", f"id_{name}"), "chosen": chosen, "multiple": self.multiple,
            "url": reverse(self.url_name), "placeholder": self.placeholder,
            "text": chosen[0][1] if chosen and not self.multiple else "",
            "required": attrs.get("required", False)})
