/**
 * Fetching a chat attachment: http(s) or data: URLs only, a time limit, and a size cap enforced
 * while reading (the announced Content-Length is checked first, but never trusted).
 */
import { DownloadError } from '../chat/types.js';

const TIMEOUT_MS = 60_000;

function tooLarge(maxBytes: number): DownloadError {
  return new DownloadError('too-large', `文件超过 ${Math.round(maxBytes / 1048576)} MB 的上限。`);
}

function fromDataUrl(url: string, maxBytes: number): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw new DownloadError('unsupported', '附件地址格式不正确。');
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  // base64 carries 3 bytes in 4 characters: refuse before decoding anything too big.
  if ((meta.endsWith(';base64') ? (payload.length * 3) / 4 : payload.length) > maxBytes + 3) throw tooLarge(maxBytes);
  const data = meta.endsWith(';base64') ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  if (data.length > maxBytes) throw tooLarge(maxBytes);
  return data;
}

export async function downloadAttachment(url: string, maxBytes: number, headers: Record<string, string> = {}): Promise<Buffer> {
  if (url.startsWith('data:')) return fromDataUrl(url, maxBytes);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError('unsupported', '附件地址格式不正确。');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new DownloadError('unsupported', '附件地址不是 http(s) 地址。');
  let response: Response;
  try {
    response = await fetch(parsed, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new DownloadError('failed', '下载附件时网络出错。', err);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError('failed', `聊天服务返回 HTTP ${response.status}。`, new Error(`GET ${parsed.origin}${parsed.pathname} → ${response.status}`));
  }
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw new DownloadError('failed', '下载附件时连接中断。', err);
  }
  return Buffer.concat(chunks, total);
}
