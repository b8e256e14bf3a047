/* vbkg citation graph page. Data comes from the JSON block #vbkg-data; every text taken
 * from a document is put into the DOM as text nodes or textContent, never parsed as HTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("vbkg-data").textContent);
  var W = DATA.words;
  var byId = new Map();
  var clusterById = new Map();
  var edgeById = new Map();
  var outEdges = new Map();
  var inEdges = new Map();
  var typeColor = {};
  var typeName = {};
  var relColor = {};
  var relName = {};
  var levelName = {};
  var statusName = {};
  DATA.doc_types.forEach(function (t) { typeColor[t.code] = t.color; typeName[t.code] = t.name; });
  DATA.relations.forEach(function (r) { relColor[r.code] = r.color; relName[r.code] = r.name; });
  DATA.levels.forEach(function (l) { levelName[l.code] = l.name; });
  DATA.statuses.forEach(function (s) { statusName[s.code] = s.name; });
  DATA.nodes.forEach(function (n) {
    byId.set(n.id, n);
    outEdges.set(n.id, []);
    inEdges.set(n.id, []);
    n._search = fold([n.key, n.label, n.title, n.issuer].join(" "));
    n._visible = true;
  });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    e.sameRow = byId.get(e.from).y === byId.get(e.to).y;
    outEdges.get(e.from).push(e);
    inEdges.get(e.to).push(e);
    e._visible = true;
  });
  DATA.clusters.forEach(function (c) { clusterById.set(c.id, c); });

  // ------------------------------------------------------------------ helpers

  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  /** Element with class and text children only: strings become text nodes. */
  function el(tag, cls) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function mix(hex, f) { // mix a #rrggbb colour with white, f = share of white
    var v = parseInt(hex.slice(1), 16);
    var ch = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map(function (c) {
      return Math.round(c + (255 - c) * f);
    });
    return "rgb(" + ch.join(",") + ")";
  }

  // ------------------------------------------------------------------ styles

  var LATE_COLOR = "#c0392b";

  function nodeStyle(n, mode) { // mode: "normal" | "chain" | "focus" | "dim"
    var c = typeColor[n.doc_type] || "#888888";
    var s;
    if (n.status === "known") { // a unit's plan known from a citation: amber, dashed
      s = {
        shape: "box", borderWidth: 2, margin: 6,
        shapeProperties: { borderDashes: [6, 4], borderRadius: 3 },
        color: { background: "#fff6e0", border: "#e69f00",
          highlight: { background: "#ffecc0", border: "#b07800" },
          hover: { background: "#ffecc0", border: "#b07800" } },
        font: { color: "#7a5200" }
      };
    } else if (n.status === "missing") {
      s = {
        shape: "box", borderWidth: 2, margin: 6,
        shapeProperties: { borderDashes: [6, 4], borderRadius: 3 },
        color: { background: "#fff0f0", border: "#d62728",
          highlight: { background: "#ffdede", border: "#a00000" },
          hover: { background: "#ffdede", border: "#a00000" } },
        font: { color: "#b00000" }
      };
    } else if (n.status === "corpus") {
      s = {
        shape: "dot", size: 13, borderWidth: 1.5,
        color: { background: c, border: "#333333",
          highlight: { background: c, border: "#000000" }, hover: { background: c, border: "#000000" } },
        font: { color: "#222222" }
      };
    } else {
      s = {
        shape: "diamond", size: 10, borderWidth: 2.5,
        color: { background: mix(c, 0.75), border: c,
          highlight: { background: mix(c, 0.5), border: c }, hover: { background: mix(c, 0.5), border: c } },
        font: { color: "#333333" }
      };
    }
    s.opacity = mode === "dim" ? 0.15 : 1;
    if (mode === "dim") { s.font = { color: "rgba(60,60,60,0.22)" }; }
    if (mode === "focus") {
      s.borderWidth = 5;
      if (s.size) { s.size = s.size + 6; }
      s.font = { color: s.font.color, size: 17, bold: true };
    }
    return s;
  }

  function edgeStyle(e, mode) { // mode: "normal" | "chain" | "dim"
    var c = e.late ? LATE_COLOR : relColor[e.relation] || "#999999";
    var s = {
      color: { color: c, highlight: c, hover: c, opacity: mode === "dim" ? 0.1 : 1 },
      width: e.relation === "implements" ? 2 : 1.2,
      dashes: e.late ? [8, 5] : false
    };
    if (mode === "chain") { s.width = e.late ? 4 : 3.5; }
    if (e.late) {
      s.label = W.late;
      s.font = { color: mode === "dim" ? "rgba(192,57,43,0.2)" : LATE_COLOR, size: 15, bold: true, strokeWidth: 4 };
    }
    if (e.parallel) {
      s.smooth = { enabled: true, type: e.parallel % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(e.parallel / 2) };
    } else if (e.sameRow) { // an edge along a row would run through the nodes between its ends
      s.smooth = { enabled: true, type: "curvedCW", roundness: 0.3 };
    } else {
      s.smooth = { enabled: false };
    }
    return s;
  }

  function tooltip(n) {
    var box = el("div", null, el("b", null, n.label));
    if (n.title) { box.appendChild(el("div", null, n.title)); }
    var meta = [n.issuer, n.date, statusName[n.status]].filter(Boolean).join(" · ");
    if (meta) { box.appendChild(el("div", null, meta)); }
    return box;
  }

  function clusterStyle(c, missing, dim) {
    return {
      shape: "box", borderWidth: 2, margin: 8,
      shapeProperties: { borderDashes: missing ? [6, 4] : false, borderRadius: 6 },
      color: { background: "#eef2f7", border: missing ? "#d62728" : "#5a6b80",
        highlight: { background: "#dfe8f3", border: "#1f3b5c" }, hover: { background: "#dfe8f3", border: "#1f3b5c" } },
      font: { color: dim ? "rgba(60,60,60,0.25)" : "#1d1d1f", size: 14 },
      opacity: dim ? 0.2 : 1
    };
  }

  // ------------------------------------------------------------------ network
  // The DataSets hold only what is shown: documents that pass the filters and are not inside
  // a collapsed group, group nodes, and edges (a group stands for its members, so edges of
  // hidden members are merged into one "proxy" edge per group, other end and relation).
  // vis-network then draws a few hundred items, not the whole province.

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var shownSig = new Map(); // item id -> signature of what is drawn (to update only changes)
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);

  var gx0 = Math.min.apply(null, DATA.levels.map(function (l) { return l.x_min; }).concat([0]));
  var gx1 = Math.max.apply(null, DATA.levels.map(function (l) { return l.x_max; }).concat([0]));
  network.on("beforeDrawing", function (ctx) {
    // one band per level; its name stays at the left edge of the view whatever the zoom
    var scale = network.getScale();
    var view0 = network.DOMtoCanvas({ x: 0, y: 0 });
    var view1 = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var left = Math.min(gx0 - 320, view0.x), right = Math.max(gx1 + 320, view1.x);
    DATA.levels.forEach(function (l) {
      var top = l.y_min - 60, height = l.y_max - l.y_min + 120;
      ctx.fillStyle = l.color;
      ctx.fillRect(left, top, right - left, height);
      ctx.fillStyle = "#4a4a4a";
      ctx.font = "bold " + Math.round(15 / scale) + "px sans-serif";
      ctx.textBaseline = "top";
      ctx.fillText(l.name + " (" + l.count + ")", view0.x + 8 / scale, top + 6 / scale);
    });
  });

  var collapsed = new Set(DATA.clusters.map(function (c) { return c.id; }));
  var hiddenValues = { doc_type: new Set(), level: new Set(), year: new Set(), status: new Set(), relation: new Set() };
  var focusState = null;
  var focusNodes = new Set();
  var focusEdges = new Set();

  function nodePasses(n) {
    return !hiddenValues.doc_type.has(n.doc_type) && !hiddenValues.level.has(n.level) &&
      !hiddenValues.year.has(String(n.year)) && !hiddenValues.status.has(n.status);
  }

  /** The shown item standing for document id: itself, or its outermost collapsed group. */
  function repOf(id) {
    var n = byId.get(id);
    var rep = id;
    var c = n.cid ? clusterById.get(n.cid) : null;
    while (c) {
      if (collapsed.has(c.id)) { rep = c.id; }
      c = c.cid ? clusterById.get(c.cid) : null;
    }
    return rep;
  }

  function nodeMode(id) {
    if (!focusState) { return "normal"; }
    return id === focusState.id ? "focus" : focusNodes.has(id) ? "chain" : "dim";
  }

  function nodeItem(n, mode) {
    var item = nodeStyle(n, mode);
    item.id = n.id; item.label = n.label; item.x = n.x; item.y = n.y;
    item.title = tooltip(n);
    return item;
  }

  function clusterLabel(c, count, missing) {
    return count + " " + W.cluster + " · " + (levelName[c.level] || c.level) +
      (missing ? "\n" + missing + " " + W.cluster_missing : "") + "\n(" + W.cluster_hint + ")";
  }

  function clusterItem(c, count, missing) {
    var item = clusterStyle(c, missing, focusState !== null);
    item.id = c.id; item.x = c.x; item.y = c.y;
    item.label = clusterLabel(c, count, missing);
    item.title = el("div", null, el("b", null, item.label.split("\n")[0]),
      c.parent && byId.has(c.parent) ? "→ " + byId.get(c.parent).label : null);
    return item;
  }

  function proxyItem(p) {
    var c = p.late ? LATE_COLOR : relColor[p.relation] || "#999999";
    return {
      id: p.id, from: p.from, to: p.to,
      color: { color: c, highlight: c, hover: c, opacity: focusState ? 0.15 : 0.9 },
      width: Math.min(1.5 + Math.log2(p.count) * 1.2, 8),
      dashes: p.late ? [8, 5] : false,
      label: p.count > 1 ? "×" + p.count : undefined,
      font: { color: "#555555", size: 13, strokeWidth: 3 },
      smooth: { enabled: false }
    };
  }

  /** Bring the DataSets in line with filters, collapsed groups and focus. */
  function sync() {
    var wantNodes = new Map(), wantEdges = new Map();
    var count = new Map(), missing = new Map();
    DATA.nodes.forEach(function (n) {
      n._visible = nodePasses(n);
      if (!n._visible) { return; }
      var rep = repOf(n.id);
      n._rep = rep;
      if (rep === n.id) {
        wantNodes.set(n.id, { sig: nodeMode(n.id), make: nodeItem.bind(null, n, nodeMode(n.id)) });
      } else {
        count.set(rep, (count.get(rep) || 0) + 1);
        if (n.status === "missing") { missing.set(rep, (missing.get(rep) || 0) + 1); }
      }
    });
    count.forEach(function (k, cid) {
      var m = missing.get(cid) || 0;
      var c = clusterById.get(cid);
      wantNodes.set(cid, { sig: k + "/" + m + "/" + (focusState ? 1 : 0), make: clusterItem.bind(null, c, k, m) });
    });
    var proxies = new Map();
    DATA.edges.forEach(function (e) {
      var a = byId.get(e.from), b = byId.get(e.to);
      e._visible = false;
      if (hiddenValues.relation.has(e.relation) || !a._visible || !b._visible) { return; }
      if (a._rep === e.from && b._rep === e.to) {
        e._visible = true;
        var mode = !focusState ? "normal" : focusEdges.has(e.id) ? "chain" : "dim";
        wantEdges.set(e.id, { sig: mode, make: function () {
          var item = edgeStyle(e, mode);
          item.id = e.id; item.from = e.from; item.to = e.to;
          return item;
        } });
      } else if (a._rep !== b._rep) {
        var key = "proxy|" + a._rep + "|" + b._rep + "|" + e.relation;
        var p = proxies.get(key);
        if (!p) { p = { id: key, from: a._rep, to: b._rep, relation: e.relation, count: 0, late: false }; proxies.set(key, p); }
        p.count += 1;
        p.late = p.late || e.late;
      }
    });
    proxies.forEach(function (p) {
      wantEdges.set(p.id, { sig: p.count + "/" + p.late + "/" + (focusState ? 1 : 0), make: proxyItem.bind(null, p) });
    });
    apply(edges, wantEdges, true);
    apply(nodes, wantNodes, false);
    apply(edges, wantEdges, false);
    document.body.dataset.shown = String(nodes.length);
  }

  function apply(set, want, removeOnly) {
    var remove = [], add = [], update = [];
    set.getIds().forEach(function (id) { if (!want.has(id)) { remove.push(id); } });
    if (remove.length) {
      set.remove(remove);
      remove.forEach(function (id) { shownSig.delete(id); });
    }
    if (removeOnly) { return; }
    want.forEach(function (w, id) {
      var old = shownSig.get(id);
      if (old === w.sig) { return; }
      (old === undefined ? add : update).push(w.make());
      shownSig.set(id, w.sig);
    });
    if (update.length) { set.update(update); }
    if (add.length) { set.add(add); }
  }

  function ancestorsOf(id) { // groups containing document id, innermost first
    var out = [];
    var n = byId.get(id);
    var c = n && n.cid ? clusterById.get(n.cid) : null;
    while (c) { out.push(c.id); c = c.cid ? clusterById.get(c.cid) : null; }
    return out;
  }

  function openCluster(id) {
    collapsed.delete(id);
    var c = clusterById.get(id);
    while (c && c.cid) { collapsed.delete(c.cid); c = clusterById.get(c.cid); }
    sync();
  }

  function expandAll() { collapsed.clear(); sync(); }

  function collapseAll() {
    DATA.clusters.forEach(function (c) { collapsed.add(c.id); });
    sync();
  }

  function reveal(id) { // open the groups that hide document id (sync() is up to the caller)
    ancestorsOf(id).forEach(function (cid) { collapsed.delete(cid); });
  }

  function applyFilters() { sync(); }

  function buildLegend() {
    var legend = document.getElementById("legend");
    document.getElementById("legend-title").textContent = W.filters;

    function section(facet, heading, items, render, extraClass) {
      var fs = el("section", "facet");
      fs.dataset.facet = facet;
      var all = el("button", null, W.all), none = el("button", null, W.none);
      all.type = none.type = "button";
      fs.appendChild(el("div", "facet-head", el("h3", null, heading), el("span", "tools", all, " · ", none)));
      var box = el("div", extraClass || null);
      items.forEach(function (item) {
        var input = document.createElement("input");
        input.type = "checkbox"; input.checked = true;
        input.value = String(item.value);
        input.addEventListener("change", function () {
          if (input.checked) { hiddenValues[facet].delete(input.value); } else { hiddenValues[facet].add(input.value); }
          applyFilters();
        });
        var label = el("label", null, input);
        render(item).forEach(function (x) { label.appendChild(x); });
        label.appendChild(el("span", "count", String(item.count)));
        box.appendChild(label);
      });
      fs.appendChild(box);
      function setAll(on) {
        box.querySelectorAll("input").forEach(function (input) {
          input.checked = on;
          if (on) { hiddenValues[facet].delete(input.value); } else { hiddenValues[facet].add(input.value); }
        });
        applyFilters();
      }
      all.addEventListener("click", function () { setAll(true); });
      none.addEventListener("click", function () { setAll(false); });
      legend.appendChild(fs);
      return fs;
    }

    function swatch(color, cls) {
      var s = el("span", "swatch" + (cls ? " " + cls : ""));
      if (cls && cls.indexOf("line") >= 0) { s.style.borderTopColor = color; } else { s.style.background = color; }
      return s;
    }

    section("doc_type", W.legend_types, DATA.doc_types.map(function (t) {
      return { value: t.code, count: t.count, t: t };
    }), function (i) { return [swatch(i.t.color), el("span", null, i.t.name)]; });
    section("status", W.legend_status, DATA.statuses.map(function (s) {
      return { value: s.code, count: s.count, s: s };
    }), function (i) { return [el("span", "shape " + i.s.code), el("span", null, i.s.name)]; });
    section("level", W.legend_levels, DATA.levels.map(function (l) {
      return { value: l.code, count: l.count, l: l };
    }), function (i) { return [swatch(i.l.color, "band"), el("span", null, i.l.name)]; });
    var rel = section("relation", W.legend_relations, DATA.relations.map(function (r) {
      return { value: r.code, count: r.count, r: r };
    }), function (i) { return [swatch(i.r.color, "line"), el("span", null, i.r.name)]; });
    if (DATA.edges.some(function (e) { return e.late; })) {
      rel.appendChild(el("div", "late-legend", swatch(LATE_COLOR, "line dashed"), " ", W.late_legend));
    }
    section("year", W.legend_years, DATA.years.map(function (y) {
      return { value: String(y.year), count: y.count, y: y };
    }), function (i) { return [el("span", null, i.y.year === null ? W.unknown_year : String(i.y.year))]; }, "years");
  }

  // ------------------------------------------------------------------ focus (implementation chain)

  function walk(start, next, seen) {
    var stack = [start];
    while (stack.length) {
      var id = stack.pop();
      next(id).forEach(function (other) {
        if (!seen.has(other)) { seen.add(other); stack.push(other); }
      });
    }
    seen.delete(start);
    return seen;
  }

  /** Same rule as graph.web.graph_page.focus_chain (Python). */
  function chainOf(id) {
    var impl = function (e) { return e.relation === "implements"; };
    var below = walk(id, function (x) {
      return inEdges.get(x).filter(impl).map(function (e) { return e.from; });
    }, new Set());
    var above = walk(id, function (x) {
      return outEdges.get(x).filter(impl).map(function (e) { return e.to; });
    }, new Set());
    var chain = new Set([id]);
    below.forEach(function (x) { chain.add(x); });
    above.forEach(function (x) { chain.add(x); });
    var missing = new Set();
    chain.forEach(function (x) {
      outEdges.get(x).concat(inEdges.get(x)).forEach(function (e) {
        var other = e.from === x ? e.to : e.from;
        var st = byId.get(other).status;
        if (st === "missing" || st === "known") { missing.add(other); }
      });
    });
    var knownAs = new Set();
    DATA.edges.forEach(function (e) {
      if (e.relation === "known_as" && missing.has(e.from)) { knownAs.add(e.to); }
    });
    var all = new Set(chain);
    missing.forEach(function (x) { all.add(x); });
    knownAs.forEach(function (x) { all.add(x); });
    var edgeIds = DATA.edges.filter(function (e) {
      var u = e.from, v = e.to;
      var onChain = e.relation === "implements" && (
        (below.has(u) && (below.has(v) || v === id)) || ((above.has(u) || u === id) && above.has(v)));
      var toPlaceholder = (missing.has(u) && (chain.has(v) || knownAs.has(v))) ||
        (missing.has(v) && chain.has(u));
      return onChain || toPlaceholder;
    }).map(function (e) { return e.id; });
    return {
      id: id, nodes: Array.from(all).sort(), edges: edgeIds,
      missing: Array.from(all).filter(function (x) { return byId.get(x).status === "missing"; }).sort()
    };
  }

  function applyFocus(chain) {
    focusState = chain;
    focusNodes = new Set(chain ? chain.nodes : []);
    focusEdges = new Set(chain ? chain.edges : []);
    if (chain) { chain.nodes.forEach(reveal); }
    sync();
    var banner = document.getElementById("focus-banner");
    banner.hidden = !chain;
    document.body.dataset.focus = chain ? chain.id : "";
    if (chain) {
      document.getElementById("focus-text").textContent =
        W.focus_banner + " " + byId.get(chain.id).label + " (" + chain.nodes.length + ")";
    }
  }

  // ------------------------------------------------------------------ side panel

  var panel = document.getElementById("panel");

  function showEmptyPanel() {
    panel.replaceChildren(el("p", "empty", W.panel_empty));
  }

  function nodeLink(id) {
    var n = byId.get(id);
    var a = el("a", "node-link", n ? n.label : id);
    a.tabIndex = 0;
    a.addEventListener("click", function () { goTo(id); });
    a.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { goTo(id); } });
    return a;
  }

  function relationList(list, direction) {
    var ul = el("ul", null);
    list.slice(0, 200).forEach(function (e) {
      var other = direction === "out" ? e.to : e.from;
      ul.appendChild(el("li", null, el("span", "rel", (relName[e.relation] || e.relation) + ": "),
        nodeLink(other), e.late ? el("span", "late", " (" + W.late + ")") : null));
    });
    if (list.length > 200) { ul.appendChild(el("li", null, "… +" + (list.length - 200))); }
    return ul;
  }

  function showPanel(id) {
    var n = byId.get(id);
    if (!n) { showEmptyPanel(); return; }
    var parts = [el("h2", null, n.label)];
    if (n.status === "missing") { parts.push(el("p", "missing-note", W.panel_missing)); }
    if (n.status === "known") { parts.push(el("p", "known-note", W.panel_known)); }
    var dl = el("dl", null);
    [["panel_key", n.key], ["panel_type", typeName[n.doc_type] || n.doc_type], ["panel_title", n.title_original ? n.title + W.panel_restored : n.title],
      ["panel_title_original", n.title_original],
      ["panel_date", n.date], ["panel_issuer", n.issuer], ["panel_level", levelName[n.level] || n.level],
      ["panel_status", statusName[n.status] || n.status], ["panel_source", n.source], ["panel_iri", n.id]
    ].forEach(function (row) {
      if (row[1]) { dl.appendChild(el("dt", null, W[row[0]])); dl.appendChild(el("dd", null, String(row[1]))); }
    });
    parts.push(dl);
    var chainButton = el("button", "panel-button", W.panel_chain);
    chainButton.type = "button";
    chainButton.id = "btn-chain";
    chainButton.addEventListener("click", function () { applyFocus(chainOf(id)); });
    parts.push(chainButton);
    var outs = outEdges.get(id), ins = inEdges.get(id);
    if (outs.length) { parts.push(el("h3", null, W.panel_out), relationList(outs, "out")); }
    if (ins.length) { parts.push(el("h3", null, W.panel_in), relationList(ins, "in")); }
    parts.push(el("h3", null, W.panel_citing));
    if (!n.citing.length) { parts.push(el("p", "empty", W.panel_no_citing)); }
    n.citing.slice(0, 100).forEach(function (c) {
      parts.push(el("blockquote", "citing", c.source ? el("span", "src", c.source) : null,
        c.before, c.mark ? el("mark", null, c.mark) : null, c.after));
    });
    panel.replaceChildren.apply(panel, parts);
    panel.dataset.node = id;
  }

  function goTo(id) {
    reveal(id);
    sync();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showPanel(id);
  }

  // ------------------------------------------------------------------ first view

  /** Smallest on-screen label size (px) of the first view: labels are legible. */
  var LEGIBLE_PX = 12;
  /** The first view shows the top levels up to about this many nodes. */
  var FIRST_VIEW_NODES = 40;

  /** The nodes shown first: the focused chain, else the top levels (whole bands). */
  function firstViewIds() {
    var shown = new Set(nodes.getIds());
    var ids = [];
    if (DATA.focus) {
      DATA.focus.nodes.forEach(function (id) {
        var n = byId.get(id);
        var rep = n && n._rep ? n._rep : id;
        if (shown.has(rep) && ids.indexOf(rep) < 0) { ids.push(rep); }
      });
      if (ids.length) { return ids; }
    }
    for (var i = 0; i < DATA.levels.length; i++) {
      var level = DATA.levels[i].code;
      var band = nodes.getIds().filter(function (id) {
        var n = byId.get(id) || clusterById.get(id);
        return n && n.level === level;
      });
      if (ids.length && ids.length + band.length > FIRST_VIEW_NODES) { break; }
      ids = ids.concat(band);
    }
    return ids;
  }

  /** Fit the first view's nodes, then zoom in until the smallest label font is legible. */
  function firstView() {
    var ids = firstViewIds();
    network.fit(ids.length ? { nodes: ids, animation: false } : { animation: false });
    var minFont = 14; // the smallest label size the page draws (document boxes)
    var fitted = network.getScale();
    var scale = Math.min(Math.max(fitted, LEGIBLE_PX / minFont), 1.6);
    var position = network.getViewPosition();
    if (scale > fitted) { // the chosen nodes do not all fit at a legible zoom
      if (DATA.focus && nodes.get(DATA.focus.id)) {
        position = network.getPositions([DATA.focus.id])[DATA.focus.id]; // the focus in the middle
      } else if (DATA.levels.length) { // the top band at the top of the view
        var height = network.canvas.frame.canvas.clientHeight;
        position = { x: position.x, y: DATA.levels[0].y_min - 70 + height / 2 / scale };
      }
    }
    network.moveTo({ position: position, scale: scale, animation: false });
  }

  // ------------------------------------------------------------------ search

  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var searchTimer = null;

  function runSearch() {
    var terms = fold(search.value).split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (!terms.length) { results.hidden = true; return; }
    var q = terms.join(" ");
    var hits = DATA.nodes.filter(function (n) {
      return terms.every(function (t) { return n._search.indexOf(t) >= 0; });
    });
    hits.sort(function (a, b) {
      var ka = fold(a.key).indexOf(q) === 0 ? 0 : 1, kb = fold(b.key).indexOf(q) === 0 ? 0 : 1;
      return ka - kb || a.label.localeCompare(b.label);
    });
    if (!hits.length) { results.appendChild(el("li", "empty", W.no_result)); }
    hits.slice(0, 30).forEach(function (n) {
      var li = el("li", null, n.label, el("span", "sub", [n.title, n.issuer].filter(Boolean).join(" — ")));
      li.dataset.id = n.id;
      li.addEventListener("click", function () { results.hidden = true; goTo(n.id); });
      results.appendChild(li);
    });
    results.hidden = false;
  }

  search.placeholder = W.search;
  document.getElementById("search-label").textContent = W.search_label;
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 120);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(searchTimer); // a pending search must not reopen the list after Enter
      runSearch();
      var first = results.querySelector("li[data-id]");
      results.hidden = true;
      if (first) { goTo(first.dataset.id); }
    } else if (ev.key === "Escape") {
      clearTimeout(searchTimer);
      results.hidden = true;
    }
  });

  // ------------------------------------------------------------------ wiring

  network.on("click", function (p) {
    if (!p.nodes.length) { return; }
    var id = p.nodes[0];
    if (clusterById.has(id)) { openCluster(id); return; }
    showPanel(id);
  });

  var btnFit = document.getElementById("btn-fit");
  var btnExpand = document.getElementById("btn-expand");
  var btnCollapse = document.getElementById("btn-collapse");
  btnFit.textContent = W.fit;
  btnExpand.textContent = W.expand_all;
  btnCollapse.textContent = W.collapse_all;
  btnFit.addEventListener("click", function () { network.fit({ animation: false }); });
  btnExpand.addEventListener("click", expandAll);
  btnCollapse.addEventListener("click", collapseAll);
  btnExpand.hidden = btnCollapse.hidden = !DATA.clusters.length;
  var unfocus = document.getElementById("btn-unfocus");
  unfocus.textContent = W.focus_clear;
  unfocus.addEventListener("click", function () { applyFocus(null); });
  document.getElementById("stats").textContent =
    DATA.nodes.length + " " + W.stats_nodes + " · " + DATA.edges.length + " " + W.stats_edges;

  buildLegend();
  showEmptyPanel();
  if (DATA.focus) { applyFocus(DATA.focus); } else { sync(); }
  firstView();
  network.once("afterDrawing", function () { document.body.dataset.ready = "1"; });
  network.redraw();

  window.vbkg = {
    network: network, nodes: nodes, edges: edges, data: DATA,
    chainOf: chainOf, applyFocus: applyFocus, goTo: goTo, showPanel: showPanel,
    expandAll: expandAll, collapseAll: collapseAll, openCluster: openCluster,
    collapsed: collapsed, sync: sync, firstView: firstView,
    /** On-screen boxes (DOM px, relative to the canvas) of the labels drawn in the view. */
    labelBoxes: function () {
      var scale = network.getScale(), out = [];
      var view = network.canvas.frame.canvas.getBoundingClientRect();
      nodes.getIds().forEach(function (id) {
        var body = network.body.nodes[id];
        if (!body || !body.labelModule || !body.labelModule.size) { return; }
        var sz = body.labelModule.size;
        if (!sz.width || !body.options.label) { return; }
        var tl = network.canvasToDOM({ x: sz.left, y: sz.top });
        var box = { id: id, x: tl.x, y: tl.y, width: sz.width * scale, height: sz.height * scale,
          font: body.labelModule.fontOptions.size * scale };
        if (box.x + box.width < 0 || box.y + box.height < 0 || box.x > view.width || box.y > view.height) { return; }
        out.push(box);
      });
      return out;
    },
    /** DOM position (relative to the canvas) of node or cluster id. */
    domPosition: function (id) { return network.canvasToDOM(network.getPositions([id])[id]); }
  };
  window.network = network;
}());
