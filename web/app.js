// SPDX-License-Identifier: Apache-2.0
// The vigil analyst console: a small single-page app over /console/api.
// Every element is built with the DOM (never innerHTML), so list and
// traveller data cannot inject markup. State changes send the session's
// CSRF token in X-CSRF-Token; the session itself is an HttpOnly cookie.

const API = '/console/api/';
let session = null; // {user, role, csrf, permissions}
let rows = []; // queue rows on screen, for j/k
let sel = -1;
const main = document.getElementById('main');
const statusEl = document.getElementById('status');

// ---- helpers ---------------------------------------------------------------

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function say(msg, error) {
  statusEl.textContent = msg || '';
  statusEl.className = error ? 'error' : '';
}

async function api(path, opts = {}) {
  const init = { method: opts.method || 'GET', headers: {}, credentials: 'same-origin' };
  if (opts.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (init.method !== 'GET' && session) init.headers['X-CSRF-Token'] = session.csrf;
  const r = await fetch(API + path, init);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 401 && path !== 'login') {
    const had = session;
    session = null;
    if (path !== 'session') showLogin(had ? 'Your session ended: please log in again.' : '');
    throw new Error('not logged in');
  }
  if (!r.ok) {
    const msg = data && data.detail ? data.detail : `HTTP ${r.status}`;
    const err = new Error(msg);
    err.status = r.status;
    throw err;
  }
  return data;
}

const fmt = (x) => (typeof x === 'number' ? x.toFixed(4) : '');
const badge = (s) => h('span', { class: `badge ${s}` }, s.replace('_', ' '));
const can = (p) => session && session.permissions && session.permissions[p];

function page(title, ...kids) {
  main.replaceChildren(h('h1', {}, title), ...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false && k !== ''));
  document.title = `${title} · vigil`;
  for (const a of document.querySelectorAll('#nav a'))
    a.toggleAttribute('aria-current', location.hash.startsWith(a.getAttribute('href')));
  for (const a of document.querySelectorAll('#nav a[aria-current]')) a.setAttribute('aria-current', 'page');
  main.focus();
}

// ---- login -----------------------------------------------------------------

function showLogin(msg) {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const user = h('input', { id: 'user', name: 'user', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      session = await api('login', { method: 'POST', body: { user: user.value, password: pass.value } });
      pass.value = '';
      say('');
      started();
      if (!location.hash || location.hash === '#/login') location.hash = defaultView();
      else route();
    } catch (e) {
      say(e.message, true);
      pass.value = '';
      pass.focus();
    }
  } },
  h('label', { for: 'user' }, 'User', user),
  h('label', { for: 'password' }, 'Password', pass),
  h('button', { type: 'submit', id: 'login' }, 'Log in'));
  main.replaceChildren(h('h1', {}, 'Log in'), form);
  say(msg || '', !!msg);
  user.focus();
}

function defaultView() {
  if (can('view')) return '#/queue';
  if (can('audit')) return '#/audit';
  return '#/queue';
}

function started() {
  document.getElementById('who').textContent = `${session.user} (${session.role})`;
  document.getElementById('logout').hidden = false;
  const nav = document.getElementById('nav');
  nav.hidden = false;
  for (const a of nav.querySelectorAll('a')) a.hidden = !can(a.dataset.perm);
}

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('logout', { method: 'POST', body: {} }); } catch (e) { /* ended anyway */ }
  session = null;
  location.hash = '#/login';
  showLogin('Logged out.');
});

// ---- queue -----------------------------------------------------------------

const STATUSES = ['open', 'pending_signoff', 'escalated', 'suppressed', 'cleared', 'confirmed',
  'closed_delisted', 'all'];
const filters = { status: 'open', list: '', flight: '', score_min: '', score_max: '',
  min_age_days: '', max_age_days: '' };
const PAGE = 100;
let offset = 0;

