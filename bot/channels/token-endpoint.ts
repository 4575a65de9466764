/**
 * The bot's outbound token (client credentials grant) fetched from a configured OAuth 2.0 token
 * endpoint. botbuilder's own path is MSAL against login.microsoftonline.com, which insists on an
 * https authority and first fetches discovery metadata; this is the plain grant that MSAL ends
 * in, used when AuthOptions.tokenUrl is set (tests on loopback, a private or sovereign cloud).
 * Tokens are cached per scope until five minutes before they expire; concurrent sends share one
 * request.
 */
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

/** The token endpoint refused or could not be reached; `status` is its HTTP status, when it answered. */
export class TokenEndpointError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

const TOKEN_TIMEOUT_MS = 15_000;
const EARLY_REFRESH_MS = 5 * 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

interface PasswordIdentity {
  appId: string;
  appPassword: string;
}

async function requestToken(tokenUrl: string, identity: PasswordIdentity, scope: string): Promise<CachedToken> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: identity.appId, client_secret: identity.appPassword, scope });
  let response: Response;
  try {
    response = await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new TokenEndpointError(`token endpoint unreachable: ${cause}`);
  }
  const answer = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | null;
  if (!response.ok || typeof answer?.access_token !== 'string') {
    // The endpoint's error code (invalid_client, …) names the problem; its description may be long.
    throw new TokenEndpointError(`token endpoint answered ${response.status}${typeof answer?.error === 'string' ? ` ${answer.error}` : ''}`, response.status);
  }
  const seconds = Number(answer.expires_in);
  return { token: answer.access_token, expiresAt: Date.now() + (Number.isFinite(seconds) ? seconds * 1000 : 3_600_000) - EARLY_REFRESH_MS };
}

class TokenEndpointCredentials implements ServiceClientCredentials {
  private cached: CachedToken | null = null;
  private pending: Promise<CachedToken> | null = null;

  constructor(
    private readonly tokenUrl: string,
    private readonly identity: PasswordIdentity,
    private readonly scope: string,
  ) {}

  private async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.token;
    this.pending ??= requestToken(this.tokenUrl, this.identity, this.scope).finally(() => (this.pending = null));
    this.cached = await this.pending;
    return this.cached.token;
  }

  async signRequest(webResource: WebResource): Promise<WebResource> {
    webResource.headers.set('Authorization', `Bearer ${await this.token()}`);
    return webResource;
  }

  // Like botbuilder's credentials: never serialize the secret.
  toJSON() {
    return { name: 'TokenEndpointCredentials', appId: this.identity.appId };
  }
}

export class TokenEndpointCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly byScope = new Map<string, TokenEndpointCredentials>();

  constructor(
    private readonly tokenUrl: string,
    private readonly identity: PasswordIdentity,
  ) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.identity.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (appId !== this.identity.appId) throw new Error('Invalid appId.');
    const base = audience ?? 'https://api.botframework.com';
    const scope = base.endsWith('/.default') ? base : `${base}/.default`;
    let credentials = this.byScope.get(scope);
    if (!credentials) {
      credentials = new TokenEndpointCredentials(this.tokenUrl, this.identity, scope);
      this.byScope.set(scope, credentials);
    }
    return credentials;
  }

  toJSON() {
    return { name: 'TokenEndpointCredentialsFactory', appId: this.identity.appId };
  }
}
