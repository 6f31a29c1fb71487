// The page of `medrule serve` in headless Chromium (tests/browser/run.sh):
// load it, fill a patient, read the disposition and the cards, compare with
// `medrule check`, use the keyboard alone, a phone-size screen, the print
// view, several packs, and the HTML report of `medrule check --format html`.
// TAP on standard output.
"use strict";
const { chromium } = require("playwright-core");
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const { CHROMIUM, MEDRULE, OUT, URL, URL_SEVERAL } = process.env;
let n = 0;
let failed = 0;
function ok(cond, name, detail) {
  n++;
  console.log(`${cond ? "" : "not "}ok ${n} - ${name}`);
  if (!cond) {
    failed++;
    if (detail !== undefined) for (const l of String(typeof detail === "string" ? detail : JSON.stringify(detail)).split("\n").slice(0, 20)) console.log("# " + l);
  }
  return cond;
}

function cli(facts) {
  return JSON.parse(execFileSync(MEDRULE, ["check", "--format", "json", "-"], { input: JSON.stringify(facts) + "\n" }).toString());
}

function flatten(obj, prefix = "", out = []) {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? prefix + "." + k : k;
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, name, out);
    else out.push([name, v]);
  }
  return out;
}

const fid = (name) => "#f-" + name.replace(/\./g, "-");

// Fills one fact the way a person would: a menu choice, a number, boxes.
async function fill(page, name, value) {
  const sel = fid(name);
  const [tag, type] = await page.$eval(sel, (e) => [e.tagName, e.type]);
  if (tag === "SELECT") await page.selectOption(sel, typeof value === "boolean" ? String(value) : value);
  else if (tag === "FIELDSET") {
    await page.uncheck(`${sel} [data-unknown]`);
    for (const v of value) await page.check(`${sel}-${v}`);
  } else if (type === "number") await page.fill(sel, String(typeof value === "string" ? parseFloat(value) : value));
  else await page.fill(sel, String(value));
}

async function settle(page) {
  // the page evaluates 150 ms after the last change; wait for the answer
  await page.waitForTimeout(300);
  await page.waitForFunction(() => !!document.querySelector("#disposition"));
}

async function read(page) {
  return page.evaluate(() => ({
    disposition: document.querySelector("#disposition") && document.querySelector("#disposition").dataset.disposition,
    reasons: [...document.querySelectorAll("#disposition li")].map((li) => li.dataset.rule),
    cards: [...document.querySelectorAll("#recommendations .card")].map((c) => ({
      rule: c.dataset.rule, effect: c.dataset.effect, text: c.textContent })),
    missing: [...document.querySelectorAll("#missing li")].map((li) => li.dataset.fact),
    disagree: !!document.querySelector("#disagreements"),
  }));
}

