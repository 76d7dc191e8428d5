// The cabinet's shipment pages. Everything works without this file; with
// it: districts follow the chosen region at once, the price follows the
// form, "select all" and a confirmation before deleting.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      var form = all.closest("form");
      form.querySelectorAll("input[type=checkbox][name=id]").forEach(function (b) { b.checked = all.checked; });
    });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
  var form = document.querySelector("[data-shipment-form]");
  if (!form) { return; }
  form.querySelectorAll("[data-show-districts]").forEach(function (b) { b.hidden = true; });
  var timer = null;
  function quote() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var body = new FormData(form);
      body.set("action", "quote");
      fetch(form.getAttribute("data-quote"), { method: "POST", body: new URLSearchParams(body), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var box = form.querySelector("[data-price]");
          var t = document.createElement("template");
          t.innerHTML = html;
          var fresh = t.content.querySelector("[data-price]");
          if (box && fresh) { box.replaceWith(fresh); }
        })
        .catch(function () {});
    }, 250);
  }
  form.querySelectorAll("[data-region]").forEach(function (region) {
    region.addEventListener("change", function () {
      var target = form.querySelector("select[name=" + region.getAttribute("data-region") + "]");
      var url = form.getAttribute("data-districts") + "?region=" + encodeURIComponent(region.value);
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (list) {
          var first = target.options[0];
          target.innerHTML = "";
          target.appendChild(first);
          list.forEach(function (d) {
            var o = document.createElement("option");
            o.value = d[0];
            o.textContent = d[1];
            target.appendChild(o);
          });
          quote();
        })
        .catch(function () {});
    });
  });
  form.addEventListener("input", quote);
  form.addEventListener("change", quote);
})();
