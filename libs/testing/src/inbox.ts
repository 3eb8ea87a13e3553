import { eventually } from './eventually';
import type { Page, WorkItemView } from '@orbita/contracts';
import type { ApiClient } from './http-client';

/** The caller's work item of a request's step, once it is in their inbox (polled, never slept for). */
export async function inboxItem(
  client: ApiClient,
  instanceId: string,
  stepId: string,
): Promise<WorkItemView> {
  return eventually(async () => {
    const inbox = await client.get<Page<WorkItemView>>('/api/inbox?limit=100');
    const found = inbox.body.items.find((t) => t.instanceId === instanceId && t.stepId === stepId);
    if (!found) {
      throw new Error(`No work item of step ${stepId} of request ${instanceId} in the inbox yet`);
    }
    return found;
  });
}
