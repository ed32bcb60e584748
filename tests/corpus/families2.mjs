// Families: urls, errors, clinical.
import { P, L, J, cat, fmap } from './lib.mjs';
import * as V from './values.mjs';
const { pick, ri, chance, pad } = V;

const T = (f, reason) => ({ f, reason });
// form-encoding (spaces as +) and strict percent-encoding
const qenc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
const Q = (type, v) => P(type, qenc(v));
const PE = (type, v) => P(type, encodeURIComponent(v));
const origin = () => pick(['https://portal.example-health.com', 'https://app.examplecare.io', 'http://localhost:3000', 'https://mychart.example.org', 'https://intake.clinic-example.com', 'https://api.example-ehr.com']);
const utm = () => pick(['', `&utm_source=${pick(['email', 'sms'])}&utm_campaign=${pick(['recall', 'flu2024', 'reminder'])}`, `&_rsc=${V.lowalnum(5)}`, `&ref=${V.lowalnum(6)}`]);

// ===========================================================================
// URLS
// ===========================================================================
export const urls = [
  () => { const p = V.person(); return T(L`${origin()}/api/patients/search?email=${PE('EMAIL', V.email(p))}&dob=${P('DATE', V.isoDate(V.dobD()))}${utm()}`, 'query with percent-encoded email (%40) and ISO DOB'); },
  () => { const p = V.person({ group: 'hisp' }); return T(L`${origin()}/intake?patient_name=${Q('NAME', V.fullName(p, false))}&dob=${Q('DATE', V.fmtDate(V.dobD(), 0))}`, 'UTF-8 percent-encoded accented name with + for spaces; slashes in DOB encoded as %2F'); },
  () => T(L`${origin()}/patients/${P('OTHER_ID', V.patientId())}/records?tab=${pick(['labs', 'meds', 'visits'])}`, 'patient id as a path segment'),
  () => T(L`${origin()}/api/v1/members/${P('HEALTH_PLAN_ID', V.memberId())}/eligibility?date=${ri(2024, 2025)}-${pad(ri(1, 12), 2)}-01`, 'member id in path; eligibility as-of date (not a personal event) unlabelled'),
  () => T(L`${origin()}/api/lookup?ssn=${P('SSN', V.ssn(pick([0, 2])))}&source=${pick(['kiosk', 'portal', 'fax'])}`, 'SSN in query string'),
  () => T(L`${origin()}/api/notify?phone=${PE('PHONE', V.e164())}&template=${pick(['appt_reminder', 'lab_ready'])}`, 'E.164 phone with + encoded as %2B'),
  () => T(L`${origin()}/chart?mrn=${P('MRN', V.mrn())}&visit=${P('DATE', V.isoDate(V.recentD()))}`, 'MRN and visit date in query'),
  () => T(L`/appointments?patientId=${P('OTHER_ID', V.patientId())}&date=${P('DATE', V.isoDate(V.recentD()))}&provider=${ri(100, 999)}`, 'relative URL with patient id and appointment date; numeric provider id clean'),
  () => { const p = V.person(); return T(L`${P('URL', V.socialUrl(p))}`, 'personal social-media profile URL (whole URL is the identifier)'); },
  () => { const p = V.person(); return T(L`${P('URL', V.portalUrl(p))}`, 'patient portal URL with a name slug identifying the patient'); },
  () => { const e = V.email(); const inner = encodeURIComponent(encodeURIComponent(e)); return T(L`https://auth.example-health.com/oauth/authorize?client_id=${V.lowalnum(20)}&response_type=code&redirect_uri=https%3A%2F%2Fportal.example-health.com%2Fcallback%3Femail%3D${P('EMAIL', inner)}&state=${V.hex(16)}`, 'double-encoded email nested inside redirect_uri; client_id and state clean'); },
  () => { const c = V.city(); return T(L`https://www.google.com/maps/search/?api=1&query=${Q('ADDRESS', V.street())}%2C+${Q('ADDRESS', V.cityState(c, 0))}+${P('ZIP_CODE', V.zip(c))}`, 'maps link with encoded street, city/state and ZIP'); },
  () => T(L`${origin()}/api/export?format=csv&access_token=${P('SECRET', V.jwt())}`, 'JWT access token in query string'),
  () => T(L`https://api.example-pay.com/v1/charges?api_key=${P('SECRET', `sk_live_${V.alnum(24)}`)}&limit=${ri(10, 100)}`, 'Stripe-style secret key in query string'),
  () => { const p = V.person({ allowScript: true }); return T(L`${origin()}/search?q=${Q('NAME', V.fullName(p, false))}`, 'name search query (CJK names become multi-byte percent-escapes)'); },
  () => T(L`${origin()}/billing/pay?acct=${P('ACCOUNT_NUMBER', V.digits(10).replace(/^0/, '2'))}&amount=${ri(10, 900)}.00&zip=${P('ZIP_CODE', V.zip())}`, 'account number and billing ZIP; amount clean'),
  () => { const p = V.person(); return T(L`${origin()}/patients/by-email/${PE('EMAIL', V.email(p))}`, 'email as an encoded path segment'); },
  () => T(L`${origin()}/api/fhir/Patient?identifier=http%3A%2F%2Fhospital.example.org%2Fmrn%7C${P('MRN', V.mrn())}&birthdate=${P('DATE', V.isoDate(V.dobD()))}`, 'FHIR search with system|value identifier token and birthdate'),
  () => { const p = V.person(); return T(L`${origin()}/claims/${P('OTHER_ID', V.claimNumber())}?member=${P('HEALTH_PLAN_ID', V.mbi())}&name=${Q('NAME', V.lastFirst(p))}`, 'claim number in path, MBI and encoded "Last, First" name (comma %2C)'); },
  () => T(L`${origin()}/api/devices/${P('DEVICE_ID', V.deviceSerial())}/telemetry?since=${V.epochMs()}`, 'device serial in path; epoch cursor clean'),
  () => T(L`${origin()}/admin/audit?ip=${P('IP_ADDRESS', V.publicIPv4())}&from=${ri(2024, 2025)}-01-01&to=${ri(2024, 2025)}-12-31`, 'client IP filter in audit URL; report date range is not tied to a person'),
  () => { const p = V.person(); return T(L`${origin()}/caregivers/invite#name=${Q('NAME', V.fullName(p))}&phone=${Q('PHONE', V.phone(1))}&relationship=${pick(['daughter', 'son', 'spouse'])}`, 'PHI in URL fragment (name and phone)'); },
  () => { const a = ri(90, 104); return T(L`${origin()}/api/risk?age=${P('AGE', a)}&sex=${pick(['F', 'M'])}&zip=${P('ZIP_CODE', V.zip())}`, 'age over 89 and ZIP as query params'); },
  () => T(L`${origin()}/verify?dl=${P('LICENSE_NUMBER', V.driversLicense())}&plate=${Q('VEHICLE_ID', V.plate())}`, "driver's licence and plate params"),
  () => T(L`${origin()}/payments/confirm?iban=${P('IBAN', V.iban(false))}&routing=${P('BANK_ROUTING', V.aba())}`, 'IBAN and routing number params'),
  () => { const p = V.person(); return T(L`${origin()}/intake?first=${Q('NAME', p.first)}&last=${Q('NAME', p.last)}&ssn=${P('SSN', V.ssn(0))}&step=2`, 'first/last names and SSN as separate params; step clean'); },
  () => T(L`${origin()}/_next/data/${V.alnum(21)}/patients/${P('OTHER_ID', V.patientId())}.json?id=${P('OTHER_ID', V.patientId())}`, 'Next.js _next/data URL: buildId clean, patient ids labelled'),
  () => { const p = V.person(); return T(L`mailto:${P('EMAIL', V.email(p))}?subject=${qenc('Your lab results')}&body=${qenc('Hi ')}${Q('NAME', p.first)}${qenc(',')}`, 'mailto URL with recipient email and first name in body'); },
  () => T(L`${origin()}/fax/send?to=${PE('FAX', V.phone(0))}&pages=${ri(1, 9)}`, 'fax destination (encoded parentheses/space) in query'),
  () => { const p = V.person(); return T(L`${origin()}/api/biometrics/verify?fingerprint_id=${P('BIOMETRIC_ID', V.biometricId())}&user=${PE('EMAIL', V.email(p))}`, 'biometric id and encoded email as params'); },
  () => T(L`${origin()}/checkout/debug?card=${P('CREDIT_CARD', V.card(0))}&zip=${P('ZIP_CODE', V.zip())}`, 'card number (no separators) and ZIP in a debug URL'),
  () => { const p = V.person(); return T(L`${origin()}/p/${P('OTHER_ID', V.patientId())}?dob=${PE('DATE', V.fmtDate(V.dobD(), pick([0, 4, 5])))}&n=${Q('NAME', V.lastFirst(p))}`, 'DOB in non-ISO formats percent-encoded (%2F, %2C, %20)'); },
  // ---------- clean URLs ----------
  () => T(cat(pick(['https://nextjs.org/docs/app/building-your-application/routing', 'https://nextjs.org/docs/pages/api-reference/next-config-js/headers', 'https://react.dev/reference/react/useEffect', 'https://developer.mozilla.org/en-US/docs/Web/API/URLSearchParams', 'https://www.hl7.org/fhir/patient.html', 'https://www.hhs.gov/hipaa/for-professionals/privacy/index.html', 'https://vercel.com/docs/functions/runtimes/edge'])), 'documentation URL: no PHI'),
  () => T(cat(`https://cdn.jsdelivr.net/npm/${pick(['react', 'react-dom', 'zod', 'date-fns'])}@${ri(1, 18)}.${ri(0, 9)}.${ri(0, 9)}/${pick(['umd/react.production.min.js', 'dist/index.js', 'lib/index.mjs'])}`), 'CDN URL with semver: no PHI'),
  () => T(cat(`${origin()}/_next/static/chunks/pages/${pick(['_app', 'index', 'patients/[id]'])}-${V.hex(16)}.js`), 'static chunk URL with content hash: no PHI'),
  () => T(cat(`${origin()}/api/orders/${ri(10000, 99999)}?page=${ri(1, 9)}&limit=${pick([20, 50, 100])}&sort=-createdAt`), 'order id and pagination params: no PHI'),
  () => T(cat(`${origin()}/_next/image?url=%2Fimages%2F${pick(['hero', 'team', 'clinic'])}.jpg&w=${pick([640, 1080, 1920])}&q=75`), 'Next.js image optimizer URL: no PHI'),
  () => T(cat(`${origin()}/dashboard?from=${ri(2023, 2025)}-${pad(ri(1, 12), 2)}-01&to=${ri(2023, 2025)}-${pad(ri(1, 12), 2)}-28&groupBy=week`), 'analytics date range not tied to a person: no PHI'),
  () => T(cat(`https://www.example.com/landing?utm_source=google&utm_medium=cpc&gclid=${V.b64url(40)}&fbclid=IwAR${V.b64url(40)}`), 'ad click ids (gclid/fbclid): no PHI'),
  () => T(cat(`https://github.com/vercel/next.js/blob/${V.hex(40)}/packages/next/src/server/base-server.ts#L${ri(100, 3000)}`), 'GitHub source link with commit SHA and line anchor: no PHI'),
  () => T(cat(`http://${V.privateIP()}:${pick([3000, 5432, 8080, 9229])}/${pick(['health', 'metrics', 'json/version'])}`), 'private IP with port (internal service): no PHI'),
  () => T(cat(`${origin()}/settings/${pick(['public-profile', 'license', 'admin/users', 'republic-day-banner'])}?tab=${pick(['general', 'security'])}`), 'paths with PHI-label substrings (public, license, admin): no PHI'),
];

