import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a secret (an API token) from standard input: a line typed at the terminal without echoing it,
 * or whatever is piped in (`npm run cli -- login < token.txt`). Never a command-line argument, which
 * would land in the shell's history and in every process listing.
 */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.trim();
  }
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => reader.question(prompt, resolve));
    muted = true;
    const secret = await answer;
    process.stderr.write('\n');
    return secret.trim();
  } finally {
    reader.close();
  }
}
