import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { projectRoot } from '../../src/local/paths';

/**
 * Discord's request schemas for the bodies the league sends, from discord/discord-api-spec
 * (test/specs/discord-requests.json names the commit and the licence).
 */
const spec = JSON.parse(readFileSync(join(projectRoot(), 'test', 'specs', 'discord-requests.json'), 'utf8'));

// Formats are the spec's own (snowflake, int64, nonce); the schemas' patterns and bounds carry the checks.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema({ components: spec.components }, 'discord');

export type DiscordRequest =
  | 'POST /channels/{channel_id}/messages'
  | 'PATCH /channels/{channel_id}/messages/{message_id}'
  | 'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original'
  | 'POST /webhooks/{webhook_id}/{webhook_token}'
  | 'POST /users/@me/channels'
  | 'PUT /applications/{application_id}/commands (each item)'
  | 'POST /interactions/{interaction_id}/{interaction_token}/callback';

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Where `body` breaks the request schema of `request`; empty when it is valid. */
export function discordSchemaProblems(request: DiscordRequest, body: unknown): string[] {
  let validate = validators.get(request);
  if (!validate) {
    const schema = JSON.parse(
      JSON.stringify(spec.requests[request]).replaceAll('"#/components', '"discord#/components'),
    );
    validate = ajv.compile(schema);
    validators.set(request, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Characters Discord counts against a message's 6,000 across its embeds (titles, descriptions, fields, footers, authors). */
export const embedTotal = (embeds: Record<string, any>[] = []): number =>
  embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text?.length ?? 0) +
      (e.author?.name?.length ?? 0) +
      (e.fields ?? []).reduce((m: number, f: { name: string; value: string }) => m + f.name.length + f.value.length, 0),
    0,
  );
