// The asset form (templates/assets/form.html): documents dropped or chosen are listed and checked
// before anything is sent, problems are announced, and typed changes aren't lost by leaving.
// Without this script the form still works: a plain file input, and the server checks everything.
(() => {
  "use strict";

  const form = document.getElementById("asset-form");
  if (!form) return;

  // The list of problems gets focus, and each of its links puts the cursor in its field (a bare
  // #fragment only scrolls).
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#"]');
      const target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
  }

  // ---------------------------------------------------------------- documents

  const zone = form.querySelector("[data-drop-zone]");
  const input = zone ? zone.querySelector('input[type="file"]') : null;
  const KINDS = ["pdf", "docx", "pptx"];
  const maxBytes = zone ? Number(zone.dataset.maxBytes) : 0;
  const attached = zone ? JSON.parse(zone.dataset.attached || "[]") : [];
  const attachedNames = zone ? JSON.parse(zone.dataset.attachedNames || "[]") : [];
  let chosen = []; // [{file, hash, problem, note}]

  function megabytes(bytes) {
    if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  }

  function extension(name) {
    const dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
  }

  async function sha256(file) {
    if (!window.crypto || !window.crypto.subtle) return null; // only on https or localhost
    try {
      const digest = await window.crypto.subtle.digest("SHA-256", await file.arrayBuffer());
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    } catch (error) {
      return null; // the server checks again when it saves
    }
  }

  // What the server would say, said now: too big is refused (and a body over the request limit
  // would cost the whole form), the same bytes twice are attached once.
  function check() {
    const seen = new Map();
    attached.forEach((hash, i) => seen.set(hash, `already attached as ${attachedNames[i]}`));
    let total = 0;
    chosen.forEach((entry) => {
      const { file } = entry;
      total += file.size;
      entry.problem = "";
      entry.note = "";
      if (file.size > maxBytes) {
        entry.problem = `larger than ${zone.dataset.maxLabel}: it can't be attached.`;
      } else if (file.size === 0) {
        entry.problem = "empty: there is nothing to attach.";
      } else if (!KINDS.includes(extension(file.name))) {
        entry.note = "not named like a PDF, Word (.docx) or PowerPoint (.pptx) file: " +
          "the hub will refuse it unless it really is one.";
      }
      if (entry.hash && seen.has(entry.hash)) {
        entry.note = `the same file as one ${seen.get(entry.hash)}: it won't be added twice.`;
      } else if (entry.hash) {
        seen.set(entry.hash, `chosen above (${file.name})`);
      }
    });
    const tooMuch = chosen.length > 1 && total > maxBytes;
    return { total, tooMuch, blocked: tooMuch || chosen.some((entry) => entry.problem) };
  }

  function show() {
    const list = zone.querySelector(".chosen-files");
    const status = zone.querySelector(".chosen-status");
    const result = check();
    list.replaceChildren(...chosen.map((entry, index) => {
      const item = document.createElement("li");
      item.className = "chosen-file" + (entry.problem ? " has-problem" : entry.note ? " has-note" : "");
      const name = document.createElement("span");
      name.className = "chosen-name";
      name.textContent = entry.file.name;
      const size = document.createElement("span");
      size.className = "text-muted small ms-1";
      size.textContent = megabytes(entry.file.size);
      item.append(name, size);
      if (entry.problem || entry.note) {
        const message = document.createElement("span");
        message.className = "chosen-message d-block small";
        message.textContent = `${entry.file.name} is ${entry.problem || entry.note}`;
        item.append(message);
      }
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-link chosen-remove";
      remove.textContent = "Remove";
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ` ${entry.file.name}`;
      remove.append(hidden);
      remove.addEventListener("click", () => {
        chosen.splice(index, 1);
        sync();
        input.focus();
      });
      item.append(remove);
      return item;
    }));
    list.hidden = chosen.length === 0;
    input.setAttribute("aria-invalid", result.blocked ? "true" : "false");
    let text = chosen.length === 0 ? "" :
      `${chosen.length} ${chosen.length === 1 ? "document" : "documents"} chosen, ` +
      `${megabytes(result.total)}: attached when you save.`;
    if (result.tooMuch) {
      text = `Together these are ${megabytes(result.total)}; one save carries up to ` +
        `${zone.dataset.maxLabel}. Save with fewer, then add the rest.`;
    } else if (result.blocked) {
      text = "One of the documents can't be attached: remove it before saving.";
    }
    status.textContent = text;
    zone.classList.toggle("is-blocked", result.blocked);
    const again = zone.querySelector(".chosen-again");
    if (again && chosen.length) again.hidden = true;
    return result;
  }

  // The input's own list follows `chosen`, so the form sends exactly what is shown.
  function sync() {
    const transfer = new DataTransfer();
    chosen.forEach((entry) => transfer.items.add(entry.file));
    input.files = transfer.files;
    show();
  }

  function add(files) {
    const fresh = Array.from(files).filter((file) => !chosen.some((entry) =>
      entry.file.name === file.name && entry.file.size === file.size &&
      entry.file.lastModified === file.lastModified));
    fresh.forEach((file) => {
      const entry = { file, hash: null, problem: "", note: "" };
      chosen.push(entry);
      if (file.size > 0 && file.size <= maxBytes) {
        sha256(file).then((hash) => {
          entry.hash = hash;
          if (hash) show();
        });
      }
    });
    sync();
    form.dataset.unsaved = "true";
  }

  if (zone && input && window.DataTransfer) {
    zone.classList.add("is-enhanced");
    input.addEventListener("change", () => add(input.files));
    ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (event) => {
      if (!event.dataTransfer || !Array.from(event.dataTransfer.types).includes("Files")) return;
      event.preventDefault();
      zone.classList.add("is-dragover");
    }));
    zone.addEventListener("dragleave", (event) => {
      if (!zone.contains(event.relatedTarget)) zone.classList.remove("is-dragover");
    });
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("is-dragover");
      if (event.dataTransfer && event.dataTransfer.files.length) add(event.dataTransfer.files);
    });
    // A file dropped just beside the zone would make the browser open it, leaving the form.
    ["dragover", "drop"].forEach((type) => document.addEventListener(type, (event) => {
      if (!zone.contains(event.target) && event.dataTransfer &&
          Array.from(event.dataTransfer.types).includes("Files")) {
        event.preventDefault();
      }
    }));
  }

  // ---------------------------------------------------------------- unsaved changes

  let leaving = false;
  form.addEventListener("input", () => { form.dataset.unsaved = "true"; });
  form.addEventListener("change", () => { form.dataset.unsaved = "true"; });

  form.addEventListener("submit", (event) => {
    if (zone && input && chosen.length && show().blocked) {
      event.preventDefault();
      input.focus();
      return;
    }
    // The preview opens in another tab: this page, and what is typed in it, stays.
    const submitter = event.submitter;
    if (!submitter || submitter.getAttribute("formtarget") !== "_blank") leaving = true;
  });

  // Removing a stored document is its own form; hub.js asks first, and this runs after it.
  document.addEventListener("submit", (event) => {
    if (event.target !== form && !event.defaultPrevented) leaving = true;
  });
  document.addEventListener("submit", (event) => {
    const other = event.target;
    if (other !== form && other.dataset.confirm && form.dataset.unsaved === "true" &&
        !other.dataset.confirm.includes("unsaved")) {
      other.dataset.confirm += " Your unsaved changes in the form will be lost: save them first " +
        "to keep them.";
    }
  }, true);

  window.addEventListener("beforeunload", (event) => {
    if (form.dataset.unsaved === "true" && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("pageshow", () => { leaving = false; });
})();
