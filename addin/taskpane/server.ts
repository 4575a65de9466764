/**
 * Talking to the jieneng server: the coefficient set it uses, and submissions (the .xlsx bytes, or
 * the sheets as JSON where the host cannot give the file). Every failure becomes one Chinese
 * sentence that says what to do.
 */
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';

export interface SubmissionIssue {
  severity: 'error' | 'warning';
  sheet: string;
  cell: string;
  message: string;
}

export interface SubmissionAnswer {
  status: 'accepted' | 'rejected';
  county: string | null;
  period: string | null;
  version: number | null;
  receipt: { sha256: string; receivedAt: string } | null;
  late: boolean | null;
  summary: { errors: number; warnings: number };
  issues: SubmissionIssue[];
  issueCount: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function errorText(r: Response): Promise<string | undefined> {
  try {
    const body = (await r.json()) as { error?: { message?: string } };
    return body.error?.message;
  } catch {
    return undefined;
  }
}

function unreachable(server: string): string {
  return `无法连接服务器 ${server}：请检查网络和“设置”中的服务器地址，或稍后再试。`;
}

export class ServerClient {
  constructor(
    private readonly server: string,
    private readonly token: string,
    private readonly fetcher: Fetch = (input, init) => fetch(input, init),
  ) {}

  /** The server's coefficient set, or null when it has none to give (then the built-in set is used). */
  async coefficients(): Promise<Outcome<CoefficientSet>> {
    let r: Response;
    try {
      r = await this.fetcher(`${this.server}/api/coefficients`, { headers: { Accept: 'application/json' } });
    } catch {
      return { ok: false, message: unreachable(this.server) };
    }
    if (!r.ok) return { ok: false, message: (await errorText(r)) ?? `服务器没有提供系数表（HTTP ${r.status}）。` };
    try {
      const body = (await r.json()) as { coefficients?: CoefficientSet };
      const set = body?.coefficients;
      if (!set || typeof set.version !== 'string' || typeof set.name !== 'string' || typeof set.kgce !== 'object' || typeof set.co2 !== 'object') throw new Error('shape');
      return { ok: true, value: set };
    } catch {
      return { ok: false, message: '服务器返回的系数表格式不对，已改用内置系数。' };
    }
  }

  /** Sends the workbook: the file's bytes when there are some, else the sheets as read. */
  async submit(file: Uint8Array | null, input: WorkbookInput): Promise<Outcome<SubmissionAnswer>> {
    if (!this.token) return { ok: false, message: '尚未填写提交令牌：请在“设置”中填写本县（市、区）的令牌（向市机关事务管理部门索取，或在聊天中发送“令牌”）。' };
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    let body: Blob | string;
    if (file) {
      headers['Content-Type'] = XLSX_TYPE;
      body = new Blob([file as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE });
    } else {
      headers['Content-Type'] = 'application/json';
      // The sheets as read from Excel: values with their value types, number formats and merges, so the server sees what the pane saw.
      body = JSON.stringify({
        sheets: Object.fromEntries(
          input.sheets.map((s) => [
            s.name,
            {
              rows: s.rows.map((r) => (r ? r.map((v) => (v === undefined ? null : v)) : [])),
              ...(s.valueTypes ? { valueTypes: s.valueTypes.map((r) => (r ? r.map((v) => v ?? null) : [])) } : {}),
              ...(s.numberFormats ? { numberFormats: s.numberFormats.map((r) => (r ? Array.from(r, (v) => v ?? null) : [])) } : {}),
              ...(s.merges ? { merges: s.merges } : {}),
              ...(s.originRow ? { originRow: s.originRow } : {}),
              ...(s.originColumn ? { originColumn: s.originColumn } : {}),
            },
          ]),
        ),
      });
    }
    let r: Response;
    try {
      r = await this.fetcher(`${this.server}/api/submissions`, { method: 'POST', headers, body });
    } catch {
      return { ok: false, message: unreachable(this.server) };
    }
    if (r.status === 401) return { ok: false, message: '令牌无效或已作废：请在“设置”中填写新的令牌。' };
    if (r.status === 403) return { ok: false, message: (await errorText(r)) ?? '此令牌不能提交这个县（市、区）的报表：请检查“基本信息”中的县（市、区）和令牌。' };
    if (r.status === 413) return { ok: false, message: (await errorText(r)) ?? '文件超过服务器的大小上限。' };
    if (r.status >= 500) return { ok: false, message: (await errorText(r)) ?? `服务器出错（HTTP ${r.status}），请稍后再试或联系管理员。` };
    let answer: SubmissionAnswer;
    try {
      answer = (await r.json()) as SubmissionAnswer;
    } catch {
      return { ok: false, message: `服务器的回答无法识别（HTTP ${r.status}）。` };
    }
    if (answer.status !== 'accepted' && answer.status !== 'rejected') {
      return { ok: false, message: (answer as { error?: { message?: string } }).error?.message ?? `提交未成功（HTTP ${r.status}）。` };
    }
    return { ok: true, value: answer };
  }
}
