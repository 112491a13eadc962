// The status page: signs in through meta (POST api/v1/login, which asks auth), keeps the token for
// this tab only (sessionStorage), and polls the admin-only cluster and event APIs with it as a
// bearer header. No cookies, so no cross-site request can ride on the session. Everything drawn
// from the server goes in through textContent, never as markup.
"use strict";

const REFRESH_MS = 2500;
const EVENTS_SHOWN = 200;
const TOKEN_KEY = "dfs.status.token";
const USER_KEY = "dfs.status.user";

const $ = id => document.getElementById(id);
let timer = null;
let lastSeq = 0;
let boot = null;
let events = [];

class SignedOut extends Error {}

function size(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

function age(ms) {
  return ms < 10000 ? (ms / 1000).toFixed(1) + " s ago"
      : ms < 120000 ? Math.round(ms / 1000) + " s ago"
      : Math.round(ms / 60000) + " min ago";
}

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function showLogin(message, problem) {
  clearTimeout(timer);
  $("cluster").hidden = true;
  $("login").hidden = false;
  $("sign-out").hidden = true;
  $("who").hidden = true;
  $("updated").textContent = "signed out";
  $("login-message").textContent = message;
  $("login-message").className = problem ? "problem" : "";
  $("password").value = "";
  $("username").focus();
}

function signOut(message, problem) {
  sessionStorage.removeItem(TOKEN_KEY);
  events = [];
  lastSeq = 0;
  showLogin(message, problem);
}

async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new SignedOut();
  const r = await fetch(path, { cache: "no-store", headers: { "Authorization": "Bearer " + token } });
  if (r.status === 401) {
    signOut("Your session has ended. Sign in again.", true);
    throw new SignedOut();
  }
  if (r.status === 403) {
    signOut("The user " + (sessionStorage.getItem(USER_KEY) || "you signed in as")
        + " is not an administrator; the cluster view is for administrators only.", true);
    throw new SignedOut();
  }
  if (!r.ok) {
    let why = "HTTP " + r.status;
    try { why = (await r.json()).message || why; } catch (e) { /* not JSON: keep the status */ }
    throw new Error(why);
  }
  return r.json();
}

function renderSummary(c) {
  $("live-nodes").textContent = c.liveNodes;
  $("dead-nodes").textContent = c.deadNodes;
  $("capacity").textContent = size(c.capacityBytes);
  $("used").textContent = size(c.usedBytes);
  $("files").textContent = c.files;
  $("blocks").textContent = c.blocks;
  $("under").textContent = c.underReplicatedBlocks;
  $("missing").textContent = c.missingBlocks;
  $("dead-tile").className = "tile" + (c.deadNodes > 0 ? " warn" : "");
  $("under-tile").className = "tile" + (c.underReplicatedBlocks > 0 ? " warn" : "");
  $("missing-tile").className = "tile" + (c.missingBlocks > 0 ? " warn" : "");
}

function usage(n) {
  const td = el("td");
  const wrap = el("div", null, "usage");
  const pct = n.capacityBytes > 0 ? Math.min(100, 100 * n.usedBytes / n.capacityBytes) : 0;
  const meter = el("span", null, "meter" + (pct >= 90 ? " full" : ""));
  meter.title = pct.toFixed(1) + "% used";
  const fill = el("span");
  fill.style.width = pct.toFixed(1) + "%";
  meter.appendChild(fill);
  wrap.appendChild(meter);
  wrap.appendChild(el("span", size(n.usedBytes) + " / " + size(n.capacityBytes)));
  td.appendChild(wrap);
  return td;
}

