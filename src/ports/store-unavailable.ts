/**
 * The configured store cannot be used at all, found at start: a corrupt SQLite file, a DynamoDB
 * table missing or an endpoint that does not answer. Its message is one line naming what and the
 * command that fixes it; the server stops with it (exit 78) rather than a stack trace.
 */
export class StoreUnavailable extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}
