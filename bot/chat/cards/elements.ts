/**
 * A small typed subset of Adaptive Cards 1.4 that renders the same in Teams and Web Chat: text
 * blocks, fact sets and column sets (tables are rows of ColumnSets; the Table element is not
 * supported by Teams on every client). Text from users and workbooks goes through `plain()` so it
 * cannot turn into markdown links or formatting.
 */

export type Color = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  color?: Color;
  isSubtle?: boolean;
  fontType?: 'Monospace';
  spacing?: 'None' | 'Small' | 'Medium';
  separator?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
}

export interface Column {
  type: 'Column';
  /** A relative weight, or "auto" / "stretch". */
  width: number | 'auto' | 'stretch';
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: 'None' | 'Small';
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'emphasis' | 'good' | 'warning' | 'attention';
}

/** Buttons inside the body (per row: 查看提交, 催报). */
export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: 'None' | 'Small';
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.4';
  body: CardElement[];
  /** Shown where the card cannot render (notifications, old clients). */
  fallbackText: string;
  msteams?: { width: 'Full' };
  /** Buttons under the card: links (Action.OpenUrl) and commands (Action.Submit); both render in Teams, Web Chat and the Emulator. */
  actions?: CardAction[];
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/**
 * A button that sends a command as if typed. Teams sends `msteams.text` as the message text
 * (messageBack, shown as `displayText`); Web Chat and the Emulator send the data as the
 * activity's value, whose `jieneng` the channel reads as the text. Either way the handler sees
 * exactly the typed command.
 */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: { jieneng: string; msteams: { type: 'messageBack'; text: string; displayText: string } };
}

export type CardAction = OpenUrlAction | SubmitAction;

const MARKDOWN_LOOKALIKES: Record<string, string> = { '[': '［', ']': '］', '*': '＊', '_': '＿', '`': '｀', '<': '＜', '>': '＞', '~': '～', '#': '＃', '|': '｜', '\\': '＼' };

/**
 * Neutralises markdown in text that came from a user or a workbook: the characters that make
 * links, emphasis or HTML become their full-width look-alikes (clients differ on backslash escapes).
 */
export function plain(text: string): string {
  return text.replace(/[[\]*_`<>~#|\\]/gu, (c) => MARKDOWN_LOOKALIKES[c] ?? c).replace(/\r?\n/gu, ' ');
}

/**
 * Buttons under a card share one row, each cut to its share of the width: at 320 px four short
 * labels already end in "…". Buttons that would not fit one narrow row go into rows of their own
 * (ActionSets at the end of the body), packed by an estimate of their rendered width.
 */
const ROW_WIDTH = 270;
function buttonWidth(a: CardAction): number {
  let w = 20; // padding
  for (const ch of a.title) w += ch.charCodeAt(0) > 0x2e7f ? 13 : 7;
  return w;
}

export function buttonRows(actions: readonly CardAction[]): CardAction[][] {
  const rows: CardAction[][] = [];
  let width = ROW_WIDTH + 1;
  for (const a of actions) {
    const w = buttonWidth(a) + 8;
    if (width + w > ROW_WIDTH || rows.length === 0) {
      rows.push([a]);
      width = w;
    } else {
      rows.at(-1)!.push(a);
      width += w;
    }
  }
  return rows;
}

export function card(body: CardElement[], fallbackText: string, actions: CardAction[] = []): AdaptiveCard {
  const rows = buttonRows(actions);
  const c: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: rows.length > 1 ? [...body, ...rows.map((r) => actionSet(r))] : body,
    fallbackText,
    msteams: { width: 'Full' },
  };
  return rows.length === 1 ? { ...c, actions } : c;
}

export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** A button that sends `command` ("进度 2026Q3") exactly as if the user had typed it. */
export function command(title: string, text: string): SubmitAction {
  return { type: 'Action.Submit', title, data: { jieneng: text, msteams: { type: 'messageBack', text, displayText: text } } };
}

export function actionSet(actions: CardAction[]): ActionSet {
  return { type: 'ActionSet', actions, spacing: 'None' };
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function title(value: string, color: Color = 'Default'): TextBlock {
  return text(value, { weight: 'Bolder', size: 'Medium', color });
}

/**
 * Label–value lines ("截止日期：2026年10月15日"), stacked in a Container. Not a FactSet: its table
 * gives a long value the width and squeezes the label until it breaks ("接收时/间") on a phone.
 */
export function facts(pairs: readonly (readonly [string, string])[]): Container {
  return container(pairs.map(([t, v], i) => text(`${t}：${v}`, i === 0 ? {} : { spacing: 'None' })));
}

/** One table row: cells with relative widths (2 is twice as wide as 1). */
export function row(cells: readonly (string | TextBlock)[], widths: readonly number[], options: { header?: boolean; separator?: boolean } = {}): ColumnSet {
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    separator: options.separator,
    columns: cells.map((c, i) => ({
      type: 'Column',
      width: widths[i] ?? 'stretch',
      items: [typeof c === 'string' ? text(c, { size: 'Small', weight: options.header ? 'Bolder' : undefined, spacing: 'None' }) : c],
    })),
  };
}

export function container(items: CardElement[], style?: Container['style']): Container {
  return style ? { type: 'Container', items, style } : { type: 'Container', items };
}
