/** Answers the extension's questions in tests, in order, and records what was asked. */
import type * as vscode from 'vscode';
import type { Prompts } from '../../src/vscode/commands/prompts';

export type Answer = string | undefined | ((asked: Asked) => string | undefined);

export interface Asked {
  kind: 'inputBox' | 'quickPick' | 'confirm' | 'info' | 'warn' | 'error';
  text: string;
  /** Items offered by a quick pick, or actions offered by a message. */
  options: string[];
  /** What validateInput said about the answer, for input boxes. */
  validation?: string | null;
  password?: boolean;
  /** The value an input box was prefilled with. */
  value?: string;
  /** The second lines (`detail`) of a quick pick's items. */
  details?: Array<string | undefined>;
}

export class ScriptedPrompts implements Prompts {
  /** Everything every ScriptedPrompts was asked during the suite (checked for tokens at the end). */
  static readonly history: Asked[] = [];
  /** Every answer typed into a password box: secrets, whether or not the extension stored them. */
  static readonly passwords = new Set<string>();
  readonly asked: Asked[] = [];
  private readonly answers: Answer[];

  constructor(...answers: Answer[]) {
    this.answers = answers;
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const asked: Asked = {
      kind: 'inputBox',
      text: `${options.title ?? ''} ${options.prompt ?? ''}`.trim(),
      options: [],
      password: options.password,
      value: options.value,
    };
    const answer = this.next(asked);
    if (answer !== undefined && options.password && answer.trim()) ScriptedPrompts.passwords.add(answer.trim());
    if (answer !== undefined && options.validateInput) {
      const problem = await options.validateInput(answer);
      asked.validation = typeof problem === 'string' ? problem : problem ? problem.message : null;
      if (asked.validation) return undefined; // VS Code would keep the box open; the test sees the problem
    }
    return answer;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const asked: Asked = {
      kind: 'quickPick',
      text: `${options.title ?? ''} ${options.placeHolder ?? ''}`.trim(),
      options: items.map((i) => (i.description ? `${i.label} ${i.description}` : i.label)),
      details: items.map((i) => i.detail),
    };
    const answer = this.next(asked);
    return items.find((i) => i.label === answer || i.description === answer);
  }

  /** The answer is the labels to pick, separated by commas ("" picks none). */
  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const asked: Asked = {
      kind: 'quickPick',
      text: `${options.title ?? ''} ${options.placeHolder ?? ''}`.trim(),
      options: items.map((i) => `${i.picked ? '[x] ' : ''}${i.label}`),
    };
    const answer = this.next(asked);
    if (answer === undefined) return undefined;
    const labels = answer
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    return items.filter((i) => labels.includes(i.label));
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    return this.next({ kind: 'confirm', text: `${message}\n${detail}`, options: actions });
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.next({ kind: 'info', text: message, options: actions });
  }

  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.next({ kind: 'warn', text: message, options: actions });
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.next({ kind: 'error', text: message, options: actions });
  }

  get remaining(): number {
    return this.answers.length;
  }

  private next(asked: Asked): string | undefined {
    this.asked.push(asked);
    ScriptedPrompts.history.push(asked);
    const answer = this.answers.shift();
    return typeof answer === 'function' ? answer(asked) : answer;
  }
}
