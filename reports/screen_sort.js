// Sorts a screening table by the column whose header is clicked (again: the other way). Numbers such as
// "1,234.00" sort as numbers, the rest as text in the page's language. Inlined into the self-contained
// page (screen.html.j2); served as /static/sort.js by the web app, whose policy forbids inline scripts.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const headers = table.querySelectorAll("th");
    headers.forEach((th, column) => {
      const sort = () => {
        const rising = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", rising ? "ascending" : "descending");
        const body = table.tBodies[0];
        const key = (row) => {
          const text = row.cells[column].textContent.trim();
          const number = Number(text.replace(/,/g, ""));
          return text !== "" && !Number.isNaN(number) ? number : text;
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const order = typeof x === "number" && typeof y === "number" ? x - y
            : String(x).localeCompare(String(y), document.documentElement.lang);
          return rising ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
    });
  }
});
