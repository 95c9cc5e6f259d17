// The header: the phone's menu button, and closing the search answers when the user clicks elsewhere; a select
// marked data-submit-on-change sends its form; a link marked data-back goes back a page when there is one (else
// to its href). The Content-Security-Policy allows no inline handler and no javascript: link.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const back = event.target.closest("[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
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
  document.addEventListener("change", function (event) {
    const select = event.target.closest("[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("keydown", function (event) {
    const results = document.getElementById("search-results");
    if (event.key === "Escape" && results) results.innerHTML = "";
  });
})();
