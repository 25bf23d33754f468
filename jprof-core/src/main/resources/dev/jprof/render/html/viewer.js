// The viewer's page: draws the trees of model.js on canvases and wires the controls. Every name from
// the profile reaches the page as text (textContent, canvas fillText), never as markup.
(function () {
  'use strict';
  var M = JprofModel;
  var scriptStart = performance.now();
  var model = M.decode(JSON.parse(document.getElementById('data').textContent));
  var decoded = performance.now();

  var ROW = 17, MIN_WIDTH = 0.4, FONT = '12px Menlo, Consolas, "DejaVu Sans Mono", monospace';
  var mainType = model.values[model.main], unit = mainType.unit, diff = model.baseline >= 0;
  // a node's calls are the calls of its own method from that path: its self value in this column
  var callsColumn = model.values.findIndex(function (v, i) { return v.unit === 'calls' && i !== model.main; });
  var STYLE = {
    app: { hue: 100, sat: 55, light: 60, label: 'application' },
    library: { hue: 48, sat: 75, light: 62, label: 'library' },
    jdk: { hue: 200, sat: 55, light: 66, label: 'JDK' },
    native: { hue: 0, sat: 65, light: 68, label: 'native' },
    vm: { hue: 330, sat: 45, light: 70, label: 'JVM' },
    kernel: { hue: 25, sat: 70, light: 58, label: 'kernel' },
    inlined: { hue: 170, sat: 45, light: 72, label: 'inlined' },
    synthetic: { hue: 270, sat: 20, light: 78, label: 'thread / process' },
    allocated: { hue: 240, sat: 35, light: 76, label: 'allocated type' },
    lock: { hue: 240, sat: 35, light: 76, label: 'lock waited for' }
  };
  var HIGHLIGHT = 'hsl(16,100%,55%)';
  var JDK_NAMES = /^(java|javax|jdk|sun|com\.sun)\./;

  var state = {
    filter: { thread: -1, states: null, from: null, to: null }, frames: 'all', hide: null, diffWidths: 'current',
    tree: null, regex: null, result: null, matchIndex: -1, highlightName: -1, selectedName: -1, sandwich: -1,
    tableSort: { key: 'self', column: model.main }, tableRows: 200
  };

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function format(v) {
    return M.formatValue(v, unit);
  }

  // ---- colours

  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return (h >>> 0) / 4294967296;
  }

  var frameColours = [];

  function categoryColour(frame) {
    var c = frameColours[frame];
    if (c) return c;
    var style = STYLE[model.categories[model.frameCategory[frame]]] || STYLE.app, r = hash(model.names[model.frameName[frame]]);
    c = 'hsl(' + Math.round(style.hue + (r - 0.5) * 20) + ',' + style.sat + '%,' + Math.round(style.light + (r - 0.5) * 12) + '%)';
    frameColours[frame] = c;
    return c;
  }

  /** Change of a node's share of the total between baseline and current, in share points (-1..1). */
  function shareChange(tree, n) {
    var cur = tree.total[model.main], base = tree.total[model.baseline];
    var curShare = cur[0] ? cur[n] / cur[0] : 0, baseShare = base[0] ? base[n] / base[0] : 0;
    return curShare - baseShare;
  }

  function diffColour(tree, n) {
    if (!tree.maxChange) {
      var max = 1e-9;
      for (var i = 1; i < tree.count; i++) max = Math.max(max, Math.abs(shareChange(tree, i)));
      tree.maxChange = max;
    }
    var t = Math.min(1, Math.abs(shareChange(tree, n)) / tree.maxChange);
    if (t < 0.02) return 'hsl(0,0%,84%)';
    var hue = shareChange(tree, n) > 0 ? 0 : 220;
    return 'hsl(' + hue + ',' + Math.round(40 + 45 * t) + '%,' + Math.round(86 - 32 * t) + '%)';
  }

  // ---- a canvas drawing one tree

  function FlameView(canvas, inverted) {
    this.canvas = canvas;
    this.inverted = inverted;
    this.tree = null;
    this.zoom = 0;
    this.boxes = null;
    this.hover = -1;
    this.focus = -1;
    this.marks = null;
    canvas.className = 'flame';
  }

  FlameView.prototype.setTree = function (tree) {
    this.tree = tree;
    if (this.zoom >= tree.count || tree.total[tree.main][this.zoom] <= 0) this.zoom = 0;
    this.hover = -1;
    this.focus = -1;
  };

  FlameView.prototype.rowTop = function (depth) {
    return this.inverted ? depth * ROW : (this.tree.maxDepth - depth) * ROW;
  };

  FlameView.prototype.draw = function () {
    var tree = this.tree, canvas = this.canvas, width = canvas.clientWidth || canvas.parentNode.clientWidth;
    var height = (tree.maxDepth + 1) * ROW, ratio = window.devicePixelRatio || 1;
    canvas.style.height = height + 'px';
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    var charWidth = ctx.measureText('mmmmmmmmmm').width / 10, textColour = getComputedStyle(document.documentElement).getPropertyValue('--frame-text') || '#111';
    var boxes = M.layout(tree, this.zoom, width, MIN_WIDTH);
    this.boxes = boxes;
    var marks = this.marks, highlight = state.highlightName;
    for (var i = 0; i < boxes.node.length; i++) {
      var n = boxes.node[i], x = boxes.x[i], w = boxes.w[i], y = this.rowTop(boxes.depth[i]);
      var highlighted = highlight >= 0 && M.nameIdOf(tree, n) === highlight;
      ctx.globalAlpha = i < boxes.ancestors ? 0.6 : 1;
      ctx.fillStyle = highlighted ? HIGHLIGHT : marks && marks[n] ? 'hsl(300,70%,62%)'
        : n === 0 ? 'hsl(0,0%,80%)' : diff ? diffColour(tree, n) : categoryColour(tree.frame[n]);
      ctx.fillRect(x, y, w > 2 ? w - 1 : w, ROW - 1);
      ctx.globalAlpha = 1;
      if (n === this.hover || n === this.focus) {
        ctx.strokeStyle = n === this.focus ? '#d000d0' : '#000';
        ctx.lineWidth = n === this.focus ? 2 : 1;
        ctx.strokeRect(x + 0.5, y + 0.5, Math.max(w - 2, 1), ROW - 2);
      }
      if (w > 3 * charWidth + 6) {
        var fit = Math.floor((w - 6) / charWidth), label = M.nameOf(tree, n);
        if (label.length > fit) label = label.substring(0, fit - 1) + '\u2026';
        ctx.fillStyle = textColour;
        ctx.fillText(label, x + 3, y + ROW / 2);
      }
    }
  };

  /** The node drawn at a point of the page, or -1. */
  FlameView.prototype.hit = function (clientX, clientY) {
    var boxes = this.boxes;
    if (!boxes) return -1;
    var rect = this.canvas.getBoundingClientRect(), x = clientX - rect.left, y = clientY - rect.top;
    var row = Math.floor(y / ROW), depth = this.inverted ? row : this.tree.maxDepth - row;
    for (var i = boxes.node.length - 1; i >= 0; i--) {
      if (boxes.depth[i] === depth && x >= boxes.x[i] && x < boxes.x[i] + boxes.w[i]) return boxes.node[i];
    }
    return -1;
  };

  /** Where a node is drawn, in page coordinates, or null when it is not drawn. */
  FlameView.prototype.boxOf = function (node) {
    var boxes = this.boxes;
    if (!boxes) return null;
    var rect = this.canvas.getBoundingClientRect();
    for (var i = 0; i < boxes.node.length; i++) {
      if (boxes.node[i] === node) {
        return { left: rect.left + boxes.x[i], top: rect.top + this.rowTop(boxes.depth[i]), width: boxes.w[i], height: ROW };
      }
    }
    return null;
  };

  var mainView = new FlameView($('flame'), false);
  var callersView = new FlameView($('callers'), false);
  var calleesView = new FlameView($('callees'), true);
  var views = [mainView, callersView, calleesView];

  function visibleViews() {
    return state.sandwich >= 0 ? [callersView, calleesView] : [mainView];
  }

  function drawAll() {
    visibleViews().forEach(function (v) { v.draw(); });
  }

  // ---- words about a node

  function describe(view, n) {
    var tree = view.tree, main = tree.total[tree.main], all = main[0], zoomTotal = main[view.zoom];
    var lines = [['total', format(main[n]) + '  (' + M.percent(main[n], all) + ' of all' +
      (view.zoom !== 0 && n !== view.zoom && isUnder(tree, n, view.zoom) ? ', ' + M.percent(main[n], zoomTotal) + ' of ' + M.nameOf(tree, view.zoom) : '') + ')']];
    if (n !== 0) {
      var parent = tree.parent[n];
      if (parent > 0) lines.push(['of caller', M.percent(main[n], main[parent])]);
      lines.push(['self', format(tree.self[tree.main][n]) + '  (' + M.percent(tree.self[tree.main][n], all) + ')']);
    }
    if (callsColumn >= 0 && n > 0) lines.push(['calls', M.formatValue(tree.self[callsColumn][n], 'calls')]);
    if (diff) {
      var base = tree.total[model.baseline], cur = tree.total[model.main];
      lines.push(['current', M.formatValue(cur[n], model.values[model.main].unit) + '  (' + M.percent(cur[n], cur[0]) + ')']);
      lines.push(['baseline', M.formatValue(base[n], model.values[model.baseline].unit) + '  (' + M.percent(base[n], base[0]) + ')']);
      var change = shareChange(tree, n) * 100;
      lines.push(['change', (change >= 0 ? '+' : '') + change.toFixed(2) + ' points of the total']);
    }
    return lines;
  }

  function isUnder(tree, n, ancestor) {
    for (var a = n; a >= 0; a = tree.parent[a]) if (a === ancestor) return true;
    return false;
  }

  function kindLabel(tree, n) {
    if (n === 0) return '';
    var style = STYLE[model.categories[model.frameCategory[tree.frame[n]]]];
    return style ? style.label : '';
  }

  function showTooltip(view, n, clientX, clientY) {
    var tip = $('tooltip');
    if (n < 0) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(el('div', M.nameOf(view.tree, n), 'name'), el('div', kindLabel(view.tree, n), 'kind'));
    var table = el('table');
    describe(view, n).forEach(function (line) {
      var row = el('tr');
      row.append(el('td', line[0]), el('td', line[1]));
      table.appendChild(row);
    });
    tip.appendChild(table);
    tip.hidden = false;
    var left = clientX + 14, top = clientY + 14;
    if (left + tip.offsetWidth > window.innerWidth) left = Math.max(0, clientX - tip.offsetWidth - 14);
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(0, clientY - tip.offsetHeight - 14);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  }

  var statusNode = { view: null, node: -1 };

  function setStatus(view, n) {
    statusNode = { view: view, node: n };
    $('copy').hidden = !(view && n > 0);
    if (!view || n < 0) {
      $('status-text').textContent = '\u00a0';
      return;
    }
    var main = view.tree.total[view.tree.main];
    $('status-text').textContent = M.nameOf(view.tree, n) + '  \u2014  ' + format(main[n]) + ' (' + M.percent(main[n], main[0]) + ')';
  }

  // ---- zoom and breadcrumbs

  function zoomTo(view, n) {
    view.zoom = n >= 0 ? n : 0;
    if (view === mainView) {
      $('reset').disabled = view.zoom === 0;
      breadcrumbs();
      showMatched();
    }
    view.draw();
  }

  function breadcrumbs() {
    var nav = $('breadcrumbs'), tree = mainView.tree, path = [];
    for (var a = mainView.zoom; a >= 0; a = tree.parent[a]) path.unshift(a);
    nav.replaceChildren();
    if (path.length === 1) return;
    path.forEach(function (n, i) {
      if (i > 0) nav.appendChild(el('span', '\u203a', 'sep'));
      if (i === path.length - 1) {
        nav.appendChild(el('span', M.nameOf(tree, n), 'current'));
      } else {
        var b = el('button', M.nameOf(tree, n));
        b.type = 'button';
        b.addEventListener('click', function () { zoomTo(mainView, n); });
        nav.appendChild(b);
      }
    });
  }

  // ---- search

  function setSearch(text) {
    var input = $('search');
    if (input.value !== text) input.value = text;
    input.classList.remove('invalid');
    state.regex = null;
    if (text) {
      try {
        state.regex = new RegExp(text);
      } catch (e) {
        input.classList.add('invalid');
      }
    }
    state.matchIndex = -1;
    mainView.focus = -1;
    runSearch();
    drawAll();
    if ($('table-pane').hidden === false) renderTable();
    return state.result ? state.result.total / (state.tree.total[state.tree.main][0] || 1) : null;
  }

  function runSearch() {
    state.result = state.regex ? M.search(state.tree, state.regex) : null;
    mainView.marks = state.result ? state.result.matched : null;
    [callersView, calleesView].forEach(function (v) {
      v.marks = state.regex && v.tree ? M.search(v.tree, state.regex).matched : null;
    });
    showMatched();
  }

  function showMatched() {
    var r = state.result, label = $('matched');
    $('next').disabled = $('previous').disabled = !r || r.matches.length === 0;
    if (!r) {
      label.textContent = '';
      return;
    }
    var tree = state.tree, main = tree.total[tree.main], text = 'matched: ' + M.percent(r.total, main[0]) + ' of total';
    if (mainView.zoom !== 0) text += ', ' + M.percent(M.matchedWithin(tree, r, mainView.zoom), main[mainView.zoom]) + ' of zoomed';
    text += ' \u00b7 ' + r.matches.length + (r.matches.length === 1 ? ' match' : ' matches');
    if (state.matchIndex >= 0) text += ' \u00b7 #' + (state.matchIndex + 1);
    label.textContent = text;
  }

  /** Moves to the next (+1) or previous (-1) match, zooming out when it is not visible enough. */
  function stepMatch(step) {
    var r = state.result;
    if (!r || r.matches.length === 0) return;
    if (state.sandwich >= 0) closeSandwich();
    var count = r.matches.length;
    state.matchIndex = state.matchIndex < 0 ? (step > 0 ? 0 : count - 1) : (state.matchIndex + step + count) % count;
    var n = r.matches[state.matchIndex], tree = state.tree;
    mainView.focus = n;
    if (!isUnder(tree, n, mainView.zoom) || tree.total[tree.main][n] / tree.total[tree.main][mainView.zoom] * mainView.canvas.clientWidth < 30) {
      zoomTo(mainView, tree.parent[n] > 0 ? tree.parent[n] : 0);
    } else {
      mainView.draw();
    }
    showMatched();
    setStatus(mainView, n);
    var box = mainView.boxOf(n);
    if (box && (box.top < 0 || box.top > window.innerHeight - 60)) window.scrollBy(0, box.top - window.innerHeight / 2);
  }

  // ---- filters: thread, state, time range

  /** Frames the "Frames" choice and the hide pattern take out of the graph, per frame id; null when none. */
  function hiddenFrames() {
    if (state.frames === 'all' && !state.hide) return null;
    var hidden = new Uint8Array(model.frameName.length), any = false;
    for (var f = 0; f < hidden.length; f++) {
      var category = model.categories[model.frameCategory[f]], name = model.names[model.frameName[f]];
      var hide = state.hide !== null && state.hide.test(name);
      // what a stack allocated or waited for is the point of the profile, whatever its package
      var object = category === 'allocated' || category === 'lock';
      if (state.frames === 'jdk' && !object) hide = hide || category === 'jdk' || category === 'native' || category === 'vm' || category === 'kernel' || JDK_NAMES.test(name);
      if (state.frames === 'app' && !object) hide = hide || !(category === 'app' || category === 'synthetic' || category === 'inlined' && !JDK_NAMES.test(name));
      hidden[f] = hide ? 1 : 0;
      if (hide) any = true;
    }
    return any ? hidden : null;
  }

  function rebuild() {
    var full = M.callTree(model, state.filter), hidden = hiddenFrames();
    state.tree = hidden ? M.hideFrames(full, hidden) : full;
    if (diff && state.diffWidths === 'baseline') M.setWidths(state.tree, model.baseline);
    if (mainView.tree && mainView.tree.count !== state.tree.count) mainView.zoom = 0;
    mainView.setTree(state.tree);
    $('empty').hidden = state.tree.total[state.tree.main][0] !== 0;
    $('flame').hidden = !$('empty').hidden;
    if (state.sandwich >= 0) openSandwich(state.sandwich);
    runSearch();
    breadcrumbs();
    $('reset').disabled = mainView.zoom === 0;
    summary();
    drawAll();
    if ($('table-pane').hidden === false) renderTable();
  }

  function summary() {
    var tree = state.tree, parts = [mainType.name + ': ' + format(tree.total[tree.main][0])];
    if (diff) parts.push('baseline ' + M.formatValue(tree.total[tree.baseline][0], model.values[tree.baseline].unit));
    var a = model.attributes;
    if (a.mode) parts.push(a.mode + ' mode');
    if (a.durationNanos) parts.push(M.formatValue(Number(a.durationNanos), 'ns') + ' recorded');
    parts.push(model.threads.length + (model.threads.length === 1 ? ' thread' : ' threads'));
    $('summary').textContent = parts.join(' \u00b7 ');
  }

  function setUpThreads() {
    if (model.threads.length < 2 || !model.samples.thread) return;
    var totals = new Float64Array(model.threads.length), s = model.samples, v = s.values[model.main], all = 0;
    for (var i = 0; i < s.count; i++) {
      if (s.thread[i] >= 0) totals[s.thread[i]] += v[i];
      all += v[i];
    }
    var select = $('thread'), order = model.threads.map(function (_, t) { return t; });
    order.sort(function (x, y) { return totals[y] - totals[x]; });
    var any = el('option', 'all threads (' + model.threads.length + ')');
    any.value = '-1';
    select.appendChild(any);
    order.forEach(function (t) {
      var o = el('option', model.threads[t] + '  ' + M.percent(totals[t], all));
      o.value = String(t);
      select.appendChild(o);
    });
    select.addEventListener('change', function () {
      state.filter.thread = Number(select.value);
      rebuild();
      drawTimeline();
    });
    $('thread-choice').hidden = false;
  }

  function setUpStates() {
    if (model.states.length === 0 || !model.samples.state) return;
    var present = new Uint8Array(model.states.length), s = model.samples, kinds = 0;
    for (var i = 0; i < s.count; i++) present[s.state[i]] = 1;
    for (i = 0; i < present.length; i++) kinds += present[i];
    if (kinds < 2) return;
    var select = $('state'), choices = [['all states', null]];
    var running = model.states.map(function (label) { return label === 'runnable' || label === 'native'; });
    choices.push(['running (runnable, native)', running]);
    model.states.forEach(function (label, index) {
      if (!present[index]) return;
      choices.push([label, model.states.map(function (_, j) { return j === index; })]);
    });
    choices.forEach(function (choice, index) {
      var o = el('option', choice[0]);
      o.value = String(index);
      select.appendChild(o);
    });
    select.addEventListener('change', function () {
      state.filter.states = choices[Number(select.value)][1];
      rebuild();
      drawTimeline();
    });
    $('state-choice').hidden = false;
  }

  // ---- timeline

  var drag = null;

  function drawTimeline() {
    if (!model.samples.time) return;
    var canvas = $('timeline'), width = canvas.clientWidth, height = canvas.clientHeight || 48, ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var buckets = Math.max(10, Math.floor(width / 3)), t = M.timeline(model, state.filter, buckets), max = 0, i;
    for (i = 0; i < buckets; i++) max = Math.max(max, t.values[i]);
    var accent = getComputedStyle(document.documentElement).getPropertyValue('--accent') || '#2160c4';
    ctx.fillStyle = accent;
    for (i = 0; i < buckets; i++) {
      var h = max ? t.values[i] / max * (height - 4) : 0;
      ctx.fillRect(i * width / buckets, height - h, Math.max(1, width / buckets - 0.5), h);
    }
    var from = drag ? Math.min(drag.from, drag.to) : state.filter.from, to = drag ? Math.max(drag.from, drag.to) : state.filter.to;
    if (from !== null && to !== null && t.span > 0) {
      ctx.fillStyle = 'rgba(255, 190, 0, 0.35)';
      ctx.fillRect(from / t.span * width, 0, (to - from) / t.span * width, height);
    }
    var span = model.samples.span;
    $('range-text').textContent = state.filter.from === null
      ? 'timeline: ' + M.formatValue(span * 1000, 'ns') + ' \u00b7 drag to select a time range'
      : 'showing ' + M.formatValue(state.filter.from * 1000, 'ns') + ' \u2013 ' + M.formatValue(state.filter.to * 1000, 'ns')
        + ' of ' + M.formatValue(span * 1000, 'ns');
    $('range-clear').hidden = state.filter.from === null;
  }

  function timeAt(clientX) {
    var canvas = $('timeline'), rect = canvas.getBoundingClientRect(), span = model.samples.span;
    return Math.max(0, Math.min(1, (clientX - rect.left) / rect.width)) * span;
  }

  /** Shows only the samples between two times (microseconds from the first sample), or all with null. */
  function setRange(from, to) {
    state.filter.from = from;
    state.filter.to = to;
    rebuild();
    drawTimeline();
  }

  function setUpTimeline() {
    if (!model.samples.time || !(model.samples.span > 0)) return;
    $('timeline-pane').hidden = false;
    var canvas = $('timeline');
    canvas.addEventListener('mousedown', function (e) {
      drag = { from: timeAt(e.clientX), to: timeAt(e.clientX) };
      e.preventDefault();
    });
    window.addEventListener('mousemove', function (e) {
      if (!drag) return;
      drag.to = timeAt(e.clientX);
      drawTimeline();
    });
    window.addEventListener('mouseup', function (e) {
      if (!drag) return;
      var d = drag, rect = canvas.getBoundingClientRect();
      d.to = timeAt(e.clientX);
      drag = null;
      if (Math.abs(d.to - d.from) / model.samples.span * rect.width < 3) {
        drawTimeline();
        return;
      }
      setRange(Math.min(d.from, d.to), Math.max(d.from, d.to));
    });
    canvas.addEventListener('dblclick', function () { setRange(null, null); });
    $('range-clear').addEventListener('click', function () { setRange(null, null); });
  }

  // ---- callers / callees (sandwich)

  function openSandwich(name) {
    state.sandwich = name;
    var tree = state.tree;
    callersView.setTree(M.callersTree(tree, name));
    calleesView.setTree(M.calleesTree(tree, name));
    callersView.zoom = calleesView.zoom = 0;
    var total = calleesView.tree.total[tree.main][0], self = calleesView.tree.self[tree.main][0];
    $('sandwich-title').textContent = model.names[name] + ': total ' + format(total) + ' (' + M.percent(total, tree.total[tree.main][0])
      + '), self ' + format(self);
    $('sandwich').hidden = false;
    $('main-pane').hidden = true;
    $('reverse').classList.add('active');
    if (state.regex) runSearch();
    drawAll();
  }

  function closeSandwich() {
    state.sandwich = -1;
    $('sandwich').hidden = true;
    $('main-pane').hidden = false;
    $('reverse').classList.remove('active');
    mainView.draw();
  }

  function toggleSandwich() {
    if (state.sandwich >= 0) {
      closeSandwich();
      return;
    }
    var name = state.selectedName;
    if (name < 0 && statusNode.view && statusNode.node > 0) name = M.nameIdOf(statusNode.view.tree, statusNode.node);
    if (name < 0 && mainView.zoom > 0) name = M.nameIdOf(mainView.tree, mainView.zoom);
    if (name < 0) {
      $('status-text').textContent = 'Click a frame or a method in the table first, then show its callers and callees.';
      return;
    }
    openSandwich(name);
  }

  // ---- method table

  function tableColumns() {
    var cols = [{ key: 'name', label: 'Method' },
      { key: 'self', label: 'Self', column: model.main }, { key: 'selfPct', label: 'Self %', column: model.main, sortAs: 'self' },
      { key: 'total', label: 'Total', column: model.main }, { key: 'totalPct', label: 'Total %', column: model.main, sortAs: 'total' }];
    if (callsColumn >= 0) cols.push({ key: 'self', label: 'Calls', column: callsColumn });
    if (diff) {
      cols.push({ key: 'total', label: 'Baseline', column: model.baseline });
      cols.push({ key: 'change', label: 'Change', column: model.main });
    }
    return cols;
  }

  function renderTable() {
    var table = M.methodTable(state.tree), tree = state.tree, all = tree.total[tree.main][0];
    var baseAll = diff ? tree.total[tree.baseline][0] : 0, cols = tableColumns(), sort = state.tableSort;
    function change(m) {
      return (all ? table.total[model.main][m] / all : 0) - (baseAll ? table.total[model.baseline][m] / baseAll : 0);
    }
    function cell(col, m) {
      if (col.key === 'name') return model.names[m];
      if (col.key === 'self') return M.formatValue(table.self[col.column][m], model.values[col.column].unit);
      if (col.key === 'selfPct') return M.percent(table.self[col.column][m], all);
      if (col.key === 'total') return M.formatValue(table.total[col.column][m], model.values[col.column].unit);
      if (col.key === 'totalPct') return M.percent(table.total[col.column][m], all);
      var c = change(m) * 100;
      return (c >= 0 ? '+' : '') + c.toFixed(2);
    }
    var rows = table.rows.filter(function (m) {
      return !state.regex || state.regex.test(model.names[m]);
    });
    var key = sort.key;
    rows.sort(function (x, y) {
      if (key === 'name') return model.names[x] < model.names[y] ? -1 : model.names[x] > model.names[y] ? 1 : 0;
      if (key === 'change') return Math.abs(change(y)) - Math.abs(change(x));
      return table[key][sort.column][y] - table[key][sort.column][x];
    });
    var head = $('methods-head');
    head.replaceChildren();
    cols.forEach(function (col) {
      var sortKey = col.sortAs || col.key, active = col.key === sort.key && (col.key === 'name' || col.column === sort.column);
      var th = el('th', col.label + (active ? ' \u25be' : ''));
      th.addEventListener('click', function () {
        state.tableSort = { key: sortKey, column: col.column === undefined ? model.main : col.column };
        renderTable();
      });
      head.appendChild(th);
    });
    var body = $('methods-body'), shown = rows.slice(0, state.tableRows);
    body.replaceChildren();
    shown.forEach(function (m) {
      var tr = el('tr');
      if (m === state.highlightName) tr.className = 'selected';
      cols.forEach(function (col) { tr.appendChild(el('td', cell(col, m))); });
      tr.addEventListener('click', function () {
        state.highlightName = state.highlightName === m ? -1 : m;
        state.selectedName = state.highlightName;
        renderTable();
        drawAll();
        $('status-text').textContent = state.highlightName >= 0 ? 'highlighted: ' + model.names[m] : '\u00a0';
      });
      tr.addEventListener('dblclick', function () { openSandwich(m); });
      body.appendChild(tr);
    });
    $('methods-more').textContent = rows.length > shown.length ? (rows.length - shown.length) + ' more methods (search to narrow)'
      : rows.length + ' methods';
  }

  function toggleTable() {
    var pane = $('table-pane');
    pane.hidden = !pane.hidden;
    $('table-toggle').classList.toggle('active', !pane.hidden);
    if (!pane.hidden) renderTable();
    drawAll();
  }

  // ---- legend, theme, help, copy

  function legend() {
    var list = $('legend'), items = [];
    if (diff) {
      items.push(['hsl(0,80%,62%)', 'grew'], ['hsl(220,80%,62%)', 'shrank'], ['hsl(0,0%,84%)', 'unchanged']);
    } else {
      var present = {};
      for (var f = 0; f < model.frameCategory.length; f++) present[model.categories[model.frameCategory[f]]] = true;
      Object.keys(STYLE).forEach(function (c) {
        if (present[c]) items.push(['hsl(' + STYLE[c].hue + ',' + STYLE[c].sat + '%,' + STYLE[c].light + '%)', STYLE[c].label]);
      });
    }
    items.push(['hsl(300,70%,62%)', 'search match'], [HIGHLIGHT, 'highlighted method']);
    items.forEach(function (item) {
      var li = el('li'), swatch = el('span');
      swatch.style.background = item[0];
      li.append(swatch, document.createTextNode(item[1]));
      list.appendChild(li);
    });
  }

  function setTheme(dark) {
    document.documentElement.classList.toggle('dark', dark);
    $('theme').textContent = dark ? 'Light' : 'Dark';
    try {
      localStorage.setItem('jprof-theme', dark ? 'dark' : 'light');
    } catch (e) {
      // storage may be off for files; the theme then lasts for this visit
    }
    drawAll();
    drawTimeline();
  }

  var KEYS = [['/', 'search (a regular expression)'], ['Enter / Shift+Enter', 'next / previous match'],
    ['Esc', 'clear search, leave callers/callees, reset zoom'], ['Backspace / U', 'zoom out one level'],
    ['0', 'reset zoom'], ['I', 'flame graph or icicle'], ['R', 'callers and callees of the selected method'],
    ['M', 'method table'], ['B', 'differential pages: widths from the current profile or the baseline'], ['T', 'light or dark theme'], ['C', 'copy the name of the frame under the mouse'],
    ['?', 'this help']];

  function setUpHelp() {
    var table = $('help-keys');
    KEYS.forEach(function (k) {
      var tr = el('tr'), key = el('td');
      key.appendChild(el('kbd', k[0]));
      tr.append(key, el('td', k[1]));
      table.appendChild(tr);
    });
    $('help-button').addEventListener('click', function () { $('help').hidden = false; });
    $('help-close').addEventListener('click', function () { $('help').hidden = true; });
    $('help').addEventListener('click', function (e) { if (e.target === $('help')) $('help').hidden = true; });
  }

  function copyName() {
    var v = statusNode.view, n = statusNode.node;
    if (!v || n <= 0) return;
    var text = M.nameOf(v.tree, n);
    function fallback() {
      var area = el('textarea', text);
      document.body.appendChild(area);
      area.select();
      try {
        document.execCommand('copy');
      } catch (e) {
        // nothing more to try
      }
      area.remove();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback); else fallback();
    $('status-text').textContent = 'copied: ' + text;
  }

  // ---- events

  function wireView(view) {
    var canvas = view.canvas;
    canvas.addEventListener('mousemove', function (e) {
      var n = view.hit(e.clientX, e.clientY);
      if (n !== view.hover) {
        view.hover = n;
        view.draw();
      }
      if (n >= 0) setStatus(view, n);
      showTooltip(view, n, e.clientX, e.clientY);
    });
    canvas.addEventListener('mouseleave', function () {
      view.hover = -1;
      showTooltip(view, -1);
      view.draw();
    });
    canvas.addEventListener('click', function (e) {
      var n = view.hit(e.clientX, e.clientY);
      if (n < 0) return;
      if (n > 0) state.selectedName = M.nameIdOf(view.tree, n);
      zoomTo(view, n === view.zoom ? Math.max(0, view.tree.parent[n]) : n);
      setStatus(view, n);
    });
  }

  /** A differential page draws widths from the current profile; the baseline's show what went away. */
  function toggleDiffWidths() {
    state.diffWidths = state.diffWidths === 'current' ? 'baseline' : 'current';
    $('diff-widths').textContent = 'Widths: ' + state.diffWidths;
    mainView.zoom = 0;
    rebuild();
  }

  function setOrientation(inverted) {
    mainView.inverted = inverted;
    $('orientation').textContent = inverted ? 'Flame graph' : 'Icicle';
    mainView.draw();
  }

  function onKey(e) {
    var input = $('search'), typing = e.target === input || e.target === $('hide');
    if (e.key === 'Escape') {
      if (!$('help').hidden) $('help').hidden = true;
      else if (e.target === input && input.value) setSearch('');
      else if (state.sandwich >= 0) closeSandwich();
      else zoomTo(mainView, 0);
      return;
    }
    if (e.key === 'Enter' && (e.target === input || !typing && state.result)) {
      e.preventDefault();
      stepMatch(e.shiftKey ? -1 : 1);
      return;
    }
    if (typing || e.ctrlKey && e.key !== 'f' || e.metaKey && e.key !== 'f' || e.altKey) return;
    var key = e.key;
    if (key === '/' || key === 'f' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      input.focus();
      input.select();
    } else if (key === 'n' || key === 'N') {
      stepMatch(key === 'N' ? -1 : 1);
    } else if (key === 'i' || key === 'I') {
      setOrientation(!mainView.inverted);
    } else if (key === '0') {
      zoomTo(mainView, 0);
    } else if (key === 'Backspace' || key === 'u' || key === 'U') {
      zoomTo(mainView, Math.max(0, mainView.tree.parent[mainView.zoom]));
    } else if (key === 'r' || key === 'R') {
      toggleSandwich();
    } else if (key === 'm' || key === 'M') {
      toggleTable();
    } else if (key === 't' || key === 'T') {
      setTheme(!document.documentElement.classList.contains('dark'));
    } else if (key === 'c' || key === 'C') {
      copyName();
    } else if ((key === 'b' || key === 'B') && diff) {
      toggleDiffWidths();
    } else if (key === '?') {
      $('help').hidden = !$('help').hidden;
    }
  }

  function setUp() {
    $('title').textContent = model.title;
    var warnings = $('warnings');
    model.warnings.forEach(function (text) { warnings.appendChild(el('li', text)); });
    warnings.hidden = model.warnings.length === 0;
    legend();
    setUpHelp();
    setUpThreads();
    setUpStates();
    setUpTimeline();
    views.forEach(wireView);
    $('reset').addEventListener('click', function () { zoomTo(mainView, 0); });
    $('orientation').addEventListener('click', function () { setOrientation(!mainView.inverted); });
    $('reverse').addEventListener('click', toggleSandwich);
    $('sandwich-close').addEventListener('click', closeSandwich);
    $('table-toggle').addEventListener('click', toggleTable);
    $('theme').addEventListener('click', function () { setTheme(!document.documentElement.classList.contains('dark')); });
    $('copy').addEventListener('click', copyName);
    if (diff) {
      $('diff-widths').hidden = false;
      $('diff-widths').addEventListener('click', toggleDiffWidths);
    }
    $('next').addEventListener('click', function () { stepMatch(1); });
    $('previous').addEventListener('click', function () { stepMatch(-1); });
    var input = $('search');
    input.addEventListener('input', function () { setSearch(input.value); });
    $('frames').addEventListener('change', function () {
      state.frames = $('frames').value;
      rebuild();
    });
    var hide = $('hide');
    hide.addEventListener('input', function () {
      hide.classList.remove('invalid');
      try {
        state.hide = hide.value ? new RegExp(hide.value) : null;
      } catch (e) {
        hide.classList.add('invalid');
        return;
      }
      rebuild();
    });
    document.addEventListener('keydown', onKey);
    var pending = false;
    window.addEventListener('resize', function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        drawAll();
        drawTimeline();
      });
    });
    var theme = null;
    try {
      theme = localStorage.getItem('jprof-theme');
    } catch (e) {
      theme = null;
    }
    if (theme === 'dark') setTheme(true);
    rebuild();
    drawTimeline();
  }

  setUp();
  var firstDraw = performance.now();
  // a flame graph grows upwards from its root: start at the bottom, where the root is
  if (document.body.scrollHeight > window.innerHeight) window.scrollTo(0, document.body.scrollHeight);

  /** For tools and tests driving the page. */
  window.jprof = {
    model: model, state: state, views: { main: mainView, callers: callersView, callees: calleesView },
    search: setSearch, zoomTo: zoomTo, stepMatch: stepMatch, setRange: setRange, openSandwich: openSandwich,
    closeSandwich: closeSandwich, setOrientation: setOrientation, setTheme: setTheme, toggleTable: toggleTable,
    /** Page coordinates of the first drawn box of the frame with this exact name in a view, or null. */
    boxOf: function (name, view) {
      var v = view || mainView;
      if (!v.boxes) return null;
      for (var i = 0; i < v.boxes.node.length; i++) {
        if (M.nameOf(v.tree, v.boxes.node[i]) === name) return v.boxOf(v.boxes.node[i]);
      }
      return null;
    },
    timings: { scriptStart: scriptStart, decoded: decoded, firstDraw: firstDraw }
  };
})();
