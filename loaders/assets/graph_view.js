/* graph.html: the interactive view of a zhgov-kg graph (vis-network, no network access).
 * Data comes from the JSON script element "kg-data" written by loaders/html_view.py.
 * window.kgView exposes the network and a few helpers for tests and the browser console. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // labels on the canvas in the page's CSS font list (the CJK fallbacks of loaders/labels.py)
  var FONT = getComputedStyle(document.body).fontFamily || "sans-serif";
  // A large graph (loaders/html_view.py decides) opens with documents and mention edges
  // hidden: at a few hundred documents they are most of the page and draw a ring of stars.
  var BIG = !!data.large;
  // The positions written by loaders/layout.py are already readable; small graphs also get a
  // short physics pass (cheap below a thousand nodes), then the layout is frozen.
  var ITERATIONS = !BIG && data.nodes.length <= 1000 ? 100 : 0;
  var GROUP_PREFIX = "group/";  // ids of the nodes that stand for a type's nodes without a visible relation
  var GROUP_ABOVE = 200;  // fewer nodes than this pass the filters: each is shown, none grouped

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
  var hidden = data.hidden || { types: [], relations: [] };
  var state = { types: new Set(data.types.map(function (t) { return t.type; })
                                         .filter(function (t) { return hidden.types.indexOf(t) < 0; })),
                rels: new Set(data.relations.map(function (r) { return r.type; })
                                            .filter(function (r) { return hidden.relations.indexOf(r) < 0; })),
                doc: "",
                group: true,             // nodes with no visible relation: one node per type
                expanded: new Set(),     // types whose nodes without relations are shown one by one
                pinned: new Set() };     // nodes shown whatever the filters (opened from a link or search)
  function stateKey() {
    return [Array.from(state.types).sort(), Array.from(state.rels).sort(), state.doc, state.group,
            Array.from(state.expanded).sort(), Array.from(state.pinned).sort()];
  }

  function edgeInDoc(e, docNodeId) {
    if (e.type === data.mentionedIn) return e.to === docNodeId;
    var doc = nodeById.get(docNodeId);
    return (e.assertions || []).some(function (a) { return a.doc_id === doc.doc_id; });
  }
  // visible by the type and document filters (before nodes without relations are grouped)
  function nodeVisible(id) {
    var n = nodeById.get(id);
    if (!n) return false;
    if (state.pinned.has(id)) return true;
    if (!state.types.has(n.type)) return false;
    if (!state.doc || id === state.doc) return true;
    if ((nodeDocs.get(id) || []).indexOf(state.doc) >= 0) return true;
    if (nodeDocs.has(id)) return false;
    // a node no document mentions (a time point): shown when one of its relations is in the document
    return (incident.get(id) || []).some(function (e) { return edgeInDoc(e, state.doc); });
  }
  function edgeVisibleIn(e, base) {
    if (!state.rels.has(e.type) || !base.has(e.from) || !base.has(e.to)) return false;
    return !state.doc || edgeInDoc(e, state.doc);
  }

  // What is drawn: the nodes and edges the filters let through; of those nodes, the ones left
  // without any drawn edge are gathered into one node per type (unless pinned or expanded).
  var shown = { nodes: new Set(), edges: new Set(), groups: new Map() };
  function computeShown() {
    var base = new Set();
    data.nodes.forEach(function (n) { if (nodeVisible(n.id)) base.add(n.id); });
    var edgeIds = new Set(), linked = new Set();
    data.edges.forEach(function (e) {
      if (edgeVisibleIn(e, base)) { edgeIds.add(e.id); linked.add(e.from); linked.add(e.to); }
    });
    var loose = new Map();  // type -> ids without a drawn edge
    var grouping = state.group && base.size > GROUP_ABOVE;
    base.forEach(function (id) {
      var n = nodeById.get(id);
      if (linked.has(id) || !grouping || state.pinned.has(id) || state.expanded.has(n.type)) return;
      push(loose, n.type, id);
    });
    var groups = new Map();
    loose.forEach(function (ids, type) {
      if (ids.length < 2) return;  // one node alone is shown as itself
      ids.forEach(function (id) { base.delete(id); });
      groups.set(GROUP_PREFIX + type, { type: type, members: ids });
    });
    shown = { nodes: base, edges: edgeIds, groups: groups };
  }

  // ------------------------------------------------------------------ layout
  // Positions for what is shown, computed again whenever a filter changes: each connected part
  // as a radial tree from its best-connected node, the parts packed in rows, biggest first.
  var RING_STEP = 90, NODE_GAP = 42, PART_GAP = 60;
  function radialPart(ids, adj) {
    var byDegree = ids.slice().sort(function (a, b) { return (adj.get(b) || []).length - (adj.get(a) || []).length || (a < b ? -1 : a > b ? 1 : 0); });
    var root = byDegree[0];
    var parent = new Map([[root, null]]), depth = new Map([[root, 0]]), children = new Map(), order = [root];
    for (var i = 0; i < order.length; i++) {
      var u = order[i], kids = [];
      (adj.get(u) || []).forEach(function (v) {
        if (!parent.has(v)) { parent.set(v, u); depth.set(v, depth.get(u) + 1); kids.push(v); order.push(v); }
      });
      children.set(u, kids);
    }
    var leaves = new Map();
    for (var j = order.length - 1; j >= 0; j--) {
      var w = order[j], kids2 = children.get(w);
      leaves.set(w, kids2.length ? kids2.reduce(function (s, k) { return s + leaves.get(k); }, 0) : 1);
    }
    var perDepth = [];
    order.forEach(function (v) { var d = depth.get(v); perDepth[d] = (perDepth[d] || 0) + 1; });
    var radius = [0];
    for (var d = 1; d < perDepth.length; d++) {
      radius[d] = Math.max(radius[d - 1] + RING_STEP, perDepth[d] * NODE_GAP / (2 * Math.PI));
    }
    var pos = new Map([[root, { x: 0, y: 0 }]]);
    var wedge = new Map([[root, [0, 2 * Math.PI]]]);
    order.forEach(function (u) {
      var range = wedge.get(u), start = range[0], span = range[1] - range[0], total = leaves.get(u);
      children.get(u).forEach(function (v) {
        var share = span * leaves.get(v) / total, mid = start + share / 2, r = radius[depth.get(v)];
        wedge.set(v, [start, start + share]);
        pos.set(v, { x: r * Math.cos(mid), y: r * Math.sin(mid) });
        start += share;
      });
    });
    return { pos: pos, radius: radius[radius.length - 1] + NODE_GAP / 2, first: ids[0] };
  }
  function layoutShown(groupSizes) {
    var ids = data.nodes.filter(function (n) { return shown.nodes.has(n.id); }).map(function (n) { return n.id; });
    var adj = new Map();
    shown.edges.forEach(function (eid) {
      var e = edgeById.get(eid);
      if (e.from === e.to) return;
      push(adj, e.from, e.to);
      push(adj, e.to, e.from);
    });
    var seen = new Set(), parts = [];
    ids.forEach(function (id) {
      if (seen.has(id)) return;
      var part = [id];
      seen.add(id);
      for (var i = 0; i < part.length; i++) {
        (adj.get(part[i]) || []).forEach(function (v) { if (!seen.has(v)) { seen.add(v); part.push(v); } });
      }
      parts.push(part.length === 1 ? { pos: new Map([[id, { x: 0, y: 0 }]]), radius: NODE_GAP / 2, first: id } : radialPart(part, adj));
    });
    groupSizes.forEach(function (size, gid) {
      parts.push({ pos: new Map([[gid, { x: 0, y: 0 }]]), radius: size + NODE_GAP, first: gid });
    });
    // the groups first (they hold the most nodes), then the parts, biggest first
    parts.sort(function (a, b) {
      var ga = a.first.indexOf(GROUP_PREFIX) === 0, gb = b.first.indexOf(GROUP_PREFIX) === 0;
      if (ga !== gb) return ga ? -1 : 1;
      return b.radius - a.radius || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
    });
    var area = parts.reduce(function (s, p) { return s + Math.pow(2 * p.radius + PART_GAP, 2); }, 0);
    var width = Math.max(parts.length ? 2 * parts[0].radius + PART_GAP : 0, Math.sqrt(area * 1.6));
    var x = 0, y = 0, rowHeight = 0, out = new Map();
    parts.forEach(function (p) {
      var size = 2 * p.radius + PART_GAP;
      if (x > 0 && x + size > width) { x = 0; y += rowHeight; rowHeight = 0; }
      p.pos.forEach(function (q, id) { out.set(id, { x: Math.round(x + size / 2 + q.x), y: Math.round(y + size / 2 + q.y) }); });
      x += size;
      rowHeight = Math.max(rowHeight, size);
    });
    return out;
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
  function groupSize(count) { return Math.round(16 + 6 * Math.log2(Math.max(count, 1))); }
  function visGroup(gid, g) {
    var t = typeInfo[g.type] || { color: "#999999", shape: "dot", zh: g.type, en: g.type };
    var count = g.members.length;
    return {
      id: gid, label: t.zh + " ×" + count, shape: t.shape, size: groupSize(count),
      color: { background: t.color, border: "#1f1f1f", highlight: { background: t.color, border: "#000000" } },
      borderWidth: 2, shapeProperties: { borderDashes: [6, 4] },
      font: { size: 26, face: FONT, color: "#1f1f1f", strokeWidth: 4, strokeColor: "#ffffff" },
      title: count + " 个" + t.zh + "没有显示的关系 " + t.en + " nodes without a shown relation (click to list)"
    };
  }
  function visEdge(e) {
    var r = relInfo[e.type] || { color: "#999999" };
    var mention = e.type === data.mentionedIn;
    // the label font is set once for all edges (options.edges.font): per edge, vis-network
    // parses it again for each of tens of thousands of mention edges
    var item = {
      id: e.id, from: e.from, to: e.to,
      color: { color: r.color, highlight: "#000000", opacity: mention ? 0.6 : 1 },
      width: mention ? 0.5 : 2,
      arrows: mention ? "" : "to",
      dashes: mention && !BIG  // canvas dashes cost: 40,000 dashed edges took a minute to draw
    };
    if (!mention) item.label = r.zh;
    return item;
  }

  // Python's positions (home) serve the view that shows everything; any other view is laid out here.
  function showsEverything() {
    return state.types.size === data.types.length && state.rels.size === data.relations.length &&
      !state.doc && shown.groups.size === 0 && state.pinned.size === 0;
  }
  computeShown();
  // one group node per type, always in the data set; the view shows those with members
  var groupItems = data.types.map(function (t) {
    var gid = GROUP_PREFIX + t.type;
    return visGroup(gid, shown.groups.get(gid) || { type: t.type, members: [] });
  });
  var firstLayout = showsEverything() ? null : layoutShown(sizesOf(shown.groups));
  function sizesOf(groups) {
    var sizes = new Map();
    groups.forEach(function (g, gid) { sizes.set(gid, groupSize(g.members.length)); });
    return sizes;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = visNode(n), p = firstLayout && firstLayout.get(n.id);
    if (p) { item.x = p.x; item.y = p.y; }
    return item;
  }).concat(groupItems.map(function (item) {
    var p = firstLayout && firstLayout.get(item.id);
    if (p) { item.x = p.x; item.y = p.y; }
    return item;
  })));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.nodes.has(n.id) || shown.groups.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shown.edges.has(e.id); } });
  var laidOut = stateKey();
  // where "show everything" puts the nodes: Python's positions, or where the physics pass left them
  var homePositions = new Map(data.nodes.map(function (n) { return [n.id, { x: n.x, y: n.y }]; }));

  var container = document.getElementById("graph");
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { scaling: { label: { drawThreshold: 8, maxVisible: 28 } } },
    edges: {
      smooth: false,
      font: { size: 11, face: FONT, align: "horizontal", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff" },
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
      var settled = network.getPositions();
      Object.keys(settled).forEach(function (id) { homePositions.set(id, settled[id]); });
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

  function showGroup(gid) {
    var g = shown.groups.get(gid);
    if (!g) return clearPanel();
    var t = typeInfo[g.type] || { zh: g.type, en: g.type };
    panel.textContent = "";
    panel.appendChild(el("h2", { text: t.zh + " " + t.en + " ×" + g.members.length }));
    panel.appendChild(el("p", { text: "这些节点在当前筛选下没有显示的关系。 These nodes have no relation shown with the current filters." }));
    var expand = el("button", { type: "button", className: "expand", "data-type": g.type, text: "逐个显示 Show them one by one" });
    expand.addEventListener("click", function () {
      state.expanded.add(g.type);
      refresh();
      clearPanel();
    });
    panel.appendChild(expand);
    var members = g.members.slice().sort(function (a, b) { return nodeById.get(a).label.localeCompare(nodeById.get(b).label); });
    var ul = el("ul", { className: "members" });
    members.slice(0, GROUP_LIST_MAX).forEach(function (id) { ul.appendChild(el("li", {}, [nodeLink(id)])); });
    panel.appendChild(el("h3", { text: "节点 Nodes (" + members.length + ")" }));
    panel.appendChild(ul);
    if (members.length > GROUP_LIST_MAX) {
      panel.appendChild(el("p", { className: "hint", text: "…另有 " + (members.length - GROUP_LIST_MAX) + " 个，请用搜索 (search for the others)" }));
    }
  }
  var GROUP_LIST_MAX = 300;

  function selectNode(id, focus) {
    if (!shown.nodes.has(id)) {  // filtered out or in a group: show it, whatever the filters
      state.pinned.add(id);
      refresh();
    }
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length && shown.groups.has(params.nodes[0])) showGroup(params.nodes[0]);
    else if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // ------------------------------------------------------------------ controls
  var stats = document.getElementById("stats");
  // New positions for what is shown, written before the views refresh, so that nodes coming
  // into view arrive where they belong; only nodes that move are updated.
  function relayout() {
    if (JSON.stringify(laidOut) === JSON.stringify(stateKey())) return false;
    var positions = showsEverything() ? homePositions : layoutShown(sizesOf(shown.groups));
    laidOut = stateKey();
    var moves = [];
    positions.forEach(function (p, id) {
      if (!shown.nodes.has(id) && !shown.groups.has(id)) return;
      var now = nodes.get(id, { fields: ["x", "y"] });
      if (!now || now.x !== p.x || now.y !== p.y) moves.push({ id: id, x: p.x, y: p.y });
    });
    if (moves.length) nodes.update(moves);
    return true;
  }
  // network.fit() measures nodes where they were last drawn, so it needs one more full draw
  // after a relayout (seconds with 40,000 edges): the view is fitted to the new positions here.
  function fitShown() {
    var ids = nodeView.getIds(), box = null;
    ids.forEach(function (id) {
      var p = nodes.get(id, { fields: ["x", "y", "size"] }), r = (p.size || 10) + 20;
      if (!box) box = { x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r };
      else {
        box.x0 = Math.min(box.x0, p.x - r); box.y0 = Math.min(box.y0, p.y - r);
        box.x1 = Math.max(box.x1, p.x + r); box.y1 = Math.max(box.y1, p.y + r);
      }
    });
    if (!box) return;
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var scale = Math.min(1, 0.95 * Math.min(w / (box.x1 - box.x0), h / (box.y1 - box.y0)));
    network.moveTo({ position: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 }, scale: scale, animation: false });
  }
  function syncGroups() {  // the group nodes stay in the data set; only their labels change
    var items = [];
    shown.groups.forEach(function (g, gid) {
      var item = visGroup(gid, g), now = nodes.get(gid, { fields: ["label"] });
      if (!now || now.label !== item.label) items.push(item);
    });
    if (items.length) nodes.update(items);
  }
  function refresh() {
    computeShown();
    syncGroups();
    var moved = ready && relayout();
    nodeView.refresh();
    edgeView.refresh();
    if (moved) fitShown();
    var grouped = 0;
    shown.groups.forEach(function (g) { grouped += g.members.length; });
    stats.textContent = "显示 showing " + shown.nodes.size + " / " + data.nodes.length + " 个节点 nodes" +
      (grouped ? " (+" + grouped + " 归入 " + shown.groups.size + " 组 in groups)" : "") + ", " +
      edgeView.length + " / " + data.edges.length + " 条边 edges";
  }

  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    var box = el("input", { type: "checkbox", "data-type": t.type });
    box.checked = state.types.has(t.type);
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(t.type); else state.types.delete(t.type);
      state.pinned.clear();
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
    box.checked = state.rels.has(r.type);
    box.addEventListener("change", function () {
      if (box.checked) state.rels.add(r.type); else state.rels.delete(r.type);
      state.pinned.clear();
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
    state.pinned.clear();
    refresh();
  });

  var groupBox = document.getElementById("group");
  groupBox.checked = state.group;
  groupBox.addEventListener("change", function () {
    state.group = groupBox.checked;
    state.expanded.clear();
    state.pinned.clear();
    refresh();
  });
  if (BIG) document.getElementById("large-hint").hidden = false;

  var physicsBox = document.getElementById("physics");
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked, stabilization: { enabled: false } } });
  });

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
    visibleNodeIds: function () { return nodeView.getIds().filter(function (id) { return !shown.groups.has(id); }); },
    groups: function () {
      var out = [];
      shown.groups.forEach(function (g, gid) { out.push({ id: gid, type: g.type, members: g.members.slice() }); });
      return out;
    },
    selectNode: selectNode,
    domPosition: function (id) { return network.canvasToDOM(network.getPosition(id)); }
  };
})();
