/**
 * The coefficient set the JIENENG.* functions use: the built-in default until the task pane
 * fetches the server's set (GET /api/coefficients) and calls useCoefficients.
 *
 * The task pane and functions.ts are separate esbuild bundles that share one runtime (one page),
 * so a module-level variable would exist once per bundle and the pane's call would not reach the
 * functions. The set is kept on globalThis under a registered symbol, which both bundles see.
 */
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';

const KEY = Symbol.for('jieneng.functions.coefficients');
type Holder = { [KEY]?: CoefficientSet };

export function useCoefficients(set: CoefficientSet): void {
  (globalThis as Holder)[KEY] = set;
}

export function currentCoefficients(): CoefficientSet {
  return (globalThis as Holder)[KEY] ?? DEFAULT_COEFFICIENTS;
}
