import type { ToolCall } from '../../domain/conversation.js';
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

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const fieldsOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Native-audio models may also send thoughts or text parts; only the PCM is played to the caller. */
function audioOf(part: unknown): string | undefined {
  const { data, mimeType } = fieldsOf(fieldsOf(part).inlineData);
  return isText(data) && isText(mimeType) && mimeType.startsWith('audio/pcm') ? data : undefined;
}

/**
 * What one server message means, in the order the call should act on it: an interruption first, so
 * that queued audio is dropped before anything new is queued. The message comes off the wire: every
 * field is checked for the shape it should have, and one that has another is ignored, so no message,
 * however formed, can throw here and take the server down with it.
 */
export function happeningsOf(message: LiveWireMessage): LiveHappening[] {
  const happenings: LiveHappening[] = [];
  const content = fieldsOf(fieldsOf(message).serverContent);
  if (content.interrupted === true) happenings.push({ kind: 'interrupted' });
  const heard = fieldsOf(content.inputTranscription).text;
  if (isText(heard)) happenings.push({ kind: 'transcript', speaker: 'caller', text: heard });
  for (const part of listOf(fieldsOf(content.modelTurn).parts)) {
    const data = audioOf(part);
    if (data) happenings.push({ kind: 'audio', pcm24k: pcm16OfBase64(data) });
  }
  const said = fieldsOf(content.outputTranscription).text;
  if (isText(said)) happenings.push({ kind: 'transcript', speaker: 'receptionist', text: said });
  if (content.turnComplete === true) happenings.push({ kind: 'turnComplete' });

  // A call without an id could never be answered: Gemini Live matches responses to calls by id.
  const calls = listOf(fieldsOf(fieldsOf(message).toolCall).functionCalls).flatMap((call) => {
    const { id, name, args } = fieldsOf(call);
    return isText(id) && isText(name) ? [{ id, name, args: fieldsOf(args) }] : [];
  });
  if (calls.length > 0) happenings.push({ kind: 'toolCalls', calls });
  const cancelled = listOf(fieldsOf(fieldsOf(message).toolCallCancellation).ids).filter(isText);
  if (cancelled.length > 0) happenings.push({ kind: 'toolCallsCancelled', ids: cancelled });

  // While the model generates or waits on a tool, Gemini sends `resumable: false` and no handle: the last good one stays.
  const update = fieldsOf(fieldsOf(message).sessionResumptionUpdate);
  if (update.resumable === true && isText(update.newHandle))
    happenings.push({ kind: 'resumable', handle: update.newHandle });
  if (fieldsOf(message).goAway !== undefined) happenings.push({ kind: 'goAway' });
  return happenings;
}
