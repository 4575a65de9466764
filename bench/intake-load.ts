/**
 * Step 3 of bench/bot.ts: how the server answers others while it takes in a big workbook. One
 * POST /api/submissions of the workbook with the county token; while it is in flight, GET /healthz
 * is sent every `intervalMs` on a schedule that does not wait for earlier answers (a stalled event
 * loop shows as the latency of every ping due during the stall, not as one slow ping: no
 * coordinated omission). Each ping's latency counts from when it was due.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface IntakeLoadRun {
  /** Client-side time of the POST, from sending to the last byte of the answer (ms). */
  intakeMs: number;
  /** The answer's `status`, e.g. "accepted". */
  status: string;
  /** Latency of every /healthz ping due while the POST was in flight (ms). */
  healthz: number[];
  /** Pings that failed (not 200, or a socket error). */
  failed: number;
}

function ping(url: URL, agent: Agent, due: number, out: number[], fail: () => void): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) out.push(performance.now() - due);
        else fail();
        resolve();
      });
    });
    req.on('error', () => {
      fail();
      resolve();
    });
    req.end();
  });
}

/** One intake under observation. Generate `data` beforehand: this process must stay idle while it pings. */
export async function intakeUnderLoad(baseUrl: string, token: string, data: Buffer, intervalMs: number): Promise<IntakeLoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const healthz = new URL('/healthz', baseUrl);
  const latencies: number[] = [];
  let failed = 0;
  // Warm the connection pool so the first pings do not pay for connecting.
  await Promise.all(Array.from({ length: 4 }, () => ping(healthz, agent, performance.now(), [], () => undefined)));

  let done = false;
  const t0 = performance.now();
  const post = fetch(new URL('/api/submissions', baseUrl), { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': XLSX_TYPE }, body: data }).then(
    async (res) => {
      const text = await res.text();
      const intakeMs = performance.now() - t0;
      done = true;
      return { code: res.status, text, intakeMs };
    },
    (err: unknown) => {
      done = true;
      throw err;
    },
  );
  const pending: Promise<void>[] = [];
  for (let i = 0; !done; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait); // never early: a latency is counted from the planned moment
    if (done) break;
    pending.push(ping(healthz, agent, due, latencies, () => void failed++));
  }
  const answer = await post;
  await Promise.all(pending);
  agent.destroy();
  if (answer.code !== 201) throw new Error(`POST /api/submissions answered ${answer.code}: ${answer.text.slice(0, 300)}`);
  const status = (JSON.parse(answer.text) as { status: string }).status;
  return { intakeMs: answer.intakeMs, status, healthz: latencies, failed };
}
