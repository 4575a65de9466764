/**
 * The quarterly ranked notice (通报) from the store: drafted from the quarter's counted (accepted)
 * submissions, published once per revision (stored, never changed), corrected by a numbered new
 * revision that says what changed. A quarter whose due date has not passed cannot be published.
 */
import { draftNotice, noticeText, type NoticeContent } from '../../shared/notice/content.js';
import { periodId, periodLabel, type Period, type Quarter } from '../../shared/period.js';
import { rankCounties } from '../../shared/ranking/score.js';
import { shanghaiDate, type WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { formatChineseDate, submissionDue, type DueDate } from '../../shared/schedule/deadlines.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import type { Region } from '../../shared/counties.js';
import type { NoticeRecord, Repository } from '../store/types.js';
import { progressOf, standingOf } from '../submissions/progress.js';

export interface NoticeSettings {
  /** 发文机关, e.g. 晋城市机关事务管理局. */
  issuer: string;
  /** 发文字号 prefix, e.g. 晋市机管通 → 晋市机管通〔2026〕3号. */
  docPrefix: string;
}

export interface NoticeDeps {
  repo: Repository;
  calendar: WorkdayCalendar;
  rules: Pick<ScheduleRules, 'dueDayOfMonth'>;
  region: Region;
  settings: NoticeSettings;
  now(): Date;
}

/** What is stored with a published notice: its content and every indicator of the counted versions, so its files come out the same later. */
export interface StoredNotice {
  notice: NoticeContent;
  indicators: Record<string, Record<string, number | null>>;
}

export interface DraftedNotice extends StoredNotice {
  due: DueDate;
}

export function defaultNoticeSettings(region: Region): NoticeSettings {
  // 晋城市 → 晋市机管通: the city's first character, as the city's own document numbers go.
  return { issuer: `${region.city}机关事务管理局`, docPrefix: `${region.city.slice(0, 1)}市机管通` };
}

function nextQuarter(p: Period): Period {
  return p.quarter === 4 ? { year: p.year + 1, quarter: 1 } : { year: p.year, quarter: (p.quarter + 1) as Quarter };
}

/** Whether the quarter's due day has ended (Asia/Shanghai). */
export function duePassed(due: DueDate, now: Date): boolean {
  return shanghaiDate(now) > due.date;
}

/** "截至 2026年10月12日，2026年第三季度尚未到截止日期（2026年10月15日）。" */
export function notDueText(period: Period, due: DueDate, now: Date): string {
  return `截至 ${formatChineseDate(shanghaiDate(now))}，${periodLabel(period)}尚未到截止日期（${formatChineseDate(due.date)}），排名和通报只是当前情况，不能发布。`;
}

export async function publishedNotices(repo: Repository, period: string): Promise<NoticeRecord[]> {
  return (await repo.notices()).filter((n) => n.period === period).sort((a, b) => a.revision - b.revision);
}

export function storedNotice(record: NoticeRecord): StoredNotice {
  const c = record.content as Partial<StoredNotice> | null;
  if (!c?.notice) throw new Error(`notice ${record.id} has no stored content`);
  return { notice: c.notice, indicators: c.indicators ?? {} };
}

/** Drafts the quarter's notice from the store as it stands; a correction of `previous` (the last published revision) lists what changed. */
export async function draftFromStore(deps: NoticeDeps, period: Period, options: { draft: boolean; revision?: number; previous?: StoredNotice; docNumber?: string }): Promise<DraftedNotice> {
  const id = periodId(period);
  const now = deps.now();
  const stored = (await deps.repo.counties()).map((c) => c.name);
  const counties = stored.length > 0 ? stored : deps.region.counties.map((c) => c.name);
  const progress = await progressOf(deps.repo, id, counties);
  const due = submissionDue(period, deps.calendar, deps.rules);
  const indicators: StoredNotice['indicators'] = {};
  for (const p of progress) if (p.counted) indicators[p.county] = p.counted.indicators;
  const notice = draftNotice({
    period: id,
    due,
    nextDue: submissionDue(nextQuarter(period), deps.calendar, deps.rules),
    asOf: now.toISOString(),
    issuer: deps.settings.issuer,
    docNumber: options.docNumber ?? `${deps.settings.docPrefix}〔${shanghaiDate(now).slice(0, 4)}〕（发布时编号）`,
    date: shanghaiDate(now),
    counties: progress.map((p) => ({ county: p.county, state: p.state, receivedAt: p.counted?.receivedAt ?? null, indicators: p.counted?.indicators ?? null })),
    ranked: rankCounties(progress.map(standingOf)),
    revision: options.revision ?? 0,
    previous: options.previous?.notice,
    previousIndicators: options.previous?.indicators,
    draft: options.draft,
  });
  return { notice, indicators, due };
}

export type PublishResult =
  | { ok: true; record: NoticeRecord; stored: StoredNotice; changes: string[] }
  | { ok: false; reason: 'not-due' | 'unchanged' | 'busy'; message: string };

/**
 * Publishes the quarter's notice: the first revision, or a numbered correction when anything the
 * notice shows (text, card, .docx, .xlsx) would differ from the last one; the correction's change
 * list comes from draftNotice, which compares the stored indicators too. One publication at a time
 * across every process.
 */
export async function publishNotice(deps: NoticeDeps, period: Period, actor: string): Promise<PublishResult> {
  const id = periodId(period);
  const due = submissionDue(period, deps.calendar, deps.rules);
  if (!duePassed(due, deps.now())) return { ok: false, reason: 'not-due', message: notDueText(period, due, deps.now()) };
  const result = await deps.repo.runExclusive('notice-publish', async (): Promise<PublishResult> => {
    const earlier = await publishedNotices(deps.repo, id);
    const last = earlier.at(-1);
    const previous = last ? storedNotice(last) : undefined;
    const year = shanghaiDate(deps.now()).slice(0, 4);
    const numbered = (await deps.repo.notices()).filter((n) => n.docNumber.includes(`〔${year}〕`)).length;
    const docNumber = `${deps.settings.docPrefix}〔${year}〕${numbered + 1}号`;
    const drafted = await draftFromStore(deps, period, { draft: false, revision: last ? last.revision + 1 : 0, previous, docNumber });
    const changes = drafted.notice.correction?.changes ?? [];
    if (previous && changes.length === 0) {
      return { ok: false, reason: 'unchanged', message: `${periodLabel(period)}的通报已于 ${formatChineseDate(shanghaiDate(new Date(last!.createdAt)))} 发布（${last!.docNumber}），此后数据没有变化，无需更正。` };
    }
    const now = deps.now().toISOString();
    const stored: StoredNotice = { notice: drafted.notice, indicators: drafted.indicators };
    const record: NoticeRecord = {
      id: `${id}-r${drafted.notice.revision}`,
      period: id,
      createdAt: now,
      createdBy: actor,
      text: noticeText(drafted.notice),
      postedAt: now,
      revision: drafted.notice.revision,
      docNumber,
      content: stored,
    };
    await deps.repo.addNotice(record);
    return { ok: true, record, stored, changes };
  });
  return result.ran ? result.value : { ok: false, reason: 'busy', message: '另一位督导员正在发布通报，请稍后再试。' };
}
