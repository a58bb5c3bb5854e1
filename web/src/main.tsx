import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { render } from 'solid-js/web';
// The base sheet first: the editor's sheet (editor/editor.css, imported by its route) follows it.
import './styles.css';
import { App, RequireUser } from './app.tsx';
import './i18n.ts';
import { DocumentPage, preloadBehindSignIn, preloadDocument } from './routes/document.tsx';
import { DocumentsPage, preloadDocuments } from './routes/documents.tsx';
import { LoginPage } from './routes/login.tsx';
import { NotFound } from './routes/not-found.tsx';

// Research, entity and legal pages load on first visit (their own chunks, charts included).
const SearchPage = lazy(() => import('./routes/search.tsx').then((m) => ({ default: m.SearchPage })));
const ResearchPage = lazy(() => import('./routes/research.tsx').then((m) => ({ default: m.ResearchPage })));
const EntitiesPage = lazy(() => import('./routes/entities.tsx').then((m) => ({ default: m.EntitiesPage })));
const EntityPage = lazy(() => import('./routes/entity.tsx').then((m) => ({ default: m.EntityPage })));
const VerifyPage = lazy(() => import('./routes/verify.tsx').then((m) => ({ default: m.VerifyPage })));
const CertifyPage = lazy(() => import('./routes/certify.tsx').then((m) => ({ default: m.CertifyPage })));
const CustodyPage = lazy(() => import('./routes/custody.tsx').then((m) => ({ default: m.CustodyPage })));
const AccessPage = lazy(() => import('./routes/access.tsx').then((m) => ({ default: m.AccessPage })));
const ReviewQueuePage = lazy(() => import('./routes/review-queue.tsx').then((m) => ({ default: m.ReviewQueuePage })));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

render(
  () => (
    <Router root={App}>
      <Route path="/login" component={LoginPage} />
      {/* Public: anyone holding a certified PDF may check it, without an account. */}
      <Route path="/verify/:sha256?" component={VerifyPage} />
      <Route path="/" component={RequireUser} preload={preloadBehindSignIn}>
        <Route path="/" component={DocumentsPage} preload={preloadDocuments} />
        <Route path="/documents/:id" component={DocumentPage} preload={preloadDocument} />
        <Route path="/search" component={SearchPage} />
        <Route path="/research" component={ResearchPage} />
        <Route path="/entities" component={EntitiesPage} />
        <Route path="/entities/:id" component={EntityPage} />
        <Route path="/review" component={ReviewQueuePage} />
        <Route path="/access" component={AccessPage} />
        <Route path="/documents/:id/certify" component={CertifyPage} />
        <Route path="/documents/:id/custody" component={CustodyPage} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  root,
);
