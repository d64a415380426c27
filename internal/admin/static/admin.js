// Kiosque newsroom conveniences. Every page works without this file: the
// preview button posts the form, tags are typed, deletions are forms.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]');
  csrf = csrf ? csrf.content : "";

  // Preview without leaving the page.
  var btn = document.querySelector('button[name="action"][value="preview"]');
  var body = document.getElementById("body");
  var out = document.getElementById("preview");
  if (btn && body && out) {
    btn.addEventListener("click", function (ev) {
      ev.preventDefault();
      var data = new URLSearchParams();
      data.set("body", body.value);
      data.set("csrf", csrf);
      fetch("/admin/preview", {method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRF-Token": csrf}})
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { out.innerHTML = html; out.hidden = false; out.scrollIntoView({behavior: "smooth"}); })
        .catch(function () { btn.form.requestSubmit(btn); });
    });
  }

  // Tag picking: click a known tag to add it to the field.
  var tags = document.getElementById("tags");
  document.querySelectorAll(".tag-suggest button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function (ev) {
      ev.preventDefault();
      var have = tags.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      if (have.indexOf(b.textContent) < 0) { have.push(b.textContent); }
      tags.value = have.join(", ");
    });
  });

  // Ask before destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });

  // Media picker: open the library in a small window that can fill the
  // editor's fields (without the script, the link opens it in a tab and
  // the address is copied by hand).
  var pick = document.getElementById("pick-image");
  if (pick) {
    pick.addEventListener("click", function (ev) {
      ev.preventDefault();
      window.open(pick.href, "kiosque-media", "width=960,height=720");
    });
  }

  // In the library: fill the editor's image fields and close.
  document.querySelectorAll("button[data-pick]").forEach(function (b) {
    b.addEventListener("click", function (ev) {
      if (!window.opener) { return; }
      ev.preventDefault();
      var d = window.opener.document;
      var set = function (id, v) { var el = d.getElementById(id); if (el) { el.value = v; } };
      set("image_url", b.dataset.pick);
      set("image_alt", b.dataset.alt || "");
      set("image_caption", b.dataset.caption || "");
      set("image_credit", b.dataset.credit || "");
      window.close();
    });
  });
})();
