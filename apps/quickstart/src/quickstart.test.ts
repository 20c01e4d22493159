import { describe, expect, it } from 'vitest';
import { runOffline, storedJobs } from './run-offline';

describe('quick start (offline)', () => {
  it('says it is offline on its first line, then streams, budgets and asks for approval', async () => {
    const text = await runOffline();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Offline: no OPENAI_API_KEY/);
    expect(lines[1]).toBe(
      'Store: in memory (--data-dir <dir> keeps jobs in PGlite; DATABASE_URL uses PostgreSQL).',
    );

    const [, basic, budget, hitl] = text.split(/\n== /);
    expect(basic).toMatch(/^Basic execution/);
    expect(basic).toContain('[job.started]');
    expect(basic).toContain('Types guard the gate,');
    expect(basic).toContain('[final.result]');
    expect(basic).toContain('=> succeeded after 1 turn(s)');
    expect(basic).toContain('usage: 14 in + 19 out = 33 tokens, $0.0000083');

    expect(budget).toMatch(/^With budget enforcement/);
    expect(budget).toContain('[tool.end] {"step":1,"toolCallId":"call-2-1","toolName":"read_document"');
    expect(budget).toContain('=> succeeded after 2 turn(s)');
    expect(budget).toContain('content: Q3 in short: revenue up 12%');
    // hard budgets: the 100-token request is refused before its first model call, which would not fit
    expect(budget).toContain('=> failed after 0 turn(s)');
    expect(budget).toContain('error: BudgetExceededError: budget exceeded before the model call');
    expect(budget).toContain('usage: 0 in + 0 out = 0 tokens, $0');

    expect(hitl).toMatch(/^With human-in-the-loop/);
    expect(hitl).toContain('stdin is not a terminal: approving every action automatically');
    expect(hitl).toContain('[action.required] {"actionId"');
    expect(hitl).toContain('"message":"Deploy to production?"');
    expect(hitl).toContain('[action.resolved]');
    expect(hitl).toContain('"deployed":true');
    expect(hitl).toContain('=> succeeded after 2 turn(s)');
    expect(text).not.toMatch(/resumeToken/);
    expect(storedJobs(text)).toBe(4);
  });

  it('--yes approves automatically and says so', async () => {
    const text = await runOffline(['--yes']);
    expect(text).toContain('--yes given: approving every action automatically.');
    expect(text).toContain('"deployed":true');
  });
});
