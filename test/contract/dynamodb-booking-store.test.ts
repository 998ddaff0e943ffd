import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { aDynamoDbStore } from '../support/dynamodb-stores.js';
import { bookingStoreContract } from './booking-store.contract.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

// Each run creates and drops two tables over HTTP: 100 runs take about as long as 300 on SQLite.
bookingStoreContract('DynamoDB Local', async () => aDynamoDbStore(await dynamoDbLocal()), { propertyRuns: 100 });
