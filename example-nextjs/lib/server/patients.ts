import 'server-only';
/**
 * Synthetic patients (generated names, numbers that pass format and checksum
 * rules; none belongs to a real person). This is the PHI the demo protects.
 */

export interface Patient {
  id: string;
  name: string;
  dateOfBirth: string;
  mrn: string;
  ssn: string;
  phone: string;
  email: string;
  address: { line1: string; city: string; state: string; zip: string };
  insurance: { payer: string; healthPlanId: string };
  primaryCare: string;
  conditions: string[];
  medications: { drug: string; dose: string }[];
  allergies: string[];
}

export interface Appointment {
  id: string;
  patientId: string;
  start: string;
  clinician: string;
  kind: 'Video visit' | 'In person' | 'Phone call';
  reason: string;
}

const PATIENTS: Record<string, Patient> = {
  'p-1001': {
    id: 'p-1001',
    name: 'Maria Garcia',
    dateOfBirth: '1962-03-14',
    mrn: '00482913',
    ssn: '219-09-9999',
    phone: '(217) 384-2291',
    email: 'maria.garcia@example.com',
    address: { line1: '1420 Maple Avenue', city: 'Springfield', state: 'IL', zip: '62704' },
    insurance: { payer: 'Prairie Health Plan', healthPlanId: 'PHP-884213377' },
    primaryCare: 'Dr. Alan Brooks',
    conditions: ['Type 2 diabetes', 'Hypertension'],
    medications: [{ drug: 'Metformin', dose: '500 mg twice daily' }, { drug: 'Lisinopril', dose: '10 mg daily' }],
    allergies: ['Penicillin'],
  },
  'p-1002': {
    id: 'p-1002',
    name: 'David Thompson',
    dateOfBirth: '1978-11-02',
    mrn: '00517740',
    ssn: '512-44-7821',
    phone: '(207) 871-4420',
    email: 'david.thompson@example.com',
    address: { line1: '88 Harbor Street', city: 'Portland', state: 'ME', zip: '04101' },
    insurance: { payer: 'Coastal Care', healthPlanId: 'CCP-301958462' },
    primaryCare: 'Dr. Alan Brooks',
    conditions: ['Asthma'],
    medications: [{ drug: 'Albuterol inhaler', dose: 'as needed' }],
    allergies: [],
  },
};

const APPOINTMENTS: Appointment[] = [
  { id: 'a-3001', patientId: 'p-1001', start: '2026-12-02T15:30:00Z', clinician: 'Dr. Alan Brooks', kind: 'Video visit', reason: 'Diabetes follow-up' },
  { id: 'a-3002', patientId: 'p-1001', start: '2026-12-16T17:00:00Z', clinician: 'Nurse Priya Raman', kind: 'Phone call', reason: 'Blood pressure check' },
  { id: 'a-3003', patientId: 'p-1001', start: '2027-01-08T14:00:00Z', clinician: 'Dr. Alan Brooks', kind: 'In person', reason: 'Annual physical' },
];

/**
 * Loads a patient record. It logs the lookup with the patient's name and
 * date of birth on purpose: `instrumentation.ts` installs `redactConsole`, so
 * what reaches stdout is `looking up patient [NAME] DOB [DATE]`.
 */
export function findPatient(id: string): Patient | null {
  const patient = PATIENTS[id] ?? null;
  if (patient) console.info(`looking up patient ${patient.name} DOB ${patient.dateOfBirth} (MRN ${patient.mrn})`);
  return patient;
}

/** Upcoming appointments of a patient, soonest first. */
export function appointmentsOf(patientId: string): Appointment[] {
  return APPOINTMENTS.filter((a) => a.patientId === patientId).sort((a, b) => a.start.localeCompare(b.start));
}
