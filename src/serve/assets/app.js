// The page of `xxgk serve`: choose or drop a report, see its three tables with their official
// labels (from GET /v1/cells: the cell catalog, never a copy here), every cell with a finding
// highlighted with its message, the prose sections, and download the canonical JSON.
// Only this server is asked (POST /v1/check for canonical JSON, POST /v1/import for the rest).
"use strict";

// The page's own words (its buttons and headings); labels and messages come from the server.
const UI = {
  zh: {
    title: "政府信息公开工作年度报告 · 在线检查",
    intro: "选择或拖入一份报告：规范 JSON（.json），或已发布的报告（.html、.docx、.pdf、.txt）。文件只发送到本服务器。",
    choose: "选择文件",
    drop: "或将文件拖到此处",
    switchTo: "English",
    switchLabel: "Switch to English",
    download: "下载规范 JSON",
    working: "正在检查…",
    findings: "检查发现",
    noFindings: "没有发现问题。",
    prose: "报告正文",
    preamble: "前言",
    blank: "未填报",
    emptySection: "（未填写）",
    edition: "版式",
    year: "报告年度",
    agency: "机关",
    file: "文件",
    verdict: { valid: "有效", invalid: "无效", unreadable: "无法读取" },
    imported: "导入结果",
    severity: { error: "错误", warning: "警告", info: "提示" },
    counts: (c) => `错误 ${c.error}，警告 ${c.warning}，提示 ${c.info}`,
    row: "项目",
    goTo: "查看单元格",
    failed: "请求失败",
    other: "其他",
    units: { yuan: "元", wan_yuan: "万元" },
  },
  en: {
    title: "Annual government-information-disclosure report · checker",
    intro: "Choose or drop a report: canonical JSON (.json), or a published report (.html, .docx, .pdf, .txt). The file is sent to this server only.",
    choose: "Choose a file",
    drop: "or drop it here",
    switchTo: "中文",
    switchLabel: "切换到中文",
    download: "Download canonical JSON",
    working: "Checking…",
    findings: "Findings",
    noFindings: "Nothing found.",
    prose: "The report's text",
    preamble: "Preamble",
    blank: "blank",
    emptySection: "(empty)",
    edition: "Edition",
    year: "Report year",
    agency: "Agency",
    file: "File",
    verdict: { valid: "valid", invalid: "invalid", unreadable: "unreadable" },
    imported: "Import",
    severity: { error: "error", warning: "warning", info: "info" },
    counts: (c) => [[c.error, "error"], [c.warning, "warning"], [c.info, "note"]].map(([n, word]) => `${n} ${word}${n === 1 ? "" : "s"}`).join(", "),
    row: "Row",
    goTo: "show the cell",
    failed: "The request failed",
    other: "Other",
    units: { yuan: "元", wan_yuan: "万元" },
  },
};

const state = {
  lang: "zh",
  catalog: null, // GET /v1/cells
  file: null, // { name, bytes }
  result: null, // { document, diagnostics, verdict, importVerdict }
};

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function t() {
  return UI[state.lang];
}

