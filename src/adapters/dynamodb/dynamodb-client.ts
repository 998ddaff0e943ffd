import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Throttling, 5xx and network errors are retried by the SDK itself, with the standard strategy's
 * jittered backoff; whatever still fails after five attempts propagates to the caller.
 * Region and credentials come from the SDK's standard chain unless `config` says otherwise, and
 * without an endpoint the SDK honours `AWS_ENDPOINT_URL_DYNAMODB`.
 */
export function createDynamoDbClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 5, retryMode: 'standard', ...config });
}
