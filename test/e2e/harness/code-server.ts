// A real VS Code for one test file: code-server on loopback with a throwaway profile, the packaged
// extension installed, in a process group of its own that is always killed at the end (extension
// hosts outlive a browser disconnect and leave worker children behind otherwise).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tools, VSIX } from './paths';
import { GiveUp, waitFor } from './wait';

export const EXTENSION_ID = 'hparam-lab.hparam-lab';

/** The profile's settings: a quiet workbench (no welcome page, no chat, no update checks). */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
};

export interface CodeServer {
  url: string;
  workspace: string;
  userDataDir: string;
  /** Rewrites the profile's settings.json (VS Code applies it live). */
  setSettings(settings: Record<string, unknown>): void;
  /** The extension host's log and the extension's output channel, concatenated. */
  extensionLog(): string;
  /** Settles when the server's main process ends (with its exit code). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** Kills the whole process group; quietly, since it may be gone already. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch { /* already gone */ }
}

export async function startCodeServer(workspace: string, settings: Record<string, unknown> = {}, port?: number): Promise<CodeServer> {
  const { node, codeServer } = tools();
  const home = mkdtempSync(join(tmpdir(), 'hpl-e2e-profile-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const setSettings = (s: Record<string, unknown>) => writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...s }, null, 2));
  setSettings(settings);

  port ??= await freePort();
  const config = join(home, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // HOME too, so nothing lands in the real ~/.config or ~/.local of the machine.
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local') };

  await promisify(execFile)(node, [codeServer, ...common, '--install-extension', VSIX, '--force'], { env });

  const log: string[] = [];
  const child = spawn(
    node,
    [codeServer, ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', workspace],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }, // detached = setsid: its own process group
  );
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const onData = (chunk: Buffer) => log.push(chunk.toString());
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals) => { killOnExit(); process.exit(128 + (signal === 'SIGINT' ? 2 : 15)); };
  for (const s of signals) process.once(s, onSignal);

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  try {
    await waitFor('code-server answers /healthz', async () => {
      if (child.exitCode !== null) throw new GiveUp(`code-server exited ${child.exitCode}:\n${log.join('')}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return res?.ok === true;
    }, 30_000);
  } catch (err) {
    killOnExit();
    throw err;
  }

  return {
    url,
    workspace,
    userDataDir,
    setSettings,
    exited,
    extensionLog: () => filesUnder(join(userDataDir, 'logs'))
      .filter((f) => /exthost\.log$|Hyperparameter Lab\.log$/.test(f))
      .map((f) => `== ${f}\n${readFileSync(f, 'utf8')}`)
      .join('\n'),
    async stop() {
      killGroup(child, 'SIGTERM');
      if (child.exitCode === null) {
        await new Promise<void>((r) => {
          const timer = setTimeout(r, 5000);
          child.once('exit', () => { clearTimeout(timer); r(); });
        });
      }
      killGroup(child, 'SIGKILL'); // the extension host and its workers, whatever the server did
      process.off('exit', killOnExit);
      for (const s of signals) process.off(s, onSignal);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
