/** Files the commands read besides the workbook: coefficient overrides (last year's workbook: history-input.ts). */
import { readFile } from 'node:fs/promises';
import { applyOverride } from '../../shared/coefficients/override.js';
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
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
