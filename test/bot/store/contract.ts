/**
 * What every store backend must do, phrased without knowing the backend: counties, invites and
 * their redemption rules, tokens, conversations, submissions (versions, ids, files, history,
 * filters, order), reminder claims, notices, the audit log, the link secret, and that reopening
 * keeps everything. Concurrent callers race on one repository, and, where the backend allows a
 * second one on the same data (PostgreSQL: another pool, as another process), across two.
 * Backends add counties first: the PostgreSQL schema has foreign keys to them.
 */
import assert from 'node:assert/strict';
import type { Invite, Repository, SubmissionRecord } from '../../../bot/store/types.js';
import type { Issue } from '../../../shared/validation/issues.js';
import { HISTORY_ITEMS, type HistoryItem, type HistorySnapshot } from '../../../shared/validation/history.js';
import { newSubmission } from '../helpers.js';

export interface ContractSubject {
  repo: Repository;
  /** Closes `repo` and opens the same data again, as a restart does. */
  reopen?: () => Promise<Repository>;
  /** Another repository on the same data, as a second process has (PostgreSQL). */
  another?: () => Promise<Repository>;
  /** Closes everything opened for the test and removes its data. */
  close: () => Promise<void>;
}

const NOW = new Date('2026-10-12T02:00:00.000Z');
const AT = NOW.toISOString();
const ZEZHOU = { name: '泽州县', code: '140525' };
const CHENGQU = { name: '城区', code: '140502' };
const GAOPING = { name: '高平市', code: '140581' };

function snapshot(staff: number): HistorySnapshot {
  const totals = Object.fromEntries(HISTORY_ITEMS.map((k, i) => [k, i + staff])) as Record<HistoryItem, number>;
  return { period: '2026Q3', county: '泽州县', staff, totals, institutions: { '12140525MB0000000X': totals } };
}

function invite(codeHash: string, over: Partial<Invite> = {}): Invite {
  return { codeHash, county: '泽州县', role: 'reporter', createdAt: AT, expiresAt: '2026-10-19T02:00:00.000Z', createdBy: 'cli', usedAt: null, usedBy: null, ...over };
}

/** An issue as the checker makes it, at `cell` of 能耗 with the cell's value as shown. */
function issueAt(cell: string, value: Issue['value'], over: Partial<Issue> = {}): Issue {
  const row = Number(cell.slice(1));
  return { severity: 'error', code: 'type', sheet: '能耗', cell, row, column: cell[0]!, field: '年耗电量', value, message: `${cell} 的值不对`, ...over };
}

const user = (id: string) => ({ channelId: 'msteams', userId: id, name: `用户${id}` });
const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Everything a repository lists, to compare before and after reopening. */
async function everything(repo: Repository) {
  const submissions = await repo.submissions();
  return {
    counties: await repo.counties(),
    members: await repo.members(),
    invites: await repo.invites(),
    tokens: await repo.tokenCount(),
    conversations: await repo.conversations(),
    submissions,
    originals: await Promise.all(submissions.map((s) => repo.original(s))),
    histories: await Promise.all(submissions.map((s) => repo.history(s))),
    reminders: await repo.reminders(),
    notices: await repo.notices(),
    audit: await repo.auditLog(),
    counts: await repo.counts(),
    linkSecret: await repo.linkSecret(),
  };
}

