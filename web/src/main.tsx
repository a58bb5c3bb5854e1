import { Route, Router } from '@solidjs/router';
import { render } from 'solid-js/web';
import { App, RequireUser } from './app.tsx';
import './i18n.ts';
import { DocumentPage, preloadDocument } from './routes/document.tsx';
import { DocumentsPage, preloadDocuments } from './routes/documents.tsx';
import { LoginPage } from './routes/login.tsx';
import { NotFound } from './routes/not-found.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

render(
  () => (
    <Router root={App}>
      <Route path="/login" component={LoginPage} />
      <Route path="/" component={RequireUser}>
        <Route path="/" component={DocumentsPage} preload={preloadDocuments} />
        <Route path="/documents/:id" component={DocumentPage} preload={preloadDocument} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  root,
);
