/**
 * Which choices of a list a value that is not on it was probably meant to be: "已建" → 已建成,
 * "以建成" → 已建成, "插电混动" → 插电式混合动力. The validator still refuses the value and only
 * asks "是否为“已建成”？": a guess is never written into the data, and when two choices are
 * equally close both are named.
 */
import { normalizeLabel } from '../template/normalize.js';

/** Most characters a value may lack or add around a choice ("已建" / "党政机关单位"). */
const MAX_EXTRA = 2;
/** Most choices named in one suggestion. */
const MAX_SUGGESTIONS = 3;

/** Edit distance of two strings given as code points (also used to compare sheet names). */
export function levenshtein(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Whether every character of `short` appears in `long`, in order. */
function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/**
 * How a typed value (normalised, as code points) is close to one choice: 0 when it keeps the
 * choice's characters (some left off or added), 1 when some are mistyped, null when it is not close.
 */
function closeness(typed: readonly string[], choice: readonly string[], distance: number): 0 | 1 | null {
  const t = typed.join('');
  const c = choice.join('');
  const [short, long] = typed.length <= choice.length ? [typed, choice] : [choice, typed];
  if (short.length < 2) return null;
  // Characters left off or added around the choice: "已建", "不具备", "党政机关单位".
  if (long.length - short.length <= MAX_EXTRA && (c.includes(t) || t.includes(c))) return 0;
  // An abbreviation keeping at least half the choice, in order: "插电混动", "能源托管".
  if (typed.length <= choice.length && typed.length * 2 >= choice.length && isSubsequence(typed, choice)) return 0;
  // Mistyped characters, one in three at most: "以建成" is near 已建成, "已建" is not near 在建.
  if (distance <= Math.min(MAX_EXTRA, Math.floor(long.length / 3))) return 1;
  // A two-character choice with its second character changed ("新购" for 新增, "屋面" for 屋顶):
  // the same first character, as words of one kind share. "已建" and "在建" share only the last.
  return distance === 1 && typed.length === 2 && choice.length === 2 && typed[0] === choice[0] ? 1 : null;
}

/**
 * The choices closest to `typed` (canonical spellings): those keeping its characters before those
 * with mistyped ones, then the fewest edits; all that tie are given. Empty when none is close.
 */
export function nearChoices(typed: string, choices: readonly string[]): string[] {
  // Nothing much longer than every choice is near one (and the edit distance is O(length)).
  const longest = Math.max(0, ...choices.map((c) => c.length));
  if (typed.length > 4 * (longest + MAX_EXTRA)) return [];
  const t = Array.from(normalizeLabel(typed));
  if (t.length < 2 || t.length > longest + MAX_EXTRA) return [];
  const near = choices.flatMap((choice) => {
    const points = Array.from(normalizeLabel(choice));
    const distance = levenshtein(t, points);
    const kind = closeness(t, points, distance);
    return kind === null ? [] : [{ choice, rank: kind * 1000 + distance }];
  });
  if (near.length === 0) return [];
  const best = Math.min(...near.map((n) => n.rank));
  return near.filter((n) => n.rank === best).slice(0, MAX_SUGGESTIONS).map((n) => n.choice);
}
