/**
 * Starting and stopping the server: config → store (lowdb with its lock, or PostgreSQL) → demo data on first start →
 * intake threads → channel → HTTP. Says loudly when it runs without a bot identity.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { useLogDir } from '../log.js';
import { JINCHENG, type Region } from '../../shared/counties.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { cityCalendar } from '../calendar/holiday-file.js';
import { ConfigError, keyError, type Config } from '../config.js';
import { fileOutbox } from '../reminders/outbox.js';
import { createReminderRunner, startReminderScheduler, type ChatPort, type ReminderDeps, type ReminderScheduler } from '../reminders/scheduler.js';
import { urgeMessage, urgeOutcome } from '../reminders/urge.js';
import { submissionDue } from '../../shared/schedule/deadlines.js';
import type { Period } from '../../shared/period.js';
import { createWebhookClient, type WebhookClient } from '../reminders/webhooks.js';
import { upcomingLines } from '../reminders/upcoming.js';
import { noticeMessages } from '../notices/delivery.js';
import { defaultNoticeSettings } from '../notices/service.js';
import { noticeFiles } from './notice-files.js';
import type { AuthOptions } from '../channels/auth.js';
import { createBotChannel } from '../channels/botframework.js';
import { saveCredentials, seedDemo, untouched } from '../demo/seed.js';
import { describeStore, openRepository } from '../store/open.js';
import type { Repository, SubmissionRecord } from '../store/types.js';
import { historyFrom } from '../submissions/intake.js';
import { linkSigner } from '../access/signed-links.js';
import { issueReports } from './reports.js';
import { downloadLinks, templateFiles } from './templates.js';
import { createIntakePool, type IntakePool, type IntakePoolOptions } from '../submissions/pool.js';
import { createApp } from './app.js';
import { loadServerCoefficients } from './coefficients-api.js';

export interface RunningServer {
  url: string;
  port: number;
  repo: Repository;
  close(): Promise<void>;
}

export interface StartOptions {
  now?: () => Date;
  calendar?: WorkdayCalendar;
  region?: Region;
  /** Where start-up messages go (the console by default). */
  log?: (line: string) => void;
  version?: string;
  /** Bot Framework authentication settings (tests point the identity metadata at loopback). */
  auth?: AuthOptions;
  /** The intake threads' module and heap limit (tests use a worker that runs out of memory). */
  intake?: Pick<IntakePoolOptions, 'worker' | 'memoryLimitMb'>;
}

/** How long stopping waits for requests under way. */
const STOP_GRACE_MS = 10_000;

