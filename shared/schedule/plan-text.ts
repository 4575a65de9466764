/** The one-line Chinese titles of planned reminders (the cards and robots build on them). */
import { periodLabel, type Period } from '../period.js';
import { daysBetween } from './calendar.js';
import { formatChineseDate } from './deadlines.js';
import type { AwarenessDay } from './rules.js';
import type { ReminderStage } from './plan.js';

export type CountyStage = 'due-7' | 'due-3' | 'due-1' | 'due-day' | 'overdue-1' | 'overdue-3';

/** '3月28日' */
function monthDay(date: string): string {
  return formatChineseDate(date).replace(/^\d+年/u, '');
}

/** A county's submission reminder; `on` is the day it is sent. */
export function countyStageTitle(stage: CountyStage, p: Period, due: string, on: string): string {
  const what = `${periodLabel(p)}报表`;
  if (stage === 'due-day') return `${what}今天（${formatChineseDate(due)}）截止，请于今日内报送`;
  if (stage.startsWith('overdue-')) return `${what}已逾期 ${stage.slice('overdue-'.length)} 个工作日（截止日为${formatChineseDate(due)}），请尽快报送`;
  return `${what}将于${formatChineseDate(due)}截止（还有 ${daysBetween(on, due)} 天）`;
}

export function digestTitle(p: Period, due: string, workdaysAfter: number, missing: readonly string[]): string {
  // The names are listed by whoever renders it (escaped, and cut short on a card): a title stays one short line.
  return `${periodLabel(p)}报表截止日（${formatChineseDate(due)}）已过 ${workdaysAfter} 个工作日，仍有 ${missing.length} 个县区未报送`;
}

export function foodTitle(p: Period, quarterEnd: string): string {
  return `请在${formatChineseDate(quarterEnd)}前完成${periodLabel(p)}反食品浪费自评`;
}

export function awarenessTitle(day: AwarenessDay): string {
  const when = day.until ? `${formatChineseDate(day.date)}至${monthDay(day.until)}` : formatChineseDate(day.date);
  return `${day.name}（${when}）即将到来，请提前做好宣传活动安排`;
}

export function hostingTitle(year: number, target: number): string {
  return `本县区${year}年尚无能源费用托管项目，请对照全市“年底前不少于 ${target} 个项目”的目标抓紧推进`;
}

export function annualReportTitle(reportYear: number, due: string, on: string): string {
  return `${reportYear}年度能源资源消费统计年报将于${formatChineseDate(due)}截止（还有 ${daysBetween(on, due)} 天）`;
}

/** Each stage in a few words (the command line's plan, 进度's last reminder, the start-up lines). */
export const STAGE_LABEL: Record<ReminderStage, string> = {
  'due-7': '截止前 7 天',
  'due-3': '截止前 3 天',
  'due-1': '截止前 1 天',
  'due-day': '截止当天',
  'overdue-1': '逾期第 1 个工作日',
  'overdue-3': '逾期第 3 个工作日',
  'supervisor-digest': '督导员逾期汇总',
  'food-self-check': '反食品浪费自查',
  'awareness-day': '宣传日',
  hosting: '能源费用托管',
  'annual-report': '年报',
};
