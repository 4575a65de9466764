/**
 * Start-up failures of the PostgreSQL store, in Chinese, naming the setting to change. They are
 * ConfigErrors, so the command line and the server print the message without a stack trace. The
 * password in the address is never repeated back.
 */
import { ConfigError } from '../../config.js';
import { redactUrl } from './redact.js';

export { redactUrl };

export type PostgresProblem = 'url' | 'refused' | 'host' | 'timeout' | 'auth' | 'no-database' | 'privilege' | 'schema-newer' | 'schema-stale' | 'unreachable';

const SETTING = '配置项 store（环境变量 JIENENG_STORE）';
const URL_SHAPE = 'postgres://用户名:密码@主机:5432/数据库名';

export class PostgresStoreError extends ConfigError {
  constructor(
    readonly problem: PostgresProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
    this.name = 'PostgresStoreError';
  }
}

export interface Target {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Checks the address before any connection; returns what messages name. */
export function parseStoreUrl(url: string): Target {
  const bad = (why: string): PostgresStoreError => new PostgresStoreError('url', `${SETTING} 不是有效的 PostgreSQL 连接地址（收到“${redactUrl(url)}”）：${why}。应形如 ${URL_SHAPE}。`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('无法解析');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw bad('应以 postgres:// 或 postgresql:// 开头');
  const socketHost = u.searchParams.get('host');
  if (u.hostname === '' && !socketHost) throw bad('缺少主机名');
  const database = decodeURIComponent(u.pathname.replace(/^\//u, ''));
  if (database === '' || database.includes('/')) throw bad('缺少数据库名（地址末尾的 /数据库名）');
  const port = u.port === '' ? 5432 : Number(u.port);
  return { host: socketHost ?? u.hostname, port, database, user: decodeURIComponent(u.username) || '(默认用户)' };
}

/** Turns a failure to connect or to set up the schema into a message that says what to fix. */
export function startupError(err: unknown, target: Target): Error {
  if (err instanceof PostgresStoreError) return err;
  const e = err as { code?: string; message?: string };
  const where = `${target.host}:${target.port}`;
  const message = String(e.message ?? err);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new PostgresStoreError('refused', `无法连接 PostgreSQL 服务器 ${where}：连接被拒绝。请确认数据库服务已启动并在该端口监听，或改正${SETTING}中的主机和端口。`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PostgresStoreError('host', `找不到 PostgreSQL 服务器“${target.host}”（域名无法解析）。请检查${SETTING}中的主机名，以及本机的网络和 DNS 设置。`, { cause: err });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new PostgresStoreError('timeout', `连接 PostgreSQL 服务器 ${where} 超时或网络不可达。请检查${SETTING}中的主机和端口、防火墙，以及数据库是否允许本机连接。`, { cause: err });
    case '28P01':
    case '28000':
      return new PostgresStoreError('auth', `PostgreSQL 服务器 ${where} 拒绝了用户“${target.user}”的登录（用户名或密码不正确，或 pg_hba.conf 不允许本机连接）。请改正${SETTING}中的用户名和密码。`, { cause: err });
    case '3D000':
      return new PostgresStoreError('no-database', `PostgreSQL 服务器 ${where} 上没有数据库“${target.database}”。请先创建它（如 CREATE DATABASE "${target.database}";），或改正${SETTING}中地址末尾的数据库名。`, { cause: err });
    case '42501':
      return new PostgresStoreError('privilege', `用户“${target.user}”没有在数据库“${target.database}”中建表的权限，无法初始化数据表。请授予该用户此数据库的 CREATE 权限，或在${SETTING}中换用数据库所有者。`, { cause: err });
    default:
      break;
  }
  // pg reports its own connect timeout as a plain Error.
  if (/timeout/iu.test(message)) {
    return new PostgresStoreError('timeout', `连接 PostgreSQL 服务器 ${where} 超时。请检查${SETTING}中的主机和端口、防火墙，以及数据库服务是否正常。`, { cause: err });
  }
  // TLS refusals (self-signed or unverifiable certificates) are connection problems too.
  if (e.code === undefined || /^E[A-Z]+$/u.test(e.code) || /^08/u.test(e.code) || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/u.test(e.code)) {
    return new PostgresStoreError('unreachable', `无法连接 PostgreSQL 服务器 ${where}（${redactUrl(message)}）。请检查${SETTING}和数据库服务的状态。`, { cause: err });
  }
  return err instanceof Error ? err : new Error(message);
}

export function schemaNewerError(known: number, found: number, database: string): PostgresStoreError {
  return new PostgresStoreError(
    'schema-newer',
    `数据库“${database}”的数据表版本为 ${found}，比本程序认识的版本 ${known} 新（它已被较新版本的节能通升级过）。为免损坏数据，服务没有启动：请把节能通升级到与数据库一致的版本，或在${SETTING}中改用其他数据库。`,
  );
}

/** A database made by a development build whose migration 001 kept issues and indicators as JSON (never released). */
export function schemaStaleError(database: string): PostgresStoreError {
  return new PostgresStoreError(
    'schema-stale',
    `数据库“${database}”的数据表由节能通未发布的早期开发版本创建（提交的问题和指标仍存为 JSON 列，缺少 submission_issues 表），与本程序不兼容。为免损坏数据，服务没有启动：该版本从未正式使用，请删除并重建此数据库，或在${SETTING}中改用一个空数据库。`,
  );
}
