import { describe, expect, it } from 'vitest';
import { formatProblem, parseBuildOutput } from './build-errors.js';

// What `nest build` (SWC builder) printed for a missing parenthesis, RUST_BACKTRACE=1 included.
const swc = `>  SWC  Running...
  x Expected ',', got ';'
    ,-[src/payments/payments.controller.ts:30:1]
 29 |   get(@Payload() query: GetPaymentQuery) {
 30 |     return this.payments.get(query;
    :                                   ^
 31 |   }
    \`----


Caused by:
    Syntax Error

Stack backtrace:
   0: <unknown>
   7: _ZZN4node14ThreadPoolWork12ScheduleWorkEvENUlP9uv_work_sE_4_FUNES2_
   8: worker
             at /home/iojs/build/ws/out/../deps/uv/src/threadpool.c:122:5
Successfully compiled: 25 files with swc (453.5ms)
Failed to compile 1 file with swc.

 Error  Failed to compile:
src/payments/payments.controller.ts
`;

// tsc (a library build, or `nest build` with the tsc builder), piped and on a terminal.
const tsc = `src/health.ts(12,5): error TS2322: Type 'number' is not assignable to type 'string'.
\x1b[96msrc/kafka.ts\x1b[0m:\x1b[93m3\x1b[0m:\x1b[93m10\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS2305: \x1b[0mModule '"kafkajs"' has no exported member 'Nope'.
Found 2 errors in 2 files.`;

describe('parseBuildOutput', () => {
  it("reads swc's code frame: message, file and line; drops the backtrace and summaries", () => {
    const { problems, detail } = parseBuildOutput(swc);
    expect(problems).toEqual([{ file: 'src/payments/payments.controller.ts', line: 30, column: 1, message: "Expected ',', got ';'" }]);
    expect(detail).toContain('30 |     return this.payments.get(query;');
    expect(detail).not.toMatch(/backtrace|threadpool|Successfully compiled|SWC\s+Running/i);
    expect(formatProblem(problems[0], 'services/payments/')).toBe(
      "services/payments/src/payments/payments.controller.ts:30: Expected ',', got ';'",
    );
  });

  it("reads tsc's diagnostics, plain and coloured", () => {
    const { problems } = parseBuildOutput(tsc);
    expect(problems.map((p) => formatProblem(p))).toEqual([
      "src/health.ts:12:5: TS2322: Type 'number' is not assignable to type 'string'.",
      `src/kafka.ts:3:10: TS2305: Module '"kafkajs"' has no exported member 'Nope'.`,
    ]);
  });

  it('keeps output it cannot read as the detail', () => {
    expect(parseBuildOutput('sh: 1: nest: not found\n')).toEqual({ problems: [], detail: 'sh: 1: nest: not found' });
  });
});
