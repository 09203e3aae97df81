// The explorer's script: no library, no network. Every piece of data is written with textContent, never as HTML.
// Filters can be set from the address: index.html#outlet=NAME&frame=ID&kind=speaker&value=NAME&term=WORD.
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
const frameLabel = Object.fromEntries(data.frames.map((f) => [f.id, f.label]));
const outletOf = Object.fromEntries(data.outlets.map((o) => [o.name, o]));
const articleOf = Object.fromEntries(data.articles.map((a) => [a.id, a]));
const hash = new URLSearchParams(location.hash.slice(1));
const SHOWN = 200;  // sentences listed at once
const ROWS = 500;  // article rows drawn at once: a page of 100,000 rows would not scroll

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function fill(select, values, labels = {}) {
  for (const value of values) select.append(el("option", labels[value] || value, { value }));
  const wanted = hash.get(select.id.slice(2));
  if (wanted !== null && values.includes(wanted)) select.value = wanted;
}

// ── articles ──────────────────────────────────────────────────────────────────
const sorted = (values) => [...new Set(values)].filter((v) => v !== "").sort((a, b) => a.localeCompare(b));
fill($("f-outlet"), data.outlets.map((o) => o.name));
fill($("f-language"), sorted(data.articles.map((a) => a.language)));
fill($("f-frame"), data.frames.map((f) => f.id), frameLabel);
fill($("f-speaker"), sorted(data.articles.flatMap((a) => a.speakers)));
$("f-text").value = hash.get("q") || "";
let sortKey = "outlet", sortDirection = 1;

function articleRow(article) {
  const row = el("tr");
  row.dataset.outlet = article.outlet;
  const outlet = el("td");
  outlet.append(el("span", null, { class: "swatch", style: `background: ${outletOf[article.outlet].colour}` }), article.outlet);
  const headline = el("td");
  headline.append(article.page ? el("a", article.headline || article.id, { href: article.page }) : el("span", article.headline || article.id));
  const source = el("td");
  if (article.link) source.append(el("a", new URL(article.link).hostname, { href: article.link, rel: "noopener noreferrer" }));
  else source.textContent = article.url;
  row.append(outlet, el("td", article.published), headline, el("td", article.language), el("td", article.words.toLocaleString("en"), { class: "num" }),
             el("td", article.frames.map((f) => frameLabel[f] || f).join(", ")), source);
  return row;
}

function showArticles() {
  const [outlet, language, frame, speaker] = ["f-outlet", "f-language", "f-frame", "f-speaker"].map((id) => $(id).value);
  const text = $("f-text").value.trim().toLowerCase();
  const shown = data.articles.filter((a) => (!outlet || a.outlet === outlet) && (!language || a.language === language)
    && (!frame || a.frames.includes(frame)) && (!speaker || a.speakers.includes(speaker)) && (!text || a.headline.toLowerCase().includes(text)));
  const value = (a) => (sortKey === "frames" ? a.frames.length : a[sortKey]);
  shown.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * sortDirection);
  $("articles").tBodies[0].replaceChildren(...shown.slice(0, ROWS).map(articleRow));
  $("article-count").textContent = `${shown.length} of ${data.articles.length} articles`
    + (shown.length > ROWS ? `; the first ${ROWS} in this order are shown: filter or sort to see others` : "");
}

for (const th of document.querySelectorAll("#articles th[data-key]")) {
  th.addEventListener("click", () => {
    sortDirection = sortKey === th.dataset.key ? -sortDirection : 1;
    sortKey = th.dataset.key;
    document.querySelectorAll("#articles th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", sortDirection === 1 ? "ascending" : "descending");
    showArticles();
  });
}
for (const id of ["f-outlet", "f-language", "f-frame", "f-speaker", "f-text"]) $(id).addEventListener("input", showArticles);

// ── explorer ──────────────────────────────────────────────────────────────────
const choices = {
  frame: data.frames.map((f) => f.id),
  marker: Object.keys(data.rates.marker).sort((a, b) => a.localeCompare(b)),
  speaker: Object.keys(data.rates.speaker).sort((a, b) => a.localeCompare(b)),
};

function setKind() {
  const kind = $("x-kind").value;
  $("x-term-label").hidden = kind !== "term";
  $("x-value-label").hidden = kind === "term";
  $("x-value").replaceChildren();
  if (kind !== "term") for (const value of choices[kind]) $("x-value").append(el("option", kind === "frame" ? frameLabel[value] : value, { value }));
}

function termPattern(term) {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s-]+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "giu");
}

