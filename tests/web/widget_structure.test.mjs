// The Lyt widget on a realistic municipal page (tests/web/pages/
// storskrald.html: skip link, cookie banner, menu, breadcrumbs, lists
// without full stops, nested and numbered lists, a table, a figure, hidden
// text, an article of 60+ sentences), in a real browser against a real
// server: what it sends the service and what comes back sentence by
// sentence, the highlight in the page, keyboard only, read from here, Lyt
// while reading, resume after reload, the autoplay refusal (Firefox, whose
// default policy refuses a play() without a user's gesture), axe-core in
// every state, screenshots at 100 %, 400 % and 320 px.
//
//   node tests/web/widget_structure.test.mjs --browser chromium|firefox \
//     --server build/service/policy-reader-server [--shots DIR]
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { here, repo, startServer, launchBrowser, tabTo, checkWordColoursTurned } from "./harness.mjs";

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
  console.error(`widget_structure.test: the run took over ${RUN_LIMIT_MS / 1000} s; giving up`);
  cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

let server = null;
let browser = null;
const shots = path.join(args.shots, args.browser);
mkdirSync(shots, { recursive: true });
// The page and the widget, served as a municipality would.
const site = mkdtempSync(path.join(tmpdir(), "lyt-site-"));
copyFileSync(path.join(repo, "client/web/widget.js"), path.join(site, "widget.js"));
copyFileSync(path.join(here, "pages/storskrald.html"), path.join(site, "index.html"));

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (server) await server.stop();
  server = null;
  rmSync(site, { recursive: true, force: true });
}

before(async () => {
  server = await startServer(args.server, { staticDir: site });
  browser = await launchBrowser(args.browser, args.executable);
  console.log(`# ${browser.name} ${browser.version}`);
}, { timeout: 70_000 });
after(cleanup);

// Records what the widget asked /v1/segment and what it answered, and the
// word timings it got (/v1/speech.json, by text); only watches, changes
// nothing.
function watchSegment() {
  const original = window.fetch;
  window.__segment = [];
  window.__timings = {};
  window.fetch = function (url, init) {
    const result = original.apply(this, arguments);
    if (String(url).endsWith("/v1/segment")) {
      result.then((res) => res.clone().json()).then((body) => {
        window.__segment.push({ request: JSON.parse(init.body), sentences: body.sentences });
      }, () => {});
    }
    if (String(url).includes("/v1/speech.json?")) {
      result.then((res) => res.clone().json()).then((body) => { window.__timings[body.text] = body; }, () => {});
    }
    return result;
  };
}

async function openPage(view = {}) {
  const context = await browser.newContext(view);
  const page = await context.newPage();
  await page.addInitScript(watchSegment);
  await page.goto(`${server.base}/`);
  await page.waitFor(() => document.querySelector(".pr-lyt-listen") !== null);
  return { context, page };
}

const widget = (page) => page.evaluate(() => {
  const root = document.querySelector(".pr-lyt");
  const a = root.querySelector("audio");
  return {
    state: root.dataset.state,
    sentence: +root.dataset.sentence,
    status: root.querySelector("[role=status]").textContent,
    marked: [...document.querySelectorAll("mark.pr-lyt-mark")].map((m) => m.textContent).join(" ").replace(/\s+/g, " "),
    markedImage: document.querySelectorAll(".pr-lyt-mark-el").length,
    paused: a.paused, time: a.currentTime, rate: a.playbackRate,
    focus: document.activeElement && (document.activeElement.dataset.action || document.activeElement.className),
  };
});

async function waitSentence(page, n, after = 0.1) {
  await page.waitFor(([n, t]) => {
    const root = document.querySelector(".pr-lyt");
    const a = root.querySelector("audio");
    return root.dataset.sentence === String(n) && root.dataset.state === "playing" &&
      !a.paused && a.currentTime > t && a.src.startsWith("blob:");
  }, [n, after]).catch(async (e) => {
    throw new Error(`${e.message}\nwidget: ${JSON.stringify(await widget(page))}`);
  });
}

