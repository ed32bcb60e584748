// Family: forms-and-db. Database errors that echo row data (Postgres through
// psql, node-postgres, Prisma, Sequelize, TypeORM, Knex), form posts and
// query strings in logs, dates of birth in many labelled formats, ages over
// 89 next to temperatures and doses, FHIR address/extension/Observation
// shapes, and hard negatives of the same shapes (licences, device models,
// vendor ids, statuses after words, serial ids, timestamps).
// Each template returns its own kind (log, error, json, url, text).
import { P, L, J, cat, join } from './lib.mjs';
import * as V from './values.mjs';
const { pick, ri, chance, pad } = V;

const T = (kind, f, reason) => ({ kind, f, reason });

// ---------------------------------------------------------------------------
// encoders
// ---------------------------------------------------------------------------
// Browser form serialisation (URLSearchParams): space -> +, and ! ' ( ) ~ escaped.
const formEnc = (s) => encodeURIComponent(s).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
// Hand-built query strings (template literal + encodeURIComponent): %20 for
// spaces, apostrophes and parentheses left as they are.
const pctEnc = (s) => encodeURIComponent(s);
const encOf = (plus) => (plus ? formEnc : pctEnc);

// ---------------------------------------------------------------------------
// small value helpers
// ---------------------------------------------------------------------------
const pgTs = () => { const d = V.recentD(); return `${d.y >= 2024 ? d.y : 2024}-${pad(d.m, 2)}-${pad(d.d, 2)} ${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999999), 6).slice(0, pick([3, 6]))}+00`; };
const pgLogTs = () => { const d = V.recentD(); return `${Math.max(2024, d.y)}-${pad(d.m, 2)}-${pad(d.d, 2)} ${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)} UTC`; };
const rowId = () => String(ri(1, 250000));
const smallId = () => String(ri(1, 480));
const cuid = () => `c${V.lowalnum(24)}`;
const ord = (n) => n + (n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th');
// Patient ids that carry their own shape (used where no column name is shown).
const shapedPatientId = () => pick([() => `P-${pad(ri(1, 9999999), 7)}`, () => `PT${V.digits(8)}`, () => `pat_${V.lowalnum(10)}`])();
const sexL = () => pick(['F', 'M']);
const sexWord = () => pick(['female', 'male', 'woman', 'man', 'F', 'M']);
const rel = () => pick(['daughter', 'son', 'spouse', 'mother', 'father', 'sister', 'brother', 'guardian']);
const ms = () => V.ms();
const nextLog = (path, status) => ` ${pick(['GET', 'POST'])} ${path} ${status} in ${ms()}`;

// DOB formats: (d) -> string
const DOB_FORMATS = [
  (d) => `${pad(d.d, 2)}-${pad(d.m, 2)}-${d.y}`, // 31-12-1961
  (d) => `${d.m}-${d.d}-${String(d.y).slice(2)}`, // 3-14-61
  (d) => `${d.y}.${pad(d.m, 2)}.${pad(d.d, 2)}`, // 1961.03.14
  (d) => `${pad(d.m, 2)}${pad(d.d, 2)}${d.y}`, // 03141961
  (d) => `${pad(d.d, 2)} ${pad(d.m, 2)} ${d.y}`, // 14 03 1961
  (d) => `${V.MON[d.m - 1]} ${d.d}, ${d.y}`, // Mar 14, 1961
  (d) => `${d.y}${pad(d.m, 2)}${pad(d.d, 2)}`, // 19610314
  (d) => `${pad(d.d, 2)}/${pad(d.m, 2)}/${d.y}`, // 14/03/1961
  (d) => `${d.d}-${V.MON[d.m - 1]}-${String(d.y).slice(2)}`, // 14-Mar-61
  (d) => `${pad(d.d, 2)}${V.MON[d.m - 1].toUpperCase()}${d.y}`, // 14MAR1961
  (d) => `${V.MONTHS[d.m - 1]} ${ord(d.d)}, ${d.y}`, // March 14th, 1961
  (d) => `${d.m}.${d.d}.${d.y}`, // 3.14.1961
  (d) => `${pad(d.m, 2)}-${pad(d.d, 2)}-${String(d.y).slice(2)}`, // 03-14-61
  (d) => `${d.m}/${d.d}/${d.y}`, // 3/14/1961
];
const dobAny = () => pick(DOB_FORMATS)(V.dobD());
const DOB_LABELS = ['DOB', 'DOB:', 'dob:', 'D.O.B.', 'Date of Birth:', 'date of birth', 'Birth date:', 'Birthdate', 'born', 'DOB -', 'dob', 'BD:'];

// Cities with their county (FHIR address.district).
const COUNTIES = {
  Springfield: 'Sangamon', Chicago: 'Cook', Houston: 'Harris', Phoenix: 'Maricopa', Philadelphia: 'Philadelphia', 'San Antonio': 'Bexar',
  'San Diego': 'San Diego', Dallas: 'Dallas', Austin: 'Travis', Jacksonville: 'Duval', Columbus: 'Franklin', Charlotte: 'Mecklenburg',
  Seattle: 'King', Denver: 'Denver', Boston: 'Suffolk', Detroit: 'Wayne', Nashville: 'Davidson', Portland: 'Multnomah', 'Las Vegas': 'Clark',
  Memphis: 'Shelby', Milwaukee: 'Milwaukee', Albuquerque: 'Bernalillo', Tucson: 'Pima', Fresno: 'Fresno', Sacramento: 'Sacramento',
  Atlanta: 'Fulton', Miami: 'Miami-Dade', Oakland: 'Alameda', Minneapolis: 'Hennepin', Tulsa: 'Tulsa', Boise: 'Ada', Burlington: 'Chittenden',
  'Española': 'Rio Arriba', "Coeur d'Alene": 'Kootenai',
};
const countyCity = () => { let c; do { c = V.city(); } while (!COUNTIES[c[0]]); return c; };
const districtOf = (c) => { const k = COUNTIES[c[0]]; return k === 'Philadelphia' || chance(0.5) ? k : `${k} County`; };

// ---------------------------------------------------------------------------
// Postgres rows: a table is a list of [column, value] where value is an F
// (labelled), a plain string (clean) or null.
// ---------------------------------------------------------------------------
const iso = (d) => V.isoDate(d);
const pgName = (p, which) => P('NAME', p[which]);
const tables = [
  () => { const p = V.person({ allowScript: true }); return { table: 'intake_submissions', nullable: ['ssn', 'phone', 'email'], cols: [
    ['id', rowId()], ['first_name', pgName(p, 'first')], ['last_name', pgName(p, 'last')], ['date_of_birth', P('DATE', iso(V.dobD()))],
    ['ssn', P('SSN', V.ssn(pick([0, 2])))], ['email', P('EMAIL', V.email(p))], ['phone', P('PHONE', V.phone(pick([1, 5, 0])))], ['status', pick(['pending', 'submitted', 'draft'])], ['created_at', pgTs()]] }; },
  () => { const p = V.person(); return { table: 'patients', nullable: ['email', 'ssn'], cols: [
    ['mrn', P('MRN', V.mrn())], ['last_name', pgName(p, 'last')], ['first_name', pgName(p, 'first')], ['middle_name', null], ['dob', P('DATE', iso(V.dobD()))],
    ['sex', sexL()], ['ssn', P('SSN', V.ssn(pick([0, 2])))], ['email', P('EMAIL', V.email(p))], ['created_at', pgTs()], ['updated_at', pgTs()]] }; },
  () => { const p = V.person(); const c = V.city(); return { table: 'registrations', nullable: ['address_line1', 'zip', 'phone'], cols: [
    ['id', rowId()], ['clinic_id', smallId()], ['full_name', P('NAME', V.fullName(p, false))], ['birth_date', P('DATE', iso(V.dobD()))],
    ['address_line1', P('ADDRESS', V.street(true))], ['city', P('ADDRESS', c[0])], ['state', c[1]], ['zip', P('ZIP_CODE', V.zip(c))], ['phone', P('PHONE', V.phone(1))], ['referral_code', null], ['created_at', pgTs()]] }; },
  () => { const p = V.person(); return { table: 'emergency_contacts', nullable: ['phone', 'email'], cols: [
    ['id', rowId()], ['patient_id', P('OTHER_ID', shapedPatientId())], ['contact_name', P('NAME', V.lastFirst(p))], ['relationship', rel()],
    ['phone', P('PHONE', V.phone(pick([0, 1, 2])))], ['email', P('EMAIL', V.email(p))], ['is_primary', pick(['t', 'f'])], ['created_at', pgTs()]] }; },
  () => { const p = V.person(); return { table: 'subscribers', nullable: ['member_id', 'subscriber_dob'], cols: [
    ['id', rowId()], ['member_id', P('HEALTH_PLAN_ID', V.memberId())], ['subscriber_last', pgName(p, 'last')], ['subscriber_first', pgName(p, 'first')],
    ['subscriber_dob', P('DATE', iso(V.dobD()))], ['relationship_code', pick(['18', '01', '19'])], ['group_number', `GRP${ri(1000, 99999)}`], ['plan_start', `${ri(2023, 2025)}-01-01`], ['created_at', pgTs()]] }; },
  () => { return { table: 'appointment_requests', nullable: ['contact_phone', 'requested_date'], cols: [
    ['id', rowId()], ['patient_id', P('OTHER_ID', shapedPatientId())], ['provider_id', smallId()], ['requested_date', P('DATE', iso(V.recentD()))],
    ['requested_time', `${pad(ri(7, 17), 2)}:${pick(['00', '15', '30', '45'])}:00`], ['reason', pick(['follow-up', 'annual physical', 'med refill', 'new patient'])], ['contact_phone', P('PHONE', V.phone(pick([5, 6])))], ['status', 'requested'], ['created_at', pgTs()]] }; },
  () => { const p = V.person(); return { table: 'portal_users', nullable: ['display_name', 'dob'], cols: [
    ['id', V.uuid()], ['email', P('EMAIL', V.email(p))], ['display_name', P('NAME', pick([V.lastFirst(p), V.fullName(p, false)]))], ['dob', P('DATE', iso(V.dobD()))],
    ['email_verified', pick(['t', 'f'])], ['last_login_at', null], ['created_at', pgTs()]] }; },
];
// Tables whose rows carry no PHI (serial ids, statuses, timestamps).
const cleanTables = [
  () => ({ table: 'audit_events', nullable: ['entity_id'], cols: [['id', rowId()], ['actor_id', smallId()], ['action', pick(['chart.view', 'export.csv', 'login'])], ['entity', pick(['encounter', 'invoice', 'order'])], ['entity_id', rowId()], ['ip', null], ['created_at', pgTs()]] }),
  () => ({ table: 'jobs', nullable: ['queue'], cols: [['id', rowId()], ['queue', pick(['mailer', 'fax', 'eligibility'])], ['status', pick(['queued', 'failed'])], ['attempts', String(ri(0, 5))], ['run_at', pgTs()], ['locked_by', null], ['created_at', pgTs()]] }),
  () => ({ table: 'invoices', nullable: ['due_on'], cols: [['id', rowId()], ['clinic_id', smallId()], ['number', `INV-${ri(2023, 2025)}-${pad(ri(1, 9999), 4)}`], ['amount_cents', String(ri(1000, 900000))], ['currency', 'usd'], ['due_on', `${ri(2024, 2025)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}`], ['created_at', pgTs()]] }),
];
const val = (v) => (v === null ? 'null' : v);
const rowF = (cols) => join(cols.map(([, v]) => val(v)), ', ');
function withNull(t) {
  const col = pick(t.nullable);
  return { ...t, col, cols: t.cols.map(([k, v]) => [k, k === col ? null : v]) };
}
const notNullMsg = (t) => (chance(0.7) ? `null value in column "${t.col}" of relation "${t.table}" violates not-null constraint` : `null value in column "${t.col}" violates not-null constraint`);
const checkMsg = (t, c) => `new row for relation "${t.table}" violates check constraint "${t.table}_${c}_check"`;
// pick key columns for a unique constraint (only columns with values)
const KEYSETS = {
  intake_submissions: [['email'], ['ssn'], ['first_name', 'last_name', 'date_of_birth'], ['last_name', 'date_of_birth', 'phone']],
  patients: [['mrn'], ['ssn'], ['last_name', 'first_name', 'dob'], ['email']],
  registrations: [['full_name', 'birth_date'], ['clinic_id', 'full_name', 'birth_date'], ['phone', 'birth_date']],
  emergency_contacts: [['patient_id', 'contact_name'], ['patient_id', 'phone']],
  subscribers: [['member_id'], ['member_id', 'subscriber_dob'], ['subscriber_last', 'subscriber_first', 'subscriber_dob']],
  appointment_requests: [['patient_id', 'requested_date'], ['provider_id', 'requested_date', 'requested_time']],
  portal_users: [['email'], ['display_name', 'dob']],
};
function keyOf(t) {
  const ks = pick(KEYSETS[t.table]);
  const m = Object.fromEntries(t.cols);
  return { name: `${t.table}_${ks.join('_')}_key`, cols: ks.join(', '), vals: join(ks.map((k) => m[k]), ', ') };
}
// node's util.inspect quoting of a string property
const inspectQ = (f, s) => (s.includes("'") ? cat('"', f, '"') : cat("'", f, "'"));
const plainText = (f) => f.segs.map((x) => x.s).join('');

// ---------------------------------------------------------------------------
// templates
// ---------------------------------------------------------------------------
export const formsAndDb = [
  // ======== Postgres unique violations, Key (...)=(...) ========
  () => { const t = pick(tables)(); const k = keyOf(t); return T('error', L`ERROR:  duplicate key value violates unique constraint "${k.name}"\nDETAIL:  Key (${k.cols})=(${k.vals}) already exists.`, 'psql unique violation: Key (cols)=(values) echoes the row values (serial/clinic ids in the key stay clean)'); },
  () => { const t = pick(tables)(); const k = keyOf(t); const detail = L`Key (${k.cols})=(${k.vals}) already exists.`; return T('error', L`error: duplicate key value violates unique constraint "${k.name}"\n    at /app/node_modules/pg-pool/index.js:45:11\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async ${pick(['createPatient', 'POST', 'registerUser', 'saveIntake'])} (/app/.next/server/app/api/${pick(['intake', 'patients', 'register'])}/route.js:1:${ri(1000, 9999)}) {\n  length: ${ri(180, 320)},\n  severity: 'ERROR',\n  code: '23505',\n  detail: ${inspectQ(detail, plainText(detail))},\n  hint: undefined,\n  schema: 'public',\n  table: '${t.table}',\n  constraint: '${k.name}',\n  file: 'nbtinsert.c',\n  line: '${pick(['664', '666', '673'])}',\n  routine: '_bt_check_unique'\n}`, 'node-postgres DatabaseError as util.inspect prints it: detail holds the key values; length, line 666 and file are clean'); },
  () => { const p = V.person(); const e = V.email(p); return T('error', L`error: duplicate key value violates unique constraint "${pick(['users_email_lower_idx', 'portal_users_lower_email_key'])}"\nDETAIL:  Key (lower(email::text))=(${P('EMAIL', e.toLowerCase())}) already exists.`, 'expression index key lower(email::text) quoting the email'); },
  () => { const p = V.person(); const d = V.dobD(); const ts1 = pgLogTs(); const pid = ri(1000, 99999); return T('log', L`${ts1} [${pid}] ERROR:  duplicate key value violates unique constraint "patients_last_name_first_name_dob_key"\n${ts1} [${pid}] DETAIL:  Key (last_name, first_name, dob)=(${P('NAME', p.last)}, ${P('NAME', p.first)}, ${P('DATE', iso(d))}) already exists.\n${ts1} [${pid}] STATEMENT:  INSERT INTO patients (last_name, first_name, dob, sex) VALUES ($1, $2, $3, $4) RETURNING id`, 'Postgres server log: last-first name key and DOB in DETAIL; log prefix timestamp and pid are clean'); },
  () => { const p = V.person(); const s = V.ssn(pick([0, 2])); return T('error', L`PrismaClientKnownRequestError: \nInvalid \`prisma.$executeRaw()\` invocation:\n\n\nRaw query failed. Code: \`23505\`. Message: \`db error: ERROR: duplicate key value violates unique constraint "Patient_ssn_key"\nDETAIL: Key (ssn)=(${P('SSN', s)}) already exists.\`\n  code: 'P2010',\n  clientVersion: '5.${ri(0, 20)}.${ri(0, 3)}'`, 'Prisma raw query error passing the Postgres DETAIL through with an SSN'); },
  () => { const p = V.person(); const e = V.email(p); const detail = L`Key (email)=(${P('EMAIL', e)}) already exists.`; return T('error', L`SequelizeUniqueConstraintError: Validation error\n    at Query.formatError (/app/node_modules/sequelize/lib/dialects/postgres/query.js:${ri(300, 400)}:${ri(10, 40)})\n    at Query.run (/app/node_modules/sequelize/lib/dialects/postgres/query.js:${ri(70, 90)}:${ri(10, 30)}) {\n  name: 'SequelizeUniqueConstraintError',\n  errors: [\n    ValidationErrorItem {\n      message: 'email must be unique',\n      type: 'unique violation',\n      path: 'email',\n      value: '${P('EMAIL', e)}',\n      origin: 'DB',\n      validatorKey: 'not_unique'\n    }\n  ],\n  fields: { email: '${P('EMAIL', e)}' },\n  parent: error: duplicate key value violates unique constraint "Users_email_key"\n      detail: '${detail}'\n}`, 'Sequelize unique error: the same email in errors[].value, fields and parent.detail'); },
  () => { const p = V.person({ group: pick(['euro', 'hisp', 'us']) }); const d = V.dobD(); return T('error', L`SequelizeUniqueConstraintError: Validation error\n  fields: { last_name: ${inspectQ(P('NAME', p.last), p.last)}, first_name: '${P('NAME', p.first)}', birth_date: '${P('DATE', iso(d))}' },\n  original: error: duplicate key value violates unique constraint "Patients_last_name_first_name_birth_date_key"\n      detail: ${inspectQ(L`Key (last_name, first_name, birth_date)=(${P('NAME', p.last)}, ${P('NAME', p.first)}, ${P('DATE', iso(d))}) already exists.`, p.last)}`, 'Sequelize fields object and Postgres detail with an apostrophe name (inspect switches to double quotes)'); },
  // ======== Failing row contains ========
  () => { const t = withNull(pick(tables)()); return T('error', L`ERROR:  ${notNullMsg(t)}\nDETAIL:  Failing row contains (${rowF(t.cols)}).`, `not-null violation on ${t.table}: the failing row lists every column in table order, nulls as "null"; serial ids, statuses and created_at stay clean`); },
  () => { const t = pick(tables)(); const c = pick(t.nullable); return T('error', L`error: ${checkMsg(t, c)}\nDETAIL:  Failing row contains (${rowF(t.cols)}).`, `check-constraint violation on ${t.table}: failing row tuple with names, dates and contact values`); },
  () => { const t = withNull(pick(tables)()); const detail = L`Failing row contains (${rowF(t.cols)}).`; return T('error', L`ConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: "23502", message: "${notNullMsg(t).replace(/"/g, '\\"')}", severity: "ERROR", detail: Some("${detail}"), column: None, hint: None }), transient: false })`, 'Prisma ConnectorError (Rust Debug) with the failing row in detail: Some(...)'); },
  () => { const p = V.person(); const d = V.dobD(); const e = V.email(p); const id = cuid(); return T('error', L`Invalid \`prisma.intakeForm.create()\` invocation:\n\nError occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: "23514", message: "new row for relation \\"IntakeForm\\" violates check constraint \\"IntakeForm_dob_check\\"", severity: "ERROR", detail: Some("Failing row contains (${id}, ${P('NAME', p.first)}, ${P('NAME', p.last)}, ${P('DATE', `${iso(d)} 00:00:00`)}, ${P('EMAIL', e)}, null, ${pgTs().replace('+00', '')}).") }) })`, 'Prisma check violation: cuid row id clean, names, DOB as timestamp(3) and email labelled'); },
  () => { const t = withNull(pick(tables)()); const detail = L`Failing row contains (${rowF(t.cols)}).`; return T('error', L`QueryFailedError: ${notNullMsg(t)}\n    at PostgresQueryRunner.query (/app/node_modules/typeorm/driver/postgres/PostgresQueryRunner.js:${ri(200, 240)}:${ri(10, 30)}) {\n  query: 'INSERT INTO "${t.table}"(${t.cols.map(([k]) => `"${k}"`).join(', ')}) VALUES (${t.cols.map((_, i) => `$${i + 1}`).join(', ')})',\n  driverError: error: ${notNullMsg(t)},\n  code: '23502',\n  detail: ${inspectQ(detail, plainText(detail))}\n}`, 'TypeORM QueryFailedError: parameter placeholders clean, detail holds the failing row'); },
  () => { const p = V.person(); const d = V.dobD(); const s = V.ssn(0); const e = V.email(p); return T('error', L`QueryFailedError: duplicate key value violates unique constraint "UQ_patient_ssn"\n  query: 'INSERT INTO "patient"("first_name", "last_name", "dob", "ssn", "email") VALUES ($1, $2, $3, $4, $5) RETURNING "id"',\n  parameters: [ ${inspectQ(P('NAME', p.first), p.first)}, ${inspectQ(P('NAME', p.last), p.last)}, '${P('DATE', iso(d))}', '${P('SSN', s)}', '${P('EMAIL', e)}' ],\n  detail: 'Key (ssn)=(${P('SSN', s)}) already exists.'`, 'TypeORM error printing the bound parameters array (first, last, dob, ssn, email) and the detail'); },
  () => { const t = pick(tables)(); return T('error', L`insert into "${t.table}" (${t.cols.map(([k]) => `"${k}"`).join(', ')}) values (${t.cols.map((_, i) => `$${i + 1}`).join(', ')}) - ${notNullMsg(withNull(t))}`, 'Knex error message: the SQL shows placeholders only, so the column names are clean'); },
  () => { const ts1 = pgLogTs(); const pid = ri(1000, 99999); const p = V.person(); const d = V.dobD(); const e = V.email(p); return T('log', L`${ts1} [${pid}] LOG:  duration: ${ri(1, 900)}.${ri(100, 999)} ms  execute <unnamed>: SELECT id FROM patients WHERE last_name = $1 AND first_name = $2 AND dob = $3\n${ts1} [${pid}] DETAIL:  parameters: $1 = '${P('NAME', p.last.replace(/'/g, "''"))}', $2 = '${P('NAME', p.first)}', $3 = '${P('DATE', iso(d))}'${chance(0.5) ? cat(", $4 = '", P('EMAIL', e), "'") : ''}`, 'Postgres log_min_duration_statement with bound parameters (apostrophes doubled); log prefix timestamp clean'); },
  // ======== Foreign key violations ========
  () => { const pid = V.patientId(); const tb = pick(['appointments', 'encounters', 'lab_orders', 'consents']); return T('error', L`error: insert or update on table "${tb}" violates foreign key constraint "${tb}_patient_id_fkey"\nDETAIL:  Key (patient_id)=(${P('OTHER_ID', pid)}) is not present in table "patients".`, 'foreign-key violation naming a patient id column and its value'); },
  () => { const m = V.mrn(); return T('error', L`ERROR:  update or delete on table "patients" violates foreign key constraint "visits_patient_mrn_fkey" on table "visits"\nDETAIL:  Key (mrn)=(${P('MRN', m)}) is still referenced from table "visits".`, 'delete blocked by a foreign key: Key (mrn)=(value) is still referenced'); },
  () => { const e = V.email(); return T('error', L`SequelizeForeignKeyConstraintError: insert or update on table "Appointments" violates foreign key constraint "Appointments_userEmail_fkey"\n  table: 'Appointments',\n  fields: [ 'userEmail' ],\n  value: '${P('EMAIL', e)}',\n  index: 'Appointments_userEmail_fkey',\n  reltype: 'child',\n  parent: error: insert or update on table "Appointments" violates foreign key constraint "Appointments_userEmail_fkey"\n      detail: 'Key ("userEmail")=(${P('EMAIL', e)}) is not present in table "Users".'`, 'Sequelize FK error with quoted mixed-case column and email value'); },
  () => { const m = V.memberId(); const d = V.dobD(); return T('error', L`ERROR:  insert or update on table "claims" violates foreign key constraint "claims_member_fk"\nDETAIL:  Key (member_id, subscriber_dob)=(${P('HEALTH_PLAN_ID', m)}, ${P('DATE', iso(d))}) is not present in table "subscribers".`, 'composite FK: member id and subscriber date of birth'); },
  // ======== clean DB errors (same shapes) ========
  () => { const t = withNull(pick(cleanTables)()); return T('error', L`ERROR:  ${notNullMsg(t)}\nDETAIL:  Failing row contains (${rowF(t.cols)}).`, 'failing row of serial ids, statuses, amounts and timestamps: no PHI'); },
  () => { const [tb, col, ref] = pick([['appointments', 'provider_id', 'providers'], ['schedules', 'clinic_id', 'clinics'], ['rooms', 'location_id', 'locations'], ['lab_orders', 'test_id', 'lab_tests']]); return T('error', cat(`error: insert or update on table "${tb}" violates foreign key constraint "${tb}_${col}_fkey"\nDETAIL:  Key (${col})=(${smallId()}) is not present in table "${ref}".`), 'FK violation on a provider/clinic/location/test serial id: no PHI'); },
  () => { const k = pick([() => ['idempotency_key', V.uuid()], () => ['stripe_customer_id', `cus_${V.alnum(14)}`], () => ['slug', `${pick(['spring', 'fall'])}-flu-clinic-${ri(2023, 2025)}`], () => ['tenant_id, external_ref', `${smallId()}, INV-${ri(2023, 2025)}-${pad(ri(1, 9999), 4)}`], () => ['created_at', pgTs()]])(); return T('error', cat(`ERROR:  duplicate key value violates unique constraint "${pick(['events', 'payments', 'campaigns', 'invoices'])}_${k[0].replace(/, /g, '_')}_key"\nDETAIL:  Key (${k[0]})=(${k[1]}) already exists.`), 'unique violation on an idempotency key, vendor id, slug, invoice ref or timestamp: no PHI'); },
  () => T('error', cat(`PrismaClientKnownRequestError: \nInvalid \`prisma.patient.update()\` invocation:\n\nAn operation failed because it depends on one or more records that were required but not found. Record to update not found.\n  code: 'P2025',\n  meta: { modelName: 'Patient', cause: 'Record to update not found.' },\n  clientVersion: '5.${ri(0, 20)}.${ri(0, 3)}'`), 'Prisma P2025 naming the Patient model without values: no PHI'),
  () => { const ts1 = pgLogTs(); return T('log', cat(`${ts1} [${ri(1000, 99999)}] LOG:  checkpoint complete: wrote ${ri(100, 9000)} buffers (${ri(1, 40)}.${ri(0, 9)}%); 0 WAL file(s) added, 0 removed, ${ri(0, 9)} recycled; write=${ri(10, 300)}.${pad(ri(0, 999), 3)} s, sync=0.0${ri(10, 99)} s, total=${ri(10, 300)}.${pad(ri(0, 999), 3)} s`), 'Postgres checkpoint log with timestamps and counters: no PHI'); },

  // ======== form posts (application/x-www-form-urlencoded) ========
  () => { const p = V.person(); const plus = chance(0.6); const enc = encOf(plus); const d = V.dobD(); return T('log', L`${V.ts()} DEBUG ${pick(['POST /api/intake', 'POST /intake/submit', 'POST /api/forms/new-patient'])} content-type=application/x-www-form-urlencoded body=first_name=${P('NAME', enc(p.first))}&last_name=${P('NAME', enc(p.last))}&dob=${P('DATE', enc(V.fmtDate(d, pick([0, 2, 7]))))}&phone=${P('PHONE', enc(V.phone(pick([0, 1, 3]))))}&email=${P('EMAIL', enc(V.email(p)))}&consent=on`, `raw urlencoded body in a log (${plus ? '+ for spaces' : '%20 for spaces'}): each value labelled as written, still encoded`); },
  () => { const p = V.person(); const c = V.city(); const plus = chance(0.5); const enc = encOf(plus); return T('log', L`[body-parser] urlencoded ${ri(120, 900)} bytes: patient_name=${P('NAME', enc(V.fullName(p)))}&street=${P('ADDRESS', enc(V.street()))}&city=${P('ADDRESS', enc(c[0]))}&state=${c[1]}&zip=${P('ZIP_CODE', V.zip(c))}&ssn=${P('SSN', enc(V.ssn(pick([0, 2]))))}`, 'urlencoded body with name, street, city, ZIP and SSN; the bare state stays clean'); },
  () => { const p = V.person(); const d = V.dobD(); const body = L`name=${P('NAME', formEnc(V.fullName(p, false)))}&dob=${P('DATE', formEnc(V.fmtDate(d, pick([0, 2]))))}&ssn=${P('SSN', V.ssn(0))}&zip=${P('ZIP_CODE', V.zip())}&submit=Continue`; return T('json', J({ level: pick([20, 30]), time: V.epochMs(), msg: 'form submission', req: { method: 'POST', url: pick(['/intake', '/api/register']), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, rawBody: body }), 'pino JSON log holding a form-encoded body inside a JSON string'); },
  () => { const p = V.person({ group: pick(['euro', 'hisp', 'afam']) }); const q = V.person(); const body = L`patient%5Bfirst%5D=${P('NAME', formEnc(p.first))}&patient%5Blast%5D=${P('NAME', formEnc(p.last))}&patient%5Bdob%5D=${P('DATE', formEnc(dobAny()))}&guardian%5Bname%5D=${P('NAME', formEnc(V.fullName(q, false)))}&guardian%5Bphone%5D=${P('PHONE', formEnc(V.phone(0)))}`; return T('json', J({ event: 'server_action', action: pick(['submitIntake', 'saveGuardian']), contentType: 'application/x-www-form-urlencoded', body }, chance(0.3) ? 'spaced' : 'compact'), 'bracketed form keys (%5B %5D) with patient and guardian values, inside a JSON string'); },
  () => { const p = V.person({ group: pick(['euro', 'euro', 'afam']) }); const d = V.dobD(); return T('log', L`curl -X POST '${pick(['https://intake.clinic-example.com', 'http://localhost:3000'])}/api/intake' -H 'Content-Type: application/x-www-form-urlencoded' --data "first=${P('NAME', p.first.replace(/ /g, '+'))}&last=${P('NAME', p.last.replace(/ /g, '+'))}&dob=${P('DATE', V.fmtDate(d, pick([0, 2, 7])))}&phone=${P('PHONE', V.phone(1))}"`, 'curl command in a runbook log with an unencoded form body (raw apostrophes and slashes)'); },
  () => { const p = V.person(); const ph = V.e164(); const d = V.dobD(); return T('log', L`${V.ts()} INFO twilio inbound webhook POST /api/sms application/x-www-form-urlencoded ToCountry=US&SmsMessageSid=SM${V.hex(32)}&NumMedia=0&From=${P('PHONE', pctEnc(ph))}&Body=${formEnc('Hi this is ')}${P('NAME', formEnc(V.fullName(p, false)))}${formEnc(' my birthday is ')}${P('DATE', formEnc(V.fmtDate(d, 1)))}${formEnc(' can I reschedule')}&AccountSid=AC${V.hex(32)}&ApiVersion=2010-04-01`, 'Twilio form webhook: From phone, name and DOB inside Body; SmsMessageSid, AccountSid and ApiVersion date clean'); },
  () => { const p = V.person(); const c = V.city(); const d = V.dobD(); return T('log', L`stripe.request POST /v1/customers name=${P('NAME', formEnc(V.fullName(p, false)))}&email=${P('EMAIL', formEnc(V.email(p)))}&phone=${P('PHONE', formEnc(V.e164()))}&address%5Bline1%5D=${P('ADDRESS', formEnc(V.street(true)))}&address%5Bpostal_code%5D=${P('ZIP_CODE', V.zip(c))}&metadata%5Bpatient_dob%5D=${P('DATE', iso(d))} -> 200 cus_${V.alnum(14)}`, 'Stripe API form body (name, email, phone, address[line1], postal code, DOB metadata); response customer id clean'); },
  () => { const m = V.memberId(); const p = V.person(); const d = V.dobD(); return T('log', L`${V.ts()} DEBUG eligibility form payer_id=${pick(['60054', '87726', '62308'])}&member_id=${P('HEALTH_PLAN_ID', m)}&subscriber_last=${P('NAME', formEnc(p.last))}&subscriber_dob=${P('DATE', formEnc(V.fmtDate(d, 0)))}&group_number=GRP${ri(1000, 99999)}&service_type=30`, 'eligibility form body: member id, subscriber surname and DOB labelled; payer id, group number, service type clean'); },
  () => T('log', cat(`${V.ts()} DEBUG POST /settings application/x-www-form-urlencoded _csrf=${V.b64url(36)}&theme=${pick(['dark', 'light'])}&lang=${pick(['en-US', 'es-MX'])}&tz=America%2F${pick(['Chicago', 'New_York', 'Denver'])}&notifications=on&snippet_license=${pick(['Apache-2.0', 'MIT', 'BSD-3-Clause', 'CC-BY-4.0'])}`), 'settings form body: CSRF token, preferences and a software licence: no PHI'),
  () => T('json', J({ level: 30, msg: 'form submission', contentType: 'application/x-www-form-urlencoded', rawBody: `clinic_id=${smallId()}&date=${ri(2024, 2025)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}&slots=${ri(1, 20)}&provider=${smallId()}&visit_type=${pick(['telehealth', 'in-person'])}` }), 'scheduling-template form (clinic, slot date, counts) not tied to a patient: no PHI'),

  // ======== query strings and request targets (apostrophes, + and %20) ========
  () => { const p = V.person({ group: 'euro' }); const d = V.dobD(); return T('log', L` GET /api/patients/lookup?name=${P('NAME', pctEnc(V.fullName(p, false)))}&dob=${P('DATE', pctEnc(iso(d)))} ${pick([200, 404])} in ${ms()}`, "Next.js request log: %20 and a raw apostrophe (D'Angelo, O'Brien) in a name query value, then DOB"); },
  () => { const p = V.person({ group: pick(['euro', 'afam']) }); const ip = V.publicIPv4(); const t = V.recentD(); return T('log', L`${P('IP_ADDRESS', ip)} - - [${pad(t.d, 2)}/${V.MON[t.m - 1]}/${Math.max(2024, t.y)}:${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)} +0000] "GET /intake/resume?last_name=${P('NAME', pctEnc(p.last))}&first_name=${P('NAME', pctEnc(p.first))}&dob=${P('DATE', formEnc(V.fmtDate(V.dobD(), 0)))} HTTP/1.1" 200 ${ri(500, 9000)} "-" "${V.ua()}"`, 'nginx access log: query with apostrophe surnames and an encoded DOB (%2F); request time clean'); },
  () => { const p = V.person({ group: pick(['euro', 'euro', 'hisp', 'us']) }); const plus = chance(0.5); return T('url', L`${pick(['https://portal.example-health.com', 'https://mychart.example.org', 'http://localhost:3000'])}/patients/search?name=${P('NAME', plus ? V.fullName(p, false).replace(/ /g, '+') : V.fullName(p, false).replace(/ /g, '%20'))}&birthdate=${P('DATE', iso(V.dobD()))}${chance(0.5) ? cat('&phone=', P('PHONE', pctEnc(V.phone(0)))) : ''}`, 'URL whose name value holds a raw apostrophe and accents, spaces as + or %20'); },
  () => { const p = V.person({ group: 'euro' }); const d = V.dobD(); return T('url', L`/api/fhir/Patient?family=${P('NAME', formEnc(p.last))}&given=${P('NAME', formEnc(p.first))}&birthdate=eq${P('DATE', iso(d))}&_count=${pick([10, 20, 50])}`, 'FHIR search with family/given (apostrophe as %27) and birthdate with the eq prefix'); },
  () => { const p = V.person(); return T('log', L`${V.ts()} WARN referer leak: ${pick(['GET /_next/static/chunks/main.js', 'GET /api/analytics/pageview'])} referer="https://portal.example-health.com/results?patient=${P('NAME', pctEnc(V.fullName(p, false)))}&mrn=${P('MRN', V.mrn())}&dob=${P('DATE', pctEnc(V.fmtDate(V.dobD(), pick([0, 2, 4]))))}"`, 'Referer header carrying a results-page query with name, MRN and DOB'); },
  () => { const p = V.person({ group: pick(['euro', 'us']) }); return T('error', L`TypeError: Failed to parse URL from /api/search?q=${P('NAME', V.fullName(p, false))}&type=patient\n    at new Request (node:internal/deps/undici/undici:${ri(5000, 9999)}:${ri(10, 40)})`, 'undici error quoting an unencoded relative URL with a name containing a space or apostrophe'); },
  () => T('log', cat(` GET /api/${pick(['slots', 'availability'])}?date=${ri(2025, 2026)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}&clinic=${smallId()}&provider=${smallId()} 200 in ${ms()}`), 'appointment availability search by date and clinic (no patient): no PHI'),
  () => T('url', cat(`https://www.example-health.com/blog/${pick(["what's-new-in-2025", "doctor's-notes-flu-season", "women's-health-week"])}?utm_source=newsletter&utm_campaign=${pick(['oct', 'nov', 'dec'])}`), 'apostrophes in blog slugs: no PHI'),

  // ======== DOB formats ========
  () => { const p = V.person(); return T('text', L`Pt ${P('NAME', V.fullName(p))} ${pick(DOB_LABELS)} ${P('DATE', dobAny())} verified ${pick(['at check-in', 'by phone', 'with photo ID'])}.`, 'DOB in one of many formats after a DOB label'); },
  () => { const p = V.person(); return T('log', L`${V.ts()} INFO registration: matched ${P('NAME', V.lastFirst(p))} ${pick(['DOB ', 'dob: ', 'dob=', 'D.O.B. ', 'birthdate='])}${P('DATE', dobAny())} zip=${P('ZIP_CODE', V.zip())} score=0.${ri(80, 99)}`, 'registration match log: DOB format varies, ZIP labelled, score clean'); },
  () => { const p = V.person(); return T('text', L`Rx label: ${P('NAME', `${p.last.toUpperCase()}, ${p.first.toUpperCase()}`)}  ${pick(['DOB', 'D.O.B.', 'BD:'])} ${P('DATE', dobAny())}  ${pick(['amoxicillin 500 mg #30', 'lisinopril 10 mg #90', 'sertraline 50 mg #30'])} — refills ${ri(0, 5)}`, 'pharmacy label: upper-case name and DOB; drug strength and count clean'); },
  () => { const p = V.person(); return T('text', L`Caller identified as ${P('NAME', p.first)} (${rel()} of pt), gave ${pick(["the pt's", "the patient's", "her mother's", "his father's"])} date of birth as ${P('DATE', dobAny())} and callback ${P('PHONE', V.phone())}.`, 'phone message: first name with relation context, spelled-out DOB label, callback'); },
  () => { const p = V.person(); const f = pick(DOB_FORMATS); return T('json', J({ patient: { firstName: P('NAME', p.first), lastName: P('NAME', p.last), dob: P('DATE', f(V.dobD())) }, source: pick(['kiosk', 'portal', 'fax-ocr']), receivedAt: V.ts() }), 'app JSON with dob as typed by the user (non-ISO formats); receivedAt clean'); },
  () => { const p = V.person({ group: 'hisp' }); const d = V.dobD(); return T('text', L`Paciente ${P('NAME', V.fullName(p))}, fecha de nac. ${P('DATE', `${pad(d.d, 2)}/${pad(d.m, 2)}/${d.y}`)}, ${pick(['tel.', 'cel.'])} ${P('PHONE', V.phone(pick([0, 1])))}.`, 'Spanish note with DD/MM/YYYY birth date'); },
  () => { const p = V.person(); return T('log', L`HL7 ADT^A04 parsed: name=${P('NAME', `${p.last.toUpperCase()}^${p.first.toUpperCase()}`)} dob=${P('DATE', `${V.dobD().y}${pad(ri(1, 12), 2)}${pad(ri(1, 28), 2)}`)} sex=${sexL()} msg_ctrl=${V.digits(10)} (${ms()})`, 'integration log summarising an ADT message: caret-joined name and YYYYMMDD DOB; control id clean'); },
  () => T('log', cat(`${V.ts()} INFO migrate: applied ${ri(2023, 2025)}${pad(ri(1, 12), 2)}${pad(ri(1, 28), 2)}${pad(ri(0, 23), 2)}${pad(ri(0, 59), 2)}00_${pick(['add_dob_to_patients', 'index_patients_on_dob', 'backfill_birth_date'])} in ${ms()}`), 'migration name with a timestamp and "dob" in it: no PHI'),
  () => T('text', cat(`${pick(['Release', 'Version', 'Build'])} ${ri(2024, 2025)}.${pad(ri(1, 12), 2)}.${pad(ri(1, 28), 2)} — backup file backup_${ri(2024, 2025)}${pad(ri(1, 12), 2)}${pad(ri(1, 28), 2)}.sql.gz; TLS cert expires ${pick(V.MON)} ${ri(1, 28)}, ${ri(2026, 2027)}.`), 'calendar versions, backup file date and certificate expiry: no PHI'),

  // ======== ages over 89 with sex, next to temperatures and doses ========
  () => { const a = ri(90, 104); const s = sexL(); return T('text', L`ED triage: ${P('AGE', a)}${s} BIBA from ${pick(['ALF', 'SNF', 'home'])}, c/o ${pick(['fever', 'cough', 'confusion', 'fall'])}; temp ${ri(100, 104)}F, HR ${ri(90, 130)}, given ${pick(['APAP 650 mg PO', 'ceftriaxone 1 g IV', 'NS 500 mL bolus'])}.`, 'compact age+sex "92F" labelled (number only); "temp 102F" and the dose stay clean'); },
  () => { const a = ri(90, 103); return T('text', L`${P('AGE', a)} yo ${sexL()} w/ ${pick(['UTI', 'CAP', 'cellulitis', 'CHF'])}. T ${ri(100, 103)}.${ri(0, 9)}F, BP ${ri(90, 170)}/${ri(50, 99)}, SpO2 ${ri(89, 99)}% RA. Started ${pick(['ceftriaxone 1 g q24h', 'vanc 1250 mg q12h', 'furosemide 40 mg IV'])}.`, '"92 yo M" age labelled; "T 101.2F", BP and SpO2 clean'); },
  () => { const a = ri(90, 101); const p = V.person(); return T('text', L`Name: ${P('NAME', V.lastFirst(p))}\nAge/Sex: ${P('AGE', a)}/${sexL()}\nMRN: ${P('MRN', V.mrn())}\nVitals: Tmax ${ri(99, 103)}.${ri(0, 9)} F, HR ${ri(60, 120)}, wt ${ri(40, 95)} kg`, 'header block "Age/Sex: 93/F" with name and MRN; Tmax and weight clean'); },
  () => { const a = ri(90, 99); return T('log', L`${V.ts()} INFO trackboard bed=${pick(['ED-', 'H'])}${ri(1, 40)} pt=${P('AGE', a)}${sexL()} cc="${pick(['SOB', 'CP', 'AMS', 'weakness'])}" temp=${ri(99, 103)}F acuity=${ri(1, 5)}`, 'ED track board log: "93M" age+sex labelled; temp=101F and acuity clean'); },
  () => { const a = ri(90, 100); return T('json', J({ encounter: { ageSex: cat(P('AGE', String(a)), sexL()), chiefComplaint: pick(['fever', 'fall', 'dysuria']), vitals: { tempF: ri(990, 1039) / 10, hr: ri(60, 130), spo2: ri(88, 99) }, meds: [pick(['acetaminophen 975 mg', 'ondansetron 4 mg'])] } }), 'JSON "ageSex":"93F" labelled on the number; tempF and SpO2 numbers clean'); },
  () => { const a = ri(90, 102); return T('text', L`${pick(['A/S', 'Age/sex'])}: ${P('AGE', a)}${pick(['F', 'M', ' F', ' M', 'yo F', 'yo M'])} | ${pick(['Temp', 'T'])} ${ri(99, 103)}${pick(['F', '°F', '.5F'])} | ${pick(['KCl 40 mEq PO', 'heparin 5000 units SC', 'metoprolol 25 mg PO'])} | wt ${ri(45, 99)} kg`, 'pipe-separated summary: age labelled, temperature, dose and weight clean'); },
  () => { const a = ri(40, 89); return T('text', cat(`ED triage: ${a}${sexL()} c/o ${pick(['fever', 'cough', 'flank pain'])}, temp ${ri(100, 104)}F, T ${ri(99, 103)}.${ri(0, 9)}F on recheck, HR ${ri(90, 125)}; given ${pick(['APAP 1000 mg', 'ibuprofen 600 mg', 'NS 1 L'])}.`), 'age 89 or under with sex, temperatures over 99 in F and doses: no PHI'); },
  () => T('text', cat(`Vitals: T ${ri(99, 103)}F, HR ${ri(90, 99)}, RR ${ri(16, 24)}, BP ${ri(100, 160)}/${ri(90, 99)}, SpO2 ${ri(90, 99)}%; weight ${ri(90, 99)} kg; gave ${ri(90, 99)} mg ${pick(['tramadol', 'gabapentin'])} ${pick(['PO', 'q8h'])}.`), 'numbers 90-103 as temperatures, rates, pressures, weight and dose: no AGE'),

  // ======== FHIR ========
  () => { const p = V.person(); const c = countyCity(); const s = V.street(true); const two = !/Apt|Unit|#|Ste/.test(s) && chance(0.6); const apt = `${pick(['Apt ', 'Unit ', '#'])}${ri(1, 30)}${pick(['A', 'B', ''])}`; const z = V.zip(c); return T('json', J({ resourceType: 'Patient', id: P('OTHER_ID', V.patientId()), name: [{ family: P('NAME', p.last), given: [P('NAME', p.first)] }], address: [{ use: 'home', type: 'physical', text: L`${P('ADDRESS', two ? `${s} ${apt}` : s)}, ${P('ADDRESS', `${c[0]}, ${c[1]}`)} ${P('ZIP_CODE', z)}`, line: two ? [P('ADDRESS', s), P('ADDRESS', apt)] : [P('ADDRESS', s)], city: P('ADDRESS', c[0]), district: P('ADDRESS', districtOf(c)), state: c[1], postalCode: P('ZIP_CODE', z), country: 'US' }] }), 'FHIR Patient.address with text, line (one or two), city, district (county) and postalCode; state and country clean'); },
  () => { const p = V.person(); const m = V.person(); const c = V.city(); return T('json', J({ resourceType: 'Patient', id: P('OTHER_ID', V.patientId()), extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: P('NAME', m.last) }, { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { city: P('ADDRESS', c[0]), state: c[1], country: 'US' } }], name: [{ use: 'official', text: P('NAME', V.fullName(p)) }], birthDate: P('DATE', iso(V.dobD())) }), "FHIR Patient: mother's maiden name extension and birthPlace valueAddress city labelled"); },
  () => { const c = countyCity(); return T('json', J({ url: pick(['http://example.org/fhir/StructureDefinition/previous-address', 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace']), valueAddress: { line: [P('ADDRESS', V.street(true))], city: P('ADDRESS', c[0]), district: P('ADDRESS', districtOf(c)), state: c[1], postalCode: P('ZIP_CODE', V.zip(c)) } }), 'a lone extension with valueAddress (line, city, district, postalCode)'); },
  () => { const p = V.person(); const d = V.recentD(); const issued = { ...d, d: Math.min(28, d.d + ri(0, 2)) }; return T('json', J({ resourceType: 'Observation', id: V.uuid(), meta: { lastUpdated: V.ts() }, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: pick(['2345-7', '718-7', '4548-4', '2160-0']) }] }, subject: { reference: cat('Patient/', P('OTHER_ID', V.patientId())), display: P('NAME', V.fullName(p, false)) }, effectiveDateTime: P('DATE', V.isoDateTime(d)), issued: P('DATE', `${V.isoDate(issued)}T${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}Z`), valueQuantity: { value: ri(40, 250), unit: pick(['mg/dL', 'g/dL', '%']) } }), 'FHIR Observation of a patient: effectiveDateTime and issued labelled; meta.lastUpdated, Observation id and value clean'); },
  () => { const r = V.person(); const c = V.city(); return T('json', J({ resourceType: 'RelatedPerson', patient: { reference: cat('Patient/', P('OTHER_ID', V.patientId())) }, relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: pick(['DAU', 'SON', 'WIFE', 'HUSB', 'MTH']) }] }], name: [{ family: P('NAME', r.last), given: [P('NAME', r.first)] }], telecom: [{ system: 'phone', value: P('PHONE', V.phone(pick([0, 1]))) }], address: [{ line: [P('ADDRESS', V.street(true))], city: P('ADDRESS', c[0]), postalCode: P('ZIP_CODE', V.zip(c)) }] }), 'FHIR RelatedPerson: relative name, phone and address'); },
  () => { const c = countyCity(); return T('json', J({ resourceType: pick(['Organization', 'Location']), id: V.uuid(), name: pick(['Example Health Clinic', 'Northside Family Medicine', 'Lakeview Imaging Center']), address: [{ use: 'work', line: [`${ri(100, 999)} ${pick(['Medical Center Dr', 'Health Pkwy', 'Clinic Way'])}`], city: c[0], district: COUNTIES[c[0]], state: c[1], postalCode: `${c[3]}00` }] }), 'FHIR Organization/Location address of a facility (line, city, district, postalCode), not a patient: no PHI'); },
  () => T('json', J({ resourceType: 'Observation', status: 'final', category: [{ coding: [{ code: 'laboratory' }] }], code: { coding: [{ system: 'http://loinc.org', code: pick(['2345-7', '718-7']) }] }, device: { display: pick(['cobas c 311 QC', 'Sysmex XN-1000 QC']) }, issued: V.ts(), valueQuantity: { value: ri(40, 250), unit: 'mg/dL' } }), 'quality-control Observation with no subject: issued is an instrument timestamp, not PHI'),

  // ======== hard negatives: licences, device models, vendor ids, statuses ========
  () => T('log', cat(pick([
    `${pick(['react', 'next', 'zod', 'date-fns', 'pg'])}@${ri(1, 18)}.${ri(0, 9)}.${ri(0, 9)}\n│  ├─ licenses: ${pick(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC'])}\n│  ├─ repository: https://github.com/${pick(['vercel/next.js', 'facebook/react', 'prisma/prisma', 'date-fns/date-fns'])}\n│  └─ licenseFile: node_modules/${pick(['react', 'zod', 'pg'])}/LICENSE`,
    `license: ${pick(['Apache-2.0', 'MIT', 'BSD-3-Clause', 'MPL-2.0', '(MIT OR Apache-2.0)', 'GPL-3.0-only'])}\nversion: ${ri(0, 9)}.${ri(0, 30)}.${ri(0, 9)}\nmaintainers: ${ri(1, 9)}`,
    `warn license-checker: ${ri(2, 40)} packages with license ${pick(['BSD-3-Clause', 'Apache-2.0', 'LGPL-2.1'])}, ${ri(100, 900)} with MIT`,
  ])), 'software licence identifiers (Apache-2.0, MIT, BSD-3-Clause) after "license": not licence numbers'),
  () => T('json', J({ name: `@example/${pick(['portal', 'intake-forms', 'fhir-client'])}`, version: `${ri(0, 4)}.${ri(0, 20)}.${ri(0, 9)}`, license: pick(['Apache-2.0', 'MIT', 'BSD-3-Clause', 'UNLICENSED']), engines: { node: '>=20' }, dependencies: { next: `^${ri(13, 15)}.${ri(0, 5)}.0`, pg: `^8.${ri(7, 12)}.0` } }), 'package.json fields including "license": no PHI'),
  () => T('log', cat(`${V.ts()} INFO client ${pick([`device=${pick(['iPhone15,2', 'iPhone14,7', 'iPad13,8', 'Watch6,1'])} os=iOS ${ri(16, 18)}.${ri(0, 6)}.${ri(0, 2)}`, `device_model=${pick(['SM-S918B', 'SM-G991U', 'Pixel 8 Pro', 'moto g stylus 5G'])} build=${pick(['UP1A.231005.007', 'TQ3A.230805.001'])}`, `hw.model=${pick(['MacBookPro18,3', 'Mac14,2', 'iMac21,1'])}`])} app=${ri(3, 6)}.${ri(0, 20)}.${ri(0, 9)} (${ri(100, 999)})`), 'device model identifiers (iPhone15,2, SM-S918B) and build ids: not device serials'),
  () => T('json', J({ event: 'app_open', device: { vendor: 'Apple', model: pick(['iPhone15,2', 'iPhone16,1', 'iPad14,1']), type: 'mobile' }, os: { name: 'iOS', version: `${ri(16, 18)}.${ri(0, 5)}` }, appVersion: `${ri(3, 6)}.${ri(0, 20)}.${ri(0, 9)}`, sessionId: V.uuid() }), 'parsed user-agent device block: model names are not device identifiers'),
  () => T('log', cat(`${V.ts()} INFO stripe ${pick(['transfer.created', 'payout.paid', 'account.updated'])} account=acct_1${V.alnum(15)} customer=cus_${V.alnum(14)} payment_intent=pi_3${V.alnum(23)} amount=${ri(100, 90000)}`), 'Stripe connected-account, customer and payment-intent ids after "account"/"customer": opaque vendor ids, no PHI'),
  () => T('json', J({ accounts: [{ account_id: V.alnum(37), mask: V.digits(4), name: pick(['Plaid Checking', 'Plaid Saving']), subtype: pick(['checking', 'savings']), type: 'depository' }], item: { item_id: V.alnum(37), institution_id: `ins_${ri(1, 130)}` }, request_id: V.alnum(15) }), 'bank-link vendor response: opaque account_id tokens and last-4 mask are not account numbers'),
  () => T('log', cat(pick([
    ` ${pick(['GET', 'PATCH'])} /api/${pick(['account', 'account/settings', 'members/me', 'license/verify', 'device/pair', 'dob-check', 'ssn/verify'])} ${pick([200, 204, 401, 404, 422, 500])} in ${ms()}`,
    `${V.ts()} http ${pick(['GET', 'POST'])} /api/${pick(['account', 'member', 'chart'])} -> ${pick([200, 201, 302, 403])} (${ms()}) bytes=${ri(100, 90000)}`,
    `${pick(['account', 'member', 'license', 'device'])} lookup: HTTP ${pick(['200 OK', '404 Not Found', '429 Too Many Requests', '503 Service Unavailable'])} after ${ri(1, 5)} retries`,
  ])), 'HTTP status codes and byte counts after identifier-named routes and words: no PHI'),
  () => T('log', cat(`${V.ts()} INFO db: upserted ${ri(1, 500)} rows into ${pick(['patients', 'intake_submissions', 'subscribers'])} (ids ${(() => { const a = ri(1, 200000); return `${a}..${a + ri(1, 500)}`; })()}) in ${ms()}; last_synced_at=${pgTs()}`), 'row counts, serial id ranges and timestamps about PHI tables: no PHI'),
];
