import { UserError } from '../../core/errors';
import type { Upload } from '../../core/model';
import type { UploadFetcher } from '../../core/ports';
import type { AttachmentReader } from '../../core/services/command-dispatcher';
import { createHttpUploadFetcher } from '../http/upload-fetcher';
import { type SlackClient, slackError } from './client';
import { needsFileInfo, parseSlackFile, type SlackFile } from './parse';

/**
 * Slack's file hosts: the bot token is sent to these and nowhere else. With another Web API base
 * (GovSlack), files come from that base's host, on the same scheme and port.
 */
export const isSlackFileUrl = (url: string, apiUrl?: string): boolean => {
  try {
    const u = new URL(url);
    if (apiUrl) {
      const api = new URL(apiUrl);
      if (u.protocol === api.protocol && u.host === api.host) return true;
    }
    return (
      u.protocol === 'https:' &&
      (u.hostname === 'files.slack.com' || u.hostname.endsWith('.slack.com') || u.hostname === 'slack-files.com')
    );
  } catch {
    return false;
  }
};

export interface SlackUploadFetcherOptions {
  botToken: string;
  /** Another Web API base than Slack's (its host serves the files too). */
  apiUrl?: string;
  fetchImpl?: typeof fetch;
  /** Used for other platforms' URLs (a Discord CDN link), without the Slack token. */
  fallback?: UploadFetcher;
}

/**
 * Downloads `url_private` with the bot token (the HTML login page Slack serves when a scope is missing
 * is refused, as is a file past the size limit); any other URL goes to the fallback without the token.
 */
export function createSlackUploadFetcher(options: SlackUploadFetcherOptions): UploadFetcher {
  const slack = createHttpUploadFetcher({
    headers: { Authorization: `Bearer ${options.botToken}` },
    fetchImpl: options.fetchImpl,
  });
  const other = options.fallback ?? createHttpUploadFetcher({ fetchImpl: options.fetchImpl });
  return { fetch: (url, o) => (isSlackFileUrl(url, options.apiUrl) ? slack : other).fetch(url, o) };
}

/** The one upload fetcher of every composition root: Slack's files with its token when Slack is configured. */
export function createUploadFetcher(slack: Pick<SlackUploadFetcherOptions, 'botToken' | 'apiUrl'> | undefined) {
  return slack ? createSlackUploadFetcher(slack) : createHttpUploadFetcher();
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Refuses a file Slack says is too big, before a byte is downloaded. */
export function refuseOversize(upload: Upload, maxBytes: number): void {
  if (upload.size !== undefined && upload.size > maxBytes) {
    throw new UserError('INVALID_INPUT', `\`${upload.name}\` is ${mb(upload.size)}; the limit is ${mb(maxBytes)}.`);
  }
}

/** Reads a small attachment (an organizer's question set) as text. */
export function createSlackAttachmentReader(fetcher: UploadFetcher): AttachmentReader {
  return async (upload, maxBytes) => {
    refuseOversize(upload, maxBytes);
    if (!upload.url) throw new UserError('INVALID_INPUT', 'The file has no download link.', 'Upload it again.');
    const chunks: Uint8Array[] = [];
    for await (const chunk of fetcher.fetch(upload.url, { maxBytes })) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };
}

async function filesInfo(client: SlackClient, fileId: string) {
  const res = await client.files.info({ file: fileId }).catch((e: unknown) => {
    throw slackError('files.info', e);
  });
  if (!res.file)
    throw new UserError(
      'NOT_FOUND',
      'Slack did not let the league see your file.',
      'Upload it again in this conversation.',
    );
  return res.file;
}

/** Fills in what an event left out (name, size, URL) with files.info. */
export async function describeFile(client: SlackClient, file: SlackFile): Promise<SlackFile> {
  if (!needsFileInfo(file) && file.size !== undefined) return file;
  return parseSlackFile(await filesInfo(client, file.id));
}

/**
 * A file shared in a DM (`file_shared` carries only its id): its description, and the text of the
 * message it was shared with, which may hold hyperparameters.
 */
export async function describeSharedFile(
  client: SlackClient,
  fileId: string,
  channelId: string,
): Promise<{ file: SlackFile; text: string }> {
  const raw = await filesInfo(client, fileId);
  const shares = (raw.shares?.private ?? {}) as Record<string, { ts?: string }[] | undefined>;
  const ts = shares[channelId]?.[0]?.ts;
  if (!ts) return { file: parseSlackFile(raw), text: '' };
  const history = await client.conversations
    .history({ channel: channelId, latest: ts, inclusive: true, limit: 1 })
    .catch((e: unknown) => {
      throw slackError('conversations.history', e);
    });
  return { file: parseSlackFile(raw), text: history.messages?.[0]?.text?.trim() ?? '' };
}
