import { useSignal } from '@preact/signals';
import { api } from '../api';

/** Approve / Reject for one pending action; `resolution` is `{ approved: true | false }`. */
export function ActionButtons({ actionId, onResolved }: { actionId: string; onResolved?: () => void }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const resolve = async (approved: boolean) => {
    busy.value = true;
    try {
      await api.resolveAction(actionId, { approved });
      onResolved?.();
    } catch (cause) {
      error.value = String((cause as Error).message);
    } finally {
      busy.value = false;
    }
  };
  return (
    <span class="action-buttons">
      <button type="button" class="approve" disabled={busy.value} onClick={() => resolve(true)}>
        Approve
      </button>
      <button type="button" class="reject" disabled={busy.value} onClick={() => resolve(false)}>
        Reject
      </button>
      {error.value && <span class="error">{error.value}</span>}
    </span>
  );
}
