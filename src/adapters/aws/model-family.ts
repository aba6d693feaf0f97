/** Geographic prefixes of Bedrock cross-region inference profiles (`us.meta.llama…`). */
const PROFILE_PREFIX = /^(us|us-gov|eu|apac|ca|jp|au|global)\./;

/**
 * The provider family of a Bedrock model id (`meta`, `mistral`, `anthropic`, …), so a judge is never
 * from the family of the model it judges. Kept apart from the Bedrock adapter so that reading it
 * loads no SDK.
 */
export function bedrockModelFamily(modelId: string): string {
  return modelId.replace(PROFILE_PREFIX, '').split(/[.:/]/)[0]!.toLowerCase();
}

/** The JumpStart model fine-tuned when none is configured. */
export const LLAMA_3_2_3B = 'meta-textgeneration-llama-3-2-3b';

/** The provider family of a JumpStart model id (`meta-textgeneration-llama-3-2-3b` is `meta`). */
export const jumpstartModelFamily = (modelId: string): string => modelId.split('-')[0]!.toLowerCase();
