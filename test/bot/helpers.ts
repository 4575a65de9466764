/** Helpers for bot/ tests: temp dirs, captured command-line output, editing workbooks. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellValue, WorkbookInput } from '../../shared/table/sheet.js';
import { HISTORY_ITEMS, type HistoryItem, type HistorySnapshot } from '../../shared/validation/history.js';
import type { NewSubmission } from '../../bot/store/types.js';
import { parseCellAddress } from '../../shared/table/address.js';
import type { Io } from '../../bot/cli/commands.js';
import { main } from '../../bot/cli/main.js';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jieneng-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs the command line in-process with captured output; the clock is fixed. */
export async function cli(args: string[], now = new Date('2026-11-25T02:00:00Z')): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), now: () => now };
  const code = await main(args, io);
  return { code, out, err };
}

/** Sets one cell (A1 address) of a sheet in a workbook model, growing rows as needed. */
export function setCell(input: WorkbookInput, sheet: string, address: string, value: CellValue): void {
  const s = input.sheets.find((x) => x.name === sheet);
  const at = parseCellAddress(address);
  if (!s || !at) throw new Error(`no sheet ${sheet} or bad address ${address}`);
  const rows = s.rows as (CellValue[] | undefined)[];
  const row = (rows[at.row - 1] ??= []);
  row[at.column - 1] = value;
}

export function getCell(input: WorkbookInput, sheet: string, address: string): CellValue {
  const s = input.sheets.find((x) => x.name === sheet);
  const at = parseCellAddress(address)!;
  return s?.rows[at.row - 1]?.[at.column - 1];
}

export function withoutSheet(input: WorkbookInput, name: string): WorkbookInput {
  return { sheets: input.sheets.filter((s) => s.name !== name) };
}

/** A small history snapshot of 泽州县 2026Q3 (every total 1, no institutions). */
export function tinySnapshot(): HistorySnapshot {
  const totals = Object.fromEntries(HISTORY_ITEMS.map((k) => [k, 1])) as Record<HistoryItem, number>;
  return { period: '2026Q3', county: '泽州县', staff: 1, totals, institutions: {} };
}

/** A clean, accepted 泽州县 2026Q3 submission ready for Repository.addSubmission; override what a test needs. */
export function newSubmission(over: Partial<NewSubmission> = {}): NewSubmission {
  return {
    county: '泽州县',
    period: '2026Q3',
    status: 'accepted',
    receivedAt: '2026-10-12T02:00:00.000Z',
    sha256: 'ab'.repeat(32),
    bytes: 3,
    format: 'xlsx',
    via: 'api',
    sender: { kind: 'token', id: '泽州县', name: null },
    dueDate: '2026-10-15',
    late: false,
    summary: { errors: 0, warnings: 0 },
    explained: 0,
    unexplainedOutliers: 0,
    institutions: 1,
    issues: [],
    issueCount: 0,
    indicators: {},
    original: Buffer.from([1, 2, 3]),
    snapshot: null,
    ...over,
  };
}