async function showQueue() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== '') q.set(k, v);
  q.set('limit', PAGE);
  q.set('offset', offset);
  const data = await api(`alerts?${q}`);
  const reload = () => showQueue().catch((e) => say(e.message, true));
  const field = (name, label, attrs) => {
    const input = h('input', { id: `f-${name}`, name, value: filters[name], ...attrs });
    return h('label', { for: `f-${name}` }, label, input);
  };
  const statusSel = h('select', { id: 'f-status', name: 'status' },
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s.replace('_', ' '))));
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    for (const k of Object.keys(filters)) filters[k] = (fd.get(k) || '').trim();
    offset = 0;
    reload();
  } },
  h('label', { for: 'f-status' }, 'Status', statusSel),
  field('list', 'List', { placeholder: 'un, ofac', size: 6 }),
  field('flight', 'Flight', { size: 8 }),
  field('score_min', 'Score from', { type: 'number', step: '0.01', min: 0, max: 1 }),
  field('score_max', 'Score to', { type: 'number', step: '0.01', min: 0, max: 1 }),
  field('min_age_days', 'Older than (days)', { type: 'number', min: 0 }),
  field('max_age_days', 'Newer than (days)', { type: 'number', min: 0 }),
  h('button', { type: 'submit' }, 'Filter'));
  const counts = h('div', { class: 'counts', role: 'group', 'aria-label': 'Counts by status' },
    STATUSES.filter((s) => s !== 'all').map((s) => h('button', {
      type: 'button', 'aria-pressed': String(filters.status === s), 'data-status': s,
      onclick: () => { filters.status = s; offset = 0; reload(); },
    }, `${s.replace('_', ' ')}: ${(data.counts && data.counts[s]) || 0}`)));
  rows = data.alerts || [];
  sel = rows.length ? 0 : -1;
  const tbody = h('tbody', {}, rows.map((a, i) => h('tr', {
    tabindex: 0, 'data-id': a.id, onclick: () => open(i),
    onkeydown: (ev) => { if (ev.key === 'Enter') open(i); },
  },
  h('td', {}, h('a', { href: `#/alert/${a.id}` }, `#${a.id}`)),
  h('td', {}, badge(a.status), a.suppressed_by ? ` by decision #${a.suppressed_by}` : ''),
  h('td', {}, fmt(a.score)),
  h('td', {}, a.caption || a.entity_id, h('br'), h('small', {}, a.entity_id)),
  h('td', {}, a.list || ''), h('td', {}, a.flight || ''), h('td', {}, a.created_at))));
  const table = h('table', { id: 'queue' },
    h('caption', {}, `${data.total} alert(s)`),
    h('thead', {}, h('tr', {}, ['Alert', 'Status', 'Score', 'List entry', 'List', 'Flight', 'Raised']
      .map((t) => h('th', { scope: 'col' }, t)))), tbody);
  const pager = data.total > PAGE ? h('p', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); reload(); } }, 'Previous'),
    ` ${offset + 1}–${Math.min(offset + PAGE, data.total)} of ${data.total} `,
    h('button', { type: 'button', disabled: offset + PAGE >= data.total, onclick: () => { offset += PAGE; reload(); } }, 'Next')) : '';
  page('Alert queue', form, counts, rows.length ? table : h('p', {}, 'No alerts match.'), pager);
  mark();
}

function mark() {
  const trs = document.querySelectorAll('#queue tbody tr');
  trs.forEach((tr, i) => tr.classList.toggle('sel', i === sel));
  if (sel >= 0 && trs[sel]) trs[sel].focus();
}

function open(i) {
  if (rows[i]) location.hash = `#/alert/${rows[i].id}`;
}

// ---- alert -----------------------------------------------------------------

