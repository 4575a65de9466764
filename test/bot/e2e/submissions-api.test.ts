/** POST /api/submissions over real HTTP: tokens, county binding, formats, limits, versions, lateness, issue counts. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { issueToken } from '../../../bot/access/access.js';
import { parseJsonBody } from '../../../bot/server/http.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { sample, setCell } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { cliIn, startTestServer, XLSX_TYPE, unchanged, type TestServer } from './harness.js';

interface Answer {
  status: string;
  county: string | null;
  period: string | null;
  version: number | null;
  receipt: { sha256: string; receivedAt: string } | null;
  late: boolean | null;
  summary: { errors: number; warnings: number };
  issues: Record<string, unknown>[];
  issueCount: number;
  issueCounts: Record<string, number>;
  issuesTruncated: boolean;
  error?: { code: string; message: string };
}

/** The workbook as the add-in sends it: {"sheets": {name: rows}}, dates as ISO text. */
function sheetsJson(input: WorkbookInput): string {
  const sheets: Record<string, unknown[]> = {};
  for (const s of input.sheets) sheets[s.name] = s.rows.map((r) => (r ? r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null))) : null));
  return JSON.stringify({ sheets });
}

describe('e2e: /api/submissions', function () {
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let token: string;

  before(async function () {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const issued = await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json']);
    assert.equal(issued.code, 0, issued.err);
    token = (JSON.parse(issued.out) as { token: string }).token;
    server = await startTestServer({ dir: temp.dir, env: { JIENENG_MAX_UPLOAD_MB: '1' } });
  });

  after(async function () {
    await server?.stop();
    await cleanup?.();
  });

  async function post(body: Buffer | string, type: string, auth: string | null = `Bearer ${token}`): Promise<{ status: number; body: Answer }> {
    const headers: Record<string, string> = { 'Content-Type': type };
    if (auth) headers['Authorization'] = auth;
    const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers, body });
    return { status: r.status, body: (await r.json()) as Answer };
  }


  it('accepts a raw .xlsx and answers with version and receipt', async function () {
    const data = await xlsxBuffer(sample());
    const r = await post(data, XLSX_TYPE);
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'accepted');
    assert.equal(r.body.county, '泽州县');
    assert.equal(r.body.period, '2026Q3');
    assert.equal(r.body.version, 1);
    assert.equal(r.body.late, false);
    assert.equal(r.body.receipt?.sha256, createHash('sha256').update(data).digest('hex'));
    assert.equal(r.body.receipt?.receivedAt, server.clock.now.toISOString());
    assert.deepEqual(r.body.summary, { errors: 0, warnings: 0 });
    assert.deepEqual(Object.keys(r.body), ['status', 'county', 'period', 'version', 'receipt', 'late', 'countsAsLate', 'sameAs', 'summary', 'issues', 'issueCount', 'issueCounts', 'issuesTruncated', 'issueReport']);
    assert.deepEqual([r.body.issues, r.body.issueCount, r.body.issueCounts, r.body.issuesTruncated], [[], 0, {}, false]);
  });

  it('accepts JSON sheets as a new version, judged late after the due date', async function () {
    server.clock.now = new Date('2026-10-16T01:00:00Z'); // 09:00 on 10-16 in Shanghai, the day after the due date
    try {
      const r = await post(sheetsJson(sample()), 'application/json');
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.status, 'accepted');
      assert.equal(r.body.version, 2);
      assert.equal(r.body.late, true);
    } finally {
      server.clock.now = new Date('2026-10-10T02:00:00Z');
    }
  });

  it('rejects a workbook with errors but keeps it as a version, with template.md issue objects', async function () {
    const bad = sample();
    setCell(bad, '单位名录', 'E4', -3);
    const r = await post(await xlsxBuffer(bad), XLSX_TYPE);
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'rejected');
    assert.equal(r.body.version, 3);
    const issue = r.body.issues.find((i) => i['cell'] === 'E4');
    assert.ok(issue, JSON.stringify(r.body.issues));
    assert.deepEqual(Object.keys(issue), ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message']);
    assert.equal(issue['code'], 'range');
    assert.equal(r.body.issueCount, r.body.issues.length);
    assert.equal(r.body.issueCounts['range'], 1);
    assert.equal(r.body.issuesTruncated, false);
  });

  it('answers 422 without storing when 基本信息 names no county', async function () {
    const anonymous = sample();
    setCell(anonymous, '基本信息', 'B1', null);
    const r = await unchanged(server, () => post(sheetsJson(anonymous), 'application/json'));
    assert.equal(r.status, 422);
    assert.equal(r.body.status, 'rejected');
    assert.equal(r.body.version, null);
    assert.ok(r.body.issues.some((i) => i['sheet'] === '基本信息' && i['code'] === 'required'));
    assert.equal(r.body.issueCount, r.body.issues.length);
    assert.ok(r.body.issueCounts['required']! >= 1);
    assert.equal(r.body.issuesTruncated, false);
  });

  it('401 without a token or with a wrong one', async function () {
    const data = await xlsxBuffer(sample());
    const none = await unchanged(server, () => post(data, XLSX_TYPE, null));
    assert.equal(none.status, 401);
    assert.match(none.body.error!.message, /缺少令牌/u);
    const wrong = await unchanged(server, () => post(data, XLSX_TYPE, 'Bearer jn_not-a-real-token'));
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.error!.message, /令牌无效或已作废/u);
  });

  it("403 for another county's workbook", async function () {
    const r = await unchanged(server, async () => post(await xlsxBuffer(sample({ county: JINCHENG.counties[0]! })), XLSX_TYPE));
    assert.equal(r.status, 403);
    assert.match(r.body.error!.message, /县（市、区）是城区，而令牌属于泽州县/u);
  });

  it('413 when oversized, announced or streamed', async function () {
    const big = Buffer.alloc(1024 * 1024 + 1, 1);
    const announced = await unchanged(server, () => post(big, XLSX_TYPE));
    assert.equal(announced.status, 413);
    assert.match(announced.body.error!.message, /超过 1 MB 的上限/u);
    // Chunked, so no Content-Length to check first: the cap applies while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    const r = await unchanged(server, () =>
      fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${token}` }, body: stream, duplex: 'half' } as RequestInit),
    );
    assert.equal(r.status, 413);
  });

  it('415 for other content types and for bytes that are not a workbook', async function () {
    const csv = await unchanged(server, () => post('单位,电力\n', 'text/csv'));
    assert.equal(csv.status, 415);
    assert.match(csv.body.error!.message, /不支持的内容类型“text\/csv”/u);
    const pdf = await unchanged(server, () => post(Buffer.from('%PDF-1.4 …'), XLSX_TYPE));
    assert.equal(pdf.status, 415);
    assert.match(pdf.body.error!.message, /不是 Excel 工作簿/u);
  });

  it('400 for garbage JSON and for JSON of the wrong shape', async function () {
    // Parsed in a worker thread now: the same answers as when the main thread parsed them.
    const broken = '{"sheets": {"基本信息": [[1, 2]';
    const garbage = await unchanged(server, () => post(broken, 'application/json'));
    assert.equal(garbage.status, 400);
    assert.equal(garbage.body.error!.code, 'bad-json');
    assert.throws(() => parseJsonBody(Buffer.from(broken)), (err: Error) => err.message === garbage.body.error!.message);
    assert.match(garbage.body.error!.message, /不是有效的 JSON/u);
    const shape = await unchanged(server, () => post('{"sheets": {"基本信息": "泽州县"}}', 'application/json'));
    assert.equal(shape.status, 400);
    assert.deepEqual(shape.body.error, {
      code: 'bad-shape',
      message:
        'JSON 内容不符合要求（位置：sheets → 基本信息）。格式应为 {"sheets": {"基本信息": [["县（市、区）", "泽州县"], …], "单位名录": [[表头…], [第 2 行…]]}}，单元格只能是文本、数字、布尔值或 null。',
    });
  });

  it('a new token revokes the old one', async function () {
    const fresh = await issueToken(server.repo, '泽州县', 'test', server.clock.now);
    const data = await xlsxBuffer(sample());
    const old = await post(data, XLSX_TYPE);
    assert.equal(old.status, 401);
    const current = await post(data, XLSX_TYPE, `Bearer ${fresh}`);
    assert.equal(current.status, 201);
    token = fresh;
  });
});
