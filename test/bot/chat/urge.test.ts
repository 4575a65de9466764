/**
 * 催报 and 查看提交 at the handler and through the reminders' delivery: only quarters that have
 * ended, only one-to-one chats, shown on 进度 as the county's latest reminder; a reporter's
 * quarter-only 查看提交; the draft's publish button as the confirmation step.
 */
import assert from 'node:assert/strict';
import { issueInvite } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { CardAction, CardElement } from '../../../bot/chat/cards/elements.js';
import { handleMessage } from '../../../bot/chat/handle.js';
import type { ChatServices, IncomingMessage, Reply } from '../../../bot/chat/types.js';
import { createReminderRunner } from '../../../bot/reminders/scheduler.js';
import { urgeMessage, urgeOutcome } from '../../../bot/reminders/urge.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import type { Repository } from '../../../bot/store/types.js';
import { JINCHENG } from '../../../shared/counties.js';
import type { Period } from '../../../shared/period.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { newSubmission } from '../helpers.js';

// 30 Nov 2026, 10:00 in Shanghai: 2026Q3 has ended (due 15 Oct), 2026Q4 has not.
const NOW = new Date('2026-11-30T02:00:00Z');
const PERSONAL = { id: 'a:1', type: 'personal', reference: { serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversation: { id: 'a:1', conversationType: 'personal' } } } as const;

function message(id: string, text: string, conversation: IncomingMessage['conversation'] = PERSONAL): IncomingMessage {
  return { user: { channelId: 'msteams', id, name: id }, text, files: [], conversation };
}

function elements(replies: readonly Reply[]): (CardElement | CardAction)[] {
  const out: (CardElement | CardAction)[] = [];
  const walk = (items: readonly (CardElement | CardAction)[]): void => {
    for (const e of items) {
      out.push(e);
      if ('items' in e) walk(e.items);
      if ('columns' in e) walk(e.columns.flatMap((c) => c.items));
      if (e.type === 'ActionSet') walk(e.actions);
    }
  };
  for (const r of replies) if (r.kind === 'card') walk([...r.card.body, ...(r.card.actions ?? [])]);
  return out;
}
const commands = (replies: readonly Reply[]) => elements(replies).flatMap((e) => (e.type === 'Action.Submit' ? [e.data.jieneng] : []));
const textOf = (replies: readonly Reply[]) => [...replies.flatMap((r) => (r.kind === 'text' ? [r.text] : [])), ...elements(replies).flatMap((e) => (e.type === 'TextBlock' ? [e.text] : []))].join('\n');

