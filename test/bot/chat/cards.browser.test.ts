/**
 * Every card the bot sends, drawn by Microsoft's Adaptive Cards renderer (npm adaptivecards) in
 * headless Chromium at 320 and 540 px with a host config close to Teams' own and the Noto CJK
 * font: no parse or validation errors against schema 1.4, and what a narrow phone screen needs —
 * header cells, fact titles and short cells on one line, states never wrapped, states never told
 * by colour alone (a word or a symbol the CJK font draws: no emoji font, no missing glyph), no
 * button title cut, nothing wider than the card. Screenshots: test/artifacts/cards/<card>-<width>.png.
 *
 * Needs Chromium and CJK fonts from Debian: `apt-get install chromium fonts-noto-cjk`
 * (.ci/run installs them). Without Chromium the test fails and says so; it never skips.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { AdaptiveCard } from '../../../bot/chat/cards/elements.js';
import { cardSamples, type CardSample } from './card-samples.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/cards/', import.meta.url));
const RENDERER = fileURLToPath(new URL('../../../node_modules/adaptivecards/dist/adaptivecards.min.js', import.meta.url));
const RENDERER_CSS = fileURLToPath(new URL('../../../node_modules/adaptivecards/dist/adaptivecards.css', import.meta.url));
const WIDTHS = [320, 540] as const;
const FONT = '"Noto Sans CJK SC", sans-serif';
const MONO = '"Noto Sans Mono CJK SC", monospace';
/** The fonts a glyph may come from: anything else is a fallback (an emoji font, or a missing glyph). */
const CJK_FONT = /^Noto Sans (Mono )?CJK/u;
/** A state says itself in words or with a symbol the CJK font has. */
const STATE_WORD = /按时|逾期|未报|未通过|达标|受理|失败|草稿|更正|截止|汇总|尚未|均已|✓|●|○|▲|△|■|□|⚠|×/u;
/** A cell this short is one word or label: it must not break. */
const SHORT = 6;

/** Teams' light host config (Microsoft's samples/HostConfig/microsoft-teams-light.json), the font set to Noto CJK. */
const colors = { default: { default: '#ff252424', subtle: '#bf252424' }, accent: { default: '#6264a7', subtle: '#8b8cc7' }, good: { default: '#92c353', subtle: '#e592c353' }, warning: { default: '#f8d22a', subtle: '#e5f8d22a' }, attention: { default: '#c4314b', subtle: '#e5c4314b' } };
const sizes = { fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 200, default: 400, bolder: 600 } };
const HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: FONT,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#EEEEEE' },
  fontTypes: { default: { fontFamily: FONT, ...sizes }, monospace: { fontFamily: MONO, ...sizes } },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: colors },
    emphasis: { backgroundColor: '#fff9f8f7', foregroundColors: colors },
    good: { backgroundColor: '#CCFFCC', foregroundColors: colors },
    attention: { backgroundColor: '#FFC5B2', foregroundColors: colors },
    warning: { backgroundColor: '#FFE2B2', foregroundColors: colors },
  },
  actions: { maxActions: 6, spacing: 'Default', buttonSpacing: 8, showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' }, actionsOrientation: 'Horizontal', actionAlignment: 'Left' },
  adaptiveCard: { allowCustomStyle: false },
  factSet: { title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true, maxWidth: 150 }, value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true }, spacing: 16 },
};

type Role = 'header' | 'state' | 'cell' | 'coloured' | 'text';
interface Tagged {
  id: string;
  role: Role;
  text: string;
}

/** A copy of the card whose TextBlocks and FactSets carry ids, and what each one is. */
function tagged(c: AdaptiveCard): { json: unknown; blocks: Tagged[]; factSets: string[] } {
  const blocks: Tagged[] = [];
  const factSets: string[] = [];
  const walk = (v: unknown, inColumn: boolean, header: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, inColumn, header));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o['type'] === 'TextBlock') {
      const id = `t${blocks.length}`;
      const coloured = o['color'] !== undefined && o['color'] !== 'Default';
      const role: Role = inColumn ? (header ? 'header' : coloured ? 'state' : 'cell') : coloured ? 'coloured' : 'text';
      blocks.push({ id, role, text: String(o['text']) });
      return { ...o, id };
    }
    if (o['type'] === 'FactSet') {
      const id = `f${factSets.length}`;
      factSets.push(id);
      return { ...o, id };
    }
    if (o['type'] === 'ColumnSet') {
      const columns = o['columns'] as { items: Record<string, unknown>[] }[];
      const isHeader = columns.every((col) => col.items.every((i) => i['type'] === 'TextBlock' && i['weight'] === 'Bolder'));
      return { ...o, columns: columns.map((col) => ({ ...col, items: walk(col.items, true, isHeader) })) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x, inColumn, header)]));
  };
  return { json: walk(c, false, false), blocks, factSets };
}

