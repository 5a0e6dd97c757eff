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
 * How it works: the text of the container is collected from its text nodes
 * (whitespace collapsed, blocks separated by blank lines), with a map from
 * every character of that string back to (text node, offset). The string
 * goes to POST /v1/segment; the sentences' UTF-8 byte offsets are turned
 * into string indices, and those into DOM positions through the map. Each
 * sentence is fetched from GET /v1/speech into a blob URL; the next one is
 * fetched while the current one plays. The sentence being read is wrapped
 * in <mark> elements (one per text node it touches); the text nodes are
 * put back exactly as they were when the highlight moves or reading stops.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__policyReaderWidget) return;
  window.__policyReaderWidget = true;

  var data = script.dataset;
  var SERVER = (data.server || new URL(script.src, location.href).origin)
    .replace(/\/+$/, "");
  var SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
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
    downloadError: "Kunne ikke hente MP3-filen. Prøv igen."
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

  // Returns {text, map}: map[i] is [textNode, offset] for character i of
  // text, or null for separators the collector put in. With a selection
  // Range, only the selected characters are taken.
  function collect(root, selection, exclude) {
    var text = [];
    var map = [];
    var pendingBreak = "";  // "", " ", "\n" or "\n\n" before the next char

    function brk(kind) {
      if (!text.length) return;
      if (kind === "\n\n" || pendingBreak === "\n\n") pendingBreak = "\n\n";
      else if (kind === "\n" || pendingBreak === "\n") pendingBreak = "\n";
      else pendingBreak = " ";
    }

    function emit(ch, node, offset) {
      if (pendingBreak) {
        for (var k = 0; k < pendingBreak.length; k++) {
          text.push(pendingBreak[k]);
          map.push(null);
        }
        pendingBreak = "";
      }
      text.push(ch);
      map.push([node, offset]);
    }

    function walk(node) {
      if (node.nodeType === 3) {
        if (selection && !selection.intersectsNode(node)) return;
        var s = node.data;
        var lo = selection && node === selection.startContainer
          ? selection.startOffset : 0;
        var hi = selection && node === selection.endContainer
          ? selection.endOffset : s.length;
        for (var i = lo; i < hi; i++) {
          var ch = s[i];
          if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r" ||
              ch === "\f") {
            if (!pendingBreak) brk(" ");
          } else {
            emit(ch, node, i);
          }
        }
        return;
      }
      if (node.nodeType !== 1) return;
      if (node === exclude || SKIP.test(node.nodeName.toUpperCase()) ||
          hidden(node)) {
        return;
      }
      if (node.nodeName === "BR") { brk("\n"); return; }
      var block = isBlock(node);
      if (block) brk("\n\n");
      for (var c = node.firstChild; c; c = c.nextSibling) walk(c);
      if (block) brk("\n\n");
    }

    walk(root);
    return { text: text.join(""), map: map };
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
        if (m.whole) {
          m.mark.replaceWith(m.node);
        } else {
          m.node.data += m.mark.textContent;
          m.mark.remove();
        }
        if (m.tail) {
          m.node.data += m.tail.data;
          m.tail.remove();
        }
      } catch (e) { /* the page changed the DOM under us; nothing to undo */ }
    }
    marks = [];
  }

  function highlight(map, start, end) {
    clearHighlight();
    // Pieces: runs of characters in one text node.
    var pieces = [];
    for (var i = start; i < end; i++) {
      var at = map[i];
      if (!at) continue;
      var last = pieces[pieces.length - 1];
      if (last && last.node === at[0] && last.end === at[1]) last.end++;
      else if (last && last.node === at[0] && last.end < at[1]) last.end = at[1] + 1;
      else pieces.push({ node: at[0], start: at[1], end: at[1] + 1 });
    }
    var first = null;
    pieces.forEach(function (p) {
      var node = p.node;
      if (!node.isConnected || p.end > node.data.length) return;
      var mark = document.createElement("mark");
      mark.className = P + "-mark";
      var tail = null;
      if (p.end < node.data.length) tail = node.splitText(p.end);
      if (p.start === 0) {
        node.replaceWith(mark);
        mark.appendChild(node);
        marks.push({ node: node, mark: mark, tail: tail, whole: true });
      } else {
        var middle = node.splitText(p.start);
        middle.replaceWith(mark);
        mark.appendChild(middle);
        marks.push({ node: node, mark: mark, tail: tail, whole: false });
      }
      if (!first) first = mark;
    });
    return first;
  }

  function reducedMotion() {
    return window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function scrollToMark(mark) {
    if (!mark) return;
    var r = mark.getBoundingClientRect();
    var h = window.innerHeight || document.documentElement.clientHeight;
    if (r.top >= 0 && r.bottom <= h) return;
    mark.scrollIntoView({
      block: "center",
      behavior: reducedMotion() ? "auto" : "smooth"
    });
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

  function speechUrl(text, format, rate) {
    var q = "text=" + encodeURIComponent(text) + "&format=" + format;
    if (data.voice) q += "&voice=" + encodeURIComponent(data.voice);
    if (rate && rate !== 1) q += "&rate=" + rate;
    return SERVER + "/v1/speech?" + q;
  }

  // ---- UI ---------------------------------------------------------------

  var CSS =
    "." + P + "{font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1b;margin:0 0 1em}" +
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
    "@media (forced-colors:active){mark." + P + "-mark{background:Highlight;color:HighlightText}}";

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
  [bPause, bStop, bPrev, bNext].forEach(function (b) { toolbar.appendChild(b); });

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
  var audio = el("audio", { preload: "auto", "class": P + "-audio" });

  panel.appendChild(toolbar);
  panel.appendChild(speedBox);
  panel.appendChild(bDownload);
  panel.appendChild(bClose);
  panel.appendChild(status);
  root.appendChild(listen);
  root.appendChild(panel);
  root.appendChild(audio);

  // Toolbar: one tab stop, arrow keys between its buttons (WAI-ARIA APG).
  var tools = [bPause, bStop, bPrev, bNext];
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
  }

  function playSentence(i) {
    if (!doc || i < 0 || i >= doc.sentences.length) return;
    var gen = ++generation;
    current = i;
    var s = doc.sentences[i];
    scrollToMark(highlight(doc.map, s.start, s.end));
    setState("loading", T.reading(i + 1, doc.sentences.length));
    prune();
    clip(i).then(function (url) {
      if (gen !== generation) return;
      audio.src = url;
      audio.playbackRate = rate();
      audio.defaultPlaybackRate = rate();
      audio.preservesPitch = true;
      if (i + 1 < doc.sentences.length) clip(i + 1).catch(function () {});
      if (state === "paused") return;  // paused while it was fetched
      var played = audio.play();
      setState("playing");
      if (played && played.catch) {
        played.catch(function (e) {
          if (gen === generation && e && e.name !== "AbortError") fail(T.audioError);
        });
      }
    }, function () {
      if (gen === generation) fail(T.audioError);
    });
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
    setState("stopped", T.stopped);
  }

  function selectedRange() {
    var sel = window.getSelection && window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (root.contains(range.commonAncestorContainer)) return null;
    return range.toString().trim() ? range.cloneRange() : null;
  }

  function start() {
    var range = savedSelection || selectedRange();
    savedSelection = null;
    stop();
    Object.keys(clips).forEach(function (k) {
      clips[k].then(function (u) { URL.revokeObjectURL(u); }, function () {});
    });
    clips = {};
    var scope = range ? range.commonAncestorContainer : container();
    if (scope.nodeType === 3) scope = scope.parentNode;
    var collected = collect(scope, range, root);
    if (!collected.text.trim()) {
      doc = null;
      setState("error", T.noText, true);
      return;
    }
    var gen = ++generation;
    setState("loading", T.loading);
    fetchOk(SERVER + "/v1/segment", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: collected.text, format: "plain" })
    }).then(function (res) { return res.json(); }).then(function (body) {
      if (gen !== generation) return;
      var index = byteIndex(collected.text);
      var sentences = (body.sentences || []).map(function (s) {
        return { text: s.text, start: index[s.begin], end: index[s.end] };
      }).filter(function (s) {
        return s.text && s.start !== undefined && s.end !== undefined;
      });
      if (!sentences.length) {
        setState("error", T.noText, true);
        return;
      }
      doc = { map: collected.map, sentences: sentences };
      playSentence(0);
    }).catch(function () {
      if (gen === generation) fail(T.textError);
    });
  }

  listen.addEventListener("pointerdown", function () {
    savedSelection = selectedRange();
  });
  listen.addEventListener("click", function () {
    try {
      audio.src = SILENCE;
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    } catch (e) { /* not needed where autoplay after a gesture is allowed */ }
    panel.hidden = false;
    listen.setAttribute("aria-expanded", "true");
    start();
    bPause.focus();
  });

  bPause.addEventListener("click", function () {
    if (state === "playing" || state === "loading") {
      audio.pause();
      setState("paused", T.paused);
    } else if (state === "paused") {
      if (audio.src && current >= 0 && audio.src.indexOf("blob:") === 0 &&
          audio.readyState > 0) {
        audio.play().catch(function () {});
        setState("playing", T.reading(current + 1, doc.sentences.length));
      } else {
        setState("playing");
        playSentence(current);
      }
    } else if (doc && (state === "error" && current >= 0)) {
      setState("playing");
      playSentence(current);
    } else {
      start();
    }
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
