// A share's page: the copy button beside the buyer link.
(() => {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const input = document.getElementById(button.getAttribute("data-copy-target"));
    const status = document.querySelector("[data-copy-status]");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        if (status) status.textContent = "Link copied.";
      } catch {
        input.select();
        if (status) status.textContent = "Press Ctrl+C (⌘C) to copy the selected link.";
      }
    });
  });
})();
