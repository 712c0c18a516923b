// Entry of the CSV import worker thread (lib/import/worker.ts): plain JavaScript, so Node can start
// it from the route handler's server bundle; it registers tsx (a dependency) to load the TypeScript
// sources the command line uses too.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
