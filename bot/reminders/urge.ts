/**
 * 催报: a supervisor reminds one county now (a button on the progress card, or typed). It goes
 * through the same targets and ledger as the scheduled reminders; its key names the minute, so a
 * double press sends it once while a press later in the day sends it again.
 */
import { periodId, periodLabel, type Period } from '../../shared/period.js';
import { daysBetween, shanghaiDate } from '../../shared/schedule/calendar.js';
import { formatChineseDate, type DueDate } from '../../shared/schedule/deadlines.js';
import { card, command, facts, plain, text, title } from '../chat/cards/elements.js';
import type { Message, TickReport } from './scheduler.js';

/** How long a 催报 may wait for a retry before it is pointless. */
const URGE_FRESH_MS = 3_600_000;

export function urgeMessage(county: string, period: Period, due: DueDate, now: Date): Message {
  const id = periodId(period);
  const today = shanghaiDate(now);
  const left = daysBetween(today, due.date);
  const when = left > 0 ? `将于${formatChineseDate(due.date)}截止（还有 ${left} 天）` : left === 0 ? `今天（${formatChineseDate(due.date)}）截止` : `已于${formatChineseDate(due.date)}截止，现已逾期`;
  const line = `${periodLabel(period)}报表${when}，本县尚未提交通过校验的报表。请尽快把填好的 .xlsx 报表作为附件发给我。`;
  const minute = now.toISOString().slice(0, 16);
  return {
    key: `urge:${id}:${county}:${minute}`,
    expiresAt: now.getTime() + URGE_FRESH_MS,
    audience: 'county',
    county,
    title: `督导员催报：${periodLabel(period)}报表`,
    replies: [
      {
        kind: 'card',
        card: card([title('⚠ 督导员催报', 'Attention'), facts([['县（市、区）', plain(county)], ['截止日期', formatChineseDate(due.date)]]), text(line)], `督导员催报：${line}`, [
          command('下载模板', '模板'),
          command('查看本县进度', `进度 ${id}`),
          command('安装 Excel 加载项', '加载项'),
        ]),
      },
    ],
    webhook: null,
    personalOnly: true,
  };
}

/** What the supervisor is told: where it went, or why it did not. */
export function urgeOutcome(county: string, report: TickReport, key: string, failures: ReadonlyMap<string, string>): string {
  const tried = report.deliveries?.get(key) ?? [];
  const sent = tried.filter((k) => report.sent.includes(k));
  if (sent.length > 0) {
    const logged = sent.every((k) => k.endsWith('@log'));
    return logged ? `已催报${county}（本地模式：没有可送达的聊天会话，已记入提醒日志）。` : `已向${county}发送催报（${sent.length} 个会话）。`;
  }
  const reason = tried.map((k) => failures.get(k)).find((d) => d !== undefined);
  if (reason) return `催报${county}未能送达：${reason.replace(/^无法送达：/u, '')}`;
  return tried.length === 0 ? `${county}没有可送达的聊天会话，催报未发出。` : `刚刚已向${county}发送过催报，没有重复发送。`;
}
