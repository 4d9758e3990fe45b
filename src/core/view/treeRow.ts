/** A tree row as plain data: what the VS Code adapter copies into a TreeItem, field by field. */

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface RowIcon {
  /** A codicon id (`server`, `loading~spin`). */
  id: string;
  /** A theme color id (`problemsErrorIcon.foreground`). */
  color?: string;
}

export interface RowCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface TreeRow {
  label: string;
  /** Default: 'none'. */
  collapsible?: Collapsible;
  /** The placeholder rows of removed servers and backends have no id of their own: VS Code derives one. */
  anonymous?: true;
  description?: string;
  /** Plain text hover. */
  tooltip?: string;
  /** Markdown hover source in which server text is escaped; its only command link is "Show Full Error". */
  tooltipMarkdown?: string;
  icon?: RowIcon;
  contextValue?: string;
  accessibilityLabel?: string;
  command?: RowCommand;
  /** A project without backends: the adapter gives it a resource the decoration provider greys out. */
  emptyProjectId?: number;
}

/** A row that is only its label (a removed server or backend, a row that could not be built). */
export function placeholderRow(label: string): TreeRow {
  return { label, anonymous: true };
}
