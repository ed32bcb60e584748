// lib/patients.ts: stand-ins for your own session and data access, so the
// examples compile and run in js/test/readme-examples.test.mjs. Synthetic
// records only. Not part of the README: replace it with your app's code.

export interface User {
  id: string;
  role: 'patient' | 'clinician';
  /** The patient record this user owns, if any. */
  patientId?: string;
}

export interface Patient {
  id: string;
  name: string;
  dob: string;
  ssn: string;
  phone: string;
  note: string;
}

const SESSIONS: Record<string, User> = {
  'demo-patient': { id: 'u-1', role: 'patient', patientId: 'p-1001' },
  'other-patient': { id: 'u-2', role: 'patient', patientId: 'p-2002' },
};

const PATIENTS: Record<string, Patient> = {
  'p-1001': {
    id: 'p-1001',
    name: 'Maria Garcia',
    dob: '1962-03-14',
    ssn: '219-09-9999',
    phone: '(312) 555-0142',
    note: 'Maria Garcia, DOB 1962-03-14, follow-up in two weeks.',
  },
};

/** The signed-in user from the `session` cookie, or `null`. */
export async function currentUser(request: Request): Promise<User | null> {
  const token = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return (token && SESSIONS[token]) || null;
}

export async function findPatient(id: string): Promise<Patient | null> {
  return PATIENTS[id] ?? null;
}
