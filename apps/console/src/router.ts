import { useEffect, useState } from 'preact/hooks';

/** The path in the location's hash (`#/messages/42` → `messages/42`): routes never reach the server. */
export function currentPath(): string {
  return decodeURI(location.hash.replace(/^#\/?/, '')).replace(/\/+$/, '');
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const follow = () => setPath(currentPath());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return path;
}

/** The href of a console path, for links. */
export function href(path: string): string {
  return `#/${path}`;
}

export function navigate(path: string): void {
  location.hash = `/${path}`;
}

export { matchPath } from './route-match';
