/** The answer to a submission: accepted / accepted with warnings / rejected, issues grouped by sheet, column and kind, key indicators, receipt, and a link to the full issue list. */
import { targetLabel, type IndicatorResult } from '../../../shared/indicators/definitions.js';
import { parsePeriodId, periodLabel } from '../../../shared/period.js';
import { formatNumber } from '../../../shared/report/text.js';
import { dueDateNote, formatChineseDate, type DueDate } from '../../../shared/schedule/deadlines.js';
import { groupMessage, type IssueGroup } from '../../../shared/report/groups.js';
import { REPORT_LINK_HOURS } from '../../reports/issue-report.js';
import type { SubmissionRecord } from '../../store/types.js';
import type { CheckedWorkbook } from '../../submissions/intake.js';
import type { ReceiptFacts } from '../../submissions/receipt.js';
import { shanghaiTime, STATUS_LABEL, timelinessNote } from '../format.js';
import { card, command, container, facts, openUrl, plain, row, text, title, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';

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

/** Errors first (they block); warnings only when there are no errors, so they do not crowd out what must be fixed. */
function listedGroups(checked: CheckedWorkbook): IssueGroup[] {
  return checked.summary.errors > 0 ? checked.groups.filter((g) => g.severity === 'error') : checked.groups;
}

/** One row per group of identical issues (sheet, column, kind), at most CARD_ISSUES of them. */
function issueRows(groups: readonly IssueGroup[], issueTotal: number, reportUrl: string | null): CardElement[] {
  if (groups.length === 0) return [];
  const shown = groups.slice(0, CARD_ISSUES);
  const rows: CardElement[] = [row(['位置', '问题'], [3, 7], { header: true, separator: true })];
  for (const g of shown) {
    rows.push(row([plain(`${g.sheet} ${g.cells}`), text(plain(groupMessage(g)), { size: 'Small', spacing: 'None', color: g.severity === 'error' ? 'Default' : 'Warning' })], [3, 7]));
  }
  const rest = groups.slice(CARD_ISSUES).reduce((n, g) => n + g.count, 0);
  if (rest > 0) {
    const where = reportUrl ? '完整清单见下方“下载问题清单”' : '改正以上问题后重新提交，会列出其余的';
    rows.push(text(`另有 ${groups.length - shown.length} 类、${rest} 个问题未列出：${where}。`, { isSubtle: true, size: 'Small' }));
  }
  return rows;
}

function indicatorValue(r: IndicatorResult): string {
  if (r.value === null) return '无数据';
  const v = `${formatNumber(r.value, COUNT_UNITS.has(r.unit) ? 0 : 2)}${r.unit === '%' ? '%' : ` ${r.unit.replace('CO2', 'CO₂')}`}`;
  if (r.pass === null) return v;
  // The state first, with its symbol: at the end of a long line it broke ("未达/标") on a phone.
  return `${r.pass ? '✓ 达标' : '▲ 未达标'} ${v}（目标 ${targetLabel(r)}）`;
}

export function indicatorFacts(indicators: readonly IndicatorResult[]): CardElement {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const pairs = KEY_INDICATORS.flatMap(([id, label]) => {
    const r = byId.get(id as IndicatorResult['id']);
    return r ? [[label, indicatorValue(r)] as const] : [];
  });
  return facts(pairs);
}

/** The symbols are in ordinary CJK fonts (✓ ⚠ ×): emoji (✅ ❌) are empty boxes where no emoji font is installed. */
function headline(status: SubmissionRecord['status'], late: boolean): { text: string; color: 'Good' | 'Warning' | 'Attention' } {
  const lateNote = late ? '（逾期报送）' : '';
  if (status === 'accepted') return { text: `✓ 已受理${lateNote}：报表校验通过`, color: late ? 'Warning' : 'Good' };
  if (status === 'accepted-with-warnings') return { text: `⚠ 已受理${lateNote}（有警告）：请核实下列提示`, color: 'Warning' };
  return { text: '× 未通过：请按下列提示修改后重新提交', color: 'Attention' };
}

export interface ReceiptContext extends ReceiptFacts {
  /** The signed link to the full issue list, when the server hands one out. */
  reportUrl: string | null;
}

export function submissionCard(record: SubmissionRecord, checked: CheckedWorkbook, due: DueDate, context: ReceiptContext): AdaptiveCard {
  // Late only as the statistics count it: a late version after an on-time one keeps the county on time.
  const head = headline(record.status, context.timeliness.kind === 'late');
  const period = parsePeriodId(record.period);
  const note = dueDateNote(due);
  const lateness = timelinessNote(context.timeliness);
  const version = `第 ${record.version} 版${record.status === 'rejected' ? '（未通过，不计入统计）' : ''}${context.sameAs !== null ? `；与第 ${context.sameAs} 版内容相同` : ''}`;
  const body: CardElement[] = [
    title(head.text, head.color),
    facts([
      ['县（市、区）', record.county],
      ['报告期', period ? periodLabel(period) : record.period],
      ['版本', version],
      ['接收时间', shanghaiTime(record.receivedAt)],
      ['截止日期', `${formatChineseDate(due.date)}${lateness ? `（${lateness}）` : ''}`],
      ['校验结果', `错误 ${record.summary.errors} 个，警告 ${record.summary.warnings} 个${record.explained > 0 ? `，已说明的异常 ${record.explained} 个` : ''}`],
    ]),
  ];
  if (note) body.push(text(note, { isSubtle: true, size: 'Small' }));
  body.push(...issueRows(listedGroups(checked), checked.issueCount, context.reportUrl));
  if (record.status !== 'rejected') body.push(text('主要指标', { weight: 'Bolder', separator: true }), indicatorFacts(checked.indicators));
  body.push(receipt(record));
  const link = context.reportUrl !== null && checked.issueCount > 0;
  if (link) body.push(text(`问题清单列出全部 ${checked.issueCount} 个问题；下载链接 ${REPORT_LINK_HOURS} 小时内有效，过期后发送“我的提交”可取得新链接。`, { isSubtle: true, size: 'Small' }));
  const summary = `${record.county} ${record.period} 第 ${record.version} 版：${STATUS_LABEL[record.status]}（错误 ${record.summary.errors}，警告 ${record.summary.warnings}）`;
  const actions: CardAction[] = link ? [openUrl('下载问题清单', context.reportUrl!)] : [];
  // A rejected workbook is often the wrong file or an old layout: the blank template is one press away.
  if (record.status === 'rejected') actions.push(command('下载模板', '模板'));
  actions.push(command('我的提交', '我的提交'));
  return card(body, summary, actions);
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
  return card(
    [
      title('× 未受理：无法确定县（市、区）和报告期', 'Attention'),
      text('请先改正“基本信息”工作表中的县（市、区）、行政区划代码、报告年度和报告季度。这份文件没有保存，也不计入报送。'),
      text(`校验结果：错误 ${checked.summary.errors} 个，警告 ${checked.summary.warnings} 个`, { size: 'Small' }),
      ...issueRows(listedGroups(checked), checked.issueCount, null),
    ],
    '未受理：基本信息中的县（市、区）或报告期无效',
    [command('下载模板', '模板')],
  );
}
