// The win form's "assets that helped": a filter box over the real checkboxes the page already
// has (without this script they are a plain scrolling list that works the same). Typing narrows
// the list by title or kind; ticked assets always stay in view, so a choice is never hidden or
// lost; a live line says how many are shown and chosen.
(() => {
  "use strict";

  // "Étude" and "etude" match; so do "case study" and "Case study".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(picker) {
    const finder = picker.querySelector(".asset-picker-find");
    const box = finder && finder.querySelector("input");
    const status = picker.querySelector(".asset-picker-status");
    const items = Array.from(picker.querySelectorAll(".asset-picker-item"));
    const groups = Array.from(picker.querySelectorAll(".asset-picker-group"));
    const most = Number(picker.getAttribute("data-max")) || Infinity;
    if (!box || !status || items.length === 0) return;
    const words = new Map(items.map((item) => [item, fold(item.getAttribute("data-search") || "")]));
    const boxOf = (item) => item.querySelector("input[type=checkbox]");
    finder.hidden = false;

    // The list follows every key at once (a click right after typing lands where it looks);
    // the live line is rewritten once typing pauses, so a screen reader isn't talked over.
    let pending = null;
    function update() {
      filter();
      window.clearTimeout(pending);
      announce();
    }
    function updateSoon() {
      filter();
      window.clearTimeout(pending);
      pending = window.setTimeout(announce, 400);
    }

    let shown = 0;
    let chosen = 0;
    let wanted = [];
    function filter() {
      wanted = fold(box.value).split(/\s+/).filter(Boolean);
      shown = 0;
      chosen = 0;
      for (const item of items) {
        const ticked = boxOf(item).checked;
        const text = words.get(item);
        const match = ticked || wanted.every((word) => text.includes(word));
        item.hidden = !match;
        if (match) shown += 1;
        if (ticked) chosen += 1;
      }
      for (const group of groups) {
        group.hidden = !group.querySelector(".asset-picker-item:not([hidden])");
      }
    }
    function announce() {
      const parts = [];
      if (wanted.length) {
        parts.push(shown === 0 ? "No asset matches." : `${shown} of ${items.length} shown.`);
      } else {
        parts.push(`${items.length} to choose from.`);
      }
      parts.push(chosen === 0 ? "None chosen." : `${chosen} chosen.`);
      if (chosen > most) parts.push(`A win can credit at most ${most}: untick ${chosen - most}.`);
      status.textContent = parts.join(" ");
    }

    box.addEventListener("input", updateSoon);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        // Enter in the filter must not send the form half-filled: it goes to the first match.
        event.preventDefault();
        update();
        const first = items.find((item) => !item.hidden);
        if (first) boxOf(first).focus();
      } else if (event.key === "Escape" && box.value) {
        event.preventDefault();
        box.value = "";
        update();
      }
    });
    // Up and down walk the shown checkboxes; up from the first goes back to the filter box.
    picker.querySelector(".asset-picker-list").addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const shown = items.filter((item) => !item.hidden).map(boxOf);
      const at = shown.indexOf(event.target);
      if (at < 0) return;
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) box.focus();
      else if (next < shown.length) shown[next].focus();
    });
    // Ticking or unticking only updates the counts: an asset just unticked stays where it is
    // (with the focus) until the filter changes.
    picker.addEventListener("change", () => {
      chosen = items.filter((item) => boxOf(item).checked).length;
      shown = items.filter((item) => !item.hidden).length;
      window.clearTimeout(pending);
      announce();
    });
    update();
  }

  document.querySelectorAll("[data-asset-picker]").forEach(setUp);
})();