function dl(pairs) {
  return h('dl', {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '' &&
    !(Array.isArray(v) && !v.length)).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// Marks the tokens of `text` that the scorer paired (case-insensitive).
function highlight(text, tokens) {
  const set = new Set(tokens.filter(Boolean).map((t) => t.toLowerCase()));
  const out = [];
  for (const part of String(text || '').split(/([\p{L}\p{N}]+)/u)) {
    const key = part.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    out.push(set.has(key) || set.has(part.toLowerCase()) ? h('mark', {}, part) : part);
  }
  return out;
}

function screenedPanel(a, tokens) {
  const q = a.query || {};
  if (a.masked) return h('section', {}, h('h2', {}, 'Screened record'), h('p', {}, 'Depersonalised (retention).'));
  const docs = (q.documents || []).map((d) => `${d.number || ''} ${d.country || ''}`.trim()).join(', ');
  const p = a.provenance || {};
  return h('section', { 'aria-labelledby': 'h-screened' }, h('h2', { id: 'h-screened' }, 'Screened record'),
    dl([['Name', h('span', { class: 'name' }, highlight(q.name || [q.first_name, q.last_name].join(' '), tokens))],
      ['Birth date', q.birth_date], ['Nationality', q.nationality], ['Gender', q.gender],
      ['Documents', docs], ['Source', [p.file, p.line ? `line ${p.line}` : '', p.id ? `id ${p.id}` : '']
        .filter(Boolean).join(', ')], ['Flight', p.flight], ['Screened', a.screened_at]]));
}

function entityPanel(a, tokens) {
  const e = a.entity || {};
  const names = e.names || [];
  const primary = names[0] ? names[0].full : a.entity_id;
  const docs = (e.documents || []).map((d) => [d.type, d.number, d.country && d.country.code]
    .filter(Boolean).join(' '));
  const places = (e.birth_places || []).map((p) => p.text);
  const nats = (e.nationalities || []).map((n) => n.text || n.code);
  return h('section', { 'aria-labelledby': 'h-entity' }, h('h2', { id: 'h-entity' }, 'List entry'),
    dl([['Name', h('span', { class: 'name' }, highlight(primary, tokens))], ['Entry', `${a.entity_id} (${a.list || e.source || ''})`],
      ['List version', a.list_version], ['Kind', e.kind],
      ['Birth dates', (e.birth_dates || []).map((d) => d.text).join(', ')],
      ['Birth places', places.join('; ')], ['Nationalities', nats.join(', ')],
      ['Documents', docs.length ? h('ul', {}, docs.map((d) => h('li', {}, d))) : ''],
      ['Programs', (e.programs || []).join(', ')], ['Listed on', e.listed_on && e.listed_on.text]]),
    h('h3', {}, 'Other names'),
    h('ul', { class: 'names' }, names.slice(1).map((n) => h('li', {}, highlight(n.full, tokens), ` (${n.role})`))),
    e.remarks ? [h('h3', {}, 'Remarks'), h('p', { class: 'remarks' }, e.remarks)] : '');
}

function explanationPanel(a) {
  const x = (a.explanation && a.explanation.explanation) || {};
  const pairs = x.tokens || [];
  const ev = x.evidence || [];
  return h('section', { class: 'card', 'aria-labelledby': 'h-why' }, h('h2', { id: 'h-why' }, 'Why it matched'),
    h('p', {}, `Score ${fmt(a.score)}; best name "${x.name || ''}" (${x.name_role || ''}), name score ${fmt(x.name_score)}`),
    h('table', { id: 'tokens' }, h('caption', {}, 'Matched tokens'),
      h('thead', {}, h('tr', {}, ['Screened', 'List', 'How', 'Similarity', 'Weight'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, pairs.map((p) => h('tr', {}, h('td', {}, p.query ? (p.method !== 'none' ? h('mark', {}, p.query) : p.query) : '—'),
        h('td', {}, p.list ? (p.method !== 'none' ? h('mark', {}, p.list) : p.list) : '—'), h('td', {}, p.method),
        h('td', {}, p.similarity), h('td', {}, p.weight))))),
    h('table', { id: 'evidence' }, h('caption', {}, 'Evidence and its effect on the score'),
      h('thead', {}, h('tr', {}, ['Evidence', 'Screened', 'List', 'Verdict', 'Effect'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ev.length ? ev.map((e) => h('tr', {}, h('td', {}, e.kind), h('td', {}, e.query),
        h('td', {}, e.list), h('td', {}, e.verdict),
        h('td', { class: e.effect > 0 ? 'pos' : e.effect < 0 ? 'neg' : '' },
          `${e.effect > 0 ? '+' : ''}${e.effect}`))) : h('tr', {}, h('td', { colspan: 5 }, 'No other evidence.')))));
}

function decisionsPanel(a) {
  const ds = a.decisions || [];
  return h('section', { class: 'card', 'aria-labelledby': 'h-dec' }, h('h2', { id: 'h-dec' }, 'Decisions'),
    ds.length ? h('ol', { id: 'decisions' }, ds.map((d) => h('li', {},
      `#${d.id} ${d.verdict} by ${d.analyst} at ${d.decided_at}: “${d.reason}”`,
      d.final ? (d.supervisor ? `; signed off by ${d.supervisor}` : '; final') : '',
      d.rejected_by ? `; sent back by ${d.rejected_by}: “${d.reject_reason}”` : '',
      !d.final && !d.rejected_by ? '; waiting for sign-off' : ''))) : h('p', {}, 'None yet.'),
    a.suppressing_decision ? h('p', { id: 'suppressed' },
      `Suppressed by decision #${a.suppressing_decision.id} (alert #${a.suppressing_decision.alert_id}, ` +
      `${a.suppressing_decision.analyst}, until ${a.suppressing_decision.expires_at || 'no expiry'})`) : '',
    a.reopened_by ? h('p', {}, `Reopened by ${a.reopened_by}: “${a.reopen_reason}”`) : '');
}

function reasonForm(id, label, fields, submit, onDone) {
  const reason = h('textarea', { id: `${id}-reason`, name: 'reason', required: true });
  const form = h('form', { class: 'action', id, onsubmit: async (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) { say('A reason is required.', true); reason.focus(); return; }
    try { await onDone(new FormData(form)); } catch (e) { say(e.message, true); }
  } }, h('h2', {}, label), fields, h('label', { for: `${id}-reason` }, 'Reason (required)'), reason,
  h('button', { type: 'submit' }, submit));
  return form;
}

async function showAlert(id) {
  const a = await api(`alerts/${id}`);
  const x = (a.explanation && a.explanation.explanation) || {};
  const tokens = (x.tokens || []).filter((p) => p.method !== 'none').flatMap((p) => [p.query, p.list]);
  const actions = [];
  if (can('decide') && (a.status === 'open' || a.status === 'escalated')) {
    const verdict = h('select', { id: 'verdict', name: 'verdict' },
      h('option', { value: 'false_positive' }, 'False positive (clear)'),
      h('option', { value: 'confirmed_match' }, 'Confirmed match'),
      h('option', { value: 'needs_escalation' }, 'Needs escalation'));
    actions.push(reasonForm('decide', 'Decide', h('label', { for: 'verdict' }, 'Verdict', verdict), 'Record decision',
      async (fd) => {
        const r = await api(`alerts/${id}/decide`, { method: 'POST', body: { verdict: fd.get('verdict'), reason: fd.get('reason') } });
        say(`Decision #${r.decision} recorded.`);
        await showAlert(id);
      }));
  }
  if (can('decide') && a.status === 'suppressed') {
    actions.push(reasonForm('reopen', 'Reopen this suppressed alert', null, 'Reopen', async (fd) => {
      await api(`alerts/${id}/reopen`, { method: 'POST', body: { reason: fd.get('reason') } });
      say(`Alert #${id} reopened.`);
      await showAlert(id);
    }));
  }
  if (can('sign_off') && a.status === 'pending_signoff') actions.push(signoffControls(id, () => showAlert(id)));
  page(`Alert #${a.id}`,
    h('p', {}, badge(a.status), ` score ${fmt(a.score)} · raised ${a.created_at} · `,
      h('a', { href: `#/case/${a.case_id}` }, `case #${a.case_id}`), ` · run #${a.run_id}`),
    h('div', { class: 'side' }, screenedPanel(a, tokens), entityPanel(a, tokens)),
    explanationPanel(a), decisionsPanel(a), actions);
}

// ---- four eyes -------------------------------------------------------------

function signoffControls(alertId, after) {
  const wrap = h('div', { class: 'card' });
  const approve = h('button', { type: 'button', id: `signoff-${alertId}`, onclick: async () => {
    try {
      await api(`alerts/${alertId}/sign-off`, { method: 'POST', body: {} });
      say(`Alert #${alertId} signed off.`);
      await after();
    } catch (e) { say(e.message, true); }
  } }, 'Sign off');
  const back = reasonForm(`sendback-${alertId}`, 'Or send it back', null, 'Send back', async (fd) => {
    await api(`alerts/${alertId}/send-back`, { method: 'POST', body: { reason: fd.get('reason') } });
    say(`Alert #${alertId} sent back.`);
    await after();
  });
  wrap.append(h('h2', {}, 'Second pair of eyes'), approve, back);
  return wrap;
}

async function showSignoff() {
  const data = await api('signoff');
  const items = data.pending || [];
  page('Four-eyes queue', items.length ? h('ul', { id: 'pending' }, items.map((p) => h('li', { class: 'card' },
    h('p', {}, h('a', { href: `#/alert/${p.alert_id}` }, `Alert #${p.alert_id}`),
      ` ${p.caption || p.entity_id}, score ${fmt(p.score)}: ${p.verdict} by ${p.analyst} at ${p.decided_at}`),
    h('p', {}, `Reason: “${p.reason}”`),
    signoffControls(p.alert_id, showSignoff)))) : h('p', {}, 'Nothing waits for sign-off.'));
}

// ---- case ------------------------------------------------------------------

async function showCase(id) {
  const c = await api(`cases/${id}`);
  page(`Case #${c.id}`, h('p', {}, `Opened ${c.opened_at}`),
    h('h2', {}, 'Screenings'),
    h('ul', {}, (c.screenings || []).map((s) => h('li', {},
      `#${s.id} run #${s.run_id} at ${s.screened_at}: `,
      s.masked ? 'depersonalised' : `${(s.query && s.query.name) || ''} ${(s.query && s.query.birth_date) || ''}`))),
    h('h2', {}, 'Alerts'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Alert', 'Status', 'Score', 'List entry', 'Raised'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, (c.alerts || []).map((a) => h('tr', {},
        h('td', {}, h('a', { href: `#/alert/${a.id}` }, `#${a.id}`)), h('td', {}, badge(a.status)),
        h('td', {}, fmt(a.score)), h('td', {}, a.caption || a.entity_id), h('td', {}, a.created_at))))));
}

// ---- audit -----------------------------------------------------------------

let auditAfter = 0;

async function showAudit() {
  const data = await api(`audit?limit=500&after=${auditAfter}`);
  const result = h('p', { id: 'verify-result', role: 'status' });
  const verify = h('button', { type: 'button', id: 'verify', onclick: async () => {
    try {
      const r = await api('audit/verify', { method: 'POST', body: {} });
      result.replaceChildren(r.ok ? h('span', { class: 'ok' }, `Chain intact: ${r.records} records verified.`)
        : h('span', { class: 'bad' }, `Chain broken at record ${r.first_bad}: ${r.reason}`));
    } catch (e) { say(e.message, true); }
  } }, 'Verify the chain');
  const recs = data.records || [];
  const last = recs.length ? recs[recs.length - 1].seq : auditAfter;
  const pager = h('p', { class: 'pager' },
    h('button', { type: 'button', disabled: auditAfter === 0, onclick: () => { auditAfter = Math.max(0, auditAfter - 500); showAudit().catch((e) => say(e.message, true)); } }, 'Earlier'),
    ' ',
    h('button', { type: 'button', disabled: last >= data.head, onclick: () => { auditAfter = last; showAudit().catch((e) => say(e.message, true)); } }, 'Later'));
  page('Audit trail', h('p', {}, `Signed head: record ${data.head}. Showing records ${recs.length ? recs[0].seq : 0}–${last}.`), verify, result, pager,
    h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Actor', 'Action', 'Object', 'Details']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, recs.map((r) => h('tr', {}, h('td', {}, r.seq), h('td', {}, r.time), h('td', {}, r.actor),
      h('td', {}, r.action), h('td', {}, r.object), h('td', {}, h('code', {}, JSON.stringify(r.details))))))));
}

