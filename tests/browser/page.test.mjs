// The page of `xxgk serve` in a real browser (Debian's chromium, driven by playwright-core):
// the seed report and a broken one (a blank total) uploaded, the highlighted cells and their
// messages asserted against the API's answer, the English switch, the keyboard, a phone-width
// screen, an imported HTML report and its download. Screenshots go to OUT.
//
//   node tests/browser/page.test.mjs XXGK_BINARY OUT
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const [binary, out = join(root, "target/browser-screenshots")] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node page.test.mjs XXGK_BINARY [OUT]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const seedPath = join(root, "conformance/documents/seed-wuhan-etdz-2020.json");
const seed = JSON.parse(readFileSync(seedPath, "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "xxgk-browser-"));
const brokenPath = join(scratch, "blank-total.json");
const broken = structuredClone(seed);
broken.applications.new_applications.total = null;
writeFileSync(brokenPath, JSON.stringify(broken, null, 2));
const htmlPath = join(root, "tests/corpus/raw/101.html");
const BLANK = "/applications/new_applications/total";

// The server, on a free port.
const server = spawn(binary, ["serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((done, fail) => {
  createInterface({ input: server.stdout }).once("line", (line) => {
    const match = /^listening on (http:\/\/\S+)$/.exec(line);
    match ? done(match[1]) : fail(new Error(`unexpected first line: ${line}`));
  });
  server.once("exit", (code) => fail(new Error(`xxgk serve exited with ${code}`)));
});

async function api(path, body, lang) {
  const response = await fetch(`${base}${path}?lang=${lang}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  assert.equal(response.status, 200);
  return response.json();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let failed = false;
async function step(name, body) {
  try {
    await body();
    console.log(`ok    ${name}`);
  } catch (error) {
    failed = true;
    console.log(`FAIL  ${name}\n${error.stack}`);
  }
}

async function open(viewport) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  // Nothing but this server is asked for.
  page.on("request", (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith("blob:")) problems.push(`request to ${request.url()}`);
  });
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready=true]");
  return { context, page, problems };
}

async function upload(page, path) {
  await page.locator("#verdict").waitFor({ state: "detached", timeout: 100 }).catch(() => {});
  await page.setInputFiles("#file", path);
  await page.waitForFunction(
    (name) => document.querySelector("#verdict") && document.querySelector(".facts dd")?.textContent === name,
    path.split("/").pop(),
  );
}

const cellSelector = (pointer) => `td[data-pointer="${pointer}"]`;

await step("the seed report: valid, its tables with the catalog's labels, its prose", async () => {
  const { context, page, problems } = await open({ width: 1280, height: 900 });
  await upload(page, seedPath);
  assert.equal(await page.getAttribute("#verdict", "data-status"), "valid");
  assert.equal(await page.locator("td.flagged.error").count(), 0);
  // Three tables; every cell of the edition is shown, with the value of the document.
  const catalog = await (await fetch(`${base}/v1/cells`)).json();
  const edition = catalog.editions.find((e) => e.edition === seed.edition);
  assert.equal(await page.locator("table.report-table").count(), 3);
  for (const table of edition.tables) {
    for (const cell of table.cells) {
      const text = (await page.locator(cellSelector(cell.pointer)).innerText()).trim();
      const value = cell.pointer.slice(1).split("/").reduce((node, key) => node?.[key], seed);
      if (value === null) assert.equal(text, "—", cell.pointer);
      else if (typeof value === "number") assert.equal(text, value > 0 && cell.kind === "change" ? `+${value}` : String(value), cell.pointer);
    }
  }
  // Labels are the catalog's, verbatim.
  const headers = await page.locator("table.report-table th").allInnerTexts();
  for (const label of ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "一、本年新收政府信息公开申请数量", "法律服务机构", "未经复议直接起诉"]) {
    assert.ok(headers.some((h) => h.trim() === label), label);
  }
  for (const section of catalog.sections.filter((s) => s.title)) {
    assert.ok((await page.locator("#report h2").allInnerTexts()).includes(section.title), section.title);
  }
  assert.ok((await page.locator("#report").innerText()).includes(seed.sections.overview.slice(0, 40)));
  await page.screenshot({ path: join(out, "seed-page.png"), fullPage: true });
  await page.locator('section[data-pointer="/sections/applications"]').screenshot({ path: join(out, "seed-table3.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

await step("a blank total: the cell highlighted with the API's message, zh then en", async () => {
  const { context, page, problems } = await open({ width: 1280, height: 900 });
  await upload(page, brokenPath);
  const zh = await api("/v1/check", JSON.stringify(broken), "zh");
  const expected = zh.diagnostics.filter((d) => d.pointer === BLANK);
  assert.ok(expected.some((d) => d.code === "A205"), JSON.stringify(zh.diagnostics));
  const cell = page.locator(cellSelector(BLANK));
  assert.match(await cell.getAttribute("class"), /\bflagged\b.*\bwarning\b/);
  assert.equal((await cell.innerText()).trim(), "—");
  // The messages right under the row, the API's text.
  const shown = await page.locator(`tr.message-row li[data-pointer="${BLANK}"]`).allInnerTexts();
  for (const d of expected) assert.ok(shown.some((s) => s.includes(d.code) && s.includes(d.message)), d.message);
  // And in the list of findings, with a link that puts the focus on the cell (keyboard).
  const link = page.locator(`#finding-list li[data-code="A205"] a.go`);
  await link.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.pointer), BLANK);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(out, "blank-total-page.png"), fullPage: true });
  await page.locator('section[data-pointer="/sections/applications"] table').screenshot({ path: join(out, "blank-total-table3.png") });
  // English.
  await page.click("#lang");
  const en = await api("/v1/check", JSON.stringify(broken), "en");
  const a205 = en.diagnostics.find((d) => d.code === "A205" && d.pointer === BLANK);
  await page.waitForFunction((text) => document.body.innerText.includes(text), a205.message);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal((await page.innerText("#lang")).trim(), "中文");
  await page.screenshot({ path: join(out, "blank-total-en.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

await step("the keyboard reaches the switch and the file chooser", async () => {
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "lang");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "file");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await context.close();
});

await step("a phone-width screen: nothing wider than the screen but the tables' own scroll", async () => {
  const { context, page, problems } = await open({ width: 375, height: 812 });
  await upload(page, brokenPath);
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  assert.ok(widths.page <= widths.screen, JSON.stringify(widths));
  await page.locator(cellSelector(BLANK)).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, "phone.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

await step("an HTML report is imported; the download is the imported document", async () => {
  const { context, page, problems } = await open({ width: 1280, height: 900 });
  await upload(page, htmlPath);
  const form = new FormData();
  form.append("file", new Blob([readFileSync(htmlPath)]), "101.html");
  const answer = await (await fetch(`${base}/v1/import`, { method: "POST", body: form })).json();
  assert.equal(await page.locator("table.report-table").count(), 3);
  const downloading = page.waitForEvent("download");
  await page.click("#download");
  const download = await downloading;
  assert.equal(download.suggestedFilename(), "101.json");
  const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(saved, answer.document);
  assert.deepEqual(problems, []);
  await context.close();
});

await browser.close();
server.kill("SIGTERM");
console.log(failed ? "browser tests: FAILED" : `browser tests: ok (screenshots in ${out})`);
process.exit(failed ? 1 : 0);
