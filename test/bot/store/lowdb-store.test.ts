/**
 * The lowdb repository on a real JSON file in a temp dir: persistence across close and reopen,
 * version numbering (also under concurrent calls), tokens, invites, a damaged store file, and
 * the data-directory lock (in this process, stale locks naming a reused PID or another host, the
 * older lock-file format, and a real second process). Crash and timing cases: lock.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOLDER_FILE, LOCK_FILE, openStore, STORE_FILE, StoreFormatError } from '../../../bot/store/lowdb-store.js';
import { StoreLockedError } from '../../../bot/store/lock.js';
import type { Invite, Repository } from '../../../bot/store/types.js';
import { HISTORY_ITEMS, type HistoryItem, type HistorySnapshot } from '../../../shared/validation/history.js';
import { newSubmission, tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = new Date('2026-10-12T02:00:00.000Z');


function snapshot(staff: number): HistorySnapshot {
  const totals = Object.fromEntries(HISTORY_ITEMS.map((k, i) => [k, i + staff])) as Record<HistoryItem, number>;
  return { period: '2026Q3', county: '泽州县', staff, totals, institutions: { '12140525MB0000000X': totals } };
}

function invite(codeHash: string, over: Partial<Invite> = {}): Invite {
  return {
    codeHash,
    county: '泽州县',
    role: 'reporter',
    createdAt: NOW.toISOString(),
    expiresAt: '2026-10-19T02:00:00.000Z',
    createdBy: 'cli',
    usedAt: null,
    usedBy: null,
    ...over,
  };
}

const user = (id: string) => ({ channelId: 'msteams', userId: id, name: `用户${id}` });

describe('bot/store/lowdb-store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: Repository[] = [];

  async function openTracked(purpose = 'test'): Promise<Repository> {
    const repo = await openStore(dir, purpose, NOW);
    open.push(repo);
    return repo;
  }

  async function closeAll(): Promise<void> {
    while (open.length > 0) await open.pop()!.close();
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    await closeAll();
    await cleanup();
  });

  describe('persistence', () => {
    it('keeps counties, members, tokens, submissions, reminders, notices, conversations and audit across close and reopen', async () => {
      const repo = await openTracked();
      assert.equal(await repo.addCounties([{ name: '泽州县', code: '140525' }, { name: '城区', code: '140502' }], 'cli', NOW), 2);
      assert.equal(await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW), 0, 'a county already there is not added twice');
      await repo.addInvite(invite('h-invite'));
      const redeemed = await repo.redeemInvite('h-invite', user('u1'), NOW);
      assert.equal(redeemed.ok, true);
      await repo.setToken({ county: '泽州县', tokenHash: 'h-token', createdAt: NOW.toISOString(), createdBy: 'cli' });
      const record = await repo.addSubmission(newSubmission({ original: Buffer.from('原始文件'), snapshot: snapshot(40) }));
      assert.equal(await repo.claimReminder('remind:2026Q3:泽州县', NOW), true);
      await repo.markReminder('remind:2026Q3:泽州县', 'sent', '提醒', NOW);
      await repo.addNotice({ id: 'n1', period: '2026Q3', createdAt: NOW.toISOString(), createdBy: 'cli', text: '通报正文', postedAt: null });
      await repo.saveConversation({ key: 'msteams:u1', channelId: 'msteams', userId: 'u1', county: '泽州县', role: 'reporter', reference: { a: 1 }, updatedAt: NOW.toISOString() });
      await repo.audit({ at: NOW.toISOString(), actor: 'cli', action: 'custom.action', detail: '自定义' });
      await closeAll();
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'close releases the lock file');
      assert.ok(existsSync(join(dir, STORE_FILE)));

      const again = await openTracked();
      assert.deepEqual(
        (await again.counties()).map((c) => [c.name, c.code]),
        [
          ['泽州县', '140525'],
          ['城区', '140502'],
        ],
      );
      const m = (await again.member('msteams', 'u1'));
      assert.ok(m);
      assert.equal(m.role, 'reporter');
      assert.equal(m.county, '泽州县');
      assert.equal(m.name, '用户u1');
      assert.equal((await again.countyForToken('h-token')), '泽州县');
      const subs = (await again.submissions());
      assert.equal(subs.length, 1);
      assert.deepEqual(subs[0], record);
      assert.deepEqual(await again.original(subs[0]!), Buffer.from('原始文件'));
      assert.deepEqual(await again.history(subs[0]!), snapshot(40));
      assert.deepEqual(await again.reminders(), [{ key: 'remind:2026Q3:泽州县', status: 'sent', claimedAt: NOW.toISOString(), doneAt: NOW.toISOString(), detail: '提醒' }]);
      assert.equal(await again.claimReminder('remind:2026Q3:泽州县', NOW), false, 'a claimed key stays claimed after reopening');
      assert.deepEqual((await again.notices()).map((n) => [n.id, n.text]), [['n1', '通报正文']]);
      assert.deepEqual((await again.conversations()).map((c) => [c.key, c.reference]), [['msteams:u1', { a: 1 }]]);
      // The redeemed invite stays used after reopening.
      assert.deepEqual(await again.redeemInvite('h-invite', user('u2'), NOW), { ok: false, reason: 'used' });
      const actions = (await again.auditLog()).map((a) => a.action);
      for (const a of ['counties.add', 'invite.create', 'member.bind', 'token.issue', 'submission.add', 'notice.add', 'custom.action']) {
        assert.ok(actions.includes(a), `audit has ${a}: ${actions.join(',')}`);
      }
    });

    it('claims a reminder key once, also among concurrent callers, and keeps how it went', async () => {
      const repo = await openTracked();
      const claims = await Promise.all(Array.from({ length: 10 }, () => repo.claimReminder('k', NOW)));
      assert.equal(claims.filter(Boolean).length, 1);
      await repo.markReminder('k', 'failed', '发送失败：超时', NOW);
      await assert.rejects(repo.markReminder('never-claimed', 'sent', '', NOW));
      await closeAll();
      const json = JSON.parse(await readFile(join(dir, STORE_FILE), 'utf8')) as { reminders: { key: string; status: string; detail: string }[] };
      assert.deepEqual(
        json.reminders.map((r) => [r.key, r.status, r.detail]),
        [['k', 'failed', '发送失败：超时']],
      );
    });

    it('replaces a conversation with the same key instead of adding another', async () => {
      const repo = await openTracked();
      const base = { key: 'msteams:u1', channelId: 'msteams', userId: 'u1', county: null, role: null, updatedAt: NOW.toISOString() };
      await repo.saveConversation({ ...base, reference: 1 });
      await repo.saveConversation({ ...base, reference: 2 });
      assert.deepEqual(
        (await repo.conversations()).map((c) => c.reference),
        [2],
      );
    });

    it('adds only unknown counties, and does not rewrite the file when all are known', async () => {
      const repo = await openTracked();
      const counties = [
        { name: '城区', code: '140502' },
        { name: '泽州县', code: '140525' },
      ];
      assert.equal(await repo.addCounties(counties, 'test', NOW), 2);
      const before = await stat(join(dir, STORE_FILE));
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(await repo.addCounties(counties, 'test', NOW), 0);
      assert.equal((await stat(join(dir, STORE_FILE))).mtimeMs, before.mtimeMs, 'no write when nothing is new');
      assert.equal(await repo.addCounties([...counties, { name: '高平市', code: '140581' }], 'test', NOW), 1);
      assert.deepEqual((await repo.counties()).map((c) => c.name), ['城区', '泽州县', '高平市']);
      assert.equal((await repo.auditLog()).filter((a) => a.action === 'counties.add').length, 2);
    });
  });

  describe('submissions', () => {
    it('numbers versions 1, 2, 3 per county and period and names files by county code', async () => {
      const repo = await openTracked();
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      const v1 = await repo.addSubmission(newSubmission());
      const v2 = await repo.addSubmission(newSubmission());
      const other = await repo.addSubmission(newSubmission({ period: '2026Q2' }));
      const v3 = await repo.addSubmission(newSubmission());
      const unregistered = await repo.addSubmission(newSubmission({ county: '城区' }));
      assert.deepEqual([v1.version, v2.version, v3.version], [1, 2, 3]);
      assert.equal(other.version, 1, 'another period starts again at 1');
      assert.equal(unregistered.version, 1, 'another county starts again at 1');
      assert.equal(v3.id, '140525-2026Q3-v3');
      assert.equal(v3.file, 'submissions/140525/2026Q3/v3.xlsx');
      assert.ok(existsSync(join(dir, v3.file)), 'the original is a file under the data directory');
      assert.deepEqual(
        (await repo.submissions({ county: '泽州县', period: '2026Q3' })).map((s) => s.version),
        [1, 2, 3],
      );
      assert.equal((await repo.submissions({ county: '泽州县' })).length, 4);
      assert.equal((await repo.submissions({ period: '2026Q3' })).length, 4);
    });

    it('gives five concurrent submissions distinct consecutive versions, each with its own bytes', async () => {
      const repo = await openTracked();
      const records = await Promise.all([0, 1, 2, 3, 4].map((i) => repo.addSubmission(newSubmission({ original: Buffer.from(`upload ${i}`), sha256: String(i).repeat(64) }))));
      assert.deepEqual(
        records.map((r) => r.version).sort((a, b) => a - b),
        [1, 2, 3, 4, 5],
      );
      assert.equal(new Set(records.map((r) => r.file)).size, 5);
      for (const [i, r] of records.entries()) {
        assert.equal(r.sha256, String(i).repeat(64));
        assert.equal((await repo.original(r)).toString(), `upload ${i}`, `version ${r.version} keeps its own upload`);
      }
      await closeAll();
      const again = await openTracked();
      assert.deepEqual(
        (await again.submissions())
          .map((s) => s.version)
          .sort((a, b) => a - b),
        [1, 2, 3, 4, 5],
      );
    });

    it('keeps the original bytes exactly and the history snapshot of an accepted submission only', async () => {
      const repo = await openTracked();
      const bytes = Buffer.from([0, 255, 1, 254, 0x50, 0x4b, 3, 4]);
      const accepted = await repo.addSubmission(newSubmission({ original: bytes, snapshot: snapshot(12) }));
      const rejected = await repo.addSubmission(newSubmission({ status: 'rejected', summary: { errors: 2, warnings: 0 }, original: Buffer.from('bad'), snapshot: null }));
      assert.deepEqual(await repo.original(accepted), bytes);
      assert.deepEqual(await repo.history(accepted), snapshot(12));
      assert.equal(accepted.history, 'submissions/泽州县/2026Q3/v1.history.json');
      assert.equal(rejected.history, null);
      assert.equal(await repo.history(rejected), null);
      assert.equal((await repo.original(rejected)).toString(), 'bad');
    });

    it('does not store the bytes or the snapshot inside the record', async () => {
      const repo = await openTracked();
      const r = await repo.addSubmission(newSubmission({ snapshot: snapshot(1) }));
      assert.equal('original' in r, false);
      assert.equal('snapshot' in r, false);
    });
  });

  describe('tokens', () => {
    it("setToken replaces the county's previous token and leaves other counties' tokens alone", async () => {
      const repo = await openTracked();
      const at = NOW.toISOString();
      await repo.setToken({ county: '泽州县', tokenHash: 'old', createdAt: at, createdBy: 'cli' });
      await repo.setToken({ county: '城区', tokenHash: 'other', createdAt: at, createdBy: 'cli' });
      await repo.setToken({ county: '泽州县', tokenHash: 'new', createdAt: at, createdBy: 'cli' });
      assert.equal((await repo.countyForToken('old')), undefined, 'the old token stops working');
      assert.equal((await repo.countyForToken('new')), '泽州县');
      assert.equal((await repo.countyForToken('other')), '城区');
      const issued = (await repo.auditLog()).filter((a) => a.action === 'token.issue');
      assert.equal(issued.length, 3);
      assert.match(issued[2]!.detail, /旧令牌已作废/u);
      assert.doesNotMatch(issued[0]!.detail, /旧令牌已作废/u);
      await closeAll();
      const again = await openTracked();
      assert.equal((await again.countyForToken('old')), undefined);
      assert.equal((await again.countyForToken('new')), '泽州县');
    });
  });

  describe('invites', () => {
    it('refuses an unknown code', async () => {
      const repo = await openTracked();
      assert.deepEqual(await repo.redeemInvite('nope', user('u1'), NOW), { ok: false, reason: 'unknown' });
      assert.equal((await repo.members()).length, 0);
    });

    it('refuses a used code and keeps the first binding', async () => {
      const repo = await openTracked();
      await repo.addInvite(invite('h1'));
      const first = await repo.redeemInvite('h1', user('u1'), NOW);
      assert.equal(first.ok, true);
      assert.deepEqual(await repo.redeemInvite('h1', user('u2'), NOW), { ok: false, reason: 'used' });
      assert.equal((await repo.member('msteams', 'u2')), undefined);
      assert.deepEqual(
        (await repo.members()).map((m) => m.userId),
        ['u1'],
      );
    });

    it('refuses an expired code (also exactly at its expiry instant)', async () => {
      const repo = await openTracked();
      await repo.addInvite(invite('late', { expiresAt: '2026-10-12T01:59:59.000Z' }));
      await repo.addInvite(invite('edge', { expiresAt: NOW.toISOString() }));
      assert.deepEqual(await repo.redeemInvite('late', user('u1'), NOW), { ok: false, reason: 'expired' });
      assert.deepEqual(await repo.redeemInvite('edge', user('u1'), NOW), { ok: false, reason: 'expired' });
      assert.equal((await repo.members()).length, 0);
    });

    it('rebinding replaces the member and reports the previous binding', async () => {
      const repo = await openTracked();
      await repo.addInvite(invite('r1'));
      await repo.addInvite(invite('s1', { role: 'supervisor', county: null }));
      await repo.redeemInvite('r1', user('u1'), NOW);
      const second = await repo.redeemInvite('s1', user('u1'), NOW);
      assert.ok(second.ok);
      assert.equal(second.previous?.role, 'reporter');
      assert.equal(second.previous?.county, '泽州县');
      assert.equal(second.member.role, 'supervisor');
      assert.equal((await repo.members()).length, 1);
      assert.equal((await repo.member('msteams', 'u1'))?.role, 'supervisor');
    });

    it('lets exactly one of two concurrent redeems of one code win', async () => {
      const repo = await openTracked();
      await repo.addInvite(invite('race'));
      const results = await Promise.all([repo.redeemInvite('race', user('a'), NOW), repo.redeemInvite('race', user('b'), NOW)]);
      const winners = results.filter((r) => r.ok);
      assert.equal(winners.length, 1);
      assert.deepEqual(
        results.filter((r) => !r.ok),
        [{ ok: false, reason: 'used' }],
      );
      assert.equal((await repo.members()).length, 1);
    });
  });

  describe('damaged store file', () => {
    it('refuses corrupted JSON with a Chinese StoreFormatError and leaves the file byte-identical', async () => {
      const file = join(dir, STORE_FILE);
      const broken = Buffer.from('{"schema": 1, "counties": [{"name": "泽州县"', 'utf8');
      await writeFile(file, broken);
      await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => {
        assert.ok(err instanceof StoreFormatError);
        assert.match(err.message, /无法读取/u);
        assert.match(err.message, /JSON 格式损坏/u);
        assert.match(err.message, /备份恢复/u);
        return true;
      });
      assert.deepEqual(await readFile(file), broken);
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the lock is released when opening fails');
      // Nothing holds the directory: once the file is fixed, it opens.
      await writeFile(file, JSON.stringify({ schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] }));
      const repo = await openTracked();
      assert.deepEqual((await repo.counties()), []);
    });

    it('refuses a JSON file of another shape or schema version, unchanged', async () => {
      const file = join(dir, STORE_FILE);
      for (const [content, phrase] of [
        ['{"schema": 2}', /版本不符/u],
        ['{"schema": 1, "counties": []}', /缺少 members/u],
        ['[1, 2]', /不是节能通数据文件/u],
      ] as const) {
        await writeFile(file, content);
        await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => err instanceof StoreFormatError && phrase.test(err.message));
        assert.equal(await readFile(file, 'utf8'), content);
      }
    });
  });

  describe('failed writes', () => {
    /** steno writes `.jieneng.json.tmp` first: a directory of that name makes every write fail. */
    async function breakWrites(): Promise<void> {
      await mkdir(join(dir, `.${STORE_FILE}.tmp`));
    }

    it('drops a change whose write failed when the store file exists', async () => {
      const repo = await openTracked();
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      await breakWrites();
      await assert.rejects(repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW));
      assert.deepEqual(
        (await repo.counties()).map((c) => c.name),
        ['泽州县'],
      );
      assert.equal((await repo.auditLog()).length, 1);
    });

    // With no file yet, lowdb's read() keeps the in-memory data: the rollback must reset it itself.
    it('drops a change whose write failed on a fresh store (no file yet)', async () => {
      const repo = await openTracked();
      await breakWrites();
      await assert.rejects(repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW));
      assert.deepEqual((await repo.counties()), []);
      assert.deepEqual((await repo.auditLog()), []);
    });
  });

  describe('lock', () => {
    it('refuses a second open of the same directory in one process, naming the holder', async () => {
      const repo = await openTracked('jieneng invite');
      await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => {
        assert.ok(err instanceof StoreLockedError);
        assert.equal(err.holder?.pid, process.pid);
        assert.match(err.message, /数据目录正被另一个命令占用/u);
        assert.match(err.message, /jieneng invite/u);
        return true;
      });
      // The failed attempt did not disturb the holder.
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; purpose: string };
      assert.equal(holder.pid, process.pid);
      assert.equal(holder.purpose, 'jieneng invite');
      await closeAll();
      assert.equal(existsSync(join(dir, HOLDER_FILE)), false, 'close removes the holder file too');
      const again = await openTracked();
      assert.equal((await again.counties()).length, 1);
    });

    it('takes over a lock not refreshed for the stale time even when its holder names this very process and host (PID reuse)', async () => {
      // What kill -9 leaves when the restarted process gets the same PID (PID 1 in a container).
      const lock = join(dir, LOCK_FILE);
      await mkdir(lock);
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await writeFile(join(dir, HOLDER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'server', since: '2026-01-01T00:00:00.000Z' }));
      const repo = await openTracked('test');
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; purpose: string; since: string };
      assert.equal(holder.purpose, 'test');
      assert.equal(holder.since, NOW.toISOString());
      await repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW);
      assert.equal((await repo.counties()).length, 1);
    });

    it('takes over a stale lock whose holder ran on another host (the hostname changed)', async () => {
      const lock = join(dir, LOCK_FILE);
      await mkdir(lock);
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await writeFile(join(dir, HOLDER_FILE), JSON.stringify({ pid: 1, host: 'container-before-restart', purpose: 'server', since: '2026-01-01T00:00:00.000Z' }));
      await openTracked('jieneng invite');
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; host: string };
      assert.deepEqual([holder.pid, holder.host], [process.pid, hostname()]);
    });

    it('takes over a stale lock file of the older format, even one naming this PID or unreadable', async () => {
      const lock = join(dir, LOCK_FILE);
      const old = new Date(Date.now() - 60_000);
      for (const content of [JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'server', since: '2026-01-01T00:00:00.000Z' }), '{"pid": 12']) {
        await writeFile(lock, content);
        await utimes(lock, old, old);
        await openTracked('test');
        assert.ok((await stat(lock)).isDirectory(), 'now a directory lock');
        await closeAll();
      }
    });

    it('refuses a real second process while the server holds the directory, and lets it in once released', async () => {
      await openTracked('server');
      const script = [
        "import { openStore } from './bot/store/lowdb-store.ts';",
        'try {',
        "  const repo = await openStore(process.argv[1], 'jieneng invite');",
        "  console.log('OPENED');",
        '  await repo.close();',
        '} catch (err) {',
        "  console.log(`${err.name}: ${err.message}`);",
        '}',
      ].join('\n');
      const child = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: ROOT, encoding: 'utf8' });

      const refused = await child();
      assert.match(refused.stdout, /StoreLockedError/u);
      assert.match(refused.stdout, /数据目录正被运行中的服务占用/u);
      assert.ok(refused.stdout.includes(`进程 ${process.pid}，主机 ${hostname()}，自 2026-10-12 10:00 起`), refused.stdout);
      assert.match(refused.stdout, /邀请 泽州县 填报员/u);
      assert.doesNotMatch(refused.stdout, /OPENED/u);
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number };
      assert.equal(holder.pid, process.pid, 'the refused process leaves the lock alone');

      await closeAll();
      const allowed = await child();
      assert.match(allowed.stdout, /OPENED/u);
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the second process released the lock on close');
      assert.equal(existsSync(join(dir, HOLDER_FILE)), false);
    });
  });
});
