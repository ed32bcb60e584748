// Family: telemetry-and-messages. Where PHI leaks in a telehealth app outside
// its own logs and bodies: error-tracking events (Sentry-style JSON and
// envelopes, React error-boundary reports, Next.js server errors with a
// digest), observability (OpenTelemetry spans as OTLP JSON and as the console
// exporter prints them, Datadog/CloudWatch/GCP log entries, audit records),
// patient messaging (Twilio SMS webhooks and status callbacks, inbound e-mail
// as raw MIME, SendGrid parse fields and Postmark JSON, chat transcripts in
// informal writing, push payloads, rendered reminder templates), HTTP-level
// traces (header dumps, curl commands from tickets, HAR entries) and tRPC and
// GraphQL requests; with hard negatives of the same shapes (ids, hashes,
// versions, timestamps, unrendered templates, staff and system accounts,
// generic chat).
// Each template returns its own kind (log, error, json, url, text, html).
// The first word or words of each reason name the shape (the report groups
// lines by them).
import { P, L, J, cat, join, fmap } from './lib.mjs';
import * as V from './values.mjs';
const { pick, ri, chance, pad } = V;

// The chat clock (chatTs) runs forward within one line and restarts with the
// next: T is called once per template, after its text is built.
let clock = null;
const T = (kind, f, reason) => { clock = null; return { kind, f, reason }; };
const plain = (f) => (typeof f === 'string' ? f : cat(f).segs.map((x) => x.s).join(''));

