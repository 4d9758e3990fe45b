/**
 * The inspector webview's fixed words, in the user's language. The webview is a browser bundle
 * without the `vscode` API, so the host translates them here and sends them with each page; the
 * webview fills the `{0}` placeholders itself (`formatMessage`) and shows the result as text.
 *
 * Each message is translated with its placeholders passed back as themselves (`'{0}'`), so the
 * translated template keeps them for the webview to fill.
 */
import vscode = require('vscode');
import type { InspectorStrings } from './webview/protocol';

const P0 = '{0}';
const P1 = '{1}';

export function inspectorStrings(): InspectorStrings {
  return {
    backendSubtitle: vscode.l10n.t('ML backend: {0}', P0),
    versionsLabel: vscode.l10n.t('Prediction versions'),
    differCount: vscode.l10n.t('{0} differ', P0),
    openJson: vscode.l10n.t('Open as JSON'),
    taskLabel: vscode.l10n.t('The task'),
    modelVersion: vscode.l10n.t('model version {0}', P0),
    noModelVersion: vscode.l10n.t('no model version'),
    score: vscode.l10n.t('score {0}', P0),
    regionsDiffer: vscode.l10n.t('{0} region(s) differ from {1}', P0, P1),
    regions: vscode.l10n.t('Regions ({0})', P0),
    noLabel: vscode.l10n.t('no label'),
    differs: vscode.l10n.t('differs'),
    dropped: vscode.l10n.t('Dropped by Label Studio ({0})', P0),
    suspicious: vscode.l10n.t('Suspicious ({0})', P0),
    selected: vscode.l10n.t('Selected'),
    selectedJsonLabel: vscode.l10n.t('JSON of the selected region'),
    selectHint: vscode.l10n.t('Select a region to see its JSON.'),
    none: vscode.l10n.t('None.'),
    textMissing: vscode.l10n.t("The task's text is not available; spans are listed on the right."),
    regionsNotDrawn: vscode.l10n.t('{0} region(s) on a {1} object (listed on the right, not drawn).', P0, P1),
    answersFor: vscode.l10n.t('Answers for {0}', P0),
    imageAlt: vscode.l10n.t('Image "{0}"', P0),
    noImage: vscode.l10n.t('No image: regions on a blank canvas'),
    regionsOn: vscode.l10n.t('Regions on {0}', P0),
  };
}
