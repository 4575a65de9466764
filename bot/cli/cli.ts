/** Argument parsing only: argv → a typed command, or a UsageError with a Chinese message. */
import { extname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { findCounty, type County, type Region } from '../../shared/counties.js';
import { parsePeriodId, type Period } from '../../shared/period.js';
import { ISSUES_PER_GROUP } from '../../shared/report/json.js';
import { parseRole } from '../access/access.js';
import type { Role } from '../store/types.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Format = 'text' | 'json';

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'version' }
  | { name: 'template'; out: string; force: boolean }
  | { name: 'sample'; county: County; period: Period; institutions: number; seed: number; out: string; force: boolean }
  /** limit: issues listed per group (same sheet, column and kind); null lists all. */
  | { name: 'validate'; file: string; format: Format; limit: number | null; history?: string; coefficients?: string }
  | { name: 'indicators'; file: string; format: Format; history?: string; coefficients?: string }
  | { name: 'coefficients'; format: Format; coefficients?: string }
  | { name: 'demo'; period?: Period; dir?: string }
  | { name: 'serve' }
  | { name: 'invite'; county: County | null; role: Role; format: Format }
  | { name: 'token'; county: County; format: Format }
  | { name: 'teams-package'; appId: string; domain: string; out: string; force: boolean }
  /** from/to: a data directory or a postgres:// address. */
  | { name: 'store'; action: 'copy'; from: string; to: string }
  /** from/to: ISO dates (Asia/Shanghai days), to inclusive. */
  | { name: 'reminders'; action: 'plan'; from: string; to: string; format: Format }
  | { name: 'reminders'; action: 'log'; format: Format }
  | { name: 'notice'; period: Period; out: string; draft: boolean }
  | { name: 'calendar'; action: 'check'; format: Format };

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = { help: { type: 'boolean', short: 'h' } };
const OPTIONS: Record<string, Options> = {
  template: { out: { type: 'string' }, force: { type: 'boolean' } },
  sample: {
    county: { type: 'string' },
    period: { type: 'string' },
    institutions: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  validate: { format: { type: 'string' }, limit: { type: 'string' }, history: { type: 'string' }, coefficients: { type: 'string' } },
  indicators: { format: { type: 'string' }, history: { type: 'string' }, coefficients: { type: 'string' } },
  coefficients: { format: { type: 'string' }, coefficients: { type: 'string' } },
  demo: { period: { type: 'string' }, dir: { type: 'string' } },
  serve: {},
  invite: { county: { type: 'string' }, role: { type: 'string' }, format: { type: 'string' } },
  token: { county: { type: 'string' }, format: { type: 'string' } },
  'teams-package': { 'app-id': { type: 'string' }, domain: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  store: { from: { type: 'string' }, to: { type: 'string' } },
  reminders: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
  notice: { period: { type: 'string' }, out: { type: 'string' }, draft: { type: 'boolean' } },
  calendar: { format: { type: 'string' } },
};
const POSITIONALS: Record<string, number> = { validate: 1, indicators: 1, store: 1, reminders: 1, calendar: 1 };

/** "2026-12-01" (a real date), for --from / --to. */
function isoDate(value: unknown, option: string, name: string, fallback: string): string {
  const text = str(value) ?? fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) throw new UsageError(`${option} 应为日期，如 2026-12-01，收到“${text}”。`, name);
  return text;
}

function subcommand(positionals: readonly string[], name: string, allowed: readonly string[]): string {
  const sub = positionals[0];
  if (sub !== undefined && allowed.includes(sub)) return sub;
  throw new UsageError(sub === undefined ? `缺少子命令，如 jieneng ${name} ${allowed[0]}。` : `${name} 没有“${sub}”这个子命令（可用：${allowed.join('、')}）。`, name);
}

/** A value that starts with '-' but is a number ("--limit -3"), which parseArgs would refuse as "ambiguous". */
const NEGATIVE_NUMBER = /^-[\d.]/u;

function parse(name: string, args: string[]) {
  const options = { ...COMMON, ...OPTIONS[name] };
  // "--limit -3" → "--limit=-3", so the option's own check can say what values it takes.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const option = a.startsWith('--') ? options[a.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const opt = /'(-{1,2}[^'\s]+)/u.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`命令 ${name} 没有选项 ${opt}。`, name);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`选项 ${opt} 需要一个值。`, name);
    throw new UsageError(`无法识别的参数：${e.message}`, name);
  }
}

function format(value: unknown, name: string): Format {
  if (value === undefined) return 'text';
  if (value === 'text' || value === 'json') return value;
  throw new UsageError(`--format 只能是 text 或 json，收到“${String(value)}”。`, name);
}