async function checkAxe(page, label) {
  const violations = await page.axe();
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 2)}`);
}

const sentencesOf = async (page) => {
  await page.waitFor(() => window.__segment.length > 0);
  return page.evaluate(() => window.__segment[window.__segment.length - 1]);
};

test("the page is read as a reader would: structure, furniture left out, tables with headers", async () => {
  const { context, page } = await openPage();
  try {
    await checkAxe(page, "the page before Lyt");
    await page.screenshot(path.join(shots, "kommuneside-100.png"));
    // Keyboard only: Tab from the top (past the skip link and the site's
    // menu) to Lyt.
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
    await page.press("Enter");
    await waitSentence(page, 1);
    const { request, sentences } = await sentencesOf(page);
    assert.equal(request.format, "html");
    const texts = sentences.map((s) => s.text.replace(/&amp;/g, "&"));
    const kinds = Object.fromEntries(sentences.map((s) => [s.text, s.kind]));
    // Furniture and hidden text are not read.
    for (const absent of ["Gå til indhold", "Borger", "Erhverv", "Politik", "Forside", "Affald og genbrug", "Storskrald"]) {
      assert.ok(!texts.includes(absent), `"${absent}" (menu, breadcrumbs, skip link) was read`);
    }
    for (const absent of ["cookies", "Accepter", "SKJULT", "Også skjult", "♻", "Rådhuspladsen", "til forsiden"]) {
      assert.ok(!texts.some((t) => t.includes(absent)), `"${absent}" was read: ${texts.find((t) => t.includes(absent))}`);
    }
    assert.equal(texts[0], "Ny ordning for storskrald");
    assert.equal(kinds["Ny ordning for storskrald"], "SENTENCE_KIND_HEADING");
    // Headings alone, list items as items (no full stops needed), nested
    // items their own, <ol> numbers read.
    for (const [text, kind] of [
      ["Det kan du komme af med", "SENTENCE_KIND_HEADING"],
      ["Møbler og madrasser", "SENTENCE_KIND_LIST_ITEM"],
      ["Hårde hvidevarer", "SENTENCE_KIND_LIST_ITEM"],
      ["Haveaffald", "SENTENCE_KIND_LIST_ITEM"],
      ["Grene og buske", "SENTENCE_KIND_LIST_ITEM"],
      ["Juletræer efter jul", "SENTENCE_KIND_LIST_ITEM"],
      ["Cykler og barnevogne", "SENTENCE_KIND_LIST_ITEM"],
      ["Sådan gør du", "SENTENCE_KIND_HEADING"],
      ["1. Book en tid på kommunens hjemmeside", "SENTENCE_KIND_LIST_ITEM"],
      ["2. Stil storskraldet ved skel", "SENTENCE_KIND_LIST_ITEM"],
      ["3. Vent på afhentning", "SENTENCE_KIND_LIST_ITEM"],
      ["Tidsplan for den nye ordning", "SENTENCE_KIND_PARAGRAPH"],
      ["Dato: 1. februar 2024, Aktivitet: Høring", "SENTENCE_KIND_PARAGRAPH"],
      ["Dato: 15. marts 2024, Aktivitet: Byrådets behandling", "SENTENCE_KIND_PARAGRAPH"],
      ["Dato: 1. april 2024, Aktivitet: Ordningen starter", "SENTENCE_KIND_PARAGRAPH"],
      ["Kort over genbrugspladsens indgang fra Industrivej", "SENTENCE_KIND_PARAGRAPH"],
      ["Genbrugspladsen har ny indgang fra Industrivej", "SENTENCE_KIND_PARAGRAPH"],
    ]) {
      assert.equal(kinds[text], kind, `"${text}" is not one ${kind} sentence; sentences: ${JSON.stringify(texts, null, 1)}`);
    }
    assert.ok(!texts.includes("Dato"), "the header row was read as a row");
    const article = texts.filter((t) => /\.$/.test(t));
    assert.ok(article.length >= 60, `only ${article.length} sentences of the article`);
    assert.equal(sentences.length, texts.length);
    let s = await widget(page);
    assert.equal(s.marked, "Ny ordning for storskrald");
    assert.equal(s.status, `Læser sætning 1 af ${sentences.length}`);
    assert.equal(s.focus, "pause");
    await checkAxe(page, "the widget reading");

    // The highlight follows the structure: a table row marks its cells, an
    // image read by its alt text is marked itself.
    const row = texts.indexOf("Dato: 15. marts 2024, Aktivitet: Byrådets behandling");
    const alt = texts.indexOf("Kort over genbrugspladsens indgang fra Industrivej");
    const item = texts.indexOf("Juletræer efter jul");
    // Read from here: a click in the text while reading goes there.
    for (const [i, selector, marked] of [
      [row, "tbody tr:nth-child(2) td:nth-child(2)", "15. marts 2024 Byrådets behandling"],
      [item, "li li:nth-child(2)", "Juletræer efter jul"],
    ]) {
      await page.raw.click(selector);
      await waitSentence(page, i + 1);
      s = await widget(page);
      assert.equal(s.marked, marked);
      assert.equal(s.status, `Læser fra det valgte sted: sætning ${i + 1} af ${sentences.length}`);
    }
    await page.raw.click("figcaption");
    await waitSentence(page, alt + 2);
    // Back one: the image's alt text, the image marked.
    await page.focus("[data-action=prev]");
    await page.press("Enter");
    await waitSentence(page, alt + 1);
    s = await widget(page);
    assert.equal(s.marked, "");
    assert.equal(s.markedImage, 1);
    await checkAxe(page, "reading the image's alt text");
    await page.screenshot(path.join(shots, "kommuneside-laeser-100.png"));
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test("keyboard only: Lyt while reading goes on, the place and speed are kept over a reload", async () => {
  const { context, page } = await openPage();
  try {
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
    await page.press("Enter");
    await waitSentence(page, 1);
    // Next, by the toolbar's arrow keys and Enter.
    for (let k = 0; k < 3; k++) await page.press("ArrowRight");
    assert.equal((await widget(page)).focus, "next");
    for (let n = 2; n <= 5; n++) {
      await page.press("Enter");
      await waitSentence(page, n);
    }
    // Speed 1,5x, by keyboard in the select.
    await tabTo(page, "Hastighed", () => document.activeElement.tagName === "SELECT");
    const down = args.browser === "firefox" ? "ArrowDown" : "ArrowDown";
    for (let k = 0; k < 2; k++) await page.press(down);
    await page.waitFor(() => document.querySelector(".pr-lyt audio").playbackRate === 1.5);
    // Lyt again while reading: no restart.
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"), 20, "Shift+Tab");
    await page.press("Enter");
    await page.waitFor(() => document.activeElement.dataset.action === "pause");
    let s = await widget(page);
    assert.ok(s.sentence >= 5, `Lyt started over: sentence ${s.sentence}`);
    const at = s.sentence;
    await page.press("Enter");  // Pause
    await page.waitFor(() => document.querySelector(".pr-lyt").dataset.state === "paused");
    await checkAxe(page, "paused");

    // Reload: Lyt resumes at the same sentence, at the same speed.
    await page.reload();
    await page.waitFor(() => document.querySelector(".pr-lyt-listen") !== null);
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
    await page.press("Enter");
    await waitSentence(page, at);
    s = await widget(page);
    assert.match(s.status, new RegExp(`^Fortsætter ved sætning ${at} af \\d+\\. Tryk på Forfra for at starte forfra\\.$`));
    assert.equal(s.rate, 1.5);
    // Forfra: from the top.
    await page.raw.click("[data-action=restart]");
    await waitSentence(page, 1);
    assert.equal((await widget(page)).marked, "Ny ordning for storskrald");
    // Screen-reader mode: the status no longer names each sentence.
    await page.raw.click(".pr-lyt input[type=checkbox]");
    await page.raw.click("[data-action=next]");
    await waitSentence(page, 2);
    s = await widget(page);
    assert.equal(s.status, "Skærmlæsertilstand til: sætningerne nævnes ikke.");
    await page.raw.click("[data-action=pause]");
    await page.waitFor(() => document.querySelector(".pr-lyt [role=status]").textContent === "Pause");
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

// Every text the status (the widget's live region) takes from now on.
const recordStatus = (page) => page.evaluate(() => {
  window.__said = [];
  const status = document.querySelector(".pr-lyt [role=status]");
  new MutationObserver(() => window.__said.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
});

test("screen-reader mode says new sections, pause and speed, not every sentence", async () => {
  const { context, page } = await openPage();
  try {
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
    await page.press("Enter");
    await waitSentence(page, 1);
    const { sentences } = await sentencesOf(page);
    const texts = sentences.map((s) => s.text);
    const headings = sentences.filter((s) => s.kind === "SENTENCE_KIND_HEADING").map((s) => s.text);
    assert.deepEqual(headings, ["Ny ordning for storskrald", "Det kan du komme af med", "Sådan gør du", "Tidsplan", "Mere om ordningen"]);
    const h2 = texts.indexOf("Det kan du komme af med");
    const n = sentences.length;
    // Without the mode every sentence is named.
    assert.equal((await widget(page)).status, `Læser sætning 1 af ${n}`);
    await page.focus(".pr-lyt input[type=checkbox]");
    await page.press(" ");
    await page.waitFor(() => document.querySelector(".pr-lyt input[type=checkbox]").checked);
    await recordStatus(page);
    // A jump into the second section: the jump and the section are said.
    await page.raw.click("article h2");
    await waitSentence(page, h2 + 1);
    // Back one sentence, into the first section: said as a new section.
    await page.focus("[data-action=prev]");
    await page.press("Enter");
    await waitSentence(page, h2);
    // Reading on into the next heading says it; the list items after it
    // are read without a word from the status.
    await waitSentence(page, h2 + 1, 0.05);
    await waitSentence(page, h2 + 3, 0.05);
    await page.focus(".pr-lyt select");
    await page.press("ArrowDown");
    await page.waitFor(() => document.querySelector(".pr-lyt audio").playbackRate === 1.25);
    await checkAxe(page, "screen-reader mode, reading");
    await page.focus("[data-action=pause]");
    await page.press("Enter");
    await page.waitFor(() => document.querySelector(".pr-lyt").dataset.state === "paused");
    await page.press("Enter");
    await waitSentence(page, (await widget(page)).sentence);
    const said = await page.evaluate(() => window.__said);
    assert.deepEqual(said, [
      `Læser fra det valgte sted: sætning ${h2 + 1} af ${n}. Afsnit 2 af 5: Det kan du komme af med`,
      "Afsnit 1 af 5: Ny ordning for storskrald",
      "Afsnit 2 af 5: Det kan du komme af med",
      "Hastighed 1,25x",
      "Pause",
      // Resumed: "Pause" goes, nothing is said over the audio.
      "",
    ]);
    // The mode is kept.
    await page.reload();
    await page.waitFor(() => document.querySelector(".pr-lyt-listen") !== null);
    assert.equal(await page.evaluate(() => document.querySelector(".pr-lyt input[type=checkbox]").checked), true);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

// Records, in the page, every move of the word mark: the timing's number,
// the words marked, the audio's clock then, and the sentence mark around.
const recordWords = (page) => page.evaluate(() => {
  window.__moves = [];
  const root = document.querySelector(".pr-lyt");
  const a = root.querySelector("audio");
  new MutationObserver(() => {
    if (!root.hasAttribute("data-word")) return;
    const words = [...document.querySelectorAll("mark.pr-lyt-word")];
    window.__moves.push({
      sentence: +root.dataset.sentence, k: +root.dataset.word, t: a.currentTime * 1000, rate: a.playbackRate,
      text: words.map((m) => m.textContent).join(""),
      stretches: new Set(words.map((m) => m.dataset.w)).size,
      sentenceText: [...document.querySelectorAll("mark.pr-lyt-mark")].map((m) => m.textContent).join(" ").replace(/\s+/g, " "),
      wordBg: words.length ? getComputedStyle(words[0]).backgroundColor : null,
      sentenceBg: getComputedStyle(document.querySelector("mark.pr-lyt-mark") || document.body).backgroundColor,
    });
  }).observe(root, { attributes: true, attributeFilter: ["data-word"] });
});

test("the word being said is marked inside the sentence, from the speech's word timings", async () => {
  const { context, page } = await openPage();
  try {
    assert.equal(await page.evaluate(() => document.querySelector("[data-action=words]").checked), true);
    await recordWords(page);
    await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
    await page.press("Enter");
    await waitSentence(page, 1);
    const { sentences } = await sentencesOf(page);
    // Sentence 2: "Kommunen indfører en ny ordning for storskrald fra 1. april 2024."
    const text = sentences[1].text;
    assert.match(text, /^Kommunen indfører en ny ordning/);
    await waitSentence(page, 2);
    await page.waitFor(() => document.querySelectorAll("mark.pr-lyt-word").length > 0);
    await checkAxe(page, "a word marked");
    await page.screenshot(path.join(shots, "kommuneside-ord-100.png"));
    await waitSentence(page, 3, 0.05);
    const timings = await page.evaluate((t) => window.__timings[t], text);
    assert.ok(timings && timings.words.length >= 8, `no word timings for "${text}": ${JSON.stringify(timings)}`);
    const moves = (await page.evaluate(() => window.__moves)).filter((m) => m.sentence === 2);
    assert.ok(new Set(moves.map((m) => m.k)).size >= 6, `the word mark moved ${moves.length} times: ${JSON.stringify(moves)}`);
    for (let j = 1; j < moves.length; j++) {
      assert.ok(moves[j].k > moves[j - 1].k, `went back from word ${moves[j - 1].k} to ${moves[j].k}`);
    }
    for (const m of moves) {
      const w = timings.words[m.k];
      // The written word of that timing; a spoken word with none keeps the
      // one before it marked.
      let k = m.k;
      while (k > 0 && timings.words[k].text === undefined) k--;
      assert.equal(m.text, timings.words[k].text, JSON.stringify({ m, w }));
      // Never early; late by a few frames at most on a busy machine.
      assert.ok(m.t >= w.start_ms - 1 && m.t <= w.end_ms + 120, `"${w.text}" (${w.start_ms}-${w.end_ms} ms) marked at ${m.t.toFixed(0)} ms`);
      assert.equal(m.stretches, 1);
      assert.equal(m.sentenceText, text);
      assert.notEqual(m.wordBg, m.sentenceBg, "the word is not told from its sentence");
    }
    assert.deepEqual(moves.slice(0, 3).map((m) => m.text), ["Kommunen", "indfører", "en"]);
    // The page's text is as it was once the marks are gone.
    await page.raw.click("[data-action=stop]");
    await page.waitFor(() => document.querySelectorAll("mark").length === 0);
    assert.equal(await page.evaluate(() => document.querySelector("article p:nth-of-type(3)").textContent.startsWith("Kommunen indfører en ny ordning for storskrald fra 1. april 2024. Ordningen")), true);
    assert.equal(await page.evaluate(() => document.querySelector("article p:nth-of-type(3)").childNodes.length), 1);

    // Turned off, no word is marked; the choice is kept.
    await page.focus("[data-action=words]");
    await page.press(" ");
    await page.evaluate(() => { window.__moves = []; });
    await page.focus("[data-action=next]");
    await page.press("Enter");
    await waitSentence(page, 1, 0.5);
    assert.equal(await page.evaluate(() => document.querySelectorAll("mark.pr-lyt-word").length), 0);
    assert.deepEqual(await page.evaluate(() => window.__moves), []);
    await page.reload();
    await page.waitFor(() => document.querySelector(".pr-lyt-listen") !== null);
    assert.equal(await page.evaluate(() => document.querySelector("[data-action=words]").checked), false);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test("read from here: a click in the text before Lyt starts there", async () => {
  const { context, page } = await openPage();
  try {
    await page.raw.click("article ol li:nth-child(2)");
    await page.focus(".pr-lyt-listen");
    await page.press("Enter");
    await page.waitFor(() => /^Læser fra det valgte sted/.test(document.querySelector(".pr-lyt [role=status]").textContent));
    await page.waitFor(() => document.querySelector(".pr-lyt").dataset.state === "playing");
    assert.equal((await widget(page)).marked, "Stil storskraldet ved skel");
  } finally {
    await context.close();
  }
});

test("a play() the browser refuses gets the right message and a way on", async (t) => {
  if (args.browser !== "firefox") {
    // Headless Chromium lets every page play, whatever --autoplay-policy
    // says; Firefox keeps its default policy and refuses.
    t.diagnostic("autoplay refusal: Firefox only");
    return;
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // A click from the page's own script at load is no user's gesture.
    // The driver's evaluate counts as one (WebDriver BiDi's
    // userActivation), so nothing is evaluated until the widget has
    // answered; the page says its states on the console instead.
    await page.addInitScript(() => addEventListener("load", () => {
      const root = document.querySelector(".pr-lyt");
      new MutationObserver(() => console.log("lyt:" + root.dataset.state))
        .observe(root, { attributes: true, attributeFilter: ["data-state"] });
      setTimeout(() => document.querySelector(".pr-lyt-listen").click(), 0);
    }));
    const states = [];
    const refused = new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no refusal within 20 s; states: ${states}`)), 20_000);
      page.raw.on("console", (m) => {
        states.push(m.text());
        if (m.text() === "lyt:blocked") { clearTimeout(t); resolve(); }
      });
    });
    await page.goto(`${server.base}/`);
    await refused;
    let s = await widget(page);
    assert.equal(s.status, "Browseren lod ikke siden starte lyden. Tryk på Afspil for at lytte.");
    assert.equal(s.focus, "pause");
    assert.equal(await page.evaluate(() => document.querySelector("[data-action=pause]").textContent), "Afspil");
    await checkAxe(page, "autoplay refused");
    // The way on: Afspil, pressed by a person.
    await page.press("Enter");
    await waitSentence(page, 1);
    s = await widget(page);
    assert.equal(s.marked, "Ny ordning for storskrald");
  } finally {
    await context.close();
  }
});

