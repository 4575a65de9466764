/** Files the commands read besides the workbook: coefficient overrides and last year's workbook. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { applyOverride } from '../../shared/coefficients/override.js';
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { County, Region } from '../../shared/counties.js';
import { validateWorkbook } from '../../shared/engine.js';
import { periodId, sameQuarterLastYear, type Period } from '../../shared/period.js';
import { historyFits, snapshotOf, type HistorySnapshot } from '../../shared/validation/history.js';
import { readXlsxFile } from '../xlsx/read.js';
import { jsonPosition } from '../json-position.js';

/** A problem with a file the user named; its message is for the user. Exit code 2. */
export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

export async function loadCoefficients(path: string | undefined): Promise<CoefficientSet> {
  if (!path) return DEFAULT_COEFFICIENTS;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`无法读取系数文件“${path}”：文件不存在或没有读取权限。`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (err) {
    throw new InputError(`系数文件“${path}”不是有效的 JSON${jsonPosition(text, (err as Error).message)}。请检查引号、逗号和括号是否成对。`, { cause: err });
  }
  const r = applyOverride(json);
  if (!r.ok) {
    throw new InputError(
      `系数文件“${path}”有 ${r.problems.length} 处问题：\n${r.problems.map((p) => `  - ${p}`).join('\n')}\n` +
        '文件须包含 name 和 version，其余各项可选；可用 jieneng coefficients --format json 查看所有项目和默认值。',
    );
  }
  return r.set;
}

/** Reads last year's same-quarter workbook into a history snapshot, checking that it is that quarter. */
export async function loadHistory(
  path: string | undefined,
  current: { county: County | null; period: Period | null },
  region: Region,
  coefficients: CoefficientSet,
): Promise<HistorySnapshot | null> {
  if (!path) return null;
  const v = validateWorkbook(await readXlsxFile(path), { region, coefficients });
  const snapshot = snapshotOf(v.workbook);
  if (!snapshot) throw new InputError(`上年同期报表“${path}”的“基本信息”中县（市、区）或报告期无法识别，不能用于同比。`);
  if (!current.period || !current.county) throw new InputError('本期报表的县（市、区）或报告期无法识别，无法与上年同期比较。请先改正“基本信息”。');
  if (!historyFits(snapshot, current.county, current.period)) {
    const wanted = periodId(sameQuarterLastYear(current.period));
    throw new InputError(`“${path}”是${snapshot.county} ${snapshot.period} 的报表，同比需要${current.county.name} ${wanted}（上年同期）的报表。`);
  }
  return snapshot;
}

export function checkWritable(out: string, force: boolean): void {
  if (!force && existsSync(out)) throw new InputError(`文件“${out}”已存在。如需覆盖请加 --force，或用 --out 指定其他文件名。`);
}
