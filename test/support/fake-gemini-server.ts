import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Content } from '@google/genai';
import {
  type FakeGeminiAnswer,
  type FakeGeminiRequest,
  type FakeGeminiResponse,
  type GenerateContentBody,
  googleError,
} from './fake-gemini-answers.js';

const GENERATE_CONTENT = /^\/+(v1|v1beta|v1alpha)\/models\/([^/:]+):generateContent$/;

/**
 * The rules about turn order that Gemini enforces and that a wrong mapping of the conversation would
 * break, answered with Gemini's own wording.
 */
function protocolViolation(body: GenerateContentBody): string | undefined {
  if (!Array.isArray(body.contents) || body.contents.length === 0)
    return '* GenerateContentRequest.contents: contents is not specified';
  for (const [index, content] of body.contents.entries()) {
    if (content.role !== 'user' && content.role !== 'model') return `Please use a valid role: user, model.`;
    if (!Array.isArray(content.parts) || content.parts.length === 0)
      return `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`;
    const previous = body.contents[index - 1];
    const calls = (c: Content | undefined) =>
      c?.role === 'model' ? (c.parts ?? []).filter((part) => part.functionCall).length : 0;
    const responses = content.parts.filter((part) => part.functionResponse).length;
    if (responses > 0 && (content.role !== 'user' || responses !== calls(previous))) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
    if (calls(content) > 0 && previous?.role !== 'user') {
      return 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.';
    }
  }
  return undefined;
}

function parsedBody(text: string): GenerateContentBody | undefined {
  try {
    return JSON.parse(text) as GenerateContentBody;
  } catch {
    return undefined;
  }
}

/**
 * An in-process stand-in for Gemini's REST API on 127.0.0.1: `POST /{version}/models/{model}:generateContent`
 * with the key in `x-goog-api-key`. Each test scripts the answers, in order, and reads back every
 * request exactly as the real SDK sent it.
 */
export class FakeGeminiServer {
  readonly requests: FakeGeminiRequest[] = [];
  private readonly answers: FakeGeminiAnswer[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    private readonly apiKey: string | undefined,
  ) {}

  /** With `apiKey`, any other key is refused as Gemini refuses it. */
  static async start(options: { apiKey?: string } = {}): Promise<FakeGeminiServer> {
    const server = createServer();
    const fake = new FakeGeminiServer(server, options.apiKey);
    server.on('request', (request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What to pass as the SDK's `httpOptions.baseUrl`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues answers for the next requests, one each, in order. */
  enqueue(...answers: FakeGeminiAnswer[]): void {
    this.answers.push(...answers);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '';
    const route = GENERATE_CONTENT.exec(path);
    const body = parsedBody(text);
    const recorded: FakeGeminiRequest = {
      method: request.method ?? '',
      path,
      apiVersion: route?.[1] ?? '',
      model: route?.[2] ?? '',
      headers: request.headers,
      body: body ?? { contents: [] },
      receivedAt,
    };
    this.requests.push(recorded);

    if (request.method !== 'POST' || !route)
      return this.send(
        response,
        googleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`),
      );
    if (body === undefined)
      return this.send(response, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    const key = request.headers['x-goog-api-key'];
    if (key === undefined) {
      return this.send(
        response,
        googleError(
          403,
          'PERMISSION_DENIED',
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        ),
      );
    }
    if (this.apiKey !== undefined && key !== this.apiKey)
      return this.send(
        response,
        googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'),
      );
    const violation = protocolViolation(body);
    if (violation) return this.send(response, googleError(400, 'INVALID_ARGUMENT', violation));

    const next = this.answers.shift();
    if (next === undefined)
      return this.send(
        response,
        googleError(400, 'FAILED_PRECONDITION', 'The fake Gemini server has no answer scripted for this request.'),
      );
    this.send(response, typeof next === 'function' ? next(recorded) : await next);
  }

  private send(response: ServerResponse, answer: FakeGeminiResponse): void {
    if ('dropConnection' in answer) {
      response.socket?.destroy();
      return;
    }
    const write = () => {
      if (response.destroyed) return;
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body);
    };
    if (!answer.delayMs) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, answer.delayMs);
    this.timers.add(timer);
  }
}
