/* graph.html: the interactive view of a zhgov-kg graph (vis-network, no network access).
 * Data comes from the JSON script element "kg-data" written by loaders/html_view.py.
 * window.kgView exposes the network and a few helpers for tests and the browser console. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // labels on the canvas in the page's CSS font list (the CJK fallbacks of loaders/labels.py)
  var FONT = getComputedStyle(document.body).fontFamily || "sans-serif";
  var BIG = data.nodes.length > 1500;
  // The positions written by loaders/layout.py are already readable; small graphs also get a
  // short physics pass (cheap below a thousand nodes), then the layout is frozen.
  var ITERATIONS = data.nodes.length <= 1000 ? 100 : 0;

  var typeInfo = {};
  data.types.forEach(function (t) { typeInfo[t.type] = t; });
  var relInfo = {};
  data.relations.forEach(function (r) { relInfo[r.type] = r; });
  var nodeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });
  var docByDocId = new Map();
  data.nodes.forEach(function (n) { if (n.type === data.document) docByDocId.set(n.doc_id, n); });

  // node id -> document node ids (mentionedIn), node id -> incident relation edges
  var nodeDocs = new Map();
  var incident = new Map();
  function push(map, key, value) {
    var list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    list.push(value);
  }
  data.edges.forEach(function (e) {
    if (e.type === data.mentionedIn) {
      push(nodeDocs, e.from, e.to);
    } else {
      push(incident, e.from, e);
      push(incident, e.to, e);
    }
  });

  // ------------------------------------------------------------------ filters
  var state = { types: new Set(data.types.map(function (t) { return t.type; })),
                rels: new Set(data.relations.map(function (r) { return r.type; })),
                doc: "" };

  function edgeInDoc(e, docNodeId) {
    if (e.type === data.mentionedIn) return e.to === docNodeId;
    var doc = nodeById.get(docNodeId);
    return (e.assertions || []).some(function (a) { return a.doc_id === doc.doc_id; });
  }
  function nodeVisible(id) {
    var n = nodeById.get(id);
    if (!n || !state.types.has(n.type)) return false;
    if (!state.doc || id === state.doc) return true;
    if ((nodeDocs.get(id) || []).indexOf(state.doc) >= 0) return true;
    if (nodeDocs.has(id)) return false;
    // a node no document mentions (a time point): shown when one of its relations is in the document
    return (incident.get(id) || []).some(function (e) { return edgeInDoc(e, state.doc); });
  }
  function edgeVisible(id) {
    var e = edgeById.get(id);
    if (!state.rels.has(e.type) || !nodeVisible(e.from) || !nodeVisible(e.to)) return false;
    return !state.doc || edgeInDoc(e, state.doc);
  }

  // ------------------------------------------------------------------ vis data
  function visNode(n) {
    var t = typeInfo[n.type] || { color: "#999999", shape: "dot" };
    var isDoc = n.type === data.document;
    var size = isDoc ? 22 : Math.min(24, 8 + 2 * Math.sqrt(n.degree || 0));
    var item = {
      id: n.id, label: n.label, x: n.x, y: n.y, shape: t.shape, size: size,
      color: { background: t.color, border: n.masked ? "#000000" : t.color,
               highlight: { background: t.color, border: "#000000" } },
      font: { size: isDoc ? 22 : 14, face: FONT, color: "#1f1f1f", strokeWidth: 3, strokeColor: "#ffffff" },
      title: n.label + " (" + (t.zh || n.type) + ")"
    };
    if (n.masked) item.shapeProperties = { borderDashes: [4, 3] };
    if (n.masked) item.borderWidth = 2;
    return item;
  }
  function visEdge(e) {
    var r = relInfo[e.type] || { color: "#999999" };
    var mention = e.type === data.mentionedIn;
    return {
      id: e.id, from: e.from, to: e.to,
      color: { color: r.color, highlight: "#000000", opacity: mention ? 0.6 : 1 },
      width: mention ? 0.5 : 2,
      arrows: mention ? "" : "to",
      dashes: mention,
      label: mention ? undefined : r.zh,
      font: { size: 11, face: FONT, align: "horizontal", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(e.id); } });

  var container = document.getElementById("graph");
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { scaling: { label: { drawThreshold: 8, maxVisible: 28 } } },
    edges: {
      smooth: false,
      scaling: { label: { drawThreshold: 8 } },
      selectionWidth: 2
    },
    physics: {
      enabled: ITERATIONS > 0,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -2500, centralGravity: 0.05, springLength: 70,
                   springConstant: 0.02, damping: 0.5, avoidOverlap: 0.3 },
      stabilization: { enabled: ITERATIONS > 0, iterations: ITERATIONS, updateInterval: 25, fit: true },
      minVelocity: 1
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                   multiselect: false, navigationButtons: false, keyboard: false }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  var ready = false;
  function markReady() {
    network.once("afterDrawing", function () {
      ready = true;
      document.body.setAttribute("data-ready", "1");
    });
    network.redraw();
  }
  if (ITERATIONS > 0) {
    network.once("stabilizationIterationsDone", function () {
      // freeze the layout: nothing moves after the first view unless the user asks for it
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      markReady();
    });
  } else {
    network.fit({ animation: false });
    markReady();
  }

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function typeLabel(type) {
    var t = typeInfo[type] || relInfo[type];
    return t ? t.zh + " " + t.en : type;
  }
  function badge(type) {
    var t = typeInfo[type] || relInfo[type] || { color: "#999999" };
    var b = el("span", { className: "badge", text: typeLabel(type) });
    b.style.background = t.color;
    return b;
  }
  function link(text, id) {
    var a = el("a", { className: "link", href: "#", text: text, "data-node": id });
    a.addEventListener("click", function (ev) { ev.preventDefault(); selectNode(id, true); });
    return a;
  }
  function nodeLink(id) {
    var n = nodeById.get(id);
    return link(n ? n.label : id, id);
  }
  function docLabel(doc) {
    var name = doc.title && doc.title !== doc.file ? doc.title + " (" + doc.file + ")" : doc.file || doc.label;
    return doc.year ? name + ", " + doc.year : name;
  }
  function docLinkByDocId(docId, fallback) {
    var doc = docByDocId.get(docId);
    if (!doc) return document.createTextNode(fallback || docId);
    return link(docLabel(doc), doc.id);
  }
  // the sentence, with the names of the two ends marked
  function evidence(text, names) {
    var quote = el("blockquote", { className: "evidence" });
    var terms = names.filter(function (s) { return s && text.indexOf(s) >= 0; })
                     .sort(function (a, b) { return b.length - a.length; });
    var i = 0;
    while (i < text.length) {
      var best = -1, term = null;
      terms.forEach(function (t) {
        var j = text.indexOf(t, i);
        if (j >= 0 && (best < 0 || j < best)) { best = j; term = t; }
      });
      if (best < 0) { quote.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) quote.appendChild(document.createTextNode(text.slice(i, best)));
      quote.appendChild(el("mark", { text: term }));
      i = best + term.length;
    }
    return quote;
  }
  function namesOf(id) {
    var n = nodeById.get(id);
    if (!n) return [];
    return [n.label].concat(n.aliases || [], n.texts || []);
  }
  function assertionBlock(e, a) {
    var names = namesOf(e.from).concat(namesOf(e.to));
    if (a.time_text) names.push(a.time_text);
    var q = evidence(a.evidence || "", names);
    var src = el("span", { className: "source" }, ["—— ", docLinkByDocId(a.doc_id, a.doc)]);
    if (a.time_text) {
      src.appendChild(document.createTextNode("；时间 " + a.time_text + " → " + (a.date || "未能解析 unresolved")));
    }
    q.appendChild(src);
    return q;
  }

  // ------------------------------------------------------------------ side panel
  var panel = document.getElementById("panel");
  function showNode(id) {
    var n = nodeById.get(id);
    panel.textContent = "";
    panel.appendChild(el("h2", { text: n.label }));
    panel.appendChild(el("div", {}, [badge(n.type), n.masked ? el("span", { className: "warn", text: " 已脱敏 masked" }) : null]));
    panel.appendChild(el("div", { className: "id", text: n.id }));
    if (n.type === data.document) {
      panel.appendChild(el("h3", { text: "文件 File" }));
      panel.appendChild(el("div", { text: n.file || "" }));
      if (n.title) panel.appendChild(el("div", { text: "标题 Title: " + n.title }));
      panel.appendChild(el("div", { text: "年份 Year: " + (n.year || "未知 unknown") }));
      var byType = {};
      data.edges.forEach(function (e) {
        if (e.type === data.mentionedIn && e.to === id) {
          var t = nodeById.get(e.from).type;
          byType[t] = (byType[t] || 0) + 1;
        }
      });
      panel.appendChild(el("h3", { text: "提及的实体 Entities mentioned" }));
      var ul = el("ul");
      data.types.forEach(function (t) {
        if (byType[t.type]) ul.appendChild(el("li", { text: t.zh + " " + t.en + ": " + byType[t.type] }));
      });
      panel.appendChild(ul.childNodes.length ? ul : el("p", { className: "empty", text: "—" }));
    } else if (n.type === data.timepoint) {
      panel.appendChild(el("h3", { text: "日期 Date" }));
      panel.appendChild(el("div", { text: n.date || "未能解析 unresolved" }));
      panel.appendChild(el("h3", { text: "原文 As written" }));
      panel.appendChild(el("div", { text: n.texts.join("、") }));
    } else {
      panel.appendChild(el("h3", { text: "别名 Aliases" }));
      panel.appendChild(el("div", { className: (n.aliases || []).length ? "aliases" : "aliases empty",
                                    text: (n.aliases || []).length ? n.aliases.join("、") : "—" }));
      if (n.kind) panel.appendChild(el("div", { text: "类别 kind: " + n.kind }));
      var docs = nodeDocs.get(id) || [];
      panel.appendChild(el("h3", { text: "文档 Documents (" + docs.length + ")" }));
      var dl = el("ul", { className: "documents" });
      docs.forEach(function (d) { dl.appendChild(el("li", {}, [docLinkByDocId(nodeById.get(d).doc_id)])); });
      panel.appendChild(docs.length ? dl : el("p", { className: "empty", text: "—" }));
    }
    var rels = incident.get(id) || [];
    panel.appendChild(el("h3", { text: "关系与证据 Relations and evidence (" + rels.length + ")" }));
    if (!rels.length) panel.appendChild(el("p", { className: "empty", text: "没有抽取到关系。 No relations extracted." }));
    rels.forEach(function (e) {
      var out = e.from === id;
      var line = el("div", { className: "rel" }, out
        ? [badge(e.type), " → ", nodeLink(e.to)]
        : [nodeLink(e.from), " → ", badge(e.type)]);
      panel.appendChild(line);
      (e.assertions || []).forEach(function (a) { panel.appendChild(assertionBlock(e, a)); });
    });
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    panel.textContent = "";
    panel.appendChild(el("h2", {}, [nodeLink(e.from), " → ", nodeLink(e.to)]));
    panel.appendChild(el("div", {}, [badge(e.type)]));
    if (e.type === data.mentionedIn) {
      panel.appendChild(el("h3", { text: "文档 Document" }));
      panel.appendChild(el("div", {}, [nodeLink(e.to)]));
      panel.appendChild(el("div", { text: "提及次数 mentions: " + e.mentions }));
      return;
    }
    panel.appendChild(el("h3", { text: "证据 Evidence (" + e.assertions.length + ")" }));
    e.assertions.forEach(function (a) { panel.appendChild(assertionBlock(e, a)); });
  }
  function clearPanel() {
    panel.textContent = "";
    panel.appendChild(el("p", { className: "hint", text: "点击节点或关系查看证据。 Click a node or an edge to see its documents and evidence." }));
  }

  function selectNode(id, focus) {
    if (!nodeVisible(id)) {  // bring a filtered-out node back before showing it
      state.types.add(nodeById.get(id).type);
      state.doc = "";
      syncControls();
      refresh();
    }
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // ------------------------------------------------------------------ controls
  var stats = document.getElementById("stats");
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    stats.textContent = "显示 showing " + nodeView.length + " / " + data.nodes.length + " 个节点 nodes, " +
      edgeView.length + " / " + data.edges.length + " 条边 edges";
  }

  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    var box = el("input", { type: "checkbox", "data-type": t.type });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(t.type); else state.types.delete(t.type);
      refresh();
    });
    var sw = el("span", { className: "swatch" });
    sw.style.background = t.color;
    legend.appendChild(el("li", {}, [el("label", {}, [box, sw, t.zh + " " + t.en]), el("span", { className: "count", text: String(t.count) })]));
  });
  var edgeLegend = document.getElementById("edge-legend");
  var relCounts = {};
  data.edges.forEach(function (e) { relCounts[e.type] = (relCounts[e.type] || 0) + 1; });
  data.relations.forEach(function (r) {
    var box = el("input", { type: "checkbox", "data-relation": r.type });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.rels.add(r.type); else state.rels.delete(r.type);
      refresh();
    });
    var sw = el("span", { className: "swatch line" });
    sw.style.background = r.color;
    edgeLegend.appendChild(el("li", {}, [el("label", {}, [box, sw, r.zh + " " + r.en]), el("span", { className: "count", text: String(relCounts[r.type] || 0) })]));
  });

  var docFilter = document.getElementById("doc-filter");
  data.nodes.filter(function (n) { return n.type === data.document; })
    .sort(function (a, b) { return (a.file || "").localeCompare(b.file || ""); })
    .forEach(function (d) { docFilter.appendChild(el("option", { value: d.id, text: docLabel(d) })); });
  docFilter.addEventListener("change", function () {
    state.doc = docFilter.value;
    refresh();
    network.fit({ animation: false });
  });

  var physicsBox = document.getElementById("physics");
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked, stabilization: { enabled: false } } });
  });

  function syncControls() {
    legend.querySelectorAll("input").forEach(function (b) { b.checked = state.types.has(b.getAttribute("data-type")); });
    docFilter.value = state.doc;
  }

  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var searchIndex = data.nodes.map(function (n) {
    return { id: n.id, keys: [n.label].concat(n.aliases || [], n.texts || [], n.file ? [n.file] : []) };
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    results.textContent = "";
    if (!q) return [];
    var exact = [], partial = [];
    searchIndex.forEach(function (s) {
      var keys = s.keys.map(function (k) { return String(k).toLowerCase(); });
      if (keys.indexOf(q) >= 0) exact.push(s.id);
      else if (keys.some(function (k) { return k.indexOf(q) >= 0; })) partial.push(s.id);
    });
    var hits = exact.concat(partial);
    hits.slice(0, 30).forEach(function (id) {
      var n = nodeById.get(id);
      var li = el("li", { role: "option", "data-node": id }, [n.label + " ", badge(n.type)]);
      li.addEventListener("click", function () { selectNode(id, true); });
      results.appendChild(li);
    });
    if (hits.length > 30) results.appendChild(el("li", { className: "hint", text: "…共 " + hits.length + " 个 (" + hits.length + " matches)" }));
    if (!hits.length) results.appendChild(el("li", { className: "hint", text: "无匹配 no match" }));
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = runSearch();
      if (hits.length) selectNode(hits[0], true);
    }
  });

  refresh();

  window.kgView = {
    network: network, nodes: nodes, edges: edges, font: FONT,
    isReady: function () { return ready; },
    visibleNodeIds: function () { return nodeView.getIds(); },
    selectNode: selectNode,
    domPosition: function (id) { return network.canvasToDOM(network.getPosition(id)); }
  };
})();
