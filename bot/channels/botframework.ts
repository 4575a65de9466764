/**
 * The Bot Framework channel (Teams, Web Chat, Emulator) on botbuilder's CloudAdapter. This folder
 * is the only code that knows botbuilder: it turns activities into IncomingMessages for
 * bot/chat/handle.ts and replies into activities, and remembers conversations for later messages
 * (sent through proactive.ts on the same adapter).
 * Moving to the Microsoft 365 Agents SDK replaces this folder only.
 */
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { ActivityTypes, CloudAdapter, TurnContext, type Activity, type Attachment } from 'botbuilder';
import { welcomeCard } from '../chat/cards/welcome.js';
import { handleMessage } from '../chat/handle.js';
import type { ChatServices, IncomingFile } from '../chat/types.js';
import { logError } from '../log.js';
import { ServiceUnavailableError } from '../errors.js';
import { conversationOf, toActivity, type ConversationInfo } from './activity.js';
import { createAuthentication, IDENTITY_UNAVAILABLE, trackRequest, type AuthOptions, type BotIdentity } from './auth.js';
import { downloadAttachment, type AttachmentPolicy } from './download.js';
import { createProactiveSender, type ProactiveOptions, type ProactiveSender } from './proactive.js';

export type { BotIdentity };

export interface BotChannelOptions {
  /** Where attachments may be downloaded from (see address-policy.ts). */
  attachments: AttachmentPolicy;
  auth?: AuthOptions;
  /** Proactive sends: their timeout, and (tests) where service URLs may point. */
  proactive?: ProactiveOptions;
}

export interface BotChannel {
  /** Handles one POST /api/messages whose JSON body has been read. */
  process(req: HttpRequest, res: ServerResponse, body: unknown): Promise<void>;
  /** Sends into stored conversations (reminders, notices) with the same adapter and bot identity. */
  sender: ProactiveSender;
}

const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Files the user sent; cards, inline HTML and images of the message itself are not files. */
function filesOf(activity: Activity, policy: AttachmentPolicy): IncomingFile[] {
  return (activity.attachments ?? []).flatMap((a: Attachment): IncomingFile[] => {
    const teams = a.contentType === TEAMS_FILE ? (a.content as { downloadUrl?: string; fileType?: string } | undefined) : undefined;
    const url = teams?.downloadUrl ?? a.contentUrl;
    if (!url || a.contentType === 'text/html' || a.contentType.startsWith('application/vnd.microsoft.card.')) return [];
    const name = a.name ?? (teams?.fileType ? `附件.${teams.fileType}` : '附件');
    return [{ name, contentType: teams ? (teams.fileType === 'xlsx' ? XLSX : null) : a.contentType, size: null, download: (max) => downloadAttachment(url, max, { policy }) }];
  });
}

/** An http.ServerResponse in the shape CloudAdapter.process writes to. */
function responseShim(res: ServerResponse, request: { identityUnavailable: boolean }) {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body: unknown) {
      if (body === undefined || body === null) return;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      if (request.identityUnavailable) {
        // The token could not be checked at all (see auth.ts): not the caller's fault, and worth a retry.
        res.statusCode = 503;
        res.setHeader('Retry-After', '30');
        res.write(JSON.stringify({ error: IDENTITY_UNAVAILABLE }));
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        // botbuilder puts exception text here (English, internal); callers get a Chinese line instead.
        if (res.statusCode >= 500) res.write(JSON.stringify({ error: { code: 'internal', message: '服务内部错误，详细信息已记录在日志中。' } }));
        else if (res.statusCode === 401) res.write(JSON.stringify({ error: { code: 'unauthorized', message: '请求没有有效的 Bot Framework 身份令牌，已拒绝。机器人只接受经 Azure 机器人服务转发的消息。' } }));
        else res.write(body);
      } else {
        res.write(JSON.stringify(body));
      }
    },
    end() {
      res.end();
    },
  };
}

/** The command a card button carries (elements.ts command()); '' for anything else. */
function buttonCommand(value: unknown): string {
  const command = (value as { jieneng?: unknown } | null | undefined)?.jieneng;
  return typeof command === 'string' ? command.slice(0, 200) : '';
}

export function createBotChannel(identity: BotIdentity | null, services: ChatServices, options: BotChannelOptions): BotChannel {
  const adapter = new CloudAdapter(createAuthentication(identity, options.auth));
  adapter.onTurnError = async (context, error) => {
    logError('bot.turn', error);
    const text = error instanceof ServiceUnavailableError ? error.message : '抱歉，处理这条消息时出错了，详细信息已记入服务日志。请稍后再试；如果反复出现，请联系系统管理员。';
    await context.sendActivity({ type: ActivityTypes.Message, text }).catch(() => undefined);
  };

  async function remember(activity: Activity, conversation: ConversationInfo): Promise<void> {
    const member = await services.repo.member(activity.channelId, activity.from.id);
    if (!member) return;
    // A Teams channel's threads share one record (the id without ";messageid=").
    const key = `${activity.channelId}:${conversation.id}:${activity.from.id}`;
    const reference = conversation.reference;
    const known = (await services.repo.conversations()).find((c) => c.key === key);
    const same = known && JSON.stringify(known.reference) === JSON.stringify(reference) && known.county === member.county && known.role === member.role;
    if (same) return; // nothing new: no write on every message
    await services.repo.saveConversation({ key, channelId: activity.channelId, userId: activity.from.id, county: member.county, role: member.role, reference, updatedAt: services.now().toISOString() });
  }

  async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Message) {
      if (!activity.from?.id) {
        await context.sendActivity('无法识别发送者，消息没有处理。');
        return;
      }
      // A card button (Action.Submit) outside Teams arrives with the command in value.jieneng and no text.
      // A text that is not a string (a malformed activity) counts as none.
      const typed = typeof activity.text !== 'string' ? '' : ((activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text) ?? '');
      const text = typed.trim() === '' ? buttonCommand(activity.value) : typed;
      const conversation = conversationOf(activity);
      const replies = await handleMessage(
        { user: { channelId: activity.channelId, id: activity.from.id, name: activity.from.name ?? null }, text: text ?? '', files: filesOf(activity, options.attachments), conversation },
        services,
      );
      for (const reply of replies) await context.sendActivity(toActivity(reply));
      await remember(activity, conversation);
      return;
    }
    if (activity.type === ActivityTypes.ConversationUpdate && activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) {
      // Whoever added the bot is greeted as what they are, when they are bound already.
      const member = activity.from?.id ? await services.repo.member(activity.channelId, activity.from.id) : undefined;
      const group = conversationOf(activity).type !== 'personal';
      await context.sendActivity(toActivity({ kind: 'card', card: welcomeCard({ group, member }) }));
    }
  }

  return {
    async process(req, res, body) {
      const request = { body: body as Record<string, unknown>, headers: req.headers, method: req.method };
      await trackRequest((state) => adapter.process(request, responseShim(res, state), onTurn));
    },
    sender: createProactiveSender(adapter, identity?.appId ?? '', { ...options.proactive, serviceUrls: options.proactive?.serviceUrls ?? (identity ? 'public' : 'loopback') }),
  };
}