function renderNodes(nodes) {
  const body = $("node-rows");
  body.replaceChildren();
  if (nodes.length === 0) {
    const td = el("td", "No data node has joined yet.");
    td.colSpan = 6;
    body.appendChild(el("tr")).appendChild(td);
    return;
  }
  for (const n of nodes) {
    const tr = el("tr");
    tr.dataset.node = n.id;
    tr.dataset.state = n.state;
    tr.appendChild(el("td", n.id, "node-id"));
    tr.appendChild(el("td", n.address));
    const state = el("td", n.state, "state " + (n.state === "live" ? "live" : "dead"));
    if (n.deadReason) {
      state.title = n.deadReason + (n.deadSince ? " (since " + new Date(n.deadSince).toLocaleTimeString() + ")" : "");
    }
    tr.appendChild(state);
    tr.appendChild(el("td", age(n.lastHeartbeatAgeMs), "num"));
    tr.appendChild(usage(n));
    tr.appendChild(el("td", n.blocks, "num"));
    body.appendChild(tr);
  }
}

/** Returns false when meta restarted since the last page: its events are then asked for again from 0. */
function takeEvents(page) {
  if (boot !== null && page.boot !== boot) {
    boot = page.boot;
    events = [];
    lastSeq = 0;
    return false;
  }
  boot = page.boot;
  events = page.events.slice().reverse().concat(events).slice(0, EVENTS_SHOWN);
  lastSeq = page.lastSeq;
  return true;
}

function renderEvents() {
  const list = $("events");
  list.replaceChildren();
  if (events.length === 0) {
    list.appendChild(el("li", "Nothing has happened since meta started.", "empty"));
    return;
  }
  for (const e of events) {
    const li = el("li");
    li.dataset.kind = e.kind;
    li.dataset.seq = e.seq;
    const when = new Date(e.time);
    const time = el("time", when.toLocaleTimeString(), "time");
    time.dateTime = when.toISOString();
    li.appendChild(time);
    li.appendChild(el("span", e.kind.replace(/_/g, " "), "kind " + e.kind));
    li.appendChild(el("span", e.message, "message"));
    list.appendChild(li);
  }
}

async function refresh() {
  clearTimeout(timer);
  try {
    const [cluster, page] = await Promise.all([api("api/v1/cluster"), api("api/v1/events?since=" + lastSeq)]);
    $("login").hidden = true;
    $("cluster").hidden = false;
    $("sign-out").hidden = false;
    $("who").hidden = false;
    $("who").textContent = "signed in as " + (sessionStorage.getItem(USER_KEY) || "?");
    renderSummary(cluster);
    renderNodes(cluster.nodes);
    if (!takeEvents(page)) {
      timer = setTimeout(refresh, 0);
      return;
    }
    renderEvents();
    $("error").textContent = "";
    $("updated").textContent = "updated " + new Date().toLocaleTimeString() + ", every " + REFRESH_MS / 1000 + " s";
  } catch (e) {
    if (e instanceof SignedOut) return;
    $("error").textContent = "Cannot reach meta: " + e.message;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

async function logIn(event) {
  event.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  $("login-submit").disabled = true;
  try {
    const r = await fetch("api/v1/login", {
      method: "POST",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    let body = {};
    try { body = await r.json(); } catch (e) { /* an answer without JSON: judged by status */ }
    if (r.ok && body.token) {
      sessionStorage.setItem(TOKEN_KEY, body.token);
      sessionStorage.setItem(USER_KEY, username);
      $("password").value = "";
      events = [];
      lastSeq = 0;
      refresh();
      return;
    }
    if (r.status === 401) {
      showLogin("Wrong user name or password.", true);
    } else if (r.status === 429) {
      const wait = r.headers.get("Retry-After");
      showLogin("Too many failed sign-ins" + (wait ? "; try again in " + wait + " s." : "; wait a while."), true);
    } else {
      showLogin(body.message || ("Sign-in failed: HTTP " + r.status), true);
    }
  } catch (e) {
    showLogin("Cannot reach meta: " + e.message, true);
  } finally {
    $("login-submit").disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", logIn);
  $("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(USER_KEY);
    signOut("Signed out.", false);
  });
  if (sessionStorage.getItem(TOKEN_KEY)) {
    refresh();
  } else {
    showLogin("Sign in as an administrator to see the cluster.", false);
  }
});
