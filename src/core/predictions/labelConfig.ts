/**
 * Reads a Label Studio labeling config (XML) into its control and object tags with saxes, a strict
 * XML parser (≈ 28 KB minified with its one dependency), loaded on first use. Linking rules: object
 * tags have `name` and `value="$key"` (or `valueList`); control tags have `name` and `toName`; the
 * `<Label>`/`<Choice>` tags inside a control (also inside wrapper tags such as `<View>`) are its labels;
 * Taxonomy nests `<Choice>` tags into a tree.
 */
import type { ControlTag, LabelConfig, ObjectTag } from './types';
import * as l10n from '../text/l10n';

/** The config is not well-formed XML (or is empty); the message says where. */
export class LabelConfigError extends Error {}

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
}

type SaxesModule = typeof import('saxes');
let saxes: Promise<SaxesModule> | undefined;

function loadSaxes(): Promise<SaxesModule> {
  saxes ??= import('saxes');
  return saxes;
}

export async function parseLabelConfig(xml: string): Promise<LabelConfig> {
  const root = parseXml(await loadSaxes(), xml);
  const config: LabelConfig = { controls: [], objects: [] };
  collect(root, config);
  return config;
}

function parseXml({ SaxesParser }: SaxesModule, xml: string): Node {
  if (typeof xml !== 'string' || xml.trim() === '') throw new LabelConfigError(l10n.t('The labeling config is empty.'));
  const parser = new SaxesParser({ position: true });
  const top: Node = { name: '#document', attrs: {}, children: [] };
  const stack: Node[] = [top];
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [] };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    // saxes reports "line:column: reason".
    throw new LabelConfigError(l10n.t('The labeling config is not well-formed XML: {0}', (e as Error).message));
  }
  const element = top.children[0];
  if (!element) throw new LabelConfigError(l10n.t('The labeling config has no root tag (Label Studio expects <View>).'));
  return element;
}

function collect(node: Node, config: LabelConfig): void {
  const { name, toName } = node.attrs;
  if (name && toName !== undefined) {
    config.controls.push(readControl(node));
    return; // labels inside belong to this control
  }
  if (name && (node.attrs.value?.startsWith('$') || node.attrs.valueList !== undefined)) config.objects.push(readObject(node));
  for (const child of node.children) collect(child, config);
}

function readObject(node: Node): ObjectTag {
  const ref = node.attrs.value ?? node.attrs.valueList ?? '';
  return { name: node.attrs.name, tag: node.name, valueKey: ref.startsWith('$') ? ref.slice(1) : '', attrs: node.attrs };
}

function readControl(node: Node): ControlTag {
  const control: ControlTag = {
    name: node.attrs.name,
    tag: node.name,
    toName: node.attrs.toName
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    labels: [],
    attrs: node.attrs,
  };
  if (node.attrs.choice !== undefined) control.choice = node.attrs.choice;
  const taxonomy = node.name.toLowerCase() === 'taxonomy';
  if (taxonomy) control.taxonomyPaths = [];
  const visit = (n: Node, path: string[]) => {
    for (const child of n.children) {
      const isLabel = child.name === 'Label' || child.name === 'Choice';
      const value = child.attrs.value;
      if (isLabel && value !== undefined) {
        const label: ControlTag['labels'][number] = { value };
        if (child.attrs.background !== undefined) label.background = child.attrs.background;
        if (child.attrs.alias !== undefined) label.alias = child.attrs.alias;
        control.labels.push(label);
        const here = [...path, value];
        control.taxonomyPaths?.push(here);
        visit(child, taxonomy ? here : path);
      } else {
        visit(child, path);
      }
    }
  };
  visit(node, []);
  return control;
}