export function repositoryContract(label: string, open: () => Promise<ContractSubject>): void {
  describe(`store contract: ${label}`, function () {
    let subject: ContractSubject;
    let repo: Repository;

    beforeEach(async () => {
      subject = await open();
      repo = subject.repo;
      await repo.addCounties([ZEZHOU, CHENGQU], 'cli', NOW);
    });

    afterEach(async () => {
      await subject.close();
    });

    /** Callers racing: one repository, or alternately two on the same data when the backend has them. */
    async function racers(): Promise<Repository[]> {
      return subject.another ? [repo, await subject.another()] : [repo];
    }

    describe('counties', () => {
      it('adds only unknown counties, in order, with the time and one audit entry per call that added any', async () => {
        assert.equal(await repo.addCounties([ZEZHOU, CHENGQU], 'cli', NOW), 0, 'a county already there is not added twice');
        const later = new Date('2026-10-13T00:00:00.000Z');
        assert.equal(await repo.addCounties([CHENGQU, GAOPING], 'server', later), 1);
        assert.deepStrictEqual(await repo.counties(), [
          { name: '泽州县', code: '140525', addedAt: AT },
          { name: '城区', code: '140502', addedAt: AT },
          { name: '高平市', code: '140581', addedAt: later.toISOString() },
        ]);
        assert.deepStrictEqual(await repo.auditLog(), [
          { at: AT, actor: 'cli', action: 'counties.add', detail: '泽州县、城区' },
          { at: later.toISOString(), actor: 'server', action: 'counties.add', detail: '高平市' },
        ]);
        assert.deepStrictEqual(await repo.counts(), { counties: 3, submissions: 0 });
      });
    });

    describe('invites', () => {
      it('keeps an invite as given and binds its user once, recording who and when', async () => {
        await repo.addInvite(invite('h1'));
        assert.deepStrictEqual(await repo.invites(), [invite('h1')]);
        const later = new Date('2026-10-13T08:00:00.000Z');
        const result = await repo.redeemInvite('h1', user('u1'), later);
        const member = { channelId: 'msteams', userId: 'u1', name: '用户u1', role: 'reporter', county: '泽州县', boundAt: later.toISOString() };
        assert.deepStrictEqual(result, { ok: true, member, previous: null });
        assert.deepStrictEqual(await repo.member('msteams', 'u1'), member);
        assert.deepStrictEqual(await repo.members(), [member]);
        assert.deepStrictEqual(await repo.invites(), [invite('h1', { usedAt: later.toISOString(), usedBy: 'msteams:u1' })]);
        assert.equal(await repo.member('msteams', 'nobody'), undefined);
        assert.deepStrictEqual((await repo.auditLog()).slice(1), [
          { at: AT, actor: 'cli', action: 'invite.create', detail: 'reporter 泽州县，有效期至 2026-10-19T02:00:00.000Z' },
          { at: later.toISOString(), actor: 'msteams:u1', action: 'member.bind', detail: 'reporter 泽州县' },
        ]);
      });

      it('refuses an unknown code', async () => {
        assert.deepStrictEqual(await repo.redeemInvite('nope', user('u1'), NOW), { ok: false, reason: 'unknown' });
        assert.deepStrictEqual(await repo.members(), []);
      });

      it('refuses a used code and keeps the first binding', async () => {
        await repo.addInvite(invite('h1'));
        assert.equal((await repo.redeemInvite('h1', user('u1'), NOW)).ok, true);
        assert.deepStrictEqual(await repo.redeemInvite('h1', user('u2'), NOW), { ok: false, reason: 'used' });
        assert.equal(await repo.member('msteams', 'u2'), undefined);
        assert.deepStrictEqual(
          (await repo.members()).map((m) => m.userId),
          ['u1'],
        );
      });

      it('refuses an expired code, also exactly at its expiry instant', async () => {
        await repo.addInvite(invite('late', { expiresAt: '2026-10-12T01:59:59.000Z' }));
        await repo.addInvite(invite('edge', { expiresAt: AT }));
        assert.deepStrictEqual(await repo.redeemInvite('late', user('u1'), NOW), { ok: false, reason: 'expired' });
        assert.deepStrictEqual(await repo.redeemInvite('edge', user('u1'), NOW), { ok: false, reason: 'expired' });
        assert.deepStrictEqual(await repo.members(), []);
        assert.ok((await repo.invites()).every((i) => i.usedAt === null && i.usedBy === null), 'a refused code stays unused');
      });

      it('rebinding replaces the member and reports the previous binding', async () => {
        await repo.addInvite(invite('r1'));
        await repo.addInvite(invite('s1', { role: 'supervisor', county: null }));
        const first = await repo.redeemInvite('r1', user('u1'), NOW);
        assert.ok(first.ok);
        const second = await repo.redeemInvite('s1', user('u1'), NOW);
        assert.ok(second.ok);
        assert.deepStrictEqual(second.previous, first.member);
        assert.deepStrictEqual(second.member, { ...first.member, role: 'supervisor', county: null });
        assert.deepStrictEqual(await repo.members(), [second.member]);
        assert.equal((await repo.auditLog()).at(-1)?.detail, 'supervisor 全市（原为 reporter 泽州县）');
      });

      it('lets exactly one of 10 concurrent redeems of one code win', async () => {
        await repo.addInvite(invite('race'));
        const repos = await racers();
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => repos[i % repos.length]!.redeemInvite('race', user(`u${i}`), NOW)));
        const winners = results.filter((r) => r.ok);
        assert.equal(winners.length, 1);
        assert.deepStrictEqual(
          results.filter((r) => !r.ok),
          Array.from({ length: 9 }, () => ({ ok: false, reason: 'used' })),
        );
        assert.deepStrictEqual(await repo.members(), [winners[0]!.member]);
        assert.equal((await repo.auditLog()).filter((e) => e.action === 'member.bind').length, 1);
      });
    });

    describe('tokens', () => {
      it("setToken replaces the county's previous token and leaves other counties' tokens alone", async () => {
        await repo.setToken({ county: '泽州县', tokenHash: 'old', createdAt: AT, createdBy: 'cli' });
        await repo.setToken({ county: '城区', tokenHash: 'other', createdAt: AT, createdBy: 'cli' });
        await repo.setToken({ county: '泽州县', tokenHash: 'new', createdAt: AT, createdBy: 'cli' });
        assert.equal(await repo.countyForToken('old'), undefined, 'the old token stops working');
        assert.equal(await repo.countyForToken('new'), '泽州县');
        assert.equal(await repo.countyForToken('other'), '城区');
        assert.equal(await repo.tokenCount(), 2);
        assert.deepStrictEqual(
          (await repo.auditLog()).filter((a) => a.action === 'token.issue').map((a) => [a.actor, a.detail]),
          [
            ['cli', '泽州县'],
            ['cli', '城区'],
            ['cli', '泽州县（旧令牌已作废）'],
          ],
        );
      });
    });

    describe('conversations', () => {
      it('keeps the reference as given and replaces a conversation with the same key', async () => {
        const base = { key: 'msteams:u1', channelId: 'msteams', userId: 'u1', county: null, role: null, updatedAt: AT };
        const reference = { conversation: { id: 'a:1', tenantId: 't' }, serviceUrl: 'https://smba.trafficmanager.net/cn/', user: { id: 'u1' } };
        await repo.saveConversation({ ...base, reference });
        await repo.saveConversation({ ...base, key: 'msteams:u2', userId: 'u2', reference: 1 });
        const updated = { ...base, county: '泽州县', role: 'reporter' as const, reference: { ...reference, bot: { id: 'b' } }, updatedAt: '2026-10-13T00:00:00.000Z' };
        await repo.saveConversation(updated);
        assert.deepStrictEqual(await repo.conversations(), [updated, { ...base, key: 'msteams:u2', userId: 'u2', reference: 1 }]);
      });
    });

    describe('submissions', () => {
      it('numbers versions 1, 2, 3 per county and period and names ids and files by county code', async () => {
        const v1 = await repo.addSubmission(newSubmission());
        const v2 = await repo.addSubmission(newSubmission());
        const other = await repo.addSubmission(newSubmission({ period: '2026Q2' }));
        const v3 = await repo.addSubmission(newSubmission());
        const otherCounty = await repo.addSubmission(newSubmission({ county: '城区' }));
        assert.deepStrictEqual([v1.version, v2.version, v3.version], [1, 2, 3]);
        assert.equal(other.version, 1, 'another period starts again at 1');
        assert.equal(otherCounty.version, 1, 'another county starts again at 1');
        assert.deepStrictEqual(
          [v1, v3, other, otherCounty].map((r) => [r.id, r.file, r.history]),
          [
            ['140525-2026Q3-v1', 'submissions/140525/2026Q3/v1.xlsx', null],
            ['140525-2026Q3-v3', 'submissions/140525/2026Q3/v3.xlsx', null],
            ['140525-2026Q2-v1', 'submissions/140525/2026Q2/v1.xlsx', null],
            ['140502-2026Q3-v1', 'submissions/140502/2026Q3/v1.xlsx', null],
          ],
        );
        assert.deepStrictEqual(await repo.counts(), { counties: 2, submissions: 5 });
      });

      it('returns the record as stored: every field given, without the bytes or the snapshot', async () => {
        const given = newSubmission({
          status: 'accepted-with-warnings',
          format: 'json',
          via: 'chat',
          sender: { kind: 'member', id: 'msteams:u1', name: '张三' },
          late: true,
          summary: { errors: 0, warnings: 1 },
          explained: 1,
          issues: [issueAt('B7', 12.5, { severity: 'warning', code: 'outlier', message: '偏高' })],
          issueCount: 1,
          indicators: { 单位建筑面积能耗: 12.5, 人均能耗: null, 人均水耗: 0.1 + 0.2 },
          snapshot: snapshot(3),
        });
        const record = await repo.addSubmission(given);
        const { original: _o, snapshot: _s, ...fields } = given;
        const expected: SubmissionRecord = { ...fields, id: '140525-2026Q3-v1', version: 1, file: 'submissions/140525/2026Q3/v1.json', history: 'submissions/140525/2026Q3/v1.history.json' };
        assert.deepStrictEqual(record, expected);
        assert.deepStrictEqual(await repo.submissions(), [expected]);
        assert.equal('original' in record || 'snapshot' in record, false);
      });

      it('keeps the original bytes exactly and the history snapshot of an accepted submission only', async () => {
        const bytes = Buffer.from([0, 255, 1, 254, 0x50, 0x4b, 3, 4]);
        const accepted = await repo.addSubmission(newSubmission({ original: bytes, snapshot: snapshot(12) }));
        const rejected = await repo.addSubmission(newSubmission({ status: 'rejected', summary: { errors: 2, warnings: 0 }, original: Buffer.from('bad'), snapshot: null }));
        assert.deepStrictEqual(await repo.original(accepted), bytes);
        assert.deepStrictEqual(await repo.history(accepted), snapshot(12));
        assert.equal(accepted.history, 'submissions/140525/2026Q3/v1.history.json');
        assert.equal(rejected.history, null);
        assert.equal(await repo.history(rejected), null);
        assert.equal((await repo.original(rejected)).toString(), 'bad');
      });

      it('filters by county, period or both (an empty filter is none) and lists in the order received', async () => {
        const order = [
          { county: '泽州县', period: '2026Q3' },
          { county: '城区', period: '2026Q3' },
          { county: '泽州县', period: '2026Q2' },
          { county: '泽州县', period: '2026Q3' },
          { county: '城区', period: '2026Q2' },
        ];
        const added: SubmissionRecord[] = [];
        for (const o of order) added.push(await repo.addSubmission(newSubmission(o)));
        const ids = (xs: SubmissionRecord[]) => xs.map((s) => s.id);
        assert.deepStrictEqual(ids(await repo.submissions()), ids(added));
        assert.deepStrictEqual(ids(await repo.submissions({})), ids(added));
        assert.deepStrictEqual(ids(await repo.submissions({ county: '', period: '' })), ids(added));
        assert.deepStrictEqual(ids(await repo.submissions({ county: '泽州县' })), ['140525-2026Q3-v1', '140525-2026Q2-v1', '140525-2026Q3-v2']);
        assert.deepStrictEqual(ids(await repo.submissions({ period: '2026Q3' })), ['140525-2026Q3-v1', '140502-2026Q3-v1', '140525-2026Q3-v2']);
        assert.deepStrictEqual(ids(await repo.submissions({ county: '城区', period: '2026Q2' })), ['140502-2026Q2-v1']);
        assert.deepStrictEqual(await repo.submissions({ county: '高平市' }), []);
        assert.deepStrictEqual(
          (await repo.auditLog()).filter((a) => a.action === 'submission.add').map((a) => [a.actor, a.detail]),
          added.map((s) => ['token:泽州县', `${s.county} ${s.period} v${s.version} accepted sha256=${'ab'.repeat(32)}`]),
        );
      });

      it("keeps each submission's issues in order with text, number, true/false and empty values, and its indicators with nulls in key order", async () => {
        const values: Issue['value'][] = ['文本', '', 'Infinity', 0, 12, -1.5e-7, 0.1 + 0.2, 1e21, 2 ** 53 + 2, Number.MAX_VALUE, 5e-324, true, false, null];
        const issues = values.map((v, i) => issueAt(`C${i + 2}`, v, i % 2 === 0 ? {} : { severity: 'warning', code: 'outlier', field: null }));
        const indicators = { 'z.last': 1 / 3, 'a.first': null, 'm.middle': -2.5e-300, 'b.zero': 0, 'y.null': null };
        const first = await repo.addSubmission(newSubmission({ status: 'rejected', issues, issueCount: 40, indicators }));
        const other = await repo.addSubmission(newSubmission({ period: '2026Q2', issues: issues.slice(3, 5).reverse(), issueCount: 2, indicators: { 'b.zero': 7 } }));
        const plain = await repo.addSubmission(newSubmission({ county: '城区' }));
        assert.deepStrictEqual(first.issues, issues);
        assert.deepStrictEqual(first.indicators, indicators);
        assert.deepStrictEqual(await repo.submissions(), [first, other, plain]);
        const [stored] = await repo.submissions({ county: '泽州县', period: '2026Q3' });
        assert.deepStrictEqual(stored!.issues, issues);
        assert.deepStrictEqual(Object.keys(stored!.indicators), ['z.last', 'a.first', 'm.middle', 'b.zero', 'y.null'], 'keys in the order given');
        assert.deepStrictEqual(stored!.indicators, indicators);
        assert.deepStrictEqual((await repo.submissions({ period: '2026Q2' }))[0]!.issues, [issues[4], issues[3]]);
        assert.deepStrictEqual((await repo.submissions({ county: '城区' }))[0]!.issues, []);
        assert.deepStrictEqual((await repo.submissions({ county: '城区' }))[0]!.indicators, {});
      });

      it('gives 20 concurrent submissions of one county and period versions 1..20 exactly, each with its own bytes', async () => {
        const repos = await racers();
        const records = await Promise.all(
          Array.from({ length: 20 }, (_, i) => repos[i % repos.length]!.addSubmission(newSubmission({ original: Buffer.from(`upload ${i}`), sha256: i.toString(16).padStart(64, '0') }))),
        );
        assert.deepStrictEqual(ascending(records.map((r) => r.version)), oneTo(20));
        assert.equal(new Set(records.map((r) => r.id)).size, 20);
        assert.equal(new Set(records.map((r) => r.file)).size, 20);
        for (const [i, r] of records.entries()) {
          assert.equal(r.sha256, i.toString(16).padStart(64, '0'));
          assert.equal((await repo.original(r)).toString(), `upload ${i}`, `version ${r.version} keeps its own upload`);
        }
        const stored = await repo.submissions({ county: '泽州县', period: '2026Q3' });
        assert.deepStrictEqual(ascending(stored.map((s) => s.version)), oneTo(20));
        assert.equal((await repo.auditLog()).filter((e) => e.action === 'submission.add').length, 20);
      });
    });

    describe('reminders', () => {
      it('claims a key once, marks it sent or failed, and refuses to mark a key never claimed', async () => {
        assert.equal(await repo.claimReminder('remind:泽州县:2026Q3:d-3', NOW), true);
        assert.equal(await repo.claimReminder('remind:泽州县:2026Q3:d-3', NOW), false);
        assert.equal(await repo.claimReminder('remind:城区:2026Q3:d-3', NOW), true);
        assert.deepStrictEqual(await repo.reminders(), [
          { key: 'remind:泽州县:2026Q3:d-3', status: 'claimed', claimedAt: AT, doneAt: null, detail: '', attempts: 1 },
          { key: 'remind:城区:2026Q3:d-3', status: 'claimed', claimedAt: AT, doneAt: null, detail: '', attempts: 1 },
        ]);
        const done = '2026-10-12T02:00:05.000Z';
        await repo.markReminder('remind:泽州县:2026Q3:d-3', 'sent', '已发送给 2 人', new Date(done));
        await repo.markReminder('remind:城区:2026Q3:d-3', 'failed', '发送失败：超时', new Date(done));
        await assert.rejects(repo.markReminder('remind:never-claimed', 'sent', '', NOW), /never claimed/u);
        assert.deepStrictEqual(await repo.reminders(), [
          { key: 'remind:泽州县:2026Q3:d-3', status: 'sent', claimedAt: AT, doneAt: done, detail: '已发送给 2 人', attempts: 1 },
          { key: 'remind:城区:2026Q3:d-3', status: 'failed', claimedAt: AT, doneAt: done, detail: '发送失败：超时', attempts: 1 },
        ]);
        assert.equal(await repo.claimReminder('remind:泽州县:2026Q3:d-3', NOW), false, 'a sent reminder is not claimed again');
      });

      it('takes back a failed reminder once per failure, never a sent or claimed one, and counts the attempts', async () => {
        const later = new Date('2026-10-12T02:10:00.000Z');
        assert.equal(await repo.claimReminder('sent', NOW), true);
        await repo.markReminder('sent', 'sent', '已发送', NOW);
        assert.equal(await repo.claimReminder('claimed', NOW), true);
        assert.equal(await repo.claimReminder('failed', NOW), true);
        await repo.markReminder('failed', 'failed', '连接超时', NOW);
        assert.equal(await repo.retryReminder('sent', later), false);
        assert.equal(await repo.retryReminder('claimed', later), false);
        assert.equal(await repo.retryReminder('absent', later), false);
        const repos = await racers();
        const takes = await Promise.all(Array.from({ length: 6 }, (_, i) => repos[i % repos.length]!.retryReminder('failed', later)));
        assert.equal(takes.filter(Boolean).length, 1, 'one of six concurrent retries takes it');
        const retried = (await repo.reminders()).find((r) => r.key === 'failed');
        assert.deepStrictEqual(retried, { key: 'failed', status: 'claimed', claimedAt: later.toISOString(), doneAt: null, detail: '连接超时', attempts: 2 });
        await repo.markReminder('failed', 'sent', '第 2 次发送成功', later);
        assert.equal(await repo.retryReminder('failed', later), false, 'sent after the retry: not taken again');
      });

      it('claims and marks many keys in one call, each key by one caller, and reads back only the keys asked for', async () => {
        assert.equal(await repo.claimReminder('b', NOW), true);
        assert.deepEqual(await repo.claimReminders(['a', 'b', 'c', 'a'], NOW), ['a', 'c'], 'b was taken before; a asked twice is taken once');
        assert.deepEqual(await repo.claimReminders([], NOW), []);
        const repos = await racers();
        const batches = await Promise.all(repos.map((r) => r.claimReminders(['x1', 'x2', 'x3'], NOW)));
        assert.deepEqual(batches.flat().sort(), ['x1', 'x2', 'x3'], 'racing batches share the keys out, none twice');
        const done = '2026-10-12T02:00:05.000Z';
        await repo.markReminders([{ key: 'a', status: 'sent', detail: '已发到聊天' }, { key: 'c', status: 'failed', detail: '连接超时' }], new Date(done));
        await assert.rejects(repo.markReminders([{ key: 'x1', status: 'sent', detail: '' }, { key: 'never', status: 'sent', detail: '' }], new Date(done)), /never claimed/u);
        const got = await repo.reminders(['c', 'a', 'x1', 'absent']);
        assert.deepEqual(
          got.map((r) => [r.key, r.status, r.detail, r.doneAt]),
          [
            ['a', 'sent', '已发到聊天', done],
            ['c', 'failed', '连接超时', done],
            ['x1', 'claimed', '', null],
          ],
          'in ledger order; a failed batch changed nothing (x1 still claimed)',
        );
        assert.equal(await repo.retryReminder('c', NOW), true, 'a batch-marked failure is retried like any other');
      });

      it('gives exactly one of 10 concurrent claims of one key true', async () => {
        const repos = await racers();
        const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => repos[i % repos.length]!.claimReminder('k', NOW)));
        assert.equal(claims.filter(Boolean).length, 1);
        assert.equal((await repo.reminders()).length, 1);
      });
    });

    describe('notices and the audit log', () => {
      it('keeps notices as given, and audit entries in the order written', async () => {
        const content = { title: '关于2026年第三季度公共机构节能工作情况的通报', rows: [{ rank: 1, county: '城区', total: 87.5 }], draft: false };
        const notice = { id: 'n1', period: '2026Q3', createdAt: AT, createdBy: 'cli', text: '通报正文', postedAt: null, revision: 0, docNumber: '晋市机管通〔2026〕1号', content };
        await repo.addNotice(notice);
        await repo.addNotice({ ...notice, id: 'n2', postedAt: AT, revision: 1 });
        assert.deepStrictEqual(await repo.notices(), [notice, { ...notice, id: 'n2', postedAt: AT, revision: 1 }]);
        const custom = { at: '2026-10-12T03:00:00.000Z', actor: 'msteams:u1', action: 'custom.action', detail: '自定义：含“引号”与换行\n第二行' };
        await repo.audit(custom);
        assert.deepStrictEqual((await repo.auditLog()).slice(1), [
          { at: AT, actor: 'cli', action: 'notice.add', detail: '2026Q3 n1' },
          { at: AT, actor: 'cli', action: 'notice.add', detail: '2026Q3 n2' },
          custom,
        ]);
      });
    });

    describe('work that runs once at a time', () => {
      it('runs one of two overlapping calls of one name, and the next call after it ended', async () => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let runs = 0;
        const first = repo.runExclusive('reminder-tick', async () => {
          runs++;
          await gate;
          return 'first';
        });
        await new Promise((r) => setTimeout(r, 50));
        const [, other] = await racers();
        const second = await (other ?? repo).runExclusive('reminder-tick', async () => {
          runs++;
          return 'second';
        });
        assert.deepEqual(second, { ran: false });
        assert.deepEqual(await repo.runExclusive('notice-job', async () => 'other name'), { ran: true, value: 'other name' });
        release();
        assert.deepEqual(await first, { ran: true, value: 'first' });
        assert.deepEqual(await repo.runExclusive('reminder-tick', async () => 'later'), { ran: true, value: 'later' });
        assert.equal(runs, 1);
      });
    });

    describe('link secret', () => {
      it('is 32 bytes or more, made once and the same on every call', async () => {
        const first = await repo.linkSecret();
        assert.ok(first.length >= 32);
        assert.deepStrictEqual(await repo.linkSecret(), first);
        if (subject.another) assert.deepStrictEqual(await (await subject.another()).linkSecret(), first, 'another process on the same data signs alike');
      });
    });

    describe('reopening', () => {
      it('keeps everything: records, files, claims, used invites, the audit log and the link secret', async function () {
        if (!subject.reopen) this.skip();
        await repo.addInvite(invite('h-invite'));
        assert.equal((await repo.redeemInvite('h-invite', user('u1'), NOW)).ok, true);
        await repo.addInvite(invite('h-open', { role: 'supervisor', county: null }));
        await repo.setToken({ county: '泽州县', tokenHash: 'h-token', createdAt: AT, createdBy: 'cli' });
        await repo.addSubmission(newSubmission({ original: Buffer.from('原始文件'), snapshot: snapshot(40) }));
        await repo.addSubmission(newSubmission({ county: '城区', status: 'rejected', original: Buffer.from([0, 1, 2]) }));
        assert.equal(await repo.claimReminder('remind:2026Q3:泽州县', NOW), true);
        await repo.markReminder('remind:2026Q3:泽州县', 'sent', '提醒', NOW);
        assert.equal(await repo.claimReminder('remind:2026Q3:城区', NOW), true);
        await repo.addNotice({ id: 'n1', period: '2026Q3', createdAt: AT, createdBy: 'cli', text: '通报正文', postedAt: null, revision: 0, docNumber: '〔2026〕1号', content: { a: [1, '二'] } });
        await repo.saveConversation({ key: 'msteams:u1', channelId: 'msteams', userId: 'u1', county: '泽州县', role: 'reporter', reference: { a: 1, b: [null, '二'] }, updatedAt: AT });
        await repo.audit({ at: AT, actor: 'cli', action: 'custom.action', detail: '自定义' });
        const before = await everything(repo);

        const again = await subject.reopen!();
        assert.deepStrictEqual(await everything(again), before);
        assert.equal(await again.countyForToken('h-token'), '泽州县');
        assert.deepStrictEqual(await again.redeemInvite('h-invite', user('u2'), NOW), { ok: false, reason: 'used' });
        assert.equal(await again.claimReminder('remind:2026Q3:城区', NOW), false, 'a claimed key stays claimed');
        assert.equal((await again.addSubmission(newSubmission())).version, 2, 'numbering goes on');
      });
    });
  });
}
