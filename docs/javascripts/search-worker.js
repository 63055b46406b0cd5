/* speechguide search worker. Material for MkDocs runs it in place of its own (see
   overrides/main.html) and talks to it in Material's protocol: SETUP 0, READY 1, QUERY 2,
   RESULT 3. Results come back in Material's format, one group per page, so the header search
   box renders them in its own markup.

   The index lives in search/sg/ (built by speechguide.search.index): a manifest, dictionary
   shards of character bigrams, postings chunks and block texts, each fetched when a query first
   needs it. A query is exact: its characters, normalised as the build normalised the texts,
   must be contiguous in one block; several terms separated by spaces must all occur on the page.

   Extra messages (strings as types, which Material ignores):
   to the page   {type: "sg-status"} after every result, {type: "sg-facets"} once, {type: "sg-more-items"};
   from the page {type: "sg-filter", meetingType, year}, {type: "sg-more"}. */
"use strict";

var BASE = new URL("../search/sg/", self.location.href);
var PAGE_SIZE = 10; // pages (speeches) per batch of results
var BEST_HITS = 3; // hits shown under a page before Material's "more on this page"
var MAX_HITS = 12; // hits listed per page

var manifest = null;
var loading = null;
var pageStart = null; // block id where each page starts (one more entry: the total)
var shardCache = new Map();
var chunkCache = new Map();
var textCache = new Map();
var filters = { meetingType: "", year: "" };
var passing = null; // sorted page ids the filters let through (null: all)
var current = null; // the query being shown: {query, terms, nextGid, done, batch, pages, hits}
var seq = 0;

/* ------------------------------------------------------------------ loading */

function fetchJSON(rel) {
  var url = new URL(rel, BASE);
  if (manifest) url.searchParams.set("v", manifest.build);
  // The manifest is checked with the server every time: it names the build the rest belongs to.
  return fetch(url.href, manifest ? {} : { cache: "no-cache" }).then(function (r) {
    if (!r.ok) throw new Error(rel + "：" + r.status);
    return r.json();
  });
}

function cached(cache, rel) {
  var hit = cache.get(rel);
  if (!hit) {
    hit = fetchJSON(rel);
    cache.set(rel, hit);
    hit.catch(function () { cache.delete(rel); });
  }
  return hit;
}

function load() {
  if (!loading) {
    loading = Promise.all([fetchJSON("manifest.json"), fetchJSON("t2s.json")])
      .then(function (res) {
        manifest = res[0];
        SGNorm.setTable(res[1]);
        var counts = manifest.blockCounts;
        pageStart = new Array(counts.length + 1);
        pageStart[0] = 0;
        for (var p = 0; p < counts.length; p++) pageStart[p + 1] = pageStart[p] + counts[p];
        self.postMessage({ type: "sg-facets", types: manifest.types, years: manifest.years });
      });
    loading.catch(function () { loading = null; });
  }
  return loading;
}

/* ------------------------------------------------------------ normalisation */

importScripts("search-normalize.js"); // SGNorm, shared with the pages

