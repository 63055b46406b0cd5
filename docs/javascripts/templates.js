/* speechguide: the 模板 page's assembler. Picks a meeting type, a number of parts and the moves,
   shows the skeleton (text only: set with textContent, nothing becomes markup), copies it as
   plain paragraphs and downloads it as a Word file (an HTML document Word and WPS open, with the
   office layout: 仿宋 三号, 28 pt lines, two-character first-line indent, headings 黑体). */
(function () {
  "use strict";
  var CN = "零一二三四五六七八九十";

  function num(n) { return n <= 10 ? CN[n] : String(n); }

  function init() {
    var dataEl = document.getElementById("sg-asm-data");
    if (!dataEl) return;
    var types = JSON.parse(dataEl.textContent);
    var typeSel = document.getElementById("sg-asm-type");
    var partsSel = document.getElementById("sg-asm-parts");
    var movesBox = document.getElementById("sg-asm-moves");
    var out = document.getElementById("sg-asm-out");
    var status = document.getElementById("sg-asm-status");

    function current() {
      for (var i = 0; i < types.length; i++) if (types[i].slug === typeSel.value) return types[i];
      return types[0];
    }

    function lines() {
      var t = current();
      var n = parseInt(partsSel.value, 10);
      var on = {};
      movesBox.querySelectorAll("input[type=checkbox]").forEach(function (c) { on[c.value] = c.checked; });
      var byId = {};
      t.moves.forEach(function (m) { byId[m.id] = m; });
      var res = [["title", "在【会议名称】上的讲话"]];
      res.push(["salutation", byId.salutation && on.salutation !== false ? byId.salutation.text : "同志们："]);
      t.moves.forEach(function (m) {
        if (["salutation", "roadmap", "restate", "call"].indexOf(m.id) >= 0 || !on[m.id]) return;
        res.push(["body", m.text]);
      });
      if (byId.roadmap && on.roadmap) res.push(["body", byId.roadmap.text.replace("【N】", num(n))]);
      var roles = t.roles[String(n)] || [];
      roles.forEach(function (role, k) {
        res.push(["h1", num(k + 1) + "、" + (t.shapes[role] || "【动词】【对象】，【动词】【对象】")]);
        res.push(["body", "【" + role + "：" + (t.hints[role] || "") + "】"]);
      });
      ["restate", "call"].forEach(function (id) { if (byId[id] && on[id]) res.push(["body", byId[id].text]); });
      return res;
    }

    function text() {
      var parts = [];
      lines().forEach(function (l, i) {
        if (l[0] === "h1" && i) parts.push("");
        parts.push(l[1]);
      });
      return parts.join("\n") + "\n";
    }

    function render() { out.textContent = text(); status.textContent = ""; }

    function fillMoves() {
      var t = current();
      partsSel.value = String(t.parts);
      movesBox.querySelectorAll("label").forEach(function (l) { l.remove(); });
      t.moves.forEach(function (m) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = m.id;
        box.checked = !!m.usual;
        box.addEventListener("change", render);
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + m.name));
        movesBox.appendChild(label);
      });
      render();
    }

    function copy() {
      var s = text();
      function done() { status.textContent = "已复制，可以粘贴到 Word/WPS。"; }
      function fallback() {
        var ta = document.createElement("textarea");
        ta.value = s;
        ta.setAttribute("readonly", "");
        ta.style.position = "fixed";
        ta.style.opacity = "0";
        document.body.appendChild(ta);
        ta.select();
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "复制失败，请手动选中上面的文字复制。"; }
        ta.remove();
      }
      // The clipboard API needs a secure context; an intranet site on plain http falls back.
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(s).then(done, fallback);
      else fallback();
    }

    function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

    function word() {
      var css = "@page{size:21cm 29.7cm;margin:3.7cm 2.6cm 3.5cm 2.8cm}" +
        "p{margin:0;font-family:'仿宋_GB2312','仿宋';font-size:16pt;line-height:28pt;text-indent:2em;text-align:justify}" +
        "p.title{font-family:'方正小标宋简体';font-size:22pt;text-align:center;text-indent:0}" +
        "p.salutation{text-indent:0}h1{margin:0;font-family:'黑体';font-size:16pt;font-weight:normal;line-height:28pt;text-indent:2em}";
      var body = lines().map(function (l) {
        if (l[0] === "h1") return "<h1>" + esc(l[1]) + "</h1>";
        return '<p class="' + l[0] + '">' + esc(l[1]) + "</p>";
      }).join("");
      var html = '<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8"><style>' + css +
        "</style></head><body>" + body + "</body></html>";
      var blob = new Blob(["\ufeff", html], { type: "application/msword" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = current().type + "讲话骨架.doc";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }

    typeSel.addEventListener("change", fillMoves);
    partsSel.addEventListener("change", render);
    document.getElementById("sg-asm-copy").addEventListener("click", copy);
    document.getElementById("sg-asm-word").addEventListener("click", word);
    fillMoves();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
