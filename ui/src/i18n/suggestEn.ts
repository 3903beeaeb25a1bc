import type { suggestZh } from './suggestZh';

/** Layout suggestions (spread into en.ts). */
export const suggestEn: typeof suggestZh = {
  suggest: {
    button: 'Suggest layouts',
    title: 'Layout suggestions',
    hint: 'Scored by empty space, the rank of officials, priority, how much changes and type-scale changes; fewest points first. Applying one saves it like any edit, and it can be undone.',
    working: 'Looking for plans that fit…',
    none: 'No plan that fits was found',
    option: 'Plan {{n}}',
    score: '{{score}} points',
    apply: 'Use this plan',
    applied: 'Plan {{n}} applied',
    undo: 'Undo',
    undone: 'The plan before is back',
    searched: '{{n}} plans scored in {{ms}} ms',
    again: 'Search again',
    pageN: 'Page {{n}}',
  },
};
