// The header: the phone's menu button, and closing the search answers when the user clicks elsewhere.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const toggle = event.target.closest("[data-menu-toggle]");
    if (toggle) {
      const menu = document.getElementById(toggle.getAttribute("aria-controls"));
      const open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    const results = document.getElementById("search-results");
    if (results && !event.target.closest(".site-search")) results.innerHTML = "";
  });
  document.addEventListener("keydown", function (event) {
    const results = document.getElementById("search-results");
    if (event.key === "Escape" && results) results.innerHTML = "";
  });
})();
