// phi-guard/react's report path against the built package, under jsdom:
// one report per error (inline guard options, <StrictMode>), the digest sent
// only in Next's shape, nothing rejecting into the page, and bodies trimmed
// to the relay's byte limit. Beacons are counted after the effects settle
// (a bounded wait, never a timing assert). Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './support/dom.mjs';

const { beacons } = installDom('https://app.example.com/patients/42');

const React = await import('react');
const { createRoot } = await import('react-dom/client');
const { createGuard } = await import('phi-guard');
const { createSignalRelay } = await import('phi-guard/next');
const { PhiErrorBoundary, usePhiErrorBoundary, sendReport, BEACON_LIMIT } = await import('phi-guard/react');
const { createElement: h, StrictMode } = React;
const guard = await createGuard();
const relay = createSignalRelay({ guard, log: null });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const bytes = (s) => new TextEncoder().encode(s).byteLength;
const bodies = () => Promise.all(beacons.map((b) => b.data.text()));

/**
 * Waits until at least one beacon has arrived and the count has not changed
 * for a while, or 3 s have passed (a runaway effect never settles: the test
 * then sees its count). Returns the count.
 */
async function settledBeacons() {
  let last = -1, still = 0;
  for (let i = 0; i < 120 && still < 8; i++) {
    await sleep(25);
    if (beacons.length > 0 && beacons.length === last) still++; else still = 0;
    last = beacons.length;
  }
  return beacons.length;
}

/**
 * Mounts `element` outside act() (a render loop inside act() would never
 * return). `unmount()` restores the act environment and console.error.
 */
function mount(element) {
  beacons.length = 0;
  const prev = globalThis.IS_REACT_ACT_ENVIRONMENT;
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  const origError = console.error;
  console.error = () => {}; // React's caught-error notice, and its update-depth warning under a loop
  const root = createRoot(document.createElement('div'), { onCaughtError: () => {}, onUncaughtError: () => {} });
  root.render(element);
  return {
    async unmount() {
      root.unmount();
      await sleep(0);
      console.error = origError;
      globalThis.IS_REACT_ACT_ENVIRONMENT = prev;
    },
  };
}

/** Mounts `element`, counts the beacons once settled, then unmounts. */
async function renderAndCount(element) {
  const m = mount(element);
  try {
    return await settledBeacons();
  } finally {
    await m.unmount();
  }
}

/** Collects unhandled rejections while `fn` runs (and a little after). */
async function rejectionsDuring(fn) {
  const seen = [];
  const on = (e) => seen.push(e);
  process.on('unhandledRejection', on);
  try {
    await fn();
    await sleep(50);
  } finally {
    process.off('unhandledRejection', on);
  }
  return seen;
}

for (const [name, inline] of [
  ['a factory', () => () => guard],
  ['a promise', () => Promise.resolve(guard)],
]) {
  test(`usePhiErrorBoundary sends one report per error when guard is ${name} written inline`, async () => {
    const error = new Error('ssn 219-09-9999');
    let shown = null;
    function Page() {
      const s = usePhiErrorBoundary({ error, relayUrl: '/relay', guard: inline() });
      shown = s.redactedMessage;
      return null;
    }
    assert.equal(await renderAndCount(h(Page)), 1);
    assert.equal(shown, 'ssn [SSN]');
  });
}

test('usePhiErrorBoundary sends one report for a new error, none for a re-render with new options', async () => {
  const first = new Error('first 219-09-9999');
  const second = new Error('second 219-09-9999');
  let setError, bump;
  function Page() {
    const [error, se] = React.useState(first);
    const [n, sn] = React.useState(0);
    setError = se; bump = () => sn(n + 1);
    usePhiErrorBoundary({ error, relayUrl: `/relay?n=${n}`, route: `/r/${n}`, guard: () => guard });
    return null;
  }
  const m = mount(h(Page));
  try {
    await settledBeacons();
    bump(); await sleep(20);
    bump();
    assert.equal(await settledBeacons(), 1, 'new relayUrl, route and guard values are not a new error');
    setError(second);
    assert.equal(await settledBeacons(), 2, 'a new error is reported');
  } finally {
    await m.unmount();
  }
  const sent = (await bodies()).map((b) => JSON.parse(b));
  assert.match(sent[0].message, /^first/);
  assert.match(sent[1].message, /^second/);
  assert.notEqual(sent[0].referenceId, sent[1].referenceId);
});

