/** The city's holiday file on disk, and the city calendar: chinese-days with the file over it. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { cityCalendar, holidayFilePath, loadHolidayFile } from '../../../bot/calendar/holiday-file.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import { TEST_HOLIDAYS_2027 } from '../../shared/schedule/holidays-2027-test-data.js';

describe('bot/calendar/holiday-file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jieneng-holidays-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lives as holidays.json in the data directory', () => {
    assert.equal(holidayFilePath('/srv/jieneng/data'), join('/srv/jieneng/data', 'holidays.json'));
  });

  it('an absent file is null, and the city calendar is the package alone', async () => {
    const path = holidayFilePath(dir);
    assert.equal(await loadHolidayFile(path), null);
    const calendar = await cityCalendar(path);
    assert.equal(calendar.source(2026), 'package');
    assert.equal(calendar.source(2027), CHINA_CALENDAR.covers(2027) ? 'package' : null);
    assert.equal(calendar.isWorkday('2026-10-10'), true, 'Saturday, 调休 in the package');
    const none = await cityCalendar();
    assert.equal(none.source(2026), 'package');
  });

  it('a valid file covers its year; the Q4 2026 due date is then no longer uncertain', async () => {
    const path = holidayFilePath(dir);
    await writeFile(path, `\uFEFF${JSON.stringify(TEST_HOLIDAYS_2027, null, 2)}`);
    assert.deepEqual(await loadHolidayFile(path), TEST_HOLIDAYS_2027);
    const calendar = await cityCalendar(path);
    assert.equal(calendar.covers(2027), true);
    assert.equal(calendar.source(2027), 'file');
    assert.equal(calendar.source(2026), 'package');
    assert.equal(calendar.source(2099), null);
    assert.equal(calendar.isWorkday('2027-02-08'), false, 'in the test data’s 春节');
    assert.equal(calendar.isWorkday('2027-02-20'), true, 'Saturday, the test data’s 调休');
    assert.equal(calendar.isWorkday('2026-10-01'), false, '2026 still from the package');
    assert.equal(submissionDue({ year: 2026, quarter: 4 }, calendar).calendarCovered, true);
  });

  it('an invalid file throws one Error listing every mistake, numbered, in Chinese', async () => {
    const path = holidayFilePath(dir);
    const bad = { years: { '2027': { source: 'x', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-02-08', '2027-01-02'] } } };
    await writeFile(path, JSON.stringify(bad));
    await assert.rejects(cityCalendar(path), (err: Error) => {
      assert.equal(
        err.message,
        `节假日文件 ${path} 有 2 处错误，请改正后再启动：\n` +
          '1. years.2027.workdays[0]：2027-02-08 是星期一，本来就上班；调休上班日只能是周六或周日，请核对通知\n' +
          '2. years.2027.workdays[1]：2027-01-02 同时在放假安排 元旦（2027-01-01 至 2027-01-03）内，一天不能既放假又上班，请删去其中一处',
      );
      return true;
    });
  });

  it('bad JSON names the line and column', async () => {
    const path = holidayFilePath(dir);
    await writeFile(path, '{\n  "years": {\n    "2027": { "source": "x",, }\n  }\n}');
    await assert.rejects(loadHolidayFile(path), (err: Error) => {
      assert.match(err.message, /有 1 处错误/u);
      assert.match(err.message, /1\. 节假日文件不是有效的 JSON（第 3 行第 \d+ 列附近）：请检查括号、引号和逗号是否成对、完整。/u);
      return true;
    });
  });

  it('a path that cannot be read (a directory) is a Chinese error, not null', async () => {
    const path = join(dir, 'holidays.json');
    await mkdir(path);
    await assert.rejects(loadHolidayFile(path), /^Error: 无法读取节假日文件 .*holidays\.json（EISDIR）：请检查文件权限，或删去该文件。$/u);
  });
});
