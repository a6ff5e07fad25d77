// Kumo's operator dashboard: logs in with an API token, then follows the engine over the
// WebSocket stream (fills, orders, positions, equity, log, alerts) and polls what the stream
// does not carry (strategies, risk, model drift). No framework, no CDN: served by the engine.
"use strict";

const state = { token: "", role: "", socket: null, curve: [], fills: [], retry: 0, timers: [] };
const $ = (id) => document.getElementById(id);
const won = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });
const price = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 2 });

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ Authorization: "Bearer " + state.token }, body ? { "Content-Type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error((data && data.error) || response.status + " " + response.statusText);
  return data;
}

// ---- login ----------------------------------------------------------------------------------

async function login(token) {
  state.token = token;
  const me = await api("GET", "/api/v1/whoami");
  state.role = me.role;
  sessionStorage.setItem("kumo-token", token);
  document.body.classList.add("role-" + me.role);
  $("who").textContent = me.name + " · " + me.role;
  $("login").hidden = true;
  $("app").hidden = false;
  await Promise.all([loadPnl(), loadPositions(), loadOrders(), loadFills(), loadStrategies(), loadRisk(), loadAlerts(), loadModels()]);
  connect();
  state.timers.push(setInterval(loadStrategies, 2000), setInterval(loadRisk, 2000), setInterval(loadModels, 10000), setInterval(loadAccount, 1000), setInterval(loadPositions, 1000));
}

function logout() {
  sessionStorage.removeItem("kumo-token");
  location.reload();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("login-error").textContent = "";
  try {
    await login($("token").value.trim());
  } catch (error) {
    $("login-error").textContent = error.message;
  }
});
$("logout").addEventListener("click", logout);

// ---- stream ---------------------------------------------------------------------------------

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + "/api/v1/stream");
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ auth: state.token }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.authenticated) {
      socket.send(JSON.stringify({ subscribe: ["fills", "orders", "positions", "equity", "log", "alerts"] }));
    } else if (message.subscribed) {
      setConnection(true);
      state.retry = 0;
    } else if (message.topic) {
      onTopic(message.topic, message.data);
    } else if (message.error) {
      addLog("stream: " + message.error);
    }
  };
  socket.onclose = () => {
    setConnection(false);
    // Dropped (too slow, or the engine restarted): catch up, then follow again.
    const delay = Math.min(10000, 500 * 2 ** state.retry++);
    setTimeout(async () => {
      await Promise.allSettled([loadPnl(), loadPositions(), loadOrders(), loadFills()]);
      connect();
    }, delay);
  };
}

function setConnection(up) {
  $("conn").textContent = up ? "live" : "offline";
  $("conn").className = "pill " + (up ? "on" : "off");
}

function onTopic(topic, data) {
  switch (topic) {
    case "fills": addFill(data, true); break;
    case "orders": renderOrders(data); break;
    case "positions": renderPositions(data); break;
    case "equity": addEquity(data); break;
    case "log": addLog(data.message); break;
    case "alerts": addAlert(data); break;
  }
}

// ---- account and charts ---------------------------------------------------------------------

function signed(node, value, text) {
  node.textContent = text;
  node.className = value > 0 ? "pos" : value < 0 ? "neg" : "";
}

function renderAccount(account) {
  $("f-equity").textContent = won.format(account.equity);
  $("f-cash").textContent = won.format(account.cash);
  signed($("f-realized"), account.realized_pnl, won.format(account.realized_pnl));
  signed($("f-unrealized"), account.unrealized_pnl, won.format(account.unrealized_pnl));
  $("f-events").textContent = won.format(account.events);
  const halted = $("halted");
  halted.hidden = !account.halted;
  halted.textContent = account.halted ? "HALTED: " + account.halted : "";
}

async function loadAccount() { try { renderAccount(await api("GET", "/api/v1/account")); } catch (_) {} }

async function loadPnl() {
  const pnl = await api("GET", "/api/v1/pnl");
  renderAccount(pnl);
  state.curve = pnl.curve;
  drawCharts();
}

function addEquity(tick) {
  $("f-equity").textContent = won.format(tick.equity);
  $("f-cash").textContent = won.format(tick.cash);
  $("f-events").textContent = won.format(tick.events);
  state.curve.push(tick);
  if (state.curve.length > 4000) state.curve = state.curve.filter((_, i) => i % 2 === 1);
  drawCharts();
}

function path(values, width, height, lo, hi) {
  const span = hi - lo || 1;
  return values.map((v, i) => (i ? "L" : "M") + ((i / Math.max(values.length - 1, 1)) * width).toFixed(1) + "," + (height - ((v - lo) / span) * height).toFixed(1)).join("");
}