/** Runs in the page: parse (1.4), validate, render into #host, and measure. */
const PAGE_SCRIPT = `
// Teams renders markdown links; the cards' only markdown is the bot's own [title](url).
window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const escaped = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  result.outputHtml = escaped.replace(/\\[([^\\]]+)\\]\\((https:[^)\\s]+)\\)/g, '<a href="$2">$1</a>');
  result.didProcess = true;
};
/** Characters the font draws as its missing-glyph box (.notdef): compared pixel for pixel with a code point no font has. */
window.missingGlyphs = (chars, font) => {
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (c) => { g.clearRect(0, 0, 48, 48); g.font = '32px ' + font; g.fillText(c, 4, 38); return g.getImageData(0, 0, 48, 48).data.join(','); };
  const box = draw('\u{10FFFD}');
  return chars.filter((c) => draw(c) === box);
};
window.renderCard = (json, hostConfig, width, blockIds, factSetIds) => {
  const AC = window.AdaptiveCards;
  const host = document.getElementById('host');
  host.innerHTML = '';
  host.style.width = width + 'px';
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(hostConfig);
  const context = new AC.SerializationContext(AC.Versions.v1_4);
  card.parse(json, context);
  const errors = [];
  for (let i = 0; i < context.eventCount; i++) errors.push('parse: ' + context.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) errors.push('validate: ' + e.message);
  host.appendChild(card.render());
  const right = host.getBoundingClientRect().right;
  const lines = (el) => {
    const tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 3)) tops.push(r.top);
    }
    return tops.length;
  };
  const mark = (el, id) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim() !== '') n.parentElement.setAttribute('data-check', id);
  };
  const blocks = blockIds.map((id) => {
    const el = card.getElementById(id)?.renderedElement;
    if (!el) return { id, lines: 0, overflow: false, brokenStates: [] };
    mark(el, id);
    // A state inside a longer line, told by its symbol ("充电桩达标单位：▲ 未达标 83.33%…"), must not break either; prose may.
    const brokenStates = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.textContent.matchAll(/[✓▲×●○⚠] ?(未达标|达标|按时报送|逾期报送|未报送|按时|逾期|未通过|已受理|未受理)/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const tops = [];
        for (const r of range.getClientRects()) if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 3)) tops.push(r.top);
        if (tops.length > 1) brokenStates.push(m[0]);
      }
    }
    return { id, lines: lines(el), overflow: el.getBoundingClientRect().right > right + 0.5, brokenStates };
  });
  const titles = factSetIds.flatMap((id) => {
    const el = card.getElementById(id)?.renderedElement;
    return el ? [...el.querySelectorAll('tr')].map((tr) => ({ text: tr.cells[0].innerText, lines: lines(tr.cells[0]) })) : [];
  });
  const buttons = [...host.querySelectorAll('button')].map((b, i) => {
    b.setAttribute('data-check', 'b' + i);
    // The title sits in an inner element with text-overflow: ellipsis: check every level, not only the button.
    const clipped = [b, ...b.querySelectorAll('*')].some((el) => el.scrollWidth > el.clientWidth + 1);
    return { text: b.innerText, cut: clipped || b.getBoundingClientRect().right > right + 0.5 };
  });
  return { errors, blocks, titles, buttons };
};
`;

interface PageReport {
  errors: string[];
  blocks: { id: string; lines: number; overflow: boolean; brokenStates: string[] }[];
  titles: { text: string; lines: number }[];
  buttons: { text: string; cut: boolean }[];
}

/** The fonts Chromium drew each marked text with (DevTools protocol: CSS.getPlatformFontsForNode). */
async function fontsUsed(cdp: CDPSession): Promise<Map<string, Set<string>>> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-check]' });
  const out = new Map<string, Set<string>>();
  for (const nodeId of nodeIds) {
    const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
    const id = attributes[attributes.indexOf('data-check') + 1]!;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const set = out.get(id) ?? new Set<string>();
    for (const f of fonts) set.add(f.familyName);
    out.set(id, set);
  }
  return out;
}

