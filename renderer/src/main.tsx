// Renderer entry: mounts the app. The page has no access to Node or Electron, only to the
// `window.breakglass` object the preload exposes.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element: the renderer build is broken.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
