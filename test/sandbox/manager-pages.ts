// Stand-in WhatsApp Manager pages, served as business.facebook.com. Plainly marked as stand-ins.
// One small single-page app: it changes numbers with history.pushState, as the real Manager does.
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

export function managerPage(state: SandboxState, url: URL): string {
  const wabaId = url.searchParams.get('waba_id') ?? url.searchParams.get('asset_id');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>WhatsApp Manager (sandbox stand-in)</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1c2b33; background: #f0f2f5; }
  /* Sticky, not fixed: always visible, yet the page keeps a normal flow for injected panels. */
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
</style>
</head>
<body>
<div class="banner" role="note">Sandbox stand-in for WhatsApp Manager — not a Meta page</div>
<header><strong>WhatsApp Manager</strong><div class="actions"><button type="button">Add phone number</button><button type="button">Settings</button></div></header>
<div class="layout">
  <nav aria-label="WhatsApp Manager"><a data-to="home">Overview</a><a data-to="phones">Phone numbers</a><a data-to="templates">Message templates</a></nav>
  <main id="main"></main>
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
  function go(view, number) { history.pushState({}, '', urlFor(view, number)); render(); }

  function render() {
    main.replaceChildren();
    if (!data.waba) { main.append(el('h1', 'No access to this account')); return; }
    const p = params();
    const phone = p.get('phone_number');
    const path = location.pathname;
    if (path.includes('template')) { main.append(el('h1', 'Message templates'), el('p', 'Templates of ' + data.waba.name)); return; }
    if (path.includes('home') || path.includes('overview')) { main.append(el('h1', 'Overview'), el('p', data.waba.name)); return; }
    if (phone) {
      const digits = phone.replace(/\\D/g, '');
      const n = data.numbers.find((x) => x.display.replace(/\\D/g, '') === digits);
      const card = el('div', '', { className: 'card' });
      card.append(el('h1', n ? n.display : phone), el('h2', n ? n.name : 'Unknown number'));
      const back = el('a', 'Back to phone numbers', { href: urlFor('phones') });
      back.addEventListener('click', (e) => { e.preventDefault(); go('phones'); });
      card.append(back);
      main.append(card);
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
</body>
</html>`;
}
