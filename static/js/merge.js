// Email templates: a live preview of the merge fields, copy buttons and the mailto: link.
// Same rules as enablement/assets/personalise.py: `{{ name }}` placeholders are replaced by the
// rep's values as text; empty ones stay visible and are listed. Nothing is evaluated, and values
// only ever reach the page as text nodes (or escaped, in the rich-text copy).
(() => {
  "use strict";

  const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,49})\s*\}\}/g;
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
  }

  // The template cut into pieces: plain text, filled values, and placeholders still empty.
  function substitute(text, values, singleLine) {
    const pieces = [];
    const missing = [];
    let position = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      pieces.push({ text: text.slice(position, match.index) });
      let value = values[match[1]] || "";
      if (singleLine) value = value.split(/\s+/).filter(Boolean).join(" ");
      if (value.trim()) {
        pieces.push({ text: value });
      } else {
        if (!missing.includes(match[1])) missing.push(match[1]);
        pieces.push({ text: match[0], missing: true });
      }
      position = match.index + match[0].length;
    }
    pieces.push({ text: text.slice(position) });
    return { pieces, missing };
  }

  const plain = (pieces) => pieces.map((p) => p.text).join("");
  const html = (pieces) => pieces.map((p) => escapeHtml(p.text).replace(/\n/g, "<br>\n")).join("");

  function show(element, pieces) {
    element.replaceChildren(...pieces.map((p) => {
      if (!p.missing) return document.createTextNode(p.text);
      const mark = document.createElement("mark");
      mark.className = "merge-missing-field";
      mark.textContent = p.text;
      return mark;
    }));
  }

  function setUp(panel) {
    const inputs = Array.from(panel.querySelectorAll("[data-merge-field]"));
    const subjectTemplate = panel.dataset.mergeSubject || "";
    const bodyTemplate = panel.dataset.mergeBody || "";
    const status = panel.querySelector(".merge-copy-status");
    const warning = panel.querySelector(".merge-warning");
    const mailto = panel.querySelector(".merge-mailto");
    const labels = Object.fromEntries(inputs.map((i) => [i.dataset.mergeField, i.dataset.mergeLabel]));
    let email = null;

    function update() {
      const values = Object.fromEntries(inputs.map((i) => [i.dataset.mergeField, i.value.trim()]));
      const subject = substitute(subjectTemplate, values, true);
      const body = substitute(bodyTemplate, values, false);
      email = {
        subject: plain(subject.pieces),
        subjectHtml: html(subject.pieces),
        body: plain(body.pieces),
        bodyHtml: html(body.pieces),
      };
      show(panel.querySelector(".merge-subject"), subject.pieces);
      show(panel.querySelector(".merge-body"), body.pieces);
      const missing = [...new Set([...subject.missing, ...body.missing])];
      warning.hidden = missing.length === 0;
      panel.querySelector(".merge-missing-list").textContent =
        missing.map((name) => labels[name] || name).join(", ");
      mailto.href = `mailto:?subject=${encodeURIComponent(email.subject)}` +
        `&body=${encodeURIComponent(email.body)}`;
      const plainSubject = panel.querySelector("#merge-plain-subject");
      const plainBody = panel.querySelector("#merge-plain-body");
      if (plainSubject) plainSubject.value = email.subject;
      if (plainBody) plainBody.value = email.body;
    }

    function recordCopy() {
      const token = document.querySelector('meta[name="csrf-token"]');
      fetch(panel.dataset.copyUrl, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        headers: { "X-CSRFToken": token ? token.content : "" },
      }).catch(() => {}); // counting a copy must never get in the rep's way
    }

    async function copy(what) {
      const text = what === "subject" ? email.subject : email.body;
      const rich = what === "subject" ? email.subjectHtml : email.bodyHtml;
      try {
        if (what !== "body-plain" && window.ClipboardItem && navigator.clipboard.write) {
          await navigator.clipboard.write([new ClipboardItem({
            "text/plain": new Blob([text], { type: "text/plain" }),
            "text/html": new Blob([rich], { type: "text/html" }),
          })]);
        } else {
          await navigator.clipboard.writeText(text);
        }
      } catch (error) {
        status.textContent = "Your browser didn't allow copying: copy the plain text below by hand.";
        const details = panel.querySelector(".merge-plain");
        if (details) details.open = true;
        return;
      }
      status.textContent = what === "subject" ? "Subject copied." : "Body copied.";
      recordCopy();
    }

    inputs.forEach((input) => input.addEventListener("input", update));
    if (navigator.clipboard) {
      panel.querySelectorAll("[data-copy]").forEach((button) => {
        button.hidden = false;
        button.addEventListener("click", () => copy(button.dataset.copy));
      });
    }
    panel.classList.add("is-live");
    update();
  }

  document.querySelectorAll(".merge-panel").forEach(setUp);
})();
