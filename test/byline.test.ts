import { describe, expect, it } from 'vitest';
import {
  type Byline,
  bylineText,
  emptyByline,
  isCreditLine,
  takeLeadByline,
  takePhotoCredit,
  takeTrailingByline,
} from '../src/ingest/byline.js';

describe('bylines are metadata, not text', () => {
  it.each([
    ['（记者 王金勇 通讯员 王宪领） 今年以来', ['王金勇'], ['王宪领'], '今年以来'],
    ['（记者 王金勇 通讯员 尚丰军 胡长远） 今年以来', ['王金勇'], ['尚丰军', '胡长远'], '今年以来'],
    ['(记者付凯明)4月29日下午', ['付凯明'], [], '4月29日下午'],
    ['（记者 王金勇 ） 3 月 19 日一大早', ['王金勇'], [], '3 月 19 日一大早'],
  ])('lead %s', (text, reporters, correspondents, rest) => {
    const r = takeLeadByline(text);
    expect(r.byline?.reporters).toEqual(reporters);
    expect(r.byline?.correspondents).toEqual(correspondents);
    expect(r.rest).toBe(rest);
  });

  it('leaves a parenthesis that is not a byline', () => {
    expect(takeLeadByline('（镇、 办） 落实属地责任').byline).toBeUndefined();
  });

  it.each([
    ['等 4个文件。 （姜 森）', ['姜森']],
    ['做到一户一人一岗。 （牛永飞 安玲玲）', ['牛永飞', '安玲玲']],
    ['递交了入党申请书。\n（王恒）', ['王恒']],
  ])('trailing %s', (text, authors) => {
    const r = takeTrailingByline(text);
    expect(r.byline?.authors).toEqual(authors);
    expect(r.rest).not.toMatch(/[（(]/u);
  });

  it('keeps a trailing parenthetical that is an aside', () => {
    expect(takeTrailingByline('标准完成整改（断水、断电，清除原料、清除产品、清除设备）').byline).toBeUndefined();
  });

  it.each([
    ['图为 6 月 20 日，雪汇食品公司正在开足马力生产。 本报记者 王金勇 通讯员 刘涛 摄', ['王金勇', '刘涛']],
    ['与濮范高速互通立交项目。 边艺洲 摄', ['边艺洲']],
    ['图为大会现场。 刘涛 边艺洲 摄', ['刘涛', '边艺洲']],
  ])('photo credit %s', (text, photographers) => {
    const r = takePhotoCredit(text);
    expect(r.byline?.photographers).toEqual(photographers);
    expect(r.rest.endsWith('。')).toBe(true);
  });

  it('recognises credit lines standing alone', () => {
    expect(isCreditLine('本报记者 郭树勋')).toBe('feature');
    expect(isCreditLine('本报记者 王金勇 通讯员 刘涛 摄')).toBe('photo');
    expect(isCreditLine('开发区召开复工复产工作推进会')).toBe(false);
  });
});

describe('the byline as printed', () => {
  const b = (p: Partial<Byline>): Byline => ({ ...emptyByline(), ...p });
  it.each([
    [b({ reporters: ['王金勇'], photographers: ['王金勇'] }), '记者 王金勇 文/图'],
    [b({ reporters: ['王金勇'], correspondents: ['尚丰军'] }), '记者 王金勇　通讯员 尚丰军'],
    [b({ authors: ['牛永飞', '安玲玲'] }), '牛永飞　安玲玲'],
    [b({ reporters: ['王金勇'], photographers: ['王金勇', '刘涛'] }), '记者 王金勇 文/图　刘涛 摄'],
    [b({}), ''],
  ])('%j → %s', (byline, text) => {
    expect(bylineText(byline)).toBe(text);
  });
});
