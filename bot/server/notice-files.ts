/**
 * GET /notices/<period>-r<revision>.docx|.xlsx and /notices/<period>-draft.docx|.xlsx: a notice's
 * files behind links the server signed for that path only (like the issue reports). A published
 * revision is rendered from what was stored when it was published, so its files never change; a
 * draft is drafted from the store as it stands when the link is opened.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parsePeriodId } from '../../shared/period.js';
import type { LinkSigner } from '../access/signed-links.js';
import { noticeDocx } from '../notices/docx.js';
import { draftFromStore, publishedNotices, storedNotice, type NoticeDeps, type StoredNotice } from '../notices/service.js';
import { noticeXlsx } from '../notices/xlsx.js';
import { HttpError } from './http.js';

export const NOTICE_PREFIX = '/notices/';
/** Notice links last a week: a notice is read and forwarded for days. */
export const NOTICE_LINK_HOURS = 168;

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export interface NoticeFiles {
  links(period: string, revision: number | null, now: Date): { docx: string; xlsx: string };
  serve(req: IncomingMessage, res: ServerResponse, url: URL, now: Date): Promise<void>;
}

export function noticeFiles(deps: { signer: LinkSigner; notices: NoticeDeps; baseUrl(): string }): NoticeFiles {
  const path = (period: string, revision: number | null, ext: 'docx' | 'xlsx') => `${NOTICE_PREFIX}${period}-${revision === null ? 'draft' : `r${revision}`}.${ext}`;
  const link = (p: string, now: Date) => `${deps.baseUrl()}${deps.signer.sign(p, new Date(now.getTime() + NOTICE_LINK_HOURS * 3_600_000))}`;
  return {
    links(period, revision, now) {
      return { docx: link(path(period, revision, 'docx'), now), xlsx: link(path(period, revision, 'xlsx'), now) };
    },
    async serve(req, res, url, now) {
      const verdict = deps.signer.check(url.pathname, url.searchParams, now);
      if (verdict === 'invalid') throw new HttpError(403, 'bad-link', '下载链接无效或不完整。请直接点击聊天中通报卡片上的链接，不要修改链接内容。');
      if (verdict === 'expired') throw new HttpError(410, 'link-expired', `下载链接已过期（有效期 ${NOTICE_LINK_HOURS / 24} 天）。督导员可发送“预览通报”获取新的链接。`);
      const m = /^\/notices\/(\d{4}Q[1-4])-(draft|r\d{1,4})\.(docx|xlsx)$/u.exec(url.pathname);
      const period = m ? parsePeriodId(m[1]!) : undefined;
      if (!m || !period) throw new HttpError(404, 'not-found', '没有这个通报文件。');
      let stored: StoredNotice;
      if (m[2] === 'draft') stored = await draftFromStore(deps.notices, period, { draft: true });
      else {
        const record = (await publishedNotices(deps.notices.repo, m[1]!)).find((n) => `r${n.revision}` === m[2]);
        if (!record) throw new HttpError(404, 'not-found', '找不到这份通报。');
        stored = storedNotice(record);
      }
      const ext = m[3] as 'docx' | 'xlsx';
      const name = `${stored.notice.title}${stored.notice.draft ? '（草稿）' : ''}.${ext}`;
      const headers = {
        'Content-Type': TYPES[ext],
        'Content-Disposition': `attachment; filename="notice.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      if (req.method === 'HEAD') {
        res.writeHead(200, headers).end();
        return;
      }
      const data = ext === 'docx' ? await noticeDocx(stored.notice) : await noticeXlsx(stored.notice, stored.indicators);
      res.writeHead(200, { ...headers, 'Content-Length': data.length }).end(data);
    },
  };
}
