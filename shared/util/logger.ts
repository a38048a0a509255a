// One logger factory for the core: each module gets a named logger that writes steps and ids as
// JSON lines to stderr. Callers pass ids and counts only, never secret values. Silent unless
// BREAKGLASS_LOG is set to a level, so the CLI's stderr stays readable.

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const configured = process.env['BREAKGLASS_LOG'] as Level | undefined;
  return configured && configured in order ? order[configured] : Number.POSITIVE_INFINITY;
}

export interface Logger {
  debug(step: string, fields?: Record<string, string | number | boolean | null>): void;
  info(step: string, fields?: Record<string, string | number | boolean | null>): void;
  warn(step: string, fields?: Record<string, string | number | boolean | null>): void;
  error(step: string, fields?: Record<string, string | number | boolean | null>): void;
}

export function createLogger(module: string): Logger {
  const write = (level: Level, step: string, fields?: Record<string, string | number | boolean | null>) => {
    if (order[level] < threshold()) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, module, step, ...fields })}\n`);
  };
  return {
    debug: (step, fields) => write('debug', step, fields),
    info: (step, fields) => write('info', step, fields),
    warn: (step, fields) => write('warn', step, fields),
    error: (step, fields) => write('error', step, fields),
  };
}
