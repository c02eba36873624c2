/**
 * The preset library: each preset with its one-line description; picking one loads its text.
 * Presets that come in pairs say so, and can open in compare mode.
 *
 * @module
 */
export interface PresetItem {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly comparable: boolean;
}

export interface PresetPickerProps {
  readonly presets: readonly PresetItem[];
  readonly selected: string | undefined;
  readonly onPick: (name: string) => void;
  readonly onCompare: (name: string) => void;
}

export function PresetPicker({ presets, selected, onPick, onCompare }: PresetPickerProps) {
  return (
    <ul className="rl-presets" aria-label="Presets" data-testid="presets">
      {presets.map((p) => (
        <li key={p.name} className={p.name === selected ? 'rl-selected' : undefined}>
          <button type="button" className="rl-textlink" aria-pressed={p.name === selected} onClick={() => onPick(p.name)} data-testid={`preset-${p.name}`}>
            {p.title}
          </button>
          <span className="rl-preset-description">{p.description}</span>
          {p.comparable && (
            <button type="button" className="rl-btn rl-small" onClick={() => onCompare(p.name)} data-testid={`compare-${p.name}`}>
              Compare
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
