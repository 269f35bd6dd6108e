import { describe, expect, it } from 'vitest';
import { findArxivIds, isBareNewId, parseArxivId } from '../../lib/arxiv/ids';
import { detectPage } from '../../lib/arxiv/pages';

describe('parseArxivId', () => {
  const cases: Array<[string, string, number | null]> = [
    ['2409.18869', '2409.18869', null],
    ['arXiv:2410.00531v2', '2410.00531', 2],
    ['ARXIV:2410.00531', '2410.00531', null],
    ['arxiv: 2410.00531v12', '2410.00531', 12],
    ['0704.0001', '0704.0001', null],
    ['1412.6980v9', '1412.6980', 9],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['HEP-TH/9901001v1', 'hep-th/9901001', 1],
    ['math.GT/0309136', 'math/0309136', null],
    ['cond-mat/0408502v3', 'cond-mat/0408502', 3],
    ['solv-int/9901001', 'solv-int/9901001', null],
    ['solv-int/9901001v2', 'solv-int/9901001', 2],
    ['math-ph/0301001', 'math-ph/0301001', null],
    ['https://arxiv.org/abs/2409.18869', '2409.18869', null],
    ['http://arxiv.org/abs/2409.18869v3', '2409.18869', 3],
    ['https://www.arxiv.org/abs/2409.18869/', '2409.18869', null],
    ['https://export.arxiv.org/abs/2409.18869?context=cs#abstract', '2409.18869', null],
    ['https://arxiv.org/pdf/2409.18869', '2409.18869', null],
    ['https://arxiv.org/pdf/2409.18869v2.pdf', '2409.18869', 2],
    ['https://arxiv.org/pdf/2409.18869.pdf', '2409.18869', null],
    ['https://arxiv.org/html/2407.16314v1/', '2407.16314', 1],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001', 2],
    ['https://arxiv.org/abs/math.GT/0309136', 'math/0309136', null],
    ['https://arxiv.org/abs?id=hep-th%2F9901001', 'hep-th/9901001', null],
    ['https://ar5iv.labs.arxiv.org/html/2409.18869', '2409.18869', null],
    ['https://ar5iv.org/abs/2409.18869', '2409.18869', null],
    ['https://huggingface.co/papers/2409.18869', '2409.18869', null],
    ['https://www.alphaxiv.org/abs/2410.01215v1', '2410.01215', 1],
    ['see (arXiv:2304.01974v1 [cs.CL]) for details', '2304.01974', 1],
  ];
  it.each(cases)('%s → %s v%s', (text, id, version) => {
    expect(parseArxivId(text)).toEqual({ id, version });
  });

  it.each([
    '',
    'hello world',
    'GPT-4 and Llama 2-70B',
    '3.1 GB of memory',
    '2023.12345', // month 23
    '1501.1234', // four digits after 2014
    '1412.12345', // five digits before 2015
    '12345.67890',
    'foo/9901001', // not an archive
    'hep-th/9913001', // month 13
    'https://example.com/page',
    'version 1.2.3',
  ])('gives nothing for %j', (text) => {
    expect(parseArxivId(text)).toBeNull();
  });

  it('never splits an archive name on "v"', () => {
    expect(parseArxivId('solv-int/9901001v3')).toEqual({ id: 'solv-int/9901001', version: 3 });
  });

  it('does not read an id out of a longer number', () => {
    expect(parseArxivId('12409.18869')).toBeNull();
    expect(parseArxivId('2409.188690')).toBeNull();
  });

  it('finds every distinct id in a text', () => {
    expect(findArxivIds('2409.18869 and hep-th/9901001v2, again 2409.18869v3')).toEqual([
      { id: '2409.18869', version: null },
      { id: 'hep-th/9901001', version: 2 },
    ]);
  });
});

describe('detectPage', () => {
  it.each([
    ['https://arxiv.org/abs/2409.18869', 'abstract', '2409.18869'],
    ['https://www.arxiv.org/abs/2409.18869v2/', 'abstract', '2409.18869'],
    ['https://export.arxiv.org/abs/hep-th/9901001', 'abstract', 'hep-th/9901001'],
    ['https://arxiv.org/abs?id=2409.18869', 'abstract', '2409.18869'],
    ['https://arxiv.org/html/2407.16314v1', 'html', '2407.16314'],
    ['https://arxiv.org/html/2407.16314v1/#S1', 'html', '2407.16314'],
    ['https://arxiv.org/pdf/2409.18869v1.pdf', 'pdf', '2409.18869'],
    ['https://arxiv.org/pdf/2409.18869', 'pdf', '2409.18869'],
  ])('%s is %s of %s', (url, kind, id) => {
    const page = detectPage(url);
    expect(page.kind).toBe(kind);
    expect(page.ref?.id).toBe(id);
  });

  it.each([
    ['https://arxiv.org/list/cs.CL/new', 'listing'],
    ['https://arxiv.org/list/hep-th/2024-09', 'listing'],
    ['https://arxiv.org/catchup/cs.CL/2024-10-01', 'listing'],
    ['https://arxiv.org/search/?query=llm&searchtype=all', 'search'],
    ['https://arxiv.org/search/advanced', 'search'],
    ['https://arxiv.org/', 'other'],
    ['https://arxiv.org/abs/', 'other'],
    ['https://huggingface.co/papers/2409.18869', 'other'],
    ['https://evil.example/abs/2409.18869', 'other'],
    ['not a url', 'other'],
  ])('%s is %s', (url, kind) => {
    expect(detectPage(url).kind).toBe(kind);
  });
});

describe('isBareNewId', () => {
  it('is true exactly for the bare new-style ids parseArxivId gives back unchanged', () => {
    for (const text of ['2409.18869', '0704.0001', '1412.9999', '1501.00001', '2409.1886', '2409.188690', '2413.18869', '0703.0001', '1501.0001', '1412.00001', '2409.18869v2', 'hep-th/9901001', ' 2409.18869', 'arXiv:2409.18869', '']) {
      expect(isBareNewId(text)).toBe(parseArxivId(text)?.id === text && !text.includes('/'));
    }
  });
});
