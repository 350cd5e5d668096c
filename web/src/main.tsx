import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { RouterProvider } from './router';
import { SessionProvider } from './session';
import { ShortcutsProvider } from './shortcuts';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <ShortcutsProvider>
          <App />
        </ShortcutsProvider>
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
