import { spawn } from 'node:child_process';
import path from 'node:path';

export function bin(name: string): string {
  return path.join(process.cwd(), 'node_modules', '.bin', name);
}

/** Run a command with inherited output; resolves with its exit code. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`${path.basename(command)}: ${error.message}`);
      resolve(1);
    });
  });
}
