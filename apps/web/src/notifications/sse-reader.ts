/** One Server-Sent Event as the notifications stream writes it (ADR 018). */
export interface StreamEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream body frame by frame (the SSE format: field lines, a blank line ends an
 * event; comment lines start with ":"). Resolves when the server ends the stream; `retry` frames
 * report the reconnection delay the server asks for.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: StreamEvent) => void,
  onRetry: (ms: number) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let id: string | null = null;
  let event = '';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0 || event !== '') {
          onEvent({ id, event: event || 'message', data: data.join('\n') });
        }
        id = null;
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const raw = colon === -1 ? '' : line.slice(colon + 1);
      const text = raw.startsWith(' ') ? raw.slice(1) : raw;
      switch (field) {
        case 'id':
          id = text;
          break;
        case 'event':
          event = text;
          break;
        case 'data':
          data.push(text);
          break;
        case 'retry':
          if (/^\d+$/.test(text)) {
            onRetry(Number(text));
          }
          break;
        default:
          break;
      }
    }
  }
}
