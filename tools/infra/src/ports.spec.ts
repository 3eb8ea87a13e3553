import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { freePort, isListening } from './ports';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => {
      if (err) {
        reject(err);
      } else {
        resolve();
      }
    });
  });
}

describe('freePort', () => {
  it('returns a port in the TCP range that can be bound right away', async () => {
    const port = await freePort();
    expect(Number.isInteger(port)).toBe(true);
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
    const server = await listen(port);
    await close(server);
  });

  it('returns a port nobody listens on', async () => {
    const port = await freePort();
    await expect(isListening(port)).resolves.toBe(false);
  });
});

describe('isListening', () => {
  it('is true while a server accepts connections on the port and false once it is closed', async () => {
    const server = await listen(0);
    const address = server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('expected a TCP address');
    }
    await expect(isListening(address.port)).resolves.toBe(true);
    await close(server);
    await expect(isListening(address.port)).resolves.toBe(false);
  });
});
