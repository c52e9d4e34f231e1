/**
 * @module `GET /pair`: where an invite link (`sync-health users add`) lands when opened in a browser. A plain
 * page saying how to install the extension and pair it: the server's address, and the personal token,
 * which sits in the link's fragment (`#token=…`, never sent to a server) and is read by the page's own
 * script. Nothing else of the server is on it. Served by the shared server only, behind the same Host
 * check as the API, with a CSP that allows only the page's own script and style.
 *
 * The extension takes an invite by pasting the link in its pairing form (ProxyForm). A button that hands
 * the invite to an installed extension directly would need either `externally_connectable` for every
 * team server's host (unknown at build time) or a content script on every https page (a host permission
 * for all sites, which the extension deliberately does not ask for), so the page offers copy buttons.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { pageSecurityHeaders } from './security-headers';

/** The page's own script: reads the token from the fragment, fills it in and copies on request. */
const SCRIPT = `(() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const show = (id, on) => { document.getElementById(id).hidden = !on; };
  show('with-token', Boolean(token));
  show('without-token', !token);
  if (!token) return;
  document.getElementById('invite').textContent = location.href;
  document.getElementById('token').textContent = token;
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      const note = document.getElementById(button.dataset.copy + '-note');
      try {
        await navigator.clipboard.writeText(text);
        note.textContent = 'Copied.';
      } catch {
        note.textContent = 'The browser did not let the page copy: select the text and copy it yourself.';
      }
    });
  }
})();
`;

const STYLE = `:root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}
body{margin:2rem auto;max-width:40rem;padding:0 1rem}
code,output{font-family:ui-monospace,monospace;word-break:break-all;background:color-mix(in srgb,currentColor 8%,transparent);padding:.1rem .3rem;border-radius:4px}
ol li{margin-bottom:.75rem}
button{font:inherit;margin-left:.5rem}
.note{font-size:.9rem;opacity:.8}
`;

export function createPairPage(opts: { publicUrl?: string }) {
  const app = new Hono();
  app.use('*', pageSecurityHeaders());
  app.use('*', async (c, next) => {
    await next();
    // The page is the same for everyone; the token never reaches the server, but no copy is kept anyway.
    c.header('Cache-Control', 'no-store');
  });
  app.get('/pair.js', (c) => c.body(SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/pair.css', (c) => c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/', (c) => {
    const server = opts.publicUrl ?? new URL(c.req.url).origin;
    return c.html(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pair your browser with Sync Health</title>
<link rel="stylesheet" href="/pair/pair.css">
<script src="/pair/pair.js" defer></script>
</head>
<body>
<h1>Pair your browser with your team's Sync Health</h1>
<p>This is your team's Sync Health server: <code data-testid="server">${server}</code>.
It shows the health of the HubSpot ↔ Salesforce sync in a side panel of your browser.</p>
<div id="with-token" hidden>
<ol>
  <li>Install the Sync Health extension in Chrome or Firefox. If it is not in your browser's extension
  store, ask the admin who sent you this link for the package.</li>
  <li>Open its side panel (the Sync Health button in the toolbar), then <strong>Settings</strong> →
  <strong>Proxy and pairing</strong>.</li>
  <li>Paste this invite link in <strong>Proxy or team server address</strong>; it fills in the address and
  your personal token:<br>
  <output id="invite" data-testid="invite"></output>
  <button type="button" data-copy="invite" hidden>Copy invite link</button> <span id="invite-note" role="status"></span></li>
  <li>Choose <strong>Save</strong>, then <strong>Allow</strong> when the browser asks to let Sync Health reach
  this server.</li>
</ol>
<p>Or fill the two fields yourself: the address <code>${server}</code> and your personal token
<output id="token" data-testid="token"></output>
<button type="button" data-copy="token" hidden>Copy token</button> <span id="token-note" role="status"></span></p>
<p class="note">The token is yours alone: it signs your changes in the sync's activity. Do not forward this
link. If someone else saw it, ask an admin to make you a new one (the old one then stops working).</p>
</div>
<div id="without-token">
<p data-testid="no-token">This page needs the whole invite link, including the part after <code>#token=</code>. Open
the link exactly as you received it, or ask an admin of the server for a new one: they make it with
<code>sync-health users add &lt;your e-mail&gt; --role admin</code> (or <code>--role viewer</code>).</p>
</div>
</body>
</html>`);
  });
  return app;
}
