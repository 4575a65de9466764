/**
 * Between Bot Framework activities and the chat's own terms: a reply as an activity (for answers
 * and proactive messages alike), and the conversation a message came from with the reference that
 * addresses it later.
 */
import { ActivityTypes, CardFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { IncomingMessage, Reply } from '../chat/types.js';

export type ConversationInfo = NonNullable<IncomingMessage['conversation']>;

export function toActivity(reply: Reply): Partial<Activity> {
  if (reply.kind === 'text') return { type: ActivityTypes.Message, text: reply.text, textFormat: 'plain' };
  return { type: ActivityTypes.Message, summary: reply.card.fallbackText, attachments: [CardFactory.adaptiveCard(reply.card)] };
}

/**
 * A Teams channel message's conversation id names its thread ("19:…@thread.tacv2;messageid=…");
 * without the suffix it names the channel, so a later post starts a new thread instead of replying.
 */
export function conversationId(channelId: string, id: string): string {
  return channelId === 'msteams' ? id.replace(/;messageid=[^;]*/u, '') : id;
}

function conversationType(conversation: Activity['conversation']): ConversationInfo['type'] {
  // Teams says so; other channels (Web Chat, the Emulator) at most mark a group.
  if (conversation.conversationType === 'channel') return 'channel';
  if (conversation.conversationType === 'groupChat' || conversation.isGroup) return 'groupChat';
  return 'personal';
}

/** The conversation of a message, and the reference a proactive message is later sent with. */
export function conversationOf(activity: Activity): ConversationInfo {
  const id = conversationId(activity.channelId, activity.conversation.id);
  // activityId and locale change with every message; the rest is what addresses the chat.
  const { activityId: _id, locale: _locale, ...reference } = TurnContext.getConversationReference(activity) as ConversationReference;
  return { id, type: conversationType(activity.conversation), reference: { ...reference, conversation: { ...reference.conversation, id } } };
}
