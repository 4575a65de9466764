/** The schedule rules from config: defaults, the awareness days, a Chinese line per mistake. */
import assert from 'node:assert/strict';
import { weekday } from '../../../shared/schedule/calendar.js';
import { DEFAULT_SCHEDULE_RULES, fixedAwarenessDays, movingAwarenessDays, parseScheduleRules, SCHEDULE_RULES_SCHEMA } from '../../../shared/schedule/rules.js';

function errors(json: unknown): string[] {
  const r = parseScheduleRules(json);
  assert.equal(r.ok, false, 'expected the rules to be refused');
  return r.ok ? [] : r.errors;
}

const WEEK_2026 = { energySavingWeek: { from: '2026-06-08', to: '2026-06-14' }, lowCarbonDay: '2026-06-10' };

describe('schedule/rules', () => {
  it('an empty config gives the defaults of domain.md §5', () => {
    assert.deepEqual(parseScheduleRules({}), { ok: true, rules: DEFAULT_SCHEDULE_RULES });
    assert.deepEqual(parseScheduleRules(undefined), { ok: true, rules: DEFAULT_SCHEDULE_RULES });
    assert.deepEqual(SCHEDULE_RULES_SCHEMA.parse({}), DEFAULT_SCHEDULE_RULES);
    assert.equal(DEFAULT_SCHEDULE_RULES.dueDayOfMonth, 15);
    assert.deepEqual(DEFAULT_SCHEDULE_RULES.daysBefore, [7, 3, 1]);
    assert.deepEqual(DEFAULT_SCHEDULE_RULES.overdueWorkdays, [1, 3]);
    assert.deepEqual(DEFAULT_SCHEDULE_RULES.movingAwareness, {
      '2025': { energySavingWeek: { from: '2025-06-23', to: '2025-06-29' }, lowCarbonDay: '2025-06-25' },
    });
    assert.equal(weekday('2025-06-25'), 3, '全国低碳日 is the Wednesday of the week');
  });

  it('given keys replace their defaults, the rest stay; configured moving years are added to the built-in ones', () => {
    const r = parseScheduleRules({ reminderHour: 8, reminderMinute: 30, daysBefore: [7, 1], annualReport: { month: 3, day: 31, daysBefore: 10 }, movingAwareness: { '2026': WEEK_2026 } });
    assert.ok(r.ok);
    assert.deepEqual(r.rules, {
      ...DEFAULT_SCHEDULE_RULES,
      reminderHour: 8,
      reminderMinute: 30,
      daysBefore: [7, 1],
      annualReport: { month: 3, day: 31, daysBefore: 10 },
      movingAwareness: { ...DEFAULT_SCHEDULE_RULES.movingAwareness, '2026': WEEK_2026 },
    });
  });

  it('numbers out of range or not whole, strings for numbers, missing nested keys', () => {
    assert.deepEqual(errors({ dueDayOfMonth: 0 }), ['dueDayOfMonth：须为 1–31 之间的整数，收到 0']);
    assert.deepEqual(errors({ reminderHour: 9.5, reminderMinute: '0' }), ['reminderHour：须为 0–23 之间的整数，收到 9.5', 'reminderMinute：须为 0–59 之间的整数，收到 "0"']);
    assert.deepEqual(errors({ annualReport: { month: 3 } }), ['annualReport.day：缺少此项：须为 1–31 之间的整数', 'annualReport.daysBefore：缺少此项：须为 0–60 之间的整数']);
  });

  it('offsets must name a known stage and not repeat', () => {
    assert.deepEqual(errors({ daysBefore: [7, 5, 7] }), ['daysBefore[1]：只能是 7、3、1 之一（单位：截止日前的自然日；提醒阶段按这些天数命名），收到 5', 'daysBefore：有重复的天数，请删去重复项']);
    assert.deepEqual(errors({ overdueWorkdays: 'x' }), ['overdueWorkdays：须为数组，如 [1, 3]，收到 "x"']);
  });

  it('month/day that is not in every year; unknown keys at any level', () => {
    assert.deepEqual(errors({ hostingReminder: { month: 2, day: 30 } }), ['hostingReminder：2 月 30 日不是每年都有的日期，请核对 month 和 day']);
    assert.deepEqual(errors({ hostingReminder: { month: 2, day: 29 } }), ['hostingReminder：2 月 29 日不是每年都有的日期，请核对 month 和 day']);
    assert.deepEqual(errors({ hostingReminder: { month: 13, day: 1 } }), ['hostingReminder.month：须为 1–12 之间的整数，收到 13']);
    assert.deepEqual(errors({ hostingReminder: { month: 2, day: 40 } }), ['hostingReminder.day：须为 1–31 之间的整数，收到 40']);
    assert.deepEqual(errors({ annualReport: { month: 3, day: 31, daysBefore: 7, x: 1 } }), ['annualReport：不认识的字段 "x"（可用的字段：month、day、daysBefore），请检查拼写或删去']);
    assert.match(errors({ reminderHours: 9 })[0]!, /^（顶层）：不认识的字段 "reminderHours"（可用的字段：dueDayOfMonth、reminderHour、/u);
  });

  it('moving awareness days: the key, the year of each date, the order, the low-carbon day inside the week', () => {
    assert.deepEqual(errors({ movingAwareness: { '26': WEEK_2026 } }), ['movingAwareness.26：键须为四位年份，如 "2026"，收到 "26"']);
    assert.deepEqual(errors({ movingAwareness: { '2026': { ...WEEK_2026, lowCarbonDay: '2026-6-10' } } }), ['movingAwareness.2026.lowCarbonDay：日期须写成 YYYY-MM-DD（如 "2027-01-01"），收到 "2026-6-10"']);
    assert.deepEqual(errors({ movingAwareness: { '2026': { energySavingWeek: { from: '2026-06-14', to: '2026-06-08' }, lowCarbonDay: '2025-06-10' } } }), [
      'movingAwareness.2026.lowCarbonDay：2025-06-10 不在 2026 年内，请核对年份',
      'movingAwareness.2026.energySavingWeek：开始日 2026-06-14 晚于结束日 2026-06-08，请对调 from 和 to',
      'movingAwareness.2026.lowCarbonDay：全国低碳日 2025-06-10 不在节能宣传周 2026-06-14 至 2026-06-08 内，请核对',
    ]);
    assert.deepEqual(errors({ movingAwareness: { '2026': { energySavingWeek: { from: '2026-06-08', to: '2026-07-14' }, lowCarbonDay: '2026-06-10' } } }), [
      'movingAwareness.2026.energySavingWeek：2026-06-08 至 2026-07-14 超过两周，宣传周通常为 7 天，请核对',
    ]);
    assert.deepEqual(errors({ movingAwareness: { '2026': { energySavingWeek: { from: '2026-06-08' }, lowCarbonDay: '2026-06-10' } } }), [
      'movingAwareness.2026.energySavingWeek.to：缺少此项：须为 YYYY-MM-DD 格式的日期文本',
    ]);
  });

  it('fixed awareness days of a year', () => {
    assert.deepEqual(fixedAwarenessDays(2026), [
      { id: 'world-water-day', name: '世界水日和中国水周', date: '2026-03-22', until: '2026-03-28' },
      { id: 'national-ecology-day', name: '全国生态日', date: '2026-08-15' },
      { id: 'world-food-day', name: '世界粮食日', date: '2026-10-16' },
    ]);
    assert.deepEqual(fixedAwarenessDays(2022).map((d) => d.id), ['world-water-day', 'world-food-day']);
  });

  it('moving awareness days of a configured year, none of another', () => {
    assert.deepEqual(movingAwarenessDays(2025, DEFAULT_SCHEDULE_RULES), [
      { id: 'energy-saving-week', name: '全国节能宣传周', date: '2025-06-23', until: '2025-06-29' },
      { id: 'low-carbon-day', name: '全国低碳日', date: '2025-06-25' },
    ]);
    assert.equal(movingAwarenessDays(2026, DEFAULT_SCHEDULE_RULES), null);
  });
});