for (const view of [
  { name: "400", width: 320, height: 180, scale: 4 },
  { name: "320px", width: 320, height: 640, scale: 1 },
  { name: "tvungne-farver", width: 1280, height: 720, scale: 1, forcedColors: true, chromiumOnly: true },
  // A reader's own larger default font size (32 px instead of 16).
  { name: "stor-skrift", width: 1280, height: 720, scale: 1, fontSize: 32, chromiumOnly: true },
]) {
  test(`the widget at ${view.name}: reachable, no sideways scrolling, axe clean`, async (t) => {
    if (view.chromiumOnly && args.browser !== "chromium") {
      // Forced colours and font sizes are set only over CDP.
      t.diagnostic(`${view.name}: Chromium only`);
      return;
    }
    const { context, page } = await openPage(view);
    try {
      await tabTo(page, "Lyt", () => document.activeElement.classList.contains("pr-lyt-listen"));
      await page.press("Enter");
      await waitSentence(page, 1);
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
        buttons: [...document.querySelectorAll(".pr-lyt button")].every((b) => {
          const r = b.getBoundingClientRect();
          return r.left >= 0 && r.right <= innerWidth + 0.5;
        }),
      }));
      assert.ok(layout.scrollWidth <= layout.width, `scrolls sideways: ${layout.scrollWidth} > ${layout.width}`);
      assert.ok(layout.buttons, "a widget button is cut off");
      if (view.fontSize) {
        // The widget's text grows with the reader's font size, as the
        // page's does.
        const sizes = await page.evaluate(() => [".pr-lyt", ".pr-lyt [data-action=pause]", ".pr-lyt [role=status]"]
          .map((q) => getComputedStyle(document.querySelector(q)).fontSize));
        assert.deepEqual(sizes, Array(3).fill(`${view.fontSize}px`));
      }
      if (view.forcedColors) {
        // The sentence in the system's highlight, the word said in those
        // colours turned round.
        await waitSentence(page, 2);
        await checkWordColoursTurned(page, "mark.pr-lyt-word", "mark.pr-lyt-mark");
        await page.screenshot(path.join(shots, `kommuneside-ord-${view.name}.png`));
      }
      if (view.height >= 400) {
        // The sentence read is not under the cookie banner (fixed at the
        // bottom): every line of the highlight is the topmost thing there.
        await page.press("ArrowRight");  // from Pause to Stop: no change
        await page.waitFor(() => {
          const rects = [...document.querySelectorAll("mark.pr-lyt-mark")].flatMap((m) => [...m.getClientRects()]);
          return rects.length > 0 && rects.every((r) => {
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return top && top.closest("mark.pr-lyt-mark") !== null;
          });
        });
        await page.screenshot(path.join(shots, `kommuneside-${view.name}-laeser.png`));
        await page.press("ArrowLeft");
      }
      await page.press("Enter");  // Pause
      await page.screenshot(path.join(shots, `kommuneside-${view.name}.png`));
      await checkAxe(page, `at ${view.name}`);
    } finally {
      await context.close();
    }
  });
}
