/**
 * What the Excel add-in needs of the server, over real HTTP on loopback: the coefficient set
 * (GET /api/coefficients, ETag and 304, a city's override), CORS for the development task pane,
 * and submissions as the JSON the add-in reads from Range.values, valueTypes, numberFormat and merges.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, DEV_ADDIN_ORIGIN, loadConfig } from '../../../bot/config.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { DEFAULT_COEFFICIENTS } from '../../../shared/coefficients/default.js';
import { applyOverride } from '../../../shared/coefficients/override.js';
import type { CoefficientSet } from '../../../shared/coefficients/types.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import type { CellValue, CellValueType, SheetInput, WorkbookInput } from '../../../shared/table/sheet.js';
import { columnOf, findCell, sample, setCell } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { cliIn, startTestServer, unchanged, XLSX_TYPE, type TestServer } from './harness.js';

const ADDIN_HOST = 'https://excel.jincheng.example.gov.cn';
const STRANGER = 'https://elsewhere.example.com';

const OVERRIDE = {
  name: '晋城市 2026 口径',
  version: '晋城2026.2',
  gridFactor: '华北2023',
  kgce: { naturalGas: { value: 1.33, source: '市统计局 2026 年口径' } },
};

interface CoefficientsBody {
  id: string;
  name: string;
  version: string;
  coefficients: CoefficientSet;
}

/** A fresh data directory with 泽州县's API token, and a server on it. */
async function serverWithToken(env: Record<string, string> = {}): Promise<{ server: TestServer; token: string; stop(): Promise<void> }> {
  const temp = await tempDir();
  const issued = await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json']);
  assert.equal(issued.code, 0, issued.err);
  const server = await startTestServer({ dir: temp.dir, env });
  return {
    server,
    token: (JSON.parse(issued.out) as { token: string }).token,
    async stop() {
      await server.stop();
      await temp.cleanup();
    },
  };
}

type Served = Awaited<ReturnType<typeof serverWithToken>>;

/** One server for the enclosing describe block (filled in before its tests run). */
function sharedServer(env: Record<string, string> = {}): Served {
  const served = {} as Served;
  before(async function () {
    Object.assign(served, await serverWithToken(env));
  });
  after(async function () {
    await served.stop?.();
  });
  return served;
}

const indicatorsWith = (coefficients: CoefficientSet) => analyzeWorkbook(sample(), { coefficients }).indicators;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A workbook as the add-in sends it: each sheet's Range.values with dates as Excel serials, and the
 * cells' valueTypes and numberFormat as Excel gives them; merges as given.
 */
function addinJson(input: WorkbookInput): { sheets: Record<string, unknown> } {
  const sheets: Record<string, unknown> = {};
  for (const s of input.sheets) {
    const rows: (CellValue[] | null)[] = [];
    const valueTypes: (CellValueType[] | null)[] = [];
    const numberFormats: (string[] | null)[] = [];
    s.rows.forEach((r, i) => {
      rows[i] = r ? r.map((v) => (v instanceof Date ? (v.getTime() - EXCEL_EPOCH_MS) / 86_400_000 : (v ?? ''))) : null;
      valueTypes[i] = r ? r.map((v, j) => s.valueTypes?.[i]?.[j] ?? typeOf(v)) : null;
      numberFormats[i] = r ? r.map((v) => (v instanceof Date ? 'yyyy-mm-dd' : 'General')) : null;
    });
    sheets[s.name] = { rows, valueTypes, numberFormats, ...(s.merges ? { merges: s.merges } : {}) };
  }
  return { sheets };
}

function typeOf(v: CellValue): CellValueType {
  if (v === null || v === undefined || v === '') return 'Empty';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  return 'Double';
}

