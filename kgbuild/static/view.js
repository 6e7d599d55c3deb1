/* kgbuild view: the page's own script (inlined into the HTML by kgbuild/view.py).
 *
 * Reads the graph from #kg-data, lays it out with ForceAtlas2 and draws it with sigma.js (WebGL), and
 * wires the search, the filters and the details panel. Every text from the data reaches the page through
 * textContent, never as HTML. window.kgView exposes the state to scripts and tests; <body data-state>
 * is "loading", then "ready" (interactive) or "error"; data-layout is "running" or "done".
 */
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const message = $("message");
  const timings = {};

  function fail(text) {
    message.textContent = text;
    message.hidden = false;
    body.dataset.state = "error";
  }

  window.addEventListener("error", (ev) => {
    if (body.dataset.state === "loading") fail("The page stopped on an error: " + ev.message);
  });
  const libs = window.KgbuildGraphLibs;
  if (!libs) return fail("The graph libraries in this page did not load.");
  let DATA;
  try {
    DATA = JSON.parse($("kg-data").textContent);
  } catch (e) {
    return fail("The graph data in this page is damaged: " + e.message);
  }
  timings.parsed = performance.now();

  const PERSON = "Person";
  const DIM_NODE = "#e2e4e9";
  const DIM_EDGE = "#eceef2";
  const SELECTED_EDGE = "#2a2c34";
  const { nodes, edges: stmts, docs, style } = DATA;
  const nodeStyle = (label) => style.labels[label] || { color: "#A5ABB6", border: "#9AA1AC", diameter: 50 };
  const typeStyle = (type) => style.types[type] || { color: "#A5ABB6", width: 2 };

  // ---------------------------------------------------------------- DOM helper (text only, never HTML)
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "style") Object.assign(e.style, v);
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }
  const fill = (parent, ...kids) => parent.replaceChildren(...el("div", null, ...kids).childNodes);
  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many || one + "s"}`;

  // ---------------------------------------------------------------- derived data
  // One drawn line per pair of entities and relation type; it carries every statement between them.
  const pairs = [];
  const pairIndex = new Map();
  const adjacency = nodes.map(() => []);
  stmts.forEach((e, i) => {
    if (e.s === e.t) return;
    const key = `${e.type}|${Math.min(e.s, e.t)}|${Math.max(e.s, e.t)}`;
    let p = pairs[pairIndex.get(key)];
    if (!p) {
      p = { key, s: e.s, t: e.t, type: e.type, stmts: [] };
      pairIndex.set(key, pairs.length);
      adjacency[e.s].push(pairs.length);
      adjacency[e.t].push(pairs.length);
      pairs.push(p);
    }
    p.stmts.push(i);
  });
  // Drawn: people, and the entities some relation joins. An entity the articles only mention stays
  // findable by the search (its names and documents) but has no place in the picture.
  const drawn = nodes.map((n, i) => n.label === PERSON || adjacency[i].length > 0);
  const drawnCount = drawn.filter(Boolean).length;
  const stmtDate = stmts.map((e) => e.date || (e.d >= 0 && docs[e.d] && docs[e.d].published) || "");

  // Relation types from the data: those between people, those from people to other entities, the rest.
  const types = {};
  for (const e of stmts) {
    const t = (types[e.type] = types[e.type] || { count: 0, between: true, touches: false });
    const people = (nodes[e.s].label === PERSON) + (nodes[e.t].label === PERSON);
    t.count += 1;
    if (people < 2) t.between = false;
    if (people > 0) t.touches = true;
  }
  const typeGroup = (t) => (types[t].between ? 0 : types[t].touches ? 1 : 2);
  const GROUPS = ["between people", "people and other entities", "between other entities"];
  const typeOrder = Object.keys(types).sort((a, b) => typeGroup(a) - typeGroup(b) || types[b].count - types[a].count || a.localeCompare(b));

  const labelCount = {};
  nodes.forEach((n, i) => { if (drawn[i]) labelCount[n.label] = (labelCount[n.label] || 0) + 1; });
  const labelOrder = Object.keys(labelCount).sort((a, b) => (b === PERSON) - (a === PERSON) || labelCount[b] - labelCount[a] || a.localeCompare(b));

  // Search keys: every alias folded to lower case without accents or punctuation.
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const searchKeys = nodes.map((n) => {
    const seen = new Map();
    for (const s of [n.name, ...(n.aliases || [])]) {
      const f = fold(s);
      if (f && !seen.has(f)) seen.set(f, s);
    }
    return [...seen].map(([f, s]) => ({ f, s }));
  });

  // ---------------------------------------------------------------- filters
  const defaults = () => ({
    types: Object.fromEntries(typeOrder.map((t) => [t, types[t].touches])),
    labels: Object.fromEntries(labelOrder.map((l) => [l, true])),
    isolated: true,
    doc: -1,
    from: "",
    to: "",
  });
  let F = defaults();
  const stmtOn = new Uint8Array(stmts.length);
  const pairOn = new Uint8Array(pairs.length);
  const nodeOn = new Uint8Array(nodes.length);
  const shown = { nodes: 0, pairs: 0, stmts: 0 };
  // A date may be a year or a month: it passes when its period overlaps the range.
  const earliest = (d) => (d.length === 4 ? d + "-00-00" : d.length === 7 ? d + "-00" : d);
  const latest = (d) => (d.length === 4 ? d + "-99-99" : d.length === 7 ? d + "-99" : d);
  const dateOk = (d) => (!F.from && !F.to) || (!!d && (!F.from || latest(d) >= F.from) && (!F.to || earliest(d) <= F.to));

  function computeVisibility() {
    const narrowed = F.doc >= 0 || F.from || F.to;
    shown.stmts = 0;
    for (let i = 0; i < stmts.length; i++) {
      const e = stmts[i];
      const on = F.types[e.type] && F.labels[nodes[e.s].label] && F.labels[nodes[e.t].label] &&
        (F.doc < 0 || e.d === F.doc) && dateOk(stmtDate[i]);
      stmtOn[i] = on ? 1 : 0;
      shown.stmts += stmtOn[i];
    }
    nodeOn.fill(0);
    shown.pairs = 0;
    pairs.forEach((p, j) => {
      pairOn[j] = p.stmts.some((i) => stmtOn[i]) ? 1 : 0;
      if (pairOn[j]) {
        nodeOn[p.s] = nodeOn[p.t] = 1;
        shown.pairs += 1;
      }
    });
    if (F.isolated && F.labels[PERSON]) {
      nodes.forEach((n, i) => {
        if (nodeOn[i] || n.label !== PERSON) return;
        if (!narrowed || (n.docs || []).some((d) => (F.doc < 0 || d === F.doc) && dateOk(docs[d].published || ""))) nodeOn[i] = 1;
      });
    }
    shown.nodes = nodeOn.reduce((a, b) => a + b, 0);
    $("counts").textContent = `${plural(shown.nodes, "entity", "entities")} and ${plural(shown.pairs, "connection")} ` +
      `shown (of ${drawnCount.toLocaleString("en")} and ${pairs.length.toLocaleString("en")}), ` +
      `from ${plural(docs.length, "document")}`;
  }

  // ---------------------------------------------------------------- the graph and its layout
  const graph = new libs.Graph({ type: "undirected", multi: true, allowSelfLoops: false });
  const big = drawnCount > 1000;
  const scale = drawnCount > 2000 ? 0.45 : drawnCount > 500 ? 0.7 : 1; // smaller marks in a crowded picture
  const fnv = (s) => {
    let h = 0x811c9dc5;
    for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    return h >>> 0;
  };
  const radius = 10 * Math.sqrt(drawnCount + 1);
  nodes.forEach((n, i) => {
    if (!drawn[i]) return;
    const h = fnv(n.id); // the same start, so the same picture, every time the page opens
    const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
    const r = radius * Math.sqrt(((h >>> 16) + 1) / 0x10000);
    const st = nodeStyle(n.label);
    const size = (st.diameter / 10) * scale * Math.min(3, 0.7 + 0.3 * Math.sqrt(adjacency[i].length + 1));
    graph.addNode(String(i), { x: r * Math.cos(angle), y: r * Math.sin(angle), size, color: st.color, label: n.name });
  });
  pairs.forEach((p) => {
    const st = typeStyle(p.type);
    const weight = 1 + Math.log2(p.stmts.length);
    graph.addEdgeWithKey(p.key, String(p.s), String(p.t), { size: st.width * scale * weight, color: st.color, weight });
  });
  timings.built = performance.now();

  const fa2 = libs.forceAtlas2;
  // Strong gravity packs the many small groups of a news corpus around the big one instead of far away.
  const fa2Settings = Object.assign(fa2.inferSettings(graph), { barnesHutOptimize: graph.order > 400, gravity: 1 });
  const layoutState = { iterations: 0, syncMs: 0, workerMs: 0, running: false };
  let worker = null;
  let workerTimer = null;
  let workerStart = 0;
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

  // A bounded run before the first paint (at most ~1.5 s), so the first picture is already readable. A small
  // graph always gets all its iterations: the same picture on every machine.
  async function layoutBeforePaint() {
    if (graph.order < 2) return 0;
    const target = graph.order <= 1500 ? 600 : 300;
    const budget = graph.order <= 200 ? Infinity : 1500;
    const chunk = Math.max(1, Math.round(20000 / Math.max(1, graph.order))); // fixed, so runs are repeatable
    const start = performance.now();
    while (layoutState.iterations < target && performance.now() - start < budget) {
      const n = Math.min(chunk, target - layoutState.iterations);
      fa2.assign(graph, { iterations: n, settings: fa2Settings, getEdgeWeight: "weight" });
      layoutState.iterations += n;
      const done = Math.max(layoutState.iterations / target, (performance.now() - start) / budget);
      message.textContent = `Laying out ${plural(graph.order, "node")}… ${Math.min(99, Math.round(100 * done))}%`;
      await nextTask();
    }
    layoutState.syncMs = performance.now() - start;
    // What is left runs in a web worker after the first paint, while the page is already usable.
    const perIteration = layoutState.syncMs / Math.max(1, layoutState.iterations);
    return layoutState.iterations >= target ? 0 : Math.min(20000, (target - layoutState.iterations) * perIteration * 1.5);
  }

  // The worker lays out a copy of the graph; its positions reach the drawing at most once per few frames, so
  // redrawing (slow where WebGL runs in software) never swamps the page while the layout improves.
  let layoutGraph = null;
  let pumpTimer = null;

  function copyPositions() {
    graph.updateEachNodeAttributes((node, attr) => {
      const p = layoutGraph.getNodeAttributes(node);
      attr.x = p.x;
      attr.y = p.y;
      return attr;
    }, { attributes: ["x", "y"] });
  }

  function pump() {
    if (!layoutState.running) return;
    copyPositions();
    const t = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      pumpTimer = setTimeout(pump, Math.max(200, 3 * (performance.now() - t)));
    }));
  }

  function startWorker(ms) {
    if (!libs.FA2Layout || ms <= 0 || layoutState.running) return;
    try {
      if (!worker) {
        layoutGraph = graph.copy();
        worker = new libs.FA2Layout(layoutGraph, { settings: fa2Settings, getEdgeWeight: "weight" });
      }
      worker.start();
    } catch (e) {
      worker = null; // no workers (a locked-down browser): the bounded run above stays the layout
      return;
    }
    layoutState.running = true;
    workerStart = performance.now();
    body.dataset.layout = "running";
    updateLayoutControls();
    workerTimer = setTimeout(stopWorker, ms);
    pumpTimer = setTimeout(pump, 200);
  }

  function stopWorker() {
    clearTimeout(workerTimer);
    clearTimeout(pumpTimer);
    if (!layoutState.running) return;
    worker.stop();
    copyPositions();
    layoutState.workerMs += performance.now() - workerStart;
    layoutState.running = false;
    body.dataset.layout = "done";
    updateLayoutControls();
  }

  function updateLayoutControls() {
    const button = $("layout");
    button.hidden = !libs.FA2Layout;
    button.textContent = layoutState.running ? "Stop" : "Improve";
    $("layout-state").textContent = layoutState.running ? "Layout improving…" : "Layout:";
  }

  // ---------------------------------------------------------------- selection and highlighting
  let selection = null; // {kind: "node", i} or {kind: "edge", j}
  let focusNodes = null;
  let focusPairs = null;
  let renderer = null;

  function setFocus() {
    focusNodes = focusPairs = null;
    if (!selection) return;
    focusNodes = new Set();
    focusPairs = new Set();
    if (selection.kind === "node") {
      focusNodes.add(selection.i);
      for (const j of adjacency[selection.i]) {
        if (!pairOn[j]) continue;
        focusPairs.add(j);
        focusNodes.add(pairs[j].s);
        focusNodes.add(pairs[j].t);
      }
    } else {
      const p = pairs[selection.j];
      focusPairs.add(selection.j);
      focusNodes.add(p.s);
      focusNodes.add(p.t);
    }
  }

  function nodeReducer(key, data) {
    const i = +key;
    const selected = selection && selection.kind === "node" && selection.i === i;
    const res = Object.assign({}, data);
    if (!nodeOn[i] && !selected && !(focusNodes && selection.kind === "edge" && focusNodes.has(i))) res.hidden = true;
    if (focusNodes) {
      if (focusNodes.has(i)) {
        res.zIndex = 1;
        res.forceLabel = true;
      } else {
        res.color = DIM_NODE;
        res.label = null;
        res.zIndex = 0;
      }
    }
    if (selected) {
      res.highlighted = true;
      res.zIndex = 2;
    }
    return res;
  }

  function edgeReducer(key, data) {
    const j = pairIndex.get(key);
    const selected = selection && selection.kind === "edge" && selection.j === j;
    const res = Object.assign({}, data);
    if (!pairOn[j] && !selected) res.hidden = true;
    if (focusPairs && !focusPairs.has(j)) res.color = DIM_EDGE;
    if (selected) {
      res.color = SELECTED_EDGE;
      res.size = Math.max(2.5, data.size * 1.8);
      res.zIndex = 2;
    } else if (focusPairs && focusPairs.has(j)) res.zIndex = 1;
    return res;
  }

  function refresh() {
    setFocus();
    if (renderer) renderer.refresh();
  }

  // Centre the camera on node i, zoomed so that the neighbours drawn around it are in view too.
  function center(i) {
    const d = renderer.getNodeDisplayData(String(i));
    if (!d) return;
    let reach = 0;
    for (const k of focusNodes || []) {
      const o = renderer.getNodeDisplayData(String(k));
      if (o && !o.hidden) reach = Math.max(reach, Math.abs(o.x - d.x), Math.abs(o.y - d.y));
    }
    const ratio = Math.min(1, Math.max(0.03, reach * 2.8));
    const start = performance.now();
    delete body.dataset.focus;
    // data-focus: the camera has arrived and the frame there (lines and picking included) is drawn.
    renderer.getCamera().animate({ x: d.x, y: d.y, ratio }, { duration: 400 }).then(() => renderer.once("afterRender", () => {
      timings.focusMs = performance.now() - start;
      body.dataset.focus = nodes[i].id;
    }));
  }

  function selectNode(i, opts) {
    selection = { kind: "node", i };
    refresh();
    showNode(i);
    if (opts && opts.center) center(i);
  }

  function selectEdge(j) {
    selection = { kind: "edge", j };
    refresh();
    showEdge(j);
  }

  function clearSelection() {
    selection = null;
    refresh();
    showHint();
  }

  // ---------------------------------------------------------------- details panel
  const panel = $("details");
  const chip = (label) => el("span", { class: "chip", style: { background: nodeStyle(label).color } }, label);
  const nodeLink = (i) => el("button", { class: "link", type: "button", onclick: () => selectNode(i, { center: true }) }, nodes[i].name);

  function docLink(d) {
    const doc = docs[d];
    return el("span", null,
      el("button", { class: "link", type: "button", title: "show only this document", onclick: () => setDocument(d) },
        doc.title || doc.id),
      el("span", { class: "muted" }, ` (${doc.id}${doc.published ? ", " + doc.published : ""})`));
  }

  function showHint() {
    fill(panel, el("p", { class: "hint" },
      "Click a name or a line for its details and the sentences behind it. Scroll to zoom, drag to move."));
  }

  function showNode(i) {
    const n = nodes[i];
    const reasons = n.reasons || {};
    const aliases = [...new Set([...(n.aliases || []), ...Object.keys(reasons)])].sort((a, b) => a.localeCompare(b));
    const rel = adjacency[i].slice().sort((a, b) => pairs[a].type.localeCompare(pairs[b].type) ||
      nodes[other(a, i)].name.localeCompare(nodes[other(b, i)].name));
    const extra = Object.entries(n.props || {});
    fill(panel,
      el("h2", { class: "title" }, n.name),
      el("p", null, chip(n.label), n.country ? `country ${n.country} ` : null, el("span", { class: "muted" }, n.id)),
      !drawn[i] ? el("p", { class: "hint" }, "Not drawn: the articles mention it but state no relation with it.")
        : nodeOn[i] ? null : el("p", { class: "hint" }, "Hidden by the current filters; shown while selected."),
      aliases.length ? [el("h3", null, "Known as (why each name joined)"), el("ul", { class: "plain aliases" }, aliases.map((a) => {
        const r = reasons[a] || {};
        return el("li", null, el("strong", null, a), r.reason ? el("div", { class: "reason" }, r.reason) : null,
          (r.documents || []).length ? el("div", { class: "reason" }, "in ", r.documents.join(", ")) : null);
      }))] : null,
      rel.length ? [el("h3", null, `Relations (${rel.length})`), el("ul", { class: "plain relations" }, rel.slice(0, 200).map((j) => {
        const p = pairs[j];
        return el("li", { class: pairOn[j] ? null : "muted" },
          el("span", { class: "line", style: { background: typeStyle(p.type).color } }), " ",
          el("button", { class: "link", type: "button", onclick: () => selectEdge(j) }, p.type), " ",
          nodeLink(other(j, i)), el("span", { class: "muted" }, ` ${plural(p.stmts.length, "statement")}`));
      }), rel.length > 200 ? el("li", { class: "muted" }, `… ${rel.length - 200} more`) : null)] : null,
      (n.docs || []).length ? [el("h3", null, `Documents (${n.docs.length})`),
        el("ul", { class: "plain documents" }, n.docs.map((d) => el("li", null, docLink(d))))] : null,
      extra.length ? [el("h3", null, "Properties"), props(extra)] : null);
  }

  const other = (j, i) => (pairs[j].s === i ? pairs[j].t : pairs[j].s);

  function props(entries) {
    return el("dl", { class: "props" }, entries.map(([k, v]) => [el("dt", null, k),
      el("dd", null, typeof v === "object" ? JSON.stringify(v) : String(v))]));
  }

  function evidence(text, trigger) {
    const q = el("blockquote", { class: "evidence" });
    const t = trigger ? String(trigger) : "";
    const k = t ? text.toLowerCase().indexOf(t.toLowerCase()) : -1;
    if (k >= 0 && text.slice(k, k + t.length).toLowerCase() === t.toLowerCase()) {
      q.append(text.slice(0, k), el("mark", null, text.slice(k, k + t.length)), text.slice(k + t.length));
    } else q.append(text);
    return q;
  }

  const SHOWN_FIRST = ["title", "date", "place", "trigger", "rule", "confidence", "status"];

  function showEdge(j) {
    const p = pairs[j];
    const list = p.stmts.slice().sort((a, b) => stmtOn[b] - stmtOn[a] || stmtDate[a].localeCompare(stmtDate[b]));
    fill(panel,
      el("h2", { class: "title" }, nodeLink(p.s), " ",
        el("span", { class: "chip", style: { background: typeStyle(p.type).color } }, p.type), " ", nodeLink(p.t)),
      el("p", { class: "muted" }, `${plural(list.length, "statement")} in the articles`),
      list.map((i) => {
        const e = stmts[i];
        const pr = e.p || {};
        const rows = [];
        if (e.d >= 0 && docs[e.d]) rows.push(["document", docLink(e.d)]);
        for (const k of SHOWN_FIRST) if (pr[k] !== undefined) rows.push([k, String(pr[k])]);
        for (const [k, v] of Object.entries(pr)) {
          if (k !== "evidence" && !SHOWN_FIRST.includes(k)) rows.push([k, typeof v === "object" ? JSON.stringify(v) : String(v)]);
        }
        if (!pr.date && stmtDate[i]) rows.push(["published", stmtDate[i]]);
        return el("div", { class: "statement" + (stmtOn[i] ? "" : " filtered") },
          e.s !== p.s ? el("p", { class: "muted" }, `${nodes[e.s].name} → ${nodes[e.t].name}`) : null,
          pr.evidence ? evidence(String(pr.evidence), pr.trigger) : el("p", { class: "muted" }, "no sentence stored"),
          el("dl", { class: "props" }, rows.map(([k, v]) => [el("dt", null, k), el("dd", null, v)])),
          stmtOn[i] ? null : el("p", { class: "hint" }, "outside the current filters"));
      }));
  }

  // ---------------------------------------------------------------- controls
  function buildControls() {
    const typesBox = $("types");
    let group = -1;
    for (const t of typeOrder) {
      if (typeGroup(t) !== group) {
        group = typeGroup(t);
        typesBox.append(el("div", { class: "group" }, GROUPS[group]));
      }
      typesBox.append(el("label", { class: "row" },
        el("input", { type: "checkbox", "data-type": t, onchange: (ev) => { F.types[t] = ev.target.checked; update(); } }),
        el("span", { class: "line", style: { background: typeStyle(t).color } }), t, el("span", { class: "n" }, types[t].count)));
    }
    const labelsBox = $("labels");
    for (const l of labelOrder) {
      const st = nodeStyle(l);
      labelsBox.append(el("label", { class: "row" },
        el("input", { type: "checkbox", "data-label": l, onchange: (ev) => { F.labels[l] = ev.target.checked; update(); } }),
        el("span", { class: "swatch", style: { background: st.color, borderColor: st.border } }), l,
        el("span", { class: "n" }, labelCount[l])));
    }
    $("isolated").addEventListener("change", (ev) => { F.isolated = ev.target.checked; update(); });

    const select = $("document");
    const order = docs.map((_, d) => d).sort((a, b) =>
      (docs[a].published || "").localeCompare(docs[b].published || "") || (docs[a].title || docs[a].id).localeCompare(docs[b].title || docs[b].id));
    for (const d of order) {
      const doc = docs[d];
      select.append(el("option", { value: d }, `${doc.published ? doc.published + " · " : ""}${doc.title || doc.id} (${doc.id})`));
    }
    select.addEventListener("change", () => setDocument(+select.value));

    const dates = [...stmtDate, ...docs.map((d) => d.published || "")].filter(Boolean).sort();
    if (dates.length) {
      const lo = earliest(dates[0]).replace(/-00/g, "-01");
      const hi = dates[dates.length - 1];
      for (const id of ["date-from", "date-to"]) {
        $(id).min = lo;
        $(id).max = hi.length === 10 ? hi : hi.slice(0, 7) + "-28";
      }
      $("date-hint").textContent = `Relations dated ${dates[0]} to ${hi} (the sentence's date, else the article's).`;
      $("date-from").addEventListener("change", (ev) => { F.from = ev.target.value; update(); });
      $("date-to").addEventListener("change", (ev) => { F.to = ev.target.value; update(); });
    } else {
      $("date-from").disabled = $("date-to").disabled = true;
      $("date-hint").textContent = "No dates in these articles (they come from the text or the articles' publication dates).";
    }
    $("reset").addEventListener("click", reset);
    $("layout").addEventListener("click", () => (layoutState.running ? stopWorker() : startWorker(10000)));
    syncControls();
  }

  function syncControls() {
    for (const box of document.querySelectorAll("[data-type]")) box.checked = !!F.types[box.dataset.type];
    for (const box of document.querySelectorAll("[data-label]")) box.checked = !!F.labels[box.dataset.label];
    $("isolated").checked = F.isolated;
    $("document").value = String(F.doc);
    $("date-from").value = F.from;
    $("date-to").value = F.to;
  }

  function setDocument(d) {
    F.doc = d;
    $("document").value = String(d);
    update();
  }

  function update() {
    computeVisibility();
    refresh();
    if (selection && selection.kind === "node") showNode(selection.i);
    else if (selection) showEdge(selection.j);
  }

  function reset() {
    F = defaults();
    syncControls();
    $("search").value = "";
    showResults([]);
    selection = null;
    update();
    showHint();
    renderer.getCamera().animatedReset({ duration: 300 });
  }

  // ---------------------------------------------------------------- search
  function search(query, limit) {
    const q = fold(query);
    if (!q) return [];
    const found = [];
    for (let i = 0; i < nodes.length; i++) {
      let rank = 9;
      let via = null;
      for (const k of searchKeys[i]) {
        const r = k.f === q ? 0 : k.f.startsWith(q) ? 1 : (" " + k.f).includes(" " + q) ? 2 : k.f.includes(q) ? 3 : 9;
        if (r < rank) {
          rank = r;
          via = k.s;
        }
      }
      if (rank < 9) found.push({ i, rank, via });
    }
    found.sort((a, b) => a.rank - b.rank || (nodes[b.i].label === PERSON) - (nodes[a.i].label === PERSON) ||
      adjacency[b.i].length - adjacency[a.i].length || nodes[a.i].name.localeCompare(nodes[b.i].name));
    return found.slice(0, limit || 12);
  }

  let results = [];
  let active = 0;
  function showResults(list, query) {
    results = list;
    active = 0;
    const ul = $("results");
    if (!list.length) {
      if (query) ul.replaceChildren(el("li", { class: "none" }, "no name matches"));
      else ul.replaceChildren();
      return;
    }
    ul.replaceChildren(...list.map((r, k) => el("li", {
      role: "option", "aria-selected": k === active ? "true" : "false", "data-id": nodes[r.i].id,
      onmousedown: (ev) => { ev.preventDefault(); pick(k); },
    }, el("span", { class: "swatch", style: { background: nodeStyle(nodes[r.i].label).color } }), nodes[r.i].name,
    r.via && r.via !== nodes[r.i].name ? el("span", { class: "alias" }, `as ${r.via}`) : null)));
  }

  function pick(k) {
    const r = results[k];
    if (!r) return;
    showResults([]);
    selectNode(r.i, { center: true });
  }

  function buildSearch() {
    const input = $("search");
    input.addEventListener("input", () => showResults(search(input.value), input.value.trim()));
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        if (!results.length) showResults(search(input.value), input.value.trim());
        pick(active);
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!results.length) return;
        active = (active + (ev.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
        $("results").querySelectorAll("li").forEach((li, k) => li.setAttribute("aria-selected", k === active ? "true" : "false"));
      } else if (ev.key === "Escape") {
        input.value = "";
        showResults([]);
      }
    });
  }

  // ---------------------------------------------------------------- start
  async function start() {
    computeVisibility();
    buildControls();
    buildSearch();
    const workerMs = await layoutBeforePaint();
    timings.layout = performance.now();
    const container = $("graph");
    try {
      renderer = new libs.Sigma(graph, container, {
        nodeReducer,
        edgeReducer,
        enableEdgeEvents: true,
        zIndex: true,
        labelFont: "system-ui, sans-serif",
        labelDensity: big ? 0.5 : 1,
        labelGridCellSize: big ? 90 : 60,
        labelRenderedSizeThreshold: big ? 5 : 4,
        hideEdgesOnMove: graph.size > 3000, // lines come back when the camera stops
        minCameraRatio: 0.01,
        maxCameraRatio: 10,
      });
    } catch (e) {
      return fail("This page draws the graph with WebGL, which this browser has turned off or lacks (" + e.message + ").");
    }
    renderer.on("clickNode", ({ node }) => selectNode(+node));
    renderer.on("clickEdge", ({ edge }) => selectEdge(pairIndex.get(edge)));
    renderer.on("clickStage", clearSelection);
    for (const [on, off] of [["enterNode", "leaveNode"], ["enterEdge", "leaveEdge"]]) {
      renderer.on(on, () => { container.style.cursor = "pointer"; });
      renderer.on(off, () => { container.style.cursor = ""; });
    }
    message.hidden = drawnCount > 0;
    if (!drawnCount) message.textContent = "This graph has no people and no relations to draw yet.";
    body.dataset.layout = "done";
    updateLayoutControls();
    timings.ready = performance.now();
    body.dataset.state = "ready";
    startWorker(workerMs);
  }

  window.kgView = {
    data: DATA,
    graph,
    timings,
    layout: layoutState,
    filters: () => F,
    shown: () => Object.assign({}, shown),
    get renderer() { return renderer; },
    search: (q, limit) => search(q, limit).map((r) => ({ id: nodes[r.i].id, name: nodes[r.i].name, via: r.via })),
    nodeKey: (id) => String(nodes.findIndex((n) => n.id === id)),
    pairKey: (a, b, type) => {
      const i = nodes.findIndex((n) => n.id === a);
      const k = nodes.findIndex((n) => n.id === b);
      const key = `${type}|${Math.min(i, k)}|${Math.max(i, k)}`;
      return pairIndex.has(key) ? key : null;
    },
    selection: () => (!selection ? null : selection.kind === "node" ? { node: nodes[selection.i].id }
      : { edge: pairs[selection.j].key, statements: pairs[selection.j].stmts.length }),
    selectNode: (id) => {
      const i = nodes.findIndex((n) => n.id === id);
      if (i >= 0) selectNode(i, { center: true });
      return i >= 0;
    },
    stopLayout: () => stopWorker(),
  };

  start().catch((e) => fail("The graph could not be drawn: " + e.message));
})();
