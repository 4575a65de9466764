/**
 * The schedule's commands in-process against a data directory in a temp dir: `reminders plan`
 * (its JSON shape, the uncovered-year warning with and without the city's holiday file, a store
 * held by a running server), `calendar check`, `notice` (draft files that open; no published
 * notice; a quarter not yet due), and mistakes said in Chinese.
 */
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as X from 'exceljs';
import JSZip from 'jszip';
import { JINCHENG } from '../../../shared/counties.js';
import { holidayFilePath } from '../../../bot/calendar/holiday-file.js';
import { openRepository } from '../../../bot/store/open.js';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { TEST_HOLIDAYS_2027 } from '../../shared/schedule/holidays-2027-test-data.js';
import { cli, newSubmission, tempDir } from '../helpers.js';

const STAGES = ['due-7', 'due-3', 'due-1', 'due-day', 'overdue-1', 'overdue-3', 'supervisor-digest', 'food-self-check', 'awareness-day', 'hosting', 'annual-report'];
const EVENT_KEYS = ['time', 'county', 'audience', 'stage', 'period', 'due', 'channel'];
const PLAN = ['reminders', 'plan', '--from', '2026-12-01', '--to', '2027-01-31', '--format', 'json'];
const UNCOVERED_2027 = /2027 年的法定节假日安排尚未收录/u;

interface PlanJson {
  events: { time: string; county: string | null; audience: string; stage: string; period: string; due: string | null; channel: string }[];
  warnings: string[];
}

const noStackTrace = (text: string): void => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/u, 'no stack trace for users');

