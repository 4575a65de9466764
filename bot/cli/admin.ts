/** The commands that touch the store: invite, token, the demo data, and serve. */
import type { County, Region } from '../../shared/counties.js';
import { issueInvite, issueToken, ROLE_LABEL } from '../access/access.js';
import { CHINA_CALENDAR } from '../calendar/chinese-days.js';
import { loadConfig, storeFromConfig } from '../config.js';
import { saveCredentials, seedDemo, untouched } from '../demo/seed.js';
import { dataDir } from '../log.js';
import { startServer } from '../server/start.js';
import { openRepository } from '../store/open.js';
import type { Repository, Role } from '../store/types.js';
import { StoreLockedError } from '../store/lock.js';
import type { Format } from './cli.js';
import type { Io } from './commands.js';

const CLI_ACTOR = 'cli';

async function withStore<T>(purpose: string, io: Io, region: Region, work: (repo: Repository) => Promise<T>): Promise<T> {
  const repo = await openRepository({ dataDir: dataDir(), store: storeFromConfig() }, purpose, io.now());
  try {
    await repo.addCounties(region.counties, CLI_ACTOR, io.now());
    return await work(repo);
  } finally {
    await repo.close();
  }
}

export async function runInvite(cmd: { county: County | null; role: Role; format: Format }, io: Io, region: Region): Promise<number> {
  const ttlDays = loadConfig().inviteTtlDays;
  const issued = await withStore('jieneng invite', io, region, (repo) =>
    issueInvite(repo, { county: cmd.county?.name ?? null, role: cmd.role, actor: CLI_ACTOR, now: io.now(), ttlDays }),
  );
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ code: issued.code }));
    return 0;
  }
  const who = cmd.role === 'reporter' ? `${cmd.county!.name}${ROLE_LABEL.reporter}` : `全市${ROLE_LABEL.supervisor}`;
  io.out(`${who}邀请码：${issued.code}\n一次有效，${ttlDays} 天内使用。请转交本人，在与机器人的聊天中发送：绑定 ${issued.code}`);
  return 0;
}

export async function runToken(cmd: { county: County; format: Format }, io: Io, region: Region): Promise<number> {
  const token = await withStore('jieneng token', io, region, (repo) => issueToken(repo, cmd.county.name, CLI_ACTOR, io.now()));
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ token }));
    return 0;
  }
  io.out(`${cmd.county.name}的提交令牌（只显示这一次，请妥善保存；该县此前的令牌已作废）：\n${token}`);
  return 0;
}

/** Seeds an empty store with the demo counties, codes, tokens and submissions; says why when it cannot. */
export async function seedDemoStore(io: Io, region: Region): Promise<void> {
  const config = loadConfig();
  try {
    await withStore('jieneng demo', io, region, async (repo) => {
      if (!(await untouched(repo))) {
        io.out(`\n${repo.kind === 'postgres' ? '数据库' : '数据目录'}中已有数据，没有重复生成演示账号（首次生成的演示账号见 data/演示账号.txt）。`);
        return;
      }
      const demo = await seedDemo(repo, { region, calendar: CHINA_CALENDAR, now: io.now(), inviteTtlDays: config.inviteTtlDays });
      const { text } = await saveCredentials(dataDir(), demo, `http://localhost:${config.port}`);
      io.out(`\n已准备演示数据（启动服务：npm start）。\n${text}`);
    });
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    io.out('\n服务正在运行，演示数据由服务管理，本次只生成了报表文件。');
  }
}

/** Runs the server until SIGINT or SIGTERM. */
export async function runServe(io: Io, version: string): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config, { log: (line) => io.out(line), version });
  io.out('按 Ctrl+C 停止服务。');
  // npm forwards the signal it got too, so a second one often follows the first: while stopping,
  // further signals are absorbed (the default action would kill the process mid-write).
  let stopping = false;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (!stopping) resolve();
      stopping = true;
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.out('正在停止服务……');
  await server.close();
  io.out('服务已停止。');
  return 0;
}
