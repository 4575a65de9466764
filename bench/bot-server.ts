/**
 * The server under test for bench/bot.ts, in its own process so the load generator does not share
 * its event loop. Starts the real server (demo data, port 0, clock fixed at 2026-10-10 10:00
 * Shanghai), issues a supervisor invite and a 泽州县 API token itself (the start-up log is
 * silenced), and prints one JSON line: {"url", "inviteCode", "token"}. It stops, closing the
 * server and the store, when its stdin closes or on SIGTERM/SIGINT, so `--cpu-prof` profiles get
 * written. JIENENG_INTAKE_THREADS, when set, sizes its intake worker pool (one per core by default).
 *
 *   node --import tsx bench/bot-server.ts <data dir>
 */
import { issueInvite, issueToken } from '../bot/access/access.js';
import { loadConfig } from '../bot/config.js';
import { startServer } from '../bot/server/start.js';

export interface ServerInfo {
  url: string;
  inviteCode: string;
  token: string;
  /** Wall time of start-up including demo seeding (ms). */
  startMs: number;
}

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: bot-server.ts <data dir>\n');
  process.exit(2);
}

const t0 = performance.now();
const now = new Date('2026-10-10T02:00:00Z');
const threads = process.env['JIENENG_INTAKE_THREADS'];
const config = loadConfig({ JIENENG_DATA: dataDir, PORT: '0', JIENENG_SEED_DEMO: 'true', ...(threads ? { JIENENG_INTAKE_THREADS: threads } : {}) });
const server = await startServer(config, { now: () => now, log: () => {} });
const { code } = await issueInvite(server.repo, { county: null, role: 'supervisor', actor: 'bench', now, ttlDays: 7 });
const token = await issueToken(server.repo, '泽州县', 'bench', now);
const info: ServerInfo = { url: server.url, inviteCode: code, token, startMs: performance.now() - t0 };
process.stdout.write(`${JSON.stringify(info)}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
