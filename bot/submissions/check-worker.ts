/**
 * The worker-thread side of pool.ts: one task = checkPayload() of one upload. The bytes arrive as
 * a moved ArrayBuffer and are moved back with the result (the main thread stores them). Last
 * year's history is asked of the main thread over the task's MessagePort (see pool.ts for why).
 * Loaded by piscina as check-worker.ts under tsx and as check-worker.js from dist/.
 */
import type { MessagePort } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { Region } from '../../shared/counties.js';
import type { HistorySnapshot } from '../../shared/validation/history.js';
import { buildIssueReport } from '../reports/issue-report.js';
import type { SubmissionRecord } from '../store/types.js';
import { movableBytes } from './bytes.js';
import { checkPayload, type CheckOutcome, type Payload } from './intake.js';

export interface CheckTask {
  kind: Payload['kind'];
  /** The .xlsx file's name, for messages. */
  name?: string;
  bytes: ArrayBuffer;
  county: string;
  today: string;
  maxInflatedBytes?: number;
  region: Region;
  coefficients?: CoefficientSet;
  /** Questions go out as HistoryQuestion, answers come back as HistoryAnswer. */
  port: MessagePort;
}

/** An issue report: the stored version, its original bytes, and when the report is made. */
export interface ReportTask {
  bytes: ArrayBuffer;
  record: SubmissionRecord;
  region: Region;
  now: string;
  coefficients?: CoefficientSet;
  port: MessagePort;
}

export interface CheckReply {
  outcome: CheckOutcome;
  /** The task's bytes, moved back. */
  bytes: ArrayBuffer;
}

export interface HistoryQuestion {
  county: string;
  period: string;
}

export type HistoryAnswer = { history: HistorySnapshot | null } | { error: string };

function ask(port: MessagePort, question: HistoryQuestion): Promise<HistorySnapshot | null> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(new Error('check-worker: the history port closed before an answer came'));
    port.once('close', onClose);
    port.once('message', (answer: HistoryAnswer) => {
      port.off('close', onClose);
      if ('error' in answer) reject(new Error(`check-worker: the history lookup failed on the main thread: ${answer.error}`));
      else resolve(answer.history);
    });
    port.postMessage(question);
  });
}

export default async function checkTask(task: CheckTask): Promise<unknown> {
  try {
    const data = Buffer.from(task.bytes); // a view, not a copy
    const payload: Payload = task.kind === 'xlsx' ? { kind: 'xlsx', data, ...(task.name === undefined ? {} : { name: task.name }) } : { kind: 'json', data };
    const outcome = await checkPayload({ payload, county: task.county, today: task.today, region: task.region, coefficients: task.coefficients, ...(task.maxInflatedBytes === undefined ? {} : { maxInflatedBytes: task.maxInflatedBytes }) }, (county, period) => ask(task.port, { county, period }));
    const reply: CheckReply = { outcome, bytes: task.bytes };
    return move({ [transferableSymbol]: [task.bytes], [valueSymbol]: reply });
  } finally {
    task.port.close();
  }
}

/** The .xlsx issue report of a stored version, moved back as an ArrayBuffer. */
export async function report(task: ReportTask): Promise<unknown> {
  try {
    const data = await buildIssueReport(task.record, Buffer.from(task.bytes), (county, period) => ask(task.port, { county, period }), task.region, new Date(task.now), task.coefficients);
    const bytes = movableBytes(data);
    return move({ [transferableSymbol]: [bytes], [valueSymbol]: bytes } as Parameters<typeof move>[0]);
  } finally {
    task.port.close();
  }
}
