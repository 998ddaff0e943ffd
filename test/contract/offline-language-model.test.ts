import { OfflineLanguageModel } from '../../src/adapters/offline/offline-language-model.js';
import { languageModelContract } from './language-model.contract.js';

languageModelContract('offline', async () => ({ model: new OfflineLanguageModel(), close: async () => {} }));
