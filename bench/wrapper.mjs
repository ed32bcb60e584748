// What the route wrapper costs a request, in process, stage by stage: the
// `make loadtest` figures include the server, the load generator and the
// demo's collector on the same two cores, so they cannot say where the
// wrapper's own time goes. Each stage is one handler returning a JSON body
// (the json-1KB bench bodies, in turn), called with a Request and its
// Response read as text, as Next.js would send it:
//
//   bare        the handler alone (the baseline of the same run)
//   allowed     wrapped; the principal may see PHI: no scan, the response
//               rebuilt with its `x-phi-guard` header
//   scan        wrapped; not allowed, no reporting: the body read, decoded,
//               scanned, redacted and encoded again
//   report      as scan, and each exposure recorded by a SignalEmitter
//               (classify, hash chain) into a Transport that signs each
//               batch and posts it to a stubbed fetch (no network, so no
//               network time); what the wrapper hands to waitUntil, and
//               the round's last batch, are awaited inside the timing
//   scan alone  guard.scan on the same bodies, no wrapper
//   next        a middleware that only lets the request through (the
//               baseline of the next stage), called with a Request for a
//               page URL with a query, as Next.js calls middleware
//   middleware  that middleware wrapped by withPhiGuard: the URL scanned
//               for PHI (none here), then the request let through
//
// Stages run interleaved in rounds (ROUNDS × CALLS each), so they share the
// machine's slow and fast stretches; the figure is the median of the rounds'
// means, in microseconds a request.
//   node bench/wrapper.mjs [out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const { createGuard } = await import(join(ROOT, 'js/dist/node.js'));
const { wrapRouteHandler, withPhiGuard } = await import(join(ROOT, 'js/dist/next/index.js'));
const { SignalEmitter, Transport } = await import(join(ROOT, 'js/dist/signals/index.js'));

const ROUNDS = Number(process.env.WRAPPER_ROUNDS || 7);
const CALLS = Number(process.env.WRAPPER_CALLS || 400);
const bodies = JSON.parse(readFileSync(join(ROOT, 'bench/out/inputs/json-1KB.variants.json'), 'utf8'));
const guard = await createGuard();

let posts = 0;
const transport = new Transport({
  endpoints: ['http://collector.invalid/signals'],
  secret: 'bench-secret-bench-secret-bench-secret',
  // Unthrottled: the bench records far more than a real route would.
  throttle: { max: 1e9, perMs: 1000 },
  maxQueue: 1e6,
  fetch: async () => { posts++; return new Response(null, { status: 202 }); },
});
// The wrapper's `emitter`: records each event (the signal goes to the
// transport's queue; batches are posted as they fill).
const emitter = new SignalEmitter({ transport });

let next = 0;
const handler = async () => new Response(bodies[next++ % bodies.length], { headers: { 'content-type': 'application/json' } });
// What the wrapper hands to `waitUntil` (the reporting of an exposure) is
// awaited inside the timing, as the platform keeps the request open for it.
const pending = [];
const policy = { guard, route: '/api/public/patients/[id]', returnsPhi: 'owner_only', waitUntil: (p) => pending.push(p) };
const stages = {
  bare: handler,
  allowed: wrapRouteHandler(handler, { ...policy, principal: () => ({ authenticated: true, subjectIsCaller: true }) }),
  scan: wrapRouteHandler(handler, policy),
  report: wrapRouteHandler(handler, { ...policy, emitter }),
};
const request = new Request('http://localhost/api/public/patients/p-1001');
// Middleware: Next.js makes a Request for every navigation and asset.
const PAGES = ['/patients/42/chart?tab=labs&page=2', '/appointments?from=2026-01-01&limit=20', '/', '/_next/static/chunks/app.js'];
const letThrough = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
const middleware = { next: letThrough, middleware: withPhiGuard(letThrough, { guard }) };
const fetchEvent = { waitUntil: () => undefined };

async function once(name) {
  if (name === 'scan alone') return guard.scan(bodies[next++ % bodies.length], { format: 'json' }).redacted.length;
  if (name in middleware) {
    const res = await middleware[name](new Request(`http://localhost${PAGES[next++ % PAGES.length]}`), fetchEvent);
    return res.headers.get('x-middleware-next').length;
  }
  const res = await stages[name](request, {});
  const length = (await res.text()).length;
  if (pending.length) await Promise.all(pending.splice(0));
  return length;
}

const names = [...Object.keys(stages), 'scan alone', ...Object.keys(middleware)];
// Warm-up: tier-up, first-use tables, the emitter's first signals.
for (const n of names) for (let i = 0; i < 200; i++) await once(n);
const means = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const n of r % 2 ? [...names].reverse() : names) {
    // Every stage on the same bodies (they hold 0 to 23 findings each).
    next = (r * CALLS) % bodies.length;
    const t = performance.now();
    for (let i = 0; i < CALLS; i++) await once(n);
    // The report stage's last batch of signals is sent inside its time.
    if (n === 'report') await transport.flush(2000);
    means[n].push(((performance.now() - t) * 1000) / CALLS);
  }
}
await transport.flush(2000);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
// Each stage against its own baseline: the route stages against `bare`, the middleware against `next`.
const baseOf = { allowed: 'bare', scan: 'bare', report: 'bare', middleware: 'next' };
const rows = names.map((n) => ({ stage: n, usPerRequest: median(means[n]), base: baseOf[n] ?? null, overheadUs: baseOf[n] ? median(means[n]) - median(means[baseOf[n]]) : null }));
const stats = transport.stats();
const out = { rounds: ROUNDS, callsPerRound: CALLS, bodies: bodies.length, meanBodyBytes: Math.round(bodies.reduce((a, b) => a + b.length, 0) / bodies.length), rows, signalsSent: stats.sent, posts };
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out, null, 2));
for (const r of rows) console.error(`[bench] wrapper ${r.stage.padEnd(10)} ${r.usPerRequest.toFixed(1).padStart(7)} us${r.overheadUs === null ? '' : ` (+${r.overheadUs.toFixed(1)} over ${r.base})`}`);
console.error(`[bench] wrapper: ${stats.sent} signals sent in ${posts} posts`);