function matcher(kind, value) {
  if (kind === "frame") return (s) => s.f.includes(value);
  if (kind === "speaker") return (s) => s.q.includes(value);
  if (kind === "marker") {
    const [frame, marker] = value.split(" · ");
    return (s) => s.f.includes(frame) && s.m.includes(marker);
  }
  const pattern = termPattern(value);
  return (s) => { pattern.lastIndex = 0; return pattern.test(s.t); };
}

function counts(kind, value, matching) {
  if (kind !== "term") return data.rates[kind][value] || {};
  const pattern = termPattern(value), found = {};
  for (const s of matching) found[s.o] = (found[s.o] || 0) + (s.t.match(pattern) || []).length;
  return found;
}

// The exact (Garwood) 95% interval of a count taken as Poisson, as chart 02 and frames_by_outlet.csv give rates:
// its bounds are gamma quantiles, found by bisection on the regularized incomplete gamma function.
function logGamma(x) {  // Lanczos (g = 7)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (x - 1 + i);
  const t = x + 6.5;
  return 0.5 * Math.log(2 * Math.PI) + (x - 0.5) * Math.log(t) - t + Math.log(sum);
}
function gammaP(a, x) {  // P(a, x): series below a + 1, continued fraction above (Numerical Recipes 6.2)
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a, sum = term;
    for (let n = 1; n < 1000 && term > sum * 1e-15; n++) { term *= x / (a + n); sum += term; }
    return sum * front;
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a); b += 2;
    d = 1 / (Math.abs(an * d + b) < 1e-300 ? 1e-300 : an * d + b);
    c = Math.abs(b + an / c) < 1e-300 ? 1e-300 : b + an / c;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return 1 - front * h;
}
function gammaQuantile(p, a) {
  let low = 0, high = a + 20 * Math.sqrt(a) + 20;
  for (let i = 0; i < 100; i++) { const mid = (low + high) / 2; if (gammaP(a, mid) < p) low = mid; else high = mid; }
  return (low + high) / 2;
}
function poissonInterval(count) { return [count > 0 ? gammaQuantile(0.025, count) : 0, gammaQuantile(0.975, count + 1)]; }

function explore() {
  const kind = $("x-kind").value;
  const value = kind === "term" ? $("x-term").value.trim() : $("x-value").value;
  $("rates").replaceChildren(); $("hits").replaceChildren();
  if (!value) { $("explore-count").textContent = "Pick something to look for."; return; }
  const matching = data.sentences.filter(matcher(kind, value));
  const found = counts(kind, value, matching);
  const per1000 = (count, o) => (1000 * count) / Math.max(o.words, 1);
  const rows = data.outlets.map((o) => {
    const count = found[o.name] || 0, [low, high] = poissonInterval(count);
    return { outlet: o, count, rate: per1000(count, o), low: per1000(low, o), high: per1000(high, o) };
  });
  const scale = Math.max(...rows.map((r) => r.high), 1e-9);  // the bars and their intervals on one scale
  for (const { outlet, count, rate, low, high } of rows) {
    const track = el("div", null, { class: "track" });
    const bar = el("div", null, { class: "bar", style: `width: ${(100 * rate) / scale}%; background: ${outlet.colour}` });
    bar.dataset.outlet = outlet.name;
    track.append(bar, el("div", null, { class: "interval", style: `left: ${(100 * low) / scale}%; width: ${(100 * (high - low)) / scale}%` }));
    $("rates").append(el("span", outlet.name), track,
      el("span", `${rate.toFixed(1)} per 1,000 words (${count}; 95%: ${low.toFixed(1)}–${high.toFixed(1)})`));
  }
  for (const s of matching.slice(0, SHOWN)) {
    const item = el("li"), article = articleOf[s.a];
    item.append(el("span", null, { class: "swatch", style: `background: ${outletOf[s.o].colour}` }), el("span", s.t), " ");
    const where = `${s.o}, ${article.headline || s.a}, sentence ${s.n}`;
    item.append(article.page ? el("a", where, { href: article.page, class: "src" }) : el("span", where, { class: "src" }));
    $("hits").append(item);
  }
  const what = kind === "term" ? "hits of the term" : "hits";
  $("explore-count").textContent = `${Object.values(found).reduce((a, b) => a + b, 0)} ${what} in the corpus's outlets; `
    + `${matching.length} sentence${matching.length === 1 ? "" : "s"} held here carry it` + (matching.length > SHOWN ? `, the first ${SHOWN} shown.` : ".");
}

$("x-kind").value = ["frame", "marker", "speaker", "term"].includes(hash.get("kind")) ? hash.get("kind") : "frame";
setKind();
if (hash.get("value") !== null) $("x-value").value = hash.get("value");
$("x-term").value = hash.get("term") || "";
$("x-kind").addEventListener("input", () => { setKind(); explore(); });
$("x-value").addEventListener("input", explore);
$("x-term").addEventListener("input", explore);
showArticles();
explore();
