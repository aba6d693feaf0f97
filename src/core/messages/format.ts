/** Formatting shared by message builders. */
import { truncate } from './truncate';

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const interval = (low: number, high: number): string => `${pct(low)}–${pct(high)}`;
export const usd = (x: number): string => (x < 0.01 && x > 0 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`);
export const mention = (userId: string): string => `<@${userId}>`;
export const shortName = (userId: string): string => userId.split(':').pop() ?? userId;

/** A model as people know it: `Llama 3.2 90B` for its Bedrock or JumpStart id, the id itself otherwise. */
export function modelLabel(modelId: string | undefined): string {
  // Rounds stored before the reference was recorded have none.
  if (!modelId) return 'the configured model';
  if (modelId.startsWith('offline-')) return 'offline stand-in';
  const llama = /llama-?3[-.]?(\d)[-.]?(\d+b)/i.exec(modelId);
  return llama ? `Llama 3.${llama[1]} ${llama[2]!.toUpperCase()}` : modelId;
}

/** What people are called in plain text (buttons, charts, pages): their display name, else the last part of their id. */
export const displayName = (who: { userId: string; userName?: string }): string =>
  who.userName?.trim() || shortName(who.userId);

/** A display name as stored: one line, at most 80 characters, inert in messages. */
export const cleanName = (name: string | undefined): string | undefined =>
  truncate(literal(name?.replace(/\s+/g, ' ').trim() ?? ''), 80) || undefined;

/**
 * Text a member or a model wrote, made inert in core markup: it can never form a core mention (`<@id>`),
 * however it is shaped. Renderers then neutralise what their own platform would read in it.
 */
export const literal = (text: string): string => text.replace(/<(?=@)/g, '<\u2060');
