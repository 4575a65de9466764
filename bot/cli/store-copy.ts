/**
 * `jieneng store copy --from <data dir | postgres://…> --to <…>`: moves a city's data between
 * backends (bot/store/transfer.ts does the copy and the check). A data directory is opened with its
 * lock, so a server running on it makes the command refuse instead of copying a moving target.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore, STORE_FILE } from '../store/lowdb-store.js';
import { openPostgresStore, PostgresStoreError, redactUrl } from '../store/postgres-store.js';
import { copyStore, TABLE_LABEL, TABLES, TargetNotEmptyError, type CopyReport, type Mismatch } from '../store/transfer.js';
import type { Repository } from '../store/types.js';
import { UsageError } from './cli.js';
import type { Io } from './commands.js';
import { InputError } from './inputs.js';

const PURPOSE = 'jieneng store copy';

type Location = { kind: 'lowdb'; dir: string; shown: string } | { kind: 'postgres'; url: string; shown: string };

/** Anything with a scheme is a database address (a wrong scheme is then said as such), the rest a directory. */
function locationOf(text: string): Location {
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(text)) return { kind: 'postgres', url: text, shown: redactUrl(text) };
  return { kind: 'lowdb', dir: resolve(text), shown: text };
}

async function open(where: Location, role: 'from' | 'to', now: Date): Promise<Repository> {
  if (where.kind === 'lowdb') {
    if (role === 'from' && !existsSync(join(where.dir, STORE_FILE))) {
      throw new InputError(`来源数据目录 ${where.shown} 中没有节能通数据文件 ${STORE_FILE}。请检查 --from 给出的目录（服务的数据目录，默认为 ./data）。`);
    }
    return openStore(where.dir, PURPOSE, now);
  }
  try {
    // One connection is enough: the copy reads and writes in one transaction each.
    return await openPostgresStore(where.url, { max: 2, applicationName: PURPOSE });
  } catch (err) {
    if (err instanceof PostgresStoreError) throw new InputError(`${role === 'from' ? '来源' : '目标'}数据库（--${role}）：${err.message}`, { cause: err });
    throw err;
  }
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

function mismatchText(m: Mismatch): string {
  switch (m.kind) {
    case 'count':
      return `${TABLE_LABEL[m.table]}：来源 ${m.source} 条，目标 ${m.target} 条`;
    case 'record':
      return `${TABLE_LABEL[m.table]}：第 ${m.index + 1} 条与来源不同`;
    case 'file':
      return `提交 ${m.id} 的${m.file === 'original' ? '原始文件' : '历史快照'}：SHA-256 ${m.target === null ? '无法读取' : `为 ${m.target}`}，来源为 ${m.source}`;
  }
}

function summary(from: Location, to: Location, report: CopyReport): string {
  const width = Math.max(...TABLES.map((t) => TABLE_LABEL[t].length));
  const lines = [`已复制：${from.shown} → ${to.shown}`];
  for (const t of TABLES) lines.push(`  ${TABLE_LABEL[t].padEnd(width, '　')}  ${report.counts[t]} 条`);
  lines.push(`  原始文件和历史快照 ${report.files} 个，共 ${mb(report.bytes)} MB`);
  return lines.join('\n');
}

export async function runStoreCopy(cmd: { from: string; to: string }, io: Io): Promise<number> {
  const from = locationOf(cmd.from);
  const to = locationOf(cmd.to);
  const same = from.kind === to.kind && (from.kind === 'lowdb' ? from.dir === (to as typeof from).dir : from.url === (to as typeof from).url);
  if (same) throw new UsageError('--from 和 --to 是同一个位置，请给出另一个数据目录或数据库。', 'store');

  const source = await open(from, 'from', io.now());
  let report: CopyReport;
  try {
    const target = await open(to, 'to', io.now());
    try {
      report = await copyStore(source, target);
    } finally {
      await target.close();
    }
  } catch (err) {
    if (!(err instanceof TargetNotEmptyError)) throw err;
    const found = TABLES.filter((t) => err.found[t] !== undefined).map((t) => `${TABLE_LABEL[t]} ${err.found[t]} 条`);
    throw new InputError(`目标 ${to.shown} 中已有数据（${found.join('、')}），没有复制任何内容。请换用空的数据目录或新建的空数据库作为 --to。`, { cause: err });
  } finally {
    await source.close();
  }

  io.out(summary(from, to, report));
  if (report.mismatches.length > 0) {
    io.err(`校验未通过：复制后的目标与来源不一致（${report.mismatches.length} 处），请勿使用目标中的数据：\n${report.mismatches.slice(0, 20).map((m) => `  ${mismatchText(m)}`).join('\n')}`);
    return 1;
  }
  io.out('校验通过：各类记录的条数和内容、每个原始文件和历史快照的 SHA-256 均与来源一致。');
  return 0;
}
