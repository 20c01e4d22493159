import { render } from 'preact';
import { adoptKeyFromHash, apiKey, setApiKey } from './api-key';
import { ApprovalsPage } from './pages/approvals-page';
import { JobPage } from './pages/job-page';
import { JobsPage } from './pages/jobs-page';
import { KeyPage } from './pages/key-page';
import { UsagePage } from './pages/usage-page';
import { route } from './route';
import './styles.css';

adoptKeyFromHash();

function Page() {
  const current = route.value;
  if (current.page === 'job') return <JobPage jobId={current.jobId} />;
  if (current.page === 'approvals') return <ApprovalsPage />;
  if (current.page === 'usage') return <UsagePage />;
  return <JobsPage />;
}

function App() {
  const page = route.value.page === 'job' ? 'jobs' : route.value.page;
  return (
    <>
      <header>
        <strong>agent-runtime</strong>
        <nav>
          {(['jobs', 'approvals', 'usage'] as const).map((name) => (
            <a key={name} href={`#/${name}`} class={page === name ? 'current' : ''}>
              {name[0]?.toUpperCase() + name.slice(1)}
            </a>
          ))}
        </nav>
        {apiKey.value && (
          <button type="button" class="link" onClick={() => setApiKey(undefined)}>
            Forget key
          </button>
        )}
      </header>
      <main>{apiKey.value ? <Page /> : <KeyPage />}</main>
    </>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
