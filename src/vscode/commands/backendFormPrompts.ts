/** The Add / Edit ML Backend steps, asked one after another, each prefilled with the draft. */
import vscode = require('vscode');
import {
  backendUrlProblem,
  DEFAULT_TIMEOUT_SECONDS,
  extraParamsProblem,
  timeoutProblem,
  type BackendDraft,
  type FormStep,
} from '../../core/backends/backendForm';
import type { Prompts } from './prompts';

/** A step's name as the form shows it ("Edit {0}" buttons, one-step titles), in the user's language. */
export function stepName(step: FormStep): string {
  const names: Record<FormStep, string> = {
    url: vscode.l10n.t('URL'),
    title: vscode.l10n.t('Title'),
    description: vscode.l10n.t('Description'),
    auth: vscode.l10n.t('Authentication'),
    interactive: vscode.l10n.t('Interactive Pre-annotations'),
    timeout: vscode.l10n.t('Timeout'),
    extraParams: vscode.l10n.t('Extra Params'),
  };
  return names[step];
}
const ORDER: FormStep[] = ['url', 'title', 'description', 'auth', 'interactive', 'timeout', 'extraParams'];

export interface FormOptions {
  title: string;
  /** Editing keeps a stored password when the password box is left empty. */
  editing: boolean;
  /** Ask only this step (to correct the value Label Studio rejected). */
  only?: FormStep;
}

/**
 * Asks the steps and updates `draft` in place as the user answers, so that whatever was typed
 * survives a cancel or a failed request. Resolves true when every asked step was answered.
 */
export async function askBackendDraft(prompts: Prompts, draft: BackendDraft, options: FormOptions): Promise<boolean> {
  const steps = options.only ? [options.only] : ORDER;
  for (const [i, step] of steps.entries()) {
    const title =
      steps.length > 1
        ? vscode.l10n.t('{0} ({1}/{2})', options.title, i + 1, steps.length)
        : vscode.l10n.t('{0}: {1}', options.title, stepName(step));
    if (!(await ask(prompts, step, draft, title, options.editing))) return false;
  }
  return true;
}

async function ask(prompts: Prompts, step: FormStep, draft: BackendDraft, title: string, editing: boolean): Promise<boolean> {
  switch (step) {
    case 'url': {
      const url = await prompts.inputBox({
        title,
        prompt: vscode.l10n.t('URL of the ML backend as Label Studio reaches it (Label Studio calls it, not VS Code)'),
        placeHolder: 'http://localhost:9090',
        value: draft.url,
        validateInput: backendUrlProblem,
      });
      if (url === undefined) return false;
      draft.url = url.trim();
      return true;
    }
    case 'title': {
      const name = await prompts.inputBox({
        title,
        prompt: vscode.l10n.t('Name shown in Label Studio (optional)'),
        placeHolder: 'my-model',
        value: draft.title,
      });
      if (name === undefined) return false;
      draft.title = name.trim();
      return true;
    }
    case 'description': {
      const text = await prompts.inputBox({
        title,
        prompt: vscode.l10n.t('Description shown in Label Studio (optional)'),
        placeHolder: vscode.l10n.t('What the model does'),
        value: draft.description,
      });
      if (text === undefined) return false;
      draft.description = text.trim();
      return true;
    }
    case 'timeout': {
      const text = await prompts.inputBox({
        title,
        prompt: vscode.l10n.t(
          'Seconds Label Studio waits for a prediction (empty: {0})',
          editing ? vscode.l10n.t('keep the current value') : String(DEFAULT_TIMEOUT_SECONDS),
        ),
        placeHolder: String(DEFAULT_TIMEOUT_SECONDS),
        value: draft.timeout,
        validateInput: timeoutProblem,
      });
      if (text === undefined) return false;
      draft.timeout = text.trim();
      return true;
    }
    case 'auth':
      return askAuth(prompts, draft, title, editing);
    case 'interactive': {
      const items: Array<vscode.QuickPickItem & { value: boolean }> = [
        { label: vscode.l10n.t('Off'), description: draft.isInteractive ? '' : currentMark(), value: false },
        {
          label: vscode.l10n.t('On'),
          description: draft.isInteractive ? currentMark() : '',
          detail: vscode.l10n.t('Label Studio asks the model while annotators label (e.g. SAM, keypoints)'),
          value: true,
        },
      ];
      const picked = await prompts.quickPick(items, { title, placeHolder: vscode.l10n.t('Interactive pre-annotations') });
      if (!picked) return false;
      draft.isInteractive = picked.value;
      return true;
    }
    case 'extraParams': {
      const text = await prompts.inputBox({
        title,
        prompt: vscode.l10n.t("Extra params sent to the backend's /setup, as JSON (optional)"),
        placeHolder: '{"threshold": 0.5}',
        value: draft.extraParams,
        validateInput: extraParamsProblem,
      });
      if (text === undefined) return false;
      draft.extraParams = text.trim();
      return true;
    }
  }
}

async function askAuth(prompts: Prompts, draft: BackendDraft, title: string, editing: boolean): Promise<boolean> {
  const current = (method: BackendDraft['authMethod']) => (draft.authMethod === method ? currentMark() : '');
  const items: Array<vscode.QuickPickItem & { value: BackendDraft['authMethod'] }> = [
    { label: vscode.l10n.t('No Authentication'), description: current('NONE'), value: 'NONE' },
    {
      label: vscode.l10n.t('Basic Authentication'),
      description: current('BASIC_AUTH'),
      detail: vscode.l10n.t('The backend checks a user name and password (BASIC_AUTH_USER / BASIC_AUTH_PASS)'),
      value: 'BASIC_AUTH',
    },
  ];
  const picked = await prompts.quickPick(items, { title, placeHolder: vscode.l10n.t('Authentication') });
  if (!picked) return false;
  draft.authMethod = picked.value;
  if (picked.value === 'NONE') return true;
  const user = await prompts.inputBox({
    title,
    prompt: vscode.l10n.t('Basic auth user name'),
    value: draft.basicAuthUser,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the user name.')),
  });
  if (user === undefined) return false;
  draft.basicAuthUser = user.trim();
  const keep = editing && !draft.basicAuthPass;
  const pass = await prompts.inputBox({
    title,
    prompt: keep ? vscode.l10n.t('Basic auth password (leave empty to keep the stored one)') : vscode.l10n.t('Basic auth password'),
    password: true,
    value: draft.basicAuthPass,
    validateInput: (v) => (v || keep ? undefined : vscode.l10n.t('Enter the password.')),
  });
  if (pass === undefined) return false;
  draft.basicAuthPass = pass;
  return true;
}

/** Marks the choice the backend has now. */
function currentMark(): string {
  return vscode.l10n.t('(current)');
}
