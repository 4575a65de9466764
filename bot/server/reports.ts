/**
 * GET /reports/<version id>.xlsx?exp=…&sig=…: the full issue list of one submitted version, behind
 * a link the server signed for that path only (bot/access/signed-links.ts). The link is the only
 * key: it expires, it opens nothing else, and it carries no token. The report is rebuilt from the
 * stored original on each download (the store keeps only the first issues).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LinkSigner } from '../access/signed-links.js';
import { issueReportName, REPORT_LINK_HOURS } from '../reports/issue-report.js';
import type { Repository, SubmissionRecord } from '../store/types.js';
import { HttpError } from './http.js';

export const REPORT_PREFIX = '/reports/';

export interface IssueReports {
  /** The absolute, signed link to a version's issue report. */
  link(record: SubmissionRecord, now: Date): string;
  /** Answers a GET under REPORT_PREFIX. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL, now: Date): Promise<void>;
}

export interface IssueReportDeps {
  signer: LinkSigner;
  repo: Repository;
  /** Where users reach the server (configured public address, or the listening one). */
  baseUrl(): string;
  /** The report file of a version (read and checked again from its original). */
  build(record: SubmissionRecord): Promise<Buffer>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function pathOf(record: SubmissionRecord): string {
  return `${REPORT_PREFIX}${encodeURIComponent(record.id)}.xlsx`;
}

/** Reports kept after they are built (a forwarded link or a link preview asks again at once). */
const KEPT = 8;

export function issueReports(deps: IssueReportDeps): IssueReports {
  // One build per version at a time, and the last few kept: a report is the same every time it is built.
  const built = new Map<string, Promise<Buffer>>();
  const report = (record: SubmissionRecord): Promise<Buffer> => {
    let data = built.get(record.id);
    if (data) built.delete(record.id); // re-inserted below: most recently used last
    else {
      data = deps.build(record);
      data.catch(() => built.delete(record.id));
    }
    built.set(record.id, data);
    for (const id of built.keys()) if (built.size > KEPT) built.delete(id);
    return data;
  };
  return {
    link(record, now) {
      return `${deps.baseUrl()}${deps.signer.sign(pathOf(record), new Date(now.getTime() + REPORT_LINK_HOURS * 3_600_000))}`;
    },
    async serve(req, res, url, now) {
      const verdict = deps.signer.check(url.pathname, url.searchParams, now);
      if (verdict === 'invalid') throw new HttpError(403, 'bad-link', '下载链接无效或不完整。请直接点击聊天中回执卡片上的链接，不要修改链接内容。');
      if (verdict === 'expired') {
        throw new HttpError(410, 'link-expired', `下载链接已过期（有效期 ${REPORT_LINK_HOURS} 小时）。请在聊天中发送“我的提交”，从最新的卡片上获取新的下载链接。`);
      }
      const id = decodeURIComponent(url.pathname.slice(REPORT_PREFIX.length).replace(/\.xlsx$/u, ''));
      // The id is "<county code>-<period>-v<version>": only that quarter's versions are read.
      const period = /-(\d{4}Q[1-4])-v\d+$/u.exec(id)?.[1];
      const record = period ? (await deps.repo.submissions({ period })).find((s) => s.id === id) : undefined;
      if (!record) throw new HttpError(404, 'not-found', '找不到这份提交，问题清单无法生成。');
      const headers = {
        'Content-Type': XLSX,
        'Content-Disposition': `attachment; filename="issues.xlsx"; filename*=UTF-8''${encodeURIComponent(issueReportName(record))}`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      // HEAD (link previews) learns what the link is without making the report.
      if (req.method === 'HEAD') {
        res.writeHead(200, headers).end();
        return;
      }
      const data = await report(record);
      res.writeHead(200, { ...headers, 'Content-Length': data.length }).end(data);
    },
  };
}
