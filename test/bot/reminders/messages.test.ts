/** What reminders say on cards: names neutralised and cut short; the ledger's state in 进度. */
import assert from 'node:assert/strict';
import { planReminders } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { reminderLine } from '../../../bot/chat/cards/progress.js';
import { reminderCard, reminderDigest } from '../../../bot/reminders/messages.js';
import { lastReminders } from '../../../bot/reminders/status.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';

const EVIL = '[点我](http://evil.example)';

describe('bot/reminders/messages', () => {
  const counties = [EVIL, ...Array.from({ length: 2999 }, (_, i) => `县${String(i).padStart(4, '0')}`)];
  // 2026Q3 is due 2026-10-15; three working days later the supervisors' digest names who is missing.
  const plan = planReminders({
    calendar: CHINA_CALENDAR,
    rules: DEFAULT_SCHEDULE_RULES,
    counties,
    submitted: () => false,
    hasHosting: () => false,
    from: new Date('2026-10-20T00:00:00+08:00'),
    to: new Date('2026-10-21T00:00:00+08:00'),
  });
  const digest = plan.events.find((e) => e.stage === 'supervisor-digest')!;

  it('the digest card of 3,000 missing counties stays one short title, names 60 and counts the rest, under Teams\' card size', () => {
    assert.ok(digest, 'the digest is planned');
    assert.equal(digest.counties.length, 3000);
    assert.doesNotMatch(digest.title, /县0001/u, 'the title names no county');
    const json = JSON.stringify(reminderCard(digest));
    assert.ok(Buffer.byteLength(json) < 28_000, `card is ${Buffer.byteLength(json)} bytes`);
    assert.match(json, /等 3000 个/u);
    assert.ok(!json.includes(EVIL), 'a county name is not live markdown on the card');
    assert.match(json, /［点我］/u);
  });

  it('the robots\' digest lists every county once, escaped', () => {
    const message = reminderDigest([digest]);
    assert.ok(!message.markdown.includes(EVIL));
    for (const c of ['县0000', '县2998']) assert.equal(message.markdown.split(c).length - 1, 1, c);
  });

  it('进度 says a reminder whose sending was cut short is not known to have gone, and is not sent again', async () => {
    const repo = memoryStore();
    const claimed = new Date('2026-10-13T01:00:00Z');
    assert.equal(await repo.claimReminder('due-3:2026Q3:泽州县@chat:msteams:c1', claimed), true);
    const soon = (await lastReminders(repo, new Date(claimed.getTime() + 60_000))).get('泽州县')!;
    assert.match(reminderLine(soon), /正在发送/u);
    const later = (await lastReminders(repo, new Date(claimed.getTime() + 2 * 3_600_000))).get('泽州县')!;
    assert.match(reminderLine(later), /发送情况不明.*不再补发/u);
  });
});