test('usePhiErrorBoundary: the same error object back after none is a new report (a cached rejected promise)', async () => {
  const again = new Error('again 219-09-9999');
  let setError;
  function Page() {
    const [error, se] = React.useState(again);
    setError = se;
    usePhiErrorBoundary({ error, relayUrl: '/relay', guard });
    return null;
  }
  const m = mount(h(StrictMode, null, h(Page)));
  try {
    assert.equal(await settledBeacons(), 1);
    setError(null); await sleep(20);
    setError(again);
    assert.equal(await settledBeacons(), 2, 'reported again after it went away');
  } finally {
    await m.unmount();
  }
  const sent = (await bodies()).map((b) => JSON.parse(b));
  assert.notEqual(sent[0].referenceId, sent[1].referenceId);
});

test('sendReport\'s body fits the limit whatever the report holds (long ids, extra fields)', async () => {
  const { fitReport } = await import('../dist/react/report.js');
  for (const limit of [1024, 4096]) {
    const body = fitReport({ message: 'x'.repeat(5000), digest: 'd'.repeat(3000), referenceId: 'r'.repeat(3000), extra: 'e'.repeat(9000) }, limit);
    assert.ok(bytes(body) <= limit, `${bytes(body)} bytes against ${limit}`);
    assert.match(JSON.parse(body).message, /^x+…$/);
  }
});

test('<StrictMode>: usePhiErrorBoundary and PhiErrorBoundary each send one report, shown with the reported reference id', async () => {
  const error = new Error('ssn 219-09-9999');
  let state;
  function Page() { state = usePhiErrorBoundary({ error, relayUrl: '/relay', guard }); return null; }
  assert.equal(await renderAndCount(h(StrictMode, null, h(Page))), 1);
  assert.equal(state.redactedMessage, 'ssn [SSN]');
  assert.equal(JSON.parse(await beacons[0].data.text()).referenceId, state.error.referenceId);

  function Bad() { throw new Error('ssn 219-09-9999'); }
  assert.equal(await renderAndCount(h(StrictMode, null, h(PhiErrorBoundary, { guard: () => guard, relayUrl: '/relay' }, h(Bad)))), 1);
});

test('the digest is sent only in the shape Next.js gives it, and only when the guard finds nothing in it', async () => {
  const cases = [
    ['219-09-9999', undefined], // app-set, holds an SSN
    ['ssn:219-09-9999', undefined],
    ['abc123', undefined], // not Next's shape
    ['NEXT_REDIRECT;replace;/login;307;', undefined],
    ['99999999999', undefined], // 11 digits: more than a 32-bit hash
    ['2367148378', '2367148378'],
    ['2367148378@E394', '2367148378@E394'],
  ];
  for (const [digest, expected] of cases) {
    function Bad() { throw Object.assign(new Error('chart failed'), { digest }); }
    assert.equal(await renderAndCount(h(PhiErrorBoundary, { guard, relayUrl: '/relay', fallback: null }, h(Bad))), 1, digest);
    assert.equal(JSON.parse(await beacons[0].data.text()).digest, expected, `boundary, digest ${digest}`);

    const error = Object.assign(new Error('chart failed'), { digest });
    function Page() { usePhiErrorBoundary({ error, relayUrl: '/relay', guard }); return null; }
    assert.equal(await renderAndCount(h(Page)), 1, digest);
    assert.equal(JSON.parse(await beacons[0].data.text()).digest, expected, `hook, digest ${digest}`);
  }
  for (const body of await bodies()) assert.ok(!body.includes('219-09-9999'));
});

