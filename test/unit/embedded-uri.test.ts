import { databaseNameOf, withDatabaseName } from '../../src/db/embedded';

describe('database URIs', () => {
  it('adds or replaces the database name and keeps the query string', () => {
    expect(withDatabaseName('mongodb://127.0.0.1:27017', 'events')).toBe('mongodb://127.0.0.1:27017/events');
    expect(withDatabaseName('mongodb://h:1/old', 'new')).toBe('mongodb://h:1/new');
    expect(withDatabaseName('mongodb://u:p@h1:1,h2:2/old?replicaSet=rs0', 'x')).toBe('mongodb://u:p@h1:1,h2:2/x?replicaSet=rs0');
  });

  it('reads the database name, if any', () => {
    expect(databaseNameOf('mongodb://h:1/events?w=majority')).toBe('events');
    expect(databaseNameOf('mongodb://h:1')).toBeUndefined();
    expect(databaseNameOf('mongodb://h:1/')).toBeUndefined();
  });
});
