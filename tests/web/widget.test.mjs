// Browser tests of client/web/widget.js: the real policy-reader-server (with
// real eSpeak NG workers) serves the demo page client/web/index.html; Debian's
// Chromium, headless, driven by playwright-core, presses "Lyt" with the
// keyboard and checks that audio plays, the highlight moves, the controls
// work, the MP3 download decodes, and axe-core finds no violations.
//
//   node tests/web/widget.test.mjs --server build/service/policy-reader-server
//
// Needs: npm ci in tests/web, /usr/bin/chromium (or $CHROMIUM), sox with MP3.
// Missing pieces fail the run; they never skip it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const { values: args } = parseArgs({
  options: {
    server: { type: "string", default: path.join(repo, "build/service/policy-reader-server") },
    chromium: { type: "string", default: process.env.CHROMIUM || "/usr/bin/chromium" },
  },
});

// The whole run is bounded; a hang anywhere ends it with a message.
const RUN_LIMIT_MS = 110_000;
const STEP_MS = 20_000;  // any single wait for the page
const watchdog = setTimeout(() => {
  console.error(`widget.test: the run took over ${RUN_LIMIT_MS / 1000} s; giving up`);
  cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

let server = null;
let serverLog = "";
let browser = null;
let base = "";
const scratch = mkdtempSync(path.join(tmpdir(), "widget-test-"));

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      const t = setTimeout(() => { server.kill("SIGKILL"); resolve(); }, 5000);
      server.once("exit", () => { clearTimeout(t); resolve(); });
    });
  }
  rmSync(scratch, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => cleanup().finally(() => process.exit(1)));
}

