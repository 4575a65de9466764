/**
 * Markdown for the group robots: the digest that names counties, and the split of a long message
 * into numbered parts that each fit a robot's limit. Both robots render a small markdown subset
 * (企业微信 has no lists), so a digest is paragraphs only: the intro, lines of county names joined
 * with “、”, the footer.
 */
import { plain } from '../chat/cards/elements.js';

export interface WebhookMessage {
  /** Plain text; the first line of every part, and 钉钉's notification title. */
  title: string;
  /** Markdown body (the caller's own markup; user data in it must go through markdownText). */
  markdown: string;
}

/** One request's worth of a message: 钉钉's plain title and the markdown sent (heading included). */
export interface MessagePart {
  title: string;
  content: string;
}

/** County names per line of a digest: short lines read well on a phone and split cleanly. */
const NAMES_PER_LINE = 10;
/** Below this many bytes for the body, a part would hold little more than its heading. */
const MIN_BODY_BYTES = 64;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * User data (a county name) as markdown that shows exactly as text on both robots: plain() turns
 * the characters that make links, emphasis, headings or HTML into full-width look-alikes (the
 * robots differ on backslash escapes), and a leading list marker cannot start a list.
 */
export function markdownText(text: string): string {
  return plain(text)
    .replace(/^([-+=])/u, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(/^(\d+)([.)])/u, (_, digits: string, mark: string) => `${digits}${mark === '.' ? '．' : '）'}`);
}

/** One markdown digest naming counties: the intro, the names (neutralised) in short lines, the footer. */
export function digestMarkdown(input: { title: string; intro: string; counties: readonly string[]; footer?: string }): WebhookMessage {
  const lines: string[] = [];
  for (let i = 0; i < input.counties.length; i += NAMES_PER_LINE) {
    lines.push(input.counties.slice(i, i + NAMES_PER_LINE).map(markdownText).join('、'));
  }
  const paragraphs = [input.intro.trim(), ...(lines.length > 0 ? lines : ['（无）'])];
  if (input.footer !== undefined && input.footer.trim() !== '') paragraphs.push(input.footer.trim());
  return { title: input.title, markdown: paragraphs.join('\n\n') };
}

/** The title with the keyword in it (keyword-mode robots refuse a message without it). */
function titled(title: string, keyword: string | undefined): string {
  const t = title.replace(/\s+/gu, ' ').trim();
  return keyword === undefined || t.includes(keyword) ? t : `【${keyword}】${t}`;
}

/** The part's label: none for a single part, then “（1/3）”, “（续 2/3）”. */
function numbered(title: string, i: number, n: number): string {
  if (n === 1) return title;
  return i === 1 ? `${title}（1/${n}）` : `${title}（续 ${i}/${n}）`;
}

/** The heading line: the title neutralised like user data, except the keyword, which must stay literal. */
function heading(title: string, keyword: string | undefined): string {
  const pieces = keyword === undefined ? [title] : title.split(keyword);
  return `### ${pieces.map((p) => plain(p)).join(keyword ?? '')}`;
}

/** A line cut into pieces of at most `budget` UTF-8 bytes, at character boundaries. */
function cutLine(line: string, budget: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let size = 0;
  for (const ch of line) {
    const b = utf8Bytes(ch);
    if (size + b > budget && piece !== '') {
      pieces.push(piece);
      piece = '';
      size = 0;
    }
    piece += ch;
    size += b;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** Lines packed greedily into chunks of at most `budget` bytes (joined with "\n"), blank edges dropped. */
function pack(lines: readonly string[], budget: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = -1; // the first line adds no separator
  const flush = (): void => {
    while (current.length > 0 && current[0]!.trim() === '') current.shift();
    while (current.length > 0 && current.at(-1)!.trim() === '') current.pop();
    if (current.length > 0) chunks.push(current.join('\n'));
    current = [];
    size = -1;
  };
  for (const line of lines) {
    for (const piece of utf8Bytes(line) > budget ? cutLine(line, budget) : [line]) {
      const b = utf8Bytes(piece) + 1;
      if (size + b > budget) flush();
      current.push(piece);
      size += b;
    }
  }
  flush();
  return chunks;
}

/**
 * A message as the parts to send: each part's content is its heading, a blank line and a run of
 * whole lines of the body, at most `maxBytes` UTF-8 bytes; a line longer than that alone is cut.
 * Returns null when even an empty body would not fit beside the heading.
 */
export function splitMessage(message: WebhookMessage, maxBytes: number, keyword?: string): MessagePart[] | null {
  const title = titled(message.title, keyword);
  const body = message.markdown.replace(/\r\n?/gu, '\n').trim();
  const lines = body.split('\n');
  // The longest heading for n parts is the last one's; with 1 part there is no label.
  const budget = (n: number): number => maxBytes - utf8Bytes(heading(numbered(title, n, n), keyword)) - 2;
  if (budget(1) >= utf8Bytes(body)) return [{ title, content: body === '' ? heading(title, keyword) : `${heading(title, keyword)}\n\n${body}` }];
  if (budget(2) < MIN_BODY_BYTES) return null;
  // Labels grow with the count (“（续 10/10）” is longer than “（续 9/9）”): relabel until the count
  // is no larger than the one the budget assumed; chunks that fit a smaller budget fit a larger one.
  let n = 2;
  let chunks = pack(lines, budget(n));
  while (chunks.length > n) {
    n = chunks.length;
    if (budget(n) < MIN_BODY_BYTES) return null;
    chunks = pack(lines, budget(n));
  }
  return chunks.map((chunk, k) => {
    const partTitle = numbered(title, k + 1, chunks.length);
    return { title: partTitle, content: `${heading(partTitle, keyword)}\n\n${chunk}` };
  });
}
