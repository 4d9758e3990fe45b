/**
 * The fakes in a child process of the benchmark (`child_process.fork`, the in-editor refresh): the
 * operating system schedules the fake Label Studio on its own, next to the VS Code processes, instead
 * of as one thread of the bench's process. The same fakes from test/fake and the same commands as the
 * worker (`fakeCommands.ts`), over the IPC channel; the process ends when that channel closes.
 */
import { answerCommands } from './fakeCommands';

if (!process.send) throw new Error('fakeProcess.js runs as a forked child (child_process.fork)');
answerCommands(
  (listener) => process.on('message', listener),
  (reply) => process.send?.(reply),
);
process.on('disconnect', () => process.exit(0));
