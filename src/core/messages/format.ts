/** Formatting shared by message builders. */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const interval = (low: number, high: number): string => `${pct(low)}–${pct(high)}`;
export const usd = (x: number): string => (x < 0.01 && x > 0 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`);
export const mention = (userId: string): string => `<@${userId}>`;
export const shortName = (userId: string): string => userId.split(':').pop() ?? userId;

/** What people are called in plain text (buttons, charts, pages): their display name, else the last part of their id. */
export const displayName = (who: { userId: string; userName?: string }): string => who.userName?.trim() || shortName(who.userId);

/** A display name as stored: one line, at most 80 characters. */
export const cleanName = (name: string | undefined): string | undefined => name?.replace(/\s+/g, ' ').trim().slice(0, 80) || undefined;
export const cut = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
