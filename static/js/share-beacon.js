// The buyer page's own engagement report (the only script it loads; no third party).
// Time counts only while the page is visible, and goes to the item taking up most of the screen:
// an asset's text (page 0) or one page of a PDF. Nothing is sent until the page has been visible
// for 2 seconds in all, so link previews and mail scanners, which don't run this, never count;
// after that, batches go out every few seconds and when the page is hidden or left.
(() => {
  "use strict";
  const root = document.querySelector("[data-beacon]");
  if (!root || !window.IntersectionObserver) return;
  const url = root.getAttribute("data-beacon");
  const MIN_VISIBLE_MS = 2000;
  const FLUSH_EVERY_MS = 5000;
  const MAX_EVENTS = 50;
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  const viewKey = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

  const shown = new Map(); // element -> visible height in px
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      shown.set(entry.target, entry.isIntersecting ? entry.intersectionRect.height : 0);
    }
  }, { threshold: Array.from({ length: 21 }, (_, i) => i / 20) });
  document.querySelectorAll("[data-track-asset]").forEach((el) => observer.observe(el));

  let pending = new Map(); // "asset:page" -> ms
  let total = 0;
  let started = false;
  let last = performance.now();
  let lastFlush = last;

  function current() {
    let best = null;
    let most = 0;
    for (const [el, px] of shown) {
      if (px > most) { best = el; most = px; }
    }
    return best;
  }

  function flush() {
    if (!started || pending.size === 0) return;
    const events = [];
    for (const [key, ms] of pending) {
      const [a, p] = key.split(":").map(Number);
      if (Math.round(ms) > 0) events.push({ a, p, ms: Math.round(ms) });
    }
    pending = new Map();
    lastFlush = performance.now();
    for (let i = 0; i < events.length; i += MAX_EVENTS) {
      const body = JSON.stringify({ v: viewKey, events: events.slice(i, i + MAX_EVENTS) });
      const blob = new Blob([body], { type: "text/plain;charset=UTF-8" });
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob))) {
        fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin" })
          .catch(() => {});
      }
    }
  }

  function tick() {
    const now = performance.now();
    const elapsed = Math.min(now - last, 1000); // a sleeping laptop is not reading
    last = now;
    if (document.visibilityState !== "visible") return;
    const el = current();
    if (!el) return;
    const key = `${el.getAttribute("data-track-asset")}:${el.getAttribute("data-track-page") || 0}`;
    pending.set(key, (pending.get(key) || 0) + elapsed);
    total += elapsed;
    if (!started && total >= MIN_VISIBLE_MS) {
      started = true;
      flush();
    } else if (started && now - lastFlush >= FLUSH_EVERY_MS) {
      flush();
    }
  }

  setInterval(tick, 200);
  document.addEventListener("visibilitychange", () => {
    tick();
    if (document.visibilityState === "hidden") flush();
    last = performance.now();
  });
  window.addEventListener("pagehide", () => { tick(); flush(); });
})();
