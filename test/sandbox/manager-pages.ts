// Stand-in WhatsApp Manager pages, served as business.facebook.com. Plainly marked as stand-ins.
// One small single-page app: it changes numbers with history.pushState, as the real Manager does.
// Two layouts of the same app: an app shell like the real Manager (the default), and a simple
// flowing page (`layout=simple` in the query); the shell also comes dark (`theme=dark`), and
// right to left (`dir=rtl`).
import { BUSINESS_ID, type SandboxState, WABA_MAIN } from './seed';

/** Where GET / on the Manager host redirects: the main WABA's phone numbers. */
export const managerHome = () =>
  `/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}`;

const SPA_PATHS = [
  /^\/wa\/manage\/(home|phone-numbers|message-templates)\/?$/,
  /^\/latest\/whatsapp_manager\/(phone_numbers|message_templates|overview)?\/?$/,
];

export const isManagerPath = (path: string) => SPA_PATHS.some((re) => re.test(path));

/** The numbers a page may list: JSON for the page script (escaped for a <script> element). */
function pageData(state: SandboxState, wabaId: string | null) {
  const waba = wabaId ? state.wabas.get(wabaId) : undefined;
  const numbers = waba
    ? [...state.phones.values()]
        .filter((p) => p.wabaId === waba.id)
        .map((p) => ({ display: p.display_phone_number, name: p.verified_name }))
    : [];
  return JSON.stringify({ waba: waba ?? null, numbers }).replace(/</g, '\\u003c');
}

/**
 * A Content-Security-Policy like the one Meta sends with business.facebook.com (trimmed): frames
 * only from Meta's hosts. Extension frames put in by a content script are not web content the
 * page chose; whether the browser lets them through is what the overlay tests find out.
 */
export const MANAGER_CSP = [
  "default-src 'self' data: blob: https://*.facebook.com https://*.fbcdn.net",
  "script-src 'self' 'unsafe-inline' https://*.facebook.com https://*.fbcdn.net",
  "style-src 'self' 'unsafe-inline' https://*.fbcdn.net",
  "img-src 'self' data: blob: https://*.facebook.com https://*.fbcdn.net",
  "connect-src 'self' https://*.facebook.com wss://*.facebook.com",
  'frame-src https://*.facebook.com https://*.fbsbx.com https://*.fbcdn.net',
  "worker-src 'self' blob:",
  'upgrade-insecure-requests',
].join('; ');

/** Hosts the sandbox serves a plain framing page on, to test who may frame Residency's panel. */
export const FRAMER_HOSTS = ['framer.example', 'ads.fbsbx.com'];

/**
 * A page on another site that frames whatever `src` names: a non-Manager page trying to show
 * Residency's panel, or (on a Meta-looking host) a foreign frame inside a Manager tab.
 */
