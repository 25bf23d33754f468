// The viewer's data logic, free of the page: decoding the embedded profile, call trees under filters,
// layout, search, the method table and the callers/callees (sandwich) trees. viewer.js draws them.
var JprofModel = (function () {
  'use strict';

  var LAST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef', MORE = 'ghijklmnopqrstuvwxyz0123456789+/';
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) {
    DIGIT[LAST.charCodeAt(d)] = d;
    DIGIT[MORE.charCodeAt(d)] = 32 + d;
  }

  /** Numbers written by VarintText: 5 bits a character, low first; a character of LAST ends a number. */
  function decodeNumbers(text) {
    var count = 0, i;
    for (i = 0; i < text.length; i++) if (DIGIT[text.charCodeAt(i)] < 32) count++;
    var out = new Float64Array(count), n = 0, value = 0, scale = 1;
    for (i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (digit < 0) throw new Error('bad number text at ' + i);
      if (digit >= 32) {
        value += (digit - 32) * scale;
        scale *= 32;
      } else {
        out[n++] = value + digit * scale;
        value = 0;
        scale = 1;
      }
    }
    return out;
  }

  function unzigzag(v) {
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** Front-coded names: each entry starts with the count of characters shared with the previous name. */
  function decodeNames(entries) {
    var names = new Array(entries.length), previous = '';
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i], p = 0, shared = 0, scale = 1;
      for (;;) {
        var digit = DIGIT[e.charCodeAt(p++)];
        if (digit >= 32) {
          shared += (digit - 32) * scale;
          scale *= 32;
        } else {
          shared += digit * scale;
          break;
        }
      }
      previous = names[i] = previous.substring(0, shared) + e.substring(p);
    }
    return names;
  }

  /** The profile embedded by ViewerData, decoded into typed arrays. Node 0 is the root, "all". */
  function decode(data) {
    var frames = decodeNumbers(data.frames), frameCount = frames.length / 2;
    var frameName = new Int32Array(frameCount), frameCategory = new Int8Array(frameCount);
    for (var f = 0; f < frameCount; f++) {
      frameName[f] = frames[2 * f];
      frameCategory[f] = frames[2 * f + 1];
    }
    var codes = decodeNumbers(data.nodes), count = 1, i;
    for (i = 0; i < codes.length; i++) {
      count++;
      if (codes[i] % 4 === 3) i++;
    }
    var parent = new Int32Array(count), frame = new Int32Array(count), depth = new Int32Array(count);
    parent[0] = -1;
    frame[0] = -1;
    var previous = 0, n = 1;
    for (i = 0; i < codes.length; i++, n++) {
      var code = codes[i], up = code % 4;
      if (up === 3) up += codes[++i];
      var p = previous;
      for (var k = 0; k < up; k++) p = parent[p];
      parent[n] = p;
      frame[n] = (code - code % 4) / 4;
      depth[n] = depth[p] + 1;
      previous = n;
    }
    var s = data.samples, nodeDeltas = decodeNumbers(s.node), sampleNode = new Int32Array(nodeDeltas.length);
    for (i = 0, n = 0; i < nodeDeltas.length; i++) sampleNode[i] = n += unzigzag(nodeDeltas[i]);
    var thread = null, state = null, time = null;
    if (s.thread) {
      thread = new Int32Array(decodeNumbers(s.thread));
      for (i = 0; i < thread.length; i++) thread[i] -= 1;
    }
    if (s.state) state = new Int8Array(decodeNumbers(s.state));
    if (s.time) {
      time = decodeNumbers(s.time);
      for (i = 1; i < time.length; i++) time[i] += time[i - 1];
      for (i = 0; i < time.length; i++) time[i] *= s.timeScale;
    }
    var values = s.values.map(function (text) {
      var v = decodeNumbers(text), sum = 0;
      for (var j = 0; j < v.length; j++) v[j] = sum += unzigzag(v[j]);
      return v;
    });
    return {
      title: data.title, values: data.values, main: data.main, baseline: data.baseline,
      attributes: data.attributes || {}, warnings: data.warnings || [], categories: data.categories,
      names: decodeNames(data.names), frameName: frameName, frameCategory: frameCategory,
      nodeCount: count, parent: parent, frame: frame, depth: depth,
      threads: data.threads || [], states: data.states || [],
      samples: { count: sampleNode.length, node: sampleNode, thread: thread, state: state, time: time,
                 t0: s.t0, span: s.span || 0, values: values }
    };
  }

  /** A sample passes when its thread, state and time are all chosen (absent parts choose everything). */
  function sampleFilter(model, filter) {
    var s = model.samples, f = filter || {};
    var thread = f.thread !== undefined && f.thread >= 0 && s.thread ? f.thread : -1;
    var states = f.states && s.state ? f.states : null;
    var ranged = f.from !== undefined && f.from !== null && s.time;
    return function (i) {
      if (thread >= 0 && s.thread[i] !== thread) return false;
      if (states && !states[s.state[i]]) return false;
      if (ranged && (s.time[i] < f.from || s.time[i] > f.to)) return false;
      return true;
    };
  }

  /** Links children in id order (siblings keep their order). */
  function link(tree) {
    var count = tree.count, first = new Int32Array(count).fill(-1), next = new Int32Array(count).fill(-1);
    var last = new Int32Array(count).fill(-1);
    for (var n = 1; n < count; n++) {
      var p = tree.parent[n];
      if (last[p] < 0) first[p] = n; else next[last[p]] = n;
      last[p] = n;
    }
    tree.firstChild = first;
    tree.nextSibling = next;
  }

  function findMaxDepth(tree) {
    var main = tree.total[tree.main], maxDepth = 0;
    for (var n = 1; n < tree.count; n++) if (main[n] !== 0 && tree.depth[n] > maxDepth) maxDepth = tree.depth[n];
    tree.maxDepth = maxDepth;
  }

  function sumTotals(tree) {
    for (var c = 0; c < tree.self.length; c++) {
      var self = tree.self[c], total = new Float64Array(self);
      for (var n = tree.count - 1; n > 0; n--) total[tree.parent[n]] += total[n];
      tree.total[c] = total;
    }
  }

  /** The call tree of the samples that pass the filter ({thread, states: [bool per state], from, to}). */
  function callTree(model, filter) {
    var columns = model.values.length, self = [], s = model.samples, pass = sampleFilter(model, filter);
    for (var c = 0; c < columns; c++) self.push(new Float64Array(model.nodeCount));
    for (var i = 0; i < s.count; i++) {
      if (!pass(i)) continue;
      for (c = 0; c < columns; c++) self[c][s.node[i]] += s.values[c][i];
    }
    var tree = { model: model, count: model.nodeCount, parent: model.parent, frame: model.frame, depth: model.depth,
                 self: self, total: [], main: model.main, baseline: model.baseline, rootLabel: 'all' };
    sumTotals(tree);
    if (!model.links) {
      link(tree);
      model.links = { firstChild: tree.firstChild, nextSibling: tree.nextSibling, order: null };
    }
    tree.firstChild = model.links.firstChild;
    tree.nextSibling = model.links.nextSibling;
    // the writer emits nodes in pre-order
    if (!model.links.order) {
      model.links.order = new Int32Array(model.nodeCount);
      for (i = 0; i < model.nodeCount; i++) model.links.order[i] = i;
    }
    tree.order = model.links.order;
    findMaxDepth(tree);
    return tree;
  }

  /** Makes a value column the one that sets widths (a differential page shows the baseline's this way). */
  function setWidths(tree, column) {
    tree.main = column;
    findMaxDepth(tree);
    return tree;
  }

  /** Builds a tree node by node (parents before children); children end up sorted by name. */
  function TreeBuilder(model, rootLabel) {
    this.model = model;
    this.rootLabel = rootLabel;
    this.parent = [-1];
    this.frame = [-1];
    this.depth = [0];
    this.keys = new Map();
    this.self = model.values.map(function () { return [0]; });
  }

  TreeBuilder.prototype.child = function (parent, frame) {
    var key = parent * (this.model.frameName.length + 1) + frame, id = this.keys.get(key);
    if (id !== undefined) return id;
    id = this.parent.length;
    this.keys.set(key, id);
    this.parent.push(parent);
    this.frame.push(frame);
    this.depth.push(this.depth[parent] + 1);
    for (var c = 0; c < this.self.length; c++) this.self[c].push(0);
    return id;
  };

  TreeBuilder.prototype.add = function (node, column, value) {
    this.self[column][node] += value;
  };

  TreeBuilder.prototype.build = function () {
    var model = this.model, count = this.parent.length, names = model.names, frameName = model.frameName;
    var tree = { model: model, count: count, parent: Int32Array.from(this.parent), frame: Int32Array.from(this.frame),
                 depth: Int32Array.from(this.depth), self: this.self.map(function (a) { return Float64Array.from(a); }),
                 total: [], main: model.main, baseline: model.baseline, rootLabel: this.rootLabel };
    sumTotals(tree);
    link(tree);
    findMaxDepth(tree);
    // children sorted by name, as the writer sorts the main tree
    var kids = [];
    for (var p = 0; p < count; p++) {
      kids.length = 0;
      for (var k = tree.firstChild[p]; k >= 0; k = tree.nextSibling[k]) kids.push(k);
      if (kids.length < 2) continue;
      kids.sort(function (a, b) {
        var x = names[frameName[tree.frame[a]]], y = names[frameName[tree.frame[b]]];
        return x < y ? -1 : x > y ? 1 : tree.frame[a] - tree.frame[b];
      });
      tree.firstChild[p] = kids[0];
      for (var i = 0; i < kids.length; i++) tree.nextSibling[kids[i]] = i + 1 < kids.length ? kids[i + 1] : -1;
    }
    return tree;
  };

  /** Node ids in drawing order: pre-order, siblings as linked. */
  function preOrder(tree) {
    if (tree.order) return tree.order;
    var order = new Int32Array(tree.count), n = 0, stack = [0], kids = [];
    while (stack.length) {
      var node = stack.pop();
      order[n++] = node;
      kids.length = 0;
      for (var k = tree.firstChild[node]; k >= 0; k = tree.nextSibling[k]) kids.push(k);
      for (var i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    tree.order = order;
    return order;
  }

  function nameOf(tree, node) {
    return node === 0 ? tree.rootLabel : tree.model.names[tree.model.frameName[tree.frame[node]]];
  }

  function nameIdOf(tree, node) {
    return node === 0 ? -1 : tree.model.frameName[tree.frame[node]];
  }

  /**
   * Boxes to draw with the zoomed node spanning the width: per box its node, x, width and depth; the
   * zoomed node's ancestors span the whole width too (ancestors: their count, first in the lists).
   * Boxes narrower than minWidth are left out with their subtrees.
   */
  function layout(tree, zoom, width, minWidth) {
    var main = tree.total[tree.main], out = { node: [], x: [], w: [], depth: [], ancestors: 0 };
    for (var a = tree.parent[zoom]; a >= 0; a = tree.parent[a]) {
      out.node.unshift(a);
      out.x.unshift(0);
      out.w.unshift(width);
      out.depth.unshift(tree.depth[a]);
    }
    out.ancestors = out.node.length;
    if (main[zoom] <= 0) return out;
    var scale = width / main[zoom], stackNode = [zoom], stackX = [0], kids = [], xs = [];
    while (stackNode.length) {
      var n = stackNode.pop(), x = stackX.pop();
      out.node.push(n);
      out.x.push(x);
      out.w.push(main[n] * scale);
      out.depth.push(tree.depth[n]);
      kids.length = 0;
      xs.length = 0;
      var cx = x;
      for (var k = tree.firstChild[n]; k >= 0; k = tree.nextSibling[k]) {
        var kw = main[k] * scale;
        if (kw >= minWidth) {
          kids.push(k);
          xs.push(cx);
        }
        cx += kw;
      }
      for (var i = kids.length - 1; i >= 0; i--) {
        stackNode.push(kids[i]);
        stackX.push(xs[i]);
      }
    }
    return out;
  }

  /**
   * Frames whose name matches the regular expression. matched[node] is 1 for a matching node; matches
   * lists the outermost matching nodes with a value, in drawing order; total sums their values, so
   * nested matches count once.
   */
  function search(tree, regex) {
    var names = tree.model.names, nameMatch = new Uint8Array(names.length);
    for (var i = 0; i < names.length; i++) {
      regex.lastIndex = 0;
      nameMatch[i] = regex.test(names[i]) ? 1 : 0;
    }
    var matched = new Uint8Array(tree.count), under = new Uint8Array(tree.count), main = tree.total[tree.main];
    var order = preOrder(tree), matches = [], total = 0;
    for (i = 1; i < order.length; i++) {
      var n = order[i], p = tree.parent[n];
      matched[n] = nameMatch[tree.model.frameName[tree.frame[n]]];
      under[n] = under[p] || matched[p] ? 1 : 0;
      if (matched[n] && !under[n] && main[n] > 0) {
        matches.push(n);
        total += main[n];
      }
    }
    return { matched: matched, under: under, matches: matches, total: total };
  }

  /** The value under matches within the zoomed node: all of it when the node or an ancestor matches. */
  function matchedWithin(tree, result, zoom) {
    var main = tree.total[tree.main];
    if (zoom === 0) return result.total;
    if (result.matched[zoom] || result.under[zoom]) return main[zoom];
    var sum = 0, depth = tree.depth[zoom];
    for (var i = 0; i < result.matches.length; i++) {
      var n = result.matches[i];
      if (tree.depth[n] <= depth) continue;
      var a = n;
      while (tree.depth[a] > depth) a = tree.parent[a];
      if (a === zoom) sum += main[n];
    }
    return sum;
  }

  /**
   * Per method name: self (summed over its nodes) and total (counted once per path, so recursion does
   * not double it), for every value column. rows: name ids with a value, in no particular order.
   */
  function methodTable(tree) {
    var names = tree.model.names.length, columns = tree.self.length, self = [], total = [];
    for (var c = 0; c < columns; c++) {
      self.push(new Float64Array(names));
      total.push(new Float64Array(names));
    }
    var onPath = new Int32Array(names), path = [], order = preOrder(tree);
    for (var i = 1; i < order.length; i++) {
      var n = order[i], depth = tree.depth[n];
      while (path.length && tree.depth[path[path.length - 1]] >= depth) onPath[nameIdOf(tree, path.pop())]--;
      var name = nameIdOf(tree, n);
      for (c = 0; c < columns; c++) {
        self[c][name] += tree.self[c][n];
        if (onPath[name] === 0) total[c][name] += tree.total[c][n];
      }
      onPath[name]++;
      path.push(n);
    }
    var rows = [];
    for (var m = 0; m < names; m++) {
      for (c = 0; c < columns; c++) {
        if (total[c][m] !== 0) {
          rows.push(m);
          break;
        }
      }
    }
    return { rows: rows, self: self, total: total };
  }

  /** Outermost nodes of a method (by name id): the nodes with no caller of the same name above them. */
  function outermost(tree, name) {
    var out = [], order = preOrder(tree), inside = new Uint8Array(tree.count);
    for (var i = 1; i < order.length; i++) {
      var n = order[i], p = tree.parent[n];
      inside[n] = inside[p] || (p !== 0 && nameIdOf(tree, p) === name) ? 1 : 0;
      if (nameIdOf(tree, n) === name && !inside[n]) out.push(n);
    }
    return out;
  }

  /** All callees of a method merged: the method at the root (node 0), what it calls below, from every place it runs. */
  function calleesTree(tree, name) {
    var b = new TreeBuilder(tree.model, tree.model.names[name]), columns = tree.self.length;
    var map = new Int32Array(tree.count).fill(-1), order = preOrder(tree), position = new Int32Array(tree.count);
    for (var i = 0; i < order.length; i++) position[order[i]] = i;
    outermost(tree, name).forEach(function (top) {
      map[top] = 0;
      for (var c = 0; c < columns; c++) b.add(0, c, tree.self[c][top]);
      var end = position[top] + 1, depth = tree.depth[top];
      while (end < order.length && tree.depth[order[end]] > depth) {
        var n = order[end++];
        map[n] = b.child(map[tree.parent[n]], tree.frame[n]);
        for (c = 0; c < columns; c++) b.add(map[n], c, tree.self[c][n]);
      }
    });
    return b.build();
  }

  /** All callers of a method merged: the method at the root (node 0), its callers next, their callers next to them. */
  function callersTree(tree, name) {
    var b = new TreeBuilder(tree.model, tree.model.names[name]), columns = tree.self.length;
    outermost(tree, name).forEach(function (top) {
      var node = 0;
      for (var a = tree.parent[top]; a > 0; a = tree.parent[a]) node = b.child(node, tree.frame[a]);
      for (var c = 0; c < columns; c++) b.add(node, c, tree.total[c][top]);
    });
    return b.build();
  }

  /** The tree without some frames (hiddenFrame[frame] is 1): a hidden frame's callees and self value go to its caller. */
  function hideFrames(tree, hiddenFrame) {
    var b = new TreeBuilder(tree.model, tree.rootLabel), columns = tree.self.length, order = preOrder(tree);
    var map = new Int32Array(tree.count);
    for (var i = 1; i < order.length; i++) {
      var n = order[i], p = map[tree.parent[n]], any = false, c;
      for (c = 0; c < columns; c++) if (tree.total[c][n] !== 0) any = true;
      if (!any) continue;
      map[n] = hiddenFrame[tree.frame[n]] ? p : b.child(p, tree.frame[n]);
      for (c = 0; c < columns; c++) if (tree.self[c][n] !== 0) b.add(map[n], c, tree.self[c][n]);
    }
    return b.build();
  }

  /** Sums of the main value over time in equal buckets, for the timeline (samples with times only). */
  function timeline(model, filter, buckets) {
    var s = model.samples, out = new Float64Array(buckets);
    if (!s.time || s.count === 0) return { values: out, span: 0 };
    var span = s.span || 1, values = s.values[model.main];
    var pass = sampleFilter(model, { thread: filter.thread, states: filter.states });
    for (var i = 0; i < s.count; i++) {
      if (!pass(i)) continue;
      out[Math.min(buckets - 1, Math.floor(s.time[i] / span * buckets))] += values[i];
    }
    return { values: out, span: span };
  }

  var UNIT_STEPS = {
    ns: [[1e9, 's'], [1e6, 'ms'], [1e3, 'us']],
    bytes: [[1073741824, 'GiB'], [1048576, 'MiB'], [1024, 'KiB']]
  };

  /** A value with its unit: "1.25 s", "3.40 MiB", "1,234 samples". */
  function formatValue(value, unit) {
    var steps = UNIT_STEPS[unit], a = Math.abs(value);
    if (steps) {
      for (var i = 0; i < steps.length; i++) if (a >= steps[i][0]) return (value / steps[i][0]).toFixed(2) + ' ' + steps[i][1];
      return Math.round(value) + (unit === 'ns' ? ' ns' : ' B');
    }
    return Math.round(value).toLocaleString('en-US') + ' ' + unit;
  }

  function percent(part, whole) {
    return whole === 0 ? '0.00%' : (100 * part / whole).toFixed(2) + '%';
  }

  return {
    decodeNumbers: decodeNumbers, decodeNames: decodeNames, decode: decode, callTree: callTree, TreeBuilder: TreeBuilder,
    preOrder: preOrder, nameOf: nameOf, nameIdOf: nameIdOf, layout: layout, search: search, matchedWithin: matchedWithin,
    methodTable: methodTable, outermost: outermost, hideFrames: hideFrames, setWidths: setWidths, calleesTree: calleesTree, callersTree: callersTree,
    timeline: timeline, formatValue: formatValue, percent: percent
  };
})();