(async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const origins = new Set();
  page.on("request", (r) => origins.add(new globalThis.URL(r.url()).origin));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  await page.goto(URL);
  await page.waitForSelector("body[data-ready]");
  await settle(page);
  let got = await read(page);
  const empty = cli({});
  ok(got.disposition === "insufficient_data" && got.disposition === empty.disposition,
    "an empty form: insufficient data, as medrule check says", got.disposition);
  ok(got.missing.length > 0 && JSON.stringify(got.missing) === JSON.stringify(empty.missing_facts),
    "an empty form lists the facts to collect", got.missing);

  const groups = await page.$$eval("#fields > fieldset > legend", (ls) => ls.map((l) => l.textContent));
  ok(groups.length >= 8 && groups[0] === "Patient" && groups.some((g) => g.startsWith("History")),
    "the form is grouped like the guideline", groups);
  const unit = await page.$eval(fid("plan.infusion_rate") + " + .unit", (e) => e.textContent);
  ok(unit === "mg/kg/h", "units are shown", unit);
  const choices = await page.$$eval(fid("history.liver_disease") + " option", (os) => os.map((o) => o.textContent));
  ok(JSON.stringify(choices) === JSON.stringify(["unknown", "None", "Mild", "Moderate", "Severe"]),
    "an enum is a menu with unknown as a real choice", choices);

  // A patient from the examples, filled in field by field.
  const patient = JSON.parse(fs.readFileSync("examples/patients/liver-moderate.json", "utf8"));
  for (const [name, value] of flatten(patient)) if (value !== null) await fill(page, name, value);
  await settle(page);
  got = await read(page);
  const want = cli(patient);
  ok(got.disposition === want.disposition, `the disposition is medrule check's (${want.disposition})`, got.disposition);
  ok(JSON.stringify(got.reasons) === JSON.stringify(want.disposition_reasons.map((r) => r.rule)),
    "with the rules that set it", got.reasons);
  ok(JSON.stringify(got.cards.map((c) => c.rule).sort()) === JSON.stringify(want.recommendations.map((r) => r.id).sort()),
    "the recommendation cards are the result's", got.cards.map((c) => c.rule));
  const hepatic = got.cards.find((c) => /hepatic|liver/.test(c.rule));
  const rec = want.recommendations.find((r) => hepatic && r.id === hepatic.rule);
  ok(hepatic && rec && hepatic.text.includes("Grade " + rec.grade) && hepatic.text.includes(rec.certainty + " certainty") &&
     hepatic.text.includes("effect on the plan: " + rec.effect) && hepatic.text.includes("Cohen 2018"),
  "a card shows grade, certainty, effect and citation", hepatic);
  const order = await page.$$eval("#recommendations .category", (cs) => cs.map((c) => c.dataset.category));
  ok(order.length > 1 && order.indexOf("indication") < order.indexOf("dosing"), "recommendations grouped by category like Table 6", order);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, "page.png") });
  await page.screenshot({ path: path.join(OUT, "page-full.png"), fullPage: true });
  ok(fs.statSync(path.join(OUT, "page.png")).size > 10000, "a screenshot is kept: " + path.join(OUT, "page.png"));

  // The print view: the result and the facts given, no form.
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => ({
    form: getComputedStyle(document.querySelector("#form")).display,
    given: getComputedStyle(document.querySelector("#given-block")).display,
    rows: document.querySelectorAll("#given tr").length,
  }));
  ok(print.form === "none" && print.given !== "none" && print.rows > 10, "the print view drops the form and lists the facts given", print);
  await page.pdf({ path: path.join(OUT, "page.pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });

  // Keyboard alone: Tab to the pregnancy menu, choose with the arrow key.
  await page.goto(URL); // a fresh page: the keyboard starts at the top
  await page.waitForSelector("body[data-ready]");
  await settle(page);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement.className);
  ok(first === "skip", "the first Tab stop is the link that skips to the result", first);
  let presses = 1;
  let focused = "";
  while (presses < 40 && focused !== "f-patient-pregnant") {
    await page.keyboard.press("Tab");
    presses++;
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  ok(focused === "f-patient-pregnant", `the keyboard reaches a field by Tab (${presses} presses)`, focused);
  await page.keyboard.press("ArrowDown"); // unknown -> yes
  await settle(page);
  got = await read(page);
  ok(got.disposition === "do_not_proceed" && got.reasons.some((r) => /pregnan/.test(r)),
    "chosen by keyboard, pregnancy stops the plan", got);
  await page.click("#reset");
  await settle(page);
  got = await read(page);
  ok(got.disposition === "insufficient_data", "'Clear all facts' makes every fact unknown again", got.disposition);

  // A phone-size screen: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForTimeout(200);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  ok(widths[0] <= widths[1], "fits a 375 px wide screen without sideways scrolling", widths);
  const bar = await page.evaluate(() => { const r = document.querySelector("#status").getBoundingClientRect();
    return [r.top, r.bottom, innerHeight, document.querySelector("#status").textContent]; });
  ok(bar[0] >= 0 && bar[1] <= bar[2] && /^Insufficient data/.test(bar[3]),
    "on a phone the disposition stays in view while the form is filled", bar);
  await page.screenshot({ path: path.join(OUT, "page-phone.png"), fullPage: false });

  // Several packs: the page says where the sources disagree.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(URL_SEVERAL);
  await page.waitForSelector("body[data-ready]");
  const fibro = JSON.parse(fs.readFileSync("examples/patients/fibromyalgia.json", "utf8"));
  for (const [name, value] of flatten(fibro)) if (value !== null) await fill(page, name, value);
  await settle(page);
  got = await read(page);
  const heading = await page.$eval("#disagreements h2", (h) => h.textContent).catch(() => null);
  ok(got.disagree && heading === "Sources disagree", "several packs: 'Sources disagree' is shown", heading);
  await page.screenshot({ path: path.join(OUT, "page-several.png"), fullPage: true });

  ok([...origins].every((o) => o === new globalThis.URL(URL).origin || o === new globalThis.URL(URL_SEVERAL).origin),
    "nothing is fetched from another origin", [...origins]);
  ok(errors.length === 0, "no error in the browser console", errors);

  // The report of `medrule check --format html`, from a file, offline.
  const report = await browser.newPage();
  const reportOrigins = [];
  report.on("request", (r) => reportOrigins.push(r.url()));
  await report.goto("file://" + path.resolve(OUT, "report.html"));
  const rep = await report.evaluate(() => [...document.querySelectorAll("article.patient")].map((a) => ({
    disposition: a.querySelector(".disposition").dataset.disposition,
    cards: a.querySelectorAll(".card").length })));
  const r1 = cli(JSON.parse(fs.readFileSync("examples/patients/liver-moderate.json", "utf8")));
  const r2 = cli(JSON.parse(fs.readFileSync("examples/patients/missing-data.json", "utf8")));
  ok(rep.length === 2 && rep[0].disposition === r1.disposition && rep[1].disposition === r2.disposition &&
     rep[0].cards === r1.recommendations.length, "the HTML report shows each patient's disposition and cards", rep);
  ok(reportOrigins.every((u) => u.startsWith("file://")), "the report loads nothing else", reportOrigins);
  await report.pdf({ path: path.join(OUT, "report.pdf"), format: "A4" });
  await report.screenshot({ path: path.join(OUT, "report.png"), fullPage: true });

  await browser.close();
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log("Bail out! " + String(e && e.stack || e).split("\n")[0]);
  process.exit(1);
});
