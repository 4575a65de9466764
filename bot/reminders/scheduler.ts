/**
 * The reminder tick: each minute (node-cron, noOverlap) it asks the plan what is due, and sends it
 * through the ledger (ledger.ts) so that every reminder goes out once, whatever the ticks,
 * restarts and processes. On start the first tick catches up what was missed while the server was
 * down and is still worth sending (a due-date reminder missed by more than a day is not sent
 * late). Between due times a tick costs nothing: it knows when the next event or retry is due.
 *
 * Where things go: county reminders to the reporters' chats of that county; digests and notices to
 * the supervisors' chats and the registered notice channels; one markdown digest per stage to each
 * group robot of the right audience; in local anonymous mode, when nothing is reachable, to the
 * reminders log.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { planReminders, type PlannedReminder } from '../../shared/schedule/plan.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import type { Reply } from '../chat/types.js';
import { logError, logLine } from '../log.js';
import { NOTICE_CHANNEL_PREFIX, type ConversationRecord, type ReminderRecord, type Repository } from '../store/types.js';
import { backoffMs, BATCH, deliverBatch, isPermanent, settled, type Delivery } from './ledger.js';
import { reminderDigest, reminderReplies, uncoveredYearReplies } from './messages.js';
import type { Outbox } from './outbox.js';
import { planFacts } from './plan-store.js';
import type { WebhookGroup, WebhookMessage } from './webhooks.js';

export interface ChatPort {
  send(reference: unknown, replies: readonly Reply[]): Promise<void>;
}

export interface GroupPort {
  send(group: WebhookGroup, message: WebhookMessage): Promise<unknown>;
}

/** One thing to say to an audience: a planned reminder, or a notice draft. */
export interface Message {
  /** Ledger key of the message; each target adds `@target`. */
  key: string;
  expiresAt: number;
  audience: 'county' | 'supervisors' | 'all-counties';
  county: string | null;
  /** For logs and the reminders log. */
  title: string;
  replies: Reply[];
  /** Group robots: county messages of one batch go as one digest; others carry their own message. */
  webhook: { batch: string; event: PlannedReminder } | { message: WebhookMessage } | null;
  /** Every configured robot, whatever its audience (a published notice). */
  allGroups?: boolean;
  /** Only one-to-one chats, never a group or channel the receiver also talks in (a 催报 names its county). */
  personalOnly?: boolean;
}

/** Messages other than the plan's (the notices): those due now, and when the next one is due. */
export interface ExtraMessages {
  /** `skip(key)` is true for messages already finished here: no need to build them. */
  due(now: Date, skip: (key: string) => boolean): Promise<Message[]>;
  /** Epoch ms of the next message after `now` (Infinity when none is known). */
  next(now: number): Promise<number>;
}

export interface ReminderDeps {
  repo: Repository;
  calendar: WorkdayCalendar;
  rules: ScheduleRules;
  now(): Date;
  chat: ChatPort | null;
  groups: readonly WebhookGroup[];
  webhooks: GroupPort | null;
  /** Local anonymous mode: where reminders go when no chat or robot can take them. */
  outbox: Outbox | null;
  /** More messages (the notices), beside the plan's reminders. */
  extra?: ExtraMessages;
  /** Chat sends at once (default 8). */
  concurrency?: number;
}

export interface TickReport {
  due: number;
  /** Ledger keys sent, and failed, by this call. */
  sent: string[];
  failed: string[];
  /** Ledger keys tried per message key (what each message went to). */
  deliveries?: Map<string, string[]>;
}

const DAY_MS = 86_400_000;
/** How far ahead a tick looks for a year without holiday data, to tell the supervisors in time. */
const AHEAD_MS = 62 * DAY_MS;
/** How far back a tick looks for reminders still worth sending (hosting: 1 Nov → 31 Dec). */
const LOOKBACK_MS = 75 * DAY_MS;
/** A tick with nothing due sleeps until the next event, retry, or this long at most (new counties, config). */
const MAX_SLEEP_MS = 3_600_000;

