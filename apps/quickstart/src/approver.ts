import { createInterface } from 'node:readline/promises';

/** Who answers the human-in-the-loop question. */
export interface Approver {
  /** Said once before the example runs. */
  readonly notice?: string;
  ask(question: string): Promise<boolean>;
}

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** Asks on the terminal; approves by itself with `--yes` or when stdin is not a terminal (and says so). */
export function approver(argv: readonly string[], terminal: Terminal): Approver {
  if (argv.includes('--yes')) return autoApprove('--yes given: approving every action automatically.');
  if (!terminal.input.isTTY)
    return autoApprove('stdin is not a terminal: approving every action automatically (as with --yes).');
  return {
    async ask(question) {
      const rl = createInterface({ input: terminal.input, output: terminal.output });
      try {
        const answer = await rl.question(`  ? ${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
  };
}

function autoApprove(notice: string): Approver {
  return { notice, ask: async () => true };
}
