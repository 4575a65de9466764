/**
 * Who may post to /api/messages: botbuilder's Bot Framework authentication, with its failures told
 * apart. A token that is missing, forged or expired is the caller's fault (401). When the token
 * cannot be checked at all, because Bot Framework's identity metadata (OpenID configuration and
 * signing keys) cannot be fetched, the fault is ours or the network's: 503, so the channel retries,
 * and the detail goes to the operator's log (botbuilder also prints it with console.error).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import { logError } from '../log.js';
import { TokenEndpointCredentialsFactory } from './token-endpoint.js';

export interface BotIdentity {
  appId: string;
  appPassword: string;
  appTenantId: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface AuthOptions {
  /** Bot Framework's OpenID metadata document; the public cloud's by default (tests point it at loopback). */
  openIdMetadataUrl?: string;
  /**
   * The OAuth 2.0 token endpoint the bot's outbound token (for replies and proactive messages) is
   * fetched from with its app ID and password, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.
   * Unset, botbuilder's MSAL fetches it from the public cloud (tests point it at loopback). Not used
   * with a managed identity.
   */
  tokenUrl?: string;
}

/** What went wrong while a request was being authenticated, per request. */
interface RequestState {
  identityUnavailable: boolean;
}

const requests = new AsyncLocalStorage<RequestState>();

/** Errors of jsonwebtoken that mean a bad token, not an unreachable key server. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function isCallersFault(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode !== 500;
  return err instanceof Error && TOKEN_ERRORS.has(err.name);
}

/**
 * The metadata or its keys could not be fetched: botbuilder's "Failed to load openID config/Keys"
 * (an AuthenticationError with status 500), or node-fetch's network failure (FetchError, or an
 * error with a system errno code). Anything else is a bug, and stays a 500.
 */
function isMetadataUnreachable(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode === 500;
  if (!(err instanceof Error)) return false;
  return err.name === 'FetchError' || /^E[A-Z]+$/u.test(String((err as NodeJS.ErrnoException).code ?? ''));
}

class CheckedAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (isCallersFault(err)) {
        throw err instanceof AuthenticationError ? err : new AuthenticationError((err as Error).message, 401);
      }
      if (!isMetadataUnreachable(err)) throw err;
      const state = requests.getStore();
      if (state) state.identityUnavailable = true;
      logError('bot.auth identity metadata unavailable', err);
      throw err;
    }
  }
}

export function createAuthentication(identity: BotIdentity | null, options: AuthOptions = {}): ConfigurationBotFrameworkAuthentication {
  if (!identity) return new ConfigurationBotFrameworkAuthentication({});
  const credentials = { MicrosoftAppId: identity.appId, MicrosoftAppPassword: identity.appPassword, MicrosoftAppTenantId: identity.appTenantId, MicrosoftAppType: identity.appType };
  // undefined: botbuilder's own (MSAL, or the managed identity).
  const outbound = options.tokenUrl && identity.appType !== 'UserAssignedMSI' ? new TokenEndpointCredentialsFactory(options.tokenUrl, identity) : undefined;
  if (!options.openIdMetadataUrl) return new CheckedAuthentication(credentials, outbound);
  // Any one "parameterized" value makes botbuilder take all of them as given: pass the public cloud's for the rest.
  return new CheckedAuthentication({
    ...credentials,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  } as ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0], outbound);
}

/** Runs one request, remembering whether authentication failed for want of identity metadata. */
export function trackRequest<T>(work: (state: RequestState) => Promise<T>): Promise<T> {
  const state: RequestState = { identityUnavailable: false };
  return requests.run(state, () => work(state));
}

export const IDENTITY_UNAVAILABLE = {
  code: 'identity-unavailable',
  message: '暂时无法校验 Bot Framework 身份令牌：获取微软身份验证元数据失败（网络或身份服务暂时不可用），消息没有处理，聊天服务会稍后重发。若持续出现，请管理员检查服务器能否访问 login.botframework.com，详细信息已记录在服务日志中。',
};