// A cell's value as printed: a count, a signed change, money with its unit, or blank.
function showValue(value, kind) {
  if (value === null || value === undefined) return null;
  if (kind === "money" && typeof value === "object") {
    const unit = value.unit ? t().units[value.unit] || value.unit : "";
    return `${value.amount}${unit ? " " + unit : ""}`;
  }
  if (kind === "change" && typeof value === "number" && value > 0) return `+${value}`;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// RFC 6901: the value at `pointer` in `document`, or undefined.
function at(document, pointer) {
  if (pointer === "") return document;
  let node = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function cellId(pointer) {
  return "cell" + pointer.replace(/[^A-Za-z0-9_]/g, "-");
}

// --- Rendering --------------------------------------------------------------------------------

function renderChrome() {
  const ui = t();
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = ui.title;
  $("#title").textContent = ui.title;
  $("#intro").textContent = ui.intro;
  $("#choose-label").textContent = ui.choose;
  $("#drop-hint").textContent = ui.drop;
  const toggle = $("#lang");
  toggle.textContent = ui.switchTo;
  toggle.setAttribute("aria-label", ui.switchLabel);
  toggle.setAttribute("lang", state.lang === "zh" ? "en" : "zh-CN");
  $("#download").textContent = ui.download;
}

function byPointer(diagnostics) {
  const map = new Map();
  for (const d of diagnostics) {
    if (!map.has(d.pointer)) map.set(d.pointer, []);
    map.get(d.pointer).push(d);
  }
  return map;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

function worst(list) {
  return list.reduce((w, d) => (SEVERITY_RANK[d.severity] < SEVERITY_RANK[w] ? d.severity : w), "info");
}

function messageList(list) {
  return el(
    "ul",
    { class: "messages" },
    list.map((d) =>
      el(
        "li",
        { class: `message ${d.severity}`, "data-code": d.code, "data-pointer": d.pointer },
        el("span", { class: "badge" }, `${t().severity[d.severity]} ${d.code}`),
        " ",
        d.message,
      ),
    ),
  );
}

function renderSummary(result) {
  const ui = t();
  const box = $("#summary");
  box.replaceChildren();
  const verdict = result.verdict;
  const facts = el("dl", { class: "facts" });
  const add = (term, value) => {
    if (value === null || value === undefined || value === "") return;
    facts.append(el("dt", {}, term), el("dd", {}, value));
  };
  add(ui.file, state.file.name);
  if (result.document && typeof result.document === "object") {
    add(ui.agency, result.document.agency && result.document.agency.name);
    add(ui.year, result.document.report_year);
  }
  add(ui.edition, verdict.edition);
  box.append(
    el(
      "p",
      { class: `verdict ${verdict.status}`, id: "verdict", "data-status": verdict.status },
      el("strong", {}, ui.verdict[verdict.status] || verdict.status),
      " · ",
      ui.counts(verdict.counts),
    ),
    facts,
  );
  const findings = el("section", { class: "findings", "aria-labelledby": "findings-title" });
  findings.append(el("h2", { id: "findings-title" }, ui.findings));
  if (result.diagnostics.length === 0) {
    findings.append(el("p", {}, ui.noFindings));
  } else {
    findings.append(
      el(
        "ol",
        { id: "finding-list" },
        result.diagnostics.map((d) => {
          const target = document.getElementById(cellId(d.pointer));
          const item = el(
            "li",
            { class: `finding ${d.severity}`, "data-code": d.code, "data-pointer": d.pointer },
            el("span", { class: "badge" }, `${ui.severity[d.severity]} ${d.code}`),
            " ",
            d.message,
          );
          if (target) {
            const link = el("a", { href: "#" + cellId(d.pointer), class: "go" }, ui.goTo);
            link.addEventListener("click", (event) => {
              event.preventDefault();
              target.scrollIntoView({ block: "center" });
              target.focus();
            });
            item.append(" ", link);
          } else if (d.pointer) {
            item.append(" ", el("code", {}, d.pointer));
          }
          return item;
        }),
      ),
    );
  }
  box.append(findings);
}

// One table of the catalog as HTML: rows are the label paths without their last label (the
// column); consecutive rows with the same columns share a header; a change of the leading labels
// opens a group row. A row with a finding is followed by a row with its messages.
function renderTable(table, document, flagged) {
  const rows = [];
  for (const cell of table.cells) {
    const path = cell.labels.slice(0, -1);
    const key = path.join("\u0000");
    let row = rows.length && rows[rows.length - 1].key === key ? rows[rows.length - 1] : null;
    if (!row) {
      row = { key, path, cells: [] };
      rows.push(row);
    }
    row.cells.push(cell);
  }
  const wrapper = el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": table.title });
  const element = el("table", { class: "report-table", "data-table": table.table });
  wrapper.append(element);
  let columnsKey = null;
  let openGroups = [];
  let body = null;
  for (const row of rows) {
    const columns = row.cells.map((c) => c.labels[c.labels.length - 1]);
    const width = columns.length + 1;
    if (columns.join("\u0000") !== columnsKey) {
      columnsKey = columns.join("\u0000");
      const head = el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t().row), columns.map((c) => el("th", { scope: "col" }, c))));
      body = el("tbody");
      element.append(head, body);
      openGroups = [];
    }
    const groups = row.path.slice(0, -1);
    for (let depth = 0; depth < groups.length; depth++) {
      if (openGroups[depth] !== groups[depth]) {
        openGroups = openGroups.slice(0, depth);
        openGroups[depth] = groups[depth];
        body.append(el("tr", { class: "group" }, el("th", { colspan: width, scope: "colgroup", class: `depth-${depth}` }, groups[depth])));
      }
    }
    openGroups = openGroups.slice(0, groups.length);
    const label = row.path.length ? row.path[row.path.length - 1] : "";
    const tr = el("tr", {}, el("th", { scope: "row", class: `depth-${groups.length}` }, label));
    const messages = [];
    for (const cell of row.cells) {
      const value = at(document, cell.pointer);
      const shown = showValue(value, cell.kind);
      const found = flagged.get(cell.pointer) || [];
      const td = el(
        "td",
        {
          id: cellId(cell.pointer),
          "data-pointer": cell.pointer,
          class: [shown === null ? "blank" : "", found.length ? `flagged ${worst(found)}` : ""].join(" ").trim() || null,
          tabindex: found.length ? "0" : "-1",
          title: found.length ? found.map((d) => `${d.code} ${d.message}`).join("\n") : cell.labels.join(" › "),
        },
        shown === null ? el("span", { class: "dash", "aria-label": t().blank }, "—") : shown,
      );
      if (found.length) {
        td.setAttribute("aria-describedby", cellId(cell.pointer) + "-messages");
        messages.push(...found.map((d) => ({ ...d, column: cell.labels[cell.labels.length - 1] })));
      }
      tr.append(td);
    }
    body.append(tr);
    if (messages.length) {
      const list = messageList(messages);
      const pointers = [...new Set(messages.map((m) => m.pointer))];
      list.id = cellId(pointers[0]) + "-messages";
      for (const pointer of pointers.slice(1)) {
        const td = element.querySelector(`[data-pointer="${CSS.escape(pointer)}"]`) || tr.querySelector(`[data-pointer="${CSS.escape(pointer)}"]`);
        if (td) td.setAttribute("aria-describedby", list.id);
      }
      body.append(el("tr", { class: "message-row" }, el("td", { colspan: width }, list)));
    }
  }
  return wrapper;
}

