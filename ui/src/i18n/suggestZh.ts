/** 排版建议 (spread into zh.ts). */
export const suggestZh = {
  suggest: {
    button: '排版建议',
    title: '排版建议',
    hint: '按版面空白、领导排序、优先级、改动多少和字号调整打分，扣分少的在前。采用后和手工调整一样保存，可以撤销。',
    working: '正在计算能排下的方案……',
    none: '没有找到能排下的方案',
    option: '方案{{n}}',
    score: '扣分 {{score}}',
    apply: '采用此方案',
    applied: '已采用方案{{n}}',
    undo: '撤销',
    undone: '已恢复采用前的版面',
    searched: '评估了{{n}}种排法，用时{{ms}}毫秒',
    again: '重新计算',
    pageN: '第{{n}}版',
  },
};
