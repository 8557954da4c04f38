// Entry of an export worker thread: registers tsx (TypeScript) in this thread, then loads the
// worker itself (./worker.ts). Plain JavaScript because a worker starts without tsx.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