// ===========================================================================
// ERRORS
// ===========================================================================
const FN = ['findPatient', 'getServerSideProps', 'POST', 'GET', 'createPatient', 'handler', 'validateIntake', 'Object.loadPatient', 'async Promise.all', 'resolveCoverage'];
const FILE = () => pick(['/var/task/.next/server/app/api/patients/route.js', '/app/.next/server/pages/api/intake.js', '/Users/dev/portal/src/lib/patients.ts', 'webpack-internal:///(rsc)/./src/app/patients/[id]/page.tsx', '/app/node_modules/@prisma/client/runtime/library.js', 'file:///srv/app/dist/server.mjs']);
const frame = () => `\n    at ${pick(FN)} (${FILE()}:${ri(1, 400)}:${ri(1, 80)})`;
const frames = (n = ri(1, 4)) => Array.from({ length: n }, frame).join('');
export const errors = [
  () => T(L`Error: Patient not found: ssn=${P('SSN', V.ssn())}${frames()}`, 'thrown error message quoting an SSN; stack frames with line:col clean'),
  () => { const e = V.email(); return T(L`error: duplicate key value violates unique constraint "Patient_email_key"\nDETAIL:  Key (email)=(${P('EMAIL', e)}) already exists.`, 'Postgres unique-constraint error quoting an email'); },
  () => T(L`error: duplicate key value violates unique constraint "patients_ssn_key" DETAIL: Key (ssn)=(${P('SSN', V.ssn(0))}) already exists. code: '23505'`, 'Postgres unique-constraint error quoting an SSN; SQLSTATE clean'),
  () => T(L`PrismaClientKnownRequestError: \nInvalid \`prisma.patient.create()\` invocation in\n${FILE()}:${ri(10, 200)}:${ri(5, 40)}\n\n  ${ri(10, 200)}   const patient = await prisma.patient.create({\n    data: {\n      mrn: "${P('MRN', V.mrn())}",\n      email: "${P('EMAIL', V.email())}",\nUnique constraint failed on the fields: (\`mrn\`)`, 'Prisma error echoing the data argument with MRN and email'),
  () => T(L`Error: ER_DUP_ENTRY: Duplicate entry '${P('SSN', V.ssn(0))}' for key 'patients.ssn_unique'${frames(2)}`, 'MySQL duplicate entry quoting SSN'),
  () => { const e = V.email(); return T(L`MongoServerError: E11000 duplicate key error collection: portal.users index: email_1 dup key: { email: "${P('EMAIL', e)}" }`, 'MongoDB E11000 error quoting email'); },
  () => { const e = V.email(); return T(L`ZodError: [\n  {\n    "code": "custom",\n    "message": "Email ${P('EMAIL', e)} is already registered",\n    "path": [\n      "email"\n    ]\n  }\n]`, 'Zod validation error with email inside message'); },
  () => { const d = V.dobD(); const d2 = { ...d, d: d.d > 1 ? d.d - 1 : d.d + 1 }; return T(L`Warning: Text content did not match. Server: "${P('DATE', V.fmtDate(d, 0))}" Client: "${P('DATE', V.fmtDate(d2, 0))}"\n    at td\n    at tr\n    at PatientHeader (webpack-internal:///./src/components/PatientHeader.tsx:${ri(10, 90)}:${ri(5, 30)})`, 'React hydration mismatch quoting a DOB rendered in two timezones'); },
  () => { const p = V.person(); return T(L`Error: Hydration failed because the server rendered text didn't match the client. Server: "${P('NAME', V.fullName(p))}" Client: "Loading…"\n    at throwOnHydrationMismatch (webpack-internal:///(app-pages-browser)/./node_modules/next/dist/compiled/react-dom/cjs/react-dom.development.js:${ri(1000, 20000)}:${ri(5, 30)})`, 'hydration error quoting a patient name'); },
  () => T(L`StripeCardError: Your card was declined. (card ${P('CREDIT_CARD', V.card(pick([0, 1])))}, decline_code: insufficient_funds)\n    at res.toJSON.then.StripeAPIError.message (/app/node_modules/stripe/cjs/RequestSender.js:${ri(50, 200)}:${ri(5, 40)})`, 'payment error quoting a card number'),
  () => T(L`FetchError: request to ${origin()}/fhir/Patient?email=${PE('EMAIL', V.email())} failed, reason: connect ECONNREFUSED ${V.privateIP()}:${pick([443, 8080, 8443])}`, 'fetch error: encoded email in URL labelled; private IP:port not'),
  () => T(L`AxiosError: Request failed with status code 401\n  config.headers: { Accept: 'application/json', Authorization: 'Bearer ${P('SECRET', V.jwt())}', 'User-Agent': 'axios/1.6.8' }`, 'axios error dumping Authorization header (token labelled)'),
  () => { const p = V.person({ group: pick(['hisp', 'euro']) }); return T(L`ValidationError: name "${P('NAME', V.fullName(p))}" contains unsupported characters at position ${ri(1, 12)}`, 'validation error quoting an accented/apostrophe name'); },
  () => T(L`TypeError: Cannot read properties of undefined (reading 'postalCode')\n    at formatAddress (${FILE()}:${ri(1, 99)}:${ri(1, 40)})\n    input: {"line":"${P('ADDRESS', V.street())}","city":"${P('ADDRESS', V.city()[0])}"}`, 'TypeError with serialized input containing address parts'),
  () => T(L`Error: Invalid MBI "${P('HEALTH_PLAN_ID', V.mbi())}" for payer CMS: eligibility response AAA*N**72*N${frames(1)}`, 'eligibility error quoting an MBI (valid format, rejected by payer); X12 AAA segment clean'),
  () => T(L`Error: Coverage lookup failed for Member ID ${P('HEALTH_PLAN_ID', V.memberId())} (payer timeout after ${ri(5, 30)}000ms)`, 'member id in error; timeout ms clean'),
  () => T(L`RangeError: Invalid time value while formatting birthDate="${P('DATE', V.fmtDate(V.dobD(), pick([3, 5, 10])))}" for patient ${P('OTHER_ID', V.patientId())}`, 'date formatting error quoting DOB and patient id'),
  () => T(L`Error: Unable to fax to ${P('FAX', V.phone(0))}: line busy (attempt ${ri(1, 3)}/3)`, 'fax error with fax number'),
  () => T(L`Error: ACH return R03 for routing ${P('BANK_ROUTING', V.aba())} account ${P('ACCOUNT_NUMBER', V.digits(ri(8, 12)).replace(/^0/, '6'))}`, 'ACH return error quoting routing and account; return code R03 clean'),
  () => T(L`IBANValidationError: beneficiary account ${P('IBAN', V.iban())} rejected by bank: account closed`, 'IBAN (checksum-valid) in error message'),
  () => { const p = V.person(); return T(L`Unhandled Runtime Error\nError: Failed to render appointment card for ${P('NAME', V.lastFirst(p))} (${P('PHONE', V.phone())})\n\nSource\nsrc/components/AppointmentCard.tsx (${ri(10, 99)}:${ri(5, 40)}) @ AppointmentCard`, 'Next.js dev overlay error with name and phone'); },
  () => T(L`Error: Device ${P('DEVICE_ID', V.deviceSerial())} not paired with patient ${P('OTHER_ID', V.patientId())}; pairing code expired`, 'device serial and patient id in error'),
  () => T(L`Error: could not connect with key ${P('SECRET', V.apiKey())}: 401 Unauthorized`, 'API key echoed in an auth error'),
  () => T(L`Error: Claim #: ${P('OTHER_ID', V.claimNumber())} rejected — invalid subscriber DOB ${P('DATE', V.fmtDate(V.dobD(), 0))}`, 'claim number and subscriber DOB'),
  () => T(L`SyntaxError: Unexpected token 'p', "password=${P('SECRET', V.password())}&email=${PE('EMAIL', V.email())}" is not valid JSON`, 'JSON.parse error on a form-encoded body with password and email'),
  () => { const ip = V.publicIPv4(); return T(L`Error: Too many failed logins from ${P('IP_ADDRESS', ip)} for user ${P('EMAIL', V.email())}; locked for 900s`, 'lockout error with client IP and email'); },
  () => T(L`🚨 Error: Webhook payload rejected — vin ${P('VEHICLE_ID', V.vin())} does not match plate ${P('VEHICLE_ID', V.plate())}`, 'emoji before VIN and plate'),
  () => { const p = V.person({ script: true }); return T(L`エラー: 患者 ${P('NAME', p.full)} の保険証番号 ${P('HEALTH_PLAN_ID', V.memberId())} が無効です`, 'Japanese error message with CJK name and member id'); },
  () => { const p = V.person(); return T(L`Error: Cannot schedule: Mrs. ${P('NAME', p.last)} (MRN ${P('MRN', V.mrn())}) already has an appointment on ${P('DATE', V.visit(pick([0, 4, 9])))}${frames(2)}`, 'title excluded from NAME; MRN and appointment date in error'); },
  () => T(L`Error: Request failed: {"statusCode":422,"body":{"error":"invalid_subscriber","subscriberId":"${P('HEALTH_PLAN_ID', V.memberId())}","dob":"${P('DATE', V.dob(2))}"}}`, 'upstream error body with subscriberId and dob'),
  // ---------- clean errors ----------
  () => T(cat(`TypeError: Cannot read properties of undefined (reading '${pick(['ssn', 'dob', 'email', 'mrn'])}')${frames()}`), 'error naming a PHI field without a value: no PHI'),
  () => T(cat(`SyntaxError: Unexpected token } in JSON at position ${ri(10, 5000)}${frames(2)}`), 'JSON parse error with position: no PHI'),
  () => T(cat(`Error: NEXT_NOT_FOUND\n    at notFound (webpack-internal:///(rsc)/./node_modules/next/dist/client/components/not-found.js:${ri(10, 40)}:${ri(5, 30)})\n  digest: '${ri(100000000, 4294967295)}'`), 'Next.js notFound with numeric digest: no PHI'),
  () => T(cat(`Error: Dynamic server usage: Route /patients/[id] couldn't be rendered statically because it used \`cookies\`. See more info here: https://nextjs.org/docs/messages/dynamic-server-error`), 'Next.js dynamic usage error with docs URL: no PHI'),
  () => T(cat(`Error: connect ECONNREFUSED ${V.privateIP()}:${pick([5432, 6379, 3306])}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:${ri(1000, 1700)}:${ri(10, 20)})`), 'connection refused to private IP:port: no PHI'),
  () => T(cat(`PrismaClientKnownRequestError: Unique constraint failed on the fields: (\`email\`)\n  code: 'P2002',\n  clientVersion: '5.${ri(0, 15)}.${ri(0, 3)}',\n  meta: { modelName: 'Patient', target: [ 'email' ] }`), 'Prisma P2002 with field names but no values: no PHI'),
  () => T(cat(`Error: Minified React error #${ri(100, 500)}; visit https://react.dev/errors/${ri(100, 500)} for the full message`), 'minified React error: no PHI'),
  () => T(cat(`ZodError: [{"code":"invalid_string","validation":"email","message":"Invalid email","path":["contact","email"]}]`), 'Zod error without the offending value: no PHI'),
  () => T(cat(`Error [ERR_REQUIRE_ESM]: require() of ES Module /app/node_modules/${pick(['node-fetch', 'nanoid', 'chalk'])}/src/index.js not supported.${frames(2)}`), 'module loading error with paths: no PHI'),
  () => T(cat(`FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n <--- Last few GCs --->\n[${ri(1000, 9999)}:0x${V.hex(12)}]  ${ri(10000, 99999)} ms: Mark-Compact ${ri(1000, 4000)}.${ri(1, 9)} (${ri(1000, 4000)}.${ri(1, 9)}) -> ${ri(1000, 4000)}.${ri(1, 9)} MB`), 'V8 OOM with hex addresses and sizes: no PHI'),
];

