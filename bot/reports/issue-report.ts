/**
 * The full issue list of one submitted version as an .xlsx file, for the link on the receipt: a
 * 概况 sheet (whose version, counts by kind) and 问题清单 (every issue, by sheet and cell, with the
 * same Chinese message as the card). Text from the workbook ("=HYPERLINK(…)" included) is written
 * as string cells (t="s"), which spreadsheet programs show as typed and never evaluate.
 */
import type { Writable } from 'node:stream';
import ExcelJS from '../xlsx/exceljs.js';
import { collected } from '../xlsx/write.js';
import { parsePeriodId, periodLabel } from '../../shared/period.js';
import type { Issue } from '../../shared/validation/issues.js';
import { ISSUE_CODE_LABEL } from '../../shared/validation/messages.js';
import { shanghaiTime, STATUS_LABEL } from '../chat/format.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { Region } from '../../shared/counties.js';
import { shanghaiDate } from '../../shared/schedule/calendar.js';
import type { SubmissionRecord } from '../store/types.js';
import { checkPayload, type HistoryLookup } from '../submissions/intake.js';


const HEADER_FONT = { bold: true };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDEBF7' } };

/** How long a download link to a report stays valid. */
export const REPORT_LINK_HOURS = 72;

export function issueReportName(record: SubmissionRecord): string {
  return `${record.county}-${record.period}-第${record.version}版-问题清单.xlsx`;
}

export function issueReportXlsx(record: SubmissionRecord, issues: readonly Issue[], now: Date): Promise<Buffer> {
  return collected((sink) => writeReport(sink, record, issues, now));
}

async function writeReport(sink: Writable, record: SubmissionRecord, issues: readonly Issue[], now: Date): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  wb.creator = '节能通 jieneng';
  wb.created = now;

  const period = parsePeriodId(record.period);
  const counts = new Map<Issue['code'], number>();
  for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
  const summary = wb.addWorksheet('概况');
  summary.columns = [{ width: 16 }, { width: 60 }];
  const facts: [string, string | number][] = [
    ['县（市、区）', record.county],
    ['报告期', period ? periodLabel(period) : record.period],
    ['版本', `第 ${record.version} 版（${STATUS_LABEL[record.status]}）`],
    ['接收时间', shanghaiTime(record.receivedAt)],
    ['SHA-256', record.sha256],
    ['错误', record.summary.errors],
    ['警告', record.summary.warnings],
    ['生成时间', shanghaiTime(now.toISOString())],
  ];
  for (const [k, v] of facts) summary.addRow([k, v]).commit();
  summary.addRow([]).commit();
  const head = summary.addRow(['问题类型', '个数']);
  head.font = HEADER_FONT;
  head.commit();
  for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1])) summary.addRow([ISSUE_CODE_LABEL[code], n]).commit();
  summary.commit();

  const list = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [{ width: 7 }, { width: 14 }, { width: 9 }, { width: 7 }, { width: 12 }, { width: 22 }, { width: 24 }, { width: 90 }];
  list.autoFilter = 'A1:H1';
  const header = list.addRow(['序号', '工作表', '单元格', '级别', '问题类型', '字段', '原值', '说明']);
  header.font = HEADER_FONT;
  header.fill = HEADER_FILL;
  header.commit();
  issues.forEach((i, n) => {
    list.addRow([n + 1, i.sheet, i.cell, i.severity === 'error' ? '错误' : '警告', ISSUE_CODE_LABEL[i.code], i.field ?? '', i.value, i.message]).commit();
  });
  list.commit();
  await wb.commit();
}

/**
 * Reads and checks a stored version's original again, as on the day it came in, and lists every
 * issue. Heavy (a whole workbook): the server runs it in an intake thread.
 */
export async function buildIssueReport(record: SubmissionRecord, original: Buffer, history: HistoryLookup, region: Region, now: Date, coefficients?: CoefficientSet): Promise<Buffer> {
  const payload = record.format === 'json' ? { kind: 'json' as const, data: original } : { kind: 'xlsx' as const, data: original };
  const outcome = await checkPayload({ payload, county: record.county, today: shanghaiDate(new Date(record.receivedAt)), region, coefficients, issueLimit: Infinity }, history);
  if (outcome.kind !== 'checked' && outcome.kind !== 'unidentified') throw new Error(`issue report of ${record.id}: the stored original no longer checks (${outcome.kind})`);
  return issueReportXlsx(record, outcome.checked.issues, now);
}
