/**
 * jieneng store copy: the demo data (plus a bound member, a conversation, a reminder and a notice)
 * goes lowdb → PostgreSQL → lowdb and comes back with the same records and byte-identical files;
 * a non-empty target, a locked data directory and bad addresses are refused in Chinese.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { JINCHENG } from '../../../shared/counties.js';
import { hashSecret } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { seedDemo } from '../../../bot/demo/seed.js';
import { memoryStore, openStore, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { openPostgresStore } from '../../../bot/store/postgres-store.js';
import { copyStore, transferOf } from '../../../bot/store/transfer.js';
import type { Repository, StoreData } from '../../../bot/store/types.js';
import { cli, tempDir } from '../helpers.js';
import { testDatabaseUrl } from '../store/pg-harness.js';

const NOW = new Date('2026-11-25T02:00:00Z');

async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const entry of await readdir(join(dir, 'submissions'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      found.set(relative(dir, path), await readFile(path));
    }
  }
  return found;
}

/** The store file's records; tokens (one per county, no order of their own in PostgreSQL) by county. */
async function records(dir: string): Promise<StoreData> {
  const data = JSON.parse(await readFile(join(dir, STORE_FILE), 'utf8')) as StoreData;
  data.tokens.sort((a, b) => (a.county < b.county ? -1 : 1));
  return data;
}

