/**
 * The server's intake threads: checkPayload() (read, identify, analyze, snapshot, group) of every
 * upload runs in a piscina worker pool, so a 20 MB workbook does not stall chat and health checks
 * for seconds. The main thread only receives the compact CheckedWorkbook and writes the store.
 *
 * Last year's history is needed by the analysis but only known after identification, and only the
 * main thread has the store. It is asked for over a MessagePort that travels with the task: the
 * worker posts {county, period} and waits, the main thread answers from repo.history(). The other
 * way, two tasks (identify, then analyze with the history), would read and parse the workbook
 * twice or send the parsed workbook back and forth, both costing more than one small round trip.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ServiceUnavailableError } from '../errors.js';
import { logError } from '../log.js';
import type { CheckTask, CheckReply, HistoryAnswer, HistoryQuestion, ReportTask } from './check-worker.js';
import { UPLOAD_MAX_UNCOMPRESSED, type HistoryLookup, type WorkbookChecker } from './intake.js';
import { movableBytes } from './bytes.js';

export { movableBytes };

/** The worker module beside this one: .ts under tsx (tests, benchmarks), .js when run from dist/. */
const WORKER_EXTENSION = /\.ts$/u.test(new URL(import.meta.url).pathname) ? '.ts' : '.js';
export const CHECK_WORKER = new URL(`./check-worker${WORKER_EXTENSION}`, import.meta.url);

/** Tasks that may wait for a thread, per thread. */
const QUEUE_PER_THREAD = 8;

/** Idle threads end after this long (a new one starts with the next upload). */
const IDLE_MS = 5 * 60_000;

export interface IntakePool extends WorkbookChecker {
  /** Ends every thread at once (a check still running is rejected). */
  close(): Promise<void>;
}

export interface IntakePoolOptions {
  /** Threads at most; one per core by default. */
  threads?: number;
  /** Tasks that may wait for a free thread (default 8 per thread). */
  maxQueue?: number;
  /** Another worker module (tests use one that crashes). */
  worker?: URL;
  /**
   * The inflate cap the threads read uploads under (config maxInflatedMb); by default the cap the
   * first upload is checked with, else UPLOAD_MAX_UNCOMPRESSED. Sizes each thread's heap limit.
   */
  maxInflatedBytes?: number;
  /** Each thread's old-generation heap limit in MB (default: memoryLimitMb(maxInflatedBytes)). */
  memoryLimitMb?: number;
}

/**
 * A thread's heap limit for uploads inflating to at most `maxInflatedBytes`: twice the cap, at
 * least 512 MB. Reading streams the sheets, so memory follows the data read, not the file's size:
 * the 100,000-institution sample (167 MB inflated, far beyond any county) peaks at 385–517 MB RSS
 * for a whole `jieneng validate` process, and is checked in a thread limited to 512 MB. Past the limit only that thread dies, and the upload is
 * answered as the internal error it is; the server and the other threads go on.
 */
export function memoryLimitMb(maxInflatedBytes: number): number {
  return Math.max(512, Math.ceil((2 * maxInflatedBytes) / (1024 * 1024)));
}


export function createIntakePool(options: IntakePoolOptions = {}): IntakePool {
  const threads = options.threads ?? availableParallelism();
  // No thread starts before the first upload: servers that never take one (most tests) pay nothing.
  // The pool itself is made then too, its threads' heap limit sized from the cap that upload is read under.
  let piscina: Piscina | null = null;
  function poolFor(maxInflatedBytes: number | undefined): Piscina {
    if (piscina) return piscina;
    const maxOldGenerationSizeMb = options.memoryLimitMb ?? memoryLimitMb(options.maxInflatedBytes ?? maxInflatedBytes ?? UPLOAD_MAX_UNCOMPRESSED);
    // A bounded queue: past it, uploads and report downloads are turned away (503) instead of piling up.
    piscina = new Piscina({
      filename: (options.worker ?? CHECK_WORKER).href,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: IDLE_MS,
      maxQueue: options.maxQueue ?? threads * QUEUE_PER_THREAD,
      resourceLimits: { maxOldGenerationSizeMb },
    });
    // A thread failing between tasks: nothing waits for it, so only the log hears of it.
    piscina.on('error', (err: unknown) => logError('intake.pool', err));
    return piscina;
  }
  let closed: Promise<void> | null = null;

  /** Runs one task of the worker's export `name`, answering its history questions over a MessagePort. */
  async function run(task: Omit<CheckTask, 'port'> | Omit<ReportTask, 'port'>, history: HistoryLookup, name: 'default' | 'report'): Promise<unknown> {
    // piscina would start a new thread for a task after destroy(): refuse instead.
    if (closed) throw new Error('intake pool closed: the server is stopping');
    const pool = poolFor('maxInflatedBytes' in task ? task.maxInflatedBytes : undefined);
    const { port1, port2 } = new MessageChannel();
    let lookupFailure: unknown = null;
    port1.on('message', (question: HistoryQuestion) => {
      history(question.county, question.period).then(
        (snapshot) => port1.postMessage({ history: snapshot } satisfies HistoryAnswer),
        (err: unknown) => {
          lookupFailure = err;
          port1.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies HistoryAnswer);
        },
      );
    });
    try {
      return await pool.run({ ...task, port: port2 }, { name, transferList: [task.bytes, port2] });
    } catch (err) {
      if (err instanceof Error && err.message === 'Task queue is at limit') throw new ServiceUnavailableError('busy', '服务正忙：同时在处理的报表太多，这份没有处理也没有保存。请过一两分钟再发送。');
      // The store's own error when the lookup failed; otherwise the worker's (or its exit), with its stack.
      if (lookupFailure !== null) throw lookupFailure;
      throw new Error(`intake worker failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    } finally {
      port1.close();
    }
  }

  return {
    async check(request, history) {
      const { payload } = request;
      const bytes = movableBytes(payload.data);
      const task = {
        kind: payload.kind,
        ...(payload.kind === 'xlsx' && payload.name !== undefined ? { name: payload.name } : {}),
        bytes,
        county: request.county,
        today: request.today,
        ...(request.maxInflatedBytes === undefined ? {} : { maxInflatedBytes: request.maxInflatedBytes }),
        region: request.region,
        ...(request.coefficients === undefined ? {} : { coefficients: request.coefficients }),
      };
      const reply = (await run(task, history, 'default')) as CheckReply;
      return { outcome: reply.outcome, data: Buffer.from(reply.bytes) };
    },
    async report(record, original, history, region, now, coefficients) {
      // A copy: the caller's Buffer may be the store's own (the in-memory store keeps uploads as Buffers).
      const task = { bytes: movableBytes(Buffer.from(original)), record, region, now: now.toISOString(), ...(coefficients === undefined ? {} : { coefficients }) };
      return Buffer.from((await run(task, history, 'report')) as ArrayBuffer);
    },
    close() {
      closed ??= piscina ? piscina.destroy() : Promise.resolve();
      return closed;
    },
  };
}
