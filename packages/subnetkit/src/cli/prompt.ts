/**
 * Password input: on a terminal, a prompt on stderr with echo off; otherwise one line from stdin (so
 * `printf 'pw\n' | subnetkit wallet create` works in scripts). Lines are read through one shared reader so that a
 * second password (e.g. a retype) takes the next line.
 */
import { createInterface, type Interface } from 'node:readline';

let lineReader: { rl: Interface; lines: AsyncIterator<string> } | undefined;

async function readStdinLine(): Promise<string | undefined> {
  if (!lineReader) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    lineReader = { rl, lines: rl[Symbol.asyncIterator]() };
  }
  const next = await lineReader.lines.next();
  return next.done ? undefined : next.value;
}

/** Releases stdin so the process can exit. */
export function closePrompt(): void {
  lineReader?.rl.close();
  lineReader = undefined;
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(Object.assign(new Error('cancelled'), { code: 'CLI_CANCELLED' }));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Reads one password. Throws when stdin has no more lines. */
export async function readPassword(prompt: string): Promise<string> {
  return readSecret(prompt, 'password', 'pipe one in, set BT_PW_*, or use --no-password');
}

/**
 * Reads one secret line the way a password is read (hidden on a terminal, else the next line of stdin), so it never
 * has to be a process argument. Throws `CLI_NO_<WHAT>` naming `what` when stdin has no more lines.
 */
export async function readSecret(prompt: string, what: string, hint = 'pipe one in'): Promise<string> {
  if (process.stdin.isTTY) return readHidden(prompt);
  const line = await readStdinLine();
  if (line === undefined) {
    throw Object.assign(new Error(`no ${what} on stdin (${hint})`), {
      code: `CLI_NO_${what.toUpperCase().replaceAll(' ', '_')}`,
    });
  }
  return line.replace(/\r$/, '');
}

export const MIN_PASSWORD_LENGTH = 6;

/** A new password: at least 6 characters; on a terminal, typed twice. */
export async function readNewPassword(what: string): Promise<string> {
  const password = await readPassword(`Password to encrypt the ${what}: `);
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw Object.assign(new Error(`password too short: use at least ${MIN_PASSWORD_LENGTH} characters`), {
      code: 'CLI_WEAK_PASSWORD',
    });
  }
  if (process.stdin.isTTY) {
    const again = await readPassword('Retype the password: ');
    if (again !== password) throw Object.assign(new Error('passwords do not match'), { code: 'CLI_PASSWORD_MISMATCH' });
  }
  return password;
}
