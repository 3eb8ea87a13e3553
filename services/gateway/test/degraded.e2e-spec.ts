import type { NatsConnection } from 'nats';
import { TasksRequests } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import { ApiClient, TestSystem, login } from '@orbita/testing';

/** A request to a service that is down or stuck ends in 503/504 within a bounded time, never a hang. */
describe('the gateway when a service is down or stuck', () => {
  let system: TestSystem;
  let ivan: ApiClient;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      env: { gateway: { NATS_REQUEST_TIMEOUT_MS: '1500' } },
    });
    ivan = new ApiClient(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD),
    );
  });

  it('answers 503 at once when nobody serves the subject', async () => {
    await system.kill('notifications');
    const started = Date.now();
    const response = await ivan
      .withHeaders({ 'accept-language': 'ru' })
      .get<{ code: string; message: string }>('/api/notifications');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Сервис «уведомления» недоступен, повторите позже',
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('answers 504 after the request timeout when the service does not answer', async () => {
    // A stand-in that takes the requests of tasks and never answers.
    const stuck: NatsConnection = await system.connectNats('tasks');
    await system.kill('tasks');
    stuck.subscribe(TasksRequests.get.subject, { queue: 'tasks', callback: () => undefined });
    await stuck.flush();
    try {
      const started = Date.now();
      const response = await ivan.get<{ code: string }>('/api/tasks/01ZZZZZZZZZZZZZZZZZZZZZZZZ');
      const elapsed = Date.now() - started;
      expect(response.status).toBe(504);
      expect(response.body.code).toBe('UPSTREAM_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await stuck.close();
    }
  });

  it('answers 503 for streamed downloads when documents is down', async () => {
    await system.kill('documents');
    const response = await ivan.get<{ code: string }>('/api/files/01ZZZZZZZZZZZZZZZZZZZZZZZZ/content');
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('shuts a service down gracefully on SIGTERM: it stops being ready and exits 0', async () => {
    const identity = system.process('identity');
    identity.kill('SIGTERM');
    expect(await identity.exited).toBe(0);
    expect(system.log('identity')).toContain('Connections closed');
  });
});
