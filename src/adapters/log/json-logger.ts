import type { Logger } from '../../core/ports';

/** Token shapes that must never reach a log line. */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /xapp-[A-Za-z0-9-]{10,}/g,
  /(?:AKIA|ASIA)[A-Z0-9]{16}/g, // AWS access key ids
  /[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}/g, // Discord bot tokens
  /(?<=(?:secret|token|password|authorization)["':= ]+)[^"',\s}]{8,}/gi,
];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((t, p) => t.replace(p, '[redacted]'), text);
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** One JSON object per line (CloudWatch-friendly), secrets redacted. */
export function createJsonLogger(
  options: { level?: LogLevel; sink?: (line: string) => void; service?: string } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const line = JSON.stringify(
      { level, time: new Date().toISOString(), service: options.service ?? 'league', message, ...data },
      (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v),
    );
    sink(redact(line));
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
