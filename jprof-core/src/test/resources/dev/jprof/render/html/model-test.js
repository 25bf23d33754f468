// Unit tests of model.js, run in the page the writer produced for FlameGraphWriterTest.modelProfile().
// Results go to out.results as "name: ok" or "name: FAIL ...".
var M = JprofModel, results = [];
function test(name, body) {
  try {
    body();
    results.push(name + ': ok');
  } catch (e) {
    results.push(name + ': FAIL ' + e.message);
  }
}
function eq(actual, expected, what) {
  var a = JSON.stringify(actual), b = JSON.stringify(expected);
  if (a !== b) throw new Error((what || '') + ' expected ' + b + ' but was ' + a);
}
function path(tree, n) {
  var names = [];
  for (var a = n; a > 0; a = tree.parent[a]) names.unshift(M.nameOf(tree, a));
  return names.join(';');
}
function node(tree, p) {
  for (var n = 0; n < tree.count; n++) if (path(tree, n) === p) return n;
  throw new Error('no node ' + p);
}
function mainTotals(tree) {
  var out = {};
  for (var n = 1; n < tree.count; n++) if (tree.total[tree.main][n]) out[path(tree, n)] = tree.total[tree.main][n];
  return out;
}
var model = M.decode(JSON.parse(document.getElementById('data').textContent));
var tree = M.callTree(model, {});

test('decodeNumbers reads what VarintText wrote', function () {
  eq(Array.from(M.decodeNumbers(NUMBERS_TEXT)), [0, 31, 32, 1023, 1099511627776, 5]);
});

test('decodeNames undoes front coding', function () {
  eq(M.decodeNames(['Aabc', 'Dd', 'Bx', 'A']), ['abc', 'abcd', 'ax', '']);
});

test('decode rebuilds the call tree with totals', function () {
  eq(mainTotals(tree), {
    'app.Main.main': 10, 'app.Main.main;app.A.run': 4, 'app.Main.main;app.A.run;app.A.run': 4,
    'app.Main.main;app.A.run;app.A.run;app.B.leaf': 4, 'app.Main.main;app.C.call': 4,
    'app.Main.main;app.C.call;app.B.leaf': 3, 'app.Main.main;java.util.HashMap.get': 2
  });
  eq(tree.maxDepth, 4, 'depth');
  eq(model.threads, ['t1', 't2']);
  eq(model.categories[model.frameCategory[tree.frame[node(tree, 'app.Main.main;java.util.HashMap.get')]]], 'jdk');
});

test('filters by thread, state and time', function () {
  eq(M.callTree(model, { thread: 1 }).total[model.main][0], 3, 'thread t2');
  var states = model.states.map(function (s) { return s === 'blocked'; });
  eq(mainTotals(M.callTree(model, { states: states })), { 'app.Main.main': 2, 'app.Main.main;java.util.HashMap.get': 2 }, 'blocked');
  // times: 0, 1000, 2000, 3000 microseconds after the first sample
  eq(M.callTree(model, { from: 500, to: 2500 }).total[model.main][0], 4, 'range');
});

test('layout spans the zoomed node and drops narrow boxes', function () {
  var boxes = M.layout(tree, 0, 1000, 0.4);
  var widths = {};
  boxes.node.forEach(function (n, i) { widths[path(tree, n)] = boxes.w[i]; });
  eq(widths['app.Main.main;app.C.call'], 400);
  eq(widths['app.Main.main;app.A.run'], 400);
  var cx = boxes.x[boxes.node.indexOf(node(tree, 'app.Main.main;app.C.call'))];
  eq(cx, 400, 'C.call follows A.run');
  var narrow = M.layout(tree, 0, 1000, 250);
  eq(narrow.node.indexOf(node(tree, 'app.Main.main;java.util.HashMap.get')), -1, 'narrow box dropped');
  var zoomed = M.layout(tree, node(tree, 'app.Main.main;app.C.call'), 1000, 0.4);
  eq(zoomed.ancestors, 2, 'root and main above the zoom');
  eq(zoomed.w.slice(0, 3), [1000, 1000, 1000]);
  eq(Math.round(zoomed.w[3]), 750, 'B.leaf is 3 of C.call\'s 4');
});

test('search counts nested matches once and works within a zoom', function () {
  var r = M.search(tree, /A\.run/);
  eq(r.total, 4);
  eq(r.matches.map(function (n) { return path(tree, n); }), ['app.Main.main;app.A.run']);
  var leaf = M.search(tree, /leaf/);
  eq(leaf.total, 7);
  eq(M.matchedWithin(tree, leaf, node(tree, 'app.Main.main;app.C.call')), 3);
  eq(M.matchedWithin(tree, r, node(tree, 'app.Main.main;app.A.run;app.A.run')), 4, 'inside a match');
  eq(M.search(tree, /nothing/).matches.length, 0);
});

test('method table counts recursion once', function () {
  var t = M.methodTable(tree), byName = {};
  t.rows.forEach(function (m) { byName[model.names[m]] = [t.self[model.main][m], t.total[model.main][m]]; });
  eq(byName, { 'app.A.run': [0, 4], 'app.B.leaf': [7, 7], 'app.C.call': [1, 4], 'app.Main.main': [0, 10], 'java.util.HashMap.get': [2, 2] });
});

test('callers and callees merge every place a method runs', function () {
  var leaf = model.names.indexOf('app.B.leaf'), run = model.names.indexOf('app.A.run');
  var callers = M.callersTree(tree, leaf);
  eq(callers.total[model.main][0], 7);
  eq(mainTotals(callers), { 'app.A.run': 4, 'app.A.run;app.A.run': 4, 'app.A.run;app.A.run;app.Main.main': 4, 'app.C.call': 3, 'app.C.call;app.Main.main': 3 });
  var callees = M.calleesTree(tree, run);
  eq(callees.total[model.main][0], 4);
  eq(mainTotals(callees), { 'app.A.run': 4, 'app.A.run;app.B.leaf': 4 });
});

test('hiding frames gives their callees and self value to the caller', function () {
  var hidden = new Uint8Array(model.frameName.length);
  for (var f = 0; f < hidden.length; f++) hidden[f] = model.names[model.frameName[f]] === 'app.A.run' ? 1 : 0;
  var shown = M.hideFrames(tree, hidden);
  eq(mainTotals(shown), {
    'app.Main.main': 10, 'app.Main.main;app.B.leaf': 4, 'app.Main.main;app.C.call': 4,
    'app.Main.main;app.C.call;app.B.leaf': 3, 'app.Main.main;java.util.HashMap.get': 2
  });
  eq(M.search(shown, /leaf/).total, 7);
});

test('timeline sums values per time bucket', function () {
  var t = M.timeline(model, {}, 4);
  eq(Array.from(t.values), [4, 3, 1, 2]);
  eq(Array.from(M.timeline(model, { thread: 0 }, 4).values), [4, 3, 0, 0]);
});

test('values carry their unit', function () {
  eq([M.formatValue(1500, 'ns'), M.formatValue(2.5e9, 'ns'), M.formatValue(3 * 1048576, 'bytes'), M.formatValue(1234, 'samples'),
      M.formatValue(12, 'bytes'), M.percent(1, 3), M.percent(1, 0)],
     ['1.50 us', '2.50 s', '3.00 MiB', '1,234 samples', '12 B', '33.33%', '0.00%']);
});

out.results = results;