describe('chat: 催报 and 查看提交', () => {
  let repo: Repository;
  let s: ChatServices;
  let runner: ReturnType<typeof createReminderRunner>;
  const sent: { conversation: string; text: string }[] = [];

  beforeEach(async () => {
    sent.length = 0;
    repo = memoryStore();
    await repo.addCounties(JINCHENG.counties, 'test', NOW);
    // The scheduler's own delivery, its chat port recording what goes where.
    runner = createReminderRunner({
      repo,
      calendar: CHINA_CALENDAR,
      rules: DEFAULT_SCHEDULE_RULES,
      now: () => NOW,
      chat: { send: async (reference, replies) => void sent.push({ conversation: (reference as { conversation: { id: string } }).conversation.id, text: textOf(replies) }) },
      groups: [],
      webhooks: null,
      outbox: null,
    });
    s = {
      repo,
      calendar: CHINA_CALENDAR,
      region: JINCHENG,
      maxUploadBytes: 1 << 20,
      inviteTtlDays: 7,
      now: () => NOW,
      remind: async (county: string, period: Period) => {
        const m = urgeMessage(county, period, submissionDue(period, CHINA_CALENDAR), NOW);
        const report = await runner.deliver([m]);
        const failures = new Map((await repo.reminders()).filter((r) => r.status === 'failed').map((r) => [r.key, r.detail]));
        return urgeOutcome(county, report, m.key, failures);
      },
    };
    for (const [id, county, role] of [['boss', null, 'supervisor'], ['lc', '陵川县', 'reporter']] as const) {
      const { code } = await issueInvite(repo, { county, role, actor: 'test', now: NOW, ttlDays: 7 });
      await handleMessage(message(id, `绑定 ${code}`), s);
    }
    // 陵川县's reporter talks to the bot in private and in a group chat with others.
    await repo.saveConversation({ key: 'msteams:a:1:lc', channelId: 'msteams', userId: 'lc', county: '陵川县', role: 'reporter', reference: PERSONAL.reference, updatedAt: NOW.toISOString() });
    const group = { serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversation: { id: '19:g@thread.v2', conversationType: 'groupChat', isGroup: true } };
    await repo.saveConversation({ key: 'msteams:19:g@thread.v2:lc', channelId: 'msteams', userId: 'lc', county: '陵川县', role: 'reporter', reference: group, updatedAt: NOW.toISOString() });
  });

  it('sends a 催报 only into the reporter\'s one-to-one chat, and 进度 then shows it as the county\'s latest reminder', async () => {
    const reply = await handleMessage(message('boss', '催报 陵川县 2026Q3'), s);
    assert.match(textOf(reply), /已向陵川县发送催报（1 个会话）/u);
    assert.deepEqual(sent.map((x) => x.conversation), ['a:1'], 'not into the group chat that names the county in front of others');
    assert.match(sent[0]!.text, /督导员催报/u);
    const progress = await handleMessage(message('boss', '进度 2026Q3'), s);
    assert.match(textOf(progress), /最近提醒：11-30 10:00 2026年第3季度督导员催报，已发送/u);
  });

  it('refuses a 催报 for a quarter that has not ended, and such a quarter\'s progress card has no 催报 button', async () => {
    assert.match(textOf(await handleMessage(message('boss', '催报 陵川县 2026Q4'), s)), /2026Q4 还没有结束.*不能催报/u);
    assert.deepEqual(sent, []);
    assert.ok(!commands(await handleMessage(message('boss', '进度 2026Q4'), s)).some((c) => c.startsWith('催报')));
    assert.ok(commands(await handleMessage(message('boss', '进度 2026Q3'), s)).includes('催报 陵川县 2026Q3'));
  });

  it('says 无需催报 for a county with an accepted version, and sends nothing', async () => {
    await repo.addSubmission(newSubmission({ county: '陵川县', period: '2026Q3' }));
    assert.match(textOf(await handleMessage(message('boss', '催报 陵川县 2026Q3'), s)), /无需催报/u);
    assert.deepEqual(sent, []);
  });

  it('reads a reporter\'s "查看提交 2026Q2" as their own county, and refuses another county', async () => {
    await repo.addSubmission(newSubmission({ county: '陵川县', period: '2026Q2', dueDate: '2026-07-15' }));
    assert.match(textOf(await handleMessage(message('lc', '查看提交 2026Q2'), s)), /陵川县的提交记录[\s\S]*2026年第2季度 第 1 版/u);
    assert.match(textOf(await handleMessage(message('lc', '查看提交 泽州县'), s)), /只能查看本县（陵川县）/u);
  });

  it('offers 确认发布 on a draft only once its quarter may be published', async () => {
    assert.ok(commands(await handleMessage(message('boss', '预览通报 2026Q3'), s)).includes('发布通报 2026Q3'));
    assert.ok(!commands(await handleMessage(message('boss', '预览通报 2026Q4'), s)).some((c) => c.startsWith('发布通报')));
    assert.ok(!commands(await handleMessage(message('boss', '帮助'), s)).includes('发布通报'), 'no one-tap publish without a quarter on the help card');
  });

  it('tells the supervisors weeks ahead, once, that the coming due date rests on a year without holiday data', async () => {
    await repo.saveConversation({ key: 'msteams:a:boss:boss', channelId: 'msteams', userId: 'boss', county: null, role: 'supervisor', reference: { ...PERSONAL.reference, conversation: { id: 'a:boss' } }, updatedAt: NOW.toISOString() });
    // 30 Nov 2026: nothing is due for the quarter yet, but 2026Q4's reminders (from 8 Jan 2027) rest on 2027, not covered.
    await runner.tick();
    const told = sent.filter((x) => x.conversation === 'a:boss');
    assert.equal(told.length, 1, JSON.stringify(sent));
    assert.match(told[0]!.text, /2027 年.*尚未收录/u);
    runner.wake();
    await runner.tick();
    assert.equal(sent.filter((x) => x.conversation === 'a:boss').length, 1, 'once');
  });

  it('the quarter buttons stay within the quarters a command accepts', async () => {
    const first = commands(await handleMessage(message('boss', '排名 2020Q1'), s));
    assert.ok(!first.includes('排名 2019Q4') && first.includes('排名 2020Q2'), first.join(' '));
  });
});