async function startServer() {
  assert.ok(existsSync(args.server), `no server binary at ${args.server}; build it or pass --server`);
  // Port 0 for both: the server picks free ports and prints them.
  server = spawn(args.server, [
    "--listen", "127.0.0.1:0", "--http_listen", "127.0.0.1:0",
    "--library", path.join(repo, "samples/library"), "--library_poll_s", "0",
    "--http_static_dir", path.join(repo, "client/web"), "--workers", "2",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server printed no HTTP port in 30 s:\n${serverLog}`)), 30_000);
    server.stderr.on("data", (chunk) => {
      serverLog += chunk;
      const m = /HTTP: (\d+)\)/.exec(serverLog);
      if (m) { clearTimeout(t); resolve(+m[1]); }
    });
    server.once("exit", (code) => { clearTimeout(t); reject(new Error(`server exited (${code}):\n${serverLog}`)); });
  });
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`/healthz not 200 within 30 s:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run 'npm ci' in tests/web (${e.message})`);
  }
  assert.ok(existsSync(args.chromium), `no Chromium at ${args.chromium}: apt-get install chromium (scripts/install-deps.sh)`);
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    timeout: 30_000,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

before(async () => {
  await startServer();
  await launchBrowser();
}, { timeout: 70_000 });

after(cleanup);

// A page with the demo loaded and its errors collected.
async function openDemo(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${base}/`);
  await page.waitForSelector(".pr-lyt-listen");
  return { page, context, errors };
}

// The page's own content, without the widget.
const pageContent = (page) => page.$eval("main", (m) => {
  const copy = m.cloneNode(true);
  copy.querySelector(".pr-lyt").remove();
  return copy.innerHTML;
});

const state = (page) => page.evaluate(() => {
  const root = document.querySelector(".pr-lyt");
  const audio = root.querySelector("audio");
  return {
    state: root.dataset.state,
    sentence: +root.dataset.sentence,
    status: root.querySelector("[role=status]").textContent,
    marked: [...document.querySelectorAll("mark.pr-lyt-mark")].map((m) => m.textContent).join("").replace(/\s+/g, " "),
    currentTime: audio.currentTime,
    paused: audio.paused,
    error: audio.error && audio.error.code,
    rate: audio.playbackRate,
    preservesPitch: audio.preservesPitch,
  };
});

async function pressLyt(page) {
  await page.focus(".pr-lyt-listen");
  await page.keyboard.press("Enter");
}

// Audio is playing: time advances past `after` with no media error.
async function waitPlaying(page, after = 0.2) {
  await page.waitForFunction((t) => {
    const a = document.querySelector(".pr-lyt audio");
    return !a.paused && a.currentTime > t && !a.error && a.src.startsWith("blob:");
  }, after);
}

test("the demo page never plays on its own and has a Lyt button", async () => {
  const { page, context, errors } = await openDemo();
  try {
    const listen = page.getByRole("button", { name: "Lyt til teksten på siden" });
    assert.equal(await listen.count(), 1);
    assert.equal(await listen.getAttribute("aria-expanded"), "false");
    const s = await state(page);
    assert.equal(s.state, "idle");
    assert.ok(s.paused, "audio plays before Lyt was pressed");
    assert.equal(await page.locator(".pr-lyt-panel").isHidden(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Lyt by keyboard plays real audio, highlights and follows sentences; pause, next, speed and stop work", async () => {
  const { page, context, errors } = await openDemo();
  try {
    const mainBefore = await pageContent(page);
    assert.notEqual(await page.evaluate(() => document.createElement("audio").canPlayType("audio/mpeg")), "",
      "this Chromium cannot play MP3");
    await pressLyt(page);
    await waitPlaying(page);
    let s = await state(page);
    assert.equal(s.sentence, 1);
    assert.equal(s.marked, "Trivselspolitik for medarbejdere");
    assert.match(s.status, /^Læser sætning 1 af \d+$/);
    const total = +/af (\d+)/.exec(s.status)[1];
    assert.ok(total >= 15, `only ${total} sentences`);
    // Focus went to the toolbar's first button, visibly.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "pause");
    assert.equal(await page.evaluate(() => document.activeElement.matches(":focus-visible")), true);

    // The first sentence ends by itself and the second one is read.
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.sentence === "2");
    await waitPlaying(page, 0.1);
    s = await state(page);
    assert.equal(s.marked, "Formål");
    assert.equal(s.status, `Læser sætning 2 af ${total}`);

    // Next (arrow keys move within the toolbar; Enter presses).
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "next");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.sentence === "3");
    await waitPlaying(page, 0.3);
    s = await state(page);
    assert.equal(s.marked, "Politikken beskriver, hvordan vi sammen skaber en arbejdsplads, hvor alle trives.");

    // Pause: the time stands still; the button says so.
    await page.keyboard.press("Home");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.state === "paused");
    s = await state(page);
    assert.ok(s.paused);
    assert.equal(s.status, "Pause");
    assert.equal(await page.getAttribute("[data-action=pause]", "aria-pressed"), "true");
    const t0 = s.currentTime;
    await page.waitForTimeout(400);  // a measurement, not a wait for readiness
    assert.equal((await state(page)).currentTime, t0, "audio went on while paused");
    await page.keyboard.press("Space");
    await waitPlaying(page, t0 + 0.1);
    assert.equal(await page.getAttribute("[data-action=pause]", "aria-pressed"), "false");

    // Speed: playbackRate with pitch kept, and it stays for the next sentence.
    await page.selectOption(".pr-lyt-speed select", "1.5");
    s = await state(page);
    assert.equal(s.rate, 1.5);
    assert.equal(s.preservesPitch, true);
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.sentence === "4");
    await waitPlaying(page, 0.1);
    assert.equal((await state(page)).rate, 1.5);

    // Stop: no highlight left, the page's DOM exactly as before.
    await page.click("[data-action=stop]");
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.state === "stopped");
    s = await state(page);
    assert.ok(s.paused);
    assert.equal(s.status, "Stoppet");
    assert.equal(s.marked, "");
    assert.equal(await pageContent(page), mainBefore, "the page's DOM was not restored");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("selected text: only the selection is read", async () => {
  const { page, context } = await openDemo();
  try {
    await page.evaluate(() => {
      const li = document.querySelectorAll("main li")[1];
      const r = document.createRange();
      r.selectNodeContents(li);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
    });
    await pressLyt(page);
    await waitPlaying(page, 0.1);
    const s = await state(page);
    assert.equal(s.marked, "Vi giver hinanden feedback, f.eks. efter et møde eller en opgave.");
    assert.equal(s.status, "Læser sætning 1 af 1");
  } finally {
    await context.close();
  }
});

test("Hent som MP3 downloads the whole text as one valid MP3", async () => {
  const { page, context } = await openDemo();
  try {
    await pressLyt(page);
    await waitPlaying(page, 0.1);
    await page.click("[data-action=pause]");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Hent som MP3" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.mp3$/);
    const file = path.join(scratch, "download.mp3");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.ok(bytes.length > 10_000, `only ${bytes.length} bytes`);
    const id3 = bytes.subarray(0, 3).toString("latin1") === "ID3";
    const sync = bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0;
    assert.ok(id3 || sync, `not MP3: starts ${bytes.subarray(0, 4).toString("hex")}`);
    // sox decodes the whole file (as -t mp3) and prints its length.
    const sox = spawnSync("sox", ["-t", "mp3", file, "-n", "stat"], { encoding: "utf8" });
    assert.equal(sox.status, 0, `sox cannot decode the download: ${sox.stderr || sox.error}`);
    const seconds = parseFloat((/Length \(seconds\):\s*([\d.]+)/.exec(sox.stderr) || [])[1]);
    assert.ok(seconds > 30, `the MP3 lasts ${seconds} s; the whole text takes longer`);
    await page.waitForFunction(() => document.querySelector(".pr-lyt [role=status]").textContent === "MP3-filen er hentet.");
  } finally {
    await context.close();
  }
});

test("a failed sentence is reported in Danish", async () => {
  const { page, context } = await openDemo();
  try {
    await page.route("**/v1/speech?**", (route) => route.fulfill({ status: 500, body: "{}" }));
    await pressLyt(page);
    await page.waitForFunction(() => document.querySelector(".pr-lyt").dataset.state === "error");
    assert.equal((await state(page)).status, "Kunne ikke hente lyden. Prøv igen.");
  } finally {
    await context.close();
  }
});

test("axe-core finds no violations on the demo page with the widget open", async () => {
  const { page, context } = await openDemo();
  try {
    await pressLyt(page);
    await waitPlaying(page, 0.1);
    await page.click("[data-action=pause]");
    await page.addScriptTag({ path: path.join(here, "node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      });
      if (result.passes.length < 10) return [{ id: "axe ran only " + result.passes.length + " passing checks" }];
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
      }));
    });
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  } finally {
    await context.close();
  }
});