// ===========================================================================
// CLINICAL FREE TEXT
// ===========================================================================
const sexW = () => pick(['female', 'male', 'F', 'M', 'woman', 'man']);
const dx = () => pick(['CHF exacerbation', 'community-acquired pneumonia', 'UTI', 'COPD flare', 'syncope', 'hip fracture', 'NSTEMI', 'cellulitis of LLE', 'DKA', 'AFib with RVR']);
const labs = () => pick([`HbA1c ${ri(55, 110) / 10}%`, `glucose ${ri(70, 300)} mg/dL`, `Cr ${ri(6, 30) / 10}`, `BNP ${ri(100, 3000)}`, `WBC ${ri(30, 200) / 10}`, `Na ${ri(128, 145)}`, `K ${ri(30, 55) / 10}`, `INR ${ri(9, 40) / 10}`]);
const cap = (x) => x[0].toUpperCase() + x.slice(1);
const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const HANGUL = ['김민준', '박서연', '이지은', '최현우', '정수아'];
const rel = () => pick(['daughter', 'son', 'wife', 'husband', 'niece', 'granddaughter', 'sister', 'neighbor']);
export const clinical = [
  () => { const a = ri(90, 104); const p = V.person(); return T(L`Pt is a ${P('AGE', a)} y/o ${sexW()} seen on ${P('DATE', V.visit(0))} for ${dx()}. Lives at ${V.addressF(', ', true)} with ${rel()} ${P('NAME', p.first)} (phone ${P('PHONE', V.phone())}).`, 'classic note: age > 89, visit date, home address, relative name and phone'); },
  () => { const a = ri(40, 89); return T(L`${a}-year-old ${sexW()} with h/o HTN, T2DM (E11.9) presents with ${dx()}. ${labs()}, ${labs()}. Plan: admit to telemetry.`, 'age 89 or under, ICD-10 and labs: no PHI'); },
  () => { const p = V.person(); const a = ri(90, 101); return T(L`${P('NAME', V.fullName(p))} is a ${P('AGE', a)}-year-old ${sexW()} admitted ${P('DATE', V.visit(4))} with ${dx()}. ${labs()}.`, 'name, "NN-year-old" age phrase (> 89), admission date in long form'); },
  () => { const p = V.person(); return T(L`DISCHARGE SUMMARY\nPatient: ${P('NAME', V.lastFirst(p))}\nMRN: ${P('MRN', V.mrn())}\nDOB: ${P('DATE', V.dob(0))}\nAdmit: ${P('DATE', V.visit(0))}   Discharge: ${P('DATE', V.visit(0))}\nDx: ${dx()}\nFollow-up in ${ri(1, 4)} weeks.`, 'discharge summary header block with labelled fields'); },
  () => { const p = V.person(); return T(L`Phone msg: Pt ${P('NAME', V.fullName(p))} called re: refill of metformin 500 mg. Callback ${P('PHONE', V.phone())}. DOB verified ${P('DATE', V.dob(1))}.`, 'phone message: name, callback number, short-year DOB'); },
  () => { const p = V.person(); const r = V.person(); return T(L`Social work: pt lives alone at ${P('ADDRESS', V.street(true))}. ${cap(rel())} ${P('NAME', V.fullName(r))} is HCP, reachable at ${P('PHONE', V.phone())} or ${P('EMAIL', V.email(r))}.`, 'social work note: street address, relative full name, phone, email'); },
  () => { const p = V.person(); return T(L`Referral: Please see ${P('NAME', V.fullName(p))} (DOB ${P('DATE', V.dob(pick([0, 7])))}, Medicare ${P('HEALTH_PLAN_ID', V.mbi())}) for cardiology eval. Fax records to ${P('FAX', V.phone(0))}.`, 'referral letter: name, DOB, MBI, fax number'); },
  () => { const p = V.person(); return T(L`ED triage ${V.ts().slice(11, 16)}: ${P('NAME', V.fullName(p))}, ${P('AGE', ri(90, 99))}yo, BIBA from home after fall. SpO2 ${ri(88, 99)}% RA, HR ${ri(60, 130)}, BP ${ri(90, 180)}/${ri(50, 100)}.`, 'triage note: name, age > 89 as "93yo"; vitals and triage clock time clean'); },
  () => { const p = V.person(); return T(L`Pacemaker check: ${pick(['Medtronic Azure', 'Abbott Assurity', 'Boston Sci Accolade'])}, pacemaker serial ${P('DEVICE_ID', V.deviceSerial())}, implanted ${P('DATE', V.visit(5))}. Battery ${ri(5, 12)} yrs. Pt ${P('NAME', V.fullName(p))} tolerating well.`, 'device clinic note: pacemaker serial, implant date, name'); },
  () => { const p = V.person(); return T(L`Pt ${P('NAME', p.first)} reported dizziness since ${P('DATE', V.visit(6))}; denies CP/SOB. Orthostatics positive.`, 'first name after "Pt", symptom-onset date'); },
  () => { const p = V.person(); return T(L`Patient ${P('NAME', V.initials(p))} is a ${ri(30, 85)} y/o with ${dx()}; seen ${P('DATE', V.visit(7))}.`, 'initials after a patient label; age under 90 unlabelled'); },
  () => { const p = V.person(); return T(L`Death note: ${P('NAME', V.fullName(p))}, ${P('AGE', ri(90, 106))} y/o, pronounced on ${P('DATE', V.visit(4))} at ${ri(1, 12)}:${pad(ri(0, 59), 2)}. Family (${rel()}) at bedside.`, 'date of death and age > 89'); },
  () => { const p = V.person(); return T(L`Prior auth: ${P('NAME', V.lastFirst(p))}, Member ID ${P('HEALTH_PLAN_ID', V.memberId())}, Claim # ${P('OTHER_ID', V.claimNumber())}, DOS ${P('DATE', V.visit(0))}. CPT 72148 (MRI L-spine) approved.`, 'prior-auth note: member id, claim number, date of service; CPT clean'); },
  () => { const p = V.person({ group: 'hisp' }); return T(L`Nota: Paciente ${P('NAME', V.fullName(p))}, fecha de nacimiento ${P('DATE', V.dob(3))}, vive en ${P('ADDRESS', V.street(true))}, ${P('ADDRESS', V.cityState())}. Tel. ${P('PHONE', V.phone())}.`, 'Spanish note: accented two-surname name, DD.MM.YYYY DOB, address, phone'); },
  () => { const p = V.person({ script: true }); return T(L`患者 ${P('NAME', p.full)}（${P('AGE', ri(90, 99))}歳）、${P('DATE', V.visit(11))} 受診。連絡先 ${P('PHONE', V.phone(1))}。`, 'Japanese note: CJK name, age > 89 with 歳, visit date, phone'); },
  () => { const p = V.person(); return T(L`😀 Portal msg from ${P('NAME', V.fullName(p))}: "my new address is ${V.addressF(', ')} and my email changed to ${P('EMAIL', V.email(p))}"`, 'emoji before name; address and email in quoted patient message'); },
  () => { const p = V.person(); return T(L`Vaccine record — ${P('NAME', V.fullName(p))}, DOB ${P('DATE', V.dob(5))}: Influenza (lot ${V.upalnum(6)}) given ${P('DATE', V.visit(5))}; Tdap ${P('DATE', V.visit(5))}.`, 'immunization record: DOB and administration dates; vaccine lot number clean'); },
  () => { const p = V.person(); return T(L`Pharmacy: ${P('NAME', V.lastFirst(p))} picked up ${pick(['oxycodone', 'alprazolam', 'zolpidem'])} Rx. ID checked: Driver's License ${P('LICENSE_NUMBER', V.driversLicense())}. Prescriber DEA ${P('LICENSE_NUMBER', V.dea())}.`, "pharmacy note: driver's licence and DEA number"); },
  () => { const p = V.person(); return T(L`Transport: pt's ${rel()} will drive; vehicle license plate ${P('VEHICLE_ID', V.plate())}. Pt ${P('NAME', V.fullName(p))} to be discharged ${P('DATE', V.visit(9))}.`, 'licence plate of family vehicle, name, discharge date'); },
  () => { const p = V.person(); return T(L`Billing note: ${P('NAME', V.fullName(p))} set up payment plan, Account # ${P('ACCOUNT_NUMBER', V.accountNumber())}, card on file ${P('CREDIT_CARD', V.card())}.`, 'billing note: account number and card number'); },
  () => { const p = V.person(); return T(L`Pt ${P('NAME', V.fullName(p))} enrolled in remote monitoring; voiceprint ${P('BIOMETRIC_ID', V.biometricId())} registered for phone check-ins from ${P('PHONE', V.phone())}.`, 'voiceprint biometric id and phone'); },
  () => { const p = V.person(); return T(L`Interpreter needed (${pick(['Spanish', 'Vietnamese', 'Mandarin', 'Haitian Creole'])}). Pt ${P('NAME', V.fullName(p))} accompanied by ${rel()} ${P('NAME', V.person().first)}; SSN on file ${P('SSN', V.ssn(pick([0, 1])))}.`, 'relative first name and SSN with space separators'); },
  () => { const p = V.person(); return T(L`Lab report for ${P('NAME', V.lastFirst(p))} (MRN ${P('MRN', V.mrn())}), collected ${P('DATE', V.visit(10))}: ${labs()}; ${labs()}; ${labs()}. LOINC 4548-4.`, 'lab report header: name, MRN, collection date; results and LOINC clean'); },
  () => { const p = V.person(); const c = V.city(); return T(L`Home health: visited pt at ${P('ADDRESS', V.street(true))}\n${P('ADDRESS', V.cityState(c, 2))} ${P('ZIP_CODE', V.zip(c))}. ${P('NAME', p.first)} ambulating with walker, ${labs()}.`, 'address split across lines with full state name; first name alone in context'); },
  () => { const p = V.person(); return T(L`Wound care f/u for ${P('NAME', V.fullName(p))}, next appointment ${P('DATE', V.visit(4))}. Photos uploaded to chart (face template id ${P('BIOMETRIC_ID', V.biometricId())} used for check-in).`, 'appointment date and face template biometric id'); },
  () => { const p = V.person(); return T(L`Pt's ${rel()} ${P('NAME', V.fullName(p))} requests records be sent to ${P('EMAIL', V.email(p))}; HIPAA release signed ${P('DATE', V.visit(2))}.`, 'relative name, email, release-signed date'); },
  () => T(L`Case number ${P('OTHER_ID', V.caseNumber())} opened with APS regarding pt (${P('AGE', ri(90, 100))} y.o.) living at ${V.addressF(', ', true)}.`, 'adult protective services case number, age > 89 and address'),
  () => T(L`Retina scan id ${P('BIOMETRIC_ID', V.biometricId())} captured during ophthalmology visit ${P('DATE', V.visit(0))}; IOP ${ri(10, 24)} mmHg OU.`, 'retina scan id and visit date; IOP clean'),
  () => { const p = V.person(); const t = pick(['Mrs.', 'Mr.', 'Ms.']); return T(L`${t} ${P('NAME', p.last)} is a ${P('AGE', ri(90, 102))} y/o seen in clinic ${P('DATE', V.visit(pick([5, 6, 9])))}; ${dx()} improving. ${labs()}.`, 'title (Mrs./Mr./Ms.) excluded from the NAME span; surname alone after title, age > 89, visit date'); },
  () => { const p = V.person(); return T(L`CC: "can't breathe". HPI: ${P('NAME', V.fullName(p))} (DOB: ${P('DATE', V.dob(5))}) presents w/ SOB x${ri(2, 7)}d. SSN ${P('SSN', V.ssn(1))} verified at registration. ${labs()}.`, 'HPI with DD Mon YYYY DOB and space-separated SSN'); },
  () => { const p = V.person(); const q = V.person(); return T(L`Advance directive on file. POA: ${P('NAME', V.lastFirst(q))} (${rel()}), ${V.addressF(', ', true)}; cell ${P('PHONE', V.phone(pick([2, 3, 4])))}. Pt ${P('NAME', V.initials(p))} agrees with DNR/DNI.`, 'power-of-attorney relative with Last, First name, full address, phone; patient initials'); },
  () => { const p = V.person(); return T(L`Telehealth visit ${P('DATE', V.visit(2))} with ${P('NAME', V.fullName(p))}; pt connected from IP ${P('IP_ADDRESS', V.publicIPv4())}. Email summary sent to ${P('EMAIL', V.email(p))}.`, 'telehealth note with client IP, name, email, visit date'); },
  // ---------- CJK / Spanish / South Asian names and dates ----------
  () => { const p = V.person({ group: 'hisp' }); const d = V.dobD(); return T(L`Paciente ${P('NAME', V.fullName(p))}, nacido el ${P('DATE', `${d.d} de ${MESES[d.m - 1]} de ${d.y}`)}, acude con su ${pick(['hija', 'esposa', 'hermana'])}. Teléfono ${P('PHONE', V.phone(pick([0, 1])))}.`, 'Spanish note: name, DOB written "14 de marzo de 1962", phone'); },
  () => { const p = V.person({ script: true }); const d = V.dobD(); return T(L`患者 ${P('NAME', p.full)}、生年月日 ${P('DATE', `${d.y}年${d.m}月${d.d}日`)}、${ri(60, 89)}歳。`, 'Japanese note: CJK name and a 年月日 date of birth; age under 90 unlabelled'); },
  () => { const p = pick(HANGUL); const d = V.dobD(); return T(L`환자 ${P('NAME', p)} (생년월일 ${P('DATE', `${d.y}년 ${d.m}월 ${d.d}일`)}) 외래 방문.`, 'Korean note: Hangul name and a 년월일 date of birth'); },
  () => { const p = V.person({ group: 'south' }); const q = V.person({ group: 'south' }); return T(L`Pt ${P('NAME', V.fullName(p))} (${ri(40, 85)} y/o) accompanied by husband ${P('NAME', V.fullName(q, false))}; DOB ${P('DATE', V.dob(pick([0, 2, 4])))}. ${labs()}.`, 'South Asian patient and relative names, DOB; age under 90 unlabelled'); },
  () => { const p = V.person({ group: 'south' }); return T(L`${P('NAME', V.lastFirst(p))} — seen ${P('DATE', V.visit(pick([5, 10])))} for ${dx()}; callback ${P('PHONE', V.phone(3))}.`, 'South Asian "Last, First" name at the start of a note, visit date, phone'); },
  // ---------- clean clinical ----------
  () => T(cat(`Assessment: ${dx()}. ${labs()}, ${labs()}. Continue lisinopril 10 mg daily; recheck BMP in ${ri(1, 4)} weeks. ICD-10 ${pick(['I50.9', 'J18.9', 'N39.0', 'J44.1'])}.`), 'assessment/plan with drugs, labs, ICD-10: no PHI'),
  () => T(cat(`${ri(60, 89)} y/o ${sexW()}, ${ri(1, 40)} pack-year smoking history, BMI ${ri(180, 420) / 10}. ROS otherwise negative. Vitals stable.`), 'age ≤ 89 and clinical numbers: no PHI'),
  () => T(cat(`Protocol v${ri(2, 9)}.${ri(0, 9)} (effective ${ri(2020, 2025)}-${pad(ri(1, 12), 2)}-01): give ceftriaxone 1 g IV q24h; reassess at 48-72 h. Reference: IDSA 2019 guideline.`), 'protocol text with effective date not tied to a person: no PHI'),
  () => T(cat(`Family hx: mother with breast CA at ${ri(40, 75)}, father MI at ${ri(45, 80)}. Denies EtOH. Works in public transit; lives in a republic-era apartment building.`), 'family history with ages ≤ 89 and label-substring words: no PHI'),
];