test('a throwing digest getter: the report is still sent, without a digest, and nothing rejects unhandled', async () => {
  const hostile = () => ({ message: 'x', get digest() { throw new Error('getter saw 219-09-9999'); } });
  let count = 0;
  const rejections = await rejectionsDuring(async () => {
    function Bad() { throw hostile(); }
    count += await renderAndCount(h(PhiErrorBoundary, { guard, relayUrl: '/relay', fallback: null }, h(Bad)));
    const b1 = JSON.parse(await beacons[0].data.text());
    assert.equal(b1.message, 'x');
    assert.equal('digest' in b1, false);

    const error = hostile();
    function Page() { usePhiErrorBoundary({ error, relayUrl: '/relay', guard }); return null; }
    count += await renderAndCount(h(Page));
    const b2 = JSON.parse(await beacons[0].data.text());
    assert.equal(b2.message, 'x');
    assert.equal('digest' in b2, false);
  });
  assert.deepEqual(rejections.map((e) => String(e?.message ?? e).replace(/219-09-9999/g, '[SSN]')), []);
  assert.equal(count, 2);
});

test('a guard factory that throws or rejects: the report is withheld, not lost to an unhandled rejection', async () => {
  const rejections = await rejectionsDuring(async () => {
    for (const bad of [() => { throw new Error('boom'); }, () => Promise.reject(new Error('boom'))]) {
      function Bad() { throw new Error('ssn 219-09-9999'); }
      assert.equal(await renderAndCount(h(PhiErrorBoundary, { guard: bad, relayUrl: '/relay', fallback: null }, h(Bad))), 1);
      const sent = JSON.parse(await beacons[0].data.text());
      assert.match(sent.message, /withheld/);
      const error = new Error('ssn 219-09-9999');
      function Page() { usePhiErrorBoundary({ error, relayUrl: '/relay', guard: bad }); return null; }
      assert.equal(await renderAndCount(h(Page)), 1);
      assert.match(JSON.parse(await beacons[0].data.text()).message, /withheld/);
    }
  });
  assert.deepEqual(rejections, []);
});

