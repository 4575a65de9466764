/**
 * The reminder plan with the store's facts: which counties have an accepted submission for the
 * quarters at hand, and which have a hosting project in the year. Used by the tick, the command
 * line (jieneng reminders plan) and the start-up lines alike.
 */
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { planReminders, type PlannedReminder, type ReminderPlan } from '../../shared/schedule/plan.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import type { Repository } from '../store/types.js';
import { counts } from '../submissions/intake.js';

export interface PlanFacts {
  submitted(county: string, period: string): boolean;
  hasHosting(county: string, year: number): boolean;
}

/** Reads what the plan needs for these events' periods: one query per quarter. */
export async function planFacts(repo: Repository, events: readonly PlannedReminder[]): Promise<PlanFacts> {
  const accepted = new Map<string, Set<string>>();
  const hosting = new Map<number, Set<string>>();
  const quarterly = new Set(events.filter((e) => /^\d{4}Q[1-4]$/u.test(e.period) && e.stage !== 'food-self-check').map((e) => e.period));
  for (const period of quarterly) {
    accepted.set(period, new Set((await repo.submissions({ period })).filter((s) => counts(s.status)).map((s) => s.county)));
  }
  for (const year of new Set(events.filter((e) => e.stage === 'hosting').map((e) => Number(e.period)))) {
    const set = new Set<string>();
    for (let q = 1; q <= 4; q++) {
      for (const s of await repo.submissions({ period: `${year}Q${q}` })) {
        if (counts(s.status) && (s.indicators['hosting.projects'] ?? 0) > 0) set.add(s.county);
      }
    }
    hosting.set(year, set);
  }
  return {
    submitted: (c, p) => accepted.get(p)?.has(c) ?? false,
    hasHosting: (c, y) => hosting.get(y)?.has(c) ?? false,
  };
}

export interface StorePlanInput {
  repo: Repository;
  calendar: WorkdayCalendar;
  rules: ScheduleRules;
  from: Date;
  to: Date;
  /** The counties (read from the store when absent). */
  counties?: readonly string[];
}

/** The plan for a window as things stand in the store: first without facts (no reads), then with the facts of the periods it touches. */
export async function planFromStore(input: StorePlanInput): Promise<ReminderPlan> {
  const counties = input.counties ?? (await input.repo.counties()).map((c) => c.name);
  const base = { calendar: input.calendar, rules: input.rules, counties, from: input.from, to: input.to };
  const rough = planReminders({ ...base, submitted: () => false, hasHosting: () => false });
  if (rough.events.length === 0) return rough;
  const facts = await planFacts(input.repo, rough.events);
  return planReminders({ ...base, submitted: facts.submitted, hasHosting: facts.hasHosting });
}
