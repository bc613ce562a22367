import { render } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { App } from './App';
import { AuthProvider } from './auth';
import './styles.css';

/** Last line of defence: a message instead of a blank page. */
function ErrorBoundary({ children }: { children: ComponentChildren }) {
  const [error] = useErrorBoundary((err) => console.error(err));
  if (error) {
    return (
      <div class="splash" role="alert">
        <div>
          <h1>Something went wrong</h1>
          <p>The page hit an unexpected error. Reloading usually helps.</p>
          <button type="button" class="button button--primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

render(
  <ErrorBoundary>
    <AuthProvider>
      <App />
    </AuthProvider>
  </ErrorBoundary>,
  document.getElementById('app')!,
);
