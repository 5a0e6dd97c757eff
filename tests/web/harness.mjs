// What the browser tests share: a real policy-reader-server on free ports,
// and one small page interface over two drivers, so the same scenario runs
// in Debian's Chromium (playwright-core, CDP) and Debian's Firefox ESR
// (puppeteer-core over WebDriver BiDi). Both use the installed browsers;
// nothing is downloaded (PUPPETEER_SKIP_DOWNLOAD for npm ci).
//
// Firefox needs a sound server to play at all (without one its media sink
// fails every element with "OnMediaSinkAudioError"), and one that keeps
// real time: a file or null ALSA sink takes audio as fast as it comes, so
// a minute of speech would "play" in a second. The harness starts a
// private PulseAudio with a null sink (real-time paced, no sound card) on a
// socket of its own and points only that Firefox at it.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const STEP_MS = 20_000;  // any single wait for the page

export async function startServer(binary, { library = path.join(repo, "samples/library"), staticDir = path.join(repo, "client/web") } = {}) {
  assert.ok(existsSync(binary), `no server binary at ${binary}; build it or pass --server`);
  const server = spawn(binary, [
    "--listen", "127.0.0.1:0", "--http_listen", "127.0.0.1:0",
    "--library", library, "--library_poll_s", "0",
    "--http_static_dir", staticDir, "--workers", "2",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server printed no HTTP port in 30 s:\n${log}`)), 30_000);
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /HTTP: (\d+)\)/.exec(log);
      if (m) { clearTimeout(t); resolve(+m[1]); }
    });
    server.once("exit", (code) => { clearTimeout(t); reject(new Error(`server exited (${code}):\n${log}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`/healthz not 200 within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    log: () => log,
    async stop() {
      if (server.exitCode !== null) return;
      server.kill("SIGTERM");
      await new Promise((resolve) => {
        const t = setTimeout(() => { server.kill("SIGKILL"); resolve(); }, 5000);
        server.once("exit", () => { clearTimeout(t); resolve(); });
      });
    },
  };
}

const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// A browser: newContext(options) gives a context (own storage) whose
// newPage() gives a Page; close() ends it.
//   options: { width, height, scale, reducedMotion, forcedColors,
//              fontSize (the default font size in px; Chromium only) }
export async function launchBrowser(name, executable) {
  if (name === "chromium") return launchChromium(executable || process.env.CHROMIUM || "/usr/bin/chromium");
  if (name === "firefox") return launchFirefox(executable || process.env.FIREFOX || "/usr/bin/firefox-esr");
  throw new Error(`unknown browser ${name}: chromium or firefox`);
}

async function launchChromium(executable) {
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run 'npm ci' in tests/web (${e.message})`);
  }
  assert.ok(existsSync(executable), `no Chromium at ${executable}: apt-get install chromium (scripts/install-deps.sh)`);
  const browser = await chromium.launch({ executablePath: executable, headless: true, timeout: 30_000, args: CHROMIUM_ARGS });
  const wrap = (page) => {
    page.setDefaultTimeout(STEP_MS);
    return wrapPage(page, {
      waitFor: (fn, arg, timeout) => page.waitForFunction(fn, arg, { timeout: timeout || STEP_MS }),
      press: (key) => page.keyboard.press(key),
    });
  };
  return {
    name: "chromium",
    version: browser.version(),
    // A context (its own storage) whose pages have `options`' viewport
    // (scale: device pixels per CSS pixel, 4 for 400 % zoom) and media.
    async newContext(options = {}) {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: options.width || 1280, height: options.height || 720 },
        deviceScaleFactor: options.scale || 1,
        reducedMotion: options.reducedMotion ? "reduce" : "no-preference",
        forcedColors: options.forcedColors ? "active" : "none",
      });
      return {
        async newPage() {
          const page = await context.newPage();
          // The user's default font size (what 1rem is), as a reader who
          // set it larger in the browser's settings has it.
          if (options.fontSize) {
            const cdp = await context.newCDPSession(page);
            await cdp.send("Page.setFontSizes", { fontSizes: { standard: options.fontSize, fixed: options.fontSize } });
          }
          return wrap(page);
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

async function launchFirefox(executable) {
  let puppeteer;
  try {
    puppeteer = (await import("puppeteer-core")).default;
  } catch (e) {
    throw new Error(`puppeteer-core is not installed: run 'npm ci' in tests/web (${e.message})`);
  }
  assert.ok(existsSync(executable), `no Firefox at ${executable}: apt-get install firefox-esr (scripts/install-deps.sh)`);
  const home = mkdtempSync(path.join(tmpdir(), "firefox-home-"));
  const pulse = await startPulse(home);
  const env = { ...process.env, HOME: home, PULSE_SERVER: `unix:${pulse.socket}` };
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: "firefox", protocol: "webDriverBiDi", executablePath: executable,
      headless: true, timeout: 30_000, env,
      extraPrefsFirefox: {
        "media.cubeb.backend": "pulse",
        // Firefox's own default (puppeteer's profile lets every page play):
        // audible media only after a user's gesture, as a citizen has it.
        "media.autoplay.default": 1,
        "browser.download.dir": home,
        "browser.download.folderList": 2,
      },
    });
  } catch (e) {
    pulse.stop();
    throw e;
  }
  const version = await browser.version();
  const wrapFirefox = (page) => wrapPage(page, {
    waitFor: (fn, arg, timeout) => page.waitForFunction(fn, { timeout: timeout || STEP_MS, polling: 50 }, arg),
    press: async (key) => {
      const parts = key.length > 1 && key.includes("+") ? key.split("+") : [key];
      const last = parts.pop();
      for (const m of parts) await page.keyboard.down(m);
      await page.keyboard.press(last);
      for (const m of parts.reverse()) await page.keyboard.up(m);
    },
  });
  return {
    name: "firefox",
    version,
    async newContext(options = {}) {
      const context = await browser.createBrowserContext();
      return {
        async newPage() {
          const page = await context.newPage();
          page.setDefaultTimeout(STEP_MS);
          await page.setViewport({ width: options.width || 1280, height: options.height || 720, deviceScaleFactor: options.scale || 1 });
          if (options.reducedMotion) {
            await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
          }
          return wrapFirefox(page);
        },
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      pulse.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// A PulseAudio of our own: a null sink, anonymous access on a socket in
// `dir`, no D-Bus, no autospawn; ready once the socket answers.
async function startPulse(dir) {
  const binary = ["/usr/bin/pulseaudio"].find((p) => existsSync(p));
  assert.ok(binary, "no /usr/bin/pulseaudio: apt-get install pulseaudio (scripts/install-deps.sh); Firefox plays nothing without a sound server");
  const runtime = path.join(dir, "pulse");
  mkdirSync(runtime, { recursive: true });
  const socket = path.join(runtime, "native");
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: runtime, PULSE_RUNTIME_PATH: runtime };
  const daemon = spawn(binary, [
    "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--log-target=stderr",
    "--load=module-null-sink sink_name=stille",
    `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
  ], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  daemon.stderr.on("data", (c) => { log += c; });
  const stop = () => { if (daemon.exitCode === null) daemon.kill("SIGTERM"); };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`pulseaudio exited (${daemon.exitCode}):\n${log}`);
    if (existsSync(socket) && spawnSync("pactl", ["--server", `unix:${socket}`, "info"], { timeout: 2000 }).status === 0) break;
    if (Date.now() > deadline) { stop(); throw new Error(`pulseaudio did not answer within 15 s:\n${log}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { socket, stop };
}

// The calls the scenarios make, the same for both drivers.
function wrapPage(page, { waitFor, press }) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return {
    raw: page,
    errors,
    // Names what it waited for when it gives up.
    async waitFor(fn, arg, timeout) {
      try {
        return await waitFor(fn, arg, timeout);
      } catch (e) {
        throw new Error(`gave up waiting (${e.message}) for ${String(fn).replace(/\s+/g, " ").slice(0, 300)} with ${JSON.stringify(arg)}`);
      }
    },
    goto: (url) => page.goto(url),
    reload: () => page.reload(),
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    press,
    focus: (selector) => page.focus(selector),
    // Runs in every document the page loads, before its scripts.
    addInitScript: (fn) => (page.addInitScript ? page.addInitScript(fn) : page.evaluateOnNewDocument(fn)),
    screenshot: (file, fullPage = false) => page.screenshot({ path: file, fullPage }),
    async axe() {
      await page.addScriptTag({ path: path.join(here, "node_modules/axe-core/axe.min.js") });
      return page.evaluate(async () => {
        const result = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        if (result.passes.length < 10) return [{ id: "axe ran only " + result.passes.length + " passing checks" }];
        return result.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
        }));
      });
    },
    close: () => page.close(),
  };
}

// In forced colours the word being said is marked in its sentence's
// system colours turned round: checks that for the first `word` inside
// the first `sentence` (selectors), once a word is marked.
export async function checkWordColoursTurned(page, word, sentence) {
  await page.waitFor((q) => document.querySelector(q) !== null, word);
  const colours = await page.evaluate(([w, s]) => {
    const a = getComputedStyle(document.querySelector(w));
    const b = getComputedStyle(document.querySelector(s));
    return { word: [a.backgroundColor, a.color], sentence: [b.backgroundColor, b.color] };
  }, [word, sentence]);
  assert.notEqual(colours.sentence[0], colours.sentence[1], JSON.stringify(colours));
  assert.deepEqual(colours.word, [colours.sentence[1], colours.sentence[0]], JSON.stringify(colours));
}

// Tab (at most `limit` times; `key` "Shift+Tab" to go back) until the
// focused element matches `test` (a function run in the page).
export async function tabTo(page, description, test, limit = 40, key = "Tab") {
  for (let i = 0; i < limit; i++) {
    await page.press(key);
    if (await page.evaluate(test)) return i + 1;
  }
  throw new Error(`${limit} presses of Tab never reached ${description}`);
}
