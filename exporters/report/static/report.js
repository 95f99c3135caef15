/* ea governance report: the language switch, the model-wide search and the service filter. Plain JavaScript, no network:
   the service data is the JSON island #services-data in services.html. Without JavaScript both
   languages show and the whole service list shows. */
(function () {
  "use strict";

  var STORE = "ea-report-show";

  // ---- language switch ----------------------------------------------------------------------
  function setShow(value) {
    if (value !== "th" && value !== "en") value = "both";
    document.documentElement.setAttribute("data-show", value);
    var buttons = document.querySelectorAll(".langswitch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-show") === value));
    }
    try { window.localStorage.setItem(STORE, value); } catch (e) { /* file:// storage may be off */ }
  }

  function initLanguage() {
    var box = document.querySelector(".langswitch");
    if (!box) return;
    box.hidden = false;
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-show]");
      if (button) setShow(button.getAttribute("data-show"));
    });
    var saved = null;
    try { saved = window.localStorage.getItem(STORE); } catch (e) { saved = null; }
    setShow(saved || "both");
  }

  // ---- service filter -----------------------------------------------------------------------
  var FIELDS = ["q", "department", "district", "outcome", "verdict", "side"];

  function readHash() {
    var out = {};
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) return out;
    hash.split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) return;
      try {
        out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      } catch (e) { /* a malformed hash is ignored */ }
    });
    return out;
  }

  function writeHash(values) {
    var parts = [];
    FIELDS.forEach(function (name) {
      if (values[name]) parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(values[name]));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (window.location.hash === hash || !window.history || !window.history.replaceState) return;
    try {
      window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    } catch (e) { /* some browsers refuse history changes on file:// pages; the filter still works */ }
  }

  function matches(service, f, data) {
    if (f.q) {
      var hay = (service.id + " " + service.name_th + " " + service.name_en).toLowerCase();
      var words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return false;
    }
    if (f.department && service.departments.indexOf(f.department) < 0) return false;
    if (f.district) {
      var all = data.all_districts;
      if (f.district === all) {
        if (!service.districts.length) return false;
      } else if (service.districts.indexOf(f.district) < 0 && service.districts.indexOf(all) < 0) {
        return false;
      }
    }
    if (f.outcome || f.verdict) {
      var verdicts = service.verdicts[f.side || data.sides[0]];
      if (!verdicts) return false;
      var goals = f.outcome ? [f.outcome] : Object.keys(verdicts);
      var hit = goals.some(function (goal) {
        return f.verdict ? verdicts[goal] === f.verdict : verdicts[goal] !== undefined && verdicts[goal] !== null;
      });
      if (!hit) return false;
    }
    return true;
  }

  function initFilter() {
    var island = document.getElementById("services-data");
    var form = document.getElementById("filters");
    var table = document.getElementById("service-table");
    if (!island || !form || !table) return;
    var data = JSON.parse(island.textContent);
    var byId = {};
    data.services.forEach(function (s) { byId[s.id] = s; });
    var rows = table.querySelectorAll("tbody tr[data-id]");
    var count = form.querySelector(".shown-count");

    function values() {
      var out = {};
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        out[name] = input ? input.value.trim() : "";
      });
      return out;
    }

    function apply() {
      var f = values();
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var service = byId[rows[i].getAttribute("data-id")];
        var ok = service ? matches(service, f, data) : true;
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = String(shown);
      form.setAttribute("data-shown", String(shown));
      writeHash(f);
    }

    var initial = readHash();
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (!input || initial[name] === undefined) return;
      if (input.tagName === "SELECT") {
        var known = Array.prototype.some.call(input.options, function (o) { return o.value === initial[name]; });
        if (known) input.value = initial[name];
      } else {
        input.value = initial[name];
      }
    });
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    window.addEventListener("hashchange", function () {
      var h = readHash();
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input) input.value = h[name] || (input.tagName === "SELECT" && input.options.length ? input.options[0].value : "");
      });
      apply();
    });
    apply();
  }

  // ---- diagrams: fit the page, or actual size (scroll to pan) -----------------------------------
  // A diagram far wider than the page is unreadable when fitted: it opens at actual size, scrolled to
  // the element the page is about (data-focus), and the button switches between the two.
  var TOO_WIDE = 1.8;

  function setActual(figure, actual) {
    figure.classList.toggle("actual", actual);
    var button = figure.querySelector("button.zoom");
    if (button) button.setAttribute("aria-pressed", String(actual));
    if (!actual) return;
    var wrap = figure.querySelector(".svg-wrap");
    var focus = figure.getAttribute("data-focus");
    var quoted = window.CSS && CSS.escape ? CSS.escape(focus || "") : (focus || "").replace(/["\\]/g, "");
    var node = focus && figure.querySelector('g.node[data-ref="' + quoted + '"]');
    if (wrap && node) {
      var box = node.getBoundingClientRect();
      var frame = wrap.getBoundingClientRect();
      wrap.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
      wrap.scrollTop += box.top - frame.top - 40;
    }
  }

  function initZoom() {
    var figures = document.querySelectorAll("figure.diagram");
    for (var i = 0; i < figures.length; i++) {
      var figure = figures[i];
      var button = figure.querySelector("button.zoom");
      var svg = figure.querySelector(".svg-wrap svg");
      if (!button || !svg) continue;
      button.hidden = false;
      button.addEventListener("click", function (event) {
        var fig = event.currentTarget.closest("figure");
        setActual(fig, !fig.classList.contains("actual"));
      });
      var natural = parseFloat(svg.getAttribute("width")) || 0;
      var room = figure.querySelector(".svg-wrap").clientWidth || 1;
      if (natural > TOO_WIDE * room) setActual(figure, true);
    }
  }

  // ---- element index: find an entry on the page -----------------------------------------------
  function initEntryFilter() {
    var form = document.getElementById("ea-entry-filter");
    if (!form) return;
    var entries = document.querySelectorAll("section.entry");
    var texts = Array.prototype.map.call(entries, function (e) {
      var head = e.querySelector("h2");
      return ((head ? head.textContent : "") + " " + e.id).toLowerCase();
    });
    var count = form.querySelector(".shown-count");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () {
      var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        entries[i].hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = String(shown);
    });
  }

  // ---- matrices: sort by a column heading, filter the rows ------------------------------------
  function sortBy(table, col, button) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var down = button.getAttribute("aria-sort") === "ascending";
    var ths = table.querySelectorAll("thead th");
    for (var i = 0; i < ths.length; i++) ths[i].removeAttribute("aria-sort");
    button.setAttribute("aria-sort", down ? "descending" : "ascending");
    function key(row) {
      var cell = row.cells[col];
      var k = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
      return /^-?\d+(\.\d+)?$/.test(k) ? Number(k) : k.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "th");
      return down ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function initMatrices() {
    var tables = document.querySelectorAll("table.matrix");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.querySelectorAll("thead th");
      Array.prototype.forEach.call(heads, function (th, col) {
        th.classList.add("sortable");
        th.tabIndex = 0;
        th.addEventListener("click", function () { sortBy(table, col, th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, col, th); }
        });
      });
      var box = document.getElementById(table.getAttribute("data-filter"));
      if (!box) return;
      box.hidden = false;
      var input = box.querySelector("input");
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        var rows = table.tBodies[0].rows;
        for (var i = 0; i < rows.length; i++) {
          var text = rows[i].textContent.toLowerCase();
          rows[i].hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
        }
      });
    });
  }

  // ---- model-wide search: names in both languages, ids and types, as you type -----------------
  // The index (assets/search-index.js, window.eaSearchIndex) is a script loaded on first use: pages
  // opened from file:// may not fetch a .json file, and no page should wait for a multi-MB index.
  var SHOWN = 50;
  var searchIndex = null;

  function loadSearchIndex(src, done) {
    if (searchIndex) { done(); return; }
    if (window.eaSearchIndex) { prepareIndex(window.eaSearchIndex); done(); return; }
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = function () { if (window.eaSearchIndex) prepareIndex(window.eaSearchIndex); done(); };
    script.onerror = function () { done(); };
    document.head.appendChild(script);
  }

  function prepareIndex(data) {
    var items = data.items;
    var hay = new Array(items.length);
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      hay[i] = (it[1] + "\n" + it[2] + "\n" + it[0] + "\n" + data.types[it[3]]).toLowerCase();
    }
    searchIndex = {data: data, hay: hay};
  }

  // Every word must occur; a name that starts with the query ranks before one that contains it.
  function runSearch(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var first = [], rest = [], total = 0;
    if (!words.length || !searchIndex) return {hits: [], total: 0};
    var hay = searchIndex.hay, items = searchIndex.data.items, q = words.join(" ");
    for (var i = 0; i < hay.length; i++) {
      var h = hay[i], ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = h.indexOf(words[w]) >= 0;
      if (!ok) continue;
      total++;
      var it = items[i];
      var starts = it[1].toLowerCase().indexOf(q) === 0 || it[2].toLowerCase().indexOf(q) === 0 || it[0] === query;
      if (starts && first.length < SHOWN) first.push(it);
      else if (!starts && rest.length < SHOWN) rest.push(it);
    }
    return {hits: first.concat(rest).slice(0, SHOWN), total: total};
  }

  function resultItem(it, data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = data.pages[it[4]] + "#" + encodeURIComponent(it[0]);
    a.setAttribute("data-ref", it[0]);
    var name = document.createElement("span");
    name.className = "hit-name";
    name.textContent = it[1] && it[2] ? it[1] + " / " + it[2] : (it[1] || it[2] || it[0]);
    var type = document.createElement("span");
    type.className = "type";
    type.textContent = " " + data.types[it[3]];
    a.appendChild(name);
    a.appendChild(type);
    li.appendChild(a);
    return li;
  }

  function initSearch() {
    var form = document.getElementById("ea-search");
    if (!form) return;
    var input = form.elements.q;
    var panel = form.querySelector(".search-results");
    var list = panel.querySelector("ol");
    var count = panel.querySelector(".search-count");
    form.hidden = false;

    function show() {
      var query = input.value.trim();
      if (!query) { panel.hidden = true; form.removeAttribute("data-query"); return; }
      panel.hidden = false;
      if (!searchIndex) {
        count.textContent = form.getAttribute("data-loading");
        loadSearchIndex(form.getAttribute("data-index"), show);
        return;
      }
      var found = runSearch(query);
      var frag = document.createDocumentFragment();
      found.hits.forEach(function (it) { frag.appendChild(resultItem(it, searchIndex.data)); });
      list.textContent = "";
      list.appendChild(frag);
      count.textContent = found.total
        ? form.getAttribute("data-more").replace("{shown}", String(found.hits.length)).replace("{total}", String(found.total))
        : form.getAttribute("data-none");
      form.setAttribute("data-query", query);  // what the list shows now (tests and benchmarks wait on it)
      form.setAttribute("data-total", String(found.total));
    }

    input.addEventListener("focus", function () { loadSearchIndex(form.getAttribute("data-index"), function () {}); });
    input.addEventListener("input", show);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var top = list.querySelector("a");
      if (top) window.location.href = top.href;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") panel.hidden = true;
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) panel.hidden = true;
    });
  }

  function init() {
    initLanguage();
    initSearch();
    initFilter();
    initEntryFilter();
    initMatrices();
    initZoom();
    document.documentElement.classList.add("js");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
