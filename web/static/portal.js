// The portal's only script: the mobile drawer, the branch selector's
// instant submit, confirmations, live POS status and the payment check.
// Every page works without it.
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
  // "QR kod bilan ulash": the camera with the browser's BarcodeDetector
  // where it exists; the code field always works without it.
  document.querySelectorAll("details[data-pair]").forEach(function (box) {
    var video = box.querySelector("video[data-camera]");
    var note = box.querySelector("[data-scan-note]");
    var form = box.querySelector("form[data-pair-form]");
    var field = box.querySelector("input[data-code]");
    var stream = null, timer = null;
    function say(text) { note.textContent = text; note.hidden = false; }
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
      video.hidden = true;
    }
    box.addEventListener("toggle", function () {
      if (!box.open) { stop(); return; }
      if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(note.getAttribute("data-no-scanner"));
        field.focus();
        return;
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      }).then(function () {
        timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            var hit = codes.find(function (c) { return /^POSPAIR1:/i.test(c.rawValue || ""); });
            if (hit) { stop(); field.value = hit.rawValue; form.submit(); }
          }).catch(function () {});
        }, 250);
      }).catch(function () { stop(); say(note.getAttribute("data-denied")); field.focus(); });
    });
  });
  // "To'lov tekshirilmoqda...": poll the invoice until the provider's
  // callback settles it, then show the subscription active without a
  // reload. Without JavaScript the page refreshes itself (<noscript>).
  var pay = document.querySelector("[data-invoice][data-invoice-state='open']");
  if (pay && window.fetch) {
    var invoice = pay.getAttribute("data-invoice");
    var tries = 0;
    var poll = function () {
      tries += 1;
      fetch("/subscription/invoices/" + encodeURIComponent(invoice) + "/status", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || data.status === "open") { schedule(); return; }
          pay.setAttribute("data-invoice-state", data.status);
          pay.className = "card pay-state pay-" + data.status;
          pay.querySelector("[data-pay-title]").textContent = data.title;
          pay.querySelector("[data-pay-text]").textContent = data.text;
          var nojs = pay.querySelector("[data-pay-nojs]");
          if (nojs) { nojs.remove(); }
          var links = pay.querySelector("[data-pay-links]");
          if (data.receipt && links) {
            var a = document.createElement("a");
            a.className = "button";
            a.href = data.receipt;
            a.setAttribute("data-receipt-link", "");
            a.textContent = pay.getAttribute("data-receipt-label");
            links.appendChild(a);
          }
          var s = data.subscription;
          var status = document.querySelector("[data-status]");
          if (status) {
            status.setAttribute("data-status", s.status);
            status.className = "status sub-" + s.status;
            status.textContent = s.status_name;
          }
          var set = function (sel, text) { var el = document.querySelector(sel); if (el) { el.textContent = text; } };
          set("[data-tariff]", s.tariff);
          set("[data-ends]", s.ends);
          set("[data-days-left]", String(s.days_left));
          // The paid tariff is the current one now: move the badge.
          var badge = document.querySelector("[data-current-badge]");
          document.querySelectorAll("[data-tariff-card]").forEach(function (card) {
            var current = card.getAttribute("data-tariff-card") === s.tariff_code;
            card.classList.toggle("current", current);
            if (current && badge) { card.querySelector("h3").appendChild(badge); }
          });
        })
        .catch(function () { schedule(); });
    };
    // Every 2 s for the first minutes, then more slowly.
    var schedule = function () { setTimeout(poll, tries < 90 ? 2000 : 10000); };
    schedule();
  }
  // POS status, live: Active (green) / Not connected (grey).
  var states = document.querySelectorAll("[data-pos-state]");
  if (states.length && window.fetch) {
    setInterval(function () {
      fetch("/branches/live", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data) { return; }
        data.terminals.forEach(function (t) {
          var badge = document.querySelector("[data-terminal='" + t.id + "'] [data-pos-state]");
          if (!badge || badge.getAttribute("data-pos-state") === t.state) { return; }
          badge.setAttribute("data-pos-state", t.state);
          badge.className = "badge " + (t.state === "active" ? "ok" : t.state === "revoked" ? "off" : "idle");
          badge.textContent = t.label;
        });
      }).catch(function () {});
    }, 3000);
  }
  // The portal as a Telegram Web App (P14). The entry page posts the init
  // data Telegram put in the address's fragment; every page then follows
  // Telegram's theme and back button through the client's event bridge
  // (TelegramWebviewProxy in the apps, postMessage to the parent frame in
  // the web client), without loading any outside script.
  var tgForm = document.querySelector("form[data-webapp-signin]");
  var tgParams = new URLSearchParams((location.hash || "").replace(/^#/, ""));
  function tgStore(key, value) { try { sessionStorage.setItem(key, value); } catch (e) {} }
  function tgLoad(key) { try { return sessionStorage.getItem(key); } catch (e) { return null; } }
  if (tgParams.get("tgWebAppThemeParams")) { tgStore("tgTheme", tgParams.get("tgWebAppThemeParams")); }
  if (tgForm) {
    var initData = tgParams.get("tgWebAppData");
    // Only inside Telegram (its apps' bridge, or the web client's frame): a
    // link to /tg#tgWebAppData=… opened in a browser signs no one in.
    var inTelegram = !!window.TelegramWebviewProxy || window.parent !== window;
    if (initData && inTelegram) {
      tgForm.querySelector("[data-init-data]").value = initData;
      history.replaceState(null, "", location.pathname);
      tgForm.submit();
    } else {
      document.querySelector("[data-webapp-wait]").hidden = true;
      document.querySelector("[data-webapp-outside]").hidden = false;
    }
  }
  if (body.hasAttribute("data-webapp")) {
    var tgPost = function (type, data) {
      var payload = { eventType: type, eventData: data || {} };
      if (window.TelegramWebviewProxy && window.TelegramWebviewProxy.postEvent) {
        window.TelegramWebviewProxy.postEvent(type, JSON.stringify(payload.eventData));
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify(payload), "*");
      }
    };
    var tgColor = function (v) { return typeof v === "string" && /^#[0-9a-f]{6}$/i.test(v) ? v : null; };
    var tgTheme = function (params) {
      if (!params || typeof params !== "object") { return; }
      var root = document.documentElement.style;
      var map = { "--bg": params.secondary_bg_color || params.bg_color, "--card": params.bg_color, "--fg": params.text_color, "--muted": params.hint_color, "--accent": params.button_color || params.link_color };
      Object.keys(map).forEach(function (k) { var c = tgColor(map[k]); if (c) { root.setProperty(k, c); } });
      var bg = tgColor(params.bg_color);
      if (bg) {
        var n = parseInt(bg.slice(1), 16);
        var lum = 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
        body.classList.toggle("tg-dark", lum < 128);
      }
    };
    try { tgTheme(JSON.parse(tgLoad("tgTheme") || "null")); } catch (e) {}
    var tgEvent = function (type, data) {
      if (type === "back_button_pressed") { history.back(); }
      if (type === "theme_changed" && data && data.theme_params) { tgStore("tgTheme", JSON.stringify(data.theme_params)); tgTheme(data.theme_params); }
    };
    window.Telegram = window.Telegram || {};
    window.Telegram.WebView = { receiveEvent: tgEvent };
    window.addEventListener("message", function (e) {
      if (e.source !== window.parent) { return; }
      try { var m = typeof e.data === "string" ? JSON.parse(e.data) : e.data; if (m && m.eventType) { tgEvent(m.eventType, m.eventData); } } catch (err) {}
    });
    tgPost("web_app_ready");
    tgPost("web_app_expand");
    tgPost("web_app_request_theme");
    // Telegram's back button, not the page's: shown away from the dashboard.
    tgPost("web_app_setup_back_button", { is_visible: location.pathname !== "/" && history.length > 1 });
  }
}());
