import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundChat } from '../../src/adapters/local/playground-chat';
import type { Message } from '../../src/core/messages/message';

const note = (text: string, extra: Partial<Message> = {}): Message => ({
  text,
  blocks: [
    { type: 'heading', text: 'Submission s1' },
    { type: 'fields', fields: [{ label: 'Stage', value: text }] },
  ],
  ...extra,
});
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'playground-history-'));
  file = join(dir, 'playground', 'chat.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PlaygroundChat history (the playground of `npm start`)', () => {
  it('comes back after a restart: channel, DMs, edits, attachments, keys, ids and the change count', async () => {
    const chat = await PlaygroundChat.open(file);
    await chat.post('local:league', note('Round open'));
    const progress = await chat.dm('local:demo:alice', note('Validating'));
    await chat.dm(
      'local:demo:alice',
      note('Scored: question q7 lost', {
        attachments: [{ name: 'c.png', mime: 'image/png', bytes: png, alt: 'chart' }],
      }),
      {
        idempotencyKey: 'result#s1#SCORED',
      },
    );
    await chat.update(progress, note('Scored'));
    const before = { all: chat.all(), version: chat.changeCount };
    await chat.close();

    const again = await PlaygroundChat.open(file);
    expect(again.all()).toEqual(before.all);
    expect(again.changeCount).toBe(before.version);
    expect(again.conversation('dm:local:demo:alice')[1]!.message.attachments![0]!.bytes).toEqual(png);
    // The result DM is not sent twice, and a new message takes a new id.
    const repeat = await again.dm('local:demo:alice', note('Scored: question q7 lost'), {
      idempotencyKey: 'result#s1#SCORED',
    });
    expect(repeat.ts).toBe(before.all[2]!.id);
    const next = await again.post('local:league', note('New leader'));
    expect(before.all.map((e) => e.id)).not.toContain(next.ts);
    expect(again.changeCount).toBe(before.version + 1);
    expect(again.all()).toHaveLength(4);
    await again.close();
  });

  it('writes each change before it is reported done, and compacts the history when opened', async () => {
    const chat = await PlaygroundChat.open(file);
    const ref = await chat.dm('local:demo:bob', note('Validating'));
    for (const stage of ['Fine-tuning', 'Being judged', 'Scored']) await chat.update(ref, note(stage));
    // Read while the chat is open, as a killed process would leave it.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1 + 4);
    const again = await PlaygroundChat.open(file);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1 + 1);
    expect(again.conversation('dm:local:demo:bob').map((e) => e.message.text)).toEqual(['Scored']);
    expect(again.changeCount).toBe(4);
    await chat.close();
    await again.close();
  });

  it('skips a line cut short by a crash, says so, and keeps a copy of the file as it was', async () => {
    const chat = await PlaygroundChat.open(file);
    await chat.post('local:league', note('Round open'));
    await chat.close();
    appendFileSync(file, '{"type":"add","entry":{"id":"m2","conver');
    const errors: unknown[] = [];
    const again = await PlaygroundChat.open(file, {
      info: () => {},
      warn: () => {},
      error: (m, d) => errors.push({ m, ...d }),
    });
    expect(again.all().map((e) => e.message.text)).toEqual(['Round open']);
    expect(errors).toEqual([expect.objectContaining({ m: expect.stringMatching(/unreadable/), lines: 1 })]);
    const copies = readdirSync(join(dir, 'playground')).filter((f) => f.includes('.unreadable-'));
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(dir, 'playground', copies[0]!), 'utf8')).toContain('"conver');
    await again.close();
  });
});