const ANONYMOUS_BANNER = [
  '================================================================',
  '  注意：本地匿名模式（未配置 MicrosoftAppId）',
  '  /api/messages 不校验来访身份，任何能访问本端口的人都能冒充聊天用户。',
  '  仅供本机试用与测试；服务只监听本机地址。',
  '  正式部署请设置 MicrosoftAppId、MicrosoftAppPassword 和 NODE_ENV=production。',
  '================================================================',
];

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const region = options.region ?? JINCHENG;
  const started = now();
  // A bad override file or holiday file stops start-up before anything is opened.
  const coefficients = await loadServerCoefficients(config.coefficientsFile);
  const calendar = options.calendar ?? (await cityCalendar(config.holidaysFile).catch((err: unknown) => {
    throw err instanceof ConfigError ? err : keyError('holidaysFile', (err as Error).message);
  }));

  // The log goes under the configured data directory (a config file's dataDir too), not JIENENG_DATA's.
  const releaseLogDir = useLogDir(join(config.dataDir, 'logs'));
  let repo: Repository;
  try {
    repo = await openRepository(config, 'server', started);
  } catch (err) {
    releaseLogDir();
    throw err;
  }
  let pool: IntakePool | null = null;
  let scheduler: ReminderScheduler | null = null;
  let webhooks: WebhookClient | null = null;
  try {
    // Servers starting together on one empty database: one seeds, the others find it done.
    const seeded = config.seedDemo
      ? await repo.runExclusive('seed-demo', async () => ((await untouched(repo)) ? seedDemo(repo, { region, calendar, now: started, inviteTtlDays: config.inviteTtlDays }) : null))
      : null;
    const demo = seeded?.ran ? seeded.value : null;
    if (!demo) await repo.addCounties(region.counties, 'server', started);

    const maxUploadBytes = Math.round(config.maxUploadMb * 1048576);
    const maxInflatedBytes = config.maxInflatedMb * 1048576;
    // Uploads are read and checked in worker threads (the demo above was seeded in process).
    pool = createIntakePool({ threads: config.intakeThreads, maxInflatedBytes, ...options.intake });
    const checker = pool;
    // Links on cards need the address users reach: the configured one, or in local mode the listening
    // one (known after listen). An authenticated server without it hands out no links rather than
    // its internal address.
    let listening = '';
    // From the store: servers sharing a database must accept each other's links.
    const signer = linkSigner(await repo.linkSecret());
    const reports = issueReports({
      signer,
      repo,
      baseUrl: () => config.publicUrl ?? listening,
      // Last year's history as it stood when the version came in, so the report says what its receipt said.
      build: async (record) => checker.report(record, await repo.original(record), historyFrom(repo, record.receivedAt), region, now(), coefficients),
    });
    const linked = config.publicUrl !== undefined || config.anonymous;
    const defaults = defaultNoticeSettings(region);
    const noticeSettings = { issuer: config.noticeIssuer ?? defaults.issuer, docPrefix: config.noticeDocPrefix ?? defaults.docPrefix };
    const noticeDeps = { repo, calendar, rules: config.schedule, region, settings: noticeSettings, now };
    const notices = noticeFiles({ signer, notices: noticeDeps, baseUrl: () => config.publicUrl ?? listening });
    const noticeLinks = linked ? (period: string, revision: number | null, at: Date) => notices.links(period, revision, at) : undefined;
    if (config.webhooks.length > 0) webhooks = createWebhookClient();
    const outbox = config.anonymous ? fileOutbox(config.dataDir) : null;
    // The channel (its proactive sender) is made below; nothing is delivered before it exists.
    let sender: ChatPort | null = null;
    const reminderDeps = (): ReminderDeps => ({
      repo,
      calendar,
      rules: config.schedule,
      now,
      chat: sender,
      groups: config.webhooks,
      webhooks,
      outbox,
      extra: noticeMessages(noticeDeps, noticeLinks),
    });
    const templates = templateFiles({ region, now });
    const links = linked
      ? {
          issueReport: (record: SubmissionRecord) => reports.link(record, now()),
          notice: (period: string, revision: number | null) => notices.links(period, revision, now()),
          ...downloadLinks(() => config.publicUrl ?? listening, templates, config.addinDir),
        }
      : undefined;
    const services = {
      repo,
      calendar,
      region,
      coefficients,
      maxUploadBytes,
      maxInflatedBytes,
      inviteTtlDays: config.inviteTtlDays,
      checker,
      links,
      schedule: config.schedule,
      notices: noticeSettings,
      // Without the scheduler nothing sends a published notice: the chat says so instead of promising it.
      published: config.reminders ? () => scheduler?.poke() : undefined,
      remind: async (county: string, period: Period) => {
        const message = urgeMessage(county, period, submissionDue(period, calendar, config.schedule), now());
        const report = await (scheduler ?? createReminderRunner(reminderDeps())).deliver([message]);
        const failures = new Map((await repo.reminders()).filter((r) => r.status === 'failed').map((r) => [r.key, r.detail]));
        return urgeOutcome(county, report, message.key, failures);
      },
      now,
    };
    const identity = config.anonymous
      ? null
      : { appId: config.microsoftAppId, appPassword: config.microsoftAppPassword, appTenantId: config.microsoftAppTenantId, appType: config.microsoftAppType };
    const channel = createBotChannel(identity, services, { attachments: { anonymous: config.anonymous, hosts: config.attachmentHosts }, auth: options.auth });
    sender = channel.sender;
    const server = createApp({
      ...services,
      channel,
      reports,
      notices,
      templates,
      addinDir: config.addinDir,
      addinOrigins: config.addinOrigins,
      health: async () => {
        const counts = await repo.counts();
        return {
          status: 'ok',
          version: options.version ?? null,
          mode: config.anonymous ? 'local-anonymous' : 'authenticated',
          store: repo.kind,
          counties: counts.counties,
          submissions: counts.submissions,
          startedAt: started.toISOString(),
        };
      },
    });
    server.keepAliveTimeout = 65_000; // above common proxy idle timeouts
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    listening = url;

    if (config.anonymous) for (const line of ANONYMOUS_BANNER) log(line);
    if (!linked) log('提示：未设置 JIENENG_PUBLIC_URL（用户访问本服务的地址，如 https://jieneng.example.gov.cn），卡片和提交接口不提供问题清单下载链接。');
    log(`节能通服务已启动：${url}`);
    log(`  机器人：POST ${url}/api/messages    报表提交：POST ${url}/api/submissions    健康检查：GET ${url}/healthz`);
    if (config.coefficientsFile) log(`  计算系数：${coefficients.name}（版本 ${coefficients.version}，${config.coefficientsFile}）`);
    const counts = await repo.counts();
    log(`  数据存储：${describeStore(config)}（${counts.counties} 个县（市、区），${counts.submissions} 份提交）`);
    // With PostgreSQL the data directory still holds the log (and the demo credentials).
    if (config.store) log(`  数据目录：${config.dataDir}（日志）`);
    if (demo) {
      const saved = await saveCredentials(config.dataDir, demo, url);
      log(`\n首次启动，已生成演示数据（也保存在 ${saved.file}）：\n${saved.text}`);
    }
    for (const line of await upcomingLines({ repo, calendar, rules: config.schedule, now: now() })) log(line);

    if (config.reminders) {
      scheduler = startReminderScheduler(reminderDeps());
      log(`  催报提醒：已启用（每分钟检查，工作日 ${String(config.schedule.reminderHour).padStart(2, '0')}:${String(config.schedule.reminderMinute).padStart(2, '0')} 发送${config.webhooks.length ? `；群机器人 ${config.webhooks.length} 个` : ''}${outbox ? '；本地模式下无法送达的记入提醒日志，用 jieneng reminders log 查看' : ''}）`);
    } else log('  催报提醒：已关闭（JIENENG_REMINDERS=false）');

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      repo,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            // Requests under way get a grace period; then connections still open (a refused upload
            // being drained, a client that never reads) are cut so stopping cannot hang.
            setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
          });
          // Robots first: a tick waiting in a robot's queue ends (marked failed, retried after the restart).
          webhooks?.close();
          await scheduler?.stop();
          await checker.close();
          await repo.close();
          releaseLogDir();
        })();
        return closing;
      },
    };
  } catch (err) {
    webhooks?.close();
    await scheduler?.stop();
    await pool?.close();
    await repo.close();
    releaseLogDir();
    throw err;
  }
}
