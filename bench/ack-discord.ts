import { generateKeyPairSync, sign } from 'node:crypto';
import { createDiscordEndpoint } from '../src/adapters/discord/endpoint';
import { snowflakeAt } from '../src/adapters/discord/ids';
import type { DiscordRest } from '../src/adapters/discord/rest';
import { measureBundle } from './bundle';
import { round1, startBenchLeague, warmLatency } from './latency';

const ITERATIONS = 240;
const WARMUP = 20;
const APP = '100000000000000001';
const GUILD = '200000000000000002';

export interface DiscordAckResult {
  bench: 'ack';
  platform: 'discord';
  p50_ms: number;
  p99_ms: number;
  cold_init_ms: number;
  bundle_kb: number;
}

/** `/league submit` with a dataset attachment from member `i`, signed as Discord signs it. */
function signedSubmit(i: number, privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  const attachmentId = snowflakeAt(Date.now(), i);
  const interaction = {
    id: snowflakeAt(Date.now(), i),
    application_id: APP,
    type: 2,
    token: `bench-token-${i}`,
    version: 1,
    guild_id: GUILD,
    channel_id: '300000000000000003',
    member: { user: { id: String(400000000000000000n + BigInt(i)), username: `m${i}` }, roles: [], permissions: '0' },
    data: {
      id: '900000000000000009',
      name: 'league',
      type: 1,
      options: [
        {
          name: 'submit',
          type: 1,
          options: [
            { name: 'dataset', type: 11, value: attachmentId },
            { name: 'round', type: 3, value: 'bench' },
            { name: 'epochs', type: 4, value: 2 },
          ],
        },
      ],
      resolved: {
        attachments: {
          [attachmentId]: {
            id: attachmentId,
            filename: 'data.jsonl',
            size: 4096,
            url: `https://cdn.discordapp.com/attachments/3/${attachmentId}/data.jsonl`,
          },
        },
      },
    },
  };
  const rawBody = Buffer.from(JSON.stringify(interaction));
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(ts), rawBody]), privateKey).toString('hex');
  return { headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': ts }, rawBody };
}

/** Warm, in-process: Ed25519 check, parsing, the league's checks, the conditional writes, the enqueue. */
async function warmAck(): Promise<{ p50: number; p99: number }> {
  const { league, sent } = await startBenchLeague({
    userId: `discord:${GUILD}:500000000000000005`,
    channel: 'discord:300000000000000003',
    isOrganizer: true,
  });
  try {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    // Answering a submit needs no REST call; any call would be a bug the benchmark should surface.
    const rest = new Proxy({}, { get: () => () => Promise.reject(new Error('unexpected REST call')) }) as DiscordRest;
    const endpoint = createDiscordEndpoint(league.deps, {
      publicKey: publicKeyHex,
      applicationId: APP,
      organizers: [],
      rest,
    });
    return await warmLatency(
      (i) => signedSubmit(i, privateKey),
      async (request, i) => {
        const before = sent.length;
        const res = await endpoint.handle(request);
        if (res.status !== 200 || sent.length !== before + 1 || sent[before]!.type !== 'ingest') {
          throw new Error(
            `interaction ${i} was not answered with its job queued: ${res.status} ${res.body.slice(0, 300)}`,
          );
        }
      },
      { iterations: ITERATIONS, warmup: WARMUP },
    );
  } finally {
    await league.close();
  }
}

/**
 * Discord ack benchmark: warm in-process handling of a signed `/league submit` with an attachment
 * through to its queued `ingest` job (240 requests), and the cold import of the bundled Lambda handler.
 */
export async function measureDiscordAck(): Promise<DiscordAckResult> {
  const warm = await warmAck();
  const cold = await measureBundle('src/handlers/discord-interactions.ts');
  return {
    bench: 'ack',
    platform: 'discord',
    p50_ms: round1(warm.p50),
    p99_ms: round1(warm.p99),
    cold_init_ms: cold.cold_init_ms,
    bundle_kb: cold.bundle_kb,
  };
}
