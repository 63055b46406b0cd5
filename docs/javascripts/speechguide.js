/* speechguide: the 原文 tab of a speech page loads the raw text the first time it is shown.
   The text is set with textContent, so nothing in it can become markup or run. */
(function () {
  "use strict";

  function load(pre) {
    if (pre.dataset.sgState) return;
    pre.dataset.sgState = "loading";
    fetch(pre.dataset.sgRaw)
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();  // decodes UTF-8 and drops the BOM
      })
      .then(function (text) {
        pre.textContent = text;
        pre.dataset.sgState = "loaded";
      })
      .catch(function () {
        pre.textContent = "原文没能加载（" + pre.dataset.sgRaw + "），请点上面的“单独打开”。";
        pre.dataset.sgState = "failed";
      });
  }

  function watch() {
    var pres = document.querySelectorAll("pre[data-sg-raw]");
    if (!pres.length) return;
    if (!("IntersectionObserver" in window)) {
      pres.forEach(load);
      return;
    }
    // A hidden tab has no box; the observer fires when the tab is opened.
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          seen.unobserve(e.target);
          load(e.target);
        }
      });
    });
    pres.forEach(function (pre) { seen.observe(pre); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
