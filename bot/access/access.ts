/** Who may do what: issuing invites and tokens, binding chat users, and the role names users type. */
import type { Repository, Role } from '../store/types.js';
import { hashSecret, newApiToken, newInviteCode, normalizeInviteCode } from './secrets.js';

export const ROLE_LABEL: Record<Role, string> = { reporter: '填报员', supervisor: '督导员' };

/** 填报员 / 督导员 and the words people use for them. */
export function parseRole(text: string): Role | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (['填报员', '填报人', '报送员', 'reporter'].includes(t)) return 'reporter';
  if (['督导员', '督导', '管理员', '市级', 'supervisor'].includes(t)) return 'supervisor';
  return null;
}

export interface IssuedInvite {
  code: string;
  expiresAt: string;
}

export async function issueInvite(
  repo: Repository,
  request: { county: string | null; role: Role; actor: string; now: Date; ttlDays: number },
): Promise<IssuedInvite> {
  const code = newInviteCode();
  const expiresAt = new Date(request.now.getTime() + request.ttlDays * 86_400_000).toISOString();
  await repo.addInvite({
    codeHash: hashSecret(code),
    county: request.county,
    role: request.role,
    createdAt: request.now.toISOString(),
    expiresAt,
    createdBy: request.actor,
    usedAt: null,
    usedBy: null,
  });
  return { code, expiresAt };
}

/** A new API token for the county; the previous one stops working. */
export async function issueToken(repo: Repository, county: string, actor: string, now: Date): Promise<string> {
  const token = newApiToken();
  await repo.setToken({ county, tokenHash: hashSecret(token), createdAt: now.toISOString(), createdBy: actor });
  return token;
}

export function countyForToken(repo: Repository, token: string): Promise<string | undefined> {
  return repo.countyForToken(hashSecret(token));
}

export { normalizeInviteCode, hashSecret };
