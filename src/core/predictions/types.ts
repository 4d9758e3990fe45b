// TEMP stub of the core half's types (branch `inspector`); replaced by theirs on merge.
export interface LabelValue {
  value: string;
  background?: string;
}
export interface ControlTag {
  name: string;
  tag: string;
  toName: string[];
  labels: LabelValue[];
  choice?: string;
  attrs: Record<string, string>;
}
export interface ObjectTag {
  name: string;
  tag: string;
  valueKey: string;
  attrs: Record<string, string>;
}
export interface LabelConfig {
  controls: ControlTag[];
  objects: ObjectTag[];
}
export interface Finding {
  severity: 'dropped' | 'suspicious';
  path: (string | number)[];
  pathText: string;
  message: string;
  fix: string;
  regionIndex?: number;
}
