// Progressive enhancement only: every page works without this script.
// On the memo page, a what-if toggle re-evaluates at once (POST /api/headline) and updates the
// headline conclusions in place; the Re-evaluate button still submits the whole page.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("what-if-form");
  if (!form) return;
  form.addEventListener("change", async () => {
    const data = new FormData(form);
    const changes = {};
    for (const [key, value] of data.entries()) {
      if (key.startsWith("wi:")) changes[key.slice(3)] = value;
    }
    const response = await fetch("/api/headline", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({facts: data.get("facts"), changes}),
    });
    if (!response.ok) return;
    const words = JSON.parse(document.getElementById("headlines").dataset.words || "{}");
    for (const h of await response.json()) {
      const item = document.querySelector(`.headline[data-conclusion="${CSS.escape(h.conclusion)}"]`);
      if (!item) continue;
      const changed = item.dataset.outcome !== h.outcome || item.dataset.status !== h.status;
      item.querySelector(".outcome").textContent = words[h.outcome] || h.outcome;
      item.querySelector(".status-value").textContent = words[h.status] || h.status;
      item.classList.toggle("flipped", changed);
    }
  });
});
