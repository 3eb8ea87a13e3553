import type { IndexLogEntry, QueryLogEntry } from '@orbita/platform';
import { filterShape } from '@orbita/platform';
import { isCovered, uncoveredQueries } from './query-coverage';

const query = (filter: unknown, sort: string[] = []) => ({ filter: filterShape(filter), sort });

describe('index coverage by MongoDB rules', () => {
  const tasks = [
    ['assigneeId', '_id'],
    ['createdBy', '_id'],
    ['orgPath', '_id'],
    ['outboxAt'],
    ['orgId', 'status'],
  ];

  it.each([
    [
      '_id equality, whatever else',
      { _id: 'x', $or: [{ participants: 'u' }, { orgPath: { $in: ['o'] } }] },
      [],
    ],
    ['equality on the first key', { assigneeId: 'u' }, ['_id']],
    ['$in on the first key', { assigneeId: { $in: ['u', 'v'] } }, []],
    ['a range on the first key', { outboxAt: { $lte: new Date() } }, ['outboxAt']],
    [
      'an $and whose part pins a first key',
      { $and: [{ assigneeId: 'u' }, { $or: [{ a: 1 }, { b: 2 }] }] },
      [],
    ],
    ['an $or whose every branch is served', { $or: [{ assigneeId: 'u' }, { createdBy: 'u' }] }, []],
    [
      'two $ors of which one has every branch served (the other filters)',
      {
        $and: [
          { $or: [{ title: { $gte: 'a', $lt: 'b' } }, { number: { $gte: 'a', $lt: 'b' } }] },
          { $or: [{ assigneeId: 'u' }, { createdBy: 'u' }] },
        ],
      },
      ['_id'],
    ],
    ['an empty filter walked in the order of an index', {}, ['outboxAt']],
  ])('serves %s', (_label, filter, sort) => {
    expect(isCovered(tasks, query(filter, sort))).toBe(true);
  });

  it.each([
    ['a field that is not the first key of any index', { title: 'x' }, []],
    ['the second key of an index alone', { status: 'open' }, []],
    ['$ne on a first key', { assigneeId: { $ne: 'u' } }, []],
    ['an $or with one branch no index serves', { $or: [{ assigneeId: 'u' }, { title: 'x' }] }, []],
    [
      'two $ors of which none has every branch served',
      {
        $and: [{ $or: [{ title: 'x' }, { assigneeId: 'u' }] }, { $or: [{ createdBy: 'u' }, { body: 'y' }] }],
      },
      [],
    ],
    ['an empty filter', {}, []],
  ])('does not serve %s', (_label, filter, sort) => {
    expect(isCovered(tasks, query(filter, sort))).toBe(false);
  });

  it('names every uncovered shape once, with where it was sent from and how often', () => {
    const index: IndexLogEntry = {
      kind: 'index',
      service: 'tasks',
      collection: 'tasks',
      keys: ['assigneeId', '_id'],
    };
    const sent = (place: string, filter: unknown): QueryLogEntry => ({
      kind: 'query',
      service: 'tasks',
      collection: 'tasks',
      method: 'find',
      filter: filterShape(filter),
      sort: [],
      place,
    });
    const uncovered = uncoveredQueries([
      index,
      sent('TaskRepository.listOwn', { assigneeId: 'u' }),
      sent('TaskRepository.byTitle', { title: 'a' }),
      sent('TaskRepository.byTitle', { title: 'b' }),
      sent('Reports.titles', { title: 'c' }),
    ]);
    expect(uncovered).toEqual([
      {
        service: 'tasks',
        collection: 'tasks',
        method: 'find',
        shape: '{title:eq}',
        places: ['TaskRepository.byTitle', 'Reports.titles'],
        count: 3,
      },
    ]);
  });
});
