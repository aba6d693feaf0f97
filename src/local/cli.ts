import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { didYouMean } from '../core/commands';
import { runValidateCli, VALIDATE_OPTIONS, VALIDATE_SYNOPSIS } from './validate-cli';

const USAGE = `Usage: league <command>

Commands:
  ${VALIDATE_SYNOPSIS}
      Check a dataset the way the league will, before you submit it.
${VALIDATE_OPTIONS.map(([o, about]) => `        ${o.padEnd(32)}${about}`).join('\n')}
      Exit code: 0 valid, 1 invalid, 2 usage error.
  help, --help, -h
      This text.

Run the league itself with \`npm start\`; watch a whole round with \`npm run demo\`.`;

const COMMANDS = ['validate', 'help'];

/** Entry of the `league` bin; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = {
    stdout: (s: string) => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    stderr: (s: string) => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    readFile: (path: string) => createReadStream(path) as AsyncIterable<Uint8Array>,
    fileSize: async (path: string) => (await stat(path)).size,
  };
  switch (command) {
    case 'validate':
      return runValidateCli(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default: {
      const guess = didYouMean(command, COMMANDS);
      io.stderr(`Unknown command: ${command}${guess ? ` (did you mean \`league ${guess}\`?)` : ''}\n\n${USAGE}`);
      return 2;
    }
  }
}
