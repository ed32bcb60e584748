/**
 * @internal The longest delay `setTimeout` honours in Node, browsers and
 * edge runtimes: 2^31 − 1 ms (about 24.8 days). Beyond it they fire after
 * 1 ms instead (Node's `TimeoutOverflowWarning`).
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * @internal A delay `setTimeout` honours: NaN and negatives become 0,
 * anything longer than {@link MAX_DELAY_MS} becomes that.
 *
 * @example
 * setTimeout(done, clampDelay(Infinity)); // waits 24.8 days, not 1 ms
 */
export function clampDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_DELAY_MS);
}