function integer(value: unknown, option: string, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} 应为 ${min}–${max} 之间的整数，收到“${String(value)}”。`, name);
  }
  return n;
}

/** --limit: a positive number of issues per group, or "all". */
function limit(value: unknown, name: string): number | null {
  if (value === undefined) return ISSUES_PER_GROUP;
  const text = String(value).trim();
  if (text.toLowerCase() === 'all' || text === '全部') return null;
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < 1) {
    throw new UsageError(`--limit 应为正整数（每类问题最多列出的条数，如 --limit 20），或 all（全部列出），收到“${text}”。`, name);
  }
  return n;
}

/** An --out of the kind the command writes. */
function out(value: unknown, fallback: string, ext: '.xlsx' | '.zip', name: string): string {
  const path = str(value) ?? fallback;
  if (extname(path).toLowerCase() !== ext) {
    throw new UsageError(`--out 的文件名应以 ${ext} 结尾（本命令生成 ${ext} 文件），收到“${path}”。`, name);
  }
  return path;
}

function period(value: unknown, name: string, required: boolean): Period | undefined {
  if (value === undefined) {
    if (required) throw new UsageError('缺少 --period，请给出报告期，如 --period 2026Q3。', name);
    return undefined;
  }
  const p = parsePeriodId(String(value));
  if (!p || p.year < 2020 || p.year > 2100) throw new UsageError(`--period 应为“年份Q季度”，如 2026Q3，收到“${String(value)}”。`, name);
  return p;
}

function county(value: unknown, name: string, region: Region, required: boolean): County | null {
  const countyName = str(value);
  const choices = region.counties.map((c) => c.name).join('、');
  if (!countyName) {
    if (required) throw new UsageError(`缺少 --county，请给出县（市、区）名称：${choices}。`, name);
    return null;
  }
  const found = findCounty(region, countyName);
  if (!found) throw new UsageError(`“${countyName}”不是${region.city}所辖县（市、区）。可选：${choices}。`, name);
  return found;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function parseCommand(argv: readonly string[], region: Region): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return { name: 'help', topic: name === 'help' ? rest[0] : undefined };
  }
  if (name === '--version' || name === '-v' || name === 'version') return { name: 'version' };
  if (!(name in OPTIONS)) throw new UsageError(`没有“${name}”这个命令。`);

  const { values: v, positionals } = parse(name, rest);
  if (v['help']) return { name: 'help', topic: name };
  const expected = POSITIONALS[name] ?? 0;
  if (positionals.length > expected) throw new UsageError(`多余的参数：${positionals.slice(expected).join(' ')}。`, name);

  switch (name) {
    case 'template':
      return { name, out: out(v['out'], '县级季度报表模板-v1.xlsx', '.xlsx', name), force: v['force'] === true };
    case 'sample': {
      const c = county(v['county'], name, region, true)!;
      const p = period(v['period'], name, true)!;
      return {
        name,
        county: c,
        period: p,
        institutions: integer(v['institutions'], '--institutions', name, 1, 200_000, 30),
        seed: integer(v['seed'], '--seed', name, 0, 2 ** 31 - 1, 1),
        out: out(v['out'], `${c.name}-${p.year}Q${p.quarter}-示例.xlsx`, '.xlsx', name),
        force: v['force'] === true,
      };
    }
    case 'validate':
    case 'indicators': {
      const file = positionals[0];
      if (!file) throw new UsageError('缺少要处理的文件，例如：jieneng ' + name + ' 泽州县-2026Q3.xlsx。', name);
      const common = { file, format: format(v['format'], name), history: str(v['history']), coefficients: str(v['coefficients']) };
      return name === 'validate'
        ? { name, ...common, limit: limit(v['limit'], name) }
        : { name, ...common };
    }
    case 'coefficients':
      return { name, format: format(v['format'], name), coefficients: str(v['coefficients']) };
    case 'demo':
      return { name, period: period(v['period'], name, false), dir: str(v['dir']) };
    case 'serve':
      return { name };
    case 'invite': {
      const roleText = str(v['role']);
      if (!roleText) throw new UsageError('缺少 --role：填报员用 --role reporter，督导员用 --role supervisor。', name);
      const role = parseRole(roleText);
      if (!role) throw new UsageError(`--role 只能是 reporter（填报员）或 supervisor（督导员），收到“${roleText}”。`, name);
      const c = county(v['county'], name, region, role === 'reporter');
      return { name, county: c, role, format: format(v['format'], name) };
    }
    case 'token':
      return { name, county: county(v['county'], name, region, true)!, format: format(v['format'], name) };
    case 'teams-package': {
      const appId = str(v['app-id']);
      const domain = str(v['domain']);
      if (!appId || !domain) throw new UsageError('需要 --app-id（Azure 机器人的 Microsoft App ID）和 --domain（服务的域名）。', name);
      return { name, appId, domain, out: out(v['out'], '节能通-teams.zip', '.zip', name), force: v['force'] === true };
    }
    case 'store': {
      if (positionals[0] !== 'copy') throw new UsageError(positionals[0] === undefined ? '缺少子命令，如 jieneng store copy。' : `store 没有“${positionals[0]}”这个子命令（可用：copy）。`, name);
      const from = str(v['from']);
      const to = str(v['to']);
      if (!from || !to) throw new UsageError('需要 --from 和 --to：数据目录（如 data/）或 PostgreSQL 地址（postgres://用户名:密码@主机:5432/数据库名）。', name);
      return { name, action: 'copy', from, to };
    }
    case 'reminders': {
      if (subcommand(positionals, name, ['plan', 'log']) === 'log') return { name, action: 'log', format: format(v['format'], name) };
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const from = isoDate(v['from'], '--from', name, today);
      const defaultTo = new Date(Date.parse(`${from}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10);
      const to = isoDate(v['to'], '--to', name, defaultTo);
      if (to < from) throw new UsageError(`--to（${to}）早于 --from（${from}）。`, name);
      if (Date.parse(to) - Date.parse(from) > 3 * 366 * 86_400_000) throw new UsageError('--from 到 --to 最长三年。', name);
      return { name, action: 'plan', from, to, format: format(v['format'], name) };
    }
    case 'notice': {
      const dir = str(v['out']);
      if (!dir) throw new UsageError('需要 --out：通报文件（.docx 和 .xlsx）写入的目录，如 --out 通报/。', name);
      return { name, period: period(v['period'], name, true)!, out: dir, draft: v['draft'] === true };
    }
    case 'calendar':
      subcommand(positionals, name, ['check']);
      return { name, action: 'check', format: format(v['format'], name) };
  }
  throw new UsageError(`没有“${name}”这个命令。`);
}
