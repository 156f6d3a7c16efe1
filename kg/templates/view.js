// The page's script: draws the data in #kg-data with vis-network and wires the search box, the
// filters and the details panel. Text from articles goes into the page through textContent only.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byClass = new Map(data.classes.map((c) => [c.name, c]));
  const articles = data.articles;
  const big = data.nodes.length > 300;

  const $ = (id) => document.getElementById(id);
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  const shorten = (text, most) => (text.length > most ? text.slice(0, most - 1) + "…" : text);
  // Only web links are followed: an article's URL could be "javascript:" or "data:".
  const webUrl = (url) => (typeof url === "string" && /^https?:\/\//i.test(url) ? url : null);
  const articleName = (i) => {
    const a = articles[i];
    return a ? a.title + (a.date ? " (" + a.date + ")" : "") : "";
  };

  // --- the model -------------------------------------------------------------------------
  const model = new Map();
  for (const n of data.nodes) {
    n.dates = n.sources.map((i) => articles[i].date).filter(Boolean).sort();
    model.set(n.id, n);
  }
  const neighbours = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    neighbours.get(e.from).push([e.to, e.free]);
    neighbours.get(e.to).push([e.from, e.free]);
  }

  function nodeTooltip(n) {
    const box = el("div", null, "tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", n.cls, "kind"));
    for (const [key, value] of n.facts.slice(0, 8)) box.appendChild(el("div", key + ": " + value));
    for (const i of n.sources.slice(0, 3)) box.appendChild(el("div", "source: " + articleName(i)));
    if (n.sources.length > 3) box.appendChild(el("div", "and " + (n.sources.length - 3) + " more sources"));
    if (n.evidence.length) box.appendChild(el("blockquote", shorten(n.evidence[0][1], 280)));
    box.appendChild(el("div", "Click for the details and links.", "hint"));
    return box;
  }

  function edgeTooltip(e) {
    const box = el("div", null, "tip");
    box.appendChild(el("strong", model.get(e.from).label + " — " + e.label + " → " + model.get(e.to).label));
    for (const i of e.sources.slice(0, 3)) box.appendChild(el("div", "source: " + articleName(i)));
    return box;
  }

  function visNode(n) {
    const style = byClass.get(n.cls);
    return {
      id: n.id,
      label: shorten(n.label, 42),
      shape: style.shape,
      color: { background: style.colour, border: n.focus ? "#000" : style.colour, highlight: { background: style.colour, border: "#000" } },
      size: n.focus ? 26 : 14,
      borderWidth: n.focus ? 3 : 1,
      title: nodeTooltip(n),
      hidden: false,
    };
  }

  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(
    data.edges.map((e, i) => ({ id: i, from: e.from, to: e.to, label: e.label, title: edgeTooltip(e) })),
  );
  const network = new vis.Network($("graph"), { nodes, edges }, {
    nodes: { font: { size: 13 }, scaling: { label: { drawThreshold: 5 } } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#aaa", highlight: "#333", hover: "#666" },
      font: { size: 10, align: "middle", color: "#555", strokeWidth: 2 },
      smooth: big ? false : { type: "continuous" },
      width: 1,
    },
    layout: { improvedLayout: data.nodes.length <= 100, randomSeed: 7 },
    physics: {
      solver: "barnesHut",
      // A coarser Barnes-Hut approximation (theta) lays out a big view in half the time.
      barnesHut: {
        gravitationalConstant: -6000,
        springLength: 110,
        springConstant: 0.04,
        damping: 0.35,
        avoidOverlap: big ? 0 : 0.05,
        theta: big ? 0.8 : 0.5,
      },
      stabilization: { enabled: true, iterations: data.stabilisation, updateInterval: 10, fit: true },
      minVelocity: 1,
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true },
  });

  // The page is ready once the layout has settled and the network has been drawn.
  let settled = false;
  network.once("stabilizationIterationsDone", () => {
    settled = true;
    if (big) network.setOptions({ physics: { enabled: false } }); // a big view stops moving and costs nothing
    network.fit();
    showStatus();
  });
  // The layout gets a time budget as well as a number of iterations, so a slow machine waits no longer.
  const layoutStart = performance.now();
  network.on("stabilizationProgress", (p) => {
    $("status").textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
    if (performance.now() - layoutStart > data.layoutBudgetMs) network.stopSimulation();
  });
  network.on("afterDrawing", () => {
    if (settled && !window.kgReady) {
      window.kgReady = true;
      document.body.dataset.ready = "true";
    }
  });
  if (!data.nodes.length) {
    settled = true;
    network.redraw();
  }

  // --- filters: class, country and date --------------------------------------------------
  const state = { classes: new Set(data.classes.map((c) => c.name)), country: "", hops: 2, from: "", to: "" };

  function within(start, hops) {
    const distance = new Map([[start, 0]]);
    let frontier = [start];
    for (let step = 0; step <= hops; step++) {
      const stack = frontier.slice();
      while (stack.length) {
        for (const [other, free] of neighbours.get(stack.pop()) || []) {
          if (free && !distance.has(other)) {
            distance.set(other, step);
            frontier.push(other);
            stack.push(other);
          }
        }
      }
      if (step === hops) break;
      const ahead = [];
      for (const id of frontier) {
        for (const [other] of neighbours.get(id) || []) {
          if (!distance.has(other)) {
            distance.set(other, step + 1);
            ahead.push(other);
          }
        }
      }
      frontier = ahead;
    }
    return distance;
  }

  function inDates(n) {
    if (!state.from && !state.to) return true;
    if (!n.dates.length) return true; // undated nodes stay
    return n.dates.some((d) => (!state.from || d >= state.from) && (!state.to || d <= state.to));
  }

  const hidden = new Set();
  function applyFilters() {
    const near = state.country ? within(state.country, state.hops) : null;
    const changes = [];
    for (const n of model.values()) {
      const hide = !state.classes.has(n.cls) || (near !== null && !near.has(n.id)) || !inDates(n);
      if (hide !== hidden.has(n.id)) {
        if (hide) hidden.add(n.id);
        else hidden.delete(n.id);
        changes.push({ id: n.id, hidden: hide });
      }
    }
    if (changes.length) nodes.update(changes);
    const edgeChanges = [];
    for (const e of edges.get()) {
      const hide = hidden.has(e.from) || hidden.has(e.to);
      if (Boolean(e.hidden) !== hide) edgeChanges.push({ id: e.id, hidden: hide });
    }
    if (edgeChanges.length) edges.update(edgeChanges);
    const selected = network.getSelectedNodes().filter((id) => !hidden.has(id));
    network.selectNodes(selected);
    if (!selected.length) closeDetails();
    showStatus();
  }

  function showStatus(extra) {
    const shown = model.size - hidden.size;
    const text = shown === model.size ? model.size + " nodes, " + data.edges.length + " edges" : "showing " + shown + " of " + model.size + " nodes";
    $("status").textContent = extra ? extra + " · " + text : text;
  }

  for (const box of document.querySelectorAll("#legend input[type=checkbox]")) {
    box.addEventListener("change", () => {
      if (box.checked) state.classes.add(box.value);
      else state.classes.delete(box.value);
      applyFilters();
    });
  }

  const countrySelect = $("country");
  const countries = data.nodes.filter((n) => n.cls === "Country").sort((a, b) => a.label.localeCompare(b.label));
  for (const c of countries) {
    const option = el("option", c.label);
    option.value = c.id;
    countrySelect.appendChild(option);
  }
  countrySelect.disabled = !countries.length;
  countrySelect.addEventListener("change", () => {
    state.country = countrySelect.value;
    applyFilters();
    if (state.country) network.fit({ nodes: [...model.keys()].filter((id) => !hidden.has(id)), animation: true });
  });
  $("hops").addEventListener("change", (event) => {
    state.hops = Number(event.target.value);
    applyFilters();
  });

  const allDates = [...new Set(data.nodes.flatMap((n) => n.dates))].sort();
  const from = $("date-from");
  const to = $("date-to");
  if (allDates.length) {
    for (const input of [from, to]) {
      input.min = allDates[0];
      input.max = allDates[allDates.length - 1];
    }
    from.title = to.title = "Keep nodes stated by articles published in this range (undated nodes stay)";
  } else {
    $("dates").hidden = true;
  }
  from.addEventListener("change", () => {
    state.from = from.value;
    applyFilters();
  });
  to.addEventListener("change", () => {
    state.to = to.value;
    applyFilters();
  });

  $("reset").addEventListener("click", () => {
    for (const box of document.querySelectorAll("#legend input[type=checkbox]")) box.checked = true;
    state.classes = new Set(data.classes.map((c) => c.name));
    state.country = countrySelect.value = "";
    state.from = from.value = "";
    state.to = to.value = "";
    $("search").value = "";
    network.unselectAll();
    applyFilters();
    network.fit({ animation: true });
  });

  // --- search ----------------------------------------------------------------------------
  const labels = $("labels");
  for (const label of [...new Set(data.nodes.map((n) => n.label))].sort()) {
    const option = el("option");
    option.value = label;
    labels.appendChild(option);
  }

  function search(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) {
      network.unselectAll();
      closeDetails();
      showStatus();
      return [];
    }
    const candidates = [...model.values()].filter((n) => !hidden.has(n.id));
    let hits = candidates.filter((n) => n.label.toLowerCase() === wanted);
    if (!hits.length) hits = candidates.filter((n) => n.label.toLowerCase().includes(wanted));
    const ids = hits.map((n) => n.id);
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
      showDetails(ids[0]);
    } else {
      closeDetails();
    }
    showStatus(ids.length === 1 ? "1 match" : ids.length + " matches");
    return ids;
  }
  window.kgSearch = search;

  let typing = null;
  const searchBox = $("search");
  searchBox.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => search(searchBox.value), 200);
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(typing);
      search(searchBox.value);
    }
  });

  // --- the details panel -----------------------------------------------------------------
  const panel = $("details");
  function closeDetails() {
    panel.hidden = true;
    panel.replaceChildren();
  }

  function showDetails(id) {
    const n = model.get(id);
    if (!n) return;
    panel.replaceChildren();
    const close = el("button", "×", "close");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => {
      network.unselectAll();
      closeDetails();
    });
    panel.append(close, el("h2", n.label), el("div", n.cls, "kind"));
    if (n.facts.length) {
      const list = el("dl");
      for (const [key, value] of n.facts) list.append(el("dt", key), el("dd", value));
      panel.appendChild(list);
    }
    const links = (neighbours.get(id) || []).map(([other]) => other).filter((o, i, all) => all.indexOf(o) === i);
    if (links.length) {
      panel.appendChild(el("h3", "Linked to"));
      const list = el("ul");
      for (const other of links) {
        const item = el("li");
        const jump = el("button", model.get(other).label, "link");
        jump.type = "button";
        jump.addEventListener("click", () => {
          network.selectNodes([other]);
          network.focus(other, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
          showDetails(other);
        });
        item.append(jump, el("span", " · " + model.get(other).cls, "kind"));
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
    if (n.sources.length) {
      panel.appendChild(el("h3", n.sources.length === 1 ? "Source" : "Sources"));
      const list = el("ul");
      for (const i of n.sources) {
        const a = articles[i];
        const item = el("li");
        const url = webUrl(a.url);
        if (url) {
          const link = el("a", a.title);
          link.href = url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          item.appendChild(link);
        } else {
          item.appendChild(el("span", a.title));
        }
        item.appendChild(el("span", " · " + a.id + (a.date ? " · " + a.date : ""), "kind"));
        for (const [source, sentence] of n.evidence) if (source === i) item.appendChild(el("blockquote", sentence));
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
    panel.hidden = false;
  }
  window.kgShowDetails = showDetails;

  network.on("selectNode", (event) => showDetails(event.nodes[0]));
  network.on("deselectNode", (event) => {
    if (!event.nodes.length) closeDetails();
  });

  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  showStatus();
  if (!data.nodes.length) window.kgReady = true;
})();
