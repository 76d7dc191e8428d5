// The cargo cabinet's script: the appeal popup, the profile photo upload
// and the payments page's live balance. Every page works without it, but
// the photo upload (its CSRF token travels in a header, as every upload's
// does) and the live balance (a reload shows the same).
(function () {
  "use strict";
  // "+ Murojaat": the form opens in a <dialog> on the same page; without
  // scripts the link leads to the form's own page.
  document.querySelectorAll("[data-appeal-open]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-appeal-open"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    link.addEventListener("click", function (e) {
      e.preventDefault();
      dialog.showModal();
      var first = dialog.querySelector("input:not([type=hidden]),select,textarea");
      if (first) { first.focus(); }
    });
    dialog.querySelectorAll("[data-close]").forEach(function (b) {
      b.addEventListener("click", function () { dialog.close(); });
    });
  });
  document.querySelectorAll("dialog[data-open-now]").forEach(function (d) {
    if (typeof d.showModal === "function") { d.showModal(); }
  });
  // The profile photo: sent as multipart with the CSRF token in a header.
  document.querySelectorAll("form[data-photo-form]").forEach(function (form) {
    var note = form.querySelector("[data-photo-note]");
    form.hidden = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || !input.files.length) { return; }
      var data = new FormData();
      data.append("photo", input.files[0]);
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRF-Token": form.getAttribute("data-csrf") }
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (r.ok) { window.location.reload(); return; }
        note.textContent = r.body.message || "";
        note.setAttribute("data-error", r.body.code || "");
        note.hidden = false;
      }).catch(function () { note.hidden = false; });
    });
  });
  // Filters that reload at once (the business section's contract, year and
  // month; e-commerce's office and dates): choosing one sends the form; its button stays for pages
  // without scripts. Delegated, so a page swapped in by the live balance
  // keeps it.
  document.addEventListener("change", function (e) {
    var el = e.target;
    var chooser = el && (el.tagName === "SELECT" || (el.tagName === "INPUT" && el.type === "date" && el.value));
    if (chooser && el.form && el.form.hasAttribute("data-autosubmit")) {
      el.form.submit();
    }
  });
  // The payments page's live balance: every few seconds (while the page is
  // visible) it asks whether the client's ledger moved; when it did, the
  // page is fetched again and its <main> swapped in, without a reload.
  var live = document.querySelector("main[data-live]");
  if (live && window.fetch && window.DOMParser) {
    var busy = false;
    var tick = function () {
      var main = document.querySelector("main[data-live]");
      if (busy || !main || document.visibilityState === "hidden") { return; }
      busy = true;
      fetch(main.getAttribute("data-live"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (body) {
          if (!body || String(body.version) === main.getAttribute("data-live-version")) { return null; }
          return fetch(window.location.href, { credentials: "same-origin" })
            .then(function (res) { return res.ok ? res.text() : null; })
            .then(function (html) {
              var fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector("main[data-live]");
              if (!fresh) { return; }
              fresh.setAttribute("data-live-updated", String(body.version));
              main.replaceWith(fresh);
            });
        })
        .catch(function () { return null; })
        .then(function () { busy = false; });
    };
    setInterval(tick, 3000);
  }
})();
