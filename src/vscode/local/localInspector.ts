/**
 * "Predict Locally…" answers in the prediction inspector (with its checks): the local answer as the
 * fresh prediction; when compared, Label Studio's answer for the same task in a second panel.
 */
import vscode = require('vscode');
import { resultsOf } from '../../core/local/localPredict';
import { readBackend } from '../../core/api/models';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { LazyInspector } from '../inspector/lazyInspector';
import type { OpenInspector } from './localSupport';

export function localInspector(inspector: Pick<LazyInspector, 'show'>, registry: ServerRegistry): OpenInspector {
  return async (answer, context) => {
    const entry = registry.entry(context.serverUrl);
    if (!entry) throw new Error(vscode.l10n.t('The Label Studio server is no longer configured.'));
    const project = entry.model.project(context.project.id) ?? { id: context.project.id, title: context.project.title, loading: false };
    const connected = context.backendId !== undefined ? entry.model.backend(context.backendId) : undefined;
    const local = readBackend({
      id: 0,
      project: project.id,
      url: answer.url.replace(/\/predict$/, ''),
      title: vscode.l10n.t('{0} (local)', context.localLabel),
      state: 'CO',
      auth_method: 'NONE',
    });
    // The ML SDK answers {"results": [one prediction per task]}; the inspector checks one prediction.
    const fresh = resultsOf(answer)?.[0] ?? answer.body ?? { error: answer.failure };
    // Comparing: the local panel is open already; Label Studio's answer opens next to it.
    if (context.labelStudio && connected)
      await inspector.show(
        { entry, project, backend: connected },
        context.task.id,
        context.labelStudio.data ?? { errors: context.labelStudio.errors },
      );
    else await inspector.show({ entry, project, backend: local }, context.task.id, fresh);
  };
}
