/**
 * GET /templates/县级季度报表模板-v1.xlsx: the blank template v1, the file `jieneng template` writes;
 * GET /templates/sample/<区划代码>.xlsx: the file `jieneng sample` writes for that county and the last
 * ended quarter. Public and unsigned (no user data in either: the sample's figures are generated),
 * so the links on cards never expire. Both are built once and kept (a sample until the quarter turns).
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Region } from '../../shared/counties.js';
import { lastEndedQuarter, periodId } from '../../shared/period.js';
import { generateSample } from '../../shared/sample/generate.js';
import { blankTemplate } from '../../shared/template/blank.js';
import { xlsxBuffer } from '../xlsx/write.js';
import type { ChatLinks } from '../chat/types.js';
import { HttpError } from './http.js';

export const TEMPLATE_PREFIX = '/templates/';
/** The name `jieneng template` gives the file by default. */
export const TEMPLATE_FILE = '县级季度报表模板-v1.xlsx';
const SAMPLE_PATH = /^\/templates\/sample\/(\d{6})\.xlsx$/u;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TemplateFiles {
  /** Paths under the server's address: the blank template, and a county's sample by its division code. */
  templatePath: string;
  samplePath(countyCode: string): string;
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function templateFiles(deps: { region: Region; now(): Date }): TemplateFiles {
  const blank = new Map<string, Promise<Buffer>>();
  // Samples of the current quarter only: at most one per county.
  let samples = { period: '', files: new Map<string, Promise<Buffer>>() };

  function cached(key: string, make: () => Promise<Buffer>, store: Map<string, Promise<Buffer>>): Promise<Buffer> {
    let file = store.get(key);
    if (!file) {
      file = make();
      store.set(key, file);
      // A failed build is not kept: the next request tries again.
      file.catch(() => store.delete(key));
    }
    return file;
  }

  function send(req: IncomingMessage, res: ServerResponse, data: Buffer, name: string): void {
    const headers = {
      'Content-Type': XLSX,
      'Content-Length': data.length,
      'Content-Disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      // The same bytes until the server is upgraded (a sample: until the quarter turns).
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    };
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  return {
    templatePath: `${TEMPLATE_PREFIX}${encodeURIComponent(TEMPLATE_FILE)}`,
    samplePath: (code) => `${TEMPLATE_PREFIX}sample/${encodeURIComponent(code)}.xlsx`,
    async serve(req, res, url) {
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = '';
      }
      if (path === `${TEMPLATE_PREFIX}${TEMPLATE_FILE}`) {
        send(req, res, await cached('v1', () => xlsxBuffer(blankTemplate(), { region: deps.region }), blank), TEMPLATE_FILE);
        return;
      }
      const m = SAMPLE_PATH.exec(path);
      if (!m) throw new HttpError(404, 'not-found', `没有这个模板文件。空白模板的地址是 ${TEMPLATE_PREFIX}${TEMPLATE_FILE}；示例报表是 ${TEMPLATE_PREFIX}sample/<区划代码>.xlsx。`);
      const county = deps.region.counties.find((c) => c.code === m[1]);
      if (!county) throw new HttpError(404, 'not-found', `没有区划代码为 ${m[1]} 的县（市、区）。可用的代码：${deps.region.counties.map((c) => `${c.code}（${c.name}）`).join('、')}。`);
      const period = lastEndedQuarter(deps.now());
      const id = periodId(period);
      if (samples.period !== id) samples = { period: id, files: new Map() };
      const data = await cached(county.code, () => xlsxBuffer(generateSample({ county, period }), { region: deps.region }), samples.files);
      send(req, res, data, `${county.name}-${id}-示例.xlsx`);
    },
  };
}

/**
 * The chat's links to what users download to get started: the template, their county's sample and
 * the add-in's manifest (served from the add-in folder under /addin/, present once the add-in is built).
 */
export function downloadLinks(baseUrl: () => string, files: TemplateFiles, addinDir: string): Required<Pick<ChatLinks, 'server' | 'template' | 'sample' | 'addinManifest'>> {
  return {
    server: baseUrl,
    template: () => `${baseUrl()}${files.templatePath}`,
    sample: (code) => `${baseUrl()}${files.samplePath(code)}`,
    addinManifest: async () => ((await stat(join(addinDir, 'manifest.xml')).catch(() => null))?.isFile() ? `${baseUrl()}/addin/manifest.xml` : null),
  };
}
