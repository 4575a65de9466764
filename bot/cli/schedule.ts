/**
 * The schedule's commands: `reminders plan` (what the bot will send, and to whom), `reminders log`
 * (what local mode logged instead of sending), `notice` (a quarter's notice files from the store)
 * and `calendar check` (which years the holiday data covers).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Region } from '../../shared/counties.js';
import { periodId, periodLabel, type Period } from '../../shared/period.js';
import { shanghaiDate, shanghaiTime } from '../../shared/schedule/calendar.js';
import { formatChineseDate, submissionDue } from '../../shared/schedule/deadlines.js';
import type { PlannedReminder } from '../../shared/schedule/plan.js';
import { cityCalendar, loadHolidayFile } from '../calendar/holiday-file.js';
import { keyError, loadConfig, type Config } from '../config.js';
import { noticeDocx } from '../notices/docx.js';
import { defaultNoticeSettings, draftFromStore, duePassed, publishedNotices, storedNotice, type StoredNotice } from '../notices/service.js';
import { noticeXlsx } from '../notices/xlsx.js';
import { readOutbox } from '../reminders/outbox.js';
import { planFromStore } from '../reminders/plan-store.js';
import { audiences } from '../reminders/scheduler.js';
import { STAGE_LABEL } from '../../shared/schedule/plan-text.js';
import { StoreLockedError } from '../store/lock.js';
import { storeSnapshot } from '../store/lowdb-store.js';
import { openRepository } from '../store/open.js';
import type { Repository } from '../store/types.js';
import type { Format } from './cli.js';
import type { Io } from './commands.js';

/** The store for reading: opened normally, or (lowdb held by a running server) a snapshot of its file. */
async function withReadStore<T>(config: Config, purpose: string, io: Io, work: (repo: Repository) => Promise<T>): Promise<T> {
  let repo: Repository;
  try {
    repo = await openRepository(config, purpose, io.now());
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    repo = await storeSnapshot(config.dataDir);
  }
  try {
    return await work(repo);
  } finally {
    await repo.close();
  }
}

/** The city calendar; an invalid holiday file is the user's mistake, said in Chinese like the server's start-up, not an internal error. */
function calendarOf(config: Config): ReturnType<typeof cityCalendar> {
  return cityCalendar(config.holidaysFile).catch((err: unknown) => {
    throw keyError('holidaysFile', (err as Error).message);
  });
}

type Channel = 'chat' | 'webhook' | 'chat+webhook' | 'log' | 'none';

export async function runRemindersPlan(cmd: { from: string; to: string; format: Format }, io: Io, region: Region): Promise<number> {
  const config = loadConfig();
  const calendar = await calendarOf(config);
  const from = new Date(`${cmd.from}T00:00:00+08:00`);
  const to = new Date(Date.parse(`${cmd.to}T00:00:00+08:00`) + 86_400_000);
  const { plan, channelOf } = await withReadStore(config, 'jieneng reminders plan', io, async (repo) => {
    const stored = (await repo.counties()).map((c) => c.name);
    const counties = stored.length > 0 ? stored : region.counties.map((c) => c.name);
    const people = await audiences(repo);
    const channelOf = (e: PlannedReminder): Channel => {
      const chats = e.audience === 'county' ? (people.reporters.get(e.county!) ?? []) : e.audience === 'supervisors' ? people.supervisors : people.allReporters;
      const wanted = e.audience === 'supervisors' ? 'supervisors' : 'counties';
      const robots = config.webhooks.some((g) => g.audience === 'all' || g.audience === wanted);
      if (chats.length > 0) return robots ? 'chat+webhook' : 'chat';
      if (robots) return 'webhook';
      return config.anonymous ? 'log' : 'none';
    };
    return { plan: await planFromStore({ repo, calendar, rules: config.schedule, from, to, counties }), channelOf };
  });
  if (cmd.format === 'json') {
    const events = plan.events.map((e) => ({ time: e.time, county: e.county, audience: e.audience, stage: e.stage, period: e.period, due: e.due, channel: channelOf(e) }));
    io.out(JSON.stringify({ events, warnings: plan.warnings }, null, 2));
    return 0;
  }
  const lines = [`${cmd.from} 至 ${cmd.to} 计划发送的提醒（${plan.events.length} 条；只发给尚未提交通过校验报表的县区）：`];
  const CHANNEL: Record<Channel, string> = { chat: '聊天', webhook: '群机器人', 'chat+webhook': '聊天和群机器人', log: '提醒日志（本地模式）', none: '无法送达：没有会话或群机器人' };
  for (const e of plan.events) {
    const who = e.audience === 'county' ? e.county : e.audience === 'supervisors' ? '督导员' : '全部县区';
    lines.push(`  ${shanghaiTime(e.time)}  ${STAGE_LABEL[e.stage].padEnd(9, '　')} ${who}  ${e.title}  [${CHANNEL[channelOf(e)]}]`);
  }
  if (plan.events.length === 0) lines.push('  （没有）');
  for (const w of plan.warnings) lines.push(`注意：${w}`);
  io.out(lines.join('\n'));
  return 0;
}

export async function runRemindersLog(cmd: { format: Format }, io: Io): Promise<number> {
  const config = loadConfig();
  const entries = await readOutbox(config.dataDir);
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ entries }, null, 2));
    return 0;
  }
  if (entries.length === 0) {
    io.out('提醒日志是空的：本地模式下还没有无法送达而记入日志的提醒。（提醒在工作日 9:00 发出；jieneng reminders plan 查看计划。）');
    return 0;
  }
  io.out([`本地模式下记入日志的提醒（${entries.length} 条，最早的在前）：`, ...entries.map((e) => `  ${shanghaiTime(e.at)}  → ${e.to}  ${e.title}\n      ${e.text}`)].join('\n'));
  return 0;
}

