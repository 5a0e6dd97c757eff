// The library player (client/web/bibliotek/, served at /bibliotek) in a real
// browser against a real policy-reader-server with real eSpeak NG workers:
// keyboard only from the list to a playing document, sentence and section
// moves, speed with pitch kept, the screen-reader mode's announcements, the
// place and speed kept over a reload and offered back, the table of
// contents, the position slider, the MP3 download, axe-core in every state,
// and screenshots at 100 %, 400 % zoom and 320 px (with forced colours and
// reduced motion in Chromium).
//
//   node tests/web/library.test.mjs --browser chromium|firefox \
//     --server build/service/policy-reader-server [--shots DIR]
//
// Missing pieces (browser, npm packages) fail the run; they never skip it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { repo, startServer, launchBrowser, tabTo, checkWordColoursTurned } from "./harness.mjs";

const { values: args } = parseArgs({
  options: {
    server: { type: "string", default: path.join(repo, "build/service/policy-reader-server") },
    browser: { type: "string", default: "chromium" },
    executable: { type: "string" },
    shots: { type: "string", default: path.join(repo, "build/tests/web/screenshots") },
  },
});

const RUN_LIMIT_MS = 150_000;
const watchdog = setTimeout(() => {
  console.error(`library.test: the run took over ${RUN_LIMIT_MS / 1000} s; giving up`);
  cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

let server = null;
let browser = null;
const shots = path.join(args.shots, args.browser);
mkdirSync(shots, { recursive: true });

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (server) await server.stop();
  server = null;
  rmSync(library, { recursive: true, force: true });
}

// The sample library plus a PDF that cannot be read, as a library has.
const library = mkdtempSync(path.join(tmpdir(), "bibliotek-"));
for (const f of readdirSync(path.join(repo, "samples/library"))) {
  copyFileSync(path.join(repo, "samples/library", f), path.join(library, f));
}
writeFileSync(path.join(library, "skannet.pdf"), "%PDF-1.4\nnot really a PDF\n");

before(async () => {
  server = await startServer(args.server, { library });
  browser = await launchBrowser(args.browser, args.executable);
  console.log(`# ${browser.name} ${browser.version}`);
}, { timeout: 70_000 });
after(cleanup);

const DOC = "trivselspolitik";

// What the player shows and plays.
const playerState = (page) => page.evaluate(() => {
  const a = document.getElementById("lyd");
  const active = document.querySelector("#tekst .s.aktiv");
  return {
    sentence: +document.getElementById("afspiller").dataset.saetning,
    mode: document.getElementById("afspiller").dataset.tilstand,
    active: active ? active.textContent : null,
    activeCount: document.querySelectorAll("#tekst .s.aktiv").length,
    place: document.getElementById("placering").textContent,
    message: document.getElementById("meddelelse").textContent,
    playButton: document.getElementById("afspil").textContent.trim(),
    focus: document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim()),
    paused: a.paused, time: a.currentTime, rate: a.playbackRate,
    preservesPitch: a.preservesPitch !== false && a.mozPreservesPitch !== false,
    error: a.error && a.error.code,
    slider: document.getElementById("position").value,
    sliderText: document.getElementById("position").getAttribute("aria-valuetext"),
    speed: document.getElementById("hastighed").value,
  };
});

// Audio of sentence `i` is playing: the highlight is on it and the
// element's clock runs past `after` seconds with no error.
async function waitPlaying(page, i, after = 0.15) {
  await page.waitFor(([i, t]) => {
    const a = document.getElementById("lyd");
    return document.getElementById("afspiller").dataset.saetning === String(i) &&
      a.dataset.saetning === String(i) && !a.paused && a.currentTime > t && !a.error;
  }, [i, after]).catch(async (e) => {
    throw new Error(`${e.message}\nplayer: ${JSON.stringify(await playerState(page))}`);
  });
}