// ---- routing and keys ------------------------------------------------------

async function route() {
  if (!session) return showLogin();
  const [, view, id] = location.hash.split('/');
  say('');
  try {
    if (view === 'alert' && id) await showAlert(id);
    else if (view === 'case' && id) await showCase(id);
    else if (view === 'signoff') await showSignoff();
    else if (view === 'audit') await showAudit();
    else if (can('view')) await showQueue();
    else await showAudit();
  } catch (e) {
    if (e.message !== 'not logged in') {
      main.replaceChildren(h('h1', {}, 'Cannot show this'), h('p', {}, e.message));
      say(e.message, true);
    }
  }
}

document.addEventListener('keydown', (ev) => {
  const t = ev.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const inQueue = document.getElementById('queue');
  if (ev.key === 'j' && inQueue && sel < rows.length - 1) { sel++; mark(); ev.preventDefault(); }
  else if (ev.key === 'k' && inQueue && sel > 0) { sel--; mark(); ev.preventDefault(); }
  else if (ev.key === 'g' && session) { location.hash = '#/queue'; }
  else if (ev.key === '/' && document.getElementById('f-status')) { document.getElementById('f-status').focus(); ev.preventDefault(); }
  else if (ev.key === '?') say('Keys: j/k move in the queue, Enter opens, g goes to the queue, / focuses the filters.');
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    session = await api('session');
    started();
    route();
  } catch (e) {
    showLogin();
  }
})();