function drawCharts() {
  const equity = state.curve.map((p) => p.equity);
  const drawdown = state.curve.map((p) => -p.drawdown);
  if (!equity.length) return;
  const last = state.curve[state.curve.length - 1];
  $("f-drawdown").textContent = (last.drawdown * 100).toFixed(2) + "%";
  const lo = Math.min(...equity), hi = Math.max(...equity);
  $("equity-chart").innerHTML = "";
  $("drawdown-chart").innerHTML = "";
  const ns = "http://www.w3.org/2000/svg";
  const line = document.createElementNS(ns, "path");
  line.setAttribute("d", path(equity, 800, 170, lo, hi));
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "#5cc8a8");
  line.setAttribute("stroke-width", "1.5");
  line.setAttribute("vector-effect", "non-scaling-stroke");
  $("equity-chart").appendChild(line);
  const area = document.createElementNS(ns, "path");
  area.setAttribute("d", path(drawdown, 800, 88, Math.min(...drawdown, -0.0001), 0) + "L800,0L0,0Z");
  area.setAttribute("fill", "rgba(224,82,92,.45)");
  $("drawdown-chart").appendChild(area);
  const labels = [[$("equity-chart"), "high " + won.format(hi) + " · low " + won.format(lo), 174], [$("drawdown-chart"), "max " + (Math.max(...state.curve.map((p) => p.drawdown)) * 100).toFixed(2) + "%", 84]];
  for (const [svg, text, y] of labels) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "6"); label.setAttribute("y", String(y)); label.setAttribute("fill", "#7d8a99"); label.setAttribute("font-size", "12");
    label.textContent = text;
    svg.appendChild(label);
  }
}

// ---- positions, orders, fills ---------------------------------------------------------------

function row(cells) {
  const tr = el("tr");
  for (const cell of cells) {
    if (cell instanceof Node) { const td = el("td"); td.appendChild(cell); tr.appendChild(td); }
    else if (typeof cell === "object" && cell !== null) tr.appendChild(el("td", cell.text, cell.cls));
    else tr.appendChild(el("td", cell));
  }
  return tr;
}

function renderPositions(positions) {
  const body = $("positions").tBodies[0];
  body.replaceChildren(...positions.map((p) => row([p.symbol, { text: won.format(p.qty), cls: "num" }, { text: price.format(p.avg_price), cls: "num" },
    { text: price.format(p.last), cls: "num" }, { text: won.format(p.unrealized_pnl), cls: "num " + (p.unrealized_pnl >= 0 ? "pos" : "neg") }])));
}
// The stream sends positions when quantities change; prices move in between, so they are also polled.
async function loadPositions() { renderPositions(await api("GET", "/api/v1/positions")); }

function renderOrders(orders) {
  const body = $("orders").tBodies[0];
  body.replaceChildren(...orders.map((o) => {
    const cancel = el("button", "Cancel", "trader-action");
    cancel.dataset.order = o.id;
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      try { await api("DELETE", "/api/v1/orders/" + encodeURIComponent(o.id)); await loadOrders(); }
      catch (error) { cancel.disabled = false; addLog("cancel " + o.id + ": " + error.message); }
    });
    const tr = row([o.id, o.strategy, o.symbol, { text: o.side, cls: o.side }, { text: won.format(o.qty - o.filled), cls: "num" },
      { text: o.price ? price.format(o.price) : o.type, cls: "num" }, o.status, cancel]);
    tr.dataset.order = o.id;
    return tr;
  }));
}
async function loadOrders() { renderOrders(await api("GET", "/api/v1/orders")); }

function addFill(fill, fresh) {
  const body = $("fills").tBodies[0];
  const tr = row([fill.time.slice(0, 19).replace("T", " "), fill.strategy, fill.symbol, { text: fill.side, cls: fill.side }, { text: won.format(fill.qty), cls: "num" }, { text: price.format(fill.price), cls: "num" }]);
  if (fresh) tr.classList.add("fresh");
  tr.dataset.order = fill.order_id;
  body.insertBefore(tr, body.firstChild);
  while (body.rows.length > 100) body.deleteRow(body.rows.length - 1);
  state.fills.push(fill);
  $("fill-count").textContent = "(" + (fresh ? "live " : "") + state.fills.length + ")";
}
async function loadFills() {
  $("fills").tBodies[0].replaceChildren();
  state.fills = [];
  for (const fill of await api("GET", "/api/v1/fills?limit=50")) addFill(fill, false);
}

// ---- strategies -----------------------------------------------------------------------------

async function strategyAction(name, action) {
  try { await api("POST", "/api/v1/strategies/" + encodeURIComponent(name) + "/" + action); await loadStrategies(); }
  catch (error) { addLog(action + " " + name + ": " + error.message); }
}

async function showReloads(name) {
  const history = await api("GET", "/api/v1/strategies/" + encodeURIComponent(name) + "/reloads");
  const box = $("reloads");
  box.replaceChildren(el("b", "Reloads of " + name + ": "));
  if (!history.length) box.appendChild(el("span", "none yet"));
  const list = el("ul", null, "feed mono");
  for (const r of history) list.appendChild(el("li", r.time + "  v" + r.version + "  " + r.outcome + (r.error ? ": " + r.error : "") + "  (" + r.trigger + ")"));
  box.appendChild(list);
}

