import { matchPath } from './route-match';

describe(matchPath.name, () => {
  it('matches literal segments and names the parameters', () => {
    expect(matchPath('inbox', 'inbox')).toEqual({});
    expect(matchPath('messages/:id', 'messages/5f0e')).toEqual({ id: '5f0e' });
  });

  it('refuses other paths, other lengths and empty parameters', () => {
    expect(matchPath('inbox', 'publish')).toBeNull();
    expect(matchPath('messages/:id', 'messages')).toBeNull();
    expect(matchPath('messages/:id', 'messages/5f0e/extra')).toBeNull();
    expect(matchPath('messages/:id', 'messages/')).toBeNull();
  });
});
