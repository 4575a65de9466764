/**
 * The task pane's page: Fluent UI web components, built with DOM calls only. Every text from the
 * workbook or the server goes in as textContent, never as HTML.
 */
import type { Issue } from '../../shared/validation/issues.js';
import { targetLabel } from '../../shared/indicators/definitions.js';
import type { IssueGroup, Pane, PaneState } from './pane.js';

type Attrs = Record<string, string>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Attrs, ...children: (Node | string | null)[]): HTMLElement;
function el(tag: string, attrs: Attrs = {}, ...children: (Node | string | null)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

function button(label: string, testId: string, onClick: () => void, appearance = 'secondary'): HTMLElement {
  const b = el('fluent-button', { appearance, 'data-testid': testId }, label);
  b.addEventListener('click', onClick);
  return b;
}

const SEVERITY = { error: '错误', warning: '警告' } as const;

function issueList(groups: readonly IssueGroup[], pane: Pane, testId: string): HTMLElement {
  const box = el('div', { class: 'groups', 'data-testid': testId });
  for (const g of groups) {
    const counts = [g.errors > 0 ? `错误 ${g.errors}` : '', g.warnings > 0 ? `警告 ${g.warnings}` : ''].filter(Boolean).join('，');
    const list = el('ul', { class: 'issues' });
    for (const issue of g.issues) list.append(el('li', {}, issueButton(issue, pane)));
    box.append(el('details', { open: '' }, el('summary', {}, el('span', { class: 'sheet' }, g.sheet), el('span', { class: 'counts' }, counts)), list));
  }
  return box;
}

function issueButton(issue: Issue, pane: Pane): HTMLElement {
  const b = el(
    'button',
    { class: `issue ${issue.severity}`, type: 'button', 'data-cell': `${issue.sheet}!${issue.cell}`, title: '点击定位到单元格' },
    el('span', { class: 'badge' }, SEVERITY[issue.severity]),
    el('span', { class: 'where' }, issue.cell),
    el('span', { class: 'text' }, issue.message),
  );
  b.addEventListener('click', () => void pane.select(issue));
  return b;
}

function indicatorTable(state: PaneState): HTMLElement | null {
  if (!state.indicators) return null;
  const body = el('tbody');
  for (const r of state.indicators) {
    const value = r.value === null ? '无数据' : `${Math.round(r.value * 100) / 100}${r.unit === '%' ? '%' : ` ${r.unit}`}`;
    const pass = r.pass === null ? '—' : r.pass ? '✓ 达标' : '✗ 未达标';
    body.append(el('tr', { class: r.pass === false ? 'missed' : '' }, el('td', {}, r.name), el('td', {}, value), el('td', {}, targetLabel(r)), el('td', {}, pass)));
  }
  return el('table', { class: 'indicators', 'data-testid': 'indicators' }, el('thead', {}, el('tr', {}, el('th', {}, '指标'), el('th', {}, '数值'), el('th', {}, '目标'), el('th', {}, '达标'))), body);
}

function settingsPanel(state: PaneState, pane: Pane): HTMLElement {
  const url = el('input', { type: 'url', id: 'server-url', 'data-testid': 'server-url', placeholder: 'https://jieneng.example.gov.cn' }) as HTMLInputElement;
  url.value = state.settings.serverUrl;
  const token = el('input', { type: 'password', id: 'token', 'data-testid': 'token', autocomplete: 'off', placeholder: '本县（市、区）的提交令牌' }) as HTMLInputElement;
  token.value = state.settings.token;
  const auto = el('input', { type: 'checkbox', id: 'auto-recheck' }) as HTMLInputElement;
  auto.checked = state.autoRecheck;
  auto.addEventListener('change', () => pane.setAutoRecheck(auto.checked));
  return el(
    'details',
    { class: 'settings', ...(state.settings.token ? {} : { open: '' }) },
    el('summary', {}, '设置'),
    el('label', { for: 'server-url' }, '服务器地址'),
    url,
    el('label', { for: 'token' }, '提交令牌'),
    token,
    el('p', { class: 'hint' }, '令牌只保存在本机浏览器中，不会写入工作簿。'),
    el('label', { class: 'inline' }, auto, '编辑后自动重新校验'),
    button('保存设置', 'save-settings', () => pane.saveSettings(url.value, token.value)),
  );
}

/**
 * The settings panel is kept between renders while the saved settings are the same, so what the
 * user is typing (and the focus) survives a check finishing or a re-check after an edit.
 */
const panels = new WeakMap<HTMLElement, { settings: PaneState['settings']; element: HTMLElement }>();

function keptSettingsPanel(root: HTMLElement, state: PaneState, pane: Pane): HTMLElement {
  const kept = panels.get(root);
  if (kept && kept.settings === state.settings) return kept.element;
  const element = settingsPanel(state, pane);
  panels.set(root, { settings: state.settings, element });
  return element;
}

export function render(root: HTMLElement, state: PaneState, pane: Pane): void {
  const coeff = `系数：${state.coefficients.name}（${state.coefficients.version}，${state.coefficients.source === 'server' ? '来自服务器' : '内置'}）`;
  const busy = state.busy !== null;
  const toolbar = el(
    'div',
    { class: 'toolbar' },
    button('校验', 'check', () => void pane.check(), 'primary'),
    button('计算指标', 'indicators', () => void pane.indicators()),
    button('提交', 'submit', () => void pane.submit()),
    button('插入模板', 'insert-template', () => void pane.insertTemplate()),
    button('清除标记', 'clear-marks', () => void pane.clearMarks()),
  );
  for (const b of toolbar.children) if (busy) b.setAttribute('disabled', '');
  const parts: (HTMLElement | null)[] = [
    el('header', {}, el('h1', {}, '节能通'), el('p', { class: 'coefficients', 'data-testid': 'coefficients' }, coeff)),
    state.unavailable.length > 0 ? el('ul', { class: 'unavailable', 'data-testid': 'unavailable' }, ...state.unavailable.map((t) => el('li', {}, t))) : null,
    toolbar,
    busy ? el('div', { class: 'busy', role: 'status', 'data-testid': 'busy' }, el('fluent-spinner', { size: 'tiny' }), state.busy ?? '') : null,
    state.message ? el('div', { class: `message ${state.message.kind}`, role: 'status', 'data-testid': 'message' }, state.message.text) : null,
  ];
  if (state.receipt) {
    parts.push(el('section', { class: `receipt ${state.receipt.accepted ? 'accepted' : 'rejected'}`, 'data-testid': 'receipt' }, el('h2', {}, '提交回执'), el('p', {}, state.receipt.text)));
    if (state.receipt.groups.length > 0) parts.push(issueList(state.receipt.groups, pane, 'receipt-issues'));
  }
  if (state.check) {
    const notes = state.check.onlyInSheet > 0 ? `；${state.check.onlyInSheet} 处说明只列在“校验结果”工作表中` : '';
    parts.push(el('section', { class: 'check', 'data-testid': 'check' }, el('h2', {}, '校验结果'), el('p', {}, `${state.check.summary}问题单元格已标色并加备注${notes}。点击问题可定位到单元格。`)));
    parts.push(issueList(state.check.groups, pane, 'issues'));
  }
  const table = indicatorTable(state);
  if (table) parts.push(el('section', {}, el('h2', {}, '指标'), table));
  parts.push(keptSettingsPanel(root, state, pane));
  root.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}
