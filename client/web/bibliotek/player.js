// The library player at /bibliotek/: lists the server's documents
// (/v1/documents) and reads one sentence by sentence like a talking book.
// Each sentence's audio is its own content-addressed, immutable MP3
// (/v1/documents/{id}/sentences/{n}-{key}.mp3, listed in the document's
// JSON as sentence_audio), so moving around costs one small file and a
// browser, nginx or a CDN keeps what was heard. Speed is the audio
// element's playbackRate with preservesPitch. The place and speed are kept
// per document in localStorage.
//
// Word highlighting: each sentence's word timings (sentence_words, JSON
// next to the audio, times in that MP3 file) are fetched with its audio;
// the sentence's written words become spans, and while it plays the word
// whose time holds the audio's currentTime is marked inside the marked
// sentence. currentTime is the file's own clock, so any speed follows.
// Timings that fail to load cost only the word marks.
(function () {
  "use strict";

  var SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
  var HEADING = "SENTENCE_KIND_HEADING";
  var LIST_ITEM = "SENTENCE_KIND_LIST_ITEM";
  // "Previous sentence" this far into a sentence starts it again instead.
  var RESTART_AFTER_S = 1.5;
  var PREFETCH = 2;
  var STORE_PREFIX = "policy-reader:bibliotek:";

  function $(id) { return document.getElementById(id); }

  var audio = $("lyd");
  var els = {
    overview: $("oversigt"), listStatus: $("liste-status"), list: $("dokumenter"),
    doc: $("dokument"), title: $("dok-titel"), facts: $("dok-fakta"),
    resume: $("fortsaet"), resumeText: $("fortsaet-tekst"),
    resumeYes: $("fortsaet-ja"), resumeNo: $("fortsaet-nej"),
    player: $("afspiller"), play: $("afspil"), place: $("placering"),
    message: $("meddelelse"), position: $("position"), speed: $("hastighed"),
    sr: $("skaermlaeser"), download: $("hent"), toc: $("toc-liste"),
    text: $("tekst"), wordsOn: $("ordfremhaevning"),
  };

  var state = {
    doc: null,          // The document's JSON, with sentence_audio.
    current: 0,         // Index of the sentence shown (and read, if playing).
    playing: false,     // The listener wants audio (it may be loading).
    speed: 1,
    token: 0,           // Bumped on every move; stale loads give up.
    blobs: new Map(),   // Sentence index -> Promise of an object URL.
    words: new Map(),   // Sentence index -> Promise of its word timings.
    wordSpans: [],      // For the current sentence: timing k -> its span.
    wordTimings: null,  // The current sentence's timings, once shown.
    frame: 0,           // requestAnimationFrame id of the word follower.
    lastListFocus: null,
    listLoaded: false,
  };

  // ---- Storage (private browsing may refuse it; then nothing is kept). --
  function load(key) {
    try { return JSON.parse(localStorage.getItem(STORE_PREFIX + key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    try { localStorage.setItem(STORE_PREFIX + key, JSON.stringify(value)); } catch (e) { /* not kept */ }
  }

  // ---- Danish wording. ----
  function decimal(x) { return String(x).replace(".", ","); }
  function speedText(x) { return "Hastighed " + decimal(x) + "x"; }
  function minutes(ms) {
    var m = Math.round(ms / 60000);
    return m < 1 ? "under 1 minut" : "ca. " + m + (m === 1 ? " minut" : " minutter");
  }
  function sectionOf(i) {
    var sections = state.doc.sections, found = -1;
    for (var s = 0; s < sections.length; s++) {
      if (sections[s].first_sentence <= i) found = s; else break;
    }
    return found;
  }
  // "Afsnit 3 af 12, sætning 41 af 380", as the terminal player says it.
  function placeText(i) {
    var n = state.doc.sentences.length;
    var where = "sætning " + (i + 1) + " af " + n;
    if (!state.doc.sections.length) return "S" + where.slice(1);
    var s = sectionOf(i);
    if (s < 0) return "Indledning, " + where;
    return "Afsnit " + (s + 1) + " af " + state.doc.sections.length + ", " + where;
  }
  function shortPlace(i) {
    var s = sectionOf(i);
    return (s < 0 ? "indledningen" : "afsnit " + (s + 1)) + ", sætning " + (i + 1);
  }

  function srMode() { return els.sr.checked; }
  // Said by screen readers (role=status) and shown.
  function announce(text) {
    els.message.textContent = "";
    // A new node each time, so the same words twice are said twice.
    window.setTimeout(function () { els.message.textContent = text; }, 30);
  }

  // ---- The list. ----
  function showList(focusTitle) {
    stop();
    state.doc = null;
    document.title = "Bibliotek – politikker læst højt";
    els.doc.hidden = true;
    els.overview.hidden = false;
    var ready = state.listLoaded ? Promise.resolve() : loadList();
    ready.then(function () {
      if (!focusTitle) return;
      var back = state.lastListFocus &&
        els.list.querySelector('a[href="#dokument=' + encodeURIComponent(state.lastListFocus) + '"]');
      (back || $("oversigt-titel")).focus();
    });
  }

  function loadList() {
    return fetch("/v1/documents").then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (body) {
      var docs = body.documents || [];
      els.list.textContent = "";
      docs.forEach(function (d) {
        var li = document.createElement("li");
        var title;
        if (d.available) {
          title = document.createElement("a");
          title.href = "#dokument=" + encodeURIComponent(d.id);
        } else {
          title = document.createElement("span");
          title.className = "titel";
        }
        title.textContent = d.title || d.id;
        li.appendChild(title);
        var facts = document.createElement("span");
        if (d.available) {
          facts.className = "fakta";
          facts.textContent = d.sentence_count + " sætninger, " + minutes(d.estimated_duration_ms) + " at lytte til";
          var saved = load(d.id);
          if (saved && saved.sentence > 0 && saved.sentence < d.sentence_count) {
            facts.textContent += ". Du er nået til sætning " + (saved.sentence + 1);
          }
        } else {
          facts.className = "fejl";
          facts.textContent = "Kan ikke læses lige nu. Årsag: ";
          var reason = document.createElement("span");
          reason.lang = "en";
          reason.textContent = d.unavailable_reason || "ukendt";
          facts.appendChild(reason);
        }
        li.appendChild(facts);
        els.list.appendChild(li);
      });
      els.listStatus.textContent = docs.length === 1 ? "1 dokument." : docs.length + " dokumenter.";
      state.listLoaded = true;
    }).catch(function () {
      els.listStatus.textContent = "Kunne ikke hente listen over dokumenter. Genindlæs siden for at prøve igen.";
    });
  }

  // ---- One document. ----
  function openDocument(id) {
    stop();
    state.lastListFocus = id;
    return fetch("/v1/documents/" + encodeURIComponent(id)).then(function (res) {
      if (res.status === 404) throw new Error("missing");
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (doc) {
      if (!doc.available || !doc.sentence_audio) throw new Error("unavailable");
      showDocument(doc);
    }).catch(function (e) {
      showList(false);
      els.listStatus.textContent = e.message === "missing"
        ? "Dokumentet findes ikke i biblioteket."
        : e.message === "unavailable"
          ? "Dokumentet kan ikke læses lige nu."
          : "Kunne ikke hente dokumentet. Prøv igen.";
      $("oversigt-titel").focus();
    });
  }

  function showDocument(doc) {
    state.doc = doc;
    dropBlobs();
    document.title = doc.title + " – Bibliotek";
    els.overview.hidden = true;
    els.doc.hidden = false;
    els.title.textContent = doc.title;
    els.facts.textContent = doc.sentence_count + " sætninger, " + minutes(doc.estimated_duration_ms) + " at lytte til ved normal hastighed.";
    els.download.href = doc.audio;
    els.download.setAttribute("download", doc.id + ".mp3");
    els.position.max = String(doc.sentences.length);
    renderToc();
    renderText();
    var saved = load(doc.id) || {};
    setSpeed(SPEEDS.indexOf(saved.speed) >= 0 ? saved.speed : 1, false);
    var start = saved.sentence > 0 && saved.sentence < doc.sentences.length ? saved.sentence : 0;
    if (start > 0) {
      var where = shortPlace(start);
      els.resumeText.textContent = "Du stoppede ved " + where + ".";
      els.resumeYes.textContent = "Fortsæt ved " + where;
      els.resume.hidden = false;
    } else {
      els.resume.hidden = true;
    }
    moveTo(start, { quiet: true, scroll: false });
    els.message.textContent = "";
    els.title.focus();
  }

  function renderToc() {
    els.toc.textContent = "";
    state.doc.sections.forEach(function (section, s) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = section.title;
      b.dataset.afsnit = String(s);
      li.appendChild(b);
      els.toc.appendChild(li);
    });
    $("toc").hidden = state.doc.sections.length === 0;
  }

  // The text as paragraphs, headings and lists, each sentence a span.
  function renderText() {
    var box = els.text, para = -1, block = null, list = null;
    box.textContent = "";
    state.doc.sentences.forEach(function (s, i) {
      if (s.paragraph !== para) {
        para = s.paragraph;
        if (s.kind === LIST_ITEM) {
          if (!list) { list = document.createElement("ul"); box.appendChild(list); }
          block = document.createElement("li");
          list.appendChild(block);
        } else {
          list = null;
          block = document.createElement(s.kind === HEADING ? "h3" : "p");
          box.appendChild(block);
        }
      } else {
        block.appendChild(document.createTextNode(" "));
      }
      var span = document.createElement("span");
      span.className = "s";
      span.id = "s" + i;
      span.dataset.i = String(i);
      span.textContent = s.text;
      block.appendChild(span);
    });
  }

  // ---- Moving and playing. ----
  function moveTo(i, options) {
    options = options || {};
    var doc = state.doc, n = doc.sentences.length;
    i = Math.max(0, Math.min(n - 1, i));
    var oldSection = sectionOf(state.current);
    var old = els.text.querySelector(".s.aktiv");
    if (old) old.classList.remove("aktiv");
    clearWord();
    state.wordSpans = [];
    state.wordTimings = null;
    state.current = i;
    var span = $("s" + i);
    span.classList.add("aktiv");
    if (options.scroll !== false) {
      // Only when it is not in view, clear of the sticky bar; then to the
      // middle, so the next sentences are in view too.
      var rect = span.getBoundingClientRect();
      var bar = els.player.getBoundingClientRect();
      var top = getComputedStyle(els.player).position === "sticky" ? Math.max(0, bar.bottom) : 0;
      if (rect.top < top || rect.bottom > window.innerHeight) {
        var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        span.scrollIntoView({ block: rect.height > window.innerHeight - top ? "start" : "center", behavior: reduce ? "auto" : "smooth" });
      }
    }
    var section = sectionOf(i);
    els.toc.querySelectorAll("button").forEach(function (b) {
      if (+b.dataset.afsnit === section) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    els.position.value = String(i + 1);
    els.position.setAttribute("aria-valuetext", placeText(i));
    els.place.textContent = placeText(i);
    els.player.dataset.saetning = String(i);
    // A new section is said however it was reached: by a move or by
    // reading on into its heading (as `policy-reader play --announce
    // sections` prints it); the first place shown is not a move.
    if (!options.quiet && srMode() && section !== oldSection) {
      announce(section < 0 ? "Indledning" : "Afsnit " + (section + 1) + " af " + doc.sections.length + ": " + doc.sections[section].title);
    }
    savePlace();
    if (state.playing && !options.quiet) playCurrent();
  }

  function savePlace() {
    if (state.doc) save(state.doc.id, { sentence: state.current, speed: state.speed });
  }

  // fetch, waiting and asking again (a few times) while the server says
  // it is busy (429 with Retry-After).
  function fetchPatient(url, tries) {
    tries = tries === undefined ? 3 : tries;
    return fetch(url).then(function (res) {
      if (res.status !== 429 || tries <= 0) return res;
      var after = Math.min(5, parseFloat(res.headers.get("Retry-After")) || 1);
      return new Promise(function (r) { window.setTimeout(r, after * 1000); }).then(function () {
        return fetchPatient(url, tries - 1);
      });
    });
  }

  function blobFor(i) {
    if (!state.blobs.has(i)) {
      var url = state.doc.sentence_audio[i];
      state.blobs.set(i, fetchPatient(url).then(function (res) {
        if (!res.ok) {
          var e = new Error("HTTP " + res.status);
          e.status = res.status;
          throw e;
        }
        return res.blob();
      }).then(function (blob) { return URL.createObjectURL(blob); }));
      state.blobs.get(i).catch(function () { state.blobs.delete(i); });
    }
    // Keep what is near: one behind, the read-ahead in front.
    state.blobs.forEach(function (p, k) {
      if (k < state.current - 1 || k > state.current + PREFETCH) {
        state.blobs.delete(k);
        p.then(function (u) { if (audio.src !== u) URL.revokeObjectURL(u); }, function () {});
      }
    });
    return state.blobs.get(i);
  }
  function dropBlobs() {
    state.blobs.forEach(function (p) { p.then(URL.revokeObjectURL, function () {}); });
    state.blobs.clear();
    state.words.clear();
  }

  // ---- Word timings. ----
  // byteToIndex[b]: the string index of the character at UTF-8 byte b.
  function byteIndex(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i), bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : 3, units = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { bytes = 4; units = 2; }
      for (var b = 0; b < bytes; b++) out.push(i);
      i += units - 1;
    }
    out.push(text.length);
    return out;
  }
  function wordsFor(i) {
    var urls = state.doc.sentence_words;
    if (!urls || !urls[i]) return Promise.resolve(null);
    if (!state.words.has(i)) {
      state.words.set(i, fetchPatient(urls[i]).then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      }));
      state.words.get(i).catch(function () { state.words.delete(i); });
    }
    var wanted = state.words.get(i);
    state.words.forEach(function (p, k) {
      if (k < state.current - 1 || k > state.current + PREFETCH) state.words.delete(k);
    });
    return wanted;
  }
  function wordsWanted() { return els.wordsOn.checked; }
  // The sentence's written words as spans (once per rendering), each
  // timing tied to the span of its words; identical stretches share one
  // ("kl. 10.30" for "klokken ti tredive").
  function showWords(i, timings) {
    var span = $("s" + i), s = state.doc.sentences[i];
    if (!span || !timings || timings.text !== s.text) return;
    if (!span.dataset.ord) {
      var index = byteIndex(s.text), at = 0, last = null;
      span.textContent = "";
      timings.words.forEach(function (w, k) {
        if (w.text_begin === undefined) return;
        var a = index[w.text_begin], b = index[w.text_end];
        if (a === undefined || b === undefined || a < at) return;
        if (last && last.a === a && last.b === b) return;
        if (a > at) span.appendChild(document.createTextNode(s.text.slice(at, a)));
        var o = document.createElement("span");
        o.className = "o";
        o.dataset.r = w.text_begin + ":" + w.text_end;
        o.textContent = s.text.slice(a, b);
        span.appendChild(o);
        last = { a: a, b: b };
        at = b;
      });
      if (at < s.text.length) span.appendChild(document.createTextNode(s.text.slice(at)));
      span.dataset.ord = "1";
    }
    // Timing k -> the span of its stretch; a word without text keeps the
    // one before it.
    var byStretch = {}, prev = null, out = [];
    span.querySelectorAll(".o").forEach(function (o) { byStretch[o.dataset.r] = o; });
    timings.words.forEach(function (w) {
      var o = w.text_begin === undefined ? null : byStretch[w.text_begin + ":" + w.text_end];
      if (o) {
        prev = o;
        if (!o.dataset.start) o.dataset.start = String(w.start_ms);
        o.dataset.end = String(w.end_ms);
      }
      out.push(prev);
    });
    if (i !== state.current) return;
    state.wordSpans = out;
    state.wordTimings = timings;
  }
  function clearWord() {
    var old = els.text.querySelector(".o.aktiv");
    if (old) old.classList.remove("aktiv");
    delete els.player.dataset.ord;
  }
  // Marks the word being said, frame by frame while the sentence plays.
  function followWords() {
    state.frame = 0;
    var t = state.wordTimings;
    if (!t || !wordsWanted() || audio.dataset.saetning !== String(state.current)) { clearWord(); return; }
    var ms = audio.currentTime * 1000, k = -1;
    for (var j = 0; j < t.words.length && t.words[j].start_ms <= ms; j++) k = j;
    var target = k >= 0 && ms < t.duration_ms ? state.wordSpans[k] : null;
    var old = els.text.querySelector(".o.aktiv");
    if (old !== target) {
      if (old) old.classList.remove("aktiv");
      if (target) {
        target.classList.add("aktiv");
        els.player.dataset.ord = String(k);
      } else {
        delete els.player.dataset.ord;
      }
    }
    if (!audio.paused && !audio.ended) state.frame = requestAnimationFrame(followWords);
  }
  function startFollowing() {
    if (!state.frame) state.frame = requestAnimationFrame(followWords);
  }

  function setPlaying(on) {
    state.playing = on;
    els.play.querySelector(".navn").textContent = on ? "Pause" : "Afspil";
    els.play.querySelector(".ikon").textContent = on ? "❚❚" : "▶";
    els.player.dataset.tilstand = on ? "afspiller" : "pause";
  }

  function playCurrent() {
    var token = ++state.token, i = state.current;
    setPlaying(true);
    audio.pause();
    blobFor(i).then(function (url) {
      // The words come from the audio's synthesis: asked for after it, they
      // are kept and cost none.
      wordsFor(i).then(function (timings) {
        showWords(i, timings);
        if (token === state.token) startFollowing();
      }, function () { /* no word marks for this sentence */ });
      if (token !== state.token) return;
      audio.src = url;
      audio.defaultPlaybackRate = state.speed;
      audio.playbackRate = state.speed;
      audio.preservesPitch = true;
      audio.mozPreservesPitch = true;
      audio.webkitPreservesPitch = true;
      var played = audio.play();
      for (var k = 1; k <= PREFETCH && i + k < state.doc.sentences.length; k++) {
        (function (j) {
          blobFor(j).then(function () { return wordsFor(j); }).catch(function () {});
        })(i + k);
      }
      return played && played.catch(function (e) {
        if (token !== state.token || e.name === "AbortError") return;
        setPlaying(false);
        if (e.name === "NotAllowedError") {
          announce("Browseren lod ikke siden starte lyden. Tryk på Afspil for at lytte.");
          els.play.focus();
        } else {
          announce("Browseren kan ikke afspille lyden.");
        }
      });
    }, function (e) {
      if (token !== state.token) return;
      if (e.status === 404) return reloadDocument();
      setPlaying(false);
      announce("Kunne ikke hente lyden. Prøv igen.");
    });
  }

  // The document's file changed on the server (its sentences' audio moved):
  // fetch it again and go on at the same sentence number.
  function reloadDocument() {
    var at = state.current, wasPlaying = state.playing;
    return fetch("/v1/documents/" + encodeURIComponent(state.doc.id)).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (doc) {
      stop();
      state.doc = doc;
      dropBlobs();
      els.position.max = String(doc.sentences.length);
      renderToc();
      renderText();
      announce("Dokumentet er blevet ændret og er hentet igen.");
      state.playing = wasPlaying;
      moveTo(at, { scroll: true });
    }).catch(function () {
      setPlaying(false);
      announce("Kunne ikke hente lyden. Prøv igen.");
    });
  }

  function pause(say) {
    state.token++;
    audio.pause();
    var was = state.playing;
    setPlaying(false);
    savePlace();
    if (say && was) announce("Pause");
  }
  function stop() {
    state.token++;
    audio.pause();
    setPlaying(false);
  }
  function toggle() {
    if (state.playing) { pause(true); return; }
    els.resume.hidden = true;
    // In screen-reader mode nothing is said over the audio starting; the
    // "Pause" shown goes.
    if (!srMode()) announce("Afspiller");
    else els.message.textContent = "";
    if (audio.src && audio.dataset.saetning === String(state.current) && audio.currentTime > 0 && !audio.ended) {
      state.token++;
      setPlaying(true);
      audio.play().catch(function () { playCurrent(); });
    } else {
      playCurrent();
    }
  }

  audio.addEventListener("playing", function () {
    audio.dataset.saetning = String(state.current);
    startFollowing();
  });
  audio.addEventListener("seeked", startFollowing);
  audio.addEventListener("ended", function () {
    if (!state.playing) return;
    if (state.current + 1 < state.doc.sentences.length) {
      moveTo(state.current + 1);
    } else {
      setPlaying(false);
      announce("Slut på dokumentet.");
      // Next time it starts from the top again, at the same speed.
      save(state.doc.id, { sentence: 0, speed: state.speed });
    }
  });
  audio.addEventListener("error", function () {
    if (!state.playing || !audio.src) return;
    setPlaying(false);
    announce("Browseren kan ikke afspille lyden.");
  });

  function next() {
    if (state.current + 1 >= state.doc.sentences.length) { announce("Det er den sidste sætning."); return; }
    moveTo(state.current + 1, { user: true });
  }
  function previous() {
    if (state.playing && audio.currentTime > RESTART_AFTER_S) { moveTo(state.current, { user: true }); return; }
    if (state.current === 0) { announce("Det er den første sætning."); moveTo(0, { user: true }); return; }
    moveTo(state.current - 1, { user: true });
  }
  function nextSection() {
    var sections = state.doc.sections;
    for (var s = 0; s < sections.length; s++) {
      if (sections[s].first_sentence > state.current) { moveTo(sections[s].first_sentence, { user: true }); return; }
    }
    announce("Der er ikke flere afsnit.");
  }
  // The start of this section; from its heading, the one before.
  function previousSection() {
    var sections = state.doc.sections, s = sectionOf(state.current);
    if (s >= 0 && sections[s].first_sentence < state.current) { moveTo(sections[s].first_sentence, { user: true }); return; }
    if (s > 0) { moveTo(sections[s - 1].first_sentence, { user: true }); return; }
    moveTo(0, { user: true });
  }
  function setSpeed(x, say) {
    state.speed = x;
    els.speed.value = String(x);
    audio.defaultPlaybackRate = x;
    audio.playbackRate = x;
    if (say) announce(speedText(x));
    savePlace();
  }
  function stepSpeed(step) {
    var k = SPEEDS.indexOf(state.speed);
    if (k < 0) k = SPEEDS.indexOf(1);
    var to = Math.max(0, Math.min(SPEEDS.length - 1, k + step));
    if (to === k) { announce(speedText(state.speed) + " er " + (step > 0 ? "den højeste." : "den laveste.")); return; }
    setSpeed(SPEEDS[to], true);
  }

  // ---- Controls. ----
  els.player.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b || !state.doc) return;
    ({
      "afspil": toggle, "naeste": next, "forrige": previous,
      "naeste-afsnit": nextSection, "forrige-afsnit": previousSection,
    })[b.dataset.handling]();
  });
  els.resumeYes.addEventListener("click", function () {
    els.resume.hidden = true;
    els.play.focus();
    toggle();
  });
  els.resumeNo.addEventListener("click", function () {
    els.resume.hidden = true;
    moveTo(0, { user: true });
    els.play.focus();
    toggle();
  });
  els.toc.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    els.resume.hidden = true;
    moveTo(state.doc.sections[+b.dataset.afsnit].first_sentence, { user: true });
  });
  els.text.addEventListener("click", function (e) {
    var span = e.target.closest(".s");
    if (!span) return;
    els.resume.hidden = true;
    moveTo(+span.dataset.i, { user: true });
    if (!state.playing) toggle();
  });
  // The slider names the place as it moves and goes there once it rests.
  var seekTimer = 0;
  els.position.addEventListener("input", function () {
    var i = +els.position.value - 1;
    els.position.setAttribute("aria-valuetext", placeText(i));
    window.clearTimeout(seekTimer);
    seekTimer = window.setTimeout(function () { moveTo(i, { user: true }); }, 250);
  });
  els.speed.addEventListener("change", function () { setSpeed(+els.speed.value, true); });
  els.sr.addEventListener("change", function () {
    els.place.setAttribute("aria-live", srMode() ? "off" : "polite");
    save("skaermlaeser", srMode());
    announce(srMode() ? "Skærmlæsertilstand til: kun afsnit, pause og hastighed siges." : "Skærmlæsertilstand fra.");
  });
  els.sr.checked = load("skaermlaeser") === true;
  // Word marks: on unless the listener has turned them off, or asks the
  // system for less motion (then off until turned on here).
  var wordsSaved = load("ordfremhaevning");
  els.wordsOn.checked = wordsSaved === null
    ? !window.matchMedia("(prefers-reduced-motion: reduce)").matches
    : wordsSaved === true;
  els.wordsOn.addEventListener("change", function () {
    save("ordfremhaevning", wordsWanted());
    if (wordsWanted()) startFollowing(); else clearWord();
  });
  els.place.setAttribute("aria-live", srMode() ? "off" : "polite");

  // Keys anywhere on the page while a document is open (not while typing
  // in a field; a focused control keeps its own keys).
  document.addEventListener("keydown", function (e) {
    if (!state.doc || els.doc.hidden || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    var t = e.target, tag = t.tagName, type = (t.type || "").toLowerCase();
    var field = tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable ||
      (tag === "INPUT" && type !== "checkbox" && type !== "range");
    var control = tag === "BUTTON" || tag === "A" || tag === "INPUT" || tag === "SELECT";
    var key = e.key, handled = true;
    if (key === "Escape") {
      pause(true);
      els.resume.hidden = true;
      els.play.focus();
    } else if (field) {
      return;
    } else if (key === " " || key === "Spacebar") {
      if (control) return;  // Space presses the focused button.
      toggle();
    } else if (key === "ArrowRight" || key === "ArrowLeft") {
      if (type === "range") return;  // The slider's own keys.
      if (key === "ArrowRight") next(); else previous();
    } else {
      switch (key.toLowerCase()) {
        case "k": toggle(); break;
        case "n": if (e.shiftKey) nextSection(); else next(); break;
        case "p": if (e.shiftKey) previousSection(); else previous(); break;
        case "r":  // The sentence again from its start, playing or not.
          els.resume.hidden = true;
          moveTo(state.current, { user: true, quiet: true });
          playCurrent();
          break;
        case "+": stepSpeed(1); break;
        case "-": stepSpeed(-1); break;
        case "i": {
          var current = els.toc.querySelector("button[aria-current=true]") || els.toc.querySelector("button");
          if (current) { $("toc-boks").open = true; current.focus(); } else handled = false;
          break;
        }
        default: handled = false;
      }
    }
    if (handled) e.preventDefault();
  });

  // The sticky bar's height, so the sentence read scrolls clear of it.
  // A bar that scrolls with the page (a low viewport) hides nothing.
  function barHeight() {
    var sticky = getComputedStyle(els.player).position === "sticky";
    document.documentElement.style.setProperty("--bar-hoejde", (sticky ? els.player.offsetHeight : 0) + "px");
  }
  if (window.ResizeObserver) new ResizeObserver(barHeight).observe(els.player);
  window.addEventListener("resize", barHeight);

  // ---- Routing: #dokument=ID opens a document; anything else the list. ----
  function route(focus) {
    var m = /^#dokument=(.+)$/.exec(location.hash);
    if (m) openDocument(decodeURIComponent(m[1]));
    else showList(focus);
  }
  // Other fragments (the skip link's #indhold) are places on the page.
  window.addEventListener("hashchange", function () {
    if (/^(#dokument=.+|#bibliotek|#?)$/.test(location.hash)) route(true);
  });
  if (/^#dokument=/.test(location.hash)) loadList();  // For the way back.
  route(false);
})();
