/**
 * Notices on the reminder tick: a published notice goes to the supervisors' chats, the notice
 * channels and every group robot once; a quarter's draft goes to the supervisors (not the robots:
 * groups may hold counties) noticeDelayWorkdays working days after its due date, unless a notice of
 * that quarter is already published. Both go through the same ledger as the reminders.
 */
import { noticeMarkdown } from '../../shared/notice/content.js';
import { lastEndedQuarter, periodId, type Period, type Quarter } from '../../shared/period.js';
import { noticeDraftTime } from '../../shared/schedule/plan.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import { noticeCard } from '../chat/cards/notice.js';
import type { ExtraMessages, Message } from '../reminders/scheduler.js';
import { draftFromStore, publishedNotices, storedNotice, type NoticeDeps } from './service.js';

/** How long after publication (or the draft time) a notice is still worth sending to a chat that was unreachable. */
const NOTICE_FRESH_MS = 3 * 86_400_000;

export interface NoticeLinkMaker {
  (period: string, revision: number | null, now: Date): { docx: string; xlsx: string };
}

function previous(p: Period): Period {
  return p.quarter === 1 ? { year: p.year - 1, quarter: 4 } : { year: p.year, quarter: (p.quarter - 1) as Quarter };
}

export function noticeMessages(deps: NoticeDeps & { rules: ScheduleRules }, links?: NoticeLinkMaker): ExtraMessages {
  /** The quarters whose draft may be due around `now`: the last two ended. */
  const quarters = (now: number): Period[] => {
    const last = lastEndedQuarter(new Date(now));
    return [previous(last), last];
  };
  return {
    async due(now, skip) {
      const t = now.getTime();
      const messages: Message[] = [];
      for (const record of await deps.repo.notices()) {
        const at = Date.parse(record.createdAt);
        const key = `notice:${record.period}:r${record.revision}:supervisors`;
        if (t >= at + NOTICE_FRESH_MS || skip(key)) continue;
        const { notice } = storedNotice(record);
        const fileLinks = links?.(record.period, record.revision, now);
        messages.push({
          key,
          expiresAt: at + NOTICE_FRESH_MS,
          audience: 'supervisors',
          county: null,
          title: notice.title,
          replies: [{ kind: 'card', card: noticeCard(notice, { draft: false, links: fileLinks }) }],
          webhook: { message: noticeMarkdown(notice, fileLinks) },
          allGroups: true,
        });
      }
      for (const period of quarters(t)) {
        const when = noticeDraftTime(period, deps.calendar, deps.rules);
        const key = `notice-draft:${periodId(period)}:supervisors`;
        if (t < when.at || t >= when.at + NOTICE_FRESH_MS || skip(key)) continue;
        if ((await publishedNotices(deps.repo, periodId(period))).length > 0) continue;
        const drafted = await draftFromStore(deps, period, { draft: true });
        messages.push({
          key,
          expiresAt: when.at + NOTICE_FRESH_MS,
          audience: 'supervisors',
          county: null,
          title: `${drafted.notice.title}（草稿）`,
          replies: [
            { kind: 'text', text: `${drafted.notice.periodLabel}的通报草稿已生成（截止日后第 ${deps.rules.noticeDelayWorkdays} 个工作日）。请审阅后发送“发布通报 ${periodId(period)}”发布。` },
            { kind: 'card', card: noticeCard(drafted.notice, { draft: true, links: links?.(periodId(period), null, now) }) },
          ],
          webhook: null,
        });
      }
      return messages;
    },
    async next(now) {
      const upcoming = quarters(now + 120 * 86_400_000)
        .concat(quarters(now))
        .map((p) => noticeDraftTime(p, deps.calendar, deps.rules).at)
        .filter((at) => at > now);
      return Math.min(Number.POSITIVE_INFINITY, ...upcoming);
    },
  };
}