/** What the server makes of the JSON (nulls are holes): the engine's own input for the same body. */
function fromJson(body: { sheets: Record<string, unknown> }): WorkbookInput {
  const holes = (grid: unknown[][] | null[] | undefined) => grid?.map((r) => (r ? (r as unknown[]).map((v) => v ?? undefined) : undefined));
  const parsed = JSON.parse(JSON.stringify(body)) as { sheets: Record<string, { rows: CellValue[][]; valueTypes?: CellValueType[][]; numberFormats?: string[][]; merges?: string[] }> };
  return {
    sheets: Object.entries(parsed.sheets).map(
      ([name, s]): SheetInput => ({
        name,
        rows: s.rows.map((r) => r ?? undefined),
        ...(s.valueTypes ? { valueTypes: holes(s.valueTypes) as SheetInput['valueTypes'] } : {}),
        ...(s.numberFormats ? { numberFormats: holes(s.numberFormats) as SheetInput['numberFormats'] } : {}),
        ...(s.merges ? { merges: s.merges } : {}),
      }),
    ),
  };
}

describe('e2e: the add-in API', function () {
  describe('GET /api/coefficients', function () {
    const ctx = sharedServer();

    it('gives the default set without a token, as JSON the engine takes back unchanged', async function () {
      const r = await fetch(`${ctx.server.url}/api/coefficients`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/u);
      assert.equal(r.headers.get('cache-control'), 'no-cache');
      const body = (await r.json()) as CoefficientsBody;
      assert.deepEqual([body.id, body.name, body.version], [DEFAULT_COEFFICIENTS.id, DEFAULT_COEFFICIENTS.name, DEFAULT_COEFFICIENTS.version]);
      assert.deepEqual(body.coefficients, DEFAULT_COEFFICIENTS);
      assert.deepEqual(indicatorsWith(body.coefficients), indicatorsWith(DEFAULT_COEFFICIENTS));
    });

    it('answers 304 to its own ETag and 200 to another', async function () {
      const first = await fetch(`${ctx.server.url}/api/coefficients`);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"2026\.1-[0-9a-f]{16}"$/u);
      const again = await fetch(`${ctx.server.url}/api/coefficients`, { headers: { 'If-None-Match': `"other", W/${etag}` } });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(await again.text(), '');
      const stale = await fetch(`${ctx.server.url}/api/coefficients`, { headers: { 'If-None-Match': '"2026.1-0000000000000000"' } });
      assert.equal(stale.status, 200);
      assert.deepEqual(((await stale.json()) as CoefficientsBody).coefficients, DEFAULT_COEFFICIENTS);
    });

    it('takes GET only', async function () {
      const r = await unchanged(ctx.server, () => fetch(`${ctx.server.url}/api/coefficients`, { method: 'POST', body: '{}' }));
      assert.equal(r.status, 405);
      assert.equal(r.headers.get('allow'), 'GET');
      assert.match(((await r.json()) as { error: { message: string } }).error.message, /只接受 GET/u);
    });
  });

  describe('a city override (coefficientsFile)', function () {
    it('is what GET /api/coefficients gives and what submissions are checked with', async function () {
      const temp = await tempDir();
      const file = join(temp.dir, '晋城口径.json');
      await writeFile(file, JSON.stringify(OVERRIDE));
      const ctx = await serverWithToken({ JIENENG_COEFFICIENTS: file });
      try {
        const expected = applyOverride(OVERRIDE);
        assert.ok(expected.ok);
        const r = await fetch(`${ctx.server.url}/api/coefficients`);
        const body = (await r.json()) as CoefficientsBody;
        assert.deepEqual([body.id, body.name, body.version], ['override', OVERRIDE.name, OVERRIDE.version]);
        assert.deepEqual(body.coefficients, expected.set);
        // Header values are ASCII: the Chinese part of the version is replaced, the hash still tells sets apart.
        assert.match(r.headers.get('etag') ?? '', /^"__2026\.2-[0-9a-f]{16}"$/u);
        const withOverride = indicatorsWith(body.coefficients);
        assert.deepEqual(withOverride, indicatorsWith(expected.set));
        assert.notDeepEqual(withOverride, indicatorsWith(DEFAULT_COEFFICIENTS), 'the override changes an indicator');

        const posted = await fetch(`${ctx.server.url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${ctx.token}`, 'Content-Type': XLSX_TYPE }, body: await xlsxBuffer(sample()) });
        assert.equal(posted.status, 201);
        const stored = (await ctx.server.repo.submissions({ county: '泽州县' })).at(-1)!;
        assert.deepEqual(stored.indicators, Object.fromEntries(withOverride.map((i) => [i.id, i.value])));
      } finally {
        await ctx.stop();
        await temp.cleanup();
      }
    });

    it('stops start-up when the file is missing or wrong, naming the key', async function () {
      const temp = await tempDir();
      try {
        const missing = join(temp.dir, '没有这个文件.json');
        await assert.rejects(startTestServer({ env: { JIENENG_COEFFICIENTS: missing } }), (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /^配置项 coefficientsFile（环境变量 JIENENG_COEFFICIENTS） 有误：无法读取系数文件“.*没有这个文件\.json”/u);
          return true;
        });
        const wrong = join(temp.dir, 'wrong.json');
        await writeFile(wrong, JSON.stringify({ name: '晋城', version: '1', kgce: { electricity: -1 } }));
        await assert.rejects(startTestServer({ env: { JIENENG_COEFFICIENTS: wrong } }), (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /^配置项 coefficientsFile（环境变量 JIENENG_COEFFICIENTS） 有误：系数文件“.*wrong\.json”有 1 处问题：\n {2}- kgce\.electricity：/u);
          return true;
        });
      } finally {
        await temp.cleanup();
      }
    });
  });

  describe('addinOrigins', function () {
    it('defaults to the dev server in local anonymous mode only, and takes exact origins', function () {
      assert.deepEqual(loadConfig({}).addinOrigins, [DEV_ADDIN_ORIGIN]);
      assert.deepEqual(loadConfig({ JIENENG_ADDIN_ORIGINS: `${ADDIN_HOST}/, HTTPS://Localhost:3000` }).addinOrigins, [ADDIN_HOST, DEV_ADDIN_ORIGIN]);
      const authenticated = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' };
      assert.deepEqual(loadConfig(authenticated).addinOrigins, []);
      assert.deepEqual(loadConfig({ ...authenticated, JIENENG_ADDIN_ORIGINS: ADDIN_HOST }).addinOrigins, [ADDIN_HOST]);
      for (const bad of ['*', 'https://excel.example.gov.cn/addin', 'excel.example.gov.cn']) {
        assert.throws(
          () => loadConfig({ JIENENG_ADDIN_ORIGINS: bad }),
          (err: Error) => err instanceof ConfigError && err.message.startsWith('配置项 addinOrigins（环境变量 JIENENG_ADDIN_ORIGINS） 的值无效') && /不接受“\*”/u.test(err.message),
        );
      }
    });
  });

  describe('CORS', function () {
    const ctx = sharedServer({ JIENENG_ADDIN_ORIGINS: ADDIN_HOST, JIENENG_MAX_UPLOAD_MB: '1' });

    const preflight = (path: string, origin: string) =>
      fetch(`${ctx.server.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });

    it('grants a preflight from an allowed origin, exactly and without credentials', async function () {
      for (const [path, origin] of [
        ['/api/submissions', DEV_ADDIN_ORIGIN],
        ['/api/coefficients', ADDIN_HOST],
      ] as const) {
        const r = await unchanged(ctx.server, () => preflight(path, origin));
        assert.equal(r.status, 204, path);
        assert.equal(r.headers.get('access-control-allow-origin'), origin);
        assert.equal(r.headers.get('access-control-allow-methods'), 'GET, POST');
        assert.equal(r.headers.get('access-control-allow-headers'), 'Authorization, Content-Type');
        assert.equal(r.headers.get('access-control-max-age'), '600');
        assert.equal(r.headers.get('vary'), 'Origin');
        assert.equal(r.headers.get('access-control-allow-credentials'), null);
      }
    });

    it('gives another origin no CORS headers, on the preflight and on the answer', async function () {
      const r = await preflight('/api/submissions', STRANGER);
      assert.equal(r.status, 204);
      for (const [name] of r.headers) assert.ok(!name.startsWith('access-control-'), `no ${name}`);
      const got = await fetch(`${ctx.server.url}/api/coefficients`, { headers: { Origin: STRANGER } });
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('access-control-allow-origin'), null);
      assert.equal(got.headers.get('vary'), 'Origin');
      // Other routes never answer CORS, whatever the origin.
      const other = await fetch(`${ctx.server.url}/healthz`, { headers: { Origin: DEV_ADDIN_ORIGIN } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    it('puts the grant on answers and on refusals, so the add-in can read the Chinese message', async function () {
      const got = await fetch(`${ctx.server.url}/api/coefficients`, { headers: { Origin: DEV_ADDIN_ORIGIN } });
      assert.equal(got.headers.get('access-control-allow-origin'), DEV_ADDIN_ORIGIN);
      assert.equal(got.headers.get('access-control-expose-headers'), 'ETag');

      const post = (headers: Record<string, string>, body: Buffer | string) =>
        unchanged(ctx.server, () => fetch(`${ctx.server.url}/api/submissions`, { method: 'POST', headers: { Origin: ADDIN_HOST, ...headers }, body }));
      const refusals = [
        [401, await post({ 'Content-Type': XLSX_TYPE }, await xlsxBuffer(sample())), /缺少令牌/u],
        [401, await post({ 'Content-Type': XLSX_TYPE, Authorization: 'Bearer jn_wrong' }, 'x'), /令牌无效/u],
        [415, await post({ 'Content-Type': 'text/plain', Authorization: `Bearer ${ctx.token}` }, 'x'), /不支持的内容类型/u],
        [413, await post({ 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${ctx.token}` }, Buffer.alloc(1_200_000)), /超过 1 MB/u],
      ] as const;
      for (const [status, r, message] of refusals) {
        assert.equal(r.status, status);
        assert.equal(r.headers.get('access-control-allow-origin'), ADDIN_HOST, `${status} carries the grant`);
        assert.equal(r.headers.get('access-control-allow-credentials'), null);
        assert.match(((await r.json()) as { error: { message: string } }).error.message, message);
      }
    });
  });

  describe('POST /api/submissions with the add-in JSON', function () {
    const ctx = sharedServer();

    const post = (body: string) =>
      fetch(`${ctx.server.url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' }, body });

    /**
     * The sample with an Excel error in 电力 (valueType Error), the text "#N/A" typed as text below
     * it (valueType String: not an error, so only a sheet's valueTypes tell them apart), and
     * 是否中心城区 merged over two rows.
     */
    function damaged(): { input: WorkbookInput; errorCell: string; textCell: string; mergeTop: string } {
      const input = sample();
      const energy = input.sheets.find((s) => s.name === '能源资源消费')!;
      const errorCell = findCell(input, '能源资源消费', '电力（kWh）', 3);
      const textCell = findCell(input, '能源资源消费', '电力（kWh）', 4);
      setCell(input, '能源资源消费', errorCell, '#DIV/0!');
      setCell(input, '能源资源消费', textCell, '#N/A');
      const types = energy.rows.map((r) => r?.map(typeOf));
      types[2]![columnOf(input, '能源资源消费', '电力（kWh）') - 1] = 'Error';
      energy.valueTypes = types;
      const mergeTop = findCell(input, '单位名录', '是否中心城区', 3);
      const mergeBottom = findCell(input, '单位名录', '是否中心城区', 4);
      setCell(input, '单位名录', mergeBottom, null);
      input.sheets.find((s) => s.name === '单位名录')!.merges = [`${mergeTop}:${mergeBottom}`];
      return { input, errorCell, textCell, mergeTop };
    }

    it('gives the issues the engine gives for the same input (dates as serials, an Excel error, a merge)', async function () {
      const { input, errorCell, textCell, mergeTop } = damaged();
      const body = addinJson(input);
      const r = await post(JSON.stringify(body));
      assert.equal(r.status, 201);
      const answer = (await r.json()) as { status: string; issues: Record<string, unknown>[]; issueCount: number; summary: unknown };
      const local = analyzeWorkbook(fromJson(body));
      assert.deepEqual(answer.issues, JSON.parse(JSON.stringify(local.issues)));
      assert.deepEqual(answer.summary, local.summary);
      assert.equal(answer.status, 'rejected');
      // The planted problems are there, and nothing else: serial dates read as the dates they are.
      const at = (a1: string) => answer.issues.filter((i) => i['cell'] === a1).map((i) => [i['code'], i['message']]);
      assert.equal(at(errorCell).length, 1);
      assert.equal(at(errorCell)[0]![0], 'type');
      assert.match(String(at(errorCell)[0]![1]), /是 Excel 错误值“#DIV\/0!”/u);
      assert.equal(at(textCell).length, 1);
      assert.match(String(at(textCell)[0]![1]), /的值“#N\/A”不是数字/u);
      assert.equal(at(mergeTop).length, 1);
      assert.equal(at(mergeTop)[0]![0], 'format');
      assert.match(String(at(mergeTop)[0]![1]), /合并/u);
      assert.equal(answer.issueCount, 3);
      assert.deepEqual(JSON.parse(JSON.stringify(analyzeWorkbook(input).issues)), answer.issues, 'the same as the workbook with real dates');
    });

    it('still takes the first form, {"sheets": {name: rows}}, side by side with the new one', async function () {
      const body = addinJson(sample());
      body.sheets['基本信息'] = sample().sheets[0]!.rows.map((r) => r?.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null))) ?? null);
      const r = await post(JSON.stringify(body));
      assert.equal(r.status, 201);
      assert.equal(((await r.json()) as { status: string }).status, 'accepted');
    });

    it('refuses a wrong shape with 400 and a Chinese message naming the field, storing nothing', async function () {
      const sheetWith = (extra: Record<string, unknown>) => JSON.stringify({ sheets: { 基本信息: { rows: [['县（市、区）', '泽州县']], ...extra } } });
      const cases = [
        [sheetWith({ valueTypes: [['String', 'Text']] }), '（位置：sheets → 基本信息 → valueTypes → 0 → 1）', /valueTypes 应为与 rows 对应的二维数组/u],
        [sheetWith({ numberFormats: [[1, 2]] }), '（位置：sheets → 基本信息 → numberFormats → 0 → 0）', /numberFormats 应为/u],
        [sheetWith({ merges: ['B3:'] }), '（位置：sheets → 基本信息 → merges → 0）', /合并区域 merges 应为 A1 地址的列表/u],
        [sheetWith({ originRow: 0 }), '（位置：sheets → 基本信息 → originRow）', /originRow 应为/u],
        [sheetWith({ formulas: [] }), '（位置：sheets → 基本信息）', /工作表对象只能有 rows、valueTypes、numberFormats、merges、originRow、originColumn，收到未知的“formulas”/u],
        [JSON.stringify({ sheets: { 基本信息: { valueTypes: [] } } }), '（位置：sheets → 基本信息 → rows）', /rows 应为按行排列的二维数组/u],
        [sheetWith({ merges: Array.from({ length: 100_001 }, () => 'A1:B2') }), '（位置：sheets → 基本信息 → merges）', /最多 100000 个/u],
      ] as const;
      for (const [text, where, message] of cases) {
        const r = await unchanged(ctx.server, () => post(text));
        assert.equal(r.status, 400, where);
        const error = ((await r.json()) as { error: { code: string; message: string } }).error;
        assert.equal(error.code, 'bad-shape');
        assert.ok(error.message.startsWith(`JSON 内容不符合要求${where}`), error.message);
        assert.match(error.message, message);
      }
    });
  });
});