async function loadStrategies() {
  const strategies = await api("GET", "/api/v1/strategies");
  $("strategies").tBodies[0].replaceChildren(...strategies.map((s) => {
    const actions = el("span");
    const reload = el("button", "Reload", "admin-action");
    reload.addEventListener("click", () => strategyAction(s.name, "reload"));
    const toggle = el("button", s.enabled ? "Disable" : "Enable", "admin-action");
    toggle.addEventListener("click", () => strategyAction(s.name, s.enabled ? "disable" : "enable"));
    const history = el("button", "History", "ghost");
    history.addEventListener("click", () => showReloads(s.name));
    actions.append(reload, " ", toggle, " ", history);
    const health = (s.enabled ? "" : "disabled · ") + s.health;
    const tr = row([s.name, "v" + s.version, { text: health, cls: s.health.startsWith("quarantined") || !s.enabled ? "neg" : "" }, { text: s.failures, cls: "num" },
      { text: (s.memory / 1024).toFixed(0) + " KiB", cls: "num" }, actions]);
    tr.dataset.strategy = s.name;
    return tr;
  }));
}

// ---- risk -----------------------------------------------------------------------------------

async function loadRisk() {
  const risk = await api("GET", "/api/v1/risk");
  const list = $("risk");
  list.replaceChildren();
  const entries = [["State", risk.halted ? "halted: " + risk.halted : "trading"], ["Today's P&L", won.format(risk.daily_pnl)], ["Rejected orders", risk.rejected]];
  for (const [key, value] of Object.entries(risk.limits)) if (value !== null) entries.push([key.replace(/_/g, " "), typeof value === "number" ? price.format(value) : value]);
  for (const [key, value] of entries) list.append(el("dt", key), el("dd", value));
  $("halted").hidden = !risk.halted;
  $("halted").textContent = risk.halted ? "HALTED: " + risk.halted : "";
}

// Halt and flatten ask once more on the button itself before they act.
function armed(button, act) {
  button.addEventListener("click", async () => {
    if (!button.classList.contains("armed")) {
      button.classList.add("armed");
      button.dataset.label = button.textContent;
      button.textContent = button.dataset.confirm;
      setTimeout(() => { button.classList.remove("armed"); button.textContent = button.dataset.label; }, 4000);
      return;
    }
    button.classList.remove("armed");
    button.textContent = button.dataset.label;
    try { $("risk-message").textContent = await act(); } catch (error) { $("risk-message").textContent = error.message; }
    await loadRisk();
  });
}
armed($("halt"), async () => { await api("POST", "/api/v1/risk/halt", { reason: "halted from the dashboard" }); return "Halted."; });
armed($("flatten"), async () => { const r = await api("POST", "/api/v1/risk/flatten", {}); return r.orders.length + " orders placed to flatten."; });
$("resume").addEventListener("click", async () => {
  try { await api("POST", "/api/v1/risk/resume", {}); $("risk-message").textContent = "Resumed."; } catch (error) { $("risk-message").textContent = error.message; }
  await loadRisk();
});

// ---- alerts, models, log --------------------------------------------------------------------

function addAlert(alert) {
  const item = el("li", (alert.time ? alert.time.slice(11, 19) + "  " : "") + (alert.state === "resolved" ? "✓ " : "▲ ") + alert.message, alert.state);
  $("alerts").insertBefore(item, $("alerts").firstChild);
  while ($("alerts").children.length > 100) $("alerts").lastChild.remove();
}
async function loadAlerts() {
  $("alerts").replaceChildren();
  for (const alert of (await api("GET", "/api/v1/alerts")).reverse()) addAlert(alert);
}

async function loadModels() {
  const models = (await api("GET", "/api/v1/models")).filter((m) => m.served);
  const box = $("models");
  if (!models.length) { box.replaceChildren(el("p", "No models served.", "muted")); return; }
  const parts = [];
  for (const model of models) {
    parts.push(el("h3", model.name + " v" + model.production + (model.shadow !== null ? " · shadow v" + model.shadow : "")));
    try {
      const drift = await api("GET", "/api/v1/models/" + encodeURIComponent(model.name) + "/drift");
      const grid = el("div", null, "psi");
      for (const [input, psi] of Object.entries(drift.psi).sort((a, b) => b[1] - a[1])) {
        const meter = el("span", null, "meter");
        const bar = el("i", null, psi > drift.threshold ? "over" : "");
        bar.style.width = Math.min(100, (psi / (drift.threshold * 2)) * 100) + "%";
        meter.appendChild(bar);
        grid.append(el("span", input), el("span", psi.toFixed(3), "num" + (psi > drift.threshold ? " pos" : "")), meter);
      }
      parts.push(grid);
    } catch (error) { parts.push(el("p", error.message, "muted")); }
  }
  box.replaceChildren(...parts);
}

function addLog(line) {
  const list = $("log");
  list.insertBefore(el("li", line), list.firstChild);
  while (list.children.length > 200) list.lastChild.remove();
}

// ---- start ----------------------------------------------------------------------------------

const saved = sessionStorage.getItem("kumo-token");
if (saved) login(saved).catch(() => sessionStorage.removeItem("kumo-token"));
