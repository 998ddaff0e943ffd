/** One Server-Sent Event as a browser's EventSource would dispatch it. */
export interface ReceivedEvent {
  event: string;
  data: string;
}

/**
 * A Server-Sent Events stream read as a browser reads it, over fetch: its events, its comment lines,
 * and whether the server has ended it.
 */
export interface EventStreamClient {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  comments: string[];
  /** Resolves once the server ends the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const aborting = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: aborting.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event: ReceivedEvent = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event.event = line.slice('event: '.length);
            else if (line.startsWith('data: ')) {
              event.data += line.slice('data: '.length);
              hasData = true;
            }
          }
          if (hasData) events.push(event);
        }
      }
    } catch {
      // Closed by the test, or the connection cut: either way the stream is over.
    } finally {
      ended = true;
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    ended: reading,
    isEnded: () => ended,
    close: () => aborting.abort(),
  };
}
