// Stops a node:http(s) server now: open keep-alive connections would otherwise hold close() up.
import type { Server } from 'node:http';

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
