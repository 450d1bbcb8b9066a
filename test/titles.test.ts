import { describe, expect, it } from 'vitest';
import { derivedTitle } from '../src/ingest/titles.js';

// First sentences of the sample pages' untitled items, and made-up ones that stress the cut.
describe('derivedTitle: the first sentence, cut at a clause, never inside a quotation or bracket', () => {
  it.each([
    // a whole sentence within the limit: as it stands, without its full stop
    [
      '今年以来，开发区着力优化发展环境，确保辖区企业生产经营平稳运行。图为6月20日。',
      '今年以来，开发区着力优化发展环境，确保辖区企业生产经营平稳运行',
    ],
    // a question inside a quotation ends the sentence with its closing mark
    ['“今天的‘学习强国’你学完了吗？”“我还没学完呢，回家再学……”6月19日，', '“今天的‘学习强国’你学完了吗？”'],
    // too long: cut at the last clause mark within the limit
    [
      '近年来，我市积极推进审批系统和其他部门业务系统对接，通过线上线下高度融合，强力推动政务数据共享。',
      '近年来，我市积极推进审批系统和其他部门业务系统对接，通过线上线下高度融合…',
    ],
    // half-width marks count as clause marks too
    [
      '昨日,厦工机械(焦作)有限公司生产车间内的焊接机械手正在作业,为了提高生产效率,该公司加大智能化改造力度。',
      '昨日,厦工机械(焦作)有限公司生产车间内的焊接机械手正在作业,为了提高生产效率…',
    ],
    // a long quotation opening the sentence: cut inside, the marks closed
    [
      '“越是脱贫工作进入‘啃硬骨头、攻坚拔寨’的冲刺阶段，纪检监察干部越要在精准扶贫、精准脱贫上开展精准监督。”7月1日，',
      '“越是脱贫工作进入‘啃硬骨头、攻坚拔寨’的冲刺阶段，纪检监察干部越要在精准扶贫…”',
    ],
  ])('%s', (text, title) => {
    expect(derivedTitle(text)).toBe(title);
  });

  it('does not cut at a clause mark inside a bracket or quotation', () => {
    expect(
      derivedTitle(
        '会议审议通过了《工作要点，讨论稿，第二稿，第三稿，修改稿》等四个文件，并对下一步工作作出安排部署。',
      ),
    ).toBe('会议审议通过了《工作要点，讨论稿，第二稿，第三稿，修改稿》等四个文件…');
  });

  it('never leaves a mark open, whatever the text', () => {
    const texts = [
      '《中共濮阳经济技术开发区工委营商环境建设委员会2020年工作要点（讨论稿）》等4个文件已审议通过并印发实施。',
      '他说：“这是第一句。这是第二句，话还没说完',
    ];
    for (const t of texts) {
      const title = derivedTitle(t);
      for (const [o, c] of ['“”', '《》', '（）']) expect(title.split(o!).length).toBe(title.split(c!).length);
    }
  });
});
