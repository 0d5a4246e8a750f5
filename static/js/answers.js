// The answer panel loads after the results (never holding them up), and its votes are sent
// without leaving the page. Without JS the page offers "Show answers" (ask=1) and the votes
// are plain forms.
(() => {
  const slot = document.querySelector("#answers[data-answers-url]");
  if (slot) {
    fetch(slot.dataset.answersUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const panel = new DOMParser().parseFromString(html, "text/html").querySelector("#answers");
        if (panel) slot.replaceWith(document.adoptNode(panel));
      })
      .catch(() => {
        slot.querySelector("p").textContent = "Answers could not be loaded; the results are below.";
      });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches(".answer-vote")) return;
    event.preventDefault();
    const data = new FormData(form);
    if (event.submitter) data.append(event.submitter.name, event.submitter.value);
    const status = form.querySelector(".answer-vote-status");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
        status.textContent = "Thanks: marketing sees this.";
      })
      .catch(() => { status.textContent = "Not saved; please try again."; });
  });
})();
