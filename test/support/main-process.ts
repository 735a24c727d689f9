/**
 * `src/main.ts` as an operator runs it: a child process with only the environment variables given,
 * its stdout (JSON log lines) and stderr collected, and raw HTTP to its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface MainProcess {
  child: ChildProcess;
  run: MainRun;
  exited: Promise<MainRun>;
  /** The JSON log lines written so far. */
  logLines(): Array<{ level: number; msg: string; [k: string]: unknown }>;
  /** Resolves when a log line with this message appears (or rejects if the process exits first). */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<{ level: number; msg: string; [k: string]: unknown }>;
}

/**
 * Runs `node --import tsx src/main.ts` (one process, as `node dist/src/main.js` in production: no
 * wrapper in between relaying signals or exit codes). `nodeArgs` go before the script.
 */
export function startMain(env: Record<string, string>, opts: { nodeArgs?: string[] } = {}): MainProcess {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // Only what the bot needs: no BOT_TOKEN or MONGODB_URI leaks in from the developer's shell.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
  });
  const run: MainRun = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (run.stderr += c.toString()));
  const exited = new Promise<MainRun>((resolve) => child.on('exit', (code) => resolve({ ...run, code })));
  let done = false;
  void exited.then(() => (done = true));
  const logLines = () =>
    run.stdout
      .split('\n')
      .slice(0, -1) // the last piece is an unfinished line (or empty)
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
  const matches = (msg: string | RegExp, m: string) => (typeof msg === 'string' ? m === msg : msg.test(m));
  const waitForLog = async (msg: string | RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logLines().find((l) => matches(msg, l.msg));
      if (found) return found;
      if (done) throw new Error(`main exited (code ${child.exitCode}) before logging ${String(msg)}:\n${run.stdout}\n${run.stderr}`);
      if (Date.now() > deadline) throw new Error(`no log line ${String(msg)} within ${timeoutMs} ms:\n${run.stdout}\n${run.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, run, exited, logLines, waitForLog };
}

export interface RawAnswer {
  /** The status code of the first response, or undefined when the server closed without one. */
  status: number | undefined;
  /** Everything the server sent before closing. */
  text: string;
  /** The server closed the connection. */
  closed: boolean;
}

/**
 * Writes `chunks` to a fresh TCP connection exactly as given (no HTTP client in between, so
 * malformed request lines and unfinished bodies reach the server as they are), one by one until the
 * server answers, and collects the answer until the server closes the connection or `waitMs` passes.
 */
export function rawHttp(port: number, chunks: Array<string | Buffer>, waitMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : undefined, text, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        // One chunk at a time, stopping once the server has answered: writing on into a connection the
        // server has closed makes the kernel reset it, which can discard the answer before it is read.
        for (const c of chunks) {
          if (text || settled) return;
          await new Promise<void>((r) => socket.write(c, () => r()));
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
    });
  });
}
