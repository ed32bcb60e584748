// A route handler's response headers (a redirect's Location, a download's
// file name, an app's own headers) and its server-sent events, through
// wrapRouteHandler. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { wrapRouteHandler } from 'phi-guard/next';
import { SignalEmitter } from 'phi-guard/signals';
import { emitted } from './support/emit-log.mjs';

const guard = await createGuard();
const SSN = '219-09-9999';
const EMAIL = 'zoltan.quibble@example.com';
const req = () => new Request('https://app.example.com/api/records/42');
const settle = () => new Promise((r) => setTimeout(r, 20));

async function route(make, policy = {}) {
  const events = [];
  const res = await wrapRouteHandler(make, { guard, route: '/api/records/[id]', returnsPhi: 'never', onEvent: (e) => events.push(e), ...policy })(req(), {});
  emitted('route-headers', [...res.headers]);
  return { res, events };
}

test('a redirect\'s location is redacted and reported; the app\'s own record page is not', async () => {
  const { res, events } = await route(() => Response.redirect(`https://app.example.com/results?email=${encodeURIComponent(EMAIL)}&ssn=${SSN}&tab=2`, 307));
  assert.equal(res.status, 307);
  assert.equal(res.headers.get('location'), 'https://app.example.com/results?email=[EMAIL]&ssn=[SSN]&tab=2');
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  await settle();
  assert.equal(events.length, 1);
  assert.equal(events[0].mitigation, 'redacted');

  const own = await route(() => Response.redirect('https://app.example.com/patients/42', 303));
  assert.equal(own.res.headers.get('location'), 'https://app.example.com/patients/42');
  assert.equal(own.res.headers.get('x-phi-guard'), 'clean');
});

test('a body\'s headers are scanned too: a download\'s file name, an app header; Set-Cookie passes', async () => {
  const { res } = await route(() => new Response('{"visits":3}', {
    headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${EMAIL}.json"`, 'x-patient-ssn': SSN, 'set-cookie': 'session=abc123; HttpOnly' },
  }));
  assert.equal(await res.text(), '{"visits":3}');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="[EMAIL]"');
  assert.equal(res.headers.get('x-patient-ssn'), '[SSN]');
  assert.equal(res.headers.get('set-cookie'), 'session=abc123; HttpOnly');
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');

  const pdf = await route(() => new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${EMAIL}.pdf"` },
  }));
  assert.equal(pdf.res.headers.get('content-disposition'), 'attachment; filename="[EMAIL]"');
  assert.deepEqual(new Uint8Array(await pdf.res.arrayBuffer()), new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]));
});

test('an app header\'s name is the label its value needs: a bare date, MRN, SSN, member id or name after it is found', async () => {
  const signals = [];
  const emitter = new SignalEmitter({ emitterId: 'headers-test', transport: { enqueue: (s) => (signals.push(s), true), flush: async () => true } });
  const phi = { 'x-dob': '03/14/1985', 'x-mrn': '884213', 'x-patient-ssn': '219099999', 'x-member-id': 'XJ4471923', 'x-patient': 'Zoltan Quibble' };
  const machine = { 'x-request-id': '3f2a9c1e-8b4d-4e6f-9a1b-2c3d4e5f6a7b', 'x-ratelimit-reset': '1700000000', 'x-total-count': '12345' };
  // A name that says "an id, not PHI" takes nothing away: the value alone is found.
  const alone = { 'x-order-id': '219-09-9999', 'x-ticket': 'maria.garcia@example.com' };
  for (const v of Object.values(alone)) assert.equal(guard.scan(v, { format: 'text' }).findings.length, 1, v);
  // Control: none of these values is found without its name.
  for (const v of Object.values(phi)) assert.equal(guard.scan(v, { format: 'text' }).findings.length, 0, v);
  const { res } = await route(() => new Response('{}', { headers: { 'content-type': 'application/json', ...phi, ...machine, ...alone } }), { emitter });
  assert.deepEqual(Object.keys(phi).map((k) => res.headers.get(k)), ['[DATE]', '[MRN]', '[SSN]', '[HEALTH_PLAN_ID]', '[NAME]']);
  assert.deepEqual(Object.keys(alone).map((k) => res.headers.get(k)), ['[SSN]', '[EMAIL]']);
  for (const [k, v] of Object.entries(machine)) assert.equal(res.headers.get(k), v, k);
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  await settle();
  assert.equal(signals.length, 1);
  // The classifier read the same labelled text, so the signal names what was found.
  assert.deepEqual(Object.keys(signals[0].identifierTypes).sort(), ['DATE', 'EMAIL', 'HEALTH_PLAN_ID', 'MRN', 'NAME', 'SSN']);
});

