import type {
  ButtonStyle as ButtonStyles,
  ComponentType as ComponentTypes,
  MessageFlags as Flags,
  InteractionResponseType as ResponseTypes,
} from 'discord-api-types/v10';

/*
 * The few values of discord-api-types' enums and routes that the interactions endpoint uses, typed
 * as the package's own. Its runtime module defines every enum and route of the API when imported,
 * a cost every cold start of the endpoint would pay; only its types are imported here.
 * test/discord/api-values.test.ts holds each value to the package's.
 */

export const ComponentType = {
  ActionRow: 1 as ComponentTypes.ActionRow,
  Button: 2 as ComponentTypes.Button,
  StringSelect: 3 as ComponentTypes.StringSelect,
} as const;

export const ButtonStyle = {
  Primary: 1 as ButtonStyles.Primary,
  Secondary: 2 as ButtonStyles.Secondary,
  Danger: 4 as ButtonStyles.Danger,
} as const;

export const InteractionResponseType = {
  Pong: 1 as ResponseTypes.Pong,
  ChannelMessageWithSource: 4 as ResponseTypes.ChannelMessageWithSource,
  DeferredChannelMessageWithSource: 5 as ResponseTypes.DeferredChannelMessageWithSource,
  UpdateMessage: 7 as ResponseTypes.UpdateMessage,
  ApplicationCommandAutocompleteResult: 8 as ResponseTypes.ApplicationCommandAutocompleteResult,
} as const;

export const MessageFlags = { Ephemeral: (1 << 6) as Flags.Ephemeral } as const;

/** A path segment as discord-api-types writes it: escaped unless it is plainly URL-safe. */
const segment = (value: string) => (/^[\d%A-Za-z_-]+$/.test(value) ? value : encodeURIComponent(value));

/** The interaction routes of Discord's REST API (https://discord.com/developers/docs/interactions/receiving-and-responding). */
export const Routes = {
  interactionCallback: (interactionId: string, token: string) =>
    `/interactions/${segment(interactionId)}/${segment(token)}/callback` as const,
  webhook: (applicationId: string, token: string) => `/webhooks/${segment(applicationId)}/${segment(token)}` as const,
  webhookMessage: (applicationId: string, token: string, messageId: string) =>
    `/webhooks/${segment(applicationId)}/${segment(token)}/messages/${segment(messageId)}` as const,
};
