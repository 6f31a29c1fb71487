// medrule — the clinic's page.  The form is made from the pack's fact
// vocabulary (GET /api/vocabulary); each change sends the facts given as a
// fact file to POST /api/check and shows the result (contract §3).  Nothing
// is loaded from anywhere but this server.
"use strict";

// How the guideline orders its questions; a group the pack adds comes after
// these, in the order the pack declares it.
const GROUPS = {
  patient: "Patient",
  pain: "Pain condition (Question 1)",
  history: "History: contraindications and precautions (Table 5, Question 2)",
  consent: "Consent",
  plan: "The planned treatment (Questions 3 and 7)",
  tests: "Pre-infusion tests (Question 5)",
  site: "Setting and monitoring (Question 6)",
  staff: "Personnel (Question 6)",
  followon: "Follow-on treatment (Question 4)",
  response: "Response to earlier treatment (Question 8)",
};
const UNIT_WORDS = { a: "years", d: "days", wk: "weeks", h: "hours", kg: "kg" };
const DISPOSITIONS = {
  proceed: "Proceed",
  proceed_with_caution: "Proceed with caution",
  do_not_proceed: "Do not proceed",
  insufficient_data: "Insufficient data",
};

let vocab = null;
let rulesById = {};
let factsByName = {};
let seq = 0;
let timer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// Abbreviations clinicians write in capitals (codes and fact names are lower case).
const ACRONYMS = new Set(["crps", "ecg", "icu", "icp", "iop", "iv", "lft", "lfts", "asa", "odi", "cyp3a", "pacu", "ed"]);