/** Strings in `v` (deeply) that hold a lone surrogate. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('a report over the relay\'s byte limit (8,000 Japanese characters, a 400-deep component stack) is trimmed and accepted', async () => {
  const msg = '患者記録の読み込み中にエラーが発生しました'.repeat(400).slice(0, 8000);
  function Bad() { throw new Error(msg); }
  function Layer({ n }) { return n ? h(Layer, { n: n - 1 }) : h(Bad); }
  const fetched = [];
  const origFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => { fetched.push(init.body); return new Response(null, { status: 202 }); };
  let body;
  try {
    const m = mount(h(PhiErrorBoundary, { guard, relayUrl: '/relay', fallback: null }, h(Layer, { n: 400 })));
    for (let i = 0; i < 120 && beacons.length + fetched.length === 0; i++) await sleep(25);
    await sleep(50);
    await m.unmount();
    assert.equal(beacons.length + fetched.length, 1, 'one report, by beacon or fetch');
    body = beacons.length ? await beacons[0].data.text() : fetched[0];
  } finally {
    globalThis.fetch = origFetch;
  }
  assert.ok(bytes(body) <= 60_000, `${bytes(body)} bytes`);
  const sent = JSON.parse(body);
  assert.ok(sent.componentStack.endsWith('…'), 'the largest field (the component stack) is cut');
  assert.equal(sent.route, '/patients/[id]');
  assert.match(sent.referenceId, /^[0-9a-f-]{36}$/);
  const res = await relay(new Request('https://app.example.com/relay', { method: 'POST', body, headers: { origin: 'https://app.example.com' } }));
  assert.equal(res.status, 202);
});

test('sendReport trims the largest fields first to the byte limit, on character boundaries, into valid JSON', async () => {
  // Wide characters and the ones JSON escapes: 4-byte pairs, 3-byte CJK, 2-byte
  // quotes and newlines, 6-byte control characters; shifted so cuts land everywhere.
  const units = ['😀', '患', '"', '\n', '\u0001', 'a', '\\', 'é', '\uD800'];
  for (let shift = 0; shift < 12; shift++) {
    const stack = 'x'.repeat(shift) + Array.from({ length: 30_000 }, (_, i) => units[(i * 7 + shift) % units.length]).join('');
    const componentStack = '😀'.repeat(9_000 + shift);
    for (const maxBytes of [undefined, 30_000, 5_000, 100]) {
      beacons.length = 0;
      const report = { message: 'short message', stack, componentStack, route: '/patients/[id]', digest: '2367148378', referenceId: 'ref-1' };
      sendReport('/relay', report, maxBytes === undefined ? undefined : { maxBytes });
      assert.equal(beacons.length, 1);
      const body = await beacons[0].data.text();
      const sent = JSON.parse(body);
      for (const k of ['stack', 'componentStack']) {
        assert.ok(sent[k].endsWith('…'), `${k} is cut`);
        const kept = sent[k].slice(0, -1);
        assert.ok(report[k].startsWith(kept), `${k} is a prefix`);
        // The source's only lone surrogate is '\uD800' itself; a cut must not make a new one.
        assert.ok(!loneSurrogate.test(kept.replace(/\uD800(?![\uDC00-\uDFFF])/g, '')), `${k} cut inside a surrogate pair (shift ${shift})`);
      }
      const limit = Math.min(60_000, Math.max(1_024, maxBytes ?? 60_000));
      assert.ok(bytes(body) <= limit, `${bytes(body)} > ${limit} (shift ${shift})`);
      assert.ok(bytes(body) > limit - 64, `${bytes(body)} bytes: trimmed more than needed (shift ${shift}, limit ${limit})`);
      assert.equal(sent.message, 'short message', 'a small field stays whole');
      assert.equal(sent.route, '/patients/[id]');
      assert.equal(sent.digest, '2367148378');
      assert.equal(sent.referenceId, 'ref-1');
    }
  }
  beacons.length = 0;
  const small = { message: 'ssn [SSN]', stack: 'Error\n    at x', referenceId: 'r' };
  sendReport('/relay', small);
  assert.equal(await beacons[0].data.text(), JSON.stringify(small), 'a report that fits is sent as it is');
  assert.equal(BEACON_LIMIT, 60_000);
});

test('sendReport falls back to fetch with keepalive when the browser refuses the beacon, trimmed the same', async () => {
  const fetches = [];
  const origFetch = globalThis.fetch;
  const origBeacon = navigator.sendBeacon;
  globalThis.fetch = async (url, init) => { fetches.push({ url, init }); return new Response(null, { status: 202 }); };
  navigator.sendBeacon = () => false;
  try {
    sendReport('/relay', { message: 'x', stack: 'y'.repeat(70_000) });
    assert.equal(fetches.length, 1);
    assert.equal(fetches[0].init.keepalive, true);
    assert.ok(bytes(fetches[0].init.body) <= 60_000);
    assert.equal(JSON.parse(fetches[0].init.body).message, 'x');
  } finally {
    globalThis.fetch = origFetch;
    navigator.sendBeacon = origBeacon;
  }
});

// --- the text is cut before it is redacted, never inside a value ------------

const { redactError } = await import('../dist/react/report.js');
const FILLER = 'lorem ipsum dolor '.repeat(2_000);
const MARKER = / ?\u2026 \[(\d+) characters cut\]$/;

/**
 * `before` + `value` placed so that its start moves one character at a time
 * from just before `limit` characters to 40 characters before that: a
 * plain cut at `limit` and one that leaves the marker room before it each
 * fall inside the value at every position. Text follows to `limit` + 2 000.
 */
