/**
 * Hash-chain verification for receivers. Each emitter numbers its signals
 * (`seq`, from 1) and links each to the previous one (`prevHash`), and each
 * signal carries `hash` = SHA-256 of its canonical JSON without `hash`. A
 * receiver that recomputes the hashes and follows the links sees whether a
 * signal was altered, removed or delivered out of order.
 */
import { PhiGuardError } from '../common/errors.js';
import { signalHash } from './canonical.js';

/** The members of a signal the chain uses; the hash covers all the others too. */
export interface ChainedSignal {
  emitterId: string;
  seq: number;
  prevHash: string | null;
  hash: string;
}

/** One break in a chain. */
export interface ChainBreak {
  emitterId: string;
  /** The signal concerned (for `missing`, the first missing seq). */
  seq: number;
  /**
   * `altered`: the signal's content does not match its `hash`, or its
   * `prevHash` does not match the previous signal's `hash` (this signal or
   * its predecessor was changed); `missing`: seqs are absent;
   * `reordered`: the signal arrived after a signal with a higher seq, or
   * at or below a head (`options.heads`) without being a re-delivery that
   * the links back from the head reach.
   */
  reason: 'altered' | 'missing' | 'reordered';
}

/** Where a chain stood after the last verified signal of an emitter. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Result of {@link verifyChain}. */
export interface ChainReport {
  ok: boolean;
  breaks: ChainBreak[];
  /** Last signal per emitter; pass it back as `options.heads` to verify the next delivery. */
  heads: Record<string, ChainHead>;
}

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /**
   * Heads from an earlier call. With a head, the next signal of that emitter
   * must continue it; without one, the first signal seen must either be
   * `seq` 1 with `prevHash: null`, or starts a window mid-chain (its link
   * backwards cannot be checked).
   */
  heads?: Record<string, ChainHead>;
}

/**
 * Verifies hash chains, per `emitterId`, in the order the signals arrived:
 * recomputes every `hash`, checks that `seq` increases by one and that
 * `prevHash` is the previous signal's `hash`. Exact duplicates (same seq,
 * content and hash, e.g. a retried delivery) are ignored, within one call
 * and, given `heads`, across calls: a re-delivered run of signals ending
 * at the head, whose links lead back from it. A copy whose content or hash
 * differs is `altered`, wherever it arrives.
 *
 * @throws {PhiGuardError} code `input` if `signals` is not an array of
 *   objects with `emitterId`, `seq`, `prevHash` and `hash`.
 * @example
 * const { ok, breaks, heads } = await verifyChain(body.signals, { heads: saved });
 * if (!ok) for (const b of breaks) console.warn('chain break', b.emitterId, b.seq, b.reason);
 * saved = heads;
 */
export async function verifyChain(signals: readonly ChainedSignal[], options: VerifyChainOptions = {}): Promise<ChainReport> {
  if (!Array.isArray(signals)) throw new PhiGuardError('input', 'verifyChain expects an array of signals');
  const byEmitter = new Map<string, ChainedSignal[]>();
  signals.forEach((s, i) => {
    if (
      s === null || typeof s !== 'object' || typeof s.emitterId !== 'string' || !Number.isSafeInteger(s.seq) ||
      typeof s.hash !== 'string' || (s.prevHash !== null && typeof s.prevHash !== 'string')
    ) {
      throw new PhiGuardError('input', `signal ${i} lacks emitterId, seq, prevHash or hash`);
    }
    const list = byEmitter.get(s.emitterId) ?? [];
    list.push(s);
    byEmitter.set(s.emitterId, list);
  });

  const breaks: ChainBreak[] = [];
  const heads: Record<string, ChainHead> = { ...(options.heads ?? {}) };

  for (const [emitterId, list] of byEmitter) {
    // Arrival order: a seq lower than one already seen arrived late. Every
    // copy is hashed: a second copy of a seq is ignored only when it is the
    // same signal (its content and hash intact and the same as the first).
    let highest = -Infinity;
    const bySeq = new Map<number, ChainedSignal>();
    const broken = new Set<ChainedSignal>();
    for (const s of list) {
      const intact = (await signalHash(s)) === s.hash;
      if (!intact) broken.add(s);
      const first = bySeq.get(s.seq);
      if (first) {
        if (first.hash !== s.hash || !intact) breaks.push({ emitterId, seq: s.seq, reason: 'altered' });
        continue;
      }
      if (!intact) breaks.push({ emitterId, seq: s.seq, reason: 'altered' });
      bySeq.set(s.seq, s);
      if (s.seq < highest) breaks.push({ emitterId, seq: s.seq, reason: 'reordered' });
      highest = Math.max(highest, s.seq);
    }

    const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const head: ChainHead | undefined = heads[emitterId];
    // At or below the head: verified before. A re-delivery (a retried
    // batch) is told by following the links back from the head, and is
    // ignored; another signal at the head's seq is altered, and one below
    // it that the links do not reach arrived late.
    let back: ChainHead | undefined = head;
    for (const s of ordered.filter((x) => head && x.seq <= head.seq).reverse()) {
      if (back && s.seq === back.seq && s.hash === back.hash && !broken.has(s)) {
        back = s.prevHash === null ? undefined : { seq: s.seq - 1, hash: s.prevHash };
        continue;
      }
      breaks.push({ emitterId, seq: s.seq, reason: s.seq === head!.seq ? 'altered' : 'reordered' });
    }

    // Links, in seq order, from the head on.
    let prev = head;
    for (const s of ordered) {
      if (head && s.seq <= head.seq) continue;
      if (prev) {
        if (s.seq > prev.seq + 1) breaks.push({ emitterId, seq: prev.seq + 1, reason: 'missing' });
        else if (s.prevHash !== prev.hash) breaks.push({ emitterId, seq: s.seq, reason: 'altered' });
      } else if ((s.seq === 1) !== (s.prevHash === null)) {
        // The first signal of a chain has seq 1 and no predecessor; any other has one.
        breaks.push({ emitterId, seq: s.seq, reason: 'altered' });
      }
      prev = { seq: s.seq, hash: s.hash };
    }
    if (prev) heads[emitterId] = prev;
  }

  // One break per signal and reason (copies of an altered signal are one).
  const seen = new Set<string>();
  const unique = breaks.filter((b) => {
    const k = `${b.emitterId}\n${b.seq}\n${b.reason}`;
    return !seen.has(k) && (seen.add(k), true);
  });
  unique.sort((a, b) => (a.emitterId < b.emitterId ? -1 : a.emitterId > b.emitterId ? 1 : a.seq - b.seq));
  return { ok: unique.length === 0, breaks: unique, heads };
}
