// The README's browser examples (js/examples/next-app: app/patients/error.tsx,
// app/patients/[id]/PatientPanel.tsx, app/global-error.tsx), compiled from
// their files and rendered with react-dom under jsdom, with the default
// browser guard (the wasm fetched next to the module, as a browser would).
// Each beacon they send is then posted to the README's relay route, which
// must accept it. README = files and the type-check are in
// readme-examples.test.mjs. Synthetic PHI only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { installDom } from './support/dom.mjs';
import { emitted } from './support/emit-log.mjs';
import { compileExamples, examplesDir, startCollector } from './support/examples.mjs';

const { dom, beacons } = installDom('https://portal.example.com/patients/p-1001?ssn=219-09-9999');

// The browser entry fetches phi_guard_bg.wasm from next to its own module
// (a file: URL here); serve it as a web server would. Everything else goes
// to the real fetch (the relay's signal deliveries).
const realFetch = globalThis.fetch;
let wasmFetches = 0;
globalThis.fetch = async (input, init) => {
  const url = new URL(String(input?.url ?? input));
  if (url.protocol === 'file:' && url.pathname.endsWith('.wasm')) {
    wasmFetches++;
    return new Response(readFileSync(url), { headers: { 'content-type': 'application/wasm' } });
  }
  return realFetch(input, init);
};

const SECRET = 'readme-examples-react-secret';
const collector = await startCollector(SECRET);
process.env.PHI_SIGNAL_URL = collector.url;
process.env.PHI_SIGNAL_SECRET = SECRET;

const React = await import('react');
const { createRoot } = await import('react-dom/client');
const { act, createElement: h } = React;

const FILES = ['app/patients/error.tsx', 'app/patients/[id]/PatientPanel.tsx', 'app/global-error.tsx', 'app/api/phi-guard/relay/route.ts'];
const examples = await compileExamples(FILES);
const { POST: relay } = await examples.load('app/api/phi-guard/relay/route.ts');
after(async () => { examples.cleanup(); await collector.close(); });

const PHI = ['219-09-9999', 'Maria Garcia', 'Garcia', '1962-03-14', '555-0142'];
function noPhi(what, value) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  for (const p of PHI) assert.ok(!s.includes(p), `${what} holds synthetic identifier #${PHI.indexOf(p)}`);
}
const phiError = () => Object.assign(new Error('no chart for Maria Garcia, SSN 219-09-9999, DOB 1962-03-14'), { digest: '2367148378' }); // Next's digest shape

/** Renders `element` into a fresh container and waits for the guard, the fallback and the beacon. */
async function render(element, { container = document.createElement('div'), beaconsBefore = beacons.length } = {}) {
  if (container.nodeType === 1) document.body.append(container);
  const root = createRoot(container, { onCaughtError: () => {}, onUncaughtError: () => {} });
  const origError = console.error;
  console.error = () => {}; // React's own "an error occurred" notice (it holds the raw message)
  try {
    await act(async () => root.render(element));
    for (let i = 0; i < 200 && beacons.length === beaconsBefore; i++) {
      await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    }
  } finally {
    console.error = origError;
  }
  return root;
}

/** The one new beacon: it went to the relay, as a redacted report. */
async function newBeacon(before) {
  assert.equal(beacons.length, before + 1, 'one report was sent');
  const { url, data } = beacons[before];
  assert.equal(url, '/api/phi-guard/relay');
  const text = await data.text();
  emitted('readme-examples-beacon', text);
  noPhi('the beacon', text);
  return text;
}

/**
 * Posts a beacon body to the README's relay as the browser would (same
 * origin) and expects 202, one redacted log line, and an onEvent line that
 * classifies the (already redacted) report as `info`: nothing the server's
 * classifier still finds, so no signal is sent for it.
 */
async function relayAccepts(body) {
  const saved = { error: console.error, warn: console.warn };
  const logged = [];
  const events = [];
  console.error = (line) => logged.push(line);
  console.warn = (line) => events.push(line);
  try {
    const res = await relay(new Request('https://portal.example.com/api/phi-guard/relay', {
      method: 'POST', body, headers: { origin: 'https://portal.example.com', 'content-type': 'text/plain;charset=UTF-8' },
    }));
    assert.equal(res.status, 202, 'the relay accepts the report');
    for (let i = 0; i < 300 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  } finally {
    Object.assign(console, saved);
  }
  emitted('readme-examples-relay', { logged, events });
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^\[phi-guard\] client error on \/patients\/\[id\] \(ref [0-9a-f-]{36}\): /);
  noPhi('the relay log', logged);
  assert.deepEqual(events, ['[phi-guard] client_error on /patients/[id]: redacted (info)']);
}