/* FNV-1a over code points: the build's `shard_of`. */
function shardOf(key, shards) {
  var h = 0x811c9dc5;
  for (var ch of key) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/* ---------------------------------------------------------------- postings */

function prefixSums(deltas) {
  var out = new Array(deltas.length);
  var acc = 0;
  for (var i = 0; i < deltas.length; i++) {
    acc += deltas[i];
    out[i] = acc;
  }
  return out;
}

function lowerBound(arr, x) {
  var lo = 0, hi = arr.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* One bigram's sorted block ids, read chunk by chunk. */
function Postings(entry) {
  this.n = entry.n;
  this.inline = entry.g ? prefixSums(entry.g) : null;
  this.dir = entry.c || null;
}

/* The smallest block id >= x (Infinity when there is none). */
Postings.prototype.seek = function (x) {
  if (this.inline) {
    var i = lowerBound(this.inline, x);
    return Promise.resolve(i < this.inline.length ? this.inline[i] : Infinity);
  }
  var dir = this.dir;
  var lo = 0, hi = dir.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (dir[mid][0] <= x) lo = mid + 1;
    else hi = mid;
  }
  var c = lo - 1;
  if (c < 0) return Promise.resolve(dir[0][0]);
  return cached(chunkCache, "p/" + dir[c][1] + ".json").then(function (deltas) {
    var gids = deltas._sums || (deltas._sums = prefixSums(deltas));
    var j = lowerBound(gids, x);
    if (j < gids.length) return gids[j];
    return c + 1 < dir.length ? dir[c + 1][0] : Infinity;
  });
};

/* The next block >= x where every one of a term's chosen bigrams occurs. */
async function termNext(lists, x) {
  for (;;) {
    var agreed = true;
    for (var L of lists) {
      var y = await L.seek(x);
      if (y === Infinity) return Infinity;
      if (y > x) {
        x = y;
        agreed = false;
      }
    }
    if (agreed) return x;
  }
}

function pageOf(gid) {
  return lowerBound(pageStart, gid + 1) - 1;
}

/* --------------------------------------------------------------------- query */

function parse(query) {
  var terms = [];
  var short = [];
  for (var raw of query.split(/\s+/)) {
    if (!raw) continue;
    var norm = SGNorm.normalize(raw);
    if (!norm) continue;
    if (Array.from(norm).length < 2) short.push(raw);
    else if (!terms.some(function (t) { return t.norm === norm; })) terms.push({ raw: raw, norm: norm });
  }
  return { terms: terms, short: short };
}

/* Up to `max` bigrams spread over the term, for their counts. */
function probeKeys(norm, max) {
  var chars = Array.from(norm);
  var keys = [];
  for (var i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
  keys = Array.from(new Set(keys));
  if (keys.length <= max) return keys;
  var out = [];
  for (var k = 0; k < max; k++) out.push(keys[Math.round((k * (keys.length - 1)) / (max - 1))]);
  return Array.from(new Set(out));
}

async function lookup(keys) {
  var shards = manifest.shards;
  var out = new Map();
  await Promise.all(keys.map(function (key) {
    return cached(shardCache, "k/" + shardOf(key, shards) + ".json").then(function (bucket) {
      out.set(key, Object.prototype.hasOwnProperty.call(bucket, key) ? bucket[key] : null);
    });
  }));
  return out;
}

function setFilters(f) {
  filters = { meetingType: f.meetingType || "", year: f.year ? String(f.year) : "" };
  if (!filters.meetingType && !filters.year) {
    passing = null;
    return;
  }
  var t = filters.meetingType ? manifest.types.indexOf(filters.meetingType) + 1 : -1;
  var y = filters.year ? manifest.years.indexOf(Number(filters.year)) + 1 : -1;
  passing = [];
  var fb = manifest.facetBase;
  for (var p = 0; p < manifest.pageTypes.length; p++) {
    if (t !== -1 && manifest.pageTypes.charCodeAt(p) - fb !== t) continue;
    if (y !== -1 && manifest.pageYears.charCodeAt(p) - fb !== y) continue;
    passing.push(p);
  }
}

/* The first page >= p that the filters let through (pageStart.length - 1 when none). */
function nextPassing(p) {
  if (!passing) return p;
  var i = lowerBound(passing, p);
  return i < passing.length ? passing[i] : pageStart.length - 1;
}

/* Pages with candidate blocks for every term, from block `gid` on; at most `want` pages. */
async function scan(state, want) {
  var found = [];
  var terms = state.terms;
  var g = state.nextGid;
  var last = pageStart.length - 1;
  while (found.length < want) {
    if (g >= pageStart[last]) { state.done = true; break; }
    var p0 = nextPassing(pageOf(g));
    if (p0 >= last) { state.done = true; break; }
    if (pageStart[p0] > g) g = pageStart[p0];
    var x = await termNext(terms[0].lists, g);
    if (x === Infinity) { state.done = true; break; }
    var pid = pageOf(x);
    if (passing && nextPassing(pid) !== pid) { g = pageStart[nextPassing(pid)]; continue; }
    var agreed = true;
    for (var t = 1; t < terms.length; t++) {
      var y = await termNext(terms[t].lists, pageStart[pid]);
      if (y === Infinity) { state.done = true; return finish(); }
      var q = pageOf(y);
      if (q !== pid) { g = pageStart[q]; agreed = false; break; }
    }
    if (!agreed) continue;
    var blocks = new Set();
    for (var term of terms) {
      var z = await termNext(term.lists, pageStart[pid]);
      while (z < pageStart[pid + 1]) {
        blocks.add(z);
        z = await termNext(term.lists, z + 1);
      }
    }
    found.push({ pid: pid, blocks: Array.from(blocks).sort(function (a, b) { return a - b; }) });
    g = pageStart[pid + 1];
  }
  return finish();
  function finish() {
    state.nextGid = g;
    return found;
  }
}

function textOf(gid) {
  var group = Math.floor(gid / manifest.textGroup);
  return cached(textCache, "t/" + group + ".json").then(function (data) {
    return { block: data.b[gid - group * manifest.textGroup], pages: data.p };
  });
}

/* Every place where one of the terms occurs: [start, end) in the original text. */
function occurrences(m, terms) {
  return SGNorm.find(m, terms.map(function (t) { return t.norm; }));
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

var STOPS = "。！？；!?;\n";

/* The sentence around the first occurrence, every occurrence in it marked. */
function snippet(text, occ) {
  var first = occ[0];
  var s = first.start;
  while (s > 0 && STOPS.indexOf(text[s - 1]) === -1 && first.start - s < 60) s--;
  var e = first.end;
  while (e < text.length && STOPS.indexOf(text[e - 1]) === -1 && e - first.end < 90) e++;
  var html = s > 0 && STOPS.indexOf(text[s - 1]) === -1 ? "…" : "";
  var pos = s;
  for (var o of occ) {
    if (o.start < pos || o.end > e) continue;
    html += esc(text.slice(pos, o.start)) + "<mark>" + esc(text.slice(o.start, o.end)) + "</mark>";
    pos = o.end;
  }
  html += esc(text.slice(pos, e)).trim();
  if (e < text.length && STOPS.indexOf(text[e - 1]) === -1) html += "…";
  return html;
}

/* Keep the candidate pages whose text really holds every term; make Material's result items. */
async function verify(state, found) {
  var texts = await Promise.all(found.map(function (f) {
    return Promise.all(f.blocks.map(textOf));
  }));
  var items = [];
  found.forEach(function (f, i) {
    var seen = new Set();
    var hits = [];
    var info = null;
    texts[i].forEach(function (r) {
      var b = r.block; // [page, anchor, section, text]
      info = info || r.pages[String(b[0])];
      var occ = occurrences(SGNorm.map(b[3]), state.terms);
      if (!occ.length) return;
      occ.forEach(function (o) { seen.add(o.term); });
      hits.push({ block: b, occ: occ });
    });
    if (!info || seen.size < state.terms.length) return; // a decoy: the words are there, apart
    items.push(resultItem(state, info, hits));
  });
  return items;
}

function resultItem(state, info, hits) {
  // info: [url, title, kind, meeting type, year]
  var q = "?sg=" + encodeURIComponent(state.query);
  var count = hits.reduce(function (n, h) { return n + h.occ.length; }, 0);
  state.hits += count;
  // Material renders titles, texts and tags as HTML: everything from the corpus is escaped.
  var tags = [];
  if (info[2] !== "讲话") tags.push(esc(info[2]));
  if (info[3]) tags.push(esc(info[3]));
  if (info[4]) tags.push(esc(String(info[4])));
  var parent = {
    location: info[0] + q,
    title: esc(info[1]) + ' <span class="sg-search-count">' + count + " 处</span>",
    text: "<p>" + snippet(hits[0].block[3], hits[0].occ) + "</p>",
    tags: tags,
    score: 1,
    terms: {},
  };
  var docs = [parent];
  // Every hit counts; the first MAX_HITS are listed (the page itself shows them all).
  hits.slice(0, MAX_HITS).forEach(function (h, k) {
    var b = h.block;
    docs.push({
      location: info[0] + q + "#" + b[1],
      title: esc(b[2] || info[1]),
      text: "<p>" + snippet(b[3], h.occ) + "</p>",
      score: k < BEST_HITS ? 1 : 0.5,
      terms: {},
    });
  });
  return docs;
}

async function run(state, want) {
  while (!state.done && state.batch.length < want) {
    var found = await scan(state, want - state.batch.length);
    if (!found.length) break;
    var items = await verify(state, found);
    state.batch = state.batch.concat(items);
  }
  var out = state.batch;
  state.batch = [];
  state.pages += out.length;
  return out;
}

function status(state, extra) {
  var msg = {
    type: "sg-status",
    query: state.query,
    pages: state.pages,
    hits: state.hits,
    more: !state.done,
    short: state.short || [],
    filters: filters,
  };
  for (var k in extra || {}) msg[k] = extra[k];
  self.postMessage(msg);
}

async function query(text) {
  var my = ++seq;
  var state = { query: text.trim(), terms: [], nextGid: 0, done: false, batch: [], pages: 0, hits: 0 };
  current = state;
  if (!state.query) {
    state.done = true;
    self.postMessage({ type: 3, data: { items: [] } });
    return status(state);
  }
  try {
    await load();
    var parsed = parse(state.query);
    state.short = parsed.short;
    state.terms = parsed.terms;
    if (!state.terms.length) {
      state.done = true;
    } else {
      var probes = state.terms.map(function (t) { return probeKeys(t.norm, 8); });
      var entries = await lookup(Array.from(new Set([].concat.apply([], probes))));
      for (var i = 0; i < state.terms.length; i++) {
        var lists = probes[i].map(function (k) { return entries.get(k); });
        if (lists.some(function (e) { return !e; })) { state.done = true; break; }
        lists.sort(function (a, b) { return a.n - b.n; });
        state.terms[i].lists = lists.slice(0, 3).map(function (e) { return new Postings(e); });
      }
    }
    var items = state.done ? [] : await run(state, PAGE_SIZE);
    if (my !== seq) return; // a newer query took over
    self.postMessage({ type: 3, data: { items: items } });
    status(state);
  } catch (err) {
    if (my !== seq) return;
    state.done = true;
    self.postMessage({ type: 3, data: { items: [] } });
    status(state, { error: "搜索索引没能加载（" + String(err && err.message || err) + "）" });
  }
}

async function more() {
  var state = current;
  if (!state || state.done) return;
  var my = seq;
  try {
    var items = await run(state, PAGE_SIZE);
    if (my !== seq || state !== current) return;
    self.postMessage({ type: "sg-more-items", query: state.query, items: items });
    status(state);
  } catch (err) {
    status(state, { error: "更多结果没能加载（" + String(err && err.message || err) + "）" });
  }
}

self.addEventListener("message", function (ev) {
  var msg = ev.data || {};
  switch (msg.type) {
    case 0: // SETUP: Material's own index is not used; ours loads here, before the first query
      load().then(
        function () { self.postMessage({ type: 1 }); },
        function () { self.postMessage({ type: 1 }); }
      );
      break;
    case 2: // QUERY
      query(String(msg.data || ""));
      break;
    case "sg-filter":
      load().then(function () {
        setFilters(msg);
        if (current) query(current.query);
      });
      break;
    case "sg-more":
      more();
      break;
  }
});
