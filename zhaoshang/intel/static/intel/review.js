// The review page's keyboard and bulk selection: j/k move between items, a accepts, r rejects, x ticks.
// A static file (no inline script) so the page works under a strict Content-Security-Policy.
(function () {
  "use strict";
  var current = null;

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue-item")); }

  function select(item) {
    if (current) { current.classList.remove("current"); }
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    current = item;
    if (!item) { return; }
    item.classList.add("current");
    item.scrollIntoView({block: "nearest"});
    var mark = document.getElementById("mark-" + item.dataset.item);
    if (mark) { mark.classList.add("current"); mark.scrollIntoView({block: "center"}); }
  }

  function move(step) {
    var all = items();
    if (!all.length) { return; }
    var at = current ? all.findIndex(function (i) { return i.id === current.id; }) : -1;
    select(all[Math.min(all.length - 1, Math.max(0, at + step))]);
  }

  function submit(selector) {
    var form = current && current.querySelector(selector);
    if (form) { form.requestSubmit(); }
  }

  function typing(target) {
    return target.closest("input, select, textarea, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "j") { move(1); } else if (key === "k") { move(-1); }
    else if (key === "a") { submit("form.accept"); } else if (key === "r") { submit("form.reject"); }
    else if (key === "x" && current) {
      var box = current.querySelector("input.pick");
      if (box) { box.checked = !box.checked; }
    } else { return; }
    event.preventDefault();
  });

  // After htmx replaces an item, keep it current so the next key acts on the same place in the list.
  document.body.addEventListener("htmx:afterSettle", function () {
    if (current && !document.body.contains(current)) { select(document.getElementById(current.id)); }
  });

  document.addEventListener("click", function (event) {
    var item = event.target.closest(".queue-item");
    if (item && !typing(event.target)) { select(item); }
  });

  var all = document.getElementById("pick-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
