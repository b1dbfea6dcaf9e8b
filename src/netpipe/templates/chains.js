// Chains in time on the page, by the rule of netpipe.reach (src/netpipe/analysis/reach.py): each
// tie used on a day it is active (within its own span and both its people's presence, read
// widely, as the slider reads them), the days never going back, so a chain may wait at a person
// through a lasting tie but an event serves only on its own day(s). The same search over the
// same ties in the same order as reach(), so the same arrival, steps, via and ties.
var netpipeChains = (function () {
  "use strict";
  function low(day) { return day === null ? -Infinity : day; }
  function high(day) { return day === null ? Infinity : day; }

  // A heap of [day, node] pairs, least first (as Python orders the tuples of heapq).
  function before(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }
  function push(heap, item) {
    heap.push(item);
    for (var i = heap.length - 1; i > 0;) {
      var parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) { break; }
      var moved = heap[i]; heap[i] = heap[parent]; heap[parent] = moved;
      i = parent;
    }
  }
  function pop(heap) {
    var top = heap[0], last = heap.pop();
    if (heap.length) {
      heap[0] = last;
      for (var i = 0; ;) {
        var least = i, left = 2 * i + 1, right = left + 1;
        if (left < heap.length && before(heap[left], heap[least])) { least = left; }
        if (right < heap.length && before(heap[right], heap[least])) { least = right; }
        if (least === i) { break; }
        var moved = heap[i]; heap[i] = heap[least]; heap[least] = moved;
        i = least;
      }
    }
    return top;
  }

  // The ways the usable ties can be walked up to day `last`: first every tie from source to
  // target (in the page's order, which is the network's), then the undirected ones back.
  function arcs(net, usableNode, usableEdge, hostile, last) {
    var ways = [], back = [];
    net.ends.forEach(function (ends, e) {
      var s = ends[0], t = ends[1];
      if (!usableEdge[e] || s === t || !usableNode[s] || !usableNode[t] || net.way[e] === 0) { return; }
      if (net.hostile[e] && !hostile) { return; }
      var lo = Math.max(low(net.edgeLo[e]), low(net.nodeLo[s]), low(net.nodeLo[t]));
      var hi = Math.min(high(net.edgeHi[e]), high(net.nodeHi[s]), high(net.nodeHi[t]), last);
      if (lo > hi) { return; }
      ways.push({ tail: s, head: t, lo: lo, hi: hi, tie: e });
      if (net.way[e] === 2) { back.push({ tail: t, head: s, lo: lo, hi: hi, tie: e }); }
    });
    return ways.concat(back);
  }

  // Earliest arrival from `origin` on day `begin` (Dijkstra in time): an arc usable from `lo`
  // to `hi` takes someone who arrived at its tail on day d <= hi to its head on max(d, lo).
  function earliest(n, ways, origin, begin) {
    var out = [];
    for (var i = 0; i < n; i++) { out.push([]); }
    ways.forEach(function (way) { out[way.tail].push(way); });
    var arrival = new Array(n).fill(Infinity), previous = new Array(n).fill(-1);
    var tie = new Array(n).fill(-1), done = new Array(n).fill(false), settled = [];
    arrival[origin] = begin;
    var heap = [[begin, origin]];
    while (heap.length) {
      var top = pop(heap), day = top[0], node = top[1];
      if (done[node]) { continue; }
      done[node] = true;
      settled.push(node);
      out[node].forEach(function (way) {
        if (day > way.hi) { return; }
        var when = day > way.lo ? day : way.lo;
        if (when < arrival[way.head]) {
          arrival[way.head] = when; previous[way.head] = node; tie[way.head] = way.tie;
          push(heap, [when, way.head]);
        }
      });
    }
    return { arrival: arrival, previous: previous, tie: tie, settled: settled };
  }

  // Who `origin` could reach (forward), or who could reach `origin` (backward), using ties
  // only up to day `options.last` (Infinity: open). `net` holds per node its presence (nodeLo,
  // nodeHi) and per tie its ends, span (edgeLo, edgeHi) and the rules of page.chains (way,
  // hostile, unsure, sureLo, sureHi); days are numbers, null where open. Returns {rows}: the
  // origin first, then by arrival (earliest first forward, latest first backward), then node
  // order, each {node, arrival, steps, via, ties, uncertain} as reach() reports them (arrival
  // +-Infinity where open, via -1 for the origin, ties as tie indices from the origin's side);
  // or {error} when no chain in time can start from `origin`.
  function search(net, origin, options) {
    var backward = options.direction === "backward";
    if (!options.usableNode[origin]) { return { error: "hidden by the filters" }; }
    if (low(net.nodeLo[origin]) > high(net.nodeHi[origin])) {
      return { error: "undated: no dated evidence places them in time, so no chain in time starts from them" };
    }
    var begin = low(net.nodeLo[origin]), finish = Math.min(options.last, high(net.nodeHi[origin]));
    if (begin > finish) { return { error: "not present by that date" }; }
    var ways = arcs(net, options.usableNode, options.usableEdge, options.hostile, options.last);
    if (backward) {  // the mirror image: arcs reversed, days negated
      ways = ways.map(function (w) { return { tail: w.head, head: w.tail, lo: -w.hi, hi: -w.lo, tie: w.tie }; });
    }
    var found = earliest(net.nodeLo.length, ways, origin, backward ? -finish : begin);
    var arrival = backward ? found.arrival.map(function (day) { return -day; }) : found.arrival;
    var steps = {}, uncertain = {}, ties = {};
    found.settled.forEach(function (node) {
      var e = found.tie[node];
      if (e < 0) { steps[node] = 0; uncertain[node] = false; ties[node] = []; return; }
      var before = found.previous[node], day = arrival[node];
      var unsure = net.unsure[e] === 1 || !(low(net.sureLo[e]) <= day && day <= high(net.sureHi[e]));
      steps[node] = steps[before] + 1;
      uncertain[node] = uncertain[before] || unsure;
      ties[node] = ties[before].concat([e]);
    });
    var order = found.settled.slice(1).sort(function (a, b) {
      var x = backward ? -arrival[a] : arrival[a], y = backward ? -arrival[b] : arrival[b];
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    return {
      rows: [origin].concat(order).map(function (node) {
        return {
          node: node, arrival: arrival[node], steps: steps[node], via: found.previous[node],
          ties: ties[node], uncertain: uncertain[node]
        };
      })
    };
  }

  // A day since 1970-01-01 as ISO text, any year (H. Hinnant's civil_from_days); "" when open.
  function isoDay(day) {
    if (!isFinite(day)) { return ""; }
    var z = day + 719468, era = Math.floor(z / 146097), doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153), d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    function pad(value, width) { return String(value).padStart(width, "0"); }
    return (y < 0 ? "-" : "") + pad(Math.abs(y), 4) + "-" + pad(m, 2) + "-" + pad(d, 2);
  }

  return { search: search, isoDay: isoDay };
})();