// ===========================================================================
// REQUESTS: request targets in Next.js request logs (relative URLs read by
// key) and status codes after identifier-named routes (not identifiers)
// ===========================================================================
const enc = encodeURIComponent;
const mdy = (d) => `${pad(d.m, 2)}/${pad(d.d, 2)}/${d.y}`;
export const requests = [
  () => { const p = V.person({ script: false }); const d = V.dobD(); return T(L` GET /api/search?name=${P('NAME', enc(V.fullName(p, false)))}&dob=${P('DATE', enc(mdy(d)))} 200 in ${V.ms()}`, 'relative request target: query values percent-decoded and read by key'); },
  () => { const p = V.person({ script: false }); return T(L` GET /api/patients?patient_name=${P('NAME', enc(V.fullName(p, false)).replace(/%20/g, '+'))}&page=${ri(1, 9)} ${pick([200, 304])} in ${V.ms()}`, 'relative request target: form-style + in a name under a name key'); },
  () => T(L` GET /api/visits?phone=${P('PHONE', enc(V.phone()))} 200 in ${V.ms()}`, 'relative request target: an escaped phone under a phone key'),
  () => T(cat(` ${pick(['GET', 'POST'])} /api/${pick(['account', 'chart', 'member', 'device', 'license', 'mrn'])} ${pick([200, 201, 304, 401, 403, 404, 500])} in ${V.ms()}`), 'status code after a route named like an identifier label: no PHI'),
  () => T(L`MRN: ${P('MRN', String(V.mrnNum()))} ${pick(['200 OK', '404 Not Found', '403 Forbidden'])}`, 'an MRN then a status code: the status is not part of the MRN'),
  () => T(cat(`${pick(['account', 'member id', 'chart'])}: ${pick([401, 403, 404])} ${pick(['Forbidden', 'Not Found', 'Unauthorized'])}`), 'a status after an identifier label: no PHI'),
];
