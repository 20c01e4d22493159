import { useSignal } from '@preact/signals';
import { setApiKey } from '../api-key';

/** Asks for the API key once; it stays in this tab's sessionStorage. */
export function KeyPage() {
  const key = useSignal('');
  return (
    <section>
      <h1>API key</h1>
      <form
        class="key-form"
        onSubmit={(event) => {
          event.preventDefault();
          setApiKey(key.value.trim());
        }}
      >
        <input
          type="password"
          name="apiKey"
          aria-label="API key"
          placeholder="API key"
          value={key.value}
          onInput={(e) => {
            key.value = e.currentTarget.value;
          }}
        />
        <button type="submit" disabled={!key.value.trim()}>
          Use key
        </button>
      </form>
      <p class="muted">
        Kept in this browser tab only (sessionStorage). It is sent as `Authorization: Bearer`.
      </p>
    </section>
  );
}
