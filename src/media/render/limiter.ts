/**
 * A look-ahead true-peak limiter for offline use (the whole program is in memory, so "look-ahead" is just
 * reading ahead — no latency, no delay line).
 *
 * 1. `env[n]` = the largest true-peak value (4x interpolated, all channels) around sample n, widened by the
 *    interpolator's span so every sample that feeds an over is covered.
 * 2. The gain each sample needs, `need[n] = min(1, ceiling / env[n])`, is turned into a smooth curve:
 *    a running minimum over the next `attack` samples, a release that returns towards 1 exponentially, then a
 *    moving average over the previous `attack` samples. Each averaged value only mixes minima whose windows
 *    contain n, so the curve never exceeds need[n] — the ceiling holds — while the gain falls as a linear ramp
 *    over the attack time (no step, no click) and recovers with the release time constant.
 */
import { overEnvelope, TRUE_PEAK_DELAY } from './true-peak.ts';

const ATTACK_S = 0.005;
const RELEASE_S = 0.08;

/** Limits `channels` in place so its true peak stays at or below `ceiling` (linear). */
export function limitTruePeak(channels: Float32Array[], sampleRate: number, ceiling: number): void {
  const n = channels[0]?.length ?? 0;
  if (n === 0) return;
  const env = new Float32Array(n);
  for (const x of channels) overEnvelope(x, env, ceiling);
  // The gain curve must be low across every sample the interpolator reads for an over: widen by its span.
  const need = slidingExtreme(env, TRUE_PEAK_DELAY, TRUE_PEAK_DELAY, true);
  let any = false;
  for (let i = 0; i < n; i++) {
    const v = need[i]!;
    const g = v > ceiling ? ceiling / v : 1;
    if (g < 1) any = true;
    need[i] = g;
  }
  if (!any) return;
  const attack = Math.max(1, Math.round(ATTACK_S * sampleRate));
  const held = slidingExtreme(need, 0, attack, false);
  const release = 1 - Math.exp(-1 / (RELEASE_S * sampleRate));
  let g = 1;
  for (let i = 0; i < n; i++) {
    g += (1 - g) * release;
    if (held[i]! < g) g = held[i]!;
    held[i] = g;
  }
  // Moving average over [i - attack, i]; before the start the first value repeats (held[0] covers
  // need[0..attack], so the bound still holds there).
  const first = held[0]!;
  let sum = attack * first;
  const gain = need; // reuse
  for (let i = 0; i < n; i++) {
    sum += held[i]!;
    sum -= i - attack - 1 >= 0 ? held[i - attack - 1]! : first;
    gain[i] = Math.min(1, sum / (attack + 1));
  }
  for (const x of channels) for (let i = 0; i < n; i++) x[i]! *= gain[i]!;
}

/**
 * out[i] = max (or min) of x over [i - before, i + after], clipped to the array — monotonic deque, O(n).
 */
function slidingExtreme(x: Float32Array, before: number, after: number, max: boolean): Float32Array {
  const n = x.length;
  const out = new Float32Array(n);
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0; // next index to push
  for (let i = 0; i < n; i++) {
    const hi = Math.min(n - 1, i + after);
    while (next <= hi) {
      const v = x[next]!;
      while (tail > head && (max ? x[dq[tail - 1]!]! <= v : x[dq[tail - 1]!]! >= v)) tail--;
      dq[tail++] = next++;
    }
    while (dq[head]! < i - before) head++;
    out[i] = x[dq[head]!]!;
  }
  return out;
}