/** What is wrong with one card at one width, in words. */
async function problems(page: Page, cdp: CDPSession, sample: CardSample, width: number): Promise<string[]> {
  const { json, blocks, factSets } = tagged(sample.card);
  const report = (await page.evaluate(([j, h, w, b, f]) => (globalThis as unknown as { renderCard: (...a: unknown[]) => unknown }).renderCard(j, h, w, b, f), [json, HOST_CONFIG, width, blocks.map((b) => b.id), factSets] as const)) as PageReport;
  const fonts = await fontsUsed(cdp);
  const out: string[] = [...report.errors];
  const where = (t: string) => `「${t.length > 24 ? `${t.slice(0, 24)}…` : t}」`;
  for (const [i, b] of blocks.entries()) {
    const r = report.blocks[i]!;
    if (r.lines === 0 && b.text.trim() !== '') out.push(`not rendered: ${where(b.text)}`);
    for (const w of r.brokenStates) out.push(`state ${w} breaks across lines in ${where(b.text)}`);
    if (r.overflow) out.push(`wider than the card: ${where(b.text)}`);
    const short = [...b.text].length <= SHORT && !/\s/u.test(b.text);
    if ((b.role === 'header' || b.role === 'state' || (b.role === 'cell' && short)) && r.lines > 1) out.push(`${b.role} wraps onto ${r.lines} lines: ${where(b.text)}`);
    // A coloured sentence says itself; a coloured cell or short line must carry the state's word or symbol.
    if ((b.role === 'state' || (b.role === 'coloured' && [...b.text].length <= 12)) && !STATE_WORD.test(b.text)) out.push(`colour alone: ${where(b.text)} has no state word or symbol`);
    // A state is drawn by the CJK font itself; other text may fall back to a text font (DejaVu's ₂ in tCO₂), never to an emoji font.
    const state = b.role === 'state' || b.role === 'coloured';
    const other = [...(fonts.get(b.id) ?? [])].filter((f) => (state ? !CJK_FONT.test(f) : /emoji/iu.test(f)));
    if (other.length > 0) out.push(`drawn with ${other.join(', ')}: ${where(b.text)}`);
  }
  // Every symbol and non-Chinese character the cards use has a glyph in the CJK font (no emoji font on the machine).
  const unusual = [...new Set([...blocks.map((b) => b.text), ...report.buttons.map((b) => b.text)].join(''))].filter((c) => !/[\p{Script=Han}\x20-\x7e\u3000-\u303f\uff00-\uffef]/u.test(c));
  const missing = (await page.evaluate(([chars, font]) => (globalThis as unknown as { missingGlyphs: (c: string[], f: string) => string[] }).missingGlyphs(chars, font), [unusual, FONT] as const)) as string[];
  for (const c of missing) out.push(`no glyph in the CJK font for ${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`);
  for (const t of report.titles) if (t.lines > 1) out.push(`fact title wraps onto ${t.lines} lines: ${where(t.text)}`);
  for (const [i, b] of report.buttons.entries()) {
    if (b.cut) out.push(`button title cut: ${where(b.text)}`);
    const other = [...(fonts.get(`b${i}`) ?? [])].filter((f) => !CJK_FONT.test(f));
    if (other.length > 0) out.push(`button drawn with ${other.join(', ')}: ${where(b.text)}`);
  }
  await page.locator('#host').screenshot({ path: join(ARTIFACTS, `${sample.name}-${width}.png`) });
  return out;
}

describe('bot cards in Chromium with the adaptivecards renderer (issue 12)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let samples: CardSample[];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`没有找到 Chromium（${CHROMIUM}）：浏览器测试需要它。请以 root 运行 \`apt-get install -y chromium fonts-noto-cjk\`（.ci/run 会安装）。`);
    }
    samples = await cardSamples();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    it(`every card renders at ${width} px: schema 1.4 without errors, labels and states unbroken, states not by colour alone`, async () => {
      const page = await browser.newPage({ viewport: { width: width + 40, height: 900 }, locale: 'zh-CN' });
      const outside: string[] = [];
      await page.route(/^(https?|wss?):/u, (route) => {
        outside.push(route.request().url());
        return route.abort();
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.setContent('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body style="margin:0;padding:20px;background:#f5f5f5"><div id="host" style="background:#fff"></div></body></html>');
      await page.addStyleTag({ path: RENDERER_CSS });
      await page.addStyleTag({ content: `.ac-pushButton { font-family: ${FONT}; }` });
      await page.addScriptTag({ path: RENDERER });
      await page.addScriptTag({ content: PAGE_SCRIPT });
      await page.evaluate('document.fonts.ready.then(() => true)');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const found: string[] = [];
      for (const s of samples) for (const p of await problems(page, cdp, s, width)) found.push(`${s.name}: ${p}`);
      assert.ok(samples.length >= 25, `${samples.length} cards`);
      assert.deepEqual(found, []);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(outside, [], 'no request left the machine');
      await page.close();
    });
  }
});
