/**
 * Demo data for a newcomer: the six counties, invite codes for a supervisor and each county's
 * reporter, an API token per county, and sample submissions for the last ended quarter (four on
 * time, one late, one missing) plus last year's same quarter, so 进度, 排名 and year-on-year
 * figures show something at once. Every demo submission goes through the real intake.
 */
import { join } from 'node:path';
import type { County, Region } from '../../shared/counties.js';
import { lastEndedQuarter, periodId, sameQuarterLastYear } from '../../shared/period.js';
import { generateSample } from '../../shared/sample/generate.js';
import { addDays } from '../../shared/schedule/calendar.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { submissionDue } from '../../shared/schedule/deadlines.js';
import { SHEET } from '../../shared/template/v1.js';
import type { CellValue, WorkbookInput } from '../../shared/table/sheet.js';
import { issueInvite, issueToken } from '../access/access.js';
import { writePrivateFile } from '../store/files.js';
import type { Repository } from '../store/types.js';
import { intake } from '../submissions/intake.js';
import { xlsxBuffer } from '../xlsx/write.js';

export interface DemoCredentials {
  period: string;
  supervisorCode: string;
  reporterCodes: Record<string, string>;
  tokens: Record<string, string>;
}

/** Last year's consumption as a multiple of this year's: >1 means this year fell. */
const LAST_YEAR_FACTOR = [1.08, 0.98, 1.05, 1, 0.9, 1.02];

/**
 * Last year's workbook: its own dates and ledgers, but this year's consumption rows (the same
 * institutions: codes depend on the seed, not the period) times `factor`, so year-on-year changes
 * are the county-wide trend the demo wants rather than random noise.
 */
function lastYearOf(lastYear: WorkbookInput, thisYear: WorkbookInput, factor: number): WorkbookInput {
  const consumption = thisYear.sheets.find((s) => s.name === SHEET.consumption);
  return {
    sheets: lastYear.sheets.map((s) =>
      s.name !== SHEET.consumption || !consumption
        ? s
        : { ...consumption, rows: consumption.rows.map((r, i) => (i === 0 || !r ? r : r.map((v: CellValue, c) => (c >= 1 && c <= 10 && typeof v === 'number' ? Math.round(v * factor * 10) / 10 : v)))) },
    ),
  };
}

/** Shanghai 10:00 on an ISO date. */
const morning = (date: string): Date => new Date(`${date}T02:00:00Z`);

async function submit(repo: Repository, calendar: WorkdayCalendar, region: Region, county: County, input: WorkbookInput, at: Date) {
  const data = await xlsxBuffer(input, { region });
  await intake({ county: county.name, sender: { kind: 'demo', id: 'demo', name: '演示数据' }, via: 'demo', payload: { kind: 'xlsx', data, name: `${county.name}.xlsx` }, now: at }, { repo, calendar, region });
}

/** Nothing real has happened in this store yet: no submissions, people, invites or tokens. */
export async function untouched(repo: Repository): Promise<boolean> {
  const [counts, members, invites, tokens] = await Promise.all([repo.counts(), repo.members(), repo.invites(), repo.tokenCount()]);
  return counts.submissions === 0 && members.length === 0 && invites.length === 0 && tokens === 0;
}

export async function seedDemo(repo: Repository, options: { region: Region; calendar: WorkdayCalendar; now: Date; inviteTtlDays: number }): Promise<DemoCredentials> {
  const { region, calendar, now } = options;
  await repo.addCounties(region.counties, 'demo', now);
  const period = lastEndedQuarter(now);
  const previous = sameQuarterLastYear(period);
  const due = submissionDue(period, calendar).date;
  const dueLastYear = submissionDue(previous, calendar).date;
  for (const [i, county] of region.counties.entries()) {
    if (i === 3) continue; // 陵川县 has submitted nothing this quarter: it shows as missing
    const institutions = 20 + (((i + 1) * 17) % 40);
    const current = generateSample({ county, period, institutions, seed: i + 1 });
    const before = lastYearOf(generateSample({ county, period: previous, institutions, seed: i + 1 }), current, LAST_YEAR_FACTOR[i] ?? 1);
    await submit(repo, calendar, region, county, before, morning(addDays(dueLastYear, -2)));
    // 高平市 is two days late (or on time, when the due date is less than two days past).
    const onTime = morning(addDays(due, i - 5));
    const late = morning(addDays(due, 2));
    const at = i === 5 && late <= now ? late : onTime <= now ? onTime : now;
    await submit(repo, calendar, region, county, current, at);
  }
  const actor = 'demo';
  const supervisor = await issueInvite(repo, { county: null, role: 'supervisor', actor, now, ttlDays: options.inviteTtlDays });
  const reporterCodes: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const county of region.counties) {
    reporterCodes[county.name] = (await issueInvite(repo, { county: county.name, role: 'reporter', actor, now, ttlDays: options.inviteTtlDays })).code;
    tokens[county.name] = await issueToken(repo, county.name, actor, now);
  }
  return { period: periodId(period), supervisorCode: supervisor.code, reporterCodes, tokens };
}

/**
 * Writes the credentials beside the data (owner-only: created 0600 under a temp name and renamed,
 * so an older file with a looser mode is replaced, never reused) and returns the file and the text printed.
 */
export async function saveCredentials(dataDir: string, c: DemoCredentials, url: string): Promise<{ file: string; text: string }> {
  const text = credentialsText(c, url);
  const file = join(dataDir, '演示账号.txt');
  await writePrivateFile(file, `${text}\n`);
  return { file, text };
}

export function credentialsText(c: DemoCredentials, url: string): string {
  const lines = [
    `演示账号（${c.period}，邀请码一次有效）`,
    `  督导员邀请码：${c.supervisorCode}`,
    ...Object.entries(c.reporterCodes).map(([county, code]) => `  ${county}填报员邀请码：${code}    API 令牌：${c.tokens[county]}`),
    '',
    '  在聊天中发送“绑定 邀请码”即可开始；用令牌提交报表：',
    `  curl -X POST ${url}/api/submissions -H "Authorization: Bearer ${Object.values(c.tokens)[4] ?? ''}" \\`,
    `       -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" --data-binary @泽州县-${c.period}.xlsx`,
  ];
  return lines.join('\n');
}
