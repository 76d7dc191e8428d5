// The saved card form (B6). Payme's rule: the card number goes from this
// browser straight to Payme's Subscribe API (front-end X-Auth: the cash desk
// id); its inputs have no name and its form no action, so it can never reach
// our server. Only the token Payme hands back is posted to us.
(function () {
  "use strict";
  var box = document.querySelector("[data-payme-card]");
  var save = document.querySelector("form[data-card-save]");
  if (!box || !save || !window.fetch) { return; }
  box.hidden = false;
  var url = box.getAttribute("data-url");
  var merchant = box.getAttribute("data-merchant");
  var numberForm = box.querySelector("form[data-card-number]");
  var codeForm = box.querySelector("form[data-card-code]");
  var errorBox = box.querySelector("[data-card-error]");
  var token = null;
  var seq = 0;

  function say(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }
  function call(method, params) {
    seq += 1;
    return fetch(url, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "X-Auth": merchant },
      body: JSON.stringify({ jsonrpc: "2.0", id: seq, method: method, params: params })
    }).then(function (r) { return r.json(); }, function () {
      throw { unreachable: true };
    }).then(function (answer) {
      if (answer && answer.error) {
        var m = answer.error.message;
        if (m && typeof m === "object") { m = m[document.documentElement.lang] || m.ru || m.en || ""; }
        throw { message: String(m || answer.error.code) };
      }
      if (!answer || !answer.result) { throw { unreachable: true }; }
      return answer.result;
    });
  }
  function failed(e) {
    if (e && e.unreachable) { say(box.getAttribute("data-unreachable")); }
    else { say(fill(box.getAttribute("data-refused"), { message: (e && e.message) || "" })); }
  }
  function busy(form, on) {
    form.querySelectorAll("button, input").forEach(function (el) { el.disabled = on; });
    if (on) { say(""); }
  }
  var expire = box.querySelector("input[data-expire]");
  expire.addEventListener("input", function () {
    var d = expire.value.replace(/\D/g, "").slice(0, 4);
    expire.value = d.length > 2 ? d.slice(0, 2) + "/" + d.slice(2) : d;
  });
  numberForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var number = box.querySelector("input[data-number]").value.replace(/\D/g, "");
    var exp = expire.value.replace(/\D/g, "");
    busy(numberForm, true);
    call("cards.create", { card: { number: number, expire: exp }, save: true }).then(function (r) {
      token = r.card.token;
      return call("cards.get_verify_code", { token: token });
    }).then(function (r) {
      box.querySelector("[data-code-note]").textContent = fill(box.getAttribute("data-code-sent"), { phone: r.phone || "" });
      numberForm.hidden = true;
      codeForm.hidden = false;
      box.querySelector("input[data-code]").focus();
    }).catch(failed).then(function () { busy(numberForm, false); });
  });
  codeForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var code = box.querySelector("input[data-code]").value.replace(/\D/g, "");
    busy(codeForm, true);
    call("cards.verify", { token: token, code: code }).then(function (r) {
      save.querySelector("input[name=token]").value = r.card.token || token;
      save.submit();
    }).catch(function (err) { failed(err); busy(codeForm, false); });
  });
})();
