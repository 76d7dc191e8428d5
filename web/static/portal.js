// The portal's only script: the mobile drawer, the branch selector's
// instant submit and confirmations. Every page works without it.
(function () {
  "use strict";
  var body = document.body;
  var button = document.querySelector("[data-menu]");
  var scrim = document.querySelector("[data-scrim]");
  function setOpen(open) {
    body.classList.toggle("drawer-open", open);
    if (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  }
  if (button) {
    button.addEventListener("click", function () { setOpen(!body.classList.contains("drawer-open")); });
  }
  if (scrim) { scrim.addEventListener("click", function () { setOpen(false); }); }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { setOpen(false); } });
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    var select = form.querySelector("select");
    var submit = form.querySelector("[data-submit]");
    if (submit) { submit.hidden = true; }
    if (select) { select.addEventListener("change", function () { form.submit(); }); }
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
}());
