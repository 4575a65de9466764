/** How a notice prints numbers, counties' states and ordinals; every rendering uses these. */
import { formatNumber } from '../report/text.js';
import { shanghaiTime } from '../schedule/calendar.js';
import { formatChineseDate } from '../schedule/deadlines.js';
import type { ScorePartId } from '../ranking/score.js';
import type { NoticeCountyState, NoticePart, NoticeRankRow, NoticeTarget } from './types.js';

export const NOTICE_STATE_LABEL: Record<NoticeCountyState, string> = {
  'on-time': '按时报送',
  late: '逾期报送',
  rejected: '未通过校验，视为未报送',
  missing: '未报送',
};

/** For narrow tables (cards, the rank table's last column). */
export const NOTICE_STATE_SHORT: Record<NoticeCountyState, string> = {
  'on-time': '按时',
  late: '逾期',
  rejected: '未通过',
  missing: '未报',
};

/** Score parts in narrow table headers (the .docx table); the same words as the 排名 card's. */
export const NOTICE_PART_SHORT: Record<ScorePartId, string> = {
  timeliness: '及时',
  quality: '质量',
  nev: '新能源车',
  charging: '充电桩',
  fixtures: '节水器具',
  metering: '水计量',
  food: '反浪费自查',
  energy_yoy: '能耗同比',
  carbon_yoy: '碳排放同比',
};

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (section and item numbers). */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones]!;
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[ones]}`;
}

/** Points as printed everywhere in a notice: two decimals. */
export function formatPoints(points: number): string {
  return formatNumber(points, 2);
}

/** A finite number, or null: how a notice treats a value that could not be computed. */
export function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const COUNT_UNITS = new Set(['家', '个', '台']);

/** "28.00%", "3家", "812.50 kgCO2/人"; "—" for null. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === '%') return `${formatNumber(value, 2)}%`;
  if (COUNT_UNITS.has(unit) && Number.isInteger(value)) return `${value}${unit}`;
  return `${formatNumber(value, 2)} ${unit}`;
}

/** '2026年10月23日 09:30' (Asia/Shanghai). */
export function formatInstant(iso: string): string {
  const t = shanghaiTime(iso);
  return `${formatChineseDate(t.slice(0, 10))} ${t.slice(11)}`;
}

/** '10月17日' (Asia/Shanghai), for a late county's arrival. */
export function formatMonthDay(iso: string): string {
  const [, m, d] = shanghaiTime(iso).slice(0, 10).split('-').map(Number);
  return `${m}月${d}日`;
}

/** Points of a row's part as printed ("12.00"); "—" for a part the row lacks. */
export function rowPoints(row: NoticeRankRow, part: NoticePart): string {
  const p = row.points[part.id];
  return p === undefined ? '—' : formatPoints(p);
}

/** "35%", "0家": a target's number as configured. */
export function targetAmount(t: Pick<NoticeTarget, 'threshold' | 'unit'>): string {
  return `${t.threshold}${t.unit}`;
}

/** A target in a sentence: "不低于35%", "100%", "0家". */
export function targetPhrase(t: Pick<NoticeTarget, 'comparator' | 'threshold' | 'unit'>): string {
  const amount = targetAmount(t);
  return t.comparator === '>=' ? `不低于${amount}` : t.comparator === '<=' ? `不高于${amount}` : amount;
}