function conversationTarget(c: ConversationRecord): string {
  const id = (c.reference as { conversation?: { id?: unknown } } | null)?.conversation?.id;
  return `${c.channelId}:${typeof id === 'string' ? id : c.key}`;
}

/** A one-to-one chat: Teams says conversationType personal; other channels at most mark groups. */
function personal(reference: unknown): boolean {
  const c = (reference as { conversation?: { conversationType?: unknown; isGroup?: unknown } } | null)?.conversation;
  return c?.isGroup !== true && (c?.conversationType === undefined || c.conversationType === 'personal');
}

export interface Audiences {
  reporters: Map<string, ConversationRecord[]>;
  allReporters: ConversationRecord[];
  supervisors: ConversationRecord[];
}

/** Who is reachable now: conversations of users whose current binding matches, and notice channels. */
export async function audiences(repo: Repository): Promise<Audiences> {
  const members = new Map((await repo.members()).map((m) => [`${m.channelId}:${m.userId}`, m]));
  const reporters = new Map<string, ConversationRecord[]>();
  const seen = new Set<string>();
  const allReporters: ConversationRecord[] = [];
  const supervisors: ConversationRecord[] = [];
  const supervisorTargets = new Set<string>();
  for (const c of await repo.conversations()) {
    const target = conversationTarget(c);
    if (c.key.startsWith(NOTICE_CHANNEL_PREFIX)) {
      if (!supervisorTargets.has(target)) supervisors.push(c);
      supervisorTargets.add(target);
      continue;
    }
    const m = members.get(`${c.channelId}:${c.userId}`);
    if (m?.role === 'reporter' && m.county) {
      const list = reporters.get(m.county) ?? [];
      if (!list.some((x) => conversationTarget(x) === target)) list.push(c);
      reporters.set(m.county, list);
      if (!seen.has(target)) allReporters.push(c);
      seen.add(target);
    } else if (m?.role === 'supervisor' && !supervisorTargets.has(target)) {
      supervisors.push(c);
      supervisorTargets.add(target);
    }
  }
  return { reporters, allReporters, supervisors };
}

function groupAudience(m: Message): WebhookGroup['audience'] {
  return m.audience === 'supervisors' ? 'supervisors' : 'counties';
}

export function fromReminder(e: PlannedReminder): Message {
  return {
    key: e.key,
    expiresAt: e.expiresAt,
    audience: e.audience,
    county: e.county,
    title: e.title,
    replies: reminderReplies(e),
    webhook: e.audience === 'county' ? { batch: `${e.stage}:${e.period}`, event: e } : { message: reminderDigest([e]) },
  };
}


export interface ReminderRunner {
  /** One tick: sends what is due now; null when another tick (here or in another process) is running or nothing was due. */
  tick(): Promise<TickReport | null>;
  /** Makes the next tick look again at once (something new to send: a published notice). */
  wake(): void;
  /** Sends these messages now, through the same ledger and targets (a supervisor's 催报). */
  deliver(messages: readonly Message[]): Promise<TickReport>;
}

