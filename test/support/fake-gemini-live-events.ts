import type { ToolCall } from '../../src/domain/conversation.js';
import type { VoiceSessionEvents } from '../../src/ports/voice-model.js';
import { Changes } from './fake-gemini-live-waiting.js';

export type RecordedVoiceEvent =
  | { event: 'audio'; pcm24k: Int16Array }
  | { event: 'interrupted' }
  | { event: 'turnComplete' }
  | { event: 'toolCalls'; calls: ToolCall[] }
  | { event: 'toolCallsCancelled'; ids: string[] }
  | { event: 'transcript'; speaker: 'caller' | 'receptionist'; text: string }
  | { event: 'closed'; reason: 'ended' | 'lost' };

type EventName = RecordedVoiceEvent['event'];
type EventOf<Name extends EventName> = Extract<RecordedVoiceEvent, { event: Name }>;

/** The call's side of a voice session: every event the model told, in order. */
export class RecordingVoiceEvents implements VoiceSessionEvents {
  readonly recorded: RecordedVoiceEvent[] = [];
  private readonly changes = new Changes();

  audio(pcm24k: Int16Array): void {
    this.record({ event: 'audio', pcm24k });
  }
  interrupted(): void {
    this.record({ event: 'interrupted' });
  }
  turnComplete(): void {
    this.record({ event: 'turnComplete' });
  }
  toolCalls(calls: ToolCall[]): void {
    this.record({ event: 'toolCalls', calls });
  }
  toolCallsCancelled(ids: string[]): void {
    this.record({ event: 'toolCallsCancelled', ids });
  }
  transcript(speaker: 'caller' | 'receptionist', text: string): void {
    this.record({ event: 'transcript', speaker, text });
  }
  closed(reason: 'ended' | 'lost'): void {
    this.record({ event: 'closed', reason });
  }

  of<Name extends EventName>(name: Name): EventOf<Name>[] {
    return this.recorded.filter((recorded): recorded is EventOf<Name> => recorded.event === name);
  }

  /** The events of that kind, once there are at least `count`. */
  waitFor<Name extends EventName>(name: Name, count = 1): Promise<EventOf<Name>[]> {
    return this.changes.until(
      () => (this.of(name).length >= count ? this.of(name) : undefined),
      `${count} '${name}' event(s)`,
    );
  }

  private record(event: RecordedVoiceEvent): void {
    this.recorded.push(event);
    this.changes.notify();
  }
}