function words(id) {
  const s = id.split("_").map(w => ACRONYMS.has(w) ? w.toUpperCase() : w).join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fieldId(name) { return "f-" + name.replace(/\./g, "-"); }

// One input for one fact.  Every kind has "unknown" as a real choice.
function field(f) {
  const id = fieldId(f.name);
  const label = words(f.name.split(".").pop());
  const hintId = id + "-hint";
  let hint = f.description || "";
  if (f.default) hint += (hint ? " " : "") + "Left empty: " + String(f.default).replace(/^"|"$/g, "") + ".";
  const wrap = el("div", { class: "field", "data-fact": f.name });
  if (f.type === "codes") {
    const box = el("fieldset", { class: "codes", id, "aria-describedby": hintId });
    box.append(el("legend", { class: "sr-only", text: label }));
    const unknown = el("input", { type: "checkbox", id: id + "--unknown", checked: true, "data-unknown": "1" });
    box.append(el("label", {}, unknown, "unknown"));
    for (const v of f.values) {
      const c = el("input", { type: "checkbox", id: id + "-" + v, value: v });
      box.append(el("label", {}, c, words(v)));
    }
    box.addEventListener("change", (ev) => {
      const boxes = box.querySelectorAll("input");
      if (ev.target === unknown && unknown.checked) boxes.forEach((b) => { if (b !== unknown) b.checked = false; });
      else if (ev.target !== unknown && ev.target.checked) unknown.checked = false;
      changed();
    });
    wrap.append(el("span", { class: "label", "aria-hidden": "true", text: label }), box);
  } else {
    let input;
    if (f.type === "boolean" || f.type === "code") {
      input = el("select", { id, name: f.name, "aria-describedby": hintId });
      input.append(el("option", { value: "", text: "unknown" }));
      const values = f.type === "boolean" ? [["true", "yes"], ["false", "no"]] : f.values.map((v) => [v, words(v)]);
      for (const [v, t] of values) input.append(el("option", { value: v, text: t }));
      input.addEventListener("change", changed);
    } else {
      const num = f.type === "number" || f.type === "quantity";
      input = el("input", {
        id, name: f.name, type: num ? "number" : "text", "aria-describedby": hintId, placeholder: "unknown",
        step: num ? "any" : null, inputmode: num ? "decimal" : null,
        min: num && f.range ? f.range[0] : null, max: num && f.range ? f.range[1] : null,
      });
      input.addEventListener("input", changed);
    }
    let control = input;
    if (f.type === "quantity") {
      const unit = f.unit + (UNIT_WORDS[f.unit] && UNIT_WORDS[f.unit] !== f.unit ? " (" + UNIT_WORDS[f.unit] + ")" : "");
      control = el("span", { class: "qty" }, input, el("span", { class: "unit", text: unit }));
    }
    wrap.append(el("label", { for: id, text: label }), control);
  }
  if (f.range && (f.type === "number" || f.type === "quantity"))
    hint += (hint ? " " : "") + "Plausible: " + f.range[0] + " to " + f.range[1] + (f.unit ? " " + f.unit : "") + ".";
  wrap.append(el("div", { class: "hint", id: hintId }, el("code", { text: f.name }), hint ? " — " + hint : ""));
  return wrap;
}

function buildForm() {
  const groups = new Map();
  for (const k of Object.keys(GROUPS)) groups.set(k, []);
  for (const f of vocab.facts) {
    if (f.computed) continue;
    const g = f.name.includes(".") ? f.name.split(".")[0] : f.name;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(f);
  }
  const root = document.getElementById("fields");
  for (const [g, facts] of groups) {
    if (!facts.length) continue;
    const fs = el("fieldset", { id: "group-" + g }, el("legend", { text: GROUPS[g] || words(g) }));
    let sub = null;
    for (const f of facts) {
      const parts = f.name.split(".");
      const s = parts.length > 2 ? parts[1] : null;
      if (s !== sub && s) fs.append(el("h3", { text: words(s) }));
      sub = s;
      fs.append(field(f));
    }
    root.append(fs);
  }
}

// The facts given, as a fact file: only what is known (or explicitly [] for
// an empty list); nested by the dotted names.
function factFile() {
  const out = {};
  const given = [];
  for (const f of vocab.facts) {
    if (f.computed) continue;
    let value;
    const id = fieldId(f.name);
    if (f.type === "codes") {
      const box = document.getElementById(id);
      if (box.querySelector("[data-unknown]").checked) continue;
      value = [...box.querySelectorAll("input:checked")].map((c) => c.value);
    } else {
      const input = document.getElementById(id);
      const raw = input.value.trim();
      if (raw === "") continue;
      if (f.type === "boolean") value = raw === "true";
      else if (f.type === "number") value = Number(raw);
      else if (f.type === "quantity") value = raw + " " + f.unit;
      else value = raw;
      if ((f.type === "number" || f.type === "quantity") && !Number.isFinite(Number(raw))) continue;
    }
    given.push([f.name, value]);
    const parts = f.name.split(".");
    let o = out;
    for (const p of parts.slice(0, -1)) o = o[p] = o[p] || {};
    o[parts[parts.length - 1]] = value;
  }
  return { file: out, given };
}

function changed() {
  clearTimeout(timer);
  timer = setTimeout(evaluate, 150);
}

async function evaluate() {
  const mine = ++seq;
  const { file, given } = factFile();
  document.querySelectorAll(".field").forEach((w) => w.classList.toggle("given", given.some(([n]) => n === w.dataset.fact)));
  let resp, body;
  try {
    resp = await fetch("api/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(file) });
    body = await resp.json();
  } catch (e) {
    if (mine === seq) showError("The server did not answer: " + e.message);
    return;
  }
  if (mine !== seq) return; // a later change is on its way
  if (!resp.ok) showError(body.error ? body.error.message : "HTTP " + resp.status, body.error && body.error.errors);
  else show(body, given);
}

function showError(message, errors) {
  const out = document.getElementById("output");
  out.replaceChildren(el("div", { class: "error", id: "error", role: "alert" },
    el("strong", { text: "The facts could not be read. " }),
    errors && errors.length ? el("ul", {}, errors.map((m) => el("li", { text: m }))) : el("span", { text: message })));
  document.getElementById("status").textContent = "Error: " + message;
}

function gradeText(r) {
  const word = (vocab.evidence && vocab.evidence.word) || "grade";
  const g = r.grade === null ? "ungraded" : words(word) + " " + r.grade;
  return g + (r.certainty ? ", " + r.certainty + " certainty" : "");
}

function ruleText(id) { return rulesById[id] ? rulesById[id].text : id; }

function card(r, several) {
  const because = (r.because || []).map((b) => b.fact + " = " + (Array.isArray(b.value) ? b.value.join(", ") : String(b.value)));
  return el("article", { class: "card effect-" + r.effect, "data-rule": r.id, "data-effect": r.effect },
    el("p", {}, el("span", { class: "tag " + r.effect, text: r.effect === "none" ? r.action.replace(/_/g, " ") : r.effect }),
      " ", r.text),
    el("p", { class: "meta" }, el("span", { class: "grade", text: gradeText(r) }),
      " · " + (r.scale || (vocab.evidence && vocab.evidence.scale) || "") + " · effect on the plan: " + r.effect +
      " · action: " + r.action.replace(/_/g, " ")),
    because.length ? el("p", { class: "meta" }, "Because: " + because.join("; ")) : null,
    el("p", { class: "meta source" }, "Source: " + r.source.document + "; " + r.source.section +
      (several && r.pack ? " (pack " + r.pack + ")" : "")));
}

function show(res, given) {
  const several = Array.isArray(res.packs) && res.packs.length > 1;
  const out = [];
  const d = res.disposition;
  const reasons = res.disposition_reasons.map((x) =>
    el("li", { "data-rule": x.rule }, el("span", { class: "tag " + x.effect, text: x.state === "fired" ? x.effect : "could " + x.effect }),
      " " + ruleText(x.rule)));
  const lead = { do_not_proceed: "These findings stop the plan:", proceed_with_caution: "These findings call for caution:",
    insufficient_data: "Each of these could still stop the plan once its facts are known:",
    proceed: "No rule stops this plan or calls for caution for this patient." }[d];
  out.push(el("section", { class: "disposition disp-" + d, id: "disposition", "data-disposition": d },
    el("h2", { text: DISPOSITIONS[d] || d }), el("p", { text: lead }), reasons.length ? el("ul", {}, reasons) : null));

  if (res.disagreements && res.disagreements.length) {
    out.push(el("section", { class: "block disagree", id: "disagreements" }, el("h2", { text: "Sources disagree" }),
      res.disagreements.map((g) => el("div", { class: "card", "data-topic": g.topic },
        el("p", {}, el("strong", { text: g.question || g.topic })),
        g.statements.map((s) => el("p", { class: "statement" },
          el("strong", { text: s.source.document + ": " }), (s.position ? s.position + " — " : "") + s.text + " ",
          el("span", { class: "meta", text: "(" + (s.grade === null ? "ungraded" : s.grade) + ", " + s.scale + ")" })))))));
  }

  const byCat = new Map(vocab.categories.map((c) => [c.id, []]));
  for (const r of res.recommendations) {
    if (!byCat.has(r.category)) byCat.set(r.category, []);
    byCat.get(r.category).push(r);
  }
  const recs = el("section", { class: "block", id: "recommendations" }, el("h2", { text: "Recommendations (" + res.recommendations.length + ")" }));
  for (const c of vocab.categories.concat([...byCat.keys()].filter((k) => !vocab.categories.some((x) => x.id === k)).map((k) => ({ id: k, title: words(k) })))) {
    const list = byCat.get(c.id);
    if (!list || !list.length) continue;
    recs.append(el("div", { class: "category", "data-category": c.id }, el("h3", { text: c.title }), list.map((r) => card(r, several))));
  }
  if (!res.recommendations.length) recs.append(el("p", { text: "No recommendation fires with the facts given." }));
  out.push(recs);

  const missing = el("section", { class: "block missing", id: "missing" },
    el("h2", { text: res.missing_facts.length ? "Collect these facts (" + res.missing_facts.length + ")" : "Nothing missing that could matter" }));
  if (res.missing_facts.length) {
    missing.append(el("p", { class: "meta", text: res.unknown.length + " recommendation(s) stay undecided until these are known." }));
    missing.append(el("ul", {}, res.missing_facts.map((m) => el("li", { "data-fact": m },
      el("code", { text: m }), factsByName[m] && factsByName[m].description ? " — " + factsByName[m].description + " " : " ",
      el("button", { type: "button", onclick: () => focusFact(m), "aria-label": "Go to " + m, text: "fill in" })))));
  }
  out.push(missing);
  if (res.warnings.length)
    out.push(el("section", { class: "block warnings", id: "warnings" }, el("h2", { text: "Warnings" }), el("ul", {}, res.warnings.map((w) => el("li", { text: w })))));
  if (several)
    out.push(el("p", { class: "meta", text: "Packs: " + res.packs.map((p) => p.id + " " + p.version + (p.primary ? " (primary: sets the disposition)" : "")).join("; ") }));

  document.getElementById("output").replaceChildren(...out);
  document.getElementById("given").replaceChildren(el("tr", {}, el("th", { text: "fact" }), el("th", { text: "value" })),
    ...given.map(([n, v]) => el("tr", {}, el("td", {}, el("code", { text: n })), el("td", { text: Array.isArray(v) ? v.join(", ") || "(none)" : String(v) }))));
  document.getElementById("status").replaceChildren((DISPOSITIONS[d] || d) + ": " + res.recommendations.length +
    " recommendation(s), " + res.missing_facts.length + " fact(s) missing. ", el("a", { href: "#result", text: "See why" }));
}

function focusFact(name) {
  const target = document.getElementById(fieldId(name));
  if (!target) return;
  const focusable = target.matches("fieldset") ? target.querySelector("input") : target;
  focusable.focus();
  target.closest(".field").scrollIntoView({ block: "center" });
}

async function start() {
  const resp = await fetch("api/vocabulary");
  vocab = await resp.json();
  for (const r of vocab.rules) rulesById[r.id] = r;
  for (const f of vocab.facts) factsByName[f.name] = f;
  document.getElementById("title").textContent = vocab.title;
  document.getElementById("subtitle").textContent = "Pack " + vocab.id + " " + vocab.version + " · evidence: " + vocab.evidence.scale;
  document.title = "medrule — " + vocab.title;
  const cite = document.getElementById("cite");
  cite.append("Source: " + vocab.source.citation + " ");
  if (vocab.source.url) cite.append(el("a", { href: vocab.source.url, text: vocab.source.url }));
  cite.append(el("br"), "medrule decision support: it informs the clinician's judgment and does not replace it.");
  buildForm();
  document.getElementById("print").addEventListener("click", () => window.print());
  document.getElementById("reset").addEventListener("click", () => {
    document.getElementById("form").reset();
    evaluate();
  });
  document.body.dataset.ready = "1";
  evaluate();
}

start().catch((e) => showError("The page could not start: " + e.message));