function straddling(before, value, limit) {
  const out = [];
  for (let start = limit - 1; start >= limit - 40 - value.length; start--) {
    out.push(`${FILLER.slice(0, start - before.length - 2)} ${before} ${value} ${FILLER}`.slice(0, limit + 2_000));
  }
  return out;
}

/** The redacted field without its marker, the cut count, and the raw text's prefix it stands for (`value`'s tag put back). */
function splitCut(sent, tag, value) {
  const m = MARKER.exec(sent);
  const head = m ? sent.slice(0, m.index) : sent;
  return { head, cut: m ? Number(m[1]) : undefined, raw: head.replace(tag, value) };
}

test('redactError cuts a long message, stack and component stack before redacting, never inside a value (an SSN, a name), marker included in the limit', async () => {
  const cases = [
    ['ssn', '219-09-9999', '[SSN]', /\d/], // "219-09-99" is no SSN: it would be sent as it is
    ['no chart for', 'Maria Garcia', '[NAME]', /Mar|Gar|ria|cia/], // nor is "Maria Gar"
  ];
  for (const [field, limit] of [['message', 8_000], ['stack', 24_000], ['componentStack', 24_000]]) {
    for (const [before, value, tag, piece] of cases) {
      for (const text of straddling(before, value, limit)) {
        const error = field === 'stack' ? Object.assign(new Error('x'), { stack: text }) : new Error(field === 'message' ? text : 'x');
        const report = redactError(guard, error, field === 'componentStack' ? text : null);
        const sent = report[field];
        const { head, cut, raw } = splitCut(sent, tag, value);
        const at = `${field}, ${value} at ${text.indexOf(value)}`;
        assert.doesNotMatch(head, piece, `${at}: a piece of the value was sent: …${head.slice(-30)}`);
        assert.ok(!head.includes(value), at);
        assert.ok(cut > 0, `${at}: the marker says how much was cut`);
        assert.ok(text.startsWith(raw) && cut === text.length - raw.length, `${at}: ${cut} characters cut`);
        assert.ok(sent.length <= limit, `${at}: ${sent.length} characters sent`);
      }
    }
  }
  // Shorter than the limit: redacted whole, no marker.
  assert.equal(redactError(guard, new Error(`no chart for Maria Garcia, ssn 219-09-9999 ${'lorem '.repeat(1_300)}`.trimEnd())).message.slice(0, 35), 'no chart for [NAME], ssn [SSN] lore');
  assert.doesNotMatch(redactError(guard, new Error('lorem '.repeat(1_333))).message, MARKER);
});

test('a cut report reaches the relay whole: the relay has nothing more to cut, and logs the browser\'s marker', async () => {
  const logged = [];
  const post = createSignalRelay({ guard, log: (l) => logged.push(l), rateLimit: false });
  for (const text of straddling('ssn', '219-09-9999', 8_000)) {
    const report = redactError(guard, new Error(text));
    const res = await post(new Request('https://app.example.com/relay', { method: 'POST', body: JSON.stringify({ message: report.message }), headers: { origin: 'https://app.example.com' } }));
    assert.equal(res.status, 202);
    assert.equal(logged.at(-1), `[phi-guard] client error on /unknown: ${report.message}`);
  }
});

test('PhiErrorBoundary: an SSN at the 8 000-character cut of a message is not sent in part', async () => {
  const text = straddling('ssn', '219-09-9999', 8_000).find((t) => t.indexOf('219-09-9999') === 7_995);
  function Bad() { throw new Error(text); }
  assert.equal(await renderAndCount(h(PhiErrorBoundary, { guard, relayUrl: '/relay', fallback: null }, h(Bad))), 1);
  const body = await beacons[0].data.text();
  const { head, cut } = splitCut(JSON.parse(body).message, '[SSN]', '219-09-9999');
  assert.doesNotMatch(head, /\d/, `…${head.slice(-30)}`);
  assert.ok(cut > 2_000);
  assert.ok(!/219-09-9|09-9999/.test(body), 'no piece of the SSN in the report, its stack included');
});