export function framingPage(url: URL): string {
  const src = JSON.stringify(url.searchParams.get('src') ?? 'about:blank').replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site (sandbox)</title></head>
<body><h1>Another site</h1>
<iframe id="framed" title="Framed page" width="420" height="300"></iframe>
<script>document.getElementById('framed').src = ${src};</script>
</body></html>`;
}

const SIMPLE_STYLE = `
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1c2b33; background: #f0f2f5; }
  .banner { position: sticky; top: 0; z-index: 10; background: #fff3cd; color: #5c4400; padding: 6px 16px; font-weight: 600; border-bottom: 1px solid #e0c36a; }
  header { display: flex; justify-content: space-between; align-items: center; background: #fff; padding: 10px 16px; border-bottom: 1px solid #dde; }
  header .actions button { margin-left: 8px; }
  .layout { display: flex; }
  nav { width: 200px; padding: 12px; }
  nav a { display: block; padding: 6px 8px; color: #1c2b33; text-decoration: none; border-radius: 6px; }
  nav a:hover { background: #e4e6eb; }
  main { flex: 1; padding: 16px; min-width: 0; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: left; padding: 8px; border-bottom: 1px solid #eee; }
  .card { background: #fff; padding: 16px; border-radius: 8px; }
  .help { display: none; }
`;

/**
 * The app shell: the document never scrolls, the bars and the navigation are fixed layers, the
 * content scrolls in its own container, the Manager's own help button sits in the corner where
 * Residency's pill docks by default, pop-up layers come and go in the body, and a CSS reset
 * styles every element (iframes included) the way sites do.
 */
const SHELL_STYLE = `
  *, *::before, *::after { box-sizing: border-box; margin: 0; padding: 0; border: 0; font: inherit; }
  iframe { display: block; max-width: 100%; border: 2px solid red; opacity: 0.5; }
  html, body { height: 100%; overflow: hidden; }
  body { font: 14px/1.4 system-ui, sans-serif; color: #1c2b33; background: #f0f2f5; }
  #app { position: absolute; inset: 0; }
  .topbar { position: fixed; inset-block-start: 0; inset-inline: 0; height: 88px; z-index: 300; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  .banner { background: #fff3cd; color: #5c4400; padding: 6px 16px; font-weight: 600; border-bottom: 1px solid #e0c36a; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 10px 16px; }
  header .actions button, .help { margin-inline-start: 8px; padding: 6px 12px; border-radius: 6px; background: #e4e6eb; cursor: pointer; }
  nav { position: fixed; inset-block: 88px 0; inset-inline-start: 0; width: 220px; z-index: 200; background: #fff; padding: 12px; border-inline-end: 1px solid #dde; }
  nav a { display: block; padding: 6px 8px; color: #1c2b33; text-decoration: none; border-radius: 6px; cursor: pointer; }
  nav a:hover { background: #e4e6eb; }
  .layout { position: absolute; inset-block: 88px 0; inset-inline: 220px 0; overflow: auto; }
  main { padding: 16px; min-width: 0; }
  h1 { font-size: 24px; font-weight: 700; margin: 8px 0; }
  h2 { font-size: 18px; margin: 8px 0; }
  p { margin: 8px 0; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: start; padding: 8px; border-bottom: 1px solid #eee; }
  .card { background: #fff; padding: 16px; border-radius: 8px; }
  .help { position: fixed; inset-inline-end: 16px; bottom: 16px; z-index: 400; background: #0866ff; color: #fff; font-weight: 600; border-radius: 20px; padding: 10px 16px; }
  .layer { position: fixed; top: 96px; left: 50%; transform: translateX(-50%); z-index: 1000; background: #1c2b33; color: #fff; padding: 8px 14px; border-radius: 6px; }
`;

/**
 * The app shell in the Manager's dark mode (`theme=dark` in the query): dark backgrounds on the
 * body and every layer, so the overlay's automatic appearance has a dark page to follow.
 */
const SHELL_DARK_STYLE = `
  html { color-scheme: dark; }
  body { color: #e4e6eb; background: #18191a; }
  .topbar, nav { background: #242526; border-color: #3a3b3c; }
  .banner { background: #3b3000; color: #ffe08a; border-color: #5c4400; }
  header .actions button { background: #3a3b3c; color: #e4e6eb; }
  nav a { color: #e4e6eb; }
  nav a:hover { background: #3a3b3c; }
  table, .card { background: #242526; }
  th, td { border-color: #3a3b3c; }
  a { color: #4599ff; }
`;

/** A toast layer appended to the body and removed again, as the Manager's pop-ups are. */
const LAYERS_SCRIPT = `<script>
(() => {
  let layer = null;
  setInterval(() => {
    if (layer) { layer.remove(); layer = null; return; }
    layer = document.createElement('div');
    layer.className = 'layer';
    layer.textContent = 'All changes saved';
    document.body.append(layer);
  }, 1500);
})();
</script>`;

export function managerPage(state: SandboxState, url: URL): string {
  const wabaId = url.searchParams.get('waba_id') ?? url.searchParams.get('asset_id');
  const shell = url.searchParams.get('layout') !== 'simple';
  // The Manager in its dark mode, and in a right-to-left language (the shell mirrors itself).
  const dark = shell && url.searchParams.get('theme') === 'dark';
  const rtl = url.searchParams.get('dir') === 'rtl';
  return `<!doctype html>
<html lang="en"${rtl ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>WhatsApp Manager (sandbox stand-in)</title>
<style>${shell ? SHELL_STYLE : SIMPLE_STYLE}${dark ? SHELL_DARK_STYLE : ''}</style>
</head>
<body>
<div id="app">
<div class="topbar">
<div class="banner" role="note">Sandbox stand-in for WhatsApp Manager — not a Meta page</div>
<header><strong>WhatsApp Manager</strong><div class="actions"><button type="button">Add phone number</button><button type="button">Settings</button></div></header>
</div>
<div class="layout">
  <nav aria-label="WhatsApp Manager"><a data-to="home">Overview</a><a data-to="phones">Phone numbers</a><a data-to="templates">Message templates</a></nav>
  <main id="main"></main>
</div>
<button type="button" class="help">Help</button>
</div>
<script id="data" type="application/json">${pageData(state, wabaId)}</script>
<script>
(() => {
  const data = JSON.parse(document.getElementById('data').textContent);
  const main = document.getElementById('main');
  const latest = () => location.pathname.startsWith('/latest/');
  const params = () => new URLSearchParams(location.search);
  const el = (tag, text, attrs) => { const e = document.createElement(tag); if (text) e.textContent = text; Object.assign(e, attrs || {}); return e; };

  function urlFor(view, number) {
    const p = params();
    const biz = p.get('business_id') || '';
    const waba = p.get('waba_id') || p.get('asset_id') || '';
    if (latest()) {
      const base = view === 'templates' ? '/latest/whatsapp_manager/message_templates/' : view === 'home' ? '/latest/whatsapp_manager/overview/' : '/latest/whatsapp_manager/phone_numbers/';
      let q = view === 'phones'
        ? 'business_id=' + biz + '&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=' + waba
        : 'business_id=' + biz + '&asset_id=' + waba;
      if (number) q += '&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=' + encodeURIComponent(number.replace(/^\\+/, ''));
      return base + '?' + q;
    }
    const base = view === 'templates' ? '/wa/manage/message-templates/' : view === 'home' ? '/wa/manage/home/' : '/wa/manage/phone-numbers/';
    let q = 'business_id=' + biz + '&waba_id=' + waba;
    if (number) q += '&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=' + number.replace(/\\D/g, '');
    return base + '?' + q;
  }
  // A page as full as the Manager's: a week of made-up message counts under each number.
  function insights() {
    const section = el('section', '', { className: 'card' });
    section.append(el('h2', 'Insights (sample data)'));
    const table = el('table');
    const head = el('tr'); head.append(el('th', 'Day'), el('th', 'Sent'), el('th', 'Delivered'), el('th', 'Read'));
    table.append(head);
    for (let d = 1; d <= 14; d++) {
      const row = el('tr');
      row.append(el('td', 'Day ' + d), el('td', String(100 + d * 7)), el('td', String(95 + d * 7)), el('td', String(60 + d * 5)));
      table.append(row);
    }
    section.append(table);
    return section;
  }
  function go(view, number) { history.pushState({}, '', urlFor(view, number)); render(); }

  function render() {
    main.replaceChildren();
    if (!data.waba) { main.append(el('h1', 'No access to this account')); return; }
    const p = params();
    const phone = p.get('phone_number');
    const path = location.pathname;
    if (path.includes('template')) { main.append(el('h1', 'Message templates'), el('p', 'Templates of ' + data.waba.name)); return; }
    if (path.includes('home') || path.includes('overview')) { main.append(el('h1', 'Overview'), el('p', data.waba.name), insights()); return; }
    if (phone) {
      const digits = phone.replace(/\\D/g, '');
      const n = data.numbers.find((x) => x.display.replace(/\\D/g, '') === digits);
      const card = el('div', '', { className: 'card' });
      card.append(el('h1', n ? n.display : phone), el('h2', n ? n.name : 'Unknown number'));
      const back = el('a', 'Back to phone numbers', { href: urlFor('phones') });
      back.addEventListener('click', (e) => { e.preventDefault(); go('phones'); });
      card.append(back);
      main.append(card, insights());
      return;
    }
    main.append(el('h1', 'Phone numbers'), el('p', data.waba.name + ' · ' + data.numbers.length + ' numbers'));
    const table = el('table');
    const head = el('tr'); head.append(el('th', 'Phone number'), el('th', 'Display name'));
    table.append(head);
    for (const n of data.numbers) {
      const row = el('tr');
      const cell = el('td');
      const link = el('a', n.display, { href: urlFor('phones', n.display) });
      link.addEventListener('click', (e) => { e.preventDefault(); go('phones', n.display); });
      cell.append(link);
      row.append(cell, el('td', n.name));
      table.append(row);
    }
    main.append(table);
  }

  for (const a of document.querySelectorAll('nav a')) {
    a.href = urlFor(a.dataset.to);
    a.addEventListener('click', (e) => { e.preventDefault(); go(a.dataset.to); });
  }
  addEventListener('popstate', render);
  render();
})();
</script>
${shell ? LAYERS_SCRIPT : ''}
</body>
</html>`;
}
