// Searchable pickers (workspace/picker.html): htmx fills .picker-options as the user types; this file
// turns a click (or Enter) on an option into the picker's hidden input(s).
(function () {
  "use strict";

  function close(picker) {
    const options = picker.querySelector(".picker-options");
    options.innerHTML = "";
    picker.querySelector(".picker-search").setAttribute("aria-expanded", "false");
  }

  function choose(picker, button) {
    const search = picker.querySelector(".picker-search");
    const value = button.dataset.pickerChoose;
    const label = button.dataset.label;
    if (picker.classList.contains("picker-multiple")) {
      const chosen = picker.querySelector(".picker-chosen");
      const already = Array.from(chosen.querySelectorAll("input")).some(function (i) { return i.value === value; });
      if (!already) {
        const chip = document.createElement("span");
        chip.className = "chip";
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = picker.dataset.name;
        input.value = value;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-dark";
        remove.dataset.pickerRemove = "";
        remove.setAttribute("aria-label", "移除 " + label);
        remove.textContent = "×";
        chip.append(input, label + " ", remove);
        chosen.append(chip);
      }
      search.value = "";
    } else {
      picker.querySelector("[data-picker-value-input]").value = value;
      search.value = label;
    }
    close(picker);
    picker.dispatchEvent(new CustomEvent("picker:chosen", {bubbles: true, detail: {value: value, label: label}}));
  }

  document.addEventListener("click", function (event) {
    const option = event.target.closest("[data-picker-choose]");
    if (option) { choose(option.closest("[data-picker]"), option); return; }
    const remove = event.target.closest("[data-picker-remove]");
    if (remove) { remove.closest(".chip").remove(); return; }
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      if (!picker.contains(event.target)) close(picker);
    });
  });

  document.addEventListener("input", function (event) {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker || !event.target.classList.contains("picker-search")) return;
    const hidden = picker.querySelector("[data-picker-value-input]");
    if (hidden) hidden.value = "";  // typed text is a search, not a choice, until an option is chosen
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.classList || !event.target.classList.contains("picker-search")) return;
    const picker = event.target.closest("[data-picker]");
    if (event.key === "Escape") { close(picker); return; }
    if (event.key === "Enter") {
      event.preventDefault();  // Enter picks the first option; it does not send the form half-filled
      const first = picker.querySelector("[data-picker-choose]");
      if (first) choose(picker, first);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (picker) picker.querySelector(".picker-search").setAttribute("aria-expanded", "true");
  });
})();
