/**
 * What the task pane does, free of the page and of Office: it reads the workbook through the host
 * seam, runs the engine (the same rules as the command line and the bot), shows the result in the
 * workbook, and submits to the server. The view (view.ts) renders its state; the ribbon commands
 * call the same methods.
 */
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import { analyzeWorkbook, type Analysis } from '../../shared/engine.js';
import { periodLabel } from '../../shared/period.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { TEMPLATE_V1 } from '../../shared/template/v1.js';
import type { Issue } from '../../shared/validation/issues.js';
import type { IndicatorResult } from '../../shared/indicators/definitions.js';
import type { CellMark, WorkbookHost } from '../host/workbook-host.js';
import { ServerClient, type SubmissionAnswer } from './server.js';
import { checkServerUrl, type PaneSettings, type SettingsStore } from './settings.js';

export interface IssueGroup {
  sheet: string;
  errors: number;
  warnings: number;
  issues: readonly Issue[];
}

export interface CheckView {
  summary: string;
  errors: number;
  warnings: number;
  groups: IssueGroup[];
  /** Cells explained by a note or comment, and those whose explanation is only in 校验结果. */
  explained: number;
  onlyInSheet: number;
}

export interface ReceiptView {
  accepted: boolean;
  text: string;
  /** The server's issues, as the same clickable list. */
  groups: IssueGroup[];
}

export interface Message {
  kind: 'info' | 'success' | 'warning' | 'error';
  text: string;
}

export interface PaneState {
  busy: string | null;
  message: Message | null;
  check: CheckView | null;
  indicators: readonly IndicatorResult[] | null;
  receipt: ReceiptView | null;
  coefficients: { source: 'server' | 'builtin'; name: string; version: string };
  settings: PaneSettings;
  /** Features this Excel lacks, said once at the top. */
  unavailable: string[];
  autoRecheck: boolean;
}

export interface PaneDeps {
  host: WorkbookHost;
  settings: SettingsStore;
  unavailable?: string[];
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Called with the coefficient set in use (the custom functions follow it). */
  onCoefficients?: (set: CoefficientSet) => void;
  /** Logs detail for the operator (the console); the user sees the Chinese message. */
  log?: (err: unknown) => void;
}

/** How long after the last edit the workbook is checked again. */
export const RECHECK_DELAY_MS = 1500;

/** A message from elsewhere (the server) ended as a sentence, so the next one does not run into it. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。！？.!?]$/u.test(t) ? t : `${t}。`;
}

export function summaryText(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return '未发现问题，可以提交。';
  if (errors === 0) return `没有错误，可以提交；有 ${warnings} 个警告，请逐项核对。`;
  return `发现 ${errors} 个错误、${warnings} 个警告。有错误的报表不能提交，请按提示修改后重新校验。`;
}

export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const groups = new Map<string, { sheet: string; errors: number; warnings: number; issues: Issue[] }>();
  for (const i of issues) {
    let g = groups.get(i.sheet);
    if (!g) groups.set(i.sheet, (g = { sheet: i.sheet, errors: 0, warnings: 0, issues: [] }));
    g.issues.push(i);
    if (i.severity === 'error') g.errors++;
    else g.warnings++;
  }
  return [...groups.values()];
}

/** What the user sees of a failure: the Chinese text of errors made for users, else a general sentence. */
function failureText(err: unknown, doing: string): string {
  const code = (err as { code?: unknown })?.code;
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded') return `${doing}失败：工作簿数据量超过 Excel 单次传输的上限。请关闭其他工作簿后重试，或用命令行校验。`;
  if (code === 'ApiNotFound') return `${doing}失败：此版本 Excel 不支持所需的功能。请使用 Microsoft 365 或 Excel 网页版。`;
  if (code === 'InvalidOperationInCellEditMode') return `${doing}失败：单元格正在编辑。请先按 Enter 或 Esc 结束编辑，再试一次。`;
  return `${doing}失败：Excel 未能完成操作（${typeof code === 'string' ? code : '未知原因'}）。请稍后重试；如仍失败，请保存工作簿后重新打开。`;
}