// ---------------------------------------------------------------------------
// encoders
// ---------------------------------------------------------------------------
// URLSearchParams / Twilio form bodies: space -> +, ! ' ( ) ~ escaped.
const formEnc = (s) => encodeURIComponent(s).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
const pctEnc = (s) => encodeURIComponent(s);
// Percent-encode a whole fragment (typed pieces stay typed; encoding is per character).
const encF = (f) => fmap(f, encodeURIComponent);
// SQL string literal body ('' for ').
const sqlS = (s) => s.replace(/'/g, "''");
// util.inspect string: single quotes unless the text holds one.
const insp = (f) => { const s = plain(f); return s.includes("'") ? cat('"', f, '"') : cat("'", f, "'"); };
const lc = (s) => s.toLowerCase();

// ---------------------------------------------------------------------------
// shared values (non-PHI)
// ---------------------------------------------------------------------------
const ORIGIN = () => pick(['https://portal.example-health.com', 'https://app.telecare-example.com', 'https://visit.examplecare.io', 'https://mychart.example.org']);
const HOSTN = (o) => o.replace(/^https:\/\//, '');
const SERVICES = ['portal-web', 'patient-api', 'telehealth-app', 'notify-worker', 'scheduler'];
const svc = () => pick(SERVICES);
const calver = () => `${ri(2023, 2025)}.${ri(1, 12)}.${ri(0, 9)}`;
const release = () => pick([() => `${svc()}@${calver()}`, () => `${svc()}@${ri(1, 4)}.${ri(0, 30)}.${ri(0, 12)}`, () => V.hex(40)])();
const env = () => pick(['production', 'production', 'prod', 'staging']);
const sentryTs = () => `${Math.floor(V.epochMs() / 1000)}.${pad(ri(0, 999999), 6)}`;
const unixNano = () => `${V.epochMs()}${pad(ri(0, 999999), 6)}`;
const pod = (s = svc()) => `${s}-${V.hex(pick([9, 10]))}-${V.lowalnum(5)}`;
const sha = () => V.hex(40);
const staffId = () => pick([`stf_${ri(100, 9999)}`, `u_${ri(1000, 99999)}`, `staff-${V.lowalnum(6)}`]);
const staffRole = () => pick(['rn', 'front_desk', 'ma', 'billing', 'care_coordinator', 'np']);
const CLINIC_NUMS = ['+18335550142', '+18445550119', '+18885550163', '+18775550108', '+18665550127'];
const clinicNum = () => pick(CLINIC_NUMS);
const clinicNumFmt = () => pick(['(833) 555-0142', '1-844-555-0119', '888-555-0163', '(877) 555-0108']);
const CLINIC_MAIL = ['noreply@clinic.example', 'intake@clinic.example', 'reminders@notify.clinic.example', 'support@telecare-example.com', 'billing@clinic.example', 'careteam@clinic.example'];
const clinicMail = () => pick(CLINIC_MAIL);
const SID = (p) => `${p}${V.hex(32)}`;
const apptId = () => pick([`appt_${V.lowalnum(10)}`, `${ri(100000, 999999)}`, V.uuid()]);
const svcTime = () => `${ri(1, 12)}:${pick(['00', '15', '30', '45'])} ${pick(['AM', 'PM', 'am', 'pm'])}`;
const futureD = () => ({ y: ri(2024, 2025), m: ri(1, 12), d: ri(1, 28) });
const DOW = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const routeTpl = () => pick(['/api/patients/[id]', '/visits/[visitId]', '/api/appointments', '/api/trpc/[trpc]', '/messages/[threadId]', '/api/intake']);
const chromeUA = () => V.ua();
// patient ids as the app issues them
const pid = () => V.patientId();
// a handle built from the person's name (login names)
const handle = (p) => { const [f, l] = p.rom; return pick([`${f}${l}${ri(1, 99)}`, `${f[0]}${l}${ri(50, 99)}`, `${f}.${l}`, `${f}_${l[0]}${ri(1, 9)}`]); };
// phone written as a patient types it
const typedPhone = () => { const [a, e, n] = V.phoneParts(); return pick([`${a} ${e} ${n}`, `${a}${e}${n}`, `(${a})${e}-${n}`, `${a}-${e}-${n}`, `${a}.${e}.${n}`]); };
// DOB written as a patient types it
const typedDob = (d = V.dobD()) => pick([
  `${d.m}/${d.d}/${String(d.y).slice(2)}`, `${d.m}/${d.d}/${d.y}`, `${pad(d.m, 2)}-${pad(d.d, 2)}-${d.y}`,
  `${lc(V.MONTHS[d.m - 1])} ${d.d} ${d.y}`, `${V.MONTHS[d.m - 1]} ${d.d}, ${d.y}`, `${d.m}.${d.d}.${String(d.y).slice(2)}`,
]);
const jwtT = () => V.jwt();
const gaCookie = () => `_ga=GA1.1.${ri(100000000, 999999999)}.${Math.floor(V.epochMs() / 1000)}`;
const csrf = () => `next-auth.csrf-token=${V.hex(64)}%7C${V.hex(64)}`;

// ---------------------------------------------------------------------------
// Sentry helpers
// ---------------------------------------------------------------------------
const sdk = () => ({ name: pick(['sentry.javascript.nextjs', 'sentry.javascript.react', 'sentry.javascript.node']), version: `${ri(7, 8)}.${ri(0, 120)}.${ri(0, 9)}` });
const frameJ = () => ({ filename: pick(['app:///_next/static/chunks/app/visits/page-' + V.hex(16) + '.js', 'app:///_next/server/app/api/patients/route.js', 'webpack-internal:///./src/components/PatientCard.tsx']), function: pick(['formatDob', 'PatientCard', 'loadCoverage', 'POST', 'submitIntake', 'renderSummary']), lineno: ri(1, 900), colno: ri(1, 80), in_app: true });
const crumbTs = () => Number(sentryTs());

// ---------------------------------------------------------------------------
// OTel helpers
// ---------------------------------------------------------------------------
const av = (k, v) => ({ key: k, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
const otlp = (name, attrs, o = {}) => J({
  resourceSpans: [{
    resource: { attributes: [av('service.name', o.svc || svc()), av('service.version', calver()), av('k8s.pod.name', pod()), av('deployment.environment', env())] },
    scopeSpans: [{
      scope: { name: o.scope || pick(['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-pg', 'next.js', '@prisma/instrumentation']), version: `0.${ri(40, 52)}.${ri(0, 3)}` },
      spans: [{ traceId: V.hex(32), spanId: V.hex(16), parentSpanId: V.hex(16), name, kind: o.kind ?? pick([2, 3]), startTimeUnixNano: unixNano(), endTimeUnixNano: unixNano(), attributes: attrs, status: { code: o.code ?? pick([0, 1, 2]) } }],
    }],
  }],
});
// Console exporter (util.inspect of the span).
const consoleSpan = (name, attrs) => cat(
  `{\n  resource: {\n    attributes: {\n      'service.name': '${svc()}',\n      'telemetry.sdk.language': 'nodejs',\n      'telemetry.sdk.version': '1.${ri(20, 28)}.${ri(0, 3)}'\n    }\n  },\n  traceId: '${V.hex(32)}',\n  parentId: ${chance(0.3) ? 'undefined' : `'${V.hex(16)}'`},\n  traceState: undefined,\n  name: '${name}',\n  id: '${V.hex(16)}',\n  kind: ${pick([1, 2])},\n  timestamp: ${V.epochMs()}${pad(ri(0, 999), 3)},\n  duration: ${ri(1, 9000)}.${pad(ri(0, 999), 3)},\n  attributes: {\n`,
  join(attrs.map(([k, v]) => cat(`    '${k}': `, typeof v === 'number' ? String(v) : insp(v))), ',\n'),
  `\n  },\n  status: { code: ${pick([0, 1, 2])} },\n  events: [],\n  links: []\n}`,
);

// ---------------------------------------------------------------------------
// chat helpers
// ---------------------------------------------------------------------------
const EMO = ['🙏', '😊', '👍', '😷', '🤒', '💊', '🙂', '😅', '❤️', '🤞', ''];
const emo = () => pick(EMO);
const chatTs = () => {
  if (!clock) clock = { h: ri(7, 20), m: ri(0, 50) };
  else { clock.m += ri(0, 4); if (clock.m > 59) { clock.m -= 60; clock.h++; } }
  return `${pad(clock.h, 2)}:${pad(clock.m, 2)}`;
};
const staffLabel = () => pick(['Care Team', 'Nurse (RN)', 'Front desk', 'Support', 'Agent', 'Clinic']);
const BOT = ['Thanks for your message. A member of your care team will reply within 1 business day.', 'If this is an emergency, call 911.', 'Your visit has been added to the queue. Estimated wait: 10 min.', "You're now chatting with the care team."];

// ===========================================================================
// templates
// ===========================================================================
export const telemetryAndMessages = [
  // ======== error tracking: Sentry-style events ========
  () => {
    const p = V.person(); const em = V.email(p); const d = V.dobD(); const o = ORIGIN();
    const ev = {
      event_id: V.hex(32), timestamp: sentryTs(), platform: 'javascript', level: 'error', release: release(), environment: env(),
      exception: { values: [{ type: pick(['RangeError', 'TypeError']), value: L`Invalid time value: cannot format birthDate "${P('DATE', V.fmtDate(d, pick([0, 2, 7, 5])))}" for ${P('NAME', V.fullName(p, false))}`, stacktrace: { frames: [frameJ(), frameJ()] }, mechanism: { type: 'onunhandledrejection', handled: false } }] },
      request: { url: `${o}/visits/new`, method: 'GET', query_string: L`email=${P('EMAIL', pctEnc(em))}&step=${ri(1, 4)}`, headers: { 'User-Agent': chromeUA() } },
      user: { id: P('OTHER_ID', pid()), email: P('EMAIL', em), ip_address: P('IP_ADDRESS', V.publicIPv4()) },
      tags: { route: '/visits/new', 'browser.name': pick(['Chrome', 'Safari', 'Firefox']), transaction: '/visits/new' },
      sdk: sdk(),
    };
    return T('json', J(ev), 'Sentry event: exception value interpolating DOB and name, encoded email in request.query_string, user id/email/ip_address labelled; event_id, release, timestamp, frames clean');
  },
  () => {
    const p = V.person(); const m = V.mrn(); const o = ORIGIN(); const id = pid();
    const crumbs = [
      { timestamp: crumbTs(), category: 'navigation', data: { from: '/inbox', to: L`/patients/${P('OTHER_ID', id)}/chart` } },
      { timestamp: crumbTs(), category: 'console', level: 'log', message: L`loaded patient ${P('NAME', V.lastFirst(p))} mrn=${P('MRN', m)}` },
      { timestamp: crumbTs(), category: 'fetch', type: 'http', data: { method: 'GET', url: L`/api/labs?mrn=${P('MRN', m)}&since=${ri(2023, 2025)}-01-01`, status_code: pick([200, 500, 504]) } },
      { timestamp: crumbTs(), category: 'ui.click', message: L`body > div#__next > main > ul.patient-list > li > button[aria-label="Open chart for ${P('NAME', V.fullName(p, false))}"]` },
    ];
    return T('json', J({ event_id: V.hex(32), level: 'error', platform: 'javascript', release: release(), environment: env(), transaction: '/patients/[id]/chart', exception: { values: [{ type: 'Error', value: `Request failed with status code ${pick([500, 502, 504])}` }] }, breadcrumbs: { values: crumbs }, sdk: sdk() }), 'Sentry breadcrumbs: navigation path with patient id, console message with name and MRN, fetch URL with MRN, ui.click selector with the name in aria-label; status codes, lab since-date and timestamps clean');
  },
  () => {
    const p = V.person(); const ph = V.phone(pick([0, 1, 3])); const d = V.dobD();
    const data = { firstName: P('NAME', p.first), lastName: P('NAME', p.last), dateOfBirth: P('DATE', V.isoDate(d)), phone: P('PHONE', ph), consent: true };
    const cookies = cat(gaCookie(), '; ', csrf(), '; next-auth.session-token=', P('SECRET', jwtT()));
    return T('json', J({ event_id: V.hex(32), level: 'error', release: release(), server_name: pod(), request: { method: 'POST', url: `${ORIGIN()}/api/intake`, data, cookies, headers: { 'content-type': 'application/json', 'x-request-id': V.uuid() }, env: { REMOTE_ADDR: V.privateIP() } }, exception: { values: [{ type: 'PrismaClientValidationError', value: 'Argument `dateOfBirth`: Invalid value provided. Expected DateTime, provided String.' }] } }), 'Sentry server event: request.data with name, DOB and phone, request.cookies with the session JWT (SECRET); _ga and CSRF cookies, request id, private REMOTE_ADDR clean');
  },
  () => {
    const p = V.person(); const mid = V.memberId(); const c = V.city();
    const extra = { formState: { step: 'insurance', patient: { name: P('NAME', V.fullName(p)), address: { line1: P('ADDRESS', V.street()), city: P('ADDRESS', c[0]), state: c[1], postalCode: P('ZIP_CODE', V.zip(c)) } }, coverage: { memberId: P('HEALTH_PLAN_ID', mid), groupNumber: `GRP${ri(1000, 99999)}`, payer: pick(['Aetna', 'Cigna', 'Humana']) } } };
    return T('json', J({ event_id: V.hex(32), message: { formatted: 'Coverage check timed out' }, level: 'warning', extra, contexts: { os: { name: 'iOS', version: `17.${ri(0, 5)}` }, browser: { name: 'Mobile Safari', version: '17.4' }, trace: { trace_id: V.hex(32), span_id: V.hex(16), op: 'http.client' } }, tags: { payer: pick(['aetna', 'cigna']), step: 'insurance' }, fingerprint: ['{{ default }}', 'coverage-timeout'] }, chance(0.3) ? 'spaced' : 'compact'), 'Sentry extra: form state snapshot with name, street, city, ZIP, member id; group number, state, contexts (os, browser, trace ids) and {{ default }} fingerprint clean');
  },
  () => {
    const p = V.person(); const em = V.email(p); const ev = V.hex(32);
    const hdr = `{"event_id":"${ev}","sent_at":"${V.ts()}","sdk":{"name":"sentry.javascript.nextjs","version":"8.${ri(0, 40)}.${ri(0, 9)}"},"dsn":"https://${V.hex(32)}@o${V.digits(6)}.ingest.us.sentry.io/${V.digits(16)}"}`;
    const item = J({ event_id: ev, level: 'error', exception: { values: [{ type: 'Error', value: L`Duplicate account for ${P('EMAIL', em)} (${P('NAME', V.fullName(p, false))})` }] }, user: { username: P('OTHER_ID', handle(p)), ip_address: '{{auto}}' }, environment: env() });
    return T('text', cat(hdr, '\n{"type":"event","content_type":"application/json"}\n', item), 'Sentry envelope (header line with a DSN, item header, event): email and name in the exception value, a name-derived username (OTHER_ID) labelled; DSN public key, sent_at and {{auto}} clean');
  },
  () => {
    const p = V.person(); const id = pid();
    return T('text', L`[Sentry] New issue in ${svc()} (${env()})\nTypeError: Cannot read properties of null (reading 'memberId')\n${pick(['coverage', 'eligibility'])}.check for ${P('NAME', V.fullName(p, false))} / ${P('OTHER_ID', id)}\nFirst seen: ${ri(1, 59)} minutes ago · Events: ${ri(1, 40)} · Users: ${ri(1, 9)}\nhttps://sentry.io/organizations/example-health/issues/${ri(4000000000, 5999999999)}/?project=${V.digits(7)}&referrer=slack`, 'Sentry alert text (Slack/e-mail): issue title with patient name and id; issue URL, counts and project id clean');
  },
  () => {
    const d = V.dobD(); const p = V.person(); const ssn = V.ssn(0);
    return T('json', J({ event_id: V.hex(32), level: 'error', logentry: { message: 'Eligibility failed for %s (dob %s, ssn %s)', params: [P('NAME', V.lastFirst(p)), P('DATE', V.fmtDate(d, 0)), P('SSN', ssn)] }, logger: 'eligibility', release: release(), environment: env(), tags: { 'http.status_code': '422' } }), 'Sentry logentry: format string with params carrying name, DOB and SSN; format string itself and status tag clean');
  },
  // Sentry negatives
  () => T('json', J({ event_id: V.hex(32), timestamp: sentryTs(), platform: 'javascript', level: 'error', release: release(), dist: String(ri(1, 40)), environment: env(), exception: { values: [{ type: 'ChunkLoadError', value: `Loading chunk ${ri(100, 999)} failed.\n(error: ${ORIGIN()}/_next/static/chunks/${ri(100, 999)}-${V.hex(16)}.js)`, stacktrace: { frames: [frameJ()] } }] }, user: { ip_address: '{{auto}}', segment: pick(['beta', 'ga']) }, contexts: { trace: { trace_id: V.hex(32), span_id: V.hex(16), op: 'pageload', status: 'unknown_error' } }, tags: { 'build.sha': V.hex(7), region: pick(['iad1', 'sfo1']) }, sdk: sdk() }), 'Sentry event with no PHI: ChunkLoadError, chunk hash URL, release, dist, trace and span ids, {{auto}} IP, build sha: no PHI'),
  () => T('text', cat(`Sentry.init({\n  dsn: "https://${V.hex(32)}@o${V.digits(6)}.ingest.sentry.io/${V.digits(7)}",\n  release: "${release()}",\n  environment: "${env()}",\n  tracesSampleRate: ${pick(['0.1', '0.2', '1.0'])},\n  replaysSessionSampleRate: ${pick(['0', '0.05', '0.1'])},\n  sendDefaultPii: false,\n  ignoreErrors: ["ResizeObserver loop limit exceeded", /^NEXT_REDIRECT/],\n});`), 'Sentry config: DSN without a secret, release, sample rates: no PHI'),
  () => T('json', J({ id: V.hex(32), title: pick(['TypeError: Failed to fetch', 'Error: NEXT_NOT_FOUND', 'AbortError: The user aborted a request.']), culprit: routeTpl(), level: 'error', count: String(ri(1, 90000)), userCount: ri(0, 4000), firstSeen: V.ts(), lastSeen: V.ts(), project: { slug: svc() }, metadata: { type: 'TypeError', filename: `app:///_next/static/chunks/${V.hex(16)}.js` }, shortId: `${svc().toUpperCase()}-${V.upalnum(3)}` }), 'Sentry issue API record: title, route template, counts, first/last seen, short id: no PHI'),
  () => T('log', cat(`${V.ts()} [sentry] Sending event ${V.hex(32)} (level=error, release=${release()}, sample_rate=${pick(['0.25', '1', '0.5'])}) to o${V.digits(6)}.ingest.sentry.io: ${pick([200, 429, 413])}${chance(0.5) ? ` retry-after=${ri(1, 60)}` : ''}`), 'Sentry transport debug log: event id, release, sample rate, status: no PHI'),

  // ======== React error boundaries ========
  () => {
    const p = V.person(); const m = V.mrn();
    return T('error', L`TypeError: Cannot read properties of undefined (reading 'dob') in <PatientCard name="${P('NAME', V.fullName(p, false))}" mrn="${P('MRN', m)}" compact={${pick(['true', 'false'])}}>\n    at PatientCard (webpack-internal:///(app-pages-browser)/./src/components/PatientCard.tsx:${ri(10, 90)}:${ri(5, 40)})\n    at div\n    at ErrorBoundary (webpack-internal:///(app-pages-browser)/./src/components/ErrorBoundary.tsx:${ri(10, 60)}:${ri(5, 30)})\n    at PatientList`, 'React error boundary: message with the component and its props (name, MRN); component stack clean');
  },
  () => {
    const p = V.person({ allowScript: true }); const mid = V.memberId();
    const stack = `\n    at InsuranceCard (${ORIGIN()}/_next/static/chunks/app/coverage/page-${V.hex(16)}.js:1:${ri(1000, 9999)})\n    at Suspense\n    at CoverageSection\n    at main`;
    return T('json', J({ message: L`Minified React error #${pick([31, 418, 425, 130])}; visit https://react.dev/errors/${pick([31, 418])} for the full message`, componentStack: stack, props: { subscriberName: P('NAME', V.fullName(p, false)), memberId: P('HEALTH_PLAN_ID', mid), relationship: pick(['self', 'spouse', 'child']) }, url: `${ORIGIN()}/coverage`, digest: String(ri(100000000, 4294967295)), userAgent: chromeUA() }), 'React error-boundary report POSTed to /api/client-errors: props with subscriber name and member id; minified error code, component stack, digest, user agent clean');
  },
  () => {
    const p = V.person(); const d = V.oldDobD(); const a = 2025 - d.y;
    return T('log', L`The above error occurred in the <VitalsChart> component:\n\n    at VitalsChart (webpack-internal:///./src/components/VitalsChart.tsx:${ri(10, 99)}:${ri(5, 30)})\n    at ErrorBoundary\n\nReact will try to recreate this component tree from scratch using the error boundary you provided, ErrorBoundary.\n[ErrorBoundary] props=${J({ patient: { displayName: P('NAME', V.fullName(p, false)), age: P('AGE', a), birthDate: P('DATE', V.isoDate(d)) }, range: '30d' })}`, 'React console.error after a boundary caught an error, plus the boundary logging its props: name, age over 89, birth date; component stack clean');
  },
  () => {
    const p = V.person();
    return T('error', L`Error: Hydration failed because the initial UI does not match what was rendered on the server.\nExpected server HTML to contain a matching <span> in <${pick(['PatientHeader', 'VisitSummary', 'MessageThread'])} patientName="${P('NAME', `${p.last.toUpperCase()}, ${p.first.toUpperCase()}`)}" visitDate="${P('DATE', V.fmtDate(V.recentD(), pick([0, 2, 4])))}">.\n\n    at throwOnHydrationMismatch (webpack-internal:///./node_modules/react-dom/cjs/react-dom.development.js:${ri(10000, 30000)}:${ri(5, 20)})`, 'React hydration error with the parent element and its props (upper-case name, visit date)');
  },
  () => T('error', cat(`Error: Cannot read properties of undefined (reading 'dob')\n    at PatientCard (webpack-internal:///./src/components/PatientCard.tsx:${ri(10, 90)}:${ri(5, 40)})\n    at ErrorBoundary (webpack-internal:///./src/components/ErrorBoundary.tsx:${ri(10, 60)}:${ri(5, 30)})\n    at PatientList (webpack-internal:///./src/app/patients/page.tsx:${ri(10, 60)}:${ri(5, 30)})\n\ncomponentStack: "\\n    at PatientCard\\n    at ErrorBoundary\\n    at PatientList"`), 'React error boundary without props: property name dob and component names only: no PHI'),

  // ======== Next.js server errors and digests ========
  () => {
    const p = V.person(); const d = V.dobD();
    return T('error', L` ⨯ Error: No active coverage for ${P('NAME', V.fullName(p))} (DOB ${P('DATE', V.fmtDate(d, pick([0, 7, 4])))})\n    at getCoverage (/var/task/.next/server/chunks/${ri(100, 999)}.js:1:${ri(1000, 99999)})\n    at async CoveragePage (/var/task/.next/server/app/coverage/page.js:1:${ri(1000, 9999)}) {\n  digest: '${ri(100000000, 4294967295)}'\n}`, 'Next.js server error with a digest: the server-side message names the patient and DOB; digest and frames clean');
  },
  () => { const id = pid(); return T('error', L`Error: NEXT_REDIRECT\n    at getURL (/var/task/.next/server/chunks/${ri(100, 999)}.js:1:${ri(100, 9999)}) {\n  digest: 'NEXT_REDIRECT;${pick(['replace', 'push'])};/patients/${P('OTHER_ID', id)}/summary?tab=${pick(['meds', 'labs'])};${pick([307, 303])};'\n}`, 'Next.js redirect digest carrying a patient route: patient id labelled; status and mode clean'); },
  () => { const e = V.email(); return T('log', L`${V.ts()} ERROR [${pick(['next-server', 'app-router'])}] digest=${ri(100000000, 4294967295)} route=/api/auth/magic-link message="Magic link for ${P('EMAIL', e)} could not be sent: 550 mailbox unavailable"`, 'Next.js server error log looked up by digest: the message holds the e-mail; digest and route clean'); },
  () => T('error', cat(`Error: An error occurred in the Server Components render. The specific message is omitted in production builds to avoid leaking sensitive details. A digest property is included on this error instance which may provide additional details about the nature of the error.\n    at ${pick(['Zf', 'ip', 'a4'])} (${ORIGIN()}/_next/static/chunks/${ri(100, 999)}-${V.hex(16)}.js:1:${ri(1000, 99999)}) {\n  digest: '${ri(100000000, 4294967295)}'\n}`), 'Next.js production client error with a digest only: no PHI'),
  () => T('log', cat(` ⨯ ${pick(['Error: NEXT_NOT_FOUND', 'Error: Dynamic server usage: headers', 'TypeError: fetch failed'])}\n    at ${pick(['notFound', 'staticGenerationBailout', 'fetch'])} (/app/.next/server/chunks/${ri(100, 999)}.js:1:${ri(100, 9999)}) {\n  digest: '${pick(['NEXT_NOT_FOUND', 'DYNAMIC_SERVER_USAGE', String(ri(100000000, 4294967295))])}'\n}\n GET ${routeTpl()} ${pick([404, 500])} in ${V.ms()}`), 'Next.js server error digests and route templates: no PHI'),

  // ======== OpenTelemetry ========
  () => {
    const p = V.person(); const d = V.dobD(); const id = pid(); const o = ORIGIN();
    const attrs = [av('http.method', 'GET'), av('http.url', L`${o}/api/patients/search?name=${P('NAME', formEnc(V.fullName(p, false)))}&dob=${P('DATE', V.isoDate(d))}`), av('http.route', '/api/patients/search'), av('http.status_code', pick([200, 404])), av('net.peer.ip', V.privateIP()), av('enduser.id', P('OTHER_ID', id))];
    return T('json', otlp('GET /api/patients/search', attrs, { kind: 2, scope: '@opentelemetry/instrumentation-http' }), 'OTLP JSON span: http.url query with name and DOB, enduser.id patient id; trace/span ids, unix nanos, route, private peer ip, pod name, service version clean');
  },
  () => {
    const ssn = V.ssn(0); const p = V.person({ group: pick(['us', 'hisp', 'afam', 'euro']) }); const d = V.dobD();
    const stmt = pick([
      () => L`SELECT id, mrn FROM patients WHERE ssn = '${P('SSN', ssn)}' LIMIT 1`,
      () => L`SELECT * FROM "Patient" WHERE "lastName" = '${P('NAME', sqlS(p.last))}' AND "dob" = '${P('DATE', V.isoDate(d))}'`,
      () => L`UPDATE patients SET phone = '${P('PHONE', V.phone(1))}', updated_at = now() WHERE id = ${ri(1, 99999)}`,
    ])();
    return T('json', otlp(`pg.query:${pick(['SELECT', 'UPDATE'])} portal`, [av('db.system', 'postgresql'), av('db.name', 'portal'), av('db.statement', stmt), av('db.user', 'app_rw'), av('net.peer.name', V.privateIP()), av('net.peer.port', 5432)], { kind: 3, scope: '@opentelemetry/instrumentation-pg' }), 'OTLP JSON span: db.statement with a literal SSN, surname and DOB, or phone; db name/user, peer address and port, row id clean');
  },
  () => {
    const p = V.person(); const em = V.email(p); const id = pid();
    const attrs = [['http.request.method', 'POST'], ['url.path', '/api/portal/login'], ['url.query', L`email=${P('EMAIL', pctEnc(em))}&remember=1`], ['http.response.status_code', pick([200, 401])], ['client.address', P('IP_ADDRESS', V.publicIPv4())], ['enduser.id', P('OTHER_ID', id)], ['user_agent.original', chromeUA()]];
    return T('log', consoleSpan('POST /api/portal/login', attrs), 'OTel console exporter span (util.inspect): url.query email, client.address public IP, enduser.id labelled; ids, timestamps, duration, status clean');
  },
  () => {
    const p = V.person({ group: pick(['euro', 'us', 'afam']) }); const d = V.dobD(); const m = V.mrn();
    const stmt = L`SELECT "id","mrn" FROM "Patient" WHERE "lastName" = '${P('NAME', sqlS(p.last))}' AND "firstName" = '${P('NAME', sqlS(p.first))}' AND "birthDate" = '${P('DATE', V.isoDate(d))}'`;
    return T('log', consoleSpan('prisma:engine:db_query', [['db.system', 'postgresql'], ['db.statement', stmt], ['db.rows', ri(0, 2)], ['patient.mrn', P('MRN', m)]]), 'OTel console exporter span from Prisma: db.statement with literal names and DOB (SQL-escaped apostrophe inside the span), custom patient.mrn attribute');
  },
  () => {
    const p = V.person(); const ph = V.e164(); const d = futureD();
    const body = J({ type: 'appointment.reminder', patientName: P('NAME', V.fullName(p, false)), phone: P('PHONE', ph), appointmentAt: P('DATE', `${V.isoDate(d)}T${pad(ri(8, 17), 2)}:${pick(['00', '30'])}:00`), clinicId: ri(1, 40) });
    return T('json', otlp(`${pick(['reminders', 'sms-outbound'])} publish`, [av('messaging.system', pick(['aws_sqs', 'rabbitmq', 'kafka'])), av('messaging.destination.name', pick(['reminders', 'sms-outbound'])), av('messaging.message.id', V.uuid()), av('messaging.message.body', body), av('messaging.message.body.size', ri(120, 400))], { kind: 4, scope: '@opentelemetry/instrumentation-aws-sdk' }), 'OTLP JSON producer span: messaging.message.body holds a reminder job (name, phone, appointment datetime) as an escaped JSON string; message id, queue and size clean');
  },
  () => {
    const p = V.person(); const id = pid(); const d = V.dobD();
    const rec = { timeUnixNano: unixNano(), severityText: pick(['ERROR', 'WARN']), severityNumber: pick([17, 13]), body: { stringValue: L`intake rejected for ${P('NAME', V.fullName(p, false))}: dob ${P('DATE', V.fmtDate(d, pick([0, 2])))} is in the future` }, attributes: [av('patient.id', P('OTHER_ID', id)), av('code.function', 'validateIntake')], traceId: V.hex(32), spanId: V.hex(16) };
    return T('json', J({ resourceLogs: [{ resource: { attributes: [av('service.name', svc()), av('host.name', pod())] }, scopeLogs: [{ scope: { name: 'pino' }, logRecords: [rec] }] }] }), 'OTLP JSON log record: body with name and DOB, patient.id attribute; severity, ids, timestamps, host clean');
  },
  () => { const id = pid(); const m = V.mrn(); return T('log', L`${V.ts()} span ${V.hex(16)} trace=${V.hex(32)} name="GET /api/patients/[id]" dur=${V.ms()} attrs={http.target=/api/patients/${P('OTHER_ID', id)}?include=allergies, patient.mrn=${P('MRN', m)}, http.status_code=200, k8s.pod.name=${pod()}}`, 'span summary log (collector debug exporter): http.target with patient id, patient.mrn attribute; ids, duration, pod clean'); },
  // OTel negatives
  () => T('json', otlp(`${pick(['GET', 'POST'])} ${routeTpl()}`, [av('http.method', pick(['GET', 'POST'])), av('http.route', routeTpl()), av('http.status_code', pick([200, 201, 304, 500])), av('http.flavor', '1.1'), av('net.host.port', pick([3000, 8080])), av('net.peer.ip', V.privateIP()), av('next.span_type', 'BaseServer.handleRequest'), av('user_agent.original', chromeUA())], { kind: 2 }), 'OTLP JSON span with no PHI: route templates, status, port, private peer, user agent, ids and nanos: no PHI'),
  () => T('log', consoleSpan(`pg.query:SELECT portal`, [['db.system', 'postgresql'], ['db.statement', pick(['SELECT id, status FROM appointments WHERE patient_id = $1 AND starts_at > $2', 'UPDATE jobs SET status = \'done\', attempts = attempts + 1 WHERE id = $1', "SELECT count(*) FROM reminders WHERE status = 'queued' AND send_at < now()"])], ['db.postgresql.plan', 'Index Scan'], ['net.peer.port', 5432]]), 'OTel console exporter span: parameterised statements and status literals: no PHI'),
  () => T('json', J({ resourceMetrics: [{ resource: { attributes: [av('service.name', svc()), av('service.version', calver())] }, scopeMetrics: [{ metrics: [{ name: 'http.server.duration', unit: 'ms', histogram: { dataPoints: [{ startTimeUnixNano: unixNano(), timeUnixNano: unixNano(), count: String(ri(100, 90000)), sum: ri(1000, 900000), bucketCounts: ['0', String(ri(1, 900)), String(ri(1, 900))], explicitBounds: [0, 5, 10], attributes: [av('http.route', routeTpl()), av('http.status_code', 200)] }] } }] }] }] }), 'OTLP metrics (histogram): counts, buckets, route template: no PHI'),

  // ======== Datadog / CloudWatch / GCP entries ========
  () => {
    const p = V.person(); const em = V.email(p); const id = pid();
    return T('json', J({ '@timestamp': V.ts(), status: 'error', service: svc(), host: pod(), message: L`Failed to send lab-ready SMS to ${P('NAME', V.fullName(p, false))}: 21610 unsubscribed recipient`, usr: { id: P('OTHER_ID', id), email: P('EMAIL', em) }, network: { client: { ip: P('IP_ADDRESS', V.publicIPv4()) } }, http: { status_code: 500, method: 'POST', url_details: { path: '/api/notify' } }, dd: { trace_id: String(ri(1e15, 9e15)), span_id: String(ri(1e15, 9e15)), env: env(), version: calver() } }), 'Datadog JSON log: message with the name, usr.id/email and network.client.ip labelled; dd ids, version, status and Twilio error code clean');
  },
  () => {
    const p = V.person(); const d = V.dobD(); const mid = V.memberId();
    const msg = L`${V.ts()}\t${V.uuid()}\tINFO\teligibility request member=${P('HEALTH_PLAN_ID', mid)} subscriber="${P('NAME', V.lastFirst(p))}" dob=${P('DATE', V.fmtDate(d, 2))}\n`;
    return T('json', J({ '@timestamp': V.ts().replace('T', ' ').replace('Z', ''), '@logStream': `${ri(2024, 2025)}/${pad(ri(1, 12), 2)}/${pad(ri(1, 28), 2)}/[$LATEST]${V.hex(32)}`, '@log': `${V.digits(12)}:/aws/lambda/eligibility-${env()}`, '@message': msg }), 'CloudWatch Logs Insights row: the Lambda line inside @message carries member id, name and DOB; @timestamp, log stream date and request id clean');
  },
  () => {
    const p = V.person(); const ph = V.phone(pick([0, 1])); const ip = V.publicIPv4();
    return T('json', J({ insertId: V.lowalnum(14), jsonPayload: { message: 'callback requested', patient: { name: P('NAME', V.fullName(p)), phone: P('PHONE', ph) }, queue: pick(['nurse-line', 'billing']) }, httpRequest: { requestMethod: 'POST', requestUrl: L`/api/callback?phone=${P('PHONE', pctEnc(ph))}`, status: 202, remoteIp: P('IP_ADDRESS', ip), userAgent: chromeUA(), latency: `0.${ri(10, 999)}s` }, resource: { type: 'cloud_run_revision', labels: { service_name: svc(), revision_name: `${svc()}-000${ri(10, 99)}-${V.lowalnum(3)}`, location: 'us-central1' } }, severity: 'INFO', timestamp: V.ts(), trace: `projects/example-health-prod/traces/${V.hex(32)}` }, chance(0.3) ? 'spaced' : 'compact'), 'GCP Cloud Logging entry: jsonPayload name and phone, httpRequest.requestUrl phone and remoteIp labelled; insertId, revision, latency, trace clean');
  },
  () => {
    const p = V.person(); const c = V.city();
    return T('log', L`${V.ts()} ${pick(['ERROR', 'WARN'])} [${svc()}] dd.trace_id=${ri(1e15, 9e15)} dd.span_id=${ri(1e15, 9e15)} geocode failed for "${P('ADDRESS', V.street(true))}, ${P('ADDRESS', V.cityState(c, 0))} ${P('ZIP_CODE', V.zip(c))}" (patient ${P('NAME', V.fullName(p, false))})`, 'Datadog-correlated text log: street, city/state, ZIP and name labelled; trace ids clean');
  },
  () => { const p = V.person(); return T('json', J({ timestamp: V.epochMs(), level: 'warn', msg: 'duplicate patient suspected', logger: 'mpi', candidate: { first: P('NAME', p.first), last: P('NAME', p.last), dob: P('DATE', V.fmtDate(V.dobD(), 2)), ssnLast4: V.digits(4) }, score: Number(`0.${ri(80, 99)}`), 'dd.service': svc(), 'dd.env': env() }), 'Datadog-shipped pino log: candidate names and DOB labelled; SSN last four, score and epoch clean'); },
  // log-entry negatives
  () => T('json', J({ '@timestamp': V.ts(), status: 'info', service: svc(), host: pod(), message: `GET ${routeTpl()} ${pick([200, 304])} ${V.ms()}`, http: { status_code: pick([200, 304]), method: 'GET', useragent: chromeUA() }, network: { client: { ip: V.privateIP() } }, dd: { trace_id: String(ri(1e15, 9e15)), span_id: String(ri(1e15, 9e15)), version: calver() } }), 'Datadog request log with a private client IP, route template and durations: no PHI'),
  () => T('log', cat(`REPORT RequestId: ${V.uuid()}\tDuration: ${ri(1, 3000)}.${pad(ri(0, 99), 2)} ms\tBilled Duration: ${ri(1, 3000)} ms\tMemory Size: ${pick([512, 1024])} MB\tMax Memory Used: ${ri(80, 500)} MB\t${chance(0.5) ? `Init Duration: ${ri(100, 900)}.${pad(ri(0, 99), 2)} ms\t` : ''}\nXRAY TraceId: 1-${V.hex(8)}-${V.hex(24)}\tSegmentId: ${V.hex(16)}\tSampled: true`), 'CloudWatch Lambda REPORT line: request id, durations, memory, X-Ray ids: no PHI'),
  () => T('json', J({ insertId: V.lowalnum(14), jsonPayload: { message: pick(['reminder batch complete', 'cron tick', 'cache warmed']), sent: ri(0, 900), failed: ri(0, 20), batchId: V.uuid(), actor: 'svc-scheduler' }, resource: { type: 'k8s_container', labels: { pod_name: pod('scheduler'), namespace_name: 'prod', container_name: 'scheduler' } }, severity: 'INFO', timestamp: V.ts(), labels: { 'k8s-pod/app': 'scheduler', 'commit': V.hex(7) } }), 'GCP log entry from the scheduler service account: counts, batch id, pod labels, commit: no PHI'),

  // ======== audit records ========
  () => {
    const p = V.person(); const id = pid(); const m = V.mrn();
    return T('json', J({ eventType: 'chart.view', at: V.ts(), actor: { id: staffId(), role: staffRole(), ip: V.privateIP() }, subject: { patientId: P('OTHER_ID', id), mrn: P('MRN', m), displayName: P('NAME', V.lastFirst(p)) }, purpose: pick(['TREATMENT', 'PAYMENT', 'OPERATIONS']), breakGlass: chance(0.2), sessionId: V.uuid() }), 'audit record (chart.view): patient id, MRN and name labelled; staff actor id and role, private IP, timestamp, session id clean');
  },
  () => { const p = V.person(); const m = V.mrn(); return T('log', L`AUDIT ${V.ts()} actor=${staffId()} role=${staffRole()} action=${pick(['VIEW', 'PRINT', 'EXPORT'])} resource=chart patient="${P('NAME', V.fullName(p, false))}" mrn=${P('MRN', m)} dob=${P('DATE', V.fmtDate(V.dobD(), 0))} reason="${pick(['scheduled visit', 'refill request', 'break-the-glass: ED transfer'])}" src=${V.privateIP()}`, 'audit log line: patient name, MRN and DOB labelled; actor id, role, reason, private source clean'); },
  () => { const id = pid(); return T('json', J({ resourceType: 'AuditEvent', type: { code: 'rest' }, subtype: [{ code: 'read' }], action: 'R', recorded: V.ts(), outcome: '0', agent: [{ who: { reference: `Practitioner/${ri(100, 9999)}` }, requestor: true, network: { address: V.privateIP(), type: '2' } }], source: { observer: { display: svc() } }, entity: [{ what: { reference: cat('Patient/', P('OTHER_ID', id)) } }, { what: { reference: `DocumentReference/${V.uuid()}` } }] }), 'FHIR AuditEvent: the Patient reference id labelled; Practitioner reference, document UUID, recorded time clean'); },
  () => T('json', J({ eventType: pick(['auth.login', 'role.grant', 'settings.update', 'export.schedule']), at: V.ts(), actor: { id: staffId(), role: pick(['admin', 'it_support']), ip: V.privateIP() }, target: { type: pick(['user', 'role', 'clinic']), id: pick([staffId(), String(ri(1, 40))]) }, changes: { mfaRequired: [false, true] }, requestId: V.uuid() }), 'audit record about staff and configuration only: actor and target staff ids, roles: no PHI'),

  // ======== Twilio SMS ========
  () => {
    const p = V.person(); const ph = V.e164(); const c = V.city(); const d = V.dobD();
    const bodyText = pick([
      () => L`${formEnc('hi this is ')}${P('NAME', formEnc(lc(V.fullName(p, false))))}${formEnc(' dob ')}${P('DATE', formEnc(typedDob(d)))}${formEnc(' need to reschedule ' + emo())}`,
      () => L`${formEnc('Its ')}${P('NAME', formEnc(p.first))}${formEnc(' can u call me back at ')}${P('PHONE', formEnc(typedPhone()))}`,
      () => L`${formEnc('C')}`,
    ])();
    const pairs = [
      'ToCountry=US', 'ToState=', `SmsMessageSid=${SID('SM')}`, 'NumMedia=0', 'ToCity=', L`FromZip=${P('ZIP_CODE', V.zip(c).slice(0, 5))}`, `SmsSid=${SID('SM')}`, `FromState=${c[1]}`, 'SmsStatus=received',
      L`FromCity=${P('ADDRESS', formEnc(V.fold(c[0]).toUpperCase()))}`, L`Body=${bodyText}`, 'FromCountry=US', `To=${pctEnc(clinicNum())}`, 'ToZip=', 'NumSegments=1', `MessageSid=${SID('SM')}`, `AccountSid=${SID('AC')}`, L`From=${P('PHONE', pctEnc(ph))}`, 'ApiVersion=2010-04-01',
    ];
    return T('log', L`${V.ts()} DEBUG POST /api/twilio/sms x-twilio-signature=${V.b64(27)}= body=${join(pairs, '&')}`, 'Twilio inbound SMS, raw urlencoded body: From phone, FromCity and FromZip (the sender\'s number locality) and the Body text labelled; clinic To number, state, SIDs and API version date clean');
  },
  () => {
    const p = V.person(); const ph = V.e164(); const c = V.city(); const m = V.memberId();
    const body = pick([
      () => L`my insurance changed, new member id is ${P('HEALTH_PLAN_ID', m)} ${emo()}`,
      () => L`this is ${P('NAME', lc(p.first))}s mom, shes running a fever can someone call ${P('PHONE', typedPhone())}`,
      () => L`STOP`,
    ])();
    return T('json', J({ ToCountry: 'US', ToState: '', SmsMessageSid: SID('SM'), NumMedia: '0', FromZip: P('ZIP_CODE', V.zip(c).slice(0, 5)), FromState: c[1], SmsStatus: 'received', FromCity: P('ADDRESS', V.fold(c[0]).toUpperCase()), Body: body, FromCountry: 'US', To: clinicNum(), MessageSid: SID('SM'), AccountSid: SID('AC'), From: P('PHONE', ph), ApiVersion: '2010-04-01' }), 'Twilio inbound SMS as the route handler logs Object.fromEntries(formData): From phone, FromCity, FromZip and Body values labelled; clinic number and SIDs clean');
  },
  () => { const ph = V.e164(); const st = pick(['delivered', 'undelivered', 'failed', 'sent']); return T('json', J({ SmsSid: SID('SM'), SmsStatus: st, MessageStatus: st, To: P('PHONE', ph), MessageSid: SID('SM'), AccountSid: SID('AC'), From: pick([clinicNum(), pick(['86753', '22395', '40404'])]), ApiVersion: '2010-04-01', ErrorCode: pick([null, '30003', '30006', '30007']), MessagingServiceSid: SID('MG') }, chance(0.3) ? 'spaced' : 'compact'), 'Twilio status callback JSON: the patient To number labelled; clinic From number or short code, SIDs, error codes and API version clean'); },
  () => { const ph = V.e164(); return T('log', L`${V.ts()} INFO POST /api/twilio/status 204 MessageStatus=${pick(['delivered', 'undelivered'])}&To=${P('PHONE', pctEnc(ph))}&From=${pctEnc(clinicNum())}&MessageSid=${SID('SM')}&ErrorCode=${pick(['30005', '30008', ''])}`, 'Twilio status callback, urlencoded, in a request log: the encoded To number labelled; clinic number and sid clean'); },
  () => {
    const p = V.person(); const ph = V.e164(); const d = futureD(); const t = svcTime();
    const txt = pick([
      () => L`Hi ${P('NAME', p.first)}, this is Example Health. Reminder: your video visit is ${pick(DOW).slice(0, 3)} ${P('DATE', `${d.m}/${d.d}`)} at ${t}. Reply C to confirm or R to reschedule.`,
      () => L`${P('NAME', p.first)} - your lab results from ${P('DATE', V.fmtDate(V.recentD(), pick([0, 9, 4])))} are ready in the portal. Questions? Call ${clinicNumFmt()}.`,
    ])();
    return T('log', L`${V.ts()} DEBUG twilio.messages.create ${J({ to: P('PHONE', ph), from: clinicNum(), body: txt, statusCallback: `${ORIGIN()}/api/twilio/status` }, 'spaced')}`, 'outbound SMS create call logged: To phone, first name and appointment or result date in the rendered body labelled; clinic number, time of day and callback URL clean');
  },
  () => { const ph = V.e164(); const p = V.person(); return T('log', L`EventType=onMessageAdded&ConversationSid=${SID('CH')}&MessageSid=${SID('IM')}&Index=${ri(0, 40)}&Author=${P('PHONE', pctEnc(ph))}&Body=${formEnc('thx! also my name is spelled ')}${P('NAME', formEnc(V.fullName(p, false)))}${formEnc(' not ')}${P('NAME', formEnc(p.first.slice(0, -1) + ' ' + p.last))}&Source=SMS&DateCreated=${pctEnc(V.ts())}&AccountSid=${SID('AC')}`, 'Twilio Conversations webhook body: Author phone and the names in Body (the misspelt form too) labelled; DateCreated and SIDs clean'); },
  () => T('json', J({ sid: SID('NO'), account_sid: SID('AC'), error_code: pick(['30003', '30005', '30007', '21610', '11200']), log: '0', more_info: { Msg: pick(['Unknown destination handset', 'Carrier violation', 'HTTP retrieval failure']), sourceComponent: pick(['14100', '12000']), httpResponse: pick(['502', '504', '']) }, request_method: 'POST', request_url: `${ORIGIN()}/api/twilio/status`, date_created: V.ts() }), 'Twilio debugger alert: SIDs, error codes, callback URL, creation time: no PHI'),
  () => T('log', cat(`${V.ts()} INFO reminders: svc-scheduler sent ${ri(20, 900)} SMS via ${SID('MG')} from ${clinicNum()} (${ri(0, 30)} undelivered, ${ri(0, 9)} opted out), next run ${pick(['06:00', '18:00'])} America/${pick(['Chicago', 'New_York', 'Los_Angeles'])}`), 'reminder batch summary from the scheduler service account: counts, messaging service sid, clinic number: no PHI'),

  // ======== inbound e-mail ========
  () => {
    const p = V.person(); const em = V.email(p); const d = V.dobD(); const q = V.person(); const box = pick(['intake@clinic.example', 'careteam@clinic.example', 'support@telecare-example.com']);
    const subj = pick([
      () => L`Refill request - ${P('NAME', V.fullName(p, false))} DOB ${P('DATE', V.fmtDate(d, pick([0, 7])))}`,
      () => L`Re: your appointment on ${P('DATE', V.fmtDate(futureD(), pick([4, 6, 0])))}`,
    ])();
    const body = pick([
      () => L`Hi,\r\n\r\nI need a refill of my ${pick(['lisinopril', 'metformin', 'sertraline'])} sent to the pharmacy on ${P('ADDRESS', V.street(true))}. My insurance member ID is ${P('HEALTH_PLAN_ID', V.memberId())}.\r\n\r\nThanks,\r\n${P('NAME', p.first)}`,
      () => L`Hello, I'm writing for my mother ${P('NAME', V.fullName(q, false))}, she is ${P('AGE', ri(90, 99))} and can't use the portal. Please call me at ${P('PHONE', V.phone(pick([0, 1, 2])))}.\r\n\r\n-- \r\nSent from my iPhone`,
    ])();
    return T('text', L`Received: from mail-${V.lowalnum(6)}.google.com (mail-${V.lowalnum(6)}.google.com [209.85.${ri(128, 222)}.${ri(1, 254)}])\r\nFrom: ${P('NAME', V.fullName(p, false))} <${P('EMAIL', em)}>\r\nTo: ${pick(['Intake', 'Care Team'])} <${box}>\r\nSubject: ${subj}\r\nDate: ${pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])}, ${ri(1, 28)} ${pick(V.MON)} ${ri(2024, 2025)} ${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)} -0${ri(4, 8)}00\r\nMessage-ID: <CA${V.alnum(30)}@mail.gmail.com>\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n${body}`, 'raw inbound e-mail (MIME headers and plain body): sender name and address, subject values and body values labelled; clinic mailbox, Received relay IP, Date header and Message-ID clean');
  },
  () => {
    const p = V.person(); const em = V.email(p); const m = V.mrn();
    const B = `xYzZY${V.hex(8)}`; const box = pick(['billing@clinic.example', 'intake@clinic.example']);
    const part = (n, v) => cat(`--${B}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n`, v, '\r\n');
    return T('text', cat(
      part('from', L`"${P('NAME', V.fullName(p, false))}" <${P('EMAIL', em)}>`), part('to', box), part('subject', L`question about my bill (MRN ${P('MRN', m)})`),
      part('text', L`I was charged twice for the visit on ${P('DATE', V.fmtDate(V.recentD(), pick([0, 4, 7])))}. My account number is ${P('ACCOUNT_NUMBER', V.accountNumber())}.`),
      part('envelope', cat('{"to":["', box, '"],"from":"', P('EMAIL', em), '"}')), part('SPF', 'pass'), part('spam_score', `0.${ri(0, 9)}`), `--${B}--`,
    ), 'SendGrid Inbound Parse multipart fields: from name and address, MRN in subject, visit date and account number in text, envelope sender labelled; clinic address, SPF and spam score clean');
  },
  () => {
    const p = V.person(); const em = V.email(p); const d = V.dobD(); const box = pick(['support@telecare-example.com', 'careteam@clinic.example']);
    return T('json', J({ FromName: P('NAME', V.fullName(p, false)), From: P('EMAIL', em), FromFull: { Email: P('EMAIL', em), Name: P('NAME', V.fullName(p, false)), MailboxHash: '' }, To: box, ToFull: [{ Email: box, Name: 'Care Team', MailboxHash: '' }], Subject: pick(['portal locked out', 'Forgot password', 'cant log in']), MessageID: V.uuid(), Date: `${pick(['Mon', 'Tue', 'Thu'])}, ${ri(1, 28)} ${pick(V.MON)} ${ri(2024, 2025)} ${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)} +0000`, TextBody: L`hi i cant get into the portal. my name is ${P('NAME', lc(V.fullName(p, false)))} and birthday ${P('DATE', typedDob(d))}. thank you`, Headers: [{ Name: 'X-Spam-Status', Value: 'No' }, { Name: 'Received-SPF', Value: `Pass (sender SPF authorized) identity=mailfrom; client-ip=209.85.${ri(128, 222)}.${ri(1, 254)}; helo=mail-${V.lowalnum(6)}.google.com;` }], Attachments: [] }), 'Postmark inbound JSON: FromName, From, FromFull and the lower-case name and typed birthday in TextBody labelled; clinic To, Date header, MessageID, relay client-ip clean');
  },
  () => {
    const p = V.person(); const em = V.email(p); const d = futureD();
    return T('json', J({ personalizations: [{ to: [{ email: P('EMAIL', em), name: P('NAME', V.fullName(p, false)) }], dynamic_template_data: { firstName: P('NAME', p.first), apptDate: P('DATE', V.fmtDate(d, pick([4, 0, 2]))), apptTime: svcTime(), visitType: pick(['video', 'in-person']) } }], from: { email: clinicMail(), name: 'Example Health' }, template_id: `d-${V.hex(32)}`, asm: { group_id: ri(1000, 99999) } }), 'SendGrid send API payload: recipient address and name, template data first name and appointment date labelled; clinic sender, template id, unsubscribe group, time of day clean');
  },
  () => { const em = V.email(); return T('json', J([{ email: P('EMAIL', em), event: pick(['bounce', 'dropped', 'spamreport']), reason: L`550 5.1.1 <${P('EMAIL', em)}>: Recipient address rejected: User unknown`, sg_event_id: V.b64url(22), sg_message_id: `${V.b64url(22)}.filter${ri(1, 9)}-${ri(1000, 9999)}-${V.hex(4)}-0`, timestamp: Math.floor(V.epochMs() / 1000), type: 'bounce' }]), 'SendGrid event webhook (bounce): the recipient address, twice, labelled; event and message ids and epoch clean'); },
  () => T('json', J([{ email: clinicMail(), event: pick(['delivered', 'processed']), sg_event_id: V.b64url(22), sg_message_id: `${V.b64url(22)}.filter${ri(1, 9)}`, timestamp: Math.floor(V.epochMs() / 1000), category: ['internal-digest'], smtp_id: `<${V.b64url(22)}@ismtpd${ri(1, 9)}>` }]), 'SendGrid event for a clinic mailbox (internal digest): no PHI'),
  () => T('text', cat(`From: Example Health <${clinicMail()}>\r\nTo: ${clinicMail()}\r\nSubject: [ops] Nightly reminder run ${pick(['succeeded', 'finished with warnings'])}\r\nDate: ${pick(['Mon', 'Tue'])}, ${ri(1, 28)} ${pick(V.MON)} ${ri(2024, 2025)} 06:0${ri(0, 9)}:00 +0000\r\nMessage-ID: <${V.uuid()}@notify.clinic.example>\r\n\r\nsvc-scheduler queued ${ri(100, 900)} reminders; ${ri(0, 20)} bounced; run ${V.uuid()} took ${V.ms()}.`), 'system e-mail between clinic mailboxes about a batch run: no PHI'),

  // ======== chat transcripts ========
  () => {
    const p = V.person(); const d = V.dobD();
    return T('text', L`[${chatTs()}] Patient: hi its ${P('NAME', lc(V.fullName(p, false)))} ${emo()}\n[${chatTs()}] ${staffLabel()}: Hi! Can you confirm your date of birth?\n[${chatTs()}] Patient: my dob is ${P('DATE', typedDob(d))}\n[${chatTs()}] ${staffLabel()}: Thank you, you're verified.`, 'chat transcript: lower-case patient name and a typed DOB labelled; staff role labels and chat times clean');
  },
  () => {
    const ph = typedPhone(); const p = V.person();
    return T('json', J({ conversationId: `conv_${V.lowalnum(12)}`, messageId: V.uuid(), sender: { type: 'patient', id: P('OTHER_ID', pid()) }, text: pick([() => L`call me at ${P('PHONE', ph)} pls, im at work til 5`, () => L`can u call ${P('PHONE', ph)} instead its my daughter ${P('NAME', lc(p.first))}s cell`])(), sentAt: V.ts(), channel: 'web' }), 'chat widget message JSON: sender patient id and the phone (and a relative\'s first name) in informal text labelled; conversation and message ids, sentAt clean');
  },
  () => { const a = ri(90, 101); return T('text', L`Patient (${chatTs()}): ${pick(['im', 'i am', "I'm"])} ${P('AGE', a)} ${pick(['and my hip is killing me', 'yrs old and still driving lol', 'so pls dont make me come in'])} ${emo()}\nCare Team (${chatTs()}): We can do a video visit instead.`, 'chat: age over 89 written informally ("im 93") labelled, number only'); },
  () => {
    const p = V.person(); const q = V.person({ group: p.group }); const d = V.oldDobD(); const a = 2025 - d.y;
    return T('text', L`Patient: this is her daughter ${P('NAME', lc(q.first))}, moms name is ${P('NAME', V.fullName(p, false))} dob ${P('DATE', V.fmtDate(d, pick([0, 7, 1])))} shes ${P('AGE', a)} ${emo()}\nAgent: Thanks ${P('NAME', q.first)}, I've added you as a proxy.`, 'caregiver chat: relative\'s first name (lower case, then as the agent writes it), the patient\'s name, DOB and age labelled');
  },
  () => {
    const m = V.memberId();
    return T('text', L`${chatTs()} patient: can u refil my perscription ${emo()} the ${pick(['blood pressure', 'thyroid', 'cholestrol'])} one\n${chatTs()} patient: insurance id ${P('HEALTH_PLAN_ID', m)} if u need it\n${chatTs()} care team: Sent to your pharmacy on file.`, 'chat with misspellings and an emoji: member id labelled; drug class words clean');
  },
  () => {
    const c = V.city(); const st = `${ri(10, 9899)} ${lc(pick(['Oak', 'Maple', 'Cedar', 'Elm', 'Lake', 'Park']))} ${pick(['st', 'ave', 'rd', 'dr'])}${chance(0.5) ? ` apt ${ri(1, 40)}` : ''}`;
    return T('text', L`[${chatTs()}] Patient: new adress is ${P('ADDRESS', st)}, ${P('ADDRESS', lc(`${c[0]} ${c[1]}`))} ${P('ZIP_CODE', V.zip(c).slice(0, 5))} can u update it\n[${chatTs()}] Front desk: Updated ✅`, 'chat: a lower-case address typed by the patient: street, city/state and ZIP labelled');
  },
  () => { const p = V.person(); const [f, l] = p.rom; const d = pick(['gmail', 'yahoo', 'outlook']); return T('text', L`Patient: my email changed its ${P('EMAIL', `${f}${l[0]}${ri(50, 99)} at ${d} dot com`)}\nSupport: Got it, I'll send a verification link.`, 'chat: an e-mail address spelled out ("at gmail dot com") labelled as EMAIL'); },
  () => { const p = V.person({ group: 'hisp' }); const d = V.dobD(); return T('text', L`[${chatTs()}] Paciente: hola soy ${P('NAME', V.fullName(p, false))}, mi fecha de nacimiento es ${P('DATE', `${pad(d.d, 2)}/${pad(d.m, 2)}/${d.y}`)} y mi cel es ${P('PHONE', typedPhone())}\n[${chatTs()}] Equipo: ¡Gracias! Le llamamos hoy.`, 'Spanish chat: name, DD/MM/YYYY birth date and phone labelled'); },
  () => { const p = V.person(); const d = futureD(); return T('json', J({ threadId: V.uuid(), messages: [{ from: 'patient', body: L`running 10 min late for my ${P('DATE', `${d.m}/${d.d}`)} appt sorry!! ${emo()}` }, { from: 'staff', body: 'No problem, the provider will wait.' }, { from: 'patient', body: L`ok thx. this is ${P('NAME', p.first)} btw` }], unread: ri(0, 3) }), 'secure-message thread JSON: appointment date without a year and a self-introduced first name labelled; thread id clean'); },
  () => { const p = V.person(); const ssn = V.ssn(pick([0, 1])); return T('text', L`${chatTs()} Patient: ok here it is ${P('SSN', ssn)} 🙈 for the ${pick(['disability form', 'fmla paperwork', 'financial aid app'])}\n${chatTs()} Care Team: Please don't send your SSN in chat — we'll call you. Is this ${P('NAME', p.first)}?`, 'chat: an SSN pasted by the patient and the first name in the staff question labelled'); },
  // chat negatives
  () => T('text', cat(pick(['thanks! see you tuesday 👍', 'ok sounds good', 'is the clinic open on saturday?', 'what time is my appt tmrw?', 'got it thx 🙏', 'can i bring my own meds list?', 'lol ok 😅 see u then', 'will the visit be video or phone?', 'Thank you so much!!'])), 'generic patient chat without identifiers (weekday alone is not a date): no PHI'),
  () => T('text', cat(`[${chatTs()}] Patient: took ${ri(1, 2)} tabs of ${pick(['500mg', '200 mg', '10mg'])} at ${ri(6, 11)}:${pick(['00', '30'])}, bp was ${ri(100, 160)}/${ri(60, 99)} and temp ${ri(98, 102)}.${ri(0, 9)}\n[${chatTs()}] ${staffLabel()}: That's fine, recheck in ${ri(2, 4)} hours.`), 'chat with doses, blood pressure, temperature and times: no PHI'),
  () => T('json', J({ conversationId: `conv_${V.lowalnum(12)}`, sender: { type: 'bot', id: 'svc-chatbot' }, text: pick(BOT), sentAt: V.ts(), channel: 'web', metadata: { queue: pick(['nurse', 'billing']), position: ri(1, 12) } }), 'chat bot message from a system account: no PHI'),
  () => T('text', cat(`Patient: ${pick(['my room is 4B', 'im in waiting room 2', 'order #A' + ri(1000, 9999) + ' never came', 'the code 7291 didnt work'])}\n${staffLabel()}: ${pick(['Someone will be right there.', 'Try the new code we just texted.', 'Checking with the pharmacy now.'])}`), 'chat with room numbers, an order number or a one-time code: no PHI'),

  // ======== push notifications ========
  () => { const p = V.person(); const d = V.recentD(); return T('json', J({ aps: { alert: { title: pick(['Results ready', 'New lab result']), body: L`${P('NAME', p.first)}, your lab results from ${P('DATE', V.fmtDate(d, pick([0, 9, 7])))} are ready.` }, badge: ri(1, 9), sound: 'default', 'thread-id': 'labs' }, patientId: P('OTHER_ID', pid()), deeplink: 'app://labs/latest' }), 'APNs payload: first name and result date in the alert body, custom patientId labelled; badge, thread id, deep link clean'); },
  () => { const p = V.person(); const d = futureD(); return T('json', J({ message: { token: `${V.b64url(22)}:APA91b${V.b64url(134)}`, notification: { title: 'Appointment tomorrow', body: L`Hi ${P('NAME', p.first)}, your visit is on ${P('DATE', `${V.MON[d.m - 1]} ${d.d}`)} at ${svcTime()}` }, data: { patientId: P('OTHER_ID', pid()), apptId: apptId(), type: 'reminder' }, android: { priority: 'high', ttl: '86400s' } } }), 'FCM v1 message: first name and appointment date in the body, patientId in data labelled; registration token, appointment id, TTL clean'); },
  () => { const p = V.person(); return T('json', J([{ to: `ExponentPushToken[${V.b64url(22)}]`, title: pick(['New message from your care team', 'Message from Example Health']), body: L`${P('NAME', V.fullName(p, false))}: ${pick(['please call us back', 'your prescription is ready', 'we need a new insurance card photo'])}`, data: { threadId: V.uuid() }, priority: 'high' }]), 'Expo push request: the patient\'s full name prefixed to the body labelled; push token and thread id clean'); },
  () => T('json', J({ aps: { alert: { title: pick(['Example Health', 'New message']), body: pick(['You have a new secure message. Open the app to read it.', 'Your visit summary is available.', 'Time to log your blood pressure.']) }, badge: ri(1, 20), 'content-available': 1 }, messageId: V.uuid(), type: pick(['message', 'summary', 'task']) }), 'push payload with generic text only: no PHI'),
  () => T('log', cat(`${V.ts()} INFO push: sent ${ri(1, 5000)} notifications (apns ${ri(1, 3000)}, fcm ${ri(1, 3000)}), ${ri(0, 40)} invalid tokens pruned, collapse_key=${pick(['reminder', 'message'])}, ttl=${pick([3600, 86400])}s`), 'push batch summary: counts, collapse key, TTL: no PHI'),

  // ======== reminder templates, rendered and unrendered ========
  () => { const p = V.person(); const d = futureD(); return T('text', L`Hi ${P('NAME', p.first)}! This is Example Health reminding you of your appointment on ${pick(DOW)}, ${P('DATE', `${V.MONTHS[d.m - 1]} ${d.d}, ${d.y}`)} at ${svcTime()}. Reply C to confirm or call ${clinicNumFmt()} to reschedule.`, 'rendered SMS reminder: first name and appointment date labelled; weekday, time, clinic number clean'); },
  () => { const p = V.person(); const d = futureD(); return T('html', L`<p>Dear ${pick(['Mr.', 'Ms.', 'Mrs.'])} ${P('NAME', p.last.replace(/'/g, '&#x27;'))},</p><p>Your telehealth visit is scheduled for <strong>${P('DATE', V.fmtDate(d, 0))}</strong> at <strong>${svcTime()}</strong>.</p><p><a href="${ORIGIN()}/visits/join?t=${V.b64url(32)}">Join your visit</a></p><p style="color:#6b7280">Example Health · ${ri(100, 999)} Medical Pkwy · Reply STOP to opt out</p>`, 'rendered e-mail reminder (HTML): surname after the title and the visit date labelled; join token, clinic address, time clean'); },
  () => { const p = V.person(); const ph = V.e164(); const d = futureD(); return T('log', L`${V.ts()} DEBUG render template=appt_reminder_v${ri(2, 9)} locale=${pick(['en-US', 'es-US'])} vars=${J({ firstName: P('NAME', p.first), lastName: P('NAME', p.last), apptDate: P('DATE', V.isoDate(d)), apptTime: `${pad(ri(8, 17), 2)}:${pick(['00', '30'])}`, phone: P('PHONE', ph), clinic: pick(['Northside', 'Lakeview']) })}`, 'template render debug log with its variables: names, appointment date and phone labelled; template name, locale, time and clinic clean'); },
  () => T('text', cat(pick([
    'Hi {{patient.firstName}}, this is a reminder of your appointment on {{appointment.date | date: "MMMM d, yyyy"}} at {{appointment.time}}. Reply C to confirm.',
    'Dear {{ patient.last_name }}, your results from {{ result.date }} are ready. Call {{ clinic.phone }} with questions.',
    '{{#if patient.dob}}DOB: {{patient.dob}}{{/if}} — MRN {{patient.mrn}} — {{patient.fullName}}',
    'Hola {{nombre}}, su cita es el {{fecha}} a las {{hora}}.',
    'Hi ${firstName}, your visit is on ${apptDate}. Reply STOP to opt out.',
  ])), 'unrendered reminder template (Handlebars, Liquid, template literal placeholders): no PHI'),
  () => T('json', J({ 'reminder.sms': 'Hi {name}, your visit is {date, date, long} at {time, time, short}.', 'reminder.email.subject': 'Your appointment on {date, date, medium}', 'results.ready': '{firstName}, you have {count, plural, one {# new result} other {# new results}}', locale: pick(['en-US', 'es-US']) }), 'ICU message catalogue with placeholders only: no PHI'),
  () => T('log', cat(`${V.ts()} WARN render template=appt_reminder_v${ri(2, 9)}: missing variable "patient.firstName" (strict mode), falling back to "there"; sample output: "Hi there, your appointment is on {{appointment.date}}."`), 'template render warning with placeholders and a fallback word: no PHI'),

  // ======== HTTP header dumps ========
  () => {
    const p = V.person(); const id = pid(); const o = ORIGIN(); const d = V.dobD(); const ip = V.publicIPv4();
    return T('log', L`GET /results/latest HTTP/1.1\r\nHost: ${HOSTN(o)}\r\nCookie: ${gaCookie()}; ${csrf()}; next-auth.session-token=${P('SECRET', jwtT())}; last_patient=${P('OTHER_ID', id)}\r\nX-Patient-Id: ${P('OTHER_ID', id)}\r\nX-Forwarded-For: ${P('IP_ADDRESS', ip)}, ${V.privateIP()}\r\nReferer: ${o}/patients/search?name=${P('NAME', formEnc(V.fullName(p, false)))}&dob=${P('DATE', pctEnc(V.fmtDate(d, 0)))}\r\nUser-Agent: ${chromeUA()}\r\nAccept: text/html`, 'request header dump: session JWT cookie (SECRET), last_patient cookie and X-Patient-Id, public X-Forwarded-For hop, Referer query name and DOB labelled; _ga, CSRF cookie, private hop, user agent clean');
  },
  () => { const id = pid(); const m = V.mrn(); return T('log', L`HTTP/1.1 ${pick([302, 303])} See Other\r\nLocation: /patients/${P('OTHER_ID', id)}/summary\r\nSet-Cookie: __Secure-next-auth.session-token=${P('SECRET', jwtT())}; Path=/; HttpOnly; Secure; SameSite=Lax\r\nSet-Cookie: recent_mrn=${P('MRN', m)}; Path=/; Max-Age=${pick([3600, 86400])}\r\nX-Request-Id: ${V.uuid()}\r\nCache-Control: private, no-store\r\nDate: ${pick(['Mon', 'Wed'])}, ${ri(1, 28)} ${pick(V.MON)} ${ri(2024, 2025)} ${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)} GMT`, 'response header dump: Location with patient id, session Set-Cookie (SECRET), recent_mrn cookie labelled; request id, Date header, cache headers clean'); },
  () => { const p = V.person(); const em = V.email(p); return T('json', J({ level: 'debug', msg: 'incoming request', req: { method: 'POST', url: '/api/portal/invite', headers: { host: HOSTN(ORIGIN()), 'x-patient-email': P('EMAIL', em), 'x-patient-name': P('NAME', encodeURIComponent(V.fullName(p, false))), 'x-forwarded-for': P('IP_ADDRESS', V.publicIPv6()), authorization: cat('Bearer ', P('SECRET', jwtT())), 'x-vercel-id': `iad1::${V.lowalnum(5)}-${V.epochMs()}-${V.hex(12)}` } } }), 'request headers logged as JSON: custom x-patient-email and percent-encoded x-patient-name, public IPv6 in x-forwarded-for, bearer token labelled; x-vercel-id clean'); },
  () => T('log', cat(`GET /api/health HTTP/1.1\r\nHost: ${HOSTN(ORIGIN())}\r\nUser-Agent: ${pick(['kube-probe/1.29', 'ELB-HealthChecker/2.0', 'Vercelbot/0.1'])}\r\ntraceparent: 00-${V.hex(32)}-${V.hex(16)}-01\r\nX-Forwarded-For: ${V.privateIP()}\r\nX-Request-Id: ${V.uuid()}\r\nIf-None-Match: W/"${V.hex(16)}"\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: W/"${V.hex(16)}"\r\nX-Powered-By: Next.js\r\nStrict-Transport-Security: max-age=63072000`), 'health-check header dump: probe user agent, traceparent, private XFF, ETags: no PHI'),
  () => T('log', cat(`HTTP/2 200\r\ncontent-security-policy: default-src 'self'; script-src 'self' 'nonce-${V.b64(22)}=='; connect-src 'self' https://o${V.digits(6)}.ingest.sentry.io\r\nset-cookie: ${csrf()}; Path=/; HttpOnly; SameSite=Lax\r\nset-cookie: ${gaCookie()}; Max-Age=63072000\r\nx-vercel-cache: ${pick(['MISS', 'HIT', 'STALE'])}\r\nage: ${ri(0, 900)}\r\nserver: Vercel`), 'response headers with CSP nonce, CSRF and analytics cookies: no PHI'),

  // ======== curl commands in tickets ========
  () => {
    const p = V.person(); const d = V.dobD(); const o = ORIGIN();
    return T('text', L`Repro (copied from devtools):\n\ncurl '${o}/api/intake' \\\n  -H 'accept: */*' \\\n  -H 'content-type: application/json' \\\n  -H 'cookie: ${gaCookie()}; next-auth.session-token=${P('SECRET', jwtT())}' \\\n  -H 'origin: ${o}' \\\n  --data-raw '${J({ firstName: P('NAME', p.first), lastName: P('NAME', p.last), dob: P('DATE', V.isoDate(d)), phone: P('PHONE', V.phone(pick([0, 1]))), reason: pick(['rash', 'sore throat', 'refill']) })}'\n\nReturns 500 since ${release()}.`, 'curl command pasted into a ticket (Copy as cURL): session cookie token and the JSON body\'s name, DOB and phone labelled; _ga cookie, release clean');
  },
  () => { const e = V.email(); const m = V.mrn(); return T('text', L`JIRA ${pick(['PORTAL', 'TH', 'OPS'])}-${ri(100, 9999)}: lookup returns the wrong chart\n\`\`\`\ncurl -s -H "Authorization: Bearer ${P('SECRET', jwtT())}" "${ORIGIN()}/api/patients?email=${P('EMAIL', pctEnc(e))}&mrn=${P('MRN', m)}" | jq .\n\`\`\`\nexpected 1 result, got ${ri(2, 5)}`, 'ticket with a curl one-liner: bearer token, encoded email and MRN in the URL labelled; ticket key clean'); },
  () => T('text', cat(`curl -sS -X POST ${ORIGIN()}/api/cron/reminders -H "x-cron-secret: $CRON_SECRET" -H 'content-type: application/json' -d '{"dryRun":true,"batchSize":${ri(10, 500)}}' -w '%{http_code} %{time_total}\\n'\n200 0.${ri(100, 999)}`), 'curl to a cron endpoint with an environment-variable placeholder: no PHI'),

  // ======== HAR entries ========
  () => {
    const p = V.person(); const m = V.mrn(); const ssn = V.ssn(0); const o = ORIGIN();
    const postText = J({ mrn: P('MRN', m), ssn: P('SSN', ssn), name: P('NAME', V.fullName(p, false)) });
    return T('json', J({ startedDateTime: V.ts(), time: ri(10, 900) + 0.5, request: { method: 'POST', url: L`${o}/api/verify?mrn=${P('MRN', m)}`, httpVersion: 'h2', headers: [{ name: 'cookie', value: cat(gaCookie(), '; next-auth.session-token=', P('SECRET', jwtT())) }, { name: 'content-type', value: 'application/json' }], queryString: [{ name: 'mrn', value: P('MRN', m) }], postData: { mimeType: 'application/json', text: postText }, headersSize: -1, bodySize: ri(40, 200) }, response: { status: 200, statusText: '', content: { size: ri(20, 400), mimeType: 'application/json', text: J({ verified: true, patientId: P('OTHER_ID', pid()) }) } }, timings: { blocked: ri(0, 9), dns: -1, connect: -1, send: 0, wait: ri(10, 900), receive: ri(0, 9) } }), 'HAR entry: MRN in url and queryString, session cookie, postData.text (MRN, SSN, name) and response text patient id, both as escaped JSON strings, labelled; timings and sizes clean');
  },
  () => { const p = V.person(); const d = V.dobD(); const o = ORIGIN(); return T('json', J({ request: { method: 'GET', url: L`${o}/api/appointments?patient=${P('NAME', formEnc(V.lastFirst(p)))}&dob=${P('DATE', pctEnc(V.fmtDate(d, 0)))}`, queryString: [{ name: 'patient', value: P('NAME', formEnc(V.lastFirst(p))) }, { name: 'dob', value: P('DATE', pctEnc(V.fmtDate(d, 0))) }], headers: [{ name: 'referer', value: `${o}/schedule` }] }, response: { status: pick([200, 404]), content: { mimeType: 'application/json', size: ri(2, 900) } }, pageref: `page_${ri(1, 9)}` }), 'HAR entry fragment: encoded "Last, First" name and DOB in the URL and again in queryString (HAR keeps them encoded) labelled'); },
  () => T('json', J({ startedDateTime: V.ts(), time: ri(1, 90), request: { method: 'GET', url: `${ORIGIN()}/_next/static/chunks/app/layout-${V.hex(16)}.js`, httpVersion: 'h2', headers: [{ name: 'accept', value: '*/*' }, { name: 'sec-fetch-dest', value: 'script' }], queryString: [], headersSize: -1, bodySize: 0 }, response: { status: 200, content: { size: ri(1000, 90000), mimeType: 'application/javascript' }, headers: [{ name: 'cache-control', value: 'public, max-age=31536000, immutable' }, { name: 'etag', value: `"${V.hex(16)}"` }] }, cache: {}, timings: { wait: ri(1, 90), receive: ri(0, 9) } }), 'HAR entry for a static chunk: hashes, sizes, cache headers: no PHI'),

  // ======== tRPC and GraphQL ========
  () => {
    const id = pid(); const d = V.dobD(); const p = V.person();
    const input = J({ 0: { json: { patientId: P('OTHER_ID', id) } }, 1: { json: { lastName: P('NAME', p.last), dob: P('DATE', V.isoDate(d)), cursor: null }, meta: { values: { cursor: ['undefined'] } } } });
    return T('url', L`${ORIGIN()}/api/trpc/patient.byId,patient.search?batch=1&input=${encF(input)}`, 'tRPC batch GET: URL-encoded JSON input (%7B%220%22…) with patient id, surname and DOB labelled, still encoded; procedure names clean');
  },
  () => { const p = V.person(); const ph = V.phone(pick([1, 6])); return T('log', L`${V.ts()} DEBUG trpc POST /api/trpc/profile.update?batch=1 input=${J({ 0: { json: { firstName: P('NAME', p.first), lastName: P('NAME', p.last), phone: P('PHONE', ph), smsOptIn: true } } })} -> ${pick([200, 400])} in ${V.ms()}`, 'tRPC batch POST body logged: names and phone labelled; procedure, status, duration clean'); },
  () => { const e = V.email(); return T('json', J([{ error: { json: { message: L`No patient with email ${P('EMAIL', e)}`, code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404, path: 'patient.byEmail', stack: `TRPCError: No patient\n    at /var/task/.next/server/chunks/${ri(100, 999)}.js:1:${ri(100, 9999)}` } } } }]), 'tRPC batch error response: the message quotes the e-mail; JSON-RPC code, path and stack clean'); },
  () => { const p = V.person(); const d = V.dobD(); return T('json', J({ operationName: 'FindPatient', query: 'query FindPatient($last: String!, $dob: Date!) { patients(lastName: $last, birthDate: $dob) { id mrn } }', variables: { last: P('NAME', p.last), dob: P('DATE', V.isoDate(d)) } }), 'GraphQL request with variables: surname and DOB labelled; the query text with $variables clean'); },
  () => {
    const ssn = V.ssn(0); const id = pid(); const ph = V.e164(); const p = V.person();
    const q = pick([
      () => L`{ patient(ssn: "${P('SSN', ssn)}") { id name dob } }`,
      () => L`mutation { updatePhone(patientId: "${P('OTHER_ID', id)}", phone: "${P('PHONE', ph)}") { ok } }`,
      () => L`query { search(name: "${P('NAME', V.fullName(p, false))}", first: ${ri(5, 20)}) { edges { node { id } } } }`,
    ])();
    return T('json', J({ query: q }), 'GraphQL request with inline literal arguments (escaped quotes inside the query string): SSN, patient id and phone, or a name, labelled');
  },
  () => { const p = V.person(); const e = V.email(p); return T('url', L`${ORIGIN()}/graphql?operationName=PatientByEmail&variables=${encF(J({ email: P('EMAIL', e), first: P('NAME', p.first) }))}&extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: V.hex(64) } }))}`, 'GraphQL persisted-query GET: URL-encoded variables with e-mail and first name labelled; sha256 hash clean'); },
  () => { const p = V.person(); const q = V.person(); return T('json', J([{ operationName: 'Dependents', variables: { guardianId: P('OTHER_ID', pid()) }, query: 'query Dependents($guardianId: ID!) { dependents(guardianId: $guardianId) { id } }' }, { operationName: 'AddDependent', variables: { input: { firstName: P('NAME', q.first), lastName: P('NAME', p.last), dob: P('DATE', V.isoDate(V.dobD())), relationship: 'child' } }, query: 'mutation AddDependent($input: DependentInput!) { addDependent(input: $input) { id } }' }]), 'GraphQL batch (array of operations): guardian patient id and the dependent\'s names and DOB labelled'); },
  // tRPC / GraphQL negatives
  () => T('url', cat(`${ORIGIN()}/api/trpc/slots.list,clinic.hours?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: { clinicId: ri(1, 40), from: `${ri(2024, 2025)}-${pad(ri(1, 12), 2)}-01`, limit: pick([20, 50]) } }, 1: { json: null, meta: { values: ['undefined'] } } }))}`), 'tRPC batch GET for open slots and clinic hours (clinic id, range start, limit): no PHI'),
  () => T('json', J({ operationName: 'IntrospectionQuery', query: 'query IntrospectionQuery { __schema { queryType { name } types { name kind fields { name } } } }', variables: {} }), 'GraphQL introspection: no PHI'),
  () => T('json', J({ operationName: pick(['VisitTypes', 'ClinicList', 'FeatureFlags']), variables: { first: pick([10, 25]), after: Buffer.from(`cursor:${ri(1, 9999)}`).toString('base64'), flags: ['new-intake-flow', 'video-v2'] }, extensions: { persistedQuery: { version: 1, sha256Hash: V.hex(64) } } }), 'GraphQL persisted query with a base64 cursor, feature-flag keys and a hash: no PHI'),

  // ======== other telemetry hard negatives ========
  () => T('log', cat(`${V.ts()} INFO deploy ${svc()} ${calver()} (commit ${sha().slice(0, pick([7, 12]))}) to ${env()}: build id ${V.alnum(21)}, ${ri(2, 6)}/${ri(2, 6)} pods ready (${pod()}), rollout ${V.ms()}`), 'deploy log: calendar version, commit, build id, pod name, counts: no PHI'),
  () => T('log', cat(`Warning  BackOff  pod/${pod()}  Back-off restarting failed container ${svc()} in pod ${pod()}_prod(${V.uuid()}) node=ip-10-0-${ri(0, 9)}-${ri(2, 250)}.ec2.internal restartCount=${ri(1, 30)} exitCode=${pick([1, 137, 143])}`), 'Kubernetes event: pod names, node host name, UUID, exit code: no PHI'),
  () => T('json', J({ name: pick(['LCP', 'INP', 'CLS', 'TTFB']), value: ri(1, 9000) + ri(0, 99) / 100, rating: pick(['good', 'needs-improvement', 'poor']), delta: ri(1, 900), id: `v4-${V.epochMs()}-${ri(1000000000000, 9999999999999)}`, navigationType: pick(['navigate', 'reload']), page: routeTpl(), buildId: V.alnum(21) }), 'web-vitals beacon: metric values, epoch-based id, route template, build id: no PHI'),
  () => T('error', cat(`MongoServerError: E11000 duplicate key error collection: notify.jobs index: idempotencyKey_1 dup key: { idempotencyKey: "${V.uuid()}" }\n    at InsertOneOperation.execute (/app/node_modules/mongodb/lib/operations/insert.js:${ri(40, 90)}:${ri(5, 40)}) {\n  code: 11000,\n  keyPattern: { idempotencyKey: 1 }\n}`), 'E11000 on a job idempotency key (UUID): no PHI'),
  () => T('json', J({ flag: pick(['new-intake-flow', 'video-visit-v2', 'sms-reminders-48h', 'ssn-optional']), variant: pick(['on', 'off', 'control']), reason: pick(['TARGETING_MATCH', 'DEFAULT', 'SPLIT']), evaluatedAt: V.epochMs(), context: { kind: 'device', key: V.uuid(), appVersion: `${ri(1, 5)}.${ri(0, 30)}.${ri(0, 9)}`, platform: pick(['ios', 'android', 'web']) }, sampleRate: pick([0.01, 0.1, 1]) }), 'feature-flag evaluation event: flag key (one named after a PHI type), device key UUID, app version, epoch, sample rate: no PHI'),
  () => T('log', cat(`${V.ts()} INFO svc-scheduler: job reminders.enqueue ${V.uuid()} done in ${V.ms()} (${ri(1, 900)} appointments, window ${ri(24, 72)}h, tz America/${pick(['Chicago', 'Denver', 'New_York'])}), mail from ${clinicMail()}, http ${pick([200, 202])} on :${pick([8080, 3000])}`), 'service-account job log: job UUID, counts, window, clinic sender address, status, port: no PHI'),
  () => T('text', cat(`Provider schedule published: NPI ${V.npi()}, ${ri(4, 20)} telehealth slots on ${ri(2025, 2026)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)} (${pick(['08:00-12:00', '13:00-17:00'])} CT), room ${pick(['VR-1', 'VR-2', 'Exam 3'])}, visit types ${pick(['NEW,FU', 'FU', 'URG'])}`), 'provider-only schedule message: NPI, slot date and counts (no patient): no PHI'),
  () => T('log', cat(`${V.ts()} WARN rate limit: ${pick(['/api/otp', '/api/login'])} ${ri(20, 900)} req/min from ASN ${ri(1000, 65000)} (${pick(['CLOUDFLARENET', 'AMAZON-02', 'GOOGLE'])}), blocked for ${ri(60, 900)}s; status 429; ua=${pick(['python-requests/2.31.0', 'Go-http-client/2.0', 'curl/8.4.0'])}`), 'rate-limit log with ASN, counts, status, user agent and no client address: no PHI'),
];