export function createReminderRunner(deps: ReminderDeps): ReminderRunner {
  const { repo } = deps;
  /** Messages whose every delivery is settled: not looked at again by this process. */
  const done = new Set<string>();
  let wakeAt = 0;

  function plan(counties: string[], from: number, to: number, submitted: (c: string, p: string) => boolean, hasHosting: (c: string, y: number) => boolean) {
    return planReminders({ calendar: deps.calendar, rules: deps.rules, counties, submitted, hasHosting, from: new Date(from), to: new Date(to) });
  }

  /**
   * Every event that could be due today, as if no county had submitted: planned once a day (and
   * when the counties change), not each tick. The real plan, with the store's facts, is made only
   * for the window of what is due.
   */
  let rough: { day: number; counties: string; events: PlannedReminder[]; uncovered: { year: number; text: string }[] } | null = null;
  function roughPlan(counties: string[], t: number): NonNullable<typeof rough> {
    const day = Math.floor((t + 8 * 3_600_000) / DAY_MS);
    const key = counties.join('\u0000');
    if (rough?.day !== day || rough.counties !== key) {
      const start = day * DAY_MS - 8 * 3_600_000;
      // Years the coming weeks' reminders rest on without holiday data: supervisors hear of it ahead, not on the day.
      const ahead = plan(counties, start, start + AHEAD_MS, () => false, () => false);
      const uncovered = ahead.uncoveredYears.map((year) => ({ year, text: ahead.warnings.find((w) => w.includes(String(year))) ?? `${year} 年的法定节假日安排尚未收录。` }));
      rough = { day, counties: key, events: plan(counties, start - LOOKBACK_MS, start + 2 * DAY_MS, () => false, () => false).events, uncovered };
    }
    return rough;
  }
  const roughEvents = (counties: string[], t: number): PlannedReminder[] => roughPlan(counties, t).events;

  async function work(now: Date): Promise<TickReport> {
    const t = now.getTime();
    const counties = (await repo.counties()).map((c) => c.name);
    const isDue = (m: { at?: number; expiresAt: number; key: string }) => (m.at === undefined || m.at <= t) && t < m.expiresAt && !done.has(m.key);
    // First without submissions (cheap, no reads): is anything due at all?
    const due = roughEvents(counties, t).filter(isDue);
    const extra = ((await deps.extra?.due(now, (key) => done.has(key))) ?? []).filter(isDue);
    const messages: Message[] = [...extra];
    const warnings = [...roughPlan(counties, t).uncovered];
    if (due.length > 0) {
      const known = await planFacts(repo, due);
      const real = plan(counties, Math.min(...due.map((e) => e.at)), t + 1, known.submitted, known.hasHosting);
      messages.push(...real.events.filter(isDue).map(fromReminder));
      for (const year of real.uncoveredYears) {
        if (!warnings.some((w) => w.year === year)) warnings.push({ year, text: real.warnings.find((w) => w.includes(String(year))) ?? `${year} 年的法定节假日安排尚未收录。` });
      }
    }
    for (const w of warnings) {
      if (done.has(`calendar-uncovered:${w.year}:supervisors`)) continue;
      messages.push({
        key: `calendar-uncovered:${w.year}:supervisors`,
        expiresAt: Date.UTC(w.year, 11, 31, 16),
        audience: 'supervisors',
        county: null,
        title: `${w.year} 年节假日安排尚未收录`,
        replies: uncoveredYearReplies(w.year, w.text),
        webhook: null,
      });
    }
    return deliver(messages, now);
  }

  /** Sends the messages through the ledger: each target once; what is finished is not looked at again. */
  async function deliver(messages: readonly Message[], now: Date): Promise<TickReport> {
    const t = now.getTime();
    const report: TickReport = { due: messages.length, sent: [], failed: [] };
    if (messages.length === 0) return report;

    const people = await audiences(repo);
    const byMessage = new Map<string, Delivery[]>();
    const add = (m: Message, d: Delivery) => byMessage.set(m.key, [...(byMessage.get(m.key) ?? []), d]);

    // Group robots: county messages of one stage and quarter become one digest per robot.
    const batches = new Map<string, Message[]>();
    for (const m of messages) {
      if (m.webhook && 'batch' in m.webhook) batches.set(m.webhook.batch, [...(batches.get(m.webhook.batch) ?? []), m]);
    }
    const groupDelivery = (group: WebhookGroup, key: string, expiresAt: number, message: () => WebhookMessage): Delivery => ({
      key,
      expiresAt,
      send: async () => {
        await deps.webhooks!.send(group, message());
        return `已发到群机器人“${group.name}”`;
      },
    });
    const robots = deps.webhooks ? deps.groups : [];
    for (const m of messages) {
      const all = m.audience === 'county' ? (people.reporters.get(m.county!) ?? []) : m.audience === 'supervisors' ? people.supervisors : people.allReporters;
      const chats = m.personalOnly ? all.filter((c) => personal(c.reference)) : all;
      for (const c of chats) add(m, chatDelivery(m, c));
      const groups = robots.filter((g) => m.allGroups === true || g.audience === 'all' || g.audience === groupAudience(m));
      if (m.webhook && 'message' in m.webhook) {
        const message = m.webhook.message;
        for (const g of groups) add(m, groupDelivery(g, `${m.key}@group:${g.name}`, m.expiresAt, () => message));
      }
      if (chats.length === 0 && groups.length === 0) {
        if (deps.outbox) add(m, logDelivery(m, '没有可送达的聊天会话或群机器人（本地模式）'));
        else if (m.audience === 'county') add(m, unreachable(m));
      }
    }
    const batchDeliveries: Delivery[] = [];
    const byBatch = new Map<string, Delivery[]>();
    for (const [batch, members] of batches) {
      const expiresAt = Math.min(...members.map((m) => m.expiresAt));
      const groups = robots.filter((g) => g.audience === 'all' || g.audience === 'counties');
      const events = members.flatMap((m) => (m.webhook && 'batch' in m.webhook ? [m.webhook.event] : []));
      const deliveries = groups.map((g) => groupDelivery(g, `${batch}:group:${g.name}`, expiresAt, () => reminderDigest(events)));
      byBatch.set(batch, deliveries);
      batchDeliveries.push(...deliveries);
    }

    const all = [...[...byMessage.values()].flat(), ...batchDeliveries];
    report.deliveries = new Map([...byMessage].map(([key, list]) => [key, list.map((d) => d.key)]));
    // Only these deliveries' records are read: the ledger grows every quarter.
    const keys = all.map((d) => d.key);
    const ledger = new Map<string, ReminderRecord>((await repo.reminders(keys)).map((r) => [r.key, r]));
    for (let i = 0; i < all.length; i += BATCH) {
      const outcomes = await deliverBatch(repo, all.slice(i, i + BATCH), ledger, now, deps.now, deps.concurrency ?? 8);
      for (const [key, outcome] of outcomes) {
        if (outcome === 'sent') report.sent.push(key);
        if (outcome === 'failed') report.failed.push(key);
      }
    }

    // What is finished is not looked at again; what failed is retried after its backoff.
    const after = new Map<string, ReminderRecord>((await repo.reminders(keys)).map((r) => [r.key, r]));
    const finished = (d: Delivery) => settled(after.get(d.key)) || t >= d.expiresAt;
    // A county message is finished only with its stage's robot digests too: a failed digest is rebuilt from it.
    const deliveriesOf = (m: Message) => [...(byMessage.get(m.key) ?? []), ...(m.webhook && 'batch' in m.webhook ? (byBatch.get(m.webhook.batch) ?? []) : [])];
    for (const m of messages) if (deliveriesOf(m).every(finished)) done.add(m.key);
    const retries = all.filter((d) => !finished(d)).map((d) => retryAt(after.get(d.key)));
    if (retries.length > 0) wakeAt = Math.min(wakeAt, ...retries);
    return report;
  }

  function chatDelivery(m: Message, c: ConversationRecord): Delivery {
    return {
      key: `${m.key}@chat:${conversationTarget(c)}`,
      expiresAt: m.expiresAt,
      send: async () => {
        try {
          await deps.chat!.send(c.reference, m.replies);
          return '已发到聊天';
        } catch (err) {
          // Local mode: the Emulator or Web Chat that left this reference is gone; the log shows it instead.
          if (deps.outbox && !isPermanent(err)) {
            await writeLog(m, '聊天服务不可达（本地模式）');
            return '聊天服务不可达（本地模式），已记入提醒日志';
          }
          throw err;
        }
      },
    };
  }

  async function writeLog(m: Message, reason: string): Promise<void> {
    const card = m.replies.find((r) => r.kind === 'card');
    const textOf = card?.kind === 'card' ? card.card.fallbackText : m.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('\n');
    const to = m.audience === 'county' ? m.county! : m.audience === 'supervisors' ? '督导员' : '全部县（市、区）';
    await deps.outbox!.write({ at: deps.now().toISOString(), key: m.key, to, title: m.title, text: textOf, reason });
  }

  function logDelivery(m: Message, reason: string): Delivery {
    return {
      key: `${m.key}@log`,
      expiresAt: m.expiresAt,
      send: async () => {
        await writeLog(m, reason);
        return '已记入提醒日志（本地模式，jieneng reminders log 可查看）';
      },
    };
  }

  function unreachable(m: Message): Delivery {
    return {
      key: `${m.key}@none`,
      expiresAt: m.expiresAt,
      send: () => Promise.reject(Object.assign(new Error(`${m.county ?? ''}还没有填报员与机器人对话过，也没有配置群机器人，提醒无法送达。请让填报员在聊天中给机器人发一条消息。`), { permanent: true })),
    };
  }

  function retryAt(record: ReminderRecord | undefined): number {
    // The instant sendable() first allows a retry.
    return record?.doneAt ? Date.parse(record.doneAt) + backoffMs(record.attempts) : 0;
  }

  /** When the next planned event is due (from the day's plan; no store reads beyond the counties). */
  async function nextEventAt(now: number): Promise<number> {
    const counties = (await repo.counties()).map((c) => c.name);
    const upcoming = roughEvents(counties, now).filter((e) => e.at > now);
    return Math.min(now + MAX_SLEEP_MS, (await deps.extra?.next(now)) ?? Number.POSITIVE_INFINITY, ...upcoming.map((e) => e.at));
  }

  return {
    wake() {
      wakeAt = 0;
    },
    deliver: (messages) => deliver(messages, deps.now()),
    async tick() {
      const now = deps.now();
      if (now.getTime() < wakeAt) return null;
      const result = await repo.runExclusive('reminder-tick', async () => {
        wakeAt = Number.POSITIVE_INFINITY;
        try {
          const report = await work(now);
          wakeAt = Math.min(wakeAt, await nextEventAt(now.getTime()));
          return report;
        } catch (err) {
          wakeAt = 0; // try again next minute
          throw err;
        }
      });
      return result.ran ? result.value : null;
    },
  };
}

