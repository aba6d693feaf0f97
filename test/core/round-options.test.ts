import { describe, expect, it } from 'vitest';
import { modelLabel } from '../../src/core/messages/format';
import { roundFromOptions } from '../../src/core/services/rounds';

const now = new Date('2026-11-30T12:00:00Z');
const open = (options: Record<string, string>) =>
  roundFromOptions({ name: 'R', ...options }, 'local:demo:organizer', 'local:league', now, {
    referenceModel: 'offline-reference',
    judgeModels: ['offline-judge'],
  });

describe('round options', () => {
  it('takes hyperparameter ranges within what fine-tuning allows, and refuses the rest with an example', () => {
    expect(open({ epochs: '1-9' }).bounds.epochs).toEqual([1, 9]);
    expect(() => open({ epochs: '1-50' })).toThrow(/`epochs` must stay within 1-20/);
    expect(() => open({ lora_dropout: '0-2' })).toThrow(/lora_dropout/);
    expect(() => open({ epochs: '5-1' })).toThrow(/takes a range like 1-5/);
  });
});

describe('model labels', () => {
  it('names the reference as people know it', () => {
    expect(modelLabel('us.meta.llama3-2-90b-instruct-v1:0')).toBe('Llama 3.2 90B');
    expect(modelLabel('meta-textgeneration-llama-3-2-3b')).toBe('Llama 3.2 3B');
    expect(modelLabel('offline-reference')).toBe('offline stand-in');
    expect(modelLabel('mistral.mistral-large-2407-v1:0')).toBe('mistral.mistral-large-2407-v1:0');
  });
});

describe('range syntax', () => {
  it('reads single values, ranges, decimals and exponents', () => {
    expect(open({ epochs: '3' }).bounds.epochs).toEqual([3, 3]);
    expect(open({ learning_rate: '0.00001-0.001' }).bounds.learning_rate).toEqual([0.00001, 0.001]);
    expect(open({ learning_rate: '1e-5-1e-3' }).bounds.learning_rate).toEqual([1e-5, 1e-3]);
    expect(open({ lora_dropout: '0-.3' }).bounds.lora_dropout).toEqual([0, 0.3]);
  });
});
