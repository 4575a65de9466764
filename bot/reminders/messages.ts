/**
 * What a reminder says: a card for chat, and a markdown digest naming the counties for group
 * robots. Worded per stage; a date that rests on a year the holiday calendar does not cover says so.
 */
import { parsePeriodId, periodLabel } from '../../shared/period.js';
import type { PlannedReminder, ReminderStage } from '../../shared/schedule/plan.js';
import { formatChineseDate } from '../../shared/schedule/deadlines.js';
import { card, command, facts, plain, text, title, type AdaptiveCard, type CardAction, type CardElement } from '../chat/cards/elements.js';
import type { Reply } from '../chat/types.js';
import { digestMarkdown, type WebhookMessage } from './webhooks.js';

const UNCOVERED = '注意：这个日期所在年份的法定节假日安排尚未收录，日期按周六、周日推算，请以市机关事务管理局通知为准。';

function label(period: string): string {
  const p = parsePeriodId(period);
  return p ? periodLabel(p) : `${period} 年度`;
}

const due = (e: PlannedReminder): string => (e.due ? formatChineseDate(e.due) : '');

/** Names on a card: neutralised, and cut short so a city of thousands of counties stays under the card size limit. */
const SHOWN_NAMES = 60;
function names(list: readonly string[]): string {
  const shown = list.slice(0, SHOWN_NAMES).map(plain).join('、');
  return list.length > SHOWN_NAMES ? `${shown}等 ${list.length} 个` : shown;
}

/** What the receiving county should do, per stage. */
function action(e: PlannedReminder): string {
  switch (e.stage) {
    case 'due-7':
    case 'due-3':
    case 'due-1':
    case 'due-day':
      return `本县尚未提交通过校验的${label(e.period)}报表。请把填好的 .xlsx 报表作为附件发给我，立即校验并给出回执；发送“进度”查看本县情况。`;
    case 'overdue-1':
    case 'overdue-3':
      return `${label(e.period)}报表已过截止日期（${due(e)}），本县尚未提交通过校验的报表，将在通报中列为逾期或未报送。请尽快把 .xlsx 报表发给我。`;
    case 'food-self-check':
      return `请在 ${due(e)} 前完成本季度反食品浪费自查评估，并把结果填入报表的“反食品浪费自查”工作表。`;
    case 'hosting':
      return '本县本年度报表中还没有能源费用托管项目，请对照全市年底目标抓紧推进，并在报表“托管项目”工作表中填报。';
    case 'annual-report':
      return `${e.period} 年度公共机构能源资源消费统计年报于 ${due(e)} 截止，请按时报送。`;
    case 'awareness-day':
      return '请结合本单位实际组织开展宣传活动，活动情况可在季度报表中说明。';
    case 'supervisor-digest':
      return e.counties.length > 0 ? `仍未提交通过校验报表的县（市、区）：${names(e.counties)}。` : '各县（市、区）均已报送。';
  }
}

const STAGE_HEAD: Record<ReminderStage, string> = {
  'due-7': '报送提醒',
  'due-3': '报送提醒',
  'due-1': '报送提醒：明天截止',
  'due-day': '报送提醒：今天截止',
  'overdue-1': '逾期提醒',
  'overdue-3': '逾期提醒',
  'supervisor-digest': '逾期未报汇总',
  'food-self-check': '反食品浪费自查提醒',
  'awareness-day': '宣传活动提醒',
  hosting: '能源费用托管提醒',
  'annual-report': '年报提醒',
};

export function reminderCard(e: PlannedReminder): AdaptiveCard {
  const body: CardElement[] = [title(STAGE_HEAD[e.stage], e.stage.startsWith('overdue') || e.stage === 'supervisor-digest' ? 'Attention' : 'Default'), text(e.title)];
  const pairs: [string, string][] = [];
  if (e.county) pairs.push(['县（市、区）', plain(e.county)]);
  if (e.due && e.stage !== 'awareness-day') pairs.push(['截止日期', due(e)]);
  if (pairs.length) body.push(facts(pairs));
  body.push(text(action(e)));
  if (!e.calendarCovered) body.push(text(UNCOVERED, { size: 'Small', isSubtle: true }));
  return card(body, `${STAGE_HEAD[e.stage]}：${e.title}`, reminderButtons(e));
}

/** What the receiver most likely does next: fetch the template, look at the county's standing, set up the add-in. */
function reminderButtons(e: PlannedReminder): CardAction[] {
  const quarterly = /^\d{4}Q[1-4]$/u.test(e.period);
  if (e.audience === 'supervisors') return quarterly ? [command('查看进度', `进度 ${e.period}`)] : [];
  if (e.audience === 'all-counties') return [];
  return [command('下载模板', '模板'), ...(quarterly ? [command('查看本县进度', `进度 ${e.period}`)] : []), command('安装 Excel 加载项', '加载项')];
}

export function reminderReplies(e: PlannedReminder): Reply[] {
  return [{ kind: 'card', card: reminderCard(e) }];
}

/** One robot message for the same stage of several counties (or one message for the digest / awareness day). */
export function reminderDigest(events: readonly PlannedReminder[]): WebhookMessage {
  const first = events[0]!;
  const counties = first.audience === 'county' ? events.map((e) => e.county!).filter((c, i, all) => all.indexOf(c) === i) : first.counties;
  const intro =
    first.audience === 'county'
      ? `${first.title}。以下县（市、区）请按要求办理：`
      : first.stage === 'supervisor-digest'
        ? `${first.title}。仍未提交通过校验报表的县（市、区）：`
        : `${first.title}。${action(first)}`;
  const footer = [first.audience === 'county' ? action(first).replace(/^本县/u, '各县') : '', first.calendarCovered ? '' : UNCOVERED].filter((s) => s !== '').join('\n\n');
  return digestMarkdown({ title: `${STAGE_HEAD[first.stage]}：${label(first.period)}`, intro, counties, footer: footer || undefined });
}

/** Said once to supervisors when the plan rests on a year the holiday data does not cover. */
export function uncoveredYearReplies(year: number, warning: string): Reply[] {
  return [
    {
      kind: 'card',
      card: card(
        [
          title(`${year} 年节假日安排尚未收录`, 'Warning'),
          text(warning),
          text('在数据目录的 holidays.json 中补充国务院办公厅公布的放假和调休日期后，提醒和截止日期会按新的安排计算；“jieneng calendar check”可查看收录情况。', { size: 'Small' }),
        ],
        warning,
      ),
    },
  ];
}
