import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store.js';
import { conversationStoreContract } from './conversation-store.contract.js';

conversationStoreContract('in-memory', async (_clinicId, limits) => new InMemoryConversationStore(limits));
