import { createHash } from 'node:crypto';
import { SUBMIT_CALLBACK } from './modals';

/**
 * The identity of a submit form sent to the league: the view's id and hash and a digest of what was
 * filled in. A replay repeats it, and so does the same form sent twice with the same values; a form
 * sent again after its field errors with other values is another request. Undefined for anything else.
 * Such a request is not recorded by the replay guard: the submission it creates is its record.
 */
export function slackSubmissionIdentity(body: Record<string, unknown>): string | undefined {
  const view = body.view as { id?: unknown; hash?: unknown; callback_id?: unknown; state?: unknown } | undefined;
  if (body.type !== 'view_submission' || view?.callback_id !== SUBMIT_CALLBACK || typeof view.id !== 'string')
    return undefined;
  const digest = createHash('sha256')
    .update(JSON.stringify((view.state as { values?: unknown } | undefined)?.values ?? null))
    .digest('base64url')
    .slice(0, 22);
  return `slack#submit#${view.id}#${typeof view.hash === 'string' ? view.hash : ''}#${digest}`;
}

/**
 * What makes a Slack request the one it is, for replay detection: a submitted view's id and hash,
 * else the trigger id (slash commands, buttons, shortcuts), else the event id (Events API), each
 * with a digest of what was signed. A replay repeats it byte for byte; a form sent again
 * after its field errors keeps its view id and hash but not its values, so it is a new request.
 * Undefined for anything else (URL checks), and for a submit form (`slackSubmissionIdentity`).
 */
export function slackRequestKey(
  body: Record<string, unknown>,
  rawBody: string,
  timestamp: string | undefined,
): string | undefined {
  if (slackSubmissionIdentity(body) !== undefined) return undefined;
  // The signed timestamp too: only a replay repeats both, and Slack signs each delivery afresh.
  const digest = createHash('sha256')
    .update(`${timestamp ?? ''}:${rawBody}`)
    .digest('base64url')
    .slice(0, 22);
  const view = body.view as { id?: unknown; hash?: unknown } | undefined;
  if ((body.type === 'view_submission' || body.type === 'view_closed') && typeof view?.id === 'string')
    return `slack#view#${view.id}#${typeof view.hash === 'string' ? view.hash : ''}#${digest}`;
  if (typeof body.trigger_id === 'string' && body.trigger_id) return `slack#trigger#${body.trigger_id}#${digest}`;
  if (body.type === 'event_callback' && typeof body.event_id === 'string')
    return `slack#event#${body.event_id}#${digest}`;
  return undefined;
}
