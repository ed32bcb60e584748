import type { GuardConfig } from 'phi-guard';
import { DEPLOYMENT, FINGERPRINT_KEY } from './env';

/** The one guard config of the app (edge and Node). Server-side only: it holds the fingerprint key. */
export const guardConfig: GuardConfig = {
  fingerprintKey: FINGERPRINT_KEY,
  deployment: DEPLOYMENT,
};
