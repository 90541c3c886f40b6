import { type ReactNode, useId } from 'react';

/** One choice of the settings: a labelled select and the hint that describes it. */
export function SettingSelect(props: {
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  /** The options. */
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        aria-describedby={`${id}-hint`}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.children}
      </select>
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
    </div>
  );
}
