import { useSignal } from '@preact/signals';
import { setApiKey } from '../api-key';
import { SignalInput } from '../components/signal-input';

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
        <SignalInput value={key} name="apiKey" label="API key" submit="Use key" type="password" />
      </form>
      <p class="muted">
        Kept in this browser tab only (sessionStorage). It is sent as `Authorization: Bearer`.
      </p>
    </section>
  );
}