async function checkAxe(page, label) {
  const violations = await page.axe();
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 2)}`);
}

// The document as the server gives it (sections and sentences).
async function documentJson() {
  const res = await fetch(`${server.base}/v1/documents/${DOC}`);
  assert.equal(res.status, 200);
  return res.json();
}

test("keyboard only: list, open, play, move by sentence and section, speed, pause; resume after reload", async () => {
  const doc = await documentJson();
  const sections = doc.sections.map((s) => s.first_sentence);
  assert.ok(sections.length >= 4, `only ${sections.length} sections`);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}/bibliotek`);
    assert.match(page.url(), /\/bibliotek\/$/);
    await page.waitFor(() => document.querySelectorAll("#dokumenter a").length >= 2);
    const list = await page.evaluate(() => [...document.querySelectorAll("#dokumenter li")].map((li) => li.textContent));
    assert.ok(list.some((t) => /^Trivselspolitik for medarbejdere19 sætninger, ca\. 1 minut at lytte til$/.test(t)), list.join(" | "));
    // A document that cannot be read says why and is no link.
    const broken = await page.evaluate(() => {
      const li = [...document.querySelectorAll("#dokumenter li")].find((x) => x.textContent.includes("Kan ikke læses"));
      return li && { text: li.textContent, links: li.querySelectorAll("a").length, lang: li.querySelector("[lang=en]") !== null };
    });
    assert.ok(broken, list.join(" | "));
    assert.match(broken.text, /^skannetKan ikke læses lige nu\. Årsag: .+/);
    assert.equal(broken.links, 0);
    assert.ok(broken.lang, "the server's English reason is not marked lang=en");
    await checkAxe(page, "the list");
    await page.screenshot(path.join(shots, "liste-100.png"), true);

    // Tab from the top of the page to the document's link, Enter opens it
    // and focus lands on its title.
    const tabs = await tabTo(page, "the link to Trivselspolitik",
      () => document.activeElement.textContent === "Trivselspolitik for medarbejdere");
    assert.ok(tabs <= 4, `${tabs} presses of Tab to reach the first documents`);
    await page.press("Enter");
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    let s = await playerState(page);
    assert.equal(s.sentence, 0);
    assert.equal(s.place, `Afsnit 1 af ${sections.length}, sætning 1 af ${doc.sentence_count}`);
    assert.equal(s.active, doc.sentences[0].text);
    assert.equal(s.playButton, "▶Afspil");
    assert.ok(s.paused, "it played before it was asked to");
    assert.equal(await page.evaluate(() => document.getElementById("fortsaet").hidden), true);
    const tocTitles = await page.evaluate(() => [...document.querySelectorAll("#toc-liste button")].map((b) => b.textContent));
    assert.deepEqual(tocTitles, doc.sections.map((x) => x.title));
    await checkAxe(page, "a document, before playing");

    // K plays from the first sentence; the first ends by itself and the
    // second one plays and is highlighted.
    await page.press("k");
    await waitPlaying(page, 0);
    s = await playerState(page);
    assert.equal(s.playButton, "❚❚Pause");
    await waitPlaying(page, 1, 0.05);
    s = await playerState(page);
    assert.equal(s.active, doc.sentences[1].text);
    assert.equal(s.activeCount, 1);
    assert.equal(s.slider, "2");
    assert.equal(s.sliderText, `Afsnit 2 af ${sections.length}, sætning 2 af ${doc.sentence_count}`);

    // Next section (Shift+N) twice, then next and previous sentence.
    await page.press("Shift+N");
    await waitPlaying(page, sections[2]);
    await page.press("Shift+N");
    await waitPlaying(page, sections[3]);
    s = await playerState(page);
    assert.equal(s.active, doc.sentences[sections[3]].text);
    assert.equal(s.place, `Afsnit 4 af ${sections.length}, sætning ${sections[3] + 1} af ${doc.sentence_count}`);
    await page.press("ArrowRight");
    await waitPlaying(page, sections[3] + 1);
    await page.press("n");
    await waitPlaying(page, sections[3] + 2);
    await page.press("p");  // within the first moments: the sentence before
    await waitPlaying(page, sections[3] + 1);
    // Shift+P: the start of this section; again: the section before.
    await page.press("Shift+P");
    await waitPlaying(page, sections[3]);
    await page.press("Shift+P");
    await waitPlaying(page, sections[2]);
    // The highlight is in view, below the sticky bar.
    await page.waitFor(() => {
      const r = document.querySelector(".s.aktiv").getBoundingClientRect();
      const bar = document.getElementById("afspiller").getBoundingClientRect();
      return r.top >= bar.bottom - 1 && r.bottom <= innerHeight;
    });

    // Speed: + twice is 1,5x, pitch kept, said, and kept for the next
    // sentence.
    await page.press("+");
    await page.press("+");
    await page.waitFor(() => document.getElementById("meddelelse").textContent === "Hastighed 1,5x");
    s = await playerState(page);
    assert.equal(s.rate, 1.5);
    assert.equal(s.speed, "1.5");
    assert.ok(s.preservesPitch, "pitch is not kept");
    await page.press("ArrowRight");
    await waitPlaying(page, sections[2] + 1);
    assert.equal((await playerState(page)).rate, 1.5);
    await checkAxe(page, "a document, playing");
    await page.screenshot(path.join(shots, "dokument-100.png"));

    // Space pauses (focus is not on a control): the clock stands still.
    assert.equal(await page.evaluate(() => document.activeElement.id), "dok-titel");
    await page.press(" ");
    await page.waitFor(() => document.getElementById("lyd").paused && document.getElementById("meddelelse").textContent === "Pause");
    s = await playerState(page);
    assert.equal(s.playButton, "▶Afspil");
    const t0 = s.time;
    await new Promise((r) => setTimeout(r, 300));  // a measurement, not a wait for readiness
    assert.equal((await playerState(page)).time, t0, "audio went on while paused");
    // Escape puts focus on Afspil; Enter there goes on where it stopped.
    await page.press("Escape");
    await page.waitFor(() => document.activeElement.id === "afspil");
    await page.press("Enter");
    await waitPlaying(page, sections[2] + 1, t0 + 0.05);
    await page.press("Escape");
    await page.waitFor(() => document.getElementById("lyd").paused);
    const stoppedAt = (await playerState(page)).sentence;
    // R while paused: the sentence again from its start.
    await page.evaluate(() => {
      window.__loads = 0;
      document.getElementById("lyd").addEventListener("loadstart", () => window.__loads++);
    });
    await page.press("r");
    await page.waitFor((i) => {
      const a = document.getElementById("lyd");
      return window.__loads > 0 && !a.paused && a.dataset.saetning === String(i) && a.currentTime > 0.05;
    }, stoppedAt);
    await page.press("Escape");
    await page.waitFor(() => document.getElementById("lyd").paused);
    await checkAxe(page, "a document, paused");

    // Reload: the place and the speed are offered back.
    await page.reload();
    await page.waitFor(() => !document.getElementById("dokument").hidden && !document.getElementById("fortsaet").hidden);
    s = await playerState(page);
    const where = `afsnit 3, sætning ${stoppedAt + 1}`;
    assert.equal(await page.evaluate(() => document.getElementById("fortsaet-ja").textContent), `Fortsæt ved ${where}`);
    assert.equal(s.sentence, stoppedAt);
    assert.equal(s.speed, "1.5");
    assert.ok(s.paused);
    await checkAxe(page, "the resume offer");
    await page.screenshot(path.join(shots, "fortsaet-100.png"));
    await tabTo(page, "Fortsæt", () => document.activeElement.id === "fortsaet-ja");
    await page.press("Enter");
    await waitPlaying(page, stoppedAt);
    s = await playerState(page);
    assert.equal(s.rate, 1.5);
    assert.equal(s.focus, "afspil");
    assert.equal(await page.evaluate(() => document.getElementById("fortsaet").hidden), true);

    // The table of contents (I) and the position slider, by keyboard.
    await page.press("i");
    await page.waitFor(() => document.activeElement.closest("#toc-liste") !== null);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-current")), "true");
    await page.press("Tab");
    await page.press("Enter");
    await waitPlaying(page, sections[3]);
    await tabTo(page, "the position slider", () => document.activeElement.id === "position", 20, "Shift+Tab");
    await page.press("End");
    await waitPlaying(page, doc.sentence_count - 1);
    await page.press("Escape");

    // Back to the list: focus returns to the document's link.
    await tabTo(page, "Tilbage", () => document.activeElement.textContent === "Tilbage til biblioteket", 20, "Shift+Tab");
    await page.press("Enter");
    await page.waitFor(() => document.activeElement.textContent === "Trivselspolitik for medarbejdere");
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test("screen-reader mode announces sections, pause and speed, not every sentence", async () => {
  const doc = await documentJson();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}/bibliotek/#dokument=${DOC}`);
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    // Without it, the place line is a live region (said on every sentence).
    assert.equal(await page.evaluate(() => document.getElementById("placering").getAttribute("aria-live")), "polite");
    await tabTo(page, "the screen-reader checkbox", () => document.activeElement.id === "skaermlaeser", 60);
    await page.press(" ");
    await page.waitFor(() => document.getElementById("skaermlaeser").checked);
    assert.equal(await page.evaluate(() => document.getElementById("placering").getAttribute("aria-live")), "off");
    await page.press("k");
    await waitPlaying(page, 0);
    await page.press("Shift+N");
    await waitPlaying(page, doc.sections[1].first_sentence);
    await page.waitFor((t) => document.getElementById("meddelelse").textContent === t,
      `Afsnit 2 af ${doc.sections.length}: ${doc.sections[1].title}`);
    // A sentence move within the section says nothing new.
    await page.press("n");
    await waitPlaying(page, doc.sections[1].first_sentence + 1);
    assert.equal((await playerState(page)).message, `Afsnit 2 af ${doc.sections.length}: ${doc.sections[1].title}`);
    // Reading on into the next section's heading says that section, and
    // only that: every change of the message from here on is recorded.
    await page.evaluate(() => {
      window.__said = [];
      const m = document.getElementById("meddelelse");
      new MutationObserver(() => { if (m.textContent) window.__said.push(m.textContent); })
        .observe(m, { childList: true, characterData: true, subtree: true });
    });
    const lastOfSection = doc.sections[2].first_sentence - 1;
    while ((await playerState(page)).sentence < lastOfSection) await page.press("n");
    await waitPlaying(page, doc.sections[2].first_sentence, 0.05);
    await page.waitFor((t) => document.getElementById("meddelelse").textContent === t,
      `Afsnit 3 af ${doc.sections.length}: ${doc.sections[2].title}`);
    assert.deepEqual(await page.evaluate(() => window.__said), [`Afsnit 3 af ${doc.sections.length}: ${doc.sections[2].title}`]);
    await page.press("-");
    await page.waitFor(() => document.getElementById("meddelelse").textContent === "Hastighed 0,75x");
    await checkAxe(page, "screen-reader mode, playing");
    await page.press("k");
    await page.waitFor(() => document.getElementById("meddelelse").textContent === "Pause");
    // Playing again: "Pause" goes, and nothing is said over the audio.
    await page.press("k");
    await page.waitFor(() => !document.getElementById("lyd").paused && document.getElementById("meddelelse").textContent === "");
    assert.deepEqual(await page.evaluate(() => window.__said), [
      `Afsnit 3 af ${doc.sections.length}: ${doc.sections[2].title}`, "Hastighed 0,75x", "Pause"]);
    await page.press("k");
    // The choice is kept.
    await page.reload();
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    assert.equal(await page.evaluate(() => document.getElementById("skaermlaeser").checked), true);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

// Records, in the page, every move of the word highlight: which word, its
// text and time window, the audio's clock at that moment, and whether the
// sentence highlight is still there around it.
function recordWords(page) {
  return page.evaluate(() => {
    window.__words = [];
    const bar = document.getElementById("afspiller");
    const a = document.getElementById("lyd");
    new MutationObserver(() => {
      const o = document.querySelector("#tekst .o.aktiv");
      if (!o) return;
      const sentence = document.querySelector("#tekst .s.aktiv");
      const cs = getComputedStyle(o), ss = sentence && getComputedStyle(sentence);
      window.__words.push({
        sentence: +bar.dataset.saetning, k: +bar.dataset.ord, text: o.textContent,
        start: +o.dataset.start, end: +o.dataset.end, t: a.currentTime * 1000, rate: a.playbackRate,
        inSentence: sentence !== null && sentence.contains(o),
        sentences: document.querySelectorAll("#tekst .s.aktiv").length,
        words: document.querySelectorAll("#tekst .o.aktiv").length,
        wordBg: cs.backgroundColor, sentenceBg: ss && ss.backgroundColor,
      });
    }).observe(bar, { attributes: true, attributeFilter: ["data-ord"] });
  });
}

// The moves recorded for sentence `i`: the highlight went from word to word
// in order, each at the moment the audio's clock was in that word's window,
// inside the sentence highlight, which stayed.
function checkWordMoves(moves, i, rate, label) {
  const mine = moves.filter((m) => m.sentence === i);
  assert.ok(new Set(mine.map((m) => m.k)).size >= 5, `${label}: the word highlight moved ${mine.length} times: ${JSON.stringify(mine)}`);
  for (let j = 1; j < mine.length; j++) {
    assert.ok(mine[j].k > mine[j - 1].k, `${label}: went back from word ${mine[j - 1].k} to ${mine[j].k}`);
  }
  for (const m of mine) {
    assert.equal(m.rate, rate, label);
    // Never early; late by a few frames at most (the follower runs once a
    // frame, and a busy machine drops some; at 3x a frame is 50 ms of
    // audio).
    assert.ok(m.t >= m.start - 1 && m.t <= m.end + 120 * rate,
      `${label}: "${m.text}" (${m.start}-${m.end} ms) marked at ${m.t.toFixed(0)} ms`);
    assert.ok(m.inSentence && m.sentences === 1 && m.words === 1, `${label}: ${JSON.stringify(m)}`);
    assert.notEqual(m.wordBg, m.sentenceBg, `${label}: the word is not told from its sentence`);
  }
  return mine;
}

test("the word being said is highlighted inside the sentence, at 1x and at 3x", async () => {
  const doc = await documentJson();
  assert.equal(doc.sentence_words.length, doc.sentence_count);
  const i = 2;  // "Politikken beskriver, hvordan vi sammen skaber ..."
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}/bibliotek/#dokument=${DOC}`);
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    assert.equal(await page.evaluate(() => document.getElementById("ordfremhaevning").checked), true);
    await recordWords(page);
    await page.press("n");
    await page.press("n");
    await page.press("k");
    await waitPlaying(page, i);
    await page.waitFor(() => document.querySelectorAll("#tekst .o.aktiv").length === 1);
    await checkAxe(page, "a word highlighted");
    await page.screenshot(path.join(shots, "ord-100.png"));
    // The sentence ends by itself and the next one plays.
    await waitPlaying(page, i + 1, 0.05);
    let moves = checkWordMoves(await page.evaluate(() => window.__words), i, 1, "1x");
    const words = [...new Set(moves.map((m) => m.text))];
    assert.deepEqual(words.slice(0, 3), ["Politikken", "beskriver", "hvordan"]);

    // 3x: the same sentence again (R), the words three times as fast.
    for (let k = 0; k < 6; k++) await page.press("+");
    await page.waitFor(() => document.getElementById("lyd").playbackRate === 3);
    await page.press("Escape");
    await page.waitFor(() => document.getElementById("lyd").paused);
    while ((await playerState(page)).sentence > i) await page.press("p");
    assert.equal((await playerState(page)).sentence, i);
    await page.evaluate(() => { window.__words = []; });
    await page.press("r");
    await waitPlaying(page, i + 1, 0.05);
    moves = checkWordMoves(await page.evaluate(() => window.__words), i, 3, "3x");
    // The same words (a very short one may pass between two frames).
    for (const m of moves) assert.ok(words.includes(m.text), `3x marked "${m.text}", not a word of ${words}`);

    // Turned off, no word is marked (and the choice is kept).
    await page.press("Escape");
    await tabTo(page, "the word highlight checkbox", () => document.activeElement.id === "ordfremhaevning", 60, "Shift+Tab");
    await page.press(" ");
    await page.evaluate(() => { window.__words = []; });
    await page.press("r");
    await waitPlaying(page, i + 1, 0.3);
    assert.equal(await page.evaluate(() => document.querySelectorAll("#tekst .o.aktiv").length), 0);
    assert.deepEqual(await page.evaluate(() => window.__words), []);
    await page.press("Escape");
    await page.reload();
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    assert.equal(await page.evaluate(() => document.getElementById("ordfremhaevning").checked), false);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test("the whole document downloads as one MP3, and sentence audio is immutable", async () => {
  const doc = await documentJson();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}/bibliotek/#dokument=${DOC}`);
    await page.waitFor(() => document.activeElement.id === "dok-titel");
    const r = await page.evaluate(async () => {
      const link = document.getElementById("hent");
      const res = await fetch(link.href);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"),
        size: bytes.length, first: [bytes[0], bytes[1]], download: link.getAttribute("download"), text: link.textContent };
    });
    assert.equal(r.status, 200);
    assert.equal(r.type, "audio/mpeg");
    assert.equal(r.disposition, `attachment; filename="${DOC}.mp3"`);
    assert.equal(r.download, `${DOC}.mp3`);
    assert.equal(r.text, "Hent hele dokumentet som MP3");
    assert.ok(r.size > 200_000, `${r.size} bytes for the whole document`);
    assert.ok(r.first[0] === 0xff && (r.first[1] & 0xe0) === 0xe0, "not MP3 frames");
    const res = await fetch(`${server.base}${doc.sentence_audio[3]}`);
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.ok(doc.sentence_audio[3].includes(res.headers.get("etag").slice(1, 33)));
  } finally {
    await context.close();
  }
});

