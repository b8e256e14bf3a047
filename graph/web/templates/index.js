"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const query = $("query"), list = $("query-list"), status = $("status");
  const errorBox = $("error"), results = $("results"), binds = $("binds");
  let current = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  $("prefix-list").textContent = Object.entries(data.prefixes)
    .map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">").join("\n");

  function select(q, li) {
    current = q;
    for (const x of list.querySelectorAll("li")) x.classList.toggle("active", x === li);
    query.value = q.text;
    $("question").textContent = q.question;
    binds.replaceChildren(binds.firstElementChild);
    binds.hidden = q.binds.length === 0;
    for (const v of q.binds) {
      const label = el("label", "?" + v + " ");
      const input = el("input");
      input.name = v;
      input.placeholder = "https://w3id.org/vbkg/eli/… | 04/KH-UBND | text";
      label.appendChild(input);
      binds.appendChild(label);
    }
  }

  if (data.queries.length === 0) list.appendChild(el("li", list.dataset.empty));
  for (const q of data.queries) {
    const li = el("li");
    li.dataset.name = q.name;
    li.appendChild(el("div", q.name, "name"));
    li.appendChild(el("div", q.question, "question"));
    li.addEventListener("click", () => select(q, li));
    list.appendChild(li);
  }
  query.value = data["default"];

  // a citation key (04/KH-UBND, 02/KH-UBND@2023) where an IRI is expected
  const KEY = /^[0-9A-Za-z\u00C0-\u1EF9.\-_]+\/[0-9A-Za-z\u00C0-\u1EF9.\-_\/]*[0-9A-Za-z\u00C0-\u1EF9](@\d{4})?$/;
  const resolved = [];

  async function resolveKey(ref) {
    const r = await fetch("/resolve?lang=" + encodeURIComponent(data.lang) +
      "&ref=" + encodeURIComponent(ref), { headers: { "Accept": "application/json" } });
    let j = {};
    try { j = await r.json(); } catch (e) { j = { error: String(r.status) }; }
    if (!r.ok) throw new Error(j.error || String(r.status));
    resolved.push(data.words.resolved.replace("{ref}", ref).replace("{iri}", j.iri));
    return j.iri;
  }

  async function sparqlTerm(value) {
    const v = value.trim();
    if (/^(https?|urn):[^\s<>"{}|\\^`]*$/.test(v)) return "<" + v + ">";
    if (/^-?\d+$/.test(v)) return v;
    if (KEY.test(v)) return "<" + await resolveKey(v) + ">";
    return JSON.stringify(v);  // a JSON string is a valid SPARQL string literal
  }

  async function queryText() {
    resolved.length = 0;
    let text = query.value;
    // <04/KH-UBND> typed in a template: the document's IRI
    const keys = [...new Set([...text.matchAll(/<([^<>\s"{}|^`\\:]+)>/g)]
      .map((m) => m[1]).filter((k) => KEY.test(k)))];
    for (const k of keys) {
      const iri = await resolveKey(k);
      text = text.split("<" + k + ">").join("<" + iri + ">");
    }
    if (!current || binds.hidden) return text;
    const pairs = [];
    for (const input of binds.querySelectorAll("input")) {
      if (input.value.trim()) pairs.push(["?" + input.name, await sparqlTerm(input.value)]);
    }
    if (pairs.length) {
      text += "\nVALUES (" + pairs.map((p) => p[0]).join(" ") + ") { (" +
        pairs.map((p) => p[1]).join(" ") + ") }";
    }
    return text;
  }

  function showError(message) {
    status.textContent = "";
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    td.textContent = term.value;
    if (term.type === "uri") td.className = "uri";
    if (term["xml:lang"]) td.appendChild(el("span", "@" + term["xml:lang"], "lang"));
    return td;
  }

  function showSelect(json, truncated, count) {
    const table = el("table", null, "results");
    const head = el("tr");
    for (const v of json.head.vars) head.appendChild(el("th", v));
    table.appendChild(head);
    for (const b of json.results.bindings) {
      const tr = el("tr");
      for (const v of json.head.vars) tr.appendChild(cell(b[v]));
      table.appendChild(tr);
    }
    results.replaceChildren(table);
    const n = json.results.bindings.length;
    status.textContent = n + " " + data.words.rows +
      (truncated ? " — " + data.words.truncated.replace("{n}", n) : "");
    status.className = truncated ? "truncated" : "";
    if (truncated) status.dataset.total = count;
  }

  async function run() {
    errorBox.hidden = true;
    results.replaceChildren();
    status.textContent = data.words.running;
    status.className = "";
    let text;
    try {
      text = await queryText();
    } catch (e) {
      showError(e.message);
      return;
    }
    $("resolved").textContent = resolved.join(" · ");
    const body = new URLSearchParams({ query: text });
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body,
      });
    } catch (e) {
      status.textContent = "";
      errorBox.textContent = data.words.error + ": " + e;
      errorBox.hidden = false;
      return;
    }
    const truncated = response.headers.get("X-VBKG-Truncated") === "true";
    const count = response.headers.get("X-VBKG-Count");
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    const answer = await response.text();
    if (!response.ok) {
      status.textContent = "";
      errorBox.textContent = data.words.error + " " + response.status + ": " + answer;
      errorBox.hidden = false;
      return;
    }
    if (type === "application/sparql-results+json") {
      const json = JSON.parse(answer);
      if ("boolean" in json) {
        results.replaceChildren(el("p", String(json["boolean"]), "ask"));
        status.textContent = "";
      } else {
        showSelect(json, truncated, count);
      }
    } else {
      results.replaceChildren(el("pre", answer, "rdf"));
      status.textContent = (count || "") + (truncated ? " — " +
        data.words.truncated.replace("{n}", data.maxRows) : "");
    }
    document.body.dataset.ran = String(Number(document.body.dataset.ran || 0) + 1);
  }

  async function download(format) {
    let text;
    try {
      text = await queryText();
    } catch (e) {
      showError(e.message);
      return;
    }
    const url = "/sparql?format=" + encodeURIComponent(format) +
      "&query=" + encodeURIComponent(text);
    const a = el("a");
    a.href = url;
    a.download = "result." + format;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  $("run").addEventListener("click", run);
  for (const b of document.querySelectorAll("button.download")) {
    b.addEventListener("click", () => download(b.dataset.format));
  }
  query.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  document.body.dataset.ready = "1";
})();
