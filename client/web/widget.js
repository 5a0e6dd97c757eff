/*
 * Policy Reader: "Lyt" widget. One tag on any page:
 *
 *   <script src="https://oplaesning.kommune.dk/widget.js" defer
 *           data-selector="main" data-voice="" data-format="mp3"></script>
 *
 * adds a "Lyt" button that reads the page's main content (or the text the
 * user has selected) aloud, sentence by sentence, highlighting the sentence
 * being read. No dependencies, no build step; everything the citizen sees
 * is Danish.
 *
 * data-server    base URL of the HTTP API (default: this script's origin)
 * data-selector  what to read (default: main, then article, then body)
 * data-voice     voice id for /v1/speech (default: the server's)
 * data-format    mp3 | ogg | wav (default: mp3, or ogg if the browser plays
 *                Ogg Opus and not MP3)
 *
 * How it works: the container (or the selection) is written out as clean
 * HTML, one block per heading, paragraph, list item and table row (serialize
 * below), with a map from every character of that string back to the DOM
 * point it came from. The string goes to POST /v1/segment with format html,
 * so the service reads headings alone, list items as items and rows as
 * rows; the sentences' UTF-8 byte offsets are turned into string indices,
 * and those into DOM positions through the map. Each sentence is fetched
 * from GET /v1/speech into a blob URL; the next one is fetched while the
 * current one plays. The sentence being read is wrapped in <mark> elements
 * (one per text node it touches, and per word once its word timings from
 * GET /v1/speech.json are in, so the word being said is marked too); the
 * text nodes are put back exactly as they were when the highlight moves
 * or reading stops.
 *
 * It keeps, in localStorage, the speed, the screen-reader mode (only new
 * sections, pause and speed are said, not every sentence), the word marks'
 * choice and the
 * place per page (for the same text), and resumes there ("Forfra" starts
 * over). A click in the text while reading, or a click or focus there
 * before Lyt, reads from that point. Lyt while reading goes on; a play()
 * the browser's autoplay policy refuses says so and waits for Afspil.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__policyReaderWidget) return;
  window.__policyReaderWidget = true;

  var data = script.dataset;
  var SERVER = (data.server || new URL(script.src, location.href).origin)
    .replace(/\/+$/, "");
  var SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
  var STORE = "policy-reader:lyt:";
  // /v1/speech reads at most 4096 bytes; the MP3 download asks for chunks
  // of whole sentences below this.
  var DOWNLOAD_CHUNK_BYTES = 3500;
  var P = "pr-lyt";

  var T = {
    listen: "Lyt",
    listenLabel: "Lyt til teksten på siden",
    region: "Oplæsning",
    toolbar: "Styring af oplæsning",
    pause: "Pause",
    play: "Afspil",
    stop: "Stop",
    prev: "Forrige sætning",
    next: "Næste sætning",
    speed: "Hastighed",
    download: "Hent som MP3",
    close: "Luk oplæsning",
    loading: "Henter tekst …",
    downloading: "Henter MP3 …",
    downloaded: "MP3-filen er hentet.",
    reading: function (i, n) { return "Læser sætning " + i + " af " + n; },
    paused: "Pause",
    stopped: "Stoppet",
    done: "Færdig",
    noText: "Der er ingen tekst at læse op.",
    audioError: "Kunne ikke hente lyden. Prøv igen.",
    textError: "Kunne ikke hente teksten. Prøv igen.",
    downloadError: "Kunne ikke hente MP3-filen. Prøv igen.",
    blocked: "Browseren lod ikke siden starte lyden. Tryk på Afspil for at lytte.",
    restart: "Forfra",
    restartLabel: "Læs forfra",
    resumed: function (i, n) { return "Fortsætter ved sætning " + i + " af " + n + ". Tryk på Forfra for at starte forfra."; },
    fromHere: function (i, n) { return "Læser fra det valgte sted: sætning " + i + " af " + n; },
    srMode: "Skærmlæsertilstand: sig ikke hver sætning",
    srOn: "Skærmlæsertilstand til: sætningerne nævnes ikke.",
    srOff: "Skærmlæsertilstand fra.",
    words: "Fremhæv ordet, der læses",
    intro: "Indledning",
    section: function (k, n, title) { return "Afsnit " + k + " af " + n + ": " + title; },
    speedSaid: function (x) { return "Hastighed " + String(x).replace(".", ",") + "x"; }
  };

  function chooseFormat() {
    var wanted = (data.format || "").toLowerCase();
    if (wanted === "mp3" || wanted === "ogg" || wanted === "wav") return wanted;
    var probe = document.createElement("audio");
    if (!probe.canPlayType("audio/mpeg") &&
        probe.canPlayType('audio/ogg; codecs="opus"')) {
      return "ogg";
    }
    return "mp3";
  }

  // ---- Text collection and offset mapping -------------------------------

  var SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|INPUT|SELECT|BUTTON|SVG|CANVAS|IFRAME|OBJECT|AUDIO|VIDEO)$/;

  function container() {
    if (data.selector) {
      var chosen = document.querySelector(data.selector);
      if (chosen) return chosen;
    }
    return document.querySelector("main") || document.querySelector("article") ||
      document.body;
  }

  function hidden(el) {
    if (el.hidden || el.getAttribute("aria-hidden") === "true" ||
        el.hasAttribute("data-lyt-skip")) {
      return true;
    }
    var style = getComputedStyle(el);
    return style.display === "none" || style.visibility === "hidden";
  }

  function isBlock(el) {
    var display = getComputedStyle(el).display;
    return display !== "inline" && display !== "contents" &&
      display.indexOf("inline") !== 0;
  }

  // Page furniture that is not the text, even inside the container:
  // navigation (breadcrumbs), banners, cookie dialogs, asides.
  var CHROME_TAGS = /^(NAV|ASIDE|FOOTER|DIALOG)$/;
  var CHROME_ROLES = /^(navigation|banner|contentinfo|search|complementary|dialog|alertdialog)$/;

  function furniture(el) {
    if (CHROME_TAGS.test(el.nodeName) || el.getAttribute("aria-modal") === "true") return true;
    // A page's own header (logo, menu); an article's header is its own.
    if (el.nodeName === "HEADER" && !(el.parentNode && el.parentNode.closest &&
        el.parentNode.closest("article, main, section"))) return true;
    if (CHROME_ROLES.test((el.getAttribute("role") || "").split(/\s+/)[0])) return true;
    // Fixed and sticky boxes (cookie banners, toolbars) float over the
    // text rather than belonging to it.
    var position = getComputedStyle(el).position;
    return position === "fixed" || position === "sticky";
  }

  // The content as clean HTML for POST /v1/segment (format html), so the
  // service sees the page's structure: every heading, paragraph and list
  // item is a block of its own (<hN>, <p>, <li>, flat), <ol> items carry
  // their number, table rows are one block each with their column headers
  // ("Dato: 1. februar 2024, Aktivitet: Høring"), images give their alt
  // text, and hidden, aria-hidden and furniture are left out.
  //
  // Returns {text, map, plain}: for each UTF-16 unit i of text, map[i] is
  // the DOM point it came from ([textNode, offset], or [element, -1] for an
  // image's alt text) or null (markup, separators, words the widget adds:
  // numbers, column headers), and plain[i] what it stands for as text ("&"
  // for the five units of "&amp;", "" for markup). With a selection Range,
  // only what it touches is taken.
  function serialize(root, selection, exclude) {
    var text = [], map = [], plain = [];
    var open = null, hasText = false, pendingSpace = false;

    function unit(u, at, p) { text.push(u); map.push(at); plain.push(p); }
    function markup(str) { for (var k = 0; k < str.length; k++) unit(str[k], null, ""); }
    function openBlock(tag) {
      closeBlock();
      markup("<" + tag + ">");
      open = tag; hasText = false; pendingSpace = false;
    }
    function closeBlock() {
      if (open) markup("</" + open + ">\n");
      open = null;
    }
    function put(ch, at) {
      if (!open) openBlock("p");
      if (pendingSpace && hasText) unit(" ", null, " ");
      pendingSpace = false;
      var esc = ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : ch;
      for (var k = 0; k < esc.length; k++) unit(esc[k], at, k === 0 ? ch : "");
      hasText = true;
    }
    function words(str, at) {
      for (var k = 0; k < str.length; k++) {
        if (/\s/.test(str[k])) pendingSpace = true; else put(str[k], at);
      }
    }
    function inScope(node) { return !selection || selection.intersectsNode(node); }
    function children(node) { for (var c = node.firstChild; c; c = c.nextSibling) walk(c); }
    function flat(node) { return (node.textContent || "").replace(/\s+/g, " ").trim(); }

    function listNumber(li) {
      var list = li.parentNode;
      if (!list || list.nodeName !== "OL") return null;
      var n = list.hasAttribute("start") ? parseInt(list.getAttribute("start"), 10) || 1 : 1;
      for (var c = list.firstElementChild; c; c = c.nextElementSibling) {
        if (c.nodeName !== "LI") continue;
        if (c.hasAttribute("value")) n = parseInt(c.getAttribute("value"), 10) || n;
        if (c === li) return n;
        if (!hidden(c)) n++;
      }
      return null;
    }

    function table(t) {
      closeBlock();
      if (t.caption && !hidden(t.caption) && inScope(t.caption)) {
        openBlock("p"); children(t.caption); closeBlock();
      }
      var rows = Array.prototype.slice.call(t.rows);
      var headerRow = null;
      if (t.tHead && t.tHead.rows.length) {
        headerRow = t.tHead.rows[t.tHead.rows.length - 1];
      } else if (rows.length > 1 && Array.prototype.every.call(rows[0].cells, function (c) { return c.nodeName === "TH"; })) {
        headerRow = rows[0];
      }
      var headers = [];
      if (headerRow) {
        var col = 0;
        Array.prototype.forEach.call(headerRow.cells, function (c) {
          for (var k = 0; k < (c.colSpan || 1); k++) headers[col + k] = flat(c);
          col += c.colSpan || 1;
        });
      }
      rows.forEach(function (row) {
        if (row === headerRow || (t.tHead && t.tHead.contains(row)) || hidden(row) || !inScope(row)) return;
        openBlock("p");
        var col = 0, first = true;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var at = col;
          col += cell.colSpan || 1;
          if (hidden(cell) || !flat(cell)) return;
          if (!first) { put(",", null); pendingSpace = true; }
          first = false;
          if (headers[at] && cell.nodeName !== "TH") { words(headers[at] + ":", null); pendingSpace = true; }
          children(cell);
        });
        closeBlock();
      });
    }

    function walk(node) {
      if (node.nodeType === 3) {
        if (selection && !selection.intersectsNode(node)) return;
        var str = node.data;
        var lo = selection && node === selection.startContainer ? selection.startOffset : 0;
        var hi = selection && node === selection.endContainer ? selection.endOffset : str.length;
        for (var i = lo; i < hi; i++) {
          if (/\s/.test(str[i])) pendingSpace = true; else put(str[i], [node, i]);
        }
        return;
      }
      if (node.nodeType !== 1 || node === exclude) return;
      var tag = node.nodeName.toUpperCase();
      if (SKIP.test(tag) || hidden(node) || (node !== root && furniture(node))) return;
      if (!inScope(node)) return;
      if (tag === "BR") { pendingSpace = true; return; }
      if (tag === "IMG") {
        var alt = (node.getAttribute("alt") || "").trim();
        var role = node.getAttribute("role");
        if (alt && role !== "presentation" && role !== "none") {
          pendingSpace = true; words(alt, [node, -1]); pendingSpace = true;
        }
        return;
      }
      if (tag === "TABLE") { table(node); return; }
      var heading = /^H([1-6])$/.exec(tag);
      if (!heading && node.getAttribute("role") === "heading") {
        heading = [null, String(Math.min(6, Math.max(1, parseInt(node.getAttribute("aria-level"), 10) || 2)))];
      }
      if (heading) { openBlock("h" + heading[1]); children(node); closeBlock(); return; }
      if (tag === "LI") {
        openBlock("li");
        var number = listNumber(node);
        if (number !== null) { words(number + ".", null); pendingSpace = true; }
        children(node);
        closeBlock();
        return;
      }
      if (isBlock(node)) { closeBlock(); children(node); closeBlock(); return; }
      children(node);
    }

    walk(root);
    closeBlock();
    return { text: text.join(""), map: map, plain: plain };
  }

  // byteToIndex[b] is the string index of the character that starts at
  // UTF-8 byte b of text (and byteToIndex[total] = text.length).
  function byteIndex(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var units = 1;
      var bytes;
      if (c < 0x80) bytes = 1;
      else if (c < 0x800) bytes = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        bytes = 4; units = 2;
      } else bytes = 3;
      for (var b = 0; b < bytes; b++) out.push(i);
      i += units - 1;
    }
    out.push(text.length);
    return out;
  }

  // The text of [a, b) of a serialized string as the sentence says it
  // (whitespace runs one space, trimmed: what /v1/speech reads), and for
  // each of its characters the index in the serialized string it came
  // from, so word timings (offsets into that text) find the page again.
  function spoken(plain, a, b) {
    var out = [], at = [], space = false;
    for (var j = a; j < b; j++) {
      var p = plain[j];
      if (!p) continue;
      if (/\s/.test(p)) { space = out.length > 0; continue; }
      if (space) { out.push(" "); at.push(-1); space = false; }
      out.push(p); at.push(j);
    }
    return { text: out.join(""), at: at };
  }

  function utf8Length(s) {
    return new TextEncoder().encode(s).length;
  }

  // ---- Highlight --------------------------------------------------------

  var marks = [];  // {node, mark, tail}

  function clearHighlight() {
    // Undone in reverse, so every text node gets back exactly its own text
    // (and its identity: the map keeps pointing at it).
    for (var k = marks.length - 1; k >= 0; k--) {
      var m = marks[k];
      try {
        if (m.el) {
          m.el.classList.remove(P + "-mark-el");
        } else if (m.whole) {
          m.mark.replaceWith(m.node);
        } else {
          m.node.data += m.mark.textContent;
          m.mark.remove();
        }
        if (!m.el && m.tail) {
          m.node.data += m.tail.data;
          m.tail.remove();
        }
      } catch (e) { /* the page changed the DOM under us; nothing to undo */ }
    }
    marks = [];
  }

  // Marks map[start, end) (a sentence): one <mark> per text node it
  // touches. With `wordAt` (serialized index -> word stretch id), each
  // stretch inside those gets a <mark data-w> of its own, nested, so the
  // word being said can be marked without changing the sentence's marks.
  function highlight(map, start, end, wordAt) {
    clearHighlight();
    // Pieces: runs of characters in one text node; runs: the words in it
    // ([lo, hi) in the node's own offsets).
    var pieces = [];
    var first = null;
    for (var i = start; i < end; i++) {
      var at = map[i];
      if (!at) continue;
      if (at[1] < 0) {
        // An image read by its alt text: the image is marked.
        if (at[0].isConnected && !at[0].classList.contains(P + "-mark-el")) {
          at[0].classList.add(P + "-mark-el");
          marks.push({ el: at[0] });
          if (!first) first = at[0];
        }
        continue;
      }
      var last = pieces[pieces.length - 1];
      if (last && last.node === at[0] && last.end === at[1]) last.end++;
      else if (last && last.node === at[0] && last.end < at[1]) last.end = at[1] + 1;
      else pieces.push(last = { node: at[0], start: at[1], end: at[1] + 1, runs: [] });
      var w = wordAt ? wordAt[i] : undefined;
      if (w === undefined) continue;
      var run = last.runs[last.runs.length - 1];
      if (run && run.word === w) run.hi = at[1] + 1;
      else last.runs.push({ word: w, lo: at[1], hi: at[1] + 1 });
    }
    pieces.forEach(function (p) {
      var node = p.node;
      if (!node.isConnected || p.end > node.data.length) return;
      var mark = document.createElement("mark");
      mark.className = P + "-mark";
      var tail = null, inner;
      if (p.end < node.data.length) tail = node.splitText(p.end);
      if (p.start === 0) {
        node.replaceWith(mark);
        mark.appendChild(node);
        marks.push({ node: node, mark: mark, tail: tail, whole: true });
        inner = node;
      } else {
        inner = node.splitText(p.start);
        inner.replaceWith(mark);
        mark.appendChild(inner);
        marks.push({ node: node, mark: mark, tail: tail, whole: false });
      }
      if (!first) first = mark;
      // The words, last first, so the offsets of those still to do stay
      // those of `inner`; undone (in reverse) before the sentence's mark.
      for (var r = p.runs.length - 1; r >= 0; r--) {
        var a = p.runs[r].lo - p.start, b = p.runs[r].hi - p.start;
        if (a < 0 || b > inner.data.length || a >= b) continue;
        var wm = document.createElement("mark");
        wm.className = P + "-w";
        wm.setAttribute("data-w", String(p.runs[r].word));
        var wtail = b < inner.data.length ? inner.splitText(b) : null;
        if (a === 0) {
          inner.replaceWith(wm);
          wm.appendChild(inner);
          marks.push({ node: inner, mark: wm, tail: wtail, whole: true });
        } else {
          var said = inner.splitText(a);
          said.replaceWith(wm);
          wm.appendChild(said);
          marks.push({ node: inner, mark: wm, tail: wtail, whole: false });
        }
      }
    });
    return first;
  }

  function reducedMotion() {
    return window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // Fixed and sticky boxes of the page (headers, cookie banners), found
  // once per reading; the highlight is kept clear of those that cover the
  // top or the bottom of the window.
  var floating = [];
  function findFloating() {
    floating = [];
    var all = document.body.getElementsByTagName("*");
    for (var k = 0; k < all.length; k++) {
      if (root.contains(all[k])) continue;
      var position = getComputedStyle(all[k]).position;
      if (position === "fixed" || position === "sticky") floating.push(all[k]);
    }
  }
  function insets(h) {
    var top = 0, bottom = 0;
    floating.forEach(function (e) {
      if (!e.isConnected) return;
      var r = e.getBoundingClientRect();
      // One that covers half the window or more cannot be read around.
      if (!r.width || !r.height || r.height >= h / 2) return;
      if (r.top <= 1 && r.bottom > top) top = r.bottom;
      else if (r.bottom >= h - 1 && h - r.top > bottom) bottom = h - r.top;
    });
    return { top: top, bottom: h - bottom };
  }

  function scrollToMark(mark) {
    if (!mark) return;
    var r = mark.getBoundingClientRect();
    var h = window.innerHeight || document.documentElement.clientHeight;
    var safe = insets(h);
    if (r.top >= safe.top && r.bottom <= safe.bottom) return;
    var room = safe.bottom - safe.top;
    // To the middle of what the page leaves free; a sentence taller than
    // that starts at its top.
    var by = r.height > room ? r.top - safe.top : r.top - safe.top - (room - r.height) / 2;
    window.scrollBy({ top: by, behavior: reducedMotion() ? "auto" : "smooth" });
  }

  // ---- HTTP -------------------------------------------------------------

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // fetch with a few retries when the server is busy (429 Retry-After).
  function fetchOk(url, init, tries) {
    tries = tries === undefined ? 3 : tries;
    return fetch(url, init).then(function (res) {
      if (res.status === 429 && tries > 0) {
        var after = parseFloat(res.headers.get("Retry-After")) || 1;
        return wait(Math.min(after, 5) * 1000).then(function () {
          return fetchOk(url, init, tries - 1);
        });
      }
      if (!res.ok) throw new Error("HTTP " + res.status + " from " + url);
      return res;
    });
  }

  // The audio of `text`; with `words` ("json"), when each of its words
  // is said in that audio (made with it, so fetched after it costs none).
  function speechUrl(text, format, rate, words) {
    var q = "text=" + encodeURIComponent(text) + "&format=" + format;
    if (data.voice) q += "&voice=" + encodeURIComponent(data.voice);
    if (rate && rate !== 1) q += "&rate=" + rate;
    return SERVER + "/v1/speech" + (words ? "." + words : "") + "?" + q;
  }

  // ---- UI ---------------------------------------------------------------

  var CSS =
    "." + P + "{font:max(1rem,16px)/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1b;margin:0 0 1em}" +
    "." + P + " *{box-sizing:border-box}" +
    "." + P + " button,." + P + " select{font:inherit;min-height:44px;min-width:44px;padding:.4em .8em;border-radius:6px;cursor:pointer}" +
    "." + P + " button{background:#fff;color:#0b3d6e;border:2px solid #0b3d6e}" +
    "." + P + " button:hover{background:#e8f0f8}" +
    "." + P + " ." + P + "-listen{background:#0b3d6e;color:#fff;font-weight:600}" +
    "." + P + " ." + P + "-listen:hover{background:#072a4d}" +
    "." + P + " select{background:#fff;color:#1d1d1b;border:2px solid #4a4a48}" +
    "." + P + " button:focus-visible,." + P + " select:focus-visible{outline:3px solid transparent;box-shadow:0 0 0 2px #fff,0 0 0 5px #1d1d1b}" +
    "." + P + " button[aria-pressed=true]{background:#0b3d6e;color:#fff}" +
    "." + P + "-panel{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin-top:.5em;padding:.6em;background:#fff;color:#1d1d1b;border:2px solid #4a4a48;border-radius:8px}" +
    "." + P + "-panel[hidden]{display:none}" +
    "." + P + "-toolbar{display:flex;flex-wrap:wrap;gap:.5em}" +
    "." + P + "-speed{display:flex;align-items:center;gap:.4em}" +
    "." + P + "-status{flex-basis:100%;margin:0;min-height:1.4em}" +
    "." + P + "-status." + P + "-error{color:#a4000f;font-weight:600}" +
    "mark." + P + "-mark{background:#ffe14d;color:#000;outline:1px solid #8a6d00;border-radius:2px}" +
    "mark." + P + "-w{background:transparent;color:inherit}" +
    "mark." + P + "-w." + P + "-word{background:#f5b000;color:#000;outline:2px solid #1d1d1b;outline-offset:1px;border-radius:2px}" +
    "." + P + "-mark-el{outline:4px solid #8a6d00;outline-offset:2px}" +
    "." + P + "-resume{flex-basis:100%;margin:0}" +
    // Forced colours: the sentence in the system's highlight, the word in
    // its colours turned round, framed (as the library player does).
    "@media (forced-colors:active){mark." + P + "-mark{background:Highlight;color:HighlightText;outline-color:Highlight;forced-color-adjust:none}" +
    "mark." + P + "-w{background:transparent;color:inherit;forced-color-adjust:none}" +
    "mark." + P + "-w." + P + "-word{background:HighlightText;color:Highlight;outline:2px solid Highlight}" +
    "." + P + "-mark-el{outline-color:Highlight}}";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  var style = el("style", {}, CSS);
  document.head.appendChild(style);

  var uid = P + "-" + Math.random().toString(36).slice(2, 8);
  var root = el("div", { "class": P, "data-state": "idle" });
  var listen = el("button", {
    type: "button", "class": P + "-listen", "aria-expanded": "false",
    "aria-controls": uid + "-panel", "aria-label": T.listenLabel
  });
  listen.innerHTML = '<span aria-hidden="true">\u25B6\uFE0E </span>';
  listen.appendChild(document.createTextNode(T.listen));

  var panel = el("div", {
    id: uid + "-panel", "class": P + "-panel", role: "region",
    "aria-label": T.region
  });
  panel.hidden = true;
  var toolbar = el("div", {
    "class": P + "-toolbar", role: "toolbar", "aria-label": T.toolbar
  });
  var bPause = el("button", { type: "button", "aria-pressed": "false", "data-action": "pause" }, T.pause);
  var bStop = el("button", { type: "button", "data-action": "stop" }, T.stop);
  var bPrev = el("button", { type: "button", "aria-label": T.prev, "data-action": "prev" }, "\u2190 Forrige");
  var bNext = el("button", { type: "button", "aria-label": T.next, "data-action": "next" }, "Næste \u2192");
  var bRestart = el("button", { type: "button", "aria-label": T.restartLabel, "data-action": "restart" }, T.restart);
  [bPause, bStop, bPrev, bNext, bRestart].forEach(function (b) { toolbar.appendChild(b); });

  var speedBox = el("div", { "class": P + "-speed" });
  var speedLabel = el("label", { "for": uid + "-speed" }, T.speed);
  var speed = el("select", { id: uid + "-speed", "data-action": "speed" });
  SPEEDS.forEach(function (s) {
    var o = el("option", { value: String(s) },
      String(s).replace(".", ",") + "\u00D7");
    if (s === 1) o.selected = true;
    speed.appendChild(o);
  });
  speedBox.appendChild(speedLabel);
  speedBox.appendChild(speed);
  var bDownload = el("button", { type: "button", "data-action": "download" }, T.download);
  var bClose = el("button", { type: "button", "aria-label": T.close, "data-action": "close" }, "Luk");
  var status = el("p", { "class": P + "-status", role: "status", "aria-live": "polite" });
  var srBox = el("div", { "class": P + "-speed" });
  var sr = el("input", { type: "checkbox", id: uid + "-sr", "data-action": "sr" });
  srBox.appendChild(sr);
  srBox.appendChild(el("label", { "for": uid + "-sr" }, T.srMode));
  var wordBox = el("div", { "class": P + "-speed" });
  var wordsBox = el("input", { type: "checkbox", id: uid + "-ord", "data-action": "words" });
  wordBox.appendChild(wordsBox);
  wordBox.appendChild(el("label", { "for": uid + "-ord" }, T.words));
  var audio = el("audio", { preload: "auto", "class": P + "-audio" });

  panel.appendChild(toolbar);
  panel.appendChild(speedBox);
  panel.appendChild(srBox);
  panel.appendChild(wordBox);
  panel.appendChild(bDownload);
  panel.appendChild(bClose);
  panel.appendChild(status);
  root.appendChild(listen);
  root.appendChild(panel);
  root.appendChild(audio);

  // Toolbar: one tab stop, arrow keys between its buttons (WAI-ARIA APG).
  var tools = [bPause, bStop, bPrev, bNext, bRestart];
  function rove(active) {
    tools.forEach(function (b) { b.tabIndex = b === active ? 0 : -1; });
  }
  rove(bPause);
  toolbar.addEventListener("keydown", function (e) {
    var i = tools.indexOf(document.activeElement);
    if (i < 0) return;
    var j = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
      Home: 0, End: tools.length - 1 }[e.key];
    if (j === undefined) return;
    e.preventDefault();
    j = (j + tools.length) % tools.length;
    rove(tools[j]);
    tools[j].focus();
  });
  toolbar.addEventListener("focusin", function (e) {
    if (tools.indexOf(e.target) >= 0) rove(e.target);
  });

  function place() {
    var host = container();
    if (script.parentNode && document.body.contains(script)) {
      script.parentNode.insertBefore(root, script);
    } else {
      host.insertBefore(root, host.firstChild);
    }
  }

  // ---- Reading ----------------------------------------------------------

  var format = chooseFormat();
  var state = "idle";       // idle | loading | playing | paused | stopped | done | error
  var doc = null;           // {map, sentences: [{text, start, end}]}
  var current = -1;
  var generation = 0;       // bumps on every jump; late answers are dropped
  var clips = {};           // sentence index -> Promise<blob URL>
  var wordLists = {};       // sentence index -> Promise<word timings>
  var savedSelection = null;

  // Safari only lets an element play after a gesture if play() is called
  // inside it; a moment of silence unlocks the element for what follows.
  var SILENCE = "data:audio/wav;base64,UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

  function setState(next, message, isError) {
    state = next;
    root.setAttribute("data-state", next);
    root.setAttribute("data-sentence", String(current + 1));
    bPause.setAttribute("aria-pressed", next === "paused" ? "true" : "false");
    bPause.textContent = next === "playing" || next === "loading" || next === "paused"
      ? T.pause : T.play;
    if (message !== undefined) {
      status.textContent = message;
      status.classList.toggle(P + "-error", !!isError);
    }
  }

  // ---- Memory (localStorage; refused in some private modes) --------------

  function load(key) {
    try { return JSON.parse(localStorage.getItem(STORE + key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    try { localStorage.setItem(STORE + key, JSON.stringify(value)); } catch (e) { /* not kept */ }
  }
  // The place is kept per page and per text: a changed page starts over.
  function placeKey() { return "sted:" + location.origin + location.pathname; }
  function textHash(str) {
    var h = 0x811c9dc5;
    for (var k = 0; k < str.length; k++) { h ^= str.charCodeAt(k); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(16);
  }
  function savePlace() {
    if (doc && !doc.partial) save(placeKey(), { hash: doc.hash, sentence: current });
  }

  var savedSpeed = load("hastighed");
  if (SPEEDS.indexOf(savedSpeed) >= 0) speed.value = String(savedSpeed);
  sr.checked = load("skaermlaeser") === true;
  // Word marks: on unless the listener turned them off, or asks the system
  // for less motion (then off until turned on here).
  var savedWords = load("ord");
  wordsBox.checked = savedWords === null ? !reducedMotion() : savedWords === true;

  function rate() { return parseFloat(speed.value) || 1; }

  function clip(i) {
    if (!clips[i]) {
      var url = speechUrl(doc.sentences[i].text, format);
      clips[i] = fetchOk(url).then(function (res) { return res.blob(); })
        .then(function (blob) { return URL.createObjectURL(blob); });
      clips[i].catch(function () { delete clips[i]; });
    }
    return clips[i];
  }

  // Keeps the clips around the current sentence, frees the rest.
  function prune() {
    Object.keys(clips).forEach(function (k) {
      var i = +k;
      if (i < current - 1 || i > current + 2) {
        clips[k].then(function (u) { URL.revokeObjectURL(u); }, function () {});
        delete clips[k];
      }
    });
    Object.keys(wordLists).forEach(function (k) {
      if (+k < current - 1 || +k > current + 2) delete wordLists[k];
    });
  }

  // ---- Word highlighting --------------------------------------------------
  //
  // Each sentence's word timings (GET /v1/speech.json, from the synthesis
  // of its audio; times in that file, so any playbackRate follows) tie
  // the words said to stretches of the sentence's text. Once they are in,
  // the sentence is marked again with each stretch its own <mark data-w>,
  // and while it plays the stretch whose time holds the audio's
  // currentTime gets the word class. Timings that fail cost only the word
  // marks.

  var timed = null;   // {sentence, words, stretch: timing k -> stretch id, duration}
  var frame = 0;      // requestAnimationFrame id of the follower
  var wordShown = -1; // stretch id marked now

  function wordsWanted() { return wordsBox.checked; }

  function wordsOf(i) {
    if (!wordLists[i]) {
      wordLists[i] = fetchOk(speechUrl(doc.sentences[i].text, format, 0, "json"))
        .then(function (res) { return res.json(); });
      wordLists[i].catch(function () { delete wordLists[i]; });
    }
    return wordLists[i];
  }

  function showWords(i, t) {
    var s = doc.sentences[i];
    if (i !== current || !t || t.text !== s.text || !t.words || !t.words.length) return;
    var index = byteIndex(s.text);
    var wordAt = {}, ids = {}, count = 0, stretch = [], prev = -1;
    t.words.forEach(function (w) {
      var id = prev;
      if (w.text_begin !== undefined) {
        var key = w.text_begin + ":" + w.text_end;
        if (ids[key] === undefined) {
          ids[key] = count++;
          for (var c = index[w.text_begin]; c < index[w.text_end]; c++) {
            if (s.at[c] >= 0) wordAt[s.at[c]] = ids[key];
          }
        }
        id = ids[key];
      }
      stretch.push(id);
      prev = id;
    });
    highlight(doc.map, s.start, s.end, wordAt);
    wordShown = -1;
    timed = { sentence: i, words: t.words, stretch: stretch, duration: t.duration_ms };
    startFollowing();
  }

  function markWord(id, k) {
    if (id === wordShown) return;
    wordShown = id;
    marks.forEach(function (m) {
      if (m.mark && m.mark.hasAttribute("data-w")) {
        m.mark.classList.toggle(P + "-word", m.mark.getAttribute("data-w") === String(id));
      }
    });
    if (id >= 0) root.setAttribute("data-word", String(k));
    else root.removeAttribute("data-word");
  }

  // Marks the word being said, frame by frame while the sentence plays.
  function follow() {
    frame = 0;
    var t = timed;
    if (!t || t.sentence !== current || !wordsWanted()) { markWord(-1); return; }
    var ms = audio.currentTime * 1000, k = -1;
    for (var j = 0; j < t.words.length && t.words[j].start_ms <= ms; j++) k = j;
    if (k >= 0 && ms < t.duration && t.stretch[k] >= 0) markWord(t.stretch[k], k);
    else markWord(-1);
    if (!audio.paused && !audio.ended) frame = requestAnimationFrame(follow);
  }
  function startFollowing() {
    if (!frame) frame = requestAnimationFrame(follow);
  }
  audio.addEventListener("playing", startFollowing);
  audio.addEventListener("seeked", startFollowing);

  // In screen-reader mode the status does not name every sentence, so a
  // screen reader does not talk over the reading: it says where a new
  // section starts (reached by reading on or by a move, and where reading
  // starts), pause, speed and the listener's own jumps, as the library
  // player and `policy-reader play --announce sections` do.
  var saidSection = null;  // Section of the sentence last read; null: none yet.
  function sectionMessage(i) {
    var sec = doc.sentences[i].section;
    if (sec === saidSection) return undefined;
    saidSection = sec;
    if (sec < 0) return T.intro;
    return T.section(sec + 1, doc.sections.length, doc.sections[sec]);
  }
  function readingMessage(i, message) {
    // Kept in both modes, so turning the mode on mid-section says nothing.
    var section = sectionMessage(i);
    if (!sr.checked) return message || T.reading(i + 1, doc.sentences.length);
    if (message && section) return message.replace(/\.?$/, ". ") + section;
    if (message || section) return message || section;
    // Reading again after a pause or a stop: not left showing "Pause", and
    // nothing said over the audio starting (as in the library player).
    var shown = status.textContent;
    return shown === T.paused || shown === T.stopped || shown === T.done || shown === T.blocked
      ? "" : undefined;
  }

  function playSentence(i, message) {
    if (!doc || i < 0 || i >= doc.sentences.length) return;
    var gen = ++generation;
    current = i;
    timed = null;
    wordShown = -1;
    root.removeAttribute("data-word");
    var s = doc.sentences[i];
    scrollToMark(highlight(doc.map, s.start, s.end));
    setState("loading", readingMessage(i, message));
    savePlace();
    prune();
    clip(i).then(function (url) {
      if (gen !== generation) return;
      audio.src = url;
      audio.playbackRate = rate();
      audio.defaultPlaybackRate = rate();
      audio.preservesPitch = true;
      if (i + 1 < doc.sentences.length) clip(i + 1).catch(function () {});
      if (wordsWanted()) {
        wordsOf(i).then(function (t) {
          if (gen === generation) showWords(i, t);
        }, function () { /* no word marks for this sentence */ });
      }
      if (state === "paused") return;  // paused while it was fetched
      var played = audio.play();
      setState("playing");
      if (played && played.catch) {
        played.catch(function (e) {
          if (gen !== generation || !e || e.name === "AbortError") return;
          // The browser's autoplay policy: nothing is wrong with the audio,
          // the listener has to press a button first.
          if (e.name === "NotAllowedError") blocked();
          else fail(T.audioError);
        });
      }
    }, function () {
      if (gen === generation) fail(T.audioError);
    });
  }

  function blocked() {
    generation++;
    audio.pause();
    setState("blocked", T.blocked, true);
    bPause.focus();
  }

  function fail(message) {
    generation++;
    audio.pause();
    setState("error", message, true);
  }

  audio.addEventListener("ended", function () {
    if (!doc || state !== "playing") return;
    if (current + 1 < doc.sentences.length) {
      playSentence(current + 1);
    } else {
      clearHighlight();
      setState("done", T.done);
      // Read to the end: next time from the top.
      if (!doc.partial) save(placeKey(), null);
    }
  });
  audio.addEventListener("error", function () {
    if (audio.src && audio.src.indexOf("blob:") === 0 && state !== "stopped") {
      fail(T.audioError);
    }
  });

  function stop() {
    generation++;
    audio.pause();
    clearHighlight();
    current = -1;
    saidSection = null;
    setState("stopped", T.stopped);
  }

  function selectedRange() {
    var sel = window.getSelection && window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (root.contains(range.commonAncestorContainer)) return null;
    return range.toString().trim() ? range.cloneRange() : null;
  }

  // ---- "Read from here" ---------------------------------------------------

  // The point the listener last clicked or focused in the text, outside
  // the widget: Lyt (or a click while reading) starts at its sentence.
  var here = null;

  function pointOf(at) {
    // An image anchor [img, -1] is the point just before the image.
    if (at[1] >= 0) return at;
    var parent = at[0].parentNode;
    return [parent, Array.prototype.indexOf.call(parent.childNodes, at[0])];
  }
  // The first sentence that ends after `point` ([node, offset]).
  function sentenceAt(point) {
    if (!doc || !point || !point[0].isConnected) return -1;
    for (var i = 0; i < doc.sentences.length; i++) {
      var s = doc.sentences[i], last = null;
      for (var k = s.end - 1; k >= s.start; k--) {
        if (doc.map[k]) { last = doc.map[k]; break; }
      }
      if (!last) continue;
      var end = pointOf(last);
      var r = document.createRange();
      try {
        r.setStart(end[0], Math.min(end[1] + 1, end[0].nodeType === 3 ? end[0].data.length : end[0].childNodes.length));
        if (r.comparePoint(point[0], point[1]) <= 0) return i;
      } catch (e) { /* a node left the page */ }
    }
    return -1;
  }
  function caretPoint(x, y) {
    if (document.caretPositionFromPoint) {
      var c = document.caretPositionFromPoint(x, y);
      return c && [c.offsetNode, c.offset];
    }
    if (document.caretRangeFromPoint) {
      var r = document.caretRangeFromPoint(x, y);
      return r && [r.startContainer, r.startOffset];
    }
    return null;
  }
  // In the text that is read: inside the container, not the widget, not
  // page furniture (breadcrumbs, banners) or hidden.
  function inText(node) {
    var box = container();
    if (!node || root.contains(node) || !box.contains(node)) return false;
    for (var e = node.nodeType === 1 ? node : node.parentNode; e && e !== box; e = e.parentNode) {
      if (e.nodeType === 1 && (furniture(e) || hidden(e))) return false;
    }
    return true;
  }
  document.addEventListener("focusin", function (e) {
    if (inText(e.target)) here = [e.target, 0];
  });
  document.addEventListener("click", function (e) {
    if (!inText(e.target) || selectedRange()) return;
    var point = caretPoint(e.clientX, e.clientY) || [e.target, 0];
    if (!inText(point[0])) return;
    here = point;
    // While reading, a click in the text (not on a link or a control) goes
    // there at once.
    if (doc && (state === "playing" || state === "loading" || state === "paused") &&
        !e.target.closest("a, button, input, select, textarea, label, summary, [tabindex]:not([tabindex^='-'])")) {
      var i = sentenceAt(point);
      here = null;
      if (i >= 0) playSentence(i, T.fromHere(i + 1, doc.sentences.length));
    }
  });

  function start() {
    var range = savedSelection || selectedRange();
    savedSelection = null;
    var from = range ? null : here;
    here = null;
    stop();
    Object.keys(clips).forEach(function (k) {
      clips[k].then(function (u) { URL.revokeObjectURL(u); }, function () {});
    });
    clips = {};
    var scope = range ? range.commonAncestorContainer : container();
    if (scope.nodeType === 3) scope = scope.parentNode;
    var collected = serialize(range ? scope : container(), range, root);
    if (!collected.plain.join("").trim()) {
      doc = null;
      setState("error", T.noText, true);
      return;
    }
    var gen = ++generation;
    setState("loading", T.loading);
    findFloating();
    fetchOk(SERVER + "/v1/segment", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: collected.text, format: "html" })
    }).then(function (res) { return res.json(); }).then(function (body) {
      if (gen !== generation) return;
      var index = byteIndex(collected.text);
      var sections = [], sectionOf = {};
      var sentences = (body.sentences || []).map(function (s) {
        var a = index[s.begin], b = index[s.end];
        // What the sentence says, entities decoded (the request's text has
        // "&amp;" where the page has "&").
        var said = a === undefined || b === undefined ? null : spoken(collected.plain, a, b);
        return { text: said ? said.text : "", at: said && said.at, start: a, end: b, index: s.index,
          heading: s.kind === "SENTENCE_KIND_HEADING", section: s.section };
      }).filter(function (s) {
        return s.text && s.start !== undefined && s.end !== undefined;
      });
      // Sections in reading order, each named by its heading; a sentence's
      // section is the service's heading index turned into that order.
      sentences.forEach(function (s) {
        if (s.heading) { sectionOf[s.index] = sections.length; sections.push(s.text); }
        s.section = sectionOf[s.section] === undefined ? -1 : sectionOf[s.section];
      });
      if (!sentences.length) {
        setState("error", T.noText, true);
        return;
      }
      doc = { map: collected.map, sentences: sentences, sections: sections, partial: !!range, hash: textHash(collected.text) };
      var at = from ? sentenceAt(from) : -1;
      if (at >= 0) return playSentence(at, T.fromHere(at + 1, sentences.length));
      var kept = range ? null : load(placeKey());
      if (kept && kept.hash === doc.hash && kept.sentence > 0 && kept.sentence < sentences.length) {
        return playSentence(kept.sentence, T.resumed(kept.sentence + 1, sentences.length));
      }
      playSentence(0);
    }).catch(function () {
      if (gen === generation) fail(T.textError);
    });
  }

  listen.addEventListener("pointerdown", function () {
    savedSelection = selectedRange();
  });
  listen.addEventListener("click", function () {
    panel.hidden = false;
    listen.setAttribute("aria-expanded", "true");
    var selection = savedSelection || selectedRange();
    // Lyt while reading does not start over: it goes on (or resumes).
    if (doc && !selection && !here && (state === "playing" || state === "loading" || state === "paused" || state === "blocked")) {
      savedSelection = null;
      if (state === "paused" || state === "blocked") resume();
      bPause.focus();
      return;
    }
    try {
      audio.src = SILENCE;
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    } catch (e) { /* not needed where autoplay after a gesture is allowed */ }
    start();
    bPause.focus();
  });

  function resume() {
    if (audio.src && current >= 0 && audio.src.indexOf("blob:") === 0 &&
        audio.readyState > 0 && !audio.ended) {
      var gen = generation;
      setState("playing", readingMessage(current));
      var p = audio.play();
      if (p && p.catch) {
        p.catch(function (e) {
          if (gen === generation && e && e.name === "NotAllowedError") blocked();
        });
      }
    } else {
      setState("playing");
      playSentence(current);
    }
  }

  bPause.addEventListener("click", function () {
    if (state === "playing" || state === "loading") {
      audio.pause();
      setState("paused", T.paused);
    } else if (state === "paused" || state === "blocked") {
      resume();
    } else if (doc && (state === "error" && current >= 0)) {
      setState("playing");
      playSentence(current);
    } else {
      start();
    }
  });
  bRestart.addEventListener("click", function () {
    if (!doc) return start();
    if (state !== "playing" && state !== "loading") setState("playing");
    playSentence(0);
  });
  bStop.addEventListener("click", stop);
  bPrev.addEventListener("click", function () {
    if (doc) {
      if (state === "paused" || state === "stopped" || state === "done") setState("playing");
      playSentence(Math.max(0, current - 1));
    }
  });
  bNext.addEventListener("click", function () {
    if (doc && current + 1 < doc.sentences.length) {
      if (state === "paused" || state === "stopped" || state === "done") setState("playing");
      playSentence(current + 1);
    }
  });
  speed.addEventListener("change", function () {
    audio.playbackRate = rate();
    audio.defaultPlaybackRate = rate();
    audio.preservesPitch = true;
    save("hastighed", rate());
    if (sr.checked) status.textContent = T.speedSaid(rate());
  });
  sr.addEventListener("change", function () {
    save("skaermlaeser", sr.checked);
    status.textContent = sr.checked ? T.srOn : T.srOff;
    status.classList.remove(P + "-error");
  });
  wordsBox.addEventListener("change", function () {
    save("ord", wordsWanted());
    if (!wordsWanted()) { markWord(-1); return; }
    var i = current, gen = generation;
    if (doc && i >= 0 && !timed) {
      wordsOf(i).then(function (t) { if (gen === generation) showWords(i, t); }, function () {});
    }
    startFollowing();
  });
  bClose.addEventListener("click", function () {
    stop();
    status.textContent = "";
    panel.hidden = true;
    listen.setAttribute("aria-expanded", "false");
    listen.focus();
  });

  // The whole text as one MP3, in the listener's speed: chunks of whole
  // sentences (each under the server's per-request cap) fetched in order
  // and joined. MP3 is a sequence of self-contained frames, so the joined
  // bytes are one valid file.
  bDownload.addEventListener("click", function () {
    if (!doc) {
      status.textContent = T.noText;
      status.classList.add(P + "-error");
      return;
    }
    var chunks = [];
    var chunk = "";
    doc.sentences.forEach(function (s) {
      var joined = chunk ? chunk + "\n" + s.text : s.text;
      if (chunk && utf8Length(joined) > DOWNLOAD_CHUNK_BYTES) {
        chunks.push(chunk);
        chunk = s.text;
      } else {
        chunk = joined;
      }
    });
    if (chunk) chunks.push(chunk);
    bDownload.disabled = true;
    status.textContent = T.downloading;
    status.classList.remove(P + "-error");
    var parts = [];
    chunks.reduce(function (p, text) {
      return p.then(function () {
        return fetchOk(speechUrl(text, "mp3", rate()));
      }).then(function (res) { return res.arrayBuffer(); })
        .then(function (bytes) { parts.push(bytes); });
    }, Promise.resolve()).then(function () {
      var url = URL.createObjectURL(new Blob(parts, { type: "audio/mpeg" }));
      var a = el("a", { href: url, download: fileName() });
      a.style.display = "none";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      status.textContent = T.downloaded;
    }).catch(function () {
      status.textContent = T.downloadError;
      status.classList.add(P + "-error");
    }).then(function () { bDownload.disabled = false; });
  });

  function fileName() {
    var base = (document.title || "oplaesning").toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return (base || "oplaesning") + ".mp3";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place);
  } else {
    place();
  }
})();
