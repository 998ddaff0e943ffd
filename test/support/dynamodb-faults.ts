import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface Fault {
  error: Error;
  /** Send the request first, then fail anyway: the response is lost, the write may have landed. */
  afterSending: boolean;
}

/**
 * Puts a fault between the SDK's retry logic and the network for one kind of request (a command
 * name such as 'TransactWriteItemsCommand'). `faultFor` sees every attempt the SDK makes, counted
 * from 0, and returns the fault to inject into it, if any. Returns how many attempts it saw.
 */
export function injectFault(
  client: DynamoDBClient,
  commandName: string,
  faultFor: (attempt: number) => Fault | undefined,
): () => number {
  let attempts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      const fault = faultFor(attempts++);
      if (!fault) return next(args);
      if (fault.afterSending) await next(args);
      throw fault.error;
    },
    { step: 'deserialize', name: 'injectedFault' },
  );
  return () => attempts;
}
