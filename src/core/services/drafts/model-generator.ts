import type { DatasetGenerator, Generator } from '../../ports';

/** A dataset generator over any text model (Bedrock Converse, an OpenAI-compatible server): it reads the prompt only. */
export const datasetGeneratorOver = (model: Generator): DatasetGenerator => ({
  modelId: model.modelId,
  draft: (req) =>
    model.generate({
      system: req.system,
      messages: req.messages,
      maxTokens: req.maxTokens,
      temperature: req.temperature,
    }),
});
