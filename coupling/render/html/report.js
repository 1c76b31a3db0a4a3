// The report page: reads the JSON block, draws the matrix on a canvas, the graph as SVG, and
// fills the tables and unit panels. Data text only ever goes through textContent, never
// innerHTML, so unit names and file paths cannot inject markup.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const S = D.strings;
  const U = D.units;
  const N = U.length;
  const SVG = "http://www.w3.org/2000/svg";

  // ---- small DOM helpers ------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  function unitLink(i) {
    const a = el("a", { class: "unit", href: "#unit-" + i, text: U[i] ? U[i].name : "?" });
    a.addEventListener("click", (e) => { e.preventDefault(); openUnit(i); });
    return a;
  }
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }
  // A long list folds away so that the page stays scannable; a short one stays open.
  function foldable(title, count, body) {
    const d = el("details", { class: "fold" }, el("summary", {}, el("h3", { text: title + " (" + count + ")" })), body);
    d.open = count <= 12;
    return d;
  }
  function bar(value, label, cls) {
    const b = el("div", { class: "bar" + (cls ? " " + cls : "") });
    const fill = el("i");
    fill.style.width = Math.max(0, Math.min(1, value)) * 100 + "%";
    b.append(fill, el("b", { text: label }));
    return b;
  }

  // ---- lookups ----------------------------------------------------------------------------
  const cellIndex = new Map(); // row * N + column -> index in D.cells
  D.cells.forEach((c, k) => cellIndex.set(c[0] * N + c[1], k));
  const maxCount = D.cells.reduce((m, c) => Math.max(m, c[2]), 1);
  const groupOf = new Int32Array(N).fill(-1);
  D.groups.forEach((g, gi) => g.forEach((i) => { groupOf[i] = gi; }));
  function count(i, j) {
    const k = cellIndex.get(i * N + j);
    return k === undefined ? 0 : D.cells[k][2];
  }

  document.getElementById("summary").textContent = D.summary
    .map(([k, v]) => k + " " + v.toLocaleString("en")).join(" · ") + " · " + D.generator;

  // ---- the matrix -------------------------------------------------------------------------
  const canvas = document.getElementById("dsm");
  const scroller = document.getElementById("dsm-scroll");
  const hover = document.getElementById("dsm-hover");
  const cellPanel = document.getElementById("cell-panel");
  const ctx = canvas.getContext("2d");
  const LABEL_FONT = "12px system-ui, sans-serif";
  const m = { cell: 0, left: 0, top: 0, labels: false, fit: true, selected: null };
  // What the last draw painted, per row: tests compare it with coupling.json's matrix.
  let rendered = [];
  let groupBoxes = []; // the cycle-group outlines drawn, in canvas pixels
  const GROUP_OUTLINE = "#b0261c";

  function labelText(i) { return (i + 1) + "  " + U[i].name; }
  function labelWidth() {
    ctx.font = LABEL_FONT;
    let w = 0;
    for (let i = 0; i < N; i++) w = Math.max(w, ctx.measureText(labelText(i)).width);
    return Math.min(220, Math.ceil(w) + 14);
  }
  function layoutMatrix(cell) {
    // Room beside the cell panel on a wide window, the whole width on a narrow one.
    const wrap = scroller.parentElement.clientWidth;
    const room = Math.max(240, wrap > 900 ? wrap - 380 : wrap - 4);
    const wide = labelWidth();
    if (cell === undefined) {
      // Fit: the largest cell that fits beside the row labels, shown only when legible. Below
      // 4px a cell may be fractional so that 500 units still fit; zoom in to click precisely.
      const fit = (margin) => {
        const c = (room - margin) / Math.max(N, 1);
        return Math.min(36, c >= 4 ? Math.floor(c) : Math.max(1, c));
      };
      cell = fit(wide);
      if (cell < 9) cell = fit(40);
    }
    m.cell = cell;
    m.labels = cell >= 9;
    m.left = m.labels ? wide : 40;
    m.top = cell >= 14 ? 26 : 22;
  }
  function colour(c, below) {
    const t = Math.log(1 + c) / Math.log(1 + maxCount);
    // Tiny cells need darker ink to be seen at all.
    const light = m.cell >= 6 ? 90 - 52 * t : 62 - 34 * t;
    return below ? `hsl(4, 72%, ${light}%)` : `hsl(212, 62%, ${light}%)`;
  }
  function runs(indices) {
    // Contiguous runs of sorted indices: a cycle group is one block in levelised order,
    // but draw it right even if a producer ever interleaves groups.
    const out = [];
    for (const i of [...indices].sort((a, b) => a - b)) {
      const last = out[out.length - 1];
      if (last && last[1] === i - 1) last[1] = i; else out.push([i, i]);
    }
    return out;
  }
  function drawMatrix() {
    const { cell, left, top } = m;
    const w = Math.ceil(left + N * cell + 2), h = Math.ceil(top + N * cell + 2);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.ceil(w * dpr); canvas.height = Math.ceil(h * dpr);
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    canvas.dataset.units = String(N);
    canvas.dataset.cellSize = cell.toFixed(3);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = "#f1f3f6"; ctx.fillRect(left, top, N * cell, N * cell);
    ctx.fillStyle = "#c9ced8";
    for (let i = 0; i < N; i++) ctx.fillRect(left + i * cell, top + i * cell, cell, cell);
    rendered = Array.from({ length: N }, () => new Array(N).fill(0));
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.font = Math.min(12, cell - 5) + "px system-ui, sans-serif";
    for (const [i, j, c] of D.cells) {
      const x = left + j * cell, y = top + i * cell;
      ctx.fillStyle = colour(c, j < i);
      ctx.fillRect(x, y, cell, cell);
      rendered[i][j] = c;
      if (cell >= 18) {
        ctx.fillStyle = Math.log(1 + c) / Math.log(1 + maxCount) > 0.55 ? "#fff" : "#111";
        ctx.fillText(String(c), x + cell / 2, y + cell / 2 + 0.5);
      }
    }
    if (cell >= 6) {
      // Grid lines only where they do not swamp the cells.
      ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineWidth = 1;
      ctx.beginPath();
      for (let k = 0; k <= N; k++) {
        ctx.moveTo(left + k * cell + 0.5, top); ctx.lineTo(left + k * cell + 0.5, top + N * cell);
        ctx.moveTo(left, top + k * cell + 0.5); ctx.lineTo(left + N * cell, top + k * cell + 0.5);
      }
      ctx.stroke();
    }
    // Outlines snap to the pixel grid: with fractional cells (500 units) an unsnapped 1px line
    // smears into a faint pink.
    const lw = cell >= 6 ? 2 : 1;
    const snap = (v) => (lw === 1 ? Math.floor(v) + 0.5 : Math.round(v));
    ctx.strokeStyle = GROUP_OUTLINE; ctx.lineWidth = lw;
    groupBoxes = [];
    for (const g of D.groups) {
      for (const [a, b] of runs(g)) {
        const x0 = snap(left + a * cell + 1), y0 = snap(top + a * cell + 1);
        const box = [x0, y0, snap(left + (b + 1) * cell) - x0, snap(top + (b + 1) * cell) - y0];
        ctx.strokeRect(...box);
        groupBoxes.push({ first: a, last: b, x: box[0], y: box[1], w: box[2], h: box[3] });
      }
    }
    ctx.fillStyle = "#333"; ctx.font = LABEL_FONT;
    const every = m.labels ? 1 : Math.ceil(16 / cell);
    ctx.font = m.labels ? LABEL_FONT : "10px system-ui, sans-serif";
    ctx.textAlign = "right";
    for (let i = 0; i < N; i += every) {
      ctx.fillText(m.labels ? labelText(i) : String(i + 1), left - 6, top + (i + 0.5) * cell, left - 8);
    }
    ctx.textAlign = "center";
    const colEvery = Math.ceil((N >= 100 ? 34 : 24) / cell);
    for (let j = 0; j < N; j += colEvery) ctx.fillText(String(j + 1), left + (j + 0.5) * cell, top - 10);
    if (m.selected) {
      const [i, j] = m.selected;
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2;
      ctx.strokeRect(left + j * cell - 1, top + i * cell - 1, cell + 2, cell + 2);
    }
  }
  function cellFromEvent(e) {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const j = Math.floor((x - m.left) / m.cell), i = Math.floor((y - m.top) / m.cell);
    return { i, j, x, inRow: i >= 0 && i < N, inCol: j >= 0 && j < N };
  }
  function evidenceItem(ev) {
    const [file, line, importer, imported, namesRef, flags] = ev;
    const names = S[namesRef];
    const li = el("li", {}, el("code", { text: S[file] + ":" + line }), " " + S[importer] + " → " + S[imported]);
    if (names) li.append(" (" + names + ")");
    if (flags & 1) li.append(el("span", { class: "tag", text: "type checking" }));
    if (flags & 2) li.append(el("span", { class: "tag", text: "in function" }));
    return li;
  }
  function showCell(i, j) {
    m.selected = [i, j];
    drawMatrix();
    const k = cellIndex.get(i * N + j);
    const head = el("h3", {}, unitLink(i), " → ", unitLink(j));
    cellPanel.dataset.row = String(i); cellPanel.dataset.column = String(j);
    if (i === j) {
      cellPanel.replaceChildren(head, el("p", { class: "note", text: "The diagonal: a unit and itself." }));
      return;
    }
    if (k === undefined) {
      cellPanel.replaceChildren(head, el("p", { class: "note", text: U[i].name + " does not import " + U[j].name + "." }));
      return;
    }
    const [, , c, evidence] = D.cells[k];
    const p = el("p", { text: plural(c, "import statement") + " · " + plural(evidence.length, "module import") });
    if (j < i) p.append(el("span", { class: "tag cycle", text: "closes a cycle" }));
    const ul = el("ul", { id: "cell-evidence" });
    for (const ev of evidence) ul.append(evidenceItem(ev));
    cellPanel.replaceChildren(head, p, ul);
  }
  canvas.addEventListener("click", (e) => {
    const h = cellFromEvent(e);
    if (h.inRow && h.inCol) showCell(h.i, h.j);
    else if (h.inRow && h.x < m.left) openUnit(h.i);
  });
  canvas.addEventListener("mousemove", (e) => {
    const h = cellFromEvent(e);
    hover.textContent = h.inRow && h.inCol
      ? U[h.i].name + " → " + U[h.j].name + ": " + plural(count(h.i, h.j), "import statement")
      : h.inRow ? U[h.i].name : "";
  });
  canvas.addEventListener("keydown", (e) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (!moves[e.key]) return;
    e.preventDefault();
    const [i, j] = m.selected || [0, 0];
    const [di, dj] = m.selected ? moves[e.key] : [0, 0];
    showCell(Math.max(0, Math.min(N - 1, i + di)), Math.max(0, Math.min(N - 1, j + dj)));
  });
  function zoom(factor) {
    m.fit = factor === null;
    const next = m.fit ? undefined : m.cell * factor;
    layoutMatrix(next === undefined ? undefined : next >= 4 ? Math.min(48, Math.round(next)) : Math.max(1, next));
    drawMatrix();
  }
  document.getElementById("zoom-in").addEventListener("click", () => zoom(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1 / 1.5));
  document.getElementById("zoom-fit").addEventListener("click", () => zoom(null));
  window.addEventListener("resize", () => { if (m.fit) zoom(null); });

  // ---- the graph --------------------------------------------------------------------------
  // Grey: an import along the levelised order; orange: inside a cycle group; red and dashed:
  // against the order, so it closes a cycle.
  const EDGE_COLOUR = { plain: "#5d6b82", cycle: "#dd7a1f", back: "#c8372d" };
  const ROLE_FILL = { "shared kernel": "#fbe7b5", leaf: "#d6f0de", hub: "#e6dcf5", isolated: "#eeeeee" };
  function drawGraph() {
    const G = D.graph;
    const note = document.getElementById("graph-note");
    note.textContent = (G.nodes.length < G.total
      ? "The " + G.nodes.length + " most coupled of " + G.total + " units (the matrix shows all). "
      : G.total + " units. ") +
      (G.hiddenKernelEdges ? G.hiddenKernelEdges + " imports of shared kernels are left out (every unit has them; see the matrix's last columns). " : "") +
      "Columns follow the levelised order; edge width grows with import statements. Click a unit for its panel.";
    const W = G.nodeWidth, H = G.nodeHeight;
    const root = svg("svg", { width: G.width, height: G.height, viewBox: "0 0 " + G.width + " " + G.height, role: "img", "aria-label": "Unit graph" });
    const defs = svg("defs");
    for (const [kind, colourOf] of Object.entries(EDGE_COLOUR)) {
      const id = "arrow-" + kind;
      // userSpaceOnUse: the arrowhead keeps its size whatever the edge's width.
      const mk = svg("marker", { id, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "8", markerHeight: "8", markerUnits: "userSpaceOnUse", orient: "auto" });
      mk.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colourOf }));
      defs.append(mk);
    }
    root.append(defs);
    const edges = svg("g", { fill: "none" });
    const labels = svg("g");
    const showLabels = G.edges.length <= 200;
    for (const [s, t, c, flags, xy] of G.edges) {
      // Waypoints alternate: a curve from an even point to the next, a straight run from an
      // odd one (an edge crossing a column between boxes); an arc when both ends share a column.
      let d = `M${xy[0]},${xy[1]}`;
      for (let k = 2; k < xy.length; k += 2) {
        const [px, py, qx, qy] = [xy[k - 2], xy[k - 1], xy[k], xy[k + 1]];
        if (flags & 4) d += ` C${px + 70},${py} ${qx + 70},${qy} ${qx},${qy}`;
        else if ((k / 2) % 2 === 1) { const mx = (px + qx) / 2; d += ` C${mx},${py} ${mx},${qy} ${qx},${qy}`; }
        else d += ` L${qx},${qy}`;
      }
      const kind = flags & 2 ? "back" : flags & 1 ? "cycle" : "plain";
      const path = svg("path", {
        d, stroke: EDGE_COLOUR[kind], "stroke-opacity": kind === "plain" ? "0.45" : "0.75",
        "stroke-width": Math.min(7, 0.8 + 0.9 * Math.log2(1 + c)).toFixed(2),
        "marker-end": "url(#arrow-" + kind + ")", class: "edge " + kind,
      });
      if (flags & 2) path.setAttribute("stroke-dasharray", "6 3");
      path.dataset.source = String(s); path.dataset.target = String(t); path.dataset.imports = String(c);
      const title = svg("title"); title.textContent = U[s].name + " → " + U[t].name + ": " + plural(c, "import statement");
      path.append(title);
      edges.append(path);
      if (showLabels) {
        // Mid-way along a long edge's straight runs (clear of boxes), or mid-curve for a short one.
        const runs = (xy.length - 4) / 4; // dummies crossed
        let lx, ly;
        if (runs >= 1 && !(flags & 4)) {
          const k = 2 + 4 * Math.floor((runs - 1) / 2); // entry point of the middle dummy
          lx = (xy[k] + xy[k + 2]) / 2; ly = xy[k + 1] - 2;
        } else if (flags & 4) { lx = xy[0] + 52; ly = (xy[1] + xy[3]) / 2 + 3; }
        else { lx = (xy[0] + xy[2]) / 2; ly = (xy[1] + xy[3]) / 2 + 3; }
        const text = svg("text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": "middle", class: "edge-label" });
        text.textContent = String(c);
        labels.append(text);
      }
    }
    root.append(edges);
    const nodes = svg("g");
    for (const [u, , x, y] of G.nodes) {
      const g = svg("g", { class: "node", transform: `translate(${x},${y})` });
      g.dataset.unit = String(u);
      const inCycle = groupOf[u] >= 0;
      g.append(svg("rect", { width: W, height: H, rx: 5, fill: ROLE_FILL[U[u].role] || "#dbe8f6", stroke: inCycle ? "#c8372d" : "#7d8aa0", "stroke-width": inCycle ? 2 : 1 }));
      const name = U[u].name;
      const text = svg("text", { x: 8, y: 16 });
      text.textContent = name.length > 20 ? name.slice(0, 19) + "…" : name;
      const title = svg("title"); title.textContent = name + (U[u].role ? " (" + U[u].role + ")" : "");
      g.append(text, title);
      g.addEventListener("click", () => openUnit(u));
      nodes.append(g);
    }
    root.append(nodes, labels);
    const legend = el("div", { class: "legend" });
    for (const [label, fill] of [["leaf", ROLE_FILL.leaf], ["core", "#dbe8f6"], ["hub", ROLE_FILL.hub], ["shared kernel", ROLE_FILL["shared kernel"]]]) {
      const sw = el("span", { class: "swatch" }); sw.style.background = fill;
      legend.append(el("span", {}, sw, label));
    }
    const ring = el("span", { class: "swatch" }); ring.style.borderColor = "#c8372d"; ring.style.borderWidth = "2px";
    legend.append(el("span", {}, ring, "in a cycle group"));
    for (const [kind, label] of [["plain", "import"], ["cycle", "inside a cycle group"], ["back", "against the order: closes a cycle"]]) {
      const line = el("span", { class: "swatch line " + kind }); line.style.borderTopColor = EDGE_COLOUR[kind];
      legend.append(el("span", {}, line, label));
    }
    const box = document.getElementById("graph-scroll");
    box.before(legend);
    box.append(root);
  }

  // ---- the ranking ------------------------------------------------------------------------
  function drawRanking() {
    const table = document.getElementById("ranking-table");
    // The header shows a factor's weight when every unit that knows the factor shares it.
    const weights = D.factorNames.map(() => null);
    for (const u of U) for (const [f, v, w] of u.factors) {
      if (v === null) continue;
      weights[f] = weights[f] === null || weights[f] === w ? w : NaN;
    }
    const head = el("tr", {}, el("th", { text: "#" }), el("th", { text: "unit" }), el("th", { text: "role" }), el("th", { text: "score /10" }));
    D.factorNames.forEach((name, f) => head.append(el("th", { text: name + (weights[f] === null || Number.isNaN(weights[f]) ? "" : " ×" + weights[f]) })));
    const body = el("tbody");
    const ranked = U.map((u, i) => i).filter((i) => U[i].score !== null)
      .sort((a, b) => (U[a].rank ?? 1e9) - (U[b].rank ?? 1e9) || U[b].score - U[a].score || a - b);
    for (const i of ranked) {
      const u = U[i];
      const tr = el("tr", { "data-unit": String(i) },
        el("td", { class: "num", text: u.rank === null ? "–" : String(u.rank) }),
        el("td", {}, unitLink(i)), el("td", { text: u.role || "" }),
        el("td", {}, bar(u.score / 10, u.score.toFixed(1), "score")));
      const byFactor = new Map(u.factors.map(([f, v, w]) => [f, [v, w]]));
      D.factorNames.forEach((name, f) => {
        const fw = byFactor.get(f);
        const td = el("td");
        if (fw && fw[0] === null) td.append(el("span", { class: "note", text: "unknown" }));
        else if (fw) {
          td.append(bar(fw[0], fw[0].toFixed(2)));
          td.title = name + ": " + fw[0].toFixed(2) + " × " + fw[1] + " = " + (fw[0] * fw[1] * 10).toFixed(2) + " points";
        }
        tr.append(td);
      });
      body.append(tr);
    }
    table.replaceChildren(el("thead", {}, head), body);
  }

  // ---- risks ------------------------------------------------------------------------------
  function drawRisks() {
    const table = document.getElementById("risk-table");
    const cols = ["unit", "level", "id", "risk", "likelihood", "impact", "severity", "evidence", "mitigation"];
    const head = el("tr", {}, ...cols.map((c) => el("th", { text: c })));
    const body = el("tbody");
    for (const [u, level, id, title, lik, imp, sev, evidence, mitigation, samples] of D.risks) {
      const ev = el("td", { text: evidence });
      if (samples.length) ev.append(el("ul", { class: "plain" }, ...samples.map((s) => el("li", {}, el("code", { text: s })))));
      body.append(el("tr", {},
        el("td", {}, u >= 0 ? unitLink(u) : "?"), el("td", { class: "level-" + level, text: level }),
        el("td", { class: "mono", text: id }), el("td", { text: title }), el("td", { text: lik }),
        el("td", { text: imp }), el("td", { class: "num", text: String(sev) }), ev, el("td", { text: mitigation })));
    }
    if (!D.risks.length) body.append(el("tr", {}, el("td", { colspan: "9", text: "No risk found." })));
    table.replaceChildren(el("thead", {}, head), body);
  }

  // ---- cycles -----------------------------------------------------------------------------
  function drawCycles() {
    const box = document.getElementById("cycle-list");
    if (!D.groups.length) { box.append(el("p", { text: "No cycle between units." })); return; }
    const groups = el("ol");
    for (const g of D.groups) {
      const li = el("li", { text: g.length + " units: " });
      g.forEach((i, k) => { if (k) li.append(", "); li.append(unitLink(i)); });
      groups.append(li);
    }
    box.append(el("h3", { text: "Cycle groups" }), groups);
    if (D.cycles.length) {
      const list = el("ol");
      for (const c of D.cycles) {
        const li = el("li", { text: c.units.map((i) => (U[i] ? U[i].name : "?")).join(" → ") + " → " + (U[c.units[0]] ? U[c.units[0]].name : "?") });
        const hops = el("ul");
        for (const [s, t, n, early, file, line] of c.hops) {
          hops.append(el("li", {}, (U[s] ? U[s].name : "?") + " → " + (U[t] ? U[t].name : "?") + ": " + plural(n, "import") + ", " + (early ? "at import time" : "lazy") + " ", el("code", { text: S[file] + ":" + line })));
        }
        li.append(hops);
        list.append(li);
      }
      box.append(foldable("Cycles listed", D.cycles.length, list));
    }
    if (D.breakers.length) {
      const ul = el("ul");
      for (const [a, b, where] of D.breakers) ul.append(el("li", {}, a + " → " + b + " ", ...where.map((w) => el("code", { text: w + " " }))));
      box.append(foldable("Imports to cut", D.breakers.length, ul));
    }
  }

  // ---- one panel per unit, filled when first opened ---------------------------------------
  const panels = [];
  function unitPanelBody(i) {
    const u = U[i];
    const facts = el("dl");
    for (const [k, v] of u.metrics) facts.append(el("dt", { text: k }), el("dd", { text: v }));
    const score = el("div", {}, el("h3", { text: u.score === null ? "Not scored" : "Score " + u.score.toFixed(1) + " / 10" }));
    for (const [f, v, w] of u.factors) {
      if (v === null) { score.append(el("div", { class: "factor-row" }, el("span", { text: D.factorNames[f] }), el("span", { class: "note", text: "unknown (no input)" }))); continue; }
      score.append(el("div", { class: "factor-row" }, el("span", { text: D.factorNames[f] }), bar(v, v.toFixed(2)),
        el("span", { class: "note", text: "× " + w + " = " + (v * w * 10).toFixed(2) })));
    }
    if (u.rationale) score.append(el("p", { text: u.rationale }));
    if (u.recommendation) score.append(el("p", {}, el("strong", { text: "Recommendation: " }), u.recommendation));
    const out = [], inn = [];
    for (const [r, c, n] of D.cells) { if (r === i) out.push([c, n]); if (c === i) inn.push([r, n]); }
    const deps = el("div");
    for (const [title, list, outgoing] of [["Imports", out, true], ["Imported by", inn, false]]) {
      list.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const ul = el("ul", { class: "plain" });
      for (const [other, n] of list.slice(0, 60)) {
        const show = el("a", { class: "unit", href: "#matrix", text: plural(n, "import") });
        show.addEventListener("click", (e) => { e.preventDefault(); revealCell(outgoing ? i : other, outgoing ? other : i); showCell(outgoing ? i : other, outgoing ? other : i); });
        ul.append(el("li", {}, unitLink(other), " · ", show));
      }
      if (list.length > 60) ul.append(el("li", { class: "note", text: "… and " + (list.length - 60) + " more" }));
      deps.append(el("h3", { text: title + " (" + plural(list.length, "unit") + ")" }), ul);
    }
    const risks = D.risks.filter((r) => r[0] === i);
    const riskList = el("div", {}, el("h3", { text: "Risks (" + risks.length + ")" }));
    const ul = el("ul");
    for (const r of risks) ul.append(el("li", {}, el("span", { class: "mono", text: r[2] + " " }), r[3] + " (severity " + r[6] + "): " + r[7]));
    riskList.append(ul);
    if (groupOf[i] >= 0) riskList.append(el("p", {}, el("span", { class: "tag cycle", text: "cycle group " + (groupOf[i] + 1) })));
    return el("div", {}, facts, score, deps, riskList);
  }
  function drawUnitPanels() {
    const box = document.getElementById("unit-panels");
    for (let i = 0; i < N; i++) {
      const u = U[i];
      const sum = el("summary", {}, el("strong", { text: u.name }),
        " · " + (u.role || "unit") + (u.score === null ? "" : " · " + u.score.toFixed(1) + "/10") + (groupOf[i] >= 0 ? " · in cycle group " + (groupOf[i] + 1) : ""));
      const d = el("details", { class: "unit-panel", id: "unit-" + i, "data-unit": u.name }, sum);
      d.addEventListener("toggle", () => { if (d.open && d.childElementCount === 1) d.append(unitPanelBody(i)); });
      panels.push(d);
      box.append(d);
    }
  }
  function openUnit(i) {
    const d = panels[i];
    if (!d) return;
    d.open = true;
    if (d.childElementCount === 1) d.append(unitPanelBody(i));
    d.scrollIntoView({ block: "start" });
  }

  // ---- the test hook ----------------------------------------------------------------------
  // A canvas has no DOM cells, so tests read the model the last draw painted and click at the
  // coordinates this returns.
  function revealCell(i, j) {
    const cx = m.left + (j + 0.5) * m.cell, cy = m.top + (i + 0.5) * m.cell;
    scroller.scrollLeft = cx - scroller.clientWidth / 2;
    scroller.scrollTop = cy - scroller.clientHeight / 2;
    let r = canvas.getBoundingClientRect();
    if (r.top + cy < 100 || r.top + cy > window.innerHeight - 20) {
      window.scrollBy(0, r.top + cy - window.innerHeight / 2);
      r = canvas.getBoundingClientRect();
    }
    return { x: r.left + cx, y: r.top + cy };
  }

  // Milliseconds per part, for the tests' performance budget at 500 units.
  const timings = {};
  const timed = (name, draw) => { const t = performance.now(); draw(); timings[name] = Math.round(performance.now() - t); };
  timed("matrix", () => { layoutMatrix(); drawMatrix(); });
  timed("graph", drawGraph);
  timed("ranking", drawRanking);
  timed("risks", drawRisks);
  timed("cycles", drawCycles);
  timed("units", drawUnitPanels);
  const wanted = /^#unit-(\d+)$/.exec(location.hash);
  if (wanted) openUnit(Number(wanted[1]));

  window.__report = {
    order: U.map((u) => u.name),
    rowCounts: (i) => rendered[i].slice(),
    rowLengths: () => rendered.map((row) => row.length),
    groupBoxes: () => groupBoxes.map((b) => ({ ...b })),
    // The painted non-zero cells as [row, column, count]: a 500-unit matrix in a few KB.
    paintedCells: () => rendered.flatMap((row, i) => row.flatMap((c, j) => (c ? [[i, j, c]] : []))),
    cellSize: () => m.cell,
    revealCell,
    selected: () => m.selected,
    graph: () => ({ nodes: D.graph.nodes.length, edges: D.graph.edges.length, total: D.graph.total }),
    timings,
    ready: true,
  };
})();