// 400 % zoom: a 1280 x 720 window is 320 x 180 CSS pixels at 4 device
// pixels each; 320 px: a small phone.
for (const view of [
  { name: "400", width: 320, height: 180, scale: 4 },
  { name: "320px", width: 320, height: 640, scale: 1 },
  { name: "tvungne-farver", width: 1280, height: 720, scale: 1, forcedColors: true, reducedMotion: true, chromiumOnly: true },
  // A reader's own larger default font size (32 px instead of 16).
  { name: "stor-skrift", width: 1280, height: 720, scale: 1, fontSize: 32, chromiumOnly: true },
]) {
  test(`at ${view.name}: no sideways scrolling, controls reachable, highlight clear of the bar, axe clean`, async (t) => {
    if (view.chromiumOnly && args.browser !== "chromium") {
      // Forced colours and font sizes are set only over CDP; Firefox gets
      // the others.
      t.diagnostic(`${view.name}: Chromium only`);
      return;
    }
    const context = await browser.newContext(view);
    const page = await context.newPage();
    try {
      await page.goto(`${server.base}/bibliotek/`);
      await page.waitFor(() => document.querySelectorAll("#dokumenter a").length >= 2);
      await page.screenshot(path.join(shots, `liste-${view.name}.png`));
      await page.goto(`${server.base}/bibliotek/#dokument=${DOC}`);
      await page.waitFor(() => document.activeElement.id === "dok-titel");
      const layout = await page.evaluate(() => {
        const buttons = [...document.querySelectorAll("#afspiller button")].map((b) => b.getBoundingClientRect());
        return {
          scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
          buttonsFit: buttons.every((r) => r.left >= 0 && r.right <= innerWidth && r.width >= 24 && r.height >= 24),
          rows: new Set(buttons.map((r) => Math.round(r.top))).size,
        };
      });
      assert.ok(layout.scrollWidth <= layout.width, `scrolls sideways: ${layout.scrollWidth} > ${layout.width}`);
      assert.ok(layout.buttonsFit, "a player button is cut off or under 24 px");
      if (view.fontSize) {
        // The text and the controls grow with the reader's font size.
        const sizes = await page.evaluate(() => [document.body, document.getElementById("afspil")].map((e) => getComputedStyle(e).fontSize));
        assert.deepEqual(sizes, [`${1.125 * view.fontSize}px`, `${view.fontSize}px`]);
      }
      if (view.width <= 320) assert.equal(layout.rows, 1, "the player's buttons take more than one row");
      if (view.forcedColors) {
        // Word marks are off under reduced motion until asked for.
        assert.equal(await page.evaluate(() => document.getElementById("ordfremhaevning").checked), false);
        await page.evaluate(() => document.getElementById("ordfremhaevning").click());
      }
      await page.press("k");
      await waitPlaying(page, 0);
      for (let i = 0; i < 6; i++) await page.press("n");
      await waitPlaying(page, 6);
      if (view.forcedColors) {
        // The word in the sentence's system colours turned round.
        await checkWordColoursTurned(page, "#tekst .s.aktiv .o.aktiv", "#tekst .s.aktiv");
        await page.screenshot(path.join(shots, `ord-${view.name}.png`));
      }
      // The sentence read is in view, whole where it fits, and not under
      // the bar; and it is marked (a background colour of its own).
      await page.waitFor(() => {
        const r = document.querySelector(".s.aktiv").getBoundingClientRect();
        const bar = document.getElementById("afspiller").getBoundingClientRect();
        const sticky = getComputedStyle(document.getElementById("afspiller")).position === "sticky";
        const top = sticky ? bar.bottom : 0;
        if (r.height <= innerHeight - top) return r.top >= top - 1 && r.bottom <= innerHeight + 1;
        return r.top >= top - 1 && r.top < innerHeight;
      });
      const marked = await page.evaluate(() => {
        const s = getComputedStyle(document.querySelector(".s.aktiv"));
        const plain = getComputedStyle(document.querySelector(".s:not(.aktiv)"));
        return [s.backgroundColor, plain.backgroundColor];
      });
      assert.notEqual(marked[0], marked[1], `the sentence read is not marked: ${marked}`);
      await page.press("k");
      await page.screenshot(path.join(shots, `dokument-${view.name}.png`));
      await checkAxe(page, `at ${view.name}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
}
