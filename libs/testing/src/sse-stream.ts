import type { NotificationView } from '@orbita/contracts';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * A browser's view of one notifications stream (GET /api/notifications/stream, read with fetch as
 * the web app does): the events and comments read so far.
 */
export class SseStream {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly abort = new AbortController();
  private readonly listeners: ((event: SseEvent) => void)[] = [];

  private constructor(readonly response: Response) {}

  static async open(
    base: string,
    token: string | null,
    headers: Record<string, string> = {},
  ): Promise<SseStream> {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/notifications/stream`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      signal: controller.signal,
    });
    const stream = new SseStream(response);
    stream.abort.signal.addEventListener('abort', () => {
      controller.abort();
    });
    if (response.ok && response.body) {
      void stream.read(response.body);
    }
    return stream;
  }

  notifications(): { id: string; notification: NotificationView; unreadCount: number }[] {
    return this.events
      .filter((e) => e.event === 'notification')
      .map((e) => ({
        id: e.id ?? '',
        ...(JSON.parse(e.data) as { notification: NotificationView; unreadCount: number }),
      }));
  }

  /** Calls `listener` with each event as it is read (a benchmark's clock). */
  onEvent(listener: (event: SseEvent) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by the test
    }
    this.ended = true;
  }

  private parse(block: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
      } else if (line.startsWith('event: ')) {
        event.event = line.slice(7);
      } else if (line.startsWith('id: ')) {
        event.id = line.slice(4);
      } else if (line.startsWith('data: ')) {
        event.data += line.slice(6);
      }
    }
    if (event.data !== '' || event.id) {
      this.events.push(event);
      for (const listener of this.listeners) {
        listener(event);
      }
    }
  }
}
