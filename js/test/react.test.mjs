// phi-guard/react against the built package, rendered with react-dom under jsdom. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './support/dom.mjs';

const { beacons } = installDom('https://app.example.com/patients/42?ssn=219-09-9999');

const React = await import('react');
const { createRoot } = await import('react-dom/client');
const { createGuard } = await import('phi-guard');
const { PhiErrorBoundary, usePhiErrorBoundary, createGlobalErrorHandler } = await import('phi-guard/react');
const { act, createElement: h } = React;
const guard = await createGuard();

const PHI = ['219-09-9999', 'maria.garcia@example.com', '555-0142'];
const noPhi = (s) => { for (const p of PHI) assert.ok(!String(s).includes(p), `leaked ${p}`); };
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

function Chart() {
  throw new Error('no chart for maria.garcia@example.com ssn 219-09-9999');
}

test('PhiErrorBoundary renders a PHI-free alert, moves focus and sends a redacted beacon', async () => {
  const container = document.getElementById('root');
  const root = createRoot(container, { onCaughtError: () => {} });
  const origError = console.error;
  console.error = () => {};
  try {
    await act(async () => { root.render(h(PhiErrorBoundary, { guard, relayUrl: '/api/phi-guard/relay' }, h(Chart))); });
    await flush();
  } finally {
    console.error = origError;
  }
  const alert = container.querySelector('[role="alert"]');
  assert.ok(alert, 'fallback has role=alert');
  noPhi(container.innerHTML);
  assert.match(alert.textContent, /Error/);
  const heading = alert.querySelector('h2');
  assert.equal(document.activeElement, heading, 'focus moved to the alert heading');
  assert.match(alert.textContent, /Reference: [0-9a-f-]{36}/);

  assert.equal(beacons.length, 1);
  assert.equal(beacons[0].url, '/api/phi-guard/relay');
  const payload = JSON.parse(await beacons[0].data.text());
  noPhi(JSON.stringify(payload));
  assert.match(payload.message, /\[EMAIL\]/);
  assert.match(payload.message, /\[SSN\]/);
  assert.equal(typeof payload.stack, 'string');
  assert.equal(typeof payload.componentStack, 'string');
  assert.equal(payload.route, '/patients/[id]');
  assert.ok(alert.textContent.includes(payload.referenceId));
  await act(async () => root.unmount());
});

test('usePhiErrorBoundary redacts the error Next passes to error.tsx', async () => {
  beacons.length = 0;
  let seen;
  const err = Object.assign(new Error('call (312) 555-0142'), { digest: '2367148378' }); // Next's shape: a 32-bit hash
  function ErrorPage() {
    seen = usePhiErrorBoundary({ error: err, reset: () => {}, guard, relayUrl: '/relay' });
    return h('p', null, seen.redactedMessage ?? 'loading');
  }
  const container = document.createElement('div');
  const root = createRoot(container);
  await act(async () => root.render(h(ErrorPage)));
  await flush();
  assert.equal(container.textContent, 'call [PHONE]');
  assert.equal(seen.error.digest, '2367148378');
  noPhi(JSON.stringify(seen.error));
  assert.equal(beacons.length, 1);
  await act(async () => root.unmount());
});

test('global error page renders html/body with the safe fallback; large payloads are trimmed to the beacon limit', async () => {
  beacons.length = 0;
  const fetches = [];
  const origFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => { fetches.push({ url, init }); return new Response(null, { status: 202 }); };
  try {
    const Global = createGlobalErrorHandler({ relayUrl: '/relay', guard });
    const big = new Error('ssn 219-09-9999');
    big.stack = 'Error\n' + '    at frame (https://app.example.com/_next/static/chunks/app.js:1:2)\n'.repeat(2000);
    const { renderToStaticMarkup } = await import('react-dom/server');
    const html = renderToStaticMarkup(h(Global, { error: big, reset: () => {} }));
    assert.match(html, /^<html/);
    assert.match(html, /role="alert"/);
    noPhi(html);
    const { sendReport } = await import('phi-guard/react');
    sendReport('/relay', { message: 'x', stack: 'y'.repeat(70_000) });
    assert.equal(fetches.length, 0);
    assert.equal(beacons.length, 1);
    assert.ok((await beacons[0].data.arrayBuffer()).byteLength <= 60_000);
  } finally {
    globalThis.fetch = origFetch;
  }
});
