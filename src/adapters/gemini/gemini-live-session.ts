import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolResult } from '../../domain/conversation.js';
import type { CallerSampleRate, VoiceSession, VoiceSessionEvents } from '../../ports/voice-model.js';
import { CallerAudioChunks } from './caller-audio-chunks.js';
import type { LiveConnection } from './gemini-live-connection.js';
import { happeningsOf, type LiveHappening } from './gemini-live-messages.js';
import type { LiveWireMessage } from './gemini-live-socket.js';

export interface ResumptionPolicy {
  /** Connections tried, one after another, before the session is given up as lost. */
  attempts: number;
  /** Wait before the second attempt; it doubles for each one after. */
  delayMs: number;
}

export const DEFAULT_RESUMPTION_POLICY: ResumptionPolicy = { attempts: 3, delayMs: 250 };

/** How the caller's audio goes: at this rate, in chunks this long, or each piece as it comes when that is unset. */
export interface CallerAudio {
  sampleRate: CallerSampleRate;
  chunkMs?: number;
}

/**
 * Opens a connection that resumes the session from `handle`, or starts a new one without; once
 * `cancelled` is aborted, the connection is given up and closed while still being set up.
 */
export type OpenLiveConnection = (
  handle: string | undefined,
  cancelled: AbortSignal | undefined,
) => Promise<LiveConnection>;

/**
 * One call's Gemini Live session across as many connections as it takes. Gemini ends each connection
 * after about ten minutes (with a goAway first) and may drop one at any time; the session moves to a
 * new connection that presents the last resumption handle, and the call only hears of it when that fails.
 */
export class GeminiLiveSession implements VoiceSession {
  private connection: LiveConnection | undefined;
  private handle: string | undefined;
  private resuming = false;
  private ended = false;
  /** Aborted on close: a connection a resumption is still setting up is closed with the session. */
  private readonly closing = new AbortController();
  /** Calls the current connection waits on; no other connection would accept their results. */
  private readonly awaitedCalls = new Set<string>();
  /** Unlike audio, which is stale by the time a new connection is up, typed text is worth delivering late. */
  private readonly textsInTransit: string[] = [];
  /** Unset when each piece of the caller's audio goes on as it comes. */
  private readonly callerAudio: CallerAudioChunks | undefined;

  private constructor(
    private readonly open: OpenLiveConnection,
    private readonly events: VoiceSessionEvents,
    private readonly policy: ResumptionPolicy,
    { chunkMs, sampleRate }: CallerAudio,
  ) {
    this.callerAudio =
      chunkMs === undefined
        ? undefined
        : new CallerAudioChunks(chunkMs, sampleRate, (pcm) => this.connection?.sendAudio(pcm));
  }

  /**
   * The session's first connection; until it is set up, `callEnded` gives it up. The caller's audio
   * goes to Gemini as `callerAudio` says.
   */
  static async start(
    open: OpenLiveConnection,
    events: VoiceSessionEvents,
    policy: ResumptionPolicy,
    callerAudio: CallerAudio,
    callEnded?: AbortSignal,
  ): Promise<GeminiLiveSession> {
    const session = new GeminiLiveSession(open, events, policy, callerAudio);
    session.use(await open(undefined, callEnded));
    return session;
  }

  sendAudio(pcm: Int16Array): void {
    if (this.ended) return;
    if (this.callerAudio) this.callerAudio.add(pcm);
    else this.connection?.sendAudio(pcm);
  }

  sendText(text: string): void {
    if (this.ended) return;
    this.callerAudio?.flush();
    if (this.connection) this.connection.sendText(text);
    else this.textsInTransit.push(text);
  }

  sendToolResults(results: ToolResult[]): void {
    const unnumbered = results.find((result) => !result.id);
    if (unnumbered)
      throw new Error(`Gemini Live matches tool results to calls by id, and the result of ${unnumbered.name} has none`);
    // Results of cancelled calls, or of calls made on a connection since replaced, would be refused.
    const answered = results.filter((result) => result.id !== undefined && this.awaitedCalls.delete(result.id));
    if (answered.length > 0) this.connection?.sendToolResults(answered);
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.closing.abort();
    this.callerAudio?.drop();
    this.connection?.close();
    this.connection = undefined;
    this.events.closed('ended');
  }

  private use(next: LiveConnection): void {
    const previous = this.connection;
    this.connection = next;
    if (previous) {
      this.forgetAwaitedCalls();
      previous.close();
    }
    next.listen({ message: (message) => this.receive(next, message), closed: () => this.dropped(next) });
    for (const text of this.textsInTransit.splice(0)) next.sendText(text);
  }

  private receive(from: LiveConnection, message: LiveWireMessage): void {
    if (from !== this.connection || this.ended) return;
    for (const happening of happeningsOf(message)) this.act(happening);
  }

  private act(happening: LiveHappening): void {
    switch (happening.kind) {
      case 'audio':
        this.events.audio(happening.pcm24k);
        return;
      case 'interrupted':
        this.events.interrupted();
        return;
      case 'turnComplete':
        this.events.turnComplete();
        return;
      case 'transcript':
        this.events.transcript(happening.speaker, happening.text);
        return;
      case 'toolCalls':
        for (const call of happening.calls) this.awaitedCalls.add(call.id);
        this.events.toolCalls(happening.calls);
        return;
      case 'toolCallsCancelled':
        for (const id of happening.ids) this.awaitedCalls.delete(id);
        this.events.toolCallsCancelled(happening.ids);
        return;
      case 'resumable':
        this.handle = happening.handle;
        return;
      case 'goAway':
        // The current connection still works until Gemini ends it: the next one is set up meanwhile.
        if (this.handle && !this.resuming) void this.resume();
        return;
    }
  }

  private dropped(from: LiveConnection): void {
    if (from !== this.connection || this.ended) return;
    this.connection = undefined;
    this.forgetAwaitedCalls();
    if (!this.handle) {
      this.lose();
      return;
    }
    if (!this.resuming) void this.resume();
  }

  private async resume(): Promise<void> {
    this.resuming = true;
    try {
      for (let attempt = 0; attempt < this.policy.attempts; attempt++) {
        if (attempt > 0) await sleep(this.policy.delayMs * 2 ** (attempt - 1));
        if (this.ended) return;
        try {
          const next = await this.open(this.handle, this.closing.signal);
          if (this.ended) return next.close();
          return this.use(next);
        } catch {
          // Gemini refused the handle, or could not be reached: the next attempt, or the session is lost.
        }
      }
    } finally {
      this.resuming = false;
    }
    // After a goAway, the old connection carries the call until Gemini ends it, and then gets one more try.
    if (!this.connection) this.lose();
  }

  /** Those calls' results have nowhere to go: the call must not act on them. */
  private forgetAwaitedCalls(): void {
    if (this.awaitedCalls.size === 0) return;
    const ids = [...this.awaitedCalls];
    this.awaitedCalls.clear();
    this.events.toolCallsCancelled(ids);
  }

  private lose(): void {
    if (this.ended) return;
    this.ended = true;
    this.callerAudio?.drop();
    this.events.closed('lost');
  }
}
