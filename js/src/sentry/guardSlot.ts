import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import { clampDelay } from '../common/timers.js';
import type { GuardSource } from '../next/types.js';
import { observeGuard } from '../next/util.js';

/** Whether `g` has what a hook calls on a guard. */
function isGuard(g: unknown): g is Guard {
  const x = g as Partial<Guard> | null | undefined;
  return !!x && typeof x.scan === 'function' && typeof x.redactText === 'function' && typeof x.redactValue === 'function';
}

/**
 * @internal The guard of a set of Sentry hooks, read at once when it is
 * ready (a hook such as `beforeBreadcrumb` cannot wait) and awaited under
 * a time limit when it is not (the browser's guard loads its module in
 * the background). A factory is called once, and again after it failed;
 * a promise that rejected stays rejected.
 */
export class GuardSlot {
  readonly #source: GuardSource;
  #guard: Guard | undefined;
  #pending: Promise<Guard | undefined> | undefined;
  /** The code of the last failure to obtain the guard (`init`), for the failure event. */
  failure = 'init';

  constructor(source: GuardSource) {
    this.#source = observeGuard(source);
  }

  /** The guard if it is ready; starts obtaining it otherwise. */
  now(): Guard | undefined {
    if (this.#guard === undefined && this.#pending === undefined) this.#start();
    return this.#guard;
  }

  #start(): void {
    let v: unknown;
    try {
      v = typeof this.#source === 'function' ? (this.#source as () => unknown)() : this.#source;
    } catch (e) {
      this.failure = e instanceof PhiGuardError ? e.code : 'init';
      return;
    }
    if (isGuard(v)) {
      this.#guard = v;
      return;
    }
    this.#pending = Promise.resolve(v).then(
      (g) => {
        if (!isGuard(g)) throw new PhiGuardError('init', 'no guard was provided');
        this.#guard = g;
        return g;
      },
    ).catch((e: unknown) => {
      this.failure = e instanceof PhiGuardError ? e.code : 'init';
      this.#pending = undefined;
      return undefined;
    });
  }

  /** The guard once it is ready, or `undefined` if it failed or took longer than `timeoutMs`. */
  wait(timeoutMs: number): Promise<Guard | undefined> {
    const g = this.now();
    if (g !== undefined) return Promise.resolve(g);
    const pending = this.#pending;
    if (pending === undefined) return Promise.resolve(undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), clampDelay(timeoutMs));
      // A wait keeps no Node process alive (an event captured as it exits, with a guard that never comes).
      (timer as unknown as { unref?: () => void }).unref?.();
    });
    return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
  }
}