export class Pane {
  private state: PaneState;
  private readonly listeners = new Set<(s: PaneState) => void>();
  private coefficients: CoefficientSet = DEFAULT_COEFFICIENTS;
  private last: { input: WorkbookInput; analysis: Analysis } | null = null;
  private stopWatching: (() => Promise<void>) | null = null;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: PaneDeps) {
    const set = DEFAULT_COEFFICIENTS;
    this.state = {
      busy: null,
      message: null,
      check: null,
      indicators: null,
      receipt: null,
      coefficients: { source: 'builtin', name: set.name, version: set.version },
      settings: deps.settings.load(),
      unavailable: deps.unavailable ?? [],
      autoRecheck: true,
    };
  }

  get current(): PaneState {
    return this.state;
  }

  subscribe(listener: (s: PaneState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private client(): ServerClient {
    return new ServerClient(this.state.settings.serverUrl, this.state.settings.token, this.deps.fetch);
  }

  /** Runs one action at a time, with its progress text, turning failures into a Chinese message. */
  private async act<T>(doing: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.state.busy) return undefined;
    this.set({ busy: `正在${doing}……`, message: null });
    try {
      return await work();
    } catch (err) {
      this.deps.log?.(err);
      this.set({ message: { kind: 'error', text: failureText(err, doing) } });
      return undefined;
    } finally {
      this.set({ busy: null });
    }
  }

  /** The server's coefficient set when one is configured and reachable, else the built-in one. */
  async start(): Promise<void> {
    const server = this.state.settings.serverUrl;
    if (!server) {
      this.useCoefficients(DEFAULT_COEFFICIENTS, 'builtin');
      return;
    }
    const got = await this.client().coefficients();
    if (got.ok) this.useCoefficients(got.value, 'server');
    else {
      this.useCoefficients(DEFAULT_COEFFICIENTS, 'builtin');
      this.set({ message: { kind: 'warning', text: `${sentence(got.message)}目前使用内置系数表（${DEFAULT_COEFFICIENTS.name}）。` } });
    }
  }

  private useCoefficients(set: CoefficientSet, source: 'server' | 'builtin'): void {
    this.coefficients = set;
    this.deps.onCoefficients?.(set);
    this.set({ coefficients: { source, name: set.name, version: set.version } });
  }

  private async analyze(): Promise<{ input: WorkbookInput; analysis: Analysis }> {
    const input = await this.deps.host.readTemplate(TEMPLATE_V1);
    const analysis = analyzeWorkbook(input, { coefficients: this.coefficients });
    this.last = { input, analysis };
    return this.last;
  }

  /** 校验: reads the workbook, validates it, marks the cells and writes 校验结果. */
  async check(): Promise<CheckView | undefined> {
    return this.act('校验', async () => {
      const { analysis } = await this.analyze();
      const { errors, warnings } = analysis.summary;
      const summary = summaryText(errors, warnings);
      const marks: CellMark[] = analysis.issues.map((i) => ({ sheet: i.sheet, cell: i.cell, severity: i.severity, text: i.message }));
      const report = await this.deps.host.showCheck({ marks, issues: analysis.issues, summary: `校验结果：${summary}` });
      const view: CheckView = { summary, errors, warnings, groups: groupIssues(analysis.issues), explained: report.explained, onlyInSheet: report.onlyInSheet };
      this.set({ check: view, message: { kind: errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'success', text: summary } });
      await this.watch();
      return view;
    });
  }

  /** 计算指标: the indicators of the workbook as it is now, into 指标汇总. */
  async indicators(): Promise<readonly IndicatorResult[] | undefined> {
    return this.act('计算指标', async () => {
      const { analysis } = await this.analyze();
      const who = analysis.workbook.county?.name ?? '（县未识别）';
      const when = analysis.workbook.period ? periodLabel(analysis.workbook.period) : '（报告期未识别）';
      const note = analysis.summary.errors > 0 ? `（报表有 ${analysis.summary.errors} 个错误，指标仅供参考）` : '';
      await this.deps.host.showIndicators(analysis.indicators, `${who} ${when} 指标汇总${note}｜系数：${this.coefficients.name}（${this.coefficients.version}）`);
      this.set({ indicators: analysis.indicators, message: { kind: 'info', text: `已计算 ${analysis.indicators.length} 项指标，写入“指标汇总”工作表。${note}` } });
      return analysis.indicators;
    });
  }

  /** 提交: sends the .xlsx (or, where the host cannot give it, the sheets as read) to the server. */
  async submit(): Promise<SubmissionAnswer | undefined> {
    return this.act('提交', async () => {
      const { settings } = this.state;
      if (!settings.serverUrl) {
        this.set({ message: { kind: 'error', text: '尚未设置服务器地址：请在“设置”中填写节能通服务器的地址。' } });
        return undefined;
      }
      const { input } = await this.analyze();
      const file = await this.deps.host.readFile();
      const answer = await this.client().submit(file, input);
      if (!answer.ok) {
        this.set({ message: { kind: 'error', text: answer.message } });
        return undefined;
      }
      const a = answer.value;
      const receipt = receiptView(a, file === null);
      this.set({ receipt, message: { kind: a.status === 'accepted' ? 'success' : 'error', text: receipt.text } });
      return a;
    });
  }

  /** 清除标记: takes the add-in's fills and notes off the cells (the user's own stay), e.g. before sending the file elsewhere. */
  async clearMarks(): Promise<void> {
    await this.act('清除标记', async () => {
      if (!this.last) await this.deps.host.readTemplate(TEMPLATE_V1);
      await this.deps.host.clearMarks();
      this.set({ check: null, message: { kind: 'info', text: '已清除节能通在单元格上的标色和说明（您自己的格式、备注和批注未改动）；“校验结果”工作表保留。' } });
    });
  }

  /** 插入模板: adds what the workbook lacks of the template, never overwriting. */
  async insertTemplate(): Promise<void> {
    await this.act('插入模板', async () => {
      const r = await this.deps.host.insertTemplate(TEMPLATE_V1);
      const parts = [
        r.sheetsAdded.length > 0 ? `新增工作表：${r.sheetsAdded.join('、')}` : '',
        r.headersAdded.length > 0 ? `补充列标题：${r.headersAdded.map((h) => `${h.sheet}「${h.header}」`).join('、')}` : '',
      ].filter(Boolean);
      this.set({ message: { kind: 'success', text: parts.length > 0 ? `${parts.join('；')}。原有数据未改动。` : '模板的工作表和列标题都已齐全，未做改动。' } });
    });
  }

  /** Selects an issue's cell (the sheet must exist: a missing sheet's issue has nowhere to go). */
  async select(issue: Pick<Issue, 'sheet' | 'cell'>): Promise<void> {
    try {
      await this.deps.host.select(issue.sheet, issue.cell);
    } catch (err) {
      this.deps.log?.(err);
      this.set({ message: { kind: 'warning', text: `无法定位到 ${issue.sheet}!${issue.cell}：工作簿中没有这个工作表（请按提示添加或改名）。` } });
    }
  }

  saveSettings(serverUrl: string, token: string): boolean {
    const url = serverUrl.trim() === '' ? { url: '' } : checkServerUrl(serverUrl);
    if ('error' in url) {
      this.set({ message: { kind: 'error', text: url.error } });
      return false;
    }
    const settings = { serverUrl: url.url, token: token.trim() };
    this.deps.settings.save(settings);
    this.set({ settings, message: { kind: 'success', text: '设置已保存（只保存在本机，不会写入工作簿）。' } });
    void this.start();
    return true;
  }

  setAutoRecheck(on: boolean): void {
    this.set({ autoRecheck: on });
  }

  /** After a check, edits to the workbook bring a new check after a short pause (校验 stays the source of truth). */
  private async watch(): Promise<void> {
    if (this.stopWatching) return;
    try {
      this.stopWatching = await this.deps.host.onChanged(() => {
        if (!this.state.autoRecheck || !this.state.check) return;
        if (this.recheckTimer) clearTimeout(this.recheckTimer);
        this.recheckTimer = setTimeout(() => {
          this.recheckTimer = null;
          void this.check();
        }, RECHECK_DELAY_MS);
      });
    } catch (err) {
      this.deps.log?.(err);
    }
  }

  async dispose(): Promise<void> {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    await this.stopWatching?.();
    this.stopWatching = null;
  }

  /** The last analysis (tests, and the JSON fallback). */
  get lastAnalysis(): Analysis | null {
    return this.last?.analysis ?? null;
  }
}

function receiptView(a: SubmissionAnswer, asJson: boolean): ReceiptView {
  const who = `${a.county ?? ''} ${a.period ?? ''}`.trim();
  const via = asJson ? '（此 Excel 无法读取文件本身，已发送读取到的表格数据）' : '';
  if (a.status === 'accepted') {
    const when = a.receipt ? new Date(a.receipt.receivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
    const late = a.late ? '，已过截止日期，记为逾期' : '';
    const warnings = a.summary.warnings > 0 ? `，有 ${a.summary.warnings} 个警告请核对` : '';
    return { accepted: true, text: `已受理：${who} 第 ${a.version} 版，收到时间 ${when}${late}${warnings}。回执编号 ${a.receipt?.sha256.slice(0, 12) ?? ''}。${via}`, groups: groupIssues(a.issues as Issue[]) };
  }
  return { accepted: false, text: `未受理：${who} 第 ${a.version ?? '?'} 版有 ${a.summary.errors} 个错误，请按下列问题修改后重新提交。${via}`, groups: groupIssues(a.issues as Issue[]) };
}
