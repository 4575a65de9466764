/**
 * zod pieces shared by the schedule rules and the holiday file: ISO dates and strict objects whose
 * every issue carries its own Chinese message, and issues turned into "where：what" lines.
 */
import { z } from 'zod';
import { dateToUtcMs } from './calendar.js';

/** A value as the user wrote it, for messages: strings quoted, the rest as JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return '（空）';
  if (typeof value === 'string') return `"${value}"`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** "what，收到 X", or "缺少此项：what" when the key is absent. */
export function expected(what: string, input: unknown): string {
  return input === undefined ? `缺少此项：${what}` : `${what}，收到 ${shown(input)}`;
}

/** Why a text is not an ISO date, or null when it is one. */
export function isoDateProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return `日期须写成 YYYY-MM-DD（如 "2027-01-01"），收到 ${shown(value)}`;
  try {
    dateToUtcMs(value);
    return null;
  } catch {
    return `日期 ${value} 不存在，请核对月份和日子`;
  }
}

/** 'YYYY-MM-DD' that exists on the calendar. */
export const isoDate = z.string({ error: (iss) => expected('须为 YYYY-MM-DD 格式的日期文本', iss.input) }).superRefine((value, ctx) => {
  const problem = isoDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An object that refuses keys it does not know, naming the keys it accepts. */
export function strictObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  const allowed = Object.keys(shape).join('、');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `不认识的字段 ${iss.keys.map((k) => `"${k}"`).join('、')}（可用的字段：${allowed}），请检查拼写或删去`
        : expected(`须为对象 {…}（可用的字段：${allowed}）`, iss.input),
  });
}

/** A whole number in [min, max], one message for every way of missing it. */
export function wholeIn(min: number, max: number): z.ZodType<number> {
  const message = (input: unknown): string => expected(`须为 ${min}–${max} 之间的整数`, input);
  return z.number({ error: (iss) => message(iss.input) }).refine((n) => Number.isInteger(n) && n >= min && n <= max, { error: (iss) => message(iss.input) });
}

/** Path as written in JSON: years.2027.holidays[1].from; '（顶层）' for the document itself. */
export function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '（顶层）';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** One line per issue, "where：what", duplicates dropped; a record key's own message rather than zod's wrapper. */
export function issueLines(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  const lines = issues.map((i) => {
    const message = i.code === 'invalid_key' && i.issues[0] ? i.issues[0].message : i.message;
    return `${pathText([...prefix, ...i.path])}：${message}`;
  });
  return [...new Set(lines)];
}