const CRON_LOGGER = {
  info: () => undefined,
  debug: () => undefined,
  warn: (message: string) => {
    if (!message.includes('overlap')) logLine('reminders.cron', message);
  },
  error: (message: string | Error, err?: Error) => logError('reminders.cron', err ?? message),
};

export interface ReminderScheduler {
  /** The tick as node-cron runs it (tests and the command line call it directly). */
  tick(): Promise<TickReport | null>;
  /** Sends messages now through the ledger (a supervisor's 催报). */
  deliver(messages: readonly Message[]): Promise<TickReport>;
  /** Sends what has just become due (a published notice) without waiting for the next minute. */
  poke(): void;
  /** Resolves when no tick of this scheduler is running (tests step a fake clock between ticks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the minute tick (and one tick at once: the catch-up after a restart). */
export function startReminderScheduler(deps: ReminderDeps): ReminderScheduler {
  const runner = createReminderRunner(deps);
  let running: Promise<unknown> = Promise.resolve();
  const safeTick = (): Promise<TickReport | null> => {
    const run = guardedTick();
    running = Promise.all([running, run]);
    return run;
  };
  const guardedTick = async (): Promise<TickReport | null> => {
    try {
      const report = await runner.tick();
      if (report && (report.sent.length || report.failed.length)) logLine('reminders', `tick: ${report.sent.length} sent, ${report.failed.length} failed of ${report.due} due`);
      return report;
    } catch (err) {
      logError('reminders.tick', err);
      return null;
    }
  };
  // Every minute is every minute in any time zone: no timezone option (node-cron's zone arithmetic costs more than the tick).
  // A long tick (a robot's queue) makes node-cron skip the next minutes (noOverlap); its notes go to our log, not the console.
  const idle = async (): Promise<void> => {
    let seen: Promise<unknown>;
    do {
      seen = running;
      await seen;
    } while (seen !== running);
  };
  const task: ScheduledTask = cron.schedule('* * * * *', () => safeTick(), { name: 'jieneng-reminders', noOverlap: true, logger: CRON_LOGGER });
  const first = safeTick();
  return {
    tick: safeTick,
    deliver: (messages) => runner.deliver(messages),
    poke() {
      runner.wake();
      void safeTick();
    },
    idle,
    async stop() {
      await task.stop();
      await task.destroy();
      await first;
      // A tick under way finishes (it holds its claims); close the robots' client first so it cannot wait on their queues.
      await idle();
    },
  };
}
