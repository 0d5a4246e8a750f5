// Enablement Hub's own behaviour; no inline scripts, so the CSP stays strict.
document.documentElement.classList.add("js");

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// "/" jumps to the search box from anywhere except while typing.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
  const box = document.getElementById("q");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

// Selects marked auto-submit, and every select or checkbox of a form marked auto-apply, apply at
// once (their button stays for browsers without JS).
document.addEventListener("change", (event) => {
  if (event.target.matches("select.auto-submit, form.auto-apply select, "
                           + "form.auto-apply input[type=checkbox]")) event.target.form.submit();
});

// Side panels marked data-open-wide (search filters) stay open beside the results on wide
// screens and fold into one line on a phone, so the results come first there.
(() => {
  const wide = window.matchMedia("(min-width: 768px)");
  const fold = () => document.querySelectorAll("details[data-open-wide]").forEach((panel) => {
    panel.open = wide.matches;
  });
  fold();
  wide.addEventListener("change", fold);
})();
