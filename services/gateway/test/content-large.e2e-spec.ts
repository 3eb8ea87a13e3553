import type { FileView } from '@orbita/contracts';
import { DEMO_PASSWORD, demoUser } from '@orbita/demo';
import {
  MemorySampler,
  TestSystem,
  generatedContent,
  generatedSha256,
  getHashed,
  login,
  postStream,
} from '@orbita/testing';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const SIZE = 2 * GIB;

/**
 * A 2 GiB file goes through the gateway into object storage and back (docs/adr/014): generated as
 * it is sent, hashed as it comes back, never held in memory by the test, the gateway or documents,
 * whose resident memory is sampled all the while and must stay flat.
 */
describe('a 2 GiB file through the gateway', () => {
  let system: TestSystem;
  let token: string;

  beforeAll(async () => {
    system = await TestSystem.start({
      seedDemo: true,
      services: ['identity', 'documents', 'gateway'],
      env: {
        documents: { MAX_UPLOAD_BYTES: String(3 * GIB), LOG_LEVEL: 'warn' },
        gateway: { LOG_LEVEL: 'warn' },
      },
    });
    token = await login(system.gatewayUrl, demoUser.ivan.email, DEMO_PASSWORD);
    // Warm both paths once, so the code they load is not counted as growth.
    const warm = await postStream(
      `${system.gatewayUrl}/api/files?name=warm.pdf`,
      generatedContent(32 * MIB),
      32 * MIB,
      { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    );
    expect(warm.status).toBe(201);
    await getHashed(`${system.gatewayUrl}/api/files/${(warm.body as FileView).id}/content`, {
      authorization: `Bearer ${token}`,
    });
  });

  it('uploads and downloads it with the same SHA-256, gateway and documents memory flat', async () => {
    const expected = await generatedSha256(SIZE);
    const auth = { authorization: `Bearer ${token}` };
    const sampler = new MemorySampler(system, ['gateway', 'documents']).start();
    const started = performance.now();

    const uploaded = await postStream(
      `${system.gatewayUrl}/api/files?name=big.pdf`,
      generatedContent(SIZE),
      SIZE,
      {
        ...auth,
        'content-type': 'application/octet-stream',
      },
    );
    const uploadSeconds = (performance.now() - started) / 1000;
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ size: SIZE, sha256: expected.sha256, mimeType: 'application/pdf' });

    const downloadStarted = performance.now();
    const file = uploaded.body as FileView;
    const downloaded = await getHashed(`${system.gatewayUrl}/api/files/${file.id}/content`, auth);
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    const memory = sampler.stop();

    expect(downloaded).toEqual({ status: 200, sha256: expected.sha256, size: SIZE });
    const mib = (bytes: number): string => (bytes / MIB).toFixed(1);
    process.stdout.write(
      `2 GiB through the gateway: upload ${uploadSeconds.toFixed(1)} s (${mib(SIZE / uploadSeconds)} MiB/s), ` +
        `download ${downloadSeconds.toFixed(1)} s (${mib(SIZE / downloadSeconds)} MiB/s); RSS growth ` +
        Object.entries(memory)
          .map(([service, m]) => `${service} ${mib(m.growth)} MiB (${mib(m.first)} → ${mib(m.peak)})`)
          .join(', ') +
        '\n',
    );
    expect(memory['gateway']!.growth).toBeLessThan(100 * MIB);
    expect(memory['documents']!.growth).toBeLessThan(100 * MIB);
    // About a minute on a quiet machine; three when others load its two cores.
  }, 360_000);
});
