import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, wherever the process was started from. */
export const projectRoot = (): string => join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const examplesDir = (): string => join(projectRoot(), 'examples');
export const corpusPath = (): string => join(examplesDir(), 'corpus', 'general-qa.jsonl');
