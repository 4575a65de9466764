/** Signed download links: valid for one path until they expire, useless for anything else. */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { linkSigner, loadLinkSecret, LINK_SECRET_FILE } from '../../../bot/access/signed-links.js';
import { tempDir } from '../helpers.js';

const NOW = new Date('2026-10-12T02:00:00Z');

function parts(link: string): { path: string; query: URLSearchParams } {
  const u = new URL(link, 'http://x');
  return { path: u.pathname, query: u.searchParams };
}

describe('bot/access/signed-links', () => {
  const signer = linkSigner(Buffer.alloc(32, 7));
  const path = '/reports/140525-2026Q3-v2/问题清单.xlsx';

  it('accepts its own link until it expires, then says expired', () => {
    const { query } = parts(signer.sign(path, new Date(NOW.getTime() + 3_600_000)));
    assert.equal(signer.check(path, query, NOW), 'ok');
    assert.equal(signer.check(path, query, new Date(NOW.getTime() + 3_600_001 + 1000)), 'expired');
  });

  it('refuses the signature on another path, a stretched expiry, a bad or missing signature, and another secret', () => {
    const { query } = parts(signer.sign(path, new Date(NOW.getTime() + 3_600_000)));
    assert.equal(signer.check('/reports/140525-2026Q3-v3/问题清单.xlsx', query, NOW), 'invalid');
    const stretched = new URLSearchParams(query);
    stretched.set('exp', String(Number(query.get('exp')) + 86_400));
    assert.equal(signer.check(path, stretched, NOW), 'invalid');
    const bad = new URLSearchParams(query);
    bad.set('sig', 'AAAA');
    assert.equal(signer.check(path, bad, NOW), 'invalid');
    assert.equal(signer.check(path, new URLSearchParams(), NOW), 'invalid');
    assert.equal(linkSigner(Buffer.alloc(32, 8)).check(path, query, NOW), 'invalid');
  });

  it('keeps one secret per data directory, readable by the owner only', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const a = await loadLinkSecret(dir);
      const b = await loadLinkSecret(dir);
      assert.equal(a.length, 32);
      assert.deepEqual(a, b);
      assert.equal((await stat(join(dir, LINK_SECRET_FILE))).mode & 0o777, 0o600);
    } finally {
      await cleanup();
    }
  });
});
