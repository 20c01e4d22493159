import type { Signal } from '@preact/signals';

/** A text input bound to a signal, with the submit button that needs it non-blank. */
export function SignalInput({
  value,
  name,
  label,
  submit,
  type = 'text',
}: {
  value: Signal<string>;
  name: string;
  label: string;
  submit: string;
  type?: 'text' | 'password';
}) {
  const common = {
    name,
    'aria-label': label,
    placeholder: label,
    value: value.value,
    onInput: (e: { currentTarget: HTMLInputElement }) => {
      value.value = e.currentTarget.value;
    },
  };
  return (
    <>
      {type === 'password' ? <input type="password" {...common} /> : <input type="text" {...common} />}
      <button type="submit" disabled={!value.value.trim()}>
        {submit}
      </button>
    </>
  );
}