test('a download\'s file name is read as a person would: filename* decoded, _ and a - before digits as spaces; both parameters written back', async () => {
  const cases = [
    [`attachment; filename*=UTF-8''Maria%20Garcia%20${SSN}.pdf`, "attachment; filename*=UTF-8''%5BNAME%5D%20%5BSSN%5D.pdf"],
    [`attachment; filename="Maria_Garcia_${SSN}.pdf"`, 'attachment; filename="[NAME]_[SSN].pdf"'],
    [`attachment; filename="labs-${SSN}.csv"`, 'attachment; filename="labs-[SSN].csv"'],
    [`attachment; filename="Maria_Garcia.pdf"; filename*=utf-8'en'Mar%C3%ADa%20Garc%C3%ADa%20${SSN}.pdf`, "attachment; filename=\"[NAME].pdf\"; filename*=UTF-8'en'%5BNAME%5D%20%5BSSN%5D.pdf"],
  ];
  for (const [sent, expected] of cases) {
    const { res, events } = await route(() => new Response('a,b', { headers: { 'content-type': 'text/csv', 'content-disposition': sent } }));
    assert.equal(res.headers.get('content-disposition'), expected, sent);
    assert.equal(res.headers.get('x-phi-guard'), 'redacted');
    await settle();
    assert.equal(events.length, 1, sent);
  }
  // Names without PHI pass as they were.
  for (const plain of ["attachment; filename*=UTF-8''report%202024.pdf", 'attachment; filename="visit_summary-v2.pdf"']) {
    const { res } = await route(() => new Response('x', { headers: { 'content-type': 'text/plain', 'content-disposition': plain } }));
    assert.equal(res.headers.get('content-disposition'), plain);
    assert.equal(res.headers.get('x-phi-guard'), 'clean');
  }
});

test('a header holding UTF-8 bytes (as fetch gives a proxied upstream\'s: Latin-1 characters) is scanned in its UTF-8 reading too', async () => {
  const asFetchGivesIt = (s) => Buffer.from(s, 'utf8').toString('latin1');
  const { res } = await route(() => new Response('ok', { headers: { 'content-type': 'text/plain', 'x-note': asFetchGivesIt(`Patient: María García, SSN ${SSN}`), 'x-lang': asFetchGivesIt('español') } }));
  assert.equal(Buffer.from(res.headers.get('x-note'), 'latin1').toString('utf8'), 'Patient: [NAME], SSN [SSN]');
  assert.equal(res.headers.get('x-lang'), asFetchGivesIt('español'));
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
});

test('allowed callers get the headers as they are; block withholds the response', async () => {
  const make = () => new Response('ok', { headers: { 'content-type': 'text/plain', 'x-patient-ssn': SSN } });
  const allowed = await route(make, { returnsPhi: 'allowed' });
  assert.equal(allowed.res.headers.get('x-patient-ssn'), SSN);
  const blocked = await route(make, { mode: 'block' });
  assert.equal(blocked.res.status, 500);
  assert.equal(blocked.res.headers.get('x-patient-ssn'), null);
  const redirect = await route(() => Response.redirect(`https://app.example.com/r?ssn=${SSN}`, 307), { mode: 'block' });
  assert.equal(redirect.res.status, 500);
  assert.equal(redirect.res.headers.get('location'), null);
});

test('server-sent events are redacted and sent event by event, not held for more text', async () => {
  let push;
  const source = new ReadableStream({ start(c) { push = c; } });
  const enc = new TextEncoder();
  const { res } = await route(() => new Response(source, { headers: { 'content-type': 'text/event-stream' } }));
  const reader = res.body.getReader();
  push.enqueue(enc.encode(`data: visit for ${EMAIL}\n\n`));
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.equal(first, 'data: visit for [EMAIL]\n\n');
  push.enqueue(enc.encode(`data: ssn ${SSN}\n\n`));
  push.close();
  let rest = '';
  for (;;) { const { done, value } = await reader.read(); if (done) break; rest += new TextDecoder().decode(value); }
  assert.equal(rest, 'data: ssn [SSN]\n\n');
});
