import { z } from 'zod';
import {
  type Command,
  HYPERPARAMETERS,
  parseCommand,
  ROUND_OPEN_KEYS,
  UNDELIVERED_DEFAULT,
  UNDELIVERED_MAX,
  VERDICTS,
  type Verdict,
} from '../../core/commands';
import { UserError } from '../../core/errors';
import type { Hyperparameters, Upload } from '../../core/model';
import { discordChannelId } from './ids';

const Snowflake = z.string().regex(/^\d{1,20}$/);

const User = z.object({ id: Snowflake, username: z.string().optional(), global_name: z.string().nullish() });
const Member = z.object({
  user: User,
  nick: z.string().nullish(),
  roles: z.array(Snowflake).default([]),
  /** The member's permissions in the channel, a decimal bitfield. */
  permissions: z.string().regex(/^\d+$/).optional(),
});
const Attachment = z.object({
  id: Snowflake,
  filename: z.string().min(1),
  size: z.number().int().nonnegative(),
  url: z.string().min(1),
  content_type: z.string().optional(),
});

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
  focused?: boolean;
}
const Option: z.ZodType<CommandOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    options: z.array(Option).optional(),
    focused: z.boolean().optional(),
  }),
);

const CommandData = z.object({
  name: z.string(),
  options: z.array(Option).default([]),
  resolved: z.object({ attachments: z.record(z.string(), Attachment).optional() }).optional(),
});

const Base = z.object({
  id: Snowflake,
  application_id: Snowflake,
  token: z.string().min(1),
  guild_id: Snowflake.optional(),
  channel_id: Snowflake.optional(),
  channel: z.object({ id: Snowflake }).optional(),
  member: Member.optional(),
  user: User.optional(),
});

/** The interactions the league answers (https://discord.com/developers/docs/interactions/receiving-and-responding). */
export const InteractionSchema = z.discriminatedUnion('type', [
  Base.extend({ type: z.literal(1) }),
  Base.extend({ type: z.literal(2), data: CommandData }),
  Base.extend({
    type: z.literal(3),
    data: z.object({
      custom_id: z.string().min(1).max(100),
      component_type: z.number().int(),
      values: z.array(z.string().max(100)).max(25).optional(),
    }),
    message: z.object({ id: Snowflake, components: z.array(z.unknown()).default([]) }),
  }),
  Base.extend({ type: z.literal(4), data: CommandData }),
]);

export type Interaction = z.infer<typeof InteractionSchema>;
export type CommandInteraction = Extract<Interaction, { type: 2 | 4 }>;
export type ComponentInteraction = Extract<Interaction, { type: 3 }>;

/** Who invoked an interaction: in a server, a member with roles and permissions; in a DM, a user. */
export interface Invoker {
  userId: string;
  guildId?: string;
  name?: string;
  roles: string[];
  permissions?: bigint;
}

export function invokerOf(i: Interaction): Invoker {
  const user = i.member?.user ?? i.user;
  if (!user) throw new UserError('BAD_COMMAND', 'Discord did not say who sent this.');
  return {
    userId: user.id,
    guildId: i.guild_id,
    name: i.member?.nick ?? user.global_name ?? user.username,
    roles: i.member?.roles ?? [],
    permissions: i.member?.permissions ? BigInt(i.member.permissions) : undefined,
  };
}

export const channelOf = (i: Interaction): string | undefined => i.channel_id ?? i.channel?.id;

/** Option types (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type). */
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const CHANNEL = 7;
const ATTACHMENT = 11;

/** The subcommand path (`['round', 'open']`) and its options by name. */
function subcommandOf(options: CommandOption[]): { path: string[]; values: Map<string, CommandOption> } {
  const path: string[] = [];
  let level = options;
  for (;;) {
    const sub = level.find((o) => o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP);
    if (!sub) break;
    path.push(sub.name);
    level = sub.options ?? [];
  }
  return { path, values: new Map(level.map((o) => [o.name, o])) };
}