/** A holiday file with two mistakes: a Monday as 调休, and a day both off and on. */
const BAD_HOLIDAYS = {
  years: { '2027': { source: '测试', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-02-08', '2027-01-02'] } },
};

describe('jieneng reminders / notice / calendar (schedule commands)', function () {
  this.timeout(30_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let previous: string | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    previous = process.env['JIENENG_DATA'];
    process.env['JIENENG_DATA'] = dir;
  });

  afterEach(async () => {
    process.env['JIENENG_DATA'] = previous;
    await cleanup();
  });

  async function plan(): Promise<PlanJson> {
    const r = await cli(PLAN);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as PlanJson;
  }

  it('reminders plan --format json: events with +08:00 times and known stages, and a warning naming uncovered 2027', async () => {
    const { events, warnings } = await plan();
    assert.ok(events.length > 0);
    const counties = JINCHENG.counties.map((c) => c.name);
    for (const e of events) {
      assert.deepEqual(Object.keys(e), EVENT_KEYS);
      assert.match(e.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/u, e.time);
      assert.ok(e.time >= '2026-12-01' && e.time < '2027-02-01', e.time);
      assert.ok(STAGES.includes(e.stage), e.stage);
      if (e.audience === 'county') assert.ok(counties.includes(e.county!), String(e.county));
      else assert.equal(e.county, null);
      if (e.due !== null) assert.match(e.due, /^\d{4}-\d{2}-\d{2}$/u);
      // No conversation, no robot, no bot identity: local mode logs them.
      assert.equal(e.channel, 'log');
    }
    const stages = new Set(events.map((e) => e.stage));
    for (const s of ['due-7', 'due-day', 'overdue-3', 'supervisor-digest', 'food-self-check']) assert.ok(stages.has(s), `${s} in ${[...stages].join(',')}`);
    // 2026Q4 is due in January 2027: every county is reminded, the supervisors get one digest.
    assert.equal(events.filter((e) => e.stage === 'due-day' && e.period === '2026Q4').length, counties.length);
    assert.equal(events.filter((e) => e.stage === 'supervisor-digest').length, 1);
    assert.ok(warnings.some((w) => UNCOVERED_2027.test(w)), warnings.join('\n'));
  });

  it('reminders plan: the city’s holiday file for 2027 removes the 2027 warning', async () => {
    await writeFile(holidayFilePath(dir), JSON.stringify(TEST_HOLIDAYS_2027, null, 2));
    const { events, warnings } = await plan();
    assert.ok(events.length > 0);
    assert.ok(!warnings.some((w) => UNCOVERED_2027.test(w)), warnings.join('\n'));
    assert.ok(!warnings.some((w) => w.includes('2027') && w.includes('节假日')), warnings.join('\n'));
  });

  it('reminders plan reads a store a running server holds (a snapshot): submitted counties are left out', async () => {
    const at = new Date('2026-11-01T00:00:00+08:00');
    const repo = await openRepository({ dataDir: dir }, 'server', at);
    try {
      await repo.addCounties(JINCHENG.counties, 'test', at);
      await repo.addSubmission(newSubmission({ county: '泽州县', period: '2026Q4', status: 'accepted', receivedAt: '2027-01-05T02:00:00.000Z', dueDate: '2027-01-15' }));
      const { events } = await plan();
      const dueDay = events.filter((e) => e.stage === 'due-day' && e.period === '2026Q4').map((e) => e.county);
      assert.equal(dueDay.length, JINCHENG.counties.length - 1);
      assert.ok(!dueDay.includes('泽州县'));
    } finally {
      await repo.close();
    }
  });

  it('calendar check lists the covered years, the package’s and the file’s', async () => {
    const without = await cli(['calendar', 'check']);
    assert.equal(without.code, 0, without.err);
    assert.match(without.out, /chinese-days 软件包：\d{4}–2026 年/u);
    assert.match(without.out, /未收录：2027 年/u);

    await writeFile(holidayFilePath(dir), JSON.stringify(TEST_HOLIDAYS_2027));
    const r = await cli(['calendar', 'check']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /chinese-days 软件包：\d{4}–2026 年/u);
    assert.ok(r.out.includes(`2027 年：节假日文件 ${holidayFilePath(dir)}`), r.out);
    assert.match(r.out, /今年和明年均已收录/u);
    const json = JSON.parse((await cli(['calendar', 'check', '--format', 'json'])).out) as { fileYears: number[]; covered: { year: number; source: string }[]; uncovered: number[] };
    assert.deepEqual(json.fileYears, [2027]);
    assert.deepEqual(json.covered.find((c) => c.year === 2027), { year: 2027, covered: true, source: 'file' });
    assert.deepEqual(json.uncovered, []);
  });

  it('an invalid holiday file: calendar check exits 1 listing each mistake in Chinese; reminders plan refuses in Chinese', async () => {
    await writeFile(holidayFilePath(dir), JSON.stringify(BAD_HOLIDAYS));
    const r = await cli(['calendar', 'check']);
    assert.equal(r.code, 1);
    assert.match(r.out, /节假日文件有误，未使用/u);
    assert.match(r.out, /有 2 处错误/u);
    assert.match(r.out, /1\. years\.2027\.workdays\[0\]：2027-02-08 是星期一，本来就上班/u);
    assert.match(r.out, /2\. years\.2027\.workdays\[1\]：2027-01-02 同时在放假安排 元旦/u);
    assert.match(r.out, /未收录：2027 年/u, 'the file is not used');

    const p = await cli(PLAN);
    assert.equal(p.code, 2, p.out + p.err);
    assert.match(p.err, /^错误：配置项 holidaysFile（环境变量 JIENENG_HOLIDAYS） 有误：节假日文件 .* 有 2 处错误/u);
    assert.match(p.err, /2027-02-08 是星期一/u);
    noStackTrace(p.err);
    assert.doesNotMatch(p.err, /内部错误/u);
  });

  it('notice --period 2026Q3 --draft writes a .docx and an .xlsx that open', async () => {
    const out = join(dir, 'out');
    const r = await cli(['notice', '--period', '2026Q3', '--out', out, '--draft']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /通报（草稿）/u);
    assert.deepEqual((await readdir(out)).sort(), ['2026Q3-通报-草稿.docx', '2026Q3-通报-草稿.xlsx']);
    const zip = await JSZip.loadAsync(await readFile(join(out, '2026Q3-通报-草稿.docx')));
    const doc = await zip.file('word/document.xml')!.async('string');
    assert.ok(doc.includes('通报'), 'the title is in the document');
    const wb: X.Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(join(out, '2026Q3-通报-草稿.xlsx'))) as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['排名', '指标', '说明']);
    const counties = new Set(JINCHENG.counties.map((c) => c.name));
    const ranked = (wb.getWorksheet('排名')!.getColumn(2).values as unknown[]).filter((v) => typeof v === 'string' && counties.has(v));
    assert.equal(ranked.length, counties.size, 'every county in the rank table');
  });

  it('notice without a published notice exits 1 with a hint in Chinese', async () => {
    const out = join(dir, 'out');
    const r = await cli(['notice', '--period', '2026Q3', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.err, /2026年第三季度的通报还没有发布|通报还没有发布/u);
    assert.match(r.err, /发布通报 2026Q3/u);
    assert.match(r.err, /--draft/u);
    await assert.rejects(readdir(out), 'no files written');
  });

  it('notice for a quarter not yet due exits 1 saying it cannot be published before the due date, and suggests --draft', async () => {
    const out = join(dir, 'out');
    const r = await cli(['notice', '--period', '2026Q4', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.err, /2026年第4季度尚未到截止日期（2027年1月15日），截止日期前不能发布通报/u);
    assert.match(r.err, /--draft/u);
    assert.doesNotMatch(r.err, /发布通报 2026Q4/u, 'no instruction to publish what cannot be published');
    await assert.rejects(readdir(out), 'no files written');
  });

  it('a bad --from is a usage error in Chinese', async () => {
    const r = await cli(['reminders', 'plan', '--from', '2026-13-01', '--to', '2027-01-31']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^错误：--from 应为日期，如 2026-12-01，收到“2026-13-01”/u);
    assert.match(r.err, /用法：jieneng reminders plan/u);
    noStackTrace(r.err);
    assert.equal(r.out, '');
  });
});
