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
    const warning = panel.querySelector(".merge-warning");
    const announce = panel.querySelector(".merge-announce");
    const mailto = panel.querySelector(".merge-mailto");
    const labels = Object.fromEntries(inputs.map((i) => [i.dataset.mergeField, i.dataset.mergeLabel]));
    let email = null;
    let announced = null; // the count a screen reader last heard (none on load: it reads the page)
    let announceTimer = null;

    // Only how many fields are still empty is announced, once typing pauses and only when the
    // number changed: the preview itself is not a live region, or every keystroke re-reads it.
    function announceMissing(count) {
      if (announced === null) {
        announced = count;
        return;
      }
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(() => {
        if (count === announced || !announce) return;
        announced = count;
        announce.textContent = count === 0 ? "All fields filled in." :
          `${count} ${count === 1 ? "field" : "fields"} still empty.`;
      }, 700);
    }

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
      announceMissing(missing.length);
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

    let copiedTimer = null;

    // "Copied" beside the button that was pressed, announced once, gone after a few seconds.
    function confirmCopy(what, message) {
      window.clearTimeout(copiedTimer);
      panel.querySelectorAll("[data-copy-status]").forEach((other) => {
        other.textContent = "";
        other.classList.remove("is-shown", "is-error");
      });
      const status = panel.querySelector(`[data-copy-status="${what}"]`);
      // Set after a pause: the same words twice in a row are announced again only if the
      // region was empty in between.
      window.setTimeout(() => {
        status.textContent = message;
        status.classList.add("is-shown");
        status.classList.toggle("is-error", message !== "Copied");
        copiedTimer = window.setTimeout(() => {
          status.textContent = "";
          status.classList.remove("is-shown", "is-error");
        }, message === "Copied" ? 4000 : 12000);
      }, 50);
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
        confirmCopy(what, "Your browser didn't allow copying: copy the plain text below by hand.");
        const details = panel.querySelector(".merge-plain");
        if (details) details.open = true;
        return;
      }
      confirmCopy(what, "Copied");
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