function renderReport(result) {
  const main = $("#report");
  main.replaceChildren();
  const document = result.document;
  if (!document || typeof document !== "object" || !state.catalog) return;
  const edition = state.catalog.editions.find((e) => e.edition === document.edition);
  const flagged = byPointer(result.diagnostics);
  const sections = document.sections || {};
  const ui = t();
  const prose = (key) => {
    const info = state.catalog.sections.find((s) => s.key === key);
    const text = sections[key];
    const found = flagged.get(`/sections/${key}`) || [];
    const section = el("section", {
      class: ["prose", found.length ? `flagged ${worst(found)}` : ""].join(" ").trim(),
      id: cellId(`/sections/${key}`),
      "data-pointer": `/sections/${key}`,
      tabindex: found.length ? "0" : "-1",
    });
    section.append(el("h2", {}, (info && info.title) || ui.preamble));
    if (found.length) section.append(messageList(found));
    if (typeof text === "string" && text.trim()) {
      for (const paragraph of text.split(/\n+/)) section.append(el("p", {}, paragraph));
    } else {
      section.append(el("p", { class: "empty" }, ui.emptySection));
    }
    return section;
  };
  const order = ["preamble", "overview", "proactive_disclosure", "applications", "appeals", "problems_and_improvements", "other_matters"];
  const tables = edition ? edition.tables : [];
  for (const key of order) {
    if (!(key in sections) && !tables.some((t) => t.property === key)) continue;
    const section = prose(key);
    const table = tables.find((t) => t.property === key);
    if (table) section.append(renderTable(table, document, flagged));
    main.append(section);
  }
}

