import type { Part } from '@google/genai';
import type { ToolCall } from '../../ports/language-model.js';
import { pcm16OfBase64 } from './gemini-live-audio.js';
import type { LiveWireMessage } from './gemini-live-socket.js';

/** One thing a Gemini Live server message tells the session. */
export type LiveHappening =
  | { kind: 'interrupted' }
  | { kind: 'audio'; pcm24k: Int16Array }
  | { kind: 'transcript'; speaker: 'caller' | 'receptionist'; text: string }
  | { kind: 'turnComplete' }
  | { kind: 'toolCalls'; calls: Array<ToolCall & { id: string }> }
  | { kind: 'toolCallsCancelled'; ids: string[] }
  | { kind: 'resumable'; handle: string }
  | { kind: 'goAway' };

/** Native-audio models may also send thoughts or text parts; only the PCM is played to the caller. */
function audioOf(part: Part): string | undefined {
  const { data, mimeType } = part.inlineData ?? {};
  return data && mimeType?.startsWith('audio/pcm') ? data : undefined;
}

/**
 * What one server message means, in the order the call should act on it: an interruption first, so
 * that queued audio is dropped before anything new is queued.
 */
export function happeningsOf(message: LiveWireMessage): LiveHappening[] {
  const happenings: LiveHappening[] = [];
  const content = message.serverContent;
  if (content?.interrupted) happenings.push({ kind: 'interrupted' });
  if (content?.inputTranscription?.text) happenings.push({ kind: 'transcript', speaker: 'caller', text: content.inputTranscription.text });
  for (const part of content?.modelTurn?.parts ?? []) {
    const data = audioOf(part);
    if (data) happenings.push({ kind: 'audio', pcm24k: pcm16OfBase64(data) });
  }
  if (content?.outputTranscription?.text) happenings.push({ kind: 'transcript', speaker: 'receptionist', text: content.outputTranscription.text });
  if (content?.turnComplete) happenings.push({ kind: 'turnComplete' });

  // A call without an id could never be answered: Gemini Live matches responses to calls by id.
  const calls = (message.toolCall?.functionCalls ?? []).flatMap(({ id, name, args }) => (id && name ? [{ id, name, args: args ?? {} }] : []));
  if (calls.length > 0) happenings.push({ kind: 'toolCalls', calls });
  const cancelled = message.toolCallCancellation?.ids ?? [];
  if (cancelled.length > 0) happenings.push({ kind: 'toolCallsCancelled', ids: cancelled });

  // While the model generates or waits on a tool, Gemini sends `resumable: false` and no handle: the last good one stays.
  const update = message.sessionResumptionUpdate;
  if (update?.resumable && update.newHandle) happenings.push({ kind: 'resumable', handle: update.newHandle });
  if (message.goAway) happenings.push({ kind: 'goAway' });
  return happenings;
}
