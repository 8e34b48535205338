// The example portal's script: mounts Connector Console twice and logs its events.
// ?api=sim-server makes the first instance talk to sim-server's sign-in Streamkap, with the
// portal owning auth through token_provider; otherwise both use the built-in simulator.
import init, { mount } from './embed.js';

await init();

const log = document.getElementById('events');
const show = (e) => {
  const li = document.createElement('li');
  li.dataset.type = e.type;
  li.textContent = `${e.type} ${JSON.stringify(e.detail)}`;
  log.append(li);
};
const first = document.getElementById('console-a');
for (const type of ['cc:connector-created', 'cc:connector-updated', 'cc:connector-deleted', 'cc:status-changed', 'cc:error']) {
  first.addEventListener(type, show);
}

// The portal's own auth: here it exchanges its service credentials for a token and caches it.
let cached = null;
async function portalToken() {
  if (cached && cached.until > Date.now()) return cached.token;
  const resp = await fetch('/api/streamkap-auth/auth/access-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'e2e-client', secret: 'e2e-secret' }),
  });
  const body = await resp.json();
  cached = { token: body.accessToken, until: Date.now() + (body.expiresIn - 1) * 1000 };
  window.__tokenRequests = (window.__tokenRequests || 0) + 1;
  return cached.token;
}

const viaServer = new URLSearchParams(location.search).get('api') === 'sim-server';
const a = mount(first, viaServer
  ? {
      backends: [{ id: 'portal', label: 'Streamkap (portal)', dialect: 'streamkap', base_url: '/api/streamkap-auth', auth: 'bearer' }],
      default_backend: 'portal',
      theme: 'light',
      token_provider: portalToken,
    }
  : { theme: 'light' });
const b = mount(document.getElementById('console-b'), { theme: 'dark' });
document.getElementById('unmount-b').addEventListener('click', () => b.unmount());
window.__consoles = { a, b };
