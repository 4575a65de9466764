/** Issuing invites and tokens over the in-memory store: only hashes are kept, tokens replace each other. */
import assert from 'node:assert/strict';
import { countyForToken, issueInvite, issueToken, parseRole } from '../../../bot/access/access.js';
import { hashSecret, normalizeInviteCode } from '../../../bot/access/secrets.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');

describe('bot/access/access', () => {
  it('parses role words in Chinese and English', () => {
    for (const w of ['填报员', '填报人', '报送员', 'reporter', ' Reporter ']) assert.equal(parseRole(w), 'reporter', w);
    for (const w of ['督导员', '督导', '管理员', '市级', 'SUPERVISOR']) assert.equal(parseRole(w), 'supervisor', w);
    for (const w of ['泽州县', '', 'admin']) assert.equal(parseRole(w), null, w);
  });

  it('issues an invite that is stored only as its hash and expires after the given days', async () => {
    const repo = memoryStore();
    const issued = await issueInvite(repo, { county: '泽州县', role: 'reporter', actor: 'cli', now: NOW, ttlDays: 7 });
    assert.equal(issued.expiresAt, '2026-10-19T02:00:00.000Z');
    assert.equal(normalizeInviteCode(issued.code), issued.code);
    const audit = JSON.stringify(repo.auditLog());
    assert.equal(audit.includes(issued.code), false, 'the code itself is not logged');

    const user = { channelId: 'msteams', userId: 'u1', name: null };
    const ok = await repo.redeemInvite(hashSecret(issued.code), user, NOW);
    assert.ok(ok.ok);
    assert.equal(ok.member.county, '泽州县');
    assert.equal(ok.member.role, 'reporter');

    const late = await issueInvite(repo, { county: null, role: 'supervisor', actor: 'cli', now: NOW, ttlDays: 1 });
    const expired = await repo.redeemInvite(hashSecret(late.code), user, new Date('2026-10-13T02:00:00.000Z'));
    assert.deepEqual(expired, { ok: false, reason: 'expired' });
  });

  it('issues a token that maps to its county until a new one replaces it', async () => {
    const repo = memoryStore();
    const first = await issueToken(repo, '泽州县', 'cli', NOW);
    assert.equal(await countyForToken(repo, first), '泽州县');
    assert.equal(await countyForToken(repo, 'jn_not-a-token'), undefined);
    const second = await issueToken(repo, '泽州县', 'cli', NOW);
    assert.notEqual(first, second);
    assert.equal(await countyForToken(repo, first), undefined);
    assert.equal(await countyForToken(repo, second), '泽州县');
  });
});