/** A PHI-free fallback: role=alert, focus on its heading, the reference id shown. */
function checkFallback(container, what) {
  const alert = container.querySelector('[role="alert"]');
  assert.ok(alert, `${what}: the fallback has role="alert"`);
  noPhi(`${what}: the rendered page`, container.innerHTML ?? container.documentElement.outerHTML);
  const doc = container.ownerDocument ?? container;
  assert.equal(doc.activeElement, alert.querySelector('h2'), `${what}: focus moved to the fallback heading`);
  const ref = /Reference: ([0-9a-f-]{36})/.exec(alert.textContent)?.[1];
  assert.ok(ref, `${what}: a reference id is shown`);
  return { alert, ref };
}

test('app/patients/error.tsx: a PHI-free fallback, a redacted beacon the relay accepts, reset calls Next\'s reset', async () => {
  const { default: PatientsError } = await examples.load('app/patients/error.tsx');
  let resets = 0;
  const before = beacons.length;
  const container = document.createElement('div');
  const root = await render(h(PatientsError, { error: phiError(), reset: () => { resets++; } }), { container });
  const { alert, ref } = checkFallback(container, 'error.tsx');
  const body = await newBeacon(before);
  const report = JSON.parse(body);
  assert.equal(report.message, 'no chart for [NAME], SSN [SSN], DOB [DATE]');
  assert.equal(report.route, '/patients/[id]', 'the route is templated from location, the query dropped');
  assert.equal(report.digest, '2367148378');
  assert.equal(report.referenceId, ref, 'the shown reference id is the reported one');
  assert.ok(wasmFetches >= 1, 'the default browser guard loaded the wasm');
  await relayAccepts(body);
  await act(async () => alert.querySelector('button').click());
  assert.equal(resets, 1, '"Try again" calls the reset Next passed');
  await act(async () => root.unmount());

  // Negative control: an error.tsx that shows the raw message fails the same check.
  const src = readFileSync(join(examplesDir, 'app/patients/error.tsx'), 'utf8');
  const leaky = await compileExamples(['app/patients/error.tsx'], {
    overrides: { 'app/patients/error.tsx': src.replace('  return (\n    <PhiDefaultFallback', '  return <p role="alert">{error.message}</p>;\n  return (\n    <PhiDefaultFallback') },
  });
  try {
    const { default: Leaky } = await leaky.load('app/patients/error.tsx');
    const c = document.createElement('div');
    const r = await render(h(Leaky, { error: phiError(), reset: () => {} }), { container: c });
    assert.throws(() => checkFallback(c, 'leaky error.tsx'), /the rendered page holds synthetic identifier/);
    await act(async () => r.unmount());
  } finally {
    leaky.cleanup();
  }
});

test('app/patients/[id]/PatientPanel.tsx: a throwing widget becomes a PHI-free fallback, the page around it stays', async () => {
  const { PatientPanel } = await examples.load('app/patients/[id]/PatientPanel.tsx');
  function Chart() { throw phiError(); }
  const before = beacons.length;
  const container = document.createElement('div');
  const root = await render(h('main', null, h('h1', null, 'Visit summary'), h(PatientPanel, null, h(Chart))), { container });
  assert.equal(container.querySelector('h1')?.textContent, 'Visit summary', 'the rest of the page still renders');
  checkFallback(container, 'PatientPanel');
  const body = await newBeacon(before);
  const report = JSON.parse(body);
  assert.equal(report.route, '/patients/[id]', 'the route prop is reported');
  assert.match(report.message, /^no chart for \[NAME\], SSN \[SSN\]/);
  assert.equal(typeof report.componentStack, 'string');
  await relayAccepts(body);
  await act(async () => root.unmount());
});

test('app/global-error.tsx: its own <html> and <body>, a PHI-free fallback, a redacted beacon the relay accepts', async () => {
  const { default: GlobalError } = await examples.load('app/global-error.tsx');
  // global-error replaces the root layout: it renders a whole document. A
  // document of its own, as React delegates events to the document once per
  // document (the roots above already claimed this one).
  const page = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: dom.window.location.href }).window.document;
  let resets = 0;
  const before = beacons.length;
  const root = await render(h(GlobalError, { error: phiError(), reset: () => { resets++; } }), { container: page });
  assert.equal(page.documentElement.getAttribute('lang'), 'en');
  assert.equal(page.title, 'Error');
  const { alert } = checkFallback(page, 'global-error.tsx');
  assert.equal(alert.parentElement, page.body);
  noPhi('global-error: the document', page.documentElement.outerHTML);
  const body = await newBeacon(before);
  assert.equal(JSON.parse(body).message, 'no chart for [NAME], SSN [SSN], DOB [DATE]');
  await relayAccepts(body);
  await act(async () => alert.querySelector('button').click());
  assert.equal(resets, 1, '"Try again" calls the reset Next passed');
  await act(async () => root.unmount());
  // Reports the browser redacted leave nothing for a signal (the relay test in
  // readme-examples.test.mjs covers one that was not redacted).
  assert.equal(collector.deliveries.length, 0);
});
