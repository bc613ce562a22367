import { render } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { App } from './App';
import { AuthProvider } from './auth';
import { LanguageProvider } from './components/LanguageProvider';
import { t } from './i18n';
// Thin clients and tablets may have no CJK font and the network no font CDN.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';

/** Last line of defence: a message instead of a blank page. */
function ErrorBoundary({ children }: { children: ComponentChildren }) {
  const [error] = useErrorBoundary((err) => console.error(err));
  if (error) {
    return (
      <div class="splash" role="alert">
        <div>
          <h1>{t('common:crash.title')}</h1>
          <p>{t('common:crash.body')}</p>
          <button type="button" class="button button--primary" onClick={() => window.location.reload()}>
            {t('common:crash.reload')}
          </button>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

render(
  <ErrorBoundary>
    <LanguageProvider>
      <AuthProvider>
        <App />
      </AuthProvider>
    </LanguageProvider>
  </ErrorBoundary>,
  document.getElementById('app')!,
);
