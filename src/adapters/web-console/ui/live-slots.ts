import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Follows the clinic's slot changes in a span (Server-Sent Events): `onChange` runs on every `slots`
 * event and on every (re)connection, as changes made while disconnected were not sent. Answers
 * whether the stream is connected.
 */
export function useLiveSlots(url: string, onChange: () => void): boolean {
  const latest = useRef(onChange);
  latest.current = onChange;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(url);
    source.addEventListener('slots', () => latest.current());
    source.onopen = () => {
      setConnected(true);
      latest.current();
    };
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [url]);
  return connected;
}
