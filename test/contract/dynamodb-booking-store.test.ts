import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { useDynamoDbTables } from '../support/dynamodb-stores.js';
import { bookingStoreContract } from './booking-store.contract.js';

const tables = useDynamoDbTables(useSharedDynamoDbLocal());

// Each run's reads and commits are HTTP round trips: 100 runs take about as long as 300 on SQLite.
bookingStoreContract(
  'DynamoDB Local',
  async (clinicId) => {
    const { client, prefix } = await tables();
    return new DynamoDbBookingStore(client, prefix, clinicId);
  },
  { propertyRuns: 100, sharedBetweenStores: true },
);
