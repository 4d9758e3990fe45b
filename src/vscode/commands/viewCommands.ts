/** Commands about what the view shows: filter by state and text, hide projects without backends. */
import vscode = require('vscode');
import type { CommandTable } from './contributions';
import { KNOWN_STATE_CODES, lookOfState } from '../../core/backends/backendState';
import { NO_FILTER } from '../../core/view/filter';
import type { FilterState } from '../services/filterState';
import type { Prompts } from './prompts';
import type { Settings } from '../services/settings';

export class ViewCommands {
  constructor(
    private readonly filter: FilterState,
    private readonly settings: Settings,
    private readonly prompts: () => Prompts,
  ) {}

  commands() {
    return {
      'labelStudio.filter': () => this.askFilter(),
      'labelStudio.clearFilter': () => this.filter.set(NO_FILTER),
      'labelStudio.hideEmptyProjects': () => this.settings.setHideProjectsWithoutBackends(true),
      'labelStudio.showEmptyProjects': () => this.settings.setHideProjectsWithoutBackends(false),
    } satisfies Partial<CommandTable>;
  }

  /** Two questions: which states (none picked = all), then which text. */
  async askFilter(): Promise<void> {
    const current = this.filter.current;
    const items = KNOWN_STATE_CODES.map((code) => ({ label: lookOfState(code).label, picked: current.states.includes(code), code }));
    const picked = await this.prompts().pickMany(items, {
      title: vscode.l10n.t('Filter ML Backends (1/2): states'),
      placeHolder: vscode.l10n.t('Show backends in these states (pick none for all states)'),
    });
    if (picked === undefined) return;
    const text = await this.prompts().inputBox({
      title: vscode.l10n.t('Filter ML Backends (2/2): text'),
      prompt: vscode.l10n.t('Show backends whose title, URL, model version or project contains this text (empty for any)'),
      value: current.text,
    });
    if (text === undefined) return;
    await this.filter.set({ states: picked.map((p) => p.code), text: text.trim() });
  }
}