/** Discord's CDN (and media proxy): the only hosts an attachment may come from. */
export const isDiscordCdnUrl = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && ['cdn.discordapp.com', 'media.discordapp.net'].includes(u.hostname);
  } catch {
    return false;
  }
};

function attachmentOf(data: CommandInteraction['data'], option: CommandOption | undefined): Upload | undefined {
  if (!option || option.type !== ATTACHMENT) return undefined;
  const file = data.resolved?.attachments?.[String(option.value)];
  if (!file) throw new UserError('INVALID_INPUT', 'Discord did not send the attached file.', 'Attach it again.');
  if (!isDiscordCdnUrl(file.url))
    throw new UserError(
      'INVALID_INPUT',
      "The attachment does not come from Discord's file host.",
      'Attach the file again.',
    );
  return { name: file.filename, size: file.size, url: file.url };
}

export interface ParsedCommand {
  command: Command;
  upload?: Upload;
}

/** A `/league …` interaction as a core Command (and its attachment, still on Discord's CDN). */
export function commandOf(data: CommandInteraction['data']): ParsedCommand {
  const { path, values } = subcommandOf(data.options);
  const str = (name: string): string | undefined => {
    const v = values.get(name)?.value;
    return v === undefined || v === '' ? undefined : String(v).trim() || undefined;
  };
  const required = (name: string, what: string): string => {
    const v = str(name);
    if (!v) throw new UserError('BAD_COMMAND', `Missing ${what}.`);
    return v;
  };
  const upload = attachmentOf(data, values.get('dataset') ?? values.get('file'));

  switch (path.join(' ')) {
    case 'help':
      return { command: { kind: 'help' } };
    case 'rounds':
      return { command: { kind: 'rounds' } };
    case 'submit': {
      const hyperparameters: Partial<Hyperparameters> = {};
      for (const key of HYPERPARAMETERS) {
        const v = values.get(key)?.value;
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new UserError('BAD_COMMAND', `\`${key}\` must be a number.`);
        hyperparameters[key] = v;
      }
      const draftId = str('draft');
      return {
        command: { kind: 'submit', round: str('round'), hyperparameters, ...(draftId ? { draftId } : {}) },
        upload,
      };
    }
    case 'generate': {
      const count = values.get('count')?.value;
      if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count)))
        throw new UserError('BAD_COMMAND', '`count` must be a whole number.');
      const style = str('style');
      const round = str('round');
      return {
        command: {
          kind: 'generate',
          topic: required('topic', 'a topic'),
          ...(count !== undefined ? { count } : {}),
          ...(style ? { style } : {}),
          ...(round ? { round } : {}),
        },
      };
    }
    case 'draft': {
      const page = values.get('page')?.value;
      return {
        command: parseCommand(`draft ${required('draft', 'the draft id')}${page === undefined ? '' : ` ${page}`}`),
      };
    }
    case 'refine': {
      const all = values.get('all')?.value === true;
      return {
        command: {
          kind: 'refine',
          draftId: required('draft', 'the draft id'),
          feedback: required('feedback', 'your feedback'),
          all,
        },
      };
    }
    case 'status':
      return { command: { kind: 'status', submissionId: str('submission') } };
    case 'leaderboard':
      return { command: { kind: 'leaderboard', round: str('round') } };
    case 'cancel':
      return { command: { kind: 'cancel', submissionId: required('submission', 'the submission id') } };
    case 'appeal':
      return {
        command: {
          kind: 'appeal',
          submissionId: required('submission', 'the submission id'),
          questionId: required('question', 'the question id'),
          reason: required('reason', 'a reason'),
        },
      };
    case 'round open': {
      const options: Record<string, string> = {};
      for (const key of ROUND_OPEN_KEYS) {
        const option = values.get(key);
        if (option?.value === undefined || String(option.value).trim() === '') continue;
        options[key] = option.type === CHANNEL ? discordChannelId(String(option.value)) : String(option.value).trim();
      }
      if (!options.name) throw new UserError('BAD_COMMAND', 'A round needs a name.');
      return { command: { kind: 'round-open', options } };
    }
    case 'round questions':
      return { command: { kind: 'round-questions', round: str('round') }, upload };
    case 'round announce':
      return { command: { kind: 'round-announce', round: str('round') } };
    case 'round close':
      return { command: { kind: 'round-close', round: str('round') } };
    case 'round results':
      return { command: { kind: 'round-results', round: str('round') } };
    case 'override': {
      // Verdicts are offered as choices; checked all the same.
      const verdict = required('verdict', 'a verdict').toUpperCase();
      if (!(VERDICTS as readonly string[]).includes(verdict))
        throw new UserError('BAD_COMMAND', `Unknown verdict \`${verdict}\`: use one of ${VERDICTS.join(' ')}.`);
      return {
        command: {
          kind: 'override',
          submissionId: required('submission', 'the submission id'),
          questionId: required('question', 'the question id'),
          verdict: verdict as Verdict,
        },
      };
    }
    case 'export':
      return { command: { kind: 'export', round: str('round') } };
    case 'audit': {
      const entries = values.get('entries')?.value ?? 200;
      if (typeof entries !== 'number' || !Number.isInteger(entries) || entries < 1 || entries > 5000)
        throw new UserError('BAD_COMMAND', '`entries` is a number from 1 to 5000.');
      return { command: { kind: 'audit', limit: entries } };
    }
    case 'undelivered': {
      const messages = values.get('messages')?.value ?? UNDELIVERED_DEFAULT;
      if (typeof messages !== 'number' || !Number.isInteger(messages) || messages < 1 || messages > UNDELIVERED_MAX)
        throw new UserError('BAD_COMMAND', `\`messages\` is a number from 1 to ${UNDELIVERED_MAX}.`);
      return { command: { kind: 'undelivered', limit: messages } };
    }
    case 'finale start': {
      const finalists = (str('finalists') ?? '').split(/[\s,]+/).filter(Boolean);
      return { command: { kind: 'finale-start', round: required('round', 'the round'), finalists } };
    }
    case 'finale next':
      return { command: parseCommand(`finale next ${required('prompt', 'the prompt')}`) };
    case 'try': {
      const submissionId = required('submission', 'the submission id');
      // The question stays the raw option text: the grammar reads it whole, quotes or not.
      return { command: parseCommand(`try ${submissionId} ${required('question', 'a question')}`) };
    }
    case 'finale end':
      return { command: { kind: 'finale-end' } };
    case 'finale vote':
      return { command: parseCommand(`finale vote ${required('finalist', 'a finalist')}`) };
    case 'finale score': {
      const criterion = str('criterion');
      return {
        command: parseCommand(
          `finale score ${required('finalist', 'a finalist')} ${required('score', 'a score from 1 to 10')}${criterion ? ` ${criterion}` : ''}`,
        ),
      };
    }
    case 'finale prompt':
      return { command: parseCommand(`finale prompt ${required('text', 'the system prompt')}`) };
    default:
      // Subcommands the core grammar may know (e.g. `finale start`): the same words as on every platform.
      if (!path.length || path.some((p) => !/^[a-z-]+$/.test(p)))
        throw new UserError('BAD_COMMAND', 'Unknown command.', 'Type `/league help` for the commands.');
      return { command: parseCommand([...path, ...[...values.values()].map((o) => String(o.value ?? ''))].join(' ')) };
  }
}

/** The option being typed in an autocomplete interaction, with its subcommand path. */
export function focusedOption(
  data: CommandInteraction['data'],
): { path: string[]; name: string; value: string } | undefined {
  const { path, values } = subcommandOf(data.options);
  const focused = [...values.values()].find((o) => o.focused);
  return focused ? { path, name: focused.name, value: String(focused.value ?? '') } : undefined;
}
