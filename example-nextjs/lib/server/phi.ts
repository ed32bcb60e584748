import 'server-only';
/**
 * The Node side's phi-guard objects, created once per process. Next.js
 * bundles `instrumentation.ts` and each route separately, so a module-level
 * `const` could exist several times; the objects live on `globalThis` under
 * a registered symbol so every bundle shares the same guard and the same
 * signal chain.
 */
import { createGuardSync, type Guard } from 'phi-guard';
import type { ReportingOptions } from 'phi-guard/next';
import { guardConfig } from './guardConfig';
import { createReporting, type Reporting } from './reporting';

interface NodePhi { guard: Guard; reporting: Reporting }

const KEY = Symbol.for('phi-guard-example.node');

/** The process-wide guard and signal pipeline. */
export function nodePhi(): NodePhi {
  const g = globalThis as unknown as Record<symbol, NodePhi | undefined>;
  let phi = g[KEY];
  if (!phi) {
    phi = { guard: createGuardSync(guardConfig), reporting: createReporting('nodejs') };
    g[KEY] = phi;
  }
  return phi;
}

/** The reporting options every wrapper of the Node side gets. */
export function reportingOptions(): Required<Pick<ReportingOptions, 'emitter' | 'flushTimeoutMs'>> {
  return { emitter: nodePhi().reporting.sink, flushTimeoutMs: 2000 };
}
