import { startEmbeddedDynamo } from '../../src/adapters/local/embedded-dynamo';
import { storeContract } from './store.contract';

// dynalite in memory: the engine of local mode, always available.
storeContract('dynalite', async () => {
  const engine = await startEmbeddedDynamo({ tableName: 'contract-setup' });
  return { client: engine.client, close: engine.close };
});
