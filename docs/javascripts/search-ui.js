/* speechguide: the page's side of search (the worker is javascripts/search-worker.js).
   - In Material's search panel: filters by meeting type and year, the count of speeches and
     hits, and more results when the list is scrolled to its end, rendered in Material's markup.
   - On a page opened from a result (`?sg=<query>#<paragraph>`): the phrase marked where it
     occurs, the paragraph scrolled into view. Texts are only ever set as text, never as markup. */
(function () {
  "use strict";

  var config = (function () {
    var el = document.getElementById("__config");
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (e) {
      return {};
    }
  })();
  var base = new URL(config.base || ".", location.href);
  if (!/\/$/.test(base.pathname)) base = new URL(base.pathname + "/", base);

  function t(key, n) {
    var s = (config.translations || {})[key] || "";
    return n === undefined ? s : s.replace("#", String(n));
  }

  /* ------------------------------------------------------------ search panel */

  var state = { more: false, loading: false, status: null };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function panel() {
    return document.querySelector(".md-search-result");
  }

  function facets(msg) {
    var box = panel();
    if (!box || box.querySelector(".sg-search-filters")) return;
    if (!(msg.types || []).length && !(msg.years || []).length) return;
    var bar = el("div", { class: "sg-search-filters" });
    function select(label, name, values) {
      var wrap = el("label", {}, label + " ");
      var s = el("select", { name: name, "aria-label": label });
      s.appendChild(el("option", { value: "" }, "全部"));
      values.forEach(function (v) { s.appendChild(el("option", { value: String(v) }, String(v))); });
      s.addEventListener("change", send);
      wrap.appendChild(s);
      bar.appendChild(wrap);
      return s;
    }
    var type = select("会议类型", "meetingType", msg.types || []);
    var year = select("年份", "year", msg.years || []);
    function send() {
      var w = window.__sgSearchWorker;
      if (w) w.postMessage({ type: "sg-filter", meetingType: type.value, year: year.value });
    }
    box.insertBefore(bar, box.firstChild);
  }

  function showStatus(msg) {
    state.status = msg;
    state.more = !!msg.more;
    state.loading = false;
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta || !msg.query) return;
    var text;
    if (msg.error) text = msg.error;
    else if (!msg.pages) text = "没有找到完全一致的“" + msg.query + "”";
    else if (msg.more) text = "已找到 " + msg.pages + " 篇、" + msg.hits + " 处，向下滚动看更多";
    else text = "找到 " + msg.pages + " 篇，共 " + msg.hits + " 处";
    if (msg.short && msg.short.length) text += "；“" + msg.short.join("”“") + "”只有一个字，没有用来搜索（每个词至少两个字）";
    if (msg.filters && (msg.filters.meetingType || msg.filters.year)) {
      text += "（筛选：" + [msg.filters.meetingType, msg.filters.year].filter(Boolean).join("、") + "）";
    }
    meta.textContent = text;
  }

  /* One result group in Material's markup (the same as its renderSearchResultItem). The titles
     and texts come from the worker already escaped, with <mark> around the phrase. */
  function renderItem(docs) {
    var li = el("li", { class: "md-search-result__item" });
    function doc(d, parent, teaser) {
      var a = el("a", { href: String(new URL(d.location, base)), class: "md-search-result__link", tabindex: "-1" });
      var art = el("article", { class: "md-search-result__article md-typeset", "data-md-score": d.score.toFixed(2) });
      if (parent) art.appendChild(el("div", { class: "md-search-result__icon md-icon" }));
      var h = el(parent ? "h1" : "h2");
      h.innerHTML = d.title;
      art.appendChild(h);
      if (teaser && d.text) art.insertAdjacentHTML("beforeend", d.text);
      if (d.tags && d.tags.length) {
        var nav = el("nav", { class: "md-tags" });
        d.tags.forEach(function (tag) {
          var span = el("span", { class: "md-tag" });
          span.innerHTML = tag; // escaped by the worker, as Material expects
          nav.appendChild(span);
        });
        art.appendChild(nav);
      }
      a.appendChild(art);
      return a;
    }
    var parent = docs[0];
    var rest = docs.slice(1);
    var best = rest.filter(function (d) { return d.score >= parent.score; });
    var more = rest.filter(function (d) { return d.score < parent.score; });
    li.appendChild(doc(parent, true, best.length === 0));
    best.forEach(function (d) { li.appendChild(doc(d, false, true)); });
    if (more.length) {
      var details = el("details", { class: "md-search-result__more" });
      var summary = el("summary", { tabindex: "-1" });
      summary.appendChild(el("div", {}, more.length === 1 ? t("search.result.more.one") : t("search.result.more.other", more.length)));
      details.appendChild(summary);
      more.forEach(function (d) { details.appendChild(doc(d, false, true)); });
      li.appendChild(details);
    }
    return li;
  }

  function moreItems(msg) {
    var input = document.querySelector("input.md-search__input");
    if (!input || !state.status || msg.query !== state.status.query) return;
    var list = document.querySelector(".md-search-result__list");
    if (!list) return;
    msg.items.forEach(function (docs) { list.appendChild(renderItem(docs)); });
  }

  function nearEnd(wrap) {
    return wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 120;
  }

  function askMore() {
    var w = window.__sgSearchWorker;
    if (!w || !state.more || state.loading) return;
    state.loading = true;
    w.postMessage({ type: "sg-more" });
  }

  function hook() {
    var w = window.__sgSearchWorker;
    if (!w) return;
    w.addEventListener("message", function (ev) {
      var msg = ev.data || {};
      if (msg.type === "sg-facets") facets(msg);
      else if (msg.type === "sg-status") {
        showStatus(msg);
        var wrap = document.querySelector(".md-search__scrollwrap");
        if (wrap && state.more && wrap.scrollHeight <= wrap.clientHeight) askMore(); // no scrollbar yet
      } else if (msg.type === "sg-more-items") moreItems(msg);
    });
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (wrap) wrap.addEventListener("scroll", function () { if (nearEnd(wrap)) askMore(); }, { passive: true });
  }

  /* ------------------------------------------------- a page opened from a hit */

  var BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, td, th, dd, dt, pre";

  /* The element's text as search indexed it (a slot counts as its original words, kept in its
     title "原文：…"), with the nodes each part comes from. */
  function pieces(root) {
    var out = [];
    var text = "";
    (function walk(node) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          out.push({ node: c, start: text.length });
          text += c.data;
        } else if (c.nodeType === 1 && !/^(SCRIPT|STYLE|BUTTON|svg)$/i.test(c.tagName)) {
          if (c.classList.contains("sg-slot")) {
            var title = c.getAttribute("title") || "";
            var orig = title.indexOf("原文：") === 0 ? title.slice(3) : c.textContent;
            out.push({ slot: c, start: text.length, end: text.length + orig.length });
            text += orig;
          } else walk(c);
        }
      }
    })(root);
    return { list: out, text: text };
  }

  function markIn(root, terms) {
    var p = pieces(root);
    var found = SGNorm.find(SGNorm.map(p.text), terms);
    if (!found.length) return 0;
    var cuts = []; // [node, from, to]
    found.forEach(function (o) {
      p.list.forEach(function (pc) {
        if (pc.slot) {
          if (pc.start < o.end && pc.end > o.start) pc.slot.classList.add("sg-hit");
          return;
        }
        var s = Math.max(o.start, pc.start) - pc.start;
        var e = Math.min(o.end, pc.start + pc.node.data.length) - pc.start;
        if (s < e) cuts.push([pc.node, s, e]);
      });
    });
    // Wrap from the end of each node backwards, so earlier offsets stay valid.
    var byNode = new Map();
    cuts.forEach(function (c) {
      if (!byNode.has(c[0])) byNode.set(c[0], []);
      byNode.get(c[0]).push(c);
    });
    byNode.forEach(function (list) {
      list.sort(function (a, b) { return b[1] - a[1]; });
      var lastStart = Infinity;
      list.forEach(function (c) {
        if (c[2] > lastStart) return; // overlaps one already marked
        lastStart = c[1];
        var mid = c[0].splitText(c[1]);
        mid.splitText(c[2] - c[1]);
        var mark = document.createElement("mark");
        mark.className = "sg-hit";
        mid.parentNode.replaceChild(mark, mid);
        mark.appendChild(mid);
      });
    });
    return found.length;
  }

  function highlightHit() {
    var q = new URLSearchParams(location.search).get("sg");
    var article = document.querySelector(".md-content__inner");
    if (!q || !article) return;
    fetch(new URL("search/sg/t2s.json", base))
      .then(function (r) { return r.ok ? r.json() : ""; })
      .catch(function () { return ""; })
      .then(function (pairs) {
        if (pairs) SGNorm.setTable(pairs);
        var terms = q.split(/\s+/).map(SGNorm.normalize).filter(function (x) { return Array.from(x).length >= 2; });
        if (!terms.length) return;
        var blocks = Array.prototype.filter.call(article.querySelectorAll(BLOCKS), function (b) {
          return !b.querySelector(BLOCKS) && !b.closest("[data-md-component=toc], .md-search-result");
        });
        blocks.forEach(function (b) { markIn(b, terms); });
        var id = decodeURIComponent(location.hash.slice(1));
        var target = id ? document.getElementById(id) : null;
        if (target && !target.matches(BLOCKS)) target = target.closest(BLOCKS) || target;
        if (target) {
          target.classList.add("sg-hit-block");
          target.scrollIntoView({ block: "center" });
        }
      });
  }

  function start() {
    hook();
    highlightHit();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
