/* speechguide: the normalisation search applies to queries and texts, as the build does
   (speechguide.search.normalize): compatibility forms folded (full width → half width),
   lower case, traditional → simplified by the pipeline's table (search/sg/t2s.json), and only
   letters and digits kept, so punctuation and spaces inside a phrase do not matter.
   Loaded by the search worker (importScripts) and by every page (highlighting a hit). */
var SGNorm = (function () {
  "use strict";
  var KEEP = /[\p{L}\p{N}]/u;
  var t2s = new Map();

  function setTable(pairs) {
    var chars = Array.from(pairs);
    for (var i = 0; i + 1 < chars.length; i += 2) t2s.set(chars[i], chars[i + 1]);
  }

  function normChar(ch) {
    var out = "";
    for (var c of ch.normalize("NFKC").toLowerCase()) {
      var m = t2s.get(c) || c;
      if (m !== "_" && KEEP.test(m)) out += m;
    }
    return out;
  }

  /* The normalised text, and for each of its UTF-16 units the span [from, to) of the original
     it comes from. */
  function map(text) {
    var norm = "";
    var from = [];
    var to = [];
    var i = 0;
    while (i < text.length) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var n = normChar(ch);
      for (var k = 0; k < n.length; k++) {
        from.push(i);
        to.push(i + ch.length);
      }
      norm += n;
      i += ch.length;
    }
    return { norm: norm, from: from, to: to };
  }

  /* Every place where one of the (normalised) terms occurs: [start, end) in the original. */
  function find(m, terms) {
    var out = [];
    terms.forEach(function (term, ti) {
      if (!term) return;
      var at = m.norm.indexOf(term);
      while (at !== -1) {
        out.push({ term: ti, start: m.from[at], end: m.to[at + term.length - 1] });
        at = m.norm.indexOf(term, at + 1);
      }
    });
    return out.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
  }

  return {
    setTable: setTable,
    map: map,
    normalize: function (text) { return map(text).norm; },
    find: find,
  };
})();
