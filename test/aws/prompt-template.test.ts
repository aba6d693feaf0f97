import { afterEach, describe, expect, it } from 'vitest';
import { promptFor } from '../../src/adapters/aws/sagemaker-host';
import { renderTemplate } from '../../src/adapters/local/training-pairs';
import { chatText } from '../../src/core/prompt-format';
import { datasetKey, templateKey } from '../../src/core/services/pipeline/ingest';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

async function ingested(l: TestLeague, name: string, dataset: string) {
  await l.submit(name, dataset);
  for (let i = 0; i < 200; i++) {
    const [sub] = await l.deps.store.listSubmissionsByUser(`local:demo:${name}`);
    if (sub?.datasetKey) return sub;
    if (sub?.stage === 'REJECTED') throw new Error(JSON.stringify(sub.validation?.errors));
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('never validated');
}

const text = async (l: TestLeague, key: string) => l.deps.blobs.getText(key);

/**
 * JumpStart's instruction tuning reads template.json from the training channel (the dataset's
 * folder) and fills it per row with Python's str.format; the evaluation endpoint must be asked
 * with exactly the text training put before each response.
 */
describe('the prompt a model is trained on is the prompt it is asked', () => {
  it('instruction datasets: template.json sits beside train.jsonl, and the host fills it the same way', async () => {
    league = await startTestLeague();
    const sub = await ingested(league, 'ida', 'strong.jsonl');
    expect(sub.datasetKey).toBe(datasetKey(sub.id));
    const template = JSON.parse(await text(league, templateKey(sub.id))) as { prompt: string; completion: string };
    expect(Object.keys(template).sort()).toEqual(['completion', 'prompt']);
    expect(template.prompt).toMatch(/\{instruction\}/);

    const rows = (await text(league, sub.datasetKey!))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows.slice(0, 10)) {
      // An evaluation question comes without context, as the example rows do.
      expect(row.context).toBe('');
      const trained = renderTemplate(template.prompt, row);
      const asked = promptFor(
        { messages: [{ role: 'user', content: row.instruction! }], maxTokens: 8, temperature: 0 },
        'instruction',
      );
      expect(asked).toBe(trained);
      expect(renderTemplate(template.completion, row)).toBe(row.response);
    }
  });

  it('chat datasets: no template.json, and the host asks with the chat template training applied', async () => {
    league = await startTestLeague();
    const topics = ['a car', 'a house', 'school fees', 'a holiday', 'retirement', 'a wedding', 'a bike', 'a laptop'];
    const dialog = Array.from({ length: 24 }, (_, i) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `Week ${i}: how should I start putting money aside for ${topics[i % 8]}?` },
          {
            role: 'assistant',
            content: `Open a separate account for ${topics[i % 8]}, move ${10 + i} dollars there each payday, and check it in ${i + 2} weeks.`,
          },
        ],
      }),
    ).join('\n');
    const sub = await ingested(league, 'cho', dialog);
    expect(await league.deps.blobs.exists(templateKey(sub.id))).toBe(false);
    const first = JSON.parse((await text(league, sub.datasetKey!)).split('\n')[0]!) as {
      dialog: { role: 'user' | 'assistant'; content: string }[];
    };
    const trained = chatText(first.dialog);
    const answer = first.dialog[1]!.content;
    const asked = promptFor({ messages: [first.dialog[0]!], maxTokens: 8, temperature: 0 }, 'chat');
    // Training saw the prompt, then the answer, then the end of the turn.
    expect(trained).toBe(`${asked}${answer}<|eot_id|>`);
  });
});
