import { sharedInfra } from './shared-infra';

/** An address as Mailpit's API (v1) shows it. */
export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** A message in a Mailpit list or search result. */
export interface MailpitSummary {
  /** Mailpit's own id, for {@link MailpitClient.message}. */
  ID: string;
  /** The Message-ID header, without angle brackets. */
  MessageID: string;
  From: MailpitAddress;
  To: MailpitAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

/** One message in full, as GET /api/v1/message/{ID} returns it. */
export interface MailpitMessage extends Omit<MailpitSummary, 'Created' | 'Snippet'> {
  Date: string;
  Text: string;
  HTML: string;
}

/**
 * Reads the mail the system sent from the SMTP sink (Mailpit's HTTP API), which every test file of
 * a run shares: use a recipient address of the test's own and look only at mail to it.
 */
export class MailpitClient {
  constructor(readonly baseUrl: string = sharedInfra().endpoints.mailApiUrl) {}

  /** The messages sent to exactly this address (To), newest first. */
  async messagesTo(address: string): Promise<MailpitSummary[]> {
    // Mailpit matches `to:` as a substring (`to:"a@x.org"` finds `anna@x.org` too), so filter exactly.
    const query = new URLSearchParams({ query: `to:"${address}"`, limit: '1000' });
    const result = await this.get<{ messages: MailpitSummary[] | null }>(
      `/api/v1/search?${query.toString()}`,
    );
    const wanted = address.toLowerCase();
    return (result.messages ?? []).filter((message) =>
      message.To.some((to) => to.Address.toLowerCase() === wanted),
    );
  }

  /** One message with its bodies. */
  async message(id: string): Promise<MailpitMessage> {
    return this.get<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      throw new Error(`Mailpit answered ${response.status} to GET ${path}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }
}

/** The first http(s) link in a plain-text body, e.g. the invitation link of an e-mail. */
export function firstLink(text: string): string | undefined {
  return /https?:\/\/[^\s<>"']+/.exec(text)?.[0];
}
