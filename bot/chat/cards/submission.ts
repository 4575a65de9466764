/** The answer to a submission: accepted / accepted with warnings / rejected, issues by cell, key indicators, receipt. */
import { targetLabel, type IndicatorResult } from '../../../shared/indicators/definitions.js';
import { parsePeriodId, periodLabel } from '../../../shared/period.js';
import { formatNumber } from '../../../shared/report/text.js';
import { dueDateNote, formatChineseDate, type DueDate } from '../../../shared/schedule/deadlines.js';
import type { Issue } from '../../../shared/validation/issues.js';
import type { SubmissionRecord } from '../../store/types.js';
import type { CheckedWorkbook } from '../../submissions/intake.js';
import { shanghaiTime, STATUS_LABEL } from '../format.js';
import { card, container, facts, plain, row, text, title, type AdaptiveCard, type CardElement } from './elements.js';

/** Issues listed on a card; the rest are counted. */
export const CARD_ISSUES = 20;

/** The indicators a county looks at first (those with targets, plus the totals), with short card labels. */
const KEY_INDICATORS: [string, string][] = [
  ['energy.total_tce', '综合能耗'],
  ['energy.per_capita_kgce', '人均综合能耗'],
  ['carbon.total_t', '碳排放总量'],
  ['vehicles.nev_share', '新能源车占比'],
  ['charging.compliance_rate', '充电桩达标单位'],
  ['water.saving_fixture_rate', '节水器具普及率'],
  ['water.meter_l2_rate', '二级水表配备率'],
  ['water.meter_l3_rate', '三级水表配备率'],
  ['food.self_check_rate', '反浪费自查完成率'],
  ['coal.units_without_plan', '燃煤未定整改计划'],
  ['data.completeness', '报送完整率'],
];

/** Counts (家, 个, 台) are whole numbers. */
const COUNT_UNITS = new Set(['家', '个', '台']);

/** The message without the "单位名录 E3" the 位置 column already shows. */
function shortMessage(i: Issue): string {
  const prefix = `${i.sheet} ${i.cell}`;
  return i.message.startsWith(prefix) ? i.message.slice(prefix.length).trimStart() : i.message;
}

function issueRows(issues: readonly Issue[], total: number, noun: string): CardElement[] {
  if (issues.length === 0) return [];
  const shown = issues.slice(0, CARD_ISSUES);
  const rows: CardElement[] = [row(['位置', '问题'], [3, 7], { header: true, separator: true })];
  for (const i of shown) rows.push(row([plain(`${i.sheet} ${i.cell}`), plain(shortMessage(i))], [3, 7]));
  if (total > shown.length) rows.push(text(`另有 ${total - shown.length} 个${noun}未列出：改正以上问题后重新提交，会列出其余的。`, { isSubtle: true, size: 'Small' }));
  return rows;
}

/**
 * Errors first (they block); warnings fill the list when there are no errors. The checked issues
 * are the first ISSUE_ANSWER_LIMIT: the totals come from the counts.
 */
function listedIssues(checked: CheckedWorkbook): { list: Issue[]; total: number; noun: string } {
  if (checked.summary.errors > 0) return { list: checked.issues.filter((i) => i.severity === 'error'), total: checked.summary.errors, noun: '错误' };
  return { list: [...checked.issues], total: checked.issueCount, noun: '警告' };
}

function indicatorValue(r: IndicatorResult): string {
  if (r.value === null) return '无数据';
  const v = `${formatNumber(r.value, COUNT_UNITS.has(r.unit) ? 0 : 2)}${r.unit === '%' ? '%' : ` ${r.unit.replace('CO2', 'CO₂')}`}`;
  if (r.pass === null) return v;
  return `${v}（目标 ${targetLabel(r)}，${r.pass ? '达标' : '未达标'}）`;
}

export function indicatorFacts(indicators: readonly IndicatorResult[]): CardElement {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const pairs = KEY_INDICATORS.flatMap(([id, label]) => {
    const r = byId.get(id as IndicatorResult['id']);
    return r ? [[label, indicatorValue(r)] as const] : [];
  });
  return facts(pairs);
}

function headline(status: SubmissionRecord['status'], late: boolean): { text: string; color: 'Good' | 'Warning' | 'Attention' } {
  const lateNote = late ? '（逾期报送）' : '';
  if (status === 'accepted') return { text: `✅ 已受理${lateNote}：报表校验通过`, color: late ? 'Warning' : 'Good' };
  if (status === 'accepted-with-warnings') return { text: `⚠️ 已受理${lateNote}（有警告）：请核实下列提示`, color: 'Warning' };
  return { text: '❌ 未通过：请按下列提示修改后重新提交', color: 'Attention' };
}

export function submissionCard(record: SubmissionRecord, checked: CheckedWorkbook, due: DueDate): AdaptiveCard {
  const head = headline(record.status, record.late);
  const period = parsePeriodId(record.period);
  const { list, total, noun } = listedIssues(checked);
  const note = dueDateNote(due);
  const body: CardElement[] = [
    title(head.text, head.color),
    facts([
      ['县（市、区）', record.county],
      ['报告期', period ? periodLabel(period) : record.period],
      ['版本', `第 ${record.version} 版${record.status === 'rejected' ? '（未通过，不计入统计）' : ''}`],
      ['接收时间', shanghaiTime(record.receivedAt)],
      ['截止日期', `${formatChineseDate(due.date)}${record.late ? '（已逾期，记为迟报）' : ''}`],
      ['校验结果', `错误 ${record.summary.errors} 个，警告 ${record.summary.warnings} 个${record.explained > 0 ? `，已说明的异常 ${record.explained} 个` : ''}`],
    ]),
  ];
  if (note) body.push(text(note, { isSubtle: true, size: 'Small' }));
  body.push(...issueRows(list, total, noun));
  if (record.status !== 'rejected') body.push(text('主要指标', { weight: 'Bolder', separator: true }), indicatorFacts(checked.indicators));
  body.push(receipt(record));
  const summary = `${record.county} ${record.period} 第 ${record.version} 版：${STATUS_LABEL[record.status]}（错误 ${record.summary.errors}，警告 ${record.summary.warnings}）`;
  return card(body, summary);
}

export function receipt(record: SubmissionRecord): CardElement {
  return container(
    [
      text('回执', { weight: 'Bolder', size: 'Small' }),
      text(`${record.id} · ${shanghaiTime(record.receivedAt)} · ${record.bytes.toLocaleString('en-US')} 字节`, { size: 'Small', isSubtle: true, spacing: 'None' }),
      text(`SHA-256 ${record.sha256}`, { size: 'Small', fontType: 'Monospace', spacing: 'None' }),
    ],
    'emphasis',
  );
}

/** A workbook whose 基本信息 names no valid county or quarter: checked, not stored. */
export function unidentifiedCard(checked: CheckedWorkbook): AdaptiveCard {
  const { list, total, noun } = listedIssues(checked);
  return card(
    [
      title('❌ 未受理：无法确定县（市、区）和报告期', 'Attention'),
      text('请先改正“基本信息”工作表中的县（市、区）、行政区划代码、报告年度和报告季度。这份文件没有保存，也不计入报送。'),
      text(`校验结果：错误 ${checked.summary.errors} 个，警告 ${checked.summary.warnings} 个`, { size: 'Small' }),
      ...issueRows(list, total, noun),
    ],
    '未受理：基本信息中的县（市、区）或报告期无效',
  );
}
