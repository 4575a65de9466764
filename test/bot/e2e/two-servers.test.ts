/**
 * Two `jieneng serve` processes on different loopback ports sharing one PostgreSQL database
 * (JIENENG_STORE): submissions sent to both get versions 1..N with no gap or duplicate, chat
 * bindings, invites and tokens made through one are seen by the other, and after `kill -9` of one
 * every submission it acknowledged is in the database while the other keeps serving.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hashSecret, issueInvite, issueToken } from '../../../bot/access/access.js';
import { openPostgresStore, type PostgresRepository } from '../../../bot/store/postgres-store.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { lastEndedQuarter, periodId } from '../../../shared/period.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { tempDir } from '../helpers.js';
import { freePort, testDatabaseUrl } from '../store/pg-harness.js';
import { replyText, say, XLSX_TYPE } from './harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./fixtures/jieneng-source.ts', import.meta.url));
const COUNTY = '泽州县';
const PERIOD = lastEndedQuarter(new Date());

interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `jieneng serve` from source (under tsx) in its own process, on `port`, with the store at `store`. */
async function serve(store: string, dataDir: string, port: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', JIENENG_STORE: store, JIENENG_DATA: dataDir, PORT: String(port), HOST: '127.0.0.1', JIENENG_SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const served = { url, child, output: () => output, exited };
  spawned.push(served);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return served;
}

/** Every server process started, so that none outlives the tests even when another failed to start. */
const spawned: Served[] = [];

async function stop(s: Served | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGTERM');
  await s.exited;
}

interface Answer {
  version?: number;
  receipt?: { sha256: string; receivedAt: string };
}

/** POST /api/submissions; a connection cut by a dead server is { status: 0 }. */
async function submit(server: Served, token: string, body: Buffer): Promise<{ status: number; body: Answer }> {
  try {
    const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${token}` }, body });
    return { status: r.status, body: (await r.json()) as Answer };
  } catch {
    return { status: 0, body: {} };
  }
}

describe('e2e: two servers on one PostgreSQL database', function () {
  this.timeout(180_000);
  let db: PostgresRepository;
  let a: Served | undefined;
  let b: Served | undefined;
  let token: string;
  let workbook: Buffer;
  let cleanup: () => Promise<void>;
  const period = periodId(PERIOD);

  const versions = async (): Promise<number[]> => (await db.submissions({ county: COUNTY, period })).map((s) => s.version);
  const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

  before(async () => {
    const url = await testDatabaseUrl();
    db = await openPostgresStore(url);
    await db.addCounties(JINCHENG.counties, 'test', new Date());
    token = await issueToken(db, COUNTY, 'test', new Date());
    workbook = await xlsxBuffer(generateSample({ county: JINCHENG.counties.find((c) => c.name === COUNTY)!, period: PERIOD, institutions: 12, seed: 3 }), { region: JINCHENG });
    const temp = await tempDir();
    cleanup = temp.cleanup;
    // Started together: both apply the migrations' check at once.
    [a, b] = await Promise.all([serve(url, `${temp.dir}/a`, await freePort()), serve(url, `${temp.dir}/b`, await freePort())]);
  });

  after(async () => {
    await Promise.all(spawned.map((x) => stop(x)));
    await db?.close();
    await cleanup?.();
  });

  it('numbers 20 concurrent submissions to both servers 1..20, with no gap or duplicate', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(i % 2 === 0 ? a! : b!, token, workbook)));
    assert.deepEqual(
      answers.map((x) => x.status),
      Array(20).fill(201),
      a!.output() + b!.output(),
    );
    assert.deepEqual(answers.map((x) => x.body.version!).sort((x, y) => x - y), oneTo(20));
    assert.deepEqual(await versions(), oneTo(20));
  });

  it('sees on one server the bindings, invites and tokens made through the other', async () => {
    const supervisorCode = (await issueInvite(db, { county: null, role: 'supervisor', actor: 'test', now: new Date(), ttlDays: 7 })).code;
    const supervisor = { id: '29:supervisor', name: '李督导' };
    assert.match(replyText((await say(a!, supervisor, `绑定 ${supervisorCode}`)).replies), /绑定成功/u);
    // Bound through A, a supervisor on B: only a supervisor may invite.
    const invited = replyText((await say(b!, supervisor, `邀请 ${COUNTY} 填报员`)).replies);
    const code = /邀请码：(\S+?)（/u.exec(invited)?.[1];
    assert.ok(code, invited);
    // Made by B, redeemed through A, used on B.
    const reporter = { id: '29:reporter', name: '王填报' };
    assert.match(replyText((await say(a!, reporter, `绑定 ${code}`)).replies), /绑定成功/u);
    assert.equal((await db.member('msteams', reporter.id))?.county, COUNTY);
    const mine = replyText((await say(b!, reporter, '我的提交')).replies);
    assert.doesNotMatch(mine, /还没有绑定/u);
    assert.match(mine, new RegExp(COUNTY, 'u'));
    assert.equal((await db.invites()).find((i) => i.codeHash === hashSecret(code))?.usedBy, `msteams:${reporter.id}`);

    // A new token (issued while both run) works on both at once; the old one on neither.
    const fresh = await issueToken(db, COUNTY, 'test', new Date());
    for (const server of [a!, b!]) {
      assert.equal((await submit(server, token, Buffer.from('x'))).status, 401);
      assert.notEqual((await submit(server, fresh, Buffer.from('x'))).status, 401);
    }
    token = fresh;
  });

  it('loses nothing a server acknowledged when it is killed with -9, and the other keeps serving', async () => {
    const before = (await versions()).length;
    let killed = false;
    const toA = Array.from({ length: 14 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 60));
      const answer = await submit(a!, token, workbook);
      if (answer.status === 201 && !killed) {
        // The first acknowledgement: the rest are still in flight.
        killed = true;
        a!.child.kill('SIGKILL');
      }
      return answer;
    });
    const toB = Array.from({ length: 6 }, (_, i) => new Promise((r) => setTimeout(r, i * 100)).then(() => submit(b!, token, workbook)));
    const fromA = await Promise.all(toA);
    const fromB = await Promise.all(toB);
    await a!.exited;
    assert.equal(a!.child.signalCode, 'SIGKILL');

    const acknowledged = [...fromA, ...fromB].filter((x) => x.status === 201);
    assert.ok(fromA.some((x) => x.status === 201), 'A acknowledged some before it died');
    assert.ok(fromA.some((x) => x.status === 0), `some were still in flight at A when it died: ${fromA.map((x) => x.status).join(',')}`);
    assert.deepEqual(
      fromB.map((x) => x.status),
      Array(6).fill(201),
    );
    const stored = await db.submissions({ county: COUNTY, period });
    for (const x of acknowledged) {
      const record = stored.find((s) => s.version === x.body.version);
      assert.ok(record, `version ${x.body.version} was acknowledged`);
      assert.equal(record.receivedAt, x.body.receipt!.receivedAt);
      assert.equal(record.sha256, x.body.receipt!.sha256);
    }
    // Unacknowledged work of the dead server was either committed whole or rolled back: still no gap.
    assert.deepEqual(await versions(), oneTo(stored.length));
    assert.ok(stored.length >= before + acknowledged.length);

    const after = await submit(b!, token, workbook);
    assert.equal(after.status, 201);
    assert.equal(after.body.version, stored.length + 1);
    assert.equal((await fetch(`${b!.url}/healthz`)).status, 200);
  });
});