export async function runNotice(cmd: { period: Period; out: string; draft: boolean }, io: Io, region: Region): Promise<number> {
  const config = loadConfig();
  const calendar = await calendarOf(config);
  const id = periodId(cmd.period);
  const defaults = defaultNoticeSettings(region);
  const settings = { issuer: config.noticeIssuer ?? defaults.issuer, docPrefix: config.noticeDocPrefix ?? defaults.docPrefix };
  const result = await withReadStore(config, 'jieneng notice', io, async (repo): Promise<StoredNotice | string> => {
    if (cmd.draft) return draftFromStore({ repo, calendar, rules: config.schedule, region, settings, now: () => io.now() }, cmd.period, { draft: true });
    const last = (await publishedNotices(repo, id)).at(-1);
    if (last) return storedNotice(last);
    const due = submissionDue(cmd.period, calendar, config.schedule);
    if (!duePassed(due, io.now())) {
      const today = formatChineseDate(shanghaiDate(io.now()));
      return `截至 ${today}，${periodLabel(cmd.period)}尚未到截止日期（${formatChineseDate(due.date)}），截止日期前不能发布通报；现在要看按当前数据起草的通报请加 --draft。`;
    }
    return `${periodLabel(cmd.period)}的通报还没有发布。督导员在聊天中发送“发布通报 ${id}”发布；现在要看草稿请加 --draft。`;
  });
  if (typeof result === 'string') {
    io.err(result);
    return 1;
  }
  const dir = resolve(cmd.out);
  await mkdir(dir, { recursive: true });
  const base = `${id}-通报${result.notice.draft ? '-草稿' : result.notice.revision > 0 ? `-更正${result.notice.revision}` : ''}`;
  const docx = join(dir, `${base}.docx`);
  const xlsx = join(dir, `${base}.xlsx`);
  await writeFile(docx, await noticeDocx(result.notice));
  await writeFile(xlsx, await noticeXlsx(result.notice, result.indicators));
  const n = result.notice;
  io.out(
    [
      `${n.title}${n.draft ? '（草稿）' : `（${n.docNumber}）`}`,
      `  报送：${n.overall.submitted}/${n.overall.counties}（按时 ${n.overall.onTime}，逾期 ${n.overall.late}，未报送 ${n.overall.missing}）`,
      `  第一名：${n.rows[0]?.county ?? '—'}；数据截至 ${shanghaiTime(n.asOf)}`,
      `已写入：\n  ${docx}\n  ${xlsx}`,
    ].join('\n'),
  );
  return 0;
}

export async function runCalendarCheck(cmd: { format: Format }, io: Io): Promise<number> {
  const config = loadConfig();
  let fileYears: number[] = [];
  let fileProblem: string | null = null;
  try {
    const file = await loadHolidayFile(config.holidaysFile);
    fileYears = file ? Object.keys(file.years).map(Number) : [];
  } catch (err) {
    fileProblem = (err as Error).message;
  }
  const calendar = await cityCalendar(fileProblem ? undefined : config.holidaysFile);
  const thisYear = Number(shanghaiDate(io.now()).slice(0, 4));
  const years = Array.from({ length: 40 }, (_, i) => 2000 + i).filter((y) => calendar.covers(y) || (y >= thisYear - 1 && y <= thisYear + 1));
  const rows = years.map((year) => ({ year, covered: calendar.covers(year), source: calendar.source(year) }));
  const uncovered = rows.filter((r) => !r.covered && r.year >= thisYear - 1).map((r) => r.year);
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ holidaysFile: config.holidaysFile, fileYears, fileProblem, covered: rows.filter((r) => r.covered), uncovered }, null, 2));
    return fileProblem ? 1 : 0;
  }
  const SOURCE = { package: 'chinese-days 软件包', file: `节假日文件`, null: '' } as const;
  const covered = rows.filter((r) => r.covered);
  const byPackage = covered.filter((r) => r.source === 'package').map((r) => r.year);
  const lines = ['法定节假日和调休数据收录情况：'];
  if (byPackage.length) lines.push(`  ${SOURCE.package}：${byPackage[0]}–${byPackage.at(-1)} 年`);
  for (const r of covered.filter((x) => x.source === 'file')) lines.push(`  ${r.year} 年：${SOURCE.file} ${config.holidaysFile}`);
  lines.push(uncovered.length ? `  未收录：${uncovered.join('、')} 年（按周六、周日推算截止日期和提醒时间，计划和卡片会注明）` : '  今年和明年均已收录。');
  const nextDue = [1, 2, 3, 4].map((q) => submissionDue({ year: thisYear, quarter: q as 1 | 2 | 3 | 4 }, calendar, config.schedule)).find((d) => d.date >= shanghaiDate(io.now()));
  if (nextDue) lines.push(`  下一个报表截止日期：${formatChineseDate(nextDue.date)}${nextDue.calendarCovered ? '' : '（所在年份未收录，按周末推算）'}`);
  if (fileProblem) lines.push(`节假日文件有误，未使用：\n${fileProblem}`);
  else if (uncovered.length) lines.push(`补充方法：把国务院办公厅公布的放假和调休日期写入 ${config.holidaysFile}（格式见 README“节假日文件”），重启服务后生效。`);
  io.out(lines.join('\n'));
  return fileProblem ? 1 : 0;
}
