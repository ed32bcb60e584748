import type { Guard } from './guard.js';
import type { ClassifyResult, ExposureEventInput } from './types.js';

/**
 * Classifies one exposure event with a fresh signal id (used by the CLI and
 * one-off callers; long-lived emitters keep the chain state themselves).
 *
 * @example
 * const { classification } = await classifyEvent(guard, {
 *   text: 'ssn 219-09-9999', channel: 'server_log', discoveredAt: new Date().toISOString(),
 * });
 */
export async function classifyEvent(guard: Guard, event: ExposureEventInput): Promise<ClassifyResult> {
  const signalId = event.signalId ?? globalThis.crypto.randomUUID();
  return guard.classify({ ...event, signalId });
}