function render() {
  renderChrome();
  if (!state.result) return;
  renderReport(state.result);
  renderSummary(state.result);
  $("#download").hidden = !(state.result.document && typeof state.result.document === "object");
}

// --- Talking to the server --------------------------------------------------------------------

function setStatus(text, isError) {
  const status = $("#status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function looksLikeJson(name, bytes) {
  if (/\.json$/i.test(name)) return true;
  const head = new TextDecoder().decode(bytes.slice(0, 64)).replace(/^\uFEFF/, "").trimStart();
  return head.startsWith("{") && !/\.(html?|shtml|txt|docx|pdf)$/i.test(name);
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && body.error) return state.lang === "zh" ? body.error.message_zh : body.error.message_en;
  } catch (_) {
    /* not JSON */
  }
  return `${t().failed} (HTTP ${response.status})`;
}

async function run() {
  if (!state.file) return;
  const { name, bytes } = state.file;
  const query = `lang=${state.lang}&name=${encodeURIComponent(name)}`;
  setStatus(t().working, false);
  try {
    if (looksLikeJson(name, bytes)) {
      const response = await fetch(`/v1/check?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bytes,
      });
      if (!response.ok) return setStatus(await errorText(response), true);
      const answer = await response.json();
      let document = null;
      try {
        document = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
      } catch (_) {
        document = null;
      }
      state.result = { document, diagnostics: answer.diagnostics, verdict: answer.verdict };
    } else {
      const form = new FormData();
      form.append("file", new Blob([bytes]), name);
      const response = await fetch(`/v1/import?${query}`, { method: "POST", body: form });
      if (!response.ok && response.status !== 422) return setStatus(await errorText(response), true);
      const answer = await response.json();
      if (answer.error) return setStatus(state.lang === "zh" ? answer.error.message_zh : answer.error.message_en, true);
      const diagnostics = answer.import.diagnostics.concat(answer.check ? answer.check.diagnostics : []);
      const verdict = answer.check ? answer.check.verdict : answer.import.verdict;
      if (answer.check) {
        for (const key of ["error", "warning", "info"]) verdict.counts[key] += answer.import.verdict.counts[key];
      }
      state.result = { document: answer.document, diagnostics, verdict };
    }
    setStatus("", false);
    render();
    $("#verdict").focus();
  } catch (error) {
    setStatus(`${t().failed}: ${error.message}`, true);
  }
}

async function choose(file) {
  if (!file) return;
  state.file = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  await run();
}

function download() {
  const document = state.result && state.result.document;
  if (!document) return;
  const text = JSON.stringify(document, null, 2) + "\n";
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = el("a", { href: url, download: state.file.name.replace(/\.[^.]*$/, "") + ".json" });
  window.document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function start() {
  renderChrome();
  const input = $("#file");
  input.addEventListener("change", () => choose(input.files[0]));
  const zone = $("#drop");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    choose(event.dataTransfer.files[0]);
  });
  $("#lang").addEventListener("click", async () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    render();
    if (state.file) await run();
  });
  $("#download").addEventListener("click", download);
  try {
    const response = await fetch("/v1/cells");
    state.catalog = await response.json();
    document.body.dataset.ready = "true";
  } catch (error) {
    setStatus(`${t().failed}: ${error.message}`, true);
  }
}

start();