describe('jieneng store copy', function () {
  this.timeout(120_000);
  const temps: { cleanup: () => Promise<void> }[] = [];
  let source: string;
  let pgUrl: string;

  before(async () => {
    const t = await tempDir();
    temps.push(t);
    source = t.dir;
    const repo = await openStore(source, 'test', NOW);
    const demo = await seedDemo(repo, { region: JINCHENG, calendar: CHINA_CALENDAR, now: NOW, inviteTtlDays: 7 });
    // What the demo lacks: a bound member, a conversation, a reminder and a notice.
    const user = { channelId: 'msteams', userId: '29:zhang', name: '张三' };
    assert.equal((await repo.redeemInvite(hashSecret(demo.reporterCodes['泽州县']!), user, NOW)).ok, true);
    await repo.saveConversation({ key: 'msteams:29:zhang', channelId: 'msteams', userId: '29:zhang', county: '泽州县', role: 'reporter', reference: { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' }, updatedAt: NOW.toISOString() });
    assert.equal(await repo.claimReminder('2026Q3/陵川县/due-1', NOW), true);
    await repo.markReminder('2026Q3/陵川县/due-1', 'sent', '已发送 1 人', NOW);
    await repo.addNotice({ id: 'n1', period: '2026Q3', createdAt: NOW.toISOString(), createdBy: 'cli', text: '通报：陵川县尚未报送。', postedAt: null, revision: 0, docNumber: '晋市机管通〔2026〕1号', content: { title: '通报' } });
    await repo.close();
    pgUrl = await testDatabaseUrl();
  });

  after(async () => {
    for (const t of temps) await t.cleanup();
  });

  it('goes lowdb → PostgreSQL → lowdb with the same records and byte-identical files, and says it checked', async () => {
    const toPg = await cli(['store', 'copy', '--from', source, '--to', pgUrl], NOW);
    assert.equal(toPg.code, 0, toPg.err);
    assert.match(toPg.out, /提交版本\s+10 条/u);
    assert.match(toPg.out, /原始文件和历史快照 \d+ 个/u);
    assert.match(toPg.out, /校验通过/u);
    assert.doesNotMatch(toPg.out, new RegExp(new URL(pgUrl).password, 'u'), 'the password is not printed');

    const pg = await openPostgresStore(pgUrl);
    try {
      const original = await records(source);
      assert.deepEqual(await pg.submissions(), original.submissions);
      assert.deepEqual(await pg.auditLog(), original.audit);
      assert.deepEqual(await pg.members(), original.members);
      assert.equal(await pg.countyForToken(original.tokens[0]!.tokenHash), original.tokens[0]!.county);
      // The bytes, not a re-encoding: the stored original of every version is what was uploaded.
      for (const s of original.submissions) assert.deepEqual(await pg.original(s), await readFile(join(source, s.file)));
    } finally {
      await pg.close();
    }

    const back = await tempDir();
    temps.push(back);
    const toLowdb = await cli(['store', 'copy', '--from', pgUrl, '--to', back.dir], NOW);
    assert.equal(toLowdb.code, 0, toLowdb.err);
    assert.deepStrictEqual(await records(back.dir), await records(source));
    const before = await filesUnder(source);
    const after = await filesUnder(back.dir);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    assert.ok(before.size >= 20, `originals and snapshots: ${before.size}`);
    for (const [path, bytes] of before) assert.ok(after.get(path)!.equals(bytes), path);
  });

  it('refuses a non-empty target, names what is there and changes nothing', async () => {
    const target = await tempDir();
    temps.push(target);
    const first = await cli(['store', 'copy', '--from', source, '--to', target.dir], NOW);
    assert.equal(first.code, 0, first.err);
    const stored = await readFile(join(target.dir, STORE_FILE), 'utf8');

    const again = await cli(['store', 'copy', '--from', source, '--to', target.dir], NOW);
    assert.equal(again.code, 2);
    assert.match(again.err, /已有数据（县（市、区） 6 条、绑定的聊天用户 1 条、.*提交版本 10 条.*），没有复制任何内容/u);
    assert.equal(await readFile(join(target.dir, STORE_FILE), 'utf8'), stored);

    const busyDb = await testDatabaseUrl();
    const repo = await openPostgresStore(busyDb);
    await repo.addCounties(JINCHENG.counties, 'server', NOW);
    await repo.close();
    const intoDb = await cli(['store', 'copy', '--from', source, '--to', busyDb], NOW);
    assert.equal(intoDb.code, 2);
    assert.match(intoDb.err, /已有数据（县（市、区） 6 条、审计日志 1 条）/u);
  });

  it('finds a target that differs from the source after the copy', async () => {
    const src = await openStore(source, 'test', NOW);
    const inner = memoryStore();
    // A target that keeps a wrong byte in the first original and drops the last audit entry.
    const lossy = Object.assign(Object.create(inner) as Repository, {
      importAll: (data: StoreData, file: (r: StoreData['submissions'][number], k: 'original' | 'history') => Promise<Buffer>) =>
        transferOf(inner).importAll({ ...data, audit: data.audit.slice(0, -1) }, async (r, k) => {
          const bytes = Buffer.from(await file(r, k));
          if (r === data.submissions[0] && k === 'original') bytes[0] = bytes[0]! ^ 0xff;
          return bytes;
        }),
      exportAll: transferOf(inner).exportAll.bind(inner),
    });
    try {
      const report = await copyStore(src, lossy);
      const first = (await src.submissions())[0]!;
      assert.deepEqual(
        report.mismatches.map((m) => (m.kind === 'file' ? `${m.kind} ${m.id} ${m.file}` : `${m.kind} ${m.table}`)),
        ['count audit', `file ${first.id} original`],
      );
    } finally {
      await src.close();
    }
  });

  it('refuses a data directory a running service holds', async () => {
    const held = await openStore(source, 'server', NOW);
    try {
      const r = await cli(['store', 'copy', '--from', source, '--to', join(source, 'copy')], NOW);
      assert.equal(r.code, 2);
      assert.match(r.err, /错误：.*(占用|锁)/u);
    } finally {
      await held.close();
    }
  });

  it('says in Chinese what is wrong with an address, without the password', async () => {
    const scheme = await cli(['store', 'copy', '--from', source, '--to', 'mysql://root:hunter2@127.0.0.1/jieneng'], NOW);
    assert.equal(scheme.code, 2);
    assert.match(scheme.err, /目标数据库（--to）：.*不是有效的 PostgreSQL 连接地址.*应以 postgres:\/\/ 或 postgresql:\/\/ 开头/u);
    assert.doesNotMatch(scheme.err, /hunter2/u);

    const refused = await cli(['store', 'copy', '--from', 'postgres://jn:hunter2@127.0.0.1:1/jieneng', '--to', join(source, 'copy')], NOW);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /来源数据库（--from）：无法连接 PostgreSQL 服务器 127\.0\.0\.1:1：连接被拒绝/u);
    assert.doesNotMatch(refused.err, /hunter2|at .*\.ts/u);

    const missing = await cli(['store', 'copy', '--from', join(source, 'nothing-here'), '--to', pgUrl], NOW);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /来源数据目录 .* 中没有节能通数据文件 jieneng\.json/u);

    const usage = await cli(['store', 'copy', '--from', source], NOW);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /需要 --from 和 --to/u);
    assert.match((await cli(['store', 'move'], NOW)).err, /store 没有“move”这个子命令（可用：copy）/u);
  });
});
